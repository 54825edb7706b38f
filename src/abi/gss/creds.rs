//! Credentials (RFC 2744 5.2, 5.3, 5.21, 5.22, 5.27 and MIT's
//! extensions): gss_acquire_cred, gss_acquire_cred_with_password,
//! gss_acquire_cred_from, gss_add_cred, gss_release_cred,
//! gss_inquire_cred, gss_inquire_cred_by_mech. A gss_cred_id_t is a handle
//! of `core::handles::CREDENTIALS`, shared with the SSPI face.
use std::sync::Arc;
use std::time::SystemTime;

use super::ffi::{self, need, put};
use super::names::{self, GssName};
use super::status::{map_error, minor, GssErr, GssResult};
use super::types::*;
use crate::abi::boundary::guard;
use crate::core::credential::{CredRequest, CredUse, Credential, Identity};
use crate::core::handles::CREDENTIALS;
use crate::core::Error;
use crate::packages::{self, Package};

/// Environment variable naming the default mechanism's SSPI package name
/// (for GSS_C_NO_OID); otherwise krb5, else the first non-Negotiate package.
pub const DEFAULT_MECH_ENV: &str = "SSPI_SHIM_GSS_DEFAULT_MECH";

/// The package GSS_C_NO_OID means.
pub fn default_package() -> GssResult<&'static dyn Package> {
    let by_env = std::env::var(DEFAULT_MECH_ENV)
        .ok()
        .and_then(|n| packages::by_name(&n));
    // MIT's default mechanism is krb5, not SPNEGO (which the registry
    // lists first, as Windows does): krb5 when registered, else the first
    // package that is not Negotiate.
    const KRB5: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02];
    by_env
        .or_else(|| packages::by_oid(KRB5))
        .or_else(|| {
            packages::all()
                .iter()
                .copied()
                .find(|p| !std::ptr::eq(p.info(), &packages::negotiate::INFO))
        })
        .ok_or(GssErr::new(GSS_S_BAD_MECH, minor::PACKAGE_NOT_FOUND))
}

/// The package for a mechanism OID (GSS_C_NO_OID: the default).
pub fn package_for(mech: Option<&[u8]>) -> GssResult<&'static dyn Package> {
    match mech {
        None => default_package(),
        Some(m) => packages::by_oid(m).ok_or(GssErr::new(GSS_S_BAD_MECH, minor::PACKAGE_NOT_FOUND)),
    }
}

/// The packages a desired-mechanism set names, in the caller's order
/// (GSS_C_NO_OID_SET: the default first, then every other package);
/// GSS_S_BAD_MECH if none is ours, an empty set included (as MIT).
fn packages_for_set(set: *const gss_OID_set_desc) -> GssResult<Vec<&'static dyn Package>> {
    let wanted = ffi::oid_set(set);
    let list: Vec<&'static dyn Package> = if set.is_null() {
        let first = default_package()?;
        std::iter::once(first)
            .chain(
                packages::all()
                    .iter()
                    .copied()
                    .filter(|p| !std::ptr::eq(p.info(), first.info())),
            )
            .collect()
    } else {
        let mut v: Vec<&'static dyn Package> = Vec::new();
        for p in wanted.iter().filter_map(|m| packages::by_oid(m)) {
            if !v.iter().any(|q| std::ptr::eq(q.info(), p.info())) {
                v.push(p);
            }
        }
        v
    };
    if list.is_empty() {
        return Err(GssErr::new(GSS_S_BAD_MECH, minor::PACKAGE_NOT_FOUND));
    }
    Ok(list)
}

fn usage(u: gss_cred_usage_t) -> GssResult<CredUse> {
    match u {
        GSS_C_BOTH => Ok(CredUse::Both),
        GSS_C_INITIATE => Ok(CredUse::Outbound),
        GSS_C_ACCEPT => Ok(CredUse::Inbound),
        _ => Err(GssErr::major(GSS_S_FAILURE)),
    }
}

fn gss_usage(u: CredUse) -> gss_cred_usage_t {
    match u {
        CredUse::Both => GSS_C_BOTH,
        CredUse::Outbound => GSS_C_INITIATE,
        CredUse::Inbound => GSS_C_ACCEPT,
    }
}

/// Seconds left of an expiry (GSS_C_INDEFINITE for none).
pub fn lifetime(t: Option<SystemTime>) -> OM_uint32 {
    t.map_or(GSS_C_INDEFINITE, |t| {
        crate::core::time::seconds_until(t).min(GSS_C_INDEFINITE as u64 - 1) as u32
    })
}

/// Acquires from `pkg`. A package that has no credential for the request,
/// or cannot acquire at all yet, is GSS_S_NO_CRED: "no usable credential".
pub fn acquire(pkg: &'static dyn Package, req: &CredRequest) -> GssResult<Arc<Credential>> {
    match Credential::acquire(pkg, req) {
        Ok(c) => Ok(Arc::new(c)),
        Err(e @ Error::Unsupported(_)) => {
            let m = map_error(&e);
            Err(GssErr::new(GSS_S_NO_CRED, m.minor))
        }
        Err(e) => Err(map_error(&e)),
    }
}

/// Looks a credential handle up (GSS_S_NO_CRED when bad).
pub fn lookup(p: gss_cred_id_t) -> GssResult<Arc<Credential>> {
    CREDENTIALS
        .get(ffi::from_ptr(p))
        .map_err(|_| GssErr::new(GSS_S_NO_CRED, minor::INVALID_HANDLE))
}

fn principal(name: gss_name_t) -> GssResult<Option<String>> {
    if name.is_null() {
        return Ok(None);
    }
    Ok(Some(names::lookup(name)?.target()))
}

/// Writes the outputs shared by the acquire calls.
fn finish_acquire(
    cred: Arc<Credential>,
    out: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    let mechs = if actual_mechs.is_null() {
        std::ptr::null_mut()
    } else {
        ffi::new_oid_set(&[cred.package.info().oids[0]])?
    };
    let life = lifetime(cred.inner.expiry());
    put(out, ffi::to_ptr(CREDENTIALS.insert(cred)));
    put(actual_mechs, mechs);
    put(time_rec, life);
    Ok(GSS_S_COMPLETE)
}

fn acquire_cred(
    name: gss_name_t,
    mechs: *const gss_OID_set_desc,
    cred_usage: gss_cred_usage_t,
    identity: Option<Identity>,
    out: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    acquire_cred_store(
        name,
        mechs,
        cred_usage,
        identity,
        Vec::new(),
        out,
        actual_mechs,
        time_rec,
    )
}

/// Acquires from the first package of `mechs` that has a credential for
/// the request (a server asking for GSS_C_NO_OID_SET gets whichever
/// mechanism it has keys for); the first package's error if none has.
fn acquire_cred_store(
    name: gss_name_t,
    mechs: *const gss_OID_set_desc,
    cred_usage: gss_cred_usage_t,
    identity: Option<Identity>,
    store: Vec<(String, String)>,
    out: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    let out = need(out)?;
    let req = CredRequest {
        usage: usage(cred_usage)?,
        principal: principal(name)?,
        identity,
        package_list: None,
        store,
    };
    let mut first_err = None;
    for pkg in packages_for_set(mechs)? {
        match acquire(pkg, &req) {
            Ok(cred) => return finish_acquire(cred, out, actual_mechs, time_rec),
            Err(e) => {
                crate::trace!("gss_acquire_cred: {} has no credential", pkg.info().name);
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(GssErr::major(GSS_S_NO_CRED)))
}

/// `gss_acquire_cred` (RFC 2744 5.2): credentials for `desired_name`
/// (GSS_C_NO_NAME: the default, e.g. from NTLM_USER_FILE) for the first
/// of `desired_mechs` we support. GSS_S_NO_CRED when none is usable.
/// Free with gss_release_cred; `actual_mechs` (free with
/// gss_release_oid_set) and `time_rec` may be NULL.
#[no_mangle]
pub extern "C" fn gss_acquire_cred(
    minor: *mut OM_uint32,
    desired_name: gss_name_t,
    _time_req: OM_uint32,
    desired_mechs: *const gss_OID_set_desc,
    cred_usage: gss_cred_usage_t,
    output_cred_handle: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> OM_uint32 {
    guard("gss_acquire_cred", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            acquire_cred(
                desired_name,
                desired_mechs,
                cred_usage,
                None,
                output_cred_handle,
                actual_mechs,
                time_rec,
            )
        })
    })
}

fn with_password(
    name: gss_name_t,
    password: *const gss_buffer_desc,
    mechs: *const gss_OID_set_desc,
    cred_usage: gss_cred_usage_t,
    out: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    if name.is_null() {
        return Err(GssErr::major(GSS_S_BAD_NAME)); // as MIT answers
    }
    let n = names::lookup(name)?;
    // MIT: no password, or an empty one, is a plain failure.
    let pw = match ffi::bytes(password) {
        [] => return Err(GssErr::major(GSS_S_FAILURE)),
        pw => pw,
    };
    let pw = std::str::from_utf8(pw.strip_suffix(&[0]).unwrap_or(pw))
        .map_err(|_| GssErr::major(GSS_S_FAILURE))?;
    let (user, domain) = Identity::parse_user(&n.text);
    let id = Identity {
        user,
        domain,
        password: zeroize::Zeroizing::new(pw.to_string()),
    };
    acquire_cred(
        name,
        mechs,
        cred_usage,
        Some(id),
        out,
        actual_mechs,
        time_rec,
    )
}

/// `gss_acquire_cred_with_password` (MIT extension): credentials for
/// `desired_name` (`DOMAIN\user`, `user@domain` or `user`) with the given
/// password. The password is copied into zeroize-on-drop memory. As in
/// MIT, GSS_C_NO_NAME is GSS_S_BAD_NAME and a missing or empty password
/// GSS_S_FAILURE.
#[no_mangle]
pub extern "C" fn gss_acquire_cred_with_password(
    minor: *mut OM_uint32,
    desired_name: gss_name_t,
    password: *const gss_buffer_desc,
    _time_req: OM_uint32,
    desired_mechs: *const gss_OID_set_desc,
    cred_usage: gss_cred_usage_t,
    output_cred_handle: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> OM_uint32 {
    guard("gss_acquire_cred_with_password", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            with_password(
                desired_name,
                password,
                desired_mechs,
                cred_usage,
                output_cred_handle,
                actual_mechs,
                time_rec,
            )
        })
    })
}

/// Credential store keys we understand (MIT's gss_acquire_cred_from and
/// gss-ntlmssp's). Others are GSS_S_CRED_UNAVAIL in MIT; we report
/// GSS_S_UNAVAILABLE.
const STORE_KEYS: [&str; 5] = [
    "ccache",
    "client_keytab",
    "keytab",
    "rcache",
    "ntlm_user_file",
];

fn acquire_from(
    name: gss_name_t,
    mechs: *const gss_OID_set_desc,
    cred_usage: gss_cred_usage_t,
    store: *const gss_key_value_set_desc,
    out: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    let mut entries = Vec::new();
    if let Some(s) = ffi::get(store) {
        if s.count > 0 && s.elements.is_null() {
            return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ));
        }
        for i in 0..s.count as usize {
            // SAFETY: the store holds `count` readable elements.
            let el = unsafe { &*s.elements.add(i) };
            let key = ffi::cstr(el.key).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
            let value = ffi::cstr(el.value).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
            if !STORE_KEYS.contains(&key) {
                // MIT's krb5 mechanism fails on an unknown key too.
                crate::trace!("gss_acquire_cred_from: unknown store key {key}");
                return Err(GssErr::new(GSS_S_UNAVAILABLE, minor::INVALID_PARAMETER));
            }
            entries.push((key.to_string(), value.to_string()));
        }
    }
    acquire_cred_store(
        name,
        mechs,
        cred_usage,
        None,
        entries,
        out,
        actual_mechs,
        time_rec,
    )
}

/// `gss_acquire_cred_from` (MIT extension): gss_acquire_cred with a
/// credential store (`ccache`, `client_keytab`, `keytab`, `rcache`,
/// `ntlm_user_file`), passed to the package as `CredRequest::store`; a
/// key we do not know is GSS_S_UNAVAILABLE.
#[no_mangle]
pub extern "C" fn gss_acquire_cred_from(
    minor: *mut OM_uint32,
    desired_name: gss_name_t,
    _time_req: OM_uint32,
    desired_mechs: *const gss_OID_set_desc,
    cred_usage: gss_cred_usage_t,
    cred_store: *const gss_key_value_set_desc,
    output_cred_handle: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    time_rec: *mut OM_uint32,
) -> OM_uint32 {
    guard("gss_acquire_cred_from", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            acquire_from(
                desired_name,
                desired_mechs,
                cred_usage,
                cred_store,
                output_cred_handle,
                actual_mechs,
                time_rec,
            )
        })
    })
}

fn add_cred(
    input: gss_cred_id_t,
    name: gss_name_t,
    mech: *const gss_OID_desc,
    cred_usage: gss_cred_usage_t,
    out: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    init_time: *mut OM_uint32,
    accept_time: *mut OM_uint32,
) -> GssResult<OM_uint32> {
    if input.is_null() && out.is_null() {
        // MIT: nothing to add to and nowhere to put a new credential.
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_WRITE | GSS_S_NO_CRED));
    }
    let pkg = package_for(ffi::oid(mech))?;
    if !input.is_null() {
        let have = lookup(input)?;
        // One mechanism per credential: adding the same one again is a
        // duplicate, another one is not supported yet.
        if std::ptr::eq(have.package.info(), pkg.info()) {
            return Err(GssErr::major(GSS_S_DUPLICATE_ELEMENT));
        }
        return Err(GssErr::new(GSS_S_UNAVAILABLE, minor::UNSUPPORTED));
    }
    let out = need(out)?;
    let req = CredRequest {
        usage: usage(cred_usage)?,
        principal: principal(name)?,
        identity: None,
        package_list: None,
        store: Vec::new(),
    };
    let cred = acquire(pkg, &req)?;
    let life = lifetime(cred.inner.expiry());
    let u = cred.usage;
    finish_acquire(cred, out, actual_mechs, std::ptr::null_mut())?;
    put(init_time, if u.can_initiate() { life } else { 0 });
    put(accept_time, if u.can_accept() { life } else { 0 });
    Ok(GSS_S_COMPLETE)
}

/// `gss_add_cred` (RFC 2744 5.3): with GSS_C_NO_CREDENTIAL as input,
/// acquires a new credential for `desired_mech` into `*output_cred_handle`;
/// adding to an existing credential is GSS_S_DUPLICATE_ELEMENT for its own
/// mechanism and GSS_S_UNAVAILABLE for another (single-mechanism credentials).
/// Neither an input nor an output credential: GSS_S_CALL_INACCESSIBLE_WRITE |
/// GSS_S_NO_CRED, as MIT.
#[no_mangle]
pub extern "C" fn gss_add_cred(
    minor: *mut OM_uint32,
    input_cred_handle: gss_cred_id_t,
    desired_name: gss_name_t,
    desired_mech: *const gss_OID_desc,
    cred_usage: gss_cred_usage_t,
    _initiator_time_req: OM_uint32,
    _acceptor_time_req: OM_uint32,
    output_cred_handle: *mut gss_cred_id_t,
    actual_mechs: *mut gss_OID_set,
    initiator_time_rec: *mut OM_uint32,
    acceptor_time_rec: *mut OM_uint32,
) -> OM_uint32 {
    guard("gss_add_cred", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            add_cred(
                input_cred_handle,
                desired_name,
                desired_mech,
                cred_usage,
                output_cred_handle,
                actual_mechs,
                initiator_time_rec,
                acceptor_time_rec,
            )
        })
    })
}

fn release_cred(cred: *mut gss_cred_id_t) -> GssResult<OM_uint32> {
    let p = ffi::get(cred as *const gss_cred_id_t)
        .ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ | GSS_S_NO_CRED))?;
    if p.is_null() {
        return Ok(GSS_S_COMPLETE);
    }
    CREDENTIALS
        .remove(ffi::from_ptr(p))
        .map_err(|_| GssErr::new(GSS_S_NO_CRED, minor::INVALID_HANDLE))?;
    put(cred, std::ptr::null_mut());
    Ok(GSS_S_COMPLETE)
}

/// `gss_release_cred` (RFC 2744 5.27): frees the handle and sets it to
/// GSS_C_NO_CREDENTIAL (contexts made from it keep it alive). A freed or
/// forged handle is GSS_S_NO_CRED.
#[no_mangle]
pub extern "C" fn gss_release_cred(
    minor: *mut OM_uint32,
    cred_handle: *mut gss_cred_id_t,
) -> OM_uint32 {
    guard("gss_release_cred", GSS_S_FAILURE, || {
        ffi::call(minor, || release_cred(cred_handle))
    })
}

/// The credential a NULL handle means for inquiries: the default initiator credential.
fn cred_or_default(p: gss_cred_id_t) -> GssResult<Arc<Credential>> {
    if !p.is_null() {
        return lookup(p);
    }
    let req = CredRequest {
        usage: CredUse::Outbound,
        principal: None,
        identity: None,
        package_list: None,
        store: Vec::new(),
    };
    acquire(default_package()?, &req)
}

fn cred_name(c: &Credential) -> GssName {
    GssName {
        text: c.inner.name(),
        name_type: super::names::NAME_TYPES[0].to_vec(),
        mech: Some(c.package.info().oids[0].to_vec()),
    }
}

fn inquire_cred(
    cred: gss_cred_id_t,
    name: *mut gss_name_t,
    lifetime_out: *mut OM_uint32,
    usage_out: *mut gss_cred_usage_t,
    mechs: *mut gss_OID_set,
) -> GssResult<OM_uint32> {
    let c = cred_or_default(cred)?;
    let set = if mechs.is_null() {
        std::ptr::null_mut()
    } else {
        ffi::new_oid_set(&[c.package.info().oids[0]])?
    };
    put(lifetime_out, lifetime(c.inner.expiry()));
    put(usage_out, gss_usage(c.usage));
    put(mechs, set);
    if !name.is_null() {
        put(name, names::new_handle(cred_name(&c)));
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_cred` (RFC 2744 5.21): name (free with gss_release_name),
/// remaining lifetime, usage and mechanisms (free with
/// gss_release_oid_set); every output may be NULL. GSS_C_NO_CREDENTIAL
/// asks about the default initiator credential.
#[no_mangle]
pub extern "C" fn gss_inquire_cred(
    minor: *mut OM_uint32,
    cred_handle: gss_cred_id_t,
    name: *mut gss_name_t,
    lifetime: *mut OM_uint32,
    cred_usage: *mut gss_cred_usage_t,
    mechanisms: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_inquire_cred", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            inquire_cred(cred_handle, name, lifetime, cred_usage, mechanisms)
        })
    })
}

fn inquire_by_mech(
    cred: gss_cred_id_t,
    mech: *const gss_OID_desc,
    name: *mut gss_name_t,
    init_life: *mut OM_uint32,
    accept_life: *mut OM_uint32,
    usage_out: *mut gss_cred_usage_t,
) -> GssResult<OM_uint32> {
    let want = package_for(ffi::oid(mech))?;
    // GSS_C_NO_CREDENTIAL: the default credential of the mechanism asked
    // about, as MIT's mechglue asks that mechanism.
    let c = if cred.is_null() {
        acquire(want, &CredRequest::new(CredUse::Outbound))?
    } else {
        lookup(cred)?
    };
    if !std::ptr::eq(want.info(), c.package.info()) {
        return Err(GssErr::major(GSS_S_NO_CRED));
    }
    let life = lifetime(c.inner.expiry());
    put(init_life, if c.usage.can_initiate() { life } else { 0 });
    put(accept_life, if c.usage.can_accept() { life } else { 0 });
    put(usage_out, gss_usage(c.usage));
    if !name.is_null() {
        put(name, names::new_handle(cred_name(&c)));
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_cred_by_mech` (RFC 2744 5.22): as gss_inquire_cred for one
/// mechanism; GSS_S_NO_CRED if the credential is not for `mech_type`.
/// GSS_C_NO_CREDENTIAL asks about that mechanism's default credential.
#[no_mangle]
pub extern "C" fn gss_inquire_cred_by_mech(
    minor: *mut OM_uint32,
    cred_handle: gss_cred_id_t,
    mech_type: *const gss_OID_desc,
    name: *mut gss_name_t,
    initiator_lifetime: *mut OM_uint32,
    acceptor_lifetime: *mut OM_uint32,
    cred_usage: *mut gss_cred_usage_t,
) -> OM_uint32 {
    guard("gss_inquire_cred_by_mech", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            inquire_by_mech(
                cred_handle,
                mech_type,
                name,
                initiator_lifetime,
                acceptor_lifetime,
                cred_usage,
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_initiate_without_credentials_is_no_cred() {
        let mut h: gss_cred_id_t = std::ptr::null_mut();
        let r = acquire_cred(
            std::ptr::null_mut(),
            std::ptr::null(),
            GSS_C_INITIATE,
            None,
            &mut h,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        assert_eq!(r.unwrap_err().major, GSS_S_NO_CRED);
        assert!(h.is_null(), "outputs are written only on success");
    }

    #[test]
    fn acquire_from_passes_the_store_to_the_package() {
        let dir = std::env::temp_dir().join(format!("gss-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let users = dir.join("users");
        std::fs::write(&users, "STOREDOM:carol:pw\n").unwrap();
        let path = std::ffi::CString::new(users.display().to_string()).unwrap();
        let name = names::new_handle(GssName {
            text: "STOREDOM\\carol".into(),
            name_type: names::NAME_TYPES[0].to_vec(),
            mech: None,
        });
        let acquire_with = |key: &std::ffi::CStr| {
            let mut el = [gss_key_value_element_desc {
                key: key.as_ptr(),
                value: path.as_ptr(),
            }];
            let store = gss_key_value_set_desc {
                count: 1,
                elements: el.as_mut_ptr(),
            };
            let mut h: gss_cred_id_t = std::ptr::null_mut();
            let r = acquire_from(
                name,
                std::ptr::null(),
                GSS_C_INITIATE,
                &store,
                &mut h,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            (r, h)
        };
        // Only the store names the user file (NTLM_USER_FILE may be unset).
        let (r, mut h) = acquire_with(c"ntlm_user_file");
        assert_eq!(r, Ok(GSS_S_COMPLETE));
        assert_eq!(lookup(h).unwrap().inner.name(), "STOREDOM\\carol");
        release_cred(&mut h).unwrap();
        let (r, h) = acquire_with(c"no_such_key");
        assert_eq!(r.unwrap_err().major, GSS_S_UNAVAILABLE);
        assert!(h.is_null());
        let (mut name, mut minor) = (name, 0);
        assert_eq!(
            crate::abi::gss::names::gss_release_name(&mut minor, &mut name),
            GSS_S_COMPLETE
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_handles_and_null_outputs() {
        let mut forged = 0x77usize as gss_cred_id_t;
        assert_eq!(release_cred(&mut forged).unwrap_err().major, GSS_S_NO_CRED);
        assert_eq!(
            release_cred(std::ptr::null_mut()).unwrap_err().major,
            GSS_S_CALL_INACCESSIBLE_READ | GSS_S_NO_CRED
        );
        let r = acquire_cred(
            std::ptr::null_mut(),
            std::ptr::null(),
            GSS_C_INITIATE,
            None,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        assert_eq!(r.unwrap_err().major, GSS_S_CALL_INACCESSIBLE_WRITE);
    }
}
