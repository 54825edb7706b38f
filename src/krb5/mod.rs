//! MIT Kerberos files: krb5.conf (profile format), credential caches
//! (FILE version 4, MEMORY, DIR collections) and keytabs, read per call
//! from the environment (KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME,
//! KRB5_CLIENT_KTNAME). Errors name the file and the line or byte.
pub mod ccache;
pub mod config;
pub mod error;
pub mod fsutil;
pub mod keytab;
pub mod principal;
pub mod wire;

pub use error::{ConfigError, ConfigErrorKind, ConfigResult};
pub use principal::Principal;
