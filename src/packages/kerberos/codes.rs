//! MIT com_err codes (krb5 error table, base -1765328384) this package
//! reports, with MIT's texts, so GSSAPI minor codes and messages match
//! what users already search for. When `krb5::errors` (the KDC client's
//! full table) is merged, these become thin aliases of it.
use crate::core::Error;

/// KRB5KDC_ERR_* / KRB5KRB_AP_ERR_* are this base plus the RFC 4120 code.
pub const ERROR_TABLE_BASE: i32 = -1765328384;

pub const KRB5KRB_AP_ERR_BAD_INTEGRITY: i32 = -1765328353;
pub const KRB5KRB_AP_ERR_TKT_EXPIRED: i32 = -1765328352;
pub const KRB5KRB_AP_ERR_TKT_NYV: i32 = -1765328351;
pub const KRB5KRB_AP_ERR_REPEAT: i32 = -1765328350;
pub const KRB5KRB_AP_ERR_NOT_US: i32 = -1765328349;
pub const KRB5KRB_AP_ERR_SKEW: i32 = -1765328347;
pub const KRB5KRB_AP_ERR_BADVERSION: i32 = -1765328345;
pub const KRB5KRB_AP_ERR_MSG_TYPE: i32 = -1765328344;
pub const KRB5KRB_AP_ERR_MODIFIED: i32 = -1765328343;
pub const KRB5KRB_AP_ERR_MUT_FAIL: i32 = -1765328338;
pub const KRB5KRB_AP_ERR_INAPP_CKSUM: i32 = -1765328334;
pub const KRB5_CC_NOTFOUND: i32 = -1765328243;
pub const KRB5KRB_AP_WRONG_PRINC: i32 = -1765328240;
pub const KRB5_PROG_ETYPE_NOSUPP: i32 = -1765328234;
pub const KRB5_KT_NOTFOUND: i32 = -1765328203;
pub const KRB5_FCC_NOFILE: i32 = -1765328189;
pub const KRB5_KT_KVNONOTFOUND: i32 = -1765328154;

/// MIT's message for a code this package uses.
pub fn text(code: i32) -> &'static str {
    match code {
        KRB5KRB_AP_ERR_BAD_INTEGRITY => "Decrypt integrity check failed",
        KRB5KRB_AP_ERR_TKT_EXPIRED => "Ticket expired",
        KRB5KRB_AP_ERR_TKT_NYV => "Ticket not yet valid",
        KRB5KRB_AP_ERR_REPEAT => "Request is a replay",
        KRB5KRB_AP_ERR_NOT_US => "The ticket isn't for us",
        KRB5KRB_AP_ERR_SKEW => "Clock skew too great",
        KRB5KRB_AP_ERR_BADVERSION => "Protocol version mismatch",
        KRB5KRB_AP_ERR_MSG_TYPE => "Invalid message type",
        KRB5KRB_AP_ERR_MODIFIED => "Message stream modified",
        KRB5KRB_AP_ERR_MUT_FAIL => "Mutual authentication failed",
        KRB5KRB_AP_ERR_INAPP_CKSUM => "Inappropriate type of checksum in message",
        KRB5_CC_NOTFOUND => "Matching credential not found",
        KRB5KRB_AP_WRONG_PRINC => "Wrong principal in request",
        KRB5_PROG_ETYPE_NOSUPP => "Program lacks support for encryption type",
        KRB5_KT_NOTFOUND => "Key table entry not found",
        KRB5_FCC_NOFILE => "No credentials cache found",
        KRB5_KT_KVNONOTFOUND => "Key version number for principal in key table is incorrect",
        _ => "Kerberos error",
    }
}

/// `Error::Kerberos` with MIT's text, then the detail (what, which name).
pub fn kerberos_error(code: i32, detail: impl AsRef<str>) -> Error {
    let d = detail.as_ref();
    let message = if d.is_empty() {
        text(code).to_string()
    } else {
        format!("{} ({d})", text(code))
    };
    Error::Kerberos { code, message }
}
