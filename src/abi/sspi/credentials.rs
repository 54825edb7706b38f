//! AcquireCredentialsHandleA/W, FreeCredentialsHandle and
//! QueryCredentialsAttributesA/W.
use std::ffi::{c_char, c_void};
use std::sync::Arc;

use super::handle;
use super::identity::{self, AuthData};
use super::packages;
use super::status::run;
use super::strings::{self, Charset};
use super::types::*;
use crate::core::credential::{CredRequest, CredUse, Credential};
use crate::core::handles::{Handle, CREDENTIALS};
use crate::core::time::{to_filetime, FILETIME_NEVER};
use crate::core::{Error, Result};

/// SECPKG_CRED_* → core usage.
fn usage(f: u32) -> Result<CredUse> {
    match f & SECPKG_CRED_BOTH {
        SECPKG_CRED_INBOUND => Ok(CredUse::Inbound),
        SECPKG_CRED_OUTBOUND => Ok(CredUse::Outbound),
        SECPKG_CRED_BOTH => Ok(CredUse::Both),
        _ => Err(Error::InvalidParameter("fCredentialUse")),
    }
}

/// The one implementation of AcquireCredentialsHandle.
pub fn acquire(
    principal: Option<String>,
    package: Option<String>,
    use_flags: u32,
    auth: AuthData,
) -> Result<(Handle, TimeStamp)> {
    let package = package.ok_or_else(|| Error::PackageNotFound("(NULL)".into()))?;
    let pkg = packages::find(&package)?;
    let req = CredRequest {
        usage: usage(use_flags)?,
        principal: principal.filter(|p| !p.is_empty()),
        identity: auth.identity,
        package_list: auth.package_list,
        store: Vec::new(),
    };
    let cred = Credential::acquire(pkg, &req)?;
    let expiry = cred.inner.expiry().map_or(FILETIME_NEVER, to_filetime);
    Ok((CREDENTIALS.insert(Arc::new(cred)), expiry))
}

/// Raw-argument half shared by A and W.
///
/// # Safety
/// As the exports.
unsafe fn acquire_out(
    principal: Option<String>,
    package: Option<String>,
    use_flags: u32,
    pAuthData: *const c_void,
    phCredential: *mut CredHandle,
    ptsExpiry: *mut TimeStamp,
) -> Result<SECURITY_STATUS> {
    if phCredential.is_null() {
        return Err(Error::InvalidParameter("NULL phCredential"));
    }
    // SAFETY: forwarded contract.
    let auth = unsafe { identity::decode(pAuthData) }?;
    let (h, expiry) = acquire(principal, package, use_flags, auth)?;
    // SAFETY: phCredential checked non-NULL; ptsExpiry written only when
    // non-NULL; both writable per the caller.
    unsafe {
        handle::write(phCredential, h);
        if !ptsExpiry.is_null() {
            ptsExpiry.write_unaligned(expiry);
        }
    }
    Ok(SEC_E_OK)
}

/// Acquires a credential handle for `pszPackage` ("NTLM", ...).
///
/// `pszPrincipal` may be NULL. `pAuthData` may be NULL (default
/// credentials) or a SEC_WINNT_AUTH_IDENTITY_[A|W] / _EX[A|W]; its own
/// Flags decide whether its strings are UTF-16 or ANSI, and an EX
/// identity's PackageList is passed on. `pvLogonId`, `pGetKeyFn` and
/// `pvGetKeyArgument` are ignored. The handle is written to
/// `*phCredential` (must not be NULL) and released with
/// FreeCredentialsHandle; `ptsExpiry` may be NULL. The library copies what
/// it needs: the caller keeps ownership of every argument. Thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-acquirecredentialshandlew>
///
/// # Safety
/// Strings are NULL or NUL-terminated; `pAuthData` is NULL or one of the
/// identity structs with valid string pointers; output pointers are NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn AcquireCredentialsHandleW(
    pszPrincipal: *const SEC_WCHAR,
    pszPackage: *const SEC_WCHAR,
    fCredentialUse: ULONG,
    _pvLogonId: *mut c_void,
    pAuthData: *mut c_void,
    _pGetKeyFn: SEC_GET_KEY_FN,
    _pvGetKeyArgument: *mut c_void,
    phCredential: *mut CredHandle,
    ptsExpiry: *mut TimeStamp,
) -> SECURITY_STATUS {
    run("AcquireCredentialsHandleW", || {
        // SAFETY: forwarded contract.
        let principal = unsafe { strings::wide_z(pszPrincipal) }?;
        // SAFETY: forwarded contract.
        let package = unsafe { strings::wide_z(pszPackage) }?;
        // SAFETY: forwarded contract.
        unsafe {
            acquire_out(
                principal,
                package,
                fCredentialUse,
                pAuthData,
                phCredential,
                ptsExpiry,
            )
        }
    })
}

/// ANSI form of [`AcquireCredentialsHandleW`]. A UTF-16 identity
/// (SEC_WINNT_AUTH_IDENTITY_UNICODE) is accepted here too.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-acquirecredentialshandlea>
///
/// # Safety
/// As [`AcquireCredentialsHandleW`].
#[no_mangle]
pub unsafe extern "C" fn AcquireCredentialsHandleA(
    pszPrincipal: *const SEC_CHAR,
    pszPackage: *const SEC_CHAR,
    fCredentialUse: ULONG,
    _pvLogonId: *mut c_void,
    pAuthData: *mut c_void,
    _pGetKeyFn: SEC_GET_KEY_FN,
    _pvGetKeyArgument: *mut c_void,
    phCredential: *mut CredHandle,
    ptsExpiry: *mut TimeStamp,
) -> SECURITY_STATUS {
    run("AcquireCredentialsHandleA", || {
        // SAFETY: forwarded contract.
        let principal = unsafe { strings::ansi_z(pszPrincipal as *const c_char) }?;
        // SAFETY: forwarded contract.
        let package = unsafe { strings::ansi_z(pszPackage as *const c_char) }?;
        // SAFETY: forwarded contract.
        unsafe {
            acquire_out(
                principal,
                package,
                fCredentialUse,
                pAuthData,
                phCredential,
                ptsExpiry,
            )
        }
    })
}

/// Releases a credential handle. Contexts made from it keep working (they
/// hold their own reference). NULL, stale or forged handle →
/// SEC_E_INVALID_HANDLE. Thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-freecredentialshandle>
///
/// # Safety
/// `phCredential` is NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn FreeCredentialsHandle(phCredential: *mut CredHandle) -> SECURITY_STATUS {
    run("FreeCredentialsHandle", || {
        // SAFETY: forwarded contract.
        let h = unsafe { handle::require(phCredential) }?;
        CREDENTIALS.remove(h)?;
        Ok(SEC_E_OK)
    })
}

/// Shared by A and W: SECPKG_CRED_ATTR_NAMES.
///
/// # Safety
/// As the exports.
unsafe fn query_cred_out(
    ph: *mut CredHandle,
    attr: ULONG,
    buf: *mut c_void,
    cs: Charset,
) -> Result<SECURITY_STATUS> {
    // SAFETY: forwarded contract.
    let cred = handle::credential(unsafe { handle::require(ph) }?)?;
    if buf.is_null() {
        return Err(Error::InvalidParameter("NULL pBuffer"));
    }
    match attr {
        SECPKG_CRED_ATTR_NAMES => {
            let name = strings::alloc(&cred.inner.name(), cs)?;
            // SAFETY: SecPkgCredentials_NamesA/W are one pointer; `buf` is
            // non-NULL and writable per the caller.
            unsafe { (buf as *mut *mut c_void).write_unaligned(name.into_raw()) };
            Ok(SEC_E_OK)
        }
        _ => Err(Error::Unsupported("credential attribute")),
    }
}

/// Queries a credential attribute. Supported: SECPKG_CRED_ATTR_NAMES
/// (`pBuffer` is a SecPkgCredentials_NamesW whose `sUserName` the caller
/// frees with FreeContextBuffer). Others → SEC_E_UNSUPPORTED_FUNCTION.
/// Thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycredentialsattributesw>
///
/// # Safety
/// `phCredential` is NULL or readable; `pBuffer` is NULL or points to the
/// attribute's struct.
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesW(
    phCredential: *mut CredHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    run("QueryCredentialsAttributesW", || {
        // SAFETY: forwarded contract.
        unsafe { query_cred_out(phCredential, ulAttribute, pBuffer, Charset::Wide) }
    })
}

/// ANSI form of [`QueryCredentialsAttributesW`].
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycredentialsattributesa>
///
/// # Safety
/// As [`QueryCredentialsAttributesW`].
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesA(
    phCredential: *mut CredHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    run("QueryCredentialsAttributesA", || {
        // SAFETY: forwarded contract.
        unsafe { query_cred_out(phCredential, ulAttribute, pBuffer, Charset::Ansi) }
    })
}
