/* Stress: worker threads create, use and delete NTLM credentials and
 * contexts through the SSPI function table and through gss_*, while attacker
 * threads pass forged, zeroed, stale and double-freed handles (both faces)
 * and malformed SecBufferDesc (on their own live contexts). Then one
 * credential pair is shared by 64 threads establishing contexts at once.
 *
 * Checked: workers always succeed; every refused call returns one of the few
 * statuses documented for it; nothing crashes; a watchdog fails a hang; the
 * heap in use (glibc mallinfo2) returns to its post-warm-up baseline once
 * everything is deleted (the library does not export a live-object count).
 *
 * STRESS_SECONDS (default 3) is the length of the main phase. */
#include "common.h" /* ffi-tests/c: TAP output, user file, SSPI handshake */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <gssapi.h>
#include <gssapi/gssapi_ext.h>

#define SSPI_WORKERS 8
#define GSS_WORKERS 8
#define ATTACKERS 8 /* 0-2: SSPI handles, 3-5: gss handles, 6-7: descriptors */
#define SHARED_THREADS 64
#define GRAVE 256
/* Heap growth accepted after a full round: the handle tables keep their
 * slot vectors (16 bytes a slot) and glibc keeps per-arena bookkeeping. */
#define HEAP_TOLERANCE (64 * 1024)

static gss_OID_desc ntlm_oid = {10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"};
static gss_OID_set_desc ntlm_set = {1, &ntlm_oid};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static SecHandle g_dead_ctx[GRAVE], g_dead_cred[GRAVE];
static void *g_dead_gctx[GRAVE], *g_dead_gcred[GRAVE];
static unsigned g_nctx, g_ncred, g_ngctx, g_ngcred;
static volatile int g_stop;
static struct timespec g_deadline;

/* Workers stop at the deadline themselves: under valgrind the main thread
 * may not be scheduled again for a long time after its sleep. */
static int running(void)
{
    struct timespec now;
    if (g_stop)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec < g_deadline.tv_sec || (now.tv_sec == g_deadline.tv_sec && now.tv_nsec < g_deadline.tv_nsec);
}

typedef struct {
    int id;
    unsigned long iterations, failures, calls, unexpected;
    long last_bad;
    const char *last_what;
} result_t;

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* ---- graveyards of deleted handles -------------------------------------- */
static void bury(void *dead, size_t size, unsigned *n, const void *h)
{
    pthread_mutex_lock(&g_lock);
    memcpy((char *)dead + (*n % GRAVE) * size, h, size);
    (*n)++;
    pthread_mutex_unlock(&g_lock);
}

static int dig(const void *dead, size_t size, const unsigned *n, unsigned pick, void *out)
{
    int ok = 0;
    pthread_mutex_lock(&g_lock);
    if (*n) {
        unsigned have = *n < GRAVE ? *n : GRAVE;
        memcpy(out, (const char *)dead + (pick % have) * size, size);
        ok = 1;
    }
    pthread_mutex_unlock(&g_lock);
    return ok;
}

static void fail(result_t *r, const char *what, long code)
{
    r->failures++;
    r->last_what = what;
    r->last_bad = code;
}

/* ---- SSPI worker: handshake, seal both ways, sign/verify, delete ---------- */
static int sspi_lifecycle(result_t *r, CredHandle *shared_c, CredHandle *shared_s)
{
    pair_t p;
    SECURITY_STATUS a, b;
    unsigned char sig[64];
    ULONG siglen = 16;
    char msg[80];
    int i, good = 1;

    if (shared_c) {
        memset(&p, 0, sizeof p);
        p.ccred = *shared_c;
        p.scred = *shared_s;
        hs_init(&p.h, VIA_TABLE_W, 1);
        if (!handshake(&p.h, &p.ccred, &p.scred, &p.cctx, &p.sctx)) {
            fail(r, "handshake (shared credentials)", p.h.st[p.h.steps - 1]);
            hs_cleanup(&p.h, &p.cctx, &p.sctx);
            return 0;
        }
    } else if (!pair_open(&p)) {
        fail(r, "handshake", 0);
        return 0;
    }
    for (i = 0; i < 2; i++) {
        snprintf(msg, sizeof msg, "sspi %d/%lu/%d", r->id, r->iterations, i);
        good &= roundtrip(&p.cctx, &p.sctx, msg, &a, &b);
        good &= roundtrip(&p.sctx, &p.cctx, msg, &a, &b);
    }
    good &= sign(&p.cctx, (const unsigned char *)msg, (ULONG)strlen(msg), sig, &siglen) == SEC_E_OK;
    good &= verify(&p.sctx, (const unsigned char *)msg, (ULONG)strlen(msg), sig, siglen) == SEC_E_OK;
    if (!good)
        fail(r, "seal/sign", a != SEC_E_OK ? a : b);
    if (shared_c) {
        hs_cleanup(&p.h, &p.cctx, &p.sctx);
        return good;
    }
    {
        SecHandle c = p.cctx, s = p.sctx, cc = p.ccred, sc = p.scred;
        if (T()->DeleteSecurityContext(&p.cctx) != SEC_E_OK || T()->DeleteSecurityContext(&p.sctx) != SEC_E_OK ||
            T()->FreeCredentialsHandle(&p.ccred) != SEC_E_OK || T()->FreeCredentialsHandle(&p.scred) != SEC_E_OK) {
            fail(r, "teardown", 0);
            good = 0;
        }
        bury(g_dead_ctx, sizeof c, &g_nctx, &c);
        bury(g_dead_ctx, sizeof s, &g_nctx, &s);
        bury(g_dead_cred, sizeof cc, &g_ncred, &cc);
        bury(g_dead_cred, sizeof sc, &g_ncred, &sc);
    }
    return good;
}

static void *sspi_worker(void *arg)
{
    result_t *r = arg;
    do { /* at least once, however late the thread starts */
        sspi_lifecycle(r, NULL, NULL);
        r->iterations++;
    } while (running());
    return NULL;
}

/* ---- gss worker ----------------------------------------------------------- */
static int gss_wrap_rt(gss_ctx_id_t a, gss_ctx_id_t b, const char *msg)
{
    OM_uint32 minor, maj;
    gss_buffer_desc in = {strlen(msg), (void *)msg}, tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER, mic;
    int conf = 0, good;
    if (gss_wrap(&minor, a, 1, GSS_C_QOP_DEFAULT, &in, &conf, &tok) != GSS_S_COMPLETE || !conf)
        return 0;
    maj = gss_unwrap(&minor, b, &tok, &out, &conf, NULL);
    good = maj == GSS_S_COMPLETE && out.length == in.length && memcmp(out.value, msg, in.length) == 0;
    gss_release_buffer(&minor, &tok);
    gss_release_buffer(&minor, &out);
    if (!good || gss_get_mic(&minor, a, GSS_C_QOP_DEFAULT, &in, &mic) != GSS_S_COMPLETE)
        return 0;
    good = gss_verify_mic(&minor, b, &in, &mic, NULL) == GSS_S_COMPLETE;
    gss_release_buffer(&minor, &mic);
    return good;
}

static int gss_lifecycle(result_t *r)
{
    OM_uint32 minor, imaj = GSS_S_CONTINUE_NEEDED, amaj = GSS_S_CONTINUE_NEEDED, maj;
    char user[64];
    gss_buffer_desc ub, pw = {strlen(T_PASS), (void *)T_PASS}, sb = {23, (void *)"HTTP@server.example.com"};
    gss_name_t uname = GSS_C_NO_NAME, target = GSS_C_NO_NAME;
    gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER;
    int rounds = 0, good = 0;
    char msg[64];

    snprintf(user, sizeof user, "%s\\%s", T_DOMAIN, T_USER);
    ub.value = user;
    ub.length = strlen(user);
    if ((maj = gss_import_name(&minor, &ub, GSS_C_NT_USER_NAME, &uname)) != GSS_S_COMPLETE ||
        (maj = gss_import_name(&minor, &sb, GSS_C_NT_HOSTBASED_SERVICE, &target)) != GSS_S_COMPLETE) {
        fail(r, "gss_import_name", maj);
        goto out;
    }
    if ((maj = gss_acquire_cred_with_password(&minor, uname, &pw, GSS_C_INDEFINITE, &ntlm_set, GSS_C_INITIATE,
                                              &icred, NULL, NULL)) != GSS_S_COMPLETE ||
        (maj = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &ntlm_set, GSS_C_ACCEPT, &acred, NULL,
                                NULL)) != GSS_S_COMPLETE) {
        fail(r, "gss_acquire_cred", maj);
        goto out;
    }
    while (imaj == GSS_S_CONTINUE_NEEDED || amaj == GSS_S_CONTINUE_NEEDED) {
        gss_buffer_desc o = GSS_C_EMPTY_BUFFER;
        if (++rounds > 4) {
            fail(r, "gss handshake does not finish", 0);
            goto out;
        }
        if (imaj == GSS_S_CONTINUE_NEEDED) {
            imaj = gss_init_sec_context(&minor, icred, &ictx, target, &ntlm_oid,
                                        GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_REPLAY_FLAG, 0,
                                        GSS_C_NO_CHANNEL_BINDINGS, &atok, NULL, &o, NULL, NULL);
            gss_release_buffer(&minor, &atok);
            if (GSS_ERROR(imaj)) {
                gss_release_buffer(&minor, &o);
                fail(r, "gss_init_sec_context", imaj);
                goto out;
            }
            itok = o;
            if (itok.length == 0)
                break;
        }
        if (amaj == GSS_S_CONTINUE_NEEDED) {
            o.length = 0;
            o.value = NULL;
            amaj = gss_accept_sec_context(&minor, &actx, acred, &itok, GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL, &o,
                                          NULL, NULL, NULL);
            gss_release_buffer(&minor, &itok);
            if (GSS_ERROR(amaj)) {
                gss_release_buffer(&minor, &o);
                fail(r, "gss_accept_sec_context", amaj);
                goto out;
            }
            atok = o;
        }
    }
    snprintf(msg, sizeof msg, "gss %d/%lu", r->id, r->iterations);
    good = gss_wrap_rt(ictx, actx, msg) && gss_wrap_rt(actx, ictx, msg);
    if (!good)
        fail(r, "gss_wrap/unwrap/mic", 0);
out:
    gss_release_buffer(&minor, &itok);
    gss_release_buffer(&minor, &atok);
    {
        void *ic = ictx, *ac = actx, *icr = icred, *acr = acred;
        if (ictx != GSS_C_NO_CONTEXT) {
            if (gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER) != GSS_S_COMPLETE)
                good = 0, fail(r, "gss_delete_sec_context", 0);
            bury(g_dead_gctx, sizeof ic, &g_ngctx, &ic);
        }
        if (actx != GSS_C_NO_CONTEXT) {
            if (gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER) != GSS_S_COMPLETE)
                good = 0, fail(r, "gss_delete_sec_context", 0);
            bury(g_dead_gctx, sizeof ac, &g_ngctx, &ac);
        }
        if (icred != GSS_C_NO_CREDENTIAL) {
            if (gss_release_cred(&minor, &icred) != GSS_S_COMPLETE)
                good = 0, fail(r, "gss_release_cred", 0);
            bury(g_dead_gcred, sizeof icr, &g_ngcred, &icr);
        }
        if (acred != GSS_C_NO_CREDENTIAL) {
            if (gss_release_cred(&minor, &acred) != GSS_S_COMPLETE)
                good = 0, fail(r, "gss_release_cred", 0);
            bury(g_dead_gcred, sizeof acr, &g_ngcred, &acr);
        }
    }
    gss_release_name(&minor, &uname);
    gss_release_name(&minor, &target);
    return good;
}

static void *gss_worker(void *arg)
{
    result_t *r = arg;
    do {
        gss_lifecycle(r);
        r->iterations++;
    } while (running());
    return NULL;
}

/* ---- attackers ------------------------------------------------------------- */
#define EXPECT(expr, ok1, ok2, what) do { long st_ = (long)(expr); r->calls++; \
    if (st_ != (long)(ok1) && st_ != (long)(ok2)) { r->unexpected++; r->last_bad = st_; r->last_what = what; } } while (0)

/* Forged (random words), zeroed, stale and double-freed SSPI handles: every
 * handle-taking call answers SEC_E_INVALID_HANDLE. */
static void sspi_bad_handles(result_t *r, uint64_t *seed)
{
    SecHandle h;
    SecPkgContext_Sizes sz;
    SecPkgCredentials_NamesW nw;
    unsigned char sig[16], data[8] = {0};
    SecBuffer b[2];
    SecBufferDesc d;
    ULONG q, attrs;
    TimeStamp ts;
    CtxtHandle out;
    outtok_t o;
    unsigned kind = (unsigned)(rnd(seed) % 4);

    if (kind == 0) {
        h.dwLower = (ULONG_PTR)rnd(seed);
        h.dwUpper = (ULONG_PTR)rnd(seed);
    } else if (kind == 1) {
        h.dwLower = h.dwUpper = 0;
    } else if (!dig(g_dead_ctx, sizeof h, &g_nctx, (unsigned)rnd(seed), &h)) {
        return;
    }
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = 16;
    b[0].pvBuffer = sig;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = 8;
    b[1].pvBuffer = data;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    EXPECT(T()->QueryContextAttributesW(&h, SECPKG_ATTR_SIZES, &sz), SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE,
           "QueryContextAttributesW");
    EXPECT(T()->EncryptMessage(&h, 0, &d, 0), SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE, "EncryptMessage");
    EXPECT(T()->DecryptMessage(&h, &d, 0, &q), SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE, "DecryptMessage");
    b[0].BufferType = SECBUFFER_DATA;
    b[1].BufferType = SECBUFFER_TOKEN;
    EXPECT(T()->MakeSignature(&h, 0, &d, 0), SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE, "MakeSignature");
    EXPECT(T()->VerifySignature(&h, &d, 0, &q), SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE, "VerifySignature");
    EXPECT(T()->DeleteSecurityContext(&h), SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE, "DeleteSecurityContext");

    if (kind >= 2 && !dig(g_dead_cred, sizeof h, &g_ncred, (unsigned)rnd(seed), &h))
        return;
    EXPECT(T()->QueryCredentialsAttributesW(&h, SECPKG_CRED_ATTR_NAMES, &nw), SEC_E_INVALID_HANDLE,
           SEC_E_INVALID_HANDLE, "QueryCredentialsAttributesW");
    EXPECT(T()->InitializeSecurityContextW(&h, NULL, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP, NULL, 0,
                                           &out, outtok_init(&o, 0), &attrs, &ts),
           SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE, "InitializeSecurityContextW");
    EXPECT(T()->FreeCredentialsHandle(&h), SEC_E_INVALID_HANDLE, SEC_E_INVALID_HANDLE, "FreeCredentialsHandle");
}

/* gss handles are table entries (src/core/handles.rs: tag | generation |
 * index, looked up, never dereferenced), so a forged pointer is as safe to
 * pass as a stale one. Context calls answer GSS_S_NO_CONTEXT, credential
 * calls GSS_S_NO_CRED. */
static void gss_bad_handles(result_t *r, uint64_t *seed)
{
    OM_uint32 minor;
    void *c, *cr;
    gss_ctx_id_t ctx;
    gss_cred_id_t cred;
    gss_buffer_desc in = {5, (void *)"hello"}, tok = GSS_C_EMPTY_BUFFER, o = GSS_C_EMPTY_BUFFER;
    unsigned char junk[32] = {0x60, 0x1e};
    gss_buffer_desc bad = {sizeof junk, junk};
    OM_uint32 life;
    unsigned kind = (unsigned)(rnd(seed) % 2);

    if (kind == 0) {
        c = (void *)(uintptr_t)(rnd(seed) | 1);
        cr = (void *)(uintptr_t)(rnd(seed) | 1);
    } else if (!dig(g_dead_gctx, sizeof c, &g_ngctx, (unsigned)rnd(seed), &c) ||
               !dig(g_dead_gcred, sizeof cr, &g_ngcred, (unsigned)rnd(seed), &cr)) {
        return;
    }
    ctx = c;
    cred = cr;
    EXPECT(gss_wrap(&minor, ctx, 1, 0, &in, NULL, &tok), GSS_S_NO_CONTEXT, GSS_S_NO_CONTEXT, "gss_wrap");
    EXPECT(gss_unwrap(&minor, ctx, &bad, &o, NULL, NULL), GSS_S_NO_CONTEXT, GSS_S_NO_CONTEXT, "gss_unwrap");
    EXPECT(gss_get_mic(&minor, ctx, 0, &in, &tok), GSS_S_NO_CONTEXT, GSS_S_NO_CONTEXT, "gss_get_mic");
    EXPECT(gss_verify_mic(&minor, ctx, &in, &bad, NULL), GSS_S_NO_CONTEXT, GSS_S_NO_CONTEXT, "gss_verify_mic");
    EXPECT(gss_context_time(&minor, ctx, &life), GSS_S_NO_CONTEXT, GSS_S_NO_CONTEXT, "gss_context_time");
    EXPECT(gss_accept_sec_context(&minor, &ctx, GSS_C_NO_CREDENTIAL, &bad, GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL,
                                  &o, NULL, NULL, NULL),
           GSS_S_NO_CONTEXT, GSS_S_NO_CONTEXT, "gss_accept_sec_context(stale context)");
    ctx = c;
    EXPECT(gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER), GSS_S_NO_CONTEXT, GSS_S_NO_CONTEXT,
           "gss_delete_sec_context");
    ctx = GSS_C_NO_CONTEXT;
    EXPECT(gss_init_sec_context(&minor, cred, &ctx, GSS_C_NO_NAME, &ntlm_oid, 0, 0, GSS_C_NO_CHANNEL_BINDINGS,
                                GSS_C_NO_BUFFER, NULL, &o, NULL, NULL),
           GSS_S_NO_CRED, GSS_S_CALL_INACCESSIBLE_READ | GSS_S_BAD_NAME, "gss_init_sec_context(stale credential)");
    EXPECT(gss_inquire_cred(&minor, cred, NULL, &life, NULL, NULL), GSS_S_NO_CRED, GSS_S_NO_CRED,
           "gss_inquire_cred");
    EXPECT(gss_release_cred(&minor, &cred), GSS_S_NO_CRED, GSS_S_NO_CRED, "gss_release_cred");
    if (ctx != GSS_C_NO_CONTEXT || tok.length || o.length) {
        r->unexpected++;
        r->last_what = "a refused gss call produced an output";
    }
}

/* Malformed descriptors on the attacker's own live contexts. Each is refused
 * before any work with SEC_E_INVALID_PARAMETER (NULL descriptor or pBuffers,
 * cBuffers above any sane maximum) or SEC_E_INVALID_TOKEN (wrong ulVersion,
 * no TOKEN buffer, a NULL pvBuffer with a length: Microsoft's "the buffer is
 * not valid"); the contexts must still work afterwards. */
static void bad_descriptors(result_t *r, pair_t *p, uint64_t *seed)
{
    unsigned char sig[64], data[32], tok[64];
    SecBuffer b[3];
    SecBufferDesc d;
    ULONG q, attrs;
    TimeStamp ts;
    CtxtHandle nctx;
    outtok_t o;
    SECURITY_STATUS a, bb;
    unsigned c = (unsigned)(rnd(seed) % 7);
    CtxtHandle *ctx = (rnd(seed) & 1) ? &p->cctx : &p->sctx;

    memset(data, 'x', sizeof data);
    memset(tok, 0, sizeof tok);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = 16;
    b[0].pvBuffer = sig;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof data;
    b[1].pvBuffer = data;
    b[2].BufferType = SECBUFFER_EMPTY;
    b[2].cbBuffer = 0;
    b[2].pvBuffer = NULL;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    switch (c) {
    case 0: d.cBuffers = 0; break;                              /* no buffers: no TOKEN */
    case 1: d.cBuffers = 0x10000 + (ULONG)(rnd(seed) & 0xffff); break; /* huge count */
    case 2: d.pBuffers = NULL; break;                           /* NULL array with a count */
    case 3: b[(rnd(seed) & 1)].pvBuffer = NULL; break;          /* NULL pvBuffer with a length */
    case 4: d.ulVersion = 1 + (ULONG)(rnd(seed) & 0xff); break; /* wrong version */
    case 5: b[0].BufferType = SECBUFFER_DATA; break;            /* no TOKEN buffer */
    case 6: break;                                              /* NULL descriptor, below */
    }
    {
        SecBufferDesc *pd = c == 6 ? NULL : &d;
        EXPECT(T()->EncryptMessage(ctx, 0, pd, 0), SEC_E_INVALID_PARAMETER, SEC_E_INVALID_TOKEN, "EncryptMessage");
        EXPECT(T()->DecryptMessage(ctx, pd, 0, &q), SEC_E_INVALID_PARAMETER, SEC_E_INVALID_TOKEN, "DecryptMessage");
        EXPECT(T()->MakeSignature(ctx, 0, pd, 0), SEC_E_INVALID_PARAMETER, SEC_E_INVALID_TOKEN, "MakeSignature");
        EXPECT(T()->VerifySignature(ctx, pd, 0, &q), SEC_E_INVALID_PARAMETER, SEC_E_INVALID_TOKEN,
               "VerifySignature");
        /* The same descriptor as a first AcceptSecurityContext's input (the
         * token buffer first, so case 3 hits it); it creates no context. */
        b[0].BufferType = c == 5 ? SECBUFFER_DATA : SECBUFFER_TOKEN;
        b[0].pvBuffer = c == 3 ? NULL : tok;
        b[0].cbBuffer = sizeof tok;
        nctx.dwLower = nctx.dwUpper = 0;
        EXPECT(T()->AcceptSecurityContext(&p->scred, NULL, pd, DEFAULT_ASC_REQ, SECURITY_NATIVE_DREP, &nctx,
                                          outtok_init(&o, 0), &attrs, &ts),
               SEC_E_INVALID_PARAMETER, SEC_E_INVALID_TOKEN, "AcceptSecurityContext");
        if (nctx.dwLower || nctx.dwUpper) {
            r->unexpected++;
            r->last_what = "a refused AcceptSecurityContext returned a context";
            T()->DeleteSecurityContext(&nctx);
        }
    }
    if (!roundtrip(&p->cctx, &p->sctx, "still works", &a, &bb) || !roundtrip(&p->sctx, &p->cctx, "both ways", &a, &bb))
        fail(r, "context after refused calls", a != SEC_E_OK ? a : bb);
}

static void *attacker(void *arg)
{
    result_t *r = arg;
    uint64_t seed = 0x9E3779B97F4A7C15ull * (uint64_t)(r->id + 1);
    pair_t p;
    int have = 0;
    if (r->id >= 6) {
        have = pair_open(&p);
        if (!have)
            fail(r, "attacker handshake", 0);
    }
    do {
        if (r->id < 3)
            sspi_bad_handles(r, &seed);
        else if (r->id < 6)
            gss_bad_handles(r, &seed);
        else if (have)
            bad_descriptors(r, &p, &seed);
        else
            break;
        r->iterations++;
    } while (running());
    if (have)
        pair_close(&p);
    return NULL;
}

/* ---- phases ---------------------------------------------------------------- */
static void sleep_for(double secs)
{
    struct timespec nap;
    nap.tv_sec = (time_t)secs;
    nap.tv_nsec = (long)((secs - (double)nap.tv_sec) * 1e9);
    nanosleep(&nap, NULL);
}

typedef struct {
    unsigned long sspi, gss, attack_calls, fails, unexpected;
} totals_t;

static totals_t run_mixed(double secs, int verbose)
{
    pthread_t t[SSPI_WORKERS + GSS_WORKERS + ATTACKERS];
    result_t r[SSPI_WORKERS + GSS_WORKERS + ATTACKERS];
    totals_t tot;
    int i, n = SSPI_WORKERS + GSS_WORKERS + ATTACKERS;

    memset(r, 0, sizeof r);
    memset(&tot, 0, sizeof tot);
    g_stop = 0;
    clock_gettime(CLOCK_MONOTONIC, &g_deadline);
    g_deadline.tv_sec += (time_t)secs;
    g_deadline.tv_nsec += (long)((secs - (double)(time_t)secs) * 1e9);
    if (g_deadline.tv_nsec >= 1000000000L) {
        g_deadline.tv_sec++;
        g_deadline.tv_nsec -= 1000000000L;
    }
    for (i = 0; i < n; i++) {
        void *(*fn)(void *) = i < SSPI_WORKERS ? sspi_worker : i < SSPI_WORKERS + GSS_WORKERS ? gss_worker : attacker;
        r[i].id = i < SSPI_WORKERS + GSS_WORKERS ? i : i - SSPI_WORKERS - GSS_WORKERS;
        if (pthread_create(&t[i], NULL, fn, &r[i]))
            BAIL("pthread_create");
    }
    sleep_for(secs);
    g_stop = 1;
    for (i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    for (i = 0; i < n; i++) {
        if (i < SSPI_WORKERS)
            tot.sspi += r[i].iterations;
        else if (i < SSPI_WORKERS + GSS_WORKERS)
            tot.gss += r[i].iterations;
        else
            tot.attack_calls += r[i].calls;
        tot.fails += r[i].failures;
        tot.unexpected += r[i].unexpected;
        if (verbose && (r[i].failures || r[i].unexpected))
            printf("# thread %d: %lu failures, %lu unexpected; last: %s (0x%08lX)\n", i, r[i].failures,
                   r[i].unexpected, r[i].last_what ? r[i].last_what : "?", (unsigned long)r[i].last_bad);
    }
    return tot;
}

static CredHandle g_shared_c, g_shared_s;
static pthread_barrier_t g_barrier;

static void *shared_worker(void *arg)
{
    result_t *r = arg;
    pthread_barrier_wait(&g_barrier);
    if (sspi_lifecycle(r, &g_shared_c, &g_shared_s))
        r->iterations++;
    return NULL;
}

static size_t heap_in_use(void)
{
    malloc_trim(0);
    return mallinfo2().uordblks;
}

static void on_alarm(int sig)
{
    static const char msg[] = "Bail out! watchdog: the stress run hangs\n";
    (void)sig;
    (void)!write(1, msg, sizeof msg - 1);
    _exit(3);
}

int main(void)
{
    double secs = getenv("STRESS_SECONDS") ? atof(getenv("STRESS_SECONDS")) : 3.0;
    totals_t tot;
    size_t base, after, after_shared;
    pthread_t t[SHARED_THREADS];
    result_t r[SHARED_THREADS];
    wident_t wid;
    unsigned long ok = 0;
    int i;
    struct timespec t0, t1;

    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)(secs * 3) + 60);
    setup_user_file();
    T();

    /* Warm-up: one-time allocations (tables, caches, thread arenas). */
    run_mixed(0.5, 0);
    base = heap_in_use();

    tot = run_mixed(secs, 1);
    after = heap_in_use();
    printf("# %.1f s, %d SSPI + %d gss workers, %d attackers: %lu SSPI and %lu gss lifecycles, %lu refused calls\n",
           secs, SSPI_WORKERS, GSS_WORKERS, ATTACKERS, tot.sspi, tot.gss, tot.attack_calls);
    OK(tot.sspi >= SSPI_WORKERS && tot.gss >= GSS_WORKERS, "every worker got work done (%lu SSPI, %lu gss)",
       tot.sspi, tot.gss);
    OK(tot.fails == 0, "no worker or attacker-context failure (%lu)", tot.fails);
    OK(tot.attack_calls > 0, "attackers made calls (%lu)", tot.attack_calls);
    OK(tot.unexpected == 0, "refused calls gave only their documented statuses (%lu others)", tot.unexpected);
    if (base == 0 && after == 0) /* the allocator is not glibc's: a sanitizer's or valgrind's */
        printf("# heap in use not measurable under this allocator (its own leak check runs instead)\n");
    else {
        printf("# heap in use: %zu bytes after warm-up, %zu after the run (%+ld)\n", base, after,
               (long)after - (long)base);
        OK(after <= base + HEAP_TOLERANCE, "heap back to baseline after deletion (%+ld bytes, tolerance %d)",
           (long)after - (long)base, HEAP_TOLERANCE);
    }

    /* One credential pair shared by 64 threads, released together. */
    if (acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&wid, T_USER, T_DOMAIN, T_PASS), &g_shared_c, NULL) != SEC_E_OK ||
        acquire_w(SECPKG_CRED_INBOUND, NULL, &g_shared_s, NULL) != SEC_E_OK)
        BAIL("cannot acquire the shared credentials");
    memset(r, 0, sizeof r);
    pthread_barrier_init(&g_barrier, NULL, SHARED_THREADS);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < SHARED_THREADS; i++) {
        r[i].id = i;
        if (pthread_create(&t[i], NULL, shared_worker, &r[i]))
            BAIL("pthread_create");
    }
    for (i = 0; i < SHARED_THREADS; i++) {
        pthread_join(t[i], NULL);
        ok += r[i].iterations;
        if (r[i].failures)
            printf("# shared thread %d: %s (0x%08lX)\n", i, r[i].last_what, (unsigned long)r[i].last_bad);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_barrier_destroy(&g_barrier);
    OK(ok == SHARED_THREADS, "%lu of %d threads sharing one credential pair established and used a context "
       "(%.0f ms)", ok, SHARED_THREADS,
       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    IS(T()->FreeCredentialsHandle(&g_shared_c), SEC_E_OK, "shared client credential freed");
    IS(T()->FreeCredentialsHandle(&g_shared_s), SEC_E_OK, "shared server credential freed");
    after_shared = heap_in_use();
    if (base != 0 || after_shared != 0) {
        printf("# heap in use after the shared-credential round: %zu (%+ld)\n", after_shared,
               (long)after_shared - (long)base);
        OK(after_shared <= base + HEAP_TOLERANCE, "heap back to baseline after the shared round (%+ld bytes)",
           (long)after_shared - (long)base);
    }
    alarm(0);
    return done_testing();
}
