//! Everything else implemented: gss_release_buffer, gss_display_status,
//! mechanism inquiry (gss_indicate_mechs, gss_inquire_names_for_mech,
//! gss_inquire_mechs_for_name, RFC 5587's gss_inquire_attrs_for_mech,
//! gss_indicate_mechs_by_attrs, gss_display_mech_attr, RFC 5801's SASL
//! name calls), buffer sets, gss_inquire_sec_context_by_oid,
//! gss_set_neg_mechs, gss_localname, gss_pseudo_random and RFC 2743 3.1
//! token framing (gss_encapsulate_token / gss_decapsulate_token).
use std::ffi::c_void;

use super::context;
use super::creds;
use super::ffi::{self, need, put};
use super::names;
use super::oids::find_static;
use super::status::{self, minor, GssErr, GssResult};
use super::types::*;
use crate::abi::boundary::guard;
use crate::packages;

/// `gss_release_buffer` (RFC 2744 5.27): frees a buffer this library
/// returned and sets it empty. NULL or an empty buffer is fine.
#[no_mangle]
pub extern "C" fn gss_release_buffer(
    minor: *mut OM_uint32,
    buffer: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_release_buffer", GSS_S_FAILURE, || {
        ffi::free_buffer(buffer);
        // MIT accepts a NULL minor_status here.
        ffi::status(minor, Ok(GSS_S_COMPLETE))
    })
}

fn display_status(
    code: OM_uint32,
    kind: i32,
    ctx: *mut OM_uint32,
    out: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    let out = ffi::need_out_buffer(out)?;
    let ctx = need(ctx)?;
    let cur = ffi::get(ctx as *const OM_uint32).unwrap_or(0);
    let (msg, next) = status::display_step(code, kind, cur)?;
    put(out, ffi::new_string_buffer(&msg)?);
    put(ctx, next);
    Ok(GSS_S_COMPLETE)
}

/// `gss_display_status` (RFC 2744 5.11): one message per call for a major
/// (GSS_C_GSS_CODE, MIT's wording) or minor (GSS_C_MECH_CODE) code;
/// `*message_context` is 0 after the last. `mech_type` is ignored (our
/// minor codes are unique across packages). Free with gss_release_buffer.
#[no_mangle]
pub extern "C" fn gss_display_status(
    minor: *mut OM_uint32,
    status_value: OM_uint32,
    status_type: i32,
    _mech_type: *const gss_OID_desc,
    message_context: *mut OM_uint32,
    status_string: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_display_status", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            display_status(status_value, status_type, message_context, status_string)
        })
    })
}

fn all_mechs() -> Vec<&'static [u8]> {
    packages::all().iter().map(|p| p.info().oids[0]).collect()
}

fn indicate_mechs(out: *mut gss_OID_set) -> GssResult<OM_uint32> {
    let out = need(out)?;
    put(out, ffi::new_oid_set(&all_mechs())?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_indicate_mechs` (RFC 2744 5.18): our mechanisms; free with gss_release_oid_set.
#[no_mangle]
pub extern "C" fn gss_indicate_mechs(
    minor: *mut OM_uint32,
    mech_set: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_indicate_mechs", GSS_S_FAILURE, || {
        ffi::call(minor, || indicate_mechs(mech_set))
    })
}

fn names_for_mech(mech: *const gss_OID_desc, out: *mut gss_OID_set) -> GssResult<OM_uint32> {
    let out = need(out)?;
    creds::package_for(ffi::oid(mech))?;
    put(out, ffi::new_oid_set(&names::NAME_TYPES)?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_names_for_mech` (RFC 2744 5.23): the name types
/// gss_import_name accepts for `mechanism`; free with gss_release_oid_set.
#[no_mangle]
pub extern "C" fn gss_inquire_names_for_mech(
    minor: *mut OM_uint32,
    mechanism: *const gss_OID_desc,
    name_types: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_inquire_names_for_mech", GSS_S_FAILURE, || {
        ffi::call(minor, || names_for_mech(mechanism, name_types))
    })
}

fn mechs_for_name(name: gss_name_t, out: *mut gss_OID_set) -> GssResult<OM_uint32> {
    if name.is_null() {
        return Err(GssErr::major(GSS_S_BAD_NAME)); // as MIT answers
    }
    let out = need(out)?;
    let n = names::lookup(name)?;
    let mechs = match &n.mech {
        Some(m) => vec![m.as_slice()],
        None => all_mechs(),
    };
    put(out, ffi::new_oid_set(&mechs)?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_mechs_for_name` (RFC 2744 5.24): mechanisms that can use
/// the name (its own for an MN, else all); free with gss_release_oid_set.
#[no_mangle]
pub extern "C" fn gss_inquire_mechs_for_name(
    minor: *mut OM_uint32,
    input_name: gss_name_t,
    mech_types: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_inquire_mechs_for_name", GSS_S_FAILURE, || {
        ffi::call(minor, || mechs_for_name(input_name, mech_types))
    })
}

/// RFC 5587 mechanism attributes: (last arc of 1.3.6.1.5.5.13, name,
/// short description, long description).
const MA: [(u8, &str, &str, &str); 27] = [
    (
        1,
        "GSS_C_MA_MECH_CONCRETE",
        "concrete-mech",
        "Mechanism is neither a pseudo-mechanism nor a composite mechanism.",
    ),
    (
        2,
        "GSS_C_MA_MECH_PSEUDO",
        "pseudo-mech",
        "Mechanism is a pseudo-mechanism.",
    ),
    (
        3,
        "GSS_C_MA_MECH_COMPOSITE",
        "composite-mech",
        "Mechanism is a composite of other mechanisms.",
    ),
    (
        4,
        "GSS_C_MA_MECH_NEGO",
        "mech-negotiation-mech",
        "Mechanism negotiates other mechanisms.",
    ),
    (
        5,
        "GSS_C_MA_MECH_GLUE",
        "mech-glue",
        "OID is not a mechanism but the GSS-API itself.",
    ),
    (
        6,
        "GSS_C_MA_NOT_MECH",
        "not-mech",
        "Known OID but not a mechanism OID.",
    ),
    (
        7,
        "GSS_C_MA_DEPRECATED",
        "mech-deprecated",
        "Mechanism is deprecated.",
    ),
    (
        8,
        "GSS_C_MA_NOT_DFLT_MECH",
        "mech-not-default",
        "Mechanism must not be used as a default mechanism.",
    ),
    (
        9,
        "GSS_C_MA_ITOK_FRAMED",
        "initial-is-framed",
        "Mechanism's initial contexts are properly framed.",
    ),
    (
        10,
        "GSS_C_MA_AUTH_INIT",
        "auth-init-princ",
        "Mechanism supports authentication of initiator to acceptor.",
    ),
    (
        11,
        "GSS_C_MA_AUTH_TARG",
        "auth-targ-princ",
        "Mechanism supports authentication of acceptor to initiator.",
    ),
    (
        12,
        "GSS_C_MA_AUTH_INIT_INIT",
        "auth-init-princ-initial",
        "Mechanism supports authentication of initiator using initial credentials.",
    ),
    (
        13,
        "GSS_C_MA_AUTH_TARG_INIT",
        "auth-target-princ-initial",
        "Mechanism supports authentication of acceptor using initial credentials.",
    ),
    (
        14,
        "GSS_C_MA_AUTH_INIT_ANON",
        "auth-init-princ-anon",
        "Mechanism supports GSS_C_NT_ANONYMOUS as an initiator name.",
    ),
    (
        15,
        "GSS_C_MA_AUTH_TARG_ANON",
        "auth-targ-princ-anon",
        "Mechanism supports GSS_C_NT_ANONYMOUS as an acceptor name.",
    ),
    (
        16,
        "GSS_C_MA_DELEG_CRED",
        "deleg-cred",
        "Mechanism supports credential delegation.",
    ),
    (
        17,
        "GSS_C_MA_INTEG_PROT",
        "integ-prot",
        "Mechanism supports per-message integrity protection.",
    ),
    (
        18,
        "GSS_C_MA_CONF_PROT",
        "conf-prot",
        "Mechanism supports per-message confidentiality protection.",
    ),
    (
        19,
        "GSS_C_MA_MIC",
        "mic",
        "Mechanism supports Message Integrity Code (MIC) tokens.",
    ),
    (
        20,
        "GSS_C_MA_WRAP",
        "wrap",
        "Mechanism supports wrap tokens.",
    ),
    (
        21,
        "GSS_C_MA_PROT_READY",
        "prot-ready",
        "Mechanism supports per-message proteciton prior to full context establishment.",
    ),
    (
        22,
        "GSS_C_MA_REPLAY_DET",
        "replay-detection",
        "Mechanism supports replay detection.",
    ),
    (
        23,
        "GSS_C_MA_OOS_DET",
        "oos-detection",
        "Mechanism supports out-of-sequence detection.",
    ),
    (
        24,
        "GSS_C_MA_CBINDINGS",
        "channel-bindings",
        "Mechanism supports channel bindings.",
    ),
    (
        25,
        "GSS_C_MA_PFS",
        "pfs",
        "Mechanism supports Perfect Forward Security.",
    ),
    (
        26,
        "GSS_C_MA_COMPRESS",
        "compress",
        "Mechanism supports compression of data.",
    ),
    (
        27,
        "GSS_C_MA_CTX_TRANS",
        "context-transfer",
        "Mechanism supports security context export/import.",
    ),
];

const MA_PREFIX: &[u8] = b"\x2b\x06\x01\x05\x05\x0d";

fn ma_oid(arc: u8) -> Vec<u8> {
    let mut v = MA_PREFIX.to_vec();
    v.push(arc);
    v
}

/// The RFC 5587 attributes of a package (NTLM's, as gss-ntlmssp reports them).
fn mech_attrs(p: &dyn packages::Package) -> Vec<Vec<u8>> {
    let arcs: &[u8] = if p.info().name.eq_ignore_ascii_case("NTLM") {
        &[1, 10, 17, 18, 19, 20, 22, 23, 24]
    } else {
        &[1, 10, 11, 17, 18, 19, 20]
    };
    arcs.iter().map(|&a| ma_oid(a)).collect()
}

fn attrs_for_mech(
    mech: *const gss_OID_desc,
    attrs: *mut gss_OID_set,
    known: *mut gss_OID_set,
) -> GssResult<OM_uint32> {
    let p = creds::package_for(ffi::oid(mech))?;
    let mine = mech_attrs(p);
    let mine: Vec<&[u8]> = mine.iter().map(Vec::as_slice).collect();
    let all: Vec<Vec<u8>> = MA.iter().map(|m| ma_oid(m.0)).collect();
    let all: Vec<&[u8]> = all.iter().map(Vec::as_slice).collect();
    let a = if attrs.is_null() {
        std::ptr::null_mut()
    } else {
        ffi::new_oid_set(&mine)?
    };
    let k = if known.is_null() {
        std::ptr::null_mut()
    } else {
        match ffi::new_oid_set(&all) {
            Ok(k) => k,
            Err(e) => {
                ffi::free_oid_set(a);
                return Err(e);
            }
        }
    };
    put(attrs, a);
    put(known, k);
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_attrs_for_mech` (RFC 5587 3.4.3): the mechanism's
/// attributes and all attributes we know; each may be NULL; free with
/// gss_release_oid_set.
#[no_mangle]
pub extern "C" fn gss_inquire_attrs_for_mech(
    minor: *mut OM_uint32,
    mech: *const gss_OID_desc,
    mech_attrs: *mut gss_OID_set,
    known_mech_attrs: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_inquire_attrs_for_mech", GSS_S_FAILURE, || {
        ffi::call(minor, || attrs_for_mech(mech, mech_attrs, known_mech_attrs))
    })
}

fn mechs_by_attrs(
    desired: *const gss_OID_set_desc,
    except: *const gss_OID_set_desc,
    critical: *const gss_OID_set_desc,
    out: *mut gss_OID_set,
) -> GssResult<OM_uint32> {
    let out = need(out)?;
    let (d, e, c) = (
        ffi::oid_set(desired),
        ffi::oid_set(except),
        ffi::oid_set(critical),
    );
    let mut mechs = Vec::new();
    for p in packages::all() {
        let has = mech_attrs(*p);
        let has = |o: &&[u8]| has.iter().any(|h| h.as_slice() == *o);
        if d.iter().all(has) && !e.iter().any(has) && c.iter().all(has) {
            mechs.push(p.info().oids[0]);
        }
    }
    put(out, ffi::new_oid_set(&mechs)?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_indicate_mechs_by_attrs` (RFC 5587 3.4.2): mechanisms with every
/// desired and critical attribute and none of the excepted ones.
#[no_mangle]
pub extern "C" fn gss_indicate_mechs_by_attrs(
    minor: *mut OM_uint32,
    desired_mech_attrs: *const gss_OID_set_desc,
    except_mech_attrs: *const gss_OID_set_desc,
    critical_mech_attrs: *const gss_OID_set_desc,
    mechs: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_indicate_mechs_by_attrs", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            mechs_by_attrs(
                desired_mech_attrs,
                except_mech_attrs,
                critical_mech_attrs,
                mechs,
            )
        })
    })
}

fn display_mech_attr(
    attr: *const gss_OID_desc,
    name: *mut gss_buffer_desc,
    short: *mut gss_buffer_desc,
    long: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    let a = ffi::oid(attr).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
    let m = MA
        .iter()
        .find(|m| {
            a.len() == MA_PREFIX.len() + 1 && a.starts_with(MA_PREFIX) && a[MA_PREFIX.len()] == m.0
        })
        .ok_or(GssErr::major(GSS_S_BAD_MECH_ATTR))?;
    let bufs = [
        ffi::new_string_buffer(m.1)?,
        ffi::new_string_buffer(m.2)?,
        ffi::new_string_buffer(m.3)?,
    ];
    for (p, mut b) in [name, short, long].into_iter().zip(bufs) {
        if p.is_null() {
            ffi::free_buffer(&mut b);
        } else {
            put(p, b);
        }
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_display_mech_attr` (RFC 5587 3.4.4): name, short and long
/// description of an attribute; outputs may be NULL; free with gss_release_buffer.
#[no_mangle]
pub extern "C" fn gss_display_mech_attr(
    minor: *mut OM_uint32,
    mech_attr: *const gss_OID_desc,
    name: *mut gss_buffer_desc,
    short_desc: *mut gss_buffer_desc,
    long_desc: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_display_mech_attr", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            display_mech_attr(mech_attr, name, short_desc, long_desc)
        })
    })
}

/// (SSPI package name, SASL mechanism name, mechanism name, description).
/// Kerberos has MIT's krb5 mechanism's names (RFC 5801 GS2-KRB5), NTLM
/// gss-ntlmssp's.
const SASL: [(&str, &str, &str, &str); 2] = [
    ("NTLM", "GS2-NTLM", "NTLM", "NTLM Mechanism"),
    (
        "Kerberos",
        "GS2-KRB5",
        "krb5",
        "Kerberos 5 GSS-API Mechanism",
    ),
];

fn saslname_for_mech(
    mech: *const gss_OID_desc,
    sasl: *mut gss_buffer_desc,
    name: *mut gss_buffer_desc,
    desc: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    // GSS_C_NO_OID is the default mechanism, as in MIT.
    let p = creds::package_for(ffi::oid(mech))?;
    let e = SASL
        .iter()
        .find(|s| s.0.eq_ignore_ascii_case(p.info().name))
        .ok_or(GssErr::major(GSS_S_UNAVAILABLE))?;
    let bufs = [
        ffi::new_string_buffer(e.1)?,
        ffi::new_string_buffer(e.2)?,
        ffi::new_string_buffer(e.3)?,
    ];
    for (p, mut b) in [sasl, name, desc].into_iter().zip(bufs) {
        if p.is_null() {
            ffi::free_buffer(&mut b);
        } else {
            put(p, b);
        }
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_saslname_for_mech` (RFC 5801 10): SASL name, mechanism
/// name and description; outputs may be NULL; free with gss_release_buffer.
#[no_mangle]
pub extern "C" fn gss_inquire_saslname_for_mech(
    minor: *mut OM_uint32,
    desired_mech: *const gss_OID_desc,
    sasl_mech_name: *mut gss_buffer_desc,
    mech_name: *mut gss_buffer_desc,
    mech_description: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_inquire_saslname_for_mech", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            saslname_for_mech(desired_mech, sasl_mech_name, mech_name, mech_description)
        })
    })
}

fn mech_for_saslname(sasl: *const gss_buffer_desc, out: *mut gss_OID) -> GssResult<OM_uint32> {
    // `mech_type` may be NULL (MIT: only the lookup is wanted).
    let s = ffi::need_bytes(sasl)?;
    let e = SASL
        .iter()
        .find(|e| e.1.as_bytes() == s)
        .ok_or(GssErr::major(GSS_S_BAD_MECH))?;
    let p = packages::by_name(e.0).ok_or(GssErr::major(GSS_S_BAD_MECH))?;
    let oid = find_static(p.info().oids[0]).ok_or(GssErr::major(GSS_S_BAD_MECH))?;
    put(out, oid.oid());
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_mech_for_saslname` (RFC 5801 11): the mechanism (a static
/// OID, not to be freed) for a SASL name such as `GS2-NTLM`; `mech_type`
/// may be NULL, as in MIT.
#[no_mangle]
pub extern "C" fn gss_inquire_mech_for_saslname(
    minor: *mut OM_uint32,
    sasl_mech_name: *const gss_buffer_desc,
    mech_type: *mut gss_OID,
) -> OM_uint32 {
    guard("gss_inquire_mech_for_saslname", GSS_S_FAILURE, || {
        ffi::call(minor, || mech_for_saslname(sasl_mech_name, mech_type))
    })
}

// ---- buffer sets ----

fn create_buffer_set(out: *mut gss_buffer_set_t) -> GssResult<OM_uint32> {
    let out = need(out)?;
    put(out, new_buffer_set()?);
    Ok(GSS_S_COMPLETE)
}

fn new_buffer_set() -> GssResult<gss_buffer_set_t> {
    // SAFETY: malloc of one descriptor; NULL checked.
    let p = unsafe { libc::malloc(std::mem::size_of::<gss_buffer_set_desc>()) } as gss_buffer_set_t;
    if p.is_null() {
        return Err(GssErr::major(GSS_S_FAILURE));
    }
    // SAFETY: fresh allocation of the right size.
    unsafe {
        p.write(gss_buffer_set_desc {
            count: 0,
            elements: std::ptr::null_mut(),
        })
    };
    Ok(p)
}

fn push_buffer(set: gss_buffer_set_t, data: &[u8]) -> GssResult<()> {
    // SAFETY: `set` is a buffer set made by `new_buffer_set` (or MIT's,
    // laid out the same); its elements array came from malloc or is NULL.
    let d = unsafe { &mut *set };
    let b = ffi::new_buffer(data)?;
    // SAFETY: grows the malloc'd array to count + 1 descriptors.
    let grown = unsafe {
        libc::realloc(
            d.elements as *mut c_void,
            (d.count + 1) * std::mem::size_of::<gss_buffer_desc>(),
        )
    } as *mut gss_buffer_desc;
    if grown.is_null() {
        let mut b = b;
        ffi::free_buffer(&mut b);
        return Err(GssErr::major(GSS_S_FAILURE));
    }
    // SAFETY: room for count + 1.
    unsafe { grown.add(d.count).write(b) };
    d.elements = grown;
    d.count += 1;
    Ok(())
}

/// `gss_create_empty_buffer_set` (MIT): free with gss_release_buffer_set.
#[no_mangle]
pub extern "C" fn gss_create_empty_buffer_set(
    minor: *mut OM_uint32,
    buffer_set: *mut gss_buffer_set_t,
) -> OM_uint32 {
    guard("gss_create_empty_buffer_set", GSS_S_FAILURE, || {
        ffi::call(minor, || create_buffer_set(buffer_set))
    })
}

fn add_buffer(member: *const gss_buffer_desc, set: *mut gss_buffer_set_t) -> GssResult<OM_uint32> {
    let data = ffi::need_bytes(member)?;
    let set = need(set)?;
    let mut s = ffi::get(set as *const gss_buffer_set_t).unwrap_or(std::ptr::null_mut());
    let fresh = s.is_null();
    if fresh {
        s = new_buffer_set()?;
    }
    if let Err(e) = push_buffer(s, data) {
        if fresh {
            free_buffer_set(s);
        }
        return Err(e);
    }
    put(set, s);
    Ok(GSS_S_COMPLETE)
}

/// `gss_add_buffer_set_member` (MIT): appends a copy; creates the set if
/// `*buffer_set` is GSS_C_NO_BUFFER_SET.
#[no_mangle]
pub extern "C" fn gss_add_buffer_set_member(
    minor: *mut OM_uint32,
    member_buffer: *const gss_buffer_desc,
    buffer_set: *mut gss_buffer_set_t,
) -> OM_uint32 {
    guard("gss_add_buffer_set_member", GSS_S_FAILURE, || {
        ffi::call(minor, || add_buffer(member_buffer, buffer_set))
    })
}

fn free_buffer_set(s: gss_buffer_set_t) {
    if s.is_null() {
        return;
    }
    // SAFETY: a set from `new_buffer_set`/`push_buffer`.
    unsafe {
        let d = &mut *s;
        for i in 0..d.count {
            ffi::free_buffer(d.elements.add(i));
        }
        libc::free(d.elements as *mut c_void);
        libc::free(s as *mut c_void);
    }
}

/// `gss_release_buffer_set` (MIT): frees every buffer and the set; sets
/// `*buffer_set` to GSS_C_NO_BUFFER_SET.
#[no_mangle]
pub extern "C" fn gss_release_buffer_set(
    minor: *mut OM_uint32,
    buffer_set: *mut gss_buffer_set_t,
) -> OM_uint32 {
    guard("gss_release_buffer_set", GSS_S_FAILURE, || {
        if let Some(s) = ffi::get(buffer_set as *const gss_buffer_set_t) {
            free_buffer_set(s);
            put(buffer_set, std::ptr::null_mut());
        }
        ffi::call(minor, || Ok(GSS_S_COMPLETE))
    })
}

const INQ_SSPI_SESSION_KEY: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x05";

fn sec_context_by_oid(
    ctx: gss_ctx_id_t,
    obj: *const gss_OID_desc,
    out: *mut gss_buffer_set_t,
) -> GssResult<OM_uint32> {
    let out = need(out)?;
    let obj = ffi::oid(obj).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
    let c = context::lookup(ctx)?;
    if obj != INQ_SSPI_SESSION_KEY {
        return Err(GssErr::new(GSS_S_UNAVAILABLE, minor::UNSUPPORTED));
    }
    let key = {
        let c = c.lock();
        if !c.inner.is_complete() {
            return Err(GssErr::major(GSS_S_NO_CONTEXT));
        }
        c.inner.session_key().map_err(|e| status::map_error(&e))?
    };
    let set = new_buffer_set()?;
    if let Err(e) = push_buffer(set, &key) {
        free_buffer_set(set);
        return Err(e);
    }
    put(out, set);
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_sec_context_by_oid` (MIT): GSS_C_INQ_SSPI_SESSION_KEY
/// gives the session key as one buffer (free with
/// gss_release_buffer_set); other OIDs are GSS_S_UNAVAILABLE.
#[no_mangle]
pub extern "C" fn gss_inquire_sec_context_by_oid(
    minor: *mut OM_uint32,
    context_handle: gss_ctx_id_t,
    desired_object: *const gss_OID_desc,
    data_set: *mut gss_buffer_set_t,
) -> OM_uint32 {
    guard("gss_inquire_sec_context_by_oid", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            sec_context_by_oid(context_handle, desired_object, data_set)
        })
    })
}

fn set_neg_mechs(cred: gss_cred_id_t, mechs: *const gss_OID_set_desc) -> GssResult<OM_uint32> {
    if cred.is_null() {
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ | GSS_S_NO_CRED));
    }
    let c = creds::lookup(cred)?;
    let set = ffi::oid_set(mechs);
    // A Negotiate credential keeps the set as given (MIT's SPNEGO copies
    // it; mechanisms it lacks simply cannot be offered). Any other
    // credential offers only its own mechanism: nothing to restrict.
    if let Some(n) = crate::packages::negotiate::credentials::of(&c) {
        let oids: Vec<Vec<u8>> = set.iter().map(|m| m.to_vec()).collect();
        n.set_neg_mechs(&oids);
        return Ok(GSS_S_COMPLETE);
    }
    for m in &set {
        creds::package_for(Some(m))?;
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_set_neg_mechs` (RFC 4178 companion, MIT): restricts the mechanisms
/// SPNEGO offers with this credential (a Negotiate credential; others
/// are left as they are).
#[no_mangle]
pub extern "C" fn gss_set_neg_mechs(
    minor: *mut OM_uint32,
    cred_handle: gss_cred_id_t,
    mech_set: *const gss_OID_set_desc,
) -> OM_uint32 {
    guard("gss_set_neg_mechs", GSS_S_FAILURE, || {
        ffi::call(minor, || set_neg_mechs(cred_handle, mech_set))
    })
}

/// The local account for a principal name: the user part of `DOMAIN\user`
/// or `user@REALM`, if such a local user exists.
fn localname(
    name: gss_name_t,
    mech: *const gss_OID_desc,
    out: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    let out = ffi::need_out_buffer(out)?;
    if name.is_null() {
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ)); // as MIT answers
    }
    let n = names::lookup(name)?;
    if let Some(m) = ffi::oid(mech) {
        creds::package_for(Some(m))?;
    }
    let (user, _) = crate::core::credential::Identity::parse_user(&n.text);
    let c = std::ffi::CString::new(user.clone()).map_err(|_| GssErr::major(GSS_S_BAD_NAME))?;
    // SAFETY: getpwnam with a NUL-terminated name; we only test the result for NULL.
    let pw = unsafe { libc::getpwnam(c.as_ptr()) };
    if pw.is_null() {
        // MIT's mechglue answers GSS_S_UNAVAILABLE when no mapping exists.
        return Err(GssErr::new(GSS_S_UNAVAILABLE, minor::NO_LOCAL_ACCOUNT));
    }
    put(out, ffi::new_buffer(user.as_bytes())?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_localname` (MIT): the local user name for an authenticated name
/// (user part, which must be a local account; no auth_to_local rules yet).
#[no_mangle]
pub extern "C" fn gss_localname(
    minor: *mut OM_uint32,
    name: gss_name_t,
    mech_type: *const gss_OID_desc,
    localname_out: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_localname", GSS_S_FAILURE, || {
        // MIT empties the output first, and callers (gss-server) release it
        // even when the call fails.
        ffi::put(localname_out, ffi::empty_buffer());
        ffi::call(minor, || localname(name, mech_type, localname_out))
    })
}

fn pseudo_random(
    ctx: gss_ctx_id_t,
    prf_in: *const gss_buffer_desc,
    prf_out: *mut gss_buffer_desc,
) -> GssResult<OM_uint32> {
    context::lookup(ctx)?;
    ffi::need_bytes(prf_in)?;
    need(prf_out)?;
    Err(GssErr::new(GSS_S_UNAVAILABLE, minor::UNSUPPORTED))
}

/// `gss_pseudo_random` (RFC 4401): checks the context and the buffers as
/// MIT does; no package offers a PRF yet (gss-ntlmssp has none either),
/// so GSS_S_UNAVAILABLE.
#[no_mangle]
pub extern "C" fn gss_pseudo_random(
    minor: *mut OM_uint32,
    context: gss_ctx_id_t,
    _prf_key: i32,
    prf_in: *const gss_buffer_desc,
    _desired_output_len: isize,
    prf_out: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_pseudo_random", GSS_S_FAILURE, || {
        ffi::call(minor, || pseudo_random(context, prf_in, prf_out))
    })
}

/// RFC 2743 3.1 framing: 0x60, DER length, the mechanism OID, the token.
pub fn encapsulate(token: &[u8], oid: &[u8]) -> Vec<u8> {
    let inner = 2 + oid.len() + token.len();
    let mut out = vec![0x60];
    if inner < 0x80 {
        out.push(inner as u8);
    } else {
        let bytes = inner.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.push(0x06);
    out.push(oid.len() as u8);
    out.extend_from_slice(oid);
    out.extend_from_slice(token);
    out
}

/// The inner token of an RFC 2743 3.1 framed token for `oid`.
pub fn decapsulate<'a>(t: &'a [u8], oid: &[u8]) -> Option<&'a [u8]> {
    if *t.first()? != 0x60 {
        return None;
    }
    let l = *t.get(1)? as usize;
    let (len, mut i) = if l < 0x80 {
        (l, 2)
    } else {
        let n = l & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let v = t
            .get(2..2 + n)?
            .iter()
            .fold(0usize, |a, &b| (a << 8) | b as usize);
        (v, 2 + n)
    };
    if i + len != t.len() || *t.get(i)? != 0x06 {
        return None;
    }
    let n = *t.get(i + 1)? as usize;
    if t.get(i + 2..i + 2 + n)? != oid {
        return None;
    }
    i += 2 + n;
    Some(&t[i..])
}

/// `gss_encapsulate_token` (MIT): frames `input_token` for `token_oid` as
/// RFC 2743 3.1 says; free with gss_release_buffer. No minor status.
#[no_mangle]
pub extern "C" fn gss_encapsulate_token(
    input_token: *const gss_buffer_desc,
    token_oid: *const gss_OID_desc,
    output_token: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_encapsulate_token", GSS_S_FAILURE, || {
        let r = (|| {
            let out = need(output_token)?;
            let t = ffi::need_bytes(input_token)?;
            let o = ffi::oid(token_oid).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
            put(out, ffi::new_buffer(&encapsulate(t, o))?);
            Ok(GSS_S_COMPLETE)
        })();
        ffi::status(std::ptr::null_mut(), r)
    })
}

/// `gss_decapsulate_token` (MIT): the inner token of an RFC 2743 3.1
/// framed token for `token_oid` (GSS_S_DEFECTIVE_TOKEN otherwise); free
/// with gss_release_buffer. No minor status.
#[no_mangle]
pub extern "C" fn gss_decapsulate_token(
    input_token: *const gss_buffer_desc,
    token_oid: *const gss_OID_desc,
    output_token: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_decapsulate_token", GSS_S_FAILURE, || {
        let r = (|| {
            let out = need(output_token)?;
            let t = ffi::need_bytes(input_token)?;
            let o = ffi::oid(token_oid).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
            let inner = decapsulate(t, o).ok_or(GssErr::major(GSS_S_DEFECTIVE_TOKEN))?;
            put(out, ffi::new_buffer(inner)?);
            Ok(GSS_S_COMPLETE)
        })();
        ffi::status(std::ptr::null_mut(), r)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::gss::oids::{NTLM_MECH, SPNEGO_MECH};

    #[test]
    fn framing_round_trip() {
        let oid = SPNEGO_MECH.bytes();
        for n in [0usize, 5, 200, 70000] {
            let tok = vec![7u8; n];
            let f = encapsulate(&tok, oid);
            assert_eq!(decapsulate(&f, oid), Some(&tok[..]));
            assert_eq!(decapsulate(&f, NTLM_MECH.bytes()), None);
            assert_eq!(decapsulate(&f[..f.len() - 1], oid), None);
        }
    }

    #[test]
    fn display_status_iterates() {
        let mut ctx = 0;
        let mut out = ffi::empty_buffer();
        let code = GSS_S_CALL_INACCESSIBLE_READ | GSS_S_NO_CRED;
        assert_eq!(
            display_status(code, GSS_C_GSS_CODE, &mut ctx, &mut out),
            Ok(0)
        );
        assert_eq!(
            ffi::bytes(&out),
            b"A required input parameter could not be read"
        );
        assert_ne!(ctx, 0);
        ffi::free_buffer(&mut out);
        assert_eq!(
            display_status(code, GSS_C_GSS_CODE, &mut ctx, &mut out),
            Ok(0)
        );
        assert_eq!(ctx, 0);
        ffi::free_buffer(&mut out);
    }

    #[test]
    fn mech_queries() {
        let mut set: gss_OID_set = std::ptr::null_mut();
        assert_eq!(indicate_mechs(&mut set), Ok(0));
        assert!(ffi::oid_set(set).contains(&NTLM_MECH.bytes()));
        ffi::free_oid_set(set);
        let mut o: gss_OID = std::ptr::null_mut();
        let s = gss_buffer_desc {
            length: 8,
            value: b"GS2-NTLM".as_ptr() as *mut _,
        };
        assert_eq!(mech_for_saslname(&s, &mut o), Ok(0));
        assert_eq!(ffi::oid(o), Some(NTLM_MECH.bytes()));
        let mut bufs: gss_buffer_set_t = std::ptr::null_mut();
        assert_eq!(add_buffer(&s, &mut bufs), Ok(0));
        free_buffer_set(bufs);
    }
}
