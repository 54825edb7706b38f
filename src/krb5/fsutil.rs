//! File helpers shared by the ccache and keytab code: atomic replacement,
//! advisory locking, and the `%{...}` expansions of MIT's path names.
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::error::{ConfigError, ConfigResult};

/// Replaces `path` with `data`: written to a temporary file (mode 0600) in
/// the same directory, synced, then renamed over the old file, so readers
/// see the old file or the new one, never half of either.
pub fn write_atomic(path: &Path, data: &[u8]) -> ConfigResult<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut random = [0u8; 6];
    getrandom::getrandom(&mut random)
        .map_err(|e| ConfigError::new(super::error::ConfigErrorKind::Io, e.to_string()))?;
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = dir.join(format!(".{name}.{suffix}.tmp"));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(ConfigError::io(path, &e));
    }
    Ok(())
}

/// Appends `data` to an existing file under an exclusive advisory lock, in
/// one `write` on an O_APPEND descriptor.
///
/// The lock is `File::lock`, which is `flock(2)` on Linux. MIT krb5 locks
/// with `fcntl(F_SETLKW)`; on Linux the two kinds of lock are independent,
/// so this lock excludes other users of this library but not MIT's
/// library. What protects a concurrent MIT writer is that each append is a
/// single O_APPEND write of a whole record (atomic with respect to other
/// appenders on local file systems), and whole-file rewrites go through
/// [`write_atomic`] (rename), which MIT's readers never see half-done.
pub fn append_locked(path: &Path, data: &[u8]) -> ConfigResult<()> {
    let mut f = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| ConfigError::io(path, &e))?;
    f.lock().map_err(|e| ConfigError::io(path, &e))?;
    let r = f.write_all(data).and_then(|_| f.sync_data());
    let _ = f.unlock();
    r.map_err(|e| ConfigError::io(path, &e))
}

/// Reads a whole file under a shared advisory lock (see [`append_locked`]).
/// The files are credential caches and keytabs: the buffer wipes itself on
/// drop, and is sized to the file first so that reading does not grow it
/// (a grown Vec frees its old, unwiped, block).
pub fn read_locked(path: &Path) -> ConfigResult<Zeroizing<Vec<u8>>> {
    use std::io::Read;
    let mut f = File::open(path).map_err(|e| ConfigError::io(path, &e))?;
    f.lock_shared().map_err(|e| ConfigError::io(path, &e))?;
    let size = f.metadata().map_or(0, |m| m.len() as usize);
    let mut data = Zeroizing::new(Vec::with_capacity(size));
    let r = f.read_to_end(&mut data);
    let _ = f.unlock();
    r.map_err(|e| ConfigError::io(path, &e))?;
    Ok(data)
}

/// The real and effective user ids, from /proc/self/status (no libc).
pub fn uids() -> (u32, u32) {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status.lines() {
        if let Some(rest) = line.strip_prefix("Uid:") {
            let ids: Vec<u32> = rest
                .split_whitespace()
                .filter_map(|s| s.parse().ok())
                .collect();
            if ids.len() >= 2 {
                return (ids[0], ids[1]);
            }
        }
    }
    // Fall back on the owner of our own /proc entry.
    use std::os::unix::fs::MetadataExt;
    let uid = fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(0);
    (uid, uid)
}

/// MIT's path expansions (krb5 `k5_expand_path_tokens`): `%{uid}`,
/// `%{euid}`, `%{USERID}`, `%{TEMP}`, `%{username}`, `%{LIBDIR}`,
/// `%{BINDIR}`, `%{SBINDIR}`, `%{null}`. An unknown token is an error.
pub fn expand_path(name: &str) -> ConfigResult<String> {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(start) = rest.find("%{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').ok_or_else(|| {
            ConfigError::new(
                super::error::ConfigErrorKind::Malformed,
                format!("unterminated %{{ in {name:?}"),
            )
        })?;
        let token = &after[..end];
        let (uid, euid) = uids();
        match token {
            "uid" | "USERID" => out.push_str(&uid.to_string()),
            "euid" => out.push_str(&euid.to_string()),
            "TEMP" => out.push_str(&std::env::var("TMPDIR").unwrap_or_else(|_| "/tmp".into())),
            "username" => out.push_str(&std::env::var("USER").unwrap_or_else(|_| uid.to_string())),
            "LIBDIR" => out.push_str("/usr/lib"),
            "BINDIR" => out.push_str("/usr/bin"),
            "SBINDIR" => out.push_str("/usr/sbin"),
            "null" => {}
            other => {
                return Err(ConfigError::new(
                    super::error::ConfigErrorKind::Malformed,
                    format!("unknown path token %{{{other}}} in {name:?}"),
                ))
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The path of a `FILE:`/`WRFILE:` name or a plain path.
pub fn file_path(name: &str) -> ConfigResult<PathBuf> {
    let p = name
        .strip_prefix("FILE:")
        .or_else(|| name.strip_prefix("WRFILE:"))
        .unwrap_or(name);
    Ok(PathBuf::from(expand_path(p)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansions() {
        let (uid, _) = uids();
        assert_eq!(
            expand_path("/tmp/krb5cc_%{uid}").unwrap(),
            format!("/tmp/krb5cc_{uid}")
        );
        assert!(expand_path("/x/%{nope}").is_err());
        assert_eq!(file_path("FILE:/a/b").unwrap(), PathBuf::from("/a/b"));
    }
}
