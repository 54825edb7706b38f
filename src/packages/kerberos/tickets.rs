//! Where tickets come from: the credential cache first, then the KDC
//! through `krb5::client` (TGS exchange with the cache's TGT, AS exchange
//! for passwords and client keytabs). Nothing else in this package talks
//! to a KDC.
use std::time::{SystemTime, UNIX_EPOCH};

use super::codes::{kerberos_error, KRB5_CC_NOTFOUND};
use super::credentials::KerberosCredential;
use crate::core::{Error, Result};
use crate::krb5::ccache::{self, Credential as CcCred};
use crate::krb5::client::{self, TgsOptions};
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

/// The cached, unexpired service ticket for `server`, if any.
pub fn cached_service_ticket(
    cred: &KerberosCredential,
    server: &Principal,
) -> Result<Option<CcCred>> {
    cached(cred, server)
}

/// A service ticket for `server` from the KDC (TGS exchange with the
/// cache's TGT), then stored in the cache.
pub fn kdc_service_ticket(cred: &KerberosCredential, server: &Principal) -> Result<CcCred> {
    let tgt = tgt(cred)?;
    let c = client::service_ticket(&tgt, server, &TgsOptions::default())?;
    if let Some(loc) = &cred.ccache {
        // Cached for the next context, as MIT's krb5_get_credentials does.
        if let Err(e) = ccache::store(loc, &c) {
            crate::trace!("kerberos: cannot cache the ticket for {server}: {e}");
        }
    }
    Ok(c)
}

/// A forwarded TGT to delegate (KRB-CRED in the authenticator checksum).
pub fn forwarded_tgt(cred: &KerberosCredential) -> Result<CcCred> {
    let tgt = tgt(cred)?;
    if tgt.ticket_flags & ccache::flags::FORWARDABLE == 0 {
        return Err(Error::Unsupported("delegation: the TGT is not forwardable"));
    }
    client::forwarded_tgt(&tgt)
}

/// Initial credentials from a password (acquire with an identity).
pub fn initial_creds_password(client: &Principal, password: &str) -> Result<CcCred> {
    client::initial_creds_password(client, password)
}

/// Initial credentials from a client keytab (gss_acquire_cred_from
/// `client_keytab` when the cache has none).
pub fn initial_creds_keytab(client: &Principal, keytab: &std::path::Path) -> Result<CcCred> {
    let kt = super::credentials::read_keytab(keytab)?;
    client::initial_creds_keytab(client, &kt)
}

/// A fresh MEMORY: cache holding `tgt` (credentials from a password or a
/// client keytab belong to the credential handle, not to the user's cache,
/// as with MIT's gss_acquire_cred_with_password).
pub fn memory_cache(tgt: &CcCred) -> Result<(ccache::CcacheLocation, String)> {
    let mut rnd = [0u8; 8];
    crate::crypto::random::fill(&mut rnd).map_err(|e| Error::Internal(format!("random: {e}")))?;
    let name: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
    let loc = ccache::CcacheLocation::Memory(format!("sspi-{name}"));
    client::store_new(&loc, tgt)?;
    Ok((loc, format!("MEMORY:sspi-{name}")))
}
