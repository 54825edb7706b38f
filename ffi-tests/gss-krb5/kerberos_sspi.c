/* Kerberos through the SSPI function table, both sides in one process:
 * ISC with the default credential cache (a service ticket for
 * host/localhost pre-fetched by kvno), ASC with the keytab (KRB5_KTNAME),
 * then EncryptMessage/DecryptMessage and MakeSignature/VerifySignature both
 * ways, tampering, and QueryContextAttributes SIZES, NAMES, SESSION_KEY,
 * PACKAGE_INFO. Run by run.sh inside a throw-away MIT realm. */
#include "common.h"

static SECURITY_STATUS isc(CredHandle *cred, CtxtHandle *ctx, int first, void *in, ULONG inlen,
                           unsigned char *out, ULONG *outlen, ULONG *attrs)
{
    SecBuffer ib = {inlen, SECBUFFER_TOKEN, in}, ob = {*outlen, SECBUFFER_TOKEN, out};
    SecBufferDesc id = {SECBUFFER_VERSION, 1, &ib}, od = {SECBUFFER_VERSION, 1, &ob};
    TimeStamp ts;
    SECURITY_STATUS st = T()->InitializeSecurityContextW(
        cred, first ? NULL : ctx, W("host/localhost"),
        ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |
            ISC_REQ_SEQUENCE_DETECT,
        0, SECURITY_NATIVE_DREP, first ? NULL : &id, 0, ctx, &od, attrs, &ts);
    *outlen = ob.cbBuffer;
    return st;
}

static SECURITY_STATUS asc(CredHandle *cred, CtxtHandle *ctx, int first, void *in, ULONG inlen,
                           unsigned char *out, ULONG *outlen, ULONG *attrs)
{
    SecBuffer ib = {inlen, SECBUFFER_TOKEN, in}, ob = {*outlen, SECBUFFER_TOKEN, out};
    SecBufferDesc id = {SECBUFFER_VERSION, 1, &ib}, od = {SECBUFFER_VERSION, 1, &ob};
    TimeStamp ts;
    SECURITY_STATUS st = T()->AcceptSecurityContext(cred, first ? NULL : ctx, &id, ASC_REQ_MUTUAL_AUTH, SECURITY_NATIVE_DREP,
                                                    ctx, &od, attrs, &ts);
    *outlen = ob.cbBuffer;
    return st;
}

static SECURITY_STATUS k_seal(CtxtHandle *c, unsigned char *tok, ULONG *toklen, unsigned char *data, ULONG n)
{
    unsigned char pad[16];
    SecBuffer b[3] = {{*toklen, SECBUFFER_TOKEN, tok}, {n, SECBUFFER_DATA, data}, {sizeof pad, SECBUFFER_PADDING, pad}};
    SecBufferDesc d = {SECBUFFER_VERSION, 3, b};
    SECURITY_STATUS st = T()->EncryptMessage(c, 0, &d, 0);
    *toklen = b[0].cbBuffer;
    return st;
}

static SECURITY_STATUS k_unseal(CtxtHandle *c, unsigned char *tok, ULONG toklen, unsigned char *data, ULONG n)
{
    SecBuffer b[2] = {{toklen, SECBUFFER_TOKEN, tok}, {n, SECBUFFER_DATA, data}};
    SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
    ULONG qop = 0;
    return T()->DecryptMessage(c, &d, 0, &qop);
}

static SECURITY_STATUS k_sign(CtxtHandle *c, const void *data, ULONG n, unsigned char *sig, ULONG *siglen)
{
    SecBuffer b[2] = {{n, SECBUFFER_DATA, (void *)data}, {*siglen, SECBUFFER_TOKEN, sig}};
    SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
    SECURITY_STATUS st = T()->MakeSignature(c, 0, &d, 0);
    *siglen = b[1].cbBuffer;
    return st;
}

static SECURITY_STATUS k_verify(CtxtHandle *c, const void *data, ULONG n, unsigned char *sig, ULONG siglen)
{
    SecBuffer b[2] = {{n, SECBUFFER_DATA, (void *)data}, {siglen, SECBUFFER_TOKEN, sig}};
    SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
    ULONG qop = 0;
    return T()->VerifySignature(c, &d, 0, &qop);
}

int main(void)
{
    CredHandle cc, sc;
    CtxtHandle c, s;
    TimeStamp ts;
    unsigned char t1[48000], t2[48000], tok[256], data[64];
    ULONG l1 = sizeof t1, l2 = sizeof t2, ca = 0, sa = 0, toklen;
    SecPkgContext_Sizes sz;
    SecPkgContext_NamesW cn, sn;
    SecPkgContext_SessionKey ck, sk;
    SecPkgContext_PackageInfoW pi;
    const char *msg = "Kerberos through SSPI";
    size_t n = strlen(msg);
    int i;

    if (!IS(T()->AcquireCredentialsHandleW(NULL, W("Kerberos"), SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cc, &ts),
            SEC_E_OK, "AcquireCredentialsHandleW(Kerberos, OUTBOUND) from the ccache"))
        BAIL("no client credentials");
    if (!IS(T()->AcquireCredentialsHandleW(NULL, W("Kerberos"), SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &sc, &ts),
            SEC_E_OK, "AcquireCredentialsHandleW(Kerberos, INBOUND) from the keytab"))
        BAIL("no server credentials");

    IS(isc(&cc, &c, 1, NULL, 0, t1, &l1, &ca), SEC_I_CONTINUE_NEEDED, "ISC #1 (AP-REQ) -> CONTINUE_NEEDED");
    OK(l1 > 100 && t1[0] == 0x60, "AP-REQ is an RFC 2743 framed token (%u bytes)", (unsigned)l1);
    IS(asc(&sc, &s, 1, t1, l1, t2, &l2, &sa), SEC_E_OK, "ASC (AP-REQ -> AP-REP) -> SEC_E_OK");
    OK(l2 > 0 && t2[0] == 0x60, "AP-REP token (%u bytes)", (unsigned)l2);
    l1 = sizeof t1;
    IS(isc(&cc, &c, 0, t2, l2, t1, &l1, &ca), SEC_E_OK, "ISC #2 (AP-REP) -> SEC_E_OK");
    OK(l1 == 0, "no third token");
    OK(ca & ISC_RET_MUTUAL_AUTH, "client granted MUTUAL_AUTH (0x%x)", (unsigned)ca);
    OK((sa & (ASC_RET_CONFIDENTIALITY | ASC_RET_INTEGRITY)) == (ASC_RET_CONFIDENTIALITY | ASC_RET_INTEGRITY),
       "server granted CONFIDENTIALITY|INTEGRITY (0x%x)", (unsigned)sa);

    if (IS(T()->QueryContextAttributesW(&c, SECPKG_ATTR_SIZES, &sz), SEC_E_OK, "SIZES"))
        OK(sz.cbMaxToken == 48000 && sz.cbMaxSignature == 28 && sz.cbSecurityTrailer == 76 && sz.cbBlockSize == 1,
           "SIZES: max token 48000, signature 28, trailer 76, block 1 (got %u %u %u %u)", (unsigned)sz.cbMaxToken,
           (unsigned)sz.cbMaxSignature, (unsigned)sz.cbSecurityTrailer, (unsigned)sz.cbBlockSize);
    if (IS(T()->QueryContextAttributesW(&s, SECPKG_ATTR_NAMES, &sn), SEC_E_OK, "server NAMES")) {
        OK(wstr_eq(sn.sUserName, "alice@TEST.SSPI"), "server sees alice@TEST.SSPI (%s)", narrow(sn.sUserName));
        T()->FreeContextBuffer(sn.sUserName);
    }
    if (IS(T()->QueryContextAttributesW(&c, SECPKG_ATTR_NAMES, &cn), SEC_E_OK, "client NAMES")) {
        OK(wstr_eq(cn.sUserName, "alice@TEST.SSPI"), "client is alice@TEST.SSPI (%s)", narrow(cn.sUserName));
        T()->FreeContextBuffer(cn.sUserName);
    }
    if (IS(T()->QueryContextAttributesW(&c, SECPKG_ATTR_SESSION_KEY, &ck), SEC_E_OK, "client SESSION_KEY") &&
        IS(T()->QueryContextAttributesW(&s, SECPKG_ATTR_SESSION_KEY, &sk), SEC_E_OK, "server SESSION_KEY")) {
        OK(ck.SessionKeyLength == sk.SessionKeyLength && ck.SessionKeyLength >= 16 &&
               memcmp(ck.SessionKey, sk.SessionKey, ck.SessionKeyLength) == 0,
           "both sides have the same %u-byte session key", (unsigned)ck.SessionKeyLength);
        T()->FreeContextBuffer(ck.SessionKey);
        T()->FreeContextBuffer(sk.SessionKey);
    }
    if (IS(T()->QueryContextAttributesW(&c, SECPKG_ATTR_PACKAGE_INFO, &pi), SEC_E_OK, "PACKAGE_INFO")) {
        OK(wstr_eq(pi.PackageInfo->Name, "Kerberos") && pi.PackageInfo->wRPCID == 16 &&
               pi.PackageInfo->cbMaxToken == 48000,
           "PACKAGE_INFO: Kerberos, RPC id 16, max token 48000");
        T()->FreeContextBuffer(pi.PackageInfo);
    }

    for (i = 0; i < 3; i++) {
        CtxtHandle *from = i % 2 ? &s : &c, *to = i % 2 ? &c : &s;
        memcpy(data, msg, n);
        toklen = sizeof tok;
        IS(k_seal(from, tok, &toklen, data, (ULONG)n), SEC_E_OK, "EncryptMessage #%d (%s)", i, i % 2 ? "server" : "client");
        OK(toklen == 76 && memcmp(data, msg, n) != 0, "token buffer 76 bytes, data encrypted in place");
        IS(k_unseal(to, tok, toklen, data, (ULONG)n), SEC_E_OK, "DecryptMessage #%d", i);
        OK(memcmp(data, msg, n) == 0, "plaintext back");
    }
    /* The stream form: the whole token (header, data, padding) in one
     * SECBUFFER_STREAM; the DATA buffer comes back pointing into it. */
    {
        unsigned char stream[sizeof tok + sizeof data];
        ULONG qop = 1;
        memcpy(data, msg, n);
        toklen = sizeof tok;
        IS(k_seal(&c, tok, &toklen, data, (ULONG)n), SEC_E_OK, "EncryptMessage for the stream form");
        memcpy(stream, tok, toklen);
        memcpy(stream + toklen, data, n);
        SecBuffer b[2] = {{toklen + (ULONG)n, SECBUFFER_STREAM, stream}, {0, SECBUFFER_DATA, NULL}};
        SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
        IS(T()->DecryptMessage(&s, &d, 0, &qop), SEC_E_OK, "DecryptMessage SECBUFFER_STREAM");
        OK(b[1].cbBuffer == n && (unsigned char *)b[1].pvBuffer >= stream &&
               (unsigned char *)b[1].pvBuffer + n <= stream + sizeof stream &&
               memcmp(b[1].pvBuffer, msg, n) == 0 && qop == 0,
           "stream form: DATA points at the %u-byte plaintext inside the stream buffer, sealed", (unsigned)b[1].cbBuffer);
        b[0].cbBuffer = toklen + (ULONG)n;
        b[1].BufferType = SECBUFFER_EMPTY;
        IS(T()->DecryptMessage(&s, &d, 0, &qop), SEC_E_INVALID_TOKEN, "SECBUFFER_STREAM without SECBUFFER_DATA");
    }
    memcpy(data, msg, n);
    toklen = sizeof tok;
    k_seal(&c, tok, &toklen, data, (ULONG)n);
    data[3] ^= 1;
    IS(k_unseal(&s, tok, toklen, data, (ULONG)n), SEC_E_MESSAGE_ALTERED, "tampered ciphertext -> SEC_E_MESSAGE_ALTERED");

    for (i = 0; i < 2; i++) {
        CtxtHandle *from = i ? &s : &c, *to = i ? &c : &s;
        ULONG siglen = sizeof tok;
        IS(k_sign(from, msg, (ULONG)n, tok, &siglen), SEC_E_OK, "MakeSignature (%s)", i ? "server" : "client");
        OK(siglen == 28, "signature is 28 bytes");
        IS(k_verify(to, msg, (ULONG)n, tok, siglen), SEC_E_OK, "VerifySignature");
        IS(k_verify(to, msg, (ULONG)n, tok, siglen), SEC_E_OUT_OF_SEQUENCE, "replayed signature -> SEC_E_OUT_OF_SEQUENCE");
    }

    T()->DeleteSecurityContext(&c);
    T()->DeleteSecurityContext(&s);
    T()->FreeCredentialsHandle(&cc);
    T()->FreeCredentialsHandle(&sc);
    return done_testing();
}
