//! Thin helpers over picky-krb's ASN.1 types (RFC 4120 section 5): our
//! `Principal` ↔ PrincipalName/Realm, KerberosTime ↔ seconds since the
//! epoch, INTEGER and KerberosFlags ↔ Rust integers, DER encode/decode
//! with errors that say what failed, and a hand-read KRB-ERROR (picky
//! 0.13 types its cusec as a time, so a KDC that sends cusec would not
//! decode).
use picky_asn1::bit_string::BitString;
use picky_asn1::date::Date;
use picky_asn1::restricted_string::Ia5String;
use picky_asn1::wrapper::{
    Asn1SequenceOf, BitStringAsn1, ExplicitContextTag0, ExplicitContextTag1, ExplicitContextTag2,
    IntegerAsn1, OctetStringAsn1, Optional,
};
use picky_krb::data_types::{
    EncryptedData, EncryptionKey, KerberosFlags, KerberosStringAsn1, KerberosTime, PaData,
    PrincipalName,
};
use serde::{de::DeserializeOwned, Serialize};

use super::errors::{kerberos_error, KRB5KRB_AP_ERR_BAD_INTEGRITY, KRB5_BADMSGTYPE};
use super::principal::Principal;
use crate::core::{Error, Result};
use crate::crypto::{self, Enctype, Key};

/// Message types (RFC 4120 section 7.5.7) as the APPLICATION tag byte of
/// a DER message: 0x60 | type for types below 31.
pub mod tag {
    pub const AS_REP: u8 = 0x6B;
    pub const TGS_REP: u8 = 0x6D;
    pub const KRB_ERROR: u8 = 0x7E;
}

/// PA-DATA types (RFC 4120 section 7.5.2, RFC 6113).
pub mod pa {
    pub const TGS_REQ: i32 = 1;
    pub const ENC_TIMESTAMP: i32 = 2;
    pub const ETYPE_INFO2: i32 = 19;
    pub const FX_COOKIE: i32 = 133;
}

/// DER-encodes a picky type.
pub fn encode<T: Serialize>(value: &T, what: &str) -> Result<Vec<u8>> {
    picky_asn1_der::to_vec(value).map_err(|e| Error::Internal(format!("encoding {what}: {e}")))
}

/// Decodes a picky type from DER received from a peer.
pub fn decode<T: DeserializeOwned>(der: &[u8], what: &str) -> Result<T> {
    from_der(der).map_err(|e| kerberos_error(KRB5_BADMSGTYPE, format!("cannot decode {what}: {e}")))
}

/// picky-asn1-der's decoder, after checking that every length fits in what
/// encloses it: picky adds a CHOICE's length to its header size unchecked,
/// so a length near 2^64 overflowed (found by fuzz/krb5_ap_rep). Every
/// decode of peer data goes through here.
pub fn from_der<T: DeserializeOwned>(der: &[u8]) -> std::result::Result<T, String> {
    if !lengths_fit(der, 32) {
        return Err("a DER length runs past its enclosing value".into());
    }
    picky_asn1_der::from_bytes(der).map_err(|e| e.to_string())
}

/// Whether the first TLV of `der` and, in constructed values, every TLV
/// within (at most `depth` levels) has a length that fits.
fn lengths_fit(der: &[u8], depth: u32) -> bool {
    let Some((tag, mut contents, _)) = tlv(der) else {
        return false;
    };
    if tag & 0x20 == 0 {
        return true;
    }
    while !contents.is_empty() {
        match tlv(contents) {
            Some((_, _, rest)) if depth > 0 && lengths_fit(contents, depth - 1) => contents = rest,
            _ => return false,
        }
    }
    true
}

// ---------------------------------------------------------- strings --

pub fn kstring(s: &str) -> Result<KerberosStringAsn1> {
    Ia5String::from_string(s.to_string())
        .map(KerberosStringAsn1::from)
        .map_err(|_| Error::InvalidParameter("Kerberos names and realms must be ASCII"))
}

pub fn principal_name(p: &Principal) -> Result<PrincipalName> {
    let parts = p
        .components
        .iter()
        .map(|c| kstring(c))
        .collect::<Result<Vec<_>>>()?;
    Ok(PrincipalName {
        name_type: ExplicitContextTag0::from(int(p.name_type as i64)),
        name_string: ExplicitContextTag1::from(Asn1SequenceOf::from(parts)),
    })
}

/// Our principal from a PrincipalName and its realm.
pub fn principal(name: &PrincipalName, realm: &KerberosStringAsn1) -> Result<Principal> {
    Ok(Principal {
        name_type: int_value(&name.name_type.0)? as i32,
        realm: realm.0.as_utf8().to_string(),
        components: name
            .name_string
            .0
             .0
            .iter()
            .map(|s| s.0.as_utf8().to_string())
            .collect(),
    })
}

// --------------------------------------------------------- integers --

/// An INTEGER in minimal two's complement form.
pub fn int(v: i64) -> IntegerAsn1 {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < 7 {
        let (b, next) = (bytes[start], bytes[start + 1]);
        if (b == 0 && next & 0x80 == 0) || (b == 0xFF && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    IntegerAsn1::from(bytes[start..].to_vec())
}

/// The value of an INTEGER that fits in 64 bits.
pub fn int_value(i: &IntegerAsn1) -> Result<i64> {
    let b = i.as_signed_bytes_be();
    if b.is_empty() || b.len() > 8 {
        return Err(kerberos_error(KRB5_BADMSGTYPE, "INTEGER out of range"));
    }
    let fill = if b[0] & 0x80 != 0 { 0xFF } else { 0 };
    let mut full = [fill; 8];
    full[8 - b.len()..].copy_from_slice(b);
    Ok(i64::from_be_bytes(full))
}

/// KerberosFlags as a 32-bit BIT STRING (bit 0 is the MSB of `v`).
pub fn flags(v: u32) -> KerberosFlags {
    BitStringAsn1::from(BitString::with_bytes(v.to_be_bytes().to_vec()))
}

/// The first 32 bits of a KerberosFlags (missing bits are zero).
pub fn flags_value(f: &KerberosFlags) -> u32 {
    let mut b = [0u8; 4];
    for (d, s) in b.iter_mut().zip(f.0.payload_view()) {
        *d = *s;
    }
    u32::from_be_bytes(b)
}

// ------------------------------------------------------------ times --

/// KerberosTime (GeneralizedTime, whole seconds, UTC) for seconds since
/// the Unix epoch.
pub fn ktime(secs: i64) -> KerberosTime {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let y = y.clamp(1970, 9999) as u16;
    let date = Date::new(
        y,
        m,
        d,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
        (rem % 60) as u8,
    )
    .or_else(|| Date::new(1970, 1, 1, 0, 0, 0))
    .expect("the epoch is a valid date");
    KerberosTime::from(date)
}

/// Seconds since the Unix epoch of a KerberosTime.
pub fn ktime_value(t: &KerberosTime) -> i64 {
    let d = &t.0;
    days_from_civil(d.year() as i64, d.month() as i64, d.day() as i64) * 86400
        + d.hour() as i64 * 3600
        + d.minute() as i64 * 60
        + d.second() as i64
}

/// A KerberosTime as the 32-bit unsigned seconds of a ccache (clamped).
pub fn ktime_u32(t: &KerberosTime) -> u32 {
    ktime_value(t).clamp(0, u32::MAX as i64) as u32
}

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

// -------------------------------------------------------- PA-DATA --

pub fn padata(kind: i32, data: Vec<u8>) -> PaData {
    PaData {
        padata_type: ExplicitContextTag1::from(int(kind as i64)),
        padata_data: ExplicitContextTag2::from(OctetStringAsn1::from(data)),
    }
}

/// The first PA-DATA of `kind` in a list.
pub fn find_padata(list: &[PaData], kind: i32) -> Option<&[u8]> {
    list.iter()
        .find(|p| int_value(&p.padata_type.0).ok() == Some(kind as i64))
        .map(|p| p.padata_data.0 .0.as_slice())
}

// ---------------------------------------------------- encrypted parts --

/// EncryptedData of `plain` under `key` with key usage `usage`.
pub fn seal(key: &Key, usage: u32, plain: &[u8], kvno: Option<u32>) -> Result<EncryptedData> {
    let cipher = crypto::encrypt(key, usage, plain)?;
    Ok(EncryptedData {
        etype: ExplicitContextTag0::from(int(key.enctype.id() as i64)),
        kvno: Optional::from(
            kvno.map(|k| picky_asn1::wrapper::ExplicitContextTag1::from(int(k as i64))),
        ),
        cipher: ExplicitContextTag2::from(OctetStringAsn1::from(cipher)),
    })
}

/// Decrypts an EncryptedData; a wrong key is KRB5KRB_AP_ERR_BAD_INTEGRITY
/// ("Decrypt integrity check failed"), as MIT reports it.
pub fn unseal(key: &Key, usage: u32, data: &EncryptedData) -> Result<Vec<u8>> {
    let etype = int_value(&data.etype.0)?;
    if etype != key.enctype.id() as i64 {
        return Err(kerberos_error(
            super::errors::KRB5_BAD_ENCTYPE,
            format!("encrypted with enctype {etype}, key is {}", key.enctype),
        ));
    }
    crypto::decrypt(key, usage, &data.cipher.0 .0).map_err(|e| match e {
        Error::Kerberos { .. } => e,
        _ => kerberos_error(KRB5KRB_AP_ERR_BAD_INTEGRITY, ""),
    })
}

pub fn encryption_key(key: &Key) -> EncryptionKey {
    EncryptionKey {
        key_type: ExplicitContextTag0::from(int(key.enctype.id() as i64)),
        key_value: ExplicitContextTag1::from(OctetStringAsn1::from(key.bytes().to_vec())),
    }
}

/// (enctype number, key bytes) of an EncryptionKey.
pub fn key_parts(k: &EncryptionKey) -> Result<(i32, &[u8])> {
    Ok((
        int_value(&k.key_type.0)? as i32,
        k.key_value.0 .0.as_slice(),
    ))
}

/// An EncryptionKey as a protocol key, if its enctype is implemented.
pub fn key_from(k: &EncryptionKey) -> Result<Key> {
    let (e, bytes) = key_parts(k)?;
    let enctype = Enctype::from_id(e)
        .ok_or_else(|| kerberos_error(super::errors::KRB5_BAD_ENCTYPE, format!("enctype {e}")))?;
    Key::new(enctype, bytes)
}

// ------------------------------------------------------- KRB-ERROR --

/// The fields of a KRB-ERROR (RFC 4120 section 5.9.1) a client acts on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KrbError {
    /// The RFC 4120 error-code (not the com_err number).
    pub error_code: i32,
    pub stime: i64,
    pub susec: i32,
    pub e_text: Option<String>,
    pub e_data: Option<Vec<u8>>,
}

impl KrbError {
    /// The core error: MIT's com_err code and text, then the e-text.
    pub fn to_error(&self, context: &str) -> Error {
        let code = super::errors::from_protocol(self.error_code);
        let mut detail = String::new();
        if let Some(t) = self.e_text.as_deref().filter(|t| !t.is_empty()) {
            detail.push_str(t);
        }
        if !context.is_empty() {
            if !detail.is_empty() {
                detail.push_str(", ");
            }
            detail.push_str(context);
        }
        kerberos_error(code, detail)
    }

    /// The METHOD-DATA of a KDC_ERR_PREAUTH_REQUIRED e-data (a SEQUENCE
    /// OF PA-DATA), empty when absent or malformed.
    pub fn method_data(&self) -> Vec<PaData> {
        self.e_data
            .as_deref()
            .and_then(|d| from_der::<Asn1SequenceOf<PaData>>(d).ok())
            .map(|s| s.0)
            .unwrap_or_default()
    }
}

/// One DER TLV: (tag byte, contents, rest). Single-byte tags only, which
/// is all RFC 4120 uses.
fn tlv(data: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = data.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7F) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

#[cfg(test)]
mod der_tests {
    use super::*;

    /// fuzz/krb5_ap_rep: a KRB-ERROR whose first field has an 8-byte
    /// length of 2^64-1 made picky-asn1-der overflow (a panic in debug
    /// builds); it is now refused before picky sees it.
    #[test]
    fn huge_lengths_are_refused_before_picky() {
        let crash: &[u8] = &[
            0x7e, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x12, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xcf, 0x00, 0xf2, 0x49, 0x54, 0x60, 0x81, 0xee, 0xdb, 0xa0,
        ];
        assert!(from_der::<picky_krb::messages::KrbError>(crash).is_err());
        let e = crate::packages::kerberos::initiator::krb_error(crash);
        assert!(matches!(e, Error::InvalidToken(_)), "{e:?}");
        // The same inside a SEQUENCE.
        let nested: &[u8] = &[
            0x30, 0x0a, 0xa0, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ];
        assert!(!lengths_fit(nested, 32));
        assert!(lengths_fit(&[0x30, 0x03, 0x02, 0x01, 0x05], 32));
    }
}

fn der_int(contents: &[u8]) -> Option<i64> {
    if contents.is_empty() || contents.len() > 8 {
        return None;
    }
    let fill = if contents[0] & 0x80 != 0 { 0xFF } else { 0 };
    let mut full = [fill; 8];
    full[8 - contents.len()..].copy_from_slice(contents);
    Some(i64::from_be_bytes(full))
}

/// "YYYYMMDDHHMMSSZ" to seconds since the epoch.
fn der_time(contents: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(contents).ok()?;
    if s.len() < 15 || !s.ends_with('Z') {
        return None;
    }
    let n = |a: usize, b: usize| s.get(a..b)?.parse::<i64>().ok();
    Some(
        days_from_civil(n(0, 4)?, n(4, 6)?, n(6, 8)?) * 86400
            + n(8, 10)? * 3600
            + n(10, 12)? * 60
            + n(12, 14)?,
    )
}

/// Parses a KRB-ERROR ([APPLICATION 30] SEQUENCE of context-tagged fields).
pub fn parse_krb_error(der: &[u8]) -> Result<KrbError> {
    let bad = || kerberos_error(KRB5_BADMSGTYPE, "malformed KRB-ERROR");
    let (t, app, _) = tlv(der).ok_or_else(bad)?;
    if t != tag::KRB_ERROR {
        return Err(bad());
    }
    let (t, mut fields, _) = tlv(app).ok_or_else(bad)?;
    if t != 0x30 {
        return Err(bad());
    }
    let mut e = KrbError::default();
    let mut have_code = false;
    while !fields.is_empty() {
        let (t, outer, rest) = tlv(fields).ok_or_else(bad)?;
        fields = rest;
        let (_, inner, _) = tlv(outer).ok_or_else(bad)?;
        match t {
            0xA4 => e.stime = der_time(inner).ok_or_else(bad)?,
            0xA5 => e.susec = der_int(inner).ok_or_else(bad)? as i32,
            0xA6 => {
                e.error_code = der_int(inner).ok_or_else(bad)? as i32;
                have_code = true;
            }
            0xAB => e.e_text = Some(String::from_utf8_lossy(inner).into_owned()),
            0xAC => e.e_data = Some(inner.to_vec()),
            _ => {}
        }
    }
    if !have_code {
        return Err(bad());
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        for secs in [0i64, 86399, 951782400, 1700000000, 4102444800, 2147483647] {
            assert_eq!(ktime_value(&ktime(secs)), secs, "{secs}");
        }
        let der = encode(&ktime(1700000000), "time").unwrap();
        assert_eq!(&der[2..], b"20231114221320Z");
        assert_eq!(der_time(&der[2..]), Some(1700000000));
    }

    #[test]
    fn integers_and_flags() {
        for v in [
            0i64,
            1,
            127,
            128,
            255,
            256,
            -1,
            -128,
            -129,
            0x7FFF_FFFF,
            0xFFFF_FFFF,
        ] {
            assert_eq!(int_value(&int(v)).unwrap(), v);
        }
        assert_eq!(int(128).as_signed_bytes_be(), [0, 128]);
        assert_eq!(flags_value(&flags(0x4080_0010)), 0x4080_0010);
        let der = encode(&flags(0x5000_0000), "flags").unwrap();
        assert_eq!(der, [0x03, 0x05, 0x00, 0x50, 0, 0, 0]);
    }

    #[test]
    fn principal_round_trip() {
        let p = Principal::parse("host/localhost@TEST.SSPI", None).unwrap();
        let n = principal_name(&p).unwrap();
        let der = encode(&n, "name").unwrap();
        let back: PrincipalName = decode(&der, "name").unwrap();
        assert_eq!(principal(&back, &kstring("TEST.SSPI").unwrap()).unwrap(), p);
        assert!(kstring("é").is_err());
    }

    #[test]
    fn krb_error_parsed_by_hand_and_mapped() {
        use picky_asn1::wrapper::*;
        use picky_krb::messages::{KrbError as PkError, KrbErrorInner};
        let inner = KrbErrorInner {
            pvno: ExplicitContextTag0::from(int(5)),
            msg_type: ExplicitContextTag1::from(int(30)),
            ctime: Optional::from(None),
            cusec: Optional::from(None),
            stime: ExplicitContextTag4::from(ktime(1700000000)),
            susec: ExplicitContextTag5::from(int(123456)),
            error_code: ExplicitContextTag6::from(24),
            crealm: Optional::from(None),
            cname: Optional::from(None),
            realm: ExplicitContextTag9::from(kstring("R").unwrap()),
            sname: ExplicitContextTag10::from(
                principal_name(&Principal::parse("krbtgt/R@R", None).unwrap()).unwrap(),
            ),
            e_text: Optional::from(Some(ExplicitContextTag11::from(kstring("bad").unwrap()))),
            e_data: Optional::from(Some(ExplicitContextTag12::from(OctetStringAsn1::from(
                encode(
                    &Asn1SequenceOf::from(vec![padata(pa::ETYPE_INFO2, vec![0x30, 0])]),
                    "md",
                )
                .unwrap(),
            )))),
        };
        let der = encode(&PkError::from(inner), "KRB-ERROR").unwrap();
        let e = parse_krb_error(&der).unwrap();
        assert_eq!((e.error_code, e.stime, e.susec), (24, 1700000000, 123456));
        assert_eq!(e.e_text.as_deref(), Some("bad"));
        let md = e.method_data();
        assert_eq!(find_padata(&md, pa::ETYPE_INFO2), Some(&[0x30, 0][..]));
        assert_eq!(
            e.to_error(""),
            Error::Kerberos {
                code: super::super::errors::KRB5KDC_ERR_PREAUTH_FAILED,
                message: "Preauthentication failed: bad".into()
            }
        );
        for n in 0..der.len() {
            assert!(parse_krb_error(&der[..n]).is_err());
        }
    }

    #[test]
    fn sealed_data_round_trip() {
        let key = Key::generate(Enctype::Aes256CtsHmacSha196).unwrap();
        let ed = seal(&key, 7, b"hello", Some(2)).unwrap();
        let der = encode(&ed, "ed").unwrap();
        let back: EncryptedData = decode(&der, "ed").unwrap();
        assert_eq!(unseal(&key, 7, &back).unwrap(), b"hello");
        let other = Key::generate(Enctype::Aes256CtsHmacSha196).unwrap();
        assert!(matches!(
            unseal(&other, 7, &back),
            Err(Error::Kerberos {
                code: KRB5KRB_AP_ERR_BAD_INTEGRITY,
                ..
            })
        ));
    }
}
