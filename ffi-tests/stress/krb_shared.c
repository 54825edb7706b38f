/* One Kerberos credential pair shared by 64 threads: an initiator
 * CredHandle from the credential cache (a TGT from kinit; each thread's
 * first InitializeSecurityContext may also fetch the service ticket from the
 * KDC) and an acceptor CredHandle from the keytab. Every thread establishes
 * a mutually authenticated context (AP-REQ, AP-REP) through the SSPI table,
 * seals a message each way and deletes its contexts. All must succeed.
 * argv[1] is the service principal, e.g. host/localhost. */
#include "common.h"
#include <pthread.h>
#include <time.h>

#define THREADS 64
#define ISC_FLAGS (ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_SEQUENCE_DETECT | \
                   ISC_REQ_REPLAY_DETECT | ISC_REQ_ALLOCATE_MEMORY)
#define ASC_FLAGS (ASC_REQ_MUTUAL_AUTH | ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY | ASC_REQ_SEQUENCE_DETECT | \
                   ASC_REQ_REPLAY_DETECT | ASC_REQ_ALLOCATE_MEMORY)

static CredHandle g_ccred, g_scred;
static const char *g_spn;
static pthread_barrier_t g_barrier;

typedef struct {
    int ok;
    const char *what;
    SECURITY_STATUS st;
} result_t;

/* EncryptMessage over [TOKEN(trailer), DATA, PADDING(block)], then
 * DecryptMessage of the same buffers on the peer. */
static int krb_roundtrip(CtxtHandle *from, CtxtHandle *to, const char *text, SECURITY_STATUS *st)
{
    SecPkgContext_Sizes sz;
    unsigned char tok[256], data[128], pad[64];
    SecBuffer b[3];
    SecBufferDesc d = {SECBUFFER_VERSION, 3, b};
    ULONG len = (ULONG)strlen(text), q;
    if ((*st = T()->QueryContextAttributesW(from, SECPKG_ATTR_SIZES, &sz)) != SEC_E_OK)
        return 0;
    if (sz.cbSecurityTrailer > sizeof tok || sz.cbBlockSize > sizeof pad || len > sizeof data)
        return 0;
    memcpy(data, text, len);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sz.cbSecurityTrailer;
    b[0].pvBuffer = tok;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = len;
    b[1].pvBuffer = data;
    b[2].BufferType = SECBUFFER_PADDING;
    b[2].cbBuffer = sz.cbBlockSize;
    b[2].pvBuffer = pad;
    if ((*st = T()->EncryptMessage(from, 0, &d, 0)) != SEC_E_OK)
        return 0;
    if ((*st = T()->DecryptMessage(to, &d, 0, &q)) != SEC_E_OK)
        return 0;
    return b[1].cbBuffer == len && memcmp(b[1].pvBuffer, text, len) == 0;
}

static void *worker(void *arg)
{
    result_t *r = arg;
    CtxtHandle cctx, sctx;
    int have_c = 0, have_s = 0, rounds;
    SECURITY_STATUS ci = SEC_I_CONTINUE_NEEDED, si = SEC_I_CONTINUE_NEEDED;
    SecBuffer ib, ob;
    SecBufferDesc in = {SECBUFFER_VERSION, 1, &ib}, out = {SECBUFFER_VERSION, 1, &ob};
    unsigned char tok[16384];
    ULONG toklen = 0, attrs;
    TimeStamp ts;
    char msg[64];

    pthread_barrier_wait(&g_barrier);
    r->what = "handshake";
    for (rounds = 0; rounds < 4 && (ci != SEC_E_OK || si != SEC_E_OK); rounds++) {
        if (ci == SEC_I_CONTINUE_NEEDED) {
            ib.BufferType = SECBUFFER_TOKEN;
            ib.cbBuffer = toklen;
            ib.pvBuffer = tok;
            ob.BufferType = SECBUFFER_TOKEN;
            ob.cbBuffer = 0;
            ob.pvBuffer = NULL;
            ci = T()->InitializeSecurityContextW(&g_ccred, have_c ? &cctx : NULL, W(g_spn), ISC_FLAGS, 0,
                                                 SECURITY_NATIVE_DREP, have_c ? &in : NULL, 0, &cctx, &out, &attrs,
                                                 &ts);
            if (ci != SEC_E_OK && ci != SEC_I_CONTINUE_NEEDED) {
                r->what = "InitializeSecurityContextW";
                r->st = ci;
                goto done;
            }
            have_c = 1;
            toklen = ob.cbBuffer <= sizeof tok ? ob.cbBuffer : 0;
            if (ob.pvBuffer) {
                memcpy(tok, ob.pvBuffer, toklen);
                T()->FreeContextBuffer(ob.pvBuffer);
            }
            if (toklen == 0)
                continue;
        }
        if (si == SEC_I_CONTINUE_NEEDED) {
            ib.BufferType = SECBUFFER_TOKEN;
            ib.cbBuffer = toklen;
            ib.pvBuffer = tok;
            ob.BufferType = SECBUFFER_TOKEN;
            ob.cbBuffer = 0;
            ob.pvBuffer = NULL;
            si = T()->AcceptSecurityContext(&g_scred, have_s ? &sctx : NULL, &in, ASC_FLAGS, SECURITY_NATIVE_DREP,
                                            &sctx, &out, &attrs, &ts);
            if (si != SEC_E_OK && si != SEC_I_CONTINUE_NEEDED) {
                r->what = "AcceptSecurityContext";
                r->st = si;
                goto done;
            }
            have_s = 1;
            toklen = ob.cbBuffer <= sizeof tok ? ob.cbBuffer : 0;
            if (ob.pvBuffer) {
                memcpy(tok, ob.pvBuffer, toklen);
                T()->FreeContextBuffer(ob.pvBuffer);
            }
        }
    }
    if (ci != SEC_E_OK || si != SEC_E_OK)
        goto done;
    snprintf(msg, sizeof msg, "kerberos thread %p", (void *)r);
    r->what = "seal client to server";
    if (!krb_roundtrip(&cctx, &sctx, msg, &r->st))
        goto done;
    r->what = "seal server to client";
    if (!krb_roundtrip(&sctx, &cctx, msg, &r->st))
        goto done;
    r->ok = 1;
done:
    if (have_c && T()->DeleteSecurityContext(&cctx) != SEC_E_OK)
        r->ok = 0;
    if (have_s && T()->DeleteSecurityContext(&sctx) != SEC_E_OK)
        r->ok = 0;
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[THREADS];
    result_t r[THREADS];
    TimeStamp ts;
    struct timespec t0, t1;
    int i, ok = 0;

    if (argc != 2)
        BAIL("usage: krb_shared SERVICE/host");
    g_spn = argv[1];
    IS(T()->AcquireCredentialsHandleW(NULL, W("Kerberos"), SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &g_ccred,
                                      &ts),
       SEC_E_OK, "Kerberos initiator credential from the cache");
    IS(T()->AcquireCredentialsHandleW(NULL, W("Kerberos"), SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &g_scred, &ts),
       SEC_E_OK, "Kerberos acceptor credential from the keytab");
    if (g_failed)
        return done_testing();
    memset(r, 0, sizeof r);
    pthread_barrier_init(&g_barrier, NULL, THREADS);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, &r[i]))
            BAIL("pthread_create");
    for (i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        ok += r[i].ok;
        if (!r[i].ok)
            printf("# thread %d: %s failed (0x%08X)\n", i, r[i].what, (unsigned)r[i].st);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_barrier_destroy(&g_barrier);
    OK(ok == THREADS, "%d of %d threads sharing one Kerberos credential pair established (mutual) and sealed (%.0f ms)",
       ok, THREADS, (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    IS(T()->FreeCredentialsHandle(&g_ccred), SEC_E_OK, "initiator credential freed");
    IS(T()->FreeCredentialsHandle(&g_scred), SEC_E_OK, "acceptor credential freed");
    return done_testing();
}
