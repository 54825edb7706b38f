//! The real NTLM package through the SSPI exports, called from Rust as a
//! C caller would: explicit UTF-16 identities on both sides (the acceptor
//! accepts its credential's own user), a full handshake with Windows'
//! statuses, message protection both ways, attributes, and a wrong
//! password.
use std::ffi::c_void;
use std::ptr::{null, null_mut};

use sspi::abi::sspi::attributes::*;
use sspi::abi::sspi::context::*;
use sspi::abi::sspi::credentials::*;
use sspi::abi::sspi::messages::*;
use sspi::abi::sspi::packages::*;
use sspi::abi::sspi::types::*;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

fn acquire(usage: u32, user: &str, password: &str) -> SecHandle {
    let (mut u, mut d, mut p) = (wide(user), wide("EXAMPLE"), wide(password));
    let mut id = SEC_WINNT_AUTH_IDENTITY_W {
        User: u.as_mut_ptr(),
        UserLength: (u.len() - 1) as u32,
        Domain: d.as_mut_ptr(),
        DomainLength: (d.len() - 1) as u32,
        Password: p.as_mut_ptr(),
        PasswordLength: (p.len() - 1) as u32,
        Flags: SEC_WINNT_AUTH_IDENTITY_UNICODE,
    };
    let mut h = SecHandle::default();
    // SAFETY: live locals, NUL-terminated package name.
    let s = unsafe {
        AcquireCredentialsHandleW(
            null(),
            wide("NTLM").as_ptr(),
            usage,
            null_mut(),
            &mut id as *mut _ as *mut c_void,
            None,
            null_mut(),
            &mut h,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_OK, "AcquireCredentialsHandleW");
    h
}

fn tok(buf: &mut [u8], len: usize) -> SecBuffer {
    SecBuffer {
        cbBuffer: len as u32,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: buf.as_mut_ptr() as *mut c_void,
    }
}

fn desc(b: &mut SecBuffer) -> SecBufferDesc {
    SecBufferDesc {
        ulVersion: SECBUFFER_VERSION,
        cBuffers: 1,
        pBuffers: b,
    }
}

/// Runs ISC/ASC to the end; returns the statuses seen and both contexts.
fn handshake(cc: &mut SecHandle, sc: &mut SecHandle) -> (Vec<i32>, SecHandle, SecHandle, u32) {
    let req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_CONNECTION;
    let (mut cctx, mut sctx) = (SecHandle::default(), SecHandle::default());
    let mut seen = Vec::new();
    let mut a = vec![0u8; 4096];
    let mut b = vec![0u8; 4096];
    let mut len = 0usize;
    let mut attrs = 0;
    let mut cattrs = 0;
    for round in 0..3 {
        // Client.
        if round < 2 {
            let mut ib = tok(&mut a, len);
            let mut id = desc(&mut ib);
            let mut ob = tok(&mut b, 4096);
            let mut od = desc(&mut ob);
            let first = round == 0;
            // SAFETY: live locals.
            let s = unsafe {
                InitializeSecurityContextW(
                    cc,
                    if first { null_mut() } else { &mut cctx },
                    wide("HTTP/server.example.com").as_ptr(),
                    req,
                    0,
                    SECURITY_NATIVE_DREP,
                    if first { null_mut() } else { &mut id },
                    0,
                    &mut cctx,
                    &mut od,
                    &mut cattrs,
                    null_mut(),
                )
            };
            seen.push(s);
            if s < 0 {
                return (seen, cctx, sctx, cattrs);
            }
            len = ob.cbBuffer as usize;
            std::mem::swap(&mut a, &mut b);
        }
        if round == 2 {
            break;
        }
        // Server.
        let mut ib = tok(&mut a, len);
        let mut id = desc(&mut ib);
        let mut ob = tok(&mut b, 4096);
        let mut od = desc(&mut ob);
        let first = round == 0;
        // SAFETY: live locals.
        let s = unsafe {
            AcceptSecurityContext(
                sc,
                if first { null_mut() } else { &mut sctx },
                &mut id,
                ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY | ASC_REQ_CONNECTION,
                SECURITY_NATIVE_DREP,
                &mut sctx,
                &mut od,
                &mut attrs,
                null_mut(),
            )
        };
        seen.push(s);
        if s < 0 {
            return (seen, cctx, sctx, cattrs);
        }
        len = ob.cbBuffer as usize;
        if s == SEC_E_OK {
            assert_eq!(len, 0, "final ASC token is empty");
        }
        std::mem::swap(&mut a, &mut b);
    }
    (seen, cctx, sctx, cattrs)
}

#[test]
fn ntlm_handshake_and_messages_through_sspi() {
    let mut cc = acquire(SECPKG_CRED_OUTBOUND, "alice", "Passw0rd!");
    let mut sc = acquire(SECPKG_CRED_INBOUND, "alice", "Passw0rd!");
    let (seen, mut cctx, mut sctx, cattrs) = handshake(&mut cc, &mut sc);
    assert_eq!(
        seen,
        [
            SEC_I_CONTINUE_NEEDED,
            SEC_I_CONTINUE_NEEDED,
            SEC_E_OK,
            SEC_E_OK
        ],
        "ISC, ASC, ISC, ASC"
    );
    assert_ne!(cattrs & ISC_RET_CONFIDENTIALITY, 0);
    assert_ne!(cattrs & ISC_RET_INTEGRITY, 0);

    let mut sizes = SecPkgContext_Sizes::default();
    // SAFETY: live locals.
    let s = unsafe {
        QueryContextAttributesW(
            &mut cctx,
            SECPKG_ATTR_SIZES,
            &mut sizes as *mut _ as *mut c_void,
        )
    };
    assert_eq!(s, SEC_E_OK);
    assert!(sizes.cbSecurityTrailer >= 16 && sizes.cbMaxSignature >= 16);

    let mut names = SecPkgContext_NamesA {
        sUserName: null_mut(),
    };
    // SAFETY: live locals.
    let s = unsafe {
        QueryContextAttributesA(
            &mut sctx,
            SECPKG_ATTR_NAMES,
            &mut names as *mut _ as *mut c_void,
        )
    };
    assert_eq!(s, SEC_E_OK);
    // SAFETY: library-allocated NUL-terminated string.
    let who = unsafe { std::ffi::CStr::from_ptr(names.sUserName) }
        .to_str()
        .unwrap()
        .to_string();
    assert!(who.to_lowercase().contains("alice"), "{who}");
    // SAFETY: allocated by the library.
    unsafe { FreeContextBuffer(names.sUserName as *mut c_void) };

    // Seal both ways, then sign/verify.
    for (from, to) in [
        (&mut cctx as *mut _, &mut sctx as *mut _),
        (&mut sctx as *mut _, &mut cctx as *mut _),
    ] {
        for qop in [0, SECQOP_WRAP_NO_ENCRYPT] {
            let plain = b"The quick brown fox".to_vec();
            let mut data = plain.clone();
            let mut trailer = vec![0u8; sizes.cbSecurityTrailer as usize];
            let mut bufs = [
                SecBuffer {
                    cbBuffer: trailer.len() as u32,
                    BufferType: SECBUFFER_TOKEN,
                    pvBuffer: trailer.as_mut_ptr() as *mut c_void,
                },
                SecBuffer {
                    cbBuffer: data.len() as u32,
                    BufferType: SECBUFFER_DATA,
                    pvBuffer: data.as_mut_ptr() as *mut c_void,
                },
            ];
            let mut d = SecBufferDesc {
                ulVersion: SECBUFFER_VERSION,
                cBuffers: 2,
                pBuffers: bufs.as_mut_ptr(),
            };
            let mut q = 12345;
            // SAFETY: live locals; `from`/`to` point at the handles above.
            unsafe {
                assert_eq!(EncryptMessage(from, qop, &mut d, 0), SEC_E_OK);
                assert_eq!(DecryptMessage(to, &mut d, 0, &mut q), SEC_E_OK);
            }
            assert_eq!(data, plain);
            assert_eq!(q, if qop == 0 { 0 } else { SECQOP_WRAP_NO_ENCRYPT });
        }
        let mut data = b"signed only".to_vec();
        let mut sig = vec![0u8; sizes.cbMaxSignature as usize];
        let mut bufs = [
            SecBuffer {
                cbBuffer: data.len() as u32,
                BufferType: SECBUFFER_DATA,
                pvBuffer: data.as_mut_ptr() as *mut c_void,
            },
            SecBuffer {
                cbBuffer: sig.len() as u32,
                BufferType: SECBUFFER_TOKEN,
                pvBuffer: sig.as_mut_ptr() as *mut c_void,
            },
        ];
        let mut d = SecBufferDesc {
            ulVersion: SECBUFFER_VERSION,
            cBuffers: 2,
            pBuffers: bufs.as_mut_ptr(),
        };
        // SAFETY: live locals.
        unsafe {
            assert_eq!(MakeSignature(from, 0, &mut d, 0), SEC_E_OK);
            assert_eq!(VerifySignature(to, &mut d, 0, null_mut()), SEC_E_OK);
            *(bufs[0].pvBuffer as *mut u8) ^= 1;
            assert_ne!(VerifySignature(to, &mut d, 0, null_mut()), SEC_E_OK);
        }
    }

    // SAFETY: live handles.
    unsafe {
        assert_eq!(DeleteSecurityContext(&mut cctx), SEC_E_OK);
        assert_eq!(DeleteSecurityContext(&mut sctx), SEC_E_OK);
        assert_eq!(FreeCredentialsHandle(&mut cc), SEC_E_OK);
        assert_eq!(FreeCredentialsHandle(&mut sc), SEC_E_OK);
    }
}

#[test]
fn ntlm_wrong_password_is_logon_denied() {
    let mut cc = acquire(SECPKG_CRED_OUTBOUND, "alice", "wrong");
    let mut sc = acquire(SECPKG_CRED_INBOUND, "alice", "Passw0rd!");
    let (seen, mut cctx, mut sctx, _) = handshake(&mut cc, &mut sc);
    assert_eq!(seen.last(), Some(&SEC_E_LOGON_DENIED), "{seen:x?}");
    // SAFETY: live handles.
    unsafe {
        DeleteSecurityContext(&mut cctx);
        DeleteSecurityContext(&mut sctx);
        FreeCredentialsHandle(&mut cc);
        FreeCredentialsHandle(&mut sc);
    }

    let mut n = 0;
    let mut p: *mut SecPkgInfoW = null_mut();
    // SAFETY: live locals.
    unsafe {
        assert_eq!(
            QuerySecurityPackageInfoW(wide("ntlm").as_ptr(), &mut p),
            SEC_E_OK
        );
        assert_eq!((*p).cbMaxToken, 2888);
        FreeContextBuffer(p as *mut c_void);
        assert_eq!(EnumerateSecurityPackagesW(&mut n, &mut p), SEC_E_OK);
        FreeContextBuffer(p as *mut c_void);
    }
    assert!(n >= 1);
}
