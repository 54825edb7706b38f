//! The MIT com_err codes this package reports, from the krb5 error table
//! in `krb5::errors` (MIT's numbers and texts), so GSSAPI minor codes and
//! messages match what users already search for.
pub use crate::krb5::errors::{
    kerberos_error, KRB5KRB_AP_ERR_BADMATCH, KRB5KRB_AP_ERR_BADVERSION,
    KRB5KRB_AP_ERR_BAD_INTEGRITY, KRB5KRB_AP_ERR_INAPP_CKSUM, KRB5KRB_AP_ERR_MODIFIED,
    KRB5KRB_AP_ERR_MSG_TYPE, KRB5KRB_AP_ERR_MUT_FAIL, KRB5KRB_AP_ERR_NOT_US, KRB5KRB_AP_ERR_REPEAT,
    KRB5KRB_AP_ERR_SKEW, KRB5KRB_AP_ERR_TKT_EXPIRED, KRB5KRB_AP_ERR_TKT_NYV,
    KRB5KRB_AP_WRONG_PRINC, KRB5_CC_NOTFOUND, KRB5_FCC_NOFILE, KRB5_KT_KVNONOTFOUND,
    KRB5_KT_NOTFOUND, KRB5_PROG_ETYPE_NOSUPP,
};

/// KRB5KDC_ERR_* / KRB5KRB_AP_ERR_* are this base plus the RFC 4120 code.
pub const ERROR_TABLE_BASE: i32 = crate::krb5::errors::ERROR_TABLE_BASE_krb5;
