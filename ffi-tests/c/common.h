/* Shared helpers for the sspi-shim C tests: TAP-style output, UTF-16 strings,
 * a test user database (NTLM_USER_FILE) and an in-process NTLM handshake.
 * Everything here uses only Microsoft's documented sspi.h names. */
#ifndef SSPI_SHIM_TEST_COMMON_H
#define SSPI_SHIM_TEST_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

#include "sspi.h"

/* ---- TAP-like reporting ------------------------------------------------ */
static int g_tests, g_failed;

static inline int ok_(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    g_tests++;
    printf("%sok %d - ", cond ? "" : "not ", g_tests);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        g_failed++;
        printf("#   failed at %s:%d\n", file, line);
    }
    fflush(stdout);
    return cond;
}
#define OK(cond, ...) ok_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static inline int is_status_(SECURITY_STATUS got, SECURITY_STATUS want, const char *file, int line,
                      const char *fmt, ...)
{
    va_list ap;
    int cond = got == want;
    g_tests++;
    printf("%sok %d - ", cond ? "" : "not ", g_tests);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        g_failed++;
        printf("#   failed at %s:%d: got 0x%08X, want 0x%08X\n", file, line, (unsigned)got, (unsigned)want);
    }
    fflush(stdout);
    return cond;
}
/* IS(status, expected, "description", ...) */
#define IS(got, want, ...) is_status_((SECURITY_STATUS)(got), (SECURITY_STATUS)(want), __FILE__, __LINE__, __VA_ARGS__)

/* Either of two statuses is right (used where the protocol cannot tell two
 * documented errors apart; each use says why). */
static inline int is_either_(SECURITY_STATUS got, SECURITY_STATUS a, SECURITY_STATUS b, const char *file, int line,
                      const char *desc)
{
    int cond = got == a || got == b;
    ok_(cond, file, line, "%s", desc);
    if (!cond)
        printf("#   got 0x%08X, want 0x%08X or 0x%08X\n", (unsigned)got, (unsigned)a, (unsigned)b);
    return cond;
}
#define IS_EITHER(got, a, b, desc) is_either_((SECURITY_STATUS)(got), (SECURITY_STATUS)(a), (SECURITY_STATUS)(b), __FILE__, __LINE__, desc)

static inline int done_testing(void)
{
    printf("1..%d\n", g_tests);
    if (g_failed)
        printf("# %d of %d failed\n", g_failed, g_tests);
    return g_failed || g_tests == 0 ? 1 : 0;
}

/* Give up on the current program (a step failed so later checks are meaningless). */
#define BAIL(...) do { printf("Bail out! "); printf(__VA_ARGS__); printf("\n"); exit(1); } while (0)

/* ---- strings ------------------------------------------------------------ */
/* UTF-8 (BMP only) to NUL-terminated UTF-16; returns the length in characters. */
static inline ULONG utf16(SEC_WCHAR *dst, size_t cap, const char *src)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t n = 0;
    while (*s && n + 1 < cap) {
        unsigned c = *s++;
        if (c >= 0xE0) {
            c = ((c & 0x0F) << 12) | ((unsigned)(s[0] & 0x3F) << 6) | (s[1] & 0x3F);
            s += 2;
        } else if (c >= 0xC0) {
            c = ((c & 0x1F) << 6) | (s[0] & 0x3F);
            s += 1;
        }
        dst[n++] = (SEC_WCHAR)c;
    }
    dst[n] = 0;
    return (ULONG)n;
}

/* A UTF-16 string literal helper with a small rotating pool: W("NTLM"). */
#if defined(__GNUC__)
#define TEST_THREAD_LOCAL __thread /* W() is used from many threads in threads.c */
#else
#define TEST_THREAD_LOCAL
#endif
static inline SEC_WCHAR *W(const char *s)
{
    static TEST_THREAD_LOCAL SEC_WCHAR pool[8][256];
    static TEST_THREAD_LOCAL int next;
    SEC_WCHAR *d = pool[next++ & 7];
    utf16(d, 256, s);
    return d;
}

/* Compare a NUL-terminated UTF-16 string with a UTF-8 one. */
static inline int wstr_eq(const SEC_WCHAR *a, const char *b)
{
    SEC_WCHAR tmp[512];
    size_t i;
    if (!a)
        return 0;
    utf16(tmp, 512, b);
    for (i = 0; tmp[i] && a[i] == tmp[i]; i++)
        ;
    return a[i] == tmp[i];
}

/* ASCII rendering of a UTF-16 string for diagnostics. */
static inline const char *narrow(const SEC_WCHAR *w)
{
    static char buf[4][256];
    static int next;
    char *d = buf[next++ & 3];
    size_t i = 0;
    if (!w)
        return "(null)";
    for (; w[i] && i < 255; i++)
        d[i] = w[i] < 128 ? (char)w[i] : '?';
    d[i] = 0;
    return d;
}

static inline int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle), i, j;
    for (i = 0; hay && hay[i]; i++) {
        for (j = 0; j < n; j++) {
            char a = hay[i + j], b = needle[j];
            if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
            if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
            if (a != b)
                break;
        }
        if (j == n)
            return 1;
    }
    return 0;
}

/* ---- test accounts ---------------------------------------------------- */
#define T_DOMAIN "EXAMPLE"
#define T_USER "alice"
#define T_PASS "S3cret-p@ss"
#define T_USER2 "bob"
#define T_PASS2 "P\xC3\xA4ssw\xC3\xB6rd-\xE2\x82\xAC" /* "Pässwörd-€" in UTF-8 */
#define T_DEFAULT_DOMAIN "LOCALDOM"
#define T_DEFAULT_PASS "default-Pa55"
#define T_TARGET "HTTP/server.example.com"

static char g_userfile[256], g_userfile_nologin[256], g_login[128];

static inline void remove_user_files(void)
{
    if (g_userfile[0]) unlink(g_userfile);
    if (g_userfile_nologin[0]) unlink(g_userfile_nologin);
}

static inline void write_file(char *path, const char *tmpl, const char *content)
{
    const char *dir = getenv("TMPDIR");
    int fd;
    snprintf(path, 256, "%s/%s", dir && *dir ? dir : "/tmp", tmpl);
    fd = mkstemp(path);
    if (fd < 0 || write(fd, content, strlen(content)) != (ssize_t)strlen(content))
        BAIL("cannot write %s", path);
    close(fd);
}

/* Write the user database and point NTLM_USER_FILE at it; USER is set to the
 * real login name, so "the current user" means the same thing whether the
 * library asks the environment or the password database. */
static inline void setup_user_file(void)
{
    char content[1024];
    struct passwd *pw = getpwuid(geteuid());
    snprintf(g_login, sizeof g_login, "%s", pw ? pw->pw_name : (getenv("USER") ? getenv("USER") : "tester"));
    setenv("USER", g_login, 1);
    snprintf(content, sizeof content, "%s:%s:%s\n%s:%s:%s\n%s:%s:%s\n", T_DOMAIN, T_USER, T_PASS, T_DOMAIN,
             T_USER2, T_PASS2, T_DEFAULT_DOMAIN, g_login, T_DEFAULT_PASS);
    write_file(g_userfile, "sspi-users-XXXXXX", content);
    snprintf(content, sizeof content, "%s:%s:%s\n", T_DOMAIN, T_USER, T_PASS);
    write_file(g_userfile_nologin, "sspi-users-nologin-XXXXXX", content);
    setenv("NTLM_USER_FILE", g_userfile, 1);
    atexit(remove_user_files);
}

/* ---- identities ---------------------------------------------------------- */
typedef struct {
    SEC_WCHAR user[128], domain[128], password[128];
    SEC_WINNT_AUTH_IDENTITY_W id;
} wident_t;

/* domain may be NULL (for the DOMAIN\user and user@domain forms). */
static inline SEC_WINNT_AUTH_IDENTITY_W *make_wident(wident_t *w, const char *user, const char *domain, const char *pass)
{
    memset(w, 0, sizeof *w);
    w->id.User = (void *)w->user;
    w->id.UserLength = utf16(w->user, 128, user);
    if (domain) {
        w->id.Domain = (void *)w->domain;
        w->id.DomainLength = utf16(w->domain, 128, domain);
    }
    w->id.Password = (void *)w->password;
    w->id.PasswordLength = utf16(w->password, 128, pass);
    w->id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    return &w->id;
}

typedef struct {
    char user[128], domain[128], password[128];
    SEC_WINNT_AUTH_IDENTITY_A id;
} aident_t;

static inline SEC_WINNT_AUTH_IDENTITY_A *make_aident(aident_t *a, const char *user, const char *domain, const char *pass)
{
    memset(a, 0, sizeof *a);
    snprintf(a->user, sizeof a->user, "%s", user);
    snprintf(a->password, sizeof a->password, "%s", pass);
    a->id.User = (void *)a->user;
    a->id.UserLength = (ULONG)strlen(user);
    if (domain) {
        snprintf(a->domain, sizeof a->domain, "%s", domain);
        a->id.Domain = (void *)a->domain;
        a->id.DomainLength = (ULONG)strlen(domain);
    }
    a->id.Password = (void *)a->password;
    a->id.PasswordLength = (ULONG)strlen(pass);
    a->id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    return &a->id;
}

/* ---- the function table ------------------------------------------------ */
static inline PSecurityFunctionTableW T(void)
{
    static PSecurityFunctionTableW t;
    if (!t) {
        t = InitSecurityInterfaceW();
        if (!t)
            BAIL("InitSecurityInterfaceW returned NULL");
    }
    return t;
}

static inline int64_t ts64(const TimeStamp *ts)
{
    int64_t v;
    memcpy(&v, ts, sizeof v);
    return v;
}

/* Acceptor auth data: NULL (validate against NTLM_USER_FILE).  Only when
 * built with -DDEV_OTHER_SSPI (development against another SSPI that has no
 * NTLM_USER_FILE acceptor; never in run.sh) the acceptor gets alice's identity. */
static inline void *server_auth(void)
{
#ifdef DEV_OTHER_SSPI
    static TEST_THREAD_LOCAL wident_t dev;
    return make_wident(&dev, T_USER, T_DOMAIN, T_PASS);
#else
    return NULL;
#endif
}

/* Acquire NTLM credentials through the W table. auth may be NULL (defaults). */
static inline SECURITY_STATUS acquire_w(ULONG use, void *auth, CredHandle *cred, TimeStamp *expiry)
{
    TimeStamp dummy;
    if (use == SECPKG_CRED_INBOUND && !auth)
        auth = server_auth();
    return T()->AcquireCredentialsHandleW(NULL, W("NTLM"), use, NULL, auth, NULL, NULL, cred,
                                          expiry ? expiry : &dummy);
}

/* ---- an in-process handshake ------------------------------------------- */
#define DEFAULT_ISC_REQ (ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT | \
                         ISC_REQ_SEQUENCE_DETECT | ISC_REQ_CONNECTION)
#define DEFAULT_ASC_REQ (ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY | ASC_REQ_REPLAY_DETECT | \
                         ASC_REQ_SEQUENCE_DETECT | ASC_REQ_CONNECTION)
#define TOKEN_MAX 4096

typedef enum { VIA_TABLE_W, VIA_EXPORTS_A } api_t;

typedef struct {
    /* inputs */
    api_t api;
    int alloc;                     /* ISC/ASC_REQ_ALLOCATE_MEMORY instead of caller buffers */
    ULONG isc_req, asc_req;        /* 0 = defaults */
    const void *cbind_client;      /* SEC_CHANNEL_BINDINGS blob or NULL */
    ULONG cbind_client_len;
    const void *cbind_server;
    ULONG cbind_server_len;
    void (*mutate_auth)(unsigned char *tok, ULONG *len); /* edit AUTHENTICATE before ASC */
    /* outputs */
    SECURITY_STATUS st[4];         /* ISC 1, ASC 1, ISC 2, ASC 2 (0x7fffffff = not reached) */
    int steps;
    ULONG cattrs, sattrs;
    TimeStamp cexp, sexp;
    unsigned char tok[3][TOKEN_MAX];
    ULONG toklen[3];
    int out_type_ok, out_alloc_ok; /* every output buffer had the right type / allocation */
    int have_cctx, have_sctx;
} hs_t;

static inline void hs_init(hs_t *h, api_t api, int alloc)
{
    memset(h, 0, sizeof *h);
    h->api = api;
    h->alloc = alloc;
    h->st[0] = h->st[1] = h->st[2] = h->st[3] = 0x7fffffff;
    h->out_type_ok = h->out_alloc_ok = 1;
}

typedef struct {
    SecBuffer buf;
    SecBufferDesc desc;
    unsigned char space[TOKEN_MAX];
} outtok_t;

static inline SecBufferDesc *outtok_init(outtok_t *o, int alloc)
{
    o->buf.BufferType = SECBUFFER_TOKEN;
    o->buf.cbBuffer = alloc ? 0 : 2888;
    o->buf.pvBuffer = alloc ? NULL : o->space;
    o->desc.ulVersion = SECBUFFER_VERSION;
    o->desc.cBuffers = 1;
    o->desc.pBuffers = &o->buf;
    return &o->desc;
}

/* Copy the output token out and free it if the library allocated it. */
static inline void outtok_take(hs_t *h, outtok_t *o, int idx)
{
    ULONG n = o->buf.cbBuffer;
    if (o->buf.BufferType != SECBUFFER_TOKEN)
        h->out_type_ok = 0;
    if (h->alloc && n && o->buf.pvBuffer == NULL)
        h->out_alloc_ok = 0;
    if (!h->alloc && o->buf.pvBuffer != o->space)
        h->out_alloc_ok = 0;
    if (n > TOKEN_MAX)
        n = TOKEN_MAX;
    if (idx >= 0 && idx < 3) {
        if (o->buf.pvBuffer && n)
            memcpy(h->tok[idx], o->buf.pvBuffer, n);
        h->toklen[idx] = o->buf.pvBuffer ? n : 0;
    }
    if (h->alloc && o->buf.pvBuffer)
        T()->FreeContextBuffer(o->buf.pvBuffer);
}

static inline SECURITY_STATUS hs_isc(hs_t *h, CredHandle *cred, CtxtHandle *ctx, int first, SecBufferDesc *in,
                              SecBufferDesc *out)
{
    ULONG req = (h->isc_req ? h->isc_req : DEFAULT_ISC_REQ) | (h->alloc ? ISC_REQ_ALLOCATE_MEMORY : 0);
    if (h->api == VIA_TABLE_W)
        return T()->InitializeSecurityContextW(cred, first ? NULL : ctx, W(T_TARGET), req, 0,
                                               SECURITY_NATIVE_DREP, in, 0, ctx, out, &h->cattrs, &h->cexp);
    return InitializeSecurityContextA(cred, first ? NULL : ctx, (SEC_CHAR *)T_TARGET, req, 0,
                                      SECURITY_NATIVE_DREP, in, 0, ctx, out, &h->cattrs, &h->cexp);
}

static inline SECURITY_STATUS hs_asc(hs_t *h, CredHandle *cred, CtxtHandle *ctx, int first, SecBufferDesc *in,
                              SecBufferDesc *out)
{
    ULONG req = (h->asc_req ? h->asc_req : DEFAULT_ASC_REQ) | (h->alloc ? ASC_REQ_ALLOCATE_MEMORY : 0);
    if (h->api == VIA_TABLE_W)
        return T()->AcceptSecurityContext(cred, first ? NULL : ctx, in, req, SECURITY_NATIVE_DREP, ctx, out,
                                          &h->sattrs, &h->sexp);
    return AcceptSecurityContext(cred, first ? NULL : ctx, in, req, SECURITY_NATIVE_DREP, ctx, out, &h->sattrs,
                                 &h->sexp);
}

/* Input descriptor: an optional token followed by optional channel bindings. */
typedef struct {
    SecBuffer b[2];
    SecBufferDesc desc;
} intok_t;

static inline SecBufferDesc *intok_init(intok_t *t, void *tok, ULONG len, const void *cb, ULONG cblen)
{
    ULONG n = 0;
    if (tok) {
        t->b[n].BufferType = SECBUFFER_TOKEN;
        t->b[n].cbBuffer = len;
        t->b[n].pvBuffer = tok;
        n++;
    }
    if (cb) {
        t->b[n].BufferType = SECBUFFER_CHANNEL_BINDINGS;
        t->b[n].cbBuffer = cblen;
        t->b[n].pvBuffer = (void *)cb;
        n++;
    }
    if (n == 0)
        return NULL;
    t->desc.ulVersion = SECBUFFER_VERSION;
    t->desc.cBuffers = n;
    t->desc.pBuffers = t->b;
    return &t->desc;
}

/* Run NEGOTIATE / CHALLENGE / AUTHENTICATE. Returns 1 when all four calls gave
 * the NTLM sequence (CONTINUE, CONTINUE, OK, OK). Contexts are left for the
 * caller to delete when have_cctx / have_sctx are set. */
static inline int handshake(hs_t *h, CredHandle *ccred, CredHandle *scred, CtxtHandle *cctx, CtxtHandle *sctx)
{
    outtok_t out;
    intok_t in;

    h->st[0] = hs_isc(h, ccred, cctx, 1, intok_init(&in, NULL, 0, h->cbind_client, h->cbind_client_len),
                      outtok_init(&out, h->alloc));
    h->steps = 1;
    if (h->st[0] != SEC_I_CONTINUE_NEEDED)
        return 0;
    h->have_cctx = 1;
    outtok_take(h, &out, 0);

    h->st[1] = hs_asc(h, scred, sctx, 1,
                      intok_init(&in, h->tok[0], h->toklen[0], h->cbind_server, h->cbind_server_len),
                      outtok_init(&out, h->alloc));
    h->steps = 2;
    if (h->st[1] != SEC_I_CONTINUE_NEEDED)
        return 0;
    h->have_sctx = 1;
    outtok_take(h, &out, 1);

    h->st[2] = hs_isc(h, ccred, cctx, 0,
                      intok_init(&in, h->tok[1], h->toklen[1], h->cbind_client, h->cbind_client_len),
                      outtok_init(&out, h->alloc));
    h->steps = 3;
    if (h->st[2] != SEC_E_OK)
        return 0;
    outtok_take(h, &out, 2);
    if (h->mutate_auth)
        h->mutate_auth(h->tok[2], &h->toklen[2]);

    h->st[3] = hs_asc(h, scred, sctx, 0,
                      intok_init(&in, h->tok[2], h->toklen[2], h->cbind_server, h->cbind_server_len),
                      outtok_init(&out, h->alloc));
    h->steps = 4;
#ifdef DEV_OTHER_SSPI /* development against sspi-rs, which asks for CompleteAuthToken */
    if (h->st[3] == SEC_I_COMPLETE_NEEDED && T()->CompleteAuthToken(sctx, &out.desc) == SEC_E_OK)
        h->st[3] = SEC_E_OK;
#endif
    outtok_take(h, &out, -1);
    if (h->st[3] == SEC_E_OK && out.buf.cbBuffer != 0)
        h->out_type_ok = 0; /* NTLM has no fourth token */
    return h->st[3] == SEC_E_OK;
}

static inline void hs_cleanup(hs_t *h, CtxtHandle *cctx, CtxtHandle *sctx)
{
    if (h->have_cctx)
        T()->DeleteSecurityContext(cctx);
    if (h->have_sctx)
        T()->DeleteSecurityContext(sctx);
    h->have_cctx = h->have_sctx = 0;
}

/* A ready pair of contexts with the default alice credentials. */
typedef struct {
    CredHandle ccred, scred;
    CtxtHandle cctx, sctx;
    hs_t h;
    wident_t wid;
} pair_t;

static inline int pair_open(pair_t *p)
{
    memset(p, 0, sizeof *p);
    if (acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&p->wid, T_USER, T_DOMAIN, T_PASS), &p->ccred, NULL) != SEC_E_OK)
        return 0;
    if (acquire_w(SECPKG_CRED_INBOUND, NULL, &p->scred, NULL) != SEC_E_OK) {
        T()->FreeCredentialsHandle(&p->ccred);
        return 0;
    }
    hs_init(&p->h, VIA_TABLE_W, 1);
    if (!handshake(&p->h, &p->ccred, &p->scred, &p->cctx, &p->sctx)) {
        hs_cleanup(&p->h, &p->cctx, &p->sctx);
        T()->FreeCredentialsHandle(&p->ccred);
        T()->FreeCredentialsHandle(&p->scred);
        return 0;
    }
    return 1;
}

static inline void pair_close(pair_t *p)
{
    hs_cleanup(&p->h, &p->cctx, &p->sctx);
    T()->FreeCredentialsHandle(&p->ccred);
    T()->FreeCredentialsHandle(&p->scred);
}

/* ---- message protection helpers ------------------------------------- */
/* EncryptMessage over [TOKEN(16), DATA]; data is sealed in place. */
static inline SECURITY_STATUS seal(CtxtHandle *ctx, ULONG qop, unsigned char *sig, ULONG *siglen, unsigned char *data,
                            ULONG len)
{
    SecBuffer b[2];
    SecBufferDesc d;
    SECURITY_STATUS st;
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = *siglen;
    b[0].pvBuffer = sig;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = len;
    b[1].pvBuffer = data;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    st = T()->EncryptMessage(ctx, qop, &d, 0);
    *siglen = b[0].cbBuffer;
    return st;
}

static inline SECURITY_STATUS unseal(CtxtHandle *ctx, unsigned char *sig, ULONG siglen, unsigned char *data, ULONG len,
                              ULONG *qop)
{
    SecBuffer b[2];
    SecBufferDesc d;
    ULONG q = 0xdeadbeef;
    SECURITY_STATUS st;
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = siglen;
    b[0].pvBuffer = sig;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = len;
    b[1].pvBuffer = data;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    st = T()->DecryptMessage(ctx, &d, 0, &q);
    if (qop)
        *qop = q;
    return st;
}

/* MakeSignature over [DATA, TOKEN(16)]. */
static inline SECURITY_STATUS sign(CtxtHandle *ctx, const unsigned char *data, ULONG len, unsigned char *sig,
                            ULONG *siglen)
{
    SecBuffer b[2];
    SecBufferDesc d;
    SECURITY_STATUS st;
    b[0].BufferType = SECBUFFER_DATA;
    b[0].cbBuffer = len;
    b[0].pvBuffer = (void *)data;
    b[1].BufferType = SECBUFFER_TOKEN;
    b[1].cbBuffer = *siglen;
    b[1].pvBuffer = sig;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    st = T()->MakeSignature(ctx, 0, &d, 0);
    *siglen = b[1].cbBuffer;
    return st;
}

static inline SECURITY_STATUS verify(CtxtHandle *ctx, const unsigned char *data, ULONG len, unsigned char *sig,
                              ULONG siglen)
{
    SecBuffer b[2];
    SecBufferDesc d;
    ULONG q = 0;
    b[0].BufferType = SECBUFFER_DATA;
    b[0].cbBuffer = len;
    b[0].pvBuffer = (void *)data;
    b[1].BufferType = SECBUFFER_TOKEN;
    b[1].cbBuffer = siglen;
    b[1].pvBuffer = sig;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    return T()->VerifySignature(ctx, &d, 0, &q);
}

/* Seal on one side and unseal on the other; returns 1 if the text came back. */
static inline int roundtrip(CtxtHandle *from, CtxtHandle *to, const char *text, SECURITY_STATUS *st_seal,
                     SECURITY_STATUS *st_unseal)
{
    unsigned char sig[64], buf[1024];
    ULONG siglen = 16, len = (ULONG)strlen(text);
    memcpy(buf, text, len);
    *st_unseal = 0x7fffffff;
    *st_seal = seal(from, 0, sig, &siglen, buf, len);
    if (*st_seal != SEC_E_OK)
        return 0;
    if (len > 4 && memcmp(buf, text, len) == 0)
        return 0; /* not encrypted */
    *st_unseal = unseal(to, sig, siglen, buf, len, NULL);
    return *st_unseal == SEC_E_OK && memcmp(buf, text, len) == 0;
}

#endif
