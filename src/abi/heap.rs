//! The library's global allocator: the system's (glibc malloc), except that
//! every block is wiped (all of its `malloc_usable_size`, with
//! `explicit_bzero`) before it goes back to malloc, and a `realloc` that
//! has to move copies into a new block and wipes the old one rather than
//! let libc's realloc free it as it is.
//!
//! Zeroizing fields wipe what the code put in them. They cannot reach the
//! bytes a value carries without owning them: a move copies a value whole,
//! uninitialized parts included (an inline `None`; the unused side of the
//! `aes` crate's backend union, inside every key schedule), and those
//! parts hold whatever the stack had there before, such as an earlier
//! derivation's key schedule of a ticket session key. Nor can they reach
//! the buffers a dependency allocates (picky's DER writer). Wiping at the
//! allocator covers both. Blocks handed to the caller are malloc'd by the
//! faces directly (`libc::malloc`) and not affected. ffi-tests/freed-keys
//! checks that no key of a deleted context is in a block the library freed.
use std::alloc::{GlobalAlloc, Layout, System};

pub struct Wiping;

#[global_allocator]
static GLOBAL: Wiping = Wiping;

/// Zeroes the whole malloc block at `p`.
///
/// # Safety
/// `p` is a live block from [`System`].
unsafe fn wipe(p: *mut u8) {
    // SAFETY: `p` is a live malloc block (System allocates with malloc,
    // calloc or posix_memalign), so its malloc_usable_size bytes are ours
    // to write.
    unsafe { libc::explicit_bzero(p.cast(), libc::malloc_usable_size(p.cast())) }
}

// SAFETY: every block comes from System and goes back to it (System's
// dealloc is libc's free whatever the alignment); `wipe` writes only
// within a live block; `realloc` returns either the same block, when it is
// already large enough (glibc lets all of malloc_usable_size be used), or
// a new block from System with the new layout holding the old contents.
unsafe impl GlobalAlloc for Wiping {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller passes a live block of ours with its layout.
        unsafe {
            wipe(ptr);
            System.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is a live block of ours with `layout` (the caller's
        // contract); `new_size` with `layout.align()` is a valid layout
        // (also the caller's contract). The new block is at least
        // `new_size > usable >= layout.size()` bytes, so the copy fits.
        unsafe {
            if new_size <= libc::malloc_usable_size(ptr.cast()) {
                return ptr;
            }
            let new = Layout::from_size_align_unchecked(new_size, layout.align());
            let p = System.alloc(new);
            if !p.is_null() {
                std::ptr::copy_nonoverlapping(ptr, p, layout.size());
                self.dealloc(ptr, layout);
            }
            p
        }
    }
}
