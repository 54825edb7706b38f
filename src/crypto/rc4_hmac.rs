//! RFC 4757: rc4-hmac (23), with the HMAC-MD5 keyed checksum (-138).
//! The exportable 0xab-masked variant (24) is not supported.
use hmac::{Hmac, Mac};
use md4::Md4;
use md5::{Digest, Md5};
use zeroize::Zeroizing;

use crate::core::{Error, Result};

/// RFC 4757 section 5: 8 bytes of confounder.
pub const CONFOUNDER_LEN: usize = 8;
/// The HMAC-MD5 checksum at the front of each ciphertext.
pub const MAC_LEN: usize = 16;

/// RFC 4757 section 3: string-to-key is MD4 of the UTF-16LE password; the
/// salt is ignored.
pub fn string_to_key(password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(password)
        .map_err(|_| Error::InvalidParameter("RC4-HMAC password is not UTF-8"))?;
    let utf16: Zeroizing<Vec<u8>> =
        Zeroizing::new(text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect());
    Ok(Zeroizing::new(Md4::digest(&utf16[..]).to_vec()))
}

/// RFC 4757 section 3's table: Kerberos key usages that Microsoft numbers
/// differently (3 → 8: AS-REP encrypted part; 23 → 13: GSS Wrap sealing).
pub fn translate_usage(usage: u32) -> u32 {
    match usage {
        3 => 8,
        23 => 13,
        u => u,
    }
}

pub(crate) fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> Zeroizing<[u8; 16]> {
    let mut m = <Hmac<Md5> as Mac>::new_from_slice(key).expect("any key length");
    for p in parts {
        m.update(p);
    }
    Zeroizing::new(m.finalize().into_bytes().into())
}

/// K1 = HMAC-MD5(key, T) with T the translated usage, 4 bytes little-endian.
/// For the non-export enctype K2 = K1.
pub fn usage_key(key: &[u8], usage: u32) -> Zeroizing<[u8; 16]> {
    hmac_md5(key, &[&translate_usage(usage).to_le_bytes()])
}

fn rc4_apply(key: &[u8; 16], data: &mut [u8]) {
    super::rc4::Rc4::new(key).apply(data);
}

/// RFC 4757 section 5: checksum = HMAC-MD5(K2, confounder | plaintext);
/// K3 = HMAC-MD5(K1, checksum); output checksum | RC4(K3, confounder | plaintext).
pub fn encrypt(k1: &[u8; 16], confounder: &[u8; CONFOUNDER_LEN], plaintext: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAC_LEN + CONFOUNDER_LEN + plaintext.len());
    out.extend_from_slice(&[0u8; MAC_LEN]);
    out.extend_from_slice(confounder);
    out.extend_from_slice(plaintext);
    let cksum = hmac_md5(k1, &[&out[MAC_LEN..]]);
    let k3 = hmac_md5(k1, &[&cksum[..]]);
    rc4_apply(&k3, &mut out[MAC_LEN..]);
    out[..MAC_LEN].copy_from_slice(&cksum[..]);
    out
}

/// Inverse of [`encrypt`]; the checksum is compared in constant time.
pub fn decrypt(k1: &[u8; 16], ciphertext: &[u8]) -> Result<Vec<u8>> {
    if ciphertext.len() < MAC_LEN + CONFOUNDER_LEN {
        return Err(Error::InvalidToken("RC4-HMAC ciphertext too short".into()));
    }
    let (cksum, body) = ciphertext.split_at(MAC_LEN);
    let k3 = hmac_md5(k1, &[cksum]);
    let mut out = body.to_vec();
    rc4_apply(&k3, &mut out);
    let expected = hmac_md5(k1, &[&out]);
    if !super::ct_eq(&expected[..], cksum) {
        out.fill(0);
        return Err(Error::MessageAltered);
    }
    out.drain(..CONFOUNDER_LEN);
    Ok(out)
}

/// Ksign = HMAC-MD5(key, "signaturekey\0"), the key of the HMAC-MD5 checksum.
pub fn signing_key(key: &[u8]) -> Zeroizing<[u8; 16]> {
    hmac_md5(key, &[b"signaturekey\0"])
}

/// RFC 4757 section 4, checksum type -138: HMAC-MD5(Ksign, MD5(T | data)).
/// `parts` concatenated are the data.
pub fn checksum(ksign: &[u8; 16], usage: u32, parts: &[&[u8]]) -> Vec<u8> {
    let mut md5 = Md5::new();
    md5.update(translate_usage(usage).to_le_bytes());
    for p in parts {
        md5.update(p);
    }
    let tmp = md5.finalize();
    hmac_md5(ksign, &[&tmp[..]]).to_vec()
}

/// The PRF MIT and Windows use for rc4-hmac: HMAC-SHA1(key, input).
pub fn prf(key: &[u8], input: &[u8]) -> Vec<u8> {
    super::aes_cts::hmac_sha1(key, &[input]).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::test_util::unhex;

    #[test]
    fn string_to_key_foo() {
        assert_eq!(
            &string_to_key(b"foo").unwrap()[..],
            &unhex("ac8e657f83df82beea5d43bdaf7800cc")[..]
        );
    }

    #[test]
    fn round_trip_and_tamper() {
        let key = string_to_key(b"secret").unwrap();
        let k1 = usage_key(&key, 7);
        let ct = encrypt(&k1, &[1; 8], b"hello world");
        assert_eq!(ct.len(), 16 + 8 + 11);
        assert_eq!(decrypt(&k1, &ct).unwrap(), b"hello world");
        let mut bad = ct.clone();
        bad[20] ^= 0x80;
        assert_eq!(decrypt(&k1, &bad), Err(Error::MessageAltered));
        // A different usage key does not decrypt.
        assert_eq!(
            decrypt(&usage_key(&key, 8), &ct),
            Err(Error::MessageAltered)
        );
        // Usage 3 is sent as 8 (RFC 4757 section 3).
        assert_eq!(&usage_key(&key, 3)[..], &usage_key(&key, 8)[..]);
    }
}
