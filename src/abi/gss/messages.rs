//! Per-message protection (RFC 2744 5.15, 5.32, 5.33, 5.35 and MIT's iov
//! extensions): gss_get_mic, gss_verify_mic, gss_wrap, gss_unwrap, the old
//! gss_sign/gss_verify/gss_seal/gss_unseal, gss_wrap_iov, gss_unwrap_iov,
//! gss_wrap_iov_length, gss_get_mic_iov, gss_get_mic_iov_length,
//! gss_verify_mic_iov, gss_release_iov_buffer. All go through the
//! package's `sign`/`verify`/`wrap`/`unwrap` over `core::iov::IoBuf`.
//!
//! Token layout of gss_wrap: the package's header (for NTLM the 16-byte
//! signature) followed by the protected data, as gss-ntlmssp does.
//! Sequence numbers are the package's own (we pass 0).
use super::context::{handle, no_context};
use super::ffi::{self, put};
use super::status::{map_error, minor, GssErr, GssResult};
use super::types::*;
use crate::abi::boundary::guard;
use crate::core::context::Context;
use crate::core::handles;
use crate::core::iov::{IoBuf, IoKind};

/// Runs `f` on an established context (GSS_S_NO_CONTEXT otherwise),
/// looked up through the thread's recent contexts (`core::handles`).
fn with_ctx<T>(ctx: gss_ctx_id_t, f: impl FnOnce(&mut Context) -> GssResult<T>) -> GssResult<T> {
    handles::with_context(handle(ctx)?, |c| {
        let mut c = c.lock();
        if c.is_closed() {
            return Err(no_context());
        }
        if !c.inner.is_complete() {
            return Err(GssErr::major(GSS_S_NO_CONTEXT));
        }
        f(&mut c)
    })
    .map_err(|_| no_context())?
}

fn header_size(c: &Context) -> usize {
    let s = c.inner.sizes();
    s.security_trailer.max(s.max_signature) as usize
}

fn get_mic(
    ctx: gss_ctx_id_t,
    msg: *const gss_buffer_desc,
    out: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    let out = ffi::need_out_buffer(out)?;
    let msg = ffi::need_bytes(msg)?;
    let tok = with_ctx(ctx, |c| {
        let mut data = msg.to_vec();
        let mut sig = vec![0u8; c.inner.sizes().max_signature as usize];
        let mut iov = [
            IoBuf::new(IoKind::Data, &mut data),
            IoBuf::new(IoKind::Header, &mut sig),
        ];
        c.inner.sign(&mut iov, 0).map_err(|e| map_error(&e))?;
        let n = iov[1].len.min(iov[1].buf.len());
        Ok(sig[..n].to_vec())
    })?;
    put(out, ffi::new_buffer(&tok)?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_get_mic` (RFC 2744 5.15): a MIC token over the message (for NTLM
/// the 16-byte signature); free with gss_release_buffer.
#[no_mangle]
pub extern "C" fn gss_get_mic(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    _qop_req: gss_qop_t,
    message_buffer: *const gss_buffer_desc,
    message_token: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_get_mic", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            get_mic(context_handle, message_buffer, message_token)
        })
    })
}

/// `gss_sign`: the RFC 1508 name of gss_get_mic (`qop_req` an int).
#[no_mangle]
pub extern "C" fn gss_sign(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    _qop_req: i32,
    message_buffer: *const gss_buffer_desc,
    message_token: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_sign", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            get_mic(context_handle, message_buffer, message_token)
        })
    })
}

fn verify_mic(
    ctx: gss_ctx_id_t,
    msg: *const gss_buffer_desc,
    tok: *const gss_buffer_desc,
    qop: *mut gss_qop_t,
) -> GssResult<OM_uint32> {
    let msg = ffi::need_bytes(msg)?;
    let tok = ffi::need_nonempty(tok)?;
    with_ctx(ctx, |c| {
        let mut data = msg.to_vec();
        let mut sig = tok.to_vec();
        let mut iov = [
            IoBuf::new(IoKind::Data, &mut data),
            IoBuf::new(IoKind::Header, &mut sig),
        ];
        c.inner.verify(&mut iov, 0).map_err(|e| map_error(&e))
    })?;
    put(qop, GSS_C_QOP_DEFAULT);
    Ok(GSS_S_COMPLETE)
}

/// `gss_verify_mic` (RFC 2744 5.32): checks a MIC token over the message;
/// GSS_S_BAD_SIG when it does not verify; a NULL or empty token is
/// GSS_S_CALL_INACCESSIBLE_READ, as MIT's mechglue says. `qop_state` may be NULL.
#[no_mangle]
pub extern "C" fn gss_verify_mic(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    message_buffer: *const gss_buffer_desc,
    token_buffer: *const gss_buffer_desc,
    qop_state: *mut gss_qop_t,
) -> OM_uint32 {
    guard("gss_verify_mic", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            verify_mic(context_handle, message_buffer, token_buffer, qop_state)
        })
    })
}

/// `gss_verify`: the RFC 1508 name of gss_verify_mic (`qop_state` an int *).
#[no_mangle]
pub extern "C" fn gss_verify(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    message_buffer: *const gss_buffer_desc,
    token_buffer: *const gss_buffer_desc,
    qop_state: *mut i32,
) -> OM_uint32 {
    guard("gss_verify", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            verify_mic(
                context_handle,
                message_buffer,
                token_buffer,
                qop_state as *mut gss_qop_t,
            )
        })
    })
}

fn wrap(
    ctx: gss_ctx_id_t,
    conf_req: i32,
    input: *const gss_buffer_desc,
    conf_state: *mut i32,
    out: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    let out = ffi::need_out_buffer(out)?;
    let input = ffi::need_bytes(input)?;
    let mut tok = ffi::MallocToken::new();
    let conf = with_ctx(ctx, |c| {
        c.inner
            .wrap_token_into(input, conf_req != 0, &mut tok)
            .map_err(|e| map_error(&e))
    })?;
    put(out, tok.into_buffer());
    put(conf_state, conf as i32);
    Ok(GSS_S_COMPLETE)
}

/// `gss_wrap` (RFC 2744 5.33): protects a message; the token is the
/// package header (NTLM: 16-byte signature) then the (sealed) data. Free
/// with gss_release_buffer; `conf_state` (may be NULL) says whether it was sealed.
#[no_mangle]
pub extern "C" fn gss_wrap(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    conf_req_flag: i32,
    _qop_req: gss_qop_t,
    input_message_buffer: *const gss_buffer_desc,
    conf_state: *mut i32,
    output_message_buffer: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_wrap", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            wrap(
                context_handle,
                conf_req_flag,
                input_message_buffer,
                conf_state,
                output_message_buffer,
            )
        })
    })
}

/// `gss_seal`: the RFC 1508 name of gss_wrap (`qop_req` an int).
#[no_mangle]
pub extern "C" fn gss_seal(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    conf_req_flag: i32,
    _qop_req: i32,
    input_message_buffer: *const gss_buffer_desc,
    conf_state: *mut i32,
    output_message_buffer: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_seal", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            wrap(
                context_handle,
                conf_req_flag,
                input_message_buffer,
                conf_state,
                output_message_buffer,
            )
        })
    })
}

fn unwrap(
    ctx: gss_ctx_id_t,
    input: *const gss_buffer_desc,
    out: *mut gss_buffer_desc,
    conf_state: *mut i32,
    qop: *mut gss_qop_t,
) -> GssResult<OM_uint32> {
    let out = ffi::need_out_buffer(out)?;
    let input = ffi::need_nonempty(input)?;
    let mut data = ffi::MallocToken::new();
    let conf = with_ctx(ctx, |c| {
        c.inner
            .unwrap_token_into(input, &mut data)
            .map_err(|e| map_error(&e))
    })?;
    put(out, data.into_buffer());
    put(conf_state, conf as i32);
    put(qop, GSS_C_QOP_DEFAULT);
    Ok(GSS_S_COMPLETE)
}

/// `gss_unwrap` (RFC 2744 5.31): checks and opens a gss_wrap token; the
/// message is freed with gss_release_buffer. GSS_S_BAD_SIG if altered,
/// GSS_S_DEFECTIVE_TOKEN if shorter than the header; a NULL or empty
/// token is GSS_S_CALL_INACCESSIBLE_READ, as MIT's mechglue says.
#[no_mangle]
pub extern "C" fn gss_unwrap(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    input_message_buffer: *const gss_buffer_desc,
    output_message_buffer: *mut gss_buffer_desc,
    conf_state: *mut i32,
    qop_state: *mut gss_qop_t,
) -> OM_uint32 {
    guard("gss_unwrap", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            unwrap(
                context_handle,
                input_message_buffer,
                output_message_buffer,
                conf_state,
                qop_state,
            )
        })
    })
}

/// `gss_unseal`: the RFC 1508 name of gss_unwrap (`qop_state` an int *).
#[no_mangle]
pub extern "C" fn gss_unseal(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    input_message_buffer: *const gss_buffer_desc,
    output_message_buffer: *mut gss_buffer_desc,
    conf_state: *mut i32,
    qop_state: *mut i32,
) -> OM_uint32 {
    guard("gss_unseal", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            unwrap(
                context_handle,
                input_message_buffer,
                output_message_buffer,
                conf_state,
                qop_state as *mut gss_qop_t,
            )
        })
    })
}

// ---- iov ----

/// The caller's iov array as a mutable slice (empty when NULL or count 0).
fn iov_slice<'a>(
    iov: *mut gss_iov_buffer_desc,
    count: i32,
) -> GssResult<&'a mut [gss_iov_buffer_desc]> {
    if count < 0 || (count > 0 && iov.is_null()) {
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ));
    }
    if count == 0 {
        return Ok(&mut []);
    }
    // SAFETY: the caller passes `count` writable iov descriptors at `iov`.
    Ok(unsafe { std::slice::from_raw_parts_mut(iov, count as usize) })
}

/// The buffer a token goes in or comes from must be there: MIT's krb5
/// mechanism answers GSS_S_FAILURE (minor EINVAL) for an iov array without
/// its HEADER (or STREAM, when opening) or MIC_TOKEN buffer. We take HEADER
/// for a MIC too.
fn need_iov(iov: &[gss_iov_buffer_desc], types: &[OM_uint32]) -> GssResult<()> {
    if iov
        .iter()
        .any(|b| types.contains(&gss_iov_buffer_type(b.type_)))
    {
        Ok(())
    } else {
        Err(GssErr::new(GSS_S_FAILURE, minor::INVALID_PARAMETER))
    }
}

const MIC_TYPES: [OM_uint32; 2] = [GSS_IOV_BUFFER_TYPE_MIC_TOKEN, GSS_IOV_BUFFER_TYPE_HEADER];

fn kind_of(t: OM_uint32) -> IoKind {
    match gss_iov_buffer_type(t) {
        GSS_IOV_BUFFER_TYPE_DATA => IoKind::Data,
        GSS_IOV_BUFFER_TYPE_SIGN_ONLY => IoKind::SignOnly,
        GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_TYPE_MIC_TOKEN => IoKind::Header,
        GSS_IOV_BUFFER_TYPE_PADDING => IoKind::Padding,
        GSS_IOV_BUFFER_TYPE_TRAILER => IoKind::Trailer,
        _ => IoKind::Ignore,
    }
}

/// Allocates buffers flagged GSS_IOV_BUFFER_FLAG_ALLOCATE: the header (or
/// MIC token) gets `hdr` bytes, padding and trailer none.
fn allocate(iov: &mut [gss_iov_buffer_desc], hdr: usize) -> GssResult<()> {
    for b in iov.iter_mut() {
        if b.type_ & GSS_IOV_BUFFER_FLAG_ALLOCATE == 0 {
            continue;
        }
        let want = match kind_of(b.type_) {
            IoKind::Header => hdr,
            _ => 0,
        };
        if want > 0 {
            b.buffer.value = ffi::malloc_copy(&vec![0u8; want])?;
            b.buffer.length = want;
            b.type_ |= GSS_IOV_BUFFER_FLAG_ALLOCATED;
        } else {
            b.buffer = ffi::empty_buffer();
        }
    }
    Ok(())
}

/// Runs `f` over IoBufs that view the caller's buffers, then records the
/// lengths the package used for Header/Padding/Trailer.
fn over_iov<T>(
    iov: &mut [gss_iov_buffer_desc],
    f: impl FnOnce(&mut [IoBuf<'_>]) -> GssResult<T>,
) -> GssResult<T> {
    let mut bufs: Vec<IoBuf<'_>> = iov
        .iter()
        .map(|b| {
            IoBuf::new(
                kind_of(b.type_),
                ffi::raw_mut(b.buffer.value as *mut u8, b.buffer.length),
            )
        })
        .collect();
    let r = f(&mut bufs)?;
    let lens: Vec<(IoKind, usize)> = bufs.iter().map(|b| (b.kind, b.len)).collect();
    drop(bufs);
    for (b, (kind, len)) in iov.iter_mut().zip(lens) {
        if matches!(kind, IoKind::Header | IoKind::Padding | IoKind::Trailer) {
            b.buffer.length = len.min(b.buffer.length);
        }
    }
    Ok(r)
}

fn wrap_iov(
    ctx: gss_ctx_id_t,
    conf_req: i32,
    conf_state: *mut i32,
    iov: *mut gss_iov_buffer_desc,
    n: i32,
) -> GssResult<OM_uint32> {
    let iov = iov_slice(iov, n)?;
    need_iov(iov, &[GSS_IOV_BUFFER_TYPE_HEADER])?;
    let conf = with_ctx(ctx, |c| {
        allocate(iov, header_size(c))?;
        over_iov(iov, |bufs| {
            c.inner
                .wrap(bufs, conf_req != 0, 0)
                .map_err(|e| map_error(&e))
        })
    })?;
    put(conf_state, conf as i32);
    Ok(GSS_S_COMPLETE)
}

/// `gss_wrap_iov` (MIT/RFC 4121-era extension): protects DATA buffers in
/// place and fills HEADER (PADDING and TRAILER stay empty for NTLM).
/// Buffers flagged GSS_IOV_BUFFER_FLAG_ALLOCATE are allocated here; free
/// them with gss_release_iov_buffer.
#[no_mangle]
pub extern "C" fn gss_wrap_iov(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    conf_req_flag: i32,
    _qop_req: gss_qop_t,
    conf_state: *mut i32,
    iov: *mut gss_iov_buffer_desc,
    iov_count: i32,
) -> OM_uint32 {
    guard("gss_wrap_iov", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            wrap_iov(context_handle, conf_req_flag, conf_state, iov, iov_count)
        })
    })
}

fn unwrap_iov(
    ctx: gss_ctx_id_t,
    conf_state: *mut i32,
    qop: *mut gss_qop_t,
    iov: *mut gss_iov_buffer_desc,
    n: i32,
) -> GssResult<OM_uint32> {
    let iov = iov_slice(iov, n)?;
    need_iov(
        iov,
        &[GSS_IOV_BUFFER_TYPE_HEADER, GSS_IOV_BUFFER_TYPE_STREAM],
    )?;
    let conf = with_ctx(ctx, |c| {
        let h = header_size(c);
        // STREAM form: split the token into header and data, pointing the
        // DATA buffer into the stream.
        if let Some(si) = iov
            .iter()
            .position(|b| gss_iov_buffer_type(b.type_) == GSS_IOV_BUFFER_TYPE_STREAM)
        {
            let stream = iov[si].buffer;
            if stream.length < h {
                return Err(GssErr::major(GSS_S_DEFECTIVE_TOKEN));
            }
            let di = iov
                .iter()
                .position(|b| gss_iov_buffer_type(b.type_) == GSS_IOV_BUFFER_TYPE_DATA)
                .ok_or(GssErr::major(GSS_S_CALL_BAD_STRUCTURE))?;
            let base = stream.value as *mut u8;
            // base + h stays within the stream: h <= stream.length (checked
            // above); wrapping_add needs no unsafe, and raw_mut checks NULL.
            let data = base.wrapping_add(h);
            let mut parts = [
                IoBuf::new(IoKind::Header, ffi::raw_mut(base, h)),
                IoBuf::new(IoKind::Data, ffi::raw_mut(data, stream.length - h)),
            ];
            let conf = c.inner.unwrap(&mut parts, 0).map_err(|e| map_error(&e))?;
            iov[di].buffer.value = data as *mut std::ffi::c_void;
            iov[di].buffer.length = stream.length - h;
            return Ok(conf);
        }
        over_iov(iov, |bufs| {
            c.inner.unwrap(bufs, 0).map_err(|e| map_error(&e))
        })
    })?;
    put(conf_state, conf as i32);
    put(qop, GSS_C_QOP_DEFAULT);
    Ok(GSS_S_COMPLETE)
}

/// `gss_unwrap_iov`: checks and opens in place, from HEADER + DATA
/// buffers or from one STREAM buffer (then DATA is set to point into it).
#[no_mangle]
pub extern "C" fn gss_unwrap_iov(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    conf_state: *mut i32,
    qop_state: *mut gss_qop_t,
    iov: *mut gss_iov_buffer_desc,
    iov_count: i32,
) -> OM_uint32 {
    guard("gss_unwrap_iov", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            unwrap_iov(context_handle, conf_state, qop_state, iov, iov_count)
        })
    })
}

fn iov_length(
    ctx: gss_ctx_id_t,
    iov: *mut gss_iov_buffer_desc,
    n: i32,
    mic: bool,
) -> GssResult<OM_uint32> {
    let iov = iov_slice(iov, n)?;
    if mic {
        need_iov(iov, &MIC_TYPES)?;
    } else {
        need_iov(iov, &[GSS_IOV_BUFFER_TYPE_HEADER])?;
    }
    let (hdr, sig) = with_ctx(ctx, |c| {
        Ok((header_size(c), c.inner.sizes().max_signature as usize))
    })?;
    for b in iov.iter_mut() {
        let t = gss_iov_buffer_type(b.type_);
        match t {
            GSS_IOV_BUFFER_TYPE_HEADER if !mic => b.buffer.length = hdr,
            GSS_IOV_BUFFER_TYPE_MIC_TOKEN if mic => b.buffer.length = sig,
            GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_TYPE_TRAILER => b.buffer.length = 0,
            _ => {}
        }
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_wrap_iov_length`: sets the lengths gss_wrap_iov needs (HEADER =
/// the package's trailer size, PADDING and TRAILER 0) without protecting anything.
#[no_mangle]
pub extern "C" fn gss_wrap_iov_length(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    _conf_req_flag: i32,
    _qop_req: gss_qop_t,
    _conf_state: *mut i32,
    iov: *mut gss_iov_buffer_desc,
    iov_count: i32,
) -> OM_uint32 {
    guard("gss_wrap_iov_length", GSS_S_FAILURE, || {
        ffi::call(minor, || iov_length(context_handle, iov, iov_count, false))
    })
}

/// `gss_get_mic_iov_length`: sets the MIC_TOKEN buffer's length.
#[no_mangle]
pub extern "C" fn gss_get_mic_iov_length(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    _qop_req: gss_qop_t,
    iov: *mut gss_iov_buffer_desc,
    iov_count: i32,
) -> OM_uint32 {
    guard("gss_get_mic_iov_length", GSS_S_FAILURE, || {
        ffi::call(minor, || iov_length(context_handle, iov, iov_count, true))
    })
}

fn mic_iov(
    ctx: gss_ctx_id_t,
    iov: *mut gss_iov_buffer_desc,
    n: i32,
    sign: bool,
) -> GssResult<OM_uint32> {
    let iov = iov_slice(iov, n)?;
    need_iov(iov, &MIC_TYPES)?;
    with_ctx(ctx, |c| {
        if sign {
            allocate(iov, c.inner.sizes().max_signature as usize)?;
            over_iov(iov, |b| c.inner.sign(b, 0).map_err(|e| map_error(&e)))
        } else {
            over_iov(iov, |b| c.inner.verify(b, 0).map_err(|e| map_error(&e)))
        }
    })?;
    Ok(GSS_S_COMPLETE)
}

/// `gss_get_mic_iov`: a MIC over DATA and SIGN_ONLY buffers into the
/// MIC_TOKEN buffer (allocated if flagged ALLOCATE).
#[no_mangle]
pub extern "C" fn gss_get_mic_iov(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    _qop_req: gss_qop_t,
    iov: *mut gss_iov_buffer_desc,
    iov_count: i32,
) -> OM_uint32 {
    guard("gss_get_mic_iov", GSS_S_FAILURE, || {
        ffi::call(minor, || mic_iov(context_handle, iov, iov_count, true))
    })
}

/// `gss_verify_mic_iov`: checks the MIC_TOKEN buffer over DATA and SIGN_ONLY buffers.
#[no_mangle]
pub extern "C" fn gss_verify_mic_iov(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    qop_state: *mut gss_qop_t,
    iov: *mut gss_iov_buffer_desc,
    iov_count: i32,
) -> OM_uint32 {
    guard("gss_verify_mic_iov", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            let r = mic_iov(context_handle, iov, iov_count, false)?;
            put(qop_state, GSS_C_QOP_DEFAULT);
            Ok(r)
        })
    })
}

fn release_iov(iov: *mut gss_iov_buffer_desc, n: i32) -> GssResult<OM_uint32> {
    if iov.is_null() {
        // Nothing to release, as MIT answers.
        return Ok(GSS_S_COMPLETE);
    }
    for b in iov_slice(iov, n)? {
        if b.type_ & GSS_IOV_BUFFER_FLAG_ALLOCATED != 0 {
            ffi::free_buffer(&mut b.buffer);
            b.type_ &= !GSS_IOV_BUFFER_FLAG_ALLOCATED;
        }
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_release_iov_buffer`: frees the buffers we allocated (flag
/// GSS_IOV_BUFFER_FLAG_ALLOCATED) and clears the flag. A NULL array is
/// nothing to free (GSS_S_COMPLETE, as MIT).
#[no_mangle]
pub extern "C" fn gss_release_iov_buffer(
    minor: *mut OM_uint32,
    iov: *mut gss_iov_buffer_desc,
    iov_count: i32,
) -> OM_uint32 {
    guard("gss_release_iov_buffer", GSS_S_FAILURE, || {
        // MIT accepts a NULL minor_status here.
        ffi::status(minor, release_iov(iov, iov_count))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_calls_on_bad_context() {
        let forged = 0x42usize as gss_ctx_id_t;
        let msg = gss_buffer_desc {
            length: 0,
            value: std::ptr::null_mut(),
        };
        let mut out = ffi::empty_buffer();
        assert_eq!(
            get_mic(forged, &msg, &mut out).unwrap_err().major,
            GSS_S_NO_CONTEXT
        );
        assert_eq!(
            wrap(forged, 1, &msg, std::ptr::null_mut(), std::ptr::null_mut())
                .unwrap_err()
                .major,
            GSS_S_CALL_INACCESSIBLE_WRITE
        );
        assert_eq!(
            unwrap(
                forged,
                std::ptr::null(),
                &mut out,
                std::ptr::null_mut(),
                std::ptr::null_mut()
            )
            .unwrap_err()
            .major,
            GSS_S_CALL_INACCESSIBLE_READ
        );
        assert!(out.value.is_null());
    }
}
