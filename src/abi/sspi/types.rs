//! SSPI's C types and constants with Windows' LLP64 sizes on Linux x86-64
//! (`LONG`/`ULONG` are 32-bit, pointers and `ULONG_PTR` 64-bit), and
//! Windows' own values for every status code and flag bit.
//!
//! Reference: Microsoft's `sspi.h` and `winerror.h`;
//! <https://learn.microsoft.com/en-us/windows/win32/api/sspi/>.
//! `include/sspi.h` declares the same items; `tests/layout.rs` checks that
//! both agree on every size and offset.
#![allow(non_snake_case, non_camel_case_types)]

use std::ffi::{c_char, c_void};

pub type WCHAR = u16;
pub type SEC_WCHAR = u16;
pub type SEC_CHAR = c_char;
pub type LONG = i32;
pub type ULONG = u32;
pub type ULONG_PTR = usize;
pub type SECURITY_STATUS = i32;
/// FILETIME: 100 ns intervals since 1601-01-01 (UTC).
pub type TimeStamp = i64;

/// CredHandle / CtxtHandle.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecHandle {
    pub dwLower: ULONG_PTR,
    pub dwUpper: ULONG_PTR,
}
pub type CredHandle = SecHandle;
pub type CtxtHandle = SecHandle;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecBuffer {
    pub cbBuffer: ULONG,
    pub BufferType: ULONG,
    pub pvBuffer: *mut c_void,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecBufferDesc {
    pub ulVersion: ULONG,
    pub cBuffers: ULONG,
    pub pBuffers: *mut SecBuffer,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgInfoW {
    pub fCapabilities: ULONG,
    pub wVersion: u16,
    pub wRPCID: u16,
    pub cbMaxToken: ULONG,
    pub Name: *mut SEC_WCHAR,
    pub Comment: *mut SEC_WCHAR,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgInfoA {
    pub fCapabilities: ULONG,
    pub wVersion: u16,
    pub wRPCID: u16,
    pub cbMaxToken: ULONG,
    pub Name: *mut SEC_CHAR,
    pub Comment: *mut SEC_CHAR,
}

/// SEC_WINNT_AUTH_IDENTITY_W. Lengths are in characters, without the NUL.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SEC_WINNT_AUTH_IDENTITY_W {
    pub User: *mut u16,
    pub UserLength: ULONG,
    pub Domain: *mut u16,
    pub DomainLength: ULONG,
    pub Password: *mut u16,
    pub PasswordLength: ULONG,
    pub Flags: ULONG,
}

/// SEC_WINNT_AUTH_IDENTITY_A. Lengths are in bytes, without the NUL.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SEC_WINNT_AUTH_IDENTITY_A {
    pub User: *mut u8,
    pub UserLength: ULONG,
    pub Domain: *mut u8,
    pub DomainLength: ULONG,
    pub Password: *mut u8,
    pub PasswordLength: ULONG,
    pub Flags: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SEC_WINNT_AUTH_IDENTITY_EXW {
    pub Version: ULONG,
    pub Length: ULONG,
    pub User: *mut u16,
    pub UserLength: ULONG,
    pub Domain: *mut u16,
    pub DomainLength: ULONG,
    pub Password: *mut u16,
    pub PasswordLength: ULONG,
    pub Flags: ULONG,
    pub PackageList: *mut u16,
    pub PackageListLength: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SEC_WINNT_AUTH_IDENTITY_EXA {
    pub Version: ULONG,
    pub Length: ULONG,
    pub User: *mut u8,
    pub UserLength: ULONG,
    pub Domain: *mut u8,
    pub DomainLength: ULONG,
    pub Password: *mut u8,
    pub PasswordLength: ULONG,
    pub Flags: ULONG,
    pub PackageList: *mut u8,
    pub PackageListLength: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct SecPkgContext_Sizes {
    pub cbMaxToken: ULONG,
    pub cbMaxSignature: ULONG,
    pub cbBlockSize: ULONG,
    pub cbSecurityTrailer: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct SecPkgContext_StreamSizes {
    pub cbHeader: ULONG,
    pub cbTrailer: ULONG,
    pub cbMaximumMessage: ULONG,
    pub cBuffers: ULONG,
    pub cbBlockSize: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_NamesW {
    pub sUserName: *mut SEC_WCHAR,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_NamesA {
    pub sUserName: *mut SEC_CHAR,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct SecPkgContext_Lifespan {
    pub tsStart: TimeStamp,
    pub tsExpiry: TimeStamp,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_SessionKey {
    pub SessionKeyLength: ULONG,
    pub SessionKey: *mut u8,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_PackageInfoW {
    pub PackageInfo: *mut SecPkgInfoW,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_PackageInfoA {
    pub PackageInfo: *mut SecPkgInfoA,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_NegotiationInfoW {
    pub PackageInfo: *mut SecPkgInfoW,
    pub NegotiationState: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_NegotiationInfoA {
    pub PackageInfo: *mut SecPkgInfoA,
    pub NegotiationState: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct SecPkgContext_Flags {
    pub Flags: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_NativeNamesW {
    pub sClientName: *mut SEC_WCHAR,
    pub sServerName: *mut SEC_WCHAR,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_NativeNamesA {
    pub sClientName: *mut SEC_CHAR,
    pub sServerName: *mut SEC_CHAR,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_KeyInfoW {
    pub sSignatureAlgorithmName: *mut SEC_WCHAR,
    pub sEncryptAlgorithmName: *mut SEC_WCHAR,
    pub KeySize: ULONG,
    pub SignatureAlgorithm: ULONG,
    pub EncryptAlgorithm: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgContext_KeyInfoA {
    pub sSignatureAlgorithmName: *mut SEC_CHAR,
    pub sEncryptAlgorithmName: *mut SEC_CHAR,
    pub KeySize: ULONG,
    pub SignatureAlgorithm: ULONG,
    pub EncryptAlgorithm: ULONG,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgCredentials_NamesW {
    pub sUserName: *mut SEC_WCHAR,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SecPkgCredentials_NamesA {
    pub sUserName: *mut SEC_CHAR,
}

/// SEC_CHANNEL_BINDINGS: a header followed by the data its offsets (from
/// the start of this struct) point at.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct SEC_CHANNEL_BINDINGS {
    pub dwInitiatorAddrType: ULONG,
    pub cbInitiatorLength: ULONG,
    pub dwInitiatorOffset: ULONG,
    pub dwAcceptorAddrType: ULONG,
    pub cbAcceptorLength: ULONG,
    pub dwAcceptorOffset: ULONG,
    pub cbApplicationDataLength: ULONG,
    pub dwApplicationDataOffset: ULONG,
}

/// SEC_GET_KEY_FN (accepted and ignored, as by Windows' NTLM and Kerberos).
pub type SEC_GET_KEY_FN = Option<
    unsafe extern "C" fn(
        Arg: *mut c_void,
        Principal: *mut c_void,
        KeyVer: ULONG,
        Key: *mut *mut c_void,
        Status: *mut SECURITY_STATUS,
    ),
>;

// ---- status codes (winerror.h) ----
pub const SEC_E_OK: SECURITY_STATUS = 0;
pub const SEC_I_CONTINUE_NEEDED: SECURITY_STATUS = 0x0009_0312;
pub const SEC_I_COMPLETE_NEEDED: SECURITY_STATUS = 0x0009_0313;
pub const SEC_I_COMPLETE_AND_CONTINUE: SECURITY_STATUS = 0x0009_0314;
pub const SEC_I_LOCAL_LOGON: SECURITY_STATUS = 0x0009_0315;
pub const SEC_I_CONTEXT_EXPIRED: SECURITY_STATUS = 0x0009_0317;
pub const SEC_I_INCOMPLETE_CREDENTIALS: SECURITY_STATUS = 0x0009_0320;
pub const SEC_I_RENEGOTIATE: SECURITY_STATUS = 0x0009_0321;
pub const SEC_I_NO_LSA_CONTEXT: SECURITY_STATUS = 0x0009_0323;

const fn e(v: u32) -> SECURITY_STATUS {
    v as i32
}
pub const SEC_E_INSUFFICIENT_MEMORY: SECURITY_STATUS = e(0x8009_0300);
pub const SEC_E_INVALID_HANDLE: SECURITY_STATUS = e(0x8009_0301);
pub const SEC_E_UNSUPPORTED_FUNCTION: SECURITY_STATUS = e(0x8009_0302);
pub const SEC_E_TARGET_UNKNOWN: SECURITY_STATUS = e(0x8009_0303);
pub const SEC_E_INTERNAL_ERROR: SECURITY_STATUS = e(0x8009_0304);
pub const SEC_E_SECPKG_NOT_FOUND: SECURITY_STATUS = e(0x8009_0305);
pub const SEC_E_NOT_OWNER: SECURITY_STATUS = e(0x8009_0306);
pub const SEC_E_CANNOT_INSTALL: SECURITY_STATUS = e(0x8009_0307);
pub const SEC_E_INVALID_TOKEN: SECURITY_STATUS = e(0x8009_0308);
pub const SEC_E_CANNOT_PACK: SECURITY_STATUS = e(0x8009_0309);
pub const SEC_E_QOP_NOT_SUPPORTED: SECURITY_STATUS = e(0x8009_030A);
pub const SEC_E_NO_IMPERSONATION: SECURITY_STATUS = e(0x8009_030B);
pub const SEC_E_LOGON_DENIED: SECURITY_STATUS = e(0x8009_030C);
pub const SEC_E_UNKNOWN_CREDENTIALS: SECURITY_STATUS = e(0x8009_030D);
pub const SEC_E_NO_CREDENTIALS: SECURITY_STATUS = e(0x8009_030E);
pub const SEC_E_MESSAGE_ALTERED: SECURITY_STATUS = e(0x8009_030F);
pub const SEC_E_OUT_OF_SEQUENCE: SECURITY_STATUS = e(0x8009_0310);
pub const SEC_E_NO_AUTHENTICATING_AUTHORITY: SECURITY_STATUS = e(0x8009_0311);
pub const SEC_E_BAD_PKGID: SECURITY_STATUS = e(0x8009_0316);
pub const SEC_E_CONTEXT_EXPIRED: SECURITY_STATUS = e(0x8009_0317);
pub const SEC_E_INCOMPLETE_MESSAGE: SECURITY_STATUS = e(0x8009_0318);
pub const SEC_E_INCOMPLETE_CREDENTIALS: SECURITY_STATUS = e(0x8009_0320);
pub const SEC_E_BUFFER_TOO_SMALL: SECURITY_STATUS = e(0x8009_0321);
pub const SEC_E_WRONG_PRINCIPAL: SECURITY_STATUS = e(0x8009_0322);
pub const SEC_E_TIME_SKEW: SECURITY_STATUS = e(0x8009_0324);
pub const SEC_E_ILLEGAL_MESSAGE: SECURITY_STATUS = e(0x8009_0326);
pub const SEC_E_ENCRYPT_FAILURE: SECURITY_STATUS = e(0x8009_0329);
pub const SEC_E_DECRYPT_FAILURE: SECURITY_STATUS = e(0x8009_0330);
pub const SEC_E_ALGORITHM_MISMATCH: SECURITY_STATUS = e(0x8009_0331);
pub const SEC_E_KDC_UNKNOWN_ETYPE: SECURITY_STATUS = e(0x8009_0341);
pub const SEC_E_BAD_BINDINGS: SECURITY_STATUS = e(0x8009_0346);
pub const SEC_E_DOWNGRADE_DETECTED: SECURITY_STATUS = e(0x8009_0350);
pub const SEC_E_WRONG_CREDENTIAL_HANDLE: SECURITY_STATUS = e(0x8009_0357);
pub const SEC_E_INVALID_PARAMETER: SECURITY_STATUS = e(0x8009_035D);

// ---- function table versions ----
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION: ULONG = 1;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_2: ULONG = 2;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_3: ULONG = 3;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_4: ULONG = 4;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5: ULONG = 5;

// ---- credential use ----
pub const SECPKG_CRED_INBOUND: ULONG = 0x1;
pub const SECPKG_CRED_OUTBOUND: ULONG = 0x2;
pub const SECPKG_CRED_BOTH: ULONG = 0x3;
pub const SECPKG_CRED_DEFAULT: ULONG = 0x4;
pub const SECPKG_CRED_AUTOLOGON_RESTRICTED: ULONG = 0x10;
pub const SECPKG_CRED_PROCESS_POLICY_ONLY: ULONG = 0x20;
pub const SECPKG_CRED_ATTR_NAMES: ULONG = 1;

// ---- auth identity ----
pub const SEC_WINNT_AUTH_IDENTITY_ANSI: ULONG = 0x1;
pub const SEC_WINNT_AUTH_IDENTITY_UNICODE: ULONG = 0x2;
pub const SEC_WINNT_AUTH_IDENTITY_VERSION: ULONG = 0x200;
pub const SEC_WINNT_AUTH_IDENTITY_VERSION_2: ULONG = 0x201;

// ---- data representation ----
pub const SECURITY_NATIVE_DREP: ULONG = 0x10;
pub const SECURITY_NETWORK_DREP: ULONG = 0x0;

// ---- quality of protection ----
pub const SECQOP_WRAP_NO_ENCRYPT: ULONG = 0x8000_0001;
pub const SECQOP_WRAP_OOB_DATA: ULONG = 0x4000_0000;

// ---- buffers ----
pub const SECBUFFER_VERSION: ULONG = 0;
pub const SECBUFFER_EMPTY: ULONG = 0;
pub const SECBUFFER_DATA: ULONG = 1;
pub const SECBUFFER_TOKEN: ULONG = 2;
pub const SECBUFFER_PKG_PARAMS: ULONG = 3;
pub const SECBUFFER_MISSING: ULONG = 4;
pub const SECBUFFER_EXTRA: ULONG = 5;
pub const SECBUFFER_STREAM_TRAILER: ULONG = 6;
pub const SECBUFFER_STREAM_HEADER: ULONG = 7;
pub const SECBUFFER_NEGOTIATION_INFO: ULONG = 8;
pub const SECBUFFER_PADDING: ULONG = 9;
pub const SECBUFFER_STREAM: ULONG = 10;
pub const SECBUFFER_MECHLIST: ULONG = 11;
pub const SECBUFFER_MECHLIST_SIGNATURE: ULONG = 12;
pub const SECBUFFER_TARGET: ULONG = 13;
pub const SECBUFFER_CHANNEL_BINDINGS: ULONG = 14;
pub const SECBUFFER_CHANGE_PASS_RESPONSE: ULONG = 15;
pub const SECBUFFER_TARGET_HOST: ULONG = 16;
pub const SECBUFFER_ALERT: ULONG = 17;
pub const SECBUFFER_APPLICATION_PROTOCOLS: ULONG = 18;
pub const SECBUFFER_ATTRMASK: ULONG = 0xF000_0000;
pub const SECBUFFER_READONLY: ULONG = 0x8000_0000;
pub const SECBUFFER_READONLY_WITH_CHECKSUM: ULONG = 0x1000_0000;
pub const SECBUFFER_RESERVED: ULONG = 0x6000_0000;

// ---- package capabilities (SecPkgInfo.fCapabilities) ----
pub const SECPKG_FLAG_INTEGRITY: ULONG = 0x0000_0001;
pub const SECPKG_FLAG_PRIVACY: ULONG = 0x0000_0002;
pub const SECPKG_FLAG_TOKEN_ONLY: ULONG = 0x0000_0004;
pub const SECPKG_FLAG_DATAGRAM: ULONG = 0x0000_0008;
pub const SECPKG_FLAG_CONNECTION: ULONG = 0x0000_0010;
pub const SECPKG_FLAG_MULTI_REQUIRED: ULONG = 0x0000_0020;
pub const SECPKG_FLAG_CLIENT_ONLY: ULONG = 0x0000_0040;
pub const SECPKG_FLAG_EXTENDED_ERROR: ULONG = 0x0000_0080;
pub const SECPKG_FLAG_IMPERSONATION: ULONG = 0x0000_0100;
pub const SECPKG_FLAG_ACCEPT_WIN32_NAME: ULONG = 0x0000_0200;
pub const SECPKG_FLAG_STREAM: ULONG = 0x0000_0400;
pub const SECPKG_FLAG_NEGOTIABLE: ULONG = 0x0000_0800;
pub const SECPKG_FLAG_GSS_COMPATIBLE: ULONG = 0x0000_1000;
pub const SECPKG_FLAG_LOGON: ULONG = 0x0000_2000;
pub const SECPKG_FLAG_ASCII_BUFFERS: ULONG = 0x0000_4000;
pub const SECPKG_FLAG_FRAGMENT: ULONG = 0x0000_8000;
pub const SECPKG_FLAG_MUTUAL_AUTH: ULONG = 0x0001_0000;
pub const SECPKG_FLAG_DELEGATION: ULONG = 0x0002_0000;
pub const SECPKG_FLAG_READONLY_WITH_CHECKSUM: ULONG = 0x0004_0000;
pub const SECPKG_FLAG_RESTRICTED_TOKENS: ULONG = 0x0008_0000;
pub const SECPKG_FLAG_NEGO_EXTENDER: ULONG = 0x0010_0000;
pub const SECPKG_FLAG_NEGOTIABLE2: ULONG = 0x0020_0000;
pub const SECPKG_FLAG_APPCONTAINER_PASSTHROUGH: ULONG = 0x0040_0000;
pub const SECPKG_FLAG_APPCONTAINER_CHECKS: ULONG = 0x0080_0000;

// ---- context attributes (QueryContextAttributes ulAttribute) ----
pub const SECPKG_ATTR_SIZES: ULONG = 0;
pub const SECPKG_ATTR_NAMES: ULONG = 1;
pub const SECPKG_ATTR_LIFESPAN: ULONG = 2;
pub const SECPKG_ATTR_DCE_INFO: ULONG = 3;
pub const SECPKG_ATTR_STREAM_SIZES: ULONG = 4;
pub const SECPKG_ATTR_KEY_INFO: ULONG = 5;
pub const SECPKG_ATTR_AUTHORITY: ULONG = 6;
pub const SECPKG_ATTR_PROTO_INFO: ULONG = 7;
pub const SECPKG_ATTR_PASSWORD_EXPIRY: ULONG = 8;
pub const SECPKG_ATTR_SESSION_KEY: ULONG = 9;
pub const SECPKG_ATTR_PACKAGE_INFO: ULONG = 10;
pub const SECPKG_ATTR_USER_FLAGS: ULONG = 11;
pub const SECPKG_ATTR_NEGOTIATION_INFO: ULONG = 12;
pub const SECPKG_ATTR_NATIVE_NAMES: ULONG = 13;
pub const SECPKG_ATTR_FLAGS: ULONG = 14;
pub const SECPKG_ATTR_USE_VALIDATED: ULONG = 15;
pub const SECPKG_ATTR_CREDENTIAL_NAME: ULONG = 16;
pub const SECPKG_ATTR_TARGET_INFORMATION: ULONG = 17;
pub const SECPKG_ATTR_ACCESS_TOKEN: ULONG = 18;
pub const SECPKG_ATTR_TARGET: ULONG = 19;
pub const SECPKG_ATTR_AUTHENTICATION_ID: ULONG = 20;
pub const SECPKG_ATTR_LOGOFF_TIME: ULONG = 21;
pub const SECPKG_ATTR_NEGO_KEYS: ULONG = 22;
pub const SECPKG_ATTR_PROMPTING_NEEDED: ULONG = 24;
pub const SECPKG_ATTR_UNIQUE_BINDINGS: ULONG = 25;
pub const SECPKG_ATTR_ENDPOINT_BINDINGS: ULONG = 26;
pub const SECPKG_ATTR_CLIENT_SPECIFIED_TARGET: ULONG = 27;
pub const SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS: ULONG = 30;
pub const SECPKG_ATTR_NEGO_PKG_INFO: ULONG = 31;
pub const SECPKG_ATTR_NEGO_STATUS: ULONG = 32;
pub const SECPKG_ATTR_CONTEXT_DELETED: ULONG = 33;

// ---- negotiation state (SecPkgContext_NegotiationInfo) ----
pub const SECPKG_NEGOTIATION_COMPLETE: ULONG = 0;
pub const SECPKG_NEGOTIATION_OPTIMISTIC: ULONG = 1;
pub const SECPKG_NEGOTIATION_IN_PROGRESS: ULONG = 2;
pub const SECPKG_NEGOTIATION_DIRECT: ULONG = 3;
pub const SECPKG_NEGOTIATION_TRY_MULTICRED: ULONG = 4;

// ---- InitializeSecurityContext requests ----
pub const ISC_REQ_DELEGATE: ULONG = 0x0000_0001;
pub const ISC_REQ_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ISC_REQ_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ISC_REQ_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ISC_REQ_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ISC_REQ_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ISC_REQ_PROMPT_FOR_CREDS: ULONG = 0x0000_0040;
pub const ISC_REQ_USE_SUPPLIED_CREDS: ULONG = 0x0000_0080;
pub const ISC_REQ_ALLOCATE_MEMORY: ULONG = 0x0000_0100;
pub const ISC_REQ_USE_DCE_STYLE: ULONG = 0x0000_0200;
pub const ISC_REQ_DATAGRAM: ULONG = 0x0000_0400;
pub const ISC_REQ_CONNECTION: ULONG = 0x0000_0800;
pub const ISC_REQ_CALL_LEVEL: ULONG = 0x0000_1000;
pub const ISC_REQ_FRAGMENT_SUPPLIED: ULONG = 0x0000_2000;
pub const ISC_REQ_EXTENDED_ERROR: ULONG = 0x0000_4000;
pub const ISC_REQ_STREAM: ULONG = 0x0000_8000;
pub const ISC_REQ_INTEGRITY: ULONG = 0x0001_0000;
pub const ISC_REQ_IDENTIFY: ULONG = 0x0002_0000;
pub const ISC_REQ_NULL_SESSION: ULONG = 0x0004_0000;
pub const ISC_REQ_MANUAL_CRED_VALIDATION: ULONG = 0x0008_0000;
pub const ISC_REQ_RESERVED1: ULONG = 0x0010_0000;
pub const ISC_REQ_FRAGMENT_TO_FIT: ULONG = 0x0020_0000;
pub const ISC_REQ_FORWARD_CREDENTIALS: ULONG = 0x0040_0000;
pub const ISC_REQ_NO_INTEGRITY: ULONG = 0x0080_0000;
pub const ISC_REQ_USE_HTTP_STYLE: ULONG = 0x0100_0000;
pub const ISC_REQ_UNVERIFIED_TARGET_NAME: ULONG = 0x2000_0000;
pub const ISC_REQ_CONFIDENTIALITY_ONLY: ULONG = 0x4000_0000;

// ---- InitializeSecurityContext results ----
pub const ISC_RET_DELEGATE: ULONG = 0x0000_0001;
pub const ISC_RET_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ISC_RET_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ISC_RET_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ISC_RET_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ISC_RET_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ISC_RET_USED_COLLECTED_CREDS: ULONG = 0x0000_0040;
pub const ISC_RET_USED_SUPPLIED_CREDS: ULONG = 0x0000_0080;
pub const ISC_RET_ALLOCATED_MEMORY: ULONG = 0x0000_0100;
pub const ISC_RET_USED_DCE_STYLE: ULONG = 0x0000_0200;
pub const ISC_RET_DATAGRAM: ULONG = 0x0000_0400;
pub const ISC_RET_CONNECTION: ULONG = 0x0000_0800;
pub const ISC_RET_INTERMEDIATE_RETURN: ULONG = 0x0000_1000;
pub const ISC_RET_CALL_LEVEL: ULONG = 0x0000_2000;
pub const ISC_RET_EXTENDED_ERROR: ULONG = 0x0000_4000;
pub const ISC_RET_STREAM: ULONG = 0x0000_8000;
pub const ISC_RET_INTEGRITY: ULONG = 0x0001_0000;
pub const ISC_RET_IDENTIFY: ULONG = 0x0002_0000;
pub const ISC_RET_NULL_SESSION: ULONG = 0x0004_0000;
pub const ISC_RET_MANUAL_CRED_VALIDATION: ULONG = 0x0008_0000;
pub const ISC_RET_RESERVED1: ULONG = 0x0010_0000;
pub const ISC_RET_FRAGMENT_ONLY: ULONG = 0x0020_0000;
pub const ISC_RET_FORWARD_CREDENTIALS: ULONG = 0x0040_0000;
pub const ISC_RET_USED_HTTP_STYLE: ULONG = 0x0100_0000;
pub const ISC_RET_NO_ADDITIONAL_TOKEN: ULONG = 0x0200_0000;
pub const ISC_RET_REAUTHENTICATION: ULONG = 0x0800_0000;
pub const ISC_RET_CONFIDENTIALITY_ONLY: ULONG = 0x4000_0000;

// ---- AcceptSecurityContext requests ----
pub const ASC_REQ_DELEGATE: ULONG = 0x0000_0001;
pub const ASC_REQ_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ASC_REQ_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ASC_REQ_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ASC_REQ_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ASC_REQ_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ASC_REQ_SESSION_TICKET: ULONG = 0x0000_0040;
pub const ASC_REQ_ALLOCATE_MEMORY: ULONG = 0x0000_0100;
pub const ASC_REQ_USE_DCE_STYLE: ULONG = 0x0000_0200;
pub const ASC_REQ_DATAGRAM: ULONG = 0x0000_0400;
pub const ASC_REQ_CONNECTION: ULONG = 0x0000_0800;
pub const ASC_REQ_CALL_LEVEL: ULONG = 0x0000_1000;
pub const ASC_REQ_FRAGMENT_SUPPLIED: ULONG = 0x0000_2000;
pub const ASC_REQ_EXTENDED_ERROR: ULONG = 0x0000_8000;
pub const ASC_REQ_STREAM: ULONG = 0x0001_0000;
pub const ASC_REQ_INTEGRITY: ULONG = 0x0002_0000;
pub const ASC_REQ_LICENSING: ULONG = 0x0004_0000;
pub const ASC_REQ_IDENTIFY: ULONG = 0x0008_0000;
pub const ASC_REQ_ALLOW_NULL_SESSION: ULONG = 0x0010_0000;
pub const ASC_REQ_ALLOW_NON_USER_LOGONS: ULONG = 0x0020_0000;
pub const ASC_REQ_ALLOW_CONTEXT_REPLAY: ULONG = 0x0040_0000;
pub const ASC_REQ_FRAGMENT_TO_FIT: ULONG = 0x0080_0000;
pub const ASC_REQ_NO_TOKEN: ULONG = 0x0100_0000;
pub const ASC_REQ_PROXY_BINDINGS: ULONG = 0x0400_0000;
pub const ASC_REQ_ALLOW_MISSING_BINDINGS: ULONG = 0x1000_0000;

// ---- AcceptSecurityContext results ----
pub const ASC_RET_DELEGATE: ULONG = 0x0000_0001;
pub const ASC_RET_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ASC_RET_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ASC_RET_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ASC_RET_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ASC_RET_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ASC_RET_SESSION_TICKET: ULONG = 0x0000_0040;
pub const ASC_RET_ALLOCATED_MEMORY: ULONG = 0x0000_0100;
pub const ASC_RET_USED_DCE_STYLE: ULONG = 0x0000_0200;
pub const ASC_RET_DATAGRAM: ULONG = 0x0000_0400;
pub const ASC_RET_CONNECTION: ULONG = 0x0000_0800;
pub const ASC_RET_CALL_LEVEL: ULONG = 0x0000_2000;
pub const ASC_RET_THIRD_LEG_FAILED: ULONG = 0x0000_4000;
pub const ASC_RET_EXTENDED_ERROR: ULONG = 0x0000_8000;
pub const ASC_RET_STREAM: ULONG = 0x0001_0000;
pub const ASC_RET_INTEGRITY: ULONG = 0x0002_0000;
pub const ASC_RET_LICENSING: ULONG = 0x0004_0000;
pub const ASC_RET_IDENTIFY: ULONG = 0x0008_0000;
pub const ASC_RET_NULL_SESSION: ULONG = 0x0010_0000;
pub const ASC_RET_ALLOW_NON_USER_LOGONS: ULONG = 0x0020_0000;
pub const ASC_RET_ALLOW_CONTEXT_REPLAY: ULONG = 0x0040_0000;
pub const ASC_RET_FRAGMENT_ONLY: ULONG = 0x0080_0000;
pub const ASC_RET_NO_TOKEN: ULONG = 0x0100_0000;
pub const ASC_RET_NO_ADDITIONAL_TOKEN: ULONG = 0x0200_0000;
