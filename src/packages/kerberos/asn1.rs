//! Glue between picky-krb's ASN.1 types (RFC 4120 section 5) and ours:
//! DER in and out, principals, times, integers, keys and flags.
use picky_asn1::bit_string::BitString;
use picky_asn1::date::Date;
use picky_asn1::restricted_string::Ia5String;
use picky_asn1::wrapper::{
    Asn1SequenceOf, BitStringAsn1, ExplicitContextTag0, ExplicitContextTag1, GeneralStringAsn1,
    GeneralizedTimeAsn1, IntegerAsn1, OctetStringAsn1,
};
use picky_krb::data_types::{EncryptionKey, KerberosFlags, KerberosTime, PrincipalName, Realm};
use serde::{de::DeserializeOwned, Serialize};

use crate::core::{Error, Result};
use crate::crypto::{Enctype, Key};
use crate::krb5::Principal;

pub fn to_der<T: Serialize>(v: &T, what: &str) -> Result<Vec<u8>> {
    picky_asn1_der::to_vec(v).map_err(|e| Error::Internal(format!("encoding {what}: {e}")))
}

pub fn from_der<T: DeserializeOwned>(b: &[u8], what: &str) -> Result<T> {
    crate::krb5::asn1::from_der(b)
        .map_err(|e| Error::InvalidToken(format!("malformed {what}: {e}")))
}

pub fn kstring(s: &str) -> Result<GeneralStringAsn1> {
    Ia5String::from_string(s.to_string())
        .map(GeneralStringAsn1::from)
        .map_err(|_| Error::InvalidParameter("Kerberos names must be IA5 (ASCII) strings"))
}

pub fn realm(s: &str) -> Result<Realm> {
    kstring(s)
}

pub fn principal_name(p: &Principal) -> Result<PrincipalName> {
    let comps = p
        .components
        .iter()
        .map(|c| kstring(c))
        .collect::<Result<Vec<_>>>()?;
    Ok(PrincipalName {
        name_type: ExplicitContextTag0::from(int(p.name_type as i64)),
        name_string: ExplicitContextTag1::from(Asn1SequenceOf::from(comps)),
    })
}

pub fn principal(name: &PrincipalName, realm: &Realm) -> Principal {
    Principal {
        name_type: int_value(&name.name_type.0).unwrap_or(0) as i32,
        realm: realm.0.as_utf8().to_string(),
        components: name
            .name_string
            .0
             .0
            .iter()
            .map(|c| c.0.as_utf8().to_string())
            .collect(),
    }
}

pub fn int(v: i64) -> IntegerAsn1 {
    IntegerAsn1::from_bytes_be_signed(v.to_be_bytes().to_vec())
}

/// An INTEGER as i64 (None if it does not fit).
pub fn int_value(i: &IntegerAsn1) -> Option<i64> {
    let b = i.as_signed_bytes_be();
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    let fill = if b[0] & 0x80 != 0 { 0xff } else { 0 };
    let mut buf = [fill; 8];
    buf[8 - b.len()..].copy_from_slice(b);
    Some(i64::from_be_bytes(buf))
}

/// A UInt32 field (sequence numbers): MIT and Windows send values above
/// 2^31 as negative INTEGERs too, so take the low 32 bits either way.
pub fn u32_value(i: &IntegerAsn1) -> Option<u32> {
    int_value(i).map(|v| v as u32)
}

pub fn octets(b: &[u8]) -> OctetStringAsn1 {
    OctetStringAsn1::from(b.to_vec())
}

/// 32 flag bits as RFC 4120 KerberosFlags (bit 0 is the MSB), which is
/// also how MIT's ccache stores ticket flags.
pub fn flags(bits: u32) -> KerberosFlags {
    BitStringAsn1::from(BitString::with_bytes(bits.to_be_bytes().to_vec()))
}

pub fn flags_value(f: &KerberosFlags) -> u32 {
    let b = f.0.as_bytes().get(1..).unwrap_or(&[]);
    let mut buf = [0u8; 4];
    for (i, v) in b.iter().take(4).enumerate() {
        buf[i] = *v;
    }
    u32::from_be_bytes(buf)
}

pub fn encryption_key(k: &Key) -> EncryptionKey {
    EncryptionKey {
        key_type: ExplicitContextTag0::from(int(k.enctype.id() as i64)),
        key_value: ExplicitContextTag1::from(octets(k.bytes())),
    }
}

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

// ------------------------------------------------------------------ time --

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// KerberosTime (GeneralizedTime, whole seconds, UTC) of a Unix time.
pub fn time(unix: i64) -> KerberosTime {
    let days = unix.div_euclid(86400);
    let secs = unix.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let date = Date::new(
        y.clamp(1970, 9999) as u16,
        m as u8,
        d as u8,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
    .unwrap_or_else(|| Date::new(1970, 1, 1, 0, 0, 0).expect("epoch is a valid date"));
    GeneralizedTimeAsn1::from(date)
}

pub fn unix_time(t: &KerberosTime) -> i64 {
    let d = &t.0;
    days_from_civil(d.year() as i64, d.month() as i64, d.day() as i64) * 86400
        + d.hour() as i64 * 3600
        + d.minute() as i64 * 60
        + d.second() as i64
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
