//! RFC 3962: aes128-cts-hmac-sha1-96 (17) and aes256-cts-hmac-sha1-96 (18),
//! the simplified profile of RFC 3961 section 5.3 over AES in CBC mode with
//! ciphertext stealing. Also home of the AES block cipher and CTS shared by
//! the RFC 8009 enctypes.
use hmac_sha::{Hmac, KeyInit, Mac};
use sha1::{Digest, Sha1};
use zeroize::Zeroizing;

pub use super::cts::{cts_decrypt, cts_encrypt, AesCipher, BLOCK};
use super::cts::{AesHmac, MacInput, Profile};
use super::nfold::nfold;
use crate::core::{Error, Result};

/// RFC 3962 section 6: HMAC-SHA1 truncated to 96 bits.
pub const MAC_LEN: usize = 12;
/// RFC 3962 section 4: the default iteration count (0x00001000).
pub const DEFAULT_ITERATIONS: u32 = 4096;
/// MIT's ceiling on string-to-key iteration counts (0x1000000).
pub const MAX_ITERATIONS: u32 = 0x0100_0000;

/// RFC 3961 section 5.1: DR(Key, Constant), the derived random bytes.
/// For AES, E is one block of AES under a zero IV, and random-to-key is
/// the identity, so DK(Key, Constant) = DR(Key, Constant).
pub fn dk(key: &[u8], constant: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let cipher = AesCipher::new(key)?;
    let mut out = Zeroizing::new(Vec::with_capacity(key.len()));
    let mut block = Zeroizing::new(nfold(constant, BLOCK));
    while out.len() < key.len() {
        cipher.encrypt_block(&mut block);
        let take = (key.len() - out.len()).min(BLOCK);
        out.extend_from_slice(&block[..take]);
    }
    Ok(out)
}

/// The 5-byte well-known constant for a key usage (RFC 3961 section 5.3):
/// usage as 32 bits big-endian, then 0x99 (Kc), 0xAA (Ke) or 0x55 (Ki).
pub fn usage_constant(usage: u32, which: u8) -> [u8; 5] {
    let u = usage.to_be_bytes();
    [u[0], u[1], u[2], u[3], which]
}

/// Parses the s2kparams of RFC 3962 section 4 (iteration count, 32 bits
/// big-endian); `None` gives the default.
pub fn iterations(params: Option<&[u8]>, default: u32) -> Result<u32> {
    match params {
        None => Ok(default),
        Some(p) => {
            let bytes: [u8; 4] = p
                .try_into()
                .map_err(|_| Error::InvalidParameter("string-to-key parameters must be 4 bytes"))?;
            let n = u32::from_be_bytes(bytes);
            // Zero would mean 2^32 iterations; refuse it like MIT does.
            if n == 0 || n > MAX_ITERATIONS {
                return Err(Error::InvalidParameter(
                    "string-to-key iteration count out of range",
                ));
            }
            Ok(n)
        }
    }
}

/// RFC 3962 section 4: tkey = random2key(PBKDF2-HMAC-SHA1(password, salt,
/// iterations, keylength)); key = DK(tkey, "kerberos").
pub fn string_to_key(
    key_len: usize,
    password: &[u8],
    salt: &[u8],
    params: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>> {
    let iter = iterations(params, DEFAULT_ITERATIONS)?;
    let mut tkey = Zeroizing::new(vec![0u8; key_len]);
    pbkdf2::pbkdf2_hmac::<Sha1>(password, salt, iter, &mut tkey);
    dk(&tkey, b"kerberos")
}

/// Ke, Ki and Kc for one usage (RFC 3961 section 5.3).
pub fn derive(key: &[u8], usage: u32) -> Result<[Zeroizing<Vec<u8>>; 3]> {
    Ok([
        dk(key, &usage_constant(usage, 0xAA))?,
        dk(key, &usage_constant(usage, 0x55))?,
        dk(key, &usage_constant(usage, 0x99))?,
    ])
}

pub(crate) fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> [u8; 20] {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// The RFC 3961 section 5.3 simplified profile over AES-CTS: C = CTS(Ke,
/// confounder | plaintext), H = HMAC-SHA1(Ki, confounder | plaintext)[..12];
/// the ciphertext is C | H.
pub(crate) fn profile<'a>(cipher: &'a AesCipher, ki: &[u8]) -> Profile<'a> {
    Profile {
        cipher,
        mac: hmac_key(ki),
        mac_input: MacInput::Plaintext,
        mac_len: MAC_LEN,
    }
}

/// HMAC-SHA1 keyed with `key` (Ki or Kc), ready to be cloned per message.
pub(crate) fn hmac_key(key: &[u8]) -> AesHmac {
    AesHmac::Sha1(Hmac::new_from_slice(key).expect("HMAC takes any key length"))
}

/// RFC 3961 section 5.3 encryption, C | H (see [`profile`]).
pub fn encrypt(
    cipher: &AesCipher,
    ki: &[u8],
    confounder: &[u8; BLOCK],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let mut out = vec![0u8; BLOCK + plaintext.len() + MAC_LEN];
    profile(cipher, ki).encrypt_into(confounder, &[plaintext], &mut out)?;
    Ok(out)
}

/// Inverse of [`encrypt`]: checks the HMAC in constant time and strips
/// the confounder.
pub fn decrypt(cipher: &AesCipher, ki: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>> {
    if ciphertext.len() < BLOCK + MAC_LEN {
        return Err(Error::InvalidToken("AES ciphertext too short".into()));
    }
    let mut out = vec![0u8; ciphertext.len() - BLOCK - MAC_LEN];
    profile(cipher, ki).decrypt_into(ciphertext, &mut [&mut out])?;
    Ok(out)
}

/// hmac-sha1-96-aes128/256 (checksum types 15 and 16): HMAC-SHA1(Kc, data)[..12],
/// `parts` concatenated being the data.
pub fn checksum(kc: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    hmac_sha1(kc, parts)[..MAC_LEN].to_vec()
}

/// RFC 3962 section 6: PRF = E(DK(key, "prf"), truncate-to-block(SHA1(input))).
pub fn prf(key: &[u8], input: &[u8]) -> Result<Vec<u8>> {
    let kp = dk(key, b"prf")?;
    let cipher = AesCipher::new(&kp)?;
    let digest = Sha1::digest(input);
    let mut block = digest[..BLOCK].to_vec();
    cts_encrypt(&cipher, &[0u8; BLOCK], &mut block)?;
    Ok(block)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::test_util::unhex;

    /// RFC 3962 appendix B, string-to-key: (iterations, password, salt,
    /// 128-bit key, 256-bit key).
    #[test]
    fn rfc3962_b_string_to_key() {
        let x64 = "X".repeat(64);
        let x65 = "X".repeat(65);
        let g_clef = [0xf0u8, 0x9d, 0x84, 0x9e];
        let salt5 = unhex("1234567878563412");
        type Case<'a> = (u32, &'a [u8], &'a [u8], &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (
                1,
                b"password",
                b"ATHENA.MIT.EDUraeburn",
                "42263c6e89f4fc28b8df68ee09799f15",
                "fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161",
            ),
            (
                2,
                b"password",
                b"ATHENA.MIT.EDUraeburn",
                "c651bf29e2300ac27fa469d693bdda13",
                "a2e16d16b36069c135d5e9d2e25f896102685618b95914b467c67622225824ff",
            ),
            (
                1200,
                b"password",
                b"ATHENA.MIT.EDUraeburn",
                "4c01cd46d632d01e6dbe230a01ed642a",
                "55a6ac740ad17b4846941051e1e8b0a7548d93b0ab30a8bc3ff16280382b8c2a",
            ),
            (
                5,
                b"password",
                &salt5,
                "e9b23d52273747dd5c35cb55be619d8e",
                "97a4e786be20d81a382d5ebc96d5909cabcdadc87ca48f574504159f16c36e31",
            ),
            (
                1200,
                x64.as_bytes(),
                b"pass phrase equals block size",
                "59d1bb789a828b1aa54ef9c2883f69ed",
                "89adee3608db8bc71f1bfbfe459486b05618b70cbae22092534e56c553ba4b34",
            ),
            (
                1200,
                x65.as_bytes(),
                b"pass phrase exceeds block size",
                "cb8005dc5f90179a7f02104c0018751d",
                "d78c5c9cb872a8c9dad4697f0bb5b2d21496c82beb2caeda2112fceea057401b",
            ),
            (
                50,
                &g_clef,
                b"EXAMPLE.COMpianist",
                "f149c1f2e154a73452d43e7fe62a56e5",
                "4b6d9839f84406df1f09cc166db4b83c571848b784a3d6bdc346589a3e393f9e",
            ),
        ];
        for (iter, password, salt, k128, k256) in cases {
            let p = iter.to_be_bytes();
            let got = string_to_key(16, password, salt, Some(&p)).unwrap();
            assert_eq!(&got[..], &unhex(k128)[..], "128-bit, {iter} iterations");
            let got = string_to_key(32, password, salt, Some(&p)).unwrap();
            assert_eq!(&got[..], &unhex(k256)[..], "256-bit, {iter} iterations");
        }
    }

    /// RFC 3962 appendix B, AES-CTS under "chicken teriyaki" and a zero IV.
    #[test]
    fn rfc3962_b_cts() {
        let key = unhex("636869636b656e207465726979616b69");
        let cipher = AesCipher::new(&key).unwrap();
        let cases = [
            ("4920776f756c64206c696b652074686520", "c6353568f2bf8cb4d8a580362da7ff7f97"),
            (
                "4920776f756c64206c696b65207468652047656e6572616c20476175277320",
                "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5",
            ),
            (
                "4920776f756c64206c696b65207468652047656e6572616c2047617527732043",
                "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584",
            ),
            (
                "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c",
                "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5",
            ),
            (
                "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20",
                "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8",
            ),
            (
                "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20616e6420776f6e746f6e20736f75702e",
                "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7bc8409dad8bbb96c4cdc03bc103e1a194bbd8",
            ),
        ];
        for (input, output) in cases {
            let mut data = unhex(input);
            cts_encrypt(&cipher, &[0; 16], &mut data).unwrap();
            assert_eq!(data, unhex(output), "{} bytes", data.len());
            cts_decrypt(&cipher, &[0; 16], &mut data).unwrap();
            assert_eq!(data, unhex(input));
        }
    }

    /// Throughput of DerivedKeys encrypt/decrypt at 16 KiB; run with
    /// `cargo test --release --lib crypto::aes_cts::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn throughput() {
        use crate::crypto::{DerivedKeys, Enctype, Key};
        for etype in Enctype::ALL {
            let key = Key::new(etype, &vec![3u8; etype.key_size()]).unwrap();
            let dk = DerivedKeys::new(&key, 24).unwrap();
            let data = vec![0x5au8; 16384];
            let rounds = 4000;
            let t = std::time::Instant::now();
            let mut ct = Vec::new();
            for _ in 0..rounds {
                ct = dk.encrypt(&data).unwrap();
            }
            let enc = (rounds * data.len()) as f64 / t.elapsed().as_secs_f64() / 1e6;
            let t = std::time::Instant::now();
            for _ in 0..rounds {
                dk.decrypt(&ct).unwrap();
            }
            let dec = (rounds * data.len()) as f64 / t.elapsed().as_secs_f64() / 1e6;
            println!("{etype}: encrypt {enc:.0} MB/s, decrypt {dec:.0} MB/s (16 KiB)");
        }
    }

    #[test]
    fn cts_round_trip_all_lengths() {
        let cipher = AesCipher::new(&[7u8; 32]).unwrap();
        for len in 16..300 {
            let input: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let mut data = input.clone();
            cts_encrypt(&cipher, &[0; 16], &mut data).unwrap();
            assert_ne!(data, input);
            cts_decrypt(&cipher, &[0; 16], &mut data).unwrap();
            assert_eq!(data, input, "{len}");
        }
    }
}
