//! SEC_WINNT_AUTH_IDENTITY_[A|W] and SEC_WINNT_AUTH_IDENTITY_EX[A|W]
//! decoding through AcquireCredentialsHandleA/W: any Flags, Version,
//! charset, strings with embedded NULs, invalid UTF-16 or ANSI bytes, NULL
//! strings with nonzero lengths, package lists; then the credential is
//! queried, used for a first context step and freed.
//!
//! Input: byte 0 (bit 0 EX form, bits 1-2 charset flags, bit 3 the A
//! function, bits 4-5 package, bits 6-7 credential use), byte 1 (bits 0-3:
//! user, domain, password, package list given as NULL with their length),
//! then user, domain, password and package list split at `SEP`.
#![no_main]
use std::ffi::c_void;
use std::ptr::null_mut;

use fuzzkit::sspi_c;
use libfuzzer_sys::fuzz_target;
use sspi::abi::sspi::context::DeleteSecurityContext;
use sspi::abi::sspi::credentials::*;
use sspi::abi::sspi::packages::FreeContextBuffer;
use sspi::abi::sspi::types::*;

/// A string field: its bytes as the charset's units, or NULL.
enum Field {
    Wide(Vec<u16>),
    Ansi(Vec<u8>),
}

impl Field {
    fn new(b: &[u8], wide: bool) -> Field {
        if wide {
            Field::Wide(
                b.chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect(),
            )
        } else {
            Field::Ansi(b.to_vec())
        }
    }
    /// Pointer and length in characters; NULL with the length when `null`.
    fn raw(&mut self, null: bool) -> (*mut c_void, ULONG) {
        let (p, n) = match self {
            Field::Wide(v) => (v.as_mut_ptr() as *mut c_void, v.len()),
            Field::Ansi(v) => (v.as_mut_ptr() as *mut c_void, v.len()),
        };
        (if null { null_mut() } else { p }, n as ULONG)
    }
}

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let [mode, nulls, rest @ ..] = data else {
        return;
    };
    let parts = fuzzkit::split(rest);
    let get = |i: usize| parts.get(i).copied().unwrap_or(&[]);
    let charset = ((mode >> 1) & 3) as ULONG; // ANSI = 1, UNICODE = 2
    let wide = charset != SEC_WINNT_AUTH_IDENTITY_ANSI;
    let mut f: Vec<Field> = (0..4).map(|i| Field::new(get(i), wide)).collect();
    let mut raws: Vec<(*mut c_void, ULONG)> = f
        .iter_mut()
        .enumerate()
        .map(|(i, x)| x.raw(nulls & (1 << i) != 0))
        .collect();
    let ex = mode & 1 != 0;
    let mut plain = SEC_WINNT_AUTH_IDENTITY_W {
        User: raws[0].0 as *mut u16,
        UserLength: raws[0].1,
        Domain: raws[1].0 as *mut u16,
        DomainLength: raws[1].1,
        Password: raws[2].0 as *mut u16,
        PasswordLength: raws[2].1,
        Flags: charset,
    };
    let mut exw = SEC_WINNT_AUTH_IDENTITY_EXW {
        Version: SEC_WINNT_AUTH_IDENTITY_VERSION,
        Length: std::mem::size_of::<SEC_WINNT_AUTH_IDENTITY_EXW>() as ULONG,
        User: plain.User,
        UserLength: plain.UserLength,
        Domain: plain.Domain,
        DomainLength: plain.DomainLength,
        Password: plain.Password,
        PasswordLength: plain.PasswordLength,
        Flags: charset,
        PackageList: raws[3].0 as *mut u16,
        PackageListLength: raws[3].1,
    };
    raws.clear();
    let auth: *mut c_void = if ex {
        &mut exw as *mut _ as *mut c_void
    } else {
        &mut plain as *mut _ as *mut c_void
    };
    let package = ["NTLM", "Negotiate", "Kerberos", "NTLM"][((mode >> 4) & 3) as usize];
    let usage = [
        SECPKG_CRED_OUTBOUND,
        SECPKG_CRED_INBOUND,
        SECPKG_CRED_BOTH,
        SECPKG_CRED_OUTBOUND,
    ][(mode >> 6) as usize];
    let mut cred = sspi_c::null_handle();
    let mut exp: TimeStamp = 0;
    let st = if mode & 8 != 0 {
        let pkg: Vec<u8> = package.bytes().chain(std::iter::once(0)).collect();
        // SAFETY: valid NUL-terminated package name, identity whose
        // strings are valid for their lengths or NULL, valid out pointers.
        unsafe {
            AcquireCredentialsHandleA(
                std::ptr::null(),
                pkg.as_ptr() as *const _,
                usage,
                null_mut(),
                auth,
                None,
                null_mut(),
                &mut cred,
                &mut exp,
            )
        }
    } else {
        // SAFETY: as for the A call above.
        let (st, c) = unsafe { sspi_c::acquire(package, usage, auth) };
        cred = c;
        st
    };
    drop(f);
    if st != SEC_E_OK {
        return;
    }
    let mut names = SecPkgCredentials_NamesW {
        sUserName: null_mut(),
    };
    // SAFETY: a live credential handle and a buffer of the attribute's type.
    if unsafe {
        QueryCredentialsAttributesW(
            &mut cred,
            SECPKG_CRED_ATTR_NAMES,
            &mut names as *mut _ as *mut c_void,
        )
    } == SEC_E_OK
        && !names.sUserName.is_null()
    {
        // SAFETY: allocated by the library.
        unsafe { FreeContextBuffer(names.sUserName as *mut c_void) };
    }
    if usage != SECPKG_CRED_INBOUND {
        let mut ctx = sspi_c::null_handle();
        let (st, _) = sspi_c::step(true, &mut cred, &mut ctx, true, None);
        if st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED {
            // SAFETY: the context handle just made.
            unsafe { DeleteSecurityContext(&mut ctx) };
        }
    }
    // SAFETY: the credential handle just made, freed once.
    assert_eq!(unsafe { FreeCredentialsHandle(&mut cred) }, SEC_E_OK);
});
