//! Glue between picky-krb's ASN.1 types (RFC 4120 section 5) and ours:
//! DER in and out, principals, times, integers, keys and flags.
use picky_asn1::wrapper::{IntegerAsn1, OctetStringAsn1};
use picky_krb::data_types::{EncryptionKey, Realm};
use serde::de::DeserializeOwned;

use crate::core::{Error, Result};
use crate::crypto::{Enctype, Key};

// The conversions both Kerberos halves need live in krb5::asn1 (the KDC
// client's); these are the names the package has always used for them.
pub use crate::krb5::asn1::{
    encode as to_der, encryption_key, flags, flags_value, int, kstring, ktime as time,
    ktime_value as unix_time, principal, principal_name,
};

/// DER from a peer; a malformed message is an invalid token (SSPI/GSS),
/// where the KDC client's `decode` makes it a Kerberos protocol error.
pub fn from_der<T: DeserializeOwned>(b: &[u8], what: &str) -> Result<T> {
    crate::krb5::asn1::from_der(b)
        .map_err(|e| Error::InvalidToken(format!("malformed {what}: {e}")))
}

pub fn realm(s: &str) -> Result<Realm> {
    kstring(s)
}

/// An INTEGER as i64 (None if it does not fit).
pub fn int_value(i: &IntegerAsn1) -> Option<i64> {
    crate::krb5::asn1::int_value(i).ok()
}

/// A UInt32 field (sequence numbers): MIT and Windows send values above
/// 2^31 as negative INTEGERs too, so take the low 32 bits either way.
pub fn u32_value(i: &IntegerAsn1) -> Option<u32> {
    int_value(i).map(|v| v as u32)
}

pub fn octets(b: &[u8]) -> OctetStringAsn1 {
    OctetStringAsn1::from(b.to_vec())
}

/// A key from a peer, with the errors MIT's GSS mechanism gives: an
/// enctype we lack is KRB5_PROG_ETYPE_NOSUPP, a wrong length an invalid token.
pub fn key(k: &EncryptionKey) -> Result<Key> {
    let et = int_value(&k.key_type.0).unwrap_or(0) as i32;
    let enctype = Enctype::from_id(et).ok_or_else(|| {
        super::codes::kerberos_error(
            super::codes::KRB5_PROG_ETYPE_NOSUPP,
            format!("enctype {et}"),
        )
    })?;
    Key::new(enctype, &k.key_value.0 .0)
        .map_err(|_| Error::InvalidToken(format!("{enctype} key of the wrong length")))
}

/// Now as (seconds, microseconds) since the Unix epoch.
pub fn now() -> (i64, u32) {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs() as i64, d.subsec_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_round_trip() {
        for t in [0i64, 951_782_400, 1_700_000_000, 4_102_444_799] {
            assert_eq!(unix_time(&time(t)), t);
        }
        assert_eq!(to_der(&time(0), "t").unwrap()[2..], *b"19700101000000Z");
    }

    #[test]
    fn integers_and_flags() {
        for v in [
            0i64,
            1,
            127,
            128,
            -1,
            0x7fff_ffff,
            -1765328243,
            u32::MAX as i64,
        ] {
            assert_eq!(int_value(&int(v)), Some(v));
        }
        assert_eq!(flags_value(&flags(0x4081_0000)), 0x4081_0000);
        let der = to_der(&flags(0x2000_0000), "f").unwrap();
        assert_eq!(der, [0x03, 0x05, 0x00, 0x20, 0, 0, 0]);
    }
}
