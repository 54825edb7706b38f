/*
 * sspi-shim: the Kerberos-specific GSSAPI declarations of MIT's
 * gssapi_krb5.h. Unlike MIT's, this header does not need <krb5.h>: the
 * krb5 types appear as the structs and integer types they stand for
 * (krb5_context = struct _krb5_context *, krb5_ccache = struct
 * _krb5_ccache *, krb5_keytab = struct _krb5_kt *, krb5_enctype,
 * krb5_timestamp and krb5_flags = int32_t), so it works with or without
 * MIT's krb5.h included first.
 */
#ifndef SSPI_SHIM_GSSAPI_KRB5_H_
#define SSPI_SHIM_GSSAPI_KRB5_H_
#define _GSSAPI_KRB5_H_ 1

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#ifdef __cplusplus
extern "C" {
#endif

struct _krb5_context;
struct _krb5_ccache;
struct _krb5_kt;

GSS_DLLIMP extern gss_OID GSS_KRB5_NT_PRINCIPAL_NAME;
GSS_DLLIMP extern gss_OID GSS_KRB5_NT_ENTERPRISE_NAME;
GSS_DLLIMP extern gss_OID GSS_KRB5_NT_X509_CERT;
GSS_DLLIMP extern gss_OID GSS_KRB5_CRED_NO_CI_FLAGS_X;
GSS_DLLIMP extern gss_OID GSS_KRB5_GET_CRED_IMPERSONATOR;

#define GSS_KRB5_NT_HOSTBASED_SERVICE_NAME GSS_C_NT_HOSTBASED_SERVICE
#define GSS_KRB5_NT_USER_NAME GSS_C_NT_USER_NAME
#define GSS_KRB5_NT_MACHINE_UID_NAME GSS_C_NT_MACHINE_UID_NAME
#define GSS_KRB5_NT_STRING_UID_NAME GSS_C_NT_STRING_UID_NAME

GSS_DLLIMP extern const gss_OID gss_mech_krb5;
GSS_DLLIMP extern const gss_OID gss_mech_krb5_old;
GSS_DLLIMP extern const gss_OID gss_mech_krb5_wrong;
GSS_DLLIMP extern const gss_OID gss_mech_iakerb;
GSS_DLLIMP extern const gss_OID_set gss_mech_set_krb5;
GSS_DLLIMP extern const gss_OID_set gss_mech_set_krb5_old;
GSS_DLLIMP extern const gss_OID_set gss_mech_set_krb5_both;

GSS_DLLIMP extern const gss_OID gss_nt_krb5_name;
GSS_DLLIMP extern const gss_OID gss_nt_krb5_principal;

/* Lucid context export (MIT). */
typedef struct gss_krb5_lucid_key {
    OM_uint32 type;
    OM_uint32 length;
    void *data;
} gss_krb5_lucid_key_t;

typedef struct gss_krb5_rfc1964_keydata {
    OM_uint32 sign_alg;
    OM_uint32 seal_alg;
    gss_krb5_lucid_key_t ctx_key;
} gss_krb5_rfc1964_keydata_t;

typedef struct gss_krb5_cfx_keydata {
    OM_uint32 have_acceptor_subkey;
    gss_krb5_lucid_key_t ctx_key;
    gss_krb5_lucid_key_t acceptor_subkey;
} gss_krb5_cfx_keydata_t;

typedef struct gss_krb5_lucid_context_v1 {
    OM_uint32 version;
    OM_uint32 initiate;
    OM_uint32 endtime;
    uint64_t send_seq;
    uint64_t recv_seq;
    OM_uint32 protocol;
    gss_krb5_rfc1964_keydata_t rfc1964_kd;
    gss_krb5_cfx_keydata_t cfx_kd;
} gss_krb5_lucid_context_v1_t;

typedef struct gss_krb5_lucid_context_version {
    OM_uint32 version;
} gss_krb5_lucid_context_version_t;

OM_uint32 KRB5_CALLCONV gss_krb5_get_tkt_flags(OM_uint32 *minor_status,
    gss_ctx_id_t context_handle, int32_t *ticket_flags);
OM_uint32 KRB5_CALLCONV gss_krb5_copy_ccache(OM_uint32 *minor_status,
    gss_cred_id_t cred_handle, struct _krb5_ccache *out_ccache);
OM_uint32 KRB5_CALLCONV gss_krb5_ccache_name(OM_uint32 *minor_status, const char *name,
    const char **out_name);
OM_uint32 KRB5_CALLCONV gss_krb5_set_allowable_enctypes(OM_uint32 *minor_status,
    gss_cred_id_t cred, OM_uint32 num_ktypes, int32_t *ktypes);
OM_uint32 KRB5_CALLCONV gss_krb5_export_lucid_sec_context(OM_uint32 *minor_status,
    gss_ctx_id_t *context_handle, OM_uint32 version, void **kctx);
OM_uint32 KRB5_CALLCONV gss_krb5_free_lucid_sec_context(OM_uint32 *minor_status,
    void *kctx);
OM_uint32 KRB5_CALLCONV gsskrb5_extract_authz_data_from_sec_context(OM_uint32 *minor_status,
    const gss_ctx_id_t context_handle, int ad_type, gss_buffer_t ad_data);
OM_uint32 KRB5_CALLCONV gss_krb5_set_cred_rcache(OM_uint32 *minor_status,
    gss_cred_id_t cred, void *rcache);
OM_uint32 KRB5_CALLCONV gsskrb5_extract_authtime_from_sec_context(OM_uint32 *minor_status,
    gss_ctx_id_t context_handle, int32_t *authtime);
OM_uint32 KRB5_CALLCONV gss_krb5_import_cred(OM_uint32 *minor_status,
    struct _krb5_ccache *id, void *keytab_principal, struct _krb5_kt *keytab,
    gss_cred_id_t *cred);

OM_uint32 KRB5_CALLCONV krb5_gss_register_acceptor_identity(const char *keytab);
OM_uint32 KRB5_CALLCONV krb5_gss_use_kdc_context(void);

#ifdef __cplusplus
}
#endif

#endif /* SSPI_SHIM_GSSAPI_KRB5_H_ */
