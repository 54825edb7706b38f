//! MIT exports we do not implement yet: each exists (so programs linked
//! against MIT load) and answers GSS_S_UNAVAILABLE with minor 0. Every
//! one listed here takes `OM_uint32 *minor_status` as its first argument;
//! further arguments are ignored (the SysV x86-64 and AArch64 calling
//! conventions let a callee ignore trailing arguments).
use super::ffi::put;
use super::types::*;
use crate::abi::boundary::guard;

macro_rules! unavailable {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("`", stringify!($name), "`: not implemented; GSS_S_UNAVAILABLE.")]
        #[no_mangle]
        pub extern "C" fn $name(minor: *mut OM_uint32) -> OM_uint32 {
            guard(stringify!($name), GSS_S_FAILURE, || {
                put(minor, 0);
                GSS_S_UNAVAILABLE
            })
        }
    )*};
}

unavailable!(
    gss_acquire_cred_impersonate_name,
    gss_add_cred_from,
    gss_add_cred_impersonate_name,
    gss_add_cred_with_password,
    gss_authorize_localname,
    gss_complete_auth_token,
    gss_delete_name_attribute,
    gss_display_name_ext,
    gss_export_cred,
    gss_export_name_composite,
    gss_export_sec_context,
    gss_get_name_attribute,
    gss_import_cred,
    gss_import_sec_context,
    gss_inquire_cred_by_oid,
    gss_krb5_copy_ccache,
    gss_krb5_export_lucid_sec_context,
    gss_krb5_free_lucid_sec_context,
    gss_krb5_get_tkt_flags,
    gss_krb5_import_cred,
    gss_krb5_set_allowable_enctypes,
    gss_krb5_set_cred_rcache,
    gss_map_name_to_any,
    gss_pname_to_uid,
    gss_release_any_name_mapping,
    gss_set_cred_option,
    gss_set_name_attribute,
    gss_set_sec_context_option,
    gss_store_cred,
    gss_store_cred_into,
    gss_unwrap_aead,
    gss_wrap_aead,
    gsskrb5_extract_authtime_from_sec_context,
    gsskrb5_extract_authz_data_from_sec_context,
    gssspi_mech_invoke,
    gssspi_set_cred_option,
);

/// `krb5_gss_use_kdc_context(void)`: a no-op kept for link compatibility.
#[no_mangle]
pub extern "C" fn krb5_gss_use_kdc_context() -> OM_uint32 {
    GSS_S_COMPLETE
}

/// `gss_krb5int_make_seal_token_v3`: an MIT-internal krb5 routine (first
/// argument a krb5_context); returns a nonzero krb5 error (ENOSYS).
#[no_mangle]
pub extern "C" fn gss_krb5int_make_seal_token_v3() -> i32 {
    libc::ENOSYS
}

/// `gss_krb5int_unseal_token_v3`: MIT-internal; returns GSS_S_UNAVAILABLE.
#[no_mangle]
pub extern "C" fn gss_krb5int_unseal_token_v3() -> OM_uint32 {
    GSS_S_UNAVAILABLE
}

/// `gssint_g_seqstate_init`: MIT-internal sequence-state helper; returns
/// ENOSYS (a nonzero `long`) and writes nothing.
#[no_mangle]
pub extern "C" fn gssint_g_seqstate_init() -> std::ffi::c_long {
    libc::ENOSYS as std::ffi::c_long
}

/// `gss_userok(name, user)`: MIT's int-returning authorization check; we
/// authorize nobody (0) until gss_localname mapping rules exist.
#[no_mangle]
pub extern "C" fn gss_userok(_name: gss_name_t, _user: *const std::ffi::c_char) -> std::ffi::c_int {
    0
}
