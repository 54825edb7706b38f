//! Per-message tokens on an established Kerberos context: RFC 4121 MIC and
//! Wrap tokens (with the key of MIT's tokens in
//! src/packages/kerberos/testdata/mit_tokens.txt) or RFC 4757 RC4-HMAC
//! ones, as single tokens or scattered over IOV buffers, interleaved with
//! honest messages from the peer that must still open after any rejected
//! one.
//!
//! Input: mode byte (bit 0: we are the initiator; bit 1: RC4; bit 2:
//! acceptor-subkey flag; bit 3 replay, bit 4 sequence detection), 8 bytes
//! of first expected sequence number (big-endian), then operations split
//! at `SEP`, each an opcode byte and its bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::core::iov::{IoBuf, IoKind};
use sspi::core::Result;
use sspi::crypto::Enctype;
use sspi::packages::kerberos::seq::SeqState;
use sspi::packages::kerberos::session::Session;
use sspi::packages::kerberos::{mic, rc4, wrap};

fn is_rc4(s: &Session) -> bool {
    s.key.enctype == Enctype::Rc4Hmac
}

fn unwrap_token(s: &mut Session, t: &[u8]) -> Result<(Vec<u8>, bool)> {
    if is_rc4(s) {
        rc4::unwrap(s, t)
    } else {
        wrap::unwrap_token(s, t)
    }
}

fn wrap_token(s: &mut Session, m: &[u8], conf: bool) -> Result<(Vec<u8>, bool)> {
    if is_rc4(s) {
        rc4::wrap(s, m, conf).map(|t| (t, conf))
    } else {
        wrap::wrap_token(s, m, conf)
    }
}

fn verify(s: &mut Session, m: &[u8], t: &[u8]) -> Result<()> {
    if is_rc4(s) {
        rc4::verify_mic(s, m, t)
    } else {
        mic::verify(s, &[m], t)
    }
}

fn make_mic(s: &mut Session, m: &[u8]) -> Result<Vec<u8>> {
    if is_rc4(s) {
        rc4::mic(s, m)
    } else {
        mic::make(s, &[m])
    }
}

fn unwrap_iov(s: &mut Session, iov: &mut [IoBuf<'_>]) -> Result<bool> {
    if is_rc4(s) {
        rc4::unwrap_iov(s, iov)
    } else {
        wrap::unwrap_iov(s, iov)
    }
}

/// Header, then buffers whose kinds and lengths come from the bytes.
fn scatter(b: &mut [u8]) -> Vec<IoBuf<'_>> {
    let Some((n, rest)) = b.split_first_mut() else {
        return Vec::new();
    };
    let (hdr, mut rest) = rest.split_at_mut((*n as usize).min(rest.len()));
    let mut iov = vec![IoBuf::new(IoKind::Header, hdr)];
    while !rest.is_empty() {
        let (ctl, r) = rest.split_at_mut(1);
        let n = (ctl[0] as usize & 0x3f).min(r.len());
        let kind = match ctl[0] >> 6 {
            0 => IoKind::Data,
            1 => IoKind::SignOnly,
            2 => IoKind::Trailer,
            _ => IoKind::Padding,
        };
        let (now, later) = r.split_at_mut(n);
        iov.push(IoBuf::new(kind, now));
        rest = later;
    }
    iov
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 9 {
        return;
    }
    let mode = data[0];
    let mut first = u64::from_be_bytes(data[1..9].try_into().unwrap());
    let key = if mode & 2 != 0 {
        // RFC 4757 tokens carry 32-bit numbers (the AP exchange's), which
        // wrap after 2^32 - 1.
        first &= 0xffff_ffff;
        fuzzkit::rc4_key()
    } else {
        fuzzkit::mit_key()
    };
    let we_initiate = mode & 1 != 0;
    let asub = mode & 4 != 0;
    let recv = || SeqState::new(first, mode & 8 != 0, mode & 16 != 0);
    let mut me = Session::new(we_initiate, key.clone(), asub, first, recv()).unwrap();
    let mut peer = Session::new(!we_initiate, key, asub, first, recv()).unwrap();
    let mut in_sync = true;
    for op in fuzzkit::split(&data[9..]) {
        let Some((&code, body)) = op.split_first() else {
            continue;
        };
        match code % 6 {
            0 | 1 => {
                // Honest Wrap token from the peer, sealed (0) or not (1).
                let conf = code % 6 == 0;
                let (tok, _) = wrap_token(&mut peer, body, conf).unwrap();
                let r = unwrap_token(&mut me, &tok);
                if in_sync {
                    assert_eq!(r.expect("honest Wrap token opens"), (body.to_vec(), conf));
                }
            }
            2 => {
                // Honest MIC from the peer.
                let tok = make_mic(&mut peer, body).unwrap();
                let r = verify(&mut me, body, &tok);
                if in_sync {
                    r.expect("honest MIC verifies");
                }
            }
            3 => {
                if unwrap_token(&mut me, body).is_ok() {
                    in_sync = false;
                }
            }
            4 => {
                // MIC token: first byte the message length, message, token.
                let Some((&n, rest)) = body.split_first() else {
                    continue;
                };
                let (msg, tok) = rest.split_at((n as usize).min(rest.len()));
                if verify(&mut me, msg, tok).is_ok() {
                    in_sync = false;
                }
            }
            _ => {
                let mut b = body.to_vec();
                let mut iov = scatter(&mut b);
                if unwrap_iov(&mut me, &mut iov).is_ok() {
                    in_sync = false;
                }
            }
        }
    }
});
