//! A small DNS client (RFC 1035 messages over UDP) for the lookups a
//! Kerberos client makes: KDC discovery by SRV records (RFC 4120 section
//! 7.2.3.2, RFC 2782) when krb5.conf names no KDC and dns_lookup_kdc is
//! true, as MIT does; and, for host name canonicalization (`canon`), the
//! A/AAAA records of a name with its CNAME chain followed, and PTR records.
//! Name servers, search domains and timeouts come from /etc/resolv.conf
//! (resolv.conf(5), as glibc reads it). Blocking, with timeouts; answers
//! are taken only from the server asked, with the query's id and question.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// One SRV answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Srv {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: String,
}

pub const TYPE_A: u16 = 1;
pub const TYPE_CNAME: u16 = 5;
pub const TYPE_PTR: u16 = 12;
pub const TYPE_AAAA: u16 = 28;
pub const TYPE_SRV: u16 = 33;
const CLASS_IN: u16 = 1;
/// RCODE 3 (RFC 1035 4.1.1): the name does not exist.
pub const RCODE_NXDOMAIN: u8 = 3;
/// At most this many CNAMEs are followed (glibc stops at about as many).
const MAX_CNAMES: usize = 16;

// ------------------------------------------------------ resolv.conf --

/// What glibc's resolver takes from /etc/resolv.conf: up to three name
/// servers (127.0.0.1 when none), the search list (`search`, or `domain`,
/// the last one wins; LOCALDOMAIN overrides; else the domain part of the
/// host name), and `options ndots: timeout: attempts:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvConf {
    pub nameservers: Vec<SocketAddr>,
    pub search: Vec<String>,
    pub ndots: usize,
    pub timeout: Duration,
    pub attempts: u32,
}

impl ResolvConf {
    /// Parses resolv.conf text; `local_domain` is LOCALDOMAIN's value and
    /// `hostname` this machine's name (for the default search domain).
    pub fn parse(text: &str, local_domain: Option<&str>, hostname: Option<&str>) -> ResolvConf {
        let mut rc = ResolvConf {
            nameservers: Vec::new(),
            search: Vec::new(),
            ndots: 1,
            timeout: Duration::from_secs(5),
            attempts: 2,
        };
        for line in text.lines() {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("nameserver") if rc.nameservers.len() < 3 => {
                    if let Some(ip) = words.next().and_then(|w| w.parse::<IpAddr>().ok()) {
                        rc.nameservers.push(SocketAddr::new(ip, 53));
                    }
                }
                Some("domain") => rc.search = words.take(1).map(str::to_string).collect(),
                Some("search") => rc.search = words.take(6).map(str::to_string).collect(),
                Some("options") => {
                    for opt in words {
                        let num = |p: &str| opt.strip_prefix(p).and_then(|v| v.parse::<u32>().ok());
                        if let Some(n) = num("ndots:") {
                            rc.ndots = n.min(15) as usize;
                        } else if let Some(n) = num("timeout:") {
                            rc.timeout = Duration::from_secs(n.clamp(1, 30) as u64);
                        } else if let Some(n) = num("attempts:") {
                            rc.attempts = n.clamp(1, 5);
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(l) = local_domain.filter(|l| !l.trim().is_empty()) {
            rc.search = l.split_whitespace().take(6).map(str::to_string).collect();
        }
        if rc.search.is_empty() {
            rc.search.extend(hostname.and_then(host_domain));
        }
        for d in &mut rc.search {
            let t = d.trim_end_matches('.').len();
            d.truncate(t);
        }
        rc.search.retain(|d| !d.is_empty());
        if rc.nameservers.is_empty() {
            rc.nameservers
                .push(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53));
        }
        rc
    }

    /// This machine's: /etc/resolv.conf, LOCALDOMAIN, and the kernel's
    /// host name when neither gives a search list. Kept while the file's
    /// time and size and LOCALDOMAIN stay the same (glibc also keeps it).
    pub fn system() -> ResolvConf {
        type Key = (Option<(SystemTime, u64)>, Option<String>);
        static CACHE: Mutex<Option<(Key, ResolvConf)>> = Mutex::new(None);
        let path = "/etc/resolv.conf";
        let stamp = std::fs::metadata(path)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        let key = (stamp, std::env::var("LOCALDOMAIN").ok());
        if let Some((k, rc)) = CACHE.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            if *k == key {
                return rc.clone();
            }
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let rc = ResolvConf::parse(&text, key.1.as_deref(), Some(&host));
        *CACHE.lock().unwrap_or_else(|p| p.into_inner()) = Some((key, rc.clone()));
        rc
    }

    /// The first search domain (what MIT's k5_primary_domain returns).
    pub fn primary_domain(&self) -> Option<&str> {
        self.search.first().map(String::as_str)
    }

    /// The names res_search tries for `name`, in order: as given first
    /// when it has at least `ndots` dots, then with each search domain
    /// (not for a name ending in '.'), then as given if not tried yet.
    pub fn search_names(&self, name: &str) -> Vec<String> {
        if let Some(abs) = name.strip_suffix('.') {
            return vec![abs.to_string()];
        }
        let dots = name.matches('.').count();
        let mut out = Vec::new();
        if dots >= self.ndots {
            out.push(name.to_string());
        }
        out.extend(self.search.iter().map(|d| format!("{name}.{d}")));
        if dots < self.ndots {
            out.push(name.to_string());
        }
        out
    }
}

/// The domain part of a host name ("vm.example.org" -> "example.org").
fn host_domain(hostname: &str) -> Option<String> {
    let (_, domain) = hostname.trim().split_once('.')?;
    let domain = domain.trim_end_matches('.');
    (!domain.is_empty()).then(|| domain.to_string())
}

/// The first `nameserver` of /etc/resolv.conf, if it names one.
pub fn system_nameserver() -> Option<SocketAddr> {
    let text = std::fs::read_to_string("/etc/resolv.conf").ok()?;
    if !text
        .lines()
        .any(|l| l.trim_start().starts_with("nameserver"))
    {
        return None;
    }
    ResolvConf::parse(&text, None, None)
        .nameservers
        .first()
        .copied()
}

// ---------------------------------------------------- the messages --

/// A standard query for `name` of type `qtype` with recursion desired.
pub fn query(id: u16, name: &str, qtype: u16) -> Option<Vec<u8>> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > 253 {
        return None;
    }
    let mut q = Vec::with_capacity(18 + name.len());
    q.extend_from_slice(&id.to_be_bytes());
    q.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]); // RD; one question
    for label in name.split('.') {
        if label.is_empty() || label.len() > 63 {
            return None;
        }
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.push(0);
    q.extend_from_slice(&qtype.to_be_bytes());
    q.extend_from_slice(&CLASS_IN.to_be_bytes());
    Some(q)
}

/// A standard query for `name` type SRV.
pub fn srv_query(id: u16, name: &str) -> Option<Vec<u8>> {
    query(id, name, TYPE_SRV)
}

/// Reads a possibly compressed name at `pos`; returns it and the position
/// after it in the original sequence.
fn read_name(msg: &[u8], mut pos: usize) -> Option<(String, usize)> {
    let mut labels: Vec<String> = Vec::new();
    let mut end = None;
    for _ in 0..128 {
        let len = *msg.get(pos)? as usize;
        if len & 0xC0 == 0xC0 {
            let ptr = ((len & 0x3F) << 8) | *msg.get(pos + 1)? as usize;
            end.get_or_insert(pos + 2);
            if ptr >= pos {
                return None; // only backward pointers: no loops
            }
            pos = ptr;
            continue;
        }
        if len & 0xC0 != 0 {
            return None; // reserved label types
        }
        if len == 0 {
            let after = end.unwrap_or(pos + 1);
            return Some((labels.join("."), after));
        }
        let label = msg.get(pos + 1..pos + 1 + len)?;
        labels.push(String::from_utf8_lossy(label).into_owned());
        pos += 1 + len;
    }
    None
}

fn u16_at(msg: &[u8], pos: usize) -> Option<u16> {
    Some(u16::from_be_bytes(msg.get(pos..pos + 2)?.try_into().ok()?))
}

/// The data of one answer record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RData {
    Addr(IpAddr),
    /// CNAME or PTR: a domain name.
    Name(String),
    Srv(Srv),
    Other,
}

/// One resource record of the answer section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub owner: String,
    pub rtype: u16,
    pub data: RData,
}

/// A response: its RCODE, whether it was truncated (TC), its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub rcode: u8,
    pub truncated: bool,
    pub answers: Vec<Record>,
}

fn rdata(msg: &[u8], rtype: u16, at: usize, len: usize) -> Option<RData> {
    let raw = msg.get(at..at + len)?;
    Some(match rtype {
        TYPE_A if len == 4 => {
            RData::Addr(IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(raw).ok()?)))
        }
        TYPE_AAAA if len == 16 => {
            RData::Addr(IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(raw).ok()?)))
        }
        TYPE_CNAME | TYPE_PTR => RData::Name(read_name(msg, at)?.0),
        TYPE_SRV if len >= 7 => RData::Srv(Srv {
            priority: u16_at(msg, at)?,
            weight: u16_at(msg, at + 2)?,
            port: u16_at(msg, at + 4)?,
            target: read_name(msg, at + 6)?.0,
        }),
        _ => RData::Other,
    })
}

/// Parses the response to query `id` for (`qname`, `qtype`); None when
/// it is not one (another id, not a response, another question) or is
/// malformed. Answers of class IN only.
pub fn parse_response(id: u16, qname: &str, qtype: u16, msg: &[u8]) -> Option<Response> {
    if u16_at(msg, 0)? != id || msg.get(2)? & 0x80 == 0 || u16_at(msg, 4)? != 1 {
        return None;
    }
    let (name, pos) = read_name(msg, 12)?;
    let qname = qname.strip_suffix('.').unwrap_or(qname);
    if !name.eq_ignore_ascii_case(qname) || u16_at(msg, pos)? != qtype {
        return None;
    }
    let mut pos = pos + 4;
    let mut answers = Vec::new();
    for _ in 0..u16_at(msg, 6)? {
        let (owner, p) = read_name(msg, pos)?;
        let rtype = u16_at(msg, p)?;
        let class = u16_at(msg, p + 2)?;
        let rdlen = u16_at(msg, p + 8)? as usize;
        let at = p + 10;
        if class == CLASS_IN {
            let data = rdata(msg, rtype, at, rdlen)?;
            answers.push(Record { owner, rtype, data });
        }
        pos = at + rdlen;
    }
    Some(Response {
        rcode: msg.get(3)? & 0x0F,
        truncated: msg.get(2)? & 0x02 != 0,
        answers,
    })
}

/// The SRV records of a response, by priority, then heavier weight
/// first; none for an error RCODE. A "." target (service not offered)
/// gives none.
fn srv_records(r: Response) -> Vec<Srv> {
    if r.rcode != 0 {
        return Vec::new();
    }
    let mut out: Vec<Srv> = r
        .answers
        .into_iter()
        .filter_map(|a| match a.data {
            RData::Srv(s) if !s.target.is_empty() => Some(s),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.priority.cmp(&b.priority).then(b.weight.cmp(&a.weight)));
    out
}

/// The SRV records of a response to query `id` (None: not a response to
/// it, or an error RCODE).
pub fn parse_srv_response(id: u16, msg: &[u8]) -> Option<Vec<Srv>> {
    let (qname, _) = read_name(msg, 12)?;
    let r = parse_response(id, &qname, TYPE_SRV, msg)?;
    (r.rcode == 0).then(|| srv_records(r))
}

/// Follows the CNAME chain from `qname` through `answers`: the name that
/// owns records of `rtype` and those records' data, if any.
pub fn follow_cnames(answers: &[Record], qname: &str, rtype: u16) -> Option<(String, Vec<RData>)> {
    let mut owner = qname.strip_suffix('.').unwrap_or(qname).to_string();
    for _ in 0..=MAX_CNAMES {
        let found: Vec<RData> = answers
            .iter()
            .filter(|a| a.rtype == rtype && a.owner.eq_ignore_ascii_case(&owner))
            .map(|a| a.data.clone())
            .collect();
        if !found.is_empty() {
            return Some((owner, found));
        }
        owner = answers.iter().find_map(|a| match &a.data {
            RData::Name(target)
                if a.rtype == TYPE_CNAME && a.owner.eq_ignore_ascii_case(&owner) =>
            {
                Some(target.clone())
            }
            _ => None,
        })?;
    }
    None
}

/// The DNS name of an address's PTR record (RFC 1035 3.5, RFC 3596 2.5).
pub fn reverse_name(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => {
            let o = a.octets();
            format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(a) => {
            let mut s = String::with_capacity(72);
            for b in a.octets().iter().rev() {
                s.push_str(&format!("{:x}.{:x}.", b & 0x0F, b >> 4));
            }
            s.push_str("ip6.arpa");
            s
        }
    }
}

// ------------------------------------------------------ the network --

/// No name server answered (each tried `attempts` times).
#[derive(Debug, PartialEq, Eq)]
pub struct NoAnswer;

/// Asks `ns` once: the response, or None on timeout or a socket error.
fn ask(ns: SocketAddr, name: &str, qtype: u16, timeout: Duration) -> Option<Response> {
    let mut idb = [0u8; 2];
    getrandom::getrandom(&mut idb).ok()?;
    let id = u16::from_be_bytes(idb);
    let q = query(id, name, qtype)?;
    let bind = if ns.is_ipv4() { "0.0.0.0:0" } else { "[::]:0" };
    let sock = UdpSocket::bind(bind).ok()?;
    sock.connect(ns).ok()?;
    sock.send(&q).ok()?;
    let deadline = Instant::now() + timeout;
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        sock.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .ok()?;
        let n = sock.recv(&mut buf).ok()?;
        // A stray datagram (another id or question) is ignored.
        if let Some(r) = parse_response(id, name, qtype, &buf[..n]) {
            return Some(r);
        }
    }
}

/// One query through the configured servers, in turn, `attempts` rounds.
/// A truncated answer is used as far as it goes (no TCP retry).
pub fn resolve(rc: &ResolvConf, name: &str, qtype: u16) -> Result<Response, NoAnswer> {
    for _ in 0..rc.attempts {
        for &ns in &rc.nameservers {
            if let Some(r) = ask(ns, name, qtype, rc.timeout) {
                return Ok(r);
            }
        }
    }
    Err(NoAnswer)
}

/// getaddrinfo's DNS part for `name`: each name of the search order, A
/// then AAAA, following CNAMEs; the canonical name (the owner of the
/// addresses) and the addresses. Stops when no server answers.
pub fn lookup_host(rc: &ResolvConf, name: &str) -> Option<(String, Vec<IpAddr>)> {
    lookup_host_with(rc, name, &mut |n, t| resolve(rc, n, t))
}

/// `lookup_host` over any query function (tests give canned answers).
pub fn lookup_host_with(
    rc: &ResolvConf,
    name: &str,
    ask: &mut dyn FnMut(&str, u16) -> Result<Response, NoAnswer>,
) -> Option<(String, Vec<IpAddr>)> {
    for candidate in rc.search_names(name) {
        for qtype in [TYPE_A, TYPE_AAAA] {
            let r = ask(&candidate, qtype).ok()?;
            if let Some((owner, data)) = follow_cnames(&r.answers, &candidate, qtype) {
                let addrs = data
                    .into_iter()
                    .filter_map(|d| match d {
                        RData::Addr(a) => Some(a),
                        _ => None,
                    })
                    .collect();
                return Some((owner, addrs));
            }
            if r.rcode == RCODE_NXDOMAIN {
                break; // no such name: no AAAA either
            }
        }
    }
    None
}

/// getnameinfo's DNS part: the name in `addr`'s PTR record (following a
/// CNAME, as RFC 2317 delegations use), if any.
pub fn lookup_addr(rc: &ResolvConf, addr: IpAddr) -> Option<String> {
    let rname = reverse_name(addr);
    let r = resolve(rc, &rname, TYPE_PTR).ok()?;
    ptr_name(&r, &rname)
}

/// The first PTR target of a response for `rname`.
pub fn ptr_name(r: &Response, rname: &str) -> Option<String> {
    let (_, data) = follow_cnames(&r.answers, rname, TYPE_PTR)?;
    data.into_iter().find_map(|d| match d {
        RData::Name(n) if !n.is_empty() => Some(n),
        _ => None,
    })
}

/// Asks `nameserver` for the SRV records of `name` (one UDP try).
pub fn lookup_srv(nameserver: SocketAddr, name: &str, timeout: Duration) -> Vec<Srv> {
    ask(nameserver, name, TYPE_SRV, timeout)
        .map(srv_records)
        .unwrap_or_default()
}

/// The KDC addresses of `realm` from its SRV records (UDP ones first).
pub fn kdc_addresses(realm: &str, nameserver: SocketAddr, timeout: Duration) -> Vec<SocketAddr> {
    let mut out = Vec::new();
    for proto in ["_udp", "_tcp"] {
        for srv in lookup_srv(nameserver, &format!("_kerberos.{proto}.{realm}"), timeout) {
            if let Ok(addrs) = (srv.target.as_str(), srv.port).to_socket_addrs() {
                for a in addrs {
                    if !out.contains(&a) {
                        out.push(a);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
