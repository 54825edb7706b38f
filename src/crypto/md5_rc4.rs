//! HMAC-MD5 and RC4 over the same bytes in one pass, for NTLM sealing
//! ([MS-NLMP] 3.4.4.2 and 3.4.3: the MAC covers the plaintext, RC4 seals it).
//! MD5 and RC4 are each bound by one serial dependency chain; computing one
//! RC4 keystream byte per MD5 step ("stitching", as OpenSSL's rc4-md5 does)
//! lets the CPU run both chains at once instead of one after the other.
//! MD5 is RFC 1321, HMAC is RFC 2104; checked against the md-5/hmac crates.
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::rc4::Rc4;

const IV: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

#[inline(always)]
fn f(b: u32, c: u32, d: u32) -> u32 {
    d ^ (b & (c ^ d))
}
#[inline(always)]
fn g(b: u32, c: u32, d: u32) -> u32 {
    c ^ (d & (b ^ c))
}
#[inline(always)]
fn h(b: u32, c: u32, d: u32) -> u32 {
    b ^ c ^ d
}
#[inline(always)]
fn i(b: u32, c: u32, d: u32) -> u32 {
    c ^ (b | !d)
}

/// The 16 little-endian words of a 64-byte block.
fn words(block: &[u8]) -> [u32; 16] {
    let mut m = [0u32; 16];
    for (w, c) in m.iter_mut().zip(block.chunks_exact(4)) {
        *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    m
}

/// One MD5 block (RFC 1321 3.4); with `ks`, also the next 64 RC4
/// keystream bytes of `rc4`, one per step.
#[inline(always)]
fn block(st: &mut [u32; 4], m: &[u32; 16], mut ks: Option<(&mut Rc4, &mut [u8; 64])>) {
    let [mut a, mut b, mut c, mut d] = *st;
    macro_rules! step {
        ($f:ident, $a:ident, $b:ident, $c:ident, $d:ident, $m:expr, $t:expr, $s:expr, $n:expr) => {
            $a = $b.wrapping_add(
                $a.wrapping_add($f($b, $c, $d))
                    .wrapping_add($m)
                    .wrapping_add($t)
                    .rotate_left($s),
            );
            if let Some((r, k)) = ks.as_mut() {
                k[$n] = r.next_byte();
            }
        };
    }
    step!(f, a, b, c, d, m[0], 0xd76aa478, 7, 0);
    step!(f, d, a, b, c, m[1], 0xe8c7b756, 12, 1);
    step!(f, c, d, a, b, m[2], 0x242070db, 17, 2);
    step!(f, b, c, d, a, m[3], 0xc1bdceee, 22, 3);
    step!(f, a, b, c, d, m[4], 0xf57c0faf, 7, 4);
    step!(f, d, a, b, c, m[5], 0x4787c62a, 12, 5);
    step!(f, c, d, a, b, m[6], 0xa8304613, 17, 6);
    step!(f, b, c, d, a, m[7], 0xfd469501, 22, 7);
    step!(f, a, b, c, d, m[8], 0x698098d8, 7, 8);
    step!(f, d, a, b, c, m[9], 0x8b44f7af, 12, 9);
    step!(f, c, d, a, b, m[10], 0xffff5bb1, 17, 10);
    step!(f, b, c, d, a, m[11], 0x895cd7be, 22, 11);
    step!(f, a, b, c, d, m[12], 0x6b901122, 7, 12);
    step!(f, d, a, b, c, m[13], 0xfd987193, 12, 13);
    step!(f, c, d, a, b, m[14], 0xa679438e, 17, 14);
    step!(f, b, c, d, a, m[15], 0x49b40821, 22, 15);
    step!(g, a, b, c, d, m[1], 0xf61e2562, 5, 16);
    step!(g, d, a, b, c, m[6], 0xc040b340, 9, 17);
    step!(g, c, d, a, b, m[11], 0x265e5a51, 14, 18);
    step!(g, b, c, d, a, m[0], 0xe9b6c7aa, 20, 19);
    step!(g, a, b, c, d, m[5], 0xd62f105d, 5, 20);
    step!(g, d, a, b, c, m[10], 0x02441453, 9, 21);
    step!(g, c, d, a, b, m[15], 0xd8a1e681, 14, 22);
    step!(g, b, c, d, a, m[4], 0xe7d3fbc8, 20, 23);
    step!(g, a, b, c, d, m[9], 0x21e1cde6, 5, 24);
    step!(g, d, a, b, c, m[14], 0xc33707d6, 9, 25);
    step!(g, c, d, a, b, m[3], 0xf4d50d87, 14, 26);
    step!(g, b, c, d, a, m[8], 0x455a14ed, 20, 27);
    step!(g, a, b, c, d, m[13], 0xa9e3e905, 5, 28);
    step!(g, d, a, b, c, m[2], 0xfcefa3f8, 9, 29);
    step!(g, c, d, a, b, m[7], 0x676f02d9, 14, 30);
    step!(g, b, c, d, a, m[12], 0x8d2a4c8a, 20, 31);
    step!(h, a, b, c, d, m[5], 0xfffa3942, 4, 32);
    step!(h, d, a, b, c, m[8], 0x8771f681, 11, 33);
    step!(h, c, d, a, b, m[11], 0x6d9d6122, 16, 34);
    step!(h, b, c, d, a, m[14], 0xfde5380c, 23, 35);
    step!(h, a, b, c, d, m[1], 0xa4beea44, 4, 36);
    step!(h, d, a, b, c, m[4], 0x4bdecfa9, 11, 37);
    step!(h, c, d, a, b, m[7], 0xf6bb4b60, 16, 38);
    step!(h, b, c, d, a, m[10], 0xbebfbc70, 23, 39);
    step!(h, a, b, c, d, m[13], 0x289b7ec6, 4, 40);
    step!(h, d, a, b, c, m[0], 0xeaa127fa, 11, 41);
    step!(h, c, d, a, b, m[3], 0xd4ef3085, 16, 42);
    step!(h, b, c, d, a, m[6], 0x04881d05, 23, 43);
    step!(h, a, b, c, d, m[9], 0xd9d4d039, 4, 44);
    step!(h, d, a, b, c, m[12], 0xe6db99e5, 11, 45);
    step!(h, c, d, a, b, m[15], 0x1fa27cf8, 16, 46);
    step!(h, b, c, d, a, m[2], 0xc4ac5665, 23, 47);
    step!(i, a, b, c, d, m[0], 0xf4292244, 6, 48);
    step!(i, d, a, b, c, m[7], 0x432aff97, 10, 49);
    step!(i, c, d, a, b, m[14], 0xab9423a7, 15, 50);
    step!(i, b, c, d, a, m[5], 0xfc93a039, 21, 51);
    step!(i, a, b, c, d, m[12], 0x655b59c3, 6, 52);
    step!(i, d, a, b, c, m[3], 0x8f0ccc92, 10, 53);
    step!(i, c, d, a, b, m[10], 0xffeff47d, 15, 54);
    step!(i, b, c, d, a, m[1], 0x85845dd1, 21, 55);
    step!(i, a, b, c, d, m[8], 0x6fa87e4f, 6, 56);
    step!(i, d, a, b, c, m[15], 0xfe2ce6e0, 10, 57);
    step!(i, c, d, a, b, m[6], 0xa3014314, 15, 58);
    step!(i, b, c, d, a, m[13], 0x4e0811a1, 21, 59);
    step!(i, a, b, c, d, m[4], 0xf7537e82, 6, 60);
    step!(i, d, a, b, c, m[11], 0xbd3af235, 10, 61);
    step!(i, c, d, a, b, m[2], 0x2ad7d2bb, 15, 62);
    step!(i, b, c, d, a, m[9], 0xeb86d391, 21, 63);
    st[0] = st[0].wrapping_add(a);
    st[1] = st[1].wrapping_add(b);
    st[2] = st[2].wrapping_add(c);
    st[3] = st[3].wrapping_add(d);
}

fn block_stitched(st: &mut [u32; 4], m: &[u32; 16], rc4: &mut Rc4, ks: &mut [u8; 64]) {
    block(st, m, Some((rc4, ks)))
}

fn block_plain(st: &mut [u32; 4], m: &[u32; 16]) {
    block(st, m, None)
}

/// An HMAC-MD5 key as the MD5 states after its ipad and opad blocks
/// (RFC 2104), so each MAC starts from them.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct HmacMd5Key {
    inner: [u32; 4],
    outer: [u32; 4],
}

impl HmacMd5Key {
    pub fn new(key: &[u8]) -> Self {
        use md5::Digest;
        let mut k = [0u8; 64];
        if key.len() > 64 {
            k[..16].copy_from_slice(&md5::Md5::digest(key));
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let mut ipad = [0u8; 64];
        let mut opad = [0u8; 64];
        for ((x, y), b) in ipad.iter_mut().zip(opad.iter_mut()).zip(k) {
            *x = b ^ 0x36;
            *y = b ^ 0x5c;
        }
        let mut inner = IV;
        let mut outer = IV;
        block_plain(&mut inner, &words(&ipad));
        block_plain(&mut outer, &words(&opad));
        k.zeroize();
        ipad.zeroize();
        opad.zeroize();
        HmacMd5Key { inner, outer }
    }
}

/// Which way RC4 goes relative to the MAC, which always covers the plaintext.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seal {
    /// MAC the data, then encrypt it.
    Encrypt,
    /// Decrypt the data, then MAC it.
    Decrypt,
}

fn xor(data: &mut [u8], ks: &[u8]) {
    for (d, k) in data.iter_mut().zip(ks) {
        *d ^= k;
    }
}

/// The last inner block(s) with MD5 padding, then the outer hash.
fn finish(key: &HmacMd5Key, mut st: [u32; 4], tail: &[u8], total: u64) -> [u8; 16] {
    let mut b = [0u8; 128];
    b[..tail.len()].copy_from_slice(tail);
    b[tail.len()] = 0x80;
    let end = if tail.len() < 56 { 64 } else { 128 };
    b[end - 8..end].copy_from_slice(&(total.wrapping_mul(8)).to_le_bytes());
    for blk in b[..end].chunks_exact(64) {
        block_plain(&mut st, &words(blk));
    }
    b.zeroize();
    let mut o = [0u8; 64];
    for (c, w) in o.chunks_exact_mut(4).zip(st) {
        c.copy_from_slice(&w.to_le_bytes());
    }
    o[16] = 0x80;
    o[56..].copy_from_slice(&((64u64 + 16) * 8).to_le_bytes());
    let mut out = key.outer;
    block_plain(&mut out, &words(&o));
    o.zeroize();
    let mut mac = [0u8; 16];
    for (c, w) in mac.chunks_exact_mut(4).zip(out) {
        c.copy_from_slice(&w.to_le_bytes());
    }
    mac
}

/// HMAC-MD5(key, prefix || plaintext) and RC4 of `data` in place, in one
/// pass: `Seal::Encrypt` MACs the plaintext then encrypts it,
/// `Seal::Decrypt` decrypts then MACs. `rc4` advances by exactly
/// `data.len()` bytes, as a separate `rc4.apply(data)` would.
pub fn hmac_md5_rc4(
    key: &HmacMd5Key,
    prefix: &[u8; 4],
    data: &mut [u8],
    rc4: &mut Rc4,
    mode: Seal,
) -> [u8; 16] {
    let n = data.len();
    let total = 64 + 4 + n as u64;
    let mut st = key.inner;
    let mut ks = [0u8; 64];
    // Encrypt: keystream made during a block but not yet applied (it may
    // run ahead of the hashed bytes by the prefix's 4 bytes).
    let mut pend = [0u8; 128];
    let mut plen = 0usize;
    let mut made = 0usize; // keystream bytes drawn from `rc4` so far
    let mut enc = 0usize; // Encrypt: data bytes already encrypted
                          // Decrypt: data[..dec] is plaintext, kept at least one block ahead.
    let mut dec = 0usize;
    if mode == Seal::Decrypt {
        dec = n.min(124);
        rc4.apply(&mut data[..dec]);
        made = dec;
    }
    let mut hashed = 0usize; // data bytes hashed so far
    if n >= 60 {
        let mut first = [0u8; 64];
        first[..4].copy_from_slice(prefix);
        first[4..].copy_from_slice(&data[..60]);
        let mut m = words(&first);
        first.zeroize();
        loop {
            let end = if hashed == 0 { 60 } else { hashed + 64 };
            if made + 64 <= n {
                block_stitched(&mut st, &m, rc4, &mut ks);
                made += 64;
                match mode {
                    Seal::Encrypt => {
                        pend[plen..plen + 64].copy_from_slice(&ks);
                        plen += 64;
                    }
                    Seal::Decrypt => {
                        xor(&mut data[dec..dec + 64], &ks);
                        dec += 64;
                    }
                }
            } else {
                if mode == Seal::Decrypt && dec < n {
                    rc4.apply(&mut data[dec..]);
                    made = n;
                    dec = n;
                }
                block_plain(&mut st, &m);
            }
            hashed = end;
            if mode == Seal::Encrypt {
                let k = plen.min(hashed - enc);
                xor(&mut data[enc..enc + k], &pend[..k]);
                enc += k;
                pend.copy_within(k..plen, 0);
                plen -= k;
            }
            if hashed + 64 > n {
                break;
            }
            m = words(&data[hashed..hashed + 64]);
        }
        m.zeroize();
    }
    let mac = if hashed == 0 {
        let mut t = [0u8; 64];
        t[..4].copy_from_slice(prefix);
        t[4..4 + n].copy_from_slice(data);
        let mac = finish(key, st, &t[..4 + n], total);
        t.zeroize();
        mac
    } else {
        finish(key, st, &data[hashed..], total)
    };
    if mode == Seal::Encrypt {
        xor(&mut data[enc..enc + plen], &pend[..plen]);
        rc4.apply(&mut data[enc + plen..]);
    }
    ks.zeroize();
    pend.zeroize();
    mac
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};

    fn reference(key: &[u8], prefix: &[u8; 4], plain: &[u8]) -> [u8; 16] {
        let mut h = <Hmac<md5::Md5> as Mac>::new_from_slice(key).unwrap();
        h.update(prefix);
        h.update(plain);
        h.finalize().into_bytes().into()
    }

    #[test]
    fn matches_hmac_and_rc4_at_every_length() {
        let key = [0x0bu8; 16];
        let k = HmacMd5Key::new(&key);
        let prefix = [1, 2, 3, 4];
        for n in (0..300).chain([1000, 4093, 16384, 65536 + 7]) {
            let plain: Vec<u8> = (0..n).map(|i| (i * 7 + n) as u8).collect();
            // Encrypt: MAC of the plaintext, data as RC4 would make it,
            // and the RC4 state where a separate apply leaves it.
            let mut d = plain.clone();
            let mut r = Rc4::new(b"sealing key 16 b");
            let mac = hmac_md5_rc4(&k, &prefix, &mut d, &mut r, Seal::Encrypt);
            assert_eq!(mac, reference(&key, &prefix, &plain), "encrypt mac, n={n}");
            let mut want = plain.clone();
            let mut r2 = Rc4::new(b"sealing key 16 b");
            r2.apply(&mut want);
            assert_eq!(d, want, "ciphertext, n={n}");
            let (mut a, mut b) = ([0u8; 5], [0u8; 5]);
            r.apply(&mut a);
            r2.apply(&mut b);
            assert_eq!(a, b, "rc4 position after n={n}");
            // Decrypt brings it back with the same MAC.
            let mut r3 = Rc4::new(b"sealing key 16 b");
            let mac2 = hmac_md5_rc4(&k, &prefix, &mut d, &mut r3, Seal::Decrypt);
            assert_eq!(d, plain, "plaintext, n={n}");
            assert_eq!(mac2, mac, "decrypt mac, n={n}");
            let mut after = [0u8; 5];
            r3.apply(&mut after);
            assert_eq!(after, b, "rc4 position after decrypting n={n}");
        }
    }

    #[test]
    fn long_keys_are_hashed_first() {
        let key = [0xaau8; 80];
        let mut d = b"Test Using Larger Than Block-Size Key".to_vec();
        let plain = d.clone();
        let mut r = Rc4::new(b"k");
        let mac = hmac_md5_rc4(
            &HmacMd5Key::new(&key),
            &[0; 4],
            &mut d,
            &mut r,
            Seal::Encrypt,
        );
        assert_eq!(mac, reference(&key, &[0; 4], &plain));
    }
}
