//! SecurityFunctionTableA/W, laid out exactly as Microsoft's sspi.h
//! (SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5, NTDDI_VERSION >
//! NTDDI_WINBLUE): `dwVersion`, then 31 pointer slots, 256 bytes on x86-64.
//! Slot 28 is ChangeAccountPassword (the one sspi.h calls Reserved9 when
//! ISSP_MODE is 0), so QueryContextAttributesEx sits at offset 240 and
//! QueryCredentialsAttributesEx at 248. Reserved2 and Reserved8 are NULL;
//! Reserved3/Reserved4 carry EncryptMessage/DecryptMessage as Windows'
//! sspicli does.
#![allow(non_snake_case, non_camel_case_types)]

use std::ffi::c_void;

use super::attributes::*;
use super::context::*;
use super::credentials::*;
use super::messages::*;
use super::packages::*;
use super::types::*;
use super::unsupported::*;

type Status = SECURITY_STATUS;
type PCred = *mut CredHandle;
type PCtxt = *mut CtxtHandle;
type PDesc = *mut SecBufferDesc;
type PVoid = *mut c_void;

pub type ENUMERATE_SECURITY_PACKAGES_FN_W =
    Option<unsafe extern "C" fn(*mut ULONG, *mut *mut SecPkgInfoW) -> Status>;
pub type ENUMERATE_SECURITY_PACKAGES_FN_A =
    Option<unsafe extern "C" fn(*mut ULONG, *mut *mut SecPkgInfoA) -> Status>;
pub type QUERY_CREDENTIALS_ATTRIBUTES_FN =
    Option<unsafe extern "C" fn(PCred, ULONG, PVoid) -> Status>;
pub type ACQUIRE_CREDENTIALS_HANDLE_FN_W = Option<
    unsafe extern "C" fn(
        *const SEC_WCHAR,
        *const SEC_WCHAR,
        ULONG,
        PVoid,
        PVoid,
        SEC_GET_KEY_FN,
        PVoid,
        PCred,
        *mut TimeStamp,
    ) -> Status,
>;
pub type ACQUIRE_CREDENTIALS_HANDLE_FN_A = Option<
    unsafe extern "C" fn(
        *const SEC_CHAR,
        *const SEC_CHAR,
        ULONG,
        PVoid,
        PVoid,
        SEC_GET_KEY_FN,
        PVoid,
        PCred,
        *mut TimeStamp,
    ) -> Status,
>;
pub type FREE_CREDENTIALS_HANDLE_FN = Option<unsafe extern "C" fn(PCred) -> Status>;
pub type INITIALIZE_SECURITY_CONTEXT_FN_W = Option<
    unsafe extern "C" fn(
        PCred,
        PCtxt,
        *const SEC_WCHAR,
        ULONG,
        ULONG,
        ULONG,
        PDesc,
        ULONG,
        PCtxt,
        PDesc,
        *mut ULONG,
        *mut TimeStamp,
    ) -> Status,
>;
pub type INITIALIZE_SECURITY_CONTEXT_FN_A = Option<
    unsafe extern "C" fn(
        PCred,
        PCtxt,
        *const SEC_CHAR,
        ULONG,
        ULONG,
        ULONG,
        PDesc,
        ULONG,
        PCtxt,
        PDesc,
        *mut ULONG,
        *mut TimeStamp,
    ) -> Status,
>;
pub type ACCEPT_SECURITY_CONTEXT_FN = Option<
    unsafe extern "C" fn(
        PCred,
        PCtxt,
        PDesc,
        ULONG,
        ULONG,
        PCtxt,
        PDesc,
        *mut ULONG,
        *mut TimeStamp,
    ) -> Status,
>;
pub type COMPLETE_AUTH_TOKEN_FN = Option<unsafe extern "C" fn(PCtxt, PDesc) -> Status>;
pub type DELETE_SECURITY_CONTEXT_FN = Option<unsafe extern "C" fn(PCtxt) -> Status>;
pub type APPLY_CONTROL_TOKEN_FN = Option<unsafe extern "C" fn(PCtxt, PDesc) -> Status>;
pub type QUERY_CONTEXT_ATTRIBUTES_FN = Option<unsafe extern "C" fn(PCtxt, ULONG, PVoid) -> Status>;
pub type IMPERSONATE_SECURITY_CONTEXT_FN = Option<unsafe extern "C" fn(PCtxt) -> Status>;
pub type REVERT_SECURITY_CONTEXT_FN = Option<unsafe extern "C" fn(PCtxt) -> Status>;
pub type MAKE_SIGNATURE_FN = Option<unsafe extern "C" fn(PCtxt, ULONG, PDesc, ULONG) -> Status>;
pub type VERIFY_SIGNATURE_FN =
    Option<unsafe extern "C" fn(PCtxt, PDesc, ULONG, *mut ULONG) -> Status>;
pub type FREE_CONTEXT_BUFFER_FN = Option<unsafe extern "C" fn(PVoid) -> Status>;
pub type QUERY_SECURITY_PACKAGE_INFO_FN_W =
    Option<unsafe extern "C" fn(*const SEC_WCHAR, *mut *mut SecPkgInfoW) -> Status>;
pub type QUERY_SECURITY_PACKAGE_INFO_FN_A =
    Option<unsafe extern "C" fn(*const SEC_CHAR, *mut *mut SecPkgInfoA) -> Status>;
pub type ENCRYPT_MESSAGE_FN = Option<unsafe extern "C" fn(PCtxt, ULONG, PDesc, ULONG) -> Status>;
pub type DECRYPT_MESSAGE_FN =
    Option<unsafe extern "C" fn(PCtxt, PDesc, ULONG, *mut ULONG) -> Status>;
pub type EXPORT_SECURITY_CONTEXT_FN =
    Option<unsafe extern "C" fn(PCtxt, ULONG, *mut SecBuffer, *mut PVoid) -> Status>;
pub type IMPORT_SECURITY_CONTEXT_FN_W =
    Option<unsafe extern "C" fn(*mut SEC_WCHAR, *mut SecBuffer, PVoid, PCtxt) -> Status>;
pub type IMPORT_SECURITY_CONTEXT_FN_A =
    Option<unsafe extern "C" fn(*mut SEC_CHAR, *mut SecBuffer, PVoid, PCtxt) -> Status>;
pub type ADD_CREDENTIALS_FN_W = Option<
    unsafe extern "C" fn(
        PCred,
        *mut SEC_WCHAR,
        *mut SEC_WCHAR,
        ULONG,
        PVoid,
        SEC_GET_KEY_FN,
        PVoid,
        *mut TimeStamp,
    ) -> Status,
>;
pub type ADD_CREDENTIALS_FN_A = Option<
    unsafe extern "C" fn(
        PCred,
        *mut SEC_CHAR,
        *mut SEC_CHAR,
        ULONG,
        PVoid,
        SEC_GET_KEY_FN,
        PVoid,
        *mut TimeStamp,
    ) -> Status,
>;
pub type QUERY_SECURITY_CONTEXT_TOKEN_FN =
    Option<unsafe extern "C" fn(PCtxt, *mut PVoid) -> Status>;
pub type SET_CONTEXT_ATTRIBUTES_FN =
    Option<unsafe extern "C" fn(PCtxt, ULONG, PVoid, ULONG) -> Status>;
pub type SET_CREDENTIALS_ATTRIBUTES_FN =
    Option<unsafe extern "C" fn(PCred, ULONG, PVoid, ULONG) -> Status>;
pub type CHANGE_PASSWORD_FN_W = Option<
    unsafe extern "C" fn(
        *mut SEC_WCHAR,
        *mut SEC_WCHAR,
        *mut SEC_WCHAR,
        *mut SEC_WCHAR,
        *mut SEC_WCHAR,
        u8,
        ULONG,
        PDesc,
    ) -> Status,
>;
pub type CHANGE_PASSWORD_FN_A = Option<
    unsafe extern "C" fn(
        *mut SEC_CHAR,
        *mut SEC_CHAR,
        *mut SEC_CHAR,
        *mut SEC_CHAR,
        *mut SEC_CHAR,
        u8,
        ULONG,
        PDesc,
    ) -> Status,
>;
pub type QUERY_CONTEXT_ATTRIBUTES_EX_FN =
    Option<unsafe extern "C" fn(PCtxt, ULONG, PVoid, ULONG) -> Status>;
pub type QUERY_CREDENTIALS_ATTRIBUTES_EX_FN =
    Option<unsafe extern "C" fn(PCred, ULONG, PVoid, ULONG) -> Status>;

/// Microsoft's SecurityFunctionTableW.
#[repr(C)]
pub struct SecurityFunctionTableW {
    pub dwVersion: ULONG,
    pub EnumerateSecurityPackagesW: ENUMERATE_SECURITY_PACKAGES_FN_W,
    pub QueryCredentialsAttributesW: QUERY_CREDENTIALS_ATTRIBUTES_FN,
    pub AcquireCredentialsHandleW: ACQUIRE_CREDENTIALS_HANDLE_FN_W,
    pub FreeCredentialsHandle: FREE_CREDENTIALS_HANDLE_FN,
    pub Reserved2: *const c_void,
    pub InitializeSecurityContextW: INITIALIZE_SECURITY_CONTEXT_FN_W,
    pub AcceptSecurityContext: ACCEPT_SECURITY_CONTEXT_FN,
    pub CompleteAuthToken: COMPLETE_AUTH_TOKEN_FN,
    pub DeleteSecurityContext: DELETE_SECURITY_CONTEXT_FN,
    pub ApplyControlToken: APPLY_CONTROL_TOKEN_FN,
    pub QueryContextAttributesW: QUERY_CONTEXT_ATTRIBUTES_FN,
    pub ImpersonateSecurityContext: IMPERSONATE_SECURITY_CONTEXT_FN,
    pub RevertSecurityContext: REVERT_SECURITY_CONTEXT_FN,
    pub MakeSignature: MAKE_SIGNATURE_FN,
    pub VerifySignature: VERIFY_SIGNATURE_FN,
    pub FreeContextBuffer: FREE_CONTEXT_BUFFER_FN,
    pub QuerySecurityPackageInfoW: QUERY_SECURITY_PACKAGE_INFO_FN_W,
    pub Reserved3: ENCRYPT_MESSAGE_FN,
    pub Reserved4: DECRYPT_MESSAGE_FN,
    pub ExportSecurityContext: EXPORT_SECURITY_CONTEXT_FN,
    pub ImportSecurityContextW: IMPORT_SECURITY_CONTEXT_FN_W,
    pub AddCredentialsW: ADD_CREDENTIALS_FN_W,
    pub Reserved8: *const c_void,
    pub QuerySecurityContextToken: QUERY_SECURITY_CONTEXT_TOKEN_FN,
    pub EncryptMessage: ENCRYPT_MESSAGE_FN,
    pub DecryptMessage: DECRYPT_MESSAGE_FN,
    pub SetContextAttributesW: SET_CONTEXT_ATTRIBUTES_FN,
    pub SetCredentialsAttributesW: SET_CREDENTIALS_ATTRIBUTES_FN,
    pub ChangeAccountPasswordW: CHANGE_PASSWORD_FN_W,
    pub QueryContextAttributesExW: QUERY_CONTEXT_ATTRIBUTES_EX_FN,
    pub QueryCredentialsAttributesExW: QUERY_CREDENTIALS_ATTRIBUTES_EX_FN,
}

/// Microsoft's SecurityFunctionTableA.
#[repr(C)]
pub struct SecurityFunctionTableA {
    pub dwVersion: ULONG,
    pub EnumerateSecurityPackagesA: ENUMERATE_SECURITY_PACKAGES_FN_A,
    pub QueryCredentialsAttributesA: QUERY_CREDENTIALS_ATTRIBUTES_FN,
    pub AcquireCredentialsHandleA: ACQUIRE_CREDENTIALS_HANDLE_FN_A,
    pub FreeCredentialsHandle: FREE_CREDENTIALS_HANDLE_FN,
    pub Reserved2: *const c_void,
    pub InitializeSecurityContextA: INITIALIZE_SECURITY_CONTEXT_FN_A,
    pub AcceptSecurityContext: ACCEPT_SECURITY_CONTEXT_FN,
    pub CompleteAuthToken: COMPLETE_AUTH_TOKEN_FN,
    pub DeleteSecurityContext: DELETE_SECURITY_CONTEXT_FN,
    pub ApplyControlToken: APPLY_CONTROL_TOKEN_FN,
    pub QueryContextAttributesA: QUERY_CONTEXT_ATTRIBUTES_FN,
    pub ImpersonateSecurityContext: IMPERSONATE_SECURITY_CONTEXT_FN,
    pub RevertSecurityContext: REVERT_SECURITY_CONTEXT_FN,
    pub MakeSignature: MAKE_SIGNATURE_FN,
    pub VerifySignature: VERIFY_SIGNATURE_FN,
    pub FreeContextBuffer: FREE_CONTEXT_BUFFER_FN,
    pub QuerySecurityPackageInfoA: QUERY_SECURITY_PACKAGE_INFO_FN_A,
    pub Reserved3: ENCRYPT_MESSAGE_FN,
    pub Reserved4: DECRYPT_MESSAGE_FN,
    pub ExportSecurityContext: EXPORT_SECURITY_CONTEXT_FN,
    pub ImportSecurityContextA: IMPORT_SECURITY_CONTEXT_FN_A,
    pub AddCredentialsA: ADD_CREDENTIALS_FN_A,
    pub Reserved8: *const c_void,
    pub QuerySecurityContextToken: QUERY_SECURITY_CONTEXT_TOKEN_FN,
    pub EncryptMessage: ENCRYPT_MESSAGE_FN,
    pub DecryptMessage: DECRYPT_MESSAGE_FN,
    pub SetContextAttributesA: SET_CONTEXT_ATTRIBUTES_FN,
    pub SetCredentialsAttributesA: SET_CREDENTIALS_ATTRIBUTES_FN,
    pub ChangeAccountPasswordA: CHANGE_PASSWORD_FN_A,
    pub QueryContextAttributesExA: QUERY_CONTEXT_ATTRIBUTES_EX_FN,
    pub QueryCredentialsAttributesExA: QUERY_CREDENTIALS_ATTRIBUTES_EX_FN,
}

// SAFETY: the tables are immutable statics of function pointers and NULLs;
// sharing them between threads is sound.
unsafe impl Sync for SecurityFunctionTableW {}
// SAFETY: as above.
unsafe impl Sync for SecurityFunctionTableA {}

static TABLE_W: SecurityFunctionTableW = SecurityFunctionTableW {
    dwVersion: SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5,
    EnumerateSecurityPackagesW: Some(EnumerateSecurityPackagesW),
    QueryCredentialsAttributesW: Some(QueryCredentialsAttributesW),
    AcquireCredentialsHandleW: Some(AcquireCredentialsHandleW),
    FreeCredentialsHandle: Some(FreeCredentialsHandle),
    Reserved2: std::ptr::null(),
    InitializeSecurityContextW: Some(InitializeSecurityContextW),
    AcceptSecurityContext: Some(AcceptSecurityContext),
    CompleteAuthToken: Some(CompleteAuthToken),
    DeleteSecurityContext: Some(DeleteSecurityContext),
    ApplyControlToken: Some(ApplyControlToken),
    QueryContextAttributesW: Some(QueryContextAttributesW),
    ImpersonateSecurityContext: Some(ImpersonateSecurityContext),
    RevertSecurityContext: Some(RevertSecurityContext),
    MakeSignature: Some(MakeSignature),
    VerifySignature: Some(VerifySignature),
    FreeContextBuffer: Some(FreeContextBuffer),
    QuerySecurityPackageInfoW: Some(QuerySecurityPackageInfoW),
    Reserved3: Some(EncryptMessage),
    Reserved4: Some(DecryptMessage),
    ExportSecurityContext: Some(ExportSecurityContext),
    ImportSecurityContextW: Some(ImportSecurityContextW),
    AddCredentialsW: Some(AddCredentialsW),
    Reserved8: std::ptr::null(),
    QuerySecurityContextToken: Some(QuerySecurityContextToken),
    EncryptMessage: Some(EncryptMessage),
    DecryptMessage: Some(DecryptMessage),
    SetContextAttributesW: Some(SetContextAttributesW),
    SetCredentialsAttributesW: Some(SetCredentialsAttributesW),
    ChangeAccountPasswordW: Some(ChangeAccountPasswordW),
    QueryContextAttributesExW: Some(QueryContextAttributesExW),
    QueryCredentialsAttributesExW: Some(QueryCredentialsAttributesExW),
};

static TABLE_A: SecurityFunctionTableA = SecurityFunctionTableA {
    dwVersion: SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5,
    EnumerateSecurityPackagesA: Some(EnumerateSecurityPackagesA),
    QueryCredentialsAttributesA: Some(QueryCredentialsAttributesA),
    AcquireCredentialsHandleA: Some(AcquireCredentialsHandleA),
    FreeCredentialsHandle: Some(FreeCredentialsHandle),
    Reserved2: std::ptr::null(),
    InitializeSecurityContextA: Some(InitializeSecurityContextA),
    AcceptSecurityContext: Some(AcceptSecurityContext),
    CompleteAuthToken: Some(CompleteAuthToken),
    DeleteSecurityContext: Some(DeleteSecurityContext),
    ApplyControlToken: Some(ApplyControlToken),
    QueryContextAttributesA: Some(QueryContextAttributesA),
    ImpersonateSecurityContext: Some(ImpersonateSecurityContext),
    RevertSecurityContext: Some(RevertSecurityContext),
    MakeSignature: Some(MakeSignature),
    VerifySignature: Some(VerifySignature),
    FreeContextBuffer: Some(FreeContextBuffer),
    QuerySecurityPackageInfoA: Some(QuerySecurityPackageInfoA),
    Reserved3: Some(EncryptMessage),
    Reserved4: Some(DecryptMessage),
    ExportSecurityContext: Some(ExportSecurityContext),
    ImportSecurityContextA: Some(ImportSecurityContextA),
    AddCredentialsA: Some(AddCredentialsA),
    Reserved8: std::ptr::null(),
    QuerySecurityContextToken: Some(QuerySecurityContextToken),
    EncryptMessage: Some(EncryptMessage),
    DecryptMessage: Some(DecryptMessage),
    SetContextAttributesA: Some(SetContextAttributesA),
    SetCredentialsAttributesA: Some(SetCredentialsAttributesA),
    ChangeAccountPasswordA: Some(ChangeAccountPasswordA),
    QueryContextAttributesExA: Some(QueryContextAttributesExA),
    QueryCredentialsAttributesExA: Some(QueryCredentialsAttributesExA),
};

/// Returns the library's one static UTF-16 function table (the same
/// pointer on every call; never NULL; the caller must not write to or
/// free it). Thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-initsecurityinterfacew>
#[no_mangle]
pub extern "C" fn InitSecurityInterfaceW() -> *const SecurityFunctionTableW {
    &TABLE_W
}

/// Returns the library's one static ANSI function table (see
/// [`InitSecurityInterfaceW`]).
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-initsecurityinterfacea>
#[no_mangle]
pub extern "C" fn InitSecurityInterfaceA() -> *const SecurityFunctionTableA {
    &TABLE_A
}

const _: () = {
    assert!(std::mem::size_of::<SecurityFunctionTableW>() == 256);
    assert!(std::mem::size_of::<SecurityFunctionTableA>() == 256);
    assert!(std::mem::offset_of!(SecurityFunctionTableW, ChangeAccountPasswordW) == 232);
    assert!(std::mem::offset_of!(SecurityFunctionTableW, QueryContextAttributesExW) == 240);
    assert!(std::mem::offset_of!(SecurityFunctionTableA, QueryCredentialsAttributesExA) == 248);
};
