//! OIDs and OID sets (RFC 2744 5.4, 5.12, 5.29, 5.37; MIT's gss_oid_equal,
//! gss_oid_to_str, gss_str_to_oid, gss_release_oid): sets are malloc'd as
//! MIT lays them out, so either library's gss_release_oid_set frees them.
use super::ffi::{self, need, put};
use super::oids;
use super::status::{minor, GssErr, GssResult};
use super::types::*;
use crate::abi::boundary::guard;

fn create_empty(out: *mut gss_OID_set) -> GssResult<OM_uint32> {
    let out = need(out)?;
    put(out, ffi::new_oid_set(&[])?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_create_empty_oid_set` (RFC 2744 5.12): free with gss_release_oid_set.
#[no_mangle]
pub extern "C" fn gss_create_empty_oid_set(
    minor: *mut OM_uint32,
    oid_set: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_create_empty_oid_set", GSS_S_FAILURE, || {
        ffi::call(minor, || create_empty(oid_set))
    })
}

fn add_member(member: *const gss_OID_desc, set: *mut gss_OID_set) -> GssResult<OM_uint32> {
    let m = ffi::need_oid(member)?;
    let set = ffi::get(set as *const gss_OID_set)
        .filter(|s| !s.is_null())
        .ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_WRITE))?;
    // MIT appends even when the member is already present; so do we.
    ffi::push_oid(set, m)?;
    Ok(GSS_S_COMPLETE)
}

/// `gss_add_oid_set_member` (RFC 2744 5.4): appends a copy of
/// `member_oid` (like MIT, also when already present).
#[no_mangle]
pub extern "C" fn gss_add_oid_set_member(
    minor: *mut OM_uint32,
    member_oid: *const gss_OID_desc,
    oid_set: *mut gss_OID_set,
) -> OM_uint32 {
    guard("gss_add_oid_set_member", GSS_S_FAILURE, || {
        ffi::call(minor, || add_member(member_oid, oid_set))
    })
}

fn test_member(
    member: *const gss_OID_desc,
    set: *const gss_OID_set_desc,
    present: *mut i32,
) -> GssResult<OM_uint32> {
    let present = need(present)?;
    let m = ffi::oid(member).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
    if set.is_null() {
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ));
    }
    put(present, ffi::oid_set(set).contains(&m) as i32);
    Ok(GSS_S_COMPLETE)
}

/// `gss_test_oid_set_member` (RFC 2744 5.37): `*present` is 1 if `member` is in `set`.
#[no_mangle]
pub extern "C" fn gss_test_oid_set_member(
    minor: *mut OM_uint32,
    member: *const gss_OID_desc,
    set: *const gss_OID_set_desc,
    present: *mut i32,
) -> OM_uint32 {
    guard("gss_test_oid_set_member", GSS_S_FAILURE, || {
        ffi::call(minor, || test_member(member, set, present))
    })
}

fn release_set(set: *mut gss_OID_set) -> GssResult<OM_uint32> {
    let Some(s) = ffi::get(set as *const gss_OID_set) else {
        return Ok(GSS_S_COMPLETE);
    };
    // The static gss_mech_set_krb5* objects are never freed.
    let statics = [
        oids::gss_mech_set_krb5.0,
        oids::gss_mech_set_krb5_old.0,
        oids::gss_mech_set_krb5_both.0,
    ];
    if !statics.contains(&s) {
        ffi::free_oid_set(s);
    }
    put(set, std::ptr::null_mut());
    Ok(GSS_S_COMPLETE)
}

/// `gss_release_oid_set` (RFC 2744 5.29): frees the set and sets `*set` to
/// GSS_C_NO_OID_SET.
#[no_mangle]
pub extern "C" fn gss_release_oid_set(minor: *mut OM_uint32, set: *mut gss_OID_set) -> OM_uint32 {
    guard("gss_release_oid_set", GSS_S_FAILURE, || {
        ffi::call(minor, || release_set(set))
    })
}

/// `gss_oid_equal` (MIT, RFC 5587 support): 1 if both OIDs have the same
/// contents (two GSS_C_NO_OIDs are not equal, as in MIT).
#[no_mangle]
pub extern "C" fn gss_oid_equal(a: *const gss_OID_desc, b: *const gss_OID_desc) -> i32 {
    guard("gss_oid_equal", 0, || match (ffi::oid(a), ffi::oid(b)) {
        (Some(x), Some(y)) => (x == y) as i32,
        _ => 0,
    })
}

/// Formats DER OID contents as MIT does: `{ 1 2 840 113554 1 2 2 }`.
pub fn oid_to_string(der: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for (i, &b) in der.iter().enumerate() {
        if v > (u64::MAX >> 7) {
            return None;
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - first * 40);
            } else {
                arcs.push(v);
            }
            v = 0;
        } else if i + 1 == der.len() {
            return None;
        }
    }
    let body: Vec<String> = arcs.iter().map(u64::to_string).collect();
    Some(format!("{{ {} }}", body.join(" ")))
}

/// Parses `{ 1 2 3 }` or `1.2.3` into DER contents.
pub fn string_to_oid(s: &str) -> Option<Vec<u8>> {
    let s = s.trim().trim_end_matches('\0').trim();
    let inner = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    let arcs: Vec<u64> = inner
        .split(|c: char| c == '.' || c.is_whitespace())
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    if arcs.len() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40) {
        return None;
    }
    let mut out = Vec::new();
    let first = arcs[0].checked_mul(40)?.checked_add(arcs[1])?;
    for &a in std::iter::once(&first).chain(&arcs[2..]) {
        let mut tmp = vec![(a & 0x7f) as u8];
        let mut x = a >> 7;
        while x > 0 {
            tmp.push((x & 0x7f) as u8 | 0x80);
            x >>= 7;
        }
        out.extend(tmp.iter().rev());
    }
    Some(out)
}

fn oid_to_str(oid: *const gss_OID_desc, out: *mut gss_buffer_desc) -> GssResult<OM_uint32> {
    let out = need(out)?;
    let der = ffi::need_oid(oid)?;
    let s = oid_to_string(der).ok_or(GssErr::new(GSS_S_FAILURE, minor::BAD_OID))?;
    let mut b = ffi::new_string_buffer(&s)?;
    // MIT counts the terminating NUL here (unlike gss_display_name).
    b.length += 1;
    put(out, b);
    Ok(GSS_S_COMPLETE)
}

/// `gss_oid_to_str` (MIT): `{ 1 2 840 113554 1 2 2 }` with its NUL,
/// which `length` counts as MIT's does; free with gss_release_buffer.
#[no_mangle]
pub extern "C" fn gss_oid_to_str(
    minor: *mut OM_uint32,
    oid: *const gss_OID_desc,
    oid_str: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_oid_to_str", GSS_S_FAILURE, || {
        // MIT accepts a NULL minor_status here.
        ffi::status(minor, oid_to_str(oid, oid_str))
    })
}

fn str_to_oid(s: *const gss_buffer_desc, out: *mut gss_OID) -> GssResult<OM_uint32> {
    let out = need(out)?;
    let s = ffi::need_nonempty(s)?;
    let s = std::str::from_utf8(s).map_err(|_| GssErr::new(GSS_S_FAILURE, minor::BAD_OID))?;
    let der = string_to_oid(s).ok_or(GssErr::new(GSS_S_FAILURE, minor::BAD_OID))?;
    put(out, ffi::new_oid(&der)?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_str_to_oid` (MIT): parses `{ 1 2 3 }` or `1.2.3`; free the OID
/// with gss_release_oid.
#[no_mangle]
pub extern "C" fn gss_str_to_oid(
    minor: *mut OM_uint32,
    oid_str: *const gss_buffer_desc,
    oid: *mut gss_OID,
) -> OM_uint32 {
    guard("gss_str_to_oid", GSS_S_FAILURE, || {
        // MIT accepts a NULL minor_status here.
        ffi::status(minor, str_to_oid(oid_str, oid))
    })
}

fn release_oid(oid: *mut gss_OID) -> GssResult<OM_uint32> {
    // MIT: no place to write GSS_C_NO_OID back to.
    let p = ffi::get(oid as *const gss_OID).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_WRITE))?;
    if !p.is_null() && !oids::is_static(p) {
        // SAFETY: a non-static OID we handed out came from `ffi::new_oid`
        // (malloc'd descriptor and contents).
        unsafe {
            libc::free((*p).elements);
            libc::free(p as *mut std::ffi::c_void);
        }
    }
    put(oid, std::ptr::null_mut());
    Ok(GSS_S_COMPLETE)
}

/// `gss_release_oid` (MIT): frees an OID from gss_str_to_oid; our static
/// OIDs are left alone. Sets `*oid` to GSS_C_NO_OID (a NULL `oid` is
/// GSS_S_CALL_INACCESSIBLE_WRITE, as MIT).
#[no_mangle]
pub extern "C" fn gss_release_oid(minor: *mut OM_uint32, oid: *mut gss_OID) -> OM_uint32 {
    guard("gss_release_oid", GSS_S_FAILURE, || {
        ffi::call(minor, || release_oid(oid))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_strings() {
        let krb5 = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02";
        assert_eq!(oid_to_string(krb5).unwrap(), "{ 1 2 840 113554 1 2 2 }");
        assert_eq!(string_to_oid("{ 1 2 840 113554 1 2 2 }").unwrap(), krb5);
        assert_eq!(
            string_to_oid("1.3.6.1.4.1.311.2.2.10").unwrap(),
            oids::NTLM_MECH.bytes()
        );
        assert_eq!(
            string_to_oid("{1 3 6 1 5 5 2}").unwrap(),
            oids::SPNEGO_MECH.bytes()
        );
        assert!(string_to_oid("1").is_none());
        assert!(string_to_oid("3.1").is_none());
        assert!(string_to_oid("1.x").is_none());
        assert!(oid_to_string(b"\x2a\x86").is_none());
    }

    #[test]
    fn set_helpers() {
        let mut set: gss_OID_set = std::ptr::null_mut();
        assert_eq!(create_empty(&mut set), Ok(0));
        let m = oids::NTLM_MECH.oid();
        assert_eq!(add_member(m, &mut set), Ok(0));
        assert_eq!(add_member(m, &mut set), Ok(0));
        assert_eq!(ffi::oid_set(set).len(), 2, "MIT appends duplicates");
        let mut present = 0;
        assert_eq!(test_member(m, set, &mut present), Ok(0));
        assert_eq!(present, 1);
        assert_eq!(release_set(&mut set), Ok(0));
        assert!(set.is_null());
        let mut o: gss_OID = std::ptr::null_mut();
        let s = gss_buffer_desc {
            length: 5,
            value: b"1.2.3".as_ptr() as *mut _,
        };
        assert_eq!(str_to_oid(&s, &mut o), Ok(0));
        assert_eq!(ffi::oid(o).unwrap(), b"\x2a\x03");
        assert_eq!(release_oid(&mut o), Ok(0));
        let mut st = oids::NTLM_MECH.oid();
        assert_eq!(release_oid(&mut st), Ok(0));
    }
}
