/* A hand-edited NTLM AUTHENTICATE message (MS-NLMP 2.2.1.3): the NTLMv2
 * response from a wrong password (so a wrong NTProofStr) with the MIC
 * stripped (MsvAvFlags bit 0x2 cleared, MIC field zeroed), fed to ASC.
 * An acceptor that skipped NTProofStr when no MIC is present would log on. */
#include "common.h"

#define MSV_AV_EOL 0
#define MSV_AV_FLAGS 6
#define AV_FLAG_MIC 0x2

static int g_mode; /* 0 unmodified, 1 strip MIC (flag + field), 2 zero MIC field only */
static int g_had_mic, g_edited;

static ULONG le32(const unsigned char *p) { return p[0] | (ULONG)p[1] << 8 | (ULONG)p[2] << 16 | (ULONG)p[3] << 24; }
static unsigned le16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }

/* Returns a pointer to MsvAvFlags' value in the NTLMv2 client challenge, or NULL. */
static unsigned char *find_av_flags(unsigned char *tok, ULONG len, ULONG *min_payload)
{
    ULONG nt_len = le16(tok + 20), nt_off = le32(tok + 24), i, p;
    *min_payload = len;
    for (i = 12; i + 8 <= 64; i += 8) { /* six security buffers: lowest payload offset */
        ULONG off = le32(tok + i + 4);
        if (le16(tok + i) && off < *min_payload)
            *min_payload = off;
    }
    if (nt_len < 16 + 28 || nt_off + nt_len > len)
        return NULL;
    p = nt_off + 16 + 28; /* NTProofStr, then the blob's fixed part */
    while (p + 4 <= nt_off + nt_len) {
        unsigned id = le16(tok + p), n = le16(tok + p + 2);
        if (id == MSV_AV_EOL)
            break;
        if (id == MSV_AV_FLAGS && n == 4)
            return tok + p + 4;
        p += 4 + n;
    }
    return NULL;
}

static void edit(unsigned char *tok, ULONG *len)
{
    ULONG min_payload;
    unsigned char *flags = find_av_flags(tok, *len, &min_payload);
    g_had_mic = flags && (le32(flags) & AV_FLAG_MIC) && min_payload >= 88;
    g_edited = 0;
    if (g_mode == 0)
        return;
    if (g_mode == 1 && flags) {
        flags[0] &= (unsigned char)~AV_FLAG_MIC;
        g_edited = 1;
    }
    if (g_had_mic) {
        memset(tok + 72, 0, 16); /* MIC follows Version (MS-NLMP 2.2.1.3) */
        g_edited = 1;
    }
}

static SECURITY_STATUS run(const char *pass, int mode, hs_t *h)
{
    CredHandle cc, sc;
    CtxtHandle c, s;
    wident_t wid;
    if (acquire_w(SECPKG_CRED_OUTBOUND, make_wident(&wid, T_USER, T_DOMAIN, pass), &cc, NULL) != SEC_E_OK ||
        acquire_w(SECPKG_CRED_INBOUND, NULL, &sc, NULL) != SEC_E_OK)
        BAIL("credentials");
    g_mode = mode;
    hs_init(h, VIA_TABLE_W, 0);
    h->mutate_auth = edit;
    handshake(h, &cc, &sc, &c, &s);
    hs_cleanup(h, &c, &s);
    T()->FreeCredentialsHandle(&cc);
    T()->FreeCredentialsHandle(&sc);
    return h->steps == 4 ? h->st[3] : (SECURITY_STATUS)0x7fffffff;
}

int main(void)
{
    hs_t h;
    SECURITY_STATUS st;

    setup_user_file();
    IS(run(T_PASS, 0, &h), SEC_E_OK, "control: unmodified AUTHENTICATE with the right password");
    printf("# the client's AUTHENTICATE %s a MIC\n", g_had_mic ? "carries" : "does not carry");
    IS(run("wrong-password", 0, &h), SEC_E_LOGON_DENIED, "wrong NTProofStr, MIC intact -> SEC_E_LOGON_DENIED");

    st = run("wrong-password", 1, &h);
    OK(g_edited, "the MIC was stripped (MsvAvFlags found and/or MIC field zeroed)");
    IS(st, SEC_E_LOGON_DENIED, "wrong NTProofStr, no MIC -> SEC_E_LOGON_DENIED");

    /* The right password but the MsvAvFlags bit cleared: the blob is part of
     * NTProofStr's input, so the proof no longer matches. */
    st = run(T_PASS, 1, &h);
    IS(st, SEC_E_LOGON_DENIED, "right password, MIC flag cleared in the signed blob -> SEC_E_LOGON_DENIED");

    /* The right password, MIC zeroed but still announced: the acceptor must
     * check it. MS-NLMP 3.2.5.1.2 only says "an authentication failure MUST
     * be returned", with no code: a logon failure, an invalid token or an
     * altered message are all accepted as that refusal. */
    st = run(T_PASS, 2, &h);
    if (g_had_mic) {
        OK(st == SEC_E_LOGON_DENIED || st == SEC_E_INVALID_TOKEN || st == SEC_E_MESSAGE_ALTERED,
           "right password, MIC zeroed -> refused (LOGON_DENIED, INVALID_TOKEN or MESSAGE_ALTERED)");
        if (st != SEC_E_LOGON_DENIED && st != SEC_E_INVALID_TOKEN && st != SEC_E_MESSAGE_ALTERED)
            printf("#   got 0x%08X\n", (unsigned)st);
    } else
        OK(st == SEC_E_OK, "no MIC to zero: control logon succeeds");
    return done_testing();
}
