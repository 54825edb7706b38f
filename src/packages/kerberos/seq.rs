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

        let mut none = SeqState::new(0, false, false);
        none.check(7).unwrap();
        none.check(7).unwrap();
    }
}
