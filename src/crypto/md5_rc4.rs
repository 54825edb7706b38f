//! HMAC-MD5 and RC4 run together, for NTLM sealing ([MS-NLMP] 3.4.3,
//! 3.4.4.2), where both pass over every byte of every message.
//!
//! MD5 and RC4 are each bound by one long dependency chain (MD5's 64 steps,
//! RC4's `j` index through memory), so alone each uses a fraction of a
//! core's issue width. The RC4 keystream does not depend on the data, so a
//! compression can make one keystream byte after each MD5 step, and the CPU
//! overlaps the two chains: 64 bytes cost a tenth more than the MD5 block
//! alone. [`Keystream`] keeps what is made this way until it is used, so
//! every compression of a message can make keystream, including those
//! before the receiver has decrypted anything and those after the data.
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
///
/// MD5's speed is the latency of its chain through `b`, so each step sums
/// the parts that do not depend on `b` (the old `a`, the message word, the
/// constant and, in round 2, `c & !d`) before adding the part that does:
/// four or five cycles a step. Left to itself LLVM reassociates the sum and
/// adds the constant last, a cycle more on the chain every step (92 ns a
/// block instead of 72 here); `black_box` around the early sum keeps it
/// whole, for the price of a store and a load off the chain.
#[inline(always)]
fn compress(state: &mut [u32; 4], block: &[u8; 64], mut ks: impl FnMut(usize)) {
    let mut m = [0u32; 16];
    for (w, c) in m.iter_mut().zip(block.chunks_exact(4)) {
        *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    let [mut a, mut b, mut c, mut d] = *state;
    // Each round's function as (part without b, part with b); the two
    // parts never share a set bit, so adding them is their OR.
    macro_rules! r1 {
        ($b:ident, $c:ident, $d:ident) => {
            (0, $d ^ ($b & ($c ^ $d)))
        };
    }
    macro_rules! r2 {
        ($b:ident, $c:ident, $d:ident) => {
            ($c & !$d, $b & $d)
        };
    }
    macro_rules! r3 {
        ($b:ident, $c:ident, $d:ident) => {
            (0, $b ^ ($c ^ $d))
        };
    }
    macro_rules! r4 {
        ($b:ident, $c:ident, $d:ident) => {
            (0, $c ^ ($b | !$d))
        };
    }
    macro_rules! step {
        ($f:ident, $a:ident, $b:ident, $c:ident, $d:ident, $m:expr, $i:expr, $s:expr) => {
            let (early, late): (u32, u32) = $f!($b, $c, $d);
            let x =
                std::hint::black_box($a.wrapping_add($m).wrapping_add(T[$i]).wrapping_add(early));
            $a = $b.wrapping_add(x.wrapping_add(late).rotate_left($s));
            ks($i);
        };
    }
    step!(r1, a, b, c, d, m[0], 0, 7);
    step!(r1, d, a, b, c, m[1], 1, 12);
    step!(r1, c, d, a, b, m[2], 2, 17);
    step!(r1, b, c, d, a, m[3], 3, 22);
    step!(r1, a, b, c, d, m[4], 4, 7);
    step!(r1, d, a, b, c, m[5], 5, 12);
    step!(r1, c, d, a, b, m[6], 6, 17);
    step!(r1, b, c, d, a, m[7], 7, 22);
    step!(r1, a, b, c, d, m[8], 8, 7);
    step!(r1, d, a, b, c, m[9], 9, 12);
    step!(r1, c, d, a, b, m[10], 10, 17);
    step!(r1, b, c, d, a, m[11], 11, 22);
    step!(r1, a, b, c, d, m[12], 12, 7);
    step!(r1, d, a, b, c, m[13], 13, 12);
    step!(r1, c, d, a, b, m[14], 14, 17);
    step!(r1, b, c, d, a, m[15], 15, 22);
    step!(r2, a, b, c, d, m[1], 16, 5);
    step!(r2, d, a, b, c, m[6], 17, 9);
    step!(r2, c, d, a, b, m[11], 18, 14);
    step!(r2, b, c, d, a, m[0], 19, 20);
    step!(r2, a, b, c, d, m[5], 20, 5);
    step!(r2, d, a, b, c, m[10], 21, 9);
    step!(r2, c, d, a, b, m[15], 22, 14);
    step!(r2, b, c, d, a, m[4], 23, 20);
    step!(r2, a, b, c, d, m[9], 24, 5);
    step!(r2, d, a, b, c, m[14], 25, 9);
    step!(r2, c, d, a, b, m[3], 26, 14);
    step!(r2, b, c, d, a, m[8], 27, 20);
    step!(r2, a, b, c, d, m[13], 28, 5);
    step!(r2, d, a, b, c, m[2], 29, 9);
    step!(r2, c, d, a, b, m[7], 30, 14);
    step!(r2, b, c, d, a, m[12], 31, 20);
    step!(r3, a, b, c, d, m[5], 32, 4);
    step!(r3, d, a, b, c, m[8], 33, 11);
    step!(r3, c, d, a, b, m[11], 34, 16);
    step!(r3, b, c, d, a, m[14], 35, 23);
    step!(r3, a, b, c, d, m[1], 36, 4);
    step!(r3, d, a, b, c, m[4], 37, 11);
    step!(r3, c, d, a, b, m[7], 38, 16);
    step!(r3, b, c, d, a, m[10], 39, 23);
    step!(r3, a, b, c, d, m[13], 40, 4);
    step!(r3, d, a, b, c, m[0], 41, 11);
    step!(r3, c, d, a, b, m[3], 42, 16);
    step!(r3, b, c, d, a, m[6], 43, 23);
    step!(r3, a, b, c, d, m[9], 44, 4);
    step!(r3, d, a, b, c, m[12], 45, 11);
    step!(r3, c, d, a, b, m[15], 46, 16);
    step!(r3, b, c, d, a, m[2], 47, 23);
    step!(r4, a, b, c, d, m[0], 48, 6);
    step!(r4, d, a, b, c, m[7], 49, 10);
    step!(r4, c, d, a, b, m[14], 50, 15);
    step!(r4, b, c, d, a, m[5], 51, 21);
    step!(r4, a, b, c, d, m[12], 52, 6);
    step!(r4, d, a, b, c, m[3], 53, 10);
    step!(r4, c, d, a, b, m[10], 54, 15);
    step!(r4, b, c, d, a, m[1], 55, 21);
    step!(r4, a, b, c, d, m[8], 56, 6);
    step!(r4, d, a, b, c, m[15], 57, 10);
    step!(r4, c, d, a, b, m[6], 58, 15);
    step!(r4, b, c, d, a, m[13], 59, 21);
    step!(r4, a, b, c, d, m[4], 60, 6);
    step!(r4, d, a, b, c, m[11], 61, 10);
    step!(r4, c, d, a, b, m[2], 62, 15);
    step!(r4, b, c, d, a, m[9], 63, 21);
    state[0] = state[0].wrapping_add(a);
    state[1] = state[1].wrapping_add(b);
    state[2] = state[2].wrapping_add(c);
    state[3] = state[3].wrapping_add(d);
}

/// A streaming MD5 (RFC 1321).
#[derive(Clone)]
pub struct Md5 {
    state: [u32; 4],
    buf: [u8; 64],
    buf_len: usize,
    total: u64,
}

// Arrays wiped as slices (see `zeroize_on_drop`): a volatile byte at a
// time was a tenth of sealing a 64-byte message.
impl Zeroize for Md5 {
    fn zeroize(&mut self) {
        self.state.as_mut_slice().zeroize();
        self.buf.as_mut_slice().zeroize();
        self.buf_len.zeroize();
        self.total.zeroize();
    }
}

zeroize_on_drop!(Md5);

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

/// Room for keystream made ahead: a multiple of 64, since it is made a
/// block at a time; as much as a sealing window, so a window's keystream
/// is all made ahead once the stream is going.
const AHEAD: usize = 256;

/// An RC4 stream with keystream made ahead of its use, during MD5
/// compressions (see the module comment): NTLM runs one such stream per
/// direction beside the HMAC-MD5 over the same bytes. The receiver must
/// decrypt before it can hash, and every message ends with compressions
/// that touch no data (the padding block, HMAC's outer hash); both would
/// leave RC4 to run alone without bytes made ahead.
///
/// `ahead` is a ring: `len` bytes from `start` are made and unused. Bytes
/// are made into it only in whole blocks, so its write end stays a
/// multiple of 64 and a block never wraps.
#[derive(Clone)]
pub struct Keystream {
    rc4: Rc4,
    ahead: [u8; AHEAD],
    start: usize,
    len: usize,
    /// Bytes RC4 has made since its key schedule (saturating at u32::MAX,
    /// which then stays), so that `restart` can step back rather than
    /// schedule the key again.
    made: u32,
}

// Wiped as Md5 is; the Rc4 wipes itself.
impl Zeroize for Keystream {
    fn zeroize(&mut self) {
        self.ahead.as_mut_slice().zeroize();
        self.start.zeroize();
        self.len.zeroize();
    }
}

zeroize_on_drop!(Keystream);

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Keystream {
    pub fn new(rc4: Rc4) -> Self {
        Keystream {
            rc4,
            ahead: [0; AHEAD],
            start: 0,
            len: 0,
            made: 0,
        }
    }

    /// XORs the next `data.len()` keystream bytes into `data`: those made
    /// ahead first, then straight from RC4.
    pub fn apply(&mut self, data: &mut [u8]) {
        let n = self.len.min(data.len());
        let first = n.min(AHEAD - self.start);
        let (now, later) = data.split_at_mut(n);
        let (a, b) = now.split_at_mut(first);
        xor(a, &self.ahead[self.start..self.start + first]);
        xor(b, &self.ahead[..n - first]);
        self.start = (self.start + n) % AHEAD;
        self.len -= n;
        self.made = self.made.saturating_add(count(later.len()));
        self.rc4.apply(later);
    }

    /// Steps the stream back `n` bytes (see `Rc4::rewind`): what was made
    /// ahead is dropped and RC4 steps back over it too.
    pub fn rewind(&mut self, n: usize) {
        let back = self.len + n;
        self.rc4.rewind(back);
        if self.made != u32::MAX {
            self.made = self.made.saturating_sub(count(back));
        }
        self.drop_ahead();
    }

    /// Back to the start of the stream, `key` being the key it was made
    /// with. A step back costs about what a keystream byte does and the key
    /// schedule about 256 of them, so after a little use (SPNEGO restarts
    /// NTLM's sealing state after the mechListMIC) stepping back is the
    /// cheaper way.
    pub fn restart(&mut self, key: &[u8]) {
        if self.made <= 256 {
            self.rc4.rewind(self.made as usize);
        } else {
            self.rc4 = Rc4::new(key);
        }
        self.made = 0;
        self.drop_ahead();
    }

    fn drop_ahead(&mut self) {
        self.ahead.as_mut_slice().zeroize();
        self.start = 0;
        self.len = 0;
    }

    /// Where the next block of keystream goes, and the RC4 state to make
    /// it with; `None` when there is no room for a block.
    fn next_block(&mut self) -> Option<(&mut [u8; 64], &mut Rc4)> {
        if AHEAD - self.len < 64 {
            return None;
        }
        let at = (self.start + self.len) % AHEAD;
        self.len += 64;
        self.made = self.made.saturating_add(64);
        let dst = (&mut self.ahead[at..at + 64])
            .try_into()
            .expect("the write end is a multiple of 64");
        Some((dst, &mut self.rc4))
    }
}

fn xor(data: &mut [u8], ks: &[u8]) {
    for (d, k) in data.iter_mut().zip(ks) {
        *d ^= k;
    }
}

/// One compression; with `ks`, it makes a block of keystream ahead too
/// (one byte after each MD5 step) when there is room.
#[inline(always)]
fn compress_filling(state: &mut [u32; 4], block: &[u8; 64], ks: Option<&mut Keystream>) {
    match ks.and_then(Keystream::next_block) {
        Some((dst, rc4)) => compress_making(state, block, rc4, dst),
        None => compress(state, block, |_| {}),
    }
}

/// A compression making 64 keystream bytes into `dst`. Not inlined: the
/// two chains need nearly every register, and a caller's loop would take
/// some (LLVM then keeps the RC4 table's address on the stack and loads it
/// for every access).
#[inline(never)]
fn compress_making(state: &mut [u32; 4], block: &[u8; 64], rc4: &mut Rc4, dst: &mut [u8; 64]) {
    rc4.with_generator(|g| compress(state, block, |i| dst[i] = g.next_byte()));
}

impl Md5 {
    pub fn update(&mut self, data: &[u8]) {
        self.hash(data, None);
    }

    /// Hashes `data`, making keystream ahead in `ks` meanwhile.
    pub fn update_filling(&mut self, data: &[u8], ks: &mut Keystream) {
        self.hash(data, Some(ks));
    }

    fn hash(&mut self, mut data: &[u8], mut ks: Option<&mut Keystream>) {
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
            compress_filling(&mut self.state, &block, ks.as_deref_mut());
            self.buf_len = 0;
        }
        let mut blocks = data.chunks_exact(64);
        for block in &mut blocks {
            let block = block.try_into().expect("chunks_exact(64)");
            compress_filling(&mut self.state, block, ks.as_deref_mut());
        }
        let rest = blocks.remainder();
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buf_len = rest.len();
    }

    /// RFC 1321 3.1-3.2 padding and length, then the digest. The last one
    /// or two blocks are built in place rather than fed through `update`.
    pub fn finalize(self) -> [u8; 16] {
        self.finalize_filling(None)
    }

    fn finalize_filling(mut self, mut ks: Option<&mut Keystream>) -> [u8; 16] {
        let bits = self.total.wrapping_mul(8);
        let n = self.buf_len;
        let mut last = self.buf;
        last[n] = 0x80;
        last[n + 1..].fill(0);
        if n >= 56 {
            compress_filling(&mut self.state, &last, ks.as_deref_mut());
            last = [0; 64];
        }
        last[56..].copy_from_slice(&bits.to_le_bytes());
        compress_filling(&mut self.state, &last, ks);
        last.as_mut_slice().zeroize();
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
        k.as_mut_slice().zeroize();
        ipad.as_mut_slice().zeroize();
        opad.as_mut_slice().zeroize();
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

    /// Completes the MAC from the inner hash `start` gave.
    pub fn finish(&self, inner: Md5) -> [u8; 16] {
        self.finish_with(inner, None)
    }

    /// `finish`, making keystream ahead in `ks` meanwhile.
    pub fn finish_filling(&self, inner: Md5, ks: &mut Keystream) -> [u8; 16] {
        self.finish_with(inner, Some(ks))
    }

    /// The outer hash has exactly its pad block behind it, so the inner
    /// digest, the 0x80 marker and the length (80 bytes) make its one
    /// remaining block.
    fn finish_with(&self, inner: Md5, mut ks: Option<&mut Keystream>) -> [u8; 16] {
        let mut last = [0u8; 64];
        last[..16].copy_from_slice(&inner.finalize_filling(ks.as_deref_mut()));
        last[16] = 0x80;
        last[56..].copy_from_slice(&(80u64 * 8).to_le_bytes());
        let mut state = self.outer.state;
        compress_filling(&mut state, &last, ks);
        last.as_mut_slice().zeroize();
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

    /// However hashing and using the stream interleave, the stream is
    /// RC4's keystream in order and the hash is MD5: uneven pieces, bytes
    /// used before and after they are made ahead, steps back, restarts.
    #[test]
    fn keystream_is_rc4_and_hash_is_md5() {
        let key = b"0123456789abcdef";
        let mut want_ks = vec![0u8; 20_000];
        Rc4::new(key).apply(&mut want_ks);
        for seed in 0..40u32 {
            let sizes = pseudo_random(12, seed);
            let mut ks = Keystream::new(Rc4::new(key));
            let (mut used, mut hashed) = (0usize, Vec::new());
            let mut h = Md5::default();
            for (n, size) in sizes.iter().enumerate() {
                let size = *size as usize * (1 + n % 3);
                let data = pseudo_random(size, seed * 100 + n as u32);
                match n % 4 {
                    0 | 1 => {
                        h.update_filling(&data, &mut ks);
                        hashed.extend_from_slice(&data);
                    }
                    2 => {
                        let mut got = vec![0u8; size];
                        ks.apply(&mut got);
                        assert_eq!(got, want_ks[used..used + size], "seed {seed} step {n}");
                        used += size;
                    }
                    _ => {
                        let back = size.min(used).min(100);
                        ks.rewind(back);
                        used -= back;
                    }
                }
                // Restarted from here, the stream starts again.
                let mut again = ks.clone();
                again.restart(key);
                let mut first = [0u8; 300];
                again.apply(&mut first);
                assert_eq!(first[..], want_ks[..300], "seed {seed} restart after {n}");
            }
            let want: [u8; 16] = md5::Md5::digest(&hashed).into();
            let k = HmacMd5::new(key);
            assert_eq!(h.clone().finalize(), want, "seed {seed}");
            assert_eq!(k.finish_filling(h.clone(), &mut ks), k.finish(h));
            let mut rest = [0u8; 300];
            ks.apply(&mut rest);
            assert_eq!(
                rest[..],
                want_ks[used..used + 300],
                "seed {seed} at the end"
            );
            ks.restart(key);
            let mut rest = [0u8; 300];
            ks.apply(&mut rest);
            assert_eq!(rest[..], want_ks[..300], "seed {seed} restarted");
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
