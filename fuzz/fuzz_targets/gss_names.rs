//! gss_import_name (every name type, and exported-name tokens) and the
//! calls that work on names, through the C entry points: display,
//! canonicalize, export, re-import of the export, compare, duplicate,
//! inquire, release. An exported name re-imported exports to the same
//! bytes; every handle made is released.
//!
//! Input: a selector byte (name type; past the known ones, the next byte
//! gives the length of an arbitrary type OID that follows), a byte picking
//! the mechanism to canonicalize for, then the name.
#![no_main]
use std::ffi::c_void;
use std::ptr::null_mut;

use libfuzzer_sys::fuzz_target;
use sspi::abi::gss::misc::gss_release_buffer;
use sspi::abi::gss::names::*;
use sspi::abi::gss::types::*;

const TYPES: [&[u8]; 10] = [
    b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x01", // GSS_C_NT_USER_NAME
    b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x02", // GSS_C_NT_MACHINE_UID_NAME
    b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x03", // GSS_C_NT_STRING_UID_NAME
    b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04", // GSS_C_NT_HOSTBASED_SERVICE
    b"\x2b\x06\x01\x05\x06\x02",                 // GSS_C_NT_HOSTBASED_SERVICE_X
    b"\x2b\x06\x01\x05\x06\x03",                 // GSS_C_NT_ANONYMOUS
    b"\x2b\x06\x01\x05\x06\x04",                 // GSS_C_NT_EXPORT_NAME
    b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x01", // GSS_KRB5_NT_PRINCIPAL_NAME
    b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x06", // GSS_KRB5_NT_ENTERPRISE_NAME
    b"",                                         // GSS_C_NO_OID
];

const MECHS: [&[u8]; 4] = [
    b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02",     // krb5
    b"\x2a\x86\x48\x82\xf7\x12\x01\x02\x02",     // MS krb5
    b"\x2b\x06\x01\x05\x05\x02",                 // SPNEGO
    b"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a", // NTLM
];

fn oid(b: &[u8]) -> gss_OID_desc {
    gss_OID_desc {
        length: b.len() as u32,
        elements: b.as_ptr() as *mut c_void,
    }
}

fn buf(b: &[u8]) -> gss_buffer_desc {
    gss_buffer_desc {
        length: b.len(),
        value: b.as_ptr() as *mut c_void,
    }
}

fn bytes(b: &gss_buffer_desc) -> Vec<u8> {
    if b.length == 0 {
        return Vec::new();
    }
    // SAFETY: the library filled `b` with `length` bytes it allocated.
    unsafe { std::slice::from_raw_parts(b.value as *const u8, b.length) }.to_vec()
}

fn import(text: &[u8], ty: Option<&gss_OID_desc>) -> Option<gss_name_t> {
    let mut minor = 0;
    let mut name: gss_name_t = null_mut();
    let ty = ty.map_or(std::ptr::null(), |t| t as *const _);
    let major = gss_import_name(&mut minor, &buf(text), ty, &mut name);
    (major == 0).then_some(name)
}

fn export(name: gss_name_t) -> Option<Vec<u8>> {
    let mut minor = 0;
    let mut out = gss_buffer_desc {
        length: 0,
        value: null_mut(),
    };
    if gss_export_name(&mut minor, name, &mut out) != 0 {
        return None;
    }
    let v = bytes(&out);
    gss_release_buffer(&mut minor, &mut out);
    Some(v)
}

fn release(mut name: gss_name_t) {
    let mut minor = 0;
    assert_eq!(gss_release_name(&mut minor, &mut name), 0);
}

fuzz_target!(|data: &[u8]| {
    let [sel, mech, rest @ ..] = data else {
        return;
    };
    let (ty, text) = if (*sel as usize) < TYPES.len() {
        (TYPES[*sel as usize], rest)
    } else {
        let Some((&n, r)) = rest.split_first() else {
            return;
        };
        r.split_at((n as usize).min(r.len()))
    };
    let ty_desc = oid(ty);
    let Some(name) = import(text, (!ty.is_empty()).then_some(&ty_desc)) else {
        return;
    };
    let mut minor = 0;
    let mut shown = gss_buffer_desc {
        length: 0,
        value: null_mut(),
    };
    let mut shown_type: gss_OID = null_mut();
    if gss_display_name(&mut minor, name, &mut shown, &mut shown_type) == 0 {
        gss_release_buffer(&mut minor, &mut shown);
    }
    let mut is_mn = 0;
    let mut mn_mech: gss_OID = null_mut();
    let mut attrs: gss_buffer_set_t = null_mut();
    gss_inquire_name(&mut minor, name, &mut is_mn, &mut mn_mech, &mut attrs);

    let mech_desc = oid(MECHS[*mech as usize % MECHS.len()]);
    let mut canon: gss_name_t = null_mut();
    if gss_canonicalize_name(&mut minor, name, &mech_desc, &mut canon) == 0 {
        // Exported name token round trip (RFC 2743 3.2).
        if let Some(tok) = export(canon) {
            let exp = oid(TYPES[6]);
            let again = import(&tok, Some(&exp)).expect("an exported name imports");
            assert_eq!(
                export(again).as_deref(),
                Some(&tok[..]),
                "export of the re-import"
            );
            let mut equal = -1;
            assert_eq!(gss_compare_name(&mut minor, canon, again, &mut equal), 0);
            assert!(equal == 0 || equal == 1);
            release(again);
        }
        release(canon);
    }
    if is_mn != 0 {
        // An imported exported-name is an MN already.
        assert!(export(name).is_some());
    }
    let mut dup: gss_name_t = null_mut();
    if gss_duplicate_name(&mut minor, name, &mut dup) == 0 {
        let mut equal = -1;
        assert_eq!(gss_compare_name(&mut minor, name, dup, &mut equal), 0);
        assert_eq!(equal, 1, "a name equals its duplicate");
        release(dup);
    }
    release(name);
});
