/* sspi_http_client: an HTTP/1.1 GET that authenticates with "Negotiate"
 * (RFC 4559) through the SSPI function table, W functions, package
 * "Negotiate": Kerberos inside SPNEGO when a ticket is at hand.
 *
 *   sspi_http_client [-t target] [-c connect-host] [-u] http://host[:port]/path
 *
 * The first GET goes out without credentials. On 401 with
 * "WWW-Authenticate: Negotiate", InitializeSecurityContextW's token goes out
 * base64 in "Authorization: Negotiate ..."; each "WWW-Authenticate: Negotiate
 * <token>" the server returns goes back into InitializeSecurityContextW: a
 * continuation on 401, the mutual-authentication reply on 200. The target
 * is HTTP/host unless -t names one; -c connects to another host name or
 * address than the URL's (the Host header and the target keep the URL's).
 * Credentials are the caller's defaults (KRB5CCNAME, NTLM_USER_FILE).
 * Prints each step, the negotiated package, the names and the body.
 * Exit status 0 on HTTP 200 with a complete context, 1 otherwise, 2 on usage. */
#include "sspi_example.h"

#include <netdb.h>
#include <signal.h>
#include <strings.h>

#define HTTP_HEAD_MAX (64 * 1024)
#define HTTP_BODY_MAX (1024 * 1024)
#define MAX_ROUNDS 8

/* --- base64 (RFC 4648, with padding) --- */

static const char b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Encodes len bytes into dst (capacity cap, NUL-terminated); -1 if too small. */
static long b64_encode(char *dst, size_t cap, const unsigned char *src, size_t len)
{
    size_t i, o = 0;
    if ((len + 2) / 3 * 4 + 1 > cap)
        return -1;
    for (i = 0; i + 2 < len; i += 3) {
        unsigned long v = (unsigned long)src[i] << 16 | (unsigned long)src[i + 1] << 8 | src[i + 2];
        dst[o++] = b64_chars[v >> 18 & 63];
        dst[o++] = b64_chars[v >> 12 & 63];
        dst[o++] = b64_chars[v >> 6 & 63];
        dst[o++] = b64_chars[v & 63];
    }
    if (i < len) {
        unsigned long v = (unsigned long)src[i] << 16 | (i + 1 < len ? (unsigned long)src[i + 1] << 8 : 0);
        dst[o++] = b64_chars[v >> 18 & 63];
        dst[o++] = b64_chars[v >> 12 & 63];
        dst[o++] = i + 1 < len ? b64_chars[v >> 6 & 63] : '=';
        dst[o++] = '=';
    }
    dst[o] = 0;
    return (long)o;
}

/* Decodes a base64 string into dst; returns the byte count or -1. */
static long b64_decode(unsigned char *dst, size_t cap, const char *src)
{
    unsigned long v = 0;
    size_t o = 0;
    int bits = 0;
    for (; *src && *src != '='; src++) {
        const char *p = strchr(b64_chars, *src);
        if (!p)
            return -1;
        v = v << 6 | (unsigned long)(p - b64_chars);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o == cap)
                return -1;
            dst[o++] = (unsigned char)(v >> bits);
        }
    }
    return (long)o;
}

/* --- HTTP/1.1 over one TCP connection --- */

struct conn {
    int fd;
    char buf[HTTP_HEAD_MAX + 1]; /* received, not yet consumed */
    size_t len;
};

struct response {
    int status;
    int close;                 /* the server closes the connection after it */
    int negotiate;             /* a "WWW-Authenticate: Negotiate" header came */
    char token[HTTP_HEAD_MAX]; /* its base64 token, "" when bare */
    char body[HTTP_BODY_MAX + 1];
    size_t body_len;
};

static int conn_open(struct conn *c, const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    int rc;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        printf("client: %s: %s\n", host, gai_strerror(rc));
        return -1;
    }
    c->fd = -1;
    c->len = 0;
    for (ai = res; ai && c->fd < 0; ai = ai->ai_next) {
        c->fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (c->fd >= 0 && connect(c->fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            close(c->fd);
            c->fd = -1;
        }
    }
    freeaddrinfo(res);
    if (c->fd < 0)
        printf("client: cannot connect to %s port %s\n", host, port);
    return c->fd < 0 ? -1 : 0;
}

static void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->len = 0;
}

/* Reads more bytes into c->buf: >0 read, 0 end of stream, -1 error or full. */
static long conn_fill(struct conn *c)
{
    ssize_t n;
    if (c->len == HTTP_HEAD_MAX)
        return -1;
    do
        n = read(c->fd, c->buf + c->len, HTTP_HEAD_MAX - c->len);
    while (n < 0 && errno == EINTR);
    if (n > 0) {
        c->len += (size_t)n;
        c->buf[c->len] = 0;
    }
    return (long)n;
}

/* Moves n received bytes to dst (NULL: drops them), reading as needed. */
static int conn_take(struct conn *c, char *dst, size_t n)
{
    while (n) {
        size_t k;
        if (c->len == 0 && conn_fill(c) <= 0)
            return -1;
        k = n < c->len ? n : c->len;
        if (dst) {
            memcpy(dst, c->buf, k);
            dst += k;
        }
        memmove(c->buf, c->buf + k, c->len - k);
        c->len -= k;
        n -= k;
    }
    return 0;
}

/* One CRLF-terminated line, without the CRLF, into line (capacity cap). */
static int conn_line(struct conn *c, char *line, size_t cap)
{
    char *end;
    size_t n;
    c->buf[c->len] = 0;
    while ((end = strstr(c->buf, "\r\n")) == NULL)
        if (conn_fill(c) <= 0)
            return -1;
    n = (size_t)(end - c->buf);
    if (n >= cap)
        return -1;
    memcpy(line, c->buf, n);
    line[n] = 0;
    return conn_take(c, NULL, n + 2);
}

/* Appends n body bytes to r->body. */
static int body_take(struct conn *c, struct response *r, size_t n)
{
    if (n > HTTP_BODY_MAX - r->body_len)
        return -1;
    if (conn_take(c, r->body + r->body_len, n) != 0)
        return -1;
    r->body_len += n;
    return 0;
}

/* Case-insensitive "starts with word": returns what follows, or NULL. */
static const char *after_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    if (strncasecmp(s, word, n) != 0 || (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != ','))
        return NULL;
    return s + n;
}

/* A header line "Name: value" into the response's fields. */
static void header(struct response *r, char *line, long *content_length, int *chunked)
{
    char *value = strchr(line, ':');
    const char *tok;
    if (!value)
        return;
    *value++ = 0;
    while (*value == ' ' || *value == '\t')
        value++;
    if (strcasecmp(line, "Content-Length") == 0) {
        *content_length = strtol(value, NULL, 10);
    } else if (strcasecmp(line, "Transfer-Encoding") == 0) {
        *chunked = strstr(value, "chunked") != NULL;
    } else if (strcasecmp(line, "Connection") == 0) {
        if (after_word(value, "close"))
            r->close = 1;
    } else if (strcasecmp(line, "WWW-Authenticate") == 0 && (tok = after_word(value, "Negotiate")) != NULL) {
        size_t n;
        r->negotiate = 1;
        tok += strspn(tok, " \t");
        n = strcspn(tok, " \t,");
        if (n < sizeof r->token) {
            memcpy(r->token, tok, n);
            r->token[n] = 0;
        }
        if (n)
            printf("client: < WWW-Authenticate: Negotiate <token> (%zu base64 characters)\n", n);
        else
            printf("client: < WWW-Authenticate: Negotiate\n");
    }
}

/* Reads one response: status line, headers, then the body by
 * Content-Length, chunked transfer coding, or up to the end of stream. */
static int read_response(struct conn *c, struct response *r)
{
    static char line[HTTP_HEAD_MAX];
    long content_length = -1;
    int chunked = 0, minor = 0;
    r->status = 0;
    r->close = 0;
    r->negotiate = 0;
    r->token[0] = 0;
    r->body_len = 0;
    if (conn_line(c, line, sizeof line) != 0 || sscanf(line, "HTTP/1.%d %d", &minor, &r->status) != 2) {
        printf("client: no HTTP status line from the server\n");
        return -1;
    }
    printf("client: < %s\n", line);
    r->close = minor == 0;
    for (;;) {
        if (conn_line(c, line, sizeof line) != 0)
            return -1;
        if (!line[0])
            break;
        header(r, line, &content_length, &chunked);
    }
    if (chunked) {
        for (;;) {
            long size;
            if (conn_line(c, line, sizeof line) != 0)
                return -1;
            size = strtol(line, NULL, 16);
            if (size < 0)
                return -1;
            if (size == 0)
                break;
            if (body_take(c, r, (size_t)size) != 0 || conn_line(c, line, sizeof line) != 0)
                return -1;
        }
        do /* trailer fields, up to the empty line */
            if (conn_line(c, line, sizeof line) != 0)
                return -1;
        while (line[0]);
    } else if (content_length >= 0) {
        if (body_take(c, r, (size_t)content_length) != 0)
            return -1;
    } else {
        while (c->len || conn_fill(c) > 0)
            if (body_take(c, r, c->len) != 0)
                return -1;
        r->close = 1;
    }
    r->body[r->body_len] = 0;
    return 0;
}

/* Sends GET path with an optional "Authorization: Negotiate" token. */
static int send_get(struct conn *c, const char *host, const char *path, const char *token)
{
    static char req[HTTP_HEAD_MAX + 1024];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: sspi_http_client\r\nAccept: */*\r\n"
                     "%s%s%s\r\n",
                     path, host, token ? "Authorization: Negotiate " : "", token ? token : "", token ? "\r\n" : "");
    if (n < 0 || (size_t)n >= sizeof req)
        return -1;
    printf("client: > GET %s HTTP/1.1%s", path, token ? " with Authorization: Negotiate <token>" : "");
    if (token)
        printf(" (%zu base64 characters)", strlen(token));
    printf("\n");
    return write_all(c->fd, req, (size_t)n);
}

/* --- the SSPI side --- */

static const char *nego_state(ULONG s)
{
    switch (s) {
    case SECPKG_NEGOTIATION_COMPLETE: return "complete";
    case SECPKG_NEGOTIATION_OPTIMISTIC: return "optimistic";
    case SECPKG_NEGOTIATION_IN_PROGRESS: return "in progress";
    case SECPKG_NEGOTIATION_DIRECT: return "direct";
    case SECPKG_NEGOTIATION_TRY_MULTICRED: return "try multicred";
    default: return "unknown state";
    }
}

/* One InitializeSecurityContextW call: the server's token (if any) in, the
 * library's token out as base64 (in token, "" when there is none). */
static SECURITY_STATUS step(PSecurityFunctionTableW t, CredHandle *cred, CtxtHandle *ctx, int have_ctx,
                            SEC_WCHAR *target, const char *server_token, char *token, size_t cap, ULONG *attrs)
{
    static unsigned char in[MAX_FRAME];
    static int round;
    SecBuffer ib, ob;
    SecBufferDesc idesc, odesc;
    TimeStamp expiry;
    SECURITY_STATUS st;
    long n = 0;
    if (server_token && (n = b64_decode(in, sizeof in, server_token)) < 0) {
        printf("client: the server's Negotiate token is not base64\n");
        return SEC_E_INVALID_TOKEN;
    }
    ib.BufferType = SECBUFFER_TOKEN;
    ib.cbBuffer = (ULONG)n;
    ib.pvBuffer = in;
    idesc.ulVersion = SECBUFFER_VERSION;
    idesc.cBuffers = 1;
    idesc.pBuffers = &ib;
    /* ISC_REQ_ALLOCATE_MEMORY: the library allocates the output token,
     * FreeContextBuffer releases it. */
    ob.BufferType = SECBUFFER_TOKEN;
    ob.cbBuffer = 0;
    ob.pvBuffer = NULL;
    odesc.ulVersion = SECBUFFER_VERSION;
    odesc.cBuffers = 1;
    odesc.pBuffers = &ob;
    st = t->InitializeSecurityContextW(cred, have_ctx ? ctx : NULL, target,
                                       ISC_REQ_MUTUAL_AUTH | ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONNECTION, 0,
                                       SECURITY_NATIVE_DREP, have_ctx ? &idesc : NULL, 0, ctx, &odesc, attrs, &expiry);
    printf("client: InitializeSecurityContextW #%d: in %ld bytes, out %u bytes -> 0x%08x %s\n", ++round, n,
           (unsigned)ob.cbBuffer, (unsigned)st, status_name(st));
    if (st == SEC_I_CONTINUE_NEEDED) {
        SecPkgContext_NegotiationInfoW nego;
        if (t->QueryContextAttributesW(ctx, SECPKG_ATTR_NEGOTIATION_INFO, &nego) == SEC_E_OK) {
            printf("client: negotiation info: %s", from_utf16(nego.PackageInfo->Name));
            printf(" (%s)\n", nego_state(nego.NegotiationState));
            t->FreeContextBuffer(nego.PackageInfo);
        }
    }
    token[0] = 0;
    if (ob.pvBuffer) {
        if (b64_encode(token, cap, ob.pvBuffer, ob.cbBuffer) < 0)
            st = SEC_E_BUFFER_TOO_SMALL;
        t->FreeContextBuffer(ob.pvBuffer);
    }
    return st;
}

/* The negotiated package, the names and the flags of a context. */
static void describe(PSecurityFunctionTableW t, CtxtHandle *ctx, ULONG attrs)
{
    SecPkgContext_NegotiationInfoW nego;
    SecPkgContext_PackageInfoW pkg;
    SecPkgContext_NamesW names;
    SecPkgContext_NativeNamesW native;
    SECURITY_STATUS st;
    st = t->QueryContextAttributesW(ctx, SECPKG_ATTR_NEGOTIATION_INFO, &nego);
    if (st == SEC_E_OK) {
        printf("client: negotiated package: %s", from_utf16(nego.PackageInfo->Name));
        printf(" (%s)\n", nego_state(nego.NegotiationState));
        t->FreeContextBuffer(nego.PackageInfo);
    } else {
        printf("client: QueryContextAttributesW(NEGOTIATION_INFO): 0x%08x %s\n", (unsigned)st, status_name(st));
    }
    st = t->QueryContextAttributesW(ctx, SECPKG_ATTR_PACKAGE_INFO, &pkg);
    if (st == SEC_E_OK) {
        printf("client: package info: %s\n", from_utf16(pkg.PackageInfo->Name));
        t->FreeContextBuffer(pkg.PackageInfo);
    }
    st = t->QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names);
    if (st == SEC_E_OK) {
        printf("client: user name: %s\n", from_utf16(names.sUserName));
        t->FreeContextBuffer(names.sUserName);
    }
    st = t->QueryContextAttributesW(ctx, SECPKG_ATTR_NATIVE_NAMES, &native);
    if (st == SEC_E_OK) {
        printf("client: server name: %s\n", from_utf16(native.sServerName));
        if (native.sClientName)
            t->FreeContextBuffer(native.sClientName);
        if (native.sServerName)
            t->FreeContextBuffer(native.sServerName);
    }
    print_flags("client", attrs, 0);
}

/* http://host[:port][/path] into its parts; -1 if it is not such a URL. */
static int parse_url(const char *url, char *host, size_t hcap, char *port, size_t pcap, const char **path)
{
    const char *h, *end;
    size_t n;
    if (strncasecmp(url, "http://", 7) != 0)
        return -1;
    h = url + 7;
    end = h + strcspn(h, ":/");
    n = (size_t)(end - h);
    if (n == 0 || n >= hcap)
        return -1;
    memcpy(host, h, n);
    host[n] = 0;
    snprintf(port, pcap, "80");
    if (*end == ':') {
        n = strcspn(end + 1, "/");
        if (n == 0 || n >= pcap || strspn(end + 1, "0123456789") != n)
            return -1;
        memcpy(port, end + 1, n);
        port[n] = 0;
        end += 1 + n;
    }
    *path = *end ? end : "/";
    return 0;
}

static int usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-t target] [-c connect-host] [-u] http://host[:port]/path\n", prog);
    return 2;
}

int main(int argc, char **argv)
{
    const char *url = NULL, *target = NULL, *connect_host = NULL, *path;
    char host[256], port[8], host_header[300], spn[300];
    static char token[HTTP_HEAD_MAX]; /* base64, as it goes in the header */
    static struct conn c;
    static struct response r;
    static SEC_WCHAR package[16], wtarget[300];
    PSecurityFunctionTableW t;
    CredHandle cred;
    CtxtHandle ctx;
    TimeStamp expiry;
    SECURITY_STATUS st = SEC_E_OK;
    ULONG attrs = 0;
    int opt, rounds, have_cred = 0, have_ctx = 0, complete = 0, rc = 1;

    while ((opt = getopt(argc, argv, "u:t:c:")) != -1) {
        switch (opt) {
        case 'u': url = optarg; break;
        case 't': target = optarg; break;
        case 'c': connect_host = optarg; break;
        default: return usage(argv[0]);
        }
    }
    if (!url && optind == argc - 1)
        url = argv[optind++];
    if (!url || optind != argc || parse_url(url, host, sizeof host, port, sizeof port, &path) != 0)
        return usage(argv[0]);
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN); /* a server that hangs up is an error status, not a signal */
    snprintf(host_header, sizeof host_header, strcmp(port, "80") ? "%s:%s" : "%s", host, port);
    snprintf(spn, sizeof spn, "HTTP/%s", host);
    to_utf16(wtarget, 300, target ? target : spn);
    to_utf16(package, 16, "Negotiate");
    c.fd = -1;

    t = InitSecurityInterfaceW();
    if (!t)
        return 1;

    /* Each round: one GET, carrying the last token the library produced. */
    token[0] = 0;
    for (rounds = 0; rounds < MAX_ROUNDS; rounds++) {
        if (c.fd < 0) {
            if (conn_open(&c, connect_host ? connect_host : host, port) != 0)
                goto out;
            printf("client: connected to %s port %s\n", connect_host ? connect_host : host, port);
        }
        if (send_get(&c, host_header, path, token[0] ? token : NULL) != 0 || read_response(&c, &r) != 0) {
            printf("client: the HTTP exchange failed\n");
            goto out;
        }
        if (r.close)
            conn_close(&c);
        if (r.status != 401)
            break;
        /* 401: the server wants (more of) Negotiate. */
        if (!r.negotiate) {
            printf("client: 401 without WWW-Authenticate: Negotiate\n");
            goto out;
        }
        if (have_ctx && (complete || !r.token[0])) {
            printf("client: the server refused the authentication\n");
            goto out;
        }
        if (!have_cred) {
            st = t->AcquireCredentialsHandleW(NULL, package, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cred,
                                              &expiry);
            printf("client: AcquireCredentialsHandleW(Negotiate, outbound, default credentials) -> 0x%08x %s\n",
                   (unsigned)st, status_name(st));
            if (st != SEC_E_OK)
                goto out;
            have_cred = 1;
            printf("client: target %s\n", from_utf16(wtarget));
        }
        st = step(t, &cred, &ctx, have_ctx, wtarget, have_ctx ? r.token : NULL, token, sizeof token, &attrs);
        if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
            goto out;
        complete = st == SEC_E_OK;
        if (have_ctx && complete && !token[0]) {
            /* The server's token finished the handshake (it knows who we
             * are) yet the answer is 401: this user may not have the page. */
            printf("client: authenticated (context complete), but the server still answers 401: access denied\n");
            describe(t, &ctx, attrs);
            goto out;
        }
        have_ctx = 1;
        if (!token[0]) {
            printf("client: the library produced no token to send\n");
            goto out;
        }
    }
    if (rounds == MAX_ROUNDS) {
        printf("client: no answer after %d rounds\n", MAX_ROUNDS);
        goto out;
    }

    /* The final answer. Its Negotiate token, if any, completes the context
     * (Kerberos' AP-REP inside SPNEGO's accept-completed: mutual auth). */
    if (have_ctx && r.token[0]) {
        if (complete) {
            printf("client: a Negotiate token after the context was complete\n");
            goto out;
        }
        st = step(t, &cred, &ctx, 1, wtarget, r.token, token, sizeof token, &attrs);
        if (st != SEC_E_OK) {
            printf("client: the server's final token did not complete the context (mutual authentication)\n");
            goto out;
        }
        complete = 1;
        if (token[0])
            printf("client: (a token for the server remains; HTTP has no leg to carry it)\n");
    }
    if (have_ctx)
        describe(t, &ctx, attrs);
    printf("client: HTTP %d, context %s\n", r.status,
           !have_ctx ? "never started (no authentication asked)" : complete ? "complete" : "INCOMPLETE");
    printf("--- body (%zu bytes)\n", r.body_len);
    fwrite(r.body, 1, r.body_len, stdout);
    if (r.body_len && r.body[r.body_len - 1] != '\n')
        printf("\n");
    printf("---\n");
    rc = r.status == 200 && have_ctx && complete ? 0 : 1;

out:
    if (have_ctx)
        t->DeleteSecurityContext(&ctx);
    if (have_cred)
        t->FreeCredentialsHandle(&cred);
    conn_close(&c);
    printf("client: %s\n", rc == 0 ? "authenticated, HTTP 200" : "FAILED");
    return rc;
}
