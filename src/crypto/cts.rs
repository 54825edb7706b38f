//! AES in CBC mode with ciphertext stealing (RFC 3962 section 5: the last
//! two blocks swapped, NIST's CBC-CS3), shared by the RFC 3962 and RFC 8009
//! enctypes, and the streaming encrypt-and-MAC both profiles are built on.
//!
//! A message is encrypted and MACed in one pass: the output is worked on
//! `CHUNK` bytes at a time, and each chunk is copied in, MACed and
//! CBC-encrypted while it is in the L1 cache (decryption likewise: decrypt a
//! chunk, MAC it, copy it out). CBC is streaming; only the CTS tail, the last
//! one or two blocks, is handled apart. Within a chunk the HMAC is fed a few
//! hash blocks at a time ([`AesHmac::stride`]) between groups of AES blocks,
//! so the CPU runs the hash while the (latency-bound) CBC chain waits on its
//! AES rounds: HMAC-SHA1 then costs next to nothing on top of encryption.
use aes::cipher::consts::U16;
use aes::cipher::{
    BlockCipherDecBackend, BlockCipherDecClosure, BlockCipherDecrypt, BlockCipherEncBackend,
    BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser, InOutBuf, KeyInit,
};
use aes::{Aes128, Aes256, Block};
use hmac_sha::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha384};
use zeroize::Zeroize;

use crate::core::{Error, Result};

/// AES block size, also the confounder size of every AES enctype.
pub const BLOCK: usize = 16;
/// Bytes of a message handled per step: copied, MACed and encrypted (or
/// decrypted, MACed and copied out) while they stay in the L1 cache.
const CHUNK: usize = 8192;
/// The longest HMAC of an AES enctype (HMAC-SHA-384), untruncated.
const MAX_MAC: usize = 48;

/// An AES key schedule of either size (round keys are zeroized on drop
/// through the `aes` crate's `zeroize` feature).
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // boxing would cost a pointer chase per message
pub enum AesCipher {
    A128(Aes128),
    A256(Aes256),
}

// Both variants zeroize their round keys on drop (aes's zeroize feature).
impl zeroize::ZeroizeOnDrop for AesCipher {}

impl AesCipher {
    pub fn new(key: &[u8]) -> Result<Self> {
        let err = || Error::InvalidParameter("AES key must be 16 or 32 bytes");
        match key.len() {
            16 => Ok(AesCipher::A128(
                Aes128::new_from_slice(key).map_err(|_| err())?,
            )),
            32 => Ok(AesCipher::A256(
                Aes256::new_from_slice(key).map_err(|_| err())?,
            )),
            _ => Err(err()),
        }
    }

    /// Encrypts one 16-byte block in place.
    pub fn encrypt_block(&self, block: &mut [u8]) {
        let b: &mut Block = block.try_into().expect("one AES block");
        match self {
            AesCipher::A128(c) => c.encrypt_block(b),
            AesCipher::A256(c) => c.encrypt_block(b),
        }
    }

    /// CBC encryption of whole blocks in place, then, if given, of the CTS
    /// `tail`, with `state` the previous ciphertext block (the IV at
    /// first), fed to `mac` as it goes. One call into the `aes` crate's
    /// backend does all of it, so its setup is paid once per chunk.
    fn cbc_encrypt(
        &self,
        state: &mut Block,
        data: &mut [u8],
        tail: Option<&mut [u8]>,
        mac: Option<(&mut AesHmac, MacInput)>,
    ) {
        let (blocks, rest) = Block::slice_as_chunks_mut(data);
        debug_assert!(rest.is_empty(), "CBC input is whole blocks");
        let job = CbcEncrypt {
            state,
            blocks,
            tail,
            mac,
        };
        match self {
            AesCipher::A128(c) => c.encrypt_with_backend(job),
            AesCipher::A256(c) => c.encrypt_with_backend(job),
        }
    }

    /// CBC decryption of whole blocks from `src` into `dst` (same length),
    /// then, if given, of the CTS `tail` in place, with `state` the
    /// previous ciphertext block.
    fn cbc_decrypt(&self, state: &mut Block, src: &[u8], dst: &mut [u8], tail: Option<&mut [u8]>) {
        let (src, rest) = Block::slice_as_chunks(src);
        debug_assert!(rest.is_empty(), "CBC input is whole blocks");
        let (dst, _) = Block::slice_as_chunks_mut(dst);
        let job = CbcDecrypt {
            state,
            src,
            dst,
            tail,
        };
        match self {
            AesCipher::A128(c) => c.decrypt_with_backend(job),
            AesCipher::A256(c) => c.decrypt_with_backend(job),
        }
    }
}

#[inline(always)]
fn xor_block(dst: &mut Block, src: &Block) {
    // Worked on copies, which the compiler turns into one vector XOR.
    let (mut d, s) = (*dst, *src);
    for (d, s) in d.iter_mut().zip(s.iter()) {
        *d ^= s;
    }
    *dst = d;
}

#[inline(always)]
fn xor_into(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}

/// The CBC loop (and CTS tail), run inside the `aes` crate's backend so
/// the round keys stay in registers from block to block.
struct CbcEncrypt<'a> {
    state: &'a mut Block,
    blocks: &'a mut [Block],
    tail: Option<&'a mut [u8]>,
    mac: Option<(&'a mut AesHmac, MacInput)>,
}

impl BlockSizeUser for CbcEncrypt<'_> {
    type BlockSize = U16;
}

impl BlockCipherEncClosure for CbcEncrypt<'_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let CbcEncrypt {
            state,
            blocks,
            tail,
            mut mac,
        } = self;
        let mut iv = *state;
        let stride = mac.as_ref().map_or(CHUNK, |(m, _)| m.stride());
        for group in blocks.chunks_mut(stride / BLOCK) {
            if let Some((m, MacInput::Plaintext)) = &mut mac {
                m.update(Block::slice_as_flattened(group));
            }
            for block in group.iter_mut() {
                xor_block(block, &iv);
                backend.encrypt_block(block.into());
                iv = *block;
            }
            if let Some((m, MacInput::Ciphertext)) = &mut mac {
                m.update(Block::slice_as_flattened(group));
            }
        }
        *state = iv;
        if let Some(tail) = tail {
            if let Some((m, MacInput::Plaintext)) = &mut mac {
                m.update(tail);
            }
            encrypt_tail(|b| backend.encrypt_block(b.into()), &iv, tail);
            if let Some((m, MacInput::Ciphertext)) = &mut mac {
                m.update(tail);
            }
        }
    }
}

/// CBC decryption: the blocks are decrypted together (AES-NI and VAES
/// pipeline them), then chained; then the CTS tail.
struct CbcDecrypt<'a> {
    state: &'a mut Block,
    src: &'a [Block],
    dst: &'a mut [Block],
    tail: Option<&'a mut [u8]>,
}

impl BlockSizeUser for CbcDecrypt<'_> {
    type BlockSize = U16;
}

impl BlockCipherDecClosure for CbcDecrypt<'_> {
    #[inline(always)]
    fn call<B: BlockCipherDecBackend<BlockSize = U16>>(self, backend: &B) {
        let CbcDecrypt {
            state,
            src,
            dst,
            tail,
        } = self;
        let blocks = InOutBuf::new(src, &mut *dst).expect("CBC input and output of one length");
        let (par, rest) = blocks.into_chunks();
        for chunk in par {
            backend.decrypt_par_blocks(chunk);
        }
        backend.decrypt_tail_blocks(rest);
        if let (Some(first), Some(last)) = (dst.first_mut(), src.last()) {
            xor_block(first, state);
            for (out, prev) in dst[1..].iter_mut().zip(src) {
                xor_block(out, prev);
            }
            *state = *last;
        }
        if let Some(tail) = tail {
            decrypt_tail(|b| backend.decrypt_block(b.into()), state, tail);
        }
    }
}

/// Bytes of a `len`-byte CTS input that plain CBC handles: all but the
/// last two blocks (the last may be partial), or nothing for one block.
fn cbc_len(len: usize) -> usize {
    if len <= BLOCK {
        0
    } else {
        (len.div_ceil(BLOCK) - 2) * BLOCK
    }
}

/// The CTS tail (exactly one block, or 17 to 32 bytes) in place, `prev`
/// the ciphertext block before it, `encrypt` one AES block encryption.
#[inline(always)]
fn encrypt_tail(encrypt: impl Fn(&mut Block), prev: &Block, tail: &mut [u8]) {
    let (head, last) = tail.split_at_mut(BLOCK);
    // C(n-1) = E(P(n-1) ^ prev): all of the output when there is one block.
    let mut c_prev = Block::try_from(&*head).expect("one block");
    xor_block(&mut c_prev, prev);
    encrypt(&mut c_prev);
    if last.is_empty() {
        head.copy_from_slice(&c_prev);
        return;
    }
    // Cn = E(Pn | 0 ^ C(n-1)); the output is Cn then C(n-1)'s head.
    let mut c_last = c_prev;
    xor_into(&mut c_last, last);
    encrypt(&mut c_last);
    head.copy_from_slice(&c_last);
    last.copy_from_slice(&c_prev[..last.len()]);
}

/// Inverse of [`encrypt_tail`], in place, `decrypt` one AES block decryption.
#[inline(always)]
fn decrypt_tail(decrypt: impl Fn(&mut Block), prev: &Block, tail: &mut [u8]) {
    let (head, last) = tail.split_at_mut(BLOCK);
    let mut x = Block::try_from(&*head).expect("one block");
    decrypt(&mut x);
    if last.is_empty() {
        xor_block(&mut x, prev);
        head.copy_from_slice(&x);
        x.zeroize();
        return;
    }
    // x = D(Cn) = Pn | 0 ^ C(n-1); the partial block is C(n-1)'s head, and
    // x's end is the rest of C(n-1).
    let rest = last.len();
    let mut c_prev = x;
    c_prev[..rest].copy_from_slice(last);
    xor_into(&mut x[..rest], &c_prev[..rest]);
    last.copy_from_slice(&x[..rest]);
    decrypt(&mut c_prev);
    xor_block(&mut c_prev, prev);
    head.copy_from_slice(&c_prev);
    x.zeroize();
    c_prev.zeroize();
}

/// AES-CTS encryption of `data` in place (at least one block; exactly one
/// is plain CBC). `iv` is the cipher state; Kerberos uses zeros.
pub fn cts_encrypt(cipher: &AesCipher, iv: &[u8; BLOCK], data: &mut [u8]) -> Result<()> {
    if data.len() < BLOCK {
        return Err(Error::InvalidParameter("CTS input shorter than one block"));
    }
    let mut state = Block::from(*iv);
    let (bulk, tail) = data.split_at_mut(cbc_len(data.len()));
    cipher.cbc_encrypt(&mut state, bulk, Some(tail), None);
    Ok(())
}

/// Inverse of [`cts_encrypt`], in place.
pub fn cts_decrypt(cipher: &AesCipher, iv: &[u8; BLOCK], data: &mut [u8]) -> Result<()> {
    if data.len() < BLOCK {
        return Err(Error::InvalidToken(
            "AES-CTS ciphertext shorter than one block".into(),
        ));
    }
    let mut state = Block::from(*iv);
    let (bulk, tail) = data.split_at_mut(cbc_len(data.len()));
    let ciphertext = bulk.to_vec();
    cipher.cbc_decrypt(&mut state, &ciphertext, bulk, Some(tail));
    Ok(())
}

/// The HMAC of an AES enctype, fed as the message streams by.
#[derive(Clone)]
pub enum AesHmac {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
}

// Each variant wipes itself on drop: hmac 0.13 declares no marker, but the
// parts of an Hmac (keyed inner and outer digest states, block buffer) do,
// with the zeroize features of hmac, sha1 and sha2 (checked in crypto::tests).
impl zeroize::ZeroizeOnDrop for AesHmac {}

impl AesHmac {
    /// Bytes to hash between groups of AES blocks when encrypting: two
    /// SHA-1 or SHA-256 blocks, or two SHA-384 blocks (which its AVX2 code
    /// hashes together). A divisor of `CHUNK`.
    fn stride(&self) -> usize {
        match self {
            AesHmac::Sha1(_) | AesHmac::Sha256(_) => 128,
            AesHmac::Sha384(_) => 256,
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        match self {
            AesHmac::Sha1(m) => m.update(data),
            AesHmac::Sha256(m) => m.update(data),
            AesHmac::Sha384(m) => m.update(data),
        }
    }

    /// Writes the MAC truncated to `out.len()` bytes.
    pub fn finalize_into(self, out: &mut [u8]) {
        let n = out.len();
        match self {
            AesHmac::Sha1(m) => out.copy_from_slice(&m.finalize().into_bytes()[..n]),
            AesHmac::Sha256(m) => out.copy_from_slice(&m.finalize().into_bytes()[..n]),
            AesHmac::Sha384(m) => out.copy_from_slice(&m.finalize().into_bytes()[..n]),
        }
    }
}

/// Which bytes an AES enctype's HMAC covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacInput {
    /// RFC 3962: the plaintext (confounder | message).
    Plaintext,
    /// RFC 8009: the IV (zeros) followed by the ciphertext.
    Ciphertext,
}

/// One AES enctype's encryption profile (RFC 3961 section 5.3 simplified
/// profile, or RFC 8009 section 5), for one derived key pair.
pub struct Profile<'a> {
    pub cipher: &'a AesCipher,
    /// A fresh HMAC keyed with Ki.
    pub mac: AesHmac,
    pub mac_input: MacInput,
    /// Bytes of the HMAC kept (12, 16 or 24).
    pub mac_len: usize,
}

/// The end of the chunk that starts at `start`: chunks are cut where the
/// MAC's input (after `lead` bytes fed before the data) is CHUNK-aligned,
/// so every HMAC update but the last is whole hash blocks.
fn chunk_end(start: usize, lead: usize, limit: usize) -> usize {
    (((start + lead) / CHUNK + 1) * CHUNK - lead).min(limit)
}

impl Profile<'_> {
    fn lead(&self) -> usize {
        match self.mac_input {
            MacInput::Plaintext => 0,
            MacInput::Ciphertext => BLOCK,
        }
    }

    /// Encrypts `confounder | parts...` into `out`, which must be exactly
    /// its length plus `mac_len`: C = CTS(Ke, 0, confounder | plaintext),
    /// then the truncated HMAC.
    pub fn encrypt_into(
        mut self,
        confounder: &[u8; BLOCK],
        parts: &[&[u8]],
        out: &mut [u8],
    ) -> Result<()> {
        let total = BLOCK + parts.iter().map(|p| p.len()).sum::<usize>();
        if out.len() != total + self.mac_len {
            return Err(Error::Internal(
                "AES encryption output of the wrong length".into(),
            ));
        }
        let (body, tag) = out.split_at_mut(total);
        let lead = self.lead();
        if self.mac_input == MacInput::Ciphertext {
            self.mac.update(&[0u8; BLOCK]);
        }
        let mut src = Gather::new(confounder, parts);
        let mut state = Block::default();
        let bulk = cbc_len(total);
        let mut start = 0;
        loop {
            // The last chunk takes the CTS tail along.
            let end = chunk_end(start, lead, bulk);
            let (chunk, rest) = body[start..].split_at_mut(end - start);
            let mut tail = (end == bulk).then_some(rest);
            src.read(chunk);
            if let Some(tail) = tail.as_deref_mut() {
                src.read(tail);
            }
            let last = tail.is_some();
            let mac = Some((&mut self.mac, self.mac_input));
            self.cipher.cbc_encrypt(&mut state, chunk, tail, mac);
            if last {
                break;
            }
            start = end;
        }
        self.mac.finalize_into(tag);
        Ok(())
    }

    /// Decrypts `ciphertext` (C | truncated HMAC), checks the HMAC in
    /// constant time and writes the plaintext after the confounder into
    /// the concatenation of `out`, whose lengths must add up to it. On
    /// failure `out` is zeroed.
    pub fn decrypt_into(mut self, ciphertext: &[u8], out: &mut [&mut [u8]]) -> Result<()> {
        if ciphertext.len() < BLOCK + self.mac_len {
            return Err(Error::InvalidToken("AES ciphertext too short".into()));
        }
        let (body, tag) = ciphertext.split_at(ciphertext.len() - self.mac_len);
        if out.iter().map(|o| o.len()).sum::<usize>() != body.len() - BLOCK {
            return Err(Error::Internal(
                "AES decryption output of the wrong length".into(),
            ));
        }
        let lead = self.lead();
        if self.mac_input == MacInput::Ciphertext {
            self.mac.update(&[0u8; BLOCK]);
        }
        let mut dst = Scatter::new(out, BLOCK);
        // Plaintext is staged a chunk at a time; small messages stay on the stack.
        let bulk = cbc_len(body.len());
        let mut small = [0u8; 256];
        let mut large = Vec::new();
        let scratch = if bulk <= small.len() {
            &mut small[..]
        } else {
            large.resize(bulk.min(CHUNK), 0);
            &mut large[..]
        };
        let mut tail_buf = [0u8; 2 * BLOCK];
        let mut state = Block::default();
        let mut start = 0;
        loop {
            // The last chunk takes the CTS tail along.
            let end = chunk_end(start, lead, bulk);
            let src = &body[start..end];
            let plain = &mut scratch[..end - start];
            let tail = (end == bulk).then(|| {
                let t = &mut tail_buf[..body.len() - bulk];
                t.copy_from_slice(&body[bulk..]);
                t
            });
            if self.mac_input == MacInput::Ciphertext {
                self.mac.update(src);
                if let Some(t) = &tail {
                    self.mac.update(t);
                }
            }
            let last = tail.is_some();
            self.cipher.cbc_decrypt(&mut state, src, plain, tail);
            let tail_plain = &tail_buf[..if last { body.len() - bulk } else { 0 }];
            if self.mac_input == MacInput::Plaintext {
                self.mac.update(plain);
                self.mac.update(tail_plain);
            }
            dst.write(plain);
            dst.write(tail_plain);
            if last {
                break;
            }
            start = end;
        }
        scratch.zeroize();
        tail_buf.as_mut_slice().zeroize();
        let mut expected = [0u8; MAX_MAC];
        let expected = &mut expected[..self.mac_len];
        self.mac.finalize_into(expected);
        if !super::ct_eq(expected, tag) {
            for o in out.iter_mut() {
                o.fill(0);
            }
            return Err(Error::MessageAltered);
        }
        Ok(())
    }
}

/// Reads the concatenation of a head and `parts` a piece at a time.
struct Gather<'a> {
    head: &'a [u8],
    parts: std::slice::Iter<'a, &'a [u8]>,
}

impl<'a> Gather<'a> {
    fn new(head: &'a [u8], parts: &'a [&'a [u8]]) -> Self {
        Gather {
            head,
            parts: parts.iter(),
        }
    }

    /// Fills `dst` with the next `dst.len()` bytes (there are enough).
    fn read(&mut self, mut dst: &mut [u8]) {
        while !dst.is_empty() {
            while self.head.is_empty() {
                self.head = self.parts.next().expect("input long enough");
            }
            let n = dst.len().min(self.head.len());
            let (now, later) = std::mem::take(&mut dst).split_at_mut(n);
            now.copy_from_slice(&self.head[..n]);
            self.head = &self.head[n..];
            dst = later;
        }
    }
}

/// Writes a stream into the concatenation of `parts` after discarding its
/// first `skip` bytes.
struct Scatter<'a, 'b> {
    parts: &'a mut [&'b mut [u8]],
    part: usize,
    pos: usize,
    skip: usize,
}

impl<'a, 'b> Scatter<'a, 'b> {
    fn new(parts: &'a mut [&'b mut [u8]], skip: usize) -> Self {
        Scatter {
            parts,
            part: 0,
            pos: 0,
            skip,
        }
    }

    /// Appends `src` (the parts have room for it).
    fn write(&mut self, mut src: &[u8]) {
        let skipped = self.skip.min(src.len());
        self.skip -= skipped;
        src = &src[skipped..];
        while !src.is_empty() {
            let part = &mut self.parts[self.part];
            let n = src.len().min(part.len() - self.pos);
            part[self.pos..self.pos + n].copy_from_slice(&src[..n]);
            self.pos += n;
            src = &src[n..];
            if self.pos == part.len() {
                self.part += 1;
                self.pos = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(cipher: &AesCipher, input: MacInput) -> Profile<'_> {
        let mac = match input {
            MacInput::Plaintext => AesHmac::Sha1(Hmac::new_from_slice(b"ki").unwrap()),
            MacInput::Ciphertext => AesHmac::Sha384(Hmac::new_from_slice(b"ki").unwrap()),
        };
        Profile {
            cipher,
            mac,
            mac_input: input,
            mac_len: 12,
        }
    }

    /// The streaming path against the one-shot definition (CTS over the
    /// whole input, one HMAC call) at lengths around chunk boundaries, with
    /// the plaintext split into parts at awkward places.
    #[test]
    fn streaming_matches_one_shot() {
        let cipher = AesCipher::new(&[9u8; 32]).unwrap();
        let conf = [0xc5u8; BLOCK];
        for input in [MacInput::Plaintext, MacInput::Ciphertext] {
            for len in [
                0,
                1,
                15,
                16,
                17,
                100,
                CHUNK - 17,
                CHUNK - 16,
                CHUNK,
                CHUNK + 1,
                3 * CHUNK + 5,
            ] {
                let msg: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
                // One-shot reference.
                let mut whole = conf.to_vec();
                whole.extend_from_slice(&msg);
                let mut reference = profile(&cipher, input).mac;
                if input == MacInput::Plaintext {
                    reference.update(&whole);
                }
                cts_encrypt(&cipher, &[0; BLOCK], &mut whole).unwrap();
                if input == MacInput::Ciphertext {
                    reference.update(&[0; BLOCK]);
                    reference.update(&whole);
                }
                let mut tag = [0u8; 12];
                reference.finalize_into(&mut tag);
                whole.extend_from_slice(&tag);

                let cut = len / 3;
                let parts = [&msg[..cut], &[][..], &msg[cut..]];
                let mut out = vec![0u8; BLOCK + len + 12];
                profile(&cipher, input)
                    .encrypt_into(&conf, &parts, &mut out)
                    .unwrap();
                assert_eq!(out, whole, "{input:?} {len}");

                let (mut a, mut b) = (vec![0u8; cut], vec![0u8; len - cut]);
                profile(&cipher, input)
                    .decrypt_into(&out, &mut [&mut a, &mut b])
                    .unwrap();
                assert_eq!([a, b].concat(), msg, "{input:?} {len}");

                let mut bad = out.clone();
                bad[BLOCK + len / 2] ^= 0x40;
                let mut back = vec![0xffu8; len];
                assert_eq!(
                    profile(&cipher, input).decrypt_into(&bad, &mut [&mut back]),
                    Err(Error::MessageAltered)
                );
                assert!(back.iter().all(|&b| b == 0), "zeroed on failure");
            }
        }
    }

    #[test]
    fn wrong_output_lengths_are_refused() {
        let cipher = AesCipher::new(&[9u8; 16]).unwrap();
        let mut out = vec![0u8; BLOCK + 4 + 11];
        assert!(profile(&cipher, MacInput::Plaintext)
            .encrypt_into(&[0; BLOCK], &[b"four"], &mut out)
            .is_err());
        let ct = vec![0u8; BLOCK + 4 + 12];
        let mut short = vec![0u8; 3];
        assert!(profile(&cipher, MacInput::Plaintext)
            .decrypt_into(&ct, &mut [&mut short])
            .is_err());
    }
}
