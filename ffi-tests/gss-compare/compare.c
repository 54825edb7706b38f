/*
 * Prints what a GSSAPI library answers to mechanism-independent calls
 * (status texts with their message_context iteration, OID strings, name
 * import/display/compare, OID sets, bad-handle statuses, token framing) so
 * run.sh can diff our library against MIT's. Loaded with dlopen so the
 * same binary runs against either. argv[1]: library path.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gssapi.h>
#include <gssapi/gssapi_ext.h>

#define F(name) static __typeof__(&name) p_##name;
F(gss_display_status) F(gss_release_buffer) F(gss_oid_to_str) F(gss_str_to_oid) F(gss_release_oid)
F(gss_import_name) F(gss_display_name) F(gss_release_name) F(gss_compare_name)
F(gss_create_empty_oid_set) F(gss_add_oid_set_member) F(gss_test_oid_set_member)
F(gss_release_oid_set) F(gss_delete_sec_context) F(gss_context_time) F(gss_oid_equal)
F(gss_encapsulate_token) F(gss_decapsulate_token) F(gss_wrap) F(gss_duplicate_name)
#undef F
static gss_OID nt_user, nt_host;

int main(int argc, char **argv)
{
    void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    OM_uint32 maj, min, ctx;
    gss_buffer_desc b;
    unsigned i;
    if (argc < 2 || !h) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
#define L(name) *(void **)&p_##name = dlsym(h, #name);
    L(gss_display_status) L(gss_release_buffer) L(gss_oid_to_str) L(gss_str_to_oid) L(gss_release_oid)
    L(gss_import_name) L(gss_display_name) L(gss_release_name) L(gss_compare_name)
    L(gss_create_empty_oid_set) L(gss_add_oid_set_member) L(gss_test_oid_set_member)
    L(gss_release_oid_set) L(gss_delete_sec_context) L(gss_context_time) L(gss_oid_equal)
    L(gss_encapsulate_token) L(gss_decapsulate_token) L(gss_wrap) L(gss_duplicate_name)
#undef L
    nt_user = *(gss_OID *)dlsym(h, "GSS_C_NT_USER_NAME");
    nt_host = *(gss_OID *)dlsym(h, "GSS_C_NT_HOSTBASED_SERVICE");
    {
        OM_uint32 codes[] = {0, 1u << 24, 2u << 24, 3u << 24, 4u << 24, 1u << 16, 2u << 16, 3u << 16,
                             4u << 16, 5u << 16, 6u << 16, 7u << 16, 8u << 16, 9u << 16, 10u << 16,
                             11u << 16, 12u << 16, 13u << 16, 14u << 16, 15u << 16, 16u << 16,
                             17u << 16, 18u << 16, 20u << 16, 1, 2, 4, 8, 16, 32,
                             (1u << 24) | (9u << 16) | 1 | 8, (2u << 24) | 16 | 2};
        for (i = 0; i < sizeof codes / sizeof *codes; i++) {
            int n = 0;
            ctx = 0;
            do {
                maj = p_gss_display_status(&min, codes[i], GSS_C_GSS_CODE, GSS_C_NO_OID, &ctx, &b);
                if (maj) {
                    printf("status 0x%08x -> major 0x%x\n", codes[i], maj);
                    break;
                }
                printf("status 0x%08x [%d] %.*s\n", codes[i], n++, (int)b.length, (char *)b.value);
                p_gss_release_buffer(&min, &b);
            } while (ctx && n < 10);
        }
        ctx = 0;
        maj = p_gss_display_status(&min, 0, GSS_C_MECH_CODE, GSS_C_NO_OID, &ctx, &b);
        printf("mech 0 -> 0x%x %.*s\n", maj, maj ? 0 : (int)b.length, maj ? "" : (char *)b.value);
        ctx = 0;
        maj = p_gss_display_status(&min, 1, 7, GSS_C_NO_OID, &ctx, &b);
        printf("bad status type -> 0x%x\n", maj);
    }
    {
        const char *strs[] = {"{ 1 2 840 113554 1 2 2 }", "1.3.6.1.5.5.2", "{1 3 6 1 4 1 311 2 2 10}"};
        for (i = 0; i < 3; i++) {
            gss_buffer_desc in = {strlen(strs[i]), (void *)strs[i]}, out;
            gss_OID oid = GSS_C_NO_OID;
            maj = p_gss_str_to_oid(&min, &in, &oid);
            printf("str_to_oid %s -> 0x%x", strs[i], maj);
            if (!maj && !p_gss_oid_to_str(&min, oid, &out)) {
                printf(" %s (len %zu)", (char *)out.value, out.length);
                p_gss_release_buffer(&min, &out);
            }
            printf("\n");
            p_gss_release_oid(&min, &oid);
        }
        printf("oid_equal %d %d\n", p_gss_oid_equal(nt_user, nt_user),
               p_gss_oid_equal(nt_user, nt_host));
    }
    {
        const char *names[] = {"HTTP@www.example.com", "alice"};
        gss_name_t n[2] = {0, 0}, d = 0;
        int eq = -1;
        for (i = 0; i < 2; i++) {
            gss_buffer_desc in = {strlen(names[i]), (void *)names[i]}, out;
            gss_OID type = GSS_C_NO_OID;
            gss_OID t = i == 0 ? nt_host : nt_user;
            maj = p_gss_import_name(&min, &in, t, &n[i]);
            printf("import %s -> 0x%x\n", names[i], maj);
            maj = p_gss_display_name(&min, n[i], &out, &type);
            printf("display -> 0x%x %.*s type-equal %d\n", maj, (int)out.length, (char *)out.value,
                   p_gss_oid_equal(type, t));
            p_gss_release_buffer(&min, &out);
        }
        maj = p_gss_compare_name(&min, n[0], n[1], &eq);
        printf("compare different -> 0x%x %d\n", maj, eq);
        p_gss_duplicate_name(&min, n[0], &d);
        maj = p_gss_compare_name(&min, n[0], d, &eq);
        printf("compare duplicate -> 0x%x %d\n", maj, eq);
        printf("release -> 0x%x\n", p_gss_release_name(&min, &d));
        printf("release NULL name -> 0x%x\n", p_gss_release_name(&min, &d));
        printf("release NULL ptr -> 0x%x\n", p_gss_release_name(&min, NULL));
        p_gss_release_name(&min, &n[0]);
        p_gss_release_name(&min, &n[1]);
        printf("import NULL output -> 0x%x\n", p_gss_import_name(&min, &b, nt_user, NULL));
    }
    {
        gss_OID_set s = GSS_C_NO_OID_SET;
        int present = -1;
        p_gss_create_empty_oid_set(&min, &s);
        p_gss_add_oid_set_member(&min, nt_user, &s);
        p_gss_add_oid_set_member(&min, nt_user, &s);
        p_gss_test_oid_set_member(&min, nt_user, s, &present);
        printf("oid set count %zu present %d\n", s->count, present);
        printf("release set -> 0x%x null %d\n", p_gss_release_oid_set(&min, &s), s == NULL);
    }
    {
        gss_ctx_id_t none = GSS_C_NO_CONTEXT;
        OM_uint32 t;
        printf("delete NO_CONTEXT -> 0x%x\n", p_gss_delete_sec_context(&min, &none, NULL));
        printf("context_time NO_CONTEXT -> 0x%x\n", p_gss_context_time(&min, none, &t));
        printf("wrap NO_CONTEXT -> 0x%x\n", p_gss_wrap(&min, none, 1, 0, &b, NULL, &b));
        printf("delete NULL -> 0x%x\n", p_gss_delete_sec_context(&min, NULL, NULL));
        {
            OM_uint32 (*rc)(OM_uint32 *, gss_cred_id_t *) = (OM_uint32 (*)(OM_uint32 *, gss_cred_id_t *))dlsym(h, "gss_release_cred");
            OM_uint32 (*ic)(OM_uint32 *, gss_ctx_id_t, gss_name_t *, gss_name_t *, OM_uint32 *, gss_OID *,
                            OM_uint32 *, int *, int *) = (OM_uint32 (*)(OM_uint32 *, gss_ctx_id_t, gss_name_t *,
                            gss_name_t *, OM_uint32 *, gss_OID *, OM_uint32 *, int *, int *))dlsym(h, "gss_inquire_context");
            gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
            gss_buffer_desc o;
            printf("release_cred NO_CREDENTIAL -> 0x%x\n", rc(&min, &c));
            printf("release_cred NULL -> 0x%x\n", rc(&min, NULL));
            printf("inquire_context NO_CONTEXT -> 0x%x\n", ic(&min, none, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
            printf("display_name NO_NAME -> 0x%x\n", p_gss_display_name(&min, GSS_C_NO_NAME, &o, NULL));
            printf("oid_to_str NULL -> 0x%x\n", p_gss_oid_to_str(&min, GSS_C_NO_OID, &o));
        }
    }
    {
        gss_buffer_desc in = {3, (void *)"abc"}, out, back;
        maj = p_gss_encapsulate_token(&in, nt_user, &out);
        printf("encapsulate -> 0x%x len %zu first 0x%02x\n", maj, out.length, ((unsigned char *)out.value)[0]);
        maj = p_gss_decapsulate_token(&out, nt_user, &back);
        printf("decapsulate -> 0x%x %.*s\n", maj, (int)back.length, (char *)back.value);
        p_gss_release_buffer(&min, &out);
        p_gss_release_buffer(&min, &back);
    }
    {
        /* SASL names (RFC 5801): krb5's, and NTLM's when run.sh gave MIT
         * gss-ntlmssp (COMPARE_NTLM set). */
        __typeof__(&gss_inquire_saslname_for_mech) sn =
            (__typeof__(&gss_inquire_saslname_for_mech))dlsym(h, "gss_inquire_saslname_for_mech");
        gss_OID_desc krb5 = {9, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};
        gss_OID_desc ntlm = {10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"};
        gss_OID mechs[2] = {&krb5, &ntlm};
        for (i = 0; sn && i < (getenv("COMPARE_NTLM") ? 2u : 1u); i++) {
            gss_buffer_desc s = {0, NULL}, n = {0, NULL}, d = {0, NULL};
            maj = sn(&min, mechs[i], &s, &n, &d);
            printf("saslname %u -> 0x%x '%.*s' '%.*s' '%.*s'\n", i, maj, (int)s.length, (char *)s.value,
                   (int)n.length, (char *)n.value, (int)d.length, (char *)d.value);
            p_gss_release_buffer(&min, &s);
            p_gss_release_buffer(&min, &n);
            p_gss_release_buffer(&min, &d);
        }
    }
    return 0;
}
