//! RFC 8009: aes128-cts-hmac-sha256-128 (19) and aes256-cts-hmac-sha384-192
//! (20). AES-CTS as in RFC 3962, keys from KDF-HMAC-SHA2 (SP 800-108 in
//! counter mode), and encrypt-then-MAC: the HMAC covers IV | ciphertext.
use hmac_sha::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384};
use zeroize::Zeroizing;

use super::aes_cts::{iterations, usage_constant, AesCipher, BLOCK};
use super::cts::{AesHmac, MacInput, Profile};
use crate::core::{Error, Result};

/// RFC 8009 section 4: the default iteration count is 32768.
pub const DEFAULT_ITERATIONS: u32 = 32768;

/// The two RFC 8009 enctypes' parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sha2Variant {
    /// aes128-cts-hmac-sha256-128
    Sha256,
    /// aes256-cts-hmac-sha384-192
    Sha384,
}

impl Sha2Variant {
    pub fn name(self) -> &'static str {
        match self {
            Sha2Variant::Sha256 => "aes128-cts-hmac-sha256-128",
            Sha2Variant::Sha384 => "aes256-cts-hmac-sha384-192",
        }
    }
    /// Protocol key and Ke length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            Sha2Variant::Sha256 => 16,
            Sha2Variant::Sha384 => 32,
        }
    }
    /// Truncated HMAC length (and Kc/Ki length) in bytes.
    pub fn mac_len(self) -> usize {
        match self {
            Sha2Variant::Sha256 => 16,
            Sha2Variant::Sha384 => 24,
        }
    }
    /// PRF output length in bytes (RFC 8009 section 5).
    pub fn prf_len(self) -> usize {
        match self {
            Sha2Variant::Sha256 => 32,
            Sha2Variant::Sha384 => 48,
        }
    }
}

/// HMAC-SHA256 or HMAC-SHA384 over the concatenation of `parts`.
fn hmac(v: Sha2Variant, key: &[u8], parts: &[&[u8]]) -> Zeroizing<Vec<u8>> {
    match v {
        Sha2Variant::Sha256 => {
            let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
            for p in parts {
                m.update(p);
            }
            Zeroizing::new(m.finalize().into_bytes().to_vec())
        }
        Sha2Variant::Sha384 => {
            let mut m = <Hmac<Sha384> as KeyInit>::new_from_slice(key).expect("any key length");
            for p in parts {
                m.update(p);
            }
            Zeroizing::new(m.finalize().into_bytes().to_vec())
        }
    }
}

/// RFC 8009 section 3: KDF-HMAC-SHA2(key, label, [context,] k) =
/// k-truncate(HMAC(key, 00000001 | label | 0x00 | context | k)), k in bits.
/// Every output of this profile fits in one HMAC block.
pub fn kdf(
    v: Sha2Variant,
    key: &[u8],
    label: &[u8],
    context: &[u8],
    bits: u32,
) -> Zeroizing<Vec<u8>> {
    let mut k1 = hmac(
        v,
        key,
        &[
            &1u32.to_be_bytes(),
            label,
            &[0],
            context,
            &bits.to_be_bytes(),
        ],
    );
    k1.truncate(bits as usize / 8);
    k1
}

/// RFC 8009 section 4: saltp = enctype-name | 0x00 | salt; tkey =
/// PBKDF2-HMAC-SHA2(password, saltp, iterations, keylength); key =
/// KDF-HMAC-SHA2(tkey, "kerberos", keylength).
pub fn string_to_key(
    v: Sha2Variant,
    password: &[u8],
    salt: &[u8],
    params: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>> {
    let iter = iterations(params, DEFAULT_ITERATIONS)?;
    let mut saltp = Vec::with_capacity(v.name().len() + 1 + salt.len());
    saltp.extend_from_slice(v.name().as_bytes());
    saltp.push(0);
    saltp.extend_from_slice(salt);
    let mut tkey = Zeroizing::new(vec![0u8; v.key_len()]);
    match v {
        Sha2Variant::Sha256 => pbkdf2::pbkdf2_hmac::<Sha256>(password, &saltp, iter, &mut tkey),
        Sha2Variant::Sha384 => pbkdf2::pbkdf2_hmac::<Sha384>(password, &saltp, iter, &mut tkey),
    }
    Ok(kdf(v, &tkey, b"kerberos", &[], v.key_len() as u32 * 8))
}

/// Ke, Ki and Kc for one usage (RFC 8009 section 5).
pub fn derive(v: Sha2Variant, key: &[u8], usage: u32) -> [Zeroizing<Vec<u8>>; 3] {
    let bits_e = v.key_len() as u32 * 8;
    let bits_m = v.mac_len() as u32 * 8;
    [
        kdf(v, key, &usage_constant(usage, 0xAA), &[], bits_e),
        kdf(v, key, &usage_constant(usage, 0x55), &[], bits_m),
        kdf(v, key, &usage_constant(usage, 0x99), &[], bits_m),
    ]
}

/// RFC 8009 section 5: C = CTS(Ke, IV, confounder | plaintext),
/// H = HMAC(Ki, IV | C) truncated; the ciphertext is C | H. The IV (cipher
/// state) is all zeros for Kerberos messages.
pub(crate) fn profile<'a>(v: Sha2Variant, cipher: &'a AesCipher, ki: &[u8]) -> Profile<'a> {
    Profile {
        cipher,
        mac: hmac_key(v, ki),
        mac_input: MacInput::Ciphertext,
        mac_len: v.mac_len(),
    }
}

/// The variant's HMAC keyed with `key` (Ki or Kc), ready to be cloned per
/// message.
pub(crate) fn hmac_key(v: Sha2Variant, key: &[u8]) -> AesHmac {
    match v {
        Sha2Variant::Sha256 => AesHmac::Sha256(Hmac::new_from_slice(key).expect("any key length")),
        Sha2Variant::Sha384 => AesHmac::Sha384(Hmac::new_from_slice(key).expect("any key length")),
    }
}

/// RFC 8009 section 5 encryption, C | H (see [`profile`]).
pub fn encrypt(
    v: Sha2Variant,
    cipher: &AesCipher,
    ki: &[u8],
    confounder: &[u8; BLOCK],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let mut out = vec![0u8; BLOCK + plaintext.len() + v.mac_len()];
    profile(v, cipher, ki).encrypt_into(confounder, &[plaintext], &mut out)?;
    Ok(out)
}

/// Inverse of [`encrypt`]: the MAC is checked in constant time and, if it
/// is wrong, the output is zeroed and not returned.
pub fn decrypt(
    v: Sha2Variant,
    cipher: &AesCipher,
    ki: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>> {
    if ciphertext.len() < BLOCK + v.mac_len() {
        return Err(Error::InvalidToken("AES-SHA2 ciphertext too short".into()));
    }
    let mut out = vec![0u8; ciphertext.len() - BLOCK - v.mac_len()];
    profile(v, cipher, ki).decrypt_into(ciphertext, &mut [&mut out])?;
    Ok(out)
}

/// hmac-sha256-128-aes128 (19) / hmac-sha384-192-aes256 (20): HMAC(Kc, data) truncated.
/// `parts` are checksummed as one concatenated message.
pub fn checksum(v: Sha2Variant, kc: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    hmac(v, kc, parts)[..v.mac_len()].to_vec()
}

/// RFC 8009 section 5: PRF = KDF-HMAC-SHA2(base-key, "prf", octet-string, 256 or 384).
pub fn prf(v: Sha2Variant, key: &[u8], input: &[u8]) -> Vec<u8> {
    kdf(v, key, b"prf", input, v.prf_len() as u32 * 8).to_vec()
}

#[cfg(test)]
mod tests {
    use super::Sha2Variant::{Sha256, Sha384};
    use super::*;
    use crate::crypto::test_util::unhex;

    const BK16: &str = "3705D96080C17728A0E800EAB6E0D23C";
    const BK32: &str = "6D404D37FAF79F9DF0D33568D320669800EB4836472EA8A026D16B7182460C52";

    /// RFC 8009 appendix A, "Sample results for string-to-key conversion".
    #[test]
    fn rfc8009_a_string_to_key() {
        let mut salt = unhex("10DF9DD783E5BC8ACEA1730E74355F61");
        salt.extend_from_slice(b"ATHENA.MIT.EDUraeburn");
        let k = string_to_key(Sha256, b"password", &salt, None).unwrap();
        assert_eq!(&k[..], &unhex("089BCA48B105EA6EA77CA5D2F39DC5E7")[..]);
        let k = string_to_key(Sha384, b"password", &salt, None).unwrap();
        assert_eq!(
            &k[..],
            &unhex("45BD806DBF6A833A9CFFC1C94589A222367A79BC21C413718906E9F578A78467")[..]
        );
    }

    /// RFC 8009 appendix A, "Sample results for key derivation" (usage 2).
    #[test]
    fn rfc8009_a_key_derivation() {
        let [ke, ki, kc] = derive(Sha256, &unhex(BK16), 2);
        assert_eq!(&kc[..], &unhex("B31A018A48F54776F403E9A396325DC3")[..]);
        assert_eq!(&ke[..], &unhex("9B197DD1E8C5609D6E67C3E37C62C72E")[..]);
        assert_eq!(&ki[..], &unhex("9FDA0E56AB2D85E1569A688696C26A6C")[..]);
        let [ke, ki, kc] = derive(Sha384, &unhex(BK32), 2);
        assert_eq!(
            &kc[..],
            &unhex("EF5718BE86CC84963D8BBB5031E9F5C4BA41F28FAF69E73D")[..]
        );
        assert_eq!(
            &ke[..],
            &unhex("56AB22BEE63D82D7BC5227F6773F8EA7A5EB1C825160C38312980C442E5C7E49")[..]
        );
        assert_eq!(
            &ki[..],
            &unhex("69B16514E3CD8E56B82010D5C73012B622C4D00FFC23ED1F")[..]
        );
    }

    /// RFC 8009 appendix A, "Sample encryptions" (usage 2, zero cipher state).
    #[test]
    fn rfc8009_a_encryption() {
        let cases = [
            (Sha256, BK16, "7E5895EAF2672435BAD817F545A37148", "",
             "EF85FB890BB8472F4DAB20394DCA781DAD877EDA39D50C870C0D5A0A8E48C718"),
            (Sha256, BK16, "7BCA285E2FD4130FB55B1A5C83BC5B24", "000102030405",
             "84D7F30754ED987BAB0BF3506BEB09CFB55402CEF7E6877CE99E247E52D16ED4421DFDF8976C"),
            (Sha256, BK16, "56AB21713FF62C0A1457200F6FA9948F", "000102030405060708090A0B0C0D0E0F",
             "3517D640F50DDC8AD3628722B3569D2AE07493FA8263254080EA65C1008E8FC295FB4852E7D83E1E7C48C37EEBE6B0D3"),
            (Sha256, BK16, "A7A4E29A4728CE10664FB64E49AD3FAC", "000102030405060708090A0B0C0D0E0F1011121314",
             "720F73B18D9859CD6CCB4346115CD336C70F58EDC0C4437C5573544C31C813BCE1E6D072C186B39A413C2F92CA9B8334A287FFCBFC"),
            (Sha384, BK32, "F764E9FA15C276478B2C7D0C4E5F58E4", "",
             "41F53FA5BFE7026D91FAF9BE959195A058707273A96A40F0A01960621AC612748B9BBFBE7EB4CE3C"),
            (Sha384, BK32, "B80D3251C1F6471494256FFE712D0B9A", "000102030405",
             "4ED7B37C2BCAC8F74F23C1CF07E62BC7B75FB3F637B9F559C7F664F69EAB7B6092237526EA0D1F61CB20D69D10F2"),
            (Sha384, BK32, "53BF8A0D105265D4E276428624CE5E63", "000102030405060708090A0B0C0D0E0F",
             "BC47FFEC7998EB91E8115CF8D19DAC4BBBE2E163E87DD37F49BECA92027764F68CF51F14D798C2273F35DF574D1F932E40C4FF255B36A266"),
            (Sha384, BK32, "763E65367E864F02F55153C7E3B58AF1", "000102030405060708090A0B0C0D0E0F1011121314",
             "40013E2DF58E8751957D2878BCD2D6FE101CCFD556CB1EAE79DB3C3EE86429F2B2A602AC86FEF6ECB647D6295FAE077A1FEB517508D2C16B4192E01F62"),
        ];
        for (v, base, conf, plain, expected) in cases {
            let [ke, ki, _] = derive(v, &unhex(base), 2);
            let cipher = AesCipher::new(&ke).unwrap();
            let conf: [u8; 16] = unhex(conf).try_into().unwrap();
            let plain = unhex(plain);
            let ct = encrypt(v, &cipher, &ki, &conf, &plain).unwrap();
            assert_eq!(ct, unhex(expected), "{v:?} {} bytes", plain.len());
            assert_eq!(decrypt(v, &cipher, &ki, &ct).unwrap(), plain);
            let mut bad = ct.clone();
            bad[0] ^= 1;
            assert_eq!(decrypt(v, &cipher, &ki, &bad), Err(Error::MessageAltered));
        }
    }

    /// RFC 8009 appendix A, "Sample checksums" (usage 2).
    #[test]
    fn rfc8009_a_checksums() {
        let msg = unhex("000102030405060708090A0B0C0D0E0F1011121314");
        let [_, _, kc] = derive(Sha256, &unhex(BK16), 2);
        assert_eq!(
            checksum(Sha256, &kc, &[&msg]),
            unhex("D78367186643D67B411CBA9139FC1DEE")
        );
        let [_, _, kc] = derive(Sha384, &unhex(BK32), 2);
        assert_eq!(
            checksum(Sha384, &kc, &[&msg]),
            unhex("45EE791567EEFCA37F4AC1E0222DE80D43C3BFA06699672A")
        );
    }

    /// RFC 8009 appendix A, "Sample pseudorandom function (PRF) invocations".
    #[test]
    fn rfc8009_a_prf() {
        assert_eq!(
            prf(Sha256, &unhex(BK16), b"test"),
            unhex("9D188616F63852FE86915BB840B4A886FF3E6BB0F819B49B893393D393854295")
        );
        assert_eq!(
            prf(Sha384, &unhex(BK32), b"test"),
            unhex(
                "9801F69A368C2BF675E59521E177D9A07F67EFE1CFDE8D3C8D6F6A0256E3B17DB3C1B62AD1B8553360D17367EB1514D2"
            )
        );
    }
}
