//! Conversions at the C boundary: reading caller buffers and OIDs, writing
//! outputs, and memory the caller later frees with gss_release_*. Every
//! function here takes pointers straight from a C caller of a gss_*
//! export, which RFC 2744 makes responsible for their validity; NULL is
//! always checked.
use std::ffi::{c_char, c_void, CStr};

use super::status::{GssErr, GssResult};
use super::types::*;
use crate::core::context::TokenBuf;
use crate::core::handles::Handle;
use crate::core::Error;

/// Whether a NULL output pointer is an error or an omitted optional output.
pub fn need<T>(p: *mut T) -> GssResult<*mut T> {
    if p.is_null() {
        Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_WRITE))
    } else {
        Ok(p)
    }
}

/// A required output buffer, set empty at once as MIT's mechglue does on
/// entry: programs (gss-server's gss_localname call among them) release
/// the buffer even when the call failed, so it must never be left
/// holding the caller's stack garbage.
pub fn need_out_buffer(p: *mut gss_buffer_desc) -> GssResult<*mut gss_buffer_desc> {
    let p = need(p)?;
    put(p, empty_buffer());
    Ok(p)
}

/// Writes `v` through `p` unless `p` is NULL (an optional output).
pub fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: non-NULL output pointers from the caller point at writable
        // storage of type T (RFC 2744); `write` does not drop the old value.
        unsafe { p.write(v) }
    }
}

/// Reads `*p` (NULL gives `None`).
pub fn get<T: Copy>(p: *const T) -> Option<T> {
    if p.is_null() {
        None
    } else {
        // SAFETY: non-NULL input pointers point at a readable T (RFC 2744).
        Some(unsafe { p.read() })
    }
}

/// The bytes of an input buffer; NULL, `GSS_C_NO_BUFFER` or empty give `&[]`.
pub fn bytes<'a>(b: *const gss_buffer_desc) -> &'a [u8] {
    if b.is_null() {
        return &[];
    }
    // SAFETY: a non-NULL buffer descriptor is readable.
    let d = unsafe { &*b };
    raw(d.value as *const u8, d.length)
}

/// `len` bytes at `p`, or `&[]` when NULL or empty.
pub fn raw<'a>(p: *const u8, len: usize) -> &'a [u8] {
    if p.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller's descriptor says `len` readable bytes are at `p`.
        unsafe { std::slice::from_raw_parts(p, len) }
    }
}

/// `len` writable bytes at `p` (caller memory from an iov), or an empty slice.
pub fn raw_mut<'a>(p: *mut u8, len: usize) -> &'a mut [u8] {
    if p.is_null() || len == 0 {
        &mut []
    } else {
        // SAFETY: the caller's iov descriptor says `len` writable bytes are
        // at `p`, and distinct iov buffers do not overlap (RFC 4121-era
        // iov contract).
        unsafe { std::slice::from_raw_parts_mut(p, len) }
    }
}

/// A required input buffer: NULL is GSS_S_CALL_INACCESSIBLE_READ.
pub fn need_bytes<'a>(b: *const gss_buffer_desc) -> GssResult<&'a [u8]> {
    if b.is_null() {
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ));
    }
    Ok(bytes(b))
}

/// A buffer the call cannot do without (a MIC, a wrap token, a context
/// token, an OID string): NULL or zero-length is
/// GSS_S_CALL_INACCESSIBLE_READ, as MIT's mechglue checks before the
/// mechanism sees it.
pub fn need_nonempty<'a>(b: *const gss_buffer_desc) -> GssResult<&'a [u8]> {
    match need_bytes(b)? {
        [] => Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ)),
        t => Ok(t),
    }
}

/// An OID the call cannot do without: GSS_C_NO_OID or a zero-length OID
/// is GSS_S_CALL_INACCESSIBLE_READ, as MIT's OID functions answer.
pub fn need_oid<'a>(o: *const gss_OID_desc) -> GssResult<&'a [u8]> {
    match oid(o) {
        None | Some([]) => Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ)),
        Some(d) => Ok(d),
    }
}

/// The DER contents of an OID; `None` for GSS_C_NO_OID.
pub fn oid<'a>(o: *const gss_OID_desc) -> Option<&'a [u8]> {
    if o.is_null() {
        return None;
    }
    // SAFETY: a non-NULL OID descriptor is readable.
    let d = unsafe { &*o };
    Some(raw(d.elements as *const u8, d.length as usize))
}

/// The members of an OID set (empty for GSS_C_NO_OID_SET).
pub fn oid_set<'a>(s: *const gss_OID_set_desc) -> Vec<&'a [u8]> {
    if s.is_null() {
        return Vec::new();
    }
    // SAFETY: a non-NULL set descriptor is readable and holds `count`
    // readable OID descriptors.
    let d = unsafe { &*s };
    if d.elements.is_null() {
        return Vec::new();
    }
    (0..d.count)
        // SAFETY: i < count, see above.
        .filter_map(|i| oid(unsafe { d.elements.add(i) }))
        .collect()
}

/// A NUL-terminated C string as UTF-8.
pub fn cstr<'a>(p: *const c_char) -> Option<&'a str> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL strings from the caller are NUL-terminated.
    unsafe { CStr::from_ptr(p) }.to_str().ok()
}

/// Memory the caller frees with gss_release_*: libc's allocator, as MIT uses.
pub fn malloc_copy(data: &[u8]) -> GssResult<*mut c_void> {
    // SAFETY: malloc of at least one byte; checked for NULL below.
    let p = unsafe { libc::malloc(data.len().max(1)) };
    if p.is_null() {
        return Err(GssErr::major(GSS_S_FAILURE));
    }
    // SAFETY: `p` has room for data.len() bytes and does not overlap `data`.
    unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), p as *mut u8, data.len()) };
    Ok(p)
}

/// A token built in malloc'd memory that becomes a gss_buffer_desc the
/// caller frees with gss_release_buffer; freed here if never handed out.
pub struct MallocToken {
    ptr: *mut u8,
    len: usize,
}

impl MallocToken {
    pub const fn new() -> Self {
        MallocToken {
            ptr: std::ptr::null_mut(),
            len: 0,
        }
    }

    /// Hands the memory to the caller's descriptor.
    pub fn into_buffer(mut self) -> gss_buffer_desc {
        if self.len == 0 {
            return empty_buffer();
        }
        let b = gss_buffer_desc {
            length: self.len,
            value: self.ptr as *mut c_void,
        };
        self.ptr = std::ptr::null_mut();
        b
    }
}

impl Default for MallocToken {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for MallocToken {
    fn drop(&mut self) {
        // SAFETY: `ptr` is NULL or came from malloc in `fill` and was not handed out.
        unsafe { libc::free(self.ptr as *mut c_void) };
    }
}

impl TokenBuf for MallocToken {
    fn fill(&mut self, zeros: usize, body: &[u8]) -> crate::core::Result<&mut [u8]> {
        let len = zeros
            .checked_add(body.len())
            .ok_or(Error::InsufficientMemory)?;
        // SAFETY: frees our own earlier allocation (or NULL).
        unsafe { libc::free(self.ptr as *mut c_void) };
        self.len = 0;
        let spare = spare::take(len);
        // All zeros (space a token is then written into in place): calloc,
        // which skips the clearing when the memory is fresh from the kernel.
        // SAFETY: calloc/malloc of at least one byte; checked for NULL below.
        self.ptr = unsafe {
            if !spare.is_null() {
                spare
            } else if body.is_empty() {
                libc::calloc(len.max(1), 1)
            } else {
                libc::malloc(len.max(1))
            }
        } as *mut u8;
        if self.ptr.is_null() {
            return Err(Error::Internal("out of memory".into()));
        }
        // SAFETY: `ptr` has room for `len` bytes: the first `zeros` are
        // zeroed (by calloc when it is fresh and there is no body) and the
        // rest copied from `body` (which it cannot overlap), so all `len`
        // bytes are initialized before the slice is made.
        unsafe {
            if !spare.is_null() || !body.is_empty() {
                std::ptr::write_bytes(self.ptr, 0, zeros);
                std::ptr::copy_nonoverlapping(body.as_ptr(), self.ptr.add(zeros), body.len());
            }
        }
        self.len = len;
        // SAFETY: initialized above, owned by `self` until `into_buffer`.
        Ok(unsafe { std::slice::from_raw_parts_mut(self.ptr, len) })
    }

    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
}

/// A buffer descriptor owning a malloc'd copy of `data`.
pub fn new_buffer(data: &[u8]) -> GssResult<gss_buffer_desc> {
    if data.is_empty() {
        return Ok(empty_buffer());
    }
    Ok(gss_buffer_desc {
        length: data.len(),
        value: malloc_copy(data)?,
    })
}

/// A buffer descriptor holding `s` followed by a NUL that `length` does
/// not count (MIT's display_name and display_status do this).
pub fn new_string_buffer(s: &str) -> GssResult<gss_buffer_desc> {
    let mut v = Vec::with_capacity(s.len() + 1);
    v.extend_from_slice(s.as_bytes());
    v.push(0);
    Ok(gss_buffer_desc {
        length: s.len(),
        value: malloc_copy(&v)?,
    })
}

pub const fn empty_buffer() -> gss_buffer_desc {
    gss_buffer_desc {
        length: 0,
        value: std::ptr::null_mut(),
    }
}

/// Frees a buffer's value (from `new_buffer`) and empties the descriptor.
pub fn free_buffer(b: *mut gss_buffer_desc) {
    if b.is_null() {
        return;
    }
    // SAFETY: the caller hands back a descriptor we filled (or one it
    // emptied); its value came from malloc or is NULL.
    unsafe {
        spare::give_or_free((*b).value);
        b.write(empty_buffer());
    }
}

/// One released large buffer kept for the next large token. A program that
/// wraps and unwraps big messages in a loop (release, then allocate the
/// same sizes again) otherwise has glibc give the pages back to the kernel
/// at each release (the heap top is trimmed once over twice the largest
/// mmap'd block freed so far) and fault them in afresh for the next
/// message: at 1 MiB a message a fifth of gss_wrap+gss_unwrap's time.
/// The buffer is malloc memory throughout; it is cleared before reuse.
mod spare {
    use std::ffi::c_void;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// Smaller buffers come and go from malloc's own bins cheaply.
    const MIN: usize = 128 * 1024;
    /// Larger ones are not held on to.
    const MAX: usize = 16 << 20;

    static SPARE: AtomicPtr<c_void> = AtomicPtr::new(std::ptr::null_mut());

    /// A malloc'd buffer of at least `len` bytes (contents undefined but
    /// initialized), or NULL.
    pub fn take(len: usize) -> *mut c_void {
        if len < MIN {
            return std::ptr::null_mut();
        }
        let p = SPARE.swap(std::ptr::null_mut(), Ordering::AcqRel);
        // SAFETY: `p` is NULL or a malloc'd block only we hold now.
        if !p.is_null() && unsafe { libc::malloc_usable_size(p) } < len {
            // SAFETY: as above; it is ours to free.
            unsafe { libc::free(p) };
            return std::ptr::null_mut();
        }
        p
    }

    /// Frees `p` (malloc'd or NULL), or keeps it as the spare.
    ///
    /// # Safety
    /// `p` is NULL or a live malloc'd block the caller gives up.
    pub unsafe fn give_or_free(p: *mut c_void) {
        if !p.is_null() {
            // SAFETY: `p` is a live malloc'd block (the caller's promise).
            let size = unsafe { libc::malloc_usable_size(p) };
            if (MIN..=MAX).contains(&size)
                && SPARE
                    .compare_exchange(std::ptr::null_mut(), p, Ordering::AcqRel, Ordering::Relaxed)
                    .is_ok()
            {
                return;
            }
        }
        // SAFETY: NULL or a live malloc'd block, given up by the caller.
        unsafe { libc::free(p) };
    }
}

/// A new malloc'd OID descriptor (for gss_str_to_oid); freed by gss_release_oid.
pub fn new_oid(bytes: &[u8]) -> GssResult<gss_OID> {
    let d = gss_OID_desc {
        length: bytes.len() as u32,
        elements: malloc_copy(bytes)?,
    };
    // SAFETY: size of one descriptor; NULL checked.
    let p = unsafe { libc::malloc(std::mem::size_of::<gss_OID_desc>()) } as gss_OID;
    if p.is_null() {
        // SAFETY: allocated just above.
        unsafe { libc::free(d.elements) };
        return Err(GssErr::major(GSS_S_FAILURE));
    }
    // SAFETY: `p` is a fresh allocation of the right size.
    unsafe { p.write(d) };
    Ok(p)
}

/// A new malloc'd OID set laid out as MIT lays it out (so either library's
/// gss_release_oid_set frees it).
pub fn new_oid_set(members: &[&[u8]]) -> GssResult<gss_OID_set> {
    let n = members.len();
    // SAFETY: malloc of a descriptor; NULL checked.
    let set = unsafe { libc::malloc(std::mem::size_of::<gss_OID_set_desc>()) } as gss_OID_set;
    if set.is_null() {
        return Err(GssErr::major(GSS_S_FAILURE));
    }
    // SAFETY: calloc of n descriptors (at least one byte); NULL checked.
    let elems = unsafe { libc::calloc(n.max(1), std::mem::size_of::<gss_OID_desc>()) } as gss_OID;
    if elems.is_null() {
        // SAFETY: allocated above.
        unsafe { libc::free(set as *mut c_void) };
        return Err(GssErr::major(GSS_S_FAILURE));
    }
    // SAFETY: both are fresh allocations of the right sizes.
    unsafe {
        set.write(gss_OID_set_desc {
            count: 0,
            elements: elems,
        })
    };
    for m in members {
        if let Err(e) = push_oid(set, m) {
            free_oid_set(set);
            return Err(e);
        }
    }
    Ok(set)
}

/// Appends a copy of `bytes` to a set made by `new_oid_set` (or MIT).
pub fn push_oid(set: gss_OID_set, bytes: &[u8]) -> GssResult<()> {
    // SAFETY: `set` is a valid set whose elements array came from malloc.
    let d = unsafe { &mut *set };
    let elems = malloc_copy(bytes)?;
    // SAFETY: realloc of the elements array to count + 1 descriptors.
    let grown = unsafe {
        libc::realloc(
            d.elements as *mut c_void,
            (d.count + 1) * std::mem::size_of::<gss_OID_desc>(),
        )
    } as gss_OID;
    if grown.is_null() {
        // SAFETY: allocated just above.
        unsafe { libc::free(elems) };
        return Err(GssErr::major(GSS_S_FAILURE));
    }
    // SAFETY: `grown` has room for count + 1 descriptors.
    unsafe {
        grown.add(d.count).write(gss_OID_desc {
            length: bytes.len() as u32,
            elements: elems,
        })
    };
    d.elements = grown;
    d.count += 1;
    Ok(())
}

/// Frees a set and its members.
pub fn free_oid_set(set: gss_OID_set) {
    if set.is_null() {
        return;
    }
    // SAFETY: a set from `new_oid_set`: every member's elements and the
    // array itself came from malloc.
    unsafe {
        let d = &*set;
        if !d.elements.is_null() {
            for i in 0..d.count {
                libc::free((*d.elements.add(i)).elements);
            }
            libc::free(d.elements as *mut c_void);
        }
        libc::free(set as *mut c_void);
    }
}

/// A handle as the opaque pointer the caller holds.
pub fn to_ptr(h: Handle) -> *mut c_void {
    h.0 as usize as *mut c_void
}

/// The handle an opaque pointer carries (checked by the table on use).
pub fn from_ptr(p: *const c_void) -> Handle {
    Handle(p as usize as u64)
}

/// The body of every export that takes `minor_status` and, like MIT's
/// mechglue, refuses a NULL one before looking at any other argument:
/// GSS_S_CALL_INACCESSIBLE_WRITE, and `f` does not run. Otherwise runs `f`
/// and finishes with [`status`].
pub fn call(minor: *mut OM_uint32, f: impl FnOnce() -> GssResult<OM_uint32>) -> OM_uint32 {
    if minor.is_null() {
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    }
    status(minor, f())
}

/// Writes `*minor` (if the caller gave it) and returns the major status:
/// the tail of every export (through [`call`] where a NULL `minor_status`
/// is refused; directly for the few where MIT accepts one).
pub fn status(minor: *mut OM_uint32, r: GssResult<OM_uint32>) -> OM_uint32 {
    match r {
        Ok(major) => {
            put(minor, 0);
            major
        }
        Err(e) => {
            put(minor, e.minor);
            e.major
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_null_minor_status_is_refused_before_the_call() {
        let mut ran = false;
        let major = call(std::ptr::null_mut(), || {
            ran = true;
            Ok(GSS_S_COMPLETE)
        });
        assert_eq!(major, GSS_S_CALL_INACCESSIBLE_WRITE);
        assert!(!ran, "nothing runs without a minor_status");
        let mut minor = 7;
        let major = call(&mut minor, || Err(GssErr::new(GSS_S_FAILURE, 5)));
        assert_eq!((major, minor), (GSS_S_FAILURE, 5));
    }

    #[test]
    fn empty_required_buffers_and_oids_are_unreadable() {
        let empty = empty_buffer();
        let one = gss_buffer_desc {
            length: 1,
            value: b"x".as_ptr() as *mut c_void,
        };
        for b in [std::ptr::null(), &empty as *const _] {
            assert_eq!(
                need_nonempty(b).unwrap_err().major,
                GSS_S_CALL_INACCESSIBLE_READ
            );
        }
        assert_eq!(need_nonempty(&one), Ok(&b"x"[..]));
        let zero = gss_OID_desc {
            length: 0,
            elements: std::ptr::null_mut(),
        };
        for o in [std::ptr::null(), &zero as *const _] {
            assert_eq!(need_oid(o).unwrap_err().major, GSS_S_CALL_INACCESSIBLE_READ);
        }
    }
}
