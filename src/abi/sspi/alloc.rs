//! Memory the library hands to the caller: libc `malloc`, released by
//! `FreeContextBuffer` with libc `free`.
use std::ffi::c_void;
use std::ptr::NonNull;

use crate::core::{Error, Result};

/// A malloc'd block owned by the library until `into_raw` hands it to the
/// caller; dropped before that (an error path), it is freed.
pub struct Block {
    ptr: NonNull<u8>,
    len: usize,
}

impl Block {
    /// Allocates `len` zeroed bytes (at least one, so the pointer is never
    /// NULL). Failure is SEC_E_INSUFFICIENT_MEMORY, as on Windows.
    pub fn zeroed(len: usize) -> Result<Block> {
        // SAFETY: calloc has no preconditions; NULL is handled below.
        let p = unsafe { libc::calloc(1, len.max(1)) } as *mut u8;
        let ptr = NonNull::new(p).ok_or(Error::InsufficientMemory)?;
        Ok(Block { ptr, len })
    }

    /// A block holding a copy of `data`.
    pub fn copy_of(data: &[u8]) -> Result<Block> {
        let mut b = Block::zeroed(data.len())?;
        b.bytes_mut().copy_from_slice(data);
        Ok(b)
    }

    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: `ptr` points to `len` (or more) bytes this Block owns
        // exclusively; `&mut self` makes the borrow unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    /// Hands the block to the caller, who frees it with FreeContextBuffer.
    pub fn into_raw(self) -> *mut c_void {
        let p = self.ptr.as_ptr() as *mut c_void;
        std::mem::forget(self);
        p
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from calloc and was not handed out (into_raw
        // forgets the Block), so it is freed exactly once.
        unsafe { libc::free(self.ptr.as_ptr() as *mut c_void) }
    }
}

/// Frees a block this library returned. NULL is accepted.
///
/// # Safety
/// `p` is NULL or a pointer this library returned and not yet freed.
pub unsafe fn free(p: *mut c_void) {
    // SAFETY: the caller passes NULL or one of our calloc'd blocks.
    unsafe { libc::free(p) }
}
