//! Sending a request to a realm's KDCs (RFC 4120 section 7.2): UDP
//! first unless the request is over udp_preference_limit, TCP with a
//! 4-byte big-endian length prefix when the KDC answers
//! KRB_ERR_RESPONSE_TOO_BIG or UDP fails, then the next KDC. Blocking
//! std::net with short timeouts (1 s for UDP, like MIT's first round).
//! KDCs come from krb5.conf's [realms] kdc = host[:port] (port 88 by
//! default); when none is configured and dns_lookup_kdc is true, from the
//! realm's SRV records (`dns`). No KDC at all is KRB5_REALM_UNKNOWN.
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::time::{Duration, Instant};

use super::asn1::{parse_krb_error, tag};
use super::config::Krb5Config;
use super::errors::{kerberos_error, KRB5_KDC_UNREACH, KRB5_REALM_UNKNOWN};
use crate::core::Result;

/// Timeouts and limits of one exchange.
#[derive(Clone, Debug)]
pub struct TransportOptions {
    /// Requests longer than this go over TCP directly (MIT: 1465).
    pub udp_preference_limit: usize,
    /// How long to wait for a UDP answer from one KDC.
    pub udp_timeout: Duration,
    /// TCP connect and read timeout for one KDC.
    pub tcp_timeout: Duration,
    /// Give up on the realm after this long.
    pub total_timeout: Duration,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            udp_preference_limit: 1465,
            udp_timeout: Duration::from_secs(1),
            tcp_timeout: Duration::from_secs(3),
            total_timeout: Duration::from_secs(10),
        }
    }
}

/// Largest reply accepted over TCP.
const MAX_REPLY: usize = 1 << 20;
/// RFC 4120 error-code KRB_ERR_RESPONSE_TOO_BIG.
const RESPONSE_TOO_BIG: i32 = 52;

/// The KDC addresses of `realm` from krb5.conf, in order.
pub fn kdc_addresses(cfg: &Krb5Config, realm: &str) -> Vec<SocketAddr> {
    let mut out = Vec::new();
    for entry in cfg.kdcs(realm) {
        for a in resolve(&entry) {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// "host", "host:port", "[v6]:port", "v6", with MIT's optional
/// "udp/" / "tcp/" / "kkdcp" prefixes ignored (no HTTPS proxy here).
fn resolve(entry: &str) -> Vec<SocketAddr> {
    let e = entry.trim();
    let e = e
        .strip_prefix("tcp/")
        .or_else(|| e.strip_prefix("udp/"))
        .unwrap_or(e);
    if e.starts_with("https://") {
        return Vec::new();
    }
    let with_port = if let Some(rest) = e.strip_prefix('[') {
        match rest.split_once(']') {
            Some((h, p)) => match p.strip_prefix(':') {
                Some(port) => format!("[{h}]:{port}"),
                None => format!("[{h}]:88"),
            },
            None => return Vec::new(),
        }
    } else if e.matches(':').count() == 1 {
        e.to_string()
    } else if e.contains(':') {
        format!("[{e}]:88")
    } else {
        format!("{e}:88")
    };
    with_port
        .to_socket_addrs()
        .map(|it| it.collect())
        .unwrap_or_default()
}

/// Sends `request` (DER) to the KDCs of `realm` and returns the first
/// reply (DER AS-REP, TGS-REP or KRB-ERROR).
pub fn send_to_realm(
    cfg: &Krb5Config,
    realm: &str,
    request: &[u8],
    opts: &TransportOptions,
) -> Result<Vec<u8>> {
    #[cfg(feature = "fuzzing")]
    if let Some(reply) = crate::fuzzing::replayed_reply() {
        return reply;
    }
    let mut kdcs = kdc_addresses(cfg, realm);
    if kdcs.is_empty() && cfg.kdcs(realm).is_empty() && dns_lookup_kdc(cfg, realm) {
        if let Some(ns) = super::dns::system_nameserver() {
            kdcs = super::dns::kdc_addresses(realm, ns, opts.udp_timeout);
        }
    }
    if kdcs.is_empty() {
        return Err(kerberos_error(
            KRB5_REALM_UNKNOWN,
            format!("no KDC configured for realm '{realm}'"),
        ));
    }
    let reply = send_to_kdcs(&kdcs, realm, request, opts);
    #[cfg(feature = "fuzzing")]
    if let Ok(r) = &reply {
        crate::fuzzing::record(request, r);
    }
    reply
}

/// Sends `request` to each address in turn until one answers.
pub fn send_to_kdcs(
    kdcs: &[SocketAddr],
    realm: &str,
    request: &[u8],
    opts: &TransportOptions,
) -> Result<Vec<u8>> {
    let start = Instant::now();
    let mut failures = Vec::new();
    for kdc in kdcs {
        let left = opts.total_timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            break;
        }
        if request.len() <= opts.udp_preference_limit {
            crate::trace!("krb5: {} bytes to {kdc} over UDP", request.len());
            match udp_exchange(kdc, request, opts.udp_timeout.min(left)) {
                Ok(reply) if !is_too_big(&reply) => return Ok(reply),
                Ok(_) => crate::trace!("krb5: {kdc}: response too big for UDP, retrying over TCP"),
                Err(e) => {
                    crate::trace!("krb5: {kdc} udp: {e}");
                    failures.push(format!("{kdc} udp: {e}"));
                }
            }
        }
        let left = opts.total_timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            break;
        }
        crate::trace!("krb5: {} bytes to {kdc} over TCP", request.len());
        match tcp_exchange(kdc, request, opts.tcp_timeout.min(left)) {
            Ok(reply) => return Ok(reply),
            Err(e) => {
                crate::trace!("krb5: {kdc} tcp: {e}");
                failures.push(format!("{kdc} tcp: {e}"));
            }
        }
    }
    Err(kerberos_error(
        KRB5_KDC_UNREACH,
        format!("realm '{realm}' ({})", failures.join("; ")),
    ))
}

/// dns_lookup_kdc, which defaults to dns_fallback (true).
fn dns_lookup_kdc(cfg: &Krb5Config, realm: &str) -> bool {
    cfg.libdefaults(Some(realm))
        .map(|d| d.dns_lookup_kdc)
        .unwrap_or(false)
}

fn is_too_big(reply: &[u8]) -> bool {
    reply.first() == Some(&tag::KRB_ERROR)
        && parse_krb_error(reply).is_ok_and(|e| e.error_code == RESPONSE_TOO_BIG)
}

/// A plausible KDC reply: an AS-REP, TGS-REP or KRB-ERROR.
fn is_reply(data: &[u8]) -> bool {
    matches!(
        data.first(),
        Some(&tag::AS_REP) | Some(&tag::TGS_REP) | Some(&tag::KRB_ERROR)
    )
}

fn udp_exchange(kdc: &SocketAddr, request: &[u8], timeout: Duration) -> std::io::Result<Vec<u8>> {
    let bind: SocketAddr = if kdc.is_ipv4() {
        "0.0.0.0:0".parse().expect("address")
    } else {
        "[::]:0".parse().expect("address")
    };
    let sock = UdpSocket::bind(bind)?;
    // Connected, so an ICMP port unreachable ends the wait at once.
    sock.connect(kdc)?;
    sock.send(request)?;
    let deadline = Instant::now() + timeout;
    let mut buf = vec![0u8; 65536];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no answer",
            ));
        }
        sock.set_read_timeout(Some(left))?;
        let n = sock.recv(&mut buf)?;
        if is_reply(&buf[..n]) {
            buf.truncate(n);
            return Ok(buf);
        }
    }
}

fn tcp_exchange(kdc: &SocketAddr, request: &[u8], timeout: Duration) -> std::io::Result<Vec<u8>> {
    let deadline = Instant::now() + timeout;
    let mut s = TcpStream::connect_timeout(kdc, timeout)?;
    s.set_nodelay(true)?;
    let left = |d: Instant| {
        let l = d.saturating_duration_since(Instant::now());
        if l.is_zero() {
            Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no answer",
            ))
        } else {
            Ok(l)
        }
    };
    s.set_write_timeout(Some(left(deadline)?))?;
    let mut framed = Vec::with_capacity(4 + request.len());
    framed.extend_from_slice(&(request.len() as u32).to_be_bytes());
    framed.extend_from_slice(request);
    s.write_all(&framed)?;
    s.set_read_timeout(Some(left(deadline)?))?;
    let mut len = [0u8; 4];
    s.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    if len == 0 || len > MAX_REPLY {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("reply length {len}"),
        ));
    }
    let mut reply = vec![0u8; len];
    let mut got = 0;
    while got < len {
        s.set_read_timeout(Some(left(deadline)?))?;
        let n = s.read(&mut reply[got..])?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        got += n;
    }
    if !is_reply(&reply) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not a Kerberos reply",
        ));
    }
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Error;
    use crate::krb5::errors::{KRB5_KDC_UNREACH, KRB5_REALM_UNKNOWN};

    #[test]
    fn realm_without_kdcs_is_realm_unknown() {
        let cfg = Krb5Config::parse_str(
            "[libdefaults]\n dns_lookup_kdc = false\n[realms]\n A = {\n kdc = 127.0.0.1:1\n }\n",
            std::path::Path::new("krb5.conf"),
        )
        .unwrap();
        assert_eq!(kdc_addresses(&cfg, "A").len(), 1);
        match send_to_realm(&cfg, "B", b"x", &TransportOptions::default()) {
            Err(Error::Kerberos { code, message }) => {
                assert_eq!(code, KRB5_REALM_UNKNOWN);
                assert!(message.contains("'B'"), "{message}");
            }
            r => panic!("{r:?}"),
        }
    }

    #[test]
    fn kdc_entries() {
        assert_eq!(
            resolve("127.0.0.1:8888"),
            vec!["127.0.0.1:8888".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            resolve("127.0.0.1"),
            vec!["127.0.0.1:88".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            resolve("[::1]:750"),
            vec!["[::1]:750".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            resolve("tcp/127.0.0.1:1"),
            vec!["127.0.0.1:1".parse::<SocketAddr>().unwrap()]
        );
        assert!(resolve("https://kdcproxy/").is_empty());
    }

    #[test]
    fn nothing_listening_is_kdc_unreach_quickly() {
        // A port that was free a moment ago.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let t = Instant::now();
        let e = send_to_kdcs(
            &[addr],
            "NOWHERE",
            b"\x6a\x00",
            &TransportOptions::default(),
        )
        .unwrap_err();
        assert!(t.elapsed() < Duration::from_secs(5));
        match e {
            Error::Kerberos { code, message } => {
                assert_eq!(code, KRB5_KDC_UNREACH);
                assert!(
                    message
                        .starts_with("Cannot contact any KDC for requested realm: realm 'NOWHERE'"),
                    "{message}"
                );
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn tcp_framing_and_too_big_fallback() {
        // A fake KDC: over UDP it answers KRB_ERR_RESPONSE_TOO_BIG, over
        // TCP it echoes the request wrapped as a fake AS-REP.
        use crate::krb5::asn1;
        use picky_asn1::wrapper::*;
        use picky_krb::messages::{KrbError as PkError, KrbErrorInner};
        let too_big = asn1::encode(
            &PkError::from(KrbErrorInner {
                pvno: ExplicitContextTag0::from(asn1::int(5)),
                msg_type: ExplicitContextTag1::from(asn1::int(30)),
                ctime: Optional::from(None),
                cusec: Optional::from(None),
                stime: ExplicitContextTag4::from(asn1::ktime(0)),
                susec: ExplicitContextTag5::from(asn1::int(0)),
                error_code: ExplicitContextTag6::from(52),
                crealm: Optional::from(None),
                cname: Optional::from(None),
                realm: ExplicitContextTag9::from(asn1::kstring("R").unwrap()),
                sname: ExplicitContextTag10::from(
                    asn1::principal_name(&crate::krb5::Principal::new(2, "R", &["krbtgt", "R"]))
                        .unwrap(),
                ),
                e_text: Optional::from(None),
                e_data: Optional::from(None),
            }),
            "err",
        )
        .unwrap();
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = tcp.local_addr().unwrap();
        let udp = UdpSocket::bind(addr).unwrap();
        let u = std::thread::spawn(move || {
            let mut b = [0u8; 2048];
            let (_, from) = udp.recv_from(&mut b).unwrap();
            udp.send_to(&too_big, from).unwrap();
        });
        let t = std::thread::spawn(move || {
            let (mut s, _) = tcp.accept().unwrap();
            let mut len = [0u8; 4];
            s.read_exact(&mut len).unwrap();
            let mut req = vec![0u8; u32::from_be_bytes(len) as usize];
            s.read_exact(&mut req).unwrap();
            let mut reply = vec![tag::AS_REP, req.len() as u8];
            reply.extend_from_slice(&req);
            s.write_all(&(reply.len() as u32).to_be_bytes()).unwrap();
            s.write_all(&reply).unwrap();
        });
        let reply =
            send_to_kdcs(&[addr], "R", b"\x6a\x01\x00", &TransportOptions::default()).unwrap();
        assert_eq!(reply, [tag::AS_REP, 3, 0x6a, 1, 0]);
        u.join().unwrap();
        t.join().unwrap();
    }
}
