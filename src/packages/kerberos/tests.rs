//! In-process initiator ↔ acceptor tests: a keytab written here, a
//! service ticket minted here (EncTicketPart encrypted in the service
//! key), so the AP exchange and message protection run without a KDC.
use std::sync::Arc;

use picky_asn1::wrapper::*;
use picky_krb::data_types::{
    EncTicketPart, EncTicketPartInner, EncryptedData, Ticket, TicketInner, TransitedEncoding,
};
use zeroize::Zeroizing;

use super::asn1::{self, int, octets, to_der};
use super::codes::*;
use super::credentials::KerberosCredential;
use super::initiator;
use super::*;
use crate::core::bindings::ChannelBindings;
use crate::core::context::{SecurityContext, StepInput};
use crate::core::credential::{CredUse, Credential};
use crate::core::iov::{IoBuf, IoKind};
use crate::crypto::{self, usage, Enctype, Key};
use crate::krb5::ccache::{self, CcacheLocation, Credential as CcCred};
use crate::krb5::keytab::{Keytab, KeytabEntry};
use crate::krb5::Principal;

const REALM: &str = "TEST.SSPI";

struct Env {
    _dir: std::path::PathBuf,
    init: Arc<Credential>,
    acc: Arc<Credential>,
    ticket: CcCred,
}

fn pkg() -> &'static dyn Package {
    crate::packages::by_name("Kerberos").unwrap()
}

fn service() -> Principal {
    Principal::new(3, REALM, &["host", "localhost"])
}

fn alice() -> Principal {
    Principal::new(1, REALM, &["alice"])
}

fn mint(svc_key: &Key, kvno: u32, session: &Key, start: i64, end: i64) -> Vec<u8> {
    let part = EncTicketPart::from(EncTicketPartInner {
        flags: ExplicitContextTag0::from(asn1::flags(0x4000_0000)),
        key: ExplicitContextTag1::from(asn1::encryption_key(session)),
        crealm: ExplicitContextTag2::from(asn1::realm(REALM).unwrap()),
        cname: ExplicitContextTag3::from(asn1::principal_name(&alice()).unwrap()),
        transited: ExplicitContextTag4::from(TransitedEncoding {
            tr_type: ExplicitContextTag0::from(int(1)),
            contents: ExplicitContextTag1::from(octets(&[])),
        }),
        auth_time: ExplicitContextTag5::from(asn1::time(start)),
        starttime: Optional::from(Some(ExplicitContextTag6::from(asn1::time(start)))),
        endtime: ExplicitContextTag7::from(asn1::time(end)),
        renew_till: Optional::from(None),
        caddr: Optional::from(None),
        authorization_data: Optional::from(None),
    });
    let der = to_der(&part, "EncTicketPart").unwrap();
    let enc = crypto::encrypt(svc_key, usage::KDC_REP_TICKET, &der).unwrap();
    let t = Ticket::from(TicketInner {
        tkt_vno: ExplicitContextTag0::from(int(5)),
        realm: ExplicitContextTag1::from(asn1::realm(REALM).unwrap()),
        sname: ExplicitContextTag2::from(asn1::principal_name(&service()).unwrap()),
        enc_part: ExplicitContextTag3::from(EncryptedData {
            etype: ExplicitContextTag0::from(int(svc_key.enctype.id() as i64)),
            kvno: Optional::from(Some(ExplicitContextTag1::from(int(kvno as i64)))),
            cipher: ExplicitContextTag2::from(octets(&enc)),
        }),
    });
    to_der(&t, "Ticket").unwrap()
}

/// `ticket_kvno` is what the ticket says; the keytab holds kvno 2.
fn setup(enctype: Enctype, ticket_kvno: u32, start_off: i64, end_off: i64) -> Env {
    let n: u64 = rand_u64();
    let dir = std::env::temp_dir().join(format!("sspi-krb-test-{}-{n:x}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svc_key = Key::generate(enctype).unwrap();
    let kt_path = dir.join("keytab");
    Keytab {
        entries: vec![KeytabEntry {
            principal: service(),
            timestamp: 0,
            kvno: 2,
            enctype: enctype.id(),
            key: Zeroizing::new(svc_key.bytes().to_vec()),
        }],
    }
    .write(&kt_path)
    .unwrap();
    let session = Key::generate(enctype).unwrap();
    let (now, _) = asn1::now();
    let ticket = CcCred {
        client: alice(),
        server: service(),
        key_enctype: enctype.id(),
        key: Zeroizing::new(session.bytes().to_vec()),
        authtime: now as u32,
        starttime: now as u32,
        endtime: (now + end_off) as u32,
        renew_till: 0,
        is_skey: false,
        ticket_flags: 0x4000_0000,
        addresses: vec![],
        authdata: vec![],
        ticket: mint(
            &svc_key,
            ticket_kvno,
            &session,
            now + start_off,
            now + end_off,
        ),
        second_ticket: vec![],
    };
    let loc = CcacheLocation::Memory(format!("test-{n:x}"));
    ccache::initialize(&loc, &alice()).unwrap();
    ccache::store(&loc, &ticket).unwrap();
    let init = Arc::new(Credential {
        package: pkg(),
        usage: CredUse::Outbound,
        inner: Box::new(KerberosCredential {
            client: Some(alice()),
            ccache: Some(loc),
            ccache_name: format!("MEMORY:test-{n:x}"),
            acceptor: None,
            keytab: None,
            rcache: None,
            expiry: None,
        }),
    });
    let acc = Arc::new(Credential {
        package: pkg(),
        usage: CredUse::Inbound,
        inner: Box::new(KerberosCredential {
            client: None,
            ccache: None,
            ccache_name: String::new(),
            acceptor: None,
            keytab: Some(kt_path),
            rcache: None,
            expiry: None,
        }),
    });
    Env {
        _dir: dir,
        init,
        acc,
        ticket,
    }
}

fn rand_u64() -> u64 {
    let mut b = [0u8; 8];
    getrandom::getrandom(&mut b).unwrap();
    u64::from_le_bytes(b)
}

fn contexts(env: &Env, flags: Flags) -> (Box<dyn SecurityContext>, Box<dyn SecurityContext>) {
    let i = pkg()
        .initiator(env.init.clone(), Some("host/localhost@TEST.SSPI"), flags)
        .unwrap();
    let a = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
    (i, a)
}

fn handshake(env: &Env, flags: Flags) -> (Box<dyn SecurityContext>, Box<dyn SecurityContext>) {
    let (mut i, mut a) = contexts(env, flags);
    let t1 = i.step(&StepInput::default()).unwrap();
    let r = a
        .step(&StepInput {
            token: &t1.token,
            bindings: None,
        })
        .unwrap();
    assert!(r.complete);
    if flags.contains(Flags::MUTUAL) {
        assert!(!t1.complete);
        assert!(!r.token.is_empty());
        let t2 = i
            .step(&StepInput {
                token: &r.token,
                bindings: None,
            })
            .unwrap();
        assert!(t2.complete && t2.token.is_empty());
    } else {
        assert!(t1.complete);
        assert!(r.token.is_empty());
    }
    (i, a)
}

const ALL: Flags = Flags(
    Flags::MUTUAL.0 | Flags::REPLAY_DETECT.0 | Flags::SEQUENCE_DETECT.0 | Flags::CONFIDENTIALITY.0,
);

fn exchange_messages(i: &mut dyn SecurityContext, a: &mut dyn SecurityContext) {
    for conf in [true, false] {
        let (t, sealed) = i.wrap_token(b"hello acceptor", conf).unwrap();
        assert_eq!(sealed, conf);
        assert_eq!(
            a.unwrap_token(&t).unwrap(),
            (b"hello acceptor".to_vec(), conf)
        );
        let (t, _) = a.wrap_token(b"hello initiator", conf).unwrap();
        assert_eq!(i.unwrap_token(&t).unwrap().0, b"hello initiator");
    }
    // MIC through sign/verify.
    let mut data = b"signed".to_vec();
    let mut sig = vec![0u8; i.sizes().max_signature as usize];
    {
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut sig),
            IoBuf::new(IoKind::Data, &mut data),
        ];
        i.sign(&mut iov, 0).unwrap();
        assert_eq!(iov[0].len, sig.len());
    }
    let mut iov = [
        IoBuf::new(IoKind::Header, &mut sig),
        IoBuf::new(IoKind::Data, &mut data),
    ];
    a.verify(&mut iov, 0).unwrap();
    // SSPI layout (token, data, padding), both ways, sealed and not.
    for conf in [true, false] {
        for dir in 0..2 {
            let (s, r): (&mut dyn SecurityContext, &mut dyn SecurityContext) = if dir == 0 {
                (&mut *i, &mut *a)
            } else {
                (&mut *a, &mut *i)
            };
            let msg = b"EncryptMessage payload of some length".to_vec();
            let mut hdr = vec![0u8; s.sizes().security_trailer as usize];
            let mut data = msg.clone();
            let mut pad = vec![0u8; 16];
            let hl;
            {
                let mut iov = [
                    IoBuf::new(IoKind::Header, &mut hdr),
                    IoBuf::new(IoKind::Data, &mut data),
                    IoBuf::new(IoKind::Padding, &mut pad),
                ];
                s.wrap(&mut iov, conf, 0).unwrap();
                hl = iov[0].len;
                assert_eq!(iov[2].len, 0);
            }
            assert_eq!(data != msg, conf, "sealed in place");
            let mut iov = [
                IoBuf::new(IoKind::Header, &mut hdr[..hl]),
                IoBuf::new(IoKind::Data, &mut data),
            ];
            assert_eq!(r.unwrap(&mut iov, 0).unwrap(), conf);
            assert_eq!(data, msg);
        }
    }
    // MIT's iov layout (header, data, trailer).
    let msg = b"gss_wrap_iov".to_vec();
    let mut hdr = vec![0u8; 64];
    let mut data = msg.clone();
    let mut trailer = vec![0u8; 64];
    let (hl, tl);
    {
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut hdr),
            IoBuf::new(IoKind::Data, &mut data),
            IoBuf::new(IoKind::Trailer, &mut trailer),
        ];
        i.wrap(&mut iov, true, 0).unwrap();
        hl = iov[0].len;
        tl = iov[2].len;
    }
    assert_eq!(hl, 32);
    let mut iov = [
        IoBuf::new(IoKind::Header, &mut hdr[..hl]),
        IoBuf::new(IoKind::Data, &mut data),
        IoBuf::new(IoKind::Trailer, &mut trailer[..tl]),
    ];
    a.unwrap(&mut iov, 0).unwrap();
    assert_eq!(data, msg);
}

#[test]
fn mutual_round_trip_and_message_protection() {
    for et in [
        Enctype::Aes256CtsHmacSha196,
        Enctype::Aes128CtsHmacSha196,
        Enctype::Aes128CtsHmacSha256128,
        Enctype::Aes256CtsHmacSha384192,
    ] {
        let env = setup(et, 2, -10, 3600);
        let (mut i, mut a) = handshake(&env, ALL);
        assert_eq!(a.client_name().as_deref(), Some("alice@TEST.SSPI"));
        assert_eq!(i.client_name().as_deref(), Some("alice@TEST.SSPI"));
        assert_eq!(a.server_name().as_deref(), Some("host/localhost@TEST.SSPI"));
        assert!(a
            .flags()
            .contains(Flags::MUTUAL | Flags::REPLAY_DETECT | Flags::INTEGRITY));
        assert_eq!(i.session_key().unwrap(), a.session_key().unwrap());
        assert_ne!(
            *i.session_key().unwrap(),
            *env.ticket.key,
            "acceptor subkey in use"
        );
        exchange_messages(&mut *i, &mut *a);
    }
    let s = session::sizes(Some(Enctype::Aes256CtsHmacSha196));
    assert_eq!(
        (s.max_signature, s.security_trailer, s.block_size),
        (28, 76, 1)
    );
}

#[test]
fn without_mutual_one_token() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let (mut i, mut a) = handshake(&env, Flags::REPLAY_DETECT);
    assert!(!a.flags().contains(Flags::MUTUAL));
    exchange_messages(&mut *i, &mut *a);
}

#[test]
fn tampered_replayed_and_reordered_tokens() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let (mut i, mut a) = handshake(&env, ALL);
    let (t0, _) = i.wrap_token(b"zero", true).unwrap();
    let (t1, _) = i.wrap_token(b"one", true).unwrap();
    let (t2, _) = i.wrap_token(b"two", false).unwrap();
    let mut bad = t0.clone();
    let n = bad.len();
    bad[n - 1] ^= 1;
    assert_eq!(a.unwrap_token(&bad), Err(Error::MessageAltered));
    let mut bad2 = t2.clone();
    bad2[17] ^= 1;
    assert_eq!(a.unwrap_token(&bad2), Err(Error::MessageAltered));
    a.unwrap_token(&t0).unwrap();
    assert_eq!(a.unwrap_token(&t0), Err(Error::OutOfSequence), "replay");
    a.unwrap_token(&t2).unwrap();
    assert_eq!(a.unwrap_token(&t1), Err(Error::OutOfSequence), "reordered");
    // A token reflected back to its sender.
    let (t3, _) = i.wrap_token(b"mirror", true).unwrap();
    assert!(matches!(i.unwrap_token(&t3), Err(Error::InvalidToken(_))));
    // MIC tampering.
    let mut sig = vec![0u8; 28];
    let mut data = b"x".to_vec();
    {
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut sig),
            IoBuf::new(IoKind::Data, &mut data),
        ];
        a.sign(&mut iov, 0).unwrap();
    }
    let mut other = b"y".to_vec();
    let mut iov = [
        IoBuf::new(IoKind::Header, &mut sig),
        IoBuf::new(IoKind::Data, &mut other),
    ];
    assert_eq!(i.verify(&mut iov, 0), Err(Error::MessageAltered));
}

#[test]
fn windows_rotation_is_accepted_by_the_single_token_form() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let (mut i, mut a) = handshake(&env, ALL);
    let mut ctx_i = i;
    // Build a Windows-shaped token (EC 16, RRC 28, rotated by 44) through
    // the iov path and hand it to gss_unwrap's single-token form.
    let msg = b"from a Windows peer".to_vec();
    let mut hdr = vec![0u8; 76];
    let mut data = msg.clone();
    let hl;
    {
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut hdr),
            IoBuf::new(IoKind::Data, &mut data),
        ];
        ctx_i.wrap(&mut iov, true, 0).unwrap();
        hl = iov[0].len;
    }
    assert_eq!(hl, 76);
    assert_eq!(&hdr[4..8], &[0, 16, 0, 28], "EC 16, RRC 28");
    let mut tok = hdr[..hl].to_vec();
    tok.extend_from_slice(&data);
    assert_eq!(a.unwrap_token(&tok).unwrap(), (msg, true));
    i = ctx_i;
    let _ = i;
}

fn accept_err(
    env: &Env,
    flags: Flags,
    cb_i: Option<&ChannelBindings>,
    cb_a: Option<&ChannelBindings>,
) -> Result<()> {
    let (mut i, mut a) = contexts(env, flags);
    let t = i
        .step(&StepInput {
            token: &[],
            bindings: cb_i,
        })
        .unwrap();
    a.step(&StepInput {
        token: &t.token,
        bindings: cb_a,
    })
    .map(|_| ())
}

fn code(r: Result<()>) -> i32 {
    match r {
        Err(Error::Kerberos { code, .. }) => code,
        other => panic!("expected a Kerberos error, got {other:?}"),
    }
}

#[test]
fn wrong_kvno_and_ticket_times() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 3, -10, 3600);
    let r = accept_err(&env, ALL, None, None);
    let msg = r.clone().unwrap_err().to_string();
    assert_eq!(code(r), KRB5_KT_KVNONOTFOUND);
    assert!(msg.contains("host/localhost@TEST.SSPI kvno 3"), "{msg}");
    // The cache hides expired tickets, so send this one directly.
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -7200, -3600);
    let t = initiator::ap_req(&env.ticket, OID_KRB5, ALL, None, None).unwrap();
    let mut a = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
    let r = a.step(&StepInput {
        token: &t.token,
        bindings: None,
    });
    assert_eq!(code(r.map(|_| ())), KRB5KRB_AP_ERR_TKT_EXPIRED);
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, 3600, 7200);
    assert_eq!(
        code(accept_err(&env, ALL, None, None)),
        KRB5KRB_AP_ERR_TKT_NYV
    );
}

#[test]
fn skewed_and_replayed_authenticators() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let (now, us) = asn1::now();
    let skewed =
        initiator::ap_req_at(&env.ticket, OID_KRB5, ALL, None, None, (now - 600, us)).unwrap();
    let mut a = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
    let r = a.step(&StepInput {
        token: &skewed.token,
        bindings: None,
    });
    assert_eq!(code(r.map(|_| ())), KRB5KRB_AP_ERR_SKEW);

    let (mut i, _) = contexts(&env, ALL);
    let t = i.step(&StepInput::default()).unwrap();
    let mut a1 = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
    a1.step(&StepInput {
        token: &t.token,
        bindings: None,
    })
    .unwrap();
    let mut a2 = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
    let r = a2.step(&StepInput {
        token: &t.token,
        bindings: None,
    });
    assert_eq!(code(r.map(|_| ())), KRB5KRB_AP_ERR_REPEAT);
}

#[test]
fn channel_bindings() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let cb = ChannelBindings::application(b"tls-server-end-point:abc");
    let other = ChannelBindings::application(b"tls-server-end-point:xyz");
    accept_err(&env, ALL, Some(&cb), Some(&cb)).unwrap();
    accept_err(&env, ALL, None, Some(&cb)).unwrap();
    accept_err(&env, ALL, Some(&cb), None).unwrap();
    assert_eq!(
        accept_err(&env, ALL, Some(&cb), Some(&other)),
        Err(Error::BadBindings)
    );
}

#[test]
fn rc4_contexts_use_rfc4757_tokens() {
    let env = setup(Enctype::Rc4Hmac, 2, -10, 3600);
    let (mut i, mut a) = handshake(&env, ALL);
    for conf in [true, false] {
        let (t, _) = i.wrap_token(b"rc4 message", conf).unwrap();
        assert_eq!(&t[13..17], &[2, 1, 0x11, 0], "framed 02 01 token, HMAC-MD5");
        assert_eq!(a.unwrap_token(&t).unwrap(), (b"rc4 message".to_vec(), conf));
        let (t, _) = a.wrap_token(b"back", conf).unwrap();
        assert_eq!(i.unwrap_token(&t).unwrap().0, b"back");
        assert_eq!(i.unwrap_token(&t), Err(Error::OutOfSequence), "replay");
    }
    let (mut t, _) = i.wrap_token(b"tamper", true).unwrap();
    let n = t.len();
    t[n - 3] ^= 1;
    assert_eq!(a.unwrap_token(&t), Err(Error::MessageAltered));
    // MIC and the SSPI layout (token, data, padding).
    let s = i.sizes();
    assert_eq!((s.max_signature, s.block_size), (37, 1));
    let mut sig = vec![0u8; s.max_signature as usize];
    let mut data = b"sign me".to_vec();
    {
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut sig),
            IoBuf::new(IoKind::Data, &mut data),
        ];
        i.sign(&mut iov, 0).unwrap();
    }
    let mut iov = [
        IoBuf::new(IoKind::Header, &mut sig),
        IoBuf::new(IoKind::Data, &mut data),
    ];
    a.verify(&mut iov, 0).unwrap();
    let msg = b"EncryptMessage with RC4".to_vec();
    let mut hdr = vec![0u8; s.security_trailer as usize];
    let mut data = msg.clone();
    let mut pad = [0u8; 8];
    let hl;
    {
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut hdr),
            IoBuf::new(IoKind::Data, &mut data),
            IoBuf::new(IoKind::Padding, &mut pad),
        ];
        i.wrap(&mut iov, true, 0).unwrap();
        hl = iov[0].len;
        assert_eq!(iov[2].len, 1);
    }
    assert_ne!(data, msg);
    let mut iov = [
        IoBuf::new(IoKind::Header, &mut hdr[..hl]),
        IoBuf::new(IoKind::Data, &mut data),
        IoBuf::new(IoKind::Padding, &mut pad[..1]),
    ];
    assert!(a.unwrap(&mut iov, 0).unwrap());
    assert_eq!(data, msg);
}

#[test]
fn garbage_tokens_are_rejected_not_panicking() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let (mut i, _) = contexts(&env, ALL);
    let t = i.step(&StepInput::default()).unwrap().token;
    for cut in [0, 1, 5, 17, t.len() / 2, t.len() - 1] {
        let mut a = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
        assert!(a
            .step(&StepInput {
                token: &t[..cut],
                bindings: None
            })
            .is_err());
    }
    let mut flipped = t.clone();
    let n = flipped.len();
    flipped[n - 3] ^= 0x40;
    let mut a = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
    assert!(a
        .step(&StepInput {
            token: &flipped,
            bindings: None
        })
        .is_err());
}

#[test]
fn registry_order_and_oids() {
    let names: Vec<_> = crate::packages::all()
        .iter()
        .map(|p| p.info().name)
        .collect();
    assert_eq!(names, ["Negotiate", "Kerberos", "NTLM"]);
    assert_eq!(
        crate::packages::by_oid(OID_MS_KRB5).unwrap().info().name,
        "Kerberos"
    );
    assert_eq!(INFO.oids[0], OID_KRB5);
}

/// Tokens made by MIT's libgssapi_krb5 1.20 with the key it reported
/// (GSS_C_INQ_SSPI_SESSION_KEY); captured by
/// ffi-tests/gss-krb5/capture_mit_tokens.py.
const MIT_TOKENS: &str = include_str!("testdata/mit_tokens.txt");

fn mit(name: &str) -> Vec<u8> {
    let line = MIT_TOKENS
        .lines()
        .find(|l| l.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("{name} missing from mit_tokens.txt"));
    crate::crypto::test_util::unhex(line.split(' ').nth(1).unwrap())
}

fn mit_session(initiator: bool, token: &[u8]) -> session::Session {
    let enctype = MIT_TOKENS
        .lines()
        .find_map(|l| l.strip_prefix("enctype "))
        .and_then(|v| v.trim().parse::<i32>().ok())
        .and_then(Enctype::from_id)
        .unwrap();
    let key = Key::new(enctype, &mit("key")).unwrap();
    let asub = token[2] & session::FLAG_ACCEPTOR_SUBKEY != 0;
    let seq = u64::from_be_bytes(token[8..16].try_into().unwrap());
    session::Session::new(
        initiator,
        key,
        asub,
        seq,
        super::seq::SeqState::new(0, false, false),
    )
    .unwrap()
}

#[test]
fn mit_tokens_verify_and_match_byte_for_byte() {
    let msg = mit("msg");
    for (side, initiator) in [("initiator", true), ("acceptor", false)] {
        let m = mit(&format!("{side}_mic"));
        let conf = mit(&format!("{side}_wrap_conf"));
        let integ = mit(&format!("{side}_wrap_integ"));
        // The peer of the sender checks all three.
        let mut peer = mit_session(!initiator, &m);
        mic::verify(&mut peer, &[&msg], &m).unwrap();
        assert_eq!(
            wrap::unwrap_token(&mut peer, &conf).unwrap(),
            (msg.clone(), true)
        );
        assert_eq!(
            wrap::unwrap_token(&mut peer, &integ).unwrap(),
            (msg.clone(), false)
        );
        let mut bad = integ.clone();
        bad[20] ^= 1;
        assert_eq!(
            wrap::unwrap_token(&mut peer, &bad),
            Err(Error::MessageAltered)
        );
        // The sender's tokens without a confounder are deterministic: ours
        // must be MIT's, bit for bit.
        let mut me = mit_session(initiator, &m);
        assert_eq!(mic::make(&mut me, &[&msg]).unwrap(), m, "{side} MIC");
        let mut me = mit_session(initiator, &integ);
        assert_eq!(
            wrap::wrap_token(&mut me, &msg, false).unwrap().0,
            integ,
            "{side} Wrap"
        );
    }
}

/// Sealed Wrap tokens of messages longer than the crypto's streaming chunk,
/// in MIT's shape and in Windows' (EC 16, body rotated), round-trip for
/// every AES enctype; a flipped bit anywhere in the body is refused.
#[test]
fn large_sealed_wrap_tokens_round_trip() {
    use super::seq::SeqState;
    use super::session::{Session, HEADER_LEN};
    for enctype in [
        Enctype::Aes128CtsHmacSha196,
        Enctype::Aes256CtsHmacSha196,
        Enctype::Aes128CtsHmacSha256128,
        Enctype::Aes256CtsHmacSha384192,
    ] {
        let key = Key::generate(enctype).unwrap();
        let new = |initiator| {
            Session::new(
                initiator,
                key.clone(),
                false,
                0,
                SeqState::new(0, true, false),
            )
            .unwrap()
        };
        let (mut tx, mut rx) = (new(true), new(false));
        for len in [0usize, 1, 20_000, 100_003] {
            let msg: Vec<u8> = (0..len).map(|i| (i * 13 + 5) as u8).collect();
            for windows in [false, true] {
                let mut tok = Vec::new();
                wrap::seal_into(&mut tx, &msg, true, windows, &mut tok).unwrap();
                let (h, body) = tok.split_at(HEADER_LEN);
                for at in [0, body.len() / 2, body.len() - 1] {
                    let mut bad = body.to_vec();
                    bad[at] ^= 0x10;
                    let mut out = Vec::new();
                    assert_eq!(
                        wrap::open_into(&mut rx, h, &bad, &mut out),
                        Err(Error::MessageAltered),
                        "{enctype} {len} windows {windows} byte {at}"
                    );
                }
                let mut out = Vec::new();
                assert_eq!(wrap::open_into(&mut rx, h, body, &mut out), Ok(true));
                assert_eq!(out, msg, "{enctype} {len} windows {windows}");
            }
        }
    }
}

#[test]
fn delegated_krb_cred_reaches_the_acceptor() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let sk = env.ticket.session_key().unwrap();
    // Stand-in for a forwarded TGT: any ticket travels the same way.
    let kc = super::krbcred::build(std::slice::from_ref(&env.ticket), &sk).unwrap();
    let back = super::krbcred::parse(&kc, &sk).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].client, alice());
    assert!(back[0].server.matches(&service()));
    assert_eq!(*back[0].key, *env.ticket.key);
    assert_eq!(back[0].ticket, env.ticket.ticket);
    assert_eq!(
        (back[0].endtime, back[0].ticket_flags),
        (env.ticket.endtime, env.ticket.ticket_flags)
    );

    let sent =
        initiator::ap_req(&env.ticket, OID_KRB5, ALL | Flags::DELEGATE, None, Some(kc)).unwrap();
    let mut a = pkg().acceptor(env.acc.clone(), Flags::NONE).unwrap();
    a.step(&StepInput {
        token: &sent.token,
        bindings: None,
    })
    .unwrap();
    assert!(a.flags().contains(Flags::DELEGATE));
    let d = a.take_delegated().expect("a delegated credential");
    assert_eq!(d.name(), "alice@TEST.SSPI");
    assert!(a.take_delegated().is_none(), "taken once");

    // Asked to delegate with no TGT in the cache: not offered, not granted.
    let (i, _) = handshake(&env, ALL | Flags::DELEGATE);
    assert!(!i.flags().contains(Flags::DELEGATE));
}

#[test]
fn dce_style_is_unsupported() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let r = pkg().initiator(
        env.init.clone(),
        Some("host/localhost@TEST.SSPI"),
        ALL | Flags::DCE_STYLE,
    );
    assert!(matches!(r.err(), Some(Error::Unsupported(_))));
}

#[test]
fn acquire_names_the_missing_cache_and_keytab() {
    use crate::core::credential::CredRequest;
    let mut req = CredRequest::new(CredUse::Outbound);
    req.store = vec![("ccache".into(), "FILE:/nonexistent/sspi-krb-cc".into())];
    match pkg().acquire(&req).err() {
        Some(Error::NoCredentials(m)) => assert_eq!(
            m,
            "No Kerberos credentials available (default cache: FILE:/nonexistent/sspi-krb-cc)"
        ),
        other => panic!("{other:?}"),
    }
    let mut req = CredRequest::new(CredUse::Inbound);
    req.store = vec![("keytab".into(), "FILE:/nonexistent/sspi-krb.keytab".into())];
    match pkg().acquire(&req).err() {
        Some(Error::NoCredentials(m)) => {
            assert!(m.contains("/nonexistent/sspi-krb.keytab"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    // A keytab without the asked-for principal.
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let kt = super::context::kcred(&env.acc)
        .unwrap()
        .keytab
        .clone()
        .unwrap();
    let mut req = CredRequest::new(CredUse::Inbound);
    req.store = vec![("keytab".into(), format!("FILE:{}", kt.display()))];
    req.principal = Some("HTTP/other@TEST.SSPI".into());
    assert!(matches!(
        pkg().acquire(&req).err(),
        Some(Error::NoCredentials(_))
    ));
    req.principal = Some("host/localhost@TEST.SSPI".into());
    let c = pkg().acquire(&req).unwrap();
    assert_eq!(c.name(), "host/localhost@TEST.SSPI");
}

/// Rough numbers for the report: `cargo test --release --lib
/// kerberos_timings -- --ignored --nocapture`.
#[test]
#[ignore]
fn kerberos_timings() {
    let env = setup(Enctype::Aes256CtsHmacSha196, 2, -10, 3600);
    let n = 2000;
    let t = std::time::Instant::now();
    for _ in 0..n {
        let _ = handshake(&env, ALL);
    }
    let hs = n as f64 / t.elapsed().as_secs_f64();
    let (mut i, mut a) = handshake(&env, ALL);
    for size in [64usize, 1024, 16384, 1 << 20] {
        let msg = vec![7u8; size];
        let rounds = (64 << 20) / size.max(1024);
        let t = std::time::Instant::now();
        for _ in 0..rounds {
            let (tok, _) = i.wrap_token(&msg, true).unwrap();
            a.unwrap_token(&tok).unwrap();
        }
        let mbs = (rounds * size) as f64 / t.elapsed().as_secs_f64() / 1e6;
        println!("aes256-sha1 wrap+unwrap {size} B: {mbs:.0} MB/s");
    }
    println!("in-process AP exchanges (mutual, ccache + keytab read per call): {hs:.0}/s");
}

/// RFC 4757 (RC4-HMAC) MIC and Wrap tokens: a one-bit change in the first or
/// the last byte of the 8-byte SGN_CKSUM is MessageAltered (the whole
/// checksum is compared, with `crypto::ct_eq`); the genuine token still
/// verifies afterwards.
#[test]
fn rc4_checksum_checks_cover_first_and_last_byte() {
    let env = setup(Enctype::Rc4Hmac, 2, -10, 3600);
    let (mut i, mut a) = handshake(&env, ALL);
    // 0x60 len 06 09 <OID> | TOK_ID(2) | SGN_ALG(2) SEAL_ALG(2) filler(2)
    // SND_SEQ(8) | SGN_CKSUM(8) ...: the checksum is bytes 29..37.
    const CKSUM: std::ops::Range<usize> = 29..37;
    for conf in [true, false] {
        let (t, _) = i.wrap_token(b"rc4 wrap", conf).unwrap();
        assert_eq!(&t[13..15], &[2, 1], "a Wrap token");
        for at in [CKSUM.start, CKSUM.end - 1] {
            let mut bad = t.clone();
            bad[at] ^= 0x01;
            assert_eq!(
                a.unwrap_token(&bad),
                Err(Error::MessageAltered),
                "conf {conf}: checksum byte {at}"
            );
        }
        assert_eq!(a.unwrap_token(&t).unwrap().0, b"rc4 wrap");
    }
    let mut sig = vec![0u8; i.sizes().max_signature as usize];
    let mut data = b"sign me".to_vec();
    let n = {
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut sig),
            IoBuf::new(IoKind::Data, &mut data),
        ];
        i.sign(&mut iov, 0).unwrap();
        iov[0].len
    };
    assert_eq!((n, &sig[13..15]), (37, &[1u8, 1][..]), "a MIC token");
    for at in [CKSUM.start, CKSUM.end - 1] {
        let mut bad = sig.clone();
        bad[at] ^= 0x80;
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut bad[..n]),
            IoBuf::new(IoKind::Data, &mut data),
        ];
        assert_eq!(
            a.verify(&mut iov, 0),
            Err(Error::MessageAltered),
            "MIC checksum byte {at}"
        );
    }
    let mut iov = [
        IoBuf::new(IoKind::Header, &mut sig[..n]),
        IoBuf::new(IoKind::Data, &mut data),
    ];
    a.verify(&mut iov, 0).unwrap();
}

/// The acceptor's channel-binding check compares the whole MD5: the first or
/// last byte changed is a mismatch; zeros (no bindings sent) are accepted.
#[test]
fn channel_binding_check_covers_first_and_last_byte() {
    use super::acceptor::bindings_match;
    let cb = ChannelBindings::application(b"tls-server-end-point:abc");
    let good = cb.md5();
    assert!(bindings_match(&good, &cb));
    assert!(bindings_match(&[0; 16], &cb));
    for at in [0usize, 15] {
        let mut bad = good;
        bad[at] ^= 0x01;
        assert!(!bindings_match(&bad, &cb), "byte {at}");
    }
}

fn assert_zod<T: zeroize::ZeroizeOnDrop>() {}

/// Kerberos keys wipe themselves when dropped (compile-time checks): the
/// session key and subkeys (crypto::Key), each derived key set, the context's
/// session, cached session keys and keytab keys.
#[test]
fn key_types_zeroize_on_drop() {
    assert_zod::<crate::crypto::Key>();
    assert_zod::<crate::crypto::DerivedKeys>();
    assert_zod::<super::session::Session>();
    assert_zod::<crate::krb5::ccache::Credential>();
    assert_zod::<crate::krb5::keytab::KeytabEntry>();
}
