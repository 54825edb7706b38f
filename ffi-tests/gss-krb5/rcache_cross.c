/*
 * One AP-REQ, two acceptors: the replay cache file is shared with MIT.
 *   rcache_cross LIB init SERVICE FILE   writes the initiator's first token
 *   rcache_cross LIB accept FILE         accepts it (KRB5_KTNAME's keys) and
 *                                         prints "accepted" or the error text
 * LIB is dlopened, so the same binary runs on our library and on MIT's.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gssapi.h>

#define F(name) static __typeof__(&name) p_##name;
F(gss_import_name) F(gss_init_sec_context) F(gss_accept_sec_context) F(gss_release_buffer)
F(gss_release_name) F(gss_delete_sec_context) F(gss_display_status)
#undef F

static void show(OM_uint32 code, int type)
{
    OM_uint32 min, ctx = 0;
    gss_buffer_desc b;
    do {
        if (p_gss_display_status(&min, code, type, GSS_C_NO_OID, &ctx, &b))
            break;
        printf(" [%.*s]", (int)b.length, (char *)b.value);
        p_gss_release_buffer(&min, &b);
    } while (ctx);
}

int main(int argc, char **argv)
{
    void *h = argc > 2 ? dlopen(argv[1], RTLD_NOW | RTLD_LOCAL) : NULL;
    OM_uint32 maj, min;
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    static unsigned char buf[65536];
    FILE *f;
    if (!h) {
        fprintf(stderr, "usage: rcache_cross LIB init SERVICE FILE | LIB accept FILE (%s)\n", dlerror());
        return 2;
    }
#define L(name) *(void **)&p_##name = dlsym(h, #name);
    L(gss_import_name) L(gss_init_sec_context) L(gss_accept_sec_context) L(gss_release_buffer)
    L(gss_release_name) L(gss_delete_sec_context) L(gss_display_status)
#undef L
    if (!strcmp(argv[2], "init") && argc == 5) {
        gss_name_t target;
        gss_OID nt = *(gss_OID *)dlsym(h, "GSS_C_NT_HOSTBASED_SERVICE");
        in.value = argv[3];
        in.length = strlen(argv[3]);
        maj = p_gss_import_name(&min, &in, nt, &target);
        if (maj)
            return 1;
        maj = p_gss_init_sec_context(&min, GSS_C_NO_CREDENTIAL, &ctx, target, GSS_C_NO_OID,
                                     GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG, 0, GSS_C_NO_CHANNEL_BINDINGS,
                                     GSS_C_NO_BUFFER, NULL, &out, NULL, NULL);
        p_gss_release_name(&min, &target);
        if (GSS_ERROR(maj) || !(f = fopen(argv[4], "wb")) || fwrite(out.value, 1, out.length, f) != out.length) {
            printf("init failed 0x%x", maj);
            show(maj, GSS_C_GSS_CODE);
            show(min, GSS_C_MECH_CODE);
            printf("\n");
            return 1;
        }
        fclose(f);
        p_gss_release_buffer(&min, &out);
        p_gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
        return 0;
    }
    if (strcmp(argv[2], "accept") || argc != 4 || !(f = fopen(argv[3], "rb")))
        return 2;
    in.length = fread(buf, 1, sizeof buf, f);
    in.value = buf;
    fclose(f);
    maj = p_gss_accept_sec_context(&min, &ctx, GSS_C_NO_CREDENTIAL, &in, GSS_C_NO_CHANNEL_BINDINGS,
                                   NULL, NULL, &out, NULL, NULL, NULL);
    {
        OM_uint32 m;
        p_gss_release_buffer(&m, &out);
        p_gss_delete_sec_context(&m, &ctx, GSS_C_NO_BUFFER);
    }
    if (maj == GSS_S_COMPLETE) {
        printf("accepted\n");
        return 0;
    }
    /* The minor code as the krb5 mechanism names it. */
    {
        gss_OID_desc krb5 = {9, "\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};
        OM_uint32 ctx2 = 0, m2;
        gss_buffer_desc b;
        printf("refused 0x%x minor %d", maj, (int)min);
        show(maj, GSS_C_GSS_CODE);
        if (!p_gss_display_status(&m2, min, GSS_C_MECH_CODE, &krb5, &ctx2, &b)) {
            printf(" [%.*s]", (int)b.length, (char *)b.value);
            p_gss_release_buffer(&m2, &b);
        }
    }
    printf("\n");
    return 1;
}
