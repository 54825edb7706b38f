//! Credential caches: MIT's FILE format (version 4 read and written,
//! version 3 read), process-wide MEMORY: caches, and DIR: collections.
//!
//! FILE format (MIT "ccache file format"): 16-bit version 0x0504; for v4
//! a 16-bit header length and tagged fields (tag 1: KDC time offset, two
//! 32-bit numbers); the default principal; then credentials to the end of
//! the file. All integers big-endian. A principal is name type (32),
//! component count (32, realm not counted), realm and components (32-bit
//! counted). A credential is client, server, keyblock (enctype 16 —
//! written twice in v3 — and 32-bit counted key), authtime, starttime,
//! endtime, renew_till (32 each), is_skey (8), ticket flags (32),
//! addresses and authdata (32-bit count of (16-bit type, counted data)),
//! ticket and second ticket (counted).
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use once_cell::sync::Lazy;
use zeroize::Zeroizing;

use super::error::{ConfigError, ConfigErrorKind, ConfigResult};
use super::fsutil;
use super::principal::Principal;
use super::wire::{Put, Reader};
use crate::crypto::{Enctype, Key};

pub const VERSION_3: u16 = 0x0503;
pub const VERSION_4: u16 = 0x0504;
/// Header tag of the KDC time offset (seconds, microseconds).
pub const TAG_KDC_OFFSET: u16 = 1;
/// The realm of configuration entries (MIT's krb5_cc_set_config).
pub const CONFIG_REALM: &str = "X-CACHECONF:";
pub const CONFIG_COMPONENT: &str = "krb5_ccache_conf_data";
/// MIT's built-in default (DEFCCNAME).
pub const DEFAULT_CCACHE: &str = "FILE:/tmp/krb5cc_%{uid}";

/// Ticket flags (RFC 4120 section 5.3), as stored: bit 0 is the MSB.
pub mod flags {
    pub const FORWARDABLE: u32 = 0x4000_0000;
    pub const FORWARDED: u32 = 0x2000_0000;
    pub const PROXIABLE: u32 = 0x1000_0000;
    pub const PROXY: u32 = 0x0800_0000;
    pub const MAY_POSTDATE: u32 = 0x0400_0000;
    pub const POSTDATED: u32 = 0x0200_0000;
    pub const INVALID: u32 = 0x0100_0000;
    pub const RENEWABLE: u32 = 0x0080_0000;
    pub const INITIAL: u32 = 0x0040_0000;
    pub const PRE_AUTHENT: u32 = 0x0020_0000;
    pub const HW_AUTHENT: u32 = 0x0010_0000;
    pub const TRANSIT_POLICY_CHECKED: u32 = 0x0008_0000;
    pub const OK_AS_DELEGATE: u32 = 0x0004_0000;
    pub const ANONYMOUS: u32 = 0x0000_8000;
}

/// A (type, data) pair: a host address or an authorization-data element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedData {
    pub kind: u16,
    pub data: Vec<u8>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub client: Principal,
    pub server: Principal,
    /// Session key enctype as stored (may be one this library lacks).
    pub key_enctype: i32,
    pub key: Zeroizing<Vec<u8>>,
    pub authtime: u32,
    pub starttime: u32,
    pub endtime: u32,
    pub renew_till: u32,
    pub is_skey: bool,
    pub ticket_flags: u32,
    pub addresses: Vec<TypedData>,
    pub authdata: Vec<TypedData>,
    /// The DER Ticket.
    pub ticket: Vec<u8>,
    pub second_ticket: Vec<u8>,
}

// The session key is Zeroizing (the ticket itself is not secret).
impl zeroize::ZeroizeOnDrop for Credential {}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Credential({} -> {}, enctype {}, end {})",
            self.client, self.server, self.key_enctype, self.endtime
        )
    }
}

impl Credential {
    /// The session key, if its enctype is implemented.
    pub fn session_key(&self) -> Option<Key> {
        Key::new(Enctype::from_id(self.key_enctype)?, &self.key).ok()
    }

    /// A configuration entry (server realm X-CACHECONF:), not a ticket.
    pub fn is_config(&self) -> bool {
        self.server.realm == CONFIG_REALM
    }

    /// For a configuration entry: (key, principal it is about, value).
    pub fn config_entry(&self) -> Option<(&str, Option<&str>, &[u8])> {
        if !self.is_config()
            || self.server.components.first().map(String::as_str) != Some(CONFIG_COMPONENT)
        {
            return None;
        }
        let key = self.server.components.get(1)?;
        Some((
            key,
            self.server.components.get(2).map(String::as_str),
            &self.ticket,
        ))
    }

    /// A configuration entry as MIT's krb5_cc_set_config writes it.
    pub fn new_config(
        client: &Principal,
        key: &str,
        about: Option<&Principal>,
        value: &[u8],
    ) -> Credential {
        let mut comps = vec![CONFIG_COMPONENT.to_string(), key.to_string()];
        if let Some(p) = about {
            comps.push(p.to_string());
        }
        Credential {
            client: client.clone(),
            server: Principal {
                name_type: 0,
                realm: CONFIG_REALM.to_string(),
                components: comps,
            },
            key_enctype: 0,
            key: Zeroizing::new(Vec::new()),
            authtime: 0,
            starttime: 0,
            endtime: 0,
            renew_till: 0,
            is_skey: false,
            ticket_flags: 0,
            addresses: Vec::new(),
            authdata: Vec::new(),
            ticket: value.to_vec(),
            second_ticket: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ccache {
    /// The KDC time offset header tag (seconds, microseconds), if present.
    pub kdc_offset: Option<(i32, i32)>,
    /// Other header tags, kept as they were (tag, data).
    pub other_tags: Vec<(u16, Vec<u8>)>,
    pub principal: Principal,
    /// Tickets and configuration entries in file order.
    pub credentials: Vec<Credential>,
}

impl Ccache {
    pub fn new(principal: Principal) -> Ccache {
        Ccache {
            kdc_offset: None,
            other_tags: Vec::new(),
            principal,
            credentials: Vec::new(),
        }
    }

    pub fn parse(data: &[u8], path: Option<&Path>) -> ConfigResult<Ccache> {
        let mut r = Reader::new(data, path);
        let version = r.u16("ccache version")?;
        if version != VERSION_3 && version != VERSION_4 {
            return Err(ConfigError::at_offset(
                path,
                0,
                format!("unsupported credential cache version {version:#06x} (3 and 4 are read)"),
            ));
        }
        let mut cc = Ccache::new(Principal::new(0, "", &[]));
        if version == VERSION_4 {
            let len = r.u16("header length")? as usize;
            let header = r.bytes(len, "header")?;
            let mut h = Reader::new(header, path);
            while !h.is_empty() {
                let tag = h.u16("header tag")?;
                let data = h.data16("header tag data")?;
                if tag == TAG_KDC_OFFSET && data.len() == 8 {
                    let s = i32::from_be_bytes(data[..4].try_into().expect("4"));
                    let us = i32::from_be_bytes(data[4..].try_into().expect("4"));
                    cc.kdc_offset = Some((s, us));
                } else {
                    cc.other_tags.push((tag, data.to_vec()));
                }
            }
        }
        cc.principal = read_principal(&mut r)?;
        while !r.is_empty() {
            cc.credentials.push(read_credential(&mut r, version)?);
        }
        Ok(cc)
    }

    /// Serializes as version 4.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256 + self.credentials.len() * 1024);
        out.put_u16(VERSION_4);
        let mut header = Vec::new();
        if let Some((s, us)) = self.kdc_offset {
            header.put_u16(TAG_KDC_OFFSET);
            header.put_u16(8);
            header.put_u32(s as u32);
            header.put_u32(us as u32);
        }
        for (tag, data) in &self.other_tags {
            header.put_u16(*tag);
            header.put_data16(data);
        }
        out.put_data16(&header);
        write_principal(&mut out, &self.principal);
        for c in &self.credentials {
            write_credential(&mut out, c);
        }
        out
    }

    /// Tickets only (configuration entries skipped).
    pub fn tickets(&self) -> impl Iterator<Item = &Credential> {
        self.credentials.iter().filter(|c| !c.is_config())
    }

    /// The newest ticket for `server` (last stored wins, as in MIT).
    pub fn find(&self, server: &Principal) -> Option<&Credential> {
        self.tickets().filter(|c| c.server.matches(server)).last()
    }

    /// The value of a configuration entry.
    pub fn config(&self, key: &str, about: Option<&Principal>) -> Option<&[u8]> {
        let about = about.map(|p| p.to_string());
        self.credentials
            .iter()
            .filter_map(Credential::config_entry)
            .filter(|(k, a, _)| *k == key && a.map(str::to_string) == about)
            .map(|(_, _, v)| v)
            .next_back()
    }
}

fn read_principal(r: &mut Reader<'_>) -> ConfigResult<Principal> {
    let name_type = r.u32("principal name type")? as i32;
    let count = r.u32("principal component count")? as usize;
    if count > 64 {
        return Err(r.err(format!("principal with {count} components")));
    }
    let realm = r.data32("realm")?;
    let realm = r.utf8(realm, "realm")?;
    let mut components = Vec::with_capacity(count);
    for _ in 0..count {
        let c = r.data32("principal component")?;
        components.push(r.utf8(c, "principal component")?);
    }
    Ok(Principal {
        name_type,
        realm,
        components,
    })
}

fn write_principal(out: &mut Vec<u8>, p: &Principal) {
    out.put_u32(p.name_type as u32);
    out.put_u32(p.components.len() as u32);
    out.put_data32(p.realm.as_bytes());
    for c in &p.components {
        out.put_data32(c.as_bytes());
    }
}

fn read_typed_list(r: &mut Reader<'_>, what: &str) -> ConfigResult<Vec<TypedData>> {
    let n = r.u32(what)? as usize;
    if n > r.remaining() / 6 {
        return Err(r.err(format!("{what}: count {n} larger than the file")));
    }
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let kind = r.u16(what)?;
        let data = r.data32(what)?.to_vec();
        v.push(TypedData { kind, data });
    }
    Ok(v)
}

fn write_typed_list(out: &mut Vec<u8>, list: &[TypedData]) {
    out.put_u32(list.len() as u32);
    for t in list {
        out.put_u16(t.kind);
        out.put_data32(&t.data);
    }
}

fn read_credential(r: &mut Reader<'_>, version: u16) -> ConfigResult<Credential> {
    let client = read_principal(r)?;
    let server = read_principal(r)?;
    let key_enctype = r.u16("key enctype")? as i16 as i32;
    if version == VERSION_3 {
        r.u16("key enctype (repeated)")?;
    }
    let key = Zeroizing::new(r.data32("session key")?.to_vec());
    Ok(Credential {
        client,
        server,
        key_enctype,
        key,
        authtime: r.u32("authtime")?,
        starttime: r.u32("starttime")?,
        endtime: r.u32("endtime")?,
        renew_till: r.u32("renew_till")?,
        is_skey: r.u8("is_skey")? != 0,
        ticket_flags: r.u32("ticket flags")?,
        addresses: read_typed_list(r, "addresses")?,
        authdata: read_typed_list(r, "authdata")?,
        ticket: r.data32("ticket")?.to_vec(),
        second_ticket: r.data32("second ticket")?.to_vec(),
    })
}

fn write_credential(out: &mut Vec<u8>, c: &Credential) {
    write_principal(out, &c.client);
    write_principal(out, &c.server);
    out.put_u16(c.key_enctype as i16 as u16);
    out.put_data32(&c.key);
    for t in [c.authtime, c.starttime, c.endtime, c.renew_till] {
        out.put_u32(t);
    }
    out.put_u8(c.is_skey as u8);
    out.put_u32(c.ticket_flags);
    write_typed_list(out, &c.addresses);
    write_typed_list(out, &c.authdata);
    out.put_data32(&c.ticket);
    out.put_data32(&c.second_ticket);
}

fn credential_bytes(c: &Credential) -> Zeroizing<Vec<u8>> {
    let mut v = Zeroizing::new(Vec::with_capacity(512 + c.ticket.len()));
    write_credential(&mut v, c);
    v
}

// ------------------------------------------------------------- names --

/// Where a credential cache name points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CcacheLocation {
    File(PathBuf),
    Memory(String),
}

thread_local! {
    /// The cache gss_krb5_ccache_name chose for this thread (MIT keeps it
    /// per thread too, so one server thread's choice does not leak into
    /// another's request).
    static DEFAULT_OVERRIDE: std::cell::RefCell<Option<String>> =
        const { std::cell::RefCell::new(None) };
}

/// Sets (or with `None` clears) this thread's default cache name, as MIT's
/// gss_krb5_ccache_name does; returns the override it replaces. It wins
/// over KRB5CCNAME and krb5.conf in `default_name`.
pub fn set_default_override(name: Option<String>) -> Option<String> {
    DEFAULT_OVERRIDE.with(|o| o.replace(name.filter(|n| !n.is_empty())))
}

/// This thread's cache name set by `set_default_override`, if any.
pub fn default_override() -> Option<String> {
    DEFAULT_OVERRIDE.with(|o| o.borrow().clone())
}

/// The default cache name: this thread's `set_default_override`, then
/// KRB5CCNAME, then `default_ccache_name` from krb5.conf (passed in), then
/// MIT's FILE:/tmp/krb5cc_%{uid}.
pub fn default_name(configured: Option<&str>) -> String {
    if let Some(o) = default_override() {
        return o;
    }
    if let Ok(v) = std::env::var("KRB5CCNAME") {
        if !v.is_empty() {
            return v;
        }
    }
    configured.unwrap_or(DEFAULT_CCACHE).to_string()
}

/// Resolves a cache name to one cache: `FILE:path`, a plain path,
/// `MEMORY:name`, `DIR:dir` (the collection's primary cache: the file
/// named in `dir/primary`, `tkt` if none) or `DIR::dir/tktXXX` (one
/// cache of a collection). `%{uid}` and the other tokens are expanded.
pub fn resolve(name: &str) -> ConfigResult<CcacheLocation> {
    let (kind, rest) = match name.split_once(':') {
        Some((k, r)) if k.len() > 1 && !k.contains('/') => (k, r),
        _ => ("FILE", name),
    };
    match kind {
        "FILE" => Ok(CcacheLocation::File(PathBuf::from(fsutil::expand_path(rest)?))),
        "MEMORY" => Ok(CcacheLocation::Memory(rest.to_string())),
        "DIR" => {
            if let Some(sub) = rest.strip_prefix(':') {
                return Ok(CcacheLocation::File(PathBuf::from(fsutil::expand_path(sub)?)));
            }
            let dir = PathBuf::from(fsutil::expand_path(rest)?);
            Ok(CcacheLocation::File(dir_primary(&dir)?))
        }
        other => Err(ConfigError::new(
            ConfigErrorKind::Unsupported,
            format!("credential cache type {other}: in {name:?} is not supported (FILE:, DIR:, MEMORY:)"),
        )),
    }
}

/// The primary cache of a DIR: collection: `dir/primary` holds the file
/// name of the primary cache (MIT writes e.g. "tkt" or "tktAbC123").
pub fn dir_primary(dir: &Path) -> ConfigResult<PathBuf> {
    let primary = dir.join("primary");
    match std::fs::read_to_string(&primary) {
        Ok(s) => {
            let name = s.lines().next().unwrap_or("").trim();
            if name.is_empty() || name.contains('/') || !name.starts_with("tkt") {
                return Err(ConfigError::malformed(
                    &primary,
                    1,
                    format!("bad primary cache name {name:?}"),
                ));
            }
            Ok(dir.join(name))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(dir.join("tkt")),
        Err(e) => Err(ConfigError::io(&primary, &e)),
    }
}

/// The caches of a DIR: collection (files named tkt*), primary first.
pub fn dir_list(dir: &Path) -> ConfigResult<Vec<PathBuf>> {
    let primary = dir_primary(dir)?;
    let mut out = Vec::new();
    let rd = std::fs::read_dir(dir).map_err(|e| ConfigError::io(dir, &e))?;
    for entry in rd.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("tkt") && entry.path() != primary {
            out.push(entry.path());
        }
    }
    out.sort();
    if primary.exists() {
        out.insert(0, primary);
    }
    Ok(out)
}

/// Makes `file` (a tkt* file in `dir`) the collection's primary cache.
pub fn dir_set_primary(dir: &Path, file: &Path) -> ConfigResult<()> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tkt"))
        .ok_or_else(|| {
            ConfigError::new(
                ConfigErrorKind::Malformed,
                "DIR: cache file names start with tkt",
            )
        })?;
    fsutil::write_atomic(&dir.join("primary"), format!("{name}\n").as_bytes())
}

// --------------------------------------------------- memory caches --

static MEMORY: Lazy<Mutex<HashMap<String, Ccache>>> = Lazy::new(|| Mutex::new(HashMap::new()));

fn memory() -> std::sync::MutexGuard<'static, HashMap<String, Ccache>> {
    MEMORY.lock().unwrap_or_else(|p| p.into_inner())
}

// ------------------------------------------------- cache operations --

/// Reads the whole cache.
pub fn read(loc: &CcacheLocation) -> ConfigResult<Ccache> {
    match loc {
        CcacheLocation::File(p) => {
            let data = fsutil::read_locked(p)?;
            Ccache::parse(&data, Some(p))
        }
        CcacheLocation::Memory(n) => memory()
            .get(n)
            .cloned()
            .ok_or_else(|| ConfigError::not_found(None, format!("no credential cache MEMORY:{n}"))),
    }
}

/// Creates or empties the cache with a default principal (MIT's
/// krb5_cc_initialize): the file is replaced atomically, mode 0600.
pub fn initialize(loc: &CcacheLocation, principal: &Principal) -> ConfigResult<()> {
    write(loc, &Ccache::new(principal.clone()))
}

/// Replaces the whole cache.
pub fn write(loc: &CcacheLocation, cc: &Ccache) -> ConfigResult<()> {
    match loc {
        CcacheLocation::File(p) => fsutil::write_atomic(p, &Zeroizing::new(cc.to_bytes())),
        CcacheLocation::Memory(n) => {
            memory().insert(n.clone(), cc.clone());
            Ok(())
        }
    }
}

/// Adds a credential (MIT's krb5_cc_store): appended to the file.
pub fn store(loc: &CcacheLocation, cred: &Credential) -> ConfigResult<()> {
    match loc {
        CcacheLocation::File(p) => {
            // Check the file is a cache we understand before appending to it.
            let head = fsutil::read_locked(p)?;
            Ccache::parse(&head, Some(p))?;
            fsutil::append_locked(p, &credential_bytes(cred))
        }
        CcacheLocation::Memory(n) => {
            let mut m = memory();
            let cc = m.get_mut(n).ok_or_else(|| {
                ConfigError::not_found(None, format!("no credential cache MEMORY:{n}"))
            })?;
            cc.credentials.push(cred.clone());
            Ok(())
        }
    }
}

/// Deletes the cache (MIT's krb5_cc_destroy).
pub fn destroy(loc: &CcacheLocation) -> ConfigResult<()> {
    match loc {
        CcacheLocation::File(p) => std::fs::remove_file(p).map_err(|e| ConfigError::io(p, &e)),
        CcacheLocation::Memory(n) => {
            memory().remove(n);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
