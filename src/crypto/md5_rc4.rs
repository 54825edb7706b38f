//! HMAC-MD5 and RC4 run together, for NTLM sealing ([MS-NLMP] 3.4.3,
//! 3.4.4.2), where both pass over every byte of every message.
//!
//! MD5 and RC4 are each bound by one long dependency chain (MD5's 64 steps,
//! RC4's `j` index through memory), so alone each uses a fraction of a
//! core's issue width. The RC4 keystream does not depend on the data, so
//! `hash_with_keystream` generates one keystream byte per MD5 step and the
//! CPU overlaps the two chains: more than the sum of their separate speeds.
//!
//! The MD5 here is RFC 1321's, checked against RustCrypto's `md-5` and
//! `hmac` in the tests.
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::rc4::Rc4;

const INIT: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];

/// RFC 1321 3.4: T[i] = floor(2^32 * abs(sin(i + 1))).
const T: [u32; 64] = [
    0xd76a_a478,
    0xe8c7_b756,
    0x2420_70db,
    0xc1bd_ceee,
    0xf57c_0faf,
    0x4787_c62a,
    0xa830_4613,
    0xfd46_9501,
    0x6980_98d8,
    0x8b44_f7af,
    0xffff_5bb1,
    0x895c_d7be,
    0x6b90_1122,
    0xfd98_7193,
    0xa679_438e,
    0x49b4_0821,
    0xf61e_2562,
    0xc040_b340,
    0x265e_5a51,
    0xe9b6_c7aa,
    0xd62f_105d,
    0x0244_1453,
    0xd8a1_e681,
    0xe7d3_fbc8,
    0x21e1_cde6,
    0xc337_07d6,
    0xf4d5_0d87,
    0x455a_14ed,
    0xa9e3_e905,
    0xfcef_a3f8,
    0x676f_02d9,
    0x8d2a_4c8a,
    0xfffa_3942,
    0x8771_f681,
    0x6d9d_6122,
    0xfde5_380c,
    0xa4be_ea44,
    0x4bde_cfa9,
    0xf6bb_4b60,
    0xbebf_bc70,
    0x289b_7ec6,
    0xeaa1_27fa,
    0xd4ef_3085,
    0x0488_1d05,
    0xd9d4_d039,
    0xe6db_99e5,
    0x1fa2_7cf8,
    0xc4ac_5665,
    0xf429_2244,
    0x432a_ff97,
    0xab94_23a7,
    0xfc93_a039,
    0x655b_59c3,
    0x8f0c_cc92,
    0xffef_f47d,
    0x8584_5dd1,
    0x6fa8_7e4f,
    0xfe2c_e6e0,
    0xa301_4314,
    0x4e08_11a1,
    0xf753_7e82,
    0xbd3a_f235,
    0x2ad7_d2bb,
    0xeb86_d391,
];

/// One MD5 compression (RFC 1321 3.4), all 64 steps written out so each
/// index, constant and rotation is fixed at compile time. `ks(i)` runs
/// after step `i`: the fused caller generates a keystream byte there.
#[inline(always)]
fn compress(state: &mut [u32; 4], block: &[u8; 64], mut ks: impl FnMut(usize)) {
    let mut m = [0u32; 16];
    for (w, c) in m.iter_mut().zip(block.chunks_exact(4)) {
        *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    let [mut a, mut b, mut c, mut d] = *state;
    macro_rules! step {
        ($f:ident, $a:ident, $b:ident, $c:ident, $d:ident, $m:expr, $t:expr, $s:expr, $i:expr) => {
            $a = $b.wrapping_add(
                $a.wrapping_add($f($b, $c, $d))
                    .wrapping_add($m)
                    .wrapping_add($t)
                    .rotate_left($s),
            );
            ks($i);
        };
    }
    step!(f1, a, b, c, d, m[0], T[0], 7, 0);
    step!(f1, d, a, b, c, m[1], T[1], 12, 1);
    step!(f1, c, d, a, b, m[2], T[2], 17, 2);
    step!(f1, b, c, d, a, m[3], T[3], 22, 3);
    step!(f1, a, b, c, d, m[4], T[4], 7, 4);
    step!(f1, d, a, b, c, m[5], T[5], 12, 5);
    step!(f1, c, d, a, b, m[6], T[6], 17, 6);
    step!(f1, b, c, d, a, m[7], T[7], 22, 7);
    step!(f1, a, b, c, d, m[8], T[8], 7, 8);
    step!(f1, d, a, b, c, m[9], T[9], 12, 9);
    step!(f1, c, d, a, b, m[10], T[10], 17, 10);
    step!(f1, b, c, d, a, m[11], T[11], 22, 11);
    step!(f1, a, b, c, d, m[12], T[12], 7, 12);
    step!(f1, d, a, b, c, m[13], T[13], 12, 13);
    step!(f1, c, d, a, b, m[14], T[14], 17, 14);
    step!(f1, b, c, d, a, m[15], T[15], 22, 15);
    step!(f2, a, b, c, d, m[1], T[16], 5, 16);
    step!(f2, d, a, b, c, m[6], T[17], 9, 17);
    step!(f2, c, d, a, b, m[11], T[18], 14, 18);
    step!(f2, b, c, d, a, m[0], T[19], 20, 19);
    step!(f2, a, b, c, d, m[5], T[20], 5, 20);
    step!(f2, d, a, b, c, m[10], T[21], 9, 21);
    step!(f2, c, d, a, b, m[15], T[22], 14, 22);
    step!(f2, b, c, d, a, m[4], T[23], 20, 23);
    step!(f2, a, b, c, d, m[9], T[24], 5, 24);
    step!(f2, d, a, b, c, m[14], T[25], 9, 25);
    step!(f2, c, d, a, b, m[3], T[26], 14, 26);
    step!(f2, b, c, d, a, m[8], T[27], 20, 27);
    step!(f2, a, b, c, d, m[13], T[28], 5, 28);
    step!(f2, d, a, b, c, m[2], T[29], 9, 29);
    step!(f2, c, d, a, b, m[7], T[30], 14, 30);
    step!(f2, b, c, d, a, m[12], T[31], 20, 31);
    step!(f3, a, b, c, d, m[5], T[32], 4, 32);
    step!(f3, d, a, b, c, m[8], T[33], 11, 33);
    step!(f3, c, d, a, b, m[11], T[34], 16, 34);
    step!(f3, b, c, d, a, m[14], T[35], 23, 35);
    step!(f3, a, b, c, d, m[1], T[36], 4, 36);
    step!(f3, d, a, b, c, m[4], T[37], 11, 37);
    step!(f3, c, d, a, b, m[7], T[38], 16, 38);
    step!(f3, b, c, d, a, m[10], T[39], 23, 39);
    step!(f3, a, b, c, d, m[13], T[40], 4, 40);
    step!(f3, d, a, b, c, m[0], T[41], 11, 41);
    step!(f3, c, d, a, b, m[3], T[42], 16, 42);
    step!(f3, b, c, d, a, m[6], T[43], 23, 43);
    step!(f3, a, b, c, d, m[9], T[44], 4, 44);
    step!(f3, d, a, b, c, m[12], T[45], 11, 45);
    step!(f3, c, d, a, b, m[15], T[46], 16, 46);
    step!(f3, b, c, d, a, m[2], T[47], 23, 47);
    step!(f4, a, b, c, d, m[0], T[48], 6, 48);
    step!(f4, d, a, b, c, m[7], T[49], 10, 49);
    step!(f4, c, d, a, b, m[14], T[50], 15, 50);
    step!(f4, b, c, d, a, m[5], T[51], 21, 51);
    step!(f4, a, b, c, d, m[12], T[52], 6, 52);
    step!(f4, d, a, b, c, m[3], T[53], 10, 53);
    step!(f4, c, d, a, b, m[10], T[54], 15, 54);
    step!(f4, b, c, d, a, m[1], T[55], 21, 55);
    step!(f4, a, b, c, d, m[8], T[56], 6, 56);
    step!(f4, d, a, b, c, m[15], T[57], 10, 57);
    step!(f4, c, d, a, b, m[6], T[58], 15, 58);
    step!(f4, b, c, d, a, m[13], T[59], 21, 59);
    step!(f4, a, b, c, d, m[4], T[60], 6, 60);
    step!(f4, d, a, b, c, m[11], T[61], 10, 61);
    step!(f4, c, d, a, b, m[2], T[62], 15, 62);
    step!(f4, b, c, d, a, m[9], T[63], 21, 63);
    state[0] = state[0].wrapping_add(a);
    state[1] = state[1].wrapping_add(b);
    state[2] = state[2].wrapping_add(c);
    state[3] = state[3].wrapping_add(d);
}

#[inline(always)]
fn f1(b: u32, c: u32, d: u32) -> u32 {
    d ^ (b & (c ^ d))
}
#[inline(always)]
fn f2(b: u32, c: u32, d: u32) -> u32 {
    c ^ (d & (b ^ c))
}
#[inline(always)]
fn f3(b: u32, c: u32, d: u32) -> u32 {
    b ^ c ^ d
}
#[inline(always)]
fn f4(b: u32, c: u32, d: u32) -> u32 {
    c ^ (b | !d)
}

/// A streaming MD5 (RFC 1321).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Md5 {
    state: [u32; 4],
    buf: [u8; 64],
    buf_len: usize,
    total: u64,
}

impl Default for Md5 {
    fn default() -> Self {
        Md5 {
            state: INIT,
            buf: [0; 64],
            buf_len: 0,
            total: 0,
        }
    }
}

/// The keystream a caller wants while hashing: the RC4 state, the output,
/// and how much of it is filled.
struct Keystream<'a> {
    rc4: &'a mut Rc4,
    out: &'a mut [u8],
    filled: usize,
}

impl Md5 {
    pub fn update(&mut self, data: &[u8]) {
        self.hash(data, None);
    }

    /// Hashes `data` while filling `ks` (any length) with RC4 keystream,
    /// one keystream byte per MD5 step for as long as both have work.
    pub fn update_with_keystream(&mut self, data: &[u8], rc4: &mut Rc4, ks: &mut [u8]) {
        let mut k = Keystream {
            rc4,
            out: ks,
            filled: 0,
        };
        self.hash(data, Some(&mut k));
        // Whatever keystream is still wanted, generated on its own.
        let Keystream { rc4, out, filled } = k;
        rc4.keystream(&mut out[filled..]);
    }

    /// Compresses one block, fusing in 64 keystream bytes when that many
    /// are still wanted.
    fn block(&mut self, block: &[u8; 64], ks: &mut Option<&mut Keystream<'_>>) {
        match ks {
            Some(k) if k.out.len() - k.filled >= 64 => {
                let at = k.filled;
                let dst: &mut [u8; 64] = (&mut k.out[at..at + 64])
                    .try_into()
                    .expect("a 64-byte range");
                let state = &mut self.state;
                k.rc4
                    .with_generator(|g| compress(state, block, |i| dst[i] = g.next_byte()));
                k.filled += 64;
            }
            _ => compress(&mut self.state, block, |_| {}),
        }
    }

    fn hash(&mut self, mut data: &[u8], mut ks: Option<&mut Keystream<'_>>) {
        self.total = self.total.wrapping_add(data.len() as u64);
        if self.buf_len > 0 {
            let take = (64 - self.buf_len).min(data.len());
            self.buf[self.buf_len..self.buf_len + take].copy_from_slice(&data[..take]);
            self.buf_len += take;
            data = &data[take..];
            if self.buf_len < 64 {
                return;
            }
            let block = self.buf;
            self.block(&block, &mut ks);
            self.buf_len = 0;
        }
        let mut blocks = data.chunks_exact(64);
        for block in &mut blocks {
            self.block(block.try_into().expect("chunks_exact(64)"), &mut ks);
        }
        let rest = blocks.remainder();
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buf_len = rest.len();
    }

    /// RFC 1321 3.1-3.2 padding and length, then the digest. The last one
    /// or two blocks are built in place rather than fed through `update`.
    pub fn finalize(mut self) -> [u8; 16] {
        let bits = self.total.wrapping_mul(8);
        let n = self.buf_len;
        let mut last = self.buf;
        last[n] = 0x80;
        last[n + 1..].fill(0);
        if n >= 56 {
            compress(&mut self.state, &last, |_| {});
            last = [0; 64];
        }
        last[56..].copy_from_slice(&bits.to_le_bytes());
        compress(&mut self.state, &last, |_| {});
        last.zeroize();
        digest(&self.state)
    }
}

fn digest(state: &[u32; 4]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// HMAC-MD5 (RFC 2104) with the key's inner and outer pad blocks already
/// compressed, so a MAC costs only the message's blocks plus one.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct HmacMd5 {
    inner: Md5,
    outer: Md5,
}

impl HmacMd5 {
    /// `key` up to 64 bytes (NTLM's are 16).
    pub fn new(key: &[u8]) -> Self {
        let mut k = [0u8; 64];
        if key.len() > 64 {
            let mut h = Md5::default();
            h.update(key);
            k[..16].copy_from_slice(&h.finalize());
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let mut ipad = [0x36u8; 64];
        let mut opad = [0x5cu8; 64];
        for i in 0..64 {
            ipad[i] ^= k[i];
            opad[i] ^= k[i];
        }
        let mut inner = Md5::default();
        inner.update(&ipad);
        let mut outer = Md5::default();
        outer.update(&opad);
        k.zeroize();
        ipad.zeroize();
        opad.zeroize();
        HmacMd5 { inner, outer }
    }

    /// The inner hash, keyed, ready for the message.
    pub fn start(&self) -> Md5 {
        self.inner.clone()
    }

    /// HMAC_MD5(key, concatenation of `parts`).
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 16] {
        let mut m = self.start();
        for p in parts {
            m.update(p);
        }
        self.finish(m)
    }

    /// Completes the MAC from the inner hash `start` gave. The outer hash
    /// has exactly its pad block behind it, so the inner digest, the 0x80
    /// marker and the length (80 bytes) make its one remaining block.
    pub fn finish(&self, inner: Md5) -> [u8; 16] {
        let mut last = [0u8; 64];
        last[..16].copy_from_slice(&inner.finalize());
        last[16] = 0x80;
        last[56..].copy_from_slice(&(80u64 * 8).to_le_bytes());
        let mut state = self.outer.state;
        compress(&mut state, &last, |_| {});
        last.zeroize();
        digest(&state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};
    use md5::Digest;

    fn pseudo_random(n: usize, seed: u32) -> Vec<u8> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect()
    }

    #[test]
    fn md5_matches_rfc1321_and_rustcrypto() {
        let mut h = Md5::default();
        h.update(b"abc");
        assert_eq!(
            h.finalize(),
            [
                0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0, 0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1,
                0x7f, 0x72
            ]
        );
        for len in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 4099] {
            let data = pseudo_random(len, len as u32);
            let want: [u8; 16] = md5::Md5::digest(&data).into();
            // Fed whole and in uneven pieces.
            let mut h = Md5::default();
            h.update(&data);
            assert_eq!(h.finalize(), want, "len {len}");
            let mut h = Md5::default();
            for piece in data.chunks(7) {
                h.update(piece);
            }
            assert_eq!(h.finalize(), want, "len {len} in pieces");
        }
    }

    #[test]
    fn fused_keystream_is_rc4_and_hash_is_md5() {
        for (len, ks_len) in [
            (0, 0),
            (10, 100),
            (64, 64),
            (68, 64),
            (1000, 1000),
            (300, 3000),
        ] {
            let data = pseudo_random(len, 7);
            let mut rc4 = Rc4::new(b"0123456789abcdef");
            let mut ks = vec![0u8; ks_len];
            let mut h = Md5::default();
            h.update(b"seq!");
            h.update_with_keystream(&data, &mut rc4, &mut ks);
            let mut want_ks = vec![0u8; ks_len];
            Rc4::new(b"0123456789abcdef").apply(&mut want_ks);
            assert_eq!(ks, want_ks, "keystream len {len}/{ks_len}");
            let mut whole = b"seq!".to_vec();
            whole.extend_from_slice(&data);
            let want: [u8; 16] = md5::Md5::digest(&whole).into();
            assert_eq!(h.finalize(), want);
            // The RC4 state continues where the keystream ended.
            let mut a = [0u8; 5];
            rc4.apply(&mut a);
            let mut b = vec![0u8; ks_len + 5];
            Rc4::new(b"0123456789abcdef").apply(&mut b);
            assert_eq!(a, b[ks_len..]);
        }
    }

    #[test]
    fn hmac_matches_rfc2104_and_rustcrypto() {
        // RFC 2104 test 2: key "Jefe".
        let k = HmacMd5::new(b"Jefe");
        let mut m = k.start();
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            k.finish(m),
            [
                0x75, 0x0c, 0x78, 0x3e, 0x6a, 0xb0, 0xb5, 0x03, 0xea, 0xa8, 0x6e, 0x31, 0x0a, 0x5d,
                0xb7, 0x38
            ]
        );
        for (klen, len) in [(16, 0), (16, 100), (80, 33)] {
            let key = pseudo_random(klen, 3);
            let data = pseudo_random(len, 4);
            let mut r = <Hmac<md5::Md5>>::new_from_slice(&key).expect("any key length");
            r.update(&data);
            let want: [u8; 16] = r.finalize().into_bytes().into();
            let k = HmacMd5::new(&key);
            let mut m = k.start();
            m.update(&data);
            assert_eq!(k.finish(m), want);
        }
    }
}
