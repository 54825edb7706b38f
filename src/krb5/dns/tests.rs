use super::*;

/// `name` in wire form, uncompressed.
fn wire_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for l in name.split('.').filter(|l| !l.is_empty()) {
        out.push(l.len() as u8);
        out.extend_from_slice(l.as_bytes());
    }
    out.push(0);
    out
}

/// A response to `query` with `rcode` and answers (owner, type, rdata);
/// an owner of "" is written as a pointer to the question's name.
fn response(query: &[u8], rcode: u8, answers: &[(&str, u16, Vec<u8>)]) -> Vec<u8> {
    let mut r = query.to_vec();
    r[2] = 0x81;
    r[3] = 0x80 | rcode;
    r[6..8].copy_from_slice(&(answers.len() as u16).to_be_bytes());
    for (owner, rtype, rd) in answers {
        if owner.is_empty() {
            r.extend_from_slice(&[0xC0, 12]);
        } else {
            r.extend_from_slice(&wire_name(owner));
        }
        r.extend_from_slice(&rtype.to_be_bytes());
        r.extend_from_slice(&CLASS_IN.to_be_bytes());
        r.extend_from_slice(&300u32.to_be_bytes());
        r.extend_from_slice(&(rd.len() as u16).to_be_bytes());
        r.extend_from_slice(rd);
    }
    r
}

fn srv_rdata(prio: u16, weight: u16, port: u16, target: &str) -> Vec<u8> {
    let mut rd = Vec::new();
    rd.extend_from_slice(&prio.to_be_bytes());
    rd.extend_from_slice(&weight.to_be_bytes());
    rd.extend_from_slice(&port.to_be_bytes());
    rd.extend_from_slice(&wire_name(target));
    rd
}

/// Two SRV answers, both owned by the (compressed) question name.
fn srv_response(query: &[u8]) -> Vec<u8> {
    response(
        query,
        0,
        &[
            ("", TYPE_SRV, srv_rdata(10, 0, 8888, "localhost")),
            ("", TYPE_SRV, srv_rdata(0, 5, 88, "localhost")),
        ],
    )
}

#[test]
fn srv_answers_parsed_and_ordered() {
    let q = srv_query(0x1234, "_kerberos._udp.TEST.SSPI").unwrap();
    assert_eq!(&q[12..22], b"\x09_kerberos");
    let r = srv_response(&q);
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
            ns.send_to(&srv_response(&b[..n]), from).unwrap();
        }
    });
    let kdcs = kdc_addresses("TEST.SSPI", addr, Duration::from_secs(2));
    server.join().unwrap();
    let ports: Vec<u16> = kdcs.iter().map(|a| a.port()).collect();
    assert!(ports.starts_with(&[88]), "{kdcs:?}");
    assert!(ports.contains(&8888));
}

#[test]
fn resolv_conf_as_glibc_reads_it() {
    let text = "# comment\nnameserver 10.0.0.1\nnameserver ::1\nnameserver bogus\n\
                nameserver 10.0.0.2\nnameserver 10.0.0.3\ndomain old.example\n\
                search corp.example. example.com\noptions ndots:2 timeout:3 attempts:9\n";
    let rc = ResolvConf::parse(text, None, Some("vm.host.example"));
    assert_eq!(
        rc.nameservers,
        ["10.0.0.1:53", "[::1]:53", "10.0.0.2:53"].map(|s| s.parse::<SocketAddr>().unwrap())
    );
    assert_eq!(rc.search, ["corp.example", "example.com"]); // the last line wins
    assert_eq!(
        (rc.ndots, rc.timeout, rc.attempts),
        (2, Duration::from_secs(3), 5)
    );
    assert_eq!(rc.primary_domain(), Some("corp.example"));
    // `domain` after `search` replaces it; LOCALDOMAIN replaces both.
    let rc = ResolvConf::parse("search a.example\ndomain b.example\n", None, None);
    assert_eq!(rc.search, ["b.example"]);
    let rc = ResolvConf::parse("search a.example\n", Some("env.example x.example"), None);
    assert_eq!(rc.search, ["env.example", "x.example"]);
    // No search list: the host name's domain; no server: the local one.
    let rc = ResolvConf::parse("", None, Some("vm.host.example\n"));
    assert_eq!(rc.primary_domain(), Some("host.example"));
    assert_eq!(
        rc.nameservers,
        ["127.0.0.1:53".parse::<SocketAddr>().unwrap()]
    );
    assert_eq!(
        (rc.ndots, rc.timeout, rc.attempts),
        (1, Duration::from_secs(5), 2)
    );
    assert_eq!(
        ResolvConf::parse("", None, Some("vm")).primary_domain(),
        None
    );
}

#[test]
fn search_order_follows_ndots() {
    let mut rc = ResolvConf::parse("search corp.example example.com\n", None, None);
    assert_eq!(
        rc.search_names("web"),
        ["web.corp.example", "web.example.com", "web"]
    );
    assert_eq!(
        rc.search_names("web.corp"),
        ["web.corp", "web.corp.corp.example", "web.corp.example.com"]
    );
    assert_eq!(rc.search_names("web.example.org."), ["web.example.org"]);
    rc.ndots = 3;
    assert_eq!(rc.search_names("a.b")[2], "a.b");
}

#[test]
fn cname_chain_to_addresses() {
    let q = query(7, "www.example.com", TYPE_A).unwrap();
    let r = response(
        &q,
        0,
        &[
            ("", TYPE_CNAME, wire_name("web.example.com")),
            (
                "web.example.com",
                TYPE_CNAME,
                wire_name("Host1.Example.NET"),
            ),
            ("host1.example.net", TYPE_A, vec![192, 0, 2, 7]),
            ("host1.example.net", TYPE_A, vec![192, 0, 2, 8]),
            ("other.example.net", TYPE_A, vec![198, 51, 100, 1]),
        ],
    );
    let resp = parse_response(7, "www.example.com.", TYPE_A, &r).unwrap();
    assert_eq!(
        (resp.rcode, resp.truncated, resp.answers.len()),
        (0, false, 5)
    );
    let (owner, data) = follow_cnames(&resp.answers, "WWW.example.com", TYPE_A).unwrap();
    assert_eq!(owner, "Host1.Example.NET");
    assert_eq!(
        data,
        [
            RData::Addr("192.0.2.7".parse().unwrap()),
            RData::Addr("192.0.2.8".parse().unwrap())
        ]
    );
    // The response answers only the question it was asked.
    assert!(parse_response(8, "www.example.com", TYPE_A, &r).is_none());
    assert!(parse_response(7, "www.example.org", TYPE_A, &r).is_none());
    assert!(parse_response(7, "www.example.com", TYPE_AAAA, &r).is_none());
    for n in 0..r.len() {
        let _ = parse_response(7, "www.example.com", TYPE_A, &r[..n]);
    }
}

#[test]
fn cname_loops_and_dangling_chains_give_nothing() {
    let q = query(1, "a.example", TYPE_A).unwrap();
    let looped = response(
        &q,
        0,
        &[
            ("", TYPE_CNAME, wire_name("b.example")),
            ("b.example", TYPE_CNAME, wire_name("a.example")),
        ],
    );
    let r = parse_response(1, "a.example", TYPE_A, &looped).unwrap();
    assert_eq!(follow_cnames(&r.answers, "a.example", TYPE_A), None);
    let dangling = response(&q, 0, &[("", TYPE_CNAME, wire_name("c.example"))]);
    let r = parse_response(1, "a.example", TYPE_A, &dangling).unwrap();
    assert_eq!(follow_cnames(&r.answers, "a.example", TYPE_A), None);
}

#[test]
fn ptr_names_v4_v6_and_rfc2317() {
    assert_eq!(
        reverse_name("192.0.2.7".parse().unwrap()),
        "7.2.0.192.in-addr.arpa"
    );
    let v6 = reverse_name("2001:db8::567:89ab".parse().unwrap());
    assert_eq!(
        v6,
        "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
    );
    let rname = "7.2.0.192.in-addr.arpa";
    let q = query(3, rname, TYPE_PTR).unwrap();
    let r = response(&q, 0, &[("", TYPE_PTR, wire_name("host1.example.net"))]);
    let resp = parse_response(3, rname, TYPE_PTR, &r).unwrap();
    assert_eq!(ptr_name(&resp, rname).as_deref(), Some("host1.example.net"));
    // Classless delegation: the PTR sits behind a CNAME.
    let r = response(
        &q,
        0,
        &[
            ("", TYPE_CNAME, wire_name("7.0-63.2.0.192.in-addr.arpa")),
            (
                "7.0-63.2.0.192.in-addr.arpa",
                TYPE_PTR,
                wire_name("h.example"),
            ),
        ],
    );
    let resp = parse_response(3, rname, TYPE_PTR, &r).unwrap();
    assert_eq!(ptr_name(&resp, rname).as_deref(), Some("h.example"));
    let nx = response(&q, RCODE_NXDOMAIN, &[]);
    let resp = parse_response(3, rname, TYPE_PTR, &nx).unwrap();
    assert_eq!((resp.rcode, ptr_name(&resp, rname)), (RCODE_NXDOMAIN, None));
}

/// An answer record: owner, type, rdata.
type Answer<'a> = (&'a str, u16, Vec<u8>);

/// Answers from a table: (name, type) -> (rcode, answers).
fn canned(
    table: &[(&str, u16, u8, Vec<Answer>)],
    asked: &mut Vec<String>,
    name: &str,
    qtype: u16,
) -> Result<Response, NoAnswer> {
    asked.push(format!("{name}/{qtype}"));
    let q = query(9, name, qtype).unwrap();
    let (rcode, answers) = table
        .iter()
        .find(|(n, t, _, _)| *n == name && *t == qtype)
        .map(|(_, _, rc, a)| (*rc, a.clone()))
        .unwrap_or((RCODE_NXDOMAIN, Vec::new()));
    Ok(parse_response(9, name, qtype, &response(&q, rcode, &answers)).unwrap())
}

#[test]
fn host_lookup_walks_the_search_list() {
    let rc = ResolvConf::parse("search corp.example example.com\n", None, None);
    let table = [
        // web.corp.example exists with no A record: AAAA is asked next.
        ("web.corp.example", TYPE_A, 0, vec![]),
        (
            "web.example.com",
            TYPE_A,
            0,
            vec![
                (
                    "web.example.com",
                    TYPE_CNAME,
                    wire_name("front.example.com"),
                ),
                ("front.example.com", TYPE_A, vec![203, 0, 113, 5]),
            ],
        ),
    ];
    let mut asked = Vec::new();
    let found = lookup_host_with(&rc, "web", &mut |n, t| canned(&table, &mut asked, n, t));
    assert_eq!(
        found,
        Some((
            "front.example.com".to_string(),
            vec!["203.0.113.5".parse().unwrap()]
        ))
    );
    assert_eq!(
        asked,
        [
            "web.corp.example/1",
            "web.corp.example/28",
            "web.example.com/1"
        ]
    );
    // NXDOMAIN everywhere: nothing, and no AAAA asked after an NXDOMAIN.
    let mut asked = Vec::new();
    assert_eq!(
        lookup_host_with(&rc, "nope", &mut |n, t| canned(&[], &mut asked, n, t)),
        None
    );
    assert_eq!(asked.len(), 3);
    // No server answers: stop at once.
    let mut calls = 0;
    let none = lookup_host_with(&rc, "web", &mut |_, _| {
        calls += 1;
        Err(NoAnswer)
    });
    assert_eq!((none, calls), (None, 1));
}

#[test]
fn host_and_ptr_lookups_over_udp() {
    let ns = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = ns.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        for _ in 0..2 {
            let mut b = [0u8; 512];
            let (n, from) = ns.recv_from(&mut b).unwrap();
            let q = &b[..n];
            let r = if q[q.len() - 3] == TYPE_PTR as u8 {
                response(q, 0, &[("", TYPE_PTR, wire_name("real.example."))])
            } else {
                response(
                    q,
                    0,
                    &[
                        ("", TYPE_CNAME, wire_name("real.example")),
                        ("real.example", TYPE_A, vec![127, 0, 0, 9]),
                    ],
                )
            };
            // A stray answer (wrong id) first: it must be skipped.
            let mut stray = r.clone();
            stray[0] ^= 0xFF;
            ns.send_to(&stray, from).unwrap();
            ns.send_to(&r, from).unwrap();
        }
    });
    let mut rc = ResolvConf::parse("", None, None);
    rc.nameservers = vec![addr];
    rc.timeout = Duration::from_secs(2);
    let (canon, addrs) = lookup_host(&rc, "alias.example").unwrap();
    assert_eq!(
        (canon.as_str(), addrs[0]),
        ("real.example", "127.0.0.9".parse().unwrap())
    );
    assert_eq!(lookup_addr(&rc, addrs[0]).as_deref(), Some("real.example"));
    server.join().unwrap();
}

#[test]
fn silent_server_times_out() {
    let ns = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut rc = ResolvConf::parse("", None, None);
    rc.nameservers = vec![ns.local_addr().unwrap()];
    rc.timeout = Duration::from_millis(100);
    rc.attempts = 1;
    let t = Instant::now();
    assert_eq!(resolve(&rc, "x.example", TYPE_A), Err(NoAnswer));
    assert!(t.elapsed() < Duration::from_secs(2));
}
