//! SecHandle ↔ core handle. `dwLower` carries the table handle, `dwUpper`
//! the same value XORed with a fixed magic, so a zeroed, half-written or
//! made-up SecHandle is rejected before the table is even consulted; the
//! table then checks the kind tag, the slot and its generation.
use std::sync::Arc;

use parking_lot::Mutex;

use super::types::SecHandle;
use crate::core::context::Context;
use crate::core::credential::Credential;
use crate::core::handles::{Handle, CONTEXTS, CREDENTIALS};
use crate::core::{Error, Result};

const MAGIC: usize = 0x5353_5049_5348_494D; // "SSPISHIM"

pub fn to_sec(h: Handle) -> SecHandle {
    SecHandle {
        dwLower: h.0 as usize,
        dwUpper: h.0 as usize ^ MAGIC,
    }
}

pub fn from_sec(s: SecHandle) -> Result<Handle> {
    if s.dwLower == 0 || s.dwUpper != s.dwLower ^ MAGIC {
        return Err(Error::InvalidHandle);
    }
    Ok(Handle(s.dwLower as u64))
}

/// Reads a handle argument; NULL gives `None`.
///
/// # Safety
/// `p` is NULL or points to a readable SecHandle.
pub unsafe fn read(p: *const SecHandle) -> Result<Option<Handle>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and readable per the caller; SecHandle is two
    // integers, so any bit pattern is a valid value (read_unaligned: C
    // callers may pack handles in odd places).
    let s = unsafe { p.read_unaligned() };
    from_sec(s).map(Some)
}

/// Reads a handle argument that must be present.
///
/// # Safety
/// As `read`.
pub unsafe fn require(p: *const SecHandle) -> Result<Handle> {
    // SAFETY: forwarded contract.
    unsafe { read(p) }?.ok_or(Error::InvalidHandle)
}

/// Writes `h` to `p`.
///
/// # Safety
/// `p` is non-NULL and points to writable SecHandle storage.
pub unsafe fn write(p: *mut SecHandle, h: Handle) {
    // SAFETY: per the caller.
    unsafe { p.write_unaligned(to_sec(h)) }
}

pub fn credential(h: Handle) -> Result<Arc<Credential>> {
    CREDENTIALS.get(h)
}

pub fn context(h: Handle) -> Result<Arc<Mutex<Context>>> {
    CONTEXTS.get(h)
}
