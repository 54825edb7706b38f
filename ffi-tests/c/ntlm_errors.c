/* NTLM failure paths: bad logons, altered / replayed messages, short buffers,
 * channel bindings, invalid handles, NULL arguments and malformed tokens.
 * A library must answer each with a status, never a crash; a panic caught by
 * the library's guard (SEC_E_INTERNAL_ERROR) counts as a failure too. */
#include "common.h"

/* One handshake with the given client identity; returns the last status. */
static SECURITY_STATUS logon(const char *user, const char *domain, const char *pass, hs_t *h,
                             const void *cb_client, ULONG cb_client_len, const void *cb_server, ULONG cb_server_len)
{
    CredHandle cc, sc;
    CtxtHandle c, s;
    wident_t wid;
    SECURITY_STATUS st;
    if (acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&wid, user, domain, pass), &cc, NULL) != SEC_E_OK ||
        acquire_w(SECPKG_CRED_INBOUND, NULL, &sc, NULL) != SEC_E_OK)
        BAIL("cannot acquire credentials");
    hs_init(h, VIA_TABLE_W, 1);
    h->cbind_client = cb_client;
    h->cbind_client_len = cb_client_len;
    h->cbind_server = cb_server;
    h->cbind_server_len = cb_server_len;
    handshake(h, &cc, &sc, &c, &s);
    st = h->st[h->steps - 1];
    hs_cleanup(h, &c, &s);
    T()->FreeCredentialsHandle(&cc);
    T()->FreeCredentialsHandle(&sc);
    return st;
}

static void bad_logons(void)
{
    hs_t h;
    SECURITY_STATUS st = logon(T_USER, T_DOMAIN, "not-the-password", &h, NULL, 0, NULL, 0);
    OK(h.steps == 4 && h.st[2] == SEC_E_OK, "wrong password: the client side completes (it cannot know)");
    IS(st, SEC_E_LOGON_DENIED, "wrong password -> ASC SEC_E_LOGON_DENIED");
    st = logon("mallory", T_DOMAIN, T_PASS, &h, NULL, 0, NULL, 0);
    OK(h.steps == 4, "unknown user: reaches the final ASC");
    IS(st, SEC_E_LOGON_DENIED, "unknown user -> ASC SEC_E_LOGON_DENIED");
    st = logon(T_USER, T_DOMAIN, "", &h, NULL, 0, NULL, 0);
    IS(st, SEC_E_LOGON_DENIED, "empty password -> ASC SEC_E_LOGON_DENIED");
    st = logon(T_USER, T_DOMAIN, T_PASS, &h, NULL, 0, NULL, 0);
    IS(st, SEC_E_OK, "control: the right password logs on");
}

/* Channel bindings: SEC_CHANNEL_BINDINGS followed by application data. */
typedef struct {
    SEC_CHANNEL_BINDINGS cb;
    unsigned char data[64];
} bindings_t;

static ULONG make_bindings(bindings_t *b, const char *app)
{
    size_t n = strlen(app);
    memset(b, 0, sizeof *b);
    b->cb.cbApplicationDataLength = (ULONG)n;
    b->cb.dwApplicationDataOffset = (ULONG)sizeof(SEC_CHANNEL_BINDINGS);
    memcpy(b->data, app, n);
    return (ULONG)(sizeof(SEC_CHANNEL_BINDINGS) + n);
}

static void channel_bindings(void)
{
    bindings_t a, b;
    ULONG la = make_bindings(&a, "tls-server-end-point:0123456789abcdef0123456789abcdef");
    ULONG lb = make_bindings(&b, "tls-server-end-point:fedcba9876543210fedcba9876543210");
    hs_t h;
    OK(offsetof(bindings_t, data) == sizeof(SEC_CHANNEL_BINDINGS), "SEC_CHANNEL_BINDINGS is followed directly by its data");
    IS(logon(T_USER, T_DOMAIN, T_PASS, &h, &a, la, &a, la), SEC_E_OK, "matching channel bindings -> SEC_E_OK");
    /* Windows reports a binding mismatch as SEC_E_BAD_BINDINGS; some NTLM
     * acceptors fold it into the logon failure. Either is a refusal. */
    IS_EITHER(logon(T_USER, T_DOMAIN, T_PASS, &h, &a, la, &b, lb), SEC_E_BAD_BINDINGS, SEC_E_LOGON_DENIED,
              "different channel bindings -> ASC SEC_E_BAD_BINDINGS or SEC_E_LOGON_DENIED");
    OK(h.steps == 4, "... refused at the final ASC");
}

static void tampering(void)
{
    pair_t p;
    unsigned char sig[16], data[32], sig2[16];
    ULONG siglen;
    const char *text = "transfer 100 to bob";
    ULONG len = (ULONG)strlen(text);

    if (!pair_open(&p))
        BAIL("handshake failed");
    memcpy(data, text, len);
    siglen = 16;
    IS(seal(&p.cctx, 0, sig, &siglen, data, len), SEC_E_OK, "seal");
    data[3] ^= 0x01;
    IS(unseal(&p.sctx, sig, siglen, data, len, NULL), SEC_E_MESSAGE_ALTERED, "altered sealed data -> SEC_E_MESSAGE_ALTERED");
    pair_close(&p);

    if (!pair_open(&p))
        BAIL("handshake failed");
    memcpy(data, text, len);
    siglen = 16;
    IS(seal(&p.cctx, 0, sig, &siglen, data, len), SEC_E_OK, "seal");
    sig[6] ^= 0x40; /* inside the checksum */
    IS(unseal(&p.sctx, sig, siglen, data, len, NULL), SEC_E_MESSAGE_ALTERED, "altered seal trailer -> SEC_E_MESSAGE_ALTERED");
    pair_close(&p);

    if (!pair_open(&p))
        BAIL("handshake failed");
    siglen = 16;
    IS(sign(&p.cctx, (const unsigned char *)text, len, sig, &siglen), SEC_E_OK, "sign");
    memcpy(sig2, sig, 16);
    sig2[10] ^= 0x01;
    IS(verify(&p.sctx, (const unsigned char *)text, len, sig2, 16), SEC_E_MESSAGE_ALTERED, "altered signature -> SEC_E_MESSAGE_ALTERED");
    pair_close(&p);

    if (!pair_open(&p))
        BAIL("handshake failed");
    siglen = 16;
    IS(sign(&p.cctx, (const unsigned char *)text, len, sig, &siglen), SEC_E_OK, "sign");
    memcpy(data, text, len);
    data[0] = 'T';
    IS(verify(&p.sctx, data, len, sig, 16), SEC_E_MESSAGE_ALTERED, "signed data altered -> SEC_E_MESSAGE_ALTERED");
    pair_close(&p);
}

/* NTLM (MS-NLMP 3.4.4) puts the sequence number inside the RC4-encrypted
 * checksum, and the receiver's RC4 state advances with every message: a
 * replayed or reordered message decrypts under the wrong key stream, so the
 * package cannot reliably tell "out of sequence" from "altered". Both
 * SEC_E_OUT_OF_SEQUENCE and SEC_E_MESSAGE_ALTERED are accepted. */
static void replay_and_order(void)
{
    pair_t p;
    unsigned char s1[16], s2[16], d1[16], d2[16], keep[16], ksig[16];
    ULONG l1 = 16, l2 = 16;

    if (!pair_open(&p))
        BAIL("handshake failed");
    memcpy(d1, "message-one.....", 16);
    IS(seal(&p.cctx, 0, s1, &l1, d1, 16), SEC_E_OK, "seal #1");
    memcpy(keep, d1, 16);
    memcpy(ksig, s1, 16);
    IS(unseal(&p.sctx, s1, l1, d1, 16, NULL), SEC_E_OK, "unseal #1");
    IS_EITHER(unseal(&p.sctx, ksig, 16, keep, 16, NULL), SEC_E_OUT_OF_SEQUENCE, SEC_E_MESSAGE_ALTERED,
              "replayed sealed message -> OUT_OF_SEQUENCE or MESSAGE_ALTERED");
    pair_close(&p);

    if (!pair_open(&p))
        BAIL("handshake failed");
    memcpy(d1, "message-one.....", 16);
    memcpy(d2, "message-two.....", 16);
    IS(seal(&p.cctx, 0, s1, &l1, d1, 16), SEC_E_OK, "seal #1");
    IS(seal(&p.cctx, 0, s2, &l2, d2, 16), SEC_E_OK, "seal #2");
    IS_EITHER(unseal(&p.sctx, s2, l2, d2, 16, NULL), SEC_E_OUT_OF_SEQUENCE, SEC_E_MESSAGE_ALTERED,
              "second message delivered first -> OUT_OF_SEQUENCE or MESSAGE_ALTERED");
    pair_close(&p);

    if (!pair_open(&p))
        BAIL("handshake failed");
    l1 = 16;
    IS(sign(&p.cctx, (const unsigned char *)"abc", 3, s1, &l1), SEC_E_OK, "sign");
    memcpy(ksig, s1, 16);
    IS(verify(&p.sctx, (const unsigned char *)"abc", 3, s1, l1), SEC_E_OK, "verify");
    IS_EITHER(verify(&p.sctx, (const unsigned char *)"abc", 3, ksig, 16), SEC_E_OUT_OF_SEQUENCE, SEC_E_MESSAGE_ALTERED,
              "replayed signature -> OUT_OF_SEQUENCE or MESSAGE_ALTERED");
    pair_close(&p);

    /* a message sealed by the receiver's own context (reflection) is not accepted either */
    if (!pair_open(&p))
        BAIL("handshake failed");
    memcpy(d1, "reflected.......", 16);
    l1 = 16;
    IS(seal(&p.sctx, 0, s1, &l1, d1, 16), SEC_E_OK, "server seals");
    IS_EITHER(unseal(&p.sctx, s1, l1, d1, 16, NULL), SEC_E_MESSAGE_ALTERED, SEC_E_OUT_OF_SEQUENCE,
              "server's own message reflected back -> MESSAGE_ALTERED (or OUT_OF_SEQUENCE)");
    pair_close(&p);
}

/* A caller buffer too small for the token (no ALLOCATE_MEMORY). */
static int guard_ok(const unsigned char *buf, size_t from, size_t to)
{
    size_t i;
    for (i = from; i < to; i++)
        if (buf[i] != 0xA5)
            return 0;
    return 1;
}

static void small_buffers(void)
{
    CredHandle cc, sc;
    CtxtHandle c, s, c2;
    wident_t wid;
    unsigned char guard[256];
    SecBuffer ob, ib;
    SecBufferDesc od, id;
    ULONG attrs;
    TimeStamp ts;
    SECURITY_STATUS st;
    hs_t h;

    acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&wid, T_USER, T_DOMAIN, T_PASS), &cc, NULL);
    acquire_w(SECPKG_CRED_INBOUND, NULL, &sc, NULL);
    od.ulVersion = id.ulVersion = SECBUFFER_VERSION;
    od.cBuffers = id.cBuffers = 1;
    od.pBuffers = &ob;
    id.pBuffers = &ib;

    /* NEGOTIATE into 8 bytes */
    memset(guard, 0xA5, sizeof guard);
    ob.BufferType = SECBUFFER_TOKEN;
    ob.cbBuffer = 8;
    ob.pvBuffer = guard;
    memset(&c2, 0x5A, sizeof c2);
    c = c2;
    st = T()->InitializeSecurityContextW(&cc, NULL, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP, NULL, 0, &c, &od,
                                         &attrs, &ts);
    IS_EITHER(st, SEC_E_INSUFFICIENT_MEMORY, SEC_E_BUFFER_TOO_SMALL, "ISC #1 into an 8-byte buffer -> INSUFFICIENT_MEMORY or BUFFER_TOO_SMALL");
    OK(guard_ok(guard, 8, sizeof guard), "ISC #1: nothing written past cbBuffer");
    OK(guard_ok(guard, 0, 8), "ISC #1: nothing written at all on failure (outputs only on success)");
    if (memcmp(&c, &c2, sizeof c) != 0 && st < 0) {
        OK(0, "ISC #1: no context handle returned on failure");
        T()->DeleteSecurityContext(&c);
    }

    /* CHALLENGE into 16 bytes */
    hs_init(&h, VIA_TABLE_W, 0);
    {
        outtok_t out;
        if (hs_isc(&h, &cc, &c, 1, NULL, outtok_init(&out, 0)) != SEC_I_CONTINUE_NEEDED)
            BAIL("ISC #1");
        memset(guard, 0xA5, sizeof guard);
        ib.BufferType = SECBUFFER_TOKEN;
        ib.cbBuffer = out.buf.cbBuffer;
        ib.pvBuffer = out.space;
        ob.BufferType = SECBUFFER_TOKEN;
        ob.cbBuffer = 16;
        ob.pvBuffer = guard;
        st = T()->AcceptSecurityContext(&sc, NULL, &id, DEFAULT_ASC_REQ, SECURITY_NATIVE_DREP, &s, &od, &attrs, &ts);
        IS_EITHER(st, SEC_E_INSUFFICIENT_MEMORY, SEC_E_BUFFER_TOO_SMALL, "ASC #1 into a 16-byte buffer -> INSUFFICIENT_MEMORY or BUFFER_TOO_SMALL");
        OK(guard_ok(guard, 16, sizeof guard), "ASC #1: nothing written past cbBuffer");
        OK(guard_ok(guard, 0, 16), "ASC #1: nothing written at all on failure");
        if (st == SEC_I_CONTINUE_NEEDED || st == SEC_E_OK)
            T()->DeleteSecurityContext(&s);
        T()->DeleteSecurityContext(&c);
    }

    /* AUTHENTICATE into 32 bytes */
    {
        outtok_t o1, o2;
        intok_t in;
        hs_init(&h, VIA_TABLE_W, 0);
        if (hs_isc(&h, &cc, &c, 1, NULL, outtok_init(&o1, 0)) != SEC_I_CONTINUE_NEEDED ||
            hs_asc(&h, &sc, &s, 1, intok_init(&in, o1.space, o1.buf.cbBuffer, NULL, 0), outtok_init(&o2, 0)) != SEC_I_CONTINUE_NEEDED)
            BAIL("first legs");
        memset(guard, 0xA5, sizeof guard);
        ob.BufferType = SECBUFFER_TOKEN;
        ob.cbBuffer = 32;
        ob.pvBuffer = guard;
        st = T()->InitializeSecurityContextW(&cc, &c, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP,
                                             intok_init(&in, o2.space, o2.buf.cbBuffer, NULL, 0), 0, &c, &od, &attrs, &ts);
        IS_EITHER(st, SEC_E_INSUFFICIENT_MEMORY, SEC_E_BUFFER_TOO_SMALL, "ISC #2 into a 32-byte buffer -> INSUFFICIENT_MEMORY or BUFFER_TOO_SMALL");
        OK(guard_ok(guard, 32, sizeof guard), "ISC #2: nothing written past cbBuffer");
        OK(guard_ok(guard, 0, 32), "ISC #2: nothing written at all on failure");
        T()->DeleteSecurityContext(&c);
        T()->DeleteSecurityContext(&s);
    }

    /* message protection: trailer buffer shorter than cbSecurityTrailer */
    {
        pair_t p;
        unsigned char data[8];
        ULONG l = 8;
        if (!pair_open(&p))
            BAIL("handshake");
        memset(guard, 0xA5, sizeof guard);
        memcpy(data, "12345678", 8);
        st = seal(&p.cctx, 0, guard, &l, data, 8);
        IS_EITHER(st, SEC_E_BUFFER_TOO_SMALL, SEC_E_INSUFFICIENT_MEMORY, "EncryptMessage with an 8-byte trailer -> BUFFER_TOO_SMALL or INSUFFICIENT_MEMORY");
        OK(guard_ok(guard, 8, sizeof guard), "EncryptMessage: nothing written past the trailer's cbBuffer");
        OK(memcmp(data, "12345678", 8) == 0, "EncryptMessage: data untouched on failure");
        l = 8;
        st = sign(&p.cctx, data, 8, guard, &l);
        IS_EITHER(st, SEC_E_BUFFER_TOO_SMALL, SEC_E_INSUFFICIENT_MEMORY, "MakeSignature with an 8-byte token -> BUFFER_TOO_SMALL or INSUFFICIENT_MEMORY");
        OK(guard_ok(guard, 8, sizeof guard), "MakeSignature: nothing written past cbBuffer");
        pair_close(&p);
    }
    T()->FreeCredentialsHandle(&cc);
    T()->FreeCredentialsHandle(&sc);
}

/* ---- invalid handles ----------------------------------------------------- */
static void every_context_fn(CtxtHandle *h, const char *what)
{
    SecPkgContext_Sizes sz;
    SecPkgContext_NamesA na;
    unsigned char sig[16], data[4] = {1, 2, 3, 4};
    ULONG l = 16, q;
    SecBuffer b[2], packed;
    SecBufferDesc d;
    void *tok = NULL;
    CredHandle cc;
    CtxtHandle out;
    wident_t wid;
    TimeStamp ts;
    ULONG attrs;
    intok_t in;
    outtok_t o;
    hs_t hh;

    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = 16;
    b[0].pvBuffer = sig;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = 4;
    b[1].pvBuffer = data;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    memset(sig, 0, sizeof sig);
    IS(T()->QueryContextAttributesW(h, SECPKG_ATTR_SIZES, &sz), SEC_E_INVALID_HANDLE, "%s: QueryContextAttributesW", what);
    IS(QueryContextAttributesA(h, SECPKG_ATTR_NAMES, &na), SEC_E_INVALID_HANDLE, "%s: QueryContextAttributesA", what);
    IS(QueryContextAttributesExW(h, SECPKG_ATTR_SIZES, &sz, sizeof sz), SEC_E_INVALID_HANDLE, "%s: QueryContextAttributesExW", what);
    IS(QueryContextAttributesExA(h, SECPKG_ATTR_SIZES, &sz, sizeof sz), SEC_E_INVALID_HANDLE, "%s: QueryContextAttributesExA", what);
    IS(SetContextAttributesW(h, SECPKG_ATTR_SIZES, &sz, sizeof sz), SEC_E_INVALID_HANDLE, "%s: SetContextAttributesW", what);
    IS(SetContextAttributesA(h, SECPKG_ATTR_SIZES, &sz, sizeof sz), SEC_E_INVALID_HANDLE, "%s: SetContextAttributesA", what);
    IS(T()->EncryptMessage(h, 0, &d, 0), SEC_E_INVALID_HANDLE, "%s: EncryptMessage", what);
    IS(T()->DecryptMessage(h, &d, 0, &q), SEC_E_INVALID_HANDLE, "%s: DecryptMessage", what);
    b[0].BufferType = SECBUFFER_DATA;
    b[1].BufferType = SECBUFFER_TOKEN;
    b[0].pvBuffer = data;
    b[0].cbBuffer = 4;
    b[1].pvBuffer = sig;
    b[1].cbBuffer = l;
    IS(T()->MakeSignature(h, 0, &d, 0), SEC_E_INVALID_HANDLE, "%s: MakeSignature", what);
    IS(T()->VerifySignature(h, &d, 0, &q), SEC_E_INVALID_HANDLE, "%s: VerifySignature", what);
    d.cBuffers = 1;
    b[0].BufferType = SECBUFFER_TOKEN;
    IS(T()->ApplyControlToken(h, &d), SEC_E_INVALID_HANDLE, "%s: ApplyControlToken", what);
    IS(T()->CompleteAuthToken(h, &d), SEC_E_INVALID_HANDLE, "%s: CompleteAuthToken", what);
    IS(T()->ImpersonateSecurityContext(h), SEC_E_INVALID_HANDLE, "%s: ImpersonateSecurityContext", what);
    IS(T()->RevertSecurityContext(h), SEC_E_INVALID_HANDLE, "%s: RevertSecurityContext", what);
    memset(&packed, 0, sizeof packed);
    IS(T()->ExportSecurityContext(h, 0, &packed, &tok), SEC_E_INVALID_HANDLE, "%s: ExportSecurityContext", what);
    IS(T()->QuerySecurityContextToken(h, &tok), SEC_E_INVALID_HANDLE, "%s: QuerySecurityContextToken", what);

    /* ISC / ASC continuing a bad context with good credentials */
    acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&wid, T_USER, T_DOMAIN, T_PASS), &cc, NULL);
    hs_init(&hh, VIA_TABLE_W, 0);
    out = *h;
    IS(T()->InitializeSecurityContextW(&cc, h, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP,
                                       intok_init(&in, (void *)"NTLMSSP\0\2\0\0\0", 12, NULL, 0), 0, &out, outtok_init(&o, 0), &attrs, &ts),
       SEC_E_INVALID_HANDLE, "%s: InitializeSecurityContextW(phContext)", what);
    T()->FreeCredentialsHandle(&cc);
    acquire_w(SECPKG_CRED_INBOUND, NULL, &cc, NULL);
    out = *h;
    IS(T()->AcceptSecurityContext(&cc, h, intok_init(&in, (void *)"NTLMSSP\0\3\0\0\0", 12, NULL, 0), DEFAULT_ASC_REQ,
                                  SECURITY_NATIVE_DREP, &out, outtok_init(&o, 0), &attrs, &ts),
       SEC_E_INVALID_HANDLE, "%s: AcceptSecurityContext(phContext)", what);
    T()->FreeCredentialsHandle(&cc);
    IS(T()->DeleteSecurityContext(h), SEC_E_INVALID_HANDLE, "%s: DeleteSecurityContext", what);
}

static void every_credential_fn(CredHandle *h, const char *what)
{
    SecPkgCredentials_NamesW nw;
    SecPkgCredentials_NamesA na;
    TimeStamp ts;
    CtxtHandle c;
    ULONG attrs;
    outtok_t o;
    intok_t in;
    IS(T()->QueryCredentialsAttributesW(h, SECPKG_CRED_ATTR_NAMES, &nw), SEC_E_INVALID_HANDLE, "%s: QueryCredentialsAttributesW", what);
    IS(QueryCredentialsAttributesA(h, SECPKG_CRED_ATTR_NAMES, &na), SEC_E_INVALID_HANDLE, "%s: QueryCredentialsAttributesA", what);
    IS(QueryCredentialsAttributesExW(h, SECPKG_CRED_ATTR_NAMES, &nw, sizeof nw), SEC_E_INVALID_HANDLE, "%s: QueryCredentialsAttributesExW", what);
    IS(QueryCredentialsAttributesExA(h, SECPKG_CRED_ATTR_NAMES, &na, sizeof na), SEC_E_INVALID_HANDLE, "%s: QueryCredentialsAttributesExA", what);
    IS(SetCredentialsAttributesW(h, SECPKG_CRED_ATTR_NAMES, &nw, sizeof nw), SEC_E_INVALID_HANDLE, "%s: SetCredentialsAttributesW", what);
    IS(SetCredentialsAttributesA(h, SECPKG_CRED_ATTR_NAMES, &na, sizeof na), SEC_E_INVALID_HANDLE, "%s: SetCredentialsAttributesA", what);
    IS(AddCredentialsW(h, NULL, W("NTLM"), SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, &ts), SEC_E_INVALID_HANDLE, "%s: AddCredentialsW", what);
    IS(AddCredentialsA(h, NULL, (SEC_CHAR *)"NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, &ts), SEC_E_INVALID_HANDLE, "%s: AddCredentialsA", what);
    IS(T()->InitializeSecurityContextW(h, NULL, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP, NULL, 0, &c,
                                       outtok_init(&o, 0), &attrs, &ts),
       SEC_E_INVALID_HANDLE, "%s: InitializeSecurityContextW(phCredential)", what);
    IS(InitializeSecurityContextA(h, NULL, (SEC_CHAR *)T_TARGET, DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP, NULL, 0, &c,
                                  outtok_init(&o, 0), &attrs, &ts),
       SEC_E_INVALID_HANDLE, "%s: InitializeSecurityContextA(phCredential)", what);
    {
        /* a real NEGOTIATE so that only the credential is wrong */
        CredHandle cc;
        CtxtHandle cx;
        wident_t wid;
        hs_t hh;
        outtok_t neg;
        acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&wid, T_USER, T_DOMAIN, T_PASS), &cc, NULL);
        hs_init(&hh, VIA_TABLE_W, 0);
        if (hs_isc(&hh, &cc, &cx, 1, NULL, outtok_init(&neg, 0)) != SEC_I_CONTINUE_NEEDED)
            BAIL("ISC");
        IS(T()->AcceptSecurityContext(h, NULL, intok_init(&in, neg.space, neg.buf.cbBuffer, NULL, 0), DEFAULT_ASC_REQ,
                                      SECURITY_NATIVE_DREP, &c, outtok_init(&o, 0), &attrs, &ts),
           SEC_E_INVALID_HANDLE, "%s: AcceptSecurityContext(phCredential)", what);
        T()->DeleteSecurityContext(&cx);
        T()->FreeCredentialsHandle(&cc);
    }
    IS(T()->FreeCredentialsHandle(h), SEC_E_INVALID_HANDLE, "%s: FreeCredentialsHandle", what);
}

static void invalid_handles(void)
{
    SecHandle forged = {0x1234, 0x5678}, zero = {0, 0}, ones, stale_ctx, stale_cred;
    pair_t p;
    CtxtHandle keep_s;

    memset(&ones, 0xff, sizeof ones);
    every_context_fn(&forged, "forged context handle");
    every_context_fn(&zero, "zeroed context handle");
    every_context_fn(&ones, "all-ones context handle");
    every_credential_fn(&forged, "forged credential handle");
    every_credential_fn(&zero, "zeroed credential handle");
    every_credential_fn(&ones, "all-ones credential handle");

    if (!pair_open(&p))
        BAIL("handshake");
    stale_ctx = p.cctx;
    stale_cred = p.ccred;
    keep_s = p.sctx;
    IS(T()->DeleteSecurityContext(&p.cctx), SEC_E_OK, "DeleteSecurityContext(live client context)");
    IS(T()->DeleteSecurityContext(&stale_ctx), SEC_E_INVALID_HANDLE, "double DeleteSecurityContext -> SEC_E_INVALID_HANDLE");
    IS(T()->FreeCredentialsHandle(&p.ccred), SEC_E_OK, "FreeCredentialsHandle(live client credential)");
    IS(T()->FreeCredentialsHandle(&stale_cred), SEC_E_INVALID_HANDLE, "double FreeCredentialsHandle -> SEC_E_INVALID_HANDLE");
    every_context_fn(&stale_ctx, "stale context handle");
    every_credential_fn(&stale_cred, "stale credential handle");
    {
        /* a handle of the wrong kind: a credential handle where a context is expected and back */
        SecPkgContext_Sizes sz;
        SecPkgCredentials_NamesW nw;
        IS(T()->QueryContextAttributesW(&p.scred, SECPKG_ATTR_SIZES, &sz), SEC_E_INVALID_HANDLE, "credential handle used as a context");
        IS(T()->QueryCredentialsAttributesW(&keep_s, SECPKG_CRED_ATTR_NAMES, &nw), SEC_E_INVALID_HANDLE, "context handle used as a credential");
    }
    /* a freed slot reused by a new context must not revive the old handle */
    {
        pair_t q;
        SecPkgContext_Sizes sz;
        if (!pair_open(&q))
            BAIL("handshake");
        IS(T()->QueryContextAttributesW(&stale_ctx, SECPKG_ATTR_SIZES, &sz), SEC_E_INVALID_HANDLE,
           "stale handle stays invalid after new contexts are created");
        pair_close(&q);
    }
    /* the surviving server context still works */
    {
        SecPkgContext_Sizes sz;
        IS(T()->QueryContextAttributesW(&keep_s, SECPKG_ATTR_SIZES, &sz), SEC_E_OK, "the peer's context is unaffected");
    }
    p.h.have_cctx = 0;
    T()->DeleteSecurityContext(&p.sctx);
    T()->FreeCredentialsHandle(&p.scred);

    IS(T()->DeleteSecurityContext(NULL), SEC_E_INVALID_HANDLE, "DeleteSecurityContext(NULL) -> SEC_E_INVALID_HANDLE");
    IS(T()->FreeCredentialsHandle(NULL), SEC_E_INVALID_HANDLE, "FreeCredentialsHandle(NULL) -> SEC_E_INVALID_HANDLE");
}

/* ---- NULL arguments ------------------------------------------------------ */
/* Where Microsoft documents no single code for a missing argument, the test
 * asks only for a failure that is not the panic guard's SEC_E_INTERNAL_ERROR. */
#define FAILS_CLEANLY(expr, ...) do { SECURITY_STATUS st_ = (expr); \
    OK(st_ < 0 && st_ != SEC_E_INTERNAL_ERROR, __VA_ARGS__); \
    printf("#   status 0x%08X\n", (unsigned)st_); } while (0)

static void null_arguments(void)
{
    pair_t p;
    SecBuffer b[2];
    SecBufferDesc d;
    unsigned char sig[16], data[8];
    ULONG l = 16;
    CredHandle ch;
    TimeStamp ts;
    ULONG attrs;
    CtxtHandle c;
    wident_t wid;

    if (!pair_open(&p))
        BAIL("handshake");
    FAILS_CLEANLY(T()->EncryptMessage(&p.cctx, 0, NULL, 0), "EncryptMessage(pMessage NULL) fails cleanly");
    FAILS_CLEANLY(T()->DecryptMessage(&p.sctx, NULL, 0, NULL), "DecryptMessage(pMessage NULL) fails cleanly");
    FAILS_CLEANLY(T()->MakeSignature(&p.cctx, 0, NULL, 0), "MakeSignature(pMessage NULL) fails cleanly");
    FAILS_CLEANLY(T()->VerifySignature(&p.sctx, NULL, 0, NULL), "VerifySignature(pMessage NULL) fails cleanly");
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = NULL;
    FAILS_CLEANLY(T()->EncryptMessage(&p.cctx, 0, &d, 0), "EncryptMessage(pBuffers NULL, cBuffers 2) fails cleanly");
    d.pBuffers = b;
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = 16;
    b[0].pvBuffer = NULL;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = 8;
    b[1].pvBuffer = data;
    FAILS_CLEANLY(T()->EncryptMessage(&p.cctx, 0, &d, 0), "EncryptMessage(token pvBuffer NULL) fails cleanly");
    b[0].pvBuffer = sig;
    b[1].pvBuffer = NULL;
    FAILS_CLEANLY(T()->EncryptMessage(&p.cctx, 0, &d, 0), "EncryptMessage(data pvBuffer NULL, cbBuffer 8) fails cleanly");
    d.cBuffers = 1;
    b[0].BufferType = SECBUFFER_DATA;
    b[0].pvBuffer = data;
    b[0].cbBuffer = 8;
    FAILS_CLEANLY(T()->EncryptMessage(&p.cctx, 0, &d, 0), "EncryptMessage without a SECBUFFER_TOKEN fails cleanly");
    FAILS_CLEANLY(T()->QueryContextAttributesW(&p.cctx, SECPKG_ATTR_SIZES, NULL), "QueryContextAttributesW(pBuffer NULL) fails cleanly");
    FAILS_CLEANLY(T()->QueryCredentialsAttributesW(&p.ccred, SECPKG_CRED_ATTR_NAMES, NULL), "QueryCredentialsAttributesW(pBuffer NULL) fails cleanly");
    FAILS_CLEANLY(T()->AcquireCredentialsHandleW(NULL, W("NTLM"), SECPKG_CRED_OUTBOUND, NULL, make_wident(&wid, T_USER, T_DOMAIN, T_PASS),
                                                 NULL, NULL, NULL, &ts),
                  "AcquireCredentialsHandleW(phCredential NULL) fails cleanly");
    FAILS_CLEANLY(T()->AcquireCredentialsHandleW(NULL, NULL, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &ch, &ts),
                  "AcquireCredentialsHandleW(pszPackage NULL) fails cleanly");
    FAILS_CLEANLY(T()->InitializeSecurityContextW(&p.ccred, NULL, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP, NULL, 0,
                                                  &c, NULL, &attrs, &ts),
                  "InitializeSecurityContextW(pOutput NULL) fails cleanly");
    FAILS_CLEANLY(T()->AcceptSecurityContext(&p.scred, NULL, NULL, DEFAULT_ASC_REQ, SECURITY_NATIVE_DREP, &c, NULL, &attrs, &ts),
                  "AcceptSecurityContext(pInput NULL) fails cleanly");
    FAILS_CLEANLY(T()->QuerySecurityPackageInfoW(NULL, NULL), "QuerySecurityPackageInfoW(NULL, NULL) fails cleanly");
    FAILS_CLEANLY(T()->EnumerateSecurityPackagesW(NULL, NULL), "EnumerateSecurityPackagesW(NULL, NULL) fails cleanly");

    pair_close(&p);

    /* optional outputs really are optional (a fresh pair: the calls above
     * may legitimately have left the first one unusable) */
    if (!pair_open(&p))
        BAIL("handshake");
    memcpy(data, "optional", 8);
    l = 16;
    IS(seal(&p.cctx, 0, sig, &l, data, 8), SEC_E_OK, "seal");
    IS(unseal(&p.sctx, sig, l, data, 8, NULL), SEC_E_OK, "DecryptMessage with pfQOP NULL -> SEC_E_OK");
    OK(memcmp(data, "optional", 8) == 0, "... and the data came back");
    l = 16;
    IS(sign(&p.sctx, data, 8, sig, &l), SEC_E_OK, "sign");
    d.cBuffers = 2;
    b[0].BufferType = SECBUFFER_DATA;
    b[0].cbBuffer = 8;
    b[0].pvBuffer = data;
    b[1].BufferType = SECBUFFER_TOKEN;
    b[1].cbBuffer = l;
    b[1].pvBuffer = sig;
    IS(T()->VerifySignature(&p.cctx, &d, 0, NULL), SEC_E_OK, "VerifySignature with pfQOP NULL -> SEC_E_OK");
    {
        /* ptsExpiry is optional on ISC */
        CtxtHandle c2;
        outtok_t o;
        SECURITY_STATUS st = T()->InitializeSecurityContextW(&p.ccred, NULL, W(T_TARGET), DEFAULT_ISC_REQ, 0, SECURITY_NATIVE_DREP,
                                                             NULL, 0, &c2, outtok_init(&o, 0), &attrs, NULL);
        IS(st, SEC_I_CONTINUE_NEEDED, "InitializeSecurityContextW with ptsExpiry NULL");
        if (st == SEC_I_CONTINUE_NEEDED)
            T()->DeleteSecurityContext(&c2);
    }
    pair_close(&p);
}

/* ---- malformed tokens ------------------------------------------------------ */
static void malformed_tokens(void)
{
    CredHandle cc, sc;
    wident_t wid;
    hs_t good, h;
    CtxtHandle c, s;
    outtok_t o;
    intok_t in;
    unsigned char buf[TOKEN_MAX];
    ULONG n, cut;
    SECURITY_STATUS st;
    int all, i;

    static const char garbage[] = "GET / HTTP/1.1\r\nHost: example\r\n\r\n";

    acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&wid, T_USER, T_DOMAIN, T_PASS), &cc, NULL);
    acquire_w(SECPKG_CRED_INBOUND, NULL, &sc, NULL);
    hs_init(&good, VIA_TABLE_W, 0);
    if (!handshake(&good, &cc, &sc, &c, &s))
        BAIL("reference handshake");
    hs_cleanup(&good, &c, &s);

    /* ASC, first leg */
    hs_init(&h, VIA_TABLE_W, 0);
    IS(hs_asc(&h, &sc, &s, 1, intok_init(&in, (void *)garbage, sizeof garbage - 1, NULL, 0), outtok_init(&o, 0)),
       SEC_E_INVALID_TOKEN, "ASC: garbage -> SEC_E_INVALID_TOKEN");
    IS(hs_asc(&h, &sc, &s, 1, intok_init(&in, good.tok[2], good.toklen[2], NULL, 0), outtok_init(&o, 0)),
       SEC_E_INVALID_TOKEN, "ASC: an AUTHENTICATE where a NEGOTIATE belongs -> SEC_E_INVALID_TOKEN");
    IS(hs_asc(&h, &sc, &s, 1, intok_init(&in, buf, 0, NULL, 0), outtok_init(&o, 0)), SEC_E_INVALID_TOKEN,
       "ASC: empty token -> SEC_E_INVALID_TOKEN");
    all = 1;
    for (cut = 1; cut < 16 && cut < good.toklen[0]; cut++) {
        st = hs_asc(&h, &sc, &s, 1, intok_init(&in, good.tok[0], cut, NULL, 0), outtok_init(&o, 0));
        if (st != SEC_E_INVALID_TOKEN) {
            printf("# NEGOTIATE cut to %u bytes: 0x%08X\n", (unsigned)cut, (unsigned)st);
            all = 0;
            if (st >= 0)
                T()->DeleteSecurityContext(&s);
        }
    }
    OK(all, "ASC: NEGOTIATE truncated to 1..15 bytes -> SEC_E_INVALID_TOKEN each time");

    /* ISC, second leg: bad CHALLENGE */
    {
        struct { const char *what; unsigned char *tok; ULONG len; } cases[4];
        unsigned char bad_off[TOKEN_MAX];
        memcpy(bad_off, good.tok[1], good.toklen[1]);
        /* TargetInfoFields.BufferOffset (MS-NLMP 2.2.1.2, offset 44) far past the end */
        bad_off[44] = 0xF0; bad_off[45] = 0xFF; bad_off[46] = 0; bad_off[47] = 0;
        cases[0].what = "garbage"; cases[0].tok = (unsigned char *)garbage; cases[0].len = sizeof garbage - 1;
        cases[1].what = "CHALLENGE truncated to 24 bytes"; cases[1].tok = good.tok[1]; cases[1].len = 24;
        cases[2].what = "CHALLENGE with TargetInfo offset past the end"; cases[2].tok = bad_off; cases[2].len = good.toklen[1];
        cases[3].what = "a NEGOTIATE where a CHALLENGE belongs"; cases[3].tok = good.tok[0]; cases[3].len = good.toklen[0];
        for (i = 0; i < 4; i++) {
            hs_init(&h, VIA_TABLE_W, 0);
            if (hs_isc(&h, &cc, &c, 1, NULL, outtok_init(&o, 0)) != SEC_I_CONTINUE_NEEDED)
                BAIL("ISC #1");
            memcpy(buf, cases[i].tok, cases[i].len);
            IS(hs_isc(&h, &cc, &c, 0, intok_init(&in, buf, cases[i].len, NULL, 0), outtok_init(&o, 0)), SEC_E_INVALID_TOKEN,
               "ISC: %s -> SEC_E_INVALID_TOKEN", cases[i].what);
            T()->DeleteSecurityContext(&c);
        }
    }

    /* ASC, second leg: bad AUTHENTICATE. Every truncation, garbage, bad
     * offsets, and single-byte flips (the MIC and NTProofStr cover every
     * byte of a valid AUTHENTICATE, so no flip may be accepted). */
    {
        ULONG len3 = 0;
        unsigned char *auth = NULL;
        int trunc_ok = 1, flip_ok = 1, flip_clean = 1;
        ULONG nt_off = 0, nt_len = 0;
        for (i = -3; i < 400; i++) {
            ULONG pos;
            hs_t hh;
            outtok_t o1, o2, o3;
            intok_t in1;
            hs_init(&hh, VIA_TABLE_W, 0);
            if (hs_isc(&hh, &cc, &c, 1, NULL, outtok_init(&o1, 0)) != SEC_I_CONTINUE_NEEDED ||
                hs_asc(&hh, &sc, &s, 1, intok_init(&in1, o1.space, o1.buf.cbBuffer, NULL, 0), outtok_init(&o2, 0)) != SEC_I_CONTINUE_NEEDED ||
                hs_isc(&hh, &cc, &c, 0, intok_init(&in1, o2.space, o2.buf.cbBuffer, NULL, 0), outtok_init(&o3, 0)) != SEC_E_OK)
                BAIL("legs 1-3");
            auth = o3.space;
            len3 = o3.buf.cbBuffer;
            if (len3 >= 28) {
                nt_len = auth[20] | (ULONG)auth[21] << 8;
                nt_off = auth[24] | (ULONG)auth[25] << 8 | (ULONG)auth[26] << 16 | (ULONG)auth[27] << 24;
            }
            n = len3;
            if (i == -3) {
                memcpy(buf, garbage, sizeof garbage - 1);
                n = sizeof garbage - 1;
            } else if (i == -2) {
                memcpy(buf, auth, len3);
                buf[24] = 0xFF; buf[25] = 0xFF; buf[26] = 0xFF; buf[27] = 0x7F; /* NtChallengeResponse offset */
            } else if (i == -1) {
                memcpy(buf, auth, len3);
                buf[20] = 0xFF; buf[21] = 0xFF; /* NtChallengeResponse length */
            } else if (i < 64) {
                /* truncations: every length below 64, then longer ones below */
                n = (ULONG)i * len3 / 64;
                memcpy(buf, auth, n);
            } else {
                /* flips: every byte of the header+MIC (0..87) and of the NT
                 * response, then every 3rd byte elsewhere */
                pos = (ULONG)(i - 64);
                if (pos >= 88)
                    pos = 88 + (pos - 88) * 3;
                if (pos >= len3) {
                    T()->DeleteSecurityContext(&c);
                    T()->DeleteSecurityContext(&s);
                    break;
                }
                memcpy(buf, auth, len3);
                buf[pos] ^= 0x01;
            }
            st = hs_asc(&hh, &sc, &s, 0, intok_init(&in1, buf, n, NULL, 0), outtok_init(&o, 0));
            if (i == -3)
                IS(st, SEC_E_INVALID_TOKEN, "ASC #2: garbage -> SEC_E_INVALID_TOKEN");
            else if (i == -2)
                IS(st, SEC_E_INVALID_TOKEN, "ASC #2: NtChallengeResponse offset past the end -> SEC_E_INVALID_TOKEN");
            else if (i == -1)
                IS(st, SEC_E_INVALID_TOKEN, "ASC #2: NtChallengeResponse length past the end -> SEC_E_INVALID_TOKEN");
            else if (i < 64) {
                if (st != SEC_E_INVALID_TOKEN) {
                    trunc_ok = 0;
                    printf("# AUTHENTICATE cut to %u of %u bytes: 0x%08X\n", (unsigned)n, (unsigned)len3, (unsigned)st);
                }
            } else {
                ULONG p2 = (ULONG)(i - 64);
                int strict;
                if (p2 >= 88)
                    p2 = 88 + (p2 - 88) * 3;
                strict = p2 < 88 || (p2 >= nt_off && p2 < nt_off + nt_len);
                if (st == SEC_E_INTERNAL_ERROR || (st != SEC_E_INVALID_TOKEN && st != SEC_E_LOGON_DENIED && st != SEC_E_OK &&
                                                   st != SEC_E_MESSAGE_ALTERED && st != SEC_E_BAD_BINDINGS)) {
                    flip_clean = 0;
                    printf("# flip at %u: unexpected 0x%08X\n", (unsigned)p2, (unsigned)st);
                }
                if (strict && st == SEC_E_OK) {
                    flip_ok = 0;
                    printf("# flip at %u accepted\n", (unsigned)p2);
                }
            }
            T()->DeleteSecurityContext(&c);
            if (st != SEC_E_INVALID_HANDLE)
                T()->DeleteSecurityContext(&s);
        }
        OK(trunc_ok, "ASC #2: AUTHENTICATE truncated at 64 points -> SEC_E_INVALID_TOKEN each time");
        OK(flip_ok, "ASC #2: no single-byte change in header, MIC or NT response is accepted");
        OK(flip_clean, "ASC #2: byte flips give only INVALID_TOKEN / LOGON_DENIED (or OK outside covered fields)");
    }
    T()->FreeCredentialsHandle(&cc);
    T()->FreeCredentialsHandle(&sc);
}

int main(void)
{
    setup_user_file();
    bad_logons();
    channel_bindings();
    tampering();
    replay_and_order();
    small_buffers();
    if (!getenv("DEV_SKIP_HANDLES")) /* for development against sspi-rs, which dereferences forged handles */
        invalid_handles();
    null_arguments();
    malformed_tokens();
    return done_testing();
}
