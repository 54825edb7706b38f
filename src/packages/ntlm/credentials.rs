//! NTLM credentials: explicit identities and gss-ntlmssp's NTLM_USER_FILE
//! (`DOMAIN:user:password` a line, `#` comments), which serves both as the
//! initiator's credential store and as the acceptor's user database.
use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use once_cell::sync::Lazy;
use once_cell::unsync::OnceCell;
use parking_lot::Mutex;

use super::config;
use super::crypto::{nt_hash, ntowfv2, Key16, KeyedMd5};
use super::messages::utf16le;
use crate::core::credential::{CredRequest, CredUse, Identity, PackageCredential};
use crate::core::{Error, Result};

/// A user and the NT hash of their password (the password itself is not
/// kept). `v2` caches NTOWFv2 for (user, domain) as the initiator sends them.
pub struct UserKey {
    pub user: String,
    pub domain: String,
    /// `user` and `domain` in UTF-16LE, as an AUTHENTICATE carries them.
    pub user16: Vec<u8>,
    pub domain16: Vec<u8>,
    pub nt_hash: Key16,
    pub v2: KeyedMd5,
}

// The secrets (nt_hash: Zeroizing; v2: HmacMd5's pad states) wipe
// themselves on drop.
impl zeroize::ZeroizeOnDrop for UserKey {}

impl UserKey {
    pub fn new(user: &str, domain: &str, password: &str) -> Self {
        Self::from_hash(user, domain, nt_hash(password))
    }

    pub fn from_hash(user: &str, domain: &str, nt_hash: Key16) -> Self {
        UserKey {
            user: user.to_string(),
            domain: domain.to_string(),
            user16: utf16le(user),
            domain16: utf16le(domain),
            v2: ntowfv2(&nt_hash, user, domain),
            nt_hash,
        }
    }

    /// Whether this entry stands for `user` in `domain`: names ignore
    /// case; an empty domain on the entry matches any domain, and a client
    /// that sends no domain matches an entry of any domain (Windows takes
    /// an empty domain as the server's own). The password is checked
    /// separately, always.
    pub fn matches(&self, user: &str, domain: &str) -> bool {
        eq_nocase(&self.user, user)
            && (self.domain.is_empty() || domain.is_empty() || eq_nocase(&self.domain, domain))
    }
}

impl std::fmt::Debug for UserKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UserKey({}\\{})", self.domain, self.user)
    }
}

fn eq_nocase(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Where the user database comes from: NTLM_USER_FILE read per call, or a
/// fixed path (tests, which must not race on the environment).
#[derive(Debug, Clone)]
pub enum UserFile {
    Env,
    Path(PathBuf),
}

impl UserFile {
    pub fn path(&self) -> Option<PathBuf> {
        match self {
            UserFile::Env => config::user_file(),
            UserFile::Path(p) => Some(p.clone()),
        }
    }
}

/// The NTLM package's credential.
#[derive(Debug)]
pub struct NtlmCredential {
    pub usage: CredUse,
    /// Our own identity (initiator) or the one user accepted besides the
    /// user file (acceptor).
    pub identity: Option<Arc<UserKey>>,
    pub user_file: UserFile,
}

impl PackageCredential for NtlmCredential {
    fn name(&self) -> String {
        match &self.identity {
            Some(k) if k.domain.is_empty() => k.user.clone(),
            Some(k) => format!("{}\\{}", k.domain, k.user),
            None => String::new(),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl NtlmCredential {
    /// AcquireCredentialsHandle / gss_acquire_cred for NTLM.
    /// The user file is the credential store's `ntlm_user_file` when
    /// gss_acquire_cred_from gave one, else NTLM_USER_FILE.
    pub fn acquire(req: &CredRequest) -> Result<Self> {
        let source = match req.store_value(config::USER_FILE_STORE_KEY) {
            Some(p) => UserFile::Path(p.into()),
            None => UserFile::Env,
        };
        Self::acquire_with(req, source)
    }

    pub fn acquire_with(req: &CredRequest, user_file: UserFile) -> Result<Self> {
        let identity = match &req.identity {
            Some(id) => Some(Arc::new(key_of_identity(id))),
            None if req.usage.can_initiate() => {
                match initiator_from_file(req.principal.as_deref(), &user_file) {
                    Ok(k) => Some(Arc::new(k)),
                    // A both-ways credential can still accept.
                    Err(_) if req.usage == CredUse::Both => None,
                    Err(e) => return Err(e),
                }
            }
            None => None,
        };
        Ok(NtlmCredential {
            usage: req.usage,
            identity,
            user_file,
        })
    }

    /// The user file as `users` saw it: read (or found unchanged in the
    /// cache) on first need in a handshake, then the same for the rest of
    /// it; not at all when the credential's own identity answers.
    fn user_file_in<'u>(&self, users: &'u Users) -> &'u Option<(PathBuf, Result<UserList>)> {
        users.file.get_or_init(|| {
            self.user_file.path().map(|p| {
                let entries = read_user_file(&p);
                (p, entries)
            })
        })
    }

    /// Finds the key for `user`/`domain` as named in an AUTHENTICATE: the
    /// credential's own identity first, then the user file.
    pub fn lookup(&self, users: &Users, user: &str, domain: &str) -> Result<Arc<UserKey>> {
        if let Some(k) = &self.identity {
            if k.matches(user, domain) {
                return Ok(Arc::clone(k));
            }
        }
        let Some((path, entries)) = self.user_file_in(users) else {
            return Err(Error::LogonDenied(if self.identity.is_some() {
                format!("user {domain}\\{user} is not the user this acceptor accepts")
            } else {
                format!(
                    "cannot check user {domain}\\{user}: {} is not set",
                    config::USER_FILE_ENV
                )
            }));
        };
        let entries = entries.as_ref().map_err(|e| match e {
            Error::NoCredentials(why) => Error::LogonDenied(why.clone()),
            e => e.clone(),
        })?;
        entries
            .iter()
            .find(|k| k.matches(user, domain))
            .cloned()
            .ok_or_else(|| {
                Error::LogonDenied(format!(
                    "unknown user {domain}\\{user} (not in {})",
                    path.display()
                ))
            })
    }

    /// The domain an acceptor announces in its CHALLENGE.
    pub fn server_domain(&self, users: &Users) -> String {
        if let Some(k) = &self.identity {
            if !k.domain.is_empty() {
                return k.domain.to_uppercase();
            }
        }
        if let Some((_, Ok(entries))) = self.user_file_in(users) {
            if let Some(k) = entries.iter().find(|k| !k.domain.is_empty()) {
                return k.domain.to_uppercase();
            }
        }
        config::DEFAULT_DOMAIN.to_string()
    }
}

/// One handshake's look at the acceptor's user file, so its CHALLENGE
/// and its AUTHENTICATE check see the same file, looked at once.
#[derive(Default)]
pub struct Users {
    /// The file and what reading it gave; None without a user file.
    file: OnceCell<Option<(PathBuf, Result<UserList>)>>,
}

fn key_of_identity(id: &Identity) -> UserKey {
    let (user, domain) = if id.domain.is_empty() {
        Identity::parse_user(&id.user)
    } else {
        (id.user.clone(), id.domain.clone())
    };
    UserKey::new(&user, &domain, &id.password)
}

/// The login name of this process: USER, LOGNAME, else the passwd entry
/// of the real uid (read from /proc/self/status and /etc/passwd).
fn login_name() -> Option<String> {
    for var in ["USER", "LOGNAME"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return Some(v);
            }
        }
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let _pw = f.next()?;
        (f.next()? == uid).then(|| name.to_string())
    })
}

fn initiator_from_file(principal: Option<&str>, source: &UserFile) -> Result<UserKey> {
    let (user, domain) = match principal {
        Some(p) if !p.is_empty() => Identity::parse_user(p),
        _ => (
            login_name().ok_or_else(|| {
                Error::NoCredentials(
                    "no NTLM identity was given and this process's login name is unknown \
                     (USER and LOGNAME are unset)"
                        .into(),
                )
            })?,
            String::new(),
        ),
    };
    let Some(path) = source.path() else {
        return Err(Error::NoCredentials(format!(
            "no NTLM identity was given for {user} and {} is not set",
            config::USER_FILE_ENV
        )));
    };
    let entries = read_user_file(&path)?;
    let entry = entries
        .iter()
        .find(|k| eq_nocase(&k.user, &user) && (domain.is_empty() || eq_nocase(&k.domain, &domain)))
        .ok_or_else(|| {
            Error::NoCredentials(format!(
                "no NTLM credentials for user {user} in {}",
                path.display()
            ))
        })?;
    let domain = if entry.domain.is_empty() {
        domain
    } else {
        entry.domain.clone()
    };
    Ok(UserKey::from_hash(
        &entry.user,
        &domain,
        entry.nt_hash.clone(),
    ))
}

/// Parsed user files, keyed by path, modification time and length, so a
/// file is parsed (and its passwords hashed) once per change.
/// A user file's entries, shared between the cache and its readers.
pub type UserList = Arc<Vec<Arc<UserKey>>>;

type Cached = (PathBuf, SystemTime, u64, UserList);
static CACHE: Lazy<Mutex<Vec<Cached>>> = Lazy::new(|| Mutex::new(Vec::new()));

/// Reads the user file at `path` (from the cache when unchanged).
/// A missing or malformed file is Error::NoCredentials naming file and line.
pub fn read_user_file(path: &Path) -> Result<UserList> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::NoCredentials(format!(
            "cannot read NTLM user file {}: {e}",
            path.display()
        ))
    })?;
    let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let len = meta.len();
    if let Some((_, _, _, v)) = CACHE
        .lock()
        .iter()
        .find(|(p, m, l, _)| p == path && *m == mtime && *l == len)
    {
        return Ok(Arc::clone(v));
    }
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
        Error::NoCredentials(format!(
            "cannot read NTLM user file {}: {e}",
            path.display()
        ))
    })?);
    let entries = Arc::new(parse_user_file(&text, path)?);
    let mut cache = CACHE.lock();
    cache.retain(|(p, _, _, _)| p != path);
    if cache.len() >= 8 {
        cache.remove(0);
    }
    cache.push((path.to_path_buf(), mtime, len, Arc::clone(&entries)));
    Ok(entries)
}

/// Parses `DOMAIN:user:password` lines; blank lines and `#` comments are
/// skipped; the password is everything after the second colon.
pub fn parse_user_file(text: &str, path: &Path) -> Result<Vec<Arc<UserKey>>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut f = line.splitn(3, ':');
        match (f.next(), f.next(), f.next()) {
            (Some(domain), Some(user), Some(password)) if !user.is_empty() => {
                out.push(Arc::new(UserKey::new(user, domain, password)));
            }
            _ => {
                return Err(Error::NoCredentials(format!(
                    "{} line {}: expected DOMAIN:user:password",
                    path.display(),
                    n + 1
                )))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gss_ntlmssp_format() {
        let p = Path::new("users");
        let v = parse_user_file("# comment\n\nDOM:alice:pa:ss\r\n:bob:pw\n", p).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(*v[0].nt_hash, *nt_hash("pa:ss"));
        assert!(v[0].matches("ALICE", "dom"));
        assert!(!v[0].matches("alice", "other"));
        assert!(v[1].matches("Bob", "anything"));
        let e = parse_user_file("DOM:alice:x\nbroken line\n", p).unwrap_err();
        assert_eq!(
            e,
            Error::NoCredentials("users line 2: expected DOMAIN:user:password".into())
        );
    }

    #[test]
    fn identity_forms() {
        let req = |user: &str, domain: &str| CredRequest {
            usage: CredUse::Outbound,
            principal: None,
            identity: Some(Identity {
                user: user.into(),
                domain: domain.into(),
                password: zeroize::Zeroizing::new("Password".into()),
            }),
            package_list: None,
            store: Vec::new(),
        };
        for (u, d) in [
            ("Domain\\User", ""),
            ("User@Domain", ""),
            ("User", "Domain"),
        ] {
            let c = NtlmCredential::acquire(&req(u, d)).unwrap();
            let k = c.identity.unwrap();
            assert_eq!((k.user.as_str(), k.domain.as_str()), ("User", "Domain"));
            let v2 = super::super::crypto::hex("0c868a403bfd7a93a3001ef22ef02e3f");
            assert_eq!(
                k.v2.mac(&[b"x"]),
                super::super::crypto::hmac_md5(&v2, &[b"x"])
            );
        }
    }

    #[test]
    fn outbound_without_file_is_no_credentials() {
        let req = CredRequest {
            usage: CredUse::Outbound,
            principal: Some("nobody".into()),
            identity: None,
            package_list: None,
            store: Vec::new(),
        };
        let e = NtlmCredential::acquire_with(&req, UserFile::Path("/nonexistent/ntlm".into()))
            .unwrap_err();
        assert!(matches!(e, Error::NoCredentials(ref m) if m.contains("/nonexistent/ntlm")));
    }
}
