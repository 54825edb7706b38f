/*
 * gss_bench: measures one mechanism (GSS_BENCH_MECH: ntlm, the default;
 * krb5; spnego) through the gss_*
 * functions of the library given on the command line, resolved with
 * dlopen + dlsym only, so the same binary runs against our libsspi.so.1
 * and against MIT's libgssapi_krb5.so.2 (which loads gss-ntlmssp through
 * its mech.d / GSS_MECH_CONFIG file).
 *
 *   gss_bench /path/to/lib.so [seconds-per-run]
 *
 * The initiator's credential comes from gss_acquire_cred_with_password
 * ("BENCH\bench" / NTLM_BENCH_PASSWORD or "Passw0rd!"), the acceptor's
 * from gss_acquire_cred with GSS_C_NO_NAME (the library reads
 * NTLM_USER_FILE); both are acquired once.
 *
 * krb5: both credentials are the defaults (KRB5CCNAME with a cached
 * service ticket for GSS_BENCH_TARGET, default host@localhost; the acceptor
 * from KRB5_KTNAME), with mutual authentication as gss-client asks.
 * spnego: the same credentials through SPNEGO; with GSS_BENCH_SPNEGO_NTLM=1
 * the initiator's is the NTLM password credential above, restricted to
 * NTLM with gss_set_neg_mechs.
 *
 * Prints "RESULT <key> <value>" lines (read by bench/run.sh) and "NOTE ..."
 * lines for anything that failed; never asserts timing.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gssapi/gssapi.h> /* ours: built with -I include */
#include <gssapi/gssapi_ext.h>

/* Every function we call, resolved from the library under test. */
#define GSS_FUNCS(X)                                                           \
    X(gss_import_name) X(gss_release_name) X(gss_acquire_cred)                 \
    X(gss_acquire_cred_with_password) X(gss_release_cred)                      \
    X(gss_init_sec_context) X(gss_accept_sec_context)                          \
    X(gss_delete_sec_context) X(gss_release_buffer) X(gss_wrap) X(gss_unwrap)  \
    X(gss_get_mic) X(gss_verify_mic) X(gss_display_status) X(gss_set_neg_mechs)
#define DECLARE(f) static __typeof__(f) *p_##f;
GSS_FUNCS(DECLARE)

static gss_OID_desc ntlm_oid = {10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"};
static gss_OID_set_desc ntlm_set = {1, &ntlm_oid};
static gss_OID_desc krb5_oid = {9, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};
static gss_OID_desc spnego_oid = {6, (void *)"\x2b\x06\x01\x05\x05\x02"};
/* The mechanism under test and the set holding it. */
static gss_OID mech = &ntlm_oid;
static gss_OID_set_desc mech_set = {1, &ntlm_oid};
static gss_OID_desc nt_user = {10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x01"};
static gss_OID_desc nt_hostbased = {10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};

static OM_uint32 REQ_FLAGS =
    GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG;

static gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
static gss_name_t target = GSS_C_NO_NAME;
static double run_seconds = 2.0;

/* Rates are per CPU-second of this (single-threaded) process by default,
 * so other work on a shared machine does not skew the ratio between two
 * libraries measured one after the other; GSS_BENCH_CLOCK=wall for
 * wall-clock time. */
static clockid_t bench_clock = CLOCK_PROCESS_CPUTIME_ID;

static double now(void)
{
    struct timespec t;
    clock_gettime(bench_clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void note(const char *what, OM_uint32 major, OM_uint32 minor)
{
    OM_uint32 m, ctx = 0;
    gss_buffer_desc b;
    printf("NOTE %s failed: major 0x%08x minor 0x%08x", what, major, minor);
    if (!GSS_ERROR(p_gss_display_status(&m, major, GSS_C_GSS_CODE, GSS_C_NO_OID, &ctx, &b))) {
        printf(": %.*s", (int)b.length, (char *)b.value);
        p_gss_release_buffer(&m, &b);
    }
    ctx = 0;
    if (minor && !GSS_ERROR(p_gss_display_status(&m, minor, GSS_C_MECH_CODE, mech, &ctx, &b))) {
        printf(" (%.*s)", (int)b.length, (char *)b.value);
        p_gss_release_buffer(&m, &b);
    }
    printf("\n");
}

/* One establishment: NEGOTIATE, CHALLENGE, AUTHENTICATE for NTLM; AP-REQ,
 * AP-REP for krb5; inside NegTokenInit/NegTokenResp for SPNEGO. */
static OM_uint32 handshake(gss_ctx_id_t *ic, gss_ctx_id_t *ac, OM_uint32 *minor)
{
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 imaj = GSS_S_CONTINUE_NEEDED, amaj = GSS_S_CONTINUE_NEEDED, m;
    int rounds = 0;
    *ic = *ac = GSS_C_NO_CONTEXT;
    while (rounds++ < 4) {
        imaj = p_gss_init_sec_context(minor, icred, ic, target, mech, REQ_FLAGS, 0,
                                      GSS_C_NO_CHANNEL_BINDINGS, &in, NULL, &out, NULL, NULL);
        p_gss_release_buffer(&m, &in);
        if (GSS_ERROR(imaj))
            return imaj;
        if (out.length == 0)
            break;
        amaj = p_gss_accept_sec_context(minor, ac, acred, &out, GSS_C_NO_CHANNEL_BINDINGS, NULL,
                                        NULL, &in, NULL, NULL, NULL);
        p_gss_release_buffer(&m, &out);
        if (GSS_ERROR(amaj))
            return amaj;
        if (amaj == GSS_S_COMPLETE && in.length == 0)
            break;
    }
    p_gss_release_buffer(&m, &in);
    if (imaj != GSS_S_COMPLETE || amaj != GSS_S_COMPLETE)
        return GSS_S_FAILURE;
    return GSS_S_COMPLETE;
}

static void delete_pair(gss_ctx_id_t *ic, gss_ctx_id_t *ac)
{
    OM_uint32 m;
    if (*ic)
        p_gss_delete_sec_context(&m, ic, GSS_C_NO_BUFFER);
    if (*ac)
        p_gss_delete_sec_context(&m, ac, GSS_C_NO_BUFFER);
}

/* `n` establishments (or until `deadline` when n is 0); returns how many. */
static long handshake_loop(long n, double deadline, OM_uint32 *maj, OM_uint32 *min)
{
    long done = 0;
    *maj = GSS_S_COMPLETE;
    /* The CPU clock is a system call: read it every 16 establishments. */
    while (n ? done < n : ((done & 15) != 0 || now() < deadline)) {
        gss_ctx_id_t ic, ac;
        *maj = handshake(&ic, &ac, min);
        delete_pair(&ic, &ac);
        if (*maj != GSS_S_COMPLETE)
            break;
        done++;
    }
    return done;
}

static void bench_handshakes(void)
{
    OM_uint32 maj, min;
    handshake_loop(50, 0, &maj, &min); /* warm-up */
    double start = now();
    long n = handshake_loop(0, start + run_seconds, &maj, &min);
    double secs = now() - start;
    if (maj != GSS_S_COMPLETE) {
        note("establishment", maj, min);
        printf("RESULT hs_1t FAIL(0x%08x)\n", maj);
        return;
    }
    printf("RESULT hs_1t %.0f\n", (double)n / secs);
    printf("RESULT hs_us %.1f\n", secs / (double)n * 1e6);
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
    OM_uint32 maj, min;
    handshake_loop(200, 0, &maj, &min); /* allocator arenas, lazy init */
    long rss0 = read_status_kib("VmRSS");
    /* GSS_BENCH_MEMORY_N: more establishments, to tell a leak from noise. */
    long want = getenv("GSS_BENCH_MEMORY_N") ? atol(getenv("GSS_BENCH_MEMORY_N")) : 1000;
    if (want < 1)
        want = 1000;
    long n = handshake_loop(want, 0, &maj, &min);
    long rss1 = read_status_kib("VmRSS");
    if (maj != GSS_S_COMPLETE || n != want) {
        note("memory establishments", maj, min);
        printf("RESULT rss_kib FAIL\n");
        return;
    }
    printf("RESULT rss_kib %ld\n", (rss1 - rss0) * 1000 / want);
    printf("NOTE VmRSS %ld -> %ld KiB over %ld establishments\n", rss0, rss1, want);
}

/* gss_wrap (initiator, confidentiality) + gss_unwrap (acceptor) of `size` bytes. */
static void bench_wrap(gss_ctx_id_t ic, gss_ctx_id_t ac, size_t size, const char *tag)
{
    unsigned char *ref = malloc(size);
    long n = 0, stride = size >= 16384 ? 1 : 64;
    OM_uint32 maj, min, m;
    double start = now(), secs = 0;
    if (!ref)
        abort();
    for (size_t i = 0; i < size; i++)
        ref[i] = (unsigned char)(i * 31 + 7);
    do {
        gss_buffer_desc in = {size, ref}, tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
        int conf = 0;
        maj = p_gss_wrap(&min, ic, 1, GSS_C_QOP_DEFAULT, &in, &conf, &tok);
        if (!GSS_ERROR(maj))
            maj = p_gss_unwrap(&min, ac, &tok, &out, NULL, NULL);
        if (GSS_ERROR(maj)) {
            char what[64];
            snprintf(what, sizeof what, "gss_wrap/gss_unwrap %s", tag);
            note(what, maj, min);
            printf("RESULT wrap_rt_%s FAIL\nRESULT wrap_mbs_%s FAIL\n", tag, tag);
            p_gss_release_buffer(&m, &tok);
            goto out;
        }
        if (n == 0 && size == 64)
            printf("NOTE a 64-byte message wraps to %zu bytes\n", tok.length);
        if (n == 0 && (!conf || out.length != size || memcmp(out.value, ref, size) != 0)) {
            printf("NOTE wrap_%s: conf %d, unwrapped data differs\n", tag, conf);
            printf("RESULT wrap_rt_%s MISMATCH\nRESULT wrap_mbs_%s MISMATCH\n", tag, tag);
            p_gss_release_buffer(&m, &tok);
            p_gss_release_buffer(&m, &out);
            goto out;
        }
        p_gss_release_buffer(&m, &tok);
        p_gss_release_buffer(&m, &out);
        if (++n % stride == 0)
            secs = now() - start;
    } while (n % stride != 0 || secs < run_seconds / 4 || n < 3);
    printf("RESULT wrap_rt_%s %.0f\n", tag, (double)n / secs);
    printf("RESULT wrap_mbs_%s %.1f\n", tag, (double)n * (double)size / secs / 1e6);
out:
    free(ref);
}

/* gss_get_mic (initiator) + gss_verify_mic (acceptor) of 1 KiB. */
static void bench_mic(gss_ctx_id_t ic, gss_ctx_id_t ac)
{
    unsigned char msg[1024];
    long n = 0;
    OM_uint32 maj, min, m;
    double start = now(), secs = 0;
    memset(msg, 0x5a, sizeof msg);
    do {
        gss_buffer_desc in = {sizeof msg, msg}, mic = GSS_C_EMPTY_BUFFER;
        maj = p_gss_get_mic(&min, ic, GSS_C_QOP_DEFAULT, &in, &mic);
        if (!GSS_ERROR(maj))
            maj = p_gss_verify_mic(&min, ac, &in, &mic, NULL);
        p_gss_release_buffer(&m, &mic);
        if (GSS_ERROR(maj)) {
            note("gss_get_mic/gss_verify_mic", maj, min);
            printf("RESULT mic_1k FAIL\n");
            return;
        }
        if (++n % 64 == 0)
            secs = now() - start;
    } while (n % 64 != 0 || secs < run_seconds / 4);
    printf("RESULT mic_1k %.0f\n", (double)n / secs);
}

int main(int argc, char **argv)
{
    OM_uint32 maj, min, m;
    const char *pw = getenv("NTLM_BENCH_PASSWORD");
    if (argc < 2) {
        fprintf(stderr, "usage: %s LIBRARY [seconds]\n", argv[0]);
        return 2;
    }
    if (argc > 2)
        run_seconds = atof(argv[2]);
    if (getenv("GSS_BENCH_CLOCK") && strcmp(getenv("GSS_BENCH_CLOCK"), "wall") == 0)
        bench_clock = CLOCK_MONOTONIC;
    printf("NOTE timing by %s\n", bench_clock == CLOCK_MONOTONIC ? "wall clock" : "process CPU time");
    void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        printf("NOTE dlopen %s: %s\nRESULT hs_1t FAIL\n", argv[1], dlerror());
        return 1;
    }
#define RESOLVE(f)                                                                 \
    if (!(p_##f = (__typeof__(f) *)dlsym(h, #f))) {                                \
        printf("NOTE %s lacks %s\nRESULT hs_1t FAIL\n", argv[1], #f);              \
        return 1;                                                                  \
    }
    GSS_FUNCS(RESOLVE)

    const char *mname = getenv("GSS_BENCH_MECH") ? getenv("GSS_BENCH_MECH") : "ntlm";
    const char *tname = getenv("GSS_BENCH_TARGET") ? getenv("GSS_BENCH_TARGET") : "host@localhost";
    int password = strcmp(mname, "ntlm") == 0 || getenv("GSS_BENCH_SPNEGO_NTLM");
    if (strcmp(mname, "krb5") == 0)
        mech = &krb5_oid;
    else if (strcmp(mname, "spnego") == 0)
        mech = &spnego_oid;
    else if (strcmp(mname, "ntlm") != 0) {
        printf("NOTE unknown GSS_BENCH_MECH %s\nRESULT hs_1t FAIL\n", mname);
        return 1;
    }
    mech_set.elements = mech;
    if (mech != &ntlm_oid)
        REQ_FLAGS |= GSS_C_MUTUAL_FLAG;
    printf("NOTE mechanism %s, target %s%s\n", mname, tname,
           password ? ", NTLM password credential" : "");

    gss_buffer_desc user = {12, (void *)"BENCH\\bench"}, svc = {strlen(tname), (void *)tname};
    gss_buffer_desc pwb = {0, (void *)(pw ? pw : "Passw0rd!")};
    gss_name_t uname = GSS_C_NO_NAME;
    user.length = strlen(user.value);
    pwb.length = strlen(pwb.value);
    if (GSS_ERROR(maj = p_gss_import_name(&min, &user, &nt_user, &uname)) ||
        GSS_ERROR(maj = p_gss_import_name(&min, &svc, &nt_hostbased, &target))) {
        note("gss_import_name", maj, min);
        printf("RESULT hs_1t FAIL\n");
        return 1;
    }
    if (password)
        maj = p_gss_acquire_cred_with_password(&min, uname, &pwb, 0, &mech_set, GSS_C_INITIATE,
                                               &icred, NULL, NULL);
    else
        maj = p_gss_acquire_cred(&min, GSS_C_NO_NAME, 0, &mech_set, GSS_C_INITIATE, &icred, NULL,
                                 NULL);
    if (GSS_ERROR(maj)) {
        note("gss_acquire_cred (initiator)", maj, min);
        printf("RESULT hs_1t FAIL\n");
        return 1;
    }
    if (mech == &spnego_oid && password &&
        GSS_ERROR(maj = p_gss_set_neg_mechs(&min, icred, &ntlm_set))) {
        note("gss_set_neg_mechs", maj, min);
        printf("RESULT hs_1t FAIL\n");
        return 1;
    }
    maj = p_gss_acquire_cred(&min, GSS_C_NO_NAME, 0, &mech_set, GSS_C_ACCEPT, &acred, NULL, NULL);
    if (GSS_ERROR(maj)) {
        note("gss_acquire_cred (acceptor)", maj, min);
        printf("RESULT hs_1t FAIL\n");
        return 1;
    }
    p_gss_release_name(&m, &uname);

    /* GSS_BENCH_ONLY=wrap: message protection only; =handshakes: no wrap. */
    const char *only = getenv("GSS_BENCH_ONLY") ? getenv("GSS_BENCH_ONLY") : "";
    int wrap_only = strcmp(only, "wrap") == 0;
    if (!wrap_only) {
        bench_handshakes();
        bench_memory();
    }

    gss_ctx_id_t ic, ac;
    maj = handshake(&ic, &ac, &min);
    if (maj != GSS_S_COMPLETE) {
        note("establishment for wrap", maj, min);
    } else if (strcmp(only, "handshakes") != 0) {
        bench_wrap(ic, ac, 64, "64");
        bench_wrap(ic, ac, 1024, "1k");
        bench_wrap(ic, ac, 16384, "16k");
        bench_wrap(ic, ac, 1 << 20, "1m");
        bench_mic(ic, ac);
    }
    delete_pair(&ic, &ac);
    p_gss_release_cred(&m, &icred);
    p_gss_release_cred(&m, &acred);
    p_gss_release_name(&m, &target);
    return 0;
}
