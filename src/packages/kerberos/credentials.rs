//! Kerberos credentials: outbound from a credential cache (KRB5CCNAME,
//! default_ccache_name, or the store's `ccache`), inbound from a keytab
//! (KRB5_KTNAME, default_keytab_name, /etc/krb5.keytab, or the store's
//! `keytab`). Files are read per call, so a program may change them.
use std::any::Any;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::tickets;
use crate::core::credential::{CredRequest, PackageCredential};
use crate::core::{Error, Result};
use crate::krb5::ccache::{self, CcacheLocation};
use crate::krb5::config::Krb5Config;
use crate::krb5::keytab::{self, Keytab};
use crate::krb5::{ConfigErrorKind, Principal};

#[derive(Debug, Clone)]
pub struct KerberosCredential {
    /// The initiator's principal (the cache's default principal).
    pub client: Option<Principal>,
    pub ccache: Option<CcacheLocation>,
    pub ccache_name: String,
    /// The acceptor's principal when one was asked for; None accepts any
    /// principal the keytab holds.
    pub acceptor: Option<Principal>,
    pub keytab: Option<PathBuf>,
    /// The credential store's `rcache` (MIT's `type:residual`), if given.
    pub rcache: Option<String>,
    pub expiry: Option<SystemTime>,
}

impl PackageCredential for KerberosCredential {
    fn name(&self) -> String {
        self.client
            .as_ref()
            .or(self.acceptor.as_ref())
            .map(|p| p.to_string())
            .unwrap_or_default()
    }
    fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A principal name as given (client and acceptor names; the initiator's
/// targets go through `target`, which canonicalizes host names): the realm
/// from [domain_realm] for a `service/host` name's host, else
/// default_realm.
pub fn parse_name(cfg: &Krb5Config, name: &str) -> Result<Principal> {
    let host_realm = || -> Option<String> {
        let (_, host) = name.split_once('/')?;
        let host = host.split('/').next()?;
        cfg.realm_for_host(host)
    };
    let realm = if name.contains('@') {
        None
    } else {
        host_realm().or_else(|| cfg.default_realm())
    };
    let mut p = Principal::parse(name, realm.as_deref())
        .map_err(|e| Error::TargetUnknown(format!("Kerberos name {name:?}: {}", e.message)))?;
    if p.components.len() == 2 && p.components[0] != "krbtgt" {
        p.name_type = crate::krb5::principal::name_type::SRV_HST;
    }
    Ok(p)
}

fn no_ccache(name: &str) -> Error {
    // MIT's gss_init_sec_context text for an absent or empty cache.
    Error::NoCredentials(format!(
        "No Kerberos credentials available (default cache: {name})"
    ))
}

fn from_tgt(tgt: crate::krb5::ccache::Credential) -> Result<KerberosCredential> {
    let (loc, name) = tickets::memory_cache(&tgt)?;
    Ok(KerberosCredential {
        client: Some(tgt.client.clone()),
        ccache: Some(loc),
        ccache_name: name,
        acceptor: None,
        keytab: None,
        rcache: None,
        expiry: Some(UNIX_EPOCH + Duration::from_secs(tgt.endtime as u64)),
    })
}

fn outbound(cfg: &Krb5Config, req: &CredRequest) -> Result<KerberosCredential> {
    let name = match req.store_value("ccache") {
        Some(n) => n.to_string(),
        None => ccache::default_name(cfg.libdefault("default_ccache_name", None).as_deref()),
    };
    if let Some(id) = &req.identity {
        // A password: a TGT from the KDC into a cache of this credential's own.
        let user = if id.domain.is_empty() {
            id.user.clone()
        } else {
            format!("{}@{}", id.user, id.domain.to_ascii_uppercase())
        };
        let client = parse_name(cfg, &user)?;
        let tgt = tickets::initial_creds_password(&client, &id.password)?;
        return from_tgt(tgt);
    }
    let loc = ccache::resolve(&name)?;
    let cc = match ccache::read(&loc) {
        Ok(cc) => cc,
        Err(e) if e.kind == ConfigErrorKind::NotFound => {
            if let Some(kt) = req.store_value("client_keytab") {
                let client = match &req.principal {
                    Some(p) => parse_name(cfg, p)?,
                    None => return Err(no_ccache(&name)),
                };
                let tgt = tickets::initial_creds_keytab(&client, &keytab::resolve(kt)?)?;
                return from_tgt(tgt);
            }
            return Err(no_ccache(&name));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(want) = &req.principal {
        let want = parse_name(cfg, want)?;
        if !want.matches(&cc.principal) {
            return Err(Error::NoCredentials(format!(
                "Can't find client principal {want} in cache collection ({name} holds {})",
                cc.principal
            )));
        }
    }
    let mut cred = KerberosCredential {
        client: Some(cc.principal.clone()),
        ccache: Some(loc),
        ccache_name: name.clone(),
        acceptor: None,
        keytab: None,
        rcache: req.store_value("rcache").map(str::to_string),
        expiry: None,
    };
    // Usable when it holds a TGT, or at least one ticket (kvno-fetched).
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0);
    let end = match tickets::tgt(&cred) {
        Ok(t) => t.endtime,
        Err(_) => cc
            .credentials
            .iter()
            .filter(|c| !c.is_config() && c.endtime > now)
            .map(|c| c.endtime)
            .max()
            .ok_or_else(|| no_ccache(&name))?,
    };
    cred.expiry = Some(UNIX_EPOCH + Duration::from_secs(end as u64));
    Ok(cred)
}

fn inbound(cfg: &Krb5Config, req: &CredRequest, cred: &mut KerberosCredential) -> Result<()> {
    let path = match req.store_value("keytab") {
        Some(k) => keytab::resolve(k)?,
        None => crate::krb5::default_keytab(cfg, false)?,
    };
    let kt = read_keytab(&path)?;
    if let Some(p) = &req.principal {
        let p = parse_name(cfg, p)?;
        if !kt.entries.iter().any(|e| e.principal.matches(&p)) {
            return Err(Error::NoCredentials(format!(
                "No key table entry found for {p} in {}",
                path.display()
            )));
        }
        cred.acceptor = Some(p);
    } else if kt.entries.is_empty() {
        return Err(Error::NoCredentials(format!(
            "Key table {} holds no keys",
            path.display()
        )));
    }
    cred.keytab = Some(path);
    Ok(())
}

/// Reads a keytab: NoCredentials naming the file when absent or unreadable.
pub fn read_keytab(path: &std::path::Path) -> Result<Keytab> {
    Keytab::read(path).map_err(|e| match e.kind {
        ConfigErrorKind::NotFound => {
            Error::NoCredentials(format!("Key table file '{}' not found", path.display()))
        }
        _ => Error::NoCredentials(format!("Key table file '{}': {e}", path.display())),
    })
}

pub fn acquire(req: &CredRequest) -> Result<KerberosCredential> {
    let cfg = Krb5Config::load()?;
    let mut cred = KerberosCredential {
        client: None,
        ccache: None,
        ccache_name: String::new(),
        acceptor: None,
        keytab: None,
        rcache: req.store_value("rcache").map(str::to_string),
        expiry: None,
    };
    let out = if req.usage.can_initiate() {
        Some(outbound(&cfg, req))
    } else {
        None
    };
    let inn = if req.usage.can_accept() {
        Some(inbound(&cfg, req, &mut cred))
    } else {
        None
    };
    match (out, inn) {
        (Some(Ok(o)), _) => {
            cred.client = o.client;
            cred.ccache = o.ccache;
            cred.ccache_name = o.ccache_name;
            cred.expiry = o.expiry;
        }
        // GSS_C_BOTH: either half is enough, as with MIT.
        (Some(Err(_)), Some(Ok(()))) => {}
        (Some(Err(e)), _) => return Err(e),
        (None, Some(Err(e))) => return Err(e),
        (None, _) => {}
    }
    Ok(cred)
}
