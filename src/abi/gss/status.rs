//! The one mapping from `core::Error` to a GSSAPI (major, minor) pair, and
//! `gss_display_status` texts: MIT's exact wording for major codes (as MIT
//! krb5 1.20 prints them), our sentences for our minor codes.
use std::cell::RefCell;
use std::collections::HashMap;

use super::types::*;
use crate::core::Error;

/// Base of our minor status codes (a com_err-style table of our own,
/// "SS" in the top bytes). MIT's krb5 com_err numbers (e.g. -1765328xxx)
/// stay free for the Kerberos package, whose minor codes keep MIT's values.
pub const MINOR_BASE: u32 = 0x5353_0000;

/// Our minor codes, one per `core::Error` variant; numbers are stable and
/// never reused.
pub mod minor {
    use super::MINOR_BASE;
    pub const INVALID_HANDLE: u32 = MINOR_BASE + 1;
    pub const INVALID_PARAMETER: u32 = MINOR_BASE + 2;
    pub const INVALID_TOKEN: u32 = MINOR_BASE + 3;
    pub const BUFFER_TOO_SMALL: u32 = MINOR_BASE + 4;
    pub const INSUFFICIENT_MEMORY: u32 = MINOR_BASE + 5;
    pub const NO_CREDENTIALS: u32 = MINOR_BASE + 6;
    pub const UNKNOWN_CREDENTIALS: u32 = MINOR_BASE + 7;
    pub const LOGON_DENIED: u32 = MINOR_BASE + 8;
    pub const MESSAGE_ALTERED: u32 = MINOR_BASE + 9;
    pub const OUT_OF_SEQUENCE: u32 = MINOR_BASE + 10;
    pub const UNSUPPORTED: u32 = MINOR_BASE + 11;
    pub const PACKAGE_NOT_FOUND: u32 = MINOR_BASE + 12;
    pub const TARGET_UNKNOWN: u32 = MINOR_BASE + 13;
    pub const BAD_BINDINGS: u32 = MINOR_BASE + 14;
    pub const INCOMPLETE_CONTEXT: u32 = MINOR_BASE + 15;
    pub const EXPIRED: u32 = MINOR_BASE + 16;
    pub const DOWNGRADE: u32 = MINOR_BASE + 17;
    pub const INCOMPLETE_MESSAGE: u32 = MINOR_BASE + 18;
    pub const INTERNAL: u32 = MINOR_BASE + 19;
    /// Not a core error: a name string or name type we cannot parse.
    pub const BAD_NAME: u32 = MINOR_BASE + 20;
    /// Not a core error: an OID string or OID we cannot parse.
    pub const BAD_OID: u32 = MINOR_BASE + 21;
    /// Not a core error: gss_localname found no local user for the name.
    pub const NO_LOCAL_ACCOUNT: u32 = MINOR_BASE + 22;
}

/// Generic sentence for each of our minor codes.
fn minor_sentence(code: u32) -> Option<&'static str> {
    use minor::*;
    Some(match code {
        INVALID_HANDLE => "The handle is invalid, stale or of the wrong kind",
        INVALID_PARAMETER => "An argument is malformed",
        INVALID_TOKEN => "The peer's token is malformed or out of place",
        BUFFER_TOO_SMALL => "An output buffer is too small",
        INSUFFICIENT_MEMORY => "The output buffer cannot hold the token",
        NO_CREDENTIALS => {
            "No credentials are available: no password was given and none was found \
             (NTLM reads NTLM_USER_FILE, Kerberos the credential cache)"
        }
        UNKNOWN_CREDENTIALS => "The credentials cannot be used this way",
        LOGON_DENIED => "Authentication failed: the user is unknown or the password is wrong",
        MESSAGE_ALTERED => "The message was altered, or signed with another session's key",
        OUT_OF_SEQUENCE => "The message arrived out of sequence or was replayed",
        UNSUPPORTED => "The mechanism does not support this operation",
        PACKAGE_NOT_FOUND => "No such security mechanism",
        TARGET_UNKNOWN => "The target name is unknown",
        BAD_BINDINGS => "The channel bindings do not match the peer's",
        INCOMPLETE_CONTEXT => "The security context is not established yet",
        EXPIRED => "The context or credentials have expired",
        DOWNGRADE => "Refused by local policy (NTLM accepts NTLMv2 responses only)",
        INCOMPLETE_MESSAGE => "The message is shorter than its framing says",
        INTERNAL => "Internal error in sspi-shim",
        BAD_NAME => "The name cannot be parsed for its name type",
        BAD_OID => "The object identifier is malformed",
        NO_LOCAL_ACCOUNT => "The name has no local account on this host",
        _ => return None,
    })
}

/// A failed call's status pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GssErr {
    pub major: OM_uint32,
    pub minor: OM_uint32,
}

impl GssErr {
    pub const fn new(major: OM_uint32, minor: OM_uint32) -> Self {
        GssErr { major, minor }
    }
    /// A calling or routine error without a minor code.
    pub const fn major(major: OM_uint32) -> Self {
        GssErr { major, minor: 0 }
    }
}

pub type GssResult<T> = Result<T, GssErr>;

/// THE mapping from a core error to (major, minor). The detailed text is
/// kept per thread so `gss_display_status` of the minor code can show the
/// cause, as MIT's krb5 mechanism does.
pub fn map_error(e: &Error) -> GssErr {
    use minor::*;
    let (major, min) = match e {
        Error::InvalidHandle => (GSS_S_NO_CONTEXT, INVALID_HANDLE),
        Error::InvalidParameter(_) => (GSS_S_FAILURE, INVALID_PARAMETER),
        Error::InvalidToken(_) => (GSS_S_DEFECTIVE_TOKEN, INVALID_TOKEN),
        Error::BufferTooSmall => (GSS_S_FAILURE, BUFFER_TOO_SMALL),
        Error::InsufficientMemory => (GSS_S_FAILURE, INSUFFICIENT_MEMORY),
        Error::NoCredentials(_) => (GSS_S_NO_CRED, NO_CREDENTIALS),
        Error::UnknownCredentials(_) => (GSS_S_NO_CRED, UNKNOWN_CREDENTIALS),
        Error::LogonDenied(_) => (GSS_S_FAILURE, LOGON_DENIED),
        Error::MessageAltered => (GSS_S_BAD_SIG, MESSAGE_ALTERED),
        Error::OutOfSequence => (GSS_S_BAD_SIG | GSS_S_UNSEQ_TOKEN, OUT_OF_SEQUENCE),
        Error::Unsupported(_) => (GSS_S_UNAVAILABLE, UNSUPPORTED),
        Error::PackageNotFound(_) => (GSS_S_BAD_MECH, PACKAGE_NOT_FOUND),
        Error::TargetUnknown(_) => (GSS_S_BAD_NAME, TARGET_UNKNOWN),
        Error::BadBindings => (GSS_S_BAD_BINDINGS, BAD_BINDINGS),
        Error::IncompleteContext => (GSS_S_NO_CONTEXT, INCOMPLETE_CONTEXT),
        Error::Expired => (GSS_S_CONTEXT_EXPIRED, EXPIRED),
        Error::Downgrade(_) => (GSS_S_UNAUTHORIZED, DOWNGRADE),
        Error::IncompleteMessage => (GSS_S_DEFECTIVE_TOKEN, INCOMPLETE_MESSAGE),
        Error::Internal(_) => (GSS_S_FAILURE, INTERNAL),
        // MIT reports Kerberos causes as GSS_S_FAILURE with the com_err
        // code as the minor status.
        Error::Kerberos { code, .. } => (GSS_S_FAILURE, *code as u32),
    };
    remember(min, detail_text(e, min));
    crate::trace!("gss error: major {major:#x} minor {min:#x}: {e}");
    GssErr::new(major, min)
}

/// The text gss_display_status shows for an error: our sentence for its
/// minor code, then the package's cause ("Authentication failed: ...:
/// wrong password for user EXAMPLE\alice"). Kerberos errors keep MIT's
/// com_err text, as users search for it.
fn detail_text(e: &Error, min: u32) -> String {
    let cause = match e {
        Error::Kerberos { .. } => return e.to_string(),
        Error::InvalidToken(s)
        | Error::NoCredentials(s)
        | Error::UnknownCredentials(s)
        | Error::LogonDenied(s)
        | Error::PackageNotFound(s)
        | Error::TargetUnknown(s)
        | Error::Downgrade(s)
        | Error::Internal(s) => s.as_str(),
        Error::InvalidParameter(s) | Error::Unsupported(s) => s,
        _ => "",
    };
    let sentence = minor_sentence(min).unwrap_or("Error");
    if cause.is_empty() {
        sentence.to_string()
    } else {
        format!("{sentence}: {cause}")
    }
}

impl From<Error> for GssErr {
    fn from(e: Error) -> Self {
        map_error(&e)
    }
}

thread_local! {
    static DETAIL: RefCell<HashMap<u32, String>> = RefCell::new(HashMap::new());
}

/// Keeps the detailed text of the last error with this minor code on this thread.
pub fn remember(minor: u32, text: String) {
    DETAIL.with(|d| {
        d.borrow_mut().insert(minor, text);
    });
}

/// Text for a minor (mechanism) code.
pub fn minor_text(code: u32) -> String {
    if code == 0 {
        return "Unknown error".to_string();
    }
    if let Some(t) = DETAIL.with(|d| d.borrow().get(&code).cloned()) {
        return t;
    }
    // MIT's fixed text for a krb5 com_err code (the table's range).
    if let Some(t) = crate::krb5::errors::message(code as i32) {
        return t.to_string();
    }
    match minor_sentence(code) {
        Some(s) => s.to_string(),
        None => format!("Unknown code {code}"),
    }
}

const CALLING: [&str; 3] = [
    "A required input parameter could not be read",
    "A required output parameter could not be written",
    "A parameter was malformed",
];

const ROUTINE: [&str; 18] = [
    "An unsupported mechanism was requested",
    "An invalid name was supplied",
    "A supplied name was of an unsupported type",
    "Incorrect channel bindings were supplied",
    "An invalid status code was supplied",
    "A token had an invalid Message Integrity Check (MIC)",
    "No credentials were supplied, or the credentials were unavailable or inaccessible",
    "No context has been established",
    "Invalid token was supplied",
    "Invalid credential was supplied",
    "The referenced credential has expired",
    "The referenced context has expired",
    "Unspecified GSS failure.  Minor code may provide more information",
    "The quality-of-protection (QOP) requested could not be provided",
    "The operation is forbidden by local security policy",
    "The operation or option is not available or unsupported",
    "The requested credential element already exists",
    "The provided name was not mechanism specific (MN)",
];

const SUPPLEMENTARY: [&str; 5] = [
    "The routine must be called again to complete its function",
    "The token was a duplicate of an earlier token",
    "The token's validity period has expired",
    "A later token has already been processed",
    "An expected per-message token was not received",
];

const BAD_STATUS: &str = "An invalid status code was supplied";

/// The messages for a major status, in MIT's order: calling error, routine
/// error, then each supplementary bit from the lowest.
pub fn major_messages(code: OM_uint32) -> Vec<&'static str> {
    if code == GSS_S_COMPLETE {
        return vec!["The routine completed successfully"];
    }
    let mut v = Vec::new();
    let calling = (code >> GSS_C_CALLING_ERROR_OFFSET) & GSS_C_CALLING_ERROR_MASK;
    let routine = (code >> GSS_C_ROUTINE_ERROR_OFFSET) & GSS_C_ROUTINE_ERROR_MASK;
    let supp = code & GSS_C_SUPPLEMENTARY_MASK;
    if calling != 0 {
        v.push(
            CALLING
                .get(calling as usize - 1)
                .copied()
                .unwrap_or(BAD_STATUS),
        );
    }
    if routine != 0 {
        v.push(
            ROUTINE
                .get(routine as usize - 1)
                .copied()
                .unwrap_or(BAD_STATUS),
        );
    }
    for bit in 0..16 {
        if supp & (1 << bit) != 0 {
            v.push(SUPPLEMENTARY.get(bit).copied().unwrap_or(BAD_STATUS));
        }
    }
    v
}

/// One step of `gss_display_status`: the message at `*ctx` and the next
/// context (0 after the last message), as MIT iterates.
pub fn display_step(code: u32, kind: i32, ctx: u32) -> GssResult<(String, u32)> {
    match kind {
        GSS_C_GSS_CODE => {
            let msgs = major_messages(code);
            let i = ctx as usize;
            let msg = msgs.get(i).ok_or(GssErr::major(GSS_S_BAD_STATUS))?;
            let next = if i + 1 < msgs.len() { i as u32 + 1 } else { 0 };
            Ok((msg.to_string(), next))
        }
        GSS_C_MECH_CODE => {
            if ctx != 0 {
                return Err(GssErr::major(GSS_S_BAD_STATUS));
            }
            Ok((minor_text(code), 0))
        }
        _ => Err(GssErr::major(GSS_S_BAD_STATUS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_text_matches_mit() {
        assert_eq!(major_messages(0), ["The routine completed successfully"]);
        assert_eq!(
            major_messages(GSS_S_NO_CRED),
            ["No credentials were supplied, or the credentials were unavailable or inaccessible"]
        );
        assert_eq!(major_messages(20 << 16), [BAD_STATUS]);
        assert_eq!(major_messages(4 << 24), [BAD_STATUS]);
        assert_eq!(major_messages(32), [BAD_STATUS]);
    }

    #[test]
    fn display_iterates_calling_routine_supplementary() {
        let code = GSS_S_CALL_INACCESSIBLE_READ | GSS_S_DEFECTIVE_TOKEN | 1 | 8;
        let mut ctx = 0;
        let mut got = Vec::new();
        loop {
            let (m, next) = display_step(code, GSS_C_GSS_CODE, ctx).unwrap();
            got.push(m);
            if next == 0 {
                break;
            }
            ctx = next;
        }
        assert_eq!(
            got,
            [
                "A required input parameter could not be read",
                "Invalid token was supplied",
                "The routine must be called again to complete its function",
                "A later token has already been processed",
            ]
        );
        assert!(display_step(code, 7, 0).is_err());
    }

    #[test]
    fn minor_codes_carry_detail() {
        let e = map_error(&Error::NoCredentials("no NTLM_USER_FILE".into()));
        assert_eq!(e.major, GSS_S_NO_CRED);
        assert!(minor_text(e.minor).starts_with("No credentials are available: "));
        assert!(minor_text(e.minor).ends_with(": no NTLM_USER_FILE"));
        let e = map_error(&Error::LogonDenied("wrong password for user D\\u".into()));
        assert_eq!(
            minor_text(e.minor),
            "Authentication failed: the user is unknown or the password is wrong: \
             wrong password for user D\\u"
        );
        let e = map_error(&Error::MessageAltered);
        assert_eq!(
            minor_text(e.minor),
            "The message was altered, or signed with another session's key"
        );
        assert_eq!(minor_text(0), "Unknown error");
        assert_eq!(
            minor_text(minor::BAD_OID),
            "The object identifier is malformed"
        );
        assert!(minor_text(MINOR_BASE + 999).starts_with("Unknown code"));
    }
}
