/* sspi_client: connect to sspi_server on 127.0.0.1, authenticate with NTLM
 * through the SSPI function table, send sealed messages and check the
 * sealed echoes.
 *
 *   sspi_client -p PORT [-u user -d domain -w password] [-t target] message...
 *
 * Without -u the library's default credentials are used: NTLM_USER_FILE's
 * line for the current user. Exit status 0 when every echo matched. */
#include "sspi_example.h"

#include <signal.h>

int main(int argc, char **argv)
{
    int port = 0, fd, opt, rounds = 0, i, bad = 0;
    const char *user = NULL, *domain = NULL, *password = "", *target = "host/localhost";
    struct sockaddr_in addr;
    PSecurityFunctionTableW t;
    CredHandle cred;
    CtxtHandle ctx;
    TimeStamp expiry;
    SECURITY_STATUS st;
    ULONG attrs = 0;
    SecPkgContext_Sizes sizes;
    SEC_WINNT_AUTH_IDENTITY_W id;
    static SEC_WCHAR wuser[256], wdomain[256], wpass[256], wtarget[256], package[8];
    static unsigned char in[MAX_FRAME], out[MAX_FRAME];
    char text[MAX_FRAME], want[MAX_FRAME + 16];
    long n = 0;
    int have_ctx = 0;

    while ((opt = getopt(argc, argv, "p:u:d:w:t:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'u': user = optarg; break;
        case 'd': domain = optarg; break;
        case 'w': password = optarg; break;
        case 't': target = optarg; break;
        default:
            fprintf(stderr, "usage: %s -p port [-u user -d domain -w password] [-t target] message...\n", argv[0]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN); /* a peer that hangs up is an error status, not a signal */

    t = InitSecurityInterfaceW();
    if (!t)
        return 1;

    /* 1. Outbound credentials: an explicit identity, or the defaults. */
    to_utf16(package, 8, "NTLM");
    if (user) {
        memset(&id, 0, sizeof id);
        id.User = (void *)wuser;
        id.UserLength = (ULONG)to_utf16(wuser, 256, user);
        if (domain) {
            id.Domain = (void *)wdomain;
            id.DomainLength = (ULONG)to_utf16(wdomain, 256, domain);
        }
        id.Password = (void *)wpass;
        id.PasswordLength = (ULONG)to_utf16(wpass, 256, password);
        id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    }
    st = t->AcquireCredentialsHandleW(NULL, package, SECPKG_CRED_OUTBOUND, NULL, user ? &id : NULL, NULL, NULL, &cred,
                                      &expiry);
    printf("client: AcquireCredentialsHandleW(NTLM, outbound, %s) -> 0x%08x %s\n",
           user ? "explicit identity" : "default credentials", (unsigned)st, status_name(st));
    if (st != SEC_E_OK)
        return 1;

    /* 2. Connect. */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)port);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("client: connect");
        return 1;
    }
    printf("client: connected to 127.0.0.1:%d\n", port);

    /* 3. The handshake: InitializeSecurityContextW produces a token, the
     *    server answers, until SEC_E_OK (NTLM: NEGOTIATE, CHALLENGE, AUTHENTICATE). */
    to_utf16(wtarget, 256, target);
    for (;;) {
        SecBuffer ib, ob;
        SecBufferDesc id_in, od;
        ib.BufferType = SECBUFFER_TOKEN;
        ib.cbBuffer = (ULONG)n;
        ib.pvBuffer = in;
        id_in.ulVersion = SECBUFFER_VERSION;
        id_in.cBuffers = 1;
        id_in.pBuffers = &ib;
        ob.BufferType = SECBUFFER_TOKEN;
        ob.cbBuffer = sizeof out;
        ob.pvBuffer = out;
        od.ulVersion = SECBUFFER_VERSION;
        od.cBuffers = 1;
        od.pBuffers = &ob;
        st = t->InitializeSecurityContextW(&cred, have_ctx ? &ctx : NULL, wtarget,
                                           ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |
                                               ISC_REQ_SEQUENCE_DETECT | ISC_REQ_CONNECTION,
                                           0, SECURITY_NATIVE_DREP, have_ctx ? &id_in : NULL, 0, &ctx, &od, &attrs,
                                           &expiry);
        rounds++;
        printf("client: InitializeSecurityContextW #%d: in %ld bytes, out %u bytes -> 0x%08x %s\n", rounds, n,
               (unsigned)ob.cbBuffer, (unsigned)st, status_name(st));
        if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
            return 1;
        have_ctx = 1;
        if (ob.cbBuffer && send_frame(fd, out, ob.cbBuffer) != 0)
            return 1;
        if (st == SEC_E_OK)
            break;
        n = recv_frame(fd, in, sizeof in);
        if (n <= 0) {
            printf("client: the server refused the handshake\n");
            return 1;
        }
    }
    print_flags("client", attrs, 0);

    /* 4. NTLM's last token goes client -> server; the server's verdict shows
     *    up as its first sealed reply (or as the connection closing). */
    if (t->QueryContextAttributesW(&ctx, SECPKG_ATTR_SIZES, &sizes) != SEC_E_OK)
        return 1;
    for (i = optind; i < argc; i++) {
        if (send_sealed(t, &ctx, fd, argv[i], sizes.cbSecurityTrailer) != 0)
            return 1;
        printf("client: sent (sealed): %s\n", argv[i]);
        n = recv_sealed(t, &ctx, fd, text, sizeof text, sizes.cbSecurityTrailer);
        if (n <= 0) {
            printf("client: no reply (the server refused us?)\n");
            return 1;
        }
        snprintf(want, sizeof want, "echo: %s", argv[i]);
        printf("client: reply: %s %s\n", text, strcmp(text, want) == 0 ? "(matches)" : "(MISMATCH)");
        bad |= strcmp(text, want) != 0;
    }
    send_frame(fd, NULL, 0); /* end of session */
    t->DeleteSecurityContext(&ctx);
    t->FreeCredentialsHandle(&cred);
    close(fd);
    printf("client: %s\n", bad ? "FAILED" : "all echoes matched");
    return bad;
}
