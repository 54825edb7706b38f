//! The SSPI face exercised through its extern "C" functions, with a
//! test-only loopback package whose tokens are trivial ("HELLO",
//! "CHALLENGE", "AUTHENTICATE") and whose message protection is a XOR and
//! a byte sum. Tests share the global handle tables, so they run one at a
//! time under `LOCK`.
use std::ffi::c_void;
use std::ptr::{null, null_mut};

use parking_lot::Mutex;

use super::attributes::*;
use super::context::*;
use super::credentials::*;
use super::messages::*;
use super::packages::*;
use super::table::*;
use super::types::*;
use super::unsupported::*;
use crate::core::handles::{CONTEXTS, CREDENTIALS};
use crate::core::time::FILETIME_NEVER;

static LOCK: Mutex<()> = Mutex::new(());

pub mod mock {
    use std::any::Any;
    use std::sync::Arc;

    use zeroize::Zeroizing;

    use crate::core::context::{SecurityContext, Sizes, StepInput, StepOutput};
    use crate::core::credential::{CredRequest, Credential, PackageCredential};
    use crate::core::flags::Flags;
    use crate::core::iov::{self, IoBuf, IoKind};
    use crate::core::{Error, Result};
    use crate::packages::{Package, PackageInfo};

    pub struct Loopback;
    pub static LOOPBACK: Loopback = Loopback;
    pub static INFO: PackageInfo = PackageInfo {
        name: "Loopback",
        comment: "Test-only loopback package",
        capabilities: 0x3,
        version: 1,
        rpc_id: 0xFFFF,
        max_token: 64,
        oids: &[],
    };

    pub fn find(name: &str) -> Option<&'static dyn Package> {
        name.eq_ignore_ascii_case("Loopback")
            .then_some(&LOOPBACK as &dyn Package)
    }

    pub struct Cred {
        pub req: CredRequest,
    }
    impl PackageCredential for Cred {
        fn name(&self) -> String {
            match &self.req.identity {
                Some(i) => format!("{}\\{}", i.domain, i.user),
                None => "DOM\\user".into(),
            }
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    struct Ctx {
        initiator: bool,
        state: u8,
        target: Option<String>,
    }

    const SIG: usize = 16;

    fn checksum(iov: &[IoBuf<'_>], seq: u32, conf: bool) -> [u8; SIG] {
        let mut sum = 0u32;
        iov::for_each_signed(iov, |d| {
            for &b in d {
                sum = sum.wrapping_add(b as u32);
            }
        });
        let mut s = [0u8; SIG];
        s[..4].copy_from_slice(&seq.to_le_bytes());
        s[4..8].copy_from_slice(&sum.to_le_bytes());
        s[15] = conf as u8;
        s
    }

    fn xor(iov: &mut [IoBuf<'_>]) {
        for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
            for x in b.buf.iter_mut() {
                *x ^= 0x5A;
            }
        }
    }

    fn put_sig(iov: &mut [IoBuf<'_>], sig: [u8; SIG]) -> Result<()> {
        let h = iov::find(iov, IoKind::Header).ok_or(Error::InvalidToken("no header".into()))?;
        if h.buf.len() < SIG {
            return Err(Error::BufferTooSmall);
        }
        h.buf[..SIG].copy_from_slice(&sig);
        h.len = SIG;
        Ok(())
    }

    fn get_sig(iov: &mut [IoBuf<'_>]) -> Result<[u8; SIG]> {
        let h = iov::find(iov, IoKind::Header).ok_or(Error::InvalidToken("no header".into()))?;
        h.data()
            .try_into()
            .map_err(|_| Error::InvalidToken("signature length".into()))
    }

    impl SecurityContext for Ctx {
        fn package(&self) -> &'static PackageInfo {
            &INFO
        }
        fn step(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
            if input
                .bindings
                .is_some_and(|b| b.application_data == b"mismatch")
            {
                return Err(Error::BadBindings);
            }
            let (expect, reply, done): (&[u8], &[u8], bool) = match (self.initiator, self.state) {
                (true, 0) => (b"", b"HELLO", false),
                (true, 1) => (b"CHALLENGE", b"AUTHENTICATE", true),
                (false, 0) => (b"HELLO", b"CHALLENGE", false),
                (false, 1) => (b"AUTHENTICATE", b"", true),
                _ => return Err(Error::OutOfSequence),
            };
            if !(self.initiator && self.state == 0) && input.token != expect {
                return Err(Error::InvalidToken("unexpected token".into()));
            }
            self.state += 1;
            Ok(StepOutput {
                token: reply.to_vec(),
                complete: done,
            })
        }
        fn is_complete(&self) -> bool {
            self.state == 2
        }
        fn is_initiator(&self) -> bool {
            self.initiator
        }
        fn flags(&self) -> Flags {
            Flags::INTEGRITY | Flags::CONFIDENTIALITY | Flags::CONNECTION
        }
        fn sizes(&self) -> Sizes {
            Sizes {
                max_token: 64,
                max_signature: SIG as u32,
                block_size: 0,
                security_trailer: SIG as u32,
            }
        }
        fn client_name(&self) -> Option<String> {
            self.is_complete().then(|| "DOM\\user".into())
        }
        fn server_name(&self) -> Option<String> {
            self.target.clone().or(Some("HTTP/host".into()))
        }
        fn session_key(&self) -> Result<Zeroizing<Vec<u8>>> {
            Ok(Zeroizing::new(vec![0x11; 16]))
        }
        fn sign(&mut self, iov: &mut [IoBuf<'_>], seq: u32) -> Result<()> {
            let s = checksum(iov, seq, false);
            put_sig(iov, s)
        }
        fn verify(&mut self, iov: &mut [IoBuf<'_>], seq: u32) -> Result<()> {
            let got = get_sig(iov)?;
            if got != checksum(iov, seq, got[15] != 0) {
                return Err(Error::MessageAltered);
            }
            Ok(())
        }
        fn wrap(&mut self, iov: &mut [IoBuf<'_>], conf: bool, seq: u32) -> Result<bool> {
            let s = checksum(iov, seq, conf);
            put_sig(iov, s)?;
            if conf {
                xor(iov);
            }
            Ok(conf)
        }
        fn unwrap(&mut self, iov: &mut [IoBuf<'_>], seq: u32) -> Result<bool> {
            let got = get_sig(iov)?;
            let conf = got[15] != 0;
            if conf {
                xor(iov);
            }
            if got != checksum(iov, seq, conf) {
                return Err(Error::MessageAltered);
            }
            Ok(conf)
        }
    }

    impl Package for Loopback {
        fn info(&self) -> &'static PackageInfo {
            &INFO
        }
        fn acquire(&self, req: &CredRequest) -> Result<Box<dyn PackageCredential>> {
            Ok(Box::new(Cred { req: req.clone() }))
        }
        fn initiator(
            &self,
            _cred: Arc<Credential>,
            target: Option<&str>,
            _req: Flags,
        ) -> Result<Box<dyn SecurityContext>> {
            Ok(Box::new(Ctx {
                initiator: true,
                state: 0,
                target: target.map(str::to_string),
            }))
        }
        fn acceptor(
            &self,
            _cred: Arc<Credential>,
            _req: Flags,
        ) -> Result<Box<dyn SecurityContext>> {
            Ok(Box::new(Ctx {
                initiator: false,
                state: 0,
                target: None,
            }))
        }
    }
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

fn acquire(usage: u32) -> SecHandle {
    let pkg = wide("loopback");
    let mut h = SecHandle::default();
    let mut exp = 0;
    // SAFETY: valid NUL-terminated strings and writable outputs.
    let s = unsafe {
        AcquireCredentialsHandleW(
            null(),
            pkg.as_ptr(),
            usage,
            null_mut(),
            null_mut(),
            None,
            null_mut(),
            &mut h,
            &mut exp,
        )
    };
    assert_eq!(s, SEC_E_OK);
    assert_eq!(exp, FILETIME_NEVER);
    h
}

fn token_buf(buf: &mut [u8]) -> SecBuffer {
    SecBuffer {
        cbBuffer: buf.len() as u32,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: buf.as_mut_ptr() as *mut c_void,
    }
}

fn desc(bufs: &mut [SecBuffer]) -> SecBufferDesc {
    SecBufferDesc {
        ulVersion: SECBUFFER_VERSION,
        cBuffers: bufs.len() as u32,
        pBuffers: bufs.as_mut_ptr(),
    }
}

/// # Safety
/// `b` describes readable memory.
unsafe fn bytes_of(b: &SecBuffer) -> Vec<u8> {
    if b.cbBuffer == 0 {
        return Vec::new();
    }
    // SAFETY: per the caller.
    unsafe { std::slice::from_raw_parts(b.pvBuffer as *const u8, b.cbBuffer as usize) }.to_vec()
}

/// # Safety
/// `p` is a NUL-terminated UTF-16 string.
unsafe fn read_wide(p: *const u16) -> String {
    // SAFETY: per the caller.
    unsafe { super::strings::wide_z(p) }.unwrap().unwrap()
}

/// ISC (client, caller buffer) + ASC (server, caller buffer) to completion.
fn handshake() -> (SecHandle, SecHandle, SecHandle, SecHandle) {
    let mut cc = acquire(SECPKG_CRED_OUTBOUND);
    let mut sc = acquire(SECPKG_CRED_INBOUND);
    let (mut cctx, mut sctx) = (SecHandle::default(), SecHandle::default());
    let mut tok = Vec::new();
    let mut attrs = 0;
    for round in 0..2 {
        let mut ob = [0u8; 64];
        let mut out = [token_buf(&mut ob)];
        let mut od = desc(&mut out);
        let mut ib = tok.clone();
        let mut inb = [token_buf(&mut ib)];
        let mut id = desc(&mut inb);
        let pctx: *mut SecHandle = if round == 0 { null_mut() } else { &mut cctx };
        // SAFETY: all pointers are live locals.
        let s = unsafe {
            InitializeSecurityContextW(
                &mut cc,
                pctx,
                wide("HTTP/host").as_ptr(),
                ISC_REQ_CONFIDENTIALITY | ISC_REQ_CONNECTION,
                0,
                SECURITY_NATIVE_DREP,
                if round == 0 { null_mut() } else { &mut id },
                0,
                &mut cctx,
                &mut od,
                &mut attrs,
                null_mut(),
            )
        };
        assert_eq!(s, [SEC_I_CONTINUE_NEEDED, SEC_E_OK][round]);
        // SAFETY: out[0] points at `ob`.
        tok = unsafe { bytes_of(&out[0]) };
        let mut ob = [0u8; 64];
        let mut out = [token_buf(&mut ob)];
        let mut od = desc(&mut out);
        let mut ib = tok.clone();
        let mut inb = [token_buf(&mut ib)];
        let mut id = desc(&mut inb);
        let pctx: *mut SecHandle = if round == 0 { null_mut() } else { &mut sctx };
        // SAFETY: all pointers are live locals.
        let s = unsafe {
            AcceptSecurityContext(
                &mut sc,
                pctx,
                &mut id,
                0,
                SECURITY_NATIVE_DREP,
                &mut sctx,
                &mut od,
                &mut attrs,
                null_mut(),
            )
        };
        assert_eq!(s, [SEC_I_CONTINUE_NEEDED, SEC_E_OK][round]);
        // SAFETY: out[0] points at `ob`.
        tok = unsafe { bytes_of(&out[0]) };
    }
    assert!(tok.is_empty(), "final ASC token is empty");
    (cc, sc, cctx, sctx)
}

fn cleanup(hs: (SecHandle, SecHandle, SecHandle, SecHandle)) {
    let (mut cc, mut sc, mut cctx, mut sctx) = hs;
    // SAFETY: live handles.
    unsafe {
        assert_eq!(DeleteSecurityContext(&mut cctx), SEC_E_OK);
        assert_eq!(DeleteSecurityContext(&mut sctx), SEC_E_OK);
        assert_eq!(FreeCredentialsHandle(&mut cc), SEC_E_OK);
        assert_eq!(FreeCredentialsHandle(&mut sc), SEC_E_OK);
    }
}

#[test]
fn handshake_with_allocated_and_caller_buffers() {
    let _g = LOCK.lock();
    let (ctx0, cred0) = (CONTEXTS.live(), CREDENTIALS.live());
    let mut cc = acquire(SECPKG_CRED_OUTBOUND);
    let mut sc = acquire(SECPKG_CRED_INBOUND);
    let mut cctx = SecHandle::default();
    let mut sctx = SecHandle::default();
    let (mut attrs, mut exp) = (0u32, 0i64);

    // 1. ISC, library allocates.
    let mut out = [SecBuffer {
        cbBuffer: 0,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: null_mut(),
    }];
    let mut od = desc(&mut out);
    let target = b"HTTP/host\0";
    // SAFETY: live locals; NUL-terminated target.
    let s = unsafe {
        InitializeSecurityContextA(
            &mut cc,
            null_mut(),
            target.as_ptr() as *const SEC_CHAR,
            ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY,
            0,
            SECURITY_NATIVE_DREP,
            null_mut(),
            0,
            &mut cctx,
            &mut od,
            &mut attrs,
            &mut exp,
        )
    };
    assert_eq!(s, SEC_I_CONTINUE_NEEDED);
    assert_ne!(cctx, SecHandle::default());
    // SAFETY: the library allocated cbBuffer bytes at pvBuffer.
    assert_eq!(unsafe { bytes_of(&out[0]) }, b"HELLO");
    assert_ne!(attrs & ISC_RET_ALLOCATED_MEMORY, 0);
    assert_eq!(
        attrs & !ISC_RET_ALLOCATED_MEMORY,
        ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY | ISC_RET_CONNECTION,
        "granted flags, not the requested ones"
    );
    assert_eq!(exp, FILETIME_NEVER);
    let mut hello = [0u8; 5];
    // SAFETY: as above.
    hello.copy_from_slice(&unsafe { bytes_of(&out[0]) });
    // SAFETY: the token was allocated by the library.
    assert_eq!(unsafe { FreeContextBuffer(out[0].pvBuffer) }, SEC_E_OK);

    // 2. ASC, caller's buffer.
    let mut inb = [token_buf(&mut hello)];
    let mut id = desc(&mut inb);
    let mut ob = [0u8; 64];
    let mut out = [token_buf(&mut ob)];
    let mut od = desc(&mut out);
    // SAFETY: live locals.
    let s = unsafe {
        AcceptSecurityContext(
            &mut sc,
            null_mut(),
            &mut id,
            ASC_REQ_CONFIDENTIALITY,
            SECURITY_NATIVE_DREP,
            &mut sctx,
            &mut od,
            &mut attrs,
            &mut exp,
        )
    };
    assert_eq!(s, SEC_I_CONTINUE_NEEDED);
    assert_eq!(out[0].cbBuffer, 9);
    assert_eq!(&ob[..9], b"CHALLENGE");
    assert_eq!(attrs & ASC_RET_ALLOCATED_MEMORY, 0);
    assert_ne!(attrs & ASC_RET_INTEGRITY, 0);

    // 3. ISC again: phNewContext == phContext.
    let mut chal = *b"CHALLENGE";
    let mut inb = [token_buf(&mut chal)];
    let mut id = desc(&mut inb);
    let mut ob = [0u8; 64];
    let mut out = [token_buf(&mut ob)];
    let mut od = desc(&mut out);
    let pc: *mut SecHandle = &mut cctx;
    // SAFETY: live locals; phContext and phNewContext may alias.
    let s = unsafe {
        InitializeSecurityContextW(
            &mut cc,
            pc,
            null(),
            ISC_REQ_CONFIDENTIALITY,
            0,
            SECURITY_NATIVE_DREP,
            &mut id,
            0,
            pc,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_OK);
    assert_eq!(&ob[..out[0].cbBuffer as usize], b"AUTHENTICATE");

    // 4. ASC final: SEC_E_OK with an empty token.
    let mut auth = *b"AUTHENTICATE";
    let mut inb = [token_buf(&mut auth)];
    let mut id = desc(&mut inb);
    let mut ob = [0u8; 64];
    let mut out = [token_buf(&mut ob)];
    let mut od = desc(&mut out);
    let ps: *mut SecHandle = &mut sctx;
    // SAFETY: live locals.
    let s = unsafe {
        AcceptSecurityContext(
            null_mut(),
            ps,
            &mut id,
            0,
            SECURITY_NATIVE_DREP,
            ps,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_OK);
    assert_eq!(out[0].cbBuffer, 0);

    // Another step after completion is out of sequence.
    // SAFETY: live locals.
    let s = unsafe {
        AcceptSecurityContext(
            null_mut(),
            ps,
            &mut id,
            0,
            0,
            ps,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_OUT_OF_SEQUENCE);

    // Attributes.
    let mut names = SecPkgContext_NamesW {
        sUserName: null_mut(),
    };
    // SAFETY: `names` is the struct SECPKG_ATTR_NAMES fills.
    let s = unsafe {
        QueryContextAttributesW(
            &mut sctx,
            SECPKG_ATTR_NAMES,
            &mut names as *mut _ as *mut c_void,
        )
    };
    assert_eq!(s, SEC_E_OK);
    // SAFETY: library-allocated NUL-terminated UTF-16.
    assert_eq!(unsafe { read_wide(names.sUserName) }, "DOM\\user");
    // SAFETY: allocated by the library.
    unsafe { FreeContextBuffer(names.sUserName as *mut c_void) };

    let mut names_a = SecPkgContext_NamesA {
        sUserName: null_mut(),
    };
    // SAFETY: as above.
    let s = unsafe {
        QueryContextAttributesA(
            &mut sctx,
            SECPKG_ATTR_NAMES,
            &mut names_a as *mut _ as *mut c_void,
        )
    };
    assert_eq!(s, SEC_E_OK);
    // SAFETY: library-allocated NUL-terminated string.
    let n = unsafe { std::ffi::CStr::from_ptr(names_a.sUserName) };
    assert_eq!(n.to_str().unwrap(), "DOM\\user");
    // SAFETY: allocated by the library.
    unsafe { FreeContextBuffer(names_a.sUserName as *mut c_void) };

    let mut sizes = SecPkgContext_Sizes::default();
    // SAFETY: as above.
    let s = unsafe {
        QueryContextAttributesW(
            &mut cctx,
            SECPKG_ATTR_SIZES,
            &mut sizes as *mut _ as *mut c_void,
        )
    };
    assert_eq!(
        (s, sizes.cbMaxSignature, sizes.cbMaxToken),
        (SEC_E_OK, 16, 64)
    );

    let mut fl = SecPkgContext_Flags::default();
    // SAFETY: as above.
    let s = unsafe {
        QueryContextAttributesW(
            &mut sctx,
            SECPKG_ATTR_FLAGS,
            &mut fl as *mut _ as *mut c_void,
        )
    };
    assert_eq!(s, SEC_E_OK);
    assert_eq!(
        fl.Flags,
        ASC_RET_INTEGRITY | ASC_RET_CONFIDENTIALITY | ASC_RET_CONNECTION
    );

    let mut ni = SecPkgContext_NegotiationInfoW {
        PackageInfo: null_mut(),
        NegotiationState: 99,
    };
    // SAFETY: as above.
    let s = unsafe {
        QueryContextAttributesW(
            &mut cctx,
            SECPKG_ATTR_NEGOTIATION_INFO,
            &mut ni as *mut _ as *mut c_void,
        )
    };
    assert_eq!(
        (s, ni.NegotiationState),
        (SEC_E_OK, SECPKG_NEGOTIATION_COMPLETE)
    );
    // SAFETY: PackageInfo points at a library block with UTF-16 strings.
    assert_eq!(unsafe { read_wide((*ni.PackageInfo).Name) }, "Loopback");
    // SAFETY: allocated by the library.
    unsafe { FreeContextBuffer(ni.PackageInfo as *mut c_void) };

    let mut sk = SecPkgContext_SessionKey {
        SessionKeyLength: 0,
        SessionKey: null_mut(),
    };
    // SAFETY: as above.
    let s = unsafe {
        QueryContextAttributesW(
            &mut cctx,
            SECPKG_ATTR_SESSION_KEY,
            &mut sk as *mut _ as *mut c_void,
        )
    };
    assert_eq!((s, sk.SessionKeyLength), (SEC_E_OK, 16));
    // SAFETY: allocated by the library.
    unsafe { FreeContextBuffer(sk.SessionKey as *mut c_void) };

    let mut nn = SecPkgContext_NativeNamesW {
        sClientName: null_mut(),
        sServerName: null_mut(),
    };
    // SAFETY: as above.
    let s = unsafe {
        QueryContextAttributesW(
            &mut cctx,
            SECPKG_ATTR_NATIVE_NAMES,
            &mut nn as *mut _ as *mut c_void,
        )
    };
    assert_eq!(s, SEC_E_OK);
    // SAFETY: library-allocated strings.
    assert_eq!(unsafe { read_wide(nn.sServerName) }, "HTTP/host");
    // SAFETY: allocated by the library.
    unsafe {
        FreeContextBuffer(nn.sClientName as *mut c_void);
        FreeContextBuffer(nn.sServerName as *mut c_void);
    }

    let mut ss = SecPkgContext_StreamSizes::default();
    for attr in [SECPKG_ATTR_STREAM_SIZES, SECPKG_ATTR_KEY_INFO, 999] {
        // SAFETY: `ss` is larger than anything these would write; they fail.
        let s =
            unsafe { QueryContextAttributesW(&mut cctx, attr, &mut ss as *mut _ as *mut c_void) };
        assert_eq!(s, SEC_E_UNSUPPORTED_FUNCTION, "attribute {attr}");
    }
    // SAFETY: NULL pBuffer is checked.
    let s = unsafe { QueryContextAttributesW(&mut cctx, SECPKG_ATTR_SIZES, null_mut()) };
    assert_eq!(s, SEC_E_INVALID_PARAMETER);

    assert_eq!(
        // SAFETY: live handle.
        unsafe { CompleteAuthToken(&mut cctx, null_mut()) },
        SEC_E_OK
    );

    // Contexts outlive their freed credentials.
    // SAFETY: live handles.
    unsafe {
        assert_eq!(FreeCredentialsHandle(&mut cc), SEC_E_OK);
        assert_eq!(FreeCredentialsHandle(&mut sc), SEC_E_OK);
    }
    let s = {
        let mut data = *b"still works";
        let mut sig = [0u8; 16];
        let mut bufs = [
            SecBuffer {
                cbBuffer: data.len() as u32,
                BufferType: SECBUFFER_DATA,
                pvBuffer: data.as_mut_ptr() as *mut c_void,
            },
            token_buf(&mut sig),
        ];
        let mut d = desc(&mut bufs);
        // SAFETY: live locals.
        let qop = unsafe { MakeSignature(&mut cctx, 1, &mut d, 0) };
        assert_eq!(qop, SEC_E_QOP_NOT_SUPPORTED, "a quality of protection");
        // SAFETY: live locals.
        unsafe { MakeSignature(&mut cctx, 0, &mut d, 0) }
    };
    assert_eq!(s, SEC_E_OK);
    // SAFETY: live handles.
    unsafe {
        assert_eq!(DeleteSecurityContext(&mut cctx), SEC_E_OK);
        assert_eq!(DeleteSecurityContext(&mut sctx), SEC_E_OK);
    }
    assert_eq!(
        (CONTEXTS.live(), CREDENTIALS.live()),
        (ctx0, cred0),
        "no leaks"
    );
}

#[test]
fn too_small_token_buffer_writes_nothing() {
    let _g = LOCK.lock();
    let mut cc = acquire(SECPKG_CRED_OUTBOUND);
    let live = CONTEXTS.live();
    let mut ob = [0xEEu8; 3];
    let mut out = [token_buf(&mut ob)];
    let mut od = desc(&mut out);
    let sentinel = SecHandle {
        dwLower: 7,
        dwUpper: 7,
    };
    let mut newctx = sentinel;
    let (mut attrs, mut exp) = (0xAAu32, 0x55i64);
    // SAFETY: live locals.
    let s = unsafe {
        InitializeSecurityContextW(
            &mut cc,
            null_mut(),
            null(),
            0,
            0,
            0,
            null_mut(),
            0,
            &mut newctx,
            &mut od,
            &mut attrs,
            &mut exp,
        )
    };
    assert_eq!(s, SEC_E_INSUFFICIENT_MEMORY);
    assert_eq!(ob, [0xEE; 3]);
    assert_eq!(out[0].cbBuffer, 3);
    assert_eq!(newctx, sentinel);
    assert_eq!((attrs, exp), (0xAA, 0x55));
    assert_eq!(
        CONTEXTS.live(),
        live,
        "a failed first step leaves no context"
    );

    // A bad first token on the acceptor: same, SEC_E_INVALID_TOKEN.
    let mut sc = acquire(SECPKG_CRED_INBOUND);
    let mut bad = *b"BAD";
    let mut inb = [token_buf(&mut bad)];
    let mut id = desc(&mut inb);
    let mut ob = [0u8; 64];
    let mut out = [token_buf(&mut ob)];
    let mut od = desc(&mut out);
    // SAFETY: live locals.
    let s = unsafe {
        AcceptSecurityContext(
            &mut sc,
            null_mut(),
            &mut id,
            0,
            0,
            &mut newctx,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_INVALID_TOKEN);
    assert_eq!(newctx, sentinel);
    assert_eq!(CONTEXTS.live(), live);

    // No input at all on the acceptor.
    // SAFETY: live locals; NULL input is checked.
    let s = unsafe {
        AcceptSecurityContext(
            &mut sc,
            null_mut(),
            null_mut(),
            0,
            0,
            &mut newctx,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_INVALID_TOKEN);

    // Channel bindings reach the package.
    let mut hello = *b"HELLO";
    let mut cb = vec![0u8; 32];
    cb[24..28].copy_from_slice(&8u32.to_ne_bytes());
    cb[28..32].copy_from_slice(&32u32.to_ne_bytes());
    cb.extend_from_slice(b"mismatch");
    let mut inb = [
        token_buf(&mut hello),
        SecBuffer {
            cbBuffer: cb.len() as u32,
            BufferType: SECBUFFER_CHANNEL_BINDINGS,
            pvBuffer: cb.as_mut_ptr() as *mut c_void,
        },
    ];
    let mut id = desc(&mut inb);
    // SAFETY: live locals.
    let s = unsafe {
        AcceptSecurityContext(
            &mut sc,
            null_mut(),
            &mut id,
            0,
            0,
            &mut newctx,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_BAD_BINDINGS);
    assert_eq!(CONTEXTS.live(), live);

    // Outbound credential used to accept.
    let mut hello = *b"HELLO";
    let mut inb = [token_buf(&mut hello)];
    let mut id = desc(&mut inb);
    // SAFETY: live locals.
    let s = unsafe {
        AcceptSecurityContext(
            &mut cc,
            null_mut(),
            &mut id,
            0,
            0,
            &mut newctx,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_UNKNOWN_CREDENTIALS);
    // SAFETY: live handles.
    unsafe {
        FreeCredentialsHandle(&mut cc);
        FreeCredentialsHandle(&mut sc);
    }
}

#[test]
fn forged_stale_and_wrong_kind_handles_are_invalid() {
    let _g = LOCK.lock();
    let hs = handshake();
    let (mut cc, _, mut cctx, _) = hs;
    let mut zero = SecHandle::default();
    let mut forged = SecHandle {
        dwLower: cctx.dwLower,
        dwUpper: cctx.dwUpper ^ 1,
    };
    let mut made_up = SecHandle {
        dwLower: 0x1234,
        dwUpper: 0x1234 ^ 0x5353_5049_5348_494D,
    };
    let mut sz = SecPkgContext_Sizes::default();
    let psz = &mut sz as *mut _ as *mut c_void;
    for h in [&mut zero, &mut forged, &mut made_up, &mut cc] {
        // SAFETY: live locals; the handles are garbage on purpose.
        unsafe {
            assert_eq!(
                QueryContextAttributesW(h, SECPKG_ATTR_SIZES, psz),
                SEC_E_INVALID_HANDLE
            );
            assert_eq!(MakeSignature(h, 0, null_mut(), 0), SEC_E_INVALID_HANDLE);
            assert_eq!(ImpersonateSecurityContext(h), SEC_E_INVALID_HANDLE);
            assert_eq!(CompleteAuthToken(h, null_mut()), SEC_E_INVALID_HANDLE);
            let mut c = *h;
            assert_eq!(DeleteSecurityContext(&mut c), SEC_E_INVALID_HANDLE);
        }
    }
    // SAFETY: NULL handles are checked.
    unsafe {
        assert_eq!(DeleteSecurityContext(null_mut()), SEC_E_INVALID_HANDLE);
        assert_eq!(FreeCredentialsHandle(null_mut()), SEC_E_INVALID_HANDLE);
        assert_eq!(FreeCredentialsHandle(&mut cctx), SEC_E_INVALID_HANDLE);
        assert_eq!(
            ImpersonateSecurityContext(&mut cctx),
            SEC_E_UNSUPPORTED_FUNCTION
        );
        assert_eq!(
            SetCredentialsAttributesW(&mut cctx, 0, null_mut(), 0),
            SEC_E_INVALID_HANDLE
        );
        assert_eq!(
            SetCredentialsAttributesW(&mut cc, 0, null_mut(), 0),
            SEC_E_UNSUPPORTED_FUNCTION
        );
    }
    let stale = cctx;
    cleanup(hs);
    let mut stale = stale;
    // SAFETY: live locals.
    unsafe {
        assert_eq!(DeleteSecurityContext(&mut stale), SEC_E_INVALID_HANDLE);
        assert_eq!(
            QueryContextAttributesW(&mut stale, SECPKG_ATTR_SIZES, psz),
            SEC_E_INVALID_HANDLE
        );
    }
    // A made-up credential on the first ISC call.
    let mut newctx = SecHandle::default();
    let mut ob = [0u8; 64];
    let mut out = [token_buf(&mut ob)];
    let mut od = desc(&mut out);
    // SAFETY: live locals.
    let s = unsafe {
        InitializeSecurityContextW(
            &mut made_up,
            null_mut(),
            null(),
            0,
            0,
            0,
            null_mut(),
            0,
            &mut newctx,
            &mut od,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_INVALID_HANDLE);
}

#[test]
fn message_protection_round_trips() {
    let _g = LOCK.lock();
    let hs = handshake();
    let (_, _, mut cctx, mut sctx) = hs;
    let plain = *b"attack at dawn";
    for (qop, sealed) in [(0, true), (SECQOP_WRAP_NO_ENCRYPT, false)] {
        let mut data = plain;
        let mut sig = [0u8; 32];
        let mut bufs = [
            token_buf(&mut sig),
            SecBuffer {
                cbBuffer: data.len() as u32,
                BufferType: SECBUFFER_DATA,
                pvBuffer: data.as_mut_ptr() as *mut c_void,
            },
        ];
        let mut d = desc(&mut bufs);
        assert_eq!(
            // SAFETY: live locals.
            unsafe { EncryptMessage(&mut cctx, qop, &mut d, 3) },
            SEC_E_OK
        );
        assert_eq!(bufs[0].cbBuffer, 16, "header length written back");
        assert_eq!(data != plain, sealed);
        let mut q = 0x1234;
        assert_eq!(
            // SAFETY: live locals.
            unsafe { DecryptMessage(&mut sctx, &mut d, 3, &mut q) },
            SEC_E_OK
        );
        assert_eq!(data, plain);
        assert_eq!(q, if sealed { 0 } else { SECQOP_WRAP_NO_ENCRYPT });
    }
    // Sign / verify, tamper, too-small header.
    let mut data = plain;
    let mut sig = [0u8; 16];
    let mut bufs = [
        SecBuffer {
            cbBuffer: data.len() as u32,
            BufferType: SECBUFFER_DATA,
            pvBuffer: data.as_mut_ptr() as *mut c_void,
        },
        token_buf(&mut sig),
    ];
    let mut d = desc(&mut bufs);
    let mut q = 7;
    // SAFETY: live locals.
    unsafe {
        assert_eq!(MakeSignature(&mut cctx, 0, &mut d, 1), SEC_E_OK);
        assert_eq!(VerifySignature(&mut sctx, &mut d, 1, &mut q), SEC_E_OK);
    }
    assert_eq!(q, 0);
    // SAFETY: bufs[0] points at `data`.
    unsafe { *(bufs[0].pvBuffer as *mut u8) ^= 1 };
    assert_eq!(
        // SAFETY: live locals.
        unsafe { VerifySignature(&mut sctx, &mut d, 1, null_mut()) },
        SEC_E_MESSAGE_ALTERED
    );
    let mut small = [0u8; 8];
    bufs[1] = token_buf(&mut small);
    let mut d = desc(&mut bufs);
    assert_eq!(
        // SAFETY: live locals.
        unsafe { MakeSignature(&mut cctx, 0, &mut d, 2) },
        SEC_E_BUFFER_TOO_SMALL
    );
    assert_eq!(bufs[1].cbBuffer, 8, "length untouched on failure");
    // No token buffer at all.
    let mut only = [bufs[0]];
    let mut d = desc(&mut only);
    assert_eq!(
        // SAFETY: live locals.
        unsafe { MakeSignature(&mut cctx, 0, &mut d, 2) },
        SEC_E_INVALID_TOKEN
    );
    cleanup(hs);

    // A context that has not finished its handshake.
    let mut cc = acquire(SECPKG_CRED_OUTBOUND);
    let mut ctx = SecHandle::default();
    let mut out = [SecBuffer {
        cbBuffer: 0,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: null_mut(),
    }];
    let mut od = desc(&mut out);
    // SAFETY: live locals.
    let s = unsafe {
        InitializeSecurityContextW(
            &mut cc,
            null_mut(),
            null(),
            ISC_REQ_ALLOCATE_MEMORY,
            0,
            0,
            null_mut(),
            0,
            &mut ctx,
            &mut od,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(s, SEC_I_CONTINUE_NEEDED);
    let mut data = plain;
    let mut sig = [0u8; 16];
    let mut bufs = [
        SecBuffer {
            cbBuffer: data.len() as u32,
            BufferType: SECBUFFER_DATA,
            pvBuffer: data.as_mut_ptr() as *mut c_void,
        },
        token_buf(&mut sig),
    ];
    let mut d = desc(&mut bufs);
    // SAFETY: live locals.
    unsafe {
        assert_eq!(
            EncryptMessage(&mut ctx, 0, &mut d, 0),
            SEC_E_OUT_OF_SEQUENCE
        );
        FreeContextBuffer(out[0].pvBuffer);
        DeleteSecurityContext(&mut ctx);
        FreeCredentialsHandle(&mut cc);
    }
}

/// Acquires with `auth` through AcquireCredentialsHandleA or W and returns
/// what the package was asked for.
fn acquire_with(
    auth: *mut c_void,
    ansi: bool,
) -> Result<crate::core::credential::CredRequest, i32> {
    let mut h = SecHandle::default();
    // SAFETY: live locals; `auth` is a valid identity built by the caller.
    let s = unsafe {
        if ansi {
            AcquireCredentialsHandleA(
                null(),
                c"Loopback".as_ptr(),
                SECPKG_CRED_OUTBOUND,
                null_mut(),
                auth,
                None,
                null_mut(),
                &mut h,
                null_mut(),
            )
        } else {
            AcquireCredentialsHandleW(
                null(),
                wide("Loopback").as_ptr(),
                SECPKG_CRED_OUTBOUND,
                null_mut(),
                auth,
                None,
                null_mut(),
                &mut h,
                null_mut(),
            )
        }
    };
    if s != SEC_E_OK {
        return Err(s);
    }
    let cred = CREDENTIALS
        .get(super::handle::from_sec(h).unwrap())
        .unwrap();
    let req = cred
        .inner
        .as_any()
        .downcast_ref::<mock::Cred>()
        .unwrap()
        .req
        .clone();
    let mut names = SecPkgCredentials_NamesW {
        sUserName: null_mut(),
    };
    // SAFETY: live locals.
    unsafe {
        assert_eq!(
            QueryCredentialsAttributesW(
                &mut h,
                SECPKG_CRED_ATTR_NAMES,
                &mut names as *mut _ as *mut c_void
            ),
            SEC_E_OK
        );
        assert!(!read_wide(names.sUserName).is_empty());
        FreeContextBuffer(names.sUserName as *mut c_void);
        assert_eq!(FreeCredentialsHandle(&mut h), SEC_E_OK);
    }
    Ok(req)
}

#[test]
fn auth_identity_flags_decide_the_encoding() {
    let _g = LOCK.lock();
    // A UTF-16 identity handed to the A function.
    let (mut u, mut d, mut p) = (wide("Jöhn"), wide("EXAMPLE"), wide("pässword"));
    let mut idw = SEC_WINNT_AUTH_IDENTITY_W {
        User: u.as_mut_ptr(),
        UserLength: 4,
        Domain: d.as_mut_ptr(),
        DomainLength: 7,
        Password: p.as_mut_ptr(),
        PasswordLength: 8,
        Flags: SEC_WINNT_AUTH_IDENTITY_UNICODE,
    };
    let req = acquire_with(&mut idw as *mut _ as *mut c_void, true).unwrap();
    let id = req.identity.unwrap();
    assert_eq!((id.user.as_str(), id.domain.as_str()), ("Jöhn", "EXAMPLE"));
    assert_eq!(id.password.as_str(), "pässword");
    assert_eq!(req.package_list, None);

    // An ANSI identity handed to the W function; DOMAIN\user split.
    let mut ua = *b"CORP\\alice";
    let mut pa = *b"s3cret";
    let mut ida = SEC_WINNT_AUTH_IDENTITY_A {
        User: ua.as_mut_ptr(),
        UserLength: ua.len() as u32,
        Domain: null_mut(),
        DomainLength: 0,
        Password: pa.as_mut_ptr(),
        PasswordLength: pa.len() as u32,
        Flags: SEC_WINNT_AUTH_IDENTITY_ANSI,
    };
    let req = acquire_with(&mut ida as *mut _ as *mut c_void, false).unwrap();
    let id = req.identity.unwrap();
    assert_eq!((id.user.as_str(), id.domain.as_str()), ("alice", "CORP"));
    assert_eq!(id.password.as_str(), "s3cret");

    // EX form with a package list.
    let mut list = wide("!NTLM,Kerberos");
    let mut ex = SEC_WINNT_AUTH_IDENTITY_EXW {
        Version: SEC_WINNT_AUTH_IDENTITY_VERSION,
        Length: std::mem::size_of::<SEC_WINNT_AUTH_IDENTITY_EXW>() as u32,
        User: u.as_mut_ptr(),
        UserLength: 4,
        Domain: d.as_mut_ptr(),
        DomainLength: 7,
        Password: p.as_mut_ptr(),
        PasswordLength: 8,
        Flags: SEC_WINNT_AUTH_IDENTITY_UNICODE,
        PackageList: list.as_mut_ptr(),
        PackageListLength: 14,
    };
    let req = acquire_with(&mut ex as *mut _ as *mut c_void, false).unwrap();
    assert_eq!(req.package_list.as_deref(), Some("!NTLM,Kerberos"));
    assert_eq!(req.identity.unwrap().user, "Jöhn");

    // Bad flags, and NULL strings with lengths.
    idw.Flags = 0;
    assert_eq!(
        acquire_with(&mut idw as *mut _ as *mut c_void, false).err(),
        Some(SEC_E_INVALID_PARAMETER)
    );
    idw.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    idw.User = null_mut();
    assert_eq!(
        acquire_with(&mut idw as *mut _ as *mut c_void, false).err(),
        Some(SEC_E_INVALID_PARAMETER)
    );
}

#[test]
fn packages_and_table() {
    let _g = LOCK.lock();
    let mut n = 0u32;
    let mut infos: *mut SecPkgInfoW = null_mut();
    assert_eq!(
        // SAFETY: live locals.
        unsafe { EnumerateSecurityPackagesW(&mut n, &mut infos) },
        SEC_E_OK
    );
    assert!(n >= 1);
    // SAFETY: the library returned `n` entries.
    let all = unsafe { std::slice::from_raw_parts(infos, n as usize) };
    // SAFETY: entries' names are NUL-terminated UTF-16 in the same block.
    assert!(all.iter().any(|i| unsafe { read_wide(i.Name) } == "NTLM"));
    // Negotiate first, as Windows lists it.
    // SAFETY: as above.
    assert_eq!(unsafe { read_wide(all[0].Name) }, "Negotiate");
    assert_eq!(all[0].cbMaxToken, 48256);
    // SAFETY: as above.
    let ntlm = all.iter().find(|i| unsafe { read_wide(i.Name) } == "NTLM");
    assert_eq!(ntlm.unwrap().cbMaxToken, 2888);
    // Then Kerberos, as Windows lists it.
    // SAFETY: as above.
    assert_eq!(unsafe { read_wide(all[1].Name) }, "Kerberos");
    assert_eq!((all[1].cbMaxToken, all[1].wRPCID), (48000, 16));
    // SAFETY: one block.
    assert_eq!(unsafe { FreeContextBuffer(infos as *mut c_void) }, SEC_E_OK);
    // SAFETY: NULL is fine.
    assert_eq!(unsafe { FreeContextBuffer(null_mut()) }, SEC_E_OK);
    assert_eq!(
        // SAFETY: NULL outputs are checked.
        unsafe { EnumerateSecurityPackagesW(null_mut(), &mut infos) },
        SEC_E_INVALID_PARAMETER
    );

    let mut ia: *mut SecPkgInfoA = null_mut();
    // SAFETY: live locals, NUL-terminated names.
    unsafe {
        assert_eq!(
            QuerySecurityPackageInfoA(c"ntlm".as_ptr(), &mut ia),
            SEC_E_OK
        );
        let name = std::ffi::CStr::from_ptr((*ia).Name);
        assert_eq!(name.to_str().unwrap(), "NTLM");
        FreeContextBuffer(ia as *mut c_void);
        assert_eq!(
            QuerySecurityPackageInfoA(c"Nope".as_ptr(), &mut ia),
            SEC_E_SECPKG_NOT_FOUND
        );
        assert_eq!(
            QuerySecurityPackageInfoW(null(), &mut infos),
            SEC_E_SECPKG_NOT_FOUND
        );
        let mut h = SecHandle::default();
        assert_eq!(
            AcquireCredentialsHandleA(
                null(),
                c"Nope".as_ptr(),
                SECPKG_CRED_OUTBOUND,
                null_mut(),
                null_mut(),
                None,
                null_mut(),
                &mut h,
                null_mut()
            ),
            SEC_E_SECPKG_NOT_FOUND
        );
    }

    let w = InitSecurityInterfaceW();
    assert_eq!(w, InitSecurityInterfaceW(), "one static table");
    let a = InitSecurityInterfaceA();
    assert_eq!(a, InitSecurityInterfaceA());
    // SAFETY: the tables are static.
    let (w, a) = unsafe { (&*w, &*a) };
    assert_eq!(w.dwVersion, 5);
    assert!(w.Reserved2.is_null() && w.Reserved8.is_null());
    assert_eq!(
        w.Reserved3.map(|f| f as usize),
        Some(EncryptMessage as *const () as usize)
    );
    assert_eq!(
        a.QueryContextAttributesExA.map(|f| f as usize),
        Some(QueryContextAttributesExA as *const () as usize)
    );
    assert_eq!(
        w.ChangeAccountPasswordW.map(|f| f as usize),
        Some(ChangeAccountPasswordW as *const () as usize)
    );
    // Every slot but Reserved2 and Reserved8 is set.
    // SAFETY: the table is 256 bytes of u32 + padding + 31 pointers.
    let slots = unsafe {
        std::slice::from_raw_parts(
            (w as *const SecurityFunctionTableW as *const usize).add(1),
            31,
        )
    };
    for (i, s) in slots.iter().enumerate() {
        assert_eq!(*s == 0, i == 4 || i == 22, "slot {i}");
    }
}

#[test]
fn handshakes_through_the_table_from_many_threads() {
    let _g = LOCK.lock();
    let (ctx0, cred0) = (CONTEXTS.live(), CREDENTIALS.live());
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                for _ in 0..25 {
                    let hs = handshake();
                    let (_, _, mut cctx, mut sctx) = hs;
                    // SAFETY: the table is static.
                    let t = unsafe { &*InitSecurityInterfaceW() };
                    let mut data = *b"through the table";
                    let mut sig = [0u8; 16];
                    let mut bufs = [
                        token_buf(&mut sig),
                        SecBuffer {
                            cbBuffer: data.len() as u32,
                            BufferType: SECBUFFER_DATA,
                            pvBuffer: data.as_mut_ptr() as *mut c_void,
                        },
                    ];
                    let mut d = desc(&mut bufs);
                    let mut q = 0;
                    let (enc, dec) = (t.Reserved3.unwrap(), t.DecryptMessage.unwrap());
                    // SAFETY: live locals; the slots hold our exports.
                    unsafe {
                        assert_eq!(enc(&mut cctx, 0, &mut d, 9), SEC_E_OK);
                        assert_eq!(dec(&mut sctx, &mut d, 9, &mut q), SEC_E_OK);
                    }
                    assert_eq!(&data, b"through the table");
                    let mut life = SecPkgContext_Lifespan::default();
                    let qca = t.QueryContextAttributesW.unwrap();
                    // SAFETY: `life` is the struct SECPKG_ATTR_LIFESPAN fills.
                    let s = unsafe {
                        qca(
                            &mut cctx,
                            SECPKG_ATTR_LIFESPAN,
                            &mut life as *mut _ as *mut c_void,
                        )
                    };
                    assert_eq!((s, life.tsExpiry), (SEC_E_OK, FILETIME_NEVER));
                    cleanup(hs);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!((CONTEXTS.live(), CREDENTIALS.live()), (ctx0, cred0));
}
