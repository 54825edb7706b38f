/*
 * sspi-shim: the old (pre-RFC 2744) name-type constants MIT declares in
 * gssapi_generic.h.
 */
#ifndef SSPI_SHIM_GSSAPI_GENERIC_H_
#define SSPI_SHIM_GSSAPI_GENERIC_H_
#define _GSSAPI_GENERIC_H_ 1

#include <gssapi/gssapi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GSS_EMPTY_BUFFER(buf) ((buf) == NULL || (buf)->value == NULL || (buf)->length == 0)

GSS_DLLIMP extern gss_OID gss_nt_user_name;
GSS_DLLIMP extern gss_OID gss_nt_machine_uid_name;
GSS_DLLIMP extern gss_OID gss_nt_string_uid_name;
GSS_DLLIMP extern gss_OID gss_nt_service_name;
GSS_DLLIMP extern gss_OID gss_nt_service_name_v2;
GSS_DLLIMP extern gss_OID gss_nt_exported_name;

#ifdef __cplusplus
}
#endif

#endif /* SSPI_SHIM_GSSAPI_GENERIC_H_ */
