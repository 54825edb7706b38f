//! The one place a core `Error` becomes a `SECURITY_STATUS`.
use crate::core::{Error, Result};

use super::types::*;

/// Maps `e` to Windows' status code for the same condition.
///
/// Choices where Windows has no single answer:
/// - `IncompleteContext` (message protection or a query on a context whose
///   handshake has not finished) → SEC_E_OUT_OF_SEQUENCE: the call comes
///   out of the establishment sequence. The handle itself is valid, so not
///   SEC_E_INVALID_HANDLE, and nothing has expired, so not
///   SEC_E_CONTEXT_EXPIRED.
/// - `Downgrade` → SEC_E_DOWNGRADE_DETECTED, Windows' code for "the peer
///   tried to make us accept weaker security" (Negotiate/Kerberos use it).
pub fn status(e: &Error) -> SECURITY_STATUS {
    match e {
        Error::InvalidHandle => SEC_E_INVALID_HANDLE,
        Error::InvalidParameter(_) => SEC_E_INVALID_PARAMETER,
        Error::InvalidToken(_) => SEC_E_INVALID_TOKEN,
        Error::BufferTooSmall => SEC_E_BUFFER_TOO_SMALL,
        Error::InsufficientMemory => SEC_E_INSUFFICIENT_MEMORY,
        Error::NoCredentials(_) => SEC_E_NO_CREDENTIALS,
        Error::UnknownCredentials(_) => SEC_E_UNKNOWN_CREDENTIALS,
        Error::LogonDenied(_) => SEC_E_LOGON_DENIED,
        Error::MessageAltered => SEC_E_MESSAGE_ALTERED,
        Error::OutOfSequence => SEC_E_OUT_OF_SEQUENCE,
        Error::Unsupported(_) => SEC_E_UNSUPPORTED_FUNCTION,
        Error::PackageNotFound(_) => SEC_E_SECPKG_NOT_FOUND,
        Error::TargetUnknown(_) => SEC_E_TARGET_UNKNOWN,
        Error::BadBindings => SEC_E_BAD_BINDINGS,
        Error::IncompleteContext => SEC_E_OUT_OF_SEQUENCE,
        Error::Expired => SEC_E_CONTEXT_EXPIRED,
        Error::Downgrade(_) => SEC_E_DOWNGRADE_DETECTED,
        Error::IncompleteMessage => SEC_E_INCOMPLETE_MESSAGE,
        Error::Internal(_) => SEC_E_INTERNAL_ERROR,
        Error::Kerberos { code, .. } => kerberos_status(*code),
    }
}

/// The status Windows' Kerberos package returns for the cause MIT names
/// with com_err `code` (the krb5 error table: KRB5KDC_ERR_* and
/// KRB5KRB_AP_ERR_* are -1765328384 + the RFC 4120 error code).
pub fn kerberos_status(code: i32) -> SECURITY_STATUS {
    use crate::krb5::errors::*;
    match code {
        // No KDC answered, or none is known for the realm.
        KRB5_KDC_UNREACH
        | KRB5_REALM_UNKNOWN
        | KRB5_REALM_CANT_RESOLVE
        | KRB5_CONFIG_NODEFREALM
        | KRB5_ERR_HOST_REALM_UNKNOWN => SEC_E_NO_AUTHENTICATING_AUTHORITY,
        KRB5KRB_AP_ERR_SKEW | KRB5_KDCREP_SKEW => SEC_E_TIME_SKEW,
        KRB5KDC_ERR_ETYPE_NOSUPP | KRB5_PROG_ETYPE_NOSUPP | KRB5_BAD_ENCTYPE => {
            SEC_E_KDC_UNKNOWN_ETYPE
        }
        KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN => SEC_E_TARGET_UNKNOWN,
        // Unknown user, wrong password, revoked or expired account.
        KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN
        | KRB5KDC_ERR_PREAUTH_FAILED
        | KRB5_PREAUTH_FAILED
        | KRB5KRB_AP_ERR_BAD_INTEGRITY
        | KRB5KDC_ERR_NAME_EXP
        | KRB5KDC_ERR_CLIENT_REVOKED
        | KRB5KDC_ERR_KEY_EXP => SEC_E_LOGON_DENIED,
        // No cache, no ticket in it, no client keytab entry: nothing to
        // authenticate with.
        KRB5_FCC_NOFILE | KRB5_CC_NOTFOUND | KRB5_CC_NOSUPP | KRB5_KT_NOTFOUND | KRB5_KT_END => {
            SEC_E_NO_CREDENTIALS
        }
        // A ticket for a key this service does not hold ("The target
        // principal name is incorrect").
        KRB5KRB_AP_ERR_MODIFIED
        | KRB5KRB_AP_WRONG_PRINC
        | KRB5KRB_AP_ERR_NOKEY
        | KRB5KRB_AP_ERR_BADKEYVER
        | KRB5_KT_KVNONOTFOUND => SEC_E_WRONG_PRINCIPAL,
        KRB5KRB_AP_ERR_TKT_EXPIRED => SEC_E_CONTEXT_EXPIRED,
        KRB5KRB_AP_ERR_REPEAT => SEC_E_OUT_OF_SEQUENCE,
        _ => SEC_E_LOGON_DENIED,
    }
}

/// The error a failed InitializeSecurityContext/AcceptSecurityContext step
/// reports. A token whose integrity check fails during establishment (for
/// NTLM, the AUTHENTICATE message's MIC) is a refused logon to an SSPI
/// caller: Windows does not answer SEC_E_MESSAGE_ALTERED from these calls,
/// which is reserved for VerifySignature/DecryptMessage. Everything else is
/// unchanged (and then mapped by `status`).
pub fn step_error(e: Error) -> Error {
    match e {
        Error::MessageAltered => {
            Error::LogonDenied("integrity check of the authentication token failed".into())
        }
        e => e,
    }
}

/// Turns an operation's result into the status returned to C, tracing the
/// cause of a failure under the export's `name`.
pub fn finish(name: &'static str, r: Result<SECURITY_STATUS>) -> SECURITY_STATUS {
    match r {
        Ok(s) => s,
        Err(e) => {
            let s = status(&e);
            crate::trace!("{name}: {e} -> 0x{:08X}", s as u32);
            s
        }
    }
}

/// Every export's body: the panic guard around one operation whose result
/// is mapped to a status here. `f` checks and converts the raw arguments
/// and calls the safe implementation.
pub fn run(name: &'static str, f: impl FnOnce() -> Result<SECURITY_STATUS>) -> SECURITY_STATUS {
    crate::abi::boundary::guard(name, SEC_E_INTERNAL_ERROR, || finish(name, f()))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn kerberos_codes_as_windows() {
        use crate::krb5::errors::*;
        let cases = [
            (KRB5_KDC_UNREACH, 0x8009_0311u32),
            (KRB5_REALM_UNKNOWN, 0x8009_0311),
            (KRB5KRB_AP_ERR_SKEW, 0x8009_0324),
            (KRB5KDC_ERR_ETYPE_NOSUPP, 0x8009_0341),
            (KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, 0x8009_0303),
            (KRB5KDC_ERR_PREAUTH_FAILED, 0x8009_030C),
            (KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, 0x8009_030C),
            (KRB5_FCC_NOFILE, 0x8009_030E),
            (KRB5_CC_NOTFOUND, 0x8009_030E),
            (KRB5KRB_AP_ERR_MODIFIED, 0x8009_0322),
            (KRB5KRB_AP_ERR_TKT_EXPIRED, 0x8009_0317),
        ];
        for (code, want) in cases {
            let e = kerberos_error(code, "");
            assert_eq!(status(&e) as u32, want, "{:?}", name(code));
        }
    }
    #[test]
    fn windows_values() {
        assert_eq!(status(&Error::InvalidHandle) as u32, 0x8009_0301);
        assert_eq!(status(&Error::InvalidParameter("x")) as u32, 0x8009_035D);
        assert_eq!(status(&Error::InvalidToken("x".into())) as u32, 0x8009_0308);
        assert_eq!(status(&Error::BufferTooSmall) as u32, 0x8009_0321);
        assert_eq!(status(&Error::InsufficientMemory) as u32, 0x8009_0300);
        assert_eq!(status(&Error::NoCredentials("".into())) as u32, 0x8009_030E);
        assert_eq!(
            status(&Error::UnknownCredentials("".into())) as u32,
            0x8009_030D
        );
        assert_eq!(status(&Error::LogonDenied("".into())) as u32, 0x8009_030C);
        assert_eq!(status(&Error::MessageAltered) as u32, 0x8009_030F);
        assert_eq!(status(&Error::OutOfSequence) as u32, 0x8009_0310);
        assert_eq!(status(&Error::Unsupported("")) as u32, 0x8009_0302);
        assert_eq!(
            status(&Error::PackageNotFound("".into())) as u32,
            0x8009_0305
        );
        assert_eq!(status(&Error::TargetUnknown("".into())) as u32, 0x8009_0303);
        assert_eq!(status(&Error::BadBindings) as u32, 0x8009_0346);
        assert_eq!(status(&Error::Expired) as u32, 0x8009_0317);
        assert_eq!(status(&Error::Downgrade("".into())) as u32, 0x8009_0350);
        assert_eq!(status(&Error::IncompleteMessage) as u32, 0x8009_0318);
        assert_eq!(status(&Error::Internal("".into())) as u32, 0x8009_0304);
        assert_eq!(SEC_I_CONTINUE_NEEDED, 0x0009_0312);
        assert_eq!(
            status(&step_error(Error::MessageAltered)),
            SEC_E_LOGON_DENIED
        );
        assert_eq!(status(&step_error(Error::BadBindings)), SEC_E_BAD_BINDINGS);
    }
}
