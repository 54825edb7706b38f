//! Strings across the boundary: UTF-16 (the W functions), "ANSI" (the A
//! functions, taken as UTF-8, the Linux locale encoding), NUL-terminated
//! readers with a length limit, and strings the library allocates for the
//! caller.
use std::ffi::c_char;

use zeroize::Zeroizing;

use super::alloc::Block;
use crate::core::{Error, Result};

/// Longest NUL-terminated string read from the caller, in characters; a
/// missing terminator is reported instead of read forever.
pub const MAX_CHARS: usize = 32 * 1024;

/// How a face encodes the strings it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// `char`, UTF-8, one NUL byte.
    Ansi,
    /// UTF-16LE `WCHAR`, one NUL unit.
    Wide,
}

/// UTF-16 from C is WCHAR-aligned; a misaligned pointer is a caller bug
/// reported as a bad parameter rather than read.
fn check_aligned(p: *const u16) -> Result<()> {
    if p.is_aligned() {
        Ok(())
    } else {
        Err(Error::InvalidParameter("misaligned UTF-16 string"))
    }
}

/// Reads a NUL-terminated UTF-16 string; NULL gives `None`.
///
/// # Safety
/// `p` is NULL or points to readable `u16`s up to a NUL or `MAX_CHARS`.
pub unsafe fn wide_z(p: *const u16) -> Result<Option<String>> {
    if p.is_null() {
        return Ok(None);
    }
    check_aligned(p)?;
    let mut n = 0;
    // SAFETY: the caller guarantees readability up to the NUL; we stop at
    // it or at MAX_CHARS; `p` is aligned.
    while unsafe { *p.add(n) } != 0 {
        n += 1;
        if n > MAX_CHARS {
            return Err(Error::InvalidParameter("string too long or unterminated"));
        }
    }
    // SAFETY: the `n` units before the NUL were just read.
    unsafe { wide_n(p, n) }.map(Some)
}

/// Reads a NUL-terminated ANSI (UTF-8) string; NULL gives `None`.
///
/// # Safety
/// `p` is NULL or points to readable bytes up to a NUL or `MAX_CHARS`.
pub unsafe fn ansi_z(p: *const c_char) -> Result<Option<String>> {
    if p.is_null() {
        return Ok(None);
    }
    let p = p as *const u8;
    let mut n = 0;
    // SAFETY: as in `wide_z`.
    while unsafe { *p.add(n) } != 0 {
        n += 1;
        if n > MAX_CHARS * 4 {
            return Err(Error::InvalidParameter("string too long or unterminated"));
        }
    }
    // SAFETY: the `n` bytes before the NUL were just read.
    unsafe { ansi_n(p, n) }.map(Some)
}

/// Reads `len` UTF-16 units (no terminator needed). NULL is an empty
/// string only when `len` is 0.
///
/// # Safety
/// `p` is NULL or points to `len` readable `u16`s.
pub unsafe fn wide_n(p: *const u16, len: usize) -> Result<String> {
    if len == 0 {
        return Ok(String::new());
    }
    if p.is_null() {
        return Err(Error::InvalidParameter("NULL string with a nonzero length"));
    }
    if len > MAX_CHARS {
        return Err(Error::InvalidParameter("string too long"));
    }
    check_aligned(p)?;
    // SAFETY: the caller guarantees `len` readable units; `p` is aligned.
    let units = unsafe { std::slice::from_raw_parts(p, len) };
    String::from_utf16(units).map_err(|_| Error::InvalidParameter("invalid UTF-16"))
}

/// Reads `len` bytes of UTF-8.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes.
pub unsafe fn ansi_n(p: *const u8, len: usize) -> Result<String> {
    if len == 0 {
        return Ok(String::new());
    }
    if p.is_null() {
        return Err(Error::InvalidParameter("NULL string with a nonzero length"));
    }
    if len > MAX_CHARS * 4 {
        return Err(Error::InvalidParameter("string too long"));
    }
    // SAFETY: the caller guarantees `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(p, len) };
    String::from_utf8(bytes.to_vec()).map_err(|_| Error::InvalidParameter("invalid UTF-8"))
}

/// Like `wide_n`/`ansi_n` but for secrets: the copy is zeroized on drop.
///
/// # Safety
/// As `wide_n` (Wide) or `ansi_n` (Ansi), with `p` pointing at `u16`s or bytes.
pub unsafe fn secret_n(p: *const u8, len: usize, cs: Charset) -> Result<Zeroizing<String>> {
    if len == 0 {
        return Ok(Zeroizing::new(String::new()));
    }
    if p.is_null() {
        return Err(Error::InvalidParameter(
            "NULL password with a nonzero length",
        ));
    }
    if len > MAX_CHARS {
        return Err(Error::InvalidParameter("password too long"));
    }
    let s = match cs {
        Charset::Wide => {
            check_aligned(p as *const u16)?;
            // SAFETY: the caller guarantees `len` readable u16s at `p`,
            // which is aligned.
            let units = unsafe { std::slice::from_raw_parts(p as *const u16, len) };
            char::decode_utf16(units.iter().copied())
                .collect::<std::result::Result<String, _>>()
                .map_err(|_| Error::InvalidParameter("invalid UTF-16 in password"))?
        }
        Charset::Ansi => {
            // SAFETY: the caller guarantees `len` readable bytes.
            let bytes = unsafe { std::slice::from_raw_parts(p, len) };
            std::str::from_utf8(bytes)
                .map_err(|_| Error::InvalidParameter("invalid UTF-8 in password"))?
                .to_string()
        }
    };
    Ok(Zeroizing::new(s))
}

/// Bytes `s` takes in `cs`, with its NUL.
pub fn encoded_len(s: &str, cs: Charset) -> usize {
    match cs {
        Charset::Ansi => s.len() + 1,
        Charset::Wide => (s.encode_utf16().count() + 1) * 2,
    }
}

/// Writes `s` and its NUL into `dst` (which is `encoded_len` bytes or more).
pub fn encode_into(dst: &mut [u8], s: &str, cs: Charset) {
    match cs {
        Charset::Ansi => {
            dst[..s.len()].copy_from_slice(s.as_bytes());
            dst[s.len()] = 0;
        }
        Charset::Wide => {
            let mut i = 0;
            for u in s.encode_utf16().chain(std::iter::once(0)) {
                dst[i..i + 2].copy_from_slice(&u.to_ne_bytes());
                i += 2;
            }
        }
    }
}

/// A string allocated for the caller (freed with FreeContextBuffer).
pub fn alloc(s: &str, cs: Charset) -> Result<Block> {
    let mut b = Block::zeroed(encoded_len(s, cs))?;
    encode_into(b.bytes_mut(), s, cs);
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let w: Vec<u16> = "Grüße 😀".encode_utf16().chain([0]).collect();
        assert_eq!(
            // SAFETY: `w` is NUL-terminated.
            unsafe { wide_z(w.as_ptr()) }.unwrap().as_deref(),
            Some("Grüße 😀")
        );
        // SAFETY: NULL is allowed.
        assert_eq!(unsafe { wide_z(std::ptr::null()) }.unwrap(), None);
        let b = alloc("Grüße", Charset::Wide).unwrap();
        // SAFETY: `alloc` wrote a NUL-terminated UTF-16 string.
        let back = unsafe { wide_z(b.as_ptr() as *const u16) }.unwrap();
        assert_eq!(back.as_deref(), Some("Grüße"));
        let a = alloc("abc", Charset::Ansi).unwrap();
        // SAFETY: `alloc` wrote a NUL-terminated string.
        let back = unsafe { ansi_z(a.as_ptr() as *const c_char) }.unwrap();
        assert_eq!(back.as_deref(), Some("abc"));
        // SAFETY: a NULL pointer with a nonzero length is rejected before any read.
        assert!(unsafe { wide_n(std::ptr::null(), 3) }.is_err());
        let bad = [0xD800u16, 0];
        // SAFETY: NUL-terminated.
        assert!(unsafe { wide_z(bad.as_ptr()) }.is_err());
    }
}
