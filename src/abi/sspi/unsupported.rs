//! Exports with no implementation yet. Each checks its handle first (a bad
//! handle is SEC_E_INVALID_HANDLE, as on Windows), then answers
//! SEC_E_UNSUPPORTED_FUNCTION.
use std::ffi::c_void;

use super::handle;
use super::status::run;
use super::types::*;
use crate::core::{Error, Result};

/// # Safety
/// `p` is NULL or a readable SecHandle.
unsafe fn ctx_then_unsupported(
    p: *const CtxtHandle,
    what: &'static str,
) -> Result<SECURITY_STATUS> {
    // SAFETY: forwarded contract.
    handle::context(unsafe { handle::require(p) }?)?;
    Err(Error::Unsupported(what))
}

/// # Safety
/// `p` is NULL or a readable SecHandle.
unsafe fn cred_then_unsupported(
    p: *const CredHandle,
    what: &'static str,
) -> Result<SECURITY_STATUS> {
    // SAFETY: forwarded contract.
    handle::credential(unsafe { handle::require(p) }?)?;
    Err(Error::Unsupported(what))
}

macro_rules! ctx_unsupported {
    ($(#[$doc:meta])* $name:ident ( $($arg:ident : $t:ty),* )) => {
        $(#[$doc])*
        ///
        /// Checks `phContext` (SEC_E_INVALID_HANDLE if NULL, stale or
        /// forged), then returns SEC_E_UNSUPPORTED_FUNCTION; writes nothing.
        ///
        /// # Safety
        /// `phContext` is NULL or readable.
        #[no_mangle]
        pub unsafe extern "C" fn $name(phContext: *mut CtxtHandle $(, $arg: $t)*) -> SECURITY_STATUS {
            $(let _ = $arg;)*
            run(stringify!($name), || {
                // SAFETY: forwarded contract.
                unsafe { ctx_then_unsupported(phContext, stringify!($name)) }
            })
        }
    };
}

macro_rules! cred_unsupported {
    ($(#[$doc:meta])* $name:ident ( $($arg:ident : $t:ty),* )) => {
        $(#[$doc])*
        ///
        /// Checks `phCredential` (SEC_E_INVALID_HANDLE if NULL, stale or
        /// forged), then returns SEC_E_UNSUPPORTED_FUNCTION; writes nothing.
        ///
        /// # Safety
        /// `phCredential` is NULL or readable.
        #[no_mangle]
        pub unsafe extern "C" fn $name(phCredential: *mut CredHandle $(, $arg: $t)*) -> SECURITY_STATUS {
            $(let _ = $arg;)*
            run(stringify!($name), || {
                // SAFETY: forwarded contract.
                unsafe { cred_then_unsupported(phCredential, stringify!($name)) }
            })
        }
    };
}

ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-applycontroltoken>
    ApplyControlToken(pInput: *mut SecBufferDesc)
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-impersonatesecuritycontext>
    ImpersonateSecurityContext()
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-revertsecuritycontext>
    RevertSecurityContext()
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querysecuritycontexttoken>
    QuerySecurityContextToken(Token: *mut *mut c_void)
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-exportsecuritycontext>
    ExportSecurityContext(fFlags: ULONG, pPackedContext: *mut SecBuffer, pToken: *mut *mut c_void)
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-setcontextattributesw>
    SetContextAttributesW(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-setcontextattributesa>
    SetContextAttributesA(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycontextattributesexw>
    QueryContextAttributesExW(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
ctx_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycontextattributesexa>
    QueryContextAttributesExA(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
cred_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-setcredentialsattributesw>
    SetCredentialsAttributesW(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
cred_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-setcredentialsattributesa>
    SetCredentialsAttributesA(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
cred_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycredentialsattributesexw>
    QueryCredentialsAttributesExW(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
cred_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycredentialsattributesexa>
    QueryCredentialsAttributesExA(ulAttribute: ULONG, pBuffer: *mut c_void, cbBuffer: ULONG)
);
cred_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-addcredentialsw>
    AddCredentialsW(
        pszPrincipal: *mut SEC_WCHAR,
        pszPackage: *mut SEC_WCHAR,
        fCredentialUse: ULONG,
        pAuthData: *mut c_void,
        pGetKeyFn: SEC_GET_KEY_FN,
        pvGetKeyArgument: *mut c_void,
        ptsExpiry: *mut TimeStamp
    )
);
cred_unsupported!(
    /// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-addcredentialsa>
    AddCredentialsA(
        pszPrincipal: *mut SEC_CHAR,
        pszPackage: *mut SEC_CHAR,
        fCredentialUse: ULONG,
        pAuthData: *mut c_void,
        pGetKeyFn: SEC_GET_KEY_FN,
        pvGetKeyArgument: *mut c_void,
        ptsExpiry: *mut TimeStamp
    )
);

/// Imports a context exported by ExportSecurityContext. Not implemented:
/// returns SEC_E_UNSUPPORTED_FUNCTION (NULL `phContext` →
/// SEC_E_INVALID_PARAMETER first) and writes nothing.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-importsecuritycontextw>
///
/// # Safety
/// No pointer is dereferenced.
#[no_mangle]
pub unsafe extern "C" fn ImportSecurityContextW(
    _pszPackage: *mut SEC_WCHAR,
    _pPackedContext: *mut SecBuffer,
    _Token: *mut c_void,
    phContext: *mut CtxtHandle,
) -> SECURITY_STATUS {
    run("ImportSecurityContextW", || import(phContext))
}

/// ANSI form of [`ImportSecurityContextW`].
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-importsecuritycontexta>
///
/// # Safety
/// No pointer is dereferenced.
#[no_mangle]
pub unsafe extern "C" fn ImportSecurityContextA(
    _pszPackage: *mut SEC_CHAR,
    _pPackedContext: *mut SecBuffer,
    _Token: *mut c_void,
    phContext: *mut CtxtHandle,
) -> SECURITY_STATUS {
    run("ImportSecurityContextA", || import(phContext))
}

fn import(ph: *mut CtxtHandle) -> Result<SECURITY_STATUS> {
    if ph.is_null() {
        return Err(Error::InvalidParameter("NULL phContext"));
    }
    Err(Error::Unsupported("ImportSecurityContext"))
}

/// Changes an account password. Not implemented: returns
/// SEC_E_UNSUPPORTED_FUNCTION and writes nothing.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-changeaccountpasswordw>
///
/// # Safety
/// No pointer is dereferenced.
#[no_mangle]
pub unsafe extern "C" fn ChangeAccountPasswordW(
    _pszPackageName: *mut SEC_WCHAR,
    _pszDomainName: *mut SEC_WCHAR,
    _pszAccountName: *mut SEC_WCHAR,
    _pszOldPassword: *mut SEC_WCHAR,
    _pszNewPassword: *mut SEC_WCHAR,
    _bImpersonating: u8,
    _dwReserved: ULONG,
    _pOutput: *mut SecBufferDesc,
) -> SECURITY_STATUS {
    run("ChangeAccountPasswordW", || {
        Err(Error::Unsupported("ChangeAccountPassword"))
    })
}

/// ANSI form of [`ChangeAccountPasswordW`].
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-changeaccountpassworda>
///
/// # Safety
/// No pointer is dereferenced.
#[no_mangle]
pub unsafe extern "C" fn ChangeAccountPasswordA(
    _pszPackageName: *mut SEC_CHAR,
    _pszDomainName: *mut SEC_CHAR,
    _pszAccountName: *mut SEC_CHAR,
    _pszOldPassword: *mut SEC_CHAR,
    _pszNewPassword: *mut SEC_CHAR,
    _bImpersonating: u8,
    _dwReserved: ULONG,
    _pOutput: *mut SecBufferDesc,
) -> SECURITY_STATUS {
    run("ChangeAccountPasswordA", || {
        Err(Error::Unsupported("ChangeAccountPassword"))
    })
}
