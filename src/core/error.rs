//! The one error type of the core. `abi::sspi::status` maps it to
//! `SECURITY_STATUS`, `abi::gss::status` to a GSSAPI (major, minor) pair.
use std::fmt;

/// Every failure a package or the core can report. The faces map each
/// variant to their own status code in exactly one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A handle that is stale, freed, forged or of the wrong kind.
    InvalidHandle,
    /// A malformed argument from the caller (what was wrong).
    InvalidParameter(&'static str),
    /// A token from the peer that cannot be parsed or is out of place.
    InvalidToken(String),
    /// The caller's output buffer is too small (Windows: SEC_E_BUFFER_TOO_SMALL).
    BufferTooSmall,
    /// The caller's token buffer cannot hold the token (SEC_E_INSUFFICIENT_MEMORY).
    InsufficientMemory,
    /// No credentials could be found for the request.
    NoCredentials(String),
    /// The credential cannot be used this way (e.g. outbound-only used to accept).
    UnknownCredentials(String),
    /// Authentication failed: unknown user or wrong password.
    LogonDenied(String),
    /// A signature, MIC or checksum did not verify.
    MessageAltered,
    /// A message arrived out of order or was replayed.
    OutOfSequence,
    /// The operation is not implemented by this package.
    Unsupported(&'static str),
    /// No package of that name or OID.
    PackageNotFound(String),
    /// The target name is unknown or cannot be resolved.
    TargetUnknown(String),
    /// Channel bindings did not match.
    BadBindings,
    /// The context has not completed, or is in the wrong state for the call.
    IncompleteContext,
    /// The context or credential lifetime has passed.
    Expired,
    /// The peer asked for something our policy refuses (e.g. NTLMv1).
    Downgrade(String),
    /// The message is shorter than its framing says (SEC_E_INCOMPLETE_MESSAGE).
    IncompleteMessage,
    /// A bug or an environment failure (RNG, allocation).
    Internal(String),
    /// A Kerberos failure. `code` is MIT's com_err number (the krb5 error
    /// table, e.g. KRB5KDC_ERR_PREAUTH_FAILED = -1765328360), so the
    /// GSSAPI minor code and its text match MIT's; the SSPI face maps the
    /// code to the status Windows returns for the same cause.
    Kerberos { code: i32, message: String },
}

pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidHandle => write!(f, "invalid handle"),
            Error::InvalidParameter(what) => write!(f, "invalid parameter: {what}"),
            Error::InvalidToken(why) => write!(f, "invalid token: {why}"),
            Error::BufferTooSmall => write!(f, "buffer too small"),
            Error::InsufficientMemory => write!(f, "output buffer too small for the token"),
            Error::NoCredentials(why) => write!(f, "no credentials: {why}"),
            Error::UnknownCredentials(why) => write!(f, "credentials not usable: {why}"),
            Error::LogonDenied(why) => write!(f, "logon denied: {why}"),
            Error::MessageAltered => write!(f, "message altered: signature does not verify"),
            Error::OutOfSequence => write!(f, "message out of sequence or replayed"),
            Error::Unsupported(what) => write!(f, "unsupported: {what}"),
            Error::PackageNotFound(name) => write!(f, "no security package named {name}"),
            Error::TargetUnknown(why) => write!(f, "target unknown: {why}"),
            Error::BadBindings => write!(f, "channel bindings do not match"),
            Error::IncompleteContext => write!(f, "security context is not complete"),
            Error::Expired => write!(f, "context or credentials expired"),
            Error::Downgrade(why) => write!(f, "refused by policy: {why}"),
            Error::IncompleteMessage => write!(f, "incomplete message"),
            Error::Internal(why) => write!(f, "internal error: {why}"),
            Error::Kerberos { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}
