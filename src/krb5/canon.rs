//! Host name canonicalization for host-based service principals
//! (`service/host`), as MIT krb5 1.20 does it (lib/krb5/os/sn2princ.c,
//! expand_hostname; doc/admin/princ_dns.rst):
//!
//! - with DNS (dns_canonicalize_hostname = true, or the second try of
//!   `fallback`): a forward lookup gives the canonical name (getaddrinfo
//!   with AI_CANONNAME: the hosts file, then DNS following CNAMEs with the
//!   resolv.conf search list); then, when `rdns` is true, a reverse lookup
//!   of the first address gives the name if it has one. A failed lookup
//!   keeps the name as it was.
//! - when DNS gave no name: a name without a dot gets a domain appended,
//!   krb5.conf's `qualify_shortname` if set (empty: none), else the first
//!   resolv.conf search domain (MIT's k5_primary_domain).
//! - always: lowercased, one trailing dot removed.
//!
//! The lookups go through [`Resolver`], so tests need no network.
use std::net::IpAddr;

use super::dns::{self, ResolvConf};
use super::hosts::Hosts;

/// Name lookups: getaddrinfo / getnameinfo and the primary domain.
pub trait Resolver {
    /// The canonical name of `host` and its first address.
    fn forward(&self, host: &str) -> Option<(String, IpAddr)>;
    /// The name of `addr` (getnameinfo with NI_NAMEREQD).
    fn reverse(&self, addr: IpAddr) -> Option<String>;
    /// The first DNS search domain, if any.
    fn primary_domain(&self) -> Option<String>;
}

/// This machine's resolver: the hosts file, then DNS (Debian's
/// `hosts: files dns`), files re-read per lookup. Addresses keep the
/// order their source gives (glibc also sorts them by RFC 6724).
pub struct SystemResolver;

impl Resolver for SystemResolver {
    fn forward(&self, host: &str) -> Option<(String, IpAddr)> {
        // A numeric address is its own canonical name, as with getaddrinfo.
        if let Ok(a) = host.parse::<IpAddr>() {
            return Some((host.to_string(), a));
        }
        let (name, addrs) = Hosts::system()
            .by_name(host)
            .or_else(|| dns::lookup_host(&ResolvConf::system(), host))?;
        Some((name, *addrs.first()?))
    }

    fn reverse(&self, addr: IpAddr) -> Option<String> {
        Hosts::system()
            .by_addr(addr)
            .or_else(|| dns::lookup_addr(&ResolvConf::system(), addr))
    }

    fn primary_domain(&self) -> Option<String> {
        ResolvConf::system().primary_domain().map(str::to_string)
    }
}

/// How to expand host names: the [libdefaults] settings that matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expand {
    /// Look the name up (forward, then reverse when `rdns`).
    pub use_dns: bool,
    pub rdns: bool,
    /// `qualify_shortname` when krb5.conf sets it (an empty value: none).
    pub qualify_shortname: Option<String>,
}

impl Expand {
    /// The host name to put in a service principal.
    pub fn host(&self, host: &str, r: &dyn Resolver) -> String {
        let mut from_dns = None;
        if self.use_dns {
            if let Some((canon, addr)) = r.forward(host) {
                from_dns = Some(canon);
                if self.rdns {
                    if let Some(name) = r.reverse(addr) {
                        from_dns = Some(name);
                    }
                }
            }
        }
        let mut out = match from_dns {
            Some(name) => name,
            None if !host.contains('.') => {
                let domain = match &self.qualify_shortname {
                    Some(d) => Some(d.clone()),
                    None => r.primary_domain(),
                };
                match domain.filter(|d| !d.is_empty()) {
                    Some(d) => format!("{host}.{d}"),
                    None => host.to_string(),
                }
            }
            None => host.to_string(),
        };
        out.make_ascii_lowercase();
        if out.ends_with('.') {
            out.pop();
        }
        out
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// A resolver from tables; records each lookup it is asked.
    #[derive(Default)]
    pub struct FakeResolver {
        pub forward: HashMap<String, (String, IpAddr)>,
        pub reverse: HashMap<IpAddr, String>,
        pub domain: Option<String>,
        pub asked: RefCell<Vec<String>>,
    }

    impl FakeResolver {
        /// `alias` -> `canon` at `addr`, and `addr` -> `ptr`.
        pub fn with(mut self, alias: &str, canon: &str, addr: &str, ptr: Option<&str>) -> Self {
            let a: IpAddr = addr.parse().unwrap();
            self.forward.insert(alias.into(), (canon.into(), a));
            if let Some(p) = ptr {
                self.reverse.insert(a, p.into());
            }
            self
        }
    }

    impl Resolver for FakeResolver {
        fn forward(&self, host: &str) -> Option<(String, IpAddr)> {
            self.asked.borrow_mut().push(format!("forward {host}"));
            self.forward.get(host).cloned()
        }
        fn reverse(&self, addr: IpAddr) -> Option<String> {
            self.asked.borrow_mut().push(format!("reverse {addr}"));
            self.reverse.get(&addr).cloned()
        }
        fn primary_domain(&self) -> Option<String> {
            self.asked.borrow_mut().push("domain".into());
            self.domain.clone()
        }
    }

    fn expand(use_dns: bool, rdns: bool, qualify: Option<&str>) -> Expand {
        Expand {
            use_dns,
            rdns,
            qualify_shortname: qualify.map(str::to_string),
        }
    }

    #[test]
    fn with_dns_forward_then_reverse() {
        let r = FakeResolver::default().with(
            "www",
            "Web.Example.ORG.",
            "192.0.2.7",
            Some("ptr.example.org"),
        );
        assert_eq!(expand(true, true, None).host("www", &r), "ptr.example.org");
        assert_eq!(expand(true, false, None).host("www", &r), "web.example.org");
        assert_eq!(
            *r.asked.borrow(),
            ["forward www", "reverse 192.0.2.7", "forward www"]
        );
        // No PTR: the forward name stays.
        let r = FakeResolver::default().with("www", "web.example.org", "192.0.2.7", None);
        assert_eq!(expand(true, true, None).host("www", &r), "web.example.org");
    }

    #[test]
    fn lookup_failure_keeps_the_name() {
        let r = FakeResolver {
            domain: Some("corp.example".into()),
            ..Default::default()
        };
        assert_eq!(
            expand(true, true, None).host("Host.Example.COM.", &r),
            "host.example.com"
        );
        // A short name DNS did not resolve is still qualified, as MIT does.
        assert_eq!(expand(true, true, None).host("box", &r), "box.corp.example");
    }

    #[test]
    fn without_dns_only_qualify_and_lowercase() {
        let r = FakeResolver {
            domain: Some("corp.example".into()),
            ..Default::default()
        }
        .with(
            "www",
            "web.example.org",
            "192.0.2.7",
            Some("ptr.example.org"),
        );
        assert_eq!(
            expand(false, true, None).host("WWW", &r),
            "www.corp.example"
        );
        assert_eq!(
            expand(false, true, Some("other.example")).host("www", &r),
            "www.other.example"
        );
        assert_eq!(expand(false, true, Some("")).host("WWW", &r), "www");
        assert_eq!(
            expand(false, true, None).host("Www.Example.ORG.", &r),
            "www.example.org"
        );
        assert!(
            r.asked.borrow().iter().all(|a| a == "domain"),
            "{:?}",
            r.asked
        );
        // No primary domain: the short name stays short.
        let bare = FakeResolver::default();
        assert_eq!(
            expand(false, true, None).host("localhost", &bare),
            "localhost"
        );
    }
}
