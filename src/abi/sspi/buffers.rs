//! Safe views over the caller's SecBufferDesc: checked once here, then
//! handed to the core as slices, `IoBuf` lists or channel bindings.
use std::ffi::c_void;

use super::alloc::Block;
use super::types::*;
use crate::core::bindings::ChannelBindings;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};

/// More buffers than any SSPI call uses; a larger count is garbage.
pub const MAX_BUFFERS: u32 = 64;

/// The buffer type without its attribute bits.
pub fn base_type(t: u32) -> u32 {
    t & !SECBUFFER_ATTRMASK
}

/// The caller's buffer array, after the descriptor checks.
///
/// # Safety
/// `p` is NULL or points to a SecBufferDesc whose `pBuffers` holds
/// `cBuffers` entries, valid for the returned lifetime and not aliased by
/// other Rust references.
pub unsafe fn desc<'a>(p: *mut SecBufferDesc) -> Result<Option<&'a mut [SecBuffer]>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, readable per the caller; plain data, read without
    // assuming alignment.
    let d = unsafe { p.read_unaligned() };
    if d.ulVersion != SECBUFFER_VERSION {
        return Err(Error::InvalidToken(format!(
            "SecBufferDesc version {}",
            d.ulVersion
        )));
    }
    if d.cBuffers > MAX_BUFFERS {
        return Err(Error::InvalidParameter("too many buffers"));
    }
    if d.cBuffers == 0 {
        return Ok(Some(&mut []));
    }
    if d.pBuffers.is_null() {
        return Err(Error::InvalidParameter("NULL pBuffers"));
    }
    if !d.pBuffers.is_aligned() {
        return Err(Error::InvalidParameter("misaligned pBuffers"));
    }
    // SAFETY: the caller guarantees cBuffers entries at pBuffers.
    Ok(Some(unsafe {
        std::slice::from_raw_parts_mut(d.pBuffers, d.cBuffers as usize)
    }))
}

/// The bytes of one buffer. NULL with a zero length is empty.
///
/// # Safety
/// `b.pvBuffer` is NULL or points to `b.cbBuffer` readable bytes, valid
/// for `'a`.
pub unsafe fn bytes<'a>(b: &SecBuffer) -> Result<&'a [u8]> {
    if b.cbBuffer == 0 {
        return Ok(&[]);
    }
    if b.pvBuffer.is_null() {
        return Err(Error::InvalidToken(
            "NULL buffer with a nonzero length".into(),
        ));
    }
    // SAFETY: per the caller.
    Ok(unsafe { std::slice::from_raw_parts(b.pvBuffer as *const u8, b.cbBuffer as usize) })
}

/// The input of a context step: the SECBUFFER_TOKEN (empty when there is
/// none and `required` is false) and any SECBUFFER_CHANNEL_BINDINGS.
///
/// # Safety
/// As `desc`, and each buffer's memory readable as in `bytes`.
pub unsafe fn step_input<'a>(
    p: *mut SecBufferDesc,
    required: bool,
) -> Result<(&'a [u8], Option<ChannelBindings>)> {
    // SAFETY: forwarded contract.
    let Some(bufs) = (unsafe { desc(p) })? else {
        if required {
            return Err(Error::InvalidToken("no input buffers".into()));
        }
        return Ok((&[], None));
    };
    let mut token = None;
    let mut cb = None;
    for b in bufs.iter() {
        match base_type(b.BufferType) {
            // SAFETY: forwarded contract.
            SECBUFFER_TOKEN if token.is_none() => token = Some(unsafe { bytes(b) }?),
            SECBUFFER_CHANNEL_BINDINGS if cb.is_none() => {
                // SAFETY: forwarded contract.
                cb = Some(channel_bindings(unsafe { bytes(b) }?)?)
            }
            _ => {}
        }
    }
    match token {
        Some(t) if !(required && t.is_empty()) => Ok((t, cb)),
        None if !required => Ok((&[], cb)),
        _ => Err(Error::InvalidToken("no input token".into())),
    }
}

/// Parses SEC_CHANNEL_BINDINGS: a 32-byte header of (type, length, offset)
/// triples whose offsets count from the start of the header.
pub fn channel_bindings(b: &[u8]) -> Result<ChannelBindings> {
    const HDR: usize = std::mem::size_of::<SEC_CHANNEL_BINDINGS>();
    if b.len() < HDR {
        return Err(Error::InvalidParameter(
            "channel bindings shorter than their header",
        ));
    }
    let u = |i: usize| u32::from_ne_bytes([b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]]);
    let part = |len: u32, off: u32| -> Result<Vec<u8>> {
        if len == 0 {
            return Ok(Vec::new());
        }
        let (off, len) = (off as usize, len as usize);
        off.checked_add(len)
            .filter(|&end| end <= b.len())
            .map(|end| b[off..end].to_vec())
            .ok_or(Error::InvalidParameter(
                "channel bindings offset out of bounds",
            ))
    };
    Ok(ChannelBindings {
        initiator_addrtype: u(0),
        initiator_address: part(u(1), u(2))?,
        acceptor_addrtype: u(3),
        acceptor_address: part(u(4), u(5))?,
        application_data: part(u(6), u(7))?,
    })
}

/// Where a step's output token goes, checked before the step runs.
pub struct TokenOut {
    buf: *mut SecBuffer,
    allocate: bool,
}

/// A token placed but not yet published to the caller.
pub struct PendingToken {
    buf: *mut SecBuffer,
    block: Option<Block>,
    len: u32,
    copy: Option<Vec<u8>>,
}

/// Finds the SECBUFFER_TOKEN of an output descriptor. `allocate` is the
/// *_REQ_ALLOCATE_MEMORY request. A NULL descriptor or one without a token
/// buffer gives `None` (an error later only if a token must be written).
///
/// # Safety
/// As `desc`; the descriptor outlives the returned `TokenOut`.
pub unsafe fn token_out(p: *mut SecBufferDesc, allocate: bool) -> Result<Option<TokenOut>> {
    // SAFETY: forwarded contract.
    let Some(bufs) = (unsafe { desc(p) })? else {
        return Ok(None);
    };
    let Some(b) = bufs
        .iter_mut()
        .find(|b| base_type(b.BufferType) == SECBUFFER_TOKEN)
    else {
        return Ok(None);
    };
    if !allocate && b.pvBuffer.is_null() && b.cbBuffer != 0 {
        return Err(Error::InvalidParameter(
            "NULL output buffer with a nonzero length",
        ));
    }
    Ok(Some(TokenOut {
        buf: b as *mut SecBuffer,
        allocate,
    }))
}

/// Checks that `token` fits (or allocates for it), writing nothing yet.
/// Too small a caller buffer is SEC_E_INSUFFICIENT_MEMORY, as Windows'
/// InitializeSecurityContext/AcceptSecurityContext report it.
pub fn place(out: Option<&TokenOut>, token: &[u8]) -> Result<Option<PendingToken>> {
    let Some(out) = out else {
        if token.is_empty() {
            return Ok(None);
        }
        return Err(Error::InvalidParameter("no output token buffer"));
    };
    let len = u32::try_from(token.len()).map_err(|_| Error::Internal("token too long".into()))?;
    if out.allocate {
        let block = if token.is_empty() {
            None
        } else {
            Some(Block::copy_of(token)?)
        };
        return Ok(Some(PendingToken {
            buf: out.buf,
            block,
            len,
            copy: None,
        }));
    }
    // SAFETY: `buf` points into the caller's descriptor, valid for the call
    // (token_out's contract).
    let cap = unsafe { (*out.buf).cbBuffer };
    if cap < len {
        return Err(Error::InsufficientMemory);
    }
    Ok(Some(PendingToken {
        buf: out.buf,
        block: None,
        len,
        copy: Some(token.to_vec()),
    }))
}

impl PendingToken {
    /// Publishes the token: the caller's buffer now holds it (or points at
    /// our allocation) and `cbBuffer` is its length. Cannot fail.
    pub fn commit(self) {
        let b = self.buf;
        match (self.block, self.copy) {
            (_, Some(data)) => {
                if !data.is_empty() {
                    // SAFETY: place() checked cbBuffer >= len and that a
                    // non-NULL pvBuffer exists when cbBuffer > 0; the caller
                    // owns that memory for the call.
                    unsafe {
                        std::ptr::copy_nonoverlapping(
                            data.as_ptr(),
                            (*b).pvBuffer as *mut u8,
                            data.len(),
                        )
                    };
                }
                // SAFETY: `b` is the caller's SecBuffer (token_out's contract).
                unsafe { (*b).cbBuffer = self.len };
            }
            (block, None) => {
                let p = block.map_or(std::ptr::null_mut::<c_void>(), Block::into_raw);
                // SAFETY: as above.
                unsafe {
                    (*b).pvBuffer = p;
                    (*b).cbBuffer = self.len;
                }
            }
        }
    }

    pub fn allocated(&self) -> bool {
        self.copy.is_none()
    }
}

/// Runs `f` over the message buffers as an `IoBuf` list (same order as the
/// caller's array) and, on success only, writes back each used buffer's
/// length. `SECBUFFER_DATA` → Data; with SECBUFFER_READONLY_WITH_CHECKSUM
/// → SignOnly; with SECBUFFER_READONLY → Ignore; TOKEN → Header; PADDING →
/// Padding; STREAM_TRAILER and everything else → Ignore (never touched).
///
/// # Safety
/// As `desc`, and every non-ignored buffer's `pvBuffer` points to
/// `cbBuffer` writable bytes that no other buffer overlaps.
pub unsafe fn with_iov<T>(
    p: *mut SecBufferDesc,
    f: impl FnOnce(&mut [IoBuf<'_>]) -> Result<T>,
) -> Result<T> {
    // SAFETY: forwarded contract.
    let bufs = unsafe { desc(p) }?.ok_or(Error::InvalidParameter("NULL message descriptor"))?;
    if bufs.is_empty() {
        return Err(Error::InvalidToken("no message buffers".into()));
    }
    let make = |b: &SecBuffer| -> Result<IoBuf<'_>> {
        let t = b.BufferType;
        let kind = match base_type(t) {
            SECBUFFER_DATA if t & SECBUFFER_READONLY_WITH_CHECKSUM != 0 => IoKind::SignOnly,
            SECBUFFER_DATA if t & SECBUFFER_READONLY != 0 => IoKind::Ignore,
            SECBUFFER_DATA => IoKind::Data,
            SECBUFFER_TOKEN => IoKind::Header,
            SECBUFFER_PADDING => IoKind::Padding,
            _ => IoKind::Ignore,
        };
        let slice: &mut [u8] = if kind == IoKind::Ignore || b.cbBuffer == 0 {
            &mut []
        } else if b.pvBuffer.is_null() {
            return Err(Error::InvalidParameter("NULL buffer with a nonzero length"));
        } else {
            // SAFETY: per the caller: writable, `cbBuffer` long, disjoint.
            unsafe { std::slice::from_raw_parts_mut(b.pvBuffer as *mut u8, b.cbBuffer as usize) }
        };
        Ok(IoBuf::new(kind, slice))
    };
    // Messages usually come in 2-4 buffers: those stay on the stack (a
    // heap allocation is a measurable share of sealing a small message).
    const ON_STACK: usize = 4;
    let mut stack: [IoBuf<'_>; ON_STACK] =
        std::array::from_fn(|_| IoBuf::new(IoKind::Ignore, &mut []));
    let mut heap: Vec<IoBuf<'_>>;
    let iov: &mut [IoBuf<'_>] = if bufs.len() <= ON_STACK {
        for (slot, b) in stack.iter_mut().zip(bufs.iter()) {
            *slot = make(b)?;
        }
        &mut stack[..bufs.len()]
    } else {
        heap = bufs.iter().map(make).collect::<Result<Vec<_>>>()?;
        &mut heap
    };
    let r = f(iov)?;
    for (b, io) in bufs.iter_mut().zip(iov.iter()) {
        if io.kind != IoKind::Ignore {
            b.cbBuffer = io.len.min(io.buf.len()) as u32;
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_bindings_are_bounds_checked() {
        let mut b = vec![0u8; 32];
        let app = b"tls-server-end-point:xyz";
        b[24..28].copy_from_slice(&(app.len() as u32).to_ne_bytes());
        b[28..32].copy_from_slice(&32u32.to_ne_bytes());
        b.extend_from_slice(app);
        let cb = channel_bindings(&b).unwrap();
        assert_eq!(cb.application_data, app);
        b[28..32].copy_from_slice(&33u32.to_ne_bytes());
        assert!(channel_bindings(&b).is_err());
        b[28..32].copy_from_slice(&u32::MAX.to_ne_bytes());
        assert!(channel_bindings(&b).is_err());
        assert!(channel_bindings(&b[..31]).is_err());
    }

    #[test]
    fn descriptor_checks() {
        let mut sb = [SecBuffer {
            cbBuffer: 4,
            BufferType: SECBUFFER_TOKEN,
            pvBuffer: std::ptr::null_mut(),
        }];
        let mut d = SecBufferDesc {
            ulVersion: 1,
            cBuffers: 1,
            pBuffers: sb.as_mut_ptr(),
        };
        assert!(matches!(
            // SAFETY: `d` and `sb` are live locals.
            unsafe { desc(&mut d) },
            Err(Error::InvalidToken(_))
        ));
        d.ulVersion = 0;
        d.cBuffers = 1000;
        assert!(matches!(
            // SAFETY: as above; the count is rejected before any read.
            unsafe { desc(&mut d) },
            Err(Error::InvalidParameter(_))
        ));
        d.cBuffers = 1;
        // SAFETY: as above; the NULL pvBuffer is rejected before any read.
        assert!(unsafe { step_input(&mut d, true) }.is_err());
    }
}
