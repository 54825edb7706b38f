/*
 * sspi_bench: measures NTLM through the SSPI function table of the library
 * given on the command line (dlopen + InitSecurityInterfaceW only, so the
 * same binary runs against any SSPI library for Linux).
 *
 *   sspi_bench /path/to/libsspi.so [seconds-per-handshake-run]
 *
 * Prints "RESULT <key> <value>" lines (read by bench/run.sh) and
 * "NOTE ..." lines for anything that failed; a failing call prints its
 * status in hex and the run goes on with the next measurement.
 * Never asserts timing.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../include/sspi.h"

#define TOKEN_BUF 65536
#define GUARD_SIZE 65536
#define GUARD_OFFSET 4096
#define GUARD_BYTE 0xA5
#define NOT_DONE ((SECURITY_STATUS)0x8009030C) /* SEC_E_LOGON_DENIED: no convergence */

static PSecurityFunctionTableW T;
static CredHandle cli_cred, srv_cred;
static SEC_WCHAR *pkg_name, *target;
static double run_seconds = 2.0;

static const ULONG ISC_FLAGS = ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY |
                               ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT;
static const ULONG ASC_FLAGS = ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY |
                               ASC_REQ_REPLAY_DETECT | ASC_REQ_SEQUENCE_DETECT;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ASCII to a NUL-terminated UTF-16 copy (never freed: lives for the run). */
static SEC_WCHAR *wstr(const char *s)
{
    size_t n = strlen(s);
    SEC_WCHAR *w = calloc(n + 1, sizeof *w);
    if (!w)
        abort();
    for (size_t i = 0; i < n; i++)
        w[i] = (SEC_WCHAR)(unsigned char)s[i];
    return w;
}

static void note(const char *what, SECURITY_STATUS s)
{
    printf("NOTE %s failed: status 0x%08x\n", what, (unsigned)s);
}

static void status_result(const char *key, SECURITY_STATUS s)
{
    if (s == SEC_E_UNSUPPORTED_FUNCTION)
        printf("RESULT %s unsupported\n", key);
    else
        printf("RESULT %s FAIL(0x%08x)\n", key, (unsigned)s);
}

static int is_ok(SECURITY_STATUS s) { return s == SEC_E_OK; }

/*
 * One in-process handshake, client and server alternating until both say
 * SEC_E_OK. `a` and `b` are TOKEN_BUF-byte scratch buffers. On return the
 * handles hold whatever contexts were created (*have_c / *have_s).
 */
static SECURITY_STATUS handshake(CtxtHandle *cctx, CtxtHandle *sctx, int *have_c,
                                 int *have_s, unsigned char *a, unsigned char *b)
{
    SECURITY_STATUS cs = SEC_I_CONTINUE_NEEDED, ss = SEC_I_CONTINUE_NEEDED, st;
    unsigned char *tok = a, *outb = b, *tmp;
    ULONG len = 0, attrs = 0;
    TimeStamp expiry;
    int client_turn = 1;

    *have_c = *have_s = 0;
    for (int step = 0; step < 8; step++) {
        if (is_ok(cs) && is_ok(ss))
            return SEC_E_OK;
        SecBuffer in = {len, SECBUFFER_TOKEN, tok};
        SecBuffer out = {TOKEN_BUF, SECBUFFER_TOKEN, outb};
        SecBufferDesc ind = {SECBUFFER_VERSION, 1, &in};
        SecBufferDesc outd = {SECBUFFER_VERSION, 1, &out};
        CtxtHandle *ctx = client_turn ? cctx : sctx;
        if (client_turn) {
            st = T->InitializeSecurityContextW(&cli_cred, *have_c ? cctx : NULL, target, ISC_FLAGS,
                                               0, SECURITY_NATIVE_DREP, *have_c ? &ind : NULL, 0,
                                               cctx, &outd, &attrs, &expiry);
        } else {
            st = T->AcceptSecurityContext(&srv_cred, *have_s ? sctx : NULL, &ind, ASC_FLAGS,
                                          SECURITY_NATIVE_DREP, sctx, &outd, &attrs, &expiry);
        }
        if (st == SEC_I_COMPLETE_NEEDED || st == SEC_I_COMPLETE_AND_CONTINUE) {
            SECURITY_STATUS c = T->CompleteAuthToken(ctx, &outd);
            if (c != SEC_E_OK)
                return c;
            st = st == SEC_I_COMPLETE_NEEDED ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
        }
        if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
            return st;
        if (client_turn) {
            *have_c = 1;
            cs = st;
        } else {
            *have_s = 1;
            ss = st;
        }
        len = out.cbBuffer;
        tmp = tok;
        tok = outb;
        outb = tmp;
        client_turn = !client_turn;
        if (len == 0 && !(is_ok(cs) && is_ok(ss)))
            return NOT_DONE;
    }
    return is_ok(cs) && is_ok(ss) ? SEC_E_OK : NOT_DONE;
}

static void delete_pair(CtxtHandle *c, CtxtHandle *s, int have_c, int have_s)
{
    if (have_c)
        T->DeleteSecurityContext(c);
    if (have_s)
        T->DeleteSecurityContext(s);
}

/* Runs n handshakes (or until `deadline` if n is 0); returns the count done. */
static long handshake_loop(long n, double deadline, SECURITY_STATUS *err)
{
    unsigned char *a = malloc(TOKEN_BUF), *b = malloc(TOKEN_BUF);
    long done = 0;
    *err = SEC_E_OK;
    if (!a || !b)
        abort();
    while (n ? done < n : now() < deadline) {
        CtxtHandle c, s;
        int hc, hs;
        memset(&c, 0, sizeof c);
        memset(&s, 0, sizeof s);
        SECURITY_STATUS st = handshake(&c, &s, &hc, &hs, a, b);
        delete_pair(&c, &s, hc, hs);
        if (st != SEC_E_OK) {
            *err = st;
            break;
        }
        done++;
    }
    free(a);
    free(b);
    return done;
}

struct worker {
    pthread_t tid;
    double deadline;
    long count;
    SECURITY_STATUS err;
};

static void *worker_main(void *p)
{
    struct worker *w = p;
    w->count = handshake_loop(0, w->deadline, &w->err);
    return NULL;
}

/* Best of SLICES rounds of run_seconds / SLICES each: on a shared machine
 * the best round is the one least disturbed by other load. Both libraries
 * are measured the same way. */
#define SLICES 8

static void bench_handshakes(int threads, const char *key)
{
    struct worker w[8];
    double best = 0;
    SECURITY_STATUS err = SEC_E_OK;

    for (int r = 0; r < SLICES && err == SEC_E_OK; r++) {
        double start = now();
        long total = 0;
        int started = threads;
        for (int i = 0; i < threads; i++) {
            w[i].deadline = start + run_seconds / SLICES;
            if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0) {
                printf("NOTE pthread_create failed\n");
                started = i;
                break;
            }
        }
        for (int i = 0; i < started; i++) {
            pthread_join(w[i].tid, NULL);
            total += w[i].count;
            if (w[i].err != SEC_E_OK)
                err = w[i].err;
        }
        double rate = (double)total / (now() - start);
        if (rate > best)
            best = rate;
    }
    if (err != SEC_E_OK) {
        note(key, err);
        status_result(key, err);
        return;
    }
    printf("RESULT %s %.0f\n", key, best);
}

/* Tracks the best rate over slices of a timed loop (see SLICES). */
struct slicer {
    double start, slice_start, best;
    long slice_n;
};

static void slicer_init(struct slicer *t)
{
    t->start = t->slice_start = now();
    t->best = 0;
    t->slice_n = 0;
}

/* Counts one operation; returns 0 when the measurement's time is up. */
static int slicer_tick(struct slicer *t)
{
    double n = now();
    t->slice_n++;
    if (n - t->slice_start >= run_seconds / 4 / SLICES && t->slice_n >= 2) {
        double rate = (double)t->slice_n / (n - t->slice_start);
        if (rate > t->best)
            t->best = rate;
        t->slice_start = n;
        t->slice_n = 0;
    }
    return n - t->start < run_seconds / 4 || t->best == 0;
}

static long read_status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

static void bench_memory(void)
{
    SECURITY_STATUS err;
    handshake_loop(200, 0, &err); /* warm-up: allocator arenas, lazy init */
    long rss0 = read_status_kib("VmRSS"), hwm0 = read_status_kib("VmHWM");
    long n = handshake_loop(1000, 0, &err);
    long rss1 = read_status_kib("VmRSS"), hwm1 = read_status_kib("VmHWM");
    if (err != SEC_E_OK || n != 1000) {
        note("memory handshakes", err);
        status_result("rss_kib", err);
        status_result("hwm_kib", err);
        return;
    }
    printf("RESULT rss_kib %ld\n", rss1 - rss0);
    printf("RESULT hwm_kib %ld\n", hwm1 - hwm0);
    printf("NOTE VmRSS %ld -> %ld KiB, VmHWM %ld -> %ld KiB over 1000 handshakes\n", rss0, rss1,
           hwm0, hwm1);
}

/* Client-to-server EncryptMessage + DecryptMessage of `size` bytes. */
static void bench_seal(CtxtHandle *c, CtxtHandle *s, ULONG trailer, size_t size, const char *tag)
{
    unsigned char *buf = malloc(trailer + size), *ref = malloc(size);
    char key[64];
    long n = 0;
    if (!buf || !ref)
        abort();
    for (size_t i = 0; i < size; i++)
        ref[i] = (unsigned char)(i * 31 + 7);
    struct slicer t;
    slicer_init(&t);
    do {
        memcpy(buf + trailer, ref, size);
        SecBuffer b[2] = {{trailer, SECBUFFER_TOKEN, buf}, {(ULONG)size, SECBUFFER_DATA, buf + trailer}};
        SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
        ULONG qop = 0;
        SECURITY_STATUS st = T->EncryptMessage(c, 0, &d, 0);
        if (st == SEC_E_OK)
            st = T->DecryptMessage(s, &d, 0, &qop);
        if (st != SEC_E_OK) {
            snprintf(key, sizeof key, "seal_%s EncryptMessage/DecryptMessage", tag);
            note(key, st);
            snprintf(key, sizeof key, "seal_rt_%s", tag);
            status_result(key, st);
            snprintf(key, sizeof key, "seal_mbs_%s", tag);
            status_result(key, st);
            goto out;
        }
        if (n == 0 && (b[1].cbBuffer != size || memcmp(b[1].pvBuffer, ref, size) != 0)) {
            printf("NOTE seal_%s: decrypted data differs from the plaintext\n", tag);
            printf("RESULT seal_rt_%s MISMATCH\nRESULT seal_mbs_%s MISMATCH\n", tag, tag);
            goto out;
        }
        n++;
    } while (slicer_tick(&t));
    printf("RESULT seal_rt_%s %.0f\n", tag, t.best);
    printf("RESULT seal_mbs_%s %.1f\n", tag, t.best * (double)size / 1e6);
out:
    free(buf);
    free(ref);
}

static void bench_sign(CtxtHandle *c, CtxtHandle *s, ULONG max_sig)
{
    unsigned char data[1024], *sig = malloc(max_sig ? max_sig : 1);
    struct slicer t;
    if (!sig)
        abort();
    memset(data, 0x5a, sizeof data);
    if (!T->MakeSignature || !T->VerifySignature) {
        printf("RESULT sign_1k unsupported\n");
        free(sig);
        return;
    }
    slicer_init(&t);
    do {
        SecBuffer b[2] = {{sizeof data, SECBUFFER_DATA, data}, {max_sig, SECBUFFER_TOKEN, sig}};
        SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
        ULONG qop = 0;
        SECURITY_STATUS st = T->MakeSignature(c, 0, &d, 0);
        if (st == SEC_E_OK)
            st = T->VerifySignature(s, &d, 0, &qop);
        if (st != SEC_E_OK) {
            note("MakeSignature/VerifySignature", st);
            status_result("sign_1k", st);
            free(sig);
            return;
        }
    } while (slicer_tick(&t));
    printf("RESULT sign_1k %.0f\n", t.best);
    free(sig);
}

/* ISC into a caller-supplied 8-byte token buffer inside a guard region. */
static void check_overrun(void)
{
    unsigned char *region = malloc(GUARD_SIZE);
    CtxtHandle ctx;
    ULONG attrs = 0;
    TimeStamp expiry;
    if (!region)
        abort();
    memset(region, GUARD_BYTE, GUARD_SIZE);
    memset(&ctx, 0, sizeof ctx);
    SecBuffer out = {8, SECBUFFER_TOKEN, region + GUARD_OFFSET};
    SecBufferDesc outd = {SECBUFFER_VERSION, 1, &out};
    SECURITY_STATUS st =
        T->InitializeSecurityContextW(&cli_cred, NULL, target, ISC_FLAGS & ~(ULONG)ISC_REQ_ALLOCATE_MEMORY,
                                      0, SECURITY_NATIVE_DREP, NULL, 0, &ctx, &outd, &attrs, &expiry);
    long last = -1, before = 0;
    for (long i = GUARD_OFFSET + 8; i < GUARD_SIZE; i++)
        if (region[i] != GUARD_BYTE)
            last = i;
    for (long i = 0; i < GUARD_OFFSET; i++)
        if (region[i] != GUARD_BYTE)
            before = 1;
    printf("NOTE overrun check: ISC status 0x%08x, cbBuffer after %u\n", (unsigned)st,
           (unsigned)out.cbBuffer);
    if (last >= 0)
        printf("RESULT overrun YES(+%ldB)\n", last - (GUARD_OFFSET + 8) + 1);
    else if (before)
        printf("RESULT overrun YES(before-buffer)\n");
    else
        printf("RESULT overrun no\n");
    if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED)
        T->DeleteSecurityContext(&ctx);
    free(region);
}

static int acquire(ULONG use, SEC_WINNT_AUTH_IDENTITY_W *id, CredHandle *cred, const char *what)
{
    TimeStamp expiry;
    SECURITY_STATUS st =
        T->AcquireCredentialsHandleW(NULL, pkg_name, use, NULL, id, NULL, NULL, cred, &expiry);
    if (st != SEC_E_OK) {
        note(what, st);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s LIBRARY [seconds]\n", argv[0]);
        return 2;
    }
    if (argc > 2)
        run_seconds = atof(argv[2]) > 0 ? atof(argv[2]) : run_seconds;
    setvbuf(stdout, NULL, _IOLBF, 0);

    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        printf("NOTE dlopen failed: %s\n", dlerror());
        return 1;
    }
    PSecurityFunctionTableW (*init)(void) = (PSecurityFunctionTableW(*)(void))dlsym(lib, "InitSecurityInterfaceW");
    if (!init || !(T = init())) {
        printf("NOTE InitSecurityInterfaceW %s\n", init ? "returned NULL" : "not exported");
        return 1;
    }
    printf("NOTE library %s, function table version %u\n", argv[1], (unsigned)T->dwVersion);

    pkg_name = wstr("NTLM");
    target = wstr("HTTP/localhost");
    SEC_WINNT_AUTH_IDENTITY_W id;
    memset(&id, 0, sizeof id);
    id.User = wstr("bench");
    id.UserLength = 5;
    id.Domain = wstr("BENCH");
    id.DomainLength = 5;
    id.Password = wstr("Passw0rd!");
    id.PasswordLength = 9;
    id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;

    PSecPkgInfoW info = NULL;
    SECURITY_STATUS st = T->QuerySecurityPackageInfoW(pkg_name, &info);
    if (st == SEC_E_OK && info) {
        printf("NOTE NTLM cbMaxToken %u\n", (unsigned)info->cbMaxToken);
        if (info->cbMaxToken > TOKEN_BUF)
            printf("NOTE cbMaxToken exceeds the harness's %d-byte token buffers\n", TOKEN_BUF);
        T->FreeContextBuffer(info);
    } else {
        note("QuerySecurityPackageInfoW(NTLM)", st);
    }

    if (!acquire(SECPKG_CRED_OUTBOUND, &id, &cli_cred, "AcquireCredentialsHandleW(outbound)") ||
        !acquire(SECPKG_CRED_INBOUND, &id, &srv_cred, "AcquireCredentialsHandleW(inbound)")) {
        printf("RESULT hs_1t FAIL\n");
        return 1;
    }

    check_overrun();
    SECURITY_STATUS warm;
    handshake_loop(500, 0, &warm); /* warm-up before timing */
    /* SSPI_BENCH_ONLY=hs: 2000 more handshakes and nothing else (for callgrind). */
    if (getenv("SSPI_BENCH_ONLY") && strcmp(getenv("SSPI_BENCH_ONLY"), "hs") == 0) {
        handshake_loop(2000, 0, &warm);
        printf("NOTE done\n");
        return warm == SEC_E_OK ? 0 : 1;
    }
    /* SSPI_BENCH_ONLY=seal64 or seal1k: that Encrypt+Decrypt loop alone (for profiling). */
    const char *only = getenv("SSPI_BENCH_ONLY") ? getenv("SSPI_BENCH_ONLY") : "";
    int seal_only = strcmp(only, "seal64") == 0 || strcmp(only, "seal1k") == 0;
    if (!seal_only) {
        bench_handshakes(1, "hs_1t");
        bench_handshakes(2, "hs_2t");
        bench_memory();
    }

    /* One established pair for message protection. */
    CtxtHandle c, s;
    int hc, hs;
    unsigned char *a = malloc(TOKEN_BUF), *b = malloc(TOKEN_BUF);
    if (!a || !b)
        abort();
    memset(&c, 0, sizeof c);
    memset(&s, 0, sizeof s);
    st = handshake(&c, &s, &hc, &hs, a, b);
    SecPkgContext_Sizes sizes;
    memset(&sizes, 0, sizeof sizes);
    if (st == SEC_E_OK)
        st = T->QueryContextAttributesW(&c, SECPKG_ATTR_SIZES, &sizes);
    if (st != SEC_E_OK) {
        note("handshake + QueryContextAttributesW(SIZES)", st);
    } else {
        printf("NOTE sizes: cbMaxSignature %u cbSecurityTrailer %u cbBlockSize %u\n",
               (unsigned)sizes.cbMaxSignature, (unsigned)sizes.cbSecurityTrailer,
               (unsigned)sizes.cbBlockSize);
        if (strcmp(only, "seal1k") != 0)
            bench_seal(&c, &s, sizes.cbSecurityTrailer, 64, "64");
    }
    if (st == SEC_E_OK && strcmp(only, "seal64") != 0)
        bench_seal(&c, &s, sizes.cbSecurityTrailer, 1024, "1k");
    if (st == SEC_E_OK && !seal_only) {
        bench_seal(&c, &s, sizes.cbSecurityTrailer, 16384, "16k");
        bench_seal(&c, &s, sizes.cbSecurityTrailer, 1048576, "1m");
        bench_sign(&c, &s, sizes.cbMaxSignature);
    }
    delete_pair(&c, &s, hc, hs);
    free(a);
    free(b);

    T->FreeCredentialsHandle(&cli_cred);
    T->FreeCredentialsHandle(&srv_cred);
    printf("NOTE done\n");
    return 0;
}
