//! SPNEGO tokens against captured ones, in-process handshakes over NTLM,
//! mechanism restriction, raw NTLMSSP, and malformed-token handling.
use std::sync::Arc;

use zeroize::Zeroizing;

use super::credentials::{self, NTLM_OID};
use super::tokens::{self, NegState, NegToken, NegTokenInit, NegTokenResp, SPNEGO_OID};
use crate::core::context::{SecurityContext, StepInput};
use crate::core::credential::{CredRequest, CredUse, Credential, Identity};
use crate::core::flags::Flags;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::Error;
use crate::packages::{all, by_name, by_oid, Package};

type Ctx = Box<dyn SecurityContext>;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// pyspnego 0.11's first Negotiate token (NTLM only, no Kerberos).
const PYSPNEGO_INIT: &str = "604806062b0601050502a03e303ca00e300c060a2b06010401823702020aa22a04\
284e544c4d5353500001000000378208e200000000280000000000000028000000000c04000000000f";
/// pyspnego's acceptor, last message: accept-completed and its NTLM MIC
/// (sequence number 0).
const PYSPNEGO_FINAL: &str = "a11b3019a0030a0100a312041001000000d28177d3442a38c100000000";

fn negotiate() -> &'static dyn Package {
    by_name("negotiate").expect("Negotiate is registered")
}

fn identity() -> Identity {
    Identity {
        user: "alice".into(),
        domain: "EXAMPLE".into(),
        password: Zeroizing::new("s3cret".into()),
    }
}

fn request(usage: CredUse, id: Option<Identity>, list: Option<&str>) -> CredRequest {
    CredRequest {
        usage,
        principal: None,
        identity: id,
        package_list: list.map(str::to_string),
        store: Vec::new(),
    }
}

fn cred(usage: CredUse) -> Arc<Credential> {
    let req = request(usage, Some(identity()), None);
    Arc::new(Credential::acquire(negotiate(), &req).expect("acquire"))
}

fn step(c: &mut Ctx, t: &[u8]) -> crate::core::Result<(Vec<u8>, bool)> {
    let o = c.step(&StepInput {
        token: t,
        bindings: None,
    })?;
    Ok((o.token, o.complete))
}

/// A full handshake; returns both contexts and every token in order.
fn handshake(req: Flags) -> (Ctx, Ctx, Vec<Vec<u8>>) {
    let p = negotiate();
    let mut c = p
        .initiator(cred(CredUse::Outbound), Some("host/server.example"), req)
        .unwrap();
    let mut s = p.acceptor(cred(CredUse::Inbound), Flags::NONE).unwrap();
    let mut toks = Vec::new();
    let mut t = step(&mut c, &[]).unwrap().0;
    for _ in 0..4 {
        toks.push(t.clone());
        let (r, _) = step(&mut s, &t).unwrap();
        toks.push(r.clone());
        if c.is_complete() || r.is_empty() {
            break;
        }
        let (n, _) = step(&mut c, &r).unwrap();
        t = n;
        if s.is_complete() && c.is_complete() {
            break;
        }
    }
    (c, s, toks)
}

#[test]
fn registry_lists_negotiate_first() {
    let first = all()[0].info();
    assert_eq!(first.name, "Negotiate");
    assert_eq!(first.rpc_id, 9);
    assert_eq!(first.max_token, 48256);
    assert_eq!(first.capabilities, 0x0008_3BB3);
    assert!(std::ptr::eq(by_oid(SPNEGO_OID).unwrap().info(), first));
}

#[test]
fn decodes_and_reencodes_captured_tokens() {
    let raw = hex(PYSPNEGO_INIT);
    let NegToken::Init(init) = tokens::decode(&raw).unwrap() else {
        panic!("not an init token")
    };
    assert_eq!(init.mech_types, vec![NTLM_OID.to_vec()]);
    assert_eq!(init.mech_types_der, hex("300c060a2b06010401823702020a"));
    assert!(init.mech_token.as_ref().unwrap().starts_with(b"NTLMSSP\0"));
    assert_eq!(init.mech_list_mic, None);
    assert_eq!(init.encode(), raw);

    let raw = hex(PYSPNEGO_FINAL);
    let NegToken::Resp(resp) = tokens::decode(&raw).unwrap() else {
        panic!("not a resp token")
    };
    assert_eq!(resp.neg_state, Some(NegState::AcceptCompleted));
    assert_eq!(resp.supported_mech, None);
    assert_eq!(resp.response_token, None);
    assert_eq!(resp.mech_list_mic.as_ref().unwrap().len(), 16);
    assert_eq!(resp.encode(), raw);
}

#[test]
fn long_lengths_and_init2_round_trip() {
    let resp = NegTokenResp {
        neg_state: Some(NegState::AcceptIncomplete),
        supported_mech: Some(NTLM_OID.to_vec()),
        response_token: Some(vec![7u8; 300]),
        mech_list_mic: None,
    };
    let enc = resp.encode();
    assert_eq!(&enc[..4], &[0xa1, 0x82, 0x01, 0x4b]);
    assert_eq!(tokens::decode(&enc).unwrap(), NegToken::Resp(resp));

    let init2 = NegTokenInit {
        mech_types: vec![NTLM_OID.to_vec()],
        mech_types_der: tokens::mech_types_der(&[NTLM_OID]),
        hint_name: Some(tokens::HINT_NAME.into()),
        ..Default::default()
    };
    assert_eq!(
        tokens::decode(&init2.encode_init2()).unwrap(),
        NegToken::Init(init2)
    );
}

#[test]
fn handshake_over_ntlm_with_mech_list_mic() {
    let (mut c, mut s, toks) = handshake(Flags::CONFIDENTIALITY | Flags::INTEGRITY);
    assert!(c.is_complete() && s.is_complete());
    // Init, Resp(CHALLENGE), Resp(AUTHENTICATE + MIC), Resp(completed + MIC).
    assert_eq!(toks.len(), 4);
    let NegToken::Resp(third) = tokens::decode(&toks[2]).unwrap() else {
        panic!()
    };
    assert!(third.mech_list_mic.is_some());
    let NegToken::Resp(last) = tokens::decode(&toks[3]).unwrap() else {
        panic!()
    };
    assert_eq!(last.neg_state, Some(NegState::AcceptCompleted));
    assert!(last.mech_list_mic.is_some());

    assert_eq!(c.package().name, "NTLM");
    assert_eq!(s.package().name, "NTLM");
    assert_eq!(s.client_name().as_deref(), Some("EXAMPLE\\alice"));
    assert_eq!(*c.session_key().unwrap(), *s.session_key().unwrap());
    assert!(c
        .flags()
        .contains(Flags::CONFIDENTIALITY | Flags::INTEGRITY));

    // The first application messages use sequence number 1 over a fresh
    // RC4 state, both ways (after the mechListMICs).
    exchange(&mut c, &mut s);
    exchange(&mut s, &mut c);
}

fn exchange(a: &mut Ctx, b: &mut Ctx) {
    let (tok, sealed) = a.wrap_token(b"hello", true).unwrap();
    assert!(sealed);
    assert_eq!(&tok[12..16], &1u32.to_le_bytes());
    assert_eq!(b.unwrap_token(&tok).unwrap().0, b"hello");
    let mut data = b"signed".to_vec();
    let mut sig = [0u8; 16];
    let mut iov = [
        IoBuf::new(IoKind::Data, &mut data),
        IoBuf::new(IoKind::Header, &mut sig),
    ];
    a.sign(&mut iov, 0).unwrap();
    b.verify(&mut iov, 0).unwrap();
}

#[test]
fn acceptor_answers_an_empty_token_with_neg_token_init2() {
    let p = negotiate();
    let mut s = p.acceptor(cred(CredUse::Inbound), Flags::NONE).unwrap();
    let (hint, done) = step(&mut s, &[]).unwrap();
    assert!(!done);
    let NegToken::Init(i) = tokens::decode(&hint).unwrap() else {
        panic!()
    };
    assert_eq!(i.mech_types, vec![NTLM_OID.to_vec()]);
    assert_eq!(i.hint_name.as_deref(), Some(tokens::HINT_NAME));
    // The handshake then proceeds as usual.
    let mut c = p
        .initiator(cred(CredUse::Outbound), Some("host/x"), Flags::NONE)
        .unwrap();
    let mut t = step(&mut c, &[]).unwrap().0;
    while !s.is_complete() {
        let r = step(&mut s, &t).unwrap().0;
        if !c.is_complete() {
            t = step(&mut c, &r).unwrap().0;
        }
    }
    assert!(c.is_complete());
}

#[test]
fn raw_ntlmssp_goes_straight_to_ntlm() {
    let ntlm = by_name("ntlm").unwrap();
    let nc = Arc::new(
        Credential::acquire(ntlm, &request(CredUse::Outbound, Some(identity()), None)).unwrap(),
    );
    let mut c = ntlm
        .initiator(nc, Some("host/x"), Flags::INTEGRITY)
        .unwrap();
    let mut s = negotiate()
        .acceptor(cred(CredUse::Inbound), Flags::NONE)
        .unwrap();
    let t1 = step(&mut c, &[]).unwrap().0;
    let t2 = step(&mut s, &t1).unwrap().0;
    assert!(t2.starts_with(b"NTLMSSP\0"));
    assert_eq!(s.package().name, "NTLM");
    let t3 = step(&mut c, &t2).unwrap().0;
    let (t4, done) = step(&mut s, &t3).unwrap();
    assert!(done && t4.is_empty());
    let (tok, _) = c.wrap_token(b"x", true).unwrap();
    assert_eq!(s.unwrap_token(&tok).unwrap().0, b"x");
}

#[test]
fn package_list_and_neg_mechs_restrict() {
    let p = negotiate();
    for list in ["!NTLM", "Kerberos"] {
        let r = Credential::acquire(p, &request(CredUse::Outbound, Some(identity()), Some(list)));
        assert!(
            matches!(r, Err(Error::NoCredentials(_))),
            "{list}: {:?}",
            r.err()
        );
    }
    assert!(Credential::acquire(
        p,
        &request(CredUse::Outbound, Some(identity()), Some("NTLM,Kerberos"))
    )
    .is_ok());

    let c = cred(CredUse::Outbound);
    credentials::of(&c)
        .unwrap()
        .set_neg_mechs(&[credentials::KRB5_OID.to_vec()]);
    let mut ctx = p.initiator(c, Some("host/x"), Flags::NONE).unwrap();
    assert!(matches!(step(&mut ctx, &[]), Err(Error::NoCredentials(_))));
}

#[test]
fn a_mech_that_cannot_start_is_reported() {
    // Both ways for a principal no user file knows: NTLM acquires (it can
    // still accept) but cannot initiate; with no other mechanism the first
    // mechanism's error comes back.
    let mut req = request(CredUse::Both, None, None);
    req.principal = Some("NOWHERE\\nosuchuser-negotiate-test".into());
    let c = Arc::new(Credential::acquire(negotiate(), &req).unwrap());
    let mut ctx = negotiate()
        .initiator(c, Some("host/x"), Flags::NONE)
        .unwrap();
    assert!(matches!(step(&mut ctx, &[]), Err(Error::NoCredentials(_))));
}

#[test]
fn unknown_mechanisms_only_are_rejected() {
    let other: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x01];
    let t = NegTokenInit {
        mech_types_der: tokens::mech_types_der(&[other]),
        mech_token: Some(b"whatever".to_vec()),
        ..Default::default()
    }
    .encode();
    let mut s = negotiate()
        .acceptor(cred(CredUse::Inbound), Flags::NONE)
        .unwrap();
    assert!(matches!(step(&mut s, &t), Err(Error::InvalidToken(_))));
}

#[test]
fn bad_mech_list_mic_is_message_altered() {
    let p = negotiate();
    let mut c = p
        .initiator(cred(CredUse::Outbound), Some("host/x"), Flags::INTEGRITY)
        .unwrap();
    let mut s = p.acceptor(cred(CredUse::Inbound), Flags::NONE).unwrap();
    let t1 = step(&mut c, &[]).unwrap().0;
    let t2 = step(&mut s, &t1).unwrap().0;
    let t3 = step(&mut c, &t2).unwrap().0;
    let NegToken::Resp(mut r) = tokens::decode(&t3).unwrap() else {
        panic!()
    };
    r.mech_list_mic.as_mut().unwrap()[5] ^= 1;
    assert_eq!(step(&mut s, &r.encode()), Err(Error::MessageAltered));
    // A MIC that is missing when NTLM requires it.
    let mut s = p.acceptor(cred(CredUse::Inbound), Flags::NONE).unwrap();
    let mut c = p
        .initiator(cred(CredUse::Outbound), Some("host/x"), Flags::INTEGRITY)
        .unwrap();
    let t1 = step(&mut c, &[]).unwrap().0;
    let t2 = step(&mut s, &t1).unwrap().0;
    let t3 = step(&mut c, &t2).unwrap().0;
    let NegToken::Resp(mut r) = tokens::decode(&t3).unwrap() else {
        panic!()
    };
    r.mech_list_mic = None;
    assert!(matches!(
        step(&mut s, &r.encode()),
        Err(Error::InvalidToken(_))
    ));
}

/// Replays the handshake up to token `k`, then feeds a damaged copy of it
/// to the side that receives it. Nothing may panic; the context must fail
/// cleanly or (for bytes the protocol ignores) carry on.
#[test]
fn truncated_and_flipped_tokens_never_panic() {
    let (_, _, toks) = handshake(Flags::INTEGRITY);
    let p = negotiate();
    // Acquired once: with Kerberos registered each acquire may ask the
    // KDC locator (DNS) about the test realm.
    let (ccred, scred) = (cred(CredUse::Outbound), cred(CredUse::Inbound));
    let mut failures = 0;
    for (k, tok) in toks.iter().enumerate() {
        let mut variants: Vec<Vec<u8>> = (0..tok.len()).map(|n| tok[..n].to_vec()).collect();
        for i in 0..tok.len() {
            for bit in [0x01u8, 0x80] {
                let mut v = tok.clone();
                v[i] ^= bit;
                variants.push(v);
            }
        }
        for v in variants {
            let mut c = p
                .initiator(ccred.clone(), Some("host/x"), Flags::INTEGRITY)
                .unwrap();
            let mut s = p.acceptor(scred.clone(), Flags::NONE).unwrap();
            // Drive fresh contexts to the point where token k is due.
            let mut t = step(&mut c, &[]).unwrap().0;
            let mut ok = true;
            for j in 0..k {
                let side: &mut Ctx = if j % 2 == 0 { &mut s } else { &mut c };
                match step(side, &t) {
                    Ok((n, _)) => t = n,
                    Err(_) => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let side: &mut Ctx = if k % 2 == 0 { &mut s } else { &mut c };
            if step(side, &v).is_err() {
                failures += 1;
                // A failed context refuses to go on and still drops.
                assert!(step(side, tok).is_err());
                assert!(!side.is_complete());
            }
        }
    }
    assert!(
        failures > 100,
        "only {failures} damaged tokens were refused"
    );
}

/// The initiator's first choice (Kerberos here, which we lack) is not
/// ours: the acceptor counter-proposes NTLM with REQUEST_MIC and no token,
/// and the exchange ends with mechListMICs over the MechTypeList as the
/// initiator sent it. The initiator side is a bare NTLM context driven by
/// hand, as a peer SPNEGO would drive it.
#[test]
fn acceptor_counter_proposal_requests_the_mic() {
    let ntlm = by_name("ntlm").unwrap();
    let nc = Arc::new(
        Credential::acquire(ntlm, &request(CredUse::Outbound, Some(identity()), None)).unwrap(),
    );
    let mut peer = ntlm
        .initiator(nc, Some("host/x"), Flags::INTEGRITY)
        .unwrap();
    let mut s = negotiate()
        .acceptor(cred(CredUse::Inbound), Flags::NONE)
        .unwrap();
    let types = tokens::mech_types_der(&[credentials::KRB5_OID, NTLM_OID]);
    let init = NegTokenInit {
        mech_types_der: types.clone(),
        mech_token: Some(b"\x60\x03not a real AP-REQ".to_vec()),
        ..Default::default()
    };
    let NegToken::Resp(r1) = tokens::decode(&step(&mut s, &init.encode()).unwrap().0).unwrap()
    else {
        panic!()
    };
    assert_eq!(r1.neg_state, Some(NegState::RequestMic));
    assert_eq!(r1.supported_mech.as_deref(), Some(NTLM_OID));
    assert_eq!(r1.response_token, None);

    let nego = step(&mut peer, &[]).unwrap().0;
    let resp = |t: Vec<u8>, mic: Option<Vec<u8>>| {
        NegTokenResp {
            neg_state: Some(NegState::AcceptIncomplete),
            response_token: Some(t),
            mech_list_mic: mic,
            ..Default::default()
        }
        .encode()
    };
    let NegToken::Resp(r2) = tokens::decode(&step(&mut s, &resp(nego, None)).unwrap().0).unwrap()
    else {
        panic!()
    };
    let auth = step(&mut peer, &r2.response_token.unwrap()).unwrap().0;
    let mut data = types.clone();
    let mut mic = [0u8; 16];
    let mut iov = [
        IoBuf::new(IoKind::Data, &mut data),
        IoBuf::new(IoKind::Header, &mut mic),
    ];
    peer.sign(&mut iov, 0).unwrap();
    peer.mech_list_mic_done(true);
    let (t3, done) = step(&mut s, &resp(auth, Some(mic.to_vec()))).unwrap();
    assert!(done);
    let NegToken::Resp(r3) = tokens::decode(&t3).unwrap() else {
        panic!()
    };
    assert_eq!(r3.neg_state, Some(NegState::AcceptCompleted));
    let mut data = types;
    let mut mic = r3.mech_list_mic.unwrap();
    let mut iov = [
        IoBuf::new(IoKind::Data, &mut data),
        IoBuf::new(IoKind::Header, &mut mic),
    ];
    peer.verify(&mut iov, 0).unwrap();
    peer.mech_list_mic_done(false);
    // Both RC4 states were reset: application data flows.
    let (tok, _) = peer.wrap_token(b"after", true).unwrap();
    assert_eq!(s.unwrap_token(&tok).unwrap().0, b"after");
}

#[test]
fn initiator_refuses_a_mechanism_it_did_not_offer() {
    let p = negotiate();
    let mut c = p
        .initiator(cred(CredUse::Outbound), Some("host/x"), Flags::NONE)
        .unwrap();
    step(&mut c, &[]).unwrap();
    let r = NegTokenResp {
        neg_state: Some(NegState::RequestMic),
        supported_mech: Some(credentials::KRB5_OID.to_vec()),
        ..Default::default()
    };
    assert!(matches!(
        step(&mut c, &r.encode()),
        Err(Error::InvalidToken(_))
    ));
    // A reject before any choice is a negotiation failure.
    let mut c = p
        .initiator(cred(CredUse::Outbound), Some("host/x"), Flags::NONE)
        .unwrap();
    step(&mut c, &[]).unwrap();
    let r = NegTokenResp {
        neg_state: Some(NegState::Reject),
        ..Default::default()
    };
    assert!(matches!(
        step(&mut c, &r.encode()),
        Err(Error::InvalidToken(_))
    ));
    assert!(!c.is_complete());
}
