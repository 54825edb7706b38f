//! RC4 (the ARCFOUR stream cipher), for RFC 4757's rc4-hmac. A small,
//! clonable implementation; the state is zeroized on drop.
use zeroize::{Zeroize, ZeroizeOnDrop};

#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Rc4 {
    s: [u8; 256],
    i: u8,
    j: u8,
}

impl Rc4 {
    /// Key schedule; `key` must be 1 to 256 bytes (callers pass 16).
    pub fn new(key: &[u8]) -> Rc4 {
        assert!(!key.is_empty() && key.len() <= 256, "RC4 key length");
        let mut s = [0u8; 256];
        for (i, b) in s.iter_mut().enumerate() {
            *b = i as u8;
        }
        let mut j: u8 = 0;
        for i in 0..256 {
            j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
            s.swap(i, j as usize);
        }
        Rc4 { s, i: 0, j: 0 }
    }

    /// XORs the keystream into `data`.
    pub fn apply(&mut self, data: &mut [u8]) {
        let (mut i, mut j) = (self.i, self.j);
        let s = &mut self.s;
        for b in data.iter_mut() {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[i as usize]);
            s.swap(i as usize, j as usize);
            let k = s[(s[i as usize].wrapping_add(s[j as usize])) as usize];
            *b ^= k;
        }
        self.i = i;
        self.j = j;
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
