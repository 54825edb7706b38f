//! Context establishment and inquiry (RFC 2744 5.1, 5.9, 5.19, 5.20, 5.26,
//! 5.33, 5.7): gss_init_sec_context, gss_accept_sec_context,
//! gss_delete_sec_context, gss_context_time, gss_inquire_context,
//! gss_wrap_size_limit, gss_process_context_token. A gss_ctx_id_t is a
//! handle of `core::handles::CONTEXTS`, shared with the SSPI face.
//!
//! Tokens are the package's own: for NTLM the raw NTLMSSP messages with no
//! RFC 2743 framing, as gss-ntlmssp sends them.
use std::sync::Arc;

use parking_lot::Mutex;

use super::creds;
use super::ffi::{self, need, put};
use super::names::{self, GssName};
use super::oids::find_static;
use super::status::{map_error, minor, GssErr, GssResult};
use super::types::*;
use crate::abi::boundary::guard;
use crate::core::bindings::ChannelBindings;
use crate::core::context::{Context, StepInput};
use crate::core::credential::{CredRequest, CredUse, Credential};
use crate::core::flags::Flags;
use crate::core::handles::{delete_context, Handle, CONTEXTS, CREDENTIALS};
use crate::packages::{self, Package, PackageInfo};

/// GSS_C_*_FLAG bits and the core flags they stand for.
const FLAG_MAP: [(OM_uint32, Flags); 10] = [
    (GSS_C_DELEG_FLAG, Flags::DELEGATE),
    (GSS_C_MUTUAL_FLAG, Flags::MUTUAL),
    (GSS_C_REPLAY_FLAG, Flags::REPLAY_DETECT),
    (GSS_C_SEQUENCE_FLAG, Flags::SEQUENCE_DETECT),
    (GSS_C_CONF_FLAG, Flags::CONFIDENTIALITY),
    (GSS_C_INTEG_FLAG, Flags::INTEGRITY),
    (GSS_C_ANON_FLAG, Flags::ANONYMOUS),
    (GSS_C_DCE_STYLE, Flags::DCE_STYLE),
    (GSS_C_IDENTIFY_FLAG, Flags::IDENTIFY),
    (GSS_C_EXTENDED_ERROR_FLAG, Flags::EXTENDED_ERROR),
];

/// Requested GSS flags as core flags.
pub fn flags_from_gss(f: OM_uint32) -> Flags {
    let mut out = Flags::NONE;
    for (g, c) in FLAG_MAP {
        if f & g != 0 {
            out |= c;
        }
    }
    out
}

/// Granted core flags as GSS flags; a complete context with integrity or
/// confidentiality also reports GSS_C_PROT_READY_FLAG, as MIT does.
pub fn flags_to_gss(f: Flags, complete: bool) -> OM_uint32 {
    let mut out = 0;
    for (g, c) in FLAG_MAP {
        if f.contains(c) {
            out |= g;
        }
    }
    if complete && f.intersects(Flags::INTEGRITY | Flags::CONFIDENTIALITY) {
        out |= GSS_C_PROT_READY_FLAG;
    }
    out
}

/// Looks a context handle up (GSS_S_NO_CONTEXT when bad).
pub fn lookup(p: gss_ctx_id_t) -> GssResult<Arc<Mutex<Context>>> {
    CONTEXTS.get(handle(p)?).map_err(|_| no_context())
}

/// The table handle a context pointer carries; NULL is an error.
pub fn handle(p: gss_ctx_id_t) -> GssResult<Handle> {
    if p.is_null() {
        return Err(GssErr::major(
            GSS_S_CALL_INACCESSIBLE_READ | GSS_S_NO_CONTEXT,
        ));
    }
    Ok(ffi::from_ptr(p))
}

/// A handle that names no live context.
pub fn no_context() -> GssErr {
    GssErr::new(GSS_S_NO_CONTEXT, minor::INVALID_HANDLE)
}

/// The static OID a package reports as its own.
fn mech_oid(p: &PackageInfo) -> gss_OID {
    find_static(p.oids[0]).map_or(std::ptr::null_mut(), |d| d.oid())
}

fn bindings(cb: *const gss_channel_bindings_struct) -> Option<ChannelBindings> {
    let c = ffi::get(cb)?;
    Some(ChannelBindings {
        initiator_addrtype: c.initiator_addrtype,
        initiator_address: ffi::bytes(&c.initiator_address).to_vec(),
        acceptor_addrtype: c.acceptor_addrtype,
        acceptor_address: ffi::bytes(&c.acceptor_address).to_vec(),
        application_data: ffi::bytes(&c.application_data).to_vec(),
    })
}

/// Outputs of one establishment step, written only when the step succeeded.
struct Stepped {
    token: Vec<u8>,
    complete: bool,
    flags: OM_uint32,
    time: OM_uint32,
    mech: gss_OID,
}

fn step(ctx: &Mutex<Context>, token: &[u8], cb: Option<&ChannelBindings>) -> GssResult<Stepped> {
    let mut c = ctx.lock();
    let out = c
        .inner
        .step(&StepInput {
            token,
            bindings: cb,
        })
        .map_err(|e| map_error(&e))?;
    Ok(Stepped {
        complete: out.complete,
        flags: flags_to_gss(c.inner.flags(), out.complete),
        time: creds::lifetime(c.inner.expiry()),
        mech: mech_oid(c.inner.package()),
        token: out.token,
    })
}

fn init_sec_context(
    cred: gss_cred_id_t,
    ctx_io: *mut gss_ctx_id_t,
    target: gss_name_t,
    mech: *const gss_OID_desc,
    req_flags: OM_uint32,
    cb: *const gss_channel_bindings_struct,
    input: *const gss_buffer_desc,
    actual_mech: *mut gss_OID,
    output: *mut gss_buffer_desc,
    ret_flags: *mut OM_uint32,
    time_rec: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    // Emptied before any check, on every path, as MIT's mechglue does:
    // callers read them after a failure (libpq frees output_token when
    // its length is non-zero, from an uninitialised descriptor).
    put(output, ffi::empty_buffer());
    put(actual_mech, std::ptr::null_mut());
    // MIT's mechglue checks these on every call, first or later, in this
    // order: the context pointer, the target name, the output token, then
    // the mechanism.
    let ctx_io = need(ctx_io)
        .map_err(|_| GssErr::major(GSS_S_CALL_INACCESSIBLE_WRITE | GSS_S_NO_CONTEXT))?;
    let target = names::lookup(target)?;
    let output = need(output)?;
    let pkg = creds::package_for(ffi::oid(mech))?;
    let existing = ffi::get(ctx_io as *const gss_ctx_id_t).unwrap_or(std::ptr::null_mut());
    let cb = bindings(cb);
    let (handle, ctx, fresh) = if existing.is_null() {
        let cred = if cred.is_null() {
            let req = CredRequest {
                usage: CredUse::Outbound,
                principal: None,
                identity: None,
                package_list: None,
                store: Vec::new(),
            };
            creds::acquire(pkg, &req)?
        } else {
            let c = creds::lookup(cred)?;
            if std::ptr::eq(pkg.info(), &packages::negotiate::INFO)
                && !std::ptr::eq(c.package.info(), pkg.info())
            {
                // SPNEGO over a mechanism credential, as MIT allows.
                Arc::new(packages::negotiate::over(c).map_err(|e| map_error(&e))?)
            } else {
                c
            }
        };
        if !cred.usage.can_initiate() {
            return Err(GssErr::new(GSS_S_NO_CRED, minor::UNKNOWN_CREDENTIALS));
        }
        if !std::ptr::eq(cred.package.info(), pkg.info()) {
            return Err(GssErr::new(GSS_S_NO_CRED, minor::UNKNOWN_CREDENTIALS));
        }
        let inner = pkg
            .initiator(
                Arc::clone(&cred),
                Some(&target.target()),
                flags_from_gss(req_flags),
            )
            .map_err(|e| map_error(&e))?;
        let ctx = Arc::new(Mutex::new(Context::new(cred.package, inner)));
        (None, ctx, true)
    } else {
        let ctx = lookup(existing)?;
        if !ctx.lock().inner.is_initiator() {
            return Err(GssErr::major(GSS_S_NO_CONTEXT));
        }
        (Some(existing), ctx, false)
    };
    let s = step(&ctx, ffi::bytes(input), cb.as_ref())?;
    let buf = ffi::new_buffer(&s.token)?;
    let handle = match handle {
        Some(h) => h,
        None => ffi::to_ptr(CONTEXTS.insert(ctx)),
    };
    if fresh {
        put(ctx_io, handle);
    }
    put(output, buf);
    put(actual_mech, s.mech);
    put(ret_flags, s.flags);
    put(time_rec, s.time);
    Ok(if s.complete {
        GSS_S_COMPLETE
    } else {
        GSS_S_CONTINUE_NEEDED
    })
}

/// `gss_init_sec_context` (RFC 2744 5.19): one initiator step. On the
/// first call `*context_handle` is GSS_C_NO_CONTEXT; `mech_type`
/// GSS_C_NO_OID picks the default mechanism (NTLM for now; see
/// `SSPI_SHIM_GSS_DEFAULT_MECH`). Returns GSS_S_CONTINUE_NEEDED while more
/// tokens are due. `output_token` is freed with gss_release_buffer;
/// `actual_mech_type` is static. On a first-call failure no context is created.
#[no_mangle]
pub extern "C" fn gss_init_sec_context(
    minor: *mut OM_uint32,
    initiator_cred_handle: gss_cred_id_t,
    context_handle: *mut gss_ctx_id_t,
    target_name: gss_name_t,
    mech_type: *const gss_OID_desc,
    req_flags: OM_uint32,
    _time_req: OM_uint32,
    input_chan_bindings: *const gss_channel_bindings_struct,
    input_token: *const gss_buffer_desc,
    actual_mech_type: *mut gss_OID,
    output_token: *mut gss_buffer_desc,
    ret_flags: *mut OM_uint32,
    time_rec: *mut OM_uint32,
) -> OM_uint32 {
    guard("gss_init_sec_context", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            init_sec_context(
                initiator_cred_handle,
                context_handle,
                target_name,
                mech_type,
                req_flags,
                input_chan_bindings,
                input_token,
                actual_mech_type,
                output_token,
                ret_flags,
                time_rec,
            )
        })
    })
}

/// Which package a first token is for: NTLMSSP messages are NTLM; an
/// RFC 2743 3.1 framed token names its mechanism (GSS_S_BAD_MECH if it is
/// not ours); `None` when the token does not say.
fn package_for_token(token: &[u8]) -> GssResult<Option<&'static dyn Package>> {
    if token.starts_with(b"NTLMSSP\0") {
        if let Some(p) = packages::by_name("NTLM") {
            return Ok(Some(p));
        }
    }
    if token.first() == Some(&0x60) {
        if let Some(mech) = framed_mech(token) {
            return creds::package_for(Some(mech)).map(Some);
        }
    }
    Ok(None)
}

/// The mechanism OID of an RFC 2743 3.1 framed token.
fn framed_mech(t: &[u8]) -> Option<&[u8]> {
    let mut i = 1;
    let l = *t.get(i)?;
    i += 1;
    if l & 0x80 != 0 {
        i += (l & 0x7f) as usize;
    }
    if *t.get(i)? != 0x06 {
        return None;
    }
    let n = *t.get(i + 1)? as usize;
    t.get(i + 2..i + 2 + n)
}

fn accept_sec_context(
    ctx_io: *mut gss_ctx_id_t,
    cred: gss_cred_id_t,
    input: *const gss_buffer_desc,
    cb: *const gss_channel_bindings_struct,
    src_name: *mut gss_name_t,
    mech_out: *mut gss_OID,
    output: *mut gss_buffer_desc,
    ret_flags: *mut OM_uint32,
    time_rec: *mut OM_uint32,
    delegated: *mut gss_cred_id_t,
) -> GssResult<OM_uint32> {
    // Emptied first, as MIT's mechglue does (see init_sec_context).
    put(output, ffi::empty_buffer());
    put(src_name, std::ptr::null_mut());
    put(mech_out, std::ptr::null_mut());
    put(delegated, std::ptr::null_mut());
    let output = need(output)?;
    let ctx_io = need(ctx_io)?;
    let token = ffi::need_bytes(input)?;
    let existing = ffi::get(ctx_io as *const gss_ctx_id_t).unwrap_or(std::ptr::null_mut());
    let cb = bindings(cb);
    let (handle, ctx, fresh) = if existing.is_null() {
        // The token names its mechanism; a credential for another one (a
        // server that acquired for the default mechanism set) or none at
        // all means that mechanism's default acceptor credential.
        let named = package_for_token(token)?;
        let given = if cred.is_null() {
            None
        } else {
            Some(creds::lookup(cred)?)
        };
        let cred = match (given, named) {
            (Some(c), None) => c,
            (Some(c), Some(p)) if std::ptr::eq(c.package.info(), p.info()) => c,
            // A Negotiate credential takes a bare NTLMSSP or Kerberos
            // token itself, as Windows' Negotiate does.
            (Some(c), Some(_)) if std::ptr::eq(c.package.info(), &packages::negotiate::INFO) => c,
            // SPNEGO over the given mechanism credential, as MIT's mechglue
            // runs SPNEGO over the credentials it holds; the default
            // Negotiate credential if that package cannot be negotiated.
            (Some(c), Some(p))
                if std::ptr::eq(p.info(), &packages::negotiate::INFO)
                    && packages::negotiate::over(Arc::clone(&c)).is_ok() =>
            {
                Arc::new(packages::negotiate::over(c).map_err(|e| map_error(&e))?)
            }
            (_, p) => {
                let pkg = match p {
                    Some(p) => p,
                    None => creds::default_package()?,
                };
                creds::acquire(pkg, &CredRequest::new(CredUse::Inbound))?
            }
        };
        if !cred.usage.can_accept() {
            return Err(GssErr::new(GSS_S_NO_CRED, minor::UNKNOWN_CREDENTIALS));
        }
        let inner = cred
            .package
            .acceptor(Arc::clone(&cred), Flags::NONE)
            .map_err(|e| map_error(&e))?;
        (
            None,
            Arc::new(Mutex::new(Context::new(cred.package, inner))),
            true,
        )
    } else {
        let ctx = lookup(existing)?;
        if ctx.lock().inner.is_initiator() {
            return Err(GssErr::major(GSS_S_NO_CONTEXT));
        }
        (Some(existing), ctx, false)
    };
    let s = step(&ctx, token, cb.as_ref())?;
    let client = if s.complete && !src_name.is_null() {
        let c = ctx.lock();
        c.inner.client_name().map(|n| GssName {
            text: n,
            name_type: names::NAME_TYPES[0].to_vec(),
            mech: Some(c.inner.package().oids[0].to_vec()),
        })
    } else {
        None
    };
    // A credential the initiator delegated (Kerberos: a forwarded TGT in
    // a MEMORY: cache), handed out once as an initiate-only credential.
    let deleg = if s.complete && !delegated.is_null() {
        let mut c = ctx.lock();
        let package = c.package;
        c.inner.take_delegated().map(|inner| Credential {
            package,
            usage: CredUse::Outbound,
            inner,
        })
    } else {
        None
    };
    let buf = ffi::new_buffer(&s.token)?;
    let handle = match handle {
        Some(h) => h,
        None => ffi::to_ptr(CONTEXTS.insert(ctx)),
    };
    if fresh {
        put(ctx_io, handle);
    }
    put(output, buf);
    put(mech_out, s.mech);
    put(ret_flags, s.flags);
    put(time_rec, s.time);
    put(
        delegated,
        deleg.map_or(std::ptr::null_mut(), |d| {
            ffi::to_ptr(CREDENTIALS.insert(Arc::new(d)))
        }),
    );
    if let Some(n) = client {
        put(src_name, names::new_handle(n));
    }
    Ok(if s.complete {
        GSS_S_COMPLETE
    } else {
        GSS_S_CONTINUE_NEEDED
    })
}

/// `gss_accept_sec_context` (RFC 2744 5.1): one acceptor step. With
/// GSS_C_NO_CREDENTIAL the mechanism is chosen from the first token
/// (NTLMSSP or RFC 2743 framing) and its default acceptor credential is
/// used. `src_name` (free with gss_release_name) is set on completion;
/// a delegated credential (free with gss_release_cred) is returned in
/// `*delegated_cred_handle` when the package received one, else
/// GSS_C_NO_CREDENTIAL.
#[no_mangle]
pub extern "C" fn gss_accept_sec_context(
    minor: *mut OM_uint32,
    context_handle: *mut gss_ctx_id_t,
    acceptor_cred_handle: gss_cred_id_t,
    input_token_buffer: *const gss_buffer_desc,
    input_chan_bindings: *const gss_channel_bindings_struct,
    src_name: *mut gss_name_t,
    mech_type: *mut gss_OID,
    output_token: *mut gss_buffer_desc,
    ret_flags: *mut OM_uint32,
    time_rec: *mut OM_uint32,
    delegated_cred_handle: *mut gss_cred_id_t,
) -> OM_uint32 {
    guard("gss_accept_sec_context", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            accept_sec_context(
                context_handle,
                acceptor_cred_handle,
                input_token_buffer,
                input_chan_bindings,
                src_name,
                mech_type,
                output_token,
                ret_flags,
                time_rec,
                delegated_cred_handle,
            )
        })
    })
}

fn delete_sec_context(
    ctx: *mut gss_ctx_id_t,
    output: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    let p = ffi::get(ctx as *const gss_ctx_id_t).ok_or(GssErr::major(
        GSS_S_CALL_INACCESSIBLE_WRITE | GSS_S_NO_CONTEXT,
    ))?;
    if p.is_null() {
        return Err(GssErr::major(
            GSS_S_CALL_INACCESSIBLE_WRITE | GSS_S_NO_CONTEXT,
        ));
    }
    delete_context(ffi::from_ptr(p)).map_err(|_| no_context())?;
    put(ctx, std::ptr::null_mut());
    put(output, ffi::empty_buffer());
    Ok(GSS_S_COMPLETE)
}

/// `gss_delete_sec_context` (RFC 2744 5.9): frees the context and sets
/// `*context_handle` to GSS_C_NO_CONTEXT; `output_token` (may be NULL) is
/// set empty. A freed or forged handle is GSS_S_NO_CONTEXT.
#[no_mangle]
pub extern "C" fn gss_delete_sec_context(
    minor: *mut OM_uint32,
    context_handle: *mut gss_ctx_id_t,
    output_token: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_delete_sec_context", GSS_S_FAILURE, || {
        ffi::call(minor, || delete_sec_context(context_handle, output_token))
    })
}

fn context_time(ctx: gss_ctx_id_t, time_rec: *mut OM_uint32) -> GssResult<OM_uint32> {
    let time_rec = need(time_rec)?;
    let c = lookup(ctx)?;
    let c = c.lock();
    let t = creds::lifetime(c.inner.expiry());
    if t == 0 {
        return Err(GssErr::major(GSS_S_CONTEXT_EXPIRED));
    }
    put(time_rec, t);
    Ok(GSS_S_COMPLETE)
}

/// `gss_context_time` (RFC 2744 5.7): seconds the context remains valid
/// (GSS_C_INDEFINITE when it has no expiry).
#[no_mangle]
pub extern "C" fn gss_context_time(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    time_rec: *mut OM_uint32,
) -> OM_uint32 {
    guard("gss_context_time", GSS_S_FAILURE, || {
        ffi::call(minor, || context_time(context_handle, time_rec))
    })
}

fn inquire_context(
    ctx: gss_ctx_id_t,
    src: *mut gss_name_t,
    targ: *mut gss_name_t,
    lifetime: *mut OM_uint32,
    mech: *mut gss_OID,
    flags: *mut OM_uint32,
    locally_initiated: *mut i32,
    open: *mut i32,
) -> GssResult<OM_uint32> {
    let c = lookup(ctx)?;
    let c = c.lock();
    let mech_bytes = c.inner.package().oids[0].to_vec();
    let initiator = c.inner.is_initiator();
    let complete = c.inner.is_complete();
    let mk = |n: Option<String>, hostbased: bool| {
        n.map(|text| {
            let (text, ty) = if hostbased && text.contains('@') {
                // A Kerberos principal with its realm: shown as MIT shows
                // it ("host/localhost@REALM"), a krb5 principal name.
                (text, names::NAME_TYPES[3])
            } else if hostbased {
                (text.replacen('/', "@", 1), names::NAME_TYPES[1])
            } else {
                (text, names::NAME_TYPES[0])
            };
            GssName {
                text,
                name_type: ty.to_vec(),
                mech: Some(mech_bytes.clone()),
            }
        })
    };
    // The initiator's own name is the client; the target is the server.
    let src_name = mk(c.inner.client_name(), false);
    let targ_name = mk(c.inner.server_name(), true);
    put(lifetime, creds::lifetime(c.inner.expiry()));
    put(mech, mech_oid(c.inner.package()));
    put(flags, flags_to_gss(c.inner.flags(), complete));
    put(locally_initiated, initiator as i32);
    put(open, complete as i32);
    if !src.is_null() {
        put(
            src,
            src_name.map_or(std::ptr::null_mut(), names::new_handle),
        );
    }
    if !targ.is_null() {
        put(
            targ,
            targ_name.map_or(std::ptr::null_mut(), names::new_handle),
        );
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_context` (RFC 2744 5.33): names (free with
/// gss_release_name; GSS_C_NO_NAME when not yet known), lifetime, static
/// mechanism OID, granted flags, initiator or not, established or not.
/// Every output may be NULL.
#[no_mangle]
pub extern "C" fn gss_inquire_context(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    src_name: *mut gss_name_t,
    targ_name: *mut gss_name_t,
    lifetime_rec: *mut OM_uint32,
    mech_type: *mut gss_OID,
    ctx_flags: *mut OM_uint32,
    locally_initiated: *mut i32,
    open: *mut i32,
) -> OM_uint32 {
    guard("gss_inquire_context", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            inquire_context(
                context_handle,
                src_name,
                targ_name,
                lifetime_rec,
                mech_type,
                ctx_flags,
                locally_initiated,
                open,
            )
        })
    })
}

fn wrap_size_limit(
    ctx: gss_ctx_id_t,
    req_output: OM_uint32,
    max_input: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    let max_input = need(max_input)?;
    let c = lookup(ctx)?;
    let c = c.lock();
    if !c.inner.is_complete() {
        return Err(GssErr::major(GSS_S_NO_CONTEXT));
    }
    let s = c.inner.sizes();
    put(
        max_input,
        req_output.saturating_sub(s.security_trailer.max(s.max_signature)),
    );
    Ok(GSS_S_COMPLETE)
}

/// `gss_wrap_size_limit` (RFC 2744 5.34): the largest message whose
/// gss_wrap token fits in `req_output_size` (the token adds the package's
/// security trailer, 16 bytes for NTLM).
#[no_mangle]
pub extern "C" fn gss_wrap_size_limit(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    _conf_req_flag: i32,
    _qop_req: gss_qop_t,
    req_output_size: OM_uint32,
    max_input_size: *mut OM_uint32,
) -> OM_uint32 {
    guard("gss_wrap_size_limit", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            wrap_size_limit(context_handle, req_output_size, max_input_size)
        })
    })
}

fn process_context_token(ctx: gss_ctx_id_t, token: *const gss_buffer_desc) -> GssResult<OM_uint32> {
    lookup(ctx)?;
    ffi::need_nonempty(token)?;
    // No package defines context-level tokens yet (NTLM has none).
    Err(GssErr::new(GSS_S_UNAVAILABLE, minor::UNSUPPORTED))
}

/// `gss_process_context_token` (RFC 2744 5.25): GSS_S_NO_CONTEXT for a bad
/// handle; otherwise GSS_S_UNAVAILABLE (no package has context tokens yet).
#[no_mangle]
pub extern "C" fn gss_process_context_token(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    token_buffer: *const gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_process_context_token", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            process_context_token(context_handle, token_buffer)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_mapping_round_trips() {
        let g = GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_DCE_STYLE;
        let c = flags_from_gss(g);
        assert!(c.contains(Flags::MUTUAL | Flags::CONFIDENTIALITY | Flags::DCE_STYLE));
        assert_eq!(flags_to_gss(c, false), g);
        assert_eq!(flags_to_gss(c, true), g | GSS_C_PROT_READY_FLAG);
    }

    #[test]
    fn bad_context_handles() {
        let forged = 0xC700_0001_0000_0005usize as gss_ctx_id_t;
        let mut t = 0;
        assert_eq!(
            context_time(forged, &mut t).unwrap_err().major,
            GSS_S_NO_CONTEXT
        );
        let mut h = forged;
        assert_eq!(
            delete_sec_context(&mut h, std::ptr::null_mut())
                .unwrap_err()
                .major,
            GSS_S_NO_CONTEXT
        );
        assert_eq!(h, forged, "outputs untouched on failure");
        assert_eq!(
            delete_sec_context(std::ptr::null_mut(), std::ptr::null_mut())
                .unwrap_err()
                .major,
            GSS_S_CALL_INACCESSIBLE_WRITE | GSS_S_NO_CONTEXT
        );
    }

    #[test]
    fn the_first_token_names_its_package() {
        let ntlm = packages::by_name("NTLM").unwrap();
        let p = package_for_token(b"NTLMSSP\0\x01\0\0\0").unwrap().unwrap();
        assert!(std::ptr::eq(p.info(), ntlm.info()));
        let oid = ntlm.info().oids[0];
        let mut framed = vec![0x60, (2 + oid.len() + 2) as u8, 0x06, oid.len() as u8];
        framed.extend_from_slice(oid);
        framed.extend_from_slice(&[0xa0, 0x00]);
        let p = package_for_token(&framed).unwrap().unwrap();
        assert!(std::ptr::eq(p.info(), ntlm.info()));
        let unknown = [0x60, 0x07, 0x06, 0x03, 0x2a, 0x03, 0x04, 0xa0, 0x00];
        assert!(matches!(package_for_token(&unknown), Err(e) if e.major == GSS_S_BAD_MECH));
        assert!(package_for_token(b"\x01\x02").unwrap().is_none());
    }

    #[test]
    fn framed_token_mechanism() {
        let t = [
            0x60, 0x0e, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x00,
        ];
        assert_eq!(
            framed_mech(&t),
            Some(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x02][..])
        );
        assert_eq!(framed_mech(&[0x60]), None);
    }
}
