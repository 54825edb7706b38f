//! SEC_WINNT_AUTH_IDENTITY[_EX] decoding. The identity's own Flags
//! (ANSI or UNICODE) decide how its strings are read, whichever of the A or
//! W functions receives it, as on Windows; the EX form is recognized by its
//! Version field. Lengths are in characters (bytes for ANSI), without NUL.
use std::ffi::c_void;

use super::strings::{self, Charset};
use super::types::*;
use crate::core::credential::Identity;
use crate::core::{Error, Result};

/// What pAuthData carried.
#[derive(Debug, Default)]
pub struct AuthData {
    pub identity: Option<Identity>,
    pub package_list: Option<String>,
}

/// Reads `len` characters of the identity's charset at `p`.
///
/// # Safety
/// `p` is NULL or points to `len` readable characters of `cs`.
unsafe fn field(p: *const c_void, len: u32, cs: Charset) -> Result<String> {
    match cs {
        // SAFETY: forwarded contract.
        Charset::Wide => unsafe { strings::wide_n(p as *const u16, len as usize) },
        // SAFETY: forwarded contract.
        Charset::Ansi => unsafe { strings::ansi_n(p as *const u8, len as usize) },
    }
}

fn charset(flags: u32) -> Result<Charset> {
    match flags & (SEC_WINNT_AUTH_IDENTITY_ANSI | SEC_WINNT_AUTH_IDENTITY_UNICODE) {
        SEC_WINNT_AUTH_IDENTITY_UNICODE => Ok(Charset::Wide),
        SEC_WINNT_AUTH_IDENTITY_ANSI => Ok(Charset::Ansi),
        _ => Err(Error::InvalidParameter(
            "auth identity Flags must be SEC_WINNT_AUTH_IDENTITY_ANSI or _UNICODE",
        )),
    }
}

/// Decodes pAuthData (NULL: no explicit credentials).
///
/// # Safety
/// `p` is NULL or points to a SEC_WINNT_AUTH_IDENTITY_[A|W] or
/// SEC_WINNT_AUTH_IDENTITY_EX[A|W] whose strings are readable for their
/// stated lengths.
pub unsafe fn decode(p: *const c_void) -> Result<AuthData> {
    if p.is_null() {
        return Ok(AuthData::default());
    }
    // SAFETY: both identity forms start with at least 4 readable bytes.
    let version = unsafe { (p as *const u32).read_unaligned() };
    let (user, ulen, dom, dlen, pw, plen, flags, list) =
        if version == SEC_WINNT_AUTH_IDENTITY_VERSION {
            // SAFETY: the Version field says this is the EX form; A and W share
            // one layout, so reading it as EXW is sound for either.
            let x = unsafe { (p as *const SEC_WINNT_AUTH_IDENTITY_EXW).read_unaligned() };
            let cs = charset(x.Flags)?;
            // SAFETY: per the caller, PackageList has PackageListLength chars.
            let list = unsafe { field(x.PackageList as *const c_void, x.PackageListLength, cs) }?;
            (
                x.User as *const c_void,
                x.UserLength,
                x.Domain as *const c_void,
                x.DomainLength,
                x.Password as *const c_void,
                x.PasswordLength,
                x.Flags,
                Some(list).filter(|l| !l.is_empty()),
            )
        } else {
            // SAFETY: not EX, so the plain form (A and W share one layout).
            let x = unsafe { (p as *const SEC_WINNT_AUTH_IDENTITY_W).read_unaligned() };
            (
                x.User as *const c_void,
                x.UserLength,
                x.Domain as *const c_void,
                x.DomainLength,
                x.Password as *const c_void,
                x.PasswordLength,
                x.Flags,
                None,
            )
        };
    let cs = charset(flags)?;
    // SAFETY: per the caller, each string has its stated length.
    let user = unsafe { field(user, ulen, cs) }?;
    // SAFETY: as above.
    let domain = unsafe { field(dom, dlen, cs) }?;
    // SAFETY: as above.
    let password = unsafe { strings::secret_n(pw as *const u8, plen as usize, cs) }?;
    let identity = if user.is_empty() && domain.is_empty() && password.is_empty() {
        // All empty: the caller's default credentials, as on Windows.
        None
    } else if domain.is_empty() {
        let (user, domain) = Identity::parse_user(&user);
        Some(Identity {
            user,
            domain,
            password,
        })
    } else {
        Some(Identity {
            user,
            domain,
            password,
        })
    };
    Ok(AuthData {
        identity,
        package_list: list,
    })
}
