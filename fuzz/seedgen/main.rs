//! Makes the fuzz fixtures and seed corpora (run by fuzz/seed.sh).
//!
//! `seedgen kdc CLIENT_KEYTAB`: inside a throw-away MIT realm
//! (KRB5_CONFIG set), gets alice's TGT with her keytab and a ticket for
//! host/localhost from the real KDC, recording the KDC's replies; writes
//! fixtures/alice.ccache and the krb5_kdc_rep seeds. A fuzzing build sends
//! a fixed nonce, so the recorded replies decrypt and match when the
//! target replays them.
//!
//! `seedgen corpus`: the seeds that need no peer, made by this library's
//! own initiators and acceptors (deterministic in a fuzzing build: NTLM's
//! challenges and keys are fixed) with the fixtures: NTLM and SPNEGO
//! handshakes and sealed messages through the Rust API and the SSPI face,
//! AP-REQ / AP-REP, RFC 4121 / RFC 4757 tokens, names, identities.
use std::path::Path;

use fuzzkit::{join, sspi_c, AP_CTIME, AP_CUSEC};
use sspi::core::bindings::ChannelBindings;
use sspi::core::context::{SecurityContext, StepInput};
use sspi::core::credential::CredUse;
use sspi::core::flags::Flags;
use sspi::core::iov::{IoBuf, IoKind};
use sspi::krb5::ccache::Ccache;
use sspi::krb5::client::{AsOptions, KdcClient, TgsOptions};
use sspi::krb5::keytab::Keytab;
use sspi::packages::kerberos::acceptor::{accept, Params};
use sspi::packages::kerberos::initiator::ap_req_at;
use sspi::packages::kerberos::seq::SeqState;
use sspi::packages::kerberos::session::Session;
use sspi::packages::kerberos::{krbcred, mic, rc4, token, wrap, OID_KRB5};

fn put(target: &str, name: &str, data: &[u8]) {
    let dir = fuzzkit::fuzz_dir().join("corpus").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), data).unwrap();
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("kdc") => kdc(Path::new(&args[2])),
        Some("corpus") => corpus(),
        Some("check") => check(),
        _ => {
            eprintln!("usage: seedgen kdc CLIENT_KEYTAB | seedgen corpus | seedgen check");
            std::process::exit(2);
        }
    }
}

// ------------------------------------------------------------- KDC --

fn kdc(client_keytab: &Path) {
    let kt = Keytab::read(client_keytab).expect("client keytab");
    let client = KdcClient::from_env().expect("KRB5_CONFIG");
    let alice = fuzzkit::principal(fuzzkit::CLIENT);
    sspi::fuzzing::record_kdc(true);
    let tgt = client
        .initial_creds_keytab(&alice, &kt, &AsOptions::default())
        .expect("AS exchange with the MIT KDC");
    let as_replies = sspi::fuzzing::recorded_kdc();
    let replies: Vec<&[u8]> = as_replies.iter().map(|(_, r)| &r[..]).collect();
    put("krb5_kdc_rep", "mit_as", &cat(&[&[0], &join(&replies)]));
    if replies.len() > 1 {
        // The AS-REP alone (no preauth round) and the KRB-ERROR alone.
        put(
            "krb5_kdc_rep",
            "mit_as_rep_only",
            &cat(&[&[0], replies[replies.len() - 1]]),
        );
        put(
            "krb5_kdc_rep",
            "mit_preauth_required",
            &cat(&[&[0], replies[0]]),
        );
        put("krb5_ap_rep", "mit_krb_error_der", replies[0]);
    }
    let service = fuzzkit::principal(fuzzkit::SERVICE);
    let st = client
        .service_ticket(&tgt, &service, &TgsOptions::default())
        .expect("TGS exchange with the MIT KDC");
    let tgs = sspi::fuzzing::recorded_kdc();
    put("krb5_kdc_rep", "mit_tgs", &cat(&[&[1], &tgs[0].1]));
    // A KRB-ERROR: a service the KDC does not know.
    let nobody = fuzzkit::principal("nobody/nowhere@TEST.SSPI");
    let _ = client.service_ticket(&tgt, &nobody, &TgsOptions::default());
    for (i, (_, r)) in sspi::fuzzing::recorded_kdc().iter().enumerate() {
        put(
            "krb5_kdc_rep",
            &format!("mit_tgs_error{i}"),
            &cat(&[&[1], r]),
        );
    }
    sspi::fuzzing::record_kdc(false);

    let mut cc = Ccache::new(alice);
    cc.credentials.push(tgt);
    cc.credentials.push(st);
    let bytes = cc.to_bytes();
    std::fs::write(fuzzkit::fixture_path("alice.ccache"), &bytes).unwrap();
    put("krb5_ccache", "alice_tgt_and_service", &bytes);
}

// ---------------------------------------------------------- corpus --

fn corpus() {
    fuzzkit::init();
    ntlm();
    spnego();
    kerberos();
    rfc4121();
    sspi_face();
    names();
    files();
}

fn step(c: &mut Box<dyn SecurityContext>, t: &[u8], cb: Option<&ChannelBindings>) -> Vec<u8> {
    c.step(&StepInput {
        token: t,
        bindings: cb,
    })
    .expect("in-process step")
    .token
}

/// The initiator exactly as ntlm_initiator makes it.
fn ntlm_client() -> Box<dyn SecurityContext> {
    let req = Flags(
        Flags::INTEGRITY.0
            | Flags::CONFIDENTIALITY.0
            | Flags::REPLAY_DETECT.0
            | Flags::SEQUENCE_DETECT.0,
    );
    fuzzkit::package("ntlm")
        .initiator(
            fuzzkit::ntlm_cred(CredUse::Outbound),
            Some("HTTP/server.test.sspi"),
            req,
        )
        .unwrap()
}

fn ntlm_server() -> Box<dyn SecurityContext> {
    fuzzkit::package("ntlm")
        .acceptor(fuzzkit::ntlm_cred(CredUse::Inbound), Flags::NONE)
        .unwrap()
}

fn ntlm() {
    for cb in [
        None,
        Some(ChannelBindings::application(b"tls-unique:fuzz-seed")),
    ] {
        let mut c = ntlm_client();
        let mut s = ntlm_server();
        let n = step(&mut c, &[], cb.as_ref());
        let ch = step(&mut s, &n, cb.as_ref());
        let a = step(&mut c, &ch, cb.as_ref());
        step(&mut s, &a, cb.as_ref());
        assert!(c.is_complete() && s.is_complete());
        let (w1, _) = c.wrap_token(b"client sealed message", true).unwrap();
        let (w2, _) = c.wrap_token(b"client signed message", false).unwrap();
        let (sw, _) = s.wrap_token(b"server sealed message", true).unwrap();
        let tag = if cb.is_some() { "_cb" } else { "" };
        put("ntlm_messages", &format!("own_negotiate{tag}"), &n);
        put("ntlm_messages", &format!("own_challenge{tag}"), &ch);
        put("ntlm_messages", &format!("own_authenticate{tag}"), &a);
        match &cb {
            None => {
                put("ntlm_acceptor", "own_full", &join(&[&n, &a, &w1, &w2]));
                put(
                    "ntlm_initiator",
                    "own_challenge_then_wrap",
                    &join(&[&ch, &sw]),
                );
            }
            Some(_) => put(
                "ntlm_acceptor",
                "own_full_cb",
                &join(&[b"tls-unique:fuzz-seed", &n, &a, &w1]),
            ),
        }
    }
    // ntlm_unwrap: flags as negotiated above (sign, seal, ESS, 128, key
    // exchange), honest operations and a replayed genuine message.
    let flags: u32 = 0xe288_8235;
    let key = *b"fuzz-exportedkey";
    let mut peer = sspi::packages::ntlm::protect::Session::new(&key, flags, true);
    let mut hdr = [0u8; 16];
    let mut msg = b"genuine sealed".to_vec();
    peer.wrap(
        &mut [
            IoBuf::new(IoKind::Header, &mut hdr),
            IoBuf::new(IoKind::Data, &mut msg),
        ],
        true,
    )
    .unwrap();
    let genuine = cat(&[&[3], &hdr, &msg]);
    for (name, f) in [("kx", flags), ("nokx", flags & !0x4000_0000)] {
        put(
            "ntlm_unwrap",
            &format!("honest_{name}"),
            &cat(&[
                &f.to_le_bytes(),
                &join(&[b"\x00hello", b"\x01world", b"\x02signed", b"\x05\x41\x42"]),
            ]),
        );
    }
    put(
        "ntlm_unwrap",
        "genuine_first",
        &cat(&[&flags.to_le_bytes(), &join(&[&genuine, b"\x00after"])]),
    );
}

fn spnego() {
    let req = Flags(Flags::INTEGRITY.0 | Flags::CONFIDENTIALITY.0 | Flags::MUTUAL.0);
    let neg = fuzzkit::package("negotiate");
    let mut c = neg
        .initiator(
            fuzzkit::spnego_cred(CredUse::Outbound),
            Some("HTTP/server.test.sspi"),
            req,
        )
        .unwrap();
    let mut s = neg
        .acceptor(fuzzkit::spnego_cred(CredUse::Inbound), Flags::NONE)
        .unwrap();
    let mut to_server = Vec::new();
    let mut to_client = Vec::new();
    let mut t = step(&mut c, &[], None);
    for _ in 0..4 {
        to_server.push(t.clone());
        let r = step(&mut s, &t, None);
        if r.is_empty() {
            break;
        }
        to_client.push(r.clone());
        if c.is_complete() && s.is_complete() {
            break;
        }
        t = step(&mut c, &r, None);
        if t.is_empty() {
            break;
        }
    }
    for (i, t) in to_server.iter().chain(to_client.iter()).enumerate() {
        put("spnego_tokens", &format!("own_{i}"), t);
    }
    let mut a: Vec<&[u8]> = to_server.iter().map(|v| &v[..]).collect();
    let w = if s.is_complete() {
        c.wrap_token(b"spnego sealed", true)
            .map(|x| x.0)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    a.push(&w);
    put("spnego_context", "own_acceptor", &cat(&[&[0], &join(&a)]));
    let b: Vec<&[u8]> = to_client.iter().map(|v| &v[..]).collect();
    put("spnego_context", "own_initiator", &cat(&[&[1], &join(&b)]));
}

fn kerberos() {
    let t = fuzzkit::service_ticket();
    let service = fuzzkit::principal(fuzzkit::SERVICE);
    let cb = ChannelBindings::application(b"tls-server-end-point:fuzz");
    let mutual = Flags(Flags::MUTUAL.0 | Flags::INTEGRITY.0 | Flags::CONFIDENTIALITY.0);
    let sk = t.session_key().unwrap();
    let deleg = krbcred::build(std::slice::from_ref(fuzzkit::tgt()), &sk).unwrap();
    // (seed name, target mode byte, flags, bindings, delegated KRB-CRED)
    type Case<'a> = (
        &'a str,
        u8,
        Flags,
        Option<&'a ChannelBindings>,
        Option<Vec<u8>>,
    );
    let cases: [Case<'_>; 4] = [
        ("mutual", 2, mutual, None, None),
        ("no_mutual", 0, Flags(Flags::INTEGRITY.0), None, None),
        ("bindings", 3, mutual, Some(&cb), None),
        ("delegation", 2, mutual | Flags::DELEGATE, None, Some(deleg)),
    ];
    for (name, mode, flags, b, d) in cases {
        let sent = ap_req_at(t, OID_KRB5, flags, b, d, (AP_CTIME, AP_CUSEC)).unwrap();
        put(
            "krb5_ap_req",
            &format!("own_{name}"),
            &cat(&[&[mode], &sent.token]),
        );
        let p = Params {
            mech_ok: &|m: &[u8]| m == OID_KRB5,
            reply_mech: OID_KRB5,
            keytab: fuzzkit::service_keytab(),
            keytab_name: "fixtures/service.keytab",
            acceptor: Some(&service),
            bindings: b,
            skew: 100 * 366 * 86_400,
            rcache: &sspi::packages::kerberos::replay::Cache::None,
        };
        let acc = accept(&p, &sent.token).expect("fixture AP-REQ accepted");
        if let Some(r) = acc.reply {
            put("krb5_ap_rep", &format!("own_{name}"), &r);
        }
    }
    // A KRB-ERROR token as an acceptor would send it.
    let kdc_err = fuzzkit::fuzz_dir().join("corpus/krb5_ap_rep/mit_krb_error_der");
    if let Ok(der) = std::fs::read(kdc_err) {
        put(
            "krb5_ap_rep",
            "krb_error_token",
            &token::wrap(OID_KRB5, token::TOK_KRB_ERROR, &der),
        );
    }
}

fn rfc4121() {
    let msg = fuzzkit::mit("msg");
    for (side, we_initiate) in [("initiator", false), ("acceptor", true)] {
        let m = fuzzkit::mit(&format!("{side}_mic"));
        let conf = fuzzkit::mit(&format!("{side}_wrap_conf"));
        let integ = fuzzkit::mit(&format!("{side}_wrap_integ"));
        let mode = (we_initiate as u8) | ((m[2] & 4 != 0) as u8) << 2 | 8;
        let mut micop = vec![4, msg.len() as u8];
        micop.extend_from_slice(&msg);
        micop.extend_from_slice(&m);
        let ops = join(&[
            &micop,
            &cat(&[&[3], &conf]),
            &cat(&[&[3], &integ]),
            b"\x00honest",
            b"\x02mic",
        ]);
        put(
            "krb5_rfc4121",
            &format!("mit_{side}"),
            &cat(&[&[mode], &m[8..16], &ops]),
        );
        // The Wrap token scattered: header and the rest as one Data buffer.
        let mut iov = vec![5, 16];
        iov.extend_from_slice(&integ[..16]);
        iov.push((integ.len() - 16).min(63) as u8);
        iov.extend_from_slice(&integ[16..]);
        put(
            "krb5_rfc4121",
            &format!("mit_{side}_iov"),
            &cat(&[&[mode], &integ[8..16], &iov]),
        );
    }
    // RFC 4757: a genuine token from a peer with the fixed RC4 key.
    for we_initiate in [false, true] {
        let mode = 2 | we_initiate as u8 | 8;
        let mut peer = Session::new(
            !we_initiate,
            fuzzkit::rc4_key(),
            false,
            7,
            SeqState::new(7, true, false),
        )
        .unwrap();
        let w = rc4::wrap(&mut peer, b"rc4 sealed", true).unwrap();
        let m = rc4::mic(&mut peer, b"rc4 signed").unwrap();
        let mut micop = vec![4, 10];
        micop.extend_from_slice(b"rc4 signed");
        micop.extend_from_slice(&m);
        let ops = join(&[&cat(&[&[3], &w]), &micop, b"\x01honest", b"\x02mic"]);
        put(
            "krb5_rfc4121",
            &format!("rc4_{we_initiate}"),
            &cat(&[&[mode], &7u64.to_be_bytes(), &ops]),
        );
    }
    // AES with this library's own tokens (acceptor subkey off).
    let mut peer = Session::new(
        true,
        fuzzkit::mit_key(),
        false,
        0,
        SeqState::new(0, true, true),
    )
    .unwrap();
    let (w, _) = wrap::wrap_token(&mut peer, b"own wrap", true).unwrap();
    let m = mic::make(&mut peer, &[b"own mic"]).unwrap();
    let mut micop = vec![4, 7];
    micop.extend_from_slice(b"own mic");
    micop.extend_from_slice(&m);
    put(
        "krb5_rfc4121",
        "own_aes",
        &cat(&[
            &[8 | 16],
            &0u64.to_be_bytes(),
            &join(&[&cat(&[&[3], &w]), &micop]),
        ]),
    );
}

/// One buffer of an sspi_buffers descriptor: type index, flags, contents.
fn sb(ty: u8, data: &[u8]) -> Vec<u8> {
    assert!(data.len() < 256);
    cat(&[&[ty, 0, data.len() as u8], data])
}

fn sspi_face() {
    use sspi::abi::sspi::messages::EncryptMessage;
    use sspi::abi::sspi::types::*;
    let mut pair = sspi_c::Pair::new();
    // A message sealed by the client through EncryptMessage, for the
    // server's DecryptMessage (op 0). Keys are fixed in a fuzzing build.
    let mut sig = [0u8; 16];
    let mut data = b"sealed through EncryptMessage".to_vec();
    let mut bufs = [
        SecBuffer {
            cbBuffer: 16,
            BufferType: SECBUFFER_TOKEN,
            pvBuffer: sig.as_mut_ptr() as *mut _,
        },
        SecBuffer {
            cbBuffer: data.len() as u32,
            BufferType: SECBUFFER_DATA,
            pvBuffer: data.as_mut_ptr() as *mut _,
        },
    ];
    let mut d = SecBufferDesc {
        ulVersion: SECBUFFER_VERSION,
        cBuffers: 2,
        pBuffers: bufs.as_mut_ptr(),
    };
    // SAFETY: a live context and a descriptor of two real buffers.
    assert_eq!(
        unsafe { EncryptMessage(&mut pair.client, 0, &mut d, 0) },
        SEC_E_OK
    );
    let decrypt = cat(&[&[0, 0, 2], &sb(2, &sig), &sb(1, &data)]);
    let encrypt = cat(&[&[3, 0, 2], &sb(2, &[0; 16]), &sb(1, b"plain text")]);
    let sign = cat(&[
        &[4, 0, 3],
        &sb(2, &[0; 16]),
        &sb(1, b"data"),
        &sb(7, b"signonly"),
    ]);
    let nulls = cat(&[&[0, 0, 2], &[2, 1, 16], &sb(1, b"x")]);
    put("sspi_buffers", "decrypt_genuine", &decrypt);
    put(
        "sspi_buffers",
        "mixed",
        &join(&[&encrypt, &sign, &nulls, &decrypt]),
    );
    // ASC / ISC inputs: this library's NEGOTIATE and CHALLENGE.
    let mut c = ntlm_client();
    let mut s = ntlm_server();
    let n = step(&mut c, &[], None);
    let ch = step(&mut s, &n, None);
    put(
        "sspi_buffers",
        "accept_negotiate",
        &cat(&[&[6, 0, 1], &sb(2, &n)]),
    );
    put(
        "sspi_buffers",
        "initialize_challenge",
        &cat(&[&[7, 0, 2], &sb(2, &ch), &sb(6, &[0; 32])]),
    );
    drop(pair);

    // sspi_auth_identity: mode, nulls, user SEP domain SEP password SEP list.
    let wide = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let (u, dmn, pw) = fuzzkit::NTLM_USER;
    let w = join(&[&wide(u), &wide(dmn), &wide(pw), &wide("NTLM")]);
    let a = join(&[u.as_bytes(), dmn.as_bytes(), pw.as_bytes(), b"!Kerberos"]);
    put(
        "sspi_auth_identity",
        "plain_w_ntlm",
        &cat(&[&[0b0000_0100, 0], &w]),
    );
    put(
        "sspi_auth_identity",
        "ex_w_negotiate",
        &cat(&[&[0b0001_0101, 0], &w]),
    );
    put(
        "sspi_auth_identity",
        "ex_a_negotiate_a_fn",
        &cat(&[&[0b0001_1011, 0], &a]),
    );
    put(
        "sspi_auth_identity",
        "plain_a_inbound",
        &cat(&[&[0b0100_0010, 0], &a]),
    );
    put(
        "sspi_auth_identity",
        "kerberos_w",
        &cat(&[
            &[0b0010_0100, 0],
            &join(&[&wide("alice@TEST.SSPI"), b"", &wide("pw")]),
        ]),
    );
}

fn names() {
    let g = |sel: u8, mech: u8, s: &[u8]| cat(&[&[sel, mech], s]);
    put("gss_names", "hostbased", &g(3, 0, b"HTTP@server.test.sspi"));
    put("gss_names", "user", &g(0, 3, b"alice"));
    put(
        "gss_names",
        "krb5_principal",
        &g(7, 0, b"host/localhost@TEST.SSPI"),
    );
    put("gss_names", "anonymous", &g(5, 2, b""));
    put("gss_names", "no_oid", &g(9, 1, b"TEST\\alice"));
    let n = sspi::abi::gss::names::GssName {
        text: "alice@TEST.SSPI".into(),
        name_type: Vec::new(),
        mech: Some(OID_KRB5.to_vec()),
    };
    put("gss_names", "export", &g(6, 0, &n.export().unwrap()));
}

fn files() {
    let root = fuzzkit::fuzz_dir().join("..");
    let copy = |target: &str, name: &str, p: &Path| {
        if let Ok(b) = std::fs::read(p) {
            put(target, name, &b);
        }
    };
    copy(
        "krb5_ccache",
        "testdata_alice",
        &root.join("src/krb5/testdata/alice.ccache"),
    );
    copy(
        "krb5_keytab",
        "testdata_ktutil",
        &root.join("src/krb5/testdata/ktutil.keytab"),
    );
    copy(
        "krb5_keytab",
        "fixture_service",
        &fuzzkit::fixture_path("service.keytab"),
    );
    copy(
        "krb5_keytab",
        "fixture_client",
        &fuzzkit::fixture_path("client.keytab"),
    );
    copy(
        "krb5_config",
        "fixture",
        &fuzzkit::fixture_path("krb5.conf"),
    );
}

// ----------------------------------------------------------- check --

fn seed(target: &str, name: &str) -> Vec<u8> {
    std::fs::read(fuzzkit::fuzz_dir().join("corpus").join(target).join(name))
        .unwrap_or_else(|e| panic!("{target}/{name}: {e}"))
}

/// The seeds that should go all the way do, with the fixtures as they
/// are now: the recorded KDC replies give credentials, the AP-REQs are
/// accepted, the AP-REPs check, the NTLM handshake completes and opens
/// its sealed messages.
fn check() {
    fuzzkit::init();
    let client = KdcClient::new(fuzzkit::krb5_config());
    let now = sspi::packages::kerberos::asn1::now().0;
    let back = (fuzzkit::tgt().authtime as i64 - now) as i32;
    sspi::krb5::client::set_kdc_time_offset(fuzzkit::REALM, Some((back, 0)));
    let replies = |s: &[u8]| -> Vec<Vec<u8>> {
        fuzzkit::split(&s[1..])
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect()
    };
    sspi::fuzzing::replay_kdc(Some(replies(&seed("krb5_kdc_rep", "mit_as"))));
    client
        .initial_creds_keytab(
            &fuzzkit::principal(fuzzkit::CLIENT),
            fuzzkit::client_keytab(),
            &AsOptions::default(),
        )
        .expect("recorded AS exchange replays");
    sspi::fuzzing::replay_kdc(Some(replies(&seed("krb5_kdc_rep", "mit_tgs"))));
    client
        .service_ticket(
            fuzzkit::tgt(),
            &fuzzkit::principal(fuzzkit::SERVICE),
            &TgsOptions::default(),
        )
        .expect("recorded TGS exchange replays");
    println!("krb5_kdc_rep: AS and TGS seeds give credentials");

    let service = fuzzkit::principal(fuzzkit::SERVICE);
    for name in ["own_mutual", "own_delegation", "mit_ap_req"] {
        let s = seed("krb5_ap_req", name);
        let p = Params {
            mech_ok: &|m: &[u8]| m == OID_KRB5,
            reply_mech: OID_KRB5,
            keytab: fuzzkit::service_keytab(),
            keytab_name: "fixtures/service.keytab",
            acceptor: Some(&service),
            bindings: None,
            skew: 100 * 366 * 86_400,
            rcache: &sspi::packages::kerberos::replay::Cache::None,
        };
        accept(&p, &s[1..]).unwrap_or_else(|e| panic!("krb5_ap_req/{name}: {e}"));
    }
    println!("krb5_ap_req: seeds accepted");
    let t = fuzzkit::service_ticket();
    let sent = sspi::packages::kerberos::initiator::Sent {
        token: Vec::new(),
        session_key: t.session_key().unwrap(),
        subkey: t.session_key().unwrap(),
        seq: 0,
        ctime: AP_CTIME,
        cusec: AP_CUSEC,
    };
    sspi::packages::kerberos::initiator::ap_rep(
        |m| m == OID_KRB5,
        &seed("krb5_ap_rep", "own_mutual"),
        &sent,
    )
    .expect("AP-REP seed checks");
    println!("krb5_ap_rep: seed checks");

    let parts_owned = seed("ntlm_acceptor", "own_full");
    let parts = fuzzkit::split(&parts_owned);
    let mut s = ntlm_server();
    step(&mut s, parts[0], None);
    step(&mut s, parts[1], None);
    assert!(s.is_complete());
    s.unwrap_token(parts[2]).expect("sealed seed opens");
    println!("ntlm_acceptor: handshake completes, sealed message opens");
}
