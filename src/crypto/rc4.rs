//! RC4 (the ARCFOUR stream cipher), for RFC 4757's rc4-hmac. A small,
//! clonable implementation; the state is zeroized on drop.
use zeroize::Zeroize;

#[derive(Clone)]
pub struct Rc4 {
    // 32-bit cells: with byte-wide cells every swap is a partial-register
    // store/load pair, and RC4 runs at half the speed on x86-64.
    s: [u32; 256],
    i: u8,
    j: u8,
}

// The table is wiped as a slice (see `zeroize_on_drop`).
impl Zeroize for Rc4 {
    fn zeroize(&mut self) {
        self.s.as_mut_slice().zeroize();
        self.i.zeroize();
        self.j.zeroize();
    }
}

zeroize_on_drop!(Rc4);

/// One key-schedule step at `i`: returns the new `j`.
#[inline(always)]
fn step(s: &mut [u32; 256], i: usize, j: u8, k: u8) -> u8 {
    let si = s[i];
    let j = j.wrapping_add(si as u8).wrapping_add(k);
    s[i] = s[j as usize];
    s[j as usize] = si;
    j
}

/// The key schedule for the 16-byte keys every caller has, sixteen steps
/// at a time: each key byte sits at a fixed offset and nothing tracks
/// where the key repeats, about 7 instructions a step instead of 12.
fn schedule_16(s: &mut [u32; 256], key: &[u8; 16]) {
    let mut j: u8 = 0;
    for base in (0..256).step_by(16) {
        for (n, k) in key.iter().enumerate() {
            j = step(s, (base + n) & 0xff, j, *k);
        }
    }
}

impl Rc4 {
    /// Key schedule; callers pass 16-byte keys. An empty key leaves the
    /// identity permutation (never used, but not a panic).
    pub fn new(key: &[u8]) -> Rc4 {
        let mut s: [u32; 256] = std::array::from_fn(|i| i as u32);
        match <&[u8; 16]>::try_from(key) {
            Ok(k) => schedule_16(&mut s, k),
            Err(_) if !key.is_empty() => {
                let mut j: u8 = 0;
                // The key repeats over the 256 steps; cycling it instead of
                // indexing by `i % len` spares a division per step.
                for (i, k) in (0..256).zip(key.iter().cycle()) {
                    j = step(&mut s, i, j, *k);
                }
            }
            Err(_) => {}
        }
        Rc4 { s, i: 0, j: 0 }
    }

    /// Runs `f` with a generator whose indices are locals (so they stay in
    /// registers while the caller interleaves other work with RC4).
    #[inline(always)]
    pub fn with_generator<R>(&mut self, f: impl FnOnce(&mut Generator<'_>) -> R) -> R {
        let mut g = Generator {
            s: &mut self.s,
            i: self.i,
            j: self.j,
        };
        let r = f(&mut g);
        let (i, j) = (g.i, g.j);
        self.i = i;
        self.j = j;
        r
    }

    /// Steps the generator back `n` bytes: the RC4 state update is a
    /// permutation, so undoing it restores exactly the earlier state. This
    /// lets a receiver decrypt in place and roll back if the MAC then fails,
    /// without copying (and wiping) the 1 KiB state for every message.
    pub fn rewind(&mut self, n: usize) {
        let s = &mut self.s;
        for _ in 0..n {
            let (i, j) = (self.i as usize, self.j as usize);
            s.swap(i, j);
            self.j = self.j.wrapping_sub(s[i] as u8);
            self.i = self.i.wrapping_sub(1);
        }
    }

    /// XORs the keystream into `data`. `i` and `j` live in registers for
    /// the whole call and eight keystream bytes are XORed as one word.
    pub fn apply(&mut self, data: &mut [u8]) {
        let s = &mut self.s;
        let (mut i, mut j) = (self.i, self.j);
        let mut next = || {
            i = i.wrapping_add(1);
            let si = s[i as usize];
            j = j.wrapping_add(si as u8);
            let sj = s[j as usize];
            s[i as usize] = sj;
            s[j as usize] = si;
            s[(si.wrapping_add(sj) & 0xff) as usize] as u64
        };
        let mut chunks = data.chunks_exact_mut(8);
        for c in &mut chunks {
            let mut k = 0u64;
            for n in 0..8 {
                k |= next() << (8 * n);
            }
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            c.copy_from_slice(&(u64::from_le_bytes(w) ^ k).to_le_bytes());
        }
        for b in chunks.into_remainder() {
            *b ^= next() as u8;
        }
        self.i = i;
        self.j = j;
    }
}

/// A borrowed RC4 state with its indices held locally; see `with_generator`.
pub struct Generator<'a> {
    s: &'a mut [u32; 256],
    i: u8,
    j: u8,
}

impl Generator<'_> {
    #[inline(always)]
    pub fn next_byte(&mut self) -> u8 {
        self.i = self.i.wrapping_add(1);
        let si = self.s[self.i as usize];
        self.j = self.j.wrapping_add(si as u8);
        let sj = self.s[self.j as usize];
        self.s[self.i as usize] = sj;
        self.s[self.j as usize] = si;
        self.s[(si.wrapping_add(sj) & 0xff) as usize] as u8
    }
}

#[cfg(test)]
mod tests {
    use super::Rc4;
    use crate::crypto::test_util::unhex;

    #[test]
    fn known_answers() {
        // The classic "Key" / "Plaintext" vector.
        let mut d = b"Plaintext".to_vec();
        Rc4::new(b"Key").apply(&mut d);
        assert_eq!(d, unhex("BBF316E8D940AF0AD3"));
        // RFC 6229, 40-bit key 0x0102030405, keystream offset 0.
        let mut z = [0u8; 16];
        Rc4::new(&unhex("0102030405")).apply(&mut z);
        assert_eq!(z.to_vec(), unhex("b2396305f03dc027ccc3524a0a1118a8"));
        // Split application equals one call.
        let mut a = [0u8; 40];
        let mut r = Rc4::new(b"k");
        let (x, y) = a.split_at_mut(13);
        r.apply(x);
        r.apply(y);
        let mut b = [0u8; 40];
        Rc4::new(b"k").apply(&mut b);
        assert_eq!(a, b);
        // Rewinding returns to the earlier state, so the same keystream follows.
        let mut r = Rc4::new(b"rewind");
        let mut first = [0u8; 300];
        r.apply(&mut first[..100]);
        let mut again = [0u8; 200];
        r.apply(&mut again);
        r.rewind(200);
        let mut third = [0u8; 200];
        r.apply(&mut third);
        assert_eq!(again, third);
        r.rewind(300);
        let mut whole = [0u8; 300];
        r.apply(&mut whole);
        assert_eq!(&whole[..100], &first[..100]);
        assert_eq!(&whole[100..], &again[..]);
    }
}
