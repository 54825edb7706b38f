//! Hooks for the fuzz targets under `fuzz/` (cargo feature `fuzzing`,
//! never enabled in a release build). Every parser and state machine the
//! targets drive is already public; the one thing they cannot reach from
//! outside is the KDC exchange, which talks to the network. With the
//! feature on:
//! - `replay_kdc` makes the KDC client take its replies from a queue
//!   instead of the network (this thread only);
//! - `record_kdc` keeps every (request, reply) pair of real exchanges, for
//!   `fuzz/seedgen` to turn into seeds;
//! - the AS and TGS nonces are `NONCE`, and NTLM's challenges, session
//!   keys and timestamps come from `fixed_bytes` and `FILETIME`, so a
//!   message recorded once stays valid when replayed.
use std::cell::RefCell;
use std::collections::VecDeque;

use crate::core::Result;
use crate::krb5::errors::{kerberos_error, KRB5_KDC_UNREACH};

/// The nonce of every KDC request in a fuzzing build.
pub const NONCE: u32 = 0x2f5a_1c3d;

/// NTLM's clock in a fuzzing build (2024-01-01T00:00:00Z as a FILETIME).
pub const FILETIME: u64 = 133_485_408_000_000_000;

/// NTLM's "random" bytes in a fuzzing build.
pub fn fixed_bytes<const N: usize>() -> [u8; N] {
    std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(11))
}

/// A recorded KDC exchange: (request, reply).
pub type Exchange = (Vec<u8>, Vec<u8>);

thread_local! {
    static REPLIES: RefCell<Option<VecDeque<Vec<u8>>>> = const { RefCell::new(None) };
    static RECORDED: RefCell<Option<Vec<Exchange>>> = const { RefCell::new(None) };
}

/// From now on (on this thread) each KDC request is answered with the next
/// of `replies`, and with KRB5_KDC_UNREACH once they are used up. `None`
/// goes back to the network.
pub fn replay_kdc(replies: Option<Vec<Vec<u8>>>) {
    REPLIES.with(|r| *r.borrow_mut() = replies.map(VecDeque::from));
}

/// Starts (`true`) or stops recording this thread's real KDC exchanges.
pub fn record_kdc(on: bool) {
    RECORDED.with(|r| *r.borrow_mut() = on.then(Vec::new));
}

/// The (request, reply) pairs recorded so far, which are then forgotten.
pub fn recorded_kdc() -> Vec<Exchange> {
    RECORDED.with(|r| {
        r.borrow_mut()
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    })
}

/// The transport's hook: `Some` answer when replaying.
pub(crate) fn replayed_reply() -> Option<Result<Vec<u8>>> {
    REPLIES.with(|r| {
        r.borrow_mut().as_mut().map(|q| {
            q.pop_front()
                .ok_or_else(|| kerberos_error(KRB5_KDC_UNREACH, "no more fuzzed KDC replies"))
        })
    })
}

/// The transport's hook after a real exchange.
pub(crate) fn record(request: &[u8], reply: &[u8]) {
    RECORDED.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            v.push((request.to_vec(), reply.to_vec()));
        }
    });
}
