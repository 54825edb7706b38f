//! Cross-enctype tests: MIT's known-answer decryptions and round trips
//! through the public API.
use super::test_util::unhex;
use super::*;

/// MIT krb5 src/lib/crypto/crypto_tests/t_decrypt.c: (enctype, plaintext,
/// usage, key, ciphertext). Usage 3 for RC4 exercises the 3 → 8 mapping.
#[test]
fn mit_t_decrypt_vectors() {
    let cases: &[(Enctype, &str, u32, &str, &str)] = &[
        (Enctype::Rc4Hmac, "", 0, "F81FEC39255F5784E850C4377C88BD85",
         "02C1EB15586144122EC717763DD348BF00434DDC6585954C"),
        (Enctype::Rc4Hmac, "1", 1, "67D1300D281223867F9647FF48721273",
         "6156E0CC04E0A0874F9FDA008F498A7ADBBC80B70B14DDDBC0"),
        (Enctype::Rc4Hmac, "9 bytesss", 2, "3E40AB6093695281B3AC1A9304224D98",
         "0F9AD121D99D4A09448E4F1F718C4F5CBE6096262C66F29DF232A87C9F98755D55"),
        (Enctype::Rc4Hmac, "13 bytes byte", 3, "4BA2FBF0379FAED87A254D3B353D5A7E",
         "612C57568B17A70352BAE8CF26FB9459A6F3353CD35FD439DB3107CBEC765D326DFC04C1DD"),
        (Enctype::Rc4Hmac, "30 bytes bytes bytes bytes byt", 4, "68F263DB3FCE15D031C9EAB02D67107A",
         "95F9047C3AD75891C2E9B04B16566DC8B6EB9CE4231AFB2542EF87A7B5A0F260A99F0460508DE0CECC632D07C354124E46C5D2234EB8"),
        (Enctype::Aes128CtsHmacSha196, "", 0, "5A5C0F0BA54F3828B2195E66CA24A289",
         "49FF8E11C173D9583A3254FBE7B1F1DF36C538E8416784A1672E6676"),
        (Enctype::Aes128CtsHmacSha196, "1", 1, "98450E3F3BAA13F5C99BEB936981B06F",
         "F86742F537B35DC2174A4DBAA920FAF9042090B065E1EBB1CAD9A65394"),
        (Enctype::Aes128CtsHmacSha196, "9 bytesss", 2, "9062430C8CDA3388922E6D6A509F5B7A",
         "68FB9679601F45C78857B2BF820FD6E53ECA8D42FD4B1D7024A09205ABB7CD2EC26C355D2F"),
        (Enctype::Aes128CtsHmacSha196, "13 bytes byte", 3, "033EE6502C54FD23E27791E987983827",
         "EC366D0327A933BF49330E650E49BC6B974637FE80BF532FE51795B4809718E6194724DB948D1FD637"),
        (Enctype::Aes128CtsHmacSha196, "30 bytes bytes bytes bytes byt", 4, "DCEEB70B3DE76562E689226C76429148",
         "C96081032D5D8EEB7E32B4089F789D0FAA481DEA74C0F97CBF3146DDFCF8E800156ECB532FC203E30FF600B63B350939FECE510F02D7FF1E7BAC"),
        (Enctype::Aes256CtsHmacSha196, "", 0, "17F275F2954F2ED1F90C377BA7F4D6A369AA0136E0BF0C927AD6133C693759A9",
         "E5094C55EE7B38262E2B044280B069379A95BF95BD8376FB3281B435"),
        (Enctype::Aes256CtsHmacSha196, "1", 1, "B9477E1FF0329C0050E20CE6C72D2DFF27E8FE541AB0954429A9CB5B4F7B1E2A",
         "406150B97AEB76D43B36B62CC1ECDFBE6F40E95755E0BEB5C27825F3A4"),
        (
            Enctype::Aes256CtsHmacSha196,
            "13 bytes byte",
            3,
            "E5A72BE9B7926C1225BAFEF9C1872E7BA4CDB2B17893D84ABD90ACDD8764D966",
            "D8F1AAFEEC84587CC3E700A774E56651A6D693E174EC4473B5E6D96F80297A653FB818AD893E719F96",
        ),
        (
            Enctype::Aes256CtsHmacSha196,
            "30 bytes bytes bytes bytes byt",
            4,
            "F1C795E9248A09338D82C3F8D5B567040B0110736845041347235B1404231398",
            "D1137A4D634CFECE924DBC3BF6790648BD5CFF7DE0E7B99460211D0DAEF3D79A295C688858F3B34B9CBD6EEBAE81DAF6B734D4D498B6714F1C1D",
        ),
    ];
    for (etype, plain, usage, key, ct) in cases {
        let key = Key::new(*etype, &unhex(key)).unwrap();
        let got = decrypt(&key, *usage, &unhex(ct)).unwrap();
        assert_eq!(got, plain.as_bytes(), "{etype} usage {usage}");
    }
}

#[test]
fn round_trip_every_enctype_and_usage() {
    for etype in Enctype::ALL {
        let key = Key::generate(etype).unwrap();
        for usage in [1, 3, 7, 11, 22, 23, 24, 25] {
            for len in [0usize, 1, 15, 16, 17, 31, 32, 33, 1000] {
                let plain: Vec<u8> = (0..len).map(|i| i as u8).collect();
                let ct = encrypt(&key, usage, &plain).unwrap();
                assert_eq!(ct.len(), len + etype.overhead(), "{etype}");
                assert_eq!(
                    decrypt(&key, usage, &ct).unwrap(),
                    plain,
                    "{etype} {usage} {len}"
                );
                // Another usage's keys must not decrypt it.
                assert_eq!(decrypt(&key, usage + 100, &ct), Err(Error::MessageAltered));
                let mut bad = ct.clone();
                let at = bad.len() / 2;
                bad[at] ^= 1;
                assert_eq!(
                    decrypt(&key, usage, &bad),
                    Err(Error::MessageAltered),
                    "{etype}"
                );
            }
            let ck = checksum(&key, usage, b"data").unwrap();
            assert_eq!(ck.len(), etype.checksum_size());
            verify_checksum(&key, usage, b"data", &ck).unwrap();
            assert_eq!(
                verify_checksum(&key, usage, b"datb", &ck),
                Err(Error::MessageAltered)
            );
        }
        // Too short to hold confounder and MAC.
        let short = vec![0u8; etype.overhead() - 1];
        assert!(
            matches!(decrypt(&key, 1, &short), Err(Error::InvalidToken(_))),
            "{etype}"
        );
        assert_eq!(prf(&key, b"x").unwrap().len(), etype.prf_size());
    }
}

#[test]
fn derived_keys_match_one_shot() {
    let key = string_to_key(
        Enctype::Aes256CtsHmacSha196,
        b"secret",
        b"EXAMPLE.COMalice",
        None,
    )
    .unwrap();
    let dk = DerivedKeys::new(&key, usage::GSS_INITIATOR_SEAL).unwrap();
    let ct = dk.encrypt(b"wrap me").unwrap();
    assert_eq!(
        decrypt(&key, usage::GSS_INITIATOR_SEAL, &ct).unwrap(),
        b"wrap me"
    );
    assert_eq!(
        dk.checksum(b"m"),
        checksum(&key, usage::GSS_INITIATOR_SEAL, b"m").unwrap()
    );
}

/// MIT krb5 src/lib/crypto/crypto_tests/t_prf.c: the RFC 3962 PRF
/// (RFC 8009's PRF vectors are in aes_sha2.rs).
#[test]
fn mit_t_prf_vectors() {
    let k256a = "C01F157211F7B77EAAF457C3E156690127EE127D810BA6392E97BAA243EB0616";
    let k256b = "9D520D2D980AA7CB6B693682B62DA258B333867951642CE647AE62B1E5E0B5E9";
    let cases = [
        (
            Enctype::Aes128CtsHmacSha196,
            "AE272E7CDEC86AC5138CDB196D8E297D",
            "0161",
            "77B39A37A868920F2A51F9DD150C5717",
        ),
        (
            Enctype::Aes128CtsHmacSha196,
            "67AB1CFEF35E4C27FFDEAC60385A3E9C",
            "0162",
            "E06C0DD31FF02091994F2EF5178BFE3D",
        ),
        (
            Enctype::Aes256CtsHmacSha196,
            k256a,
            "0161",
            "B2628C788E2E9C4A9BB4644678C29F2F",
        ),
        (
            Enctype::Aes256CtsHmacSha196,
            k256a,
            "0261",
            "B406373350CEE8A6126F4A9B65A0CD21",
        ),
        (
            Enctype::Aes256CtsHmacSha196,
            k256b,
            "0162",
            "FF0E289EA756C0559A0E911856961A49",
        ),
        (
            Enctype::Aes256CtsHmacSha196,
            k256b,
            "0262",
            "0D674DD0F9A6806525A4D92E828BD15A",
        ),
    ];
    for (etype, key, input, expected) in cases {
        let key = Key::new(etype, &unhex(key)).unwrap();
        assert_eq!(
            prf(&key, &unhex(input)).unwrap(),
            unhex(expected),
            "{etype} {input}"
        );
    }
    // PRF+ starts with PRF(key, 0x01 | input).
    let key = Key::new(Enctype::Aes256CtsHmacSha196, &unhex(k256a)).unwrap();
    let plus = prf_plus(&key, b"a", 32).unwrap();
    assert_eq!(&plus[..16], &unhex("B2628C788E2E9C4A9BB4644678C29F2F")[..]);
    assert_eq!(&plus[16..], &unhex("B406373350CEE8A6126F4A9B65A0CD21")[..]);
}

#[test]
fn enctype_names() {
    assert_eq!(
        Enctype::from_name("aes256-cts"),
        Some(Enctype::Aes256CtsHmacSha196)
    );
    assert_eq!(Enctype::from_name("RC4-HMAC"), Some(Enctype::Rc4Hmac));
    assert_eq!(
        Enctype::from_name("20"),
        Some(Enctype::Aes256CtsHmacSha384192)
    );
    assert_eq!(Enctype::from_name("des-cbc-crc"), None);
    for e in Enctype::ALL {
        assert_eq!(Enctype::from_name(e.name()), Some(e));
        assert_eq!(Enctype::from_id(e.id()), Some(e));
    }
}

#[test]
fn key_debug_hides_bytes() {
    let key = Key::new(Enctype::Rc4Hmac, &[0xab; 16]).unwrap();
    assert!(!format!("{key:?}").contains("ab"));
}

/// MIT krb5 src/lib/crypto/crypto_tests/t_cksums.c: the keyed checksums of
/// hmac-sha1-96-aes128 (15), hmac-sha1-96-aes256 (16) and hmac-md5-rc4 (-138).
#[test]
fn mit_t_cksums_vectors() {
    let cases = [
        (
            Enctype::Aes128CtsHmacSha196,
            "eight nine ten eleven twelve thirteen",
            3,
            "9062430C8CDA3388922E6D6A509F5B7A",
            "01A4B088D45628F6946614E3",
        ),
        (
            Enctype::Aes256CtsHmacSha196,
            "fourteen",
            4,
            "B1AE4CD8462AFF1677053CC9279AAC30B796FB81CE21474DD3DDBCFEA4EC76D7",
            "E08739E3279E2903EC8E3836",
        ),
        (
            Enctype::Rc4Hmac,
            "seventeen eighteen nineteen twenty",
            6,
            "F7D3A155AF5E238A0B7A871A96BA2AB2",
            "EB38CC97E2230F59DA4117DC5859D7EC",
        ),
    ];
    for (etype, text, usage, key, expected) in cases {
        let key = Key::new(etype, &unhex(key)).unwrap();
        assert_eq!(
            checksum(&key, usage, text.as_bytes()).unwrap(),
            unhex(expected),
            "{etype}"
        );
        verify_checksum(&key, usage, text.as_bytes(), &unhex(expected)).unwrap();
    }
}

/// Every MAC comparison in the enctypes (aes_cts, aes_sha2, rc4_hmac decrypt;
/// `verify_checksum`) covers the whole MAC: a one-bit change in its first or
/// its last byte, or a MAC one byte short, is MessageAltered. (Each site
/// compares through `ct_eq`, subtle's constant-time equality.)
#[test]
fn mac_checks_cover_the_first_and_last_byte() {
    for etype in Enctype::ALL {
        let key = Key::generate(etype).unwrap();
        let ct = encrypt(&key, 7, b"the message").unwrap();
        let cs = etype.checksum_size();
        // RC4-HMAC puts its HMAC first (RFC 4757), RFC 3961/8009 last.
        let mac = if etype == Enctype::Rc4Hmac {
            0..16
        } else {
            ct.len() - cs..ct.len()
        };
        for at in [mac.start, mac.end - 1] {
            for bit in [0x01u8, 0x80] {
                let mut bad = ct.clone();
                bad[at] ^= bit;
                assert_eq!(
                    decrypt(&key, 7, &bad),
                    Err(Error::MessageAltered),
                    "{etype}: byte {at} bit {bit:#x}"
                );
            }
        }
        assert_eq!(decrypt(&key, 7, &ct).unwrap(), b"the message");

        let ck = checksum(&key, 7, b"data").unwrap();
        for at in [0, ck.len() - 1] {
            let mut bad = ck.clone();
            bad[at] ^= 0x01;
            assert_eq!(
                verify_checksum(&key, 7, b"data", &bad),
                Err(Error::MessageAltered),
                "{etype}: checksum byte {at}"
            );
        }
        assert_eq!(
            verify_checksum(&key, 7, b"data", &ck[..ck.len() - 1]),
            Err(Error::MessageAltered),
            "{etype}: a truncated checksum"
        );
        verify_checksum(&key, 7, b"data", &ck).unwrap();
    }
}

fn assert_zod<T: zeroize::ZeroizeOnDrop>() {}

/// The key-holding types wipe themselves when dropped (compile-time checks).
#[test]
fn key_types_zeroize_on_drop() {
    assert_zod::<Key>();
    assert_zod::<DerivedKeys>();
    assert_zod::<aes_cts::AesCipher>();
    assert_zod::<aes::Aes128>();
    assert_zod::<aes::Aes256>();
    // The AES enctypes' keyed HMACs: hmac 0.13 declares no marker, but every
    // part of an Hmac<D> (the keyed inner and outer digest states, the block
    // buffer) wipes itself, which AesHmac's marker relies on.
    use hmac_sha::digest::block_buffer::{BlockBuffer, Eager};
    use hmac_sha::digest::consts::{U128, U64};
    assert_zod::<sha1::block_api::Sha1Core>();
    assert_zod::<sha2::block_api::Sha256VarCore>();
    assert_zod::<sha2::block_api::Sha512VarCore>();
    assert_zod::<BlockBuffer<U64, Eager>>();
    assert_zod::<BlockBuffer<U128, Eager>>();
    assert_zod::<cts::AesHmac>();
    assert_zod::<rc4::Rc4>();
    assert_zod::<md5_rc4::HmacMd5>();
    assert_zod::<md5_rc4::Md5>();
    assert_zod::<zeroize::Zeroizing<Vec<u8>>>();
}
