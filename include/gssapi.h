/* sspi-shim: top-level GSSAPI header (as MIT ships one); see gssapi/gssapi.h. */
#ifndef SSPI_SHIM_GSSAPI_TOP_H
#define SSPI_SHIM_GSSAPI_TOP_H
#include <gssapi/gssapi.h>
#endif
