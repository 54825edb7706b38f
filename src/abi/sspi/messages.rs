//! MakeSignature, VerifySignature, EncryptMessage, DecryptMessage: the
//! caller's SecBufferDesc becomes an `IoBuf` list and the context's own
//! lock serializes calls on one context.
use super::buffers;
use super::handle;
use super::status::run;
use super::types::*;
use crate::core::context::SecurityContext;
use crate::core::handles;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};

/// Looks the context up, checks it is established, and runs `f` on it
/// under its lock.
///
/// # Safety
/// As the exports.
unsafe fn with_established<T>(
    ph: *mut CtxtHandle,
    f: impl FnOnce(&mut dyn SecurityContext) -> Result<T>,
) -> Result<T> {
    // SAFETY: forwarded contract.
    let h = unsafe { handle::require(ph) }?;
    handles::with_context(h, |ctx| {
        let mut c = ctx.lock();
        if c.is_closed() {
            return Err(Error::InvalidHandle);
        }
        if !c.inner.is_complete() {
            return Err(Error::IncompleteContext);
        }
        f(c.inner.as_mut())
    })?
}

/// [`with_established`], with the message buffers as an `IoBuf` list.
///
/// # Safety
/// As the exports.
unsafe fn with_message<T>(
    ph: *mut CtxtHandle,
    msg: *mut SecBufferDesc,
    f: impl FnOnce(&mut dyn SecurityContext, &mut [IoBuf<'_>]) -> Result<T>,
) -> Result<T> {
    // SAFETY: forwarded contract (both).
    unsafe { with_established(ph, |c| buffers::with_iov(msg, |iov| f(c, iov))) }
}

fn needs(iov: &[IoBuf<'_>], kind: IoKind, what: &'static str) -> Result<()> {
    if iov.iter().any(|b| b.kind == kind) {
        Ok(())
    } else {
        Err(Error::InvalidToken(format!("no {what} buffer")))
    }
}

/// Signs the SECBUFFER_DATA buffers (and READONLY_WITH_CHECKSUM ones)
/// into the SECBUFFER_TOKEN buffer, whose `cbBuffer` is set to the
/// signature length (SEC_E_BUFFER_TOO_SMALL if it cannot hold it).
/// `fQOP` must be 0 (else SEC_E_QOP_NOT_SUPPORTED). The caller owns all buffers. Calls on one context are
/// serialized. Context not yet established → SEC_E_OUT_OF_SEQUENCE.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-makesignature>
///
/// # Safety
/// `phContext` NULL or readable; `pMessage` NULL or a valid descriptor
/// whose buffers are writable for their `cbBuffer` and do not overlap.
#[no_mangle]
pub unsafe extern "C" fn MakeSignature(
    phContext: *mut CtxtHandle,
    fQOP: ULONG,
    pMessage: *mut SecBufferDesc,
    MessageSeqNo: ULONG,
) -> SECURITY_STATUS {
    run("MakeSignature", || {
        if fQOP != 0 {
            // No package here has signing qualities of protection.
            return Ok(SEC_E_QOP_NOT_SUPPORTED);
        }
        // SAFETY: forwarded contract.
        unsafe {
            with_message(phContext, pMessage, |c, iov| {
                needs(iov, IoKind::Header, "SECBUFFER_TOKEN")?;
                c.sign(iov, MessageSeqNo)
            })
        }?;
        Ok(SEC_E_OK)
    })
}

/// Verifies the signature in the SECBUFFER_TOKEN buffer over the data
/// buffers. `*pfQOP` (may be NULL) is set to 0. A bad signature →
/// SEC_E_MESSAGE_ALTERED; a replay or reordering → SEC_E_OUT_OF_SEQUENCE.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-verifysignature>
///
/// # Safety
/// As [`MakeSignature`]; `pfQOP` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn VerifySignature(
    phContext: *mut CtxtHandle,
    pMessage: *mut SecBufferDesc,
    MessageSeqNo: ULONG,
    pfQOP: *mut ULONG,
) -> SECURITY_STATUS {
    run("VerifySignature", || {
        // SAFETY: forwarded contract.
        unsafe {
            with_message(phContext, pMessage, |c, iov| {
                needs(iov, IoKind::Header, "SECBUFFER_TOKEN")?;
                c.verify(iov, MessageSeqNo)
            })
        }?;
        if !pfQOP.is_null() {
            // SAFETY: non-NULL and writable per the caller.
            unsafe { pfQOP.write_unaligned(0) };
        }
        Ok(SEC_E_OK)
    })
}

/// Protects the SECBUFFER_DATA buffers in place and writes the header into
/// SECBUFFER_TOKEN (and any padding into SECBUFFER_PADDING), setting their
/// `cbBuffer` to the bytes used. `fQOP` SECQOP_WRAP_NO_ENCRYPT signs
/// without encrypting. Slots Reserved3 and 24 of the function table.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-encryptmessage>
///
/// # Safety
/// As [`MakeSignature`].
#[no_mangle]
pub unsafe extern "C" fn EncryptMessage(
    phContext: *mut CtxtHandle,
    fQOP: ULONG,
    pMessage: *mut SecBufferDesc,
    MessageSeqNo: ULONG,
) -> SECURITY_STATUS {
    run("EncryptMessage", || {
        let conf = fQOP & SECQOP_WRAP_NO_ENCRYPT != SECQOP_WRAP_NO_ENCRYPT;
        // SAFETY: forwarded contract.
        unsafe {
            with_message(phContext, pMessage, |c, iov| {
                needs(iov, IoKind::Data, "SECBUFFER_DATA")?;
                c.wrap(iov, conf, MessageSeqNo)
            })
        }?;
        Ok(SEC_E_OK)
    })
}

/// Checks and decrypts a message in place. `*pfQOP` (may be NULL) is set
/// to SECQOP_WRAP_NO_ENCRYPT when the message was signed but not sealed,
/// else 0. Errors as for [`VerifySignature`].
///
/// Besides the TOKEN / DATA (/ PADDING) layout, the stream form Windows'
/// Kerberos takes: one SECBUFFER_STREAM holding the whole wrap token and
/// an empty SECBUFFER_DATA, which on return points into the stream buffer
/// at the plaintext.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-decryptmessage>
///
/// # Safety
/// As [`VerifySignature`].
#[no_mangle]
pub unsafe extern "C" fn DecryptMessage(
    phContext: *mut CtxtHandle,
    pMessage: *mut SecBufferDesc,
    MessageSeqNo: ULONG,
    pfQOP: *mut ULONG,
) -> SECURITY_STATUS {
    run("DecryptMessage", || {
        // SAFETY: forwarded contract.
        let sealed = match unsafe { decrypt_stream(phContext, pMessage) }? {
            Some(sealed) => sealed,
            None => {
                // SAFETY: forwarded contract.
                unsafe { with_message(phContext, pMessage, |c, iov| c.unwrap(iov, MessageSeqNo)) }?
            }
        };
        if !pfQOP.is_null() {
            let q = if sealed { 0 } else { SECQOP_WRAP_NO_ENCRYPT };
            // SAFETY: non-NULL and writable per the caller.
            unsafe { pfQOP.write_unaligned(q) };
        }
        Ok(SEC_E_OK)
    })
}

/// DecryptMessage's SECBUFFER_STREAM form; None when the message has no
/// stream buffer. The token is opened into a copy and the plaintext put at
/// the start of the stream buffer, where the DATA buffer is then pointed.
///
/// # Safety
/// As [`DecryptMessage`].
unsafe fn decrypt_stream(ph: *mut CtxtHandle, msg: *mut SecBufferDesc) -> Result<Option<bool>> {
    // SAFETY: forwarded contract.
    let Some(bufs) = (unsafe { buffers::desc(msg) })? else {
        return Ok(None);
    };
    let kind = |want: ULONG| {
        bufs.iter()
            .position(|b| buffers::base_type(b.BufferType) == want)
    };
    let Some(si) = kind(SECBUFFER_STREAM) else {
        return Ok(None);
    };
    let di = kind(SECBUFFER_DATA)
        .ok_or_else(|| Error::InvalidToken("SECBUFFER_STREAM without a SECBUFFER_DATA".into()))?;
    let (ptr, len) = (bufs[si].pvBuffer as *mut u8, bufs[si].cbBuffer as usize);
    if ptr.is_null() || len == 0 {
        return Err(Error::InvalidToken("empty SECBUFFER_STREAM".into()));
    }
    // SAFETY: the caller's stream buffer, `cbBuffer` writable bytes.
    let stream = unsafe { std::slice::from_raw_parts_mut(ptr, len) };
    let token = stream.to_vec();
    let mut plain = zeroize::Zeroizing::new(Vec::new());
    // SAFETY: forwarded contract.
    let sealed = unsafe { with_established(ph, |c| c.unwrap_token_into(&token, &mut *plain)) }?;
    if plain.len() > stream.len() {
        return Err(Error::Internal(
            "plaintext longer than its wrap token".into(),
        ));
    }
    stream[..plain.len()].copy_from_slice(&plain);
    bufs[di].pvBuffer = ptr.cast();
    bufs[di].cbBuffer = plain.len() as ULONG;
    Ok(Some(sealed))
}
