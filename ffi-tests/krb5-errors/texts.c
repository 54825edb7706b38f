/*
 * Prints "code text" for every code of MIT's krb5 com_err table
 * (ERROR_TABLE_BASE_krb5 .. +255), so run.sh can diff our library's
 * minor-code texts against MIT's.
 *   texts LIB   our gss_display_status(GSS_C_MECH_CODE, gss_mech_krb5),
 *               LIB loaded with dlopen;
 *   texts       (built with -DMIT_COM_ERR, linked with -lkrb5) MIT's
 *               libkrb5 text for the code, krb5_get_error_message().
 * (MIT's own gss_display_status answers GSS_S_BAD_STATUS for a minor code
 * its mechglue has not seen in a failure, so the table is compared
 * against libkrb5, the source of those texts.)
 */
#include <stdio.h>
#ifdef MIT_COM_ERR
#include <krb5/krb5.h>

int main(void)
{
    krb5_context k;
    int i;
    if (krb5_init_context(&k))
        return 1;
    for (i = 0; i < 256; i++) {
        krb5_error_code code = (krb5_error_code)(ERROR_TABLE_BASE_krb5 + i);
        const char *m = krb5_get_error_message(k, code);
        printf("%ld %s\n", (long)code, m);
        krb5_free_error_message(k, m);
    }
    krb5_free_context(k);
    return 0;
}
#else
#include <dlfcn.h>
#include <gssapi.h>

int main(int argc, char **argv)
{
    void *h = argc > 1 ? dlopen(argv[1], RTLD_NOW | RTLD_LOCAL) : NULL;
    OM_uint32 (*display)(OM_uint32 *, OM_uint32, int, gss_OID, OM_uint32 *, gss_buffer_t);
    OM_uint32 (*release)(OM_uint32 *, gss_buffer_t);
    gss_OID mech;
    int i;
    if (!h) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    *(void **)&display = dlsym(h, "gss_display_status");
    *(void **)&release = dlsym(h, "gss_release_buffer");
    mech = *(gss_OID *)dlsym(h, "gss_mech_krb5");
    for (i = 0; i < 256; i++) {
        long code = -1765328384L + i;
        OM_uint32 maj, min, ctx = 0;
        gss_buffer_desc b;
        maj = display(&min, (OM_uint32)code, GSS_C_MECH_CODE, mech, &ctx, &b);
        if (maj) {
            printf("%ld -> major 0x%x\n", code, maj);
            continue;
        }
        printf("%ld %.*s%s\n", code, (int)b.length, (char *)b.value, ctx ? " (more)" : "");
        release(&min, &b);
    }
    return 0;
}
#endif
