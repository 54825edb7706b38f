//! The hosts file (hosts(5)): `address canonical-name [aliases...]` a
//! line, `#` to the end of a line is a comment. Read as glibc's "files"
//! source does for getaddrinfo and getnameinfo, the first source of
//! Debian's `hosts: files dns`.
//!
//! The file is /etc/hosts, or the file named by SSPI_SHIM_HOSTS_FILE: a
//! variable for tests (a host alias without editing /etc/hosts); glibc
//! and MIT do not read it.
use std::net::IpAddr;
use std::path::PathBuf;

pub const ENV: &str = "SSPI_SHIM_HOSTS_FILE";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hosts {
    /// Each valid line: the address and its names, canonical name first.
    entries: Vec<(IpAddr, Vec<String>)>,
}

impl Hosts {
    /// Lines whose address does not parse are skipped, as glibc does.
    pub fn parse(text: &str) -> Hosts {
        let entries = text
            .lines()
            .filter_map(|line| {
                let line = line.split('#').next().unwrap_or("");
                let mut words = line.split_whitespace();
                let addr = words.next()?.parse::<IpAddr>().ok()?;
                let names: Vec<String> = words.map(str::to_string).collect();
                (!names.is_empty()).then_some((addr, names))
            })
            .collect();
        Hosts { entries }
    }

    /// The file this call reads: SSPI_SHIM_HOSTS_FILE, else /etc/hosts.
    pub fn path() -> PathBuf {
        std::env::var_os(ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/etc/hosts"))
    }

    /// The system's hosts file; an absent or unreadable one is empty.
    pub fn system() -> Hosts {
        Hosts::parse(&std::fs::read_to_string(Hosts::path()).unwrap_or_default())
    }

    /// getaddrinfo with AI_CANONNAME: the canonical name of the first
    /// line naming `name` (case-insensitively, as a canonical name or an
    /// alias) and the addresses of every line naming it, in file order.
    pub fn by_name(&self, name: &str) -> Option<(String, Vec<IpAddr>)> {
        let mut found: Option<(String, Vec<IpAddr>)> = None;
        for (addr, names) in &self.entries {
            if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                let (_, addrs) = found.get_or_insert_with(|| (names[0].clone(), Vec::new()));
                if !addrs.contains(addr) {
                    addrs.push(*addr);
                }
            }
        }
        found
    }

    /// getnameinfo: the canonical name of the first line for `addr`.
    pub fn by_addr(&self, addr: IpAddr) -> Option<String> {
        self.entries
            .iter()
            .find(|(a, _)| *a == addr)
            .map(|(_, names)| names[0].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# static table\n\
        127.0.0.1\tlocalhost\n\
        127.0.1.1   vm.example.org vm   # this machine\n\
        ::1 localhost ip6-localhost ip6-loopback\n\
        fe80::1%eth0 scoped\n\
        not-an-address bogus\n\
        192.0.2.10\n\
        192.0.2.7 Web.Example.ORG www shop\n\
        192.0.2.8 web2.example.org www\n";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn names_to_canonical_name_and_addresses() {
        let h = Hosts::parse(FILE);
        assert_eq!(
            h.by_name("WWW"),
            Some((
                "Web.Example.ORG".into(),
                vec![ip("192.0.2.7"), ip("192.0.2.8")]
            ))
        );
        assert_eq!(
            h.by_name("localhost"),
            Some(("localhost".into(), vec![ip("127.0.0.1"), ip("::1")]))
        );
        assert_eq!(
            h.by_name("vm"),
            Some(("vm.example.org".into(), vec![ip("127.0.1.1")]))
        );
        assert_eq!(h.by_name("ip6-loopback").unwrap().0, "localhost");
        // Bad lines are skipped, comments are not names.
        for absent in ["scoped", "bogus", "this", "static", "example.org"] {
            assert_eq!(h.by_name(absent), None, "{absent}");
        }
    }

    #[test]
    fn addresses_to_names() {
        let h = Hosts::parse(FILE);
        assert_eq!(
            h.by_addr(ip("127.0.1.1")).as_deref(),
            Some("vm.example.org")
        );
        assert_eq!(h.by_addr(ip("::1")).as_deref(), Some("localhost"));
        assert_eq!(h.by_addr(ip("192.0.2.10")), None); // a line without names
        assert_eq!(h.by_addr(ip("198.51.100.1")), None);
        assert_eq!(Hosts::parse(""), Hosts::default());
    }
}
