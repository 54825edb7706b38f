//! KDC discovery by DNS SRV records (RFC 4120 section 7.2.3.2, RFC 2782):
//! `_kerberos._udp.REALM` and `_kerberos._tcp.REALM`, asked over UDP of
//! the first nameserver in /etc/resolv.conf (RFC 1035 message format).
//! Used only when krb5.conf names no KDC for the realm and
//! dns_lookup_kdc is true, as MIT does.
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::Duration;

/// One SRV answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Srv {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: String,
}

const TYPE_SRV: u16 = 33;
const CLASS_IN: u16 = 1;

/// The first `nameserver` of /etc/resolv.conf.
pub fn system_nameserver() -> Option<SocketAddr> {
    let text = std::fs::read_to_string("/etc/resolv.conf").ok()?;
    text.lines().find_map(|l| {
        let mut it = l.split_whitespace();
        if it.next() != Some("nameserver") {
            return None;
        }
        let ip: std::net::IpAddr = it.next()?.parse().ok()?;
        Some(SocketAddr::new(ip, 53))
    })
}

/// A standard query for `name` type SRV with recursion desired.
pub fn srv_query(id: u16, name: &str) -> Option<Vec<u8>> {
    let mut q = Vec::with_capacity(18 + name.len());
    q.extend_from_slice(&id.to_be_bytes());
    q.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]); // RD; one question
    for label in name.trim_end_matches('.').split('.') {
        if label.is_empty() || label.len() > 63 {
            return None;
        }
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.push(0);
    q.extend_from_slice(&TYPE_SRV.to_be_bytes());
    q.extend_from_slice(&CLASS_IN.to_be_bytes());
    Some(q)
}

/// Reads a possibly compressed name at `pos`; returns it and the position
/// after it in the original sequence.
fn read_name(msg: &[u8], mut pos: usize) -> Option<(String, usize)> {
    let mut labels: Vec<String> = Vec::new();
    let mut end = None;
    for _ in 0..64 {
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

/// The SRV records of a response to query `id`, by priority, then
/// heavier weight first. A "." target (service not offered) gives none.
pub fn parse_srv_response(id: u16, msg: &[u8]) -> Option<Vec<Srv>> {
    if u16_at(msg, 0)? != id || msg.get(2)? & 0x80 == 0 || msg.get(3)? & 0x0F != 0 {
        return None; // not our answer, not a response, or an error rcode
    }
    let qd = u16_at(msg, 4)?;
    let an = u16_at(msg, 6)?;
    let mut pos = 12;
    for _ in 0..qd {
        pos = read_name(msg, pos)?.1 + 4;
    }
    let mut out = Vec::new();
    for _ in 0..an {
        let (_, p) = read_name(msg, pos)?;
        let kind = u16_at(msg, p)?;
        let rdlen = u16_at(msg, p + 8)? as usize;
        let rdata = p + 10;
        if msg.len() < rdata + rdlen {
            return None;
        }
        if kind == TYPE_SRV && rdlen >= 7 {
            let (target, _) = read_name(msg, rdata + 6)?;
            if !target.is_empty() {
                out.push(Srv {
                    priority: u16_at(msg, rdata)?,
                    weight: u16_at(msg, rdata + 2)?,
                    port: u16_at(msg, rdata + 4)?,
                    target,
                });
            }
        }
        pos = rdata + rdlen;
    }
    out.sort_by(|a, b| a.priority.cmp(&b.priority).then(b.weight.cmp(&a.weight)));
    Some(out)
}

/// Asks `nameserver` for the SRV records of `name` (one UDP try).
pub fn lookup_srv(nameserver: SocketAddr, name: &str, timeout: Duration) -> Vec<Srv> {
    let mut idb = [0u8; 2];
    if getrandom::getrandom(&mut idb).is_err() {
        return Vec::new();
    }
    let id = u16::from_be_bytes(idb);
    let Some(query) = srv_query(id, name) else {
        return Vec::new();
    };
    let bind = if nameserver.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let Ok(sock) = UdpSocket::bind(bind) else {
        return Vec::new();
    };
    if sock.connect(nameserver).is_err()
        || sock.set_read_timeout(Some(timeout)).is_err()
        || sock.send(&query).is_err()
    {
        return Vec::new();
    }
    let mut buf = [0u8; 4096];
    match sock.recv(&mut buf) {
        Ok(n) => parse_srv_response(id, &buf[..n]).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
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
mod tests {
    use super::*;

    /// A response with two SRV answers, the second name compressed.
    fn response(query: &[u8]) -> Vec<u8> {
        let mut r = query.to_vec();
        r[2] = 0x81;
        r[3] = 0x80;
        r[7] = 2; // ANCOUNT
        for (prio, weight, port, target) in
            [(10u16, 0u16, 8888u16, "localhost"), (0, 5, 88, "localhost")]
        {
            r.extend_from_slice(&[0xC0, 12]); // the question's name
            r.extend_from_slice(&TYPE_SRV.to_be_bytes());
            r.extend_from_slice(&CLASS_IN.to_be_bytes());
            r.extend_from_slice(&300u32.to_be_bytes());
            let mut rd = Vec::new();
            rd.extend_from_slice(&prio.to_be_bytes());
            rd.extend_from_slice(&weight.to_be_bytes());
            rd.extend_from_slice(&port.to_be_bytes());
            rd.push(target.len() as u8);
            rd.extend_from_slice(target.as_bytes());
            rd.push(0);
            r.extend_from_slice(&(rd.len() as u16).to_be_bytes());
            r.extend_from_slice(&rd);
        }
        r
    }

    #[test]
    fn srv_answers_parsed_and_ordered() {
        let q = srv_query(0x1234, "_kerberos._udp.TEST.SSPI").unwrap();
        assert_eq!(&q[12..22], b"\x09_kerberos");
        let r = response(&q);
        let srv = parse_srv_response(0x1234, &r).unwrap();
        assert_eq!(srv.len(), 2);
        assert_eq!(
            (srv[0].priority, srv[0].port, srv[0].target.as_str()),
            (0, 88, "localhost")
        );
        assert_eq!(srv[1].port, 8888);
        assert!(parse_srv_response(0x9999, &r).is_none());
        for n in 0..r.len() {
            let _ = parse_srv_response(0x1234, &r[..n]); // no panic on truncation
        }
    }

    #[test]
    fn lookup_against_a_fake_nameserver() {
        let ns = UdpSocket::bind("127.0.0.1:0").unwrap();
        let addr = ns.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            for _ in 0..2 {
                let mut b = [0u8; 512];
                let (n, from) = ns.recv_from(&mut b).unwrap();
                ns.send_to(&response(&b[..n]), from).unwrap();
            }
        });
        let kdcs = kdc_addresses("TEST.SSPI", addr, Duration::from_secs(2));
        server.join().unwrap();
        let ports: Vec<u16> = kdcs.iter().map(|a| a.port()).collect();
        assert!(ports.starts_with(&[88]), "{kdcs:?}");
        assert!(ports.contains(&8888));
    }
}
