//! The acceptor's replay cache (RFC 4120 3.2.3), kept in MIT's "file2"
//! format (krb5 1.18 and later), so that:
//! - a replay is caught across processes: Apache's prefork children, a
//!   restarted server, or an MIT acceptor sharing the same file;
//! - the library's memory does not grow with the number of contexts
//!   accepted (the records live in the file, whose tables are reused once
//!   their entries are older than the clock skew).
//!
//! The format: bytes 0..16 are a random SipHash-2-4 key; then a series of
//! hash tables of 16-byte records (a 12-byte tag and a big-endian 32-bit
//! time stamp), 1023 records in the first and twice the previous size in
//! each later one. A tag lives at its hash slot or the one after it in
//! some table; the first table whose two slots are both taken by live
//! entries sends the search on to the next, with the key's first byte
//! incremented per table. The tag is the checksum part (the last
//! checksum-length octets) of the authenticator's ciphertext: only the
//! holder of the session key can make it.
//!
//! Which cache: the credential store's `rcache`, else `KRB5RCACHENAME`,
//! else `KRB5RCACHETYPE` (`dfl`, `file2`, `none`), else MIT's default
//! `$KRB5RCACHEDIR/krb5_<euid>.rcache2` with `/var/tmp` for the directory.
use std::fs::{File, OpenOptions};
use std::hash::Hasher;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use parking_lot::Mutex;
use rustix::fs::{fcntl_lock, FlockOperation};
use siphasher::sip::SipHasher24;

use super::codes::{kerberos_error, KRB5KRB_AP_ERR_REPEAT};
use crate::core::{Error, Result};

const TAG_LEN: usize = 12;
const RECORD_LEN: u64 = TAG_LEN as u64 + 4;
const SEED_LEN: u64 = 16;
const FIRST_TABLE: u64 = 1023;
/// MIT keeps the file below 2 GiB; so do we (an error past it).
const MAX_FILE: u64 = i32::MAX as u64;

/// POSIX record locks belong to the process, so threads of this process
/// also take this mutex; the record lock keeps other processes out (MIT
/// locks the same way, so the two libraries exclude each other).
static FILE_LOCK: Mutex<()> = Mutex::new(());

/// A replay cache as named by MIT's `type:residual` form.
#[derive(Debug, PartialEq, Eq)]
pub enum Cache {
    File(PathBuf),
    None,
}

/// Resolves the cache to use: `configured` (the credential store's
/// `rcache`) or the environment, as MIT's `k5_rc_default` does.
pub fn resolve(configured: Option<&str>) -> Result<Cache> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let name = match configured
        .map(str::to_string)
        .or_else(|| env("KRB5RCACHENAME"))
    {
        Some(n) => n,
        None => env("KRB5RCACHETYPE").map_or_else(|| "dfl:".to_string(), |t| format!("{t}:")),
    };
    let (kind, residual) = name.split_once(':').unwrap_or(("file2", name.as_str()));
    match kind {
        "none" => Ok(Cache::None),
        "file2" if !residual.is_empty() => Ok(Cache::File(PathBuf::from(residual))),
        "dfl" | "file2" => {
            let dir = env("KRB5RCACHEDIR").unwrap_or_else(|| "/var/tmp".to_string());
            let (_, euid) = crate::krb5::fsutil::uids();
            Ok(Cache::File(
                Path::new(&dir).join(format!("krb5_{euid}.rcache2")),
            ))
        }
        _ => Err(Error::Unsupported(
            "replay cache type (file2, dfl and none are supported)",
        )),
    }
}

/// The 12-byte tag of an authenticator: the last `checksum_len` octets of
/// its ciphertext, truncated or zero-padded to 12.
pub fn tag(ciphertext: &[u8], checksum_len: usize) -> [u8; TAG_LEN] {
    let start = ciphertext.len().saturating_sub(checksum_len);
    let mut tag = [0u8; TAG_LEN];
    let src = &ciphertext[start..];
    let n = src.len().min(TAG_LEN);
    tag[..n].copy_from_slice(&src[..n]);
    tag
}

/// Records the authenticator's tag, or reports KRB5KRB_AP_ERR_REPEAT.
pub fn check(cache: &Cache, tag: &[u8; TAG_LEN], now: i64, skew: i64) -> Result<()> {
    let path = match cache {
        Cache::None => return Ok(()),
        Cache::File(p) => p,
    };
    let io_err =
        |e: std::io::Error| Error::Internal(format!("replay cache {}: {e}", path.display()));
    let _guard = FILE_LOCK.lock();
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(io_err)?;
    fcntl_lock(&file, FlockOperation::LockExclusive).map_err(|e| io_err(e.into()))?;
    // Closing the file drops the record lock.
    let stored = store(
        &file,
        tag,
        now as u32,
        skew.clamp(0, u32::MAX as i64) as u32,
    );
    match stored {
        Ok(true) => Ok(()),
        Ok(false) => Err(kerberos_error(
            KRB5KRB_AP_ERR_REPEAT,
            format!("authenticator already seen ({})", path.display()),
        )),
        Err(e) => Err(io_err(e)),
    }
}

/// `a` is later than `b` in 32-bit wrapping time, as MIT compares stamps.
fn after(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

/// Looks the tag up and stores it: Ok(false) when it was already there.
fn store(file: &File, tag: &[u8; TAG_LEN], now: u32, skew: u32) -> std::io::Result<bool> {
    let mut seed = [0u8; SEED_LEN as usize];
    let got = read_at_most(file, &mut seed, 0)?;
    if got < seed.len() {
        getrandom::getrandom(&mut seed).map_err(|e| std::io::Error::other(e.to_string()))?;
        file.write_all_at(&seed, 0)?;
    }
    let (mut offset, mut records) = (SEED_LEN, FIRST_TABLE);
    let mut free: Option<u64> = None;
    loop {
        if offset + records * RECORD_LEN > MAX_FILE {
            return Err(std::io::Error::other("replay cache file is full"));
        }
        let mut h = SipHasher24::new_with_key(&seed);
        h.write(tag);
        let at = offset + (h.finish() % records) * RECORD_LEN;
        let mut buf = [0u8; 2 * RECORD_LEN as usize];
        let n = read_at_most(file, &mut buf, at)? / RECORD_LEN as usize;
        let slot = |i: usize| {
            let r = &buf[i * RECORD_LEN as usize..(i + 1) * RECORD_LEN as usize];
            let stamp = u32::from_be_bytes(r[TAG_LEN..].try_into().expect("4 bytes"));
            (&r[..TAG_LEN], stamp)
        };
        if (0..n).any(|i| slot(i).0 == tag) {
            return Ok(false);
        }
        if free.is_none() {
            // A slot never written, past the end, or older than the skew.
            free = (0..2)
                .find(|&i| i >= n || after(now, slot(i).1.wrapping_add(skew)))
                .map(|i| at + i as u64 * RECORD_LEN);
        }
        if n < 2 || slot(0).1 == 0 || slot(1).1 == 0 {
            // The end of the search: nothing further was ever written.
            let mut record = [0u8; RECORD_LEN as usize];
            record[..TAG_LEN].copy_from_slice(tag);
            record[TAG_LEN..].copy_from_slice(&now.to_be_bytes());
            file.write_all_at(&record, free.unwrap_or(at))?;
            return Ok(true);
        }
        seed[0] = seed[0].wrapping_add(1);
        offset += records * RECORD_LEN;
        records = if records == FIRST_TABLE {
            2 * (FIRST_TABLE + 1)
        } else {
            2 * records
        };
    }
}

/// Reads up to `buf.len()` bytes at `offset`: fewer at the end of the file.
fn read_at_most(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match file.read_at(&mut buf[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sspi-rcache-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        dir
    }

    #[test]
    fn tag_is_the_checksum_tail_fitted_to_twelve_bytes() {
        let ct: Vec<u8> = (0..40).collect();
        assert_eq!(tag(&ct, 12), *<&[u8; 12]>::try_from(&ct[28..]).unwrap());
        // SHA-384's 24-byte checksum is truncated to its first 12 bytes.
        assert_eq!(tag(&ct, 24)[..], ct[16..28]);
        // A shorter checksum is zero-padded.
        let t = tag(&ct, 8);
        assert_eq!(t[..8], ct[32..]);
        assert_eq!(t[8..], [0; 4]);
    }

    #[test]
    fn second_store_of_a_tag_is_a_replay() {
        let cache = Cache::File(temp("replay"));
        let t = tag(&[7u8; 60], 12);
        check(&cache, &t, 1_000_000, 300).unwrap();
        let e = check(&cache, &t, 1_000_001, 300).unwrap_err();
        assert!(matches!(e, Error::Kerberos { code, .. } if code == KRB5KRB_AP_ERR_REPEAT));
        // A different tag is not.
        check(&cache, &tag(&[8u8; 60], 12), 1_000_001, 300).unwrap();
        if let Cache::File(p) = cache {
            let len = std::fs::metadata(&p).unwrap().len();
            assert!(len > SEED_LEN && len <= SEED_LEN + FIRST_TABLE * RECORD_LEN + RECORD_LEN);
            std::fs::remove_file(p).unwrap();
        }
    }

    #[test]
    fn expired_slots_are_reused_and_the_file_stops_growing() {
        let path = temp("reuse");
        let cache = Cache::File(path.clone());
        // 4000 tags at once spill into later tables.
        let tags: Vec<[u8; 12]> = (0u32..4000)
            .map(|i| tag(&[&i.to_be_bytes()[..], &[0xa5; 8]].concat(), 12))
            .collect();
        for t in &tags {
            check(&cache, t, 1_000_000, 300).unwrap();
        }
        for t in &tags {
            assert!(
                check(&cache, t, 1_000_100, 300).is_err(),
                "a replay within the skew"
            );
        }
        let grown = std::fs::metadata(&path).unwrap().len();
        // The end of the last table the file reached.
        let (mut end, mut records) = (SEED_LEN + FIRST_TABLE * RECORD_LEN, FIRST_TABLE + 1);
        while end < grown {
            records *= 2;
            end += records * RECORD_LEN;
        }
        // Rounds of as many new tags, each round once the last is older
        // than the skew, reuse expired slots: no table is ever added.
        for round in 1..=4u32 {
            for i in 0u32..4000 {
                let ct = [&(round * 10_000 + i).to_be_bytes()[..], &[0xa5; 8]].concat();
                check(&cache, &tag(&ct, 12), 1_000_000 + 400 * round as i64, 300).unwrap();
            }
            assert!(
                std::fs::metadata(&path).unwrap().len() <= end,
                "round {round}"
            );
        }
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn names_resolve_as_mit_does() {
        assert_eq!(resolve(Some("none:")).unwrap(), Cache::None);
        assert_eq!(
            resolve(Some("file2:/tmp/x.rcache2")).unwrap(),
            Cache::File("/tmp/x.rcache2".into())
        );
        assert_eq!(
            resolve(Some("/tmp/y.rcache2")).unwrap(),
            Cache::File("/tmp/y.rcache2".into())
        );
        let Cache::File(p) = resolve(Some("dfl:")).unwrap() else {
            panic!("dfl is a file")
        };
        assert!(p.to_string_lossy().ends_with(".rcache2"));
        assert!(resolve(Some("bogus:x")).is_err());
    }
}
