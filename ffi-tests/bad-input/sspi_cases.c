/*
 * SSPI cases: one per exported function (and per scenario where the first
 * and a later call of a handshake function differ). The fixture is an NTLM
 * identity from NTLM_USER_FILE (BADINPUT\alice), its outbound and inbound
 * credentials, two half-done handshakes and two established context pairs.
 *
 * Argument kinds a case knows (table.tsv's third column):
 *   null            the pointer argument is NULL
 *   null-buffers    a SecBufferDesc whose pBuffers is NULL (cBuffers 1+)
 *   null-pvBuffer   the token buffer's pvBuffer is NULL with a length
 *   empty           a string "" / a SecBufferDesc with cBuffers 0 / an
 *                   identity whose strings are all empty
 *   empty-token     the token buffer has cbBuffer 0
 *   freed           the handle was deleted (freed) just before the call
 *   wrong-cred      a credential handle where a context handle is expected
 *   wrong-ctx       a context handle where a credential handle is expected
 *   wrong-side      the other side's context / credential (acceptor for
 *                   initiator, inbound for outbound)
 *   wrong-swap      dwLower and dwUpper swapped (a forged handle)
 *   wrong-zero      {0, 0}
 *   wrong-pkg       a package name that does not exist ("Bogus")
 *   wrong-version   SecBufferDesc.ulVersion 1 (SECBUFFER_VERSION is 0)
 */
#include "bad_input.h"

int sspi_via;
static SecurityFunctionTableW *tw;
static SecurityFunctionTableA *ta;

/* The function as the row's pass reaches it: export, W table or A table. */
#define SF(f) (sspi_via == VIA_EXPORT ? (f) : sspi_via == VIA_TABLE_W ? tw->f : ta->f)
#define SFW(f) (sspi_via == VIA_EXPORT ? (f) : tw->f)
#define SFA(f) (sspi_via == VIA_EXPORT ? (f) : ta->f)

#define USER "alice"
#define DOMAIN "BADINPUT"
#define PASSWORD "Passw0rd!"
#define TOK_MAX 4096

struct tok {
    ULONG len;
    unsigned char data[TOK_MAX];
};

static struct {
    CredHandle cred_out, cred_in;
    CtxtHandle c_mid, s_mid;   /* initiator after ISC #1; acceptor after ASC #1 */
    CtxtHandle s_a, c_b;       /* their peers */
    CtxtHandle seal_c, seal_s; /* established, for Encrypt/Decrypt */
    CtxtHandle sig_c, sig_s;   /* established, for MakeSignature/VerifySignature */
    struct tok negotiate, challenge, authenticate;
    SecPkgContext_Sizes sizes;
    unsigned char sealed_hdr[64], sealed_data[16], signature[64], message[16];
} sx;

/* ---- UTF-16 ---- */
static SEC_WCHAR *W(const char *s)
{
    static SEC_WCHAR pool[8][128];
    static int next;
    SEC_WCHAR *d = pool[next++ & 7];
    size_t i;
    for (i = 0; s[i] && i < 127; i++)
        d[i] = (unsigned char)s[i];
    d[i] = 0;
    return d;
}

static SEC_WINNT_AUTH_IDENTITY_W identity_w(void)
{
    SEC_WINNT_AUTH_IDENTITY_W id;
    id.User = W(USER);
    id.UserLength = (ULONG)strlen(USER);
    id.Domain = W(DOMAIN);
    id.DomainLength = (ULONG)strlen(DOMAIN);
    id.Password = W(PASSWORD);
    id.PasswordLength = (ULONG)strlen(PASSWORD);
    id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    return id;
}

/* ---- the fixture ---- */
static SECURITY_STATUS step(int client, CredHandle *cred, CtxtHandle *ctx, int first, const struct tok *in,
                            struct tok *out)
{
    SecBuffer ib = {in ? in->len : 0, SECBUFFER_TOKEN, in ? (void *)in->data : NULL};
    SecBuffer ob = {TOK_MAX, SECBUFFER_TOKEN, out->data};
    SecBufferDesc id = {SECBUFFER_VERSION, 1, &ib}, od = {SECBUFFER_VERSION, 1, &ob};
    ULONG attrs;
    SECURITY_STATUS s;
    if (client)
        s = InitializeSecurityContextW(cred, first ? NULL : ctx, W("HTTP/localhost"),
                                       ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY, 0, SECURITY_NATIVE_DREP,
                                       in ? &id : NULL, 0, ctx, &od, &attrs, NULL);
    else
        s = AcceptSecurityContext(cred, first ? NULL : ctx, &id, ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY,
                                  SECURITY_NATIVE_DREP, ctx, &od, &attrs, NULL);
    out->len = ob.cbBuffer;
    return s;
}

static int establish(CtxtHandle *c, CtxtHandle *s)
{
    struct tok a, b, d;
    return step(1, &sx.cred_out, c, 1, NULL, &a) == SEC_I_CONTINUE_NEEDED &&
           step(0, &sx.cred_in, s, 1, &a, &b) == SEC_I_CONTINUE_NEEDED &&
           step(1, &sx.cred_out, c, 0, &b, &d) == SEC_E_OK && step(0, &sx.cred_in, s, 0, &d, &a) == SEC_E_OK;
}

int sspi_setup(void)
{
    SEC_WINNT_AUTH_IDENTITY_W id = identity_w();
    struct tok neg_b, chal_b;
    tw = InitSecurityInterfaceW();
    ta = InitSecurityInterfaceA();
    if (!tw || !ta)
        return 0;
    if (AcquireCredentialsHandleW(NULL, W("NTLM"), SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &sx.cred_out,
                                  NULL) != SEC_E_OK ||
        AcquireCredentialsHandleW(NULL, W("NTLM"), SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &sx.cred_in,
                                  NULL) != SEC_E_OK) {
        fprintf(stderr, "sspi fixture: AcquireCredentialsHandleW failed\n");
        return 0;
    }
    /* Pair A stops before the initiator's second step; pair B before the acceptor's. */
    if (step(1, &sx.cred_out, &sx.c_mid, 1, NULL, &sx.negotiate) != SEC_I_CONTINUE_NEEDED ||
        step(0, &sx.cred_in, &sx.s_a, 1, &sx.negotiate, &sx.challenge) != SEC_I_CONTINUE_NEEDED ||
        step(1, &sx.cred_out, &sx.c_b, 1, NULL, &neg_b) != SEC_I_CONTINUE_NEEDED ||
        step(0, &sx.cred_in, &sx.s_mid, 1, &neg_b, &chal_b) != SEC_I_CONTINUE_NEEDED ||
        step(1, &sx.cred_out, &sx.c_b, 0, &chal_b, &sx.authenticate) != SEC_E_OK) {
        fprintf(stderr, "sspi fixture: half handshakes failed\n");
        return 0;
    }
    if (!establish(&sx.seal_c, &sx.seal_s) || !establish(&sx.sig_c, &sx.sig_s)) {
        fprintf(stderr, "sspi fixture: handshake failed\n");
        return 0;
    }
    if (QueryContextAttributesW(&sx.seal_c, SECPKG_ATTR_SIZES, &sx.sizes) != SEC_E_OK ||
        sx.sizes.cbSecurityTrailer > sizeof sx.sealed_hdr || sx.sizes.cbMaxSignature > sizeof sx.signature)
        return 0;
    memcpy(sx.message, "bad input test!", 16);
    memcpy(sx.sealed_data, sx.message, 16);
    {
        SecBuffer b[2] = {{sx.sizes.cbSecurityTrailer, SECBUFFER_TOKEN, sx.sealed_hdr},
                          {16, SECBUFFER_DATA, sx.sealed_data}};
        SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
        if (EncryptMessage(&sx.seal_c, 0, &d, 0) != SEC_E_OK || b[0].cbBuffer != sx.sizes.cbSecurityTrailer)
            return 0;
    }
    {
        SecBuffer b[2] = {{16, SECBUFFER_DATA, sx.message}, {sx.sizes.cbMaxSignature, SECBUFFER_TOKEN, sx.signature}};
        SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
        if (MakeSignature(&sx.sig_c, 0, &d, 0) != SEC_E_OK)
            return 0;
    }
    return 1;
}

/* ---- argument macros ---- */

/* A SecHandle argument: `*pp` points at `*h`, a copy of a fixture handle;
 * `alt` is the other side's handle (for wrong-side) or NULL. */
static void sec_handle(const char *arg, SecHandle **pp, SecHandle *h, int is_ctx, const SecHandle *alt)
{
    offer(arg, is_ctx ? "wrong-cred" : "wrong-ctx");
    if (alt)
        offer(arg, "wrong-side");
    offer(arg, "wrong-swap");
    offer(arg, "wrong-zero");
    if (arg_is(arg, "null", REQ)) {
        *pp = NULL;
    } else if (arg_is(arg, "freed", REQ)) {
        SecHandle copy = *h;
        SECURITY_STATUS s = is_ctx ? DeleteSecurityContext(&copy) : FreeCredentialsHandle(&copy);
        if (s != SEC_E_OK)
            fail_row("freeing the fixture handle gave 0x%08x", (unsigned)s);
    } else if (arg_is(arg, "wrong", REQ)) {
        const char *v = variant();
        if (!strcmp(v, "cred") && is_ctx)
            *h = sx.cred_out;
        else if (!strcmp(v, "ctx") && !is_ctx)
            *h = sx.seal_c;
        else if (!strcmp(v, "side") && alt)
            *h = *alt;
        else if (!strcmp(v, "swap")) {
            ULONG_PTR t = h->dwLower;
            h->dwLower = h->dwUpper;
            h->dwUpper = t;
        } else if (!strcmp(v, "zero"))
            h->dwLower = h->dwUpper = 0;
        else
            fail_row("%s has no kind %s", arg, cur->kind);
    }
}
#define CTX_ARG(name, p, h, alt) sec_handle(#name, &(p), &(h), 1, alt)
#define CRED_ARG(name, p, h, alt) sec_handle(#name, &(p), &(h), 0, alt)

/* A SecBufferDesc argument `*pp` = `d` whose token buffer is `tokbuf`. */
static void sec_desc(const char *arg, SecBufferDesc **pp, SecBufferDesc *d, SecBuffer *tokbuf, int empty_required)
{
    offer(arg, "null");
    offer(arg, "null-buffers");
    offer(arg, "empty");
    if (tokbuf) {
        offer(arg, "null-pvBuffer");
        offer(arg, "empty-token");
    }
    offer(arg, "wrong-version");
    if (arg_is(arg, "null", REQ)) {
        const char *v = variant();
        if (!*v)
            *pp = NULL;
        else if (!strcmp(v, "buffers"))
            d->pBuffers = NULL;
        else if (!strcmp(v, "pvBuffer") && tokbuf)
            tokbuf->pvBuffer = NULL;
        else
            fail_row("%s has no kind %s", arg, cur->kind);
    } else if (arg_is(arg, "empty", empty_required)) {
        const char *v = variant();
        if (!*v)
            d->cBuffers = 0;
        else if (!strcmp(v, "token") && tokbuf)
            tokbuf->cbBuffer = 0;
        else
            fail_row("%s has no kind %s", arg, cur->kind);
    } else if (arg_is(arg, "wrong", OPT)) {
        if (!strcmp(variant(), "version"))
            d->ulVersion = 1;
        else
            fail_row("%s has no kind %s", arg, cur->kind);
    }
}
#define DESC_ARG(name, p, d, tokbuf, req) sec_desc(#name, &(p), &(d), tokbuf, req)

/* A string argument: null, empty (""), wrong-pkg ("Bogus", package names only). */
static void str_arg(const char *arg, const void **pp, int wide, int pkg)
{
    if (pkg)
        offer(arg, "wrong-pkg");
    if (arg_is(arg, "null", REQ))
        *pp = NULL;
    else if (arg_is(arg, "empty", REQ))
        *pp = wide ? (const void *)W("") : (const void *)"";
    else if (pkg && arg_is(arg, "wrong", REQ)) {
        if (!strcmp(variant(), "pkg"))
            *pp = wide ? (const void *)W("Bogus") : (const void *)"Bogus";
        else
            fail_row("%s has no kind %s", arg, cur->kind);
    }
}
#define STR_ARG(name, p, wide, pkg) str_arg(#name, (const void **)&(p), wide, pkg)

/* ---- cases ---- */
#define CASE(name) static uint32_t case_##name(void)

/* InitSecurityInterfaceW/A take no argument: the row checks the table the
 * other rows' "[W table]"/"[A table]" passes use: version 5 and every slot
 * pointing at the export of the same name (Reserved3/4 at Encrypt/DecryptMessage). */
#define SLOT(t, f, e)                                     \
    do {                                                  \
        if ((void *)(uintptr_t)(t)->f != (void *)(uintptr_t)(e)) { \
            fail_row("slot " #f " is not " #e);           \
            return SEC_E_INTERNAL_ERROR;                  \
        }                                                 \
    } while (0)
#define COMMON_SLOTS(t)                                                                   \
    SLOT(t, FreeCredentialsHandle, FreeCredentialsHandle);                               \
    SLOT(t, AcceptSecurityContext, AcceptSecurityContext);                               \
    SLOT(t, CompleteAuthToken, CompleteAuthToken);                                       \
    SLOT(t, DeleteSecurityContext, DeleteSecurityContext);                               \
    SLOT(t, ApplyControlToken, ApplyControlToken);                                       \
    SLOT(t, ImpersonateSecurityContext, ImpersonateSecurityContext);                     \
    SLOT(t, RevertSecurityContext, RevertSecurityContext);                               \
    SLOT(t, MakeSignature, MakeSignature);                                               \
    SLOT(t, VerifySignature, VerifySignature);                                           \
    SLOT(t, FreeContextBuffer, FreeContextBuffer);                                       \
    SLOT(t, Reserved3, EncryptMessage);                                                  \
    SLOT(t, Reserved4, DecryptMessage);                                                  \
    SLOT(t, ExportSecurityContext, ExportSecurityContext);                               \
    SLOT(t, QuerySecurityContextToken, QuerySecurityContextToken);                       \
    SLOT(t, EncryptMessage, EncryptMessage);                                             \
    SLOT(t, DecryptMessage, DecryptMessage);                                             \
    if ((t)->Reserved2 || (t)->Reserved8 || (t)->dwVersion != SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5) \
        return SEC_E_INTERNAL_ERROR

static uint32_t check_table_w(SecurityFunctionTableW *t)
{
    if (!t)
        return SEC_E_INTERNAL_ERROR;
    COMMON_SLOTS(t);
    SLOT(t, EnumerateSecurityPackagesW, EnumerateSecurityPackagesW);
    SLOT(t, QueryCredentialsAttributesW, QueryCredentialsAttributesW);
    SLOT(t, AcquireCredentialsHandleW, AcquireCredentialsHandleW);
    SLOT(t, InitializeSecurityContextW, InitializeSecurityContextW);
    SLOT(t, QueryContextAttributesW, QueryContextAttributesW);
    SLOT(t, QuerySecurityPackageInfoW, QuerySecurityPackageInfoW);
    SLOT(t, ImportSecurityContextW, ImportSecurityContextW);
    SLOT(t, AddCredentialsW, AddCredentialsW);
    SLOT(t, SetContextAttributesW, SetContextAttributesW);
    SLOT(t, SetCredentialsAttributesW, SetCredentialsAttributesW);
    SLOT(t, ChangeAccountPasswordW, ChangeAccountPasswordW);
    SLOT(t, QueryContextAttributesExW, QueryContextAttributesExW);
    SLOT(t, QueryCredentialsAttributesExW, QueryCredentialsAttributesExW);
    return SEC_E_OK;
}

static uint32_t check_table_a(SecurityFunctionTableA *t)
{
    if (!t)
        return SEC_E_INTERNAL_ERROR;
    COMMON_SLOTS(t);
    SLOT(t, EnumerateSecurityPackagesA, EnumerateSecurityPackagesA);
    SLOT(t, QueryCredentialsAttributesA, QueryCredentialsAttributesA);
    SLOT(t, AcquireCredentialsHandleA, AcquireCredentialsHandleA);
    SLOT(t, InitializeSecurityContextA, InitializeSecurityContextA);
    SLOT(t, QueryContextAttributesA, QueryContextAttributesA);
    SLOT(t, QuerySecurityPackageInfoA, QuerySecurityPackageInfoA);
    SLOT(t, ImportSecurityContextA, ImportSecurityContextA);
    SLOT(t, AddCredentialsA, AddCredentialsA);
    SLOT(t, SetContextAttributesA, SetContextAttributesA);
    SLOT(t, SetCredentialsAttributesA, SetCredentialsAttributesA);
    SLOT(t, ChangeAccountPasswordA, ChangeAccountPasswordA);
    SLOT(t, QueryContextAttributesExA, QueryContextAttributesExA);
    SLOT(t, QueryCredentialsAttributesExA, QueryCredentialsAttributesExA);
    return SEC_E_OK;
}

CASE(InitSecurityInterfaceW) { CALL(check_table_w(InitSecurityInterfaceW())); }
CASE(InitSecurityInterfaceA) { CALL(check_table_a(InitSecurityInterfaceA())); }

static uint32_t enumerate(int wide)
{
    ULONG n, *pn = &n;
    void *info = NULL, **pinfo = &info;
    PTR(pcPackages, pn);
    PTR(ppPackageInfo, pinfo);
    if (wide)
        CALL(SFW(EnumerateSecurityPackagesW)(pn, (PSecPkgInfoW *)pinfo));
    CALL(SFA(EnumerateSecurityPackagesA)(pn, (PSecPkgInfoA *)pinfo));
}
CASE(EnumerateSecurityPackagesW) { return enumerate(1); }
CASE(EnumerateSecurityPackagesA) { return enumerate(0); }

static uint32_t query_package(int wide)
{
    const void *name = wide ? (const void *)W("NTLM") : (const void *)"NTLM";
    void *info = NULL, **pinfo = &info;
    STR_ARG(pszPackageName, name, wide, 1);
    PTR(ppPackageInfo, pinfo);
    if (wide)
        CALL(SFW(QuerySecurityPackageInfoW)(name, (PSecPkgInfoW *)pinfo));
    CALL(SFA(QuerySecurityPackageInfoA)(name, (PSecPkgInfoA *)pinfo));
}
CASE(QuerySecurityPackageInfoW) { return query_package(1); }
CASE(QuerySecurityPackageInfoA) { return query_package(0); }

static uint32_t acquire(int wide)
{
    const void *principal = wide ? (const void *)W(USER) : (const void *)USER;
    const void *package = wide ? (const void *)W("NTLM") : (const void *)"NTLM";
    SEC_WINNT_AUTH_IDENTITY_W id = identity_w(), *pid = &id;
    SEC_WINNT_AUTH_IDENTITY_A ida = {(unsigned char *)USER, (ULONG)strlen(USER), (unsigned char *)DOMAIN,
                                     (ULONG)strlen(DOMAIN), (unsigned char *)PASSWORD, (ULONG)strlen(PASSWORD),
                                     SEC_WINNT_AUTH_IDENTITY_ANSI};
    void *auth = wide ? (void *)pid : (void *)&ida;
    CredHandle h, *ph = &h;
    TimeStamp ts, *pts = &ts;
    unsigned long long logon = 0;
    void *plogon = &logon, *pkeyarg = &logon;
    SEC_GET_KEY_FN keyfn = NULL;
    STR_ARG(pszPrincipal, principal, wide, 0);
    STR_ARG(pszPackage, package, wide, 1);
    PTR(pvLogonId, plogon);
    if (arg_is("pAuthData", "null", REQ))
        auth = NULL;
    else if (arg_is("pAuthData", "empty", REQ)) {
        /* Every string NULL and empty: Windows' "default credentials". */
        memset(&id, 0, sizeof id);
        memset(&ida, 0, sizeof ida);
        id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
        ida.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    }
    if (arg_is("pGetKeyFn", "null", REQ))
        keyfn = NULL;
    PTR(pvGetKeyArgument, pkeyarg);
    PTR(phCredential, ph);
    PTR(ptsExpiry, pts);
    if (wide)
        CALL(SFW(AcquireCredentialsHandleW)(principal, package, SECPKG_CRED_OUTBOUND, plogon, auth, keyfn, pkeyarg,
                                            ph, pts));
    CALL(SFA(AcquireCredentialsHandleA)(principal, package, SECPKG_CRED_OUTBOUND, plogon, auth, keyfn, pkeyarg, ph,
                                        pts));
}
CASE(AcquireCredentialsHandleW) { return acquire(1); }
CASE(AcquireCredentialsHandleA) { return acquire(0); }

CASE(FreeCredentialsHandle)
{
    CredHandle h, *ph = &h;
    /* A credential of its own, so the valid row frees something the fixture does not need. */
    if (!describing) {
        SEC_WINNT_AUTH_IDENTITY_W id = identity_w();
        if (AcquireCredentialsHandleW(NULL, W("NTLM"), SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &h, NULL))
            fail_row("could not acquire a credential to free");
    }
    CRED_ARG(phCredential, ph, h, NULL);
    CALL(SF(FreeCredentialsHandle)(ph));
}

static uint32_t query_cred(int wide)
{
    CredHandle h = sx.cred_out, *ph = &h;
    SecPkgCredentials_NamesW names, *pnames = &names;
    CRED_ARG(phCredential, ph, h, NULL);
    PTR(pBuffer, pnames);
    if (wide)
        CALL(SFW(QueryCredentialsAttributesW)(ph, SECPKG_CRED_ATTR_NAMES, pnames));
    CALL(SFA(QueryCredentialsAttributesA)(ph, SECPKG_CRED_ATTR_NAMES, pnames));
}
CASE(QueryCredentialsAttributesW) { return query_cred(1); }
CASE(QueryCredentialsAttributesA) { return query_cred(0); }

/* InitializeSecurityContext: "first" starts a context (phContext NULL, no
 * input); "second" continues c_mid with the acceptor's CHALLENGE. */
static uint32_t isc(int wide, int first)
{
    CredHandle cred = sx.cred_out, *pcred = &cred;
    CtxtHandle ctx = sx.c_mid, *pctx = first ? NULL : &ctx, newctx, *pnew = first ? &newctx : &ctx;
    const void *target = wide ? (const void *)W("HTTP/localhost") : (const void *)"HTTP/localhost";
    struct tok in = sx.challenge;
    unsigned char out[TOK_MAX];
    SecBuffer ib = {in.len, SECBUFFER_TOKEN, in.data}, ob = {TOK_MAX, SECBUFFER_TOKEN, out};
    SecBufferDesc id = {SECBUFFER_VERSION, 1, &ib}, od = {SECBUFFER_VERSION, 1, &ob};
    SecBufferDesc *pin = first ? NULL : &id, *pout = &od;
    ULONG attrs, *pattrs = &attrs;
    TimeStamp ts, *pts = &ts;
    const ULONG req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY;
    CRED_ARG(phCredential, pcred, cred, &sx.cred_in);
    if (!first)
        CTX_ARG(phContext, pctx, ctx, &sx.s_mid);
    STR_ARG(pszTargetName, target, wide, 0);
    if (first) {
        /* pInput is NULL on a first call; an empty descriptor is the only bad form. */
        pin = &id;
        id.cBuffers = 0;
        if (arg_is("pInput", "null", REQ))
            pin = NULL;
        else if (!arg_is("pInput", "empty", REQ))
            pin = NULL;
    } else {
        DESC_ARG(pInput, pin, id, &ib, REQ);
    }
    PTR(phNewContext, pnew);
    DESC_ARG(pOutput, pout, od, &ob, REQ);
    PTR(pfContextAttr, pattrs);
    PTR(ptsExpiry, pts);
    if (wide)
        CALL(SFW(InitializeSecurityContextW)(pcred, pctx, target, req, 0, SECURITY_NATIVE_DREP, pin, 0, pnew, pout,
                                             pattrs, pts));
    CALL(SFA(InitializeSecurityContextA)(pcred, pctx, target, req, 0, SECURITY_NATIVE_DREP, pin, 0, pnew, pout,
                                         pattrs, pts));
}
CASE(InitializeSecurityContextW_first) { return isc(1, 1); }
CASE(InitializeSecurityContextW_second) { return isc(1, 0); }
CASE(InitializeSecurityContextA_first) { return isc(0, 1); }
CASE(InitializeSecurityContextA_second) { return isc(0, 0); }

/* AcceptSecurityContext: "first" takes the NEGOTIATE message; "second"
 * continues s_mid with the initiator's AUTHENTICATE message. */
static uint32_t asc(int first)
{
    CredHandle cred = sx.cred_in, *pcred = &cred;
    CtxtHandle ctx = sx.s_mid, *pctx = first ? NULL : &ctx, newctx, *pnew = first ? &newctx : &ctx;
    struct tok in = first ? sx.negotiate : sx.authenticate;
    unsigned char out[TOK_MAX];
    SecBuffer ib = {in.len, SECBUFFER_TOKEN, in.data}, ob = {TOK_MAX, SECBUFFER_TOKEN, out};
    SecBufferDesc id = {SECBUFFER_VERSION, 1, &ib}, od = {SECBUFFER_VERSION, 1, &ob};
    SecBufferDesc *pin = &id, *pout = &od;
    ULONG attrs, *pattrs = &attrs;
    TimeStamp ts, *pts = &ts;
    CRED_ARG(phCredential, pcred, cred, &sx.cred_out);
    if (!first)
        CTX_ARG(phContext, pctx, ctx, &sx.c_b);
    DESC_ARG(pInput, pin, id, &ib, REQ);
    PTR(phNewContext, pnew);
    DESC_ARG(pOutput, pout, od, &ob, first);
    PTR(pfContextAttr, pattrs);
    PTR(ptsExpiry, pts);
    CALL(SF(AcceptSecurityContext)(pcred, pctx, pin, ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY,
                                   SECURITY_NATIVE_DREP, pnew, pout, pattrs, pts));
}
CASE(AcceptSecurityContext_first) { return asc(1); }
CASE(AcceptSecurityContext_second) { return asc(0); }

CASE(CompleteAuthToken)
{
    CtxtHandle ctx = sx.seal_c, *pctx = &ctx;
    SecBuffer b = {0, SECBUFFER_TOKEN, NULL};
    SecBufferDesc d = {SECBUFFER_VERSION, 1, &b}, *pd = &d;
    CTX_ARG(phContext, pctx, ctx, NULL);
    PTR(pToken, pd);
    CALL(SF(CompleteAuthToken)(pctx, pd));
}

CASE(DeleteSecurityContext)
{
    CtxtHandle ctx = sx.seal_c, *pctx = &ctx;
    CTX_ARG(phContext, pctx, ctx, NULL);
    CALL(SF(DeleteSecurityContext)(pctx));
}

static uint32_t query_ctx(int wide)
{
    CtxtHandle ctx = sx.seal_c, *pctx = &ctx;
    SecPkgContext_Sizes sizes, *ps = &sizes;
    CTX_ARG(phContext, pctx, ctx, NULL);
    PTR(pBuffer, ps);
    if (wide)
        CALL(SFW(QueryContextAttributesW)(pctx, SECPKG_ATTR_SIZES, ps));
    CALL(SFA(QueryContextAttributesA)(pctx, SECPKG_ATTR_SIZES, ps));
}
CASE(QueryContextAttributesW) { return query_ctx(1); }
CASE(QueryContextAttributesA) { return query_ctx(0); }

/* Message buffers: [DATA, TOKEN] with the fixture's message. */
CASE(MakeSignature)
{
    CtxtHandle ctx = sx.sig_c, *pctx = &ctx;
    unsigned char data[16], sig[64];
    SecBuffer b[2] = {{16, SECBUFFER_DATA, data}, {sx.sizes.cbMaxSignature, SECBUFFER_TOKEN, sig}};
    SecBufferDesc d = {SECBUFFER_VERSION, 2, b}, *pd = &d;
    memcpy(data, sx.message, 16);
    CTX_ARG(phContext, pctx, ctx, NULL);
    DESC_ARG(pMessage, pd, d, &b[1], REQ);
    CALL(SF(MakeSignature)(pctx, 0, pd, 0));
}

CASE(VerifySignature)
{
    CtxtHandle ctx = sx.sig_s, *pctx = &ctx;
    unsigned char data[16], sig[64];
    SecBuffer b[2] = {{16, SECBUFFER_DATA, data}, {sx.sizes.cbMaxSignature, SECBUFFER_TOKEN, sig}};
    SecBufferDesc d = {SECBUFFER_VERSION, 2, b}, *pd = &d;
    ULONG qop, *pqop = &qop;
    memcpy(data, sx.message, 16);
    memcpy(sig, sx.signature, sizeof sig);
    CTX_ARG(phContext, pctx, ctx, NULL);
    DESC_ARG(pMessage, pd, d, &b[1], REQ);
    PTR(pfQOP, pqop);
    CALL(SF(VerifySignature)(pctx, pd, 0, pqop));
}

CASE(EncryptMessage)
{
    CtxtHandle ctx = sx.seal_c, *pctx = &ctx;
    unsigned char data[16], hdr[64];
    SecBuffer b[2] = {{sx.sizes.cbSecurityTrailer, SECBUFFER_TOKEN, hdr}, {16, SECBUFFER_DATA, data}};
    SecBufferDesc d = {SECBUFFER_VERSION, 2, b}, *pd = &d;
    memcpy(data, sx.message, 16);
    CTX_ARG(phContext, pctx, ctx, NULL);
    DESC_ARG(pMessage, pd, d, &b[0], REQ);
    CALL(SF(EncryptMessage)(pctx, 0, pd, 0));
}

CASE(DecryptMessage)
{
    CtxtHandle ctx = sx.seal_s, *pctx = &ctx;
    unsigned char data[16], hdr[64];
    SecBuffer b[2] = {{sx.sizes.cbSecurityTrailer, SECBUFFER_TOKEN, hdr}, {16, SECBUFFER_DATA, data}};
    SecBufferDesc d = {SECBUFFER_VERSION, 2, b}, *pd = &d;
    ULONG qop, *pqop = &qop;
    memcpy(data, sx.sealed_data, 16);
    memcpy(hdr, sx.sealed_hdr, sizeof hdr);
    CTX_ARG(phContext, pctx, ctx, NULL);
    DESC_ARG(pMessage, pd, d, &b[0], REQ);
    PTR(pfQOP, pqop);
    CALL(SF(DecryptMessage)(pctx, pd, 0, pqop));
}

CASE(FreeContextBuffer)
{
    void *p = NULL;
    ULONG n;
    if (!describing && EnumerateSecurityPackagesW(&n, (PSecPkgInfoW *)&p) != SEC_E_OK)
        fail_row("EnumerateSecurityPackagesW failed");
    PTR(pvContextBuffer, p);
    CALL(SF(FreeContextBuffer)(p));
}

/* ---- not implemented (SEC_E_UNSUPPORTED_FUNCTION after the handle check) ---- */
CASE(ApplyControlToken)
{
    CtxtHandle ctx = sx.seal_c, *pctx = &ctx;
    SecBuffer b = {4, SECBUFFER_TOKEN, sx.message};
    SecBufferDesc d = {SECBUFFER_VERSION, 1, &b}, *pd = &d;
    CTX_ARG(phContext, pctx, ctx, NULL);
    DESC_ARG(pInput, pd, d, &b, REQ);
    CALL(SF(ApplyControlToken)(pctx, pd));
}

CASE(ImpersonateSecurityContext)
{
    CtxtHandle ctx = sx.seal_s, *pctx = &ctx;
    CTX_ARG(phContext, pctx, ctx, NULL);
    CALL(SF(ImpersonateSecurityContext)(pctx));
}

CASE(RevertSecurityContext)
{
    CtxtHandle ctx = sx.seal_s, *pctx = &ctx;
    CTX_ARG(phContext, pctx, ctx, NULL);
    CALL(SF(RevertSecurityContext)(pctx));
}

CASE(QuerySecurityContextToken)
{
    CtxtHandle ctx = sx.seal_s, *pctx = &ctx;
    void *token = NULL, **ptoken = &token;
    CTX_ARG(phContext, pctx, ctx, NULL);
    PTR(Token, ptoken);
    CALL(SF(QuerySecurityContextToken)(pctx, ptoken));
}

CASE(ExportSecurityContext)
{
    CtxtHandle ctx = sx.seal_s, *pctx = &ctx;
    SecBuffer packed = {0, SECBUFFER_EMPTY, NULL}, *ppacked = &packed;
    void *token = NULL, **ptoken = &token;
    CTX_ARG(phContext, pctx, ctx, NULL);
    PTR(pPackedContext, ppacked);
    PTR(pToken, ptoken);
    CALL(SF(ExportSecurityContext)(pctx, 0, ppacked, ptoken));
}

static uint32_t import_ctx(int wide)
{
    const void *pkg = wide ? (const void *)W("NTLM") : (const void *)"NTLM";
    SecBuffer packed = {16, SECBUFFER_EMPTY, sx.message}, *ppacked = &packed;
    int token_dummy = 0;
    void *token = &token_dummy;
    CtxtHandle ctx, *pctx = &ctx;
    STR_ARG(pszPackage, pkg, wide, 1);
    PTR(pPackedContext, ppacked);
    PTR(Token, token);
    PTR(phContext, pctx);
    if (wide)
        CALL(SFW(ImportSecurityContextW)((SEC_WCHAR *)pkg, ppacked, token, pctx));
    CALL(SFA(ImportSecurityContextA)((SEC_CHAR *)pkg, ppacked, token, pctx));
}
CASE(ImportSecurityContextW) { return import_ctx(1); }
CASE(ImportSecurityContextA) { return import_ctx(0); }

static uint32_t add_creds(int wide)
{
    CredHandle cred = sx.cred_out, *pcred = &cred;
    const void *principal = wide ? (const void *)W(USER) : (const void *)USER;
    const void *package = wide ? (const void *)W("NTLM") : (const void *)"NTLM";
    SEC_WINNT_AUTH_IDENTITY_W id = identity_w();
    void *auth = &id, *keyarg = &id;
    TimeStamp ts, *pts = &ts;
    CRED_ARG(hCredentials, pcred, cred, NULL);
    STR_ARG(pszPrincipal, principal, wide, 0);
    STR_ARG(pszPackage, package, wide, 1);
    PTR(pAuthData, auth);
    PTR(pvGetKeyArgument, keyarg);
    PTR(ptsExpiry, pts);
    if (wide)
        CALL(SFW(AddCredentialsW)(pcred, (SEC_WCHAR *)principal, (SEC_WCHAR *)package, SECPKG_CRED_OUTBOUND, auth,
                                  NULL, keyarg, pts));
    CALL(SFA(AddCredentialsA)(pcred, (SEC_CHAR *)principal, (SEC_CHAR *)package, SECPKG_CRED_OUTBOUND, auth, NULL,
                              keyarg, pts));
}
CASE(AddCredentialsW) { return add_creds(1); }
CASE(AddCredentialsA) { return add_creds(0); }

/* SetContextAttributes / QueryContextAttributesEx: (phContext, ulAttribute, pBuffer, cbBuffer). */
static uint32_t ctx_attr4(int which)
{
    CtxtHandle ctx = sx.seal_c, *pctx = &ctx;
    SecPkgContext_Sizes sizes, *ps = &sizes;
    CTX_ARG(phContext, pctx, ctx, NULL);
    PTR(pBuffer, ps);
    switch (which) {
    case 0:
        CALL(SFW(SetContextAttributesW)(pctx, SECPKG_ATTR_SIZES, ps, sizeof sizes));
    case 1:
        CALL(SFA(SetContextAttributesA)(pctx, SECPKG_ATTR_SIZES, ps, sizeof sizes));
    case 2:
        CALL(SFW(QueryContextAttributesExW)(pctx, SECPKG_ATTR_SIZES, ps, sizeof sizes));
    default:
        CALL(SFA(QueryContextAttributesExA)(pctx, SECPKG_ATTR_SIZES, ps, sizeof sizes));
    }
}
CASE(SetContextAttributesW) { return ctx_attr4(0); }
CASE(SetContextAttributesA) { return ctx_attr4(1); }
CASE(QueryContextAttributesExW) { return ctx_attr4(2); }
CASE(QueryContextAttributesExA) { return ctx_attr4(3); }

/* SetCredentialsAttributes / QueryCredentialsAttributesEx: (phCredential, ulAttribute, pBuffer, cbBuffer). */
static uint32_t cred_attr4(int which)
{
    CredHandle cred = sx.cred_out, *pcred = &cred;
    SecPkgCredentials_NamesW names, *pn = &names;
    CRED_ARG(phCredential, pcred, cred, NULL);
    PTR(pBuffer, pn);
    switch (which) {
    case 0:
        CALL(SFW(SetCredentialsAttributesW)(pcred, SECPKG_CRED_ATTR_NAMES, pn, sizeof names));
    case 1:
        CALL(SFA(SetCredentialsAttributesA)(pcred, SECPKG_CRED_ATTR_NAMES, pn, sizeof names));
    case 2:
        CALL(SFW(QueryCredentialsAttributesExW)(pcred, SECPKG_CRED_ATTR_NAMES, pn, sizeof names));
    default:
        CALL(SFA(QueryCredentialsAttributesExA)(pcred, SECPKG_CRED_ATTR_NAMES, pn, sizeof names));
    }
}
CASE(SetCredentialsAttributesW) { return cred_attr4(0); }
CASE(SetCredentialsAttributesA) { return cred_attr4(1); }
CASE(QueryCredentialsAttributesExW) { return cred_attr4(2); }
CASE(QueryCredentialsAttributesExA) { return cred_attr4(3); }

static uint32_t change_password(int wide)
{
    const void *pkg = wide ? (const void *)W("NTLM") : (const void *)"NTLM";
    const void *dom = wide ? (const void *)W(DOMAIN) : (const void *)DOMAIN;
    const void *acct = wide ? (const void *)W(USER) : (const void *)USER;
    const void *oldpw = wide ? (const void *)W(PASSWORD) : (const void *)PASSWORD;
    const void *newpw = wide ? (const void *)W("N3w-Passw0rd!") : (const void *)"N3w-Passw0rd!";
    unsigned char out[256];
    SecBuffer ob = {sizeof out, SECBUFFER_TOKEN, out};
    SecBufferDesc od = {SECBUFFER_VERSION, 1, &ob}, *pod = &od;
    STR_ARG(pszPackageName, pkg, wide, 1);
    STR_ARG(pszDomainName, dom, wide, 0);
    STR_ARG(pszAccountName, acct, wide, 0);
    STR_ARG(pszOldPassword, oldpw, wide, 0);
    STR_ARG(pszNewPassword, newpw, wide, 0);
    DESC_ARG(pOutput, pod, od, &ob, OPT);
    if (wide)
        CALL(SFW(ChangeAccountPasswordW)((SEC_WCHAR *)pkg, (SEC_WCHAR *)dom, (SEC_WCHAR *)acct, (SEC_WCHAR *)oldpw,
                                         (SEC_WCHAR *)newpw, 0, 0, pod));
    CALL(SFA(ChangeAccountPasswordA)((SEC_CHAR *)pkg, (SEC_CHAR *)dom, (SEC_CHAR *)acct, (SEC_CHAR *)oldpw,
                                     (SEC_CHAR *)newpw, 0, 0, pod));
}
CASE(ChangeAccountPasswordW) { return change_password(1); }
CASE(ChangeAccountPasswordA) { return change_password(0); }

#define C(name) {#name, case_##name, 1},
#define CS(name, scen) {#name "/" #scen, case_##name##_##scen, 1},
const struct case_def sspi_cases[] = {
    C(InitSecurityInterfaceW) C(InitSecurityInterfaceA)
    C(EnumerateSecurityPackagesW) C(EnumerateSecurityPackagesA)
    C(QuerySecurityPackageInfoW) C(QuerySecurityPackageInfoA)
    C(AcquireCredentialsHandleW) C(AcquireCredentialsHandleA)
    C(FreeCredentialsHandle)
    C(QueryCredentialsAttributesW) C(QueryCredentialsAttributesA)
    CS(InitializeSecurityContextW, first) CS(InitializeSecurityContextW, second)
    CS(InitializeSecurityContextA, first) CS(InitializeSecurityContextA, second)
    CS(AcceptSecurityContext, first) CS(AcceptSecurityContext, second)
    C(CompleteAuthToken) C(DeleteSecurityContext)
    C(QueryContextAttributesW) C(QueryContextAttributesA)
    C(MakeSignature) C(VerifySignature) C(EncryptMessage) C(DecryptMessage)
    C(FreeContextBuffer)
    C(ApplyControlToken) C(ImpersonateSecurityContext) C(RevertSecurityContext)
    C(QuerySecurityContextToken) C(ExportSecurityContext)
    C(ImportSecurityContextW) C(ImportSecurityContextA)
    C(AddCredentialsW) C(AddCredentialsA)
    C(SetContextAttributesW) C(SetContextAttributesA)
    C(QueryContextAttributesExW) C(QueryContextAttributesExA)
    C(SetCredentialsAttributesW) C(SetCredentialsAttributesA)
    C(QueryCredentialsAttributesExW) C(QueryCredentialsAttributesExA)
    C(ChangeAccountPasswordW) C(ChangeAccountPasswordA)
};
const size_t n_sspi_cases = sizeof sspi_cases / sizeof *sspi_cases;
