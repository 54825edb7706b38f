/*
 * NTLM through gss_* against sspi-shim's headers and library: an initiator
 * with gss_acquire_cred_with_password ("DOMAIN\user", mech
 * 1.3.6.1.4.1.311.2.2.10), an acceptor with its default credential
 * (NTLM_USER_FILE), the handshake, then gss_wrap/gss_unwrap both ways,
 * MIC, iov (header + data, and stream), session keys and inquiries.
 * Exit 0 pass, 77 skip (NTLM package not merged yet), 1 fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gssapi.h>
#include <gssapi/gssapi_ext.h>

static gss_OID_desc ntlm_oid = {10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"};
static gss_OID_set_desc ntlm_set = {1, &ntlm_oid};

static void report(const char *what, OM_uint32 major, OM_uint32 minor)
{
    OM_uint32 m, ctx = 0;
    gss_buffer_desc b;
    fprintf(stderr, "FAIL %s: major 0x%08x minor 0x%08x\n", what, major, minor);
    do {
        if (gss_display_status(&m, major, GSS_C_GSS_CODE, GSS_C_NO_OID, &ctx, &b))
            break;
        fprintf(stderr, "  %.*s\n", (int)b.length, (char *)b.value);
        gss_release_buffer(&m, &b);
    } while (ctx);
    if (!gss_display_status(&m, minor, GSS_C_MECH_CODE, &ntlm_oid, &ctx, &b)) {
        fprintf(stderr, "  minor: %.*s\n", (int)b.length, (char *)b.value);
        gss_release_buffer(&m, &b);
    }
}

#define CHECK(what, call)                                                        \
    do {                                                                         \
        major = (call);                                                          \
        if (GSS_ERROR(major)) {                                                  \
            report(what, major, minor);                                          \
            return 1;                                                            \
        }                                                                        \
    } while (0)

static int wrap_roundtrip(gss_ctx_id_t a, gss_ctx_id_t b, const char *msg)
{
    OM_uint32 major, minor;
    gss_buffer_desc in = {strlen(msg), (void *)msg}, tok, out;
    int conf = 0;
    CHECK("gss_wrap", gss_wrap(&minor, a, 1, GSS_C_QOP_DEFAULT, &in, &conf, &tok));
    if (!conf || tok.length != in.length + 16) {
        fprintf(stderr, "FAIL gss_wrap: conf %d length %zu\n", conf, tok.length);
        return 1;
    }
    CHECK("gss_unwrap", gss_unwrap(&minor, b, &tok, &out, &conf, NULL));
    if (out.length != in.length || memcmp(out.value, msg, in.length)) {
        fprintf(stderr, "FAIL gss_unwrap: message differs\n");
        return 1;
    }
    gss_release_buffer(&minor, &tok);
    gss_release_buffer(&minor, &out);
    return 0;
}

int main(void)
{
    OM_uint32 major, minor, flags = 0;
    const char *user = getenv("NTLM_TEST_USER"), *pass = getenv("NTLM_TEST_PASSWORD");
    gss_buffer_desc name_buf, pw_buf, svc_buf = {14, (void *)"host@localhost"};
    gss_name_t user_name = GSS_C_NO_NAME, target = GSS_C_NO_NAME, src = GSS_C_NO_NAME;
    gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER;
    OM_uint32 imaj = GSS_S_CONTINUE_NEEDED, amaj = GSS_S_CONTINUE_NEEDED;
    int rounds = 0;

    if (!user || !pass) {
        fprintf(stderr, "set NTLM_TEST_USER (DOMAIN\\user) and NTLM_TEST_PASSWORD\n");
        return 1;
    }
    name_buf.value = (void *)user;
    name_buf.length = strlen(user);
    pw_buf.value = (void *)pass;
    pw_buf.length = strlen(pass);

    CHECK("gss_import_name(user)", gss_import_name(&minor, &name_buf, GSS_C_NT_USER_NAME, &user_name));
    major = gss_acquire_cred_with_password(&minor, user_name, &pw_buf, GSS_C_INDEFINITE, &ntlm_set,
                                           GSS_C_INITIATE, &icred, NULL, NULL);
    if (major == GSS_S_NO_CRED && minor == 0x5353000bu) {
        printf("SKIP: the NTLM package is not merged yet (acquire is unsupported)\n");
        return 77;
    }
    CHECK("gss_acquire_cred_with_password", major);
    CHECK("gss_acquire_cred(accept)", gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &ntlm_set,
                                                       GSS_C_ACCEPT, &acred, NULL, NULL));
    CHECK("gss_import_name(target)", gss_import_name(&minor, &svc_buf, GSS_C_NT_HOSTBASED_SERVICE, &target));

    while (imaj == GSS_S_CONTINUE_NEEDED || amaj == GSS_S_CONTINUE_NEEDED) {
        if (++rounds > 5) {
            fprintf(stderr, "FAIL handshake does not finish\n");
            return 1;
        }
        if (imaj == GSS_S_CONTINUE_NEEDED) {
            gss_buffer_desc out;
            CHECK("gss_init_sec_context",
                  imaj = gss_init_sec_context(&minor, icred, &ictx, target, &ntlm_oid,
                                              GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG,
                                              0, GSS_C_NO_CHANNEL_BINDINGS, &atok, NULL, &out, &flags, NULL));
            gss_release_buffer(&minor, &atok);
            itok = out;
            if (itok.length == 0)
                break;
        }
        if (amaj == GSS_S_CONTINUE_NEEDED) {
            gss_buffer_desc out;
            CHECK("gss_accept_sec_context",
                  amaj = gss_accept_sec_context(&minor, &actx, acred, &itok, GSS_C_NO_CHANNEL_BINDINGS,
                                                &src, NULL, &out, NULL, NULL, NULL));
            gss_release_buffer(&minor, &itok);
            atok = out;
        }
    }
    if (!(flags & GSS_C_CONF_FLAG) || !(flags & GSS_C_INTEG_FLAG)) {
        fprintf(stderr, "FAIL flags 0x%x lack conf/integ\n", flags);
        return 1;
    }
    {
        gss_buffer_desc d;
        CHECK("gss_display_name(src)", gss_display_name(&minor, src, &d, NULL));
        printf("authenticated: %.*s\n", (int)d.length, (char *)d.value);
        gss_release_buffer(&minor, &d);
    }
    if (wrap_roundtrip(ictx, actx, "client to server") || wrap_roundtrip(actx, ictx, "server to client"))
        return 1;
    {
        gss_buffer_desc msg = {5, (void *)"hello"}, mic;
        CHECK("gss_get_mic", gss_get_mic(&minor, ictx, 0, &msg, &mic));
        CHECK("gss_verify_mic", gss_verify_mic(&minor, actx, &msg, &mic, NULL));
        gss_release_buffer(&minor, &mic);
    }
    {
        char data[] = "iov data";
        gss_iov_buffer_desc iov[2];
        int conf;
        iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
        iov[0].buffer.length = 0;
        iov[0].buffer.value = NULL;
        iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
        iov[1].buffer.length = sizeof data - 1;
        iov[1].buffer.value = data;
        CHECK("gss_wrap_iov", gss_wrap_iov(&minor, ictx, 1, 0, &conf, iov, 2));
        iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
        CHECK("gss_unwrap_iov", gss_unwrap_iov(&minor, actx, &conf, NULL, iov, 2));
        if (memcmp(data, "iov data", 8)) {
            fprintf(stderr, "FAIL iov round trip\n");
            return 1;
        }
        iov[0].type |= GSS_IOV_BUFFER_FLAG_ALLOCATED;
        gss_release_iov_buffer(&minor, iov, 2);
    }
    {
        gss_buffer_set_t ik = GSS_C_NO_BUFFER_SET, ak = GSS_C_NO_BUFFER_SET;
        CHECK("session key (initiator)", gss_inquire_sec_context_by_oid(&minor, ictx, GSS_C_INQ_SSPI_SESSION_KEY, &ik));
        CHECK("session key (acceptor)", gss_inquire_sec_context_by_oid(&minor, actx, GSS_C_INQ_SSPI_SESSION_KEY, &ak));
        if (ik->count < 1 || ak->count < 1 || ik->elements[0].length != ak->elements[0].length ||
            memcmp(ik->elements[0].value, ak->elements[0].value, ik->elements[0].length)) {
            fprintf(stderr, "FAIL session keys differ\n");
            return 1;
        }
        gss_release_buffer_set(&minor, &ik);
        gss_release_buffer_set(&minor, &ak);
    }
    CHECK("gss_delete_sec_context", gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER));
    CHECK("gss_delete_sec_context", gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER));
    major = gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
    if (GSS_ROUTINE_ERROR(major) != GSS_S_NO_CONTEXT) {
        fprintf(stderr, "FAIL deleting a deleted context gave 0x%x\n", major);
        return 1;
    }
    gss_release_cred(&minor, &icred);
    gss_release_cred(&minor, &acred);
    gss_release_name(&minor, &user_name);
    gss_release_name(&minor, &target);
    gss_release_name(&minor, &src);
    printf("gss-ntlm: ok\n");
    return 0;
}
