//! InitializeSecurityContextA/W, AcceptSecurityContext,
//! DeleteSecurityContext, CompleteAuthToken.
use std::ffi::c_char;
use std::sync::Arc;

use parking_lot::Mutex;

use super::buffers;
use super::flags;
use super::handle;
use super::status::{self, run};
use super::strings;
use super::types::*;
use crate::core::context::{Context, StepInput};
use crate::core::handles::{delete_context, Handle, CONTEXTS};
use crate::core::time::{to_filetime, FILETIME_NEVER};
use crate::core::{Error, Result};

/// The raw arguments of one ISC/ASC call, minus the strings.
struct StepArgs {
    initiator: bool,
    cred: *mut CredHandle,
    ctx: *mut CtxtHandle,
    target: Option<String>,
    req: u32,
    input: *mut SecBufferDesc,
    new_ctx: *mut CtxtHandle,
    output: *mut SecBufferDesc,
    attrs: *mut ULONG,
    expiry: *mut TimeStamp,
}

/// One implementation of context establishment for both sides.
///
/// Order: check every argument, step the context under its own lock, place
/// the output token (capacity checked or memory allocated), then — only if
/// everything succeeded — publish: insert a new context into the table,
/// write phNewContext, the token, the attributes and the expiry. A new
/// context whose first step fails is dropped, never left in the table.
///
/// # Safety
/// Pointers as documented on the exports.
unsafe fn step(a: StepArgs) -> Result<SECURITY_STATUS> {
    // SAFETY: forwarded contract.
    let existing = unsafe { handle::read(a.ctx) }?;
    if existing.is_none() && a.new_ctx.is_null() {
        return Err(Error::InvalidParameter("NULL phNewContext"));
    }
    let allocate = a.req
        & if a.initiator {
            ISC_REQ_ALLOCATE_MEMORY
        } else {
            ASC_REQ_ALLOCATE_MEMORY
        }
        != 0;
    // Both sides need the peer's token after their first call. An
    // acceptor's first call may come without one: the package decides
    // (Negotiate answers with NegTokenInit2 as Windows does; NTLM refuses).
    let token_required = existing.is_some();
    // SAFETY: forwarded contract.
    let (token, bindings) = unsafe { buffers::step_input(a.input, token_required) }?;
    // SAFETY: forwarded contract.
    let out = unsafe { buffers::token_out(a.output, allocate) }?;

    let (ctx, is_new): (Arc<Mutex<Context>>, bool) = match existing {
        Some(h) => (handle::context(h)?, false),
        None => {
            // SAFETY: forwarded contract.
            let ch = unsafe { handle::require(a.cred) }?;
            let cred = handle::credential(ch)?;
            let inner = if a.initiator {
                if !cred.usage.can_initiate() {
                    return Err(Error::UnknownCredentials("inbound-only credential".into()));
                }
                cred.package.initiator(
                    Arc::clone(&cred),
                    a.target.as_deref(),
                    flags::from_isc_req(a.req),
                )?
            } else {
                if !cred.usage.can_accept() {
                    return Err(Error::UnknownCredentials("outbound-only credential".into()));
                }
                cred.package
                    .acceptor(Arc::clone(&cred), flags::from_asc_req(a.req))?
            };
            (
                Arc::new(Mutex::new(Context::new(cred.package, inner))),
                true,
            )
        }
    };

    let mut c = ctx.lock();
    if c.inner.is_initiator() != a.initiator {
        return Err(Error::InvalidHandle);
    }
    if c.inner.is_complete() {
        return Err(Error::OutOfSequence);
    }
    let o = c
        .inner
        .step(&StepInput {
            token,
            bindings: bindings.as_ref(),
        })
        .map_err(status::step_error)?;
    let pending = buffers::place(out.as_ref(), &o.token)?;
    let mut attrs = flags::to_ret(c.inner.flags(), a.initiator);
    if pending.as_ref().is_some_and(|p| p.allocated()) {
        attrs |= if a.initiator {
            ISC_RET_ALLOCATED_MEMORY
        } else {
            ASC_RET_ALLOCATED_MEMORY
        };
    }
    let expiry = c.inner.expiry().map_or(FILETIME_NEVER, to_filetime);
    drop(c);
    crate::trace!(
        "{}: {} step: {} byte token out, {}",
        ctx_pkg_name(&ctx),
        if a.initiator { "initiator" } else { "acceptor" },
        o.token.len(),
        if o.complete { "complete" } else { "continue" }
    );

    // Publish. Nothing below can fail.
    let h: Handle = match existing {
        Some(h) => h,
        None => {
            debug_assert!(is_new);
            CONTEXTS.insert(ctx)
        }
    };
    // SAFETY: new_ctx is NULL only for a later call (checked above), and
    // writable per the caller; attrs and expiry are written when non-NULL.
    unsafe {
        if !a.new_ctx.is_null() {
            handle::write(a.new_ctx, h);
        }
        if !a.attrs.is_null() {
            a.attrs.write_unaligned(attrs);
        }
        if !a.expiry.is_null() {
            a.expiry.write_unaligned(expiry);
        }
    }
    if let Some(p) = pending {
        p.commit();
    }
    Ok(if o.complete {
        SEC_E_OK
    } else {
        SEC_I_CONTINUE_NEEDED
    })
}

fn ctx_pkg_name(ctx: &Mutex<Context>) -> &'static str {
    ctx.lock().inner.package().name
}

/// Starts or continues the client side of a handshake.
///
/// First call: `phContext` NULL, `phCredential` from
/// AcquireCredentialsHandle (outbound), `pInput` may be NULL; the new
/// context handle is written to `*phNewContext` (must not be NULL) and
/// released with DeleteSecurityContext. Later calls: `phContext` is that
/// handle and `pInput` holds the server's SECBUFFER_TOKEN (plus an optional
/// SECBUFFER_CHANNEL_BINDINGS); `phNewContext` may equal `phContext` or be
/// NULL. `pszTargetName` (may be NULL) is the SPN, e.g. "HTTP/host".
///
/// Output: with ISC_REQ_ALLOCATE_MEMORY the token is allocated by the
/// library (free with FreeContextBuffer); otherwise it is copied into the
/// caller's SECBUFFER_TOKEN if `cbBuffer` is large enough, else
/// SEC_E_INSUFFICIENT_MEMORY and nothing is written. `cbBuffer` is set to
/// the token length. `*pfContextAttr` (may be NULL) receives the ISC_RET_*
/// flags actually granted; `*ptsExpiry` (may be NULL) a FILETIME, or
/// 0x7FFFFFFFFFFFFFFF for "never". Returns SEC_I_CONTINUE_NEEDED or
/// SEC_E_OK. Outputs are written only on success. Different contexts may
/// be used from different threads at once; calls on one context are
/// serialized.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-initializesecuritycontextw>
///
/// # Safety
/// Handles are NULL or readable; `pszTargetName` NULL or NUL-terminated;
/// descriptors NULL or valid with buffers of the stated sizes; outputs NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn InitializeSecurityContextW(
    phCredential: *mut CredHandle,
    phContext: *mut CtxtHandle,
    pszTargetName: *const SEC_WCHAR,
    fContextReq: ULONG,
    _Reserved1: ULONG,
    _TargetDataRep: ULONG,
    pInput: *mut SecBufferDesc,
    _Reserved2: ULONG,
    phNewContext: *mut CtxtHandle,
    pOutput: *mut SecBufferDesc,
    pfContextAttr: *mut ULONG,
    ptsExpiry: *mut TimeStamp,
) -> SECURITY_STATUS {
    run("InitializeSecurityContextW", || {
        // SAFETY: forwarded contract.
        let target = unsafe { strings::wide_z(pszTargetName) }?;
        // SAFETY: forwarded contract.
        unsafe {
            step(StepArgs {
                initiator: true,
                cred: phCredential,
                ctx: phContext,
                target,
                req: fContextReq,
                input: pInput,
                new_ctx: phNewContext,
                output: pOutput,
                attrs: pfContextAttr,
                expiry: ptsExpiry,
            })
        }
    })
}

/// ANSI form of [`InitializeSecurityContextW`] (`pszTargetName` as UTF-8).
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-initializesecuritycontexta>
///
/// # Safety
/// As [`InitializeSecurityContextW`].
#[no_mangle]
pub unsafe extern "C" fn InitializeSecurityContextA(
    phCredential: *mut CredHandle,
    phContext: *mut CtxtHandle,
    pszTargetName: *const SEC_CHAR,
    fContextReq: ULONG,
    _Reserved1: ULONG,
    _TargetDataRep: ULONG,
    pInput: *mut SecBufferDesc,
    _Reserved2: ULONG,
    phNewContext: *mut CtxtHandle,
    pOutput: *mut SecBufferDesc,
    pfContextAttr: *mut ULONG,
    ptsExpiry: *mut TimeStamp,
) -> SECURITY_STATUS {
    run("InitializeSecurityContextA", || {
        // SAFETY: forwarded contract.
        let target = unsafe { strings::ansi_z(pszTargetName as *const c_char) }?;
        // SAFETY: forwarded contract.
        unsafe {
            step(StepArgs {
                initiator: true,
                cred: phCredential,
                ctx: phContext,
                target,
                req: fContextReq,
                input: pInput,
                new_ctx: phNewContext,
                output: pOutput,
                attrs: pfContextAttr,
                expiry: ptsExpiry,
            })
        }
    })
}

/// Server side of a handshake: consumes the client's SECBUFFER_TOKEN in
/// `pInput` (required; SEC_E_INVALID_TOKEN without it) and produces the
/// next token. First call: `phContext` NULL, `phCredential` inbound, the
/// new handle goes to `*phNewContext` (must not be NULL). For NTLM:
/// SEC_I_CONTINUE_NEEDED after the CHALLENGE, then SEC_E_OK with an empty
/// output token (`cbBuffer` = 0). Output token, flags (ASC_RET_*), expiry,
/// ownership and threading as for InitializeSecurityContext, with
/// ASC_REQ_ALLOCATE_MEMORY. `TargetDataRep` is ignored.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-acceptsecuritycontext>
///
/// # Safety
/// As [`InitializeSecurityContextW`].
#[no_mangle]
pub unsafe extern "C" fn AcceptSecurityContext(
    phCredential: *mut CredHandle,
    phContext: *mut CtxtHandle,
    pInput: *mut SecBufferDesc,
    fContextReq: ULONG,
    _TargetDataRep: ULONG,
    phNewContext: *mut CtxtHandle,
    pOutput: *mut SecBufferDesc,
    pfContextAttr: *mut ULONG,
    ptsExpiry: *mut TimeStamp,
) -> SECURITY_STATUS {
    run("AcceptSecurityContext", || {
        // SAFETY: forwarded contract.
        unsafe {
            step(StepArgs {
                initiator: false,
                cred: phCredential,
                ctx: phContext,
                target: None,
                req: fContextReq,
                input: pInput,
                new_ctx: phNewContext,
                output: pOutput,
                attrs: pfContextAttr,
                expiry: ptsExpiry,
            })
        }
    })
}

/// Deletes a context handle; the context is freed once no call is using
/// it. NULL, stale or forged → SEC_E_INVALID_HANDLE. Thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-deletesecuritycontext>
///
/// # Safety
/// `phContext` is NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn DeleteSecurityContext(phContext: *mut CtxtHandle) -> SECURITY_STATUS {
    run("DeleteSecurityContext", || {
        // SAFETY: forwarded contract.
        let h = unsafe { handle::require(phContext) }?;
        delete_context(h)?;
        Ok(SEC_E_OK)
    })
}

/// Completes a token for packages that return SEC_I_COMPLETE_NEEDED. No
/// package here does, so after checking the handle this returns SEC_E_OK
/// and leaves `pToken` alone (may be NULL).
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-completeauthtoken>
///
/// # Safety
/// `phContext` is NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn CompleteAuthToken(
    phContext: *mut CtxtHandle,
    _pToken: *mut SecBufferDesc,
) -> SECURITY_STATUS {
    run("CompleteAuthToken", || {
        // SAFETY: forwarded contract.
        handle::context(unsafe { handle::require(phContext) }?)?;
        Ok(SEC_E_OK)
    })
}
