/* Concurrency: 16 threads run complete NTLM lifecycles (credentials,
 * handshake, sealing both ways, teardown) through the function table while 4
 * threads hammer every handle-taking function with forged, stale and
 * double-freed handles. Workers must always succeed; the attackers must only
 * ever see SEC_E_INVALID_HANDLE; nothing may crash. */
#include "common.h"
#include <pthread.h>
#include <time.h>

#define WORKERS 16
#define ATTACKERS 4
#define GRAVE 256

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static SecHandle g_dead_ctx[GRAVE], g_dead_cred[GRAVE];
static unsigned g_ndead_ctx, g_ndead_cred;
static volatile int g_stop;

typedef struct {
    int id;
    unsigned long iterations, failures, calls, unexpected, stale_success;
    SECURITY_STATUS last_bad;
    const char *last_what;
} result_t;

static void bury(SecHandle *dead, unsigned *n, const SecHandle *h)
{
    pthread_mutex_lock(&g_lock);
    dead[*n % GRAVE] = *h;
    (*n)++;
    pthread_mutex_unlock(&g_lock);
}

static int dig(SecHandle *dead, unsigned *n, unsigned pick, SecHandle *out)
{
    int ok = 0;
    pthread_mutex_lock(&g_lock);
    if (*n) {
        unsigned have = *n < GRAVE ? *n : GRAVE;
        *out = dead[pick % have];
        ok = 1;
    }
    pthread_mutex_unlock(&g_lock);
    return ok;
}

static void *worker(void *arg)
{
    result_t *r = arg;
    while (!g_stop) {
        pair_t p;
        SECURITY_STATUS a, b;
        char msg[64];
        int i, good = 1;
        if (!pair_open(&p)) {
            r->failures++;
            r->last_what = "handshake";
            continue;
        }
        for (i = 0; i < 4; i++) {
            snprintf(msg, sizeof msg, "worker %d iteration %lu message %d", r->id, r->iterations, i);
            good &= roundtrip(&p.cctx, &p.sctx, msg, &a, &b);
            good &= roundtrip(&p.sctx, &p.cctx, msg, &a, &b);
        }
        if (!good) {
            r->failures++;
            r->last_what = "seal/unseal";
        }
        {
            SecHandle c = p.cctx, s = p.sctx, cc = p.ccred, sc = p.scred;
            if (T()->DeleteSecurityContext(&p.cctx) != SEC_E_OK || T()->DeleteSecurityContext(&p.sctx) != SEC_E_OK ||
                T()->FreeCredentialsHandle(&p.ccred) != SEC_E_OK || T()->FreeCredentialsHandle(&p.scred) != SEC_E_OK) {
                r->failures++;
                r->last_what = "teardown";
            }
            bury(g_dead_ctx, &g_ndead_ctx, &c);
            bury(g_dead_ctx, &g_ndead_ctx, &s);
            bury(g_dead_cred, &g_ndead_cred, &cc);
            bury(g_dead_cred, &g_ndead_cred, &sc);
        }
        r->iterations++;
    }
    return NULL;
}

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

#define EXPECT_INVALID(expr, what) do { SECURITY_STATUS st_ = (expr); r->calls++; \
    if (st_ != SEC_E_INVALID_HANDLE) { \
        if (st_ >= 0) r->stale_success++; else r->unexpected++; \
        r->last_bad = st_; r->last_what = what; } } while (0)

static void *attacker(void *arg)
{
    result_t *r = arg;
    uint64_t seed = 0x9E3779B97F4A7C15ull * (uint64_t)(r->id + 1);
    while (!g_stop) {
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
        unsigned kind = (unsigned)(rnd(&seed) % 3);

        if (kind == 0) { /* forged: random 64-bit words */
            h.dwLower = (ULONG_PTR)rnd(&seed);
            h.dwUpper = (ULONG_PTR)rnd(&seed);
        } else if (!dig(g_dead_ctx, &g_ndead_ctx, (unsigned)rnd(&seed), &h)) {
            continue;
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
        EXPECT_INVALID(T()->QueryContextAttributesW(&h, SECPKG_ATTR_SIZES, &sz), "QueryContextAttributesW");
        EXPECT_INVALID(T()->EncryptMessage(&h, 0, &d, 0), "EncryptMessage");
        EXPECT_INVALID(T()->DecryptMessage(&h, &d, 0, &q), "DecryptMessage");
        b[0].BufferType = SECBUFFER_DATA;
        b[1].BufferType = SECBUFFER_TOKEN;
        b[1].cbBuffer = 16;
        b[1].pvBuffer = sig;
        b[0].pvBuffer = data;
        b[0].cbBuffer = 8;
        EXPECT_INVALID(T()->MakeSignature(&h, 0, &d, 0), "MakeSignature");
        EXPECT_INVALID(T()->VerifySignature(&h, &d, 0, &q), "VerifySignature");
        EXPECT_INVALID(T()->ApplyControlToken(&h, &d), "ApplyControlToken");
        EXPECT_INVALID(T()->CompleteAuthToken(&h, &d), "CompleteAuthToken");
        EXPECT_INVALID(T()->ImpersonateSecurityContext(&h), "ImpersonateSecurityContext");
        EXPECT_INVALID(T()->QueryContextAttributesExW(&h, SECPKG_ATTR_SIZES, &sz, sizeof sz), "QueryContextAttributesExW");
        EXPECT_INVALID(T()->DeleteSecurityContext(&h), "DeleteSecurityContext (double free)");

        /* credential side */
        if (kind != 0 && !dig(g_dead_cred, &g_ndead_cred, (unsigned)rnd(&seed), &h))
            continue;
        EXPECT_INVALID(T()->QueryCredentialsAttributesW(&h, SECPKG_CRED_ATTR_NAMES, &nw), "QueryCredentialsAttributesW");
        out = h;
        EXPECT_INVALID(T()->InitializeSecurityContextW(&h, NULL, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP, NULL, 0,
                                                       &out, outtok_init(&o, 0), &attrs, &ts),
                       "InitializeSecurityContextW");
        EXPECT_INVALID(T()->FreeCredentialsHandle(&h), "FreeCredentialsHandle (double free)");
    }
    return NULL;
}

int main(void)
{
    pthread_t tw[WORKERS], ta[ATTACKERS];
    result_t rw[WORKERS], ra[ATTACKERS];
    double secs = getenv("THREADS_SECONDS") ? atof(getenv("THREADS_SECONDS")) : 2.5;
    struct timespec nap;
    unsigned long iters = 0, fails = 0, calls = 0, unexpected = 0, stale = 0;
    int i;

    setup_user_file();
    T(); /* initialise the table pointer before any thread starts */
    memset(rw, 0, sizeof rw);
    memset(ra, 0, sizeof ra);
    for (i = 0; i < WORKERS; i++) {
        rw[i].id = i;
        if (pthread_create(&tw[i], NULL, worker, &rw[i]))
            BAIL("pthread_create");
    }
    for (i = 0; i < ATTACKERS; i++) {
        ra[i].id = i;
        if (pthread_create(&ta[i], NULL, attacker, &ra[i]))
            BAIL("pthread_create");
    }
    nap.tv_sec = (time_t)secs;
    nap.tv_nsec = (long)((secs - (double)nap.tv_sec) * 1e9);
    nanosleep(&nap, NULL);
    g_stop = 1;
    for (i = 0; i < WORKERS; i++)
        pthread_join(tw[i], NULL);
    for (i = 0; i < ATTACKERS; i++)
        pthread_join(ta[i], NULL);

    for (i = 0; i < WORKERS; i++) {
        iters += rw[i].iterations;
        fails += rw[i].failures;
        if (rw[i].failures)
            printf("# worker %d: %lu failures, last in %s\n", i, rw[i].failures, rw[i].last_what);
    }
    for (i = 0; i < ATTACKERS; i++) {
        calls += ra[i].calls;
        unexpected += ra[i].unexpected;
        stale += ra[i].stale_success;
        if (ra[i].unexpected || ra[i].stale_success)
            printf("# attacker %d: last unexpected 0x%08X from %s\n", i, (unsigned)ra[i].last_bad, ra[i].last_what);
    }
    printf("# %lu lifecycles by %d workers, %lu bad-handle calls by %d attackers in %.1f s\n", iters, WORKERS, calls,
           ATTACKERS, secs);
    OK(iters >= WORKERS, "every worker got work done (%lu lifecycles)", iters);
    OK(fails == 0, "no worker failure (%lu)", fails);
    OK(calls > 0, "attackers made calls (%lu)", calls);
    OK(unexpected == 0, "attackers saw only SEC_E_INVALID_HANDLE (%lu other errors)", unexpected);
    OK(stale == 0, "no forged, stale or double-freed handle was accepted (%lu successes)", stale);
    return done_testing();
}
