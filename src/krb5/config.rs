//! krb5.conf in MIT's profile format: `[section]` headers, `tag = value`
//! relations, `tag = { ... }` subsections, `*` final markers (`[s]*`,
//! `tag* = v`, `}*`), `#` and `;` comment lines, and the `include FILE`,
//! `includedir DIR` and `module` directives at the start of a line.
//!
//! KRB5_CONFIG is a colon-separated list of files (default
//! /etc/krb5.conf), read per call and cached by each file's (path, mtime,
//! length); a missing file is skipped, as MIT does.
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use once_cell::sync::Lazy;

use super::error::{ConfigError, ConfigErrorKind, ConfigResult};
use crate::crypto::Enctype;

pub const DEFAULT_CONFIG: &str = "/etc/krb5.conf";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Sub(Vec<Relation>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub tag: String,
    pub value: Value,
    /// Marked final (`*`): later files add nothing under it.
    pub is_final: bool,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub relations: Vec<Relation>,
    pub is_final: bool,
}

/// One top-level file with its includes merged in, as MIT does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFile {
    pub path: PathBuf,
    pub sections: Vec<Section>,
}

/// The parsed configuration: the files of KRB5_CONFIG in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Krb5Config {
    pub files: Vec<ProfileFile>,
    /// Every file and directory read, with its (mtime, length) when read.
    stamps: Vec<(PathBuf, Option<(SystemTime, u64)>)>,
}

// ------------------------------------------------------------ parser --

struct Parser<'a> {
    sections: &'a mut Vec<Section>,
    stamps: &'a mut Vec<(PathBuf, Option<(SystemTime, u64)>)>,
    depth: usize,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl Parser<'_> {
    fn parse_file(&mut self, path: &Path) -> ConfigResult<()> {
        if self.depth > 10 {
            return Err(ConfigError::new(
                ConfigErrorKind::Malformed,
                format!("{}: includes nested too deeply", path.display()),
            ));
        }
        let text = std::fs::read(path).map_err(|e| ConfigError::io(path, &e))?;
        self.stamps.push((path.to_path_buf(), stamp(path)));
        let text = String::from_utf8_lossy(&text);
        self.parse_text(&text, path)
    }

    fn parse_text(&mut self, text: &str, path: &Path) -> ConfigResult<()> {
        // Open subsections: the stack of relation lists being filled.
        let mut stack: Vec<(String, Vec<Relation>, usize)> = Vec::new();
        // The section this file is filling (an included file starts its own).
        let mut current: Option<usize> = None;
        for (i, raw) in text.lines().enumerate() {
            let lineno = i + 1;
            let line = raw.trim_end_matches(['\r', '\n']);
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
                continue;
            }
            if stack.is_empty() {
                if let Some(rest) = directive(line, "includedir") {
                    self.include_dir(Path::new(rest), path, lineno)?;
                    continue;
                }
                if let Some(rest) = directive(line, "include") {
                    self.include_file(Path::new(rest), path, lineno)?;
                    continue;
                }
                if directive(line, "module").is_some() {
                    continue;
                }
            }
            if let Some(rest) = t.strip_prefix('[') {
                if !stack.is_empty() {
                    return Err(ConfigError::malformed(
                        path,
                        lineno,
                        "section header inside an unclosed '{'",
                    ));
                }
                let end = rest.find(']').ok_or_else(|| {
                    ConfigError::malformed(path, lineno, "section header without ']'")
                })?;
                let name = rest[..end].trim();
                if name.is_empty() {
                    return Err(ConfigError::malformed(path, lineno, "empty section name"));
                }
                let after = rest[end + 1..].trim();
                let is_final = after.starts_with('*');
                if !after.is_empty() && !is_final {
                    return Err(ConfigError::malformed(
                        path,
                        lineno,
                        "text after a section header",
                    ));
                }
                self.sections.push(Section {
                    name: name.to_string(),
                    relations: Vec::new(),
                    is_final,
                });
                current = Some(self.sections.len() - 1);
                continue;
            }
            if let Some(rest) = t.strip_prefix('}') {
                let (tag, rels, start) = stack.pop().ok_or_else(|| {
                    ConfigError::malformed(path, lineno, "'}' without a matching '{'")
                })?;
                let is_final = rest.trim_start().starts_with('*') || tag.ends_with('*');
                let rel = Relation {
                    tag: tag.trim_end_matches('*').to_string(),
                    value: Value::Sub(rels),
                    is_final,
                    line: start,
                };
                self.push(current, &mut stack, rel);
                continue;
            }
            if current.is_none() {
                return Err(ConfigError::malformed(
                    path,
                    lineno,
                    "relation before the first [section]",
                ));
            }
            let eq = t.find('=').ok_or_else(|| {
                ConfigError::malformed(path, lineno, format!("expected 'tag = value', found {t:?}"))
            })?;
            let tag = t[..eq].trim();
            if tag.is_empty() || tag.contains(char::is_whitespace) {
                return Err(ConfigError::malformed(
                    path,
                    lineno,
                    format!("bad tag {tag:?}"),
                ));
            }
            let value = t[eq + 1..].trim();
            if value == "{" {
                stack.push((tag.to_string(), Vec::new(), lineno));
                continue;
            }
            let is_final = tag.ends_with('*');
            let rel = Relation {
                tag: tag.trim_end_matches('*').to_string(),
                value: Value::Str(unquote(value)),
                is_final,
                line: lineno,
            };
            self.push(current, &mut stack, rel);
        }
        if let Some((tag, _, start)) = stack.last() {
            return Err(ConfigError::malformed(
                path,
                *start,
                format!("'{tag} = {{' is never closed"),
            ));
        }
        Ok(())
    }

    fn push(
        &mut self,
        current: Option<usize>,
        stack: &mut [(String, Vec<Relation>, usize)],
        rel: Relation,
    ) {
        match (stack.last_mut(), current) {
            (Some((_, rels, _)), _) => rels.push(rel),
            (None, Some(i)) => self.sections[i].relations.push(rel),
            (None, None) => {} // unreachable: checked before any relation
        }
    }

    fn include_file(&mut self, file: &Path, from: &Path, line: usize) -> ConfigResult<()> {
        if !file.is_absolute() {
            return Err(ConfigError::malformed(
                from,
                line,
                "include needs an absolute path",
            ));
        }
        self.depth += 1;
        let r = self.parse_file(file).map_err(|e| {
            if e.line.is_none() && e.kind != ConfigErrorKind::Malformed {
                ConfigError::malformed(
                    from,
                    line,
                    format!("include {}: {}", file.display(), e.message),
                )
            } else {
                e
            }
        });
        self.depth -= 1;
        r
    }

    fn include_dir(&mut self, dir: &Path, from: &Path, line: usize) -> ConfigResult<()> {
        if !dir.is_absolute() {
            return Err(ConfigError::malformed(
                from,
                line,
                "includedir needs an absolute path",
            ));
        }
        let rd = std::fs::read_dir(dir).map_err(|e| {
            ConfigError::malformed(from, line, format!("includedir {}: {e}", dir.display()))
        })?;
        self.stamps.push((dir.to_path_buf(), stamp(dir)));
        let mut names: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(valid_include_name)
            })
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for p in names {
            self.include_file(&p, from, line)?;
        }
        Ok(())
    }
}

/// `include` and friends: the keyword at the very start of the line,
/// then whitespace and the argument.
fn directive<'l>(line: &'l str, word: &str) -> Option<&'l str> {
    let rest = line.strip_prefix(word)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim())
}

/// MIT reads files of an includedir whose names are made of letters,
/// digits, '-' and '_', or end in ".conf"; never dot files or backups.
fn valid_include_name(name: &str) -> bool {
    if name.starts_with('.') {
        return false;
    }
    name.ends_with(".conf")
        || name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A value, with MIT's double-quote form (`\n`, `\t`, `\b`, `\\`, `\"`).
fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"') else {
        return v.to_string();
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('b') => out.push('\u{8}'),
                Some(o) => out.push(o),
                None => break,
            },
            c => out.push(c),
        }
    }
    out
}

// ----------------------------------------------------------- loading --

impl Krb5Config {
    /// Parses the given files in order; missing files are skipped.
    pub fn from_files(paths: &[PathBuf]) -> ConfigResult<Krb5Config> {
        let mut cfg = Krb5Config::default();
        for p in paths {
            let mut sections = Vec::new();
            let mut parser = Parser {
                sections: &mut sections,
                stamps: &mut cfg.stamps,
                depth: 0,
            };
            match parser.parse_file(p) {
                Ok(()) => cfg.files.push(ProfileFile {
                    path: p.clone(),
                    sections,
                }),
                Err(e)
                    if e.kind == ConfigErrorKind::NotFound
                        && e.line.is_none()
                        && e.path.as_deref() == Some(p) =>
                {
                    cfg.stamps.push((p.clone(), None));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(cfg)
    }

    /// Parses text as if it were the file `path` (tests, embedded defaults).
    pub fn parse_str(text: &str, path: &Path) -> ConfigResult<Krb5Config> {
        let mut cfg = Krb5Config::default();
        let mut sections = Vec::new();
        Parser {
            sections: &mut sections,
            stamps: &mut cfg.stamps,
            depth: 0,
        }
        .parse_text(text, path)?;
        cfg.files.push(ProfileFile {
            path: path.to_path_buf(),
            sections,
        });
        Ok(cfg)
    }

    /// The files KRB5_CONFIG names (colon-separated), else /etc/krb5.conf.
    pub fn env_paths() -> Vec<PathBuf> {
        match std::env::var("KRB5_CONFIG") {
            Ok(v) if !v.is_empty() => v
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect(),
            _ => vec![PathBuf::from(DEFAULT_CONFIG)],
        }
    }

    /// The configuration for this call: KRB5_CONFIG is read now, and the
    /// parsed files are reused while no file read has changed.
    pub fn load() -> ConfigResult<Arc<Krb5Config>> {
        Krb5Config::load_from(Krb5Config::env_paths())
    }

    /// [`Krb5Config::load`] for an explicit list of files.
    pub fn load_from(paths: Vec<PathBuf>) -> ConfigResult<Arc<Krb5Config>> {
        type Cached = Option<(Vec<PathBuf>, Arc<Krb5Config>)>;
        static CACHE: Lazy<Mutex<Cached>> = Lazy::new(|| Mutex::new(None));
        {
            let cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((p, cfg)) = cache.as_ref() {
                if *p == paths && cfg.stamps.iter().all(|(f, s)| stamp(f) == *s) {
                    return Ok(cfg.clone());
                }
            }
        }
        // Parse outside the lock; the last writer wins, which is harmless.
        let cfg = Arc::new(Krb5Config::from_files(&paths)?);
        *CACHE.lock().unwrap_or_else(|p| p.into_inner()) = Some((paths, cfg.clone()));
        Ok(cfg)
    }

    // ------------------------------------------------------- lookups --

    /// Every value at `path` (section, tag, subtag...), across files in
    /// order; a final node stops later files from adding to it.
    pub fn values(&self, path: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.files {
            let mut stop = false;
            for s in f.sections.iter().filter(|s| s.name == path[0]) {
                stop |= s.is_final;
                collect(&s.relations, &path[1..], &mut out, &mut stop);
            }
            if stop && !out.is_empty() {
                break;
            }
        }
        out
    }

    /// The first value at `path`.
    pub fn string(&self, path: &[&str]) -> Option<String> {
        self.values(path).into_iter().next()
    }

    /// Where the first value at `path` was defined: (file, line).
    pub fn location(&self, path: &[&str]) -> Option<(PathBuf, usize)> {
        for f in &self.files {
            for s in f.sections.iter().filter(|s| s.name == path[0]) {
                if let Some(l) = locate(&s.relations, &path[1..]) {
                    return Some((f.path.clone(), l));
                }
            }
        }
        None
    }

    /// The tags of the subsections at `path` (e.g. the realms of [realms]).
    pub fn subsection_names(&self, path: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in &self.files {
            for s in f.sections.iter().filter(|s| s.name == path[0]) {
                let mut rels = &s.relations;
                let mut ok = true;
                for p in &path[1..] {
                    match rels.iter().find_map(|r| match &r.value {
                        Value::Sub(v) if r.tag == *p => Some(v),
                        _ => None,
                    }) {
                        Some(v) => rels = v,
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    for r in rels {
                        if matches!(r.value, Value::Sub(_)) && !out.contains(&r.tag) {
                            out.push(r.tag.clone());
                        }
                    }
                }
            }
        }
        out
    }

    fn typed<T>(
        &self,
        path: &[&str],
        parse: impl Fn(&str) -> Option<T>,
        what: &str,
    ) -> ConfigResult<Option<T>> {
        match self.string(path) {
            None => Ok(None),
            Some(v) => parse(&v).map(Some).ok_or_else(|| {
                let msg = format!("{} = {v:?} is not {what}", path.join("."));
                match self.location(path) {
                    Some((f, l)) => ConfigError::malformed(&f, l, msg),
                    None => ConfigError::new(ConfigErrorKind::Malformed, msg),
                }
            }),
        }
    }

    /// A [libdefaults] value: the realm's own `REALM = { tag = ... }`
    /// subsection first, then the plain relation (MIT's order).
    pub fn libdefault(&self, tag: &str, realm: Option<&str>) -> Option<String> {
        if let Some(r) = realm {
            if let Some(v) = self.string(&["libdefaults", r, tag]) {
                return Some(v);
            }
        }
        self.string(&["libdefaults", tag])
    }

    fn libdefault_path<'a>(&self, tag: &'a str, realm: Option<&'a str>) -> Vec<&'a str> {
        match realm {
            Some(r) if self.string(&["libdefaults", r, tag]).is_some() => {
                vec!["libdefaults", r, tag]
            }
            _ => vec!["libdefaults", tag],
        }
    }

    pub fn libdefault_bool(
        &self,
        tag: &str,
        realm: Option<&str>,
        default: bool,
    ) -> ConfigResult<bool> {
        let path = self.libdefault_path(tag, realm);
        Ok(self
            .typed(&path, parse_bool, "a boolean")?
            .unwrap_or(default))
    }

    /// A duration in seconds (MIT's krb5_string_to_deltat syntax).
    pub fn libdefault_duration(
        &self,
        tag: &str,
        realm: Option<&str>,
        default: i64,
    ) -> ConfigResult<i64> {
        let path = self.libdefault_path(tag, realm);
        Ok(self
            .typed(&path, parse_duration, "a duration")?
            .unwrap_or(default))
    }

    pub fn libdefault_int(
        &self,
        tag: &str,
        realm: Option<&str>,
        default: i64,
    ) -> ConfigResult<i64> {
        let path = self.libdefault_path(tag, realm);
        Ok(self
            .typed(&path, |s| s.trim().parse().ok(), "an integer")?
            .unwrap_or(default))
    }

    pub fn default_realm(&self) -> Option<String> {
        self.string(&["libdefaults", "default_realm"])
    }

    /// The realm's `kdc` entries (host, host:port, [v6]:port), in order.
    pub fn kdcs(&self, realm: &str) -> Vec<String> {
        self.realm_list(realm, "kdc")
    }

    pub fn admin_servers(&self, realm: &str) -> Vec<String> {
        self.realm_list(realm, "admin_server")
    }

    pub fn master_kdcs(&self, realm: &str) -> Vec<String> {
        self.realm_list(realm, "primary_kdc")
            .into_iter()
            .chain(self.realm_list(realm, "master_kdc"))
            .collect()
    }

    /// Values of a [realms] REALM tag; several may share a line, separated
    /// by whitespace or commas, as MIT's locate_kdc accepts.
    pub fn realm_list(&self, realm: &str, tag: &str) -> Vec<String> {
        self.values(&["realms", realm, tag])
            .iter()
            .flat_map(|v| {
                v.split([' ', '\t', ','])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// [domain_realm]: the host itself, then each parent domain as
    /// `.domain` (so ".example.com" covers every host under it), then
    /// bare `domain` entries for parents. Case-insensitive; None if no
    /// entry matches (callers fall back on default_realm or the domain).
    pub fn realm_for_host(&self, host: &str) -> Option<String> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let lookup = |key: &str| -> Option<String> {
            for f in &self.files {
                for s in f.sections.iter().filter(|s| s.name == "domain_realm") {
                    for r in &s.relations {
                        if let Value::Str(v) = &r.value {
                            if r.tag.eq_ignore_ascii_case(key) {
                                return Some(v.clone());
                            }
                        }
                    }
                }
            }
            None
        };
        if let Some(r) = lookup(&host) {
            return Some(r);
        }
        let mut rest = host.as_str();
        while let Some(dot) = rest.find('.') {
            let parent = &rest[dot..]; // ".example.com"
            if let Some(r) = lookup(parent) {
                return Some(r);
            }
            rest = &rest[dot + 1..];
        }
        None
    }

    /// [libdefaults] dns_canonicalize_hostname: true (the default),
    /// false or fallback.
    fn canonicalize_hostname(&self, realm: Option<&str>) -> ConfigResult<Canonicalize> {
        let tag = "dns_canonicalize_hostname";
        Ok(match self.libdefault(tag, realm) {
            None => Canonicalize::True,
            Some(v) if v.eq_ignore_ascii_case("fallback") => Canonicalize::Fallback,
            Some(v) => match parse_bool(&v) {
                Some(true) => Canonicalize::True,
                Some(false) => Canonicalize::False,
                None => {
                    let (f, l) = self
                        .location(&self.libdefault_path(tag, realm))
                        .unwrap_or_default();
                    return Err(ConfigError::malformed(
                        &f,
                        l,
                        format!("{tag} = {v:?} is not true, false or fallback"),
                    ));
                }
            },
        })
    }

    /// The [libdefaults] settings a Kerberos package needs, parsed once.
    pub fn libdefaults(&self, realm: Option<&str>) -> ConfigResult<LibDefaults> {
        let dns_fallback = self.libdefault_bool("dns_fallback", realm, true)?;
        let canon = self.canonicalize_hostname(realm)?;
        let allow_weak = self.libdefault_bool("allow_weak_crypto", realm, false)?;
        let list = |tag: &str, default: &[Enctype]| -> Vec<Enctype> {
            match self.libdefault(tag, realm) {
                Some(v) => parse_enctype_list(&v, default),
                None => default.to_vec(),
            }
        };
        let permitted = list("permitted_enctypes", &Enctype::ALL);
        Ok(LibDefaults {
            default_realm: self.default_realm(),
            dns_lookup_kdc: self.libdefault_bool("dns_lookup_kdc", realm, dns_fallback)?,
            dns_lookup_realm: self.libdefault_bool("dns_lookup_realm", realm, false)?,
            dns_canonicalize_hostname: canon,
            rdns: self.libdefault_bool("rdns", realm, true)?,
            udp_preference_limit: self.libdefault_int("udp_preference_limit", realm, 1465)?,
            clockskew: self.libdefault_duration("clockskew", realm, 300)?,
            ticket_lifetime: self.libdefault_duration("ticket_lifetime", realm, 86400)?,
            renew_lifetime: self.libdefault_duration("renew_lifetime", realm, 0)?,
            forwardable: self.libdefault_bool("forwardable", realm, false)?,
            proxiable: self.libdefault_bool("proxiable", realm, false)?,
            default_ccache_name: self.libdefault("default_ccache_name", realm),
            default_keytab_name: self.libdefault("default_keytab_name", realm),
            default_client_keytab_name: self.libdefault("default_client_keytab_name", realm),
            default_tkt_enctypes: list("default_tkt_enctypes", &permitted),
            default_tgs_enctypes: list("default_tgs_enctypes", &permitted),
            permitted_enctypes: permitted,
            allow_weak_crypto: allow_weak,
            allow_rc4: self.libdefault_bool("allow_rc4", realm, false)?,
        })
    }
}

fn collect(rels: &[Relation], path: &[&str], out: &mut Vec<String>, stop: &mut bool) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    for r in rels.iter().filter(|r| r.tag == *first) {
        match (&r.value, rest.is_empty()) {
            (Value::Str(v), true) => {
                out.push(v.clone());
                *stop |= r.is_final;
            }
            (Value::Sub(sub), false) => {
                *stop |= r.is_final;
                collect(sub, rest, out, stop);
            }
            _ => {}
        }
    }
}

fn locate(rels: &[Relation], path: &[&str]) -> Option<usize> {
    let (first, rest) = path.split_first()?;
    for r in rels.iter().filter(|r| r.tag == *first) {
        match (&r.value, rest.is_empty()) {
            (Value::Str(_), true) => return Some(r.line),
            (Value::Sub(sub), false) => {
                if let Some(l) = locate(sub, rest) {
                    return Some(l);
                }
            }
            _ => {}
        }
    }
    None
}

/// What dns_canonicalize_hostname asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Canonicalize {
    True,
    False,
    Fallback,
}

impl std::fmt::Display for Canonicalize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Canonicalize::True => "true",
            Canonicalize::False => "false",
            Canonicalize::Fallback => "fallback",
        })
    }
}

/// Typed [libdefaults]; durations in seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibDefaults {
    pub default_realm: Option<String>,
    pub dns_lookup_kdc: bool,
    pub dns_lookup_realm: bool,
    pub dns_canonicalize_hostname: Canonicalize,
    pub rdns: bool,
    pub udp_preference_limit: i64,
    pub clockskew: i64,
    pub ticket_lifetime: i64,
    pub renew_lifetime: i64,
    pub forwardable: bool,
    pub proxiable: bool,
    pub default_ccache_name: Option<String>,
    pub default_keytab_name: Option<String>,
    pub default_client_keytab_name: Option<String>,
    pub permitted_enctypes: Vec<Enctype>,
    pub default_tkt_enctypes: Vec<Enctype>,
    pub default_tgs_enctypes: Vec<Enctype>,
    pub allow_weak_crypto: bool,
    pub allow_rc4: bool,
}

/// MIT's booleans: y, yes, true, t, 1, on / n, no, false, nil, 0, off.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" | "t" | "1" | "on" => Some(true),
        "n" | "no" | "false" | "nil" | "0" | "off" | "f" => Some(false),
        _ => None,
    }
}

/// MIT's krb5_string_to_deltat: plain seconds ("3600"), units ("10h",
/// "1d", "1d 2h 30m 10s", "1d10h"), or clock form ("24:00:00", "10:30",
/// optionally after days: "1d 2:00:00"); a leading '-' negates. Like
/// MIT's, the result fits in 32 bits.
pub fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, s),
    };
    if s.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    if let Ok(n) = s.parse::<i64>() {
        total = n;
    } else {
        let mut rest = s;
        // Unit groups, and possibly a trailing h:m[:s].
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if digits == 0 {
                return None;
            }
            let n: i64 = rest[..digits].parse().ok()?;
            let after = rest[digits..].trim_start();
            let unit = after.chars().next();
            match unit {
                Some('d') => total = total.checked_add(n.checked_mul(86400)?)?,
                Some('h') => total = total.checked_add(n.checked_mul(3600)?)?,
                Some('m') => total = total.checked_add(n.checked_mul(60)?)?,
                Some('s') => total = total.checked_add(n)?,
                Some(':') => {
                    let parts: Vec<&str> = rest.split(':').collect();
                    if parts.len() < 2 || parts.len() > 3 {
                        return None;
                    }
                    let nums: Vec<i64> = parts
                        .iter()
                        .map(|p| p.trim().parse().ok())
                        .collect::<Option<_>>()?;
                    if nums[1..].iter().any(|&x| !(0..60).contains(&x)) {
                        return None;
                    }
                    let clock = nums[0]
                        .checked_mul(3600)?
                        .checked_add(nums[1] * 60 + nums.get(2).copied().unwrap_or(0))?;
                    total = total.checked_add(clock)?;
                    break;
                }
                _ => return None,
            }
            rest = &after[1..];
        }
    }
    let total = if neg { total.checked_neg()? } else { total };
    // MIT's krb5_deltat is 32 bits: a longer duration is malformed, so
    // that clockskew and lifetimes stay far from i64 overflow.
    i32::try_from(total).ok().map(i64::from)
}

/// MIT's enctype list syntax (krb5int_parse_enctype_list): names separated
/// by whitespace or commas; `DEFAULT` is `default`; a family name (aes,
/// aes-sha1, aes-sha2, rc4) stands for its members; `-name` removes,
/// `+name` adds. Names of enctypes this library lacks (des3, camellia...)
/// are skipped, as MIT skips unknown names.
pub fn parse_enctype_list(s: &str, default: &[Enctype]) -> Vec<Enctype> {
    let mut out: Vec<Enctype> = Vec::new();
    for token in s.split([' ', '\t', ',']).filter(|t| !t.is_empty()) {
        let (remove, name) = match token.as_bytes()[0] {
            b'-' => (true, &token[1..]),
            b'+' => (false, &token[1..]),
            _ => (false, token),
        };
        let members: Vec<Enctype> = match name.to_ascii_lowercase().as_str() {
            "default" => default.to_vec(),
            "aes" => vec![
                Enctype::Aes256CtsHmacSha196,
                Enctype::Aes128CtsHmacSha196,
                Enctype::Aes256CtsHmacSha384192,
                Enctype::Aes128CtsHmacSha256128,
            ],
            "aes-sha1" => vec![Enctype::Aes256CtsHmacSha196, Enctype::Aes128CtsHmacSha196],
            "aes-sha2" => vec![
                Enctype::Aes256CtsHmacSha384192,
                Enctype::Aes128CtsHmacSha256128,
            ],
            "rc4" => vec![Enctype::Rc4Hmac],
            other => Enctype::from_name(other).into_iter().collect(),
        };
        for e in members {
            if remove {
                out.retain(|x| *x != e);
            } else if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
