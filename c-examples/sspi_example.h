/* Shared by sspi_client.c and sspi_server.c: framing over TCP (each token or
 * message is a 4-byte big-endian length followed by that many bytes) and a few
 * printing helpers (sspi_http_client.c uses those too). Nothing here is
 * specific to sspi-shim: it is plain SSPI. */
#ifndef SSPI_EXAMPLE_H
#define SSPI_EXAMPLE_H

#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sspi.h"

#define MAX_FRAME (64 * 1024)

/* Write all of buf or fail. */
static inline int write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static inline int read_all(int fd, void *buf, size_t len)
{
    unsigned char *p = buf;
    while (len) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Send one frame: 4-byte big-endian length, then the bytes. */
static inline int send_frame(int fd, const void *buf, uint32_t len)
{
    unsigned char hdr[4];
    hdr[0] = (unsigned char)(len >> 24);
    hdr[1] = (unsigned char)(len >> 16);
    hdr[2] = (unsigned char)(len >> 8);
    hdr[3] = (unsigned char)len;
    if (write_all(fd, hdr, 4) != 0)
        return -1;
    return len ? write_all(fd, buf, len) : 0;
}

/* Receive one frame into buf (capacity cap); returns its length or -1. */
static inline long recv_frame(int fd, void *buf, uint32_t cap)
{
    unsigned char hdr[4];
    uint32_t len;
    if (read_all(fd, hdr, 4) != 0)
        return -1;
    len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];
    if (len > cap)
        return -1;
    if (len && read_all(fd, buf, len) != 0)
        return -1;
    return (long)len;
}

static inline const char *status_name(SECURITY_STATUS s)
{
    switch (s) {
    case SEC_E_OK: return "SEC_E_OK";
    case SEC_I_CONTINUE_NEEDED: return "SEC_I_CONTINUE_NEEDED";
    case SEC_I_COMPLETE_NEEDED: return "SEC_I_COMPLETE_NEEDED";
    case SEC_I_COMPLETE_AND_CONTINUE: return "SEC_I_COMPLETE_AND_CONTINUE";
    case SEC_E_UNSUPPORTED_FUNCTION: return "SEC_E_UNSUPPORTED_FUNCTION";
    case SEC_E_LOGON_DENIED: return "SEC_E_LOGON_DENIED";
    case SEC_E_INVALID_TOKEN: return "SEC_E_INVALID_TOKEN";
    case SEC_E_INVALID_HANDLE: return "SEC_E_INVALID_HANDLE";
    case SEC_E_NO_CREDENTIALS: return "SEC_E_NO_CREDENTIALS";
    case SEC_E_MESSAGE_ALTERED: return "SEC_E_MESSAGE_ALTERED";
    case SEC_E_OUT_OF_SEQUENCE: return "SEC_E_OUT_OF_SEQUENCE";
    case SEC_E_SECPKG_NOT_FOUND: return "SEC_E_SECPKG_NOT_FOUND";
    case SEC_E_UNKNOWN_CREDENTIALS: return "SEC_E_UNKNOWN_CREDENTIALS";
    case SEC_E_TARGET_UNKNOWN: return "SEC_E_TARGET_UNKNOWN";
    case SEC_E_WRONG_PRINCIPAL: return "SEC_E_WRONG_PRINCIPAL";
    case SEC_E_NO_AUTHENTICATING_AUTHORITY: return "SEC_E_NO_AUTHENTICATING_AUTHORITY";
    case SEC_E_TIME_SKEW: return "SEC_E_TIME_SKEW";
    case SEC_E_BUFFER_TOO_SMALL: return "SEC_E_BUFFER_TOO_SMALL";
    case SEC_E_INTERNAL_ERROR: return "SEC_E_INTERNAL_ERROR";
    default: return "(other)";
    }
}

/* UTF-16 from ASCII/UTF-8 (BMP), into a caller array; returns characters. */
static inline unsigned long to_utf16(SEC_WCHAR *dst, size_t cap, const char *src)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t n = 0;
    while (*s && n + 1 < cap) {
        unsigned c = *s++;
        if (c >= 0xE0 && s[0] && s[1]) {
            c = ((c & 0x0F) << 12) | ((unsigned)(s[0] & 0x3F) << 6) | (s[1] & 0x3F);
            s += 2;
        } else if (c >= 0xC0 && s[0]) {
            c = ((c & 0x1F) << 6) | (s[0] & 0x3F);
            s += 1;
        }
        dst[n++] = (SEC_WCHAR)c;
    }
    dst[n] = 0;
    return (unsigned long)n;
}

static inline const char *from_utf16(const SEC_WCHAR *w)
{
    static char buf[512];
    size_t i = 0;
    if (!w)
        return "(none)";
    for (; w[i] && i + 1 < sizeof buf; i++)
        buf[i] = w[i] < 128 ? (char)w[i] : '?';
    buf[i] = 0;
    return buf;
}

static inline void print_flags(const char *who, unsigned long f, int server)
{
    printf("%s: granted flags 0x%08lx:", who, f);
    if (f & ISC_RET_CONFIDENTIALITY) printf(" CONFIDENTIALITY");
    if (server ? (f & ASC_RET_INTEGRITY) : (f & ISC_RET_INTEGRITY)) printf(" INTEGRITY");
    if (f & ISC_RET_REPLAY_DETECT) printf(" REPLAY_DETECT");
    if (f & ISC_RET_SEQUENCE_DETECT) printf(" SEQUENCE_DETECT");
    if (f & ISC_RET_MUTUAL_AUTH) printf(" MUTUAL_AUTH");
    if (f & ISC_RET_ALLOCATED_MEMORY) printf(" ALLOCATED_MEMORY");
    printf("\n");
}

/* Seal text and send [signature || sealed data] as one frame. */
static inline int send_sealed(PSecurityFunctionTableW t, CtxtHandle *ctx, int fd, const char *text, ULONG trailer)
{
    unsigned char frame[MAX_FRAME];
    ULONG len = (ULONG)strlen(text);
    SecBuffer b[2];
    SecBufferDesc d;
    SECURITY_STATUS st;
    if (len + trailer > sizeof frame)
        return -1;
    memcpy(frame + trailer, text, len);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = trailer;
    b[0].pvBuffer = frame;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = len;
    b[1].pvBuffer = frame + trailer;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    st = t->EncryptMessage(ctx, 0, &d, 0);
    if (st != SEC_E_OK) {
        printf("EncryptMessage: 0x%08x %s\n", (unsigned)st, status_name(st));
        return -1;
    }
    /* NTLM's signature is always cbSecurityTrailer (16) bytes long */
    return send_frame(fd, frame, trailer + len);
}

/* Receive one sealed frame and decrypt it into out (NUL-terminated). Returns
 * the plaintext length, 0 for the empty end-of-session frame, -1 on error. */
static inline long recv_sealed(PSecurityFunctionTableW t, CtxtHandle *ctx, int fd, char *out, size_t cap, ULONG trailer)
{
    static unsigned char frame[MAX_FRAME];
    long n = recv_frame(fd, frame, sizeof frame);
    SecBuffer b[2];
    SecBufferDesc d;
    ULONG qop = 0;
    SECURITY_STATUS st;
    if (n <= 0)
        return n;
    if ((ULONG)n < trailer || (size_t)n - trailer >= cap)
        return -1;
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = trailer;
    b[0].pvBuffer = frame;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = (ULONG)n - trailer;
    b[1].pvBuffer = frame + trailer;
    d.ulVersion = SECBUFFER_VERSION;
    d.cBuffers = 2;
    d.pBuffers = b;
    st = t->DecryptMessage(ctx, &d, 0, &qop);
    if (st != SEC_E_OK) {
        printf("DecryptMessage: 0x%08x %s\n", (unsigned)st, status_name(st));
        return -1;
    }
    memcpy(out, b[1].pvBuffer, b[1].cbBuffer);
    out[b[1].cbBuffer] = 0;
    return (long)b[1].cbBuffer;
}

#endif
