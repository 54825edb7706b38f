/*
 * sspi-shim: the GSSAPI extensions MIT krb5 1.20 declares in
 * gssapi_ext.h (credential store, iov, buffer sets, naming extensions,
 * S4U, AEAD, token framing), with MIT's layouts and values.
 */
#ifndef SSPI_SHIM_GSSAPI_EXT_H_
#define SSPI_SHIM_GSSAPI_EXT_H_
#define GSSAPI_EXT_H_ 1

#include <gssapi/gssapi.h>

#ifdef __cplusplus
extern "C" {
#endif

OM_uint32 KRB5_CALLCONV gss_pname_to_uid(OM_uint32 *minor, const gss_name_t name,
    const gss_OID mech_type, uid_t *uidOut);
OM_uint32 KRB5_CALLCONV gss_localname(OM_uint32 *minor, const gss_name_t name,
    gss_const_OID mech_type, gss_buffer_t localname);
int KRB5_CALLCONV gss_userok(const gss_name_t name, const char *username);
OM_uint32 KRB5_CALLCONV gss_authorize_localname(OM_uint32 *minor, const gss_name_t name,
    const gss_name_t user);

OM_uint32 KRB5_CALLCONV gss_acquire_cred_with_password(OM_uint32 *minor_status,
    const gss_name_t desired_name, const gss_buffer_t password, OM_uint32 time_req,
    const gss_OID_set desired_mechs, gss_cred_usage_t cred_usage,
    gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs, OM_uint32 *time_rec);
OM_uint32 KRB5_CALLCONV gss_add_cred_with_password(OM_uint32 *minor_status,
    const gss_cred_id_t input_cred_handle, const gss_name_t desired_name,
    const gss_OID desired_mech, const gss_buffer_t password, gss_cred_usage_t cred_usage,
    OM_uint32 initiator_time_req, OM_uint32 acceptor_time_req,
    gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs,
    OM_uint32 *initiator_time_rec, OM_uint32 *acceptor_time_rec);

/* Buffer sets. */
typedef struct gss_buffer_set_desc_struct {
    size_t count;
    gss_buffer_desc *elements;
} gss_buffer_set_desc, *gss_buffer_set_t;

#define GSS_C_NO_BUFFER_SET ((gss_buffer_set_t) 0)

OM_uint32 KRB5_CALLCONV gss_create_empty_buffer_set(OM_uint32 *minor_status,
    gss_buffer_set_t *buffer_set);
OM_uint32 KRB5_CALLCONV gss_add_buffer_set_member(OM_uint32 *minor_status,
    const gss_buffer_t member_buffer, gss_buffer_set_t *buffer_set);
OM_uint32 KRB5_CALLCONV gss_release_buffer_set(OM_uint32 *minor_status,
    gss_buffer_set_t *buffer_set);

OM_uint32 KRB5_CALLCONV gss_inquire_sec_context_by_oid(OM_uint32 *minor_status,
    const gss_ctx_id_t context_handle, const gss_OID desired_object,
    gss_buffer_set_t *data_set);
OM_uint32 KRB5_CALLCONV gss_inquire_cred_by_oid(OM_uint32 *minor_status,
    const gss_cred_id_t cred_handle, const gss_OID desired_object,
    gss_buffer_set_t *data_set);
OM_uint32 KRB5_CALLCONV gss_set_sec_context_option(OM_uint32 *minor_status,
    gss_ctx_id_t *context_handle, const gss_OID desired_object, const gss_buffer_t value);
OM_uint32 KRB5_CALLCONV gss_set_cred_option(OM_uint32 *minor_status,
    gss_cred_id_t *cred_handle, const gss_OID desired_object, const gss_buffer_t value);
OM_uint32 KRB5_CALLCONV gssspi_set_cred_option(OM_uint32 *minor_status,
    gss_cred_id_t *cred_handle, const gss_OID desired_object, const gss_buffer_t value);
OM_uint32 KRB5_CALLCONV gssspi_mech_invoke(OM_uint32 *minor_status, const gss_OID desired_mech,
    const gss_OID desired_object, gss_buffer_t value);

/* AEAD. */
OM_uint32 KRB5_CALLCONV gss_wrap_aead(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
    int conf_req_flag, gss_qop_t qop_req, gss_buffer_t input_assoc_buffer,
    gss_buffer_t input_payload_buffer, int *conf_state,
    gss_buffer_t output_message_buffer);
OM_uint32 KRB5_CALLCONV gss_unwrap_aead(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
    gss_buffer_t input_message_buffer, gss_buffer_t input_assoc_buffer,
    gss_buffer_t output_payload_buffer, int *conf_state, gss_qop_t *qop_state);

/* IOV. */
typedef struct gss_iov_buffer_desc_struct {
    OM_uint32 type;
    gss_buffer_desc buffer;
} gss_iov_buffer_desc, *gss_iov_buffer_t;

#define GSS_C_NO_IOV_BUFFER ((gss_iov_buffer_t) 0)

#define GSS_IOV_BUFFER_TYPE_EMPTY 0
#define GSS_IOV_BUFFER_TYPE_DATA 1
#define GSS_IOV_BUFFER_TYPE_HEADER 2
#define GSS_IOV_BUFFER_TYPE_MECH_PARAMS 3
#define GSS_IOV_BUFFER_TYPE_TRAILER 7
#define GSS_IOV_BUFFER_TYPE_PADDING 9
#define GSS_IOV_BUFFER_TYPE_STREAM 10
#define GSS_IOV_BUFFER_TYPE_SIGN_ONLY 11
#define GSS_IOV_BUFFER_TYPE_MIC_TOKEN 12

#define GSS_IOV_BUFFER_FLAG_MASK 0xFFFF0000
#define GSS_IOV_BUFFER_FLAG_ALLOCATE 0x00010000
#define GSS_IOV_BUFFER_FLAG_ALLOCATED 0x00020000
#define GSS_IOV_BUFFER_TYPE_FLAG_ALLOCATE 0x00010000
#define GSS_IOV_BUFFER_TYPE_FLAG_ALLOCATED 0x00020000

#define GSS_IOV_BUFFER_TYPE(_type) ((_type) & ~(GSS_IOV_BUFFER_FLAG_MASK))
#define GSS_IOV_BUFFER_FLAGS(_type) ((_type) & GSS_IOV_BUFFER_FLAG_MASK)

OM_uint32 KRB5_CALLCONV gss_wrap_iov(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
    int conf_req_flag, gss_qop_t qop_req, int *conf_state, gss_iov_buffer_desc *iov,
    int iov_count);
OM_uint32 KRB5_CALLCONV gss_unwrap_iov(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
    int *conf_state, gss_qop_t *qop_state, gss_iov_buffer_desc *iov, int iov_count);
OM_uint32 KRB5_CALLCONV gss_wrap_iov_length(OM_uint32 *minor_status,
    gss_ctx_id_t context_handle, int conf_req_flag, gss_qop_t qop_req, int *conf_state,
    gss_iov_buffer_desc *iov, int iov_count);
OM_uint32 KRB5_CALLCONV gss_release_iov_buffer(OM_uint32 *minor_status,
    gss_iov_buffer_desc *iov, int iov_count);
OM_uint32 KRB5_CALLCONV gss_get_mic_iov(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
    gss_qop_t qop_req, gss_iov_buffer_desc *iov, int iov_count);
OM_uint32 KRB5_CALLCONV gss_get_mic_iov_length(OM_uint32 *minor_status,
    gss_ctx_id_t context_handle, gss_qop_t qop_req, gss_iov_buffer_desc *iov,
    int iov_count);
OM_uint32 KRB5_CALLCONV gss_verify_mic_iov(OM_uint32 *minor_status,
    gss_ctx_id_t context_handle, gss_qop_t *qop_state, gss_iov_buffer_desc *iov,
    int iov_count);

/* S4U. */
OM_uint32 KRB5_CALLCONV gss_acquire_cred_impersonate_name(OM_uint32 *minor_status,
    const gss_cred_id_t impersonator_cred_handle, const gss_name_t desired_name,
    OM_uint32 time_req, const gss_OID_set desired_mechs, gss_cred_usage_t cred_usage,
    gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs, OM_uint32 *time_rec);
OM_uint32 KRB5_CALLCONV gss_add_cred_impersonate_name(OM_uint32 *minor_status,
    gss_cred_id_t input_cred_handle, const gss_cred_id_t impersonator_cred_handle,
    const gss_name_t desired_name, const gss_OID desired_mech, gss_cred_usage_t cred_usage,
    OM_uint32 initiator_time_req, OM_uint32 acceptor_time_req,
    gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs,
    OM_uint32 *initiator_time_rec, OM_uint32 *acceptor_time_rec);

/* Naming extensions (RFC 6680). */
OM_uint32 KRB5_CALLCONV gss_display_name_ext(OM_uint32 *minor_status, gss_name_t name,
    gss_OID display_as_name_type, gss_buffer_t display_name);
OM_uint32 KRB5_CALLCONV gss_inquire_name(OM_uint32 *minor_status, gss_name_t name,
    int *name_is_MN, gss_OID *MN_mech, gss_buffer_set_t *attrs);
OM_uint32 KRB5_CALLCONV gss_get_name_attribute(OM_uint32 *minor_status, gss_name_t name,
    gss_buffer_t attr, int *authenticated, int *complete, gss_buffer_t value,
    gss_buffer_t display_value, int *more);
OM_uint32 KRB5_CALLCONV gss_set_name_attribute(OM_uint32 *minor_status, gss_name_t name,
    int complete, gss_buffer_t attr, gss_buffer_t value);
OM_uint32 KRB5_CALLCONV gss_delete_name_attribute(OM_uint32 *minor_status, gss_name_t name,
    gss_buffer_t attr);
OM_uint32 KRB5_CALLCONV gss_export_name_composite(OM_uint32 *minor_status, gss_name_t name,
    gss_buffer_t exp_composite_name);
typedef struct gss_any *gss_any_t;
OM_uint32 KRB5_CALLCONV gss_map_name_to_any(OM_uint32 *minor_status, gss_name_t name,
    int authenticated, gss_buffer_t type_id, gss_any_t *output);
OM_uint32 KRB5_CALLCONV gss_release_any_name_mapping(OM_uint32 *minor_status,
    gss_name_t name, gss_buffer_t type_id, gss_any_t *input);

/* Local login user attribute (MIT). */
GSS_DLLIMP extern gss_buffer_t GSS_C_ATTR_LOCAL_LOGIN_USER;

/* Credential store. */
typedef struct gss_key_value_element_struct {
    const char *key;
    const char *value;
} gss_key_value_element_desc;

typedef struct gss_key_value_set_struct {
    OM_uint32 count;
    gss_key_value_element_desc *elements;
} gss_key_value_set_desc;
typedef const gss_key_value_set_desc *gss_const_key_value_set_t;

#define GSS_C_NO_CRED_STORE ((gss_const_key_value_set_t) 0)

OM_uint32 KRB5_CALLCONV gss_acquire_cred_from(OM_uint32 *minor_status,
    gss_name_t desired_name, OM_uint32 time_req, gss_OID_set desired_mechs,
    gss_cred_usage_t cred_usage, gss_const_key_value_set_t cred_store,
    gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs, OM_uint32 *time_rec);
OM_uint32 KRB5_CALLCONV gss_add_cred_from(OM_uint32 *minor_status,
    gss_cred_id_t input_cred_handle, gss_name_t desired_name, gss_OID desired_mech,
    gss_cred_usage_t cred_usage, OM_uint32 initiator_time_req,
    OM_uint32 acceptor_time_req, gss_const_key_value_set_t cred_store,
    gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs,
    OM_uint32 *initiator_time_rec, OM_uint32 *acceptor_time_rec);
OM_uint32 KRB5_CALLCONV gss_store_cred_into(OM_uint32 *minor_status,
    gss_cred_id_t input_cred_handle, gss_cred_usage_t input_usage, gss_OID desired_mech,
    OM_uint32 overwrite_cred, OM_uint32 default_cred, gss_const_key_value_set_t cred_store,
    gss_OID_set *elements_stored, gss_cred_usage_t *cred_usage_stored);

OM_uint32 KRB5_CALLCONV gss_export_cred(OM_uint32 *minor_status, gss_cred_id_t cred_handle,
    gss_buffer_t token);
OM_uint32 KRB5_CALLCONV gss_import_cred(OM_uint32 *minor_status, gss_buffer_t token,
    gss_cred_id_t *cred_handle);

/* Context inquiry OIDs. */
GSS_DLLIMP extern gss_OID GSS_C_INQ_SSPI_SESSION_KEY;
GSS_DLLIMP extern gss_OID GSS_C_INQ_NEGOEX_KEY;
GSS_DLLIMP extern gss_OID GSS_C_INQ_NEGOEX_VERIFY_KEY;
GSS_DLLIMP extern gss_OID GSS_C_SEC_CONTEXT_SASL_SSF;

OM_uint32 KRB5_CALLCONV gss_complete_auth_token(OM_uint32 *minor_status,
    const gss_ctx_id_t context_handle, gss_buffer_t input_message_buffer);

/* RFC 2743 3.1 token framing. */
OM_uint32 KRB5_CALLCONV gss_encapsulate_token(gss_const_buffer_t input_token,
    gss_const_OID token_oid, gss_buffer_t output_token);
OM_uint32 KRB5_CALLCONV gss_decapsulate_token(gss_const_buffer_t input_token,
    gss_const_OID token_oid, gss_buffer_t output_token);

int KRB5_CALLCONV gss_oid_equal(gss_const_OID first_oid, gss_const_OID second_oid);

#ifdef __cplusplus
}
#endif

#endif /* SSPI_SHIM_GSSAPI_EXT_H_ */
