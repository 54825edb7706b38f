//! Names (RFC 2743 2.4, RFC 2744 5.x): gss_import_name, gss_display_name,
//! gss_compare_name, gss_release_name, gss_duplicate_name,
//! gss_canonicalize_name, gss_export_name, gss_inquire_name. Names live in
//! their own handle table, so a forged or freed gss_name_t is
//! GSS_S_BAD_NAME, never a dereference.
use std::sync::Arc;

use once_cell::sync::Lazy;

use super::ffi::{self, need, put};
use super::oids::find_static;
use super::status::{minor, GssErr, GssResult};
use super::types::*;
use crate::abi::boundary::guard;
use crate::core::handles::HandleTable;

const NT_USER: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x01";
const NT_MACHINE_UID: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x02";
const NT_STRING_UID: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x03";
const NT_HOSTBASED: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04";
const NT_HOSTBASED_X: &[u8] = b"\x2b\x06\x01\x05\x06\x02";
const NT_ANONYMOUS: &[u8] = b"\x2b\x06\x01\x05\x06\x03";
const NT_EXPORT: &[u8] = b"\x2b\x06\x01\x05\x06\x04";
const NT_KRB5_PRINCIPAL: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x01";
const NT_KRB5_ENTERPRISE: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x06";

/// The name types gss_inquire_names_for_mech reports.
pub const NAME_TYPES: [&[u8]; 5] = [
    NT_USER,
    NT_HOSTBASED,
    NT_HOSTBASED_X,
    NT_KRB5_PRINCIPAL,
    NT_EXPORT,
];

/// An internal name: the text as given, its type (empty for GSS_C_NO_OID)
/// and, for a mechanism name (MN), the mechanism.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GssName {
    pub text: String,
    pub name_type: Vec<u8>,
    pub mech: Option<Vec<u8>>,
}

/// Handles of gss_name_t.
pub static NAMES: Lazy<HandleTable<GssName>> = Lazy::new(|| HandleTable::new(0xCA));

fn bad_name() -> GssErr {
    GssErr::new(GSS_S_BAD_NAME, minor::BAD_NAME)
}

fn is_hostbased(t: &[u8]) -> bool {
    t == NT_HOSTBASED || t == NT_HOSTBASED_X
}

impl GssName {
    /// Parses `text` as a name of type `ty` (gss_import_name).
    pub fn import(text: &[u8], ty: Option<&[u8]>) -> GssResult<GssName> {
        let ty = ty.unwrap_or(&[]);
        if ty == NT_EXPORT {
            let (mech, name) = parse_export(text)?;
            return Ok(GssName {
                text: name,
                name_type: NT_USER.to_vec(),
                mech: Some(mech),
            });
        }
        let known = [
            &[][..],
            NT_USER,
            NT_MACHINE_UID,
            NT_STRING_UID,
            NT_HOSTBASED,
            NT_HOSTBASED_X,
            NT_ANONYMOUS,
            NT_KRB5_PRINCIPAL,
            NT_KRB5_ENTERPRISE,
        ];
        if !known.contains(&ty) {
            return Err(GssErr::new(GSS_S_BAD_NAMETYPE, minor::BAD_NAME));
        }
        // MIT tolerates a trailing NUL counted in the length.
        let text = text.strip_suffix(&[0]).unwrap_or(text);
        let text = std::str::from_utf8(text).map_err(|_| bad_name())?;
        if text.contains('\0') || (text.is_empty() && ty != NT_ANONYMOUS) {
            return Err(bad_name());
        }
        if is_hostbased(ty) && (text.starts_with('@') || text.ends_with('@')) {
            return Err(bad_name());
        }
        Ok(GssName {
            text: text.to_string(),
            name_type: ty.to_vec(),
            mech: None,
        })
    }

    /// The name a package receives: hostbased `service@host` becomes the
    /// SPN `service/host` (a bare `service` gets this machine's name, as
    /// MIT does); other names pass as given.
    pub fn target(&self) -> String {
        if is_hostbased(&self.name_type) {
            match self.text.split_once('@') {
                Some((svc, host)) => format!("{svc}/{host}"),
                None => format!("{}/{}", self.text, local_host()),
            }
        } else {
            self.text.clone()
        }
    }

    /// A form for comparing names of different types.
    fn key(&self) -> String {
        if is_hostbased(&self.name_type) {
            self.target().to_ascii_lowercase()
        } else {
            self.text.clone()
        }
    }

    /// RFC 2743 3.2 exported name token (requires an MN).
    pub fn export(&self) -> GssResult<Vec<u8>> {
        let mech = self.mech.as_ref().ok_or(GssErr::major(GSS_S_NAME_NOT_MN))?;
        let text = self.target();
        let mut der = vec![0x06];
        der_len(&mut der, mech.len());
        der.extend_from_slice(mech);
        let mut out = vec![0x04, 0x01];
        out.extend_from_slice(&(der.len() as u16).to_be_bytes());
        out.extend_from_slice(&der);
        out.extend_from_slice(&(text.len() as u32).to_be_bytes());
        out.extend_from_slice(text.as_bytes());
        Ok(out)
    }
}

fn der_len(out: &mut Vec<u8>, n: usize) {
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend_from_slice(&[0x81, n as u8]);
    } else {
        out.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]);
    }
}

/// Parses an RFC 2743 3.2 exported name: (mechanism OID, name).
pub fn parse_export(t: &[u8]) -> GssResult<(Vec<u8>, String)> {
    let bad = bad_name;
    if t.len() < 4 || t[0] != 0x04 || t[1] != 0x01 {
        return Err(bad());
    }
    let oid_len = u16::from_be_bytes([t[2], t[3]]) as usize;
    let der = t.get(4..4 + oid_len).ok_or_else(bad)?;
    if der.len() < 2 || der[0] != 0x06 {
        return Err(bad());
    }
    let (len, hdr) = match der[1] {
        n if n < 0x80 => (n as usize, 2),
        0x81 if der.len() > 2 => (der[2] as usize, 3),
        _ => return Err(bad()),
    };
    if hdr + len != der.len() {
        return Err(bad());
    }
    let mech = der[hdr..].to_vec();
    let rest = &t[4 + oid_len..];
    if rest.len() < 4 {
        return Err(bad());
    }
    let n = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
    let name = rest.get(4..4 + n).ok_or_else(bad)?;
    if 4 + n != rest.len() {
        return Err(bad());
    }
    let name = String::from_utf8(name.to_vec()).map_err(|_| bad())?;
    Ok((mech, name))
}

fn local_host() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into our buffer.
    let r = unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len()) };
    if r != 0 {
        return "localhost".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase()
}

/// Looks a name handle up; a bad handle is GSS_S_BAD_NAME.
pub fn lookup(p: gss_name_t) -> GssResult<Arc<GssName>> {
    if p.is_null() {
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ | GSS_S_BAD_NAME));
    }
    NAMES
        .get(ffi::from_ptr(p))
        .map_err(|_| GssErr::new(GSS_S_BAD_NAME, minor::INVALID_HANDLE))
}

/// Stores a name and returns its handle.
pub fn new_handle(n: GssName) -> gss_name_t {
    ffi::to_ptr(NAMES.insert(Arc::new(n)))
}

/// The static pointer for a name type (GSS_C_NO_OID if none).
fn type_oid(t: &[u8]) -> gss_OID {
    if t.is_empty() {
        return std::ptr::null_mut();
    }
    find_static(t).map_or(std::ptr::null_mut(), |d| d.oid())
}

fn import_name(
    input: *const gss_buffer_desc,
    ty: *const gss_OID_desc,
    out: *mut gss_name_t,
) -> GssResult<OM_uint32> {
    let out = need(out)?;
    // MIT: no buffer is a bad name (not an unreadable input).
    let text = ffi::need_bytes(input).map_err(|_| bad_name())?;
    let name = GssName::import(text, ffi::oid(ty))?;
    put(out, new_handle(name));
    Ok(GSS_S_COMPLETE)
}

/// `gss_import_name` (RFC 2744 5.16): converts a printable name of type
/// `input_name_type` (GSS_C_NT_HOSTBASED_SERVICE `service@host`,
/// GSS_C_NT_USER_NAME, GSS_KRB5_NT_PRINCIPAL_NAME, GSS_C_NT_EXPORT_NAME,
/// or GSS_C_NO_OID) into a name the caller frees with gss_release_name.
/// No input buffer is GSS_S_BAD_NAME, as MIT answers.
#[no_mangle]
pub extern "C" fn gss_import_name(
    minor: *mut OM_uint32,
    input_name_buffer: *const gss_buffer_desc,
    input_name_type: *const gss_OID_desc,
    output_name: *mut gss_name_t,
) -> OM_uint32 {
    guard("gss_import_name", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            import_name(input_name_buffer, input_name_type, output_name)
        })
    })
}

fn display_name(
    name: gss_name_t,
    out: *mut gss_buffer_desc,
    out_type: *mut gss_OID,
) -> GssResult<OM_uint32> {
    let out = ffi::need_out_buffer(out)?;
    let n = lookup(name)?;
    let buf = ffi::new_string_buffer(&n.text)?;
    put(out, buf);
    put(out_type, type_oid(&n.name_type));
    Ok(GSS_S_COMPLETE)
}

/// `gss_display_name` (RFC 2744 5.10): the printable form (NUL-terminated,
/// not counted in `length`; free with gss_release_buffer) and the name
/// type as a static OID the caller must not free. `output_name_type` may be NULL.
#[no_mangle]
pub extern "C" fn gss_display_name(
    minor: *mut OM_uint32,
    input_name: gss_name_t,
    output_name_buffer: *mut gss_buffer_desc,
    output_name_type: *mut gss_OID,
) -> OM_uint32 {
    guard("gss_display_name", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            display_name(input_name, output_name_buffer, output_name_type)
        })
    })
}

fn compare_name(a: gss_name_t, b: gss_name_t, equal: *mut i32) -> GssResult<OM_uint32> {
    let equal = need(equal)?;
    let (a, b) = (lookup(a)?, lookup(b)?);
    let same = a.key() == b.key()
        && match (&a.mech, &b.mech) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
    put(equal, same as i32);
    Ok(GSS_S_COMPLETE)
}

/// `gss_compare_name` (RFC 2744 5.6): `*name_equal` is 1 when both name the
/// same principal (hostbased names compare as `service/host`, host case-insensitive).
#[no_mangle]
pub extern "C" fn gss_compare_name(
    minor: *mut OM_uint32,
    name1: gss_name_t,
    name2: gss_name_t,
    name_equal: *mut i32,
) -> OM_uint32 {
    guard("gss_compare_name", GSS_S_FAILURE, || {
        // MIT accepts a NULL minor_status here.
        ffi::status(minor, compare_name(name1, name2, name_equal))
    })
}

fn release_name(name: *mut gss_name_t) -> GssResult<OM_uint32> {
    let p = ffi::get(name as *const gss_name_t)
        .ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ | GSS_S_BAD_NAME))?;
    if p.is_null() {
        return Ok(GSS_S_COMPLETE);
    }
    NAMES
        .remove(ffi::from_ptr(p))
        .map_err(|_| GssErr::new(GSS_S_BAD_NAME, minor::INVALID_HANDLE))?;
    put(name, std::ptr::null_mut());
    Ok(GSS_S_COMPLETE)
}

/// `gss_release_name` (RFC 2744 5.28): frees the name and sets `*name` to
/// GSS_C_NO_NAME. A freed or forged name is GSS_S_BAD_NAME.
#[no_mangle]
pub extern "C" fn gss_release_name(minor: *mut OM_uint32, name: *mut gss_name_t) -> OM_uint32 {
    guard("gss_release_name", GSS_S_FAILURE, || {
        ffi::call(minor, || release_name(name))
    })
}

fn duplicate_name(src: gss_name_t, dest: *mut gss_name_t) -> GssResult<OM_uint32> {
    let dest = need(dest)?;
    let n = lookup(src)?;
    put(dest, new_handle((*n).clone()));
    Ok(GSS_S_COMPLETE)
}

/// `gss_duplicate_name` (RFC 2744 5.13): an independent copy to release separately.
#[no_mangle]
pub extern "C" fn gss_duplicate_name(
    minor: *mut OM_uint32,
    src_name: gss_name_t,
    dest_name: *mut gss_name_t,
) -> OM_uint32 {
    guard("gss_duplicate_name", GSS_S_FAILURE, || {
        ffi::call(minor, || duplicate_name(src_name, dest_name))
    })
}

fn canonicalize_name(
    name: gss_name_t,
    mech: *const gss_OID_desc,
    out: *mut gss_name_t,
) -> GssResult<OM_uint32> {
    // MIT: a missing name or mechanism is an unreadable input.
    if name.is_null() {
        return Err(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ));
    }
    put(out, std::ptr::null_mut());
    let mech = ffi::oid(mech).ok_or(GssErr::major(GSS_S_CALL_INACCESSIBLE_READ))?;
    let n = lookup(name)?;
    crate::packages::by_oid(mech).ok_or(GssErr::new(GSS_S_BAD_MECH, minor::PACKAGE_NOT_FOUND))?;
    let mut c = (*n).clone();
    c.mech = Some(mech.to_vec());
    if out.is_null() {
        // MIT: with no output_name the input name is canonicalized in place.
        NAMES
            .replace(ffi::from_ptr(name), Arc::new(c))
            .map_err(|_| GssErr::new(GSS_S_BAD_NAME, minor::INVALID_HANDLE))?;
    } else {
        put(out, new_handle(c));
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_canonicalize_name` (RFC 2744 5.5): a mechanism name (MN) for
/// `mech_type`, which must be one of our mechanisms. No input name or no
/// mechanism is GSS_S_CALL_INACCESSIBLE_READ, as MIT. A NULL
/// `output_name` canonicalizes `input_name` in place, as MIT does.
#[no_mangle]
pub extern "C" fn gss_canonicalize_name(
    minor: *mut OM_uint32,
    input_name: gss_name_t,
    mech_type: *const gss_OID_desc,
    output_name: *mut gss_name_t,
) -> OM_uint32 {
    guard("gss_canonicalize_name", GSS_S_FAILURE, || {
        ffi::call(minor, || {
            canonicalize_name(input_name, mech_type, output_name)
        })
    })
}

fn export_name(name: gss_name_t, out: *mut gss_buffer_desc) -> GssResult<OM_uint32> {
    let out = ffi::need_out_buffer(out)?;
    let n = lookup(name)?;
    let tok = n.export()?;
    put(out, ffi::new_buffer(&tok)?);
    Ok(GSS_S_COMPLETE)
}

/// `gss_export_name` (RFC 2744 5.15): the RFC 2743 3.2 token of an MN
/// (GSS_S_NAME_NOT_MN otherwise); free with gss_release_buffer.
#[no_mangle]
pub extern "C" fn gss_export_name(
    minor: *mut OM_uint32,
    input_name: gss_name_t,
    exported_name: *mut gss_buffer_desc,
) -> OM_uint32 {
    guard("gss_export_name", GSS_S_FAILURE, || {
        ffi::call(minor, || export_name(input_name, exported_name))
    })
}

fn inquire_name(
    name: gss_name_t,
    name_is_mn: *mut i32,
    mech: *mut gss_OID,
    attrs: *mut gss_buffer_set_t,
) -> GssResult<OM_uint32> {
    let n = lookup(name)?;
    let mech_oid = match &n.mech {
        Some(m) => find_static(m).map_or(std::ptr::null_mut(), |d| d.oid()),
        None => std::ptr::null_mut(),
    };
    put(name_is_mn, n.mech.is_some() as i32);
    put(mech, mech_oid);
    // No name attributes yet: GSS_C_NO_BUFFER_SET.
    put(attrs, std::ptr::null_mut());
    Ok(GSS_S_COMPLETE)
}

/// `gss_inquire_name` (RFC 6680 7.4): whether the name is an MN, its
/// mechanism (static OID), and its attributes (none: GSS_C_NO_BUFFER_SET).
#[no_mangle]
pub extern "C" fn gss_inquire_name(
    minor: *mut OM_uint32,
    name: gss_name_t,
    name_is_mn: *mut i32,
    mech: *mut gss_OID,
    attrs: *mut gss_buffer_set_t,
) -> OM_uint32 {
    guard("gss_inquire_name", GSS_S_FAILURE, || {
        ffi::call(minor, || inquire_name(name, name_is_mn, mech, attrs))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostbased_becomes_spn() {
        let n = GssName::import(b"HTTP@www.example.com", Some(NT_HOSTBASED)).unwrap();
        assert_eq!(n.target(), "HTTP/www.example.com");
        assert_eq!(n.text, "HTTP@www.example.com");
        let bare = GssName::import(b"host", Some(NT_HOSTBASED_X)).unwrap();
        assert!(bare.target().starts_with("host/"));
        assert!(GssName::import(b"@host", Some(NT_HOSTBASED)).is_err());
    }

    #[test]
    fn user_and_bad_types() {
        let n = GssName::import(b"DOM\\alice\0", Some(NT_USER)).unwrap();
        assert_eq!(n.text, "DOM\\alice");
        assert_eq!(
            GssName::import(b"x", Some(&[1, 2, 3])).unwrap_err().major,
            GSS_S_BAD_NAMETYPE
        );
        assert_eq!(
            GssName::import(b"", None).unwrap_err().major,
            GSS_S_BAD_NAME
        );
        assert_eq!(
            GssName::import(b"\xff", None).unwrap_err().major,
            GSS_S_BAD_NAME
        );
    }

    #[test]
    fn export_round_trip() {
        let mut n = GssName::import(b"alice@EXAMPLE.COM", Some(NT_KRB5_PRINCIPAL)).unwrap();
        assert_eq!(n.export().unwrap_err().major, GSS_S_NAME_NOT_MN);
        n.mech = Some(super::super::oids::NTLM_MECH.bytes().to_vec());
        let tok = n.export().unwrap();
        assert_eq!(&tok[..4], &[0x04, 0x01, 0x00, 12]);
        assert_eq!(&tok[4..6], &[0x06, 10]);
        let back = GssName::import(&tok, Some(NT_EXPORT)).unwrap();
        assert_eq!(back.text, "alice@EXAMPLE.COM");
        assert_eq!(back.mech, n.mech);
        assert!(parse_export(&tok[..tok.len() - 1]).is_err());
    }

    #[test]
    fn canonicalize_in_place_without_output_name() {
        let h = new_handle(GssName::import(b"alice@EXAMPLE.COM", Some(NT_KRB5_PRINCIPAL)).unwrap());
        assert_eq!(lookup(h).unwrap().mech, None);
        let mech = super::super::oids::NTLM_MECH;
        let mut out: gss_name_t = 0x1usize as gss_name_t;
        assert_eq!(
            canonicalize_name(h, mech.oid(), &mut out),
            Ok(GSS_S_COMPLETE)
        );
        assert!(!out.is_null() && out != h);
        assert_eq!(
            lookup(h).unwrap().mech,
            None,
            "with output_name the input stays"
        );
        assert_eq!(
            canonicalize_name(h, mech.oid(), std::ptr::null_mut()),
            Ok(GSS_S_COMPLETE)
        );
        let n = lookup(h).unwrap();
        assert_eq!(n.mech.as_deref(), Some(mech.bytes()));
        assert!(
            n.export().is_ok(),
            "the same handle is now a mechanism name"
        );
        for mut x in [h, out] {
            assert_eq!(release_name(&mut x), Ok(GSS_S_COMPLETE));
        }
    }

    #[test]
    fn forged_and_freed_names_are_bad_name() {
        let mut h = new_handle(GssName::import(b"bob", None).unwrap());
        assert_eq!(release_name(&mut h), Ok(GSS_S_COMPLETE));
        assert!(h.is_null());
        let mut forged = 0x1234usize as gss_name_t;
        assert_eq!(release_name(&mut forged).unwrap_err().major, GSS_S_BAD_NAME);
        assert_eq!(
            lookup(0xdead_beefusize as gss_name_t).unwrap_err().major,
            GSS_S_BAD_NAME
        );
    }
}
