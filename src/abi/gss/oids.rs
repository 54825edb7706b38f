//! OID data symbols, exported as MIT exports them: each is an 8-byte
//! pointer object (`gss_OID`) pointing at a static `gss_OID_desc`. The
//! values were read from MIT krb5 1.20's library (gssapi_generic.c,
//! gssapi_krb5.c, the GSS_C_MA_* list of RFC 5587 in mechglue).
#![allow(non_upper_case_globals)]

use std::ffi::c_void;
use std::sync::atomic::AtomicI32;

use super::types::{gss_OID, gss_OID_desc, gss_OID_set_desc, gss_buffer_desc};

/// A `gss_OID_desc` in static memory (never written).
#[repr(transparent)]
pub struct OidDesc(gss_OID_desc);
// SAFETY: the descriptor and the bytes it points at are immutable statics.
unsafe impl Sync for OidDesc {}

impl OidDesc {
    const fn new(b: &'static [u8]) -> Self {
        OidDesc(gss_OID_desc {
            length: b.len() as u32,
            elements: b.as_ptr() as *mut c_void,
        })
    }
    pub const fn ptr(&'static self) -> OidPtr {
        OidPtr(self.oid())
    }
    /// The `gss_OID` a function hands out for this static OID.
    pub const fn oid(&'static self) -> gss_OID {
        &self.0 as *const gss_OID_desc as gss_OID
    }
}

/// The exported `gss_OID` object: one pointer, 8 bytes.
#[repr(transparent)]
pub struct OidPtr(pub gss_OID);
// SAFETY: points at an immutable static.
unsafe impl Sync for OidPtr {}

/// A static `gss_OID_set_desc` (gss_mech_set_krb5 and friends).
#[repr(transparent)]
pub struct OidSetDesc(pub gss_OID_set_desc);
// SAFETY: immutable static.
unsafe impl Sync for OidSetDesc {}

/// The exported `gss_OID_set` object: one pointer, 8 bytes.
#[repr(transparent)]
pub struct OidSetPtr(pub *mut gss_OID_set_desc);
// SAFETY: points at an immutable static.
unsafe impl Sync for OidSetPtr {}

static D_6C6F63616C2D6C6F67696E2D75736572: OidDesc =
    OidDesc::new(b"\x6c\x6f\x63\x61\x6c\x2d\x6c\x6f\x67\x69\x6e\x2d\x75\x73\x65\x72");
static D_2A864886F7120102020510: OidDesc =
    OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x10");
static D_2A864886F7120102020511: OidDesc =
    OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x11");
static D_2A864886F7120102020505: OidDesc =
    OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x05");
static D_2B060105050D0A: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x0a");
static D_2B060105050D0E: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x0e");
static D_2B060105050D0C: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x0c");
static D_2B060105050D0B: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x0b");
static D_2B060105050D0F: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x0f");
static D_2B060105050D0D: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x0d");
static D_2B060105050D18: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x18");
static D_2B060105050D1A: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x1a");
static D_2B060105050D12: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x12");
static D_2B060105050D1B: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x1b");
static D_2B060105050D10: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x10");
static D_2B060105050D07: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x07");
static D_2B060105050D11: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x11");
static D_2B060105050D09: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x09");
static D_2B060105050D03: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x03");
static D_2B060105050D01: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x01");
static D_2B060105050D05: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x05");
static D_2B060105050D04: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x04");
static D_2B060105050D02: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x02");
static D_2B060105050D13: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x13");
static D_2A864886F7120102020512: OidDesc =
    OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x12");
static D_2B060105050D08: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x08");
static D_2B060105050D06: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x06");
static D_2B060105050D17: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x17");
static D_2B060105050D19: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x19");
static D_2B060105050D15: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x15");
static D_2B060105050D16: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x16");
static D_2B060105050D14: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x0d\x14");
static D_2B0601050603: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x06\x03");
static D_2B0601050606: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x06\x06");
static D_2B0601050604: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x06\x04");
static D_2A864886F71201020104: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04");
static D_2B0601050602: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x06\x02");
static D_2A864886F71201020102: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x02");
static D_2A864886F71201020103: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x03");
static D_2A864886F71201020101: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x01");
static D_2A864886F712010202050F: OidDesc =
    OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x0f");
static D_2A85702B0D1D: OidDesc = OidDesc::new(b"\x2a\x85\x70\x2b\x0d\x1d");
static D_2A864886F712010202050E: OidDesc =
    OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x0e");
static D_2A864886F71201020206: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x06");
static D_2A864886F71201020201: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x01");
static D_2A864886F71201020207: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x07");
static D_2B0601050205: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x02\x05");
static D_2A864886F712010202: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02");
static D_2B05010502: OidDesc = OidDesc::new(b"\x2b\x05\x01\x05\x02");
static D_2A864882F712010202: OidDesc = OidDesc::new(b"\x2a\x86\x48\x82\xf7\x12\x01\x02\x02");
static D_2A864886F71201020202: OidDesc = OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x02");
static D_2B06010401823702020A: OidDesc = OidDesc::new(b"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a");
static D_2B0601050502: OidDesc = OidDesc::new(b"\x2b\x06\x01\x05\x05\x02");

/// Every static descriptor, so `gss_release_oid` can tell ours apart and
/// functions can hand out a static pointer for a known OID.
pub static STATIC_OIDS: [&OidDesc; 53] = [
    &D_6C6F63616C2D6C6F67696E2D75736572,
    &D_2A864886F7120102020510,
    &D_2A864886F7120102020511,
    &D_2A864886F7120102020505,
    &D_2B060105050D0A,
    &D_2B060105050D0E,
    &D_2B060105050D0C,
    &D_2B060105050D0B,
    &D_2B060105050D0F,
    &D_2B060105050D0D,
    &D_2B060105050D18,
    &D_2B060105050D1A,
    &D_2B060105050D12,
    &D_2B060105050D1B,
    &D_2B060105050D10,
    &D_2B060105050D07,
    &D_2B060105050D11,
    &D_2B060105050D09,
    &D_2B060105050D03,
    &D_2B060105050D01,
    &D_2B060105050D05,
    &D_2B060105050D04,
    &D_2B060105050D02,
    &D_2B060105050D13,
    &D_2A864886F7120102020512,
    &D_2B060105050D08,
    &D_2B060105050D06,
    &D_2B060105050D17,
    &D_2B060105050D19,
    &D_2B060105050D15,
    &D_2B060105050D16,
    &D_2B060105050D14,
    &D_2B0601050603,
    &D_2B0601050606,
    &D_2B0601050604,
    &D_2A864886F71201020104,
    &D_2B0601050602,
    &D_2A864886F71201020102,
    &D_2A864886F71201020103,
    &D_2A864886F71201020101,
    &D_2A864886F712010202050F,
    &D_2A85702B0D1D,
    &D_2A864886F712010202050E,
    &D_2A864886F71201020206,
    &D_2A864886F71201020201,
    &D_2A864886F71201020207,
    &D_2B0601050205,
    &D_2A864886F712010202,
    &D_2B05010502,
    &D_2A864882F712010202,
    &D_2A864886F71201020202,
    &D_2B06010401823702020A,
    &D_2B0601050502,
];

/// NTLM, 1.3.6.1.4.1.311.2.2.10 (gss-ntlmssp's mechanism OID).
pub static NTLM_MECH: &OidDesc = &D_2B06010401823702020A;
/// SPNEGO, 1.3.6.1.5.5.2.
pub static SPNEGO_MECH: &OidDesc = &D_2B0601050502;

/// A `gss_buffer_desc` in static memory (never written).
#[repr(transparent)]
pub struct BufferDesc(gss_buffer_desc);
// SAFETY: the descriptor and its bytes are immutable statics.
unsafe impl Sync for BufferDesc {}

/// The exported `gss_buffer_t` object: one pointer, 8 bytes.
#[repr(transparent)]
pub struct BufferPtr(pub *mut gss_buffer_desc);
// SAFETY: points at an immutable static.
unsafe impl Sync for BufferPtr {}

static LOCAL_LOGIN_USER: BufferDesc = BufferDesc(gss_buffer_desc {
    length: 16,
    value: b"local-login-user".as_ptr() as *mut c_void,
});

/// `GSS_C_ATTR_LOCAL_LOGIN_USER`: a `gss_buffer_t` (not an OID) naming
/// the name attribute "local-login-user", as in MIT.
#[no_mangle]
pub static GSS_C_ATTR_LOCAL_LOGIN_USER: BufferPtr =
    BufferPtr(&LOCAL_LOGIN_USER.0 as *const gss_buffer_desc as *mut gss_buffer_desc);
/// `GSS_C_INQ_NEGOEX_KEY`.
#[no_mangle]
pub static GSS_C_INQ_NEGOEX_KEY: OidPtr = D_2A864886F7120102020510.ptr();
/// `GSS_C_INQ_NEGOEX_VERIFY_KEY`.
#[no_mangle]
pub static GSS_C_INQ_NEGOEX_VERIFY_KEY: OidPtr = D_2A864886F7120102020511.ptr();
/// `GSS_C_INQ_SSPI_SESSION_KEY`.
#[no_mangle]
pub static GSS_C_INQ_SSPI_SESSION_KEY: OidPtr = D_2A864886F7120102020505.ptr();
/// `GSS_C_MA_AUTH_INIT`.
#[no_mangle]
pub static GSS_C_MA_AUTH_INIT: OidPtr = D_2B060105050D0A.ptr();
/// `GSS_C_MA_AUTH_INIT_ANON`.
#[no_mangle]
pub static GSS_C_MA_AUTH_INIT_ANON: OidPtr = D_2B060105050D0E.ptr();
/// `GSS_C_MA_AUTH_INIT_INIT`.
#[no_mangle]
pub static GSS_C_MA_AUTH_INIT_INIT: OidPtr = D_2B060105050D0C.ptr();
/// `GSS_C_MA_AUTH_TARG`.
#[no_mangle]
pub static GSS_C_MA_AUTH_TARG: OidPtr = D_2B060105050D0B.ptr();
/// `GSS_C_MA_AUTH_TARG_ANON`.
#[no_mangle]
pub static GSS_C_MA_AUTH_TARG_ANON: OidPtr = D_2B060105050D0F.ptr();
/// `GSS_C_MA_AUTH_TARG_INIT`.
#[no_mangle]
pub static GSS_C_MA_AUTH_TARG_INIT: OidPtr = D_2B060105050D0D.ptr();
/// `GSS_C_MA_CBINDINGS`.
#[no_mangle]
pub static GSS_C_MA_CBINDINGS: OidPtr = D_2B060105050D18.ptr();
/// `GSS_C_MA_COMPRESS`.
#[no_mangle]
pub static GSS_C_MA_COMPRESS: OidPtr = D_2B060105050D1A.ptr();
/// `GSS_C_MA_CONF_PROT`.
#[no_mangle]
pub static GSS_C_MA_CONF_PROT: OidPtr = D_2B060105050D12.ptr();
/// `GSS_C_MA_CTX_TRANS`.
#[no_mangle]
pub static GSS_C_MA_CTX_TRANS: OidPtr = D_2B060105050D1B.ptr();
/// `GSS_C_MA_DELEG_CRED`.
#[no_mangle]
pub static GSS_C_MA_DELEG_CRED: OidPtr = D_2B060105050D10.ptr();
/// `GSS_C_MA_DEPRECATED`.
#[no_mangle]
pub static GSS_C_MA_DEPRECATED: OidPtr = D_2B060105050D07.ptr();
/// `GSS_C_MA_INTEG_PROT`.
#[no_mangle]
pub static GSS_C_MA_INTEG_PROT: OidPtr = D_2B060105050D11.ptr();
/// `GSS_C_MA_ITOK_FRAMED`.
#[no_mangle]
pub static GSS_C_MA_ITOK_FRAMED: OidPtr = D_2B060105050D09.ptr();
/// `GSS_C_MA_MECH_COMPOSITE`.
#[no_mangle]
pub static GSS_C_MA_MECH_COMPOSITE: OidPtr = D_2B060105050D03.ptr();
/// `GSS_C_MA_MECH_CONCRETE`.
#[no_mangle]
pub static GSS_C_MA_MECH_CONCRETE: OidPtr = D_2B060105050D01.ptr();
/// `GSS_C_MA_MECH_GLUE`.
#[no_mangle]
pub static GSS_C_MA_MECH_GLUE: OidPtr = D_2B060105050D05.ptr();
/// `GSS_C_MA_MECH_NEGO`.
#[no_mangle]
pub static GSS_C_MA_MECH_NEGO: OidPtr = D_2B060105050D04.ptr();
/// `GSS_C_MA_MECH_PSEUDO`.
#[no_mangle]
pub static GSS_C_MA_MECH_PSEUDO: OidPtr = D_2B060105050D02.ptr();
/// `GSS_C_MA_MIC`.
#[no_mangle]
pub static GSS_C_MA_MIC: OidPtr = D_2B060105050D13.ptr();
/// `GSS_C_MA_NEGOEX_AND_SPNEGO`.
#[no_mangle]
pub static GSS_C_MA_NEGOEX_AND_SPNEGO: OidPtr = D_2A864886F7120102020512.ptr();
/// `GSS_C_MA_NOT_DFLT_MECH`.
#[no_mangle]
pub static GSS_C_MA_NOT_DFLT_MECH: OidPtr = D_2B060105050D08.ptr();
/// `GSS_C_MA_NOT_MECH`.
#[no_mangle]
pub static GSS_C_MA_NOT_MECH: OidPtr = D_2B060105050D06.ptr();
/// `GSS_C_MA_OOS_DET`.
#[no_mangle]
pub static GSS_C_MA_OOS_DET: OidPtr = D_2B060105050D17.ptr();
/// `GSS_C_MA_PFS`.
#[no_mangle]
pub static GSS_C_MA_PFS: OidPtr = D_2B060105050D19.ptr();
/// `GSS_C_MA_PROT_READY`.
#[no_mangle]
pub static GSS_C_MA_PROT_READY: OidPtr = D_2B060105050D15.ptr();
/// `GSS_C_MA_REPLAY_DET`.
#[no_mangle]
pub static GSS_C_MA_REPLAY_DET: OidPtr = D_2B060105050D16.ptr();
/// `GSS_C_MA_WRAP`.
#[no_mangle]
pub static GSS_C_MA_WRAP: OidPtr = D_2B060105050D14.ptr();
/// `GSS_C_NT_ANONYMOUS`.
#[no_mangle]
pub static GSS_C_NT_ANONYMOUS: OidPtr = D_2B0601050603.ptr();
/// `GSS_C_NT_COMPOSITE_EXPORT`.
#[no_mangle]
pub static GSS_C_NT_COMPOSITE_EXPORT: OidPtr = D_2B0601050606.ptr();
/// `GSS_C_NT_EXPORT_NAME`.
#[no_mangle]
pub static GSS_C_NT_EXPORT_NAME: OidPtr = D_2B0601050604.ptr();
/// `GSS_C_NT_HOSTBASED_SERVICE`.
#[no_mangle]
pub static GSS_C_NT_HOSTBASED_SERVICE: OidPtr = D_2A864886F71201020104.ptr();
/// `GSS_C_NT_HOSTBASED_SERVICE_X`.
#[no_mangle]
pub static GSS_C_NT_HOSTBASED_SERVICE_X: OidPtr = D_2B0601050602.ptr();
/// `GSS_C_NT_MACHINE_UID_NAME`.
#[no_mangle]
pub static GSS_C_NT_MACHINE_UID_NAME: OidPtr = D_2A864886F71201020102.ptr();
/// `GSS_C_NT_STRING_UID_NAME`.
#[no_mangle]
pub static GSS_C_NT_STRING_UID_NAME: OidPtr = D_2A864886F71201020103.ptr();
/// `GSS_C_NT_USER_NAME`.
#[no_mangle]
pub static GSS_C_NT_USER_NAME: OidPtr = D_2A864886F71201020101.ptr();
/// `GSS_C_SEC_CONTEXT_SASL_SSF`.
#[no_mangle]
pub static GSS_C_SEC_CONTEXT_SASL_SSF: OidPtr = D_2A864886F712010202050F.ptr();
/// `GSS_KRB5_CRED_NO_CI_FLAGS_X`.
#[no_mangle]
pub static GSS_KRB5_CRED_NO_CI_FLAGS_X: OidPtr = D_2A85702B0D1D.ptr();
/// `GSS_KRB5_GET_CRED_IMPERSONATOR`.
#[no_mangle]
pub static GSS_KRB5_GET_CRED_IMPERSONATOR: OidPtr = D_2A864886F712010202050E.ptr();
/// `GSS_KRB5_NT_ENTERPRISE_NAME`.
#[no_mangle]
pub static GSS_KRB5_NT_ENTERPRISE_NAME: OidPtr = D_2A864886F71201020206.ptr();
/// `GSS_KRB5_NT_PRINCIPAL_NAME`.
#[no_mangle]
pub static GSS_KRB5_NT_PRINCIPAL_NAME: OidPtr = D_2A864886F71201020201.ptr();
/// `GSS_KRB5_NT_X509_CERT`.
#[no_mangle]
pub static GSS_KRB5_NT_X509_CERT: OidPtr = D_2A864886F71201020207.ptr();
/// `gss_mech_iakerb`.
#[no_mangle]
pub static gss_mech_iakerb: OidPtr = D_2B0601050205.ptr();
/// `gss_mech_krb5`.
#[no_mangle]
pub static gss_mech_krb5: OidPtr = D_2A864886F712010202.ptr();
/// `gss_mech_krb5_old`.
#[no_mangle]
pub static gss_mech_krb5_old: OidPtr = D_2B05010502.ptr();
/// `gss_mech_krb5_wrong`.
#[no_mangle]
pub static gss_mech_krb5_wrong: OidPtr = D_2A864882F712010202.ptr();
/// `gss_nt_exported_name`.
#[no_mangle]
pub static gss_nt_exported_name: OidPtr = D_2B0601050604.ptr();
/// `gss_nt_krb5_name`.
#[no_mangle]
pub static gss_nt_krb5_name: OidPtr = D_2A864886F71201020201.ptr();
/// `gss_nt_krb5_principal`.
#[no_mangle]
pub static gss_nt_krb5_principal: OidPtr = D_2A864886F71201020202.ptr();
/// `gss_nt_machine_uid_name`.
#[no_mangle]
pub static gss_nt_machine_uid_name: OidPtr = D_2A864886F71201020102.ptr();
/// `gss_nt_service_name`.
#[no_mangle]
pub static gss_nt_service_name: OidPtr = D_2A864886F71201020104.ptr();
/// `gss_nt_service_name_v2`.
#[no_mangle]
pub static gss_nt_service_name_v2: OidPtr = D_2B0601050602.ptr();
/// `gss_nt_string_uid_name`.
#[no_mangle]
pub static gss_nt_string_uid_name: OidPtr = D_2A864886F71201020103.ptr();
/// `gss_nt_user_name`.
#[no_mangle]
pub static gss_nt_user_name: OidPtr = D_2A864886F71201020101.ptr();
static ARR_GSS_MECH_SET_KRB5: [OidDesc; 1] =
    [OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02")];
static SET_GSS_MECH_SET_KRB5: OidSetDesc = OidSetDesc(gss_OID_set_desc {
    count: 1,
    elements: ARR_GSS_MECH_SET_KRB5.as_ptr() as *mut gss_OID_desc,
});
/// `gss_mech_set_krb5`.
#[no_mangle]
pub static gss_mech_set_krb5: OidSetPtr =
    OidSetPtr(&SET_GSS_MECH_SET_KRB5.0 as *const gss_OID_set_desc as *mut gss_OID_set_desc);
static ARR_GSS_MECH_SET_KRB5_BOTH: [OidDesc; 3] = [
    OidDesc::new(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"),
    OidDesc::new(b"\x2b\x05\x01\x05\x02"),
    OidDesc::new(b"\x2a\x86\x48\x82\xf7\x12\x01\x02\x02"),
];
static SET_GSS_MECH_SET_KRB5_BOTH: OidSetDesc = OidSetDesc(gss_OID_set_desc {
    count: 3,
    elements: ARR_GSS_MECH_SET_KRB5_BOTH.as_ptr() as *mut gss_OID_desc,
});
/// `gss_mech_set_krb5_both`.
#[no_mangle]
pub static gss_mech_set_krb5_both: OidSetPtr =
    OidSetPtr(&SET_GSS_MECH_SET_KRB5_BOTH.0 as *const gss_OID_set_desc as *mut gss_OID_set_desc);
static ARR_GSS_MECH_SET_KRB5_OLD: [OidDesc; 1] = [OidDesc::new(b"\x2b\x05\x01\x05\x02")];
static SET_GSS_MECH_SET_KRB5_OLD: OidSetDesc = OidSetDesc(gss_OID_set_desc {
    count: 1,
    elements: ARR_GSS_MECH_SET_KRB5_OLD.as_ptr() as *mut gss_OID_desc,
});
/// `gss_mech_set_krb5_old`.
#[no_mangle]
pub static gss_mech_set_krb5_old: OidSetPtr =
    OidSetPtr(&SET_GSS_MECH_SET_KRB5_OLD.0 as *const gss_OID_set_desc as *mut gss_OID_set_desc);

/// `krb5_gss_dbg_client_expcreds`: MIT's debugging switch (an int); kept
/// for link compatibility, never read.
#[no_mangle]
pub static krb5_gss_dbg_client_expcreds: AtomicI32 = AtomicI32::new(0);

/// The static descriptor with these DER contents, if we have one.
pub fn find_static(bytes: &[u8]) -> Option<&'static OidDesc> {
    STATIC_OIDS.iter().copied().find(|d| d.bytes() == bytes)
}

/// Whether `p` points at one of our static descriptors (not to be freed).
pub fn is_static(p: *const gss_OID_desc) -> bool {
    STATIC_OIDS.iter().any(|d| std::ptr::eq(&d.0, p))
}

impl OidDesc {
    /// The DER contents.
    pub fn bytes(&self) -> &'static [u8] {
        // SAFETY: every OidDesc is built by `new` from a `&'static [u8]`
        // of exactly `length` bytes.
        unsafe { std::slice::from_raw_parts(self.0.elements as *const u8, self.0.length as usize) }
    }
}
