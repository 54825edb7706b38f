//! NTLM sealing and signing ([MS-NLMP] 3.4) on an established session:
//! hostile signatures and sealed messages, as one buffer pair or scattered
//! over Data / SignOnly buffers, interleaved with honest messages from the
//! peer. Besides "no panic", it checks that a rejected message leaves the
//! receive state as it was: the next honest message still opens.
//!
//! Input: 4 bytes NegotiateFlags (LE), then operations split at `SEP`,
//! each an opcode byte and its bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::core::iov::{IoBuf, IoKind};
use sspi::packages::ntlm::protect::Session;

const KEY: [u8; 16] = *b"fuzz-exportedkey";
const KEY_EXCH: u32 = sspi::packages::ntlm::messages::NEGOTIATE_KEY_EXCH;

/// Cuts `b` into Header (16 bytes) and buffers whose kinds and lengths
/// come from `b` itself.
fn scatter(b: &mut [u8]) -> Vec<IoBuf<'_>> {
    let (hdr, mut rest) = b.split_at_mut(b.len().min(16));
    let mut iov = vec![IoBuf::new(IoKind::Header, hdr)];
    while !rest.is_empty() {
        let (ctl, r) = rest.split_at_mut(1);
        let n = (ctl[0] as usize & 0x3f).min(r.len());
        let kind = match ctl[0] >> 6 {
            0 | 1 => IoKind::Data,
            2 => IoKind::SignOnly,
            _ => IoKind::Ignore,
        };
        let (now, later) = r.split_at_mut(n);
        iov.push(IoBuf::new(kind, now));
        rest = later;
    }
    iov
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let flags = u32::from_le_bytes(data[..4].try_into().unwrap());
    let mut sender = Session::new(&KEY, flags, true);
    let mut receiver = Session::new(&KEY, flags, false);
    // False once a hostile message was accepted: the peers' sequence
    // numbers then differ and honest messages may fail.
    let mut in_sync = true;
    for op in fuzzkit::split(&data[4..]) {
        let Some((&code, body)) = op.split_first() else {
            continue;
        };
        match code % 6 {
            0 | 1 => {
                // Honest: the peer seals (0) or signs (1) `body`.
                let conf = code % 6 == 0;
                let mut hdr = [0u8; 16];
                let mut msg = body.to_vec();
                let sealed = sender
                    .wrap(
                        &mut [
                            IoBuf::new(IoKind::Header, &mut hdr),
                            IoBuf::new(IoKind::Data, &mut msg),
                        ],
                        conf,
                    )
                    .unwrap();
                assert_eq!(sealed, conf);
                let r = receiver.unwrap(&mut [
                    IoBuf::new(IoKind::Header, &mut hdr),
                    IoBuf::new(IoKind::Data, &mut msg),
                ]);
                if in_sync {
                    let sealed = r.expect("honest message opens");
                    assert_eq!(msg, body);
                    if sealed != conf {
                        // Sealed and signed-only messages look alike on the
                        // wire: unwrap tries sealed first. An empty message
                        // is both; without key exchange so is an n-byte
                        // message whose RC4 keystream is zero (odds
                        // 256^-n), and the receiver's keystream then runs
                        // ahead of the sender's. With key exchange the
                        // encrypted checksum tells them apart.
                        assert!(body.is_empty() || flags & KEY_EXCH == 0);
                        in_sync = body.is_empty();
                    }
                }
            }
            2 => {
                // Honest signature over `body`.
                let mut hdr = [0u8; 16];
                let mut msg = body.to_vec();
                sender
                    .sign(&mut [
                        IoBuf::new(IoKind::Header, &mut hdr),
                        IoBuf::new(IoKind::Data, &mut msg),
                    ])
                    .unwrap();
                let r = receiver.verify(&mut [
                    IoBuf::new(IoKind::Header, &mut hdr),
                    IoBuf::new(IoKind::Data, &mut msg),
                ]);
                if in_sync {
                    r.expect("honest signature verifies");
                }
            }
            3 => {
                // Hostile sealed or signed message: signature then data.
                let mut b = body.to_vec();
                let (hdr, msg) = b.split_at_mut(body.len().min(16));
                if receiver
                    .unwrap(&mut [
                        IoBuf::new(IoKind::Header, hdr),
                        IoBuf::new(IoKind::Data, msg),
                    ])
                    .is_ok()
                {
                    in_sync = false;
                }
            }
            4 => {
                // Hostile signature.
                let mut b = body.to_vec();
                let (hdr, msg) = b.split_at_mut(body.len().min(16));
                if receiver
                    .verify(&mut [
                        IoBuf::new(IoKind::Header, hdr),
                        IoBuf::new(IoKind::Data, msg),
                    ])
                    .is_ok()
                {
                    in_sync = false;
                }
            }
            _ => {
                // Hostile message scattered over several buffers.
                let mut b = body.to_vec();
                let mut iov = scatter(&mut b);
                let ok = if body.first().is_some_and(|c| c & 1 == 0) {
                    receiver.unwrap(&mut iov).is_ok()
                } else {
                    receiver.verify(&mut iov).is_ok()
                };
                if ok {
                    in_sync = false;
                }
            }
        }
    }
});
