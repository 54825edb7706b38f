//! Negotiate's credential: one sub-credential per mechanism whose package
//! is registered and whose credential could be acquired, in Windows'
//! preference order, narrowed by SEC_WINNT_AUTH_IDENTITY_EX's PackageList
//! and by gss_set_neg_mechs.
use std::any::Any;
use std::sync::Arc;
use std::time::SystemTime;

use parking_lot::Mutex;

use crate::core::credential::{CredRequest, Credential, PackageCredential};
use crate::core::{Error, Result};
use crate::packages::{self, Package};

/// Kerberos as Microsoft spells it, 1.2.840.48018.1.2.2 ([MS-KILE] 3.1.5.1).
pub const KRB5_MS_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02];
/// gss_mech_krb5, 1.2.840.113554.1.2.2 (RFC 1964).
pub const KRB5_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02];
/// NTLMSSP, 1.3.6.1.4.1.311.2.2.10.
pub const NTLM_OID: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a];

/// The mechanisms Negotiate may offer, in Windows' order ([MS-SPNG]
/// 3.1.5.2: the MS Kerberos OID, then the standard one, then NTLM).
pub const CANDIDATES: &[&[u8]] = &[KRB5_MS_OID, KRB5_OID, NTLM_OID];

/// Both Kerberos OIDs name the same mechanism (MIT treats them alike).
pub fn same_mech(a: &[u8], b: &[u8]) -> bool {
    let krb = |o: &[u8]| o == KRB5_OID || o == KRB5_MS_OID;
    a == b || (krb(a) && krb(b))
}

/// One mechanism this credential can negotiate.
#[derive(Clone)]
pub struct Mech {
    pub oid: &'static [u8],
    pub package: &'static dyn Package,
    pub cred: Arc<Credential>,
}

pub struct NegotiateCredential {
    /// Every usable mechanism in preference order; the two Kerberos OIDs
    /// share one credential.
    mechs: Vec<Mech>,
    /// gss_set_neg_mechs' restriction, when one was set.
    restriction: Mutex<Option<Vec<Vec<u8>>>>,
}

/// Whether PackageList (`"!NTLM"`, `"Kerberos"`, `"NTLM,Kerberos"`)
/// lets `name` through: names listed plainly are the only ones allowed
/// (when any is), names after `!` are excluded.
fn allowed(list: Option<&str>, name: &str) -> bool {
    let Some(list) = list else { return true };
    let items: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let listed = |n: &str| n.eq_ignore_ascii_case(name);
    if items
        .iter()
        .any(|i| i.strip_prefix('!').is_some_and(|n| listed(n.trim())))
    {
        return false;
    }
    let positives: Vec<&&str> = items.iter().filter(|i| !i.starts_with('!')).collect();
    positives.is_empty() || positives.iter().any(|i| listed(i))
}

impl NegotiateCredential {
    pub fn acquire(req: &CredRequest) -> Result<Self> {
        let list = req.package_list.as_deref();
        let sub_req = CredRequest {
            package_list: None,
            ..req.clone()
        };
        let mut mechs = Vec::new();
        let mut failures: Vec<String> = Vec::new();
        // Per package: the acquired credential, or why it failed.
        let mut tried: Vec<(&'static str, Option<Arc<Credential>>)> = Vec::new();
        for &oid in CANDIDATES {
            let Some(p) = packages::by_oid(oid) else {
                continue;
            };
            let name = p.info().name;
            if name.eq_ignore_ascii_case(super::INFO.name) || !allowed(list, name) {
                continue;
            }
            let cred = match tried.iter().find(|(n, _)| *n == name) {
                Some((_, c)) => c.clone(),
                None => {
                    let c = match Credential::acquire(p, &sub_req) {
                        Ok(c) => Some(Arc::new(c)),
                        Err(e) => {
                            crate::trace!("Negotiate: no {name} credential: {e}");
                            failures.push(format!("{name}: {e}"));
                            None
                        }
                    };
                    tried.push((name, c.clone()));
                    c
                }
            };
            if let Some(cred) = cred {
                mechs.push(Mech {
                    oid,
                    package: p,
                    cred,
                });
            }
        }
        if mechs.is_empty() {
            return Err(Error::NoCredentials(if failures.is_empty() {
                match list {
                    Some(l) => format!("the package list \"{l}\" leaves no mechanism to negotiate"),
                    None => "no mechanism is available to negotiate".into(),
                }
            } else {
                format!("no mechanism has credentials ({})", failures.join("; "))
            }));
        }
        Ok(NegotiateCredential {
            mechs,
            restriction: Mutex::new(None),
        })
    }

    /// A credential negotiating only `cred`'s package, under every
    /// candidate OID it registers.
    pub fn over(cred: Arc<Credential>) -> Result<Self> {
        let mechs: Vec<Mech> = CANDIDATES
            .iter()
            .filter(|&&oid| cred.package.info().oids.contains(&oid))
            .map(|&oid| Mech {
                oid,
                package: cred.package,
                cred: Arc::clone(&cred),
            })
            .collect();
        if mechs.is_empty() {
            return Err(Error::NoCredentials(format!(
                "{} cannot be negotiated by SPNEGO",
                cred.package.info().name
            )));
        }
        Ok(NegotiateCredential {
            mechs,
            restriction: Mutex::new(None),
        })
    }

    /// The mechanisms to offer now: all, or those gss_set_neg_mechs kept.
    pub fn mechs(&self) -> Vec<Mech> {
        let r = self.restriction.lock();
        self.mechs
            .iter()
            .filter(|m| {
                r.as_ref()
                    .is_none_or(|set| set.iter().any(|o| o.as_slice() == m.oid))
            })
            .cloned()
            .collect()
    }

    /// gss_set_neg_mechs: offer only these mechanisms (DER contents) from
    /// now on. Mechanisms this credential lacks are ignored, as MIT does.
    pub fn set_neg_mechs(&self, oids: &[Vec<u8>]) {
        *self.restriction.lock() = Some(oids.to_vec());
    }
}

impl PackageCredential for NegotiateCredential {
    fn name(&self) -> String {
        self.mechs
            .first()
            .map(|m| m.cred.inner.name())
            .unwrap_or_default()
    }

    fn expiry(&self) -> Option<SystemTime> {
        self.mechs
            .iter()
            .filter_map(|m| m.cred.inner.expiry())
            .min()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The Negotiate credential behind `cred`, if it is one.
pub fn of(cred: &Credential) -> Option<&NegotiateCredential> {
    cred.inner.as_any().downcast_ref::<NegotiateCredential>()
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn package_list_rules() {
        assert!(allowed(None, "NTLM"));
        assert!(!allowed(Some("!NTLM"), "NTLM"));
        assert!(allowed(Some("!NTLM"), "Kerberos"));
        assert!(allowed(Some("Kerberos"), "Kerberos"));
        assert!(!allowed(Some("Kerberos"), "NTLM"));
        assert!(allowed(Some("NTLM, Kerberos"), "ntlm"));
        assert!(!allowed(Some("NTLM,!ntlm"), "NTLM"));
    }
}
