//! RC4 (the ARCFOUR stream cipher), for RFC 4757's rc4-hmac. A small,
//! clonable implementation; the state is zeroized on drop.
use zeroize::{Zeroize, ZeroizeOnDrop};

#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Rc4 {
    // 32-bit cells: with byte-wide cells every swap is a partial-register
    // store/load pair, and RC4 runs at half the speed on x86-64.
    s: [u32; 256],
    i: u8,
    j: u8,
}

impl Rc4 {
    /// Key schedule; callers pass 16-byte keys. An empty key leaves the
    /// identity permutation (never used, but not a panic).
    pub fn new(key: &[u8]) -> Rc4 {
        let mut s = [0u32; 256];
        for (i, v) in s.iter_mut().enumerate() {
            *v = i as u32;
        }
        if !key.is_empty() {
            let mut j: u8 = 0;
            for i in 0..256 {
                let si = s[i];
                j = j.wrapping_add(si as u8).wrapping_add(key[i % key.len()]);
                s[i] = s[j as usize];
                s[j as usize] = si;
            }
        }
        Rc4 { s, i: 0, j: 0 }
    }

    #[inline(always)]
    fn next(&mut self) -> u8 {
        let s = &mut self.s;
        self.i = self.i.wrapping_add(1);
        let si = s[self.i as usize];
        self.j = self.j.wrapping_add(si as u8);
        let sj = s[self.j as usize];
        s[self.i as usize] = sj;
        s[self.j as usize] = si;
        s[(si.wrapping_add(sj) & 0xff) as usize] as u8
    }

    /// The next keystream byte (for code that interleaves RC4 with other work).
    #[inline(always)]
    pub fn next_byte(&mut self) -> u8 {
        self.next()
    }

    /// XORs the keystream into `data`, eight bytes of keystream at a time.
    pub fn apply(&mut self, data: &mut [u8]) {
        let mut chunks = data.chunks_exact_mut(8);
        for c in &mut chunks {
            let mut ks = [0u8; 8];
            for k in ks.iter_mut() {
                *k = self.next();
            }
            for (b, k) in c.iter_mut().zip(ks) {
                *b ^= k;
            }
        }
        for b in chunks.into_remainder() {
            *b ^= self.next();
        }
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
    }
}
