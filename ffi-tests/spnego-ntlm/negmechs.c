/*
 * SPNEGO through gss_* on our library alone: gss_indicate_mechs lists
 * SPNEGO; GSS_C_NO_OID is not SPNEGO but krb5, as MIT's default (so an
 * NTLM-only credential gets GSS_S_NO_CRED); gss_set_neg_mechs restricts a SPNEGO credential (krb5 only: no
 * mechanism left, the initiator fails; NTLM: the handshake runs); the
 * negotiated context reports NTLM as its mechanism and protects messages
 * both ways. Exit 0 pass, 1 fail.
 */
#include <stdio.h>
#include <string.h>
#include <gssapi.h>
#include <gssapi/gssapi_ext.h>

static gss_OID_desc spnego_oid = {6, (void *)"\x2b\x06\x01\x05\x05\x02"};
static gss_OID_desc ntlm_oid = {10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"};
static gss_OID_desc krb5_oid = {9, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};
static gss_OID_set_desc spnego_set = {1, &spnego_oid};
static gss_OID_set_desc ntlm_set = {1, &ntlm_oid};
static gss_OID_set_desc krb5_set = {1, &krb5_oid};

#define FAIL(...) do { fprintf(stderr, "FAIL " __VA_ARGS__); fputc('\n', stderr); return 1; } while (0)
#define CHECK(what, call) do { major = (call); if (GSS_ERROR(major)) \
    FAIL("%s: major 0x%08x minor 0x%08x", what, major, minor); } while (0)

static int same(gss_OID a, gss_OID b)
{
    return a && a->length == b->length && !memcmp(a->elements, b->elements, a->length);
}

static gss_cred_id_t spnego_cred(const char *user, const char *pw)
{
    OM_uint32 minor;
    gss_buffer_desc n = {strlen(user), (void *)user}, p = {strlen(pw), (void *)pw};
    gss_name_t name = GSS_C_NO_NAME;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    if (gss_import_name(&minor, &n, GSS_C_NT_USER_NAME, &name))
        return GSS_C_NO_CREDENTIAL;
    gss_acquire_cred_with_password(&minor, name, &p, GSS_C_INDEFINITE, &spnego_set, GSS_C_INITIATE,
                                   &cred, NULL, NULL);
    gss_release_name(&minor, &name);
    return cred;
}

int main(int argc, char **argv)
{
    OM_uint32 major, minor, amaj = GSS_S_CONTINUE_NEEDED, imaj;
    gss_OID_set mechs;
    int present = 0, conf = 0, rounds = 0;
    gss_buffer_desc svc = {strlen("host@localhost"), (void *)"host@localhost"};
    gss_name_t target;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER, out, msg = {5, (void *)"hello"};
    gss_OID imech = GSS_C_NO_OID, amech = GSS_C_NO_OID;
    gss_cred_id_t cred;

    if (argc != 3)
        FAIL("usage: negmechs DOMAIN\\\\user password");
    CHECK("gss_indicate_mechs", gss_indicate_mechs(&minor, &mechs));
    gss_test_oid_set_member(&minor, &spnego_oid, mechs, &present);
    if (!present)
        FAIL("gss_indicate_mechs does not list SPNEGO");
    gss_release_oid_set(&minor, &mechs);
    CHECK("gss_import_name(target)", gss_import_name(&minor, &svc, GSS_C_NT_HOSTBASED_SERVICE, &target));

    /* GSS_C_NO_OID: not SPNEGO. */
    cred = spnego_cred(argv[1], argv[2]);
    if (cred == GSS_C_NO_CREDENTIAL)
        FAIL("no SPNEGO credential for %s", argv[1]);
    {
        gss_cred_id_t ncred = GSS_C_NO_CREDENTIAL;
        gss_buffer_desc n = {strlen(argv[1]), argv[1]}, p = {strlen(argv[2]), argv[2]};
        gss_name_t name;
        CHECK("gss_import_name(user)", gss_import_name(&minor, &n, GSS_C_NT_USER_NAME, &name));
        CHECK("gss_acquire_cred_with_password(ntlm)",
              gss_acquire_cred_with_password(&minor, name, &p, GSS_C_INDEFINITE, &ntlm_set,
                                             GSS_C_INITIATE, &ncred, NULL, NULL));
        gss_release_name(&minor, &name);
        /* The default mechanism is krb5 (as with MIT), which this
         * NTLM-only credential lacks: GSS_S_NO_CRED, as MIT answers. */
        major = gss_init_sec_context(&minor, ncred, &ictx, target, GSS_C_NO_OID, 0, 0, NULL,
                                   GSS_C_NO_BUFFER, &imech, &itok, NULL, NULL);
        if (GSS_ROUTINE_ERROR(major) != GSS_S_NO_CRED)
            FAIL("gss_init_sec_context(GSS_C_NO_OID) with an NTLM-only credential: major 0x%08x, "
                 "want GSS_S_NO_CRED (the default mechanism is krb5)", major);
        gss_release_buffer(&minor, &itok);
        gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
        gss_release_cred(&minor, &ncred);
    }

    /* Restricted to krb5, which this credential lacks: nothing to offer. */
    CHECK("gss_set_neg_mechs(krb5)", gss_set_neg_mechs(&minor, cred, &krb5_set));
    major = gss_init_sec_context(&minor, cred, &ictx, target, &spnego_oid, GSS_C_INTEG_FLAG, 0, NULL,
                                 GSS_C_NO_BUFFER, NULL, &itok, NULL, NULL);
    if (!GSS_ERROR(major) || ictx != GSS_C_NO_CONTEXT)
        FAIL("SPNEGO restricted to krb5 still initiated (major 0x%08x)", major);

    /* Restricted to NTLM: the handshake runs. */
    CHECK("gss_set_neg_mechs(ntlm)", gss_set_neg_mechs(&minor, cred, &ntlm_set));
    do {
        CHECK("gss_init_sec_context",
              imaj = gss_init_sec_context(&minor, cred, &ictx, target, &spnego_oid,
                                          GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG, 0, NULL, &atok, &imech,
                                          &itok, NULL, NULL));
        gss_release_buffer(&minor, &atok);
        if (rounds == 0 && (itok.length < 2 || ((unsigned char *)itok.value)[0] != 0x60))
            FAIL("the first SPNEGO token is not an InitialContextToken");
        if (itok.length) {
            CHECK("gss_accept_sec_context",
                  amaj = gss_accept_sec_context(&minor, &actx, GSS_C_NO_CREDENTIAL, &itok,
                                                GSS_C_NO_CHANNEL_BINDINGS, NULL, &amech, &atok, NULL,
                                                NULL, NULL));
            gss_release_buffer(&minor, &itok);
        }
        if (++rounds > 4)
            FAIL("the handshake did not finish");
    } while (imaj == GSS_S_CONTINUE_NEEDED || (atok.length && imaj != GSS_S_COMPLETE));
    if (imaj != GSS_S_COMPLETE || amaj != GSS_S_COMPLETE)
        FAIL("not complete: initiator 0x%08x acceptor 0x%08x", imaj, amaj);
    if (!same(imech, &ntlm_oid) || !same(amech, &ntlm_oid))
        FAIL("the negotiated mechanism is not reported as NTLM");

    CHECK("gss_wrap", gss_wrap(&minor, ictx, 1, GSS_C_QOP_DEFAULT, &msg, &conf, &itok));
    CHECK("gss_unwrap", gss_unwrap(&minor, actx, &itok, &out, &conf, NULL));
    if (out.length != msg.length || memcmp(out.value, msg.value, msg.length))
        FAIL("unwrapped message differs");
    gss_release_buffer(&minor, &itok);
    gss_release_buffer(&minor, &out);
    CHECK("gss_get_mic", gss_get_mic(&minor, actx, GSS_C_QOP_DEFAULT, &msg, &itok));
    CHECK("gss_verify_mic", gss_verify_mic(&minor, ictx, &msg, &itok, NULL));
    gss_release_buffer(&minor, &itok);

    gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER);
    gss_release_cred(&minor, &cred);
    gss_release_name(&minor, &target);
    printf("PASS negmechs: SPNEGO listed, default mech krb5, gss_set_neg_mechs restricts, "
           "%d initiator rounds, NTLM negotiated, wrap and MIC\n", rounds);
    return 0;
}
