//! MIT Kerberos files: krb5.conf (profile format), credential caches
//! (FILE version 4, MEMORY, DIR collections) and keytabs, read per call
//! from the environment (KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME,
//! KRB5_CLIENT_KTNAME). Errors name the file and the line or byte.
//! The KDC client (`client`: AS and TGS exchanges over `transport`, with
//! `asn1` helpers over picky-krb, `cred` for KRB-CRED, `dns` for SRV
//! discovery) reports failures with MIT's com_err codes (`errors`).
//! `canon` canonicalizes the host names of service principals as MIT
//! does (dns_canonicalize_hostname, rdns), through `hosts` (the hosts
//! file) and `dns` (A/AAAA/CNAME/PTR).
pub mod asn1;
pub mod canon;
pub mod ccache;
pub mod client;
pub mod config;
pub mod cred;
pub mod dns;
pub mod error;
pub mod errors;
pub mod fsutil;
pub mod hosts;
pub mod keytab;
pub mod principal;
pub mod transport;
pub mod wire;

pub use error::{ConfigError, ConfigErrorKind, ConfigResult};
pub use principal::Principal;

use std::path::PathBuf;

/// The credential cache this call should use: KRB5CCNAME, then
/// `default_ccache_name` from krb5.conf, then FILE:/tmp/krb5cc_%{uid}.
pub fn default_ccache(cfg: &config::Krb5Config) -> ConfigResult<ccache::CcacheLocation> {
    let configured = cfg.libdefault("default_ccache_name", None);
    ccache::resolve(&ccache::default_name(configured.as_deref()))
}

/// The keytab file this call should use: for an acceptor KRB5_KTNAME,
/// `default_keytab_name`, /etc/krb5.keytab; for an initiator
/// KRB5_CLIENT_KTNAME, `default_client_keytab_name`, MIT's default.
pub fn default_keytab(cfg: &config::Krb5Config, client: bool) -> ConfigResult<PathBuf> {
    let tag = if client {
        "default_client_keytab_name"
    } else {
        "default_keytab_name"
    };
    let configured = cfg.libdefault(tag, None);
    keytab::resolve(&keytab::default_name(client, configured.as_deref()))
}
