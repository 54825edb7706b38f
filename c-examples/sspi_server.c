/* sspi_server: accept one client on 127.0.0.1, authenticate it with NTLM
 * through the SSPI function table, then echo sealed messages back.
 *
 *   NTLM_USER_FILE=users sspi_server [-p PORT] [-f PORTFILE]
 *
 * PORT 0 (the default) picks a free port; -f writes the chosen port to a file
 * once the server is listening. Clients are checked against NTLM_USER_FILE
 * (lines "DOMAIN:user:password"). Exit status 0 when a client authenticated
 * and the session ended cleanly. */
#include "sspi_example.h"

#include <signal.h>

int main(int argc, char **argv)
{
    int port = 0, lfd, fd, opt, rounds = 0, messages = 0;
    const char *portfile = NULL;
    struct sockaddr_in addr;
    socklen_t alen = sizeof addr;
    PSecurityFunctionTableW t;
    CredHandle cred;
    CtxtHandle ctx;
    TimeStamp expiry;
    SECURITY_STATUS st;
    ULONG attrs = 0;
    SecPkgContext_Sizes sizes;
    SecPkgContext_NamesW names;
    SEC_WCHAR package[8];
    static unsigned char in[MAX_FRAME], out[MAX_FRAME];
    char text[MAX_FRAME], reply[MAX_FRAME + 16];
    int have_ctx = 0;

    while ((opt = getopt(argc, argv, "p:f:")) != -1) {
        if (opt == 'p')
            port = atoi(optarg);
        else if (opt == 'f')
            portfile = optarg;
        else {
            fprintf(stderr, "usage: %s [-p port] [-f portfile]\n", argv[0]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN); /* a peer that hangs up is an error status, not a signal */

    /* 1. The function table: every SSPI call below goes through it. */
    t = InitSecurityInterfaceW();
    if (!t) {
        printf("server: InitSecurityInterfaceW failed\n");
        return 1;
    }
    printf("server: SSPI function table version %u\n", (unsigned)t->dwVersion);

    /* 2. Inbound NTLM credentials; no auth data, so clients are validated
     *    against NTLM_USER_FILE. */
    to_utf16(package, 8, "NTLM");
    st = t->AcquireCredentialsHandleW(NULL, package, SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &cred, &expiry);
    printf("server: AcquireCredentialsHandleW(NTLM, inbound) -> 0x%08x %s\n", (unsigned)st, status_name(st));
    if (st != SEC_E_OK)
        return 1;

    /* 3. Listen on loopback. */
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)port);
    opt = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &opt, sizeof opt);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 1) != 0 ||
        getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0) {
        perror("server: listen");
        return 1;
    }
    printf("server: listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    if (portfile) {
        char tmp[512];
        FILE *f;
        snprintf(tmp, sizeof tmp, "%s.tmp", portfile);
        f = fopen(tmp, "w");
        if (!f || fprintf(f, "%d\n", ntohs(addr.sin_port)) < 0 || fclose(f) != 0 || rename(tmp, portfile) != 0) {
            perror("server: port file");
            return 1;
        }
    }
    fd = accept(lfd, NULL, NULL);
    close(lfd);
    if (fd < 0) {
        perror("server: accept");
        return 1;
    }

    /* 4. The handshake: feed each client token to AcceptSecurityContext and
     *    send back whatever it produces, until SEC_E_OK. */
    do {
        long n = recv_frame(fd, in, sizeof in);
        SecBuffer ib, ob;
        SecBufferDesc id, od;
        if (n <= 0) {
            printf("server: connection closed during the handshake\n");
            return 1;
        }
        ib.BufferType = SECBUFFER_TOKEN;
        ib.cbBuffer = (ULONG)n;
        ib.pvBuffer = in;
        id.ulVersion = SECBUFFER_VERSION;
        id.cBuffers = 1;
        id.pBuffers = &ib;
        ob.BufferType = SECBUFFER_TOKEN;
        ob.cbBuffer = sizeof out;
        ob.pvBuffer = out;
        od.ulVersion = SECBUFFER_VERSION;
        od.cBuffers = 1;
        od.pBuffers = &ob;
        st = t->AcceptSecurityContext(&cred, have_ctx ? &ctx : NULL, &id,
                                      ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY | ASC_REQ_REPLAY_DETECT |
                                          ASC_REQ_SEQUENCE_DETECT | ASC_REQ_CONNECTION,
                                      SECURITY_NATIVE_DREP, &ctx, &od, &attrs, &expiry);
        rounds++;
        printf("server: AcceptSecurityContext #%d: in %ld bytes, out %u bytes -> 0x%08x %s\n", rounds, n,
               (unsigned)ob.cbBuffer, (unsigned)st, status_name(st));
        if (st == SEC_I_COMPLETE_NEEDED || st == SEC_I_COMPLETE_AND_CONTINUE) {
            /* SSPI's general rule (NTLM on Windows never asks for it) */
            SECURITY_STATUS cst = t->CompleteAuthToken(&ctx, &od);
            printf("server: CompleteAuthToken -> 0x%08x %s\n", (unsigned)cst, status_name(cst));
            if (cst != SEC_E_OK)
                st = cst;
            else
                st = st == SEC_I_COMPLETE_NEEDED ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
        }
        if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED) {
            send_frame(fd, NULL, 0); /* tell the client we gave up */
            if (have_ctx)
                t->DeleteSecurityContext(&ctx);
            t->FreeCredentialsHandle(&cred);
            close(fd);
            return 1;
        }
        have_ctx = 1;
        if (ob.cbBuffer && send_frame(fd, out, ob.cbBuffer) != 0)
            return 1;
    } while (st == SEC_I_CONTINUE_NEEDED);

    /* 5. Who is it, and what did we agree on? */
    print_flags("server", attrs, 1);
    if (t->QueryContextAttributesW(&ctx, SECPKG_ATTR_NAMES, &names) == SEC_E_OK) {
        printf("server: client is %s\n", from_utf16(names.sUserName));
        t->FreeContextBuffer(names.sUserName);
    }
    st = t->QueryContextAttributesW(&ctx, SECPKG_ATTR_SIZES, &sizes);
    if (st != SEC_E_OK)
        return 1;
    printf("server: max signature %u bytes, security trailer %u bytes\n", (unsigned)sizes.cbMaxSignature,
           (unsigned)sizes.cbSecurityTrailer);

    /* 6. Echo sealed messages until the client sends an empty frame. */
    for (;;) {
        long n = recv_sealed(t, &ctx, fd, text, sizeof text, sizes.cbSecurityTrailer);
        if (n < 0) {
            printf("server: bad message\n");
            return 1;
        }
        if (n == 0)
            break;
        messages++;
        printf("server: received: %s\n", text);
        snprintf(reply, sizeof reply, "echo: %s", text);
        if (send_sealed(t, &ctx, fd, reply, sizes.cbSecurityTrailer) != 0)
            return 1;
    }
    printf("server: session ended after %d messages\n", messages);
    t->DeleteSecurityContext(&ctx);
    t->FreeCredentialsHandle(&cred);
    close(fd);
    return 0;
}
