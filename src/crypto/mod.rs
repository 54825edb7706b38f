//! Kerberos cryptography: the RFC 3961 framework and the enctypes this
//! library speaks — RFC 3962 (AES-CTS with HMAC-SHA1-96), RFC 8009 (AES-CTS
//! with HMAC-SHA2) and RFC 4757 (RC4-HMAC) — on RustCrypto primitives.
//!
//! Keys and derived key material live in `Zeroizing` buffers. MACs are
//! compared in constant time; an integrity failure is
//! [`Error::MessageAltered`], a malformed (short) input [`Error::InvalidToken`].
/// `Drop` and `ZeroizeOnDrop` for a type whose own `Zeroize` wipes it
/// (written by hand to wipe arrays as slices: zeroize wipes a slice with
/// one fill and a barrier, an array a volatile write at a time).
macro_rules! zeroize_on_drop {
    ($t:ty) => {
        impl Drop for $t {
            fn drop(&mut self) {
                zeroize::Zeroize::zeroize(self);
            }
        }
        impl zeroize::ZeroizeOnDrop for $t {}
    };
}

pub mod aes_cts;
pub mod aes_sha2;
pub mod cts;
pub mod md5_rc4;
pub mod nfold;
pub mod random;
pub mod rc4;
pub mod rc4_hmac;
#[cfg(test)]
mod tests;

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::core::{Error, Result};
use aes_cts::AesCipher;
use aes_sha2::Sha2Variant;
use cts::{AesHmac, MacInput, Profile};

/// Key usage numbers (RFC 4120 section 7.5.1, RFC 4121 section 2).
pub mod usage {
    pub const AS_REQ_PA_ENC_TIMESTAMP: u32 = 1;
    pub const KDC_REP_TICKET: u32 = 2;
    pub const AS_REP_ENCPART: u32 = 3;
    pub const TGS_REQ_AD_SESSKEY: u32 = 4;
    pub const TGS_REQ_AD_SUBKEY: u32 = 5;
    pub const TGS_REQ_AUTH_CKSUM: u32 = 6;
    pub const TGS_REQ_AUTH: u32 = 7;
    pub const TGS_REP_ENCPART_SESSKEY: u32 = 8;
    pub const TGS_REP_ENCPART_SUBKEY: u32 = 9;
    pub const AP_REQ_AUTH_CKSUM: u32 = 10;
    pub const AP_REQ_AUTH: u32 = 11;
    pub const AP_REP_ENCPART: u32 = 12;
    pub const KRB_PRIV_ENCPART: u32 = 13;
    pub const KRB_CRED_ENCPART: u32 = 14;
    pub const KRB_SAFE_CKSUM: u32 = 15;
    /// RFC 4121 section 2: acceptor sealing (Wrap with confidentiality).
    pub const GSS_ACCEPTOR_SEAL: u32 = 22;
    /// RFC 4121 section 2: acceptor signing (MIC, Wrap without confidentiality).
    pub const GSS_ACCEPTOR_SIGN: u32 = 23;
    /// RFC 4121 section 2: initiator sealing.
    pub const GSS_INITIATOR_SEAL: u32 = 24;
    /// RFC 4121 section 2: initiator signing.
    pub const GSS_INITIATOR_SIGN: u32 = 25;
}

/// The encryption types this library implements (IANA Kerberos numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Enctype {
    /// aes128-cts-hmac-sha1-96 (RFC 3962)
    Aes128CtsHmacSha196 = 17,
    /// aes256-cts-hmac-sha1-96 (RFC 3962)
    Aes256CtsHmacSha196 = 18,
    /// aes128-cts-hmac-sha256-128 (RFC 8009)
    Aes128CtsHmacSha256128 = 19,
    /// aes256-cts-hmac-sha384-192 (RFC 8009)
    Aes256CtsHmacSha384192 = 20,
    /// rc4-hmac / arcfour-hmac (RFC 4757)
    Rc4Hmac = 23,
}

impl Enctype {
    /// All implemented enctypes, strongest first (MIT's default order).
    pub const ALL: [Enctype; 5] = [
        Enctype::Aes256CtsHmacSha384192,
        Enctype::Aes128CtsHmacSha256128,
        Enctype::Aes256CtsHmacSha196,
        Enctype::Aes128CtsHmacSha196,
        Enctype::Rc4Hmac,
    ];

    pub fn from_id(id: i32) -> Option<Enctype> {
        Some(match id {
            17 => Enctype::Aes128CtsHmacSha196,
            18 => Enctype::Aes256CtsHmacSha196,
            19 => Enctype::Aes128CtsHmacSha256128,
            20 => Enctype::Aes256CtsHmacSha384192,
            23 => Enctype::Rc4Hmac,
            _ => return None,
        })
    }

    pub fn id(self) -> i32 {
        self as i32
    }

    /// The canonical name MIT uses (krb5.conf, klist -e).
    pub fn name(self) -> &'static str {
        match self {
            Enctype::Aes128CtsHmacSha196 => "aes128-cts-hmac-sha1-96",
            Enctype::Aes256CtsHmacSha196 => "aes256-cts-hmac-sha1-96",
            Enctype::Aes128CtsHmacSha256128 => "aes128-cts-hmac-sha256-128",
            Enctype::Aes256CtsHmacSha384192 => "aes256-cts-hmac-sha384-192",
            Enctype::Rc4Hmac => "arcfour-hmac",
        }
    }

    /// Looks up a single enctype by any of MIT's names for it
    /// (case-insensitive), e.g. "aes256-cts", "rc4-hmac", "arcfour-hmac-md5",
    /// or its number. Family names ("aes", "rc4") are expanded by the
    /// krb5.conf enctype-list parser, not here.
    pub fn from_name(name: &str) -> Option<Enctype> {
        let n = name.to_ascii_lowercase();
        Some(match n.as_str() {
            "aes128-cts-hmac-sha1-96" | "aes128-cts" | "aes128-sha1" => {
                Enctype::Aes128CtsHmacSha196
            }
            "aes256-cts-hmac-sha1-96" | "aes256-cts" | "aes256-sha1" => {
                Enctype::Aes256CtsHmacSha196
            }
            "aes128-cts-hmac-sha256-128" | "aes128-sha2" => Enctype::Aes128CtsHmacSha256128,
            "aes256-cts-hmac-sha384-192" | "aes256-sha2" => Enctype::Aes256CtsHmacSha384192,
            "arcfour-hmac" | "rc4-hmac" | "arcfour-hmac-md5" => Enctype::Rc4Hmac,
            _ => {
                let id: i32 = n.parse().ok()?;
                return Enctype::from_id(id);
            }
        })
    }

    /// Protocol key length in bytes.
    pub fn key_size(self) -> usize {
        match self {
            Enctype::Aes128CtsHmacSha196 | Enctype::Aes128CtsHmacSha256128 | Enctype::Rc4Hmac => 16,
            Enctype::Aes256CtsHmacSha196 | Enctype::Aes256CtsHmacSha384192 => 32,
        }
    }

    /// Confounder length in bytes (RFC 3961 section 5.3 / RFC 4757 section 5).
    pub fn confounder_size(self) -> usize {
        match self {
            Enctype::Rc4Hmac => rc4_hmac::CONFOUNDER_LEN,
            _ => aes_cts::BLOCK,
        }
    }

    /// Length of this enctype's keyed checksum (and of the encryption MAC).
    pub fn checksum_size(self) -> usize {
        match self {
            Enctype::Aes128CtsHmacSha196 | Enctype::Aes256CtsHmacSha196 => aes_cts::MAC_LEN,
            Enctype::Aes128CtsHmacSha256128 => 16,
            Enctype::Aes256CtsHmacSha384192 => 24,
            Enctype::Rc4Hmac => rc4_hmac::MAC_LEN,
        }
    }

    /// The mandatory keyed checksum type (RFC 3961 section 4 / IANA).
    pub fn checksum_type(self) -> i32 {
        match self {
            Enctype::Aes128CtsHmacSha196 => 15,
            Enctype::Aes256CtsHmacSha196 => 16,
            Enctype::Aes128CtsHmacSha256128 => 19,
            Enctype::Aes256CtsHmacSha384192 => 20,
            Enctype::Rc4Hmac => -138,
        }
    }

    /// Ciphertext overhead: ciphertext length = plaintext length + this
    /// (every implemented enctype is a stream-like CTS or RC4, no padding).
    pub fn overhead(self) -> usize {
        self.confounder_size() + self.checksum_size()
    }

    /// Block size for RFC 4121's "EC" padding considerations (1 for
    /// CTS and RC4: no padding is ever needed).
    pub fn pad_size(self) -> usize {
        1
    }

    /// PRF output length in bytes.
    pub fn prf_size(self) -> usize {
        match self {
            Enctype::Aes128CtsHmacSha196 | Enctype::Aes256CtsHmacSha196 => 16,
            Enctype::Aes128CtsHmacSha256128 => 32,
            Enctype::Aes256CtsHmacSha384192 => 48,
            Enctype::Rc4Hmac => 20,
        }
    }

    /// Whether allow_weak_crypto (MIT's notion) is needed. RC4 is not
    /// "weak" to MIT 1.20, but deprecated; callers apply their own policy.
    pub fn is_weak(self) -> bool {
        false
    }

    fn sha2(self) -> Option<Sha2Variant> {
        match self {
            Enctype::Aes128CtsHmacSha256128 => Some(Sha2Variant::Sha256),
            Enctype::Aes256CtsHmacSha384192 => Some(Sha2Variant::Sha384),
            _ => None,
        }
    }
}

impl fmt::Display for Enctype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A protocol key: its enctype and the key bytes (zeroized on drop).
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    pub enctype: Enctype,
    bytes: Zeroizing<Vec<u8>>,
}

// Its only secret, `bytes`, is Zeroizing: dropping a Key wipes it.
impl zeroize::ZeroizeOnDrop for Key {}

impl Key {
    /// A key from raw bytes, checked against the enctype's key size.
    pub fn new(enctype: Enctype, bytes: &[u8]) -> Result<Key> {
        if bytes.len() != enctype.key_size() {
            return Err(Error::InvalidParameter(
                "key length does not match the enctype",
            ));
        }
        Ok(Key {
            enctype,
            bytes: Zeroizing::new(bytes.to_vec()),
        })
    }

    /// A fresh random key (session keys, subkeys).
    pub fn generate(enctype: Enctype) -> Result<Key> {
        let mut bytes = Zeroizing::new(vec![0u8; enctype.key_size()]);
        fill_random(&mut bytes)?;
        random_to_key(enctype, &bytes)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print key material.
        write!(f, "Key({}, {} bytes)", self.enctype, self.bytes.len())
    }
}

pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

fn fill_random(buf: &mut [u8]) -> Result<()> {
    random::fill(buf).map_err(|e| Error::Internal(format!("random number generator: {e}")))
}

/// RFC 3961 section 3: string-to-key. `params` are the s2kparams (for AES,
/// the iteration count as 4 bytes big-endian); `None` gives the default.
/// The salt is usually the realm followed by the principal's components.
pub fn string_to_key(
    enctype: Enctype,
    password: &[u8],
    salt: &[u8],
    params: Option<&[u8]>,
) -> Result<Key> {
    let bytes = match enctype {
        Enctype::Aes128CtsHmacSha196 | Enctype::Aes256CtsHmacSha196 => {
            aes_cts::string_to_key(enctype.key_size(), password, salt, params)?
        }
        Enctype::Aes128CtsHmacSha256128 | Enctype::Aes256CtsHmacSha384192 => {
            aes_sha2::string_to_key(
                enctype.sha2().expect("sha2 enctype"),
                password,
                salt,
                params,
            )?
        }
        Enctype::Rc4Hmac => rc4_hmac::string_to_key(password)?,
    };
    Ok(Key { enctype, bytes })
}

/// RFC 3961 section 3: random-to-key (the identity for every enctype here).
pub fn random_to_key(enctype: Enctype, random: &[u8]) -> Result<Key> {
    Key::new(enctype, random)
}

/// The keys of one (key, usage) pair, derived once and reused for every
/// message: Ke with its AES key schedule, Ki and Kc (RFC 3961 section 5.3,
/// RFC 8009 section 5). For RC4-HMAC, Ke = Ki = K1 = HMAC-MD5(key, T) and
/// Kc = Ksign. Hold one per direction and usage in a GSS context.
#[derive(Clone)]
pub struct DerivedKeys {
    pub enctype: Enctype,
    pub usage: u32,
    aes: Option<AesKeys>,
    /// RC4-HMAC's K1 (also its Ki); for AES, Ke.
    ke: Zeroizing<Vec<u8>>,
    /// RC4-HMAC's Ksign; for AES, Kc.
    kc: Zeroizing<Vec<u8>>,
}

/// An AES enctype's working state for one usage: Ke's key schedule, and
/// HMACs already keyed with Ki and Kc that each message clones, so the key
/// is not hashed into the HMAC pads again for every message (their states
/// are zeroized on drop, as the key schedule is).
#[derive(Clone)]
struct AesKeys {
    cipher: AesCipher,
    mac_ki: AesHmac,
    mac_kc: AesHmac,
    mac_input: MacInput,
}

// Every secret field wipes itself on drop: the AES key schedule (the `aes`
// crate's zeroize feature), the keyed HMAC states (the zeroize features of
// hmac 0.13, sha1 and sha2 0.11) and the Zeroizing ke, kc.
impl zeroize::ZeroizeOnDrop for DerivedKeys {}

impl fmt::Debug for DerivedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DerivedKeys({}, usage {})", self.enctype, self.usage)
    }
}

impl DerivedKeys {
    pub fn new(key: &Key, usage: u32) -> Result<DerivedKeys> {
        let k = key.bytes();
        let (aes, [ke, _ki, kc]) = match key.enctype {
            Enctype::Aes128CtsHmacSha196 | Enctype::Aes256CtsHmacSha196 => {
                let keys = aes_cts::derive(k, usage)?;
                let aes = AesKeys {
                    cipher: AesCipher::new(&keys[0])?,
                    mac_ki: aes_cts::hmac_key(&keys[1]),
                    mac_kc: aes_cts::hmac_key(&keys[2]),
                    mac_input: MacInput::Plaintext,
                };
                (Some(aes), keys)
            }
            Enctype::Aes128CtsHmacSha256128 | Enctype::Aes256CtsHmacSha384192 => {
                let v = key.enctype.sha2().expect("sha2");
                let keys = aes_sha2::derive(v, k, usage);
                let aes = AesKeys {
                    cipher: AesCipher::new(&keys[0])?,
                    mac_ki: aes_sha2::hmac_key(v, &keys[1]),
                    mac_kc: aes_sha2::hmac_key(v, &keys[2]),
                    mac_input: MacInput::Ciphertext,
                };
                (Some(aes), keys)
            }
            Enctype::Rc4Hmac => {
                let k1 = rc4_hmac::usage_key(k, usage);
                let ks = rc4_hmac::signing_key(k);
                (
                    None,
                    [
                        Zeroizing::new(k1.to_vec()),
                        Zeroizing::new(k1.to_vec()),
                        Zeroizing::new(ks.to_vec()),
                    ],
                )
            }
        };
        Ok(DerivedKeys {
            enctype: key.enctype,
            usage,
            aes,
            ke,
            kc,
        })
    }

    fn rc4_k1(&self) -> [u8; 16] {
        let mut k = [0u8; 16];
        k.copy_from_slice(&self.ke);
        k
    }

    /// The AES encryption profile of these keys; `None` for RC4-HMAC.
    fn aes_profile(&self) -> Option<Profile<'_>> {
        self.aes.as_ref().map(|a| Profile {
            cipher: &a.cipher,
            mac: a.mac_ki.clone(),
            mac_input: a.mac_input,
            mac_len: self.enctype.checksum_size(),
        })
    }

    /// Encrypts with a fresh random confounder.
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0u8; plaintext.len() + self.enctype.overhead()];
        self.encrypt_into(&[plaintext], &mut out)?;
        Ok(out)
    }

    /// Encrypts the concatenation of `parts` with a fresh random confounder
    /// into `out`, which must be exactly [`Enctype::overhead`] bytes longer
    /// than the parts. For AES the parts are copied into `out`, MACed and
    /// encrypted a chunk at a time (see [`cts`]), not one pass each.
    pub fn encrypt_into(&self, parts: &[&[u8]], out: &mut [u8]) -> Result<()> {
        let mut conf = Zeroizing::new([0u8; 16]);
        let n = self.enctype.confounder_size();
        fill_random(&mut conf[..n])?;
        self.encrypt_with_confounder_into(&conf[..n], parts, out)
    }

    /// Encrypts with a given confounder (for known-answer tests).
    pub fn encrypt_with_confounder(&self, confounder: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0u8; plaintext.len() + self.enctype.overhead()];
        self.encrypt_with_confounder_into(confounder, &[plaintext], &mut out)?;
        Ok(out)
    }

    fn encrypt_with_confounder_into(
        &self,
        confounder: &[u8],
        parts: &[&[u8]],
        out: &mut [u8],
    ) -> Result<()> {
        if confounder.len() != self.enctype.confounder_size() {
            return Err(Error::InvalidParameter("wrong confounder length"));
        }
        if let Some(profile) = self.aes_profile() {
            let conf: &[u8; 16] = confounder.try_into().expect("checked length");
            return profile.encrypt_into(conf, parts, out);
        }
        let conf: &[u8; 8] = confounder.try_into().expect("checked length");
        let plaintext = Zeroizing::new(parts.concat());
        let mut k1 = self.rc4_k1();
        let ct = rc4_hmac::encrypt(&k1, conf, &plaintext);
        zeroize::Zeroize::zeroize(&mut k1);
        if ct.len() != out.len() {
            return Err(Error::Internal(
                "encryption output of the wrong length".into(),
            ));
        }
        out.copy_from_slice(&ct);
        Ok(())
    }

    /// Decrypts and verifies; `Error::MessageAltered` if the MAC is wrong.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>> {
        if let Some(profile) = self.aes_profile() {
            let len = ciphertext
                .len()
                .checked_sub(self.enctype.overhead())
                .ok_or_else(|| Error::InvalidToken("AES ciphertext too short".into()))?;
            let mut out = vec![0u8; len];
            profile.decrypt_into(ciphertext, &mut [&mut out])?;
            return Ok(out);
        }
        let mut k1 = self.rc4_k1();
        let out = rc4_hmac::decrypt(&k1, ciphertext);
        zeroize::Zeroize::zeroize(&mut k1);
        out
    }

    /// Decrypts and verifies `ciphertext` into the concatenation of `out`,
    /// whose lengths must add up to the plaintext's (the ciphertext less
    /// [`Enctype::overhead`]). For AES a chunk at a time is decrypted, MACed
    /// and copied out; if the MAC is wrong `out` is zeroed.
    pub fn decrypt_into(&self, ciphertext: &[u8], out: &mut [&mut [u8]]) -> Result<()> {
        if let Some(profile) = self.aes_profile() {
            return profile.decrypt_into(ciphertext, out);
        }
        let plaintext = Zeroizing::new(self.decrypt(ciphertext)?);
        if out.iter().map(|o| o.len()).sum::<usize>() != plaintext.len() {
            return Err(Error::Internal(
                "decryption output of the wrong length".into(),
            ));
        }
        let mut rest = &plaintext[..];
        for o in out.iter_mut() {
            let (now, later) = rest.split_at(o.len());
            o.copy_from_slice(now);
            rest = later;
        }
        Ok(())
    }

    /// The enctype's keyed checksum of `data` for this usage.
    pub fn checksum(&self, data: &[u8]) -> Vec<u8> {
        self.checksum_parts(&[data])
    }

    /// The keyed checksum of the concatenation of `parts`.
    pub fn checksum_parts(&self, parts: &[&[u8]]) -> Vec<u8> {
        if let Some(aes) = &self.aes {
            // hmac-sha1-96-aes (RFC 3962) or hmac-sha2-aes (RFC 8009): the
            // HMAC with Kc, truncated.
            let mut mac = aes.mac_kc.clone();
            for p in parts {
                mac.update(p);
            }
            let mut out = vec![0u8; self.enctype.checksum_size()];
            mac.finalize_into(&mut out);
            return out;
        }
        let mut ks = [0u8; 16];
        ks.copy_from_slice(&self.kc);
        let out = rc4_hmac::checksum(&ks, self.usage, parts);
        zeroize::Zeroize::zeroize(&mut ks);
        out
    }

    /// Verifies a checksum in constant time.
    pub fn verify_checksum(&self, data: &[u8], cksum: &[u8]) -> Result<()> {
        self.verify_checksum_parts(&[data], cksum)
    }

    /// Verifies, in constant time, a checksum of the concatenation of `parts`.
    pub fn verify_checksum_parts(&self, parts: &[&[u8]], cksum: &[u8]) -> Result<()> {
        if ct_eq(&self.checksum_parts(parts), cksum) {
            Ok(())
        } else {
            Err(Error::MessageAltered)
        }
    }
}

/// RFC 3961 encrypt (fresh confounder). Use [`DerivedKeys`] when the same
/// (key, usage) encrypts many messages.
pub fn encrypt(key: &Key, usage: u32, plaintext: &[u8]) -> Result<Vec<u8>> {
    DerivedKeys::new(key, usage)?.encrypt(plaintext)
}

/// RFC 3961 decrypt: `Error::InvalidToken` for input too short to hold a
/// confounder and MAC, `Error::MessageAltered` when integrity fails.
pub fn decrypt(key: &Key, usage: u32, ciphertext: &[u8]) -> Result<Vec<u8>> {
    DerivedKeys::new(key, usage)?.decrypt(ciphertext)
}

/// The enctype's mandatory keyed checksum (get_mic) for a usage.
pub fn checksum(key: &Key, usage: u32, data: &[u8]) -> Result<Vec<u8>> {
    Ok(DerivedKeys::new(key, usage)?.checksum(data))
}

/// verify_mic: `Error::MessageAltered` when the checksum does not match.
pub fn verify_checksum(key: &Key, usage: u32, data: &[u8], cksum: &[u8]) -> Result<()> {
    DerivedKeys::new(key, usage)?.verify_checksum(data, cksum)
}

/// The enctype's pseudo-random function (RFC 3961 section 3, RFC 3962
/// section 6, RFC 8009 section 5; HMAC-SHA1 for RC4 as MIT does).
pub fn prf(key: &Key, input: &[u8]) -> Result<Vec<u8>> {
    match key.enctype {
        Enctype::Aes128CtsHmacSha196 | Enctype::Aes256CtsHmacSha196 => {
            aes_cts::prf(key.bytes(), input)
        }
        Enctype::Aes128CtsHmacSha256128 | Enctype::Aes256CtsHmacSha384192 => Ok(aes_sha2::prf(
            key.enctype.sha2().expect("sha2"),
            key.bytes(),
            input,
        )),
        Enctype::Rc4Hmac => Ok(rc4_hmac::prf(key.bytes(), input)),
    }
}

/// RFC 6113 section 5.1 PRF+ (used by RFC 4402 GSS_Pseudo_random and FAST):
/// PRF(key, 1 | input) | PRF(key, 2 | input) | ... truncated to `len`.
pub fn prf_plus(key: &Key, input: &[u8], len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    let mut buf = Vec::with_capacity(1 + input.len());
    let mut counter: u8 = 1;
    while out.len() < len {
        buf.clear();
        buf.push(counter);
        buf.extend_from_slice(input);
        let block = Zeroizing::new(prf(key, &buf)?);
        let take = (len - out.len()).min(block.len());
        out.extend_from_slice(&block[..take]);
        counter = counter
            .checked_add(1)
            .ok_or(Error::InvalidParameter("PRF+ output too long"))?;
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod test_util {
    pub fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }
}
