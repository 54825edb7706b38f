//! The initiator's target name to the service principal it asks the KDC
//! for, as MIT krb5 1.20 builds host-based service principals
//! (krb5_sname_to_principal and k5_canonprinc in lib/krb5/os/sn2princ.c,
//! the retry in krb5_tkt_creds_step of lib/krb5/krb/get_creds.c).
//!
//! `service/host` without a realm (what GSS_C_NT_HOSTBASED_SERVICE
//! `service@host` becomes, and an SSPI target SPN) is host-based: its host
//! is expanded by `krb5::canon` as dns_canonicalize_hostname says:
//! - `true` (the default): with DNS lookups (and the reverse one if rdns);
//! - `false`: without (short name qualification and lowercasing only);
//! - `fallback`: without first; when the KDC answers
//!   KDC_ERR_S_PRINCIPAL_UNKNOWN, once more with DNS if that gives
//!   another name.
//!
//! The realm is then [domain_realm]'s for the expanded host, else
//! default_realm. A `:port` or `:instance` trailer (MSSQLSvc/db:1433)
//! stays after the expanded host. Every other name (a realm given, one
//! or three components, krbtgt/..., escapes) is taken as it is.
use std::sync::Arc;

use super::credentials::parse_name;
use crate::core::{Error, Result};
use crate::krb5::canon::{Expand, Resolver};
use crate::krb5::config::{Canonicalize, Krb5Config};
use crate::krb5::errors::KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN;
use crate::krb5::principal::name_type;
use crate::krb5::Principal;

/// A resolved target: the principal to ask for first.
#[derive(Clone)]
pub struct Target {
    pub principal: Principal,
    /// With `fallback`: what the DNS retry needs.
    retry: Option<Retry>,
}

#[derive(Clone)]
struct Retry {
    service: String,
    host: String,
    trailer: String,
    expand: Expand,
    cfg: Arc<Krb5Config>,
}

/// `service/host` when `name` is host-based.
fn host_based(name: &str) -> Option<(&str, &str)> {
    if name.contains(['@', '\\']) {
        return None;
    }
    let (service, host) = name.split_once('/')?;
    let ok = !service.is_empty() && service != "krbtgt" && !host.is_empty() && !host.contains('/');
    ok.then_some((service, host))
}

/// A host's `:port` or `:instance` trailer: one colon followed by one or
/// more characters (an IPv6 address has several colons: none).
fn split_trailer(host: &str) -> (&str, &str) {
    match host.find(':') {
        Some(i) if i + 1 < host.len() && !host[i + 1..].contains(':') => host.split_at(i),
        _ => (host, ""),
    }
}

fn build(cfg: &Krb5Config, service: &str, host: &str, trailer: &str) -> Result<Principal> {
    let realm = cfg
        .realm_for_host(host)
        .or_else(|| cfg.default_realm())
        .ok_or_else(|| {
            Error::TargetUnknown(format!(
                "no realm for host {host}: no [domain_realm] entry and no default_realm"
            ))
        })?;
    Ok(Principal {
        name_type: name_type::SRV_HST,
        realm,
        components: vec![service.to_string(), format!("{host}{trailer}")],
    })
}

impl Target {
    /// The principal for the target `name`; lookups (mode `true`) go
    /// through `r`.
    pub fn resolve(cfg: &Arc<Krb5Config>, name: &str, r: &dyn Resolver) -> Result<Target> {
        let Some((service, host)) = host_based(name) else {
            return Ok(Target {
                principal: parse_name(cfg, name)?,
                retry: None,
            });
        };
        let defaults = cfg.libdefaults(None)?;
        let mode = defaults.dns_canonicalize_hostname;
        let expand = Expand {
            use_dns: mode == Canonicalize::True,
            rdns: defaults.rdns,
            qualify_shortname: cfg.libdefault("qualify_shortname", None),
        };
        let (host, trailer) = split_trailer(host);
        let principal = build(cfg, service, &expand.host(host, r), trailer)?;
        crate::trace!("kerberos: target {name} is {principal} (dns_canonicalize_hostname {mode})");
        let retry = (mode == Canonicalize::Fallback).then(|| Retry {
            service: service.to_string(),
            host: host.to_string(),
            trailer: trailer.to_string(),
            expand: Expand {
                use_dns: true,
                ..expand
            },
            cfg: Arc::clone(cfg),
        });
        Ok(Target { principal, retry })
    }

    /// With `fallback`: the principal with the host canonicalized by DNS,
    /// if that differs from the first one.
    fn dns_principal(&self, r: &dyn Resolver) -> Result<Option<Principal>> {
        let Some(t) = &self.retry else {
            return Ok(None);
        };
        let p = build(&t.cfg, &t.service, &t.expand.host(&t.host, r), &t.trailer)?;
        Ok((p != self.principal).then_some(p))
    }

    /// A ticket (or whatever `cached` and `kdc` give) for the principal,
    /// in MIT's order (krb5_tkt_creds_init, check_cache and
    /// krb5_tkt_creds_step): the cache for each candidate principal (with
    /// `fallback`, the DNS-canonicalized one is the second), then the KDC
    /// for the first, and for the second when the KDC does not know the
    /// first. Returns the principal that was used with the result.
    pub fn fetch<T>(
        &self,
        r: &dyn Resolver,
        mut cached: impl FnMut(&Principal) -> Result<Option<T>>,
        mut kdc: impl FnMut(&Principal) -> Result<T>,
    ) -> Result<(Principal, T)> {
        let first = &self.principal;
        if let Some(v) = cached(first)? {
            return Ok((first.clone(), v));
        }
        let second = self.dns_principal(r)?;
        if let Some(p) = &second {
            if let Some(v) = cached(p)? {
                return Ok((p.clone(), v));
            }
        }
        match (kdc(first), second) {
            (
                Err(Error::Kerberos {
                    code: KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN,
                    ..
                }),
                Some(p),
            ) => {
                crate::trace!("kerberos: {first} unknown to the KDC, trying {p}");
                let v = kdc(&p)?;
                Ok((p, v))
            }
            (res, _) => res.map(|v| (first.clone(), v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::krb5::canon::tests::FakeResolver;
    use crate::krb5::errors::{kerberos_error, KRB5KDC_ERR_PREAUTH_FAILED};
    use std::cell::RefCell;

    fn cfg(libdefaults: &str) -> Arc<Krb5Config> {
        let text = format!(
            "[libdefaults]\n default_realm = DEF.REALM\n{libdefaults}\n\
             [domain_realm]\n .example.org = EXAMPLE.ORG\n"
        );
        Arc::new(Krb5Config::parse_str(&text, std::path::Path::new("t.conf")).unwrap())
    }

    fn resolver() -> FakeResolver {
        FakeResolver {
            domain: Some("corp.example".into()),
            ..Default::default()
        }
        .with(
            "www",
            "Web.Example.ORG",
            "192.0.2.7",
            Some("rev.example.org."),
        )
        .with("db", "sql1.example.org", "192.0.2.9", None)
    }

    fn resolve(conf: &str, name: &str) -> (String, Vec<String>) {
        let r = resolver();
        let t = Target::resolve(&cfg(conf), name, &r).unwrap();
        let asked = r.asked.borrow().clone();
        (t.principal.to_string(), asked)
    }

    fn unknown() -> Error {
        kerberos_error(KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, "no such server")
    }

    #[test]
    fn true_looks_up_forward_and_reverse() {
        // true is the default.
        for conf in ["", " dns_canonicalize_hostname = true"] {
            let (p, asked) = resolve(conf, "HTTP/www");
            assert_eq!(p, "HTTP/rev.example.org@EXAMPLE.ORG");
            assert_eq!(asked, ["forward www", "reverse 192.0.2.7"]);
        }
        let (p, asked) = resolve(" rdns = false", "HTTP/www");
        assert_eq!(p, "HTTP/web.example.org@EXAMPLE.ORG");
        assert_eq!(asked, ["forward www"]);
        let t = Target::resolve(&cfg(""), "HTTP/www", &resolver()).unwrap();
        assert_eq!(t.principal.name_type, name_type::SRV_HST);
        // A trailer stays; the realm comes from the expanded host.
        let (p, _) = resolve(" rdns = false", "MSSQLSvc/www:1433");
        assert_eq!(p, "MSSQLSvc/web.example.org:1433@EXAMPLE.ORG");
        // Unknown to the resolver: the name as given, qualified.
        let (p, asked) = resolve("", "HTTP/Other");
        assert_eq!(p, "HTTP/other.corp.example@DEF.REALM");
        assert_eq!(asked, ["forward Other", "domain"]);
    }

    #[test]
    fn false_makes_no_lookups() {
        let conf = " dns_canonicalize_hostname = false";
        let (p, asked) = resolve(conf, "HTTP/WWW");
        assert_eq!(p, "HTTP/www.corp.example@DEF.REALM");
        assert_eq!(asked, ["domain"]);
        let (p, asked) = resolve(&format!("{conf}\n qualify_shortname = \"\""), "HTTP/WWW");
        assert_eq!(p, "HTTP/www@DEF.REALM");
        assert!(asked.is_empty());
        let (p, asked) = resolve(conf, "host/Web.Example.Org.");
        assert_eq!(p, "host/web.example.org@EXAMPLE.ORG");
        assert!(asked.is_empty());
    }

    #[test]
    fn other_names_are_taken_as_given() {
        let conf = " dns_canonicalize_hostname = true";
        for (name, want) in [
            ("HTTP/www@OTHER", "HTTP/www@OTHER"),
            ("alice", "alice@DEF.REALM"),
            ("krbtgt/X", "krbtgt/X@DEF.REALM"),
            ("a/b/c", "a/b/c@DEF.REALM"),
        ] {
            let (p, asked) = resolve(conf, name);
            assert_eq!((p.as_str(), asked.len()), (want, 0), "{name}");
        }
        assert!(Target::resolve(&cfg(conf), "", &resolver()).is_err());
    }

    /// What `fetch` did: cache lookups and KDC requests, in order.
    fn run(
        t: &Target,
        r: &FakeResolver,
        cache: &[&str],
        kdc_knows: &[&str],
    ) -> (Result<String>, Vec<String>) {
        let log = RefCell::new(Vec::new());
        let res = t.fetch(
            r,
            |p| {
                log.borrow_mut().push(format!("cache {p}"));
                Ok(cache.contains(&p.to_string().as_str()).then_some(()))
            },
            |p| {
                log.borrow_mut().push(format!("kdc {p}"));
                if kdc_knows.contains(&p.to_string().as_str()) {
                    Ok(())
                } else {
                    Err(unknown())
                }
            },
        );
        (res.map(|(p, ())| p.to_string()), log.into_inner())
    }

    const FIRST: &str = "HTTP/www.corp.example@DEF.REALM";
    const CANON: &str = "HTTP/rev.example.org@EXAMPLE.ORG";

    #[test]
    fn fallback_retries_with_dns_when_the_server_is_unknown() {
        let c = cfg(" dns_canonicalize_hostname = fallback");
        let r = resolver();
        let t = Target::resolve(&c, "HTTP/www", &r).unwrap();
        assert_eq!(t.principal.to_string(), FIRST);
        assert_eq!(*r.asked.borrow(), ["domain"]);

        // Cached under the first name: no DNS, no KDC.
        let (p, log) = run(&t, &r, &[FIRST], &[]);
        assert_eq!((p.unwrap().as_str(), log.len()), (FIRST, 1));
        assert_eq!(r.asked.borrow().len(), 1);

        // Known to the KDC under the first name: that one, even though
        // the cache was also searched for the canonical one (as MIT does).
        let (p, log) = run(&t, &r, &[], &[FIRST, CANON]);
        assert_eq!(p.unwrap(), FIRST);
        assert_eq!(
            log,
            [
                format!("cache {FIRST}"),
                format!("cache {CANON}"),
                format!("kdc {FIRST}")
            ]
        );

        // Unknown: the DNS-canonicalized name from the KDC.
        let (p, log) = run(&t, &r, &[], &[CANON]);
        assert_eq!(p.unwrap(), CANON);
        assert_eq!(log[2..], [format!("kdc {FIRST}"), format!("kdc {CANON}")]);

        // Cached under the canonical name (an earlier fallback): no KDC.
        let (p, log) = run(&t, &r, &[CANON], &[]);
        assert_eq!((p.unwrap().as_str(), log.len()), (CANON, 2));

        // Unknown under both names: the KDC's error.
        let (p, log) = run(&t, &r, &[], &[]);
        assert!(matches!(
            p,
            Err(Error::Kerberos {
                code: KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN,
                ..
            })
        ));
        assert_eq!(log.len(), 4);

        // Another error: no retry.
        let mut n = 0;
        let e = t.fetch(
            &r,
            |_| Ok(None),
            |_| -> Result<()> {
                n += 1;
                Err(kerberos_error(KRB5KDC_ERR_PREAUTH_FAILED, "x"))
            },
        );
        assert!(matches!(
            e,
            Err(Error::Kerberos {
                code: KRB5KDC_ERR_PREAUTH_FAILED,
                ..
            })
        ));
        assert_eq!(n, 1);
    }

    #[test]
    fn fallback_does_not_retry_the_same_name() {
        let c = cfg(" dns_canonicalize_hostname = fallback\n rdns = false");
        let r = resolver();
        // DNS canonicalizes db to another name: a retry, the trailer kept.
        let t = Target::resolve(&c, "MSSQLSvc/db:1433", &r).unwrap();
        assert_eq!(
            t.principal.to_string(),
            "MSSQLSvc/db.corp.example:1433@DEF.REALM"
        );
        let want = "MSSQLSvc/sql1.example.org:1433@EXAMPLE.ORG";
        assert_eq!(run(&t, &r, &[], &[want]).0.unwrap(), want);
        // DNS knows nothing more: one name only.
        let t = Target::resolve(&c, "HTTP/nowhere.example.org", &r).unwrap();
        let (p, log) = run(&t, &r, &[], &[]);
        assert!(p.is_err());
        assert_eq!(log.len(), 2);
        // Not fallback: never a second name.
        for mode in ["true", "false"] {
            let c = cfg(&format!(" dns_canonicalize_hostname = {mode}"));
            let t = Target::resolve(&c, "HTTP/www", &r).unwrap();
            let (p, log) = run(&t, &r, &[], &[]);
            assert!(p.is_err());
            assert_eq!(log.len(), 2, "{mode}: {log:?}");
        }
    }

    #[test]
    fn trailers_and_host_based_detection() {
        assert_eq!(split_trailer("db:1433"), ("db", ":1433"));
        assert_eq!(split_trailer("db:inst"), ("db", ":inst"));
        assert_eq!(split_trailer("db:"), ("db:", ""));
        assert_eq!(split_trailer("fe80::1"), ("fe80::1", ""));
        assert_eq!(host_based("HTTP/www"), Some(("HTTP", "www")));
        for no in [
            "HTTP/www@R",
            "HTTP",
            "krbtgt/R",
            "a/b/c",
            "/www",
            "HTTP/",
            "a\\/b/c",
        ] {
            assert_eq!(host_based(no), None, "{no}");
        }
    }

    #[test]
    fn malformed_mode_names_the_file() {
        let e = Target::resolve(
            &cfg(" dns_canonicalize_hostname = maybe"),
            "HTTP/www",
            &resolver(),
        );
        let msg = e.err().unwrap().to_string();
        assert!(msg.contains("t.conf") && msg.contains("maybe"), "{msg}");
    }
}
