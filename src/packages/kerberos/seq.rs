//! Per-message sequence and replay detection (RFC 4121 4.2.6.1, after the
//! model of RFC 2743 1.2.3): the next expected number and a 64-token
//! window of numbers already seen below it.
use crate::core::{Error, Result};

const WINDOW: u64 = 64;

#[derive(Debug, Clone)]
pub struct SeqState {
    next: u64,
    /// Bit i set: `next - 1 - i` has been seen.
    seen: u64,
    replay: bool,
    sequence: bool,
}

impl SeqState {
    pub fn new(first: u64, replay: bool, sequence: bool) -> Self {
        SeqState {
            next: first,
            seen: 0,
            replay,
            sequence,
        }
    }

    /// `check` for RFC 4757 (RC4-HMAC) tokens, whose sequence numbers are
    /// 32 bits and wrap: `seq` is taken as the 64-bit number nearest to
    /// the next one expected (the sender counts on in 64 bits and sends
    /// the low half).
    pub fn check_u32(&mut self, seq: u32) -> Result<()> {
        const SPAN: u64 = 1 << 32;
        let mut full = (self.next & !(SPAN - 1)) | seq as u64;
        if full.saturating_add(SPAN / 2) < self.next {
            full = full.wrapping_add(SPAN);
        } else if full > self.next.saturating_add(SPAN / 2) {
            match full.checked_sub(SPAN) {
                Some(f) => full = f,
                // Before the first number: too old to judge.
                None if self.replay || self.sequence => return Err(Error::OutOfSequence),
                None => return Ok(()),
            }
        }
        self.check(full)
    }

    /// Accepts `seq` or reports a duplicate, a token too old to judge,
    /// or (with sequence detection) one that arrives after a later one.
    /// A gap (a later token first) is accepted, as MIT accepts it with
    /// GSS_S_GAP_TOKEN, which is not an error.
    pub fn check(&mut self, seq: u64) -> Result<()> {
        if !self.replay && !self.sequence {
            return Ok(());
        }
        if seq >= self.next {
            // Saturating: a jump from 0 to 2^64-1 is a full window too.
            let shift = (seq - self.next).saturating_add(1);
            // Old bit i (number next-1-i) moves to i + shift; `seq` is bit 0.
            self.seen = if shift >= WINDOW {
                0
            } else {
                self.seen << shift
            } | 1;
            self.next = seq.wrapping_add(1);
            return Ok(());
        }
        let back = self.next - 1 - seq;
        if back >= WINDOW {
            return Err(Error::OutOfSequence);
        }
        let bit = 1u64 << back;
        if self.seen & bit != 0 {
            return Err(Error::OutOfSequence);
        }
        self.seen |= bit;
        if self.sequence {
            return Err(Error::OutOfSequence);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_duplicates_gaps_and_reorder() {
        let mut s = SeqState::new(100, true, false);
        s.check(100).unwrap();
        s.check(101).unwrap();
        assert_eq!(s.check(101), Err(Error::OutOfSequence), "replay");
        s.check(105).unwrap(); // gap
        s.check(103).unwrap(); // late but new: fine without sequence detection
        assert_eq!(s.check(103), Err(Error::OutOfSequence));
        assert_eq!(s.check(100), Err(Error::OutOfSequence));
        assert_eq!(s.check(20), Err(Error::OutOfSequence), "too old");

        let mut q = SeqState::new(0, true, true);
        q.check(0).unwrap();
        q.check(2).unwrap();
        assert_eq!(q.check(1), Err(Error::OutOfSequence), "reordered");

        // The largest number right after the first: no overflow.
        let mut w = SeqState::new(0, true, true);
        w.check(u64::MAX).unwrap();

        // RC4's 32-bit numbers wrap (fuzz/krb5_rfc4121): 0xffffffff, then 0.
        let mut r = SeqState::new(0xffff_fffe, true, true);
        r.check_u32(0xffff_fffe).unwrap();
        r.check_u32(0xffff_ffff).unwrap();
        r.check_u32(0).unwrap();
        r.check_u32(1).unwrap();
        assert_eq!(
            r.check_u32(0xffff_ffff),
            Err(Error::OutOfSequence),
            "replay across the wrap"
        );
        assert_eq!(r.check_u32(1), Err(Error::OutOfSequence));
        let mut early = SeqState::new(5, true, false);
        assert_eq!(
            early.check_u32(0xffff_fff0),
            Err(Error::OutOfSequence),
            "before the first"
        );
        early.check_u32(7).unwrap();

        let mut none = SeqState::new(0, false, false);
        none.check(7).unwrap();
        none.check(7).unwrap();
    }
}
