//! Where tickets come from. Today: the credential cache only (tests
//! pre-fetch service tickets with MIT's `kvno`). When the KDC client
//! (`krb5::client`) is merged, the marked spots call it; nothing else in
//! this package talks to a KDC.
use std::time::{SystemTime, UNIX_EPOCH};

use super::codes::{kerberos_error, KRB5_CC_NOTFOUND};
use super::credentials::KerberosCredential;
use crate::core::{Error, Result};
use crate::krb5::ccache::{self, Credential as CcCred};
use crate::krb5::Principal;

fn now() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0)
}

/// A ticket's server matches `want`: same components, and the same realm
/// or the empty referral realm MIT stores some tickets under.
fn server_matches(have: &Principal, want: &Principal) -> bool {
    have.components == want.components && (have.realm == want.realm || have.realm.is_empty())
}

/// The cached, unexpired ticket for `server`, if any.
fn cached(cred: &KerberosCredential, server: &Principal) -> Result<Option<CcCred>> {
    let loc = cred.ccache.as_ref().ok_or_else(|| {
        Error::NoCredentials("this Kerberos credential has no credential cache".into())
    })?;
    let cc = ccache::read(loc)?;
    let t = now();
    Ok(cc
        .credentials
        .into_iter()
        .filter(|c| !c.is_config() && !c.ticket.is_empty())
        .filter(|c| c.endtime == 0 || c.endtime > t)
        .find(|c| server_matches(&c.server, server)))
}

/// The client's TGT (krbtgt/REALM@REALM) from the cache.
pub fn tgt(cred: &KerberosCredential) -> Result<CcCred> {
    let client = cred
        .client
        .as_ref()
        .ok_or_else(|| Error::NoCredentials("no Kerberos client principal".into()))?;
    let krbtgt = Principal::new(
        crate::krb5::principal::name_type::SRV_INST,
        &client.realm,
        &["krbtgt", &client.realm],
    );
    cached(cred, &krbtgt)?.ok_or_else(|| {
        kerberos_error(
            KRB5_CC_NOTFOUND,
            format!("no TGT {krbtgt} in {}", cred.ccache_name),
        )
    })
}

/// A service ticket for `server`.
pub fn service_ticket_for(cred: &KerberosCredential, server: &Principal) -> Result<CcCred> {
    if let Some(c) = cached(cred, server)? {
        return Ok(c);
    }
    // KDC: service_ticket() from krb5::client when merged:
    //     let tgt = tgt(cred)?;
    //     let c = krb5::client::service_ticket(&tgt, server, &TgsOptions::default())?;
    //     store it in cred.ccache (ccache::store) and return it.
    Err(kerberos_error(
        KRB5_CC_NOTFOUND,
        format!(
            "no ticket for {server} in {} and no KDC client to ask for one",
            cred.ccache_name
        ),
    ))
}

/// A forwarded TGT to delegate (KRB-CRED in the authenticator checksum).
pub fn forwarded_tgt(cred: &KerberosCredential) -> Result<CcCred> {
    let tgt = tgt(cred)?;
    if tgt.ticket_flags & ccache::flags::FORWARDABLE == 0 {
        return Err(Error::Unsupported("delegation: the TGT is not forwardable"));
    }
    // KDC: forwarded_tgt() from krb5::client when merged:
    //     return krb5::client::forwarded_tgt(&tgt);
    Err(Error::Unsupported(
        "Kerberos delegation: KDC client not merged",
    ))
}

/// Initial credentials from a password (acquire with an identity).
pub fn initial_creds_password(_client: &Principal, _password: &str) -> Result<CcCred> {
    // KDC: initial_creds_password() from krb5::client when merged:
    //     return krb5::client::initial_creds_password(client, password);
    Err(Error::Unsupported(
        "Kerberos password credentials: KDC client not merged",
    ))
}

/// Initial credentials from a client keytab (gss_acquire_cred_from
/// `client_keytab` when the cache has none).
pub fn initial_creds_keytab(_client: &Principal, _keytab: &std::path::Path) -> Result<CcCred> {
    // KDC: initial_creds_keytab() from krb5::client when merged.
    Err(Error::Unsupported(
        "Kerberos client keytab credentials: KDC client not merged",
    ))
}
