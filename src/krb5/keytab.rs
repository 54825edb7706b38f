//! MIT keytab files: version 0x502 (big-endian, read and written) and
//! 0x501 (host byte order, read). Format: 0x05 0x0N, then entries, each a
//! signed 32-bit length (negative: a deleted entry, a hole to skip) and
//! the entry: component count (16 bits; 0x501 counts the realm too),
//! realm and components (16-bit counted), name type (32 bits, 0x502
//! only), timestamp (32 bits), kvno (8 bits), key (enctype 16 bits,
//! 16-bit counted contents), and an optional 32-bit kvno that overrides
//! the 8-bit one when present and non-zero.
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::error::{ConfigError, ConfigErrorKind, ConfigResult};
use super::fsutil;
use super::principal::{name_type, Principal};
use super::wire::{Endian, Put, Reader};
use crate::crypto::{Enctype, Key};

pub const VERSION_1: u16 = 0x0501;
pub const VERSION_2: u16 = 0x0502;
/// MIT's default keytab (DEFKTNAME).
pub const DEFAULT_KEYTAB: &str = "FILE:/etc/krb5.keytab";
/// MIT's default client keytab (DEFCKTNAME).
pub const DEFAULT_CLIENT_KEYTAB: &str = "FILE:/var/kerberos/krb5/user/%{euid}/client.keytab";

#[derive(Clone, PartialEq, Eq)]
pub struct KeytabEntry {
    pub principal: Principal,
    pub timestamp: u32,
    pub kvno: u32,
    /// The key's enctype number as stored (may be one this library lacks).
    pub enctype: i32,
    pub key: Zeroizing<Vec<u8>>,
}

// The key is Zeroizing: dropping an entry wipes it.
impl zeroize::ZeroizeOnDrop for KeytabEntry {}

impl std::fmt::Debug for KeytabEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "KeytabEntry({} kvno {} enctype {})",
            self.principal, self.kvno, self.enctype
        )
    }
}

impl KeytabEntry {
    /// The key, if its enctype is one this library implements.
    pub fn key(&self) -> Option<Key> {
        Key::new(Enctype::from_id(self.enctype)?, &self.key).ok()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keytab {
    pub entries: Vec<KeytabEntry>,
}

impl Keytab {
    /// Parses a keytab; `path` only labels errors.
    pub fn parse(data: &[u8], path: Option<&Path>) -> ConfigResult<Keytab> {
        let mut r = Reader::new(data, path);
        if r.u8("keytab version")? != 5 {
            return Err(ConfigError::at_offset(
                path,
                0,
                "not a keytab (first byte is not 5)",
            ));
        }
        let version = match r.u8("keytab version")? {
            1 => VERSION_1,
            2 => VERSION_2,
            v => {
                return Err(ConfigError::at_offset(
                    path,
                    1,
                    format!("unsupported keytab version 5.{v}"),
                ))
            }
        };
        if version == VERSION_1 {
            r.endian = Endian::Little;
        }
        let mut entries = Vec::new();
        while r.remaining() >= 4 {
            let size = r.u32("entry length")? as i32;
            if size == 0 {
                break; // MIT treats a zero length as the end.
            }
            if size < 0 {
                r.skip(size.unsigned_abs() as usize, "deleted entry")?;
                continue;
            }
            let start = r.pos();
            let body = r.bytes(size as usize, "entry")?;
            let mut e = Reader::new(body, path);
            e.endian = r.endian;
            let entry = parse_entry(&mut e, version).map_err(|mut err| {
                err.offset = err.offset.map(|o| o + start);
                err
            })?;
            entries.push(entry);
        }
        Ok(Keytab { entries })
    }

    /// Serializes as version 0x502.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![5, 2];
        for e in &self.entries {
            let body = entry_bytes(e);
            out.put_u32(body.len() as u32);
            out.extend_from_slice(&body);
        }
        out
    }

    pub fn read(path: &Path) -> ConfigResult<Keytab> {
        let data = fsutil::read_locked(path)?;
        Keytab::parse(&data, Some(path))
    }

    /// Writes the whole keytab, replacing the file atomically.
    pub fn write(&self, path: &Path) -> ConfigResult<()> {
        let data = Zeroizing::new(self.to_bytes());
        fsutil::write_atomic(path, &data)
    }

    /// Appends one entry to the keytab at `path`, creating it if missing.
    pub fn append(path: &Path, entry: &KeytabEntry) -> ConfigResult<()> {
        if !path.exists() {
            return Keytab {
                entries: vec![entry.clone()],
            }
            .write(path);
        }
        let head = fsutil::read_locked(path)?;
        if head.get(..2) != Some(&[5, 2][..]) {
            // Older or foreign format: rewrite it whole as 0x502.
            let mut kt = Keytab::parse(&head, Some(path))?;
            kt.entries.push(entry.clone());
            return kt.write(path);
        }
        let body = Zeroizing::new(entry_bytes(entry));
        let mut rec = Zeroizing::new(Vec::with_capacity(4 + body.len()));
        rec.put_u32(body.len() as u32);
        rec.extend_from_slice(&body);
        fsutil::append_locked(path, &rec)
    }

    /// The entry for `principal` with this kvno (highest kvno if `None`)
    /// and enctype (first in file order if `None`).
    pub fn find(
        &self,
        principal: &Principal,
        kvno: Option<u32>,
        enctype: Option<i32>,
    ) -> Option<&KeytabEntry> {
        let candidates = self
            .entries
            .iter()
            .filter(|e| e.principal.matches(principal))
            .filter(|e| enctype.is_none_or(|t| e.enctype == t));
        match kvno {
            Some(k) => candidates.into_iter().find(|e| e.kvno == k),
            None => {
                let mut best: Option<&KeytabEntry> = None;
                for e in candidates {
                    if best.is_none_or(|b| e.kvno > b.kvno) {
                        best = Some(e);
                    }
                }
                best
            }
        }
    }
}

fn parse_entry(e: &mut Reader<'_>, version: u16) -> ConfigResult<KeytabEntry> {
    let mut count = e.u16("component count")? as usize;
    if version == VERSION_1 {
        count = count
            .checked_sub(1)
            .ok_or_else(|| e.err("component count 0 in a 0x501 keytab"))?;
    }
    let realm = e.data16("realm")?;
    let realm = e.utf8(realm, "realm")?;
    let mut components = Vec::with_capacity(count);
    for _ in 0..count {
        let c = e.data16("component")?;
        components.push(e.utf8(c, "principal component")?);
    }
    let name_type = if version == VERSION_2 {
        e.u32("name type")? as i32
    } else {
        name_type::UNKNOWN
    };
    let timestamp = e.u32("timestamp")?;
    let mut kvno = e.u8("kvno")? as u32;
    let enctype = e.u16("enctype")? as i16 as i32;
    let key = Zeroizing::new(e.data16("key")?.to_vec());
    if e.remaining() >= 4 {
        let k32 = e.u32("32-bit kvno")?;
        if k32 != 0 {
            kvno = k32;
        }
    }
    Ok(KeytabEntry {
        principal: Principal {
            name_type,
            realm,
            components,
        },
        timestamp,
        kvno,
        enctype,
        key,
    })
}

fn entry_bytes(e: &KeytabEntry) -> Vec<u8> {
    let mut b = Vec::with_capacity(64 + e.key.len());
    b.put_u16(e.principal.components.len() as u16);
    b.put_data16(e.principal.realm.as_bytes());
    for c in &e.principal.components {
        b.put_data16(c.as_bytes());
    }
    b.put_u32(e.principal.name_type as u32);
    b.put_u32(e.timestamp);
    b.put_u8(e.kvno as u8); // low 8 bits; the full kvno follows
    b.put_u16(e.enctype as i16 as u16);
    b.put_data16(&e.key);
    b.put_u32(e.kvno);
    b
}

/// The acceptor keytab a program named with
/// krb5_gss_register_acceptor_identity, for the whole process.
static ACCEPTOR_OVERRIDE: parking_lot::RwLock<Option<String>> = parking_lot::RwLock::new(None);

/// Sets (or with `None` clears) the process-wide acceptor keytab name, as
/// MIT's krb5_gss_register_acceptor_identity does; it wins over
/// KRB5_KTNAME and krb5.conf in `default_name(false, ..)`.
pub fn set_acceptor_override(name: Option<String>) {
    *ACCEPTOR_OVERRIDE.write() = name.filter(|n| !n.is_empty());
}

/// The acceptor keytab name set by `set_acceptor_override`, if any.
pub fn acceptor_override() -> Option<String> {
    ACCEPTOR_OVERRIDE.read().clone()
}

/// The keytab name to use: for an acceptor the registered acceptor
/// identity (`set_acceptor_override`), then KRB5_KTNAME; for an initiator
/// KRB5_CLIENT_KTNAME; then `default_keytab_name` /
/// `default_client_keytab_name` from krb5.conf (passed in), then MIT's
/// defaults.
pub fn default_name(client: bool, configured: Option<&str>) -> String {
    if !client {
        if let Some(o) = acceptor_override() {
            return o;
        }
    }
    let var = if client {
        "KRB5_CLIENT_KTNAME"
    } else {
        "KRB5_KTNAME"
    };
    if let Ok(v) = std::env::var(var) {
        if !v.is_empty() {
            return v;
        }
    }
    if let Some(c) = configured {
        return c.to_string();
    }
    if client {
        DEFAULT_CLIENT_KEYTAB
    } else {
        DEFAULT_KEYTAB
    }
    .to_string()
}

/// The file behind a keytab name: `FILE:path`, `WRFILE:path` or a path.
/// Other types (MEMORY:, KEYRING:, KDB:) are not supported.
pub fn resolve(name: &str) -> ConfigResult<PathBuf> {
    if let Some((kind, _)) = name.split_once(':') {
        if kind.len() > 1 && !kind.contains('/') && kind != "FILE" && kind != "WRFILE" {
            return Err(ConfigError::new(
                ConfigErrorKind::Unsupported,
                format!("keytab type {kind}: in {name:?} is not supported (FILE: only)"),
            ));
        }
    }
    fsutil::file_path(name)
}

#[cfg(test)]
mod tests {

    #[test]
    fn acceptor_override_wins_for_acceptors_only() {
        set_acceptor_override(Some("FILE:/tmp/registered.keytab".into()));
        assert_eq!(
            acceptor_override().as_deref(),
            Some("FILE:/tmp/registered.keytab")
        );
        assert_eq!(
            default_name(false, Some("FILE:/etc/conf.keytab")),
            "FILE:/tmp/registered.keytab"
        );
        assert_ne!(default_name(true, None), "FILE:/tmp/registered.keytab");
        set_acceptor_override(None);
        assert_eq!(acceptor_override(), None);
        assert_ne!(default_name(false, None), "FILE:/tmp/registered.keytab");
    }

    use super::*;
    use crate::crypto::{string_to_key, test_util::unhex};

    const KTUTIL: &[u8] = include_bytes!("testdata/ktutil.keytab");

    /// A keytab written by MIT's ktutil (see testdata/README.md):
    /// `addent -password -p user@TEST.SSPI -k 1 -e ...` with password
    /// "fixture-pw" for three enctypes, and HTTP/web.test.sspi kvno 300.
    #[test]
    fn parses_mit_ktutil_keytab() {
        let kt = Keytab::parse(KTUTIL, None).unwrap();
        assert_eq!(kt.entries.len(), 4);
        let user = Principal::new(name_type::PRINCIPAL, "TEST.SSPI", &["user"]);
        let http = Principal::new(
            name_type::PRINCIPAL,
            "TEST.SSPI",
            &["HTTP", "web.test.sspi"],
        );
        let want = [
            (&user, 1, 18),
            (&user, 1, 19),
            (&user, 1, 23),
            (&http, 300, 20),
        ];
        for (e, (p, kvno, et)) in kt.entries.iter().zip(want) {
            assert_eq!(&e.principal, p);
            assert_eq!(e.kvno, kvno);
            assert_eq!(e.enctype, et);
            assert_eq!(e.timestamp, 1795457013); // 2026-11-23 18:03:33 UTC, as klist -kt shows
        }
        // Each key equals our string-to-key of the same password and salt.
        for e in &kt.entries {
            let etype = Enctype::from_id(e.enctype).unwrap();
            let ours = string_to_key(etype, b"fixture-pw", &e.principal.salt(), None).unwrap();
            assert_eq!(ours.bytes(), &e.key[..], "{etype}");
            assert_eq!(e.key().unwrap(), ours);
        }
        assert_eq!(
            &kt.entries[2].key[..],
            &unhex("acee00814396a56f64b81a959d611832")[..]
        );
        // Lookups.
        assert_eq!(kt.find(&http, None, None).unwrap().kvno, 300);
        assert_eq!(kt.find(&user, Some(1), Some(23)).unwrap().enctype, 23);
        assert!(kt.find(&user, Some(2), None).is_none());
        // Our writer reproduces MIT's bytes exactly.
        assert_eq!(kt.to_bytes(), KTUTIL);
    }

    #[test]
    fn deleted_entries_and_v1() {
        let kt = Keytab::parse(KTUTIL, None).unwrap();
        // Insert a hole (negative length) before the second entry.
        let mut data = vec![5, 2];
        let first = entry_bytes(&kt.entries[0]);
        data.put_u32(first.len() as u32);
        data.extend_from_slice(&first);
        data.put_u32((-10i32) as u32);
        data.extend_from_slice(&[0; 10]);
        let second = entry_bytes(&kt.entries[1]);
        data.put_u32(second.len() as u32);
        data.extend_from_slice(&second);
        let parsed = Keytab::parse(&data, None).unwrap();
        assert_eq!(parsed.entries, kt.entries[..2]);

        // A 0x501 entry: little-endian, count includes the realm, no name type.
        let mut v1 = vec![5, 1];
        let mut body = Vec::new();
        body.extend_from_slice(&2u16.to_le_bytes());
        body.extend_from_slice(&1u16.to_le_bytes());
        body.extend_from_slice(b"R");
        body.extend_from_slice(&1u16.to_le_bytes());
        body.extend_from_slice(b"u");
        body.extend_from_slice(&7u32.to_le_bytes());
        body.push(4);
        body.extend_from_slice(&23u16.to_le_bytes());
        body.extend_from_slice(&16u16.to_le_bytes());
        body.extend_from_slice(&[9; 16]);
        v1.extend_from_slice(&(body.len() as u32).to_le_bytes());
        v1.extend_from_slice(&body);
        let parsed = Keytab::parse(&v1, None).unwrap();
        let e = &parsed.entries[0];
        assert_eq!(
            (
                e.principal.to_string().as_str(),
                e.timestamp,
                e.kvno,
                e.enctype
            ),
            ("u@R", 7, 4, 23)
        );
    }

    #[test]
    fn truncated_keytab_names_the_offset() {
        let err = Keytab::parse(&KTUTIL[..40], Some(Path::new("/k.keytab"))).unwrap_err();
        assert!(err.to_string().starts_with("/k.keytab: byte "), "{err}");
    }

    #[test]
    fn write_append_round_trip() {
        let dir = std::env::temp_dir().join(format!("sspi-kt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.keytab");
        let _ = std::fs::remove_file(&path);
        let kt = Keytab::parse(KTUTIL, None).unwrap();
        for e in &kt.entries {
            Keytab::append(&path, e).unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), KTUTIL);
        assert_eq!(Keytab::read(&path).unwrap(), kt);
        // MIT's klist reads what we wrote.
        match std::process::Command::new("klist")
            .arg("-k")
            .arg(format!("FILE:{}", path.display()))
            .output()
        {
            Ok(out) => {
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(text.contains(" 300 HTTP/web.test.sspi@TEST.SSPI"), "{text}");
                assert_eq!(text.matches("user@TEST.SSPI").count(), 3, "{text}");
            }
            Err(_) => println!(
                "klist not found: skipping the MIT interop check (apt-get install krb5-user)"
            ),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names() {
        assert_eq!(
            resolve("FILE:/etc/x.keytab").unwrap(),
            PathBuf::from("/etc/x.keytab")
        );
        assert_eq!(resolve("/etc/y").unwrap(), PathBuf::from("/etc/y"));
        assert_eq!(resolve("/etc/a:b").unwrap(), PathBuf::from("/etc/a:b"));
        assert!(resolve("MEMORY:foo").is_err());
    }
}
