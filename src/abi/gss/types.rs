//! GSSAPI C types with MIT's layouts (`gssapi.h` of krb5 1.20, RFC 2744
//! section 3), status macros and flag values. Checked against our header
//! by `tests/gss_layout.rs`.
#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_void};

pub type OM_uint32 = u32;

/// `gss_buffer_desc`: a length and a pointer (RFC 2744 3.2).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_buffer_desc {
    pub length: usize,
    pub value: *mut c_void,
}
pub type gss_buffer_t = *mut gss_buffer_desc;

/// `gss_OID_desc`: DER contents of an object identifier.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_OID_desc {
    pub length: OM_uint32,
    pub elements: *mut c_void,
}
pub type gss_OID = *mut gss_OID_desc;

/// `gss_OID_set_desc`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_OID_set_desc {
    pub count: usize,
    pub elements: *mut gss_OID_desc,
}
pub type gss_OID_set = *mut gss_OID_set_desc;

/// `gss_buffer_set_desc` (gssapi_ext.h).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_buffer_set_desc {
    pub count: usize,
    pub elements: *mut gss_buffer_desc,
}
pub type gss_buffer_set_t = *mut gss_buffer_set_desc;

/// `struct gss_channel_bindings_struct` (RFC 2744 3.11).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_channel_bindings_struct {
    pub initiator_addrtype: OM_uint32,
    pub initiator_address: gss_buffer_desc,
    pub acceptor_addrtype: OM_uint32,
    pub acceptor_address: gss_buffer_desc,
    pub application_data: gss_buffer_desc,
}
pub type gss_channel_bindings_t = *mut gss_channel_bindings_struct;

/// `gss_iov_buffer_desc` (RFC 4121-era MIT extension, gssapi_ext.h).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_iov_buffer_desc {
    pub type_: OM_uint32,
    pub buffer: gss_buffer_desc,
}
pub type gss_iov_buffer_t = *mut gss_iov_buffer_desc;

/// `gss_key_value_element_desc` (credential store, gssapi_ext.h).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_key_value_element_desc {
    pub key: *const c_char,
    pub value: *const c_char,
}

/// `gss_key_value_set_desc`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gss_key_value_set_desc {
    pub count: OM_uint32,
    pub elements: *mut gss_key_value_element_desc,
}

/// Opaque handles: the C side sees pointers, we store a
/// `core::handles::Handle` value in them and never dereference.
pub type gss_name_t = *mut c_void;
pub type gss_cred_id_t = *mut c_void;
pub type gss_ctx_id_t = *mut c_void;
pub type gss_qop_t = OM_uint32;
pub type gss_cred_usage_t = i32;

// Flags (RFC 2744 3.9.1 and MIT extensions).
pub const GSS_C_DELEG_FLAG: OM_uint32 = 1;
pub const GSS_C_MUTUAL_FLAG: OM_uint32 = 2;
pub const GSS_C_REPLAY_FLAG: OM_uint32 = 4;
pub const GSS_C_SEQUENCE_FLAG: OM_uint32 = 8;
pub const GSS_C_CONF_FLAG: OM_uint32 = 16;
pub const GSS_C_INTEG_FLAG: OM_uint32 = 32;
pub const GSS_C_ANON_FLAG: OM_uint32 = 64;
pub const GSS_C_PROT_READY_FLAG: OM_uint32 = 128;
pub const GSS_C_TRANS_FLAG: OM_uint32 = 256;
pub const GSS_C_DELEG_POLICY_FLAG: OM_uint32 = 32768;
pub const GSS_C_DCE_STYLE: OM_uint32 = 4096;
pub const GSS_C_IDENTIFY_FLAG: OM_uint32 = 8192;
pub const GSS_C_EXTENDED_ERROR_FLAG: OM_uint32 = 16384;

pub const GSS_C_BOTH: gss_cred_usage_t = 0;
pub const GSS_C_INITIATE: gss_cred_usage_t = 1;
pub const GSS_C_ACCEPT: gss_cred_usage_t = 2;

pub const GSS_C_GSS_CODE: i32 = 1;
pub const GSS_C_MECH_CODE: i32 = 2;

pub const GSS_C_AF_UNSPEC: OM_uint32 = 0;
pub const GSS_C_QOP_DEFAULT: OM_uint32 = 0;
pub const GSS_C_INDEFINITE: OM_uint32 = 0xffff_ffff;

// Status codes (RFC 2744 3.9.1).
pub const GSS_C_CALLING_ERROR_OFFSET: u32 = 24;
pub const GSS_C_ROUTINE_ERROR_OFFSET: u32 = 16;
pub const GSS_C_SUPPLEMENTARY_OFFSET: u32 = 0;
pub const GSS_C_CALLING_ERROR_MASK: u32 = 0o377;
pub const GSS_C_ROUTINE_ERROR_MASK: u32 = 0o377;
pub const GSS_C_SUPPLEMENTARY_MASK: u32 = 0o177777;

pub const GSS_S_COMPLETE: OM_uint32 = 0;
pub const GSS_S_CALL_INACCESSIBLE_READ: OM_uint32 = 1 << 24;
pub const GSS_S_CALL_INACCESSIBLE_WRITE: OM_uint32 = 2 << 24;
pub const GSS_S_CALL_BAD_STRUCTURE: OM_uint32 = 3 << 24;

pub const GSS_S_BAD_MECH: OM_uint32 = 1 << 16;
pub const GSS_S_BAD_NAME: OM_uint32 = 2 << 16;
pub const GSS_S_BAD_NAMETYPE: OM_uint32 = 3 << 16;
pub const GSS_S_BAD_BINDINGS: OM_uint32 = 4 << 16;
pub const GSS_S_BAD_STATUS: OM_uint32 = 5 << 16;
pub const GSS_S_BAD_SIG: OM_uint32 = 6 << 16;
pub const GSS_S_BAD_MIC: OM_uint32 = GSS_S_BAD_SIG;
pub const GSS_S_NO_CRED: OM_uint32 = 7 << 16;
pub const GSS_S_NO_CONTEXT: OM_uint32 = 8 << 16;
pub const GSS_S_DEFECTIVE_TOKEN: OM_uint32 = 9 << 16;
pub const GSS_S_DEFECTIVE_CREDENTIAL: OM_uint32 = 10 << 16;
pub const GSS_S_CREDENTIALS_EXPIRED: OM_uint32 = 11 << 16;
pub const GSS_S_CONTEXT_EXPIRED: OM_uint32 = 12 << 16;
pub const GSS_S_FAILURE: OM_uint32 = 13 << 16;
pub const GSS_S_BAD_QOP: OM_uint32 = 14 << 16;
pub const GSS_S_UNAUTHORIZED: OM_uint32 = 15 << 16;
pub const GSS_S_UNAVAILABLE: OM_uint32 = 16 << 16;
pub const GSS_S_DUPLICATE_ELEMENT: OM_uint32 = 17 << 16;
pub const GSS_S_NAME_NOT_MN: OM_uint32 = 18 << 16;
pub const GSS_S_BAD_MECH_ATTR: OM_uint32 = 19 << 16;

pub const GSS_S_CONTINUE_NEEDED: OM_uint32 = 1;
pub const GSS_S_DUPLICATE_TOKEN: OM_uint32 = 2;
pub const GSS_S_OLD_TOKEN: OM_uint32 = 4;
pub const GSS_S_UNSEQ_TOKEN: OM_uint32 = 8;
pub const GSS_S_GAP_TOKEN: OM_uint32 = 16;

/// `GSS_ERROR(x)`: any calling or routine error bit set.
pub const fn gss_error(x: OM_uint32) -> bool {
    x & ((GSS_C_CALLING_ERROR_MASK << GSS_C_CALLING_ERROR_OFFSET)
        | (GSS_C_ROUTINE_ERROR_MASK << GSS_C_ROUTINE_ERROR_OFFSET))
        != 0
}

// IOV buffer types (gssapi_ext.h).
pub const GSS_IOV_BUFFER_TYPE_EMPTY: OM_uint32 = 0;
pub const GSS_IOV_BUFFER_TYPE_DATA: OM_uint32 = 1;
pub const GSS_IOV_BUFFER_TYPE_HEADER: OM_uint32 = 2;
pub const GSS_IOV_BUFFER_TYPE_MECH_PARAMS: OM_uint32 = 3;
pub const GSS_IOV_BUFFER_TYPE_TRAILER: OM_uint32 = 7;
pub const GSS_IOV_BUFFER_TYPE_PADDING: OM_uint32 = 9;
pub const GSS_IOV_BUFFER_TYPE_STREAM: OM_uint32 = 10;
pub const GSS_IOV_BUFFER_TYPE_SIGN_ONLY: OM_uint32 = 11;
pub const GSS_IOV_BUFFER_TYPE_MIC_TOKEN: OM_uint32 = 12;
pub const GSS_IOV_BUFFER_FLAG_MASK: OM_uint32 = 0xFFFF_0000;
pub const GSS_IOV_BUFFER_FLAG_ALLOCATE: OM_uint32 = 0x0001_0000;
pub const GSS_IOV_BUFFER_FLAG_ALLOCATED: OM_uint32 = 0x0002_0000;

pub const fn gss_iov_buffer_type(t: OM_uint32) -> OM_uint32 {
    t & !GSS_IOV_BUFFER_FLAG_MASK
}
