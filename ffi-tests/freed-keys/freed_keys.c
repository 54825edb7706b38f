/* Freed keys: after a context is deleted and its credentials are freed, no
 * key material of it may be in the heap blocks the library gave back.
 *
 * This program defines free() and realloc() itself. The library calls
 * libc's free/realloc through the PLT (its Rust allocator and its C-side
 * buffers alike), so ours take over (symbol interposition; glibc's own
 * internal calls go the same way). Each one copies the block's bytes
 * (malloc_usable_size of them) into a log, then hands the block to glibc
 * (__libc_free / __libc_realloc); a realloc logs the old bytes only when
 * the block moved (then the old one was freed), or the tail it gave back
 * when it shrank in place. The log holds every block freed since the
 * process started, the handshakes' temporaries included.
 *
 * Each scenario establishes a pair, fetches the session key through the
 * public API (the test wipes its copy before giving the buffer back), signs
 * and seals a few messages so every derived key and RC4 state is in use
 * (one NTLM pair is deleted unused instead), deletes both contexts and the
 * credentials, and then searches the whole log for:
 *   NTLM (SSPI NTLM, SSPI Negotiate, gss_* with the NTLM OID): the password
 *   (UTF-16LE and UTF-8), NT hash, NTOWFv2, SessionBaseKey, the exported
 *   session key, the four SIGNKEY/SEALKEY values ([MS-NLMP] 3.4.5.2-3), the
 *   HMAC-MD5 forms of the keyed MACs (key^ipad, key^opad, the MD5 states
 *   after them) and the RC4 states: keyed with SessionBaseKey (RC4K), and
 *   both sealing directions as first keyed and as left after the last
 *   message (64-byte windows of the S-box, which the library keeps as 256
 *   little-endian u32 cells). The test computes these itself (its own
 *   MD4/MD5/HMAC/RC4, checked against RFC 1320/1321 and [MS-NLMP] 4.2
 *   vectors) from the AUTHENTICATE message it saw, and proves they are the
 *   library's: the session key the library reports must be the one
 *   decrypted from EncryptedRandomSessionKey, and the signatures it makes
 *   must be HMAC-MD5(SIGNKEY) sealed with the test's own RC4 state.
 *   Kerberos (argv[1] = "krb"; SSPI, a ccache from kinit or a password):
 *   the session key both sides report, every key in the credential cache,
 *   the service's keytab keys, and with a password the password and the
 *   user's long-term keys (FREED_KEYS_KRB_KEYS, from klist -K).
 *
 * Controls (each must find what it looks for, or the run fails): a block
 * the test frees unwiped, the old block of a realloc that moves, and a
 * session key the library frees itself (FreeContextBuffer of an unwiped
 * SECPKG_ATTR_SESSION_KEY buffer of a pair of its own); a wiped block must
 * not be found; the library's frees must reach the hook.
 *
 * argv[1]: "ntlm" (default) or "krb" (needs FREED_KEYS_KRB_SPN,
 * FREED_KEYS_KRB_KEYS, FREED_KEYS_KRB_USER, FREED_KEYS_KRB_PASS,
 * KRB5_REALM, KRB5CCNAME and KRB5_KTNAME). FREED_KEYS_BACKTRACE=1 records 8
 * return addresses per freed block (=N: only for blocks of N usable bytes),
 * printed with a finding; the unwinder's frames change what the stack
 * holds, so a finding that comes from stack residue may then move or go. */
#define _GNU_SOURCE
#include "common.h"
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <math.h>
#include <sys/mman.h>
#include <gssapi.h>
#include <gssapi/gssapi_ext.h>

/* ==== the freed-block log ============================================== */
extern void __libc_free(void *);
extern void *__libc_realloc(void *, size_t);

#define LOG_CAP ((size_t)256 << 20)
#define FRAMES 8
typedef struct {
    size_t len;
    void *caller;
    int nframes;
    void *frames[FRAMES];
} rec_t; /* followed by len bytes, padded to 16 */

static unsigned char *g_log;
static size_t g_used, g_dropped, g_blocks;
static uintptr_t g_lib_lo, g_lib_hi;
static size_t g_lib_frees, g_lib_reallocs;
static size_t g_backtrace; /* 1: every block; more: blocks of that usable size */
static int g_lock;
static __thread int t_busy;

static void log_lock(void)
{
    while (__atomic_test_and_set(&g_lock, __ATOMIC_ACQUIRE))
        ;
}

static void log_unlock(void)
{
    __atomic_clear(&g_lock, __ATOMIC_RELEASE);
}

static size_t rec_size(size_t len)
{
    return (sizeof(rec_t) + len + 15) & ~(size_t)15;
}

/* Copies a block into a record at the end of the log without committing it;
 * returns the record or NULL (log full: counted as dropped). Lock held. */
static rec_t *stage(const void *p, size_t len, void *caller)
{
    rec_t *r;
    if (!g_log) {
        void *m = mmap(NULL, LOG_CAP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED) {
            g_dropped += len;
            return NULL;
        }
        g_log = m;
    }
    if (LOG_CAP - g_used < rec_size(len)) {
        g_dropped += len;
        return NULL;
    }
    r = (rec_t *)(g_log + g_used);
    r->len = len;
    r->caller = caller;
    r->nframes = g_backtrace == 1 || g_backtrace == len ? backtrace(r->frames, FRAMES) : 0;
    memcpy(r + 1, p, len);
    return r;
}

static void commit(rec_t *r)
{
    g_used += rec_size(r->len);
    g_blocks++;
}

static int from_lib(const void *caller)
{
    return (uintptr_t)caller - g_lib_lo < g_lib_hi - g_lib_lo;
}

void free(void *p)
{
    void *caller = __builtin_return_address(0);
    if (p && !t_busy) {
        rec_t *r;
        t_busy = 1;
        log_lock();
        if ((r = stage(p, malloc_usable_size(p), caller)) != NULL)
            commit(r);
        if (from_lib(caller))
            g_lib_frees++;
        log_unlock();
        t_busy = 0;
    }
    __libc_free(p);
}

void *realloc(void *p, size_t n)
{
    void *caller = __builtin_return_address(0), *q;
    size_t old;
    rec_t *r;
    if (!p || t_busy)
        return __libc_realloc(p, n);
    t_busy = 1;
    log_lock();
    old = malloc_usable_size(p);
    r = stage(p, old, caller);
    q = __libc_realloc(p, n);
    if (r && (n == 0 || (q && q != p))) {
        commit(r); /* moved (or realloc(p, 0)): the old block was freed */
    } else if (r && q == p) {
        size_t keep = malloc_usable_size(q);
        if (keep < old) { /* shrunk in place: the tail went back to the heap */
            memmove(r + 1, (unsigned char *)(r + 1) + keep, old - keep);
            r->len = old - keep;
            commit(r);
        }
    }
    if (from_lib(caller))
        g_lib_reallocs++;
    log_unlock();
    t_busy = 0;
    return q;
}

static int find_lib(struct dl_phdr_info *info, size_t size, void *arg)
{
    int i;
    (void)size;
    (void)arg;
    if (!info->dlpi_name || !strstr(info->dlpi_name, "libsspi.so"))
        return 0;
    for (i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        if (!g_lib_lo || lo < g_lib_lo)
            g_lib_lo = lo;
        if (lo + ph->p_memsz > g_lib_hi)
            g_lib_hi = lo + ph->p_memsz;
    }
    return 1;
}

/* ==== needles and the search =========================================== */
#define MAX_NEEDLES 1024
#define NEEDLE_STORE (256 * 1024)
typedef struct {
    const char *group; /* one check per group */
    size_t off, len;   /* in g_store */
} needle_t;
static unsigned char g_store[NEEDLE_STORE];
static size_t g_store_used;
static needle_t g_needles[MAX_NEEDLES];
static int g_nneedles, g_scen_first;
static char g_groups[256][96];
static int g_ngroups;
static const char *g_scen = "setup";
static struct {
    const char *name;
    size_t from; /* log offset when it began */
} g_scens[16];
static int g_nscens;

static const char *group_name(const char *fmt, ...)
{
    va_list ap;
    char buf[96];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (int i = 0; i < g_ngroups; i++)
        if (!strcmp(g_groups[i], buf))
            return g_groups[i];
    if (g_ngroups == 256)
        BAIL("too many needle groups");
    snprintf(g_groups[g_ngroups], sizeof g_groups[0], "%s", buf);
    return g_groups[g_ngroups++];
}

static void add_needle(const char *group, const void *bytes, size_t len)
{
    if (g_nneedles == MAX_NEEDLES || NEEDLE_STORE - g_store_used < len)
        BAIL("needle store full");
    memcpy(g_store + g_store_used, bytes, len);
    g_needles[g_nneedles].group = group;
    g_needles[g_nneedles].off = g_store_used;
    g_needles[g_nneedles].len = len;
    g_nneedles++;
    g_store_used += len;
}

/* A needle for the current scenario: "<scenario>: what". */
static void needle(const char *what, const void *bytes, size_t len)
{
    add_needle(group_name("%s: %s", g_scen, what), bytes, len);
}

static void print_where(const void *addr)
{
    Dl_info di;
    if (dladdr(addr, &di) && di.dli_fname) {
        const char *base = strrchr(di.dli_fname, '/');
        printf(" %s+0x%lx", base ? base + 1 : di.dli_fname, (unsigned long)((uintptr_t)addr - (uintptr_t)di.dli_fbase));
    } else {
        printf(" %p", addr);
    }
}

/* The record holding log offset `at`. */
static const rec_t *record_at(size_t at, size_t *rec_off)
{
    size_t o = 0;
    while (o < g_used) {
        const rec_t *r = (const rec_t *)(g_log + o);
        if (at < o + rec_size(r->len)) {
            *rec_off = o;
            return r;
        }
        o += rec_size(r->len);
    }
    return NULL;
}

/* Occurrences of needle n in the log (all of it); the first few are shown. */
static size_t count_hits(const needle_t *n, int show)
{
    size_t hits = 0, at = 0, end = g_used;
    const unsigned char *hay = g_log, *pat = g_store + n->off, *p;
    while (g_log && at < end && (p = memmem(hay + at, end - at, pat, n->len)) != NULL) {
        size_t off = (size_t)(p - hay), roff = 0;
        const rec_t *r = record_at(off, &roff);
        if (show && hits < 3 && r) {
            const char *during = "setup";
            for (int i = 0; i < g_nscens; i++)
                if (roff >= g_scens[i].from)
                    during = g_scens[i].name;
            printf("#   %s: %zu bytes at offset %zu of a %zu-byte block freed during %s from", n->group, n->len,
                   off - roff - sizeof(rec_t), r->len, during);
            print_where(r->caller);
            for (int i = 1; i < r->nframes; i++) /* frame 0 is the hook */
                print_where(r->frames[i]);
            printf("\n");
        }
        hits++;
        at = off + 1;
    }
    return hits;
}

/* Searches the log for needles [first, g_nneedles): one check per group
 * when `each`, else only the total. Returns the number of hits. */
static size_t scan(int first, int each)
{
    size_t total = 0;
    for (int i = first; i < g_nneedles; i++) {
        int seen = 0;
        size_t hits = 0, count = 0;
        for (int j = first; j < i; j++)
            seen |= g_needles[j].group == g_needles[i].group;
        if (seen)
            continue;
        for (int j = i; j < g_nneedles; j++) {
            if (g_needles[j].group != g_needles[i].group)
                continue;
            hits += count_hits(&g_needles[j], 1);
            count++;
        }
        if (each)
            OK(hits == 0, "%s: in no freed block (%zu needle%s, %zu hits)", g_needles[i].group, count,
               count == 1 ? "" : "s", hits);
        total += hits;
    }
    return total;
}

static void scen_begin(const char *name)
{
    if (g_nscens < 16) {
        g_scens[g_nscens].name = name;
        g_scens[g_nscens++].from = g_used;
    }
    g_scen = name;
    g_scen_first = g_nneedles;
    printf("# %s\n", name);
}

static void scen_end(void)
{
    scan(g_scen_first, 1);
}

/* ==== MD4, MD5 (RFC 1320, 1321), HMAC-MD5, RC4 ========================== */
typedef struct {
    uint32_t s[4];
    uint64_t n;
    unsigned char b[64];
    int md4;
} md_t;

static uint32_t md5_t[64];

static uint32_t rotl(uint32_t x, int s)
{
    return x << s | x >> (32 - s);
}

static void md_block(md_t *c, const unsigned char *p)
{
    static const int s4[3][4] = {{3, 7, 11, 19}, {3, 5, 9, 13}, {3, 9, 11, 15}};
    static const int k4[2][16] = {{0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15},
                                  {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15}};
    static const int s5[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};
    uint32_t x[16], a = c->s[0], b = c->s[1], cc = c->s[2], d = c->s[3], f, t;
    int i, k;
    for (i = 0; i < 16; i++)
        x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
               (uint32_t)p[4 * i + 3] << 24;
    for (i = 0; i < (c->md4 ? 48 : 64); i++) {
        if (c->md4) {
            uint32_t add = i < 16 ? 0 : i < 32 ? 0x5A827999 : 0x6ED9EBA1;
            f = i < 16 ? (b & cc) | (~b & d) : i < 32 ? (b & cc) | (b & d) | (cc & d) : b ^ cc ^ d;
            k = i < 16 ? i : k4[i / 16 - 1][i % 16];
            t = rotl(a + f + x[k] + add, s4[i / 16][i % 4]);
        } else {
            f = i < 16 ? (b & cc) | (~b & d) : i < 32 ? (d & b) | (~d & cc) : i < 48 ? b ^ cc ^ d : cc ^ (b | ~d);
            k = i < 16 ? i : i < 32 ? (5 * i + 1) % 16 : i < 48 ? (3 * i + 5) % 16 : (7 * i) % 16;
            t = b + rotl(a + f + md5_t[i] + x[k], s5[i / 16][i % 4]);
        }
        a = d;
        d = cc;
        cc = b;
        b = t;
    }
    c->s[0] += a;
    c->s[1] += b;
    c->s[2] += cc;
    c->s[3] += d;
}

static void md_init(md_t *c, int md4)
{
    static const uint32_t iv[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    if (!md5_t[0])
        for (int i = 0; i < 64; i++)
            md5_t[i] = (uint32_t)floor(fabs(sin((double)(i + 1))) * 4294967296.0);
    memcpy(c->s, iv, sizeof iv);
    c->n = 0;
    c->md4 = md4;
}

static void md_update(md_t *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        size_t have = c->n % 64, take = 64 - have < len ? 64 - have : len;
        memcpy(c->b + have, p, take);
        c->n += take;
        p += take;
        len -= take;
        if (c->n % 64 == 0)
            md_block(c, c->b);
    }
}

static void md_state(const md_t *c, unsigned char out[16])
{
    for (int i = 0; i < 16; i++)
        out[i] = (unsigned char)(c->s[i / 4] >> (8 * (i % 4)));
}

static void md_final(md_t *c, unsigned char out[16])
{
    unsigned char pad[72] = {0x80}, len[8];
    uint64_t bits = c->n * 8;
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (8 * i));
    md_update(c, pad, (size_t)(c->n % 64 < 56 ? 56 - c->n % 64 : 120 - c->n % 64));
    md_update(c, len, 8);
    md_state(c, out);
}

static void md5(unsigned char out[16], const void *a, size_t alen, const void *b, size_t blen)
{
    md_t c;
    md_init(&c, 0);
    md_update(&c, a, alen);
    md_update(&c, b, blen);
    md_final(&c, out);
}

static void md4(unsigned char out[16], const void *a, size_t alen)
{
    md_t c;
    md_init(&c, 1);
    md_update(&c, a, alen);
    md_final(&c, out);
}

/* HMAC-MD5 with a 16-byte key over a || b; also the key's pad forms. */
typedef struct {
    unsigned char ipad[16], opad[16], inner[16], outer[16];
} hmac_forms_t;

/* Starts c on the key padded and XORed with x (HMAC's ipad or opad block);
 * keeps the padded key's first 16 bytes and the state after it in the forms. */
static void pad_start(md_t *c, const unsigned char key[16], unsigned char x, unsigned char *form_pad,
                      unsigned char *form_state)
{
    unsigned char pad[64];
    for (int i = 0; i < 64; i++)
        pad[i] = (unsigned char)((i < 16 ? key[i] : 0) ^ x);
    md_init(c, 0);
    md_update(c, pad, 64);
    if (form_pad) {
        memcpy(form_pad, pad, 16);
        md_state(c, form_state);
    }
}

static void hmac_md5(unsigned char out[16], const unsigned char key[16], const void *a, size_t alen, const void *b,
                     size_t blen, hmac_forms_t *forms)
{
    unsigned char ih[16];
    md_t c;
    pad_start(&c, key, 0x36, forms ? forms->ipad : NULL, forms ? forms->inner : NULL);
    md_update(&c, a, alen);
    md_update(&c, b, blen);
    md_final(&c, ih);
    pad_start(&c, key, 0x5c, forms ? forms->opad : NULL, forms ? forms->outer : NULL);
    md_update(&c, ih, 16);
    md_final(&c, out);
}

typedef struct {
    unsigned char s[256], i, j;
} rc4_t;

static void rc4_init(rc4_t *r, const unsigned char *key, size_t len)
{
    unsigned char j = 0, t;
    for (int i = 0; i < 256; i++)
        r->s[i] = (unsigned char)i;
    for (int i = 0; i < 256; i++) {
        j = (unsigned char)(j + r->s[i] + key[i % len]);
        t = r->s[i];
        r->s[i] = r->s[j];
        r->s[j] = t;
    }
    r->i = r->j = 0;
}

static void rc4_apply(rc4_t *r, unsigned char *data, size_t len)
{
    unsigned char t;
    for (size_t n = 0; n < len; n++) {
        r->i++;
        r->j = (unsigned char)(r->j + r->s[r->i]);
        t = r->s[r->i];
        r->s[r->i] = r->s[r->j];
        r->s[r->j] = t;
        if (data)
            data[n] ^= r->s[(unsigned char)(r->s[r->i] + r->s[r->j])];
    }
}

/* The library's RC4 state layout: 256 u32 cells; 16 windows of 64 bytes. */
static void rc4_needles(const char *what, const rc4_t *r)
{
    unsigned char cells[1024];
    for (int i = 0; i < 256; i++) {
        cells[4 * i] = r->s[i];
        cells[4 * i + 1] = cells[4 * i + 2] = cells[4 * i + 3] = 0;
    }
    for (int w = 0; w < 16; w++)
        needle(what, cells + 64 * w, 64);
}

static int hex_eq(const unsigned char *b, const char *hex)
{
    char s[3];
    for (size_t i = 0; i < strlen(hex) / 2; i++) {
        snprintf(s, sizeof s, "%02x", b[i]);
        if (memcmp(s, hex + 2 * i, 2))
            return 0;
    }
    return 1;
}

static size_t utf16le(unsigned char *out, const char *s, int upper)
{
    SEC_WCHAR w[256];
    ULONG n = utf16(w, 256, s);
    for (ULONG i = 0; i < n; i++) {
        SEC_WCHAR c = w[i];
        if (upper && c >= 'a' && c <= 'z')
            c = (SEC_WCHAR)(c - 32);
        out[2 * i] = (unsigned char)c;
        out[2 * i + 1] = (unsigned char)(c >> 8);
    }
    return 2 * (size_t)n;
}

static void crypto_selftest(void)
{
    unsigned char h[16], pw[64], id[64], v2[16];
    size_t pl, il;
    md5(h, "abc", 3, "", 0);
    OK(hex_eq(h, "900150983cd24fb0d6963f7d28e17f72"), "test MD5 gives RFC 1321's MD5(\"abc\")");
    md5(h, "12345678901234567890123456789012345678901234567890123456789012345678901234567890", 80, "", 0);
    OK(hex_eq(h, "57edf4a22be3c955ac49da2e2107b67a"), "test MD5 gives RFC 1321's MD5 of 80 digits");
    md4(h, "abc", 3);
    OK(hex_eq(h, "a448017aaf21d8525fc10ae87aa6729d"), "test MD4 gives RFC 1320's MD4(\"abc\")");
    /* [MS-NLMP] 4.2.1 and 4.2.4.1.1: "Password", "User", "Domain". */
    pl = utf16le(pw, "Password", 0);
    md4(h, pw, pl);
    OK(hex_eq(h, "a4f49c406510bdcab6824ee7c30fd852"), "test NT hash gives [MS-NLMP] 4.2.1's");
    il = utf16le(id, "User", 1);
    il += utf16le(id + il, "Domain", 0);
    hmac_md5(v2, h, id, il, "", 0, NULL);
    OK(hex_eq(v2, "0c868a403bfd7a93a3001ef22ef02e3f"), "test HMAC-MD5 gives [MS-NLMP] 4.2.4.1.1's NTOWFv2");
}

/* ==== controls ========================================================= */
static void fill_random(unsigned char *b, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0 || read(fd, b, n) != (ssize_t)n)
        BAIL("cannot read /dev/urandom");
    close(fd);
}

/* Keeps the compiler from dropping a malloc/free pair whose stores it can
 * see are never read. */
static void escape(void *p)
{
    __asm__ volatile("" : : "r"(p) : "memory");
}

static void controls(void)
{
    unsigned char secret[3][32];
    unsigned char *p, *q, *blocker;
    int first = g_nneedles;
    for (int i = 0; i < 3; i++)
        fill_random(secret[i], sizeof secret[i]);

    p = malloc(64);
    memcpy(p + 8, secret[0], 32);
    escape(p);
    free(p); /* not wiped: must be found */
    p = malloc(40);
    memcpy(p, secret[1], 32);
    blocker = malloc(40); /* so that p cannot grow in place */
    escape(p);
    escape(blocker);
    q = realloc(p, 4096);
    if (!q || q == p)
        BAIL("realloc did not move the block");
    memset(q, 0, 4096);
    escape(q);
    free(q);
    free(blocker);
    p = malloc(64);
    memcpy(p, secret[2], 32);
    escape(p);
    memset(p, 0, 64);
    escape(p);
    free(p); /* wiped */

    add_needle("control: unwiped freed block", secret[0], 32);
    add_needle("control: block moved by realloc", secret[1], 32);
    add_needle("control: wiped block", secret[2], 32);
    OK(count_hits(&g_needles[first], 0) == 1, "control: a block freed unwiped is found in the log");
    OK(count_hits(&g_needles[first + 1], 0) == 1, "control: the old block of a moving realloc is found");
    OK(count_hits(&g_needles[first + 2], 0) == 0, "control: a block wiped before free is not found");
    g_nneedles = first; /* the controls are not part of the final search */
}

/* ==== SSPI helpers ===================================================== */
#define MAX_TOKS 8
static unsigned char g_ctok[MAX_TOKS][16384];
static ULONG g_ctoklen[MAX_TOKS];
static int g_nctok;

/* Copies an allocated output token into tok (cap bytes) and gives the
 * library's buffer back; returns its length (0 when none or too long). */
static ULONG take_token(SecBuffer *ob, unsigned char *tok, size_t cap)
{
    ULONG n = ob->pvBuffer && ob->cbBuffer <= cap ? ob->cbBuffer : 0;
    if (ob->pvBuffer) {
        memcpy(tok, ob->pvBuffer, n);
        T()->FreeContextBuffer(ob->pvBuffer);
    }
    return n;
}

/* Runs ISC/ASC until both are done; keeps the initiator's tokens. */
static int sspi_handshake(CredHandle *cc, CredHandle *sc, CtxtHandle *cctx, CtxtHandle *sctx, const char *target,
                          ULONG isc_req, ULONG asc_req, int *have_c, int *have_s)
{
    SECURITY_STATUS ci = SEC_I_CONTINUE_NEEDED, si = SEC_I_CONTINUE_NEEDED;
    static unsigned char tok[16384];
    ULONG toklen = 0, attrs;
    TimeStamp ts;
    SecBuffer ib, ob;
    SecBufferDesc in = {SECBUFFER_VERSION, 1, &ib}, out = {SECBUFFER_VERSION, 1, &ob};
    g_nctok = 0;
    for (int round = 0; round < 6 && (ci != SEC_E_OK || si != SEC_E_OK); round++) {
        if (ci == SEC_I_CONTINUE_NEEDED) {
            ib = (SecBuffer){toklen, SECBUFFER_TOKEN, tok};
            ob = (SecBuffer){0, SECBUFFER_TOKEN, NULL};
            ci = T()->InitializeSecurityContextW(cc, *have_c ? cctx : NULL, W(target), isc_req | ISC_REQ_ALLOCATE_MEMORY,
                                                 0, SECURITY_NATIVE_DREP, *have_c ? &in : NULL, 0, cctx, &out, &attrs,
                                                 &ts);
            if (ci != SEC_E_OK && ci != SEC_I_CONTINUE_NEEDED) {
                printf("# InitializeSecurityContextW: 0x%08X\n", (unsigned)ci);
                return 0;
            }
            *have_c = 1;
            toklen = take_token(&ob, tok, sizeof tok);
            if (toklen && g_nctok < MAX_TOKS) {
                memcpy(g_ctok[g_nctok], tok, toklen);
                g_ctoklen[g_nctok++] = toklen;
            }
            if (toklen == 0)
                continue;
        }
        if (si == SEC_I_CONTINUE_NEEDED || toklen) {
            if (si == SEC_E_OK)
                return 0; /* a token for a finished acceptor */
            ib = (SecBuffer){toklen, SECBUFFER_TOKEN, tok};
            ob = (SecBuffer){0, SECBUFFER_TOKEN, NULL};
            si = T()->AcceptSecurityContext(sc, *have_s ? sctx : NULL, &in, asc_req | ASC_REQ_ALLOCATE_MEMORY,
                                            SECURITY_NATIVE_DREP, sctx, &out, &attrs, &ts);
            if (si != SEC_E_OK && si != SEC_I_CONTINUE_NEEDED) {
                printf("# AcceptSecurityContext: 0x%08X\n", (unsigned)si);
                return 0;
            }
            *have_s = 1;
            toklen = take_token(&ob, tok, sizeof tok);
        }
    }
    return ci == SEC_E_OK && si == SEC_E_OK;
}

/* Deletes both contexts (those that exist) and both credentials. */
static void sspi_delete_all(const char *name, CtxtHandle *cctx, int have_c, CtxtHandle *sctx, int have_s,
                            CredHandle *cc, CredHandle *sc)
{
    if (have_c)
        IS(T()->DeleteSecurityContext(cctx), SEC_E_OK, "%s: DeleteSecurityContext (client)", name);
    if (have_s)
        IS(T()->DeleteSecurityContext(sctx), SEC_E_OK, "%s: DeleteSecurityContext (server)", name);
    IS(T()->FreeCredentialsHandle(cc), SEC_E_OK, "%s: FreeCredentialsHandle (client)", name);
    IS(T()->FreeCredentialsHandle(sc), SEC_E_OK, "%s: FreeCredentialsHandle (server)", name);
}

/* SECPKG_ATTR_SESSION_KEY into key; the library's buffer is wiped (unless
 * `wipe` is 0, for the control) and given back. Returns the length. */
static size_t sspi_session_key(CtxtHandle *ctx, unsigned char *key, size_t cap, int wipe)
{
    SecPkgContext_SessionKey sk = {0, NULL};
    SECURITY_STATUS st = T()->QueryContextAttributesW(ctx, SECPKG_ATTR_SESSION_KEY, &sk);
    size_t n = sk.SessionKeyLength;
    if (st != SEC_E_OK || !sk.SessionKey || n > cap) {
        printf("# QueryContextAttributesW(SESSION_KEY): 0x%08X, %zu bytes\n", (unsigned)st, n);
        return 0;
    }
    memcpy(key, sk.SessionKey, n);
    if (wipe)
        memset(sk.SessionKey, 0, n);
    T()->FreeContextBuffer(sk.SessionKey);
    return n;
}

/* EncryptMessage on one side, DecryptMessage on the other. */
static int sspi_roundtrip(CtxtHandle *from, CtxtHandle *to, size_t len)
{
    SecPkgContext_Sizes sz;
    unsigned char tok[256], data[512], pad[64], plain[512];
    SecBuffer b[3];
    SecBufferDesc d = {SECBUFFER_VERSION, 3, b};
    ULONG q;
    if (len > sizeof data || T()->QueryContextAttributesW(from, SECPKG_ATTR_SIZES, &sz) != SEC_E_OK ||
        sz.cbSecurityTrailer > sizeof tok || sz.cbBlockSize > sizeof pad)
        return 0;
    for (size_t i = 0; i < len; i++)
        plain[i] = (unsigned char)('a' + i % 26);
    memcpy(data, plain, len);
    b[0] = (SecBuffer){sz.cbSecurityTrailer, SECBUFFER_TOKEN, tok};
    b[1] = (SecBuffer){(ULONG)len, SECBUFFER_DATA, data};
    b[2] = (SecBuffer){sz.cbBlockSize, SECBUFFER_PADDING, pad};
    d.cBuffers = sz.cbBlockSize ? 3 : 2;
    if (T()->EncryptMessage(from, 0, &d, 0) != SEC_E_OK || T()->DecryptMessage(to, &d, 0, &q) != SEC_E_OK)
        return 0;
    return b[1].cbBuffer == len && memcmp(b[1].pvBuffer, plain, len) == 0;
}

/* ==== NTLM keys ======================================================== */
typedef struct {
    unsigned char nt[16], v2[16], proof[16], sbk[16], exported[16], enc_key[16];
    unsigned char sign[2][16], seal[2][16]; /* [0] client-to-server, [1] server-to-client */
    rc4_t rc4[2], rc4_sbk;
    hmac_forms_t v2_forms, sign_forms[2], exported_forms;
    uint32_t flags;
} ntlm_keys_t;

#define NTLMSSP_NEGOTIATE_KEY_EXCH 0x40000000u
#define NTLMSSP_NEGOTIATE_UNICODE 0x00000001u

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* The AUTHENTICATE message ([MS-NLMP] 2.2.1.3) among the initiator's tokens
 * (bare, or inside SPNEGO). */
static const unsigned char *find_authenticate(size_t *len)
{
    for (int t = 0; t < g_nctok; t++)
        for (size_t i = 0; i + 72 <= g_ctoklen[t]; i++)
            if (!memcmp(g_ctok[t] + i, "NTLMSSP\0\3\0\0\0", 12)) {
                *len = g_ctoklen[t] - i;
                return g_ctok[t] + i;
            }
    return NULL;
}

/* Derives every NTLM key from the password and the AUTHENTICATE message. */
static int ntlm_derive(ntlm_keys_t *k, const char *password)
{
    static const char *magic[4] = {"session key to client-to-server signing key magic constant",
                                   "session key to server-to-client signing key magic constant",
                                   "session key to client-to-server sealing key magic constant",
                                   "session key to server-to-client sealing key magic constant"};
    unsigned char pw[512], id[1024];
    unsigned char dummy[16];
    size_t pl, il = 0, len;
    const unsigned char *a = find_authenticate(&len);
    uint16_t ntlen, dlen, ulen;
    uint32_t ntoff, doff, uoff, koff;
    if (!a)
        return 0;
    ntlen = le16(a + 20);
    ntoff = le32(a + 24);
    dlen = le16(a + 28);
    doff = le32(a + 32);
    ulen = le16(a + 36);
    uoff = le32(a + 40);
    koff = le32(a + 56);
    k->flags = le32(a + 60);
    if (ntlen < 16 || ntoff + ntlen > len || doff + dlen > len || uoff + ulen > len || koff + 16 > len ||
        le16(a + 52) != 16 || !(k->flags & NTLMSSP_NEGOTIATE_UNICODE) || ulen + dlen > sizeof id)
        return 0;
    memcpy(k->proof, a + ntoff, 16);
    memcpy(k->enc_key, a + koff, 16);
    /* NTOWFv2 = HMAC_MD5(MD4(UNICODE(password)), UNICODE(Upper(user) || domain)) */
    pl = utf16le(pw, password, 0);
    md4(k->nt, pw, pl);
    for (size_t i = 0; i < ulen; i += 2) {
        id[il++] = (unsigned char)(a[uoff + i] >= 'a' && a[uoff + i] <= 'z' && !a[uoff + i + 1] ? a[uoff + i] - 32
                                                                                               : a[uoff + i]);
        id[il++] = a[uoff + i + 1];
    }
    memcpy(id + il, a + doff, dlen);
    il += dlen;
    hmac_md5(k->v2, k->nt, id, il, "", 0, &k->v2_forms);
    hmac_md5(k->sbk, k->v2, k->proof, 16, "", 0, NULL); /* SessionBaseKey = KeyExchangeKey (NTLMv2) */
    rc4_init(&k->rc4_sbk, k->sbk, 16); /* RC4K(KeyExchangeKey, ExportedSessionKey) */
    memcpy(k->exported, k->enc_key, 16);
    if (k->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) {
        rc4_t r = k->rc4_sbk;
        rc4_apply(&r, k->exported, 16);
    } else {
        memcpy(k->exported, k->sbk, 16);
    }
    hmac_md5(dummy, k->exported, "", 0, "", 0, &k->exported_forms); /* the MIC's key */
    for (int d = 0; d < 2; d++) {
        md5(k->sign[d], k->exported, 16, magic[d], strlen(magic[d]) + 1);
        md5(k->seal[d], k->exported, 16, magic[2 + d], strlen(magic[2 + d]) + 1);
        hmac_md5(dummy, k->sign[d], "", 0, "", 0, &k->sign_forms[d]);
        rc4_init(&k->rc4[d], k->seal[d], 16);
    }
    memset(pw, 0, sizeof pw);
    return 1;
}

/* Both sides' reported session keys (wiped here after) agree, and equal the
 * key the test decrypts from AUTHENTICATE with its own NTOWFv2 (into k). */
static int ntlm_check_keys(ntlm_keys_t *k, const char *name, unsigned char *ckey, size_t cn, unsigned char *skey,
                           size_t sn)
{
    OK(cn == 16 && sn == 16 && !memcmp(ckey, skey, 16), "%s: both sides report the same 16-byte session key", name);
    int ok = OK(ntlm_derive(k, T_PASS), "%s: AUTHENTICATE parsed (NTLMv2, Unicode)", name) &&
             OK(cn == 16 && !memcmp(k->exported, ckey, 16),
                "%s: the session key decrypted from AUTHENTICATE with the test's NTOWFv2 is the one reported", name);
    memset(ckey, 0, cn);
    memset(skey, 0, sn);
    return ok;
}

static void ntlm_needles(const ntlm_keys_t *k, const char *password)
{
    unsigned char pw16[512];
    size_t n = utf16le(pw16, password, 0);
    const hmac_forms_t *f[4] = {&k->v2_forms, &k->sign_forms[0], &k->sign_forms[1], &k->exported_forms};
    needle("password (UTF-16LE)", pw16, n);
    needle("password (UTF-8)", password, strlen(password));
    needle("NT hash", k->nt, 16);
    needle("NTOWFv2", k->v2, 16);
    needle("SessionBaseKey", k->sbk, 16);
    needle("exported session key", k->exported, 16);
    needle("client signing key", k->sign[0], 16);
    needle("server signing key", k->sign[1], 16);
    needle("client sealing key", k->seal[0], 16);
    needle("server sealing key", k->seal[1], 16);
    for (int i = 0; i < 4; i++) {
        needle("HMAC-MD5 key pads and states", f[i]->ipad, 16);
        needle("HMAC-MD5 key pads and states", f[i]->opad, 16);
        needle("HMAC-MD5 key pads and states", f[i]->inner, 16);
        needle("HMAC-MD5 key pads and states", f[i]->outer, 16);
    }
    rc4_needles("RC4 state keyed with SessionBaseKey", &k->rc4_sbk);
    rc4_needles("client-to-server RC4 state as keyed", &k->rc4[0]);
    rc4_needles("server-to-client RC4 state as keyed", &k->rc4[1]);
    memset(pw16, 0, sizeof pw16);
}

/* A signature ([MS-NLMP] 2.2.2.9.1, extended session security) made with
 * direction d's keys is what the test computes with its own keys and RC4. */
static int ntlm_check_signature(ntlm_keys_t *k, int d, const unsigned char *msg, size_t len,
                                const unsigned char sig[16])
{
    unsigned char mac[16];
    hmac_md5(mac, k->sign[d], sig + 12, 4, msg, len, NULL);
    if (k->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)
        rc4_apply(&k->rc4[d], mac, 8);
    return le32(sig) == 1 && memcmp(mac, sig + 4, 8) == 0;
}

/* ==== scenarios: NTLM over SSPI (NTLM and Negotiate) ==================== */
/* messages: sign and seal both ways (else the pair is deleted unused, so
 * no sealing state was ever made). */
static void sspi_ntlm(const char *pkg, const char *name, int messages)
{
    static const char msg[] = "a message to sign";
    CredHandle cc, sc;
    CtxtHandle cctx, sctx;
    TimeStamp ts;
    wident_t wid;
    ntlm_keys_t k;
    unsigned char ckey[64], skey[64], sig[16];
    size_t cn, sn;
    int have_c = 0, have_s = 0, ok = 1;
    ULONG siglen;

    scen_begin(name);
    memset(&k, 0, sizeof k);
    if (!IS(T()->AcquireCredentialsHandleW(NULL, W(pkg), SECPKG_CRED_OUTBOUND, NULL,
                                            make_wident(&wid, T_USER, T_DOMAIN, T_PASS), NULL, NULL, &cc, &ts),
            SEC_E_OK, "%s: initiator credential (alice, password)", name))
        return;
    memset(&wid, 0, sizeof wid);
    if (!IS(T()->AcquireCredentialsHandleW(NULL, W(pkg), SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &sc, &ts),
            SEC_E_OK, "%s: acceptor credential (NTLM_USER_FILE)", name)) {
        T()->FreeCredentialsHandle(&cc);
        return;
    }
    ok = OK(sspi_handshake(&cc, &sc, &cctx, &sctx, T_TARGET, DEFAULT_ISC_REQ, DEFAULT_ASC_REQ, &have_c, &have_s),
            "%s: handshake", name);
    if (ok) {
        cn = sspi_session_key(&cctx, ckey, sizeof ckey, 1);
        sn = sspi_session_key(&sctx, skey, sizeof skey, 1);
        ok = ntlm_check_keys(&k, name, ckey, cn, skey, sn);
    }
    if (ok)
        ntlm_needles(&k, T_PASS);
    if (ok && messages) {
        siglen = sizeof sig;
        OK(sign(&cctx, (const unsigned char *)msg, sizeof msg, sig, &siglen) == SEC_E_OK && siglen == 16 &&
               ntlm_check_signature(&k, 0, (const unsigned char *)msg, sizeof msg, sig) &&
               verify(&sctx, (const unsigned char *)msg, sizeof msg, sig, siglen) == SEC_E_OK,
           "%s: the client's signature is HMAC-MD5(client signing key) sealed by the test's RC4", name);
        siglen = sizeof sig;
        OK(sign(&sctx, (const unsigned char *)msg, sizeof msg, sig, &siglen) == SEC_E_OK && siglen == 16 &&
               ntlm_check_signature(&k, 1, (const unsigned char *)msg, sizeof msg, sig) &&
               verify(&cctx, (const unsigned char *)msg, sizeof msg, sig, siglen) == SEC_E_OK,
           "%s: the server's signature is HMAC-MD5(server signing key) sealed by the test's RC4", name);
        for (size_t len = 1; len <= 300; len += 99) {
            ok &= sspi_roundtrip(&cctx, &sctx, len) && sspi_roundtrip(&sctx, &cctx, len + 7);
            rc4_apply(&k.rc4[0], NULL, len + 8); /* message, then the 8-byte checksum */
            rc4_apply(&k.rc4[1], NULL, len + 7 + 8);
        }
        OK(ok, "%s: EncryptMessage/DecryptMessage both ways", name);
        siglen = sizeof sig;
        OK(sign(&cctx, (const unsigned char *)msg, sizeof msg, sig, &siglen) == SEC_E_OK &&
               ntlm_check_signature(&k, 0, (const unsigned char *)msg, sizeof msg, sig) &&
               verify(&sctx, (const unsigned char *)msg, sizeof msg, sig, siglen) == SEC_E_OK,
           "%s: the test's client-to-server RC4 state still matches after sealing", name);
        siglen = sizeof sig;
        OK(sign(&sctx, (const unsigned char *)msg, sizeof msg, sig, &siglen) == SEC_E_OK &&
               ntlm_check_signature(&k, 1, (const unsigned char *)msg, sizeof msg, sig) &&
               verify(&cctx, (const unsigned char *)msg, sizeof msg, sig, siglen) == SEC_E_OK,
           "%s: the test's server-to-client RC4 state still matches after sealing", name);
        rc4_needles("client-to-server RC4 state as left", &k.rc4[0]);
        rc4_needles("server-to-client RC4 state as left", &k.rc4[1]);
    }
    sspi_delete_all(name, &cctx, have_c, &sctx, have_s, &cc, &sc);
    memset(&k, 0, sizeof k);
    scen_end();
}

/* The library frees a key it handed out: found (proves its frees are seen). */
static void library_control(void)
{
    CredHandle cc, sc;
    CtxtHandle cctx, sctx;
    TimeStamp ts;
    wident_t wid;
    unsigned char key[64];
    size_t n = 0;
    int have_c = 0, have_s = 0, first = g_nneedles;

    if (T()->AcquireCredentialsHandleW(NULL, W("NTLM"), SECPKG_CRED_OUTBOUND, NULL,
                                       make_wident(&wid, T_USER, T_DOMAIN, T_PASS), NULL, NULL, &cc, &ts) != SEC_E_OK ||
        T()->AcquireCredentialsHandleW(NULL, W("NTLM"), SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &sc, &ts) !=
            SEC_E_OK)
        BAIL("control: NTLM credentials");
    memset(&wid, 0, sizeof wid);
    if (sspi_handshake(&cc, &sc, &cctx, &sctx, T_TARGET, DEFAULT_ISC_REQ, DEFAULT_ASC_REQ, &have_c, &have_s))
        n = sspi_session_key(&cctx, key, sizeof key, 0); /* not wiped */
    if (have_c)
        T()->DeleteSecurityContext(&cctx);
    if (have_s)
        T()->DeleteSecurityContext(&sctx);
    T()->FreeCredentialsHandle(&cc);
    T()->FreeCredentialsHandle(&sc);
    OK(n == 16, "control: an NTLM pair and its session key");
    add_needle("control: session key freed unwiped by FreeContextBuffer", key, n);
    OK(count_hits(&g_needles[first], 0) >= 1,
       "control: the session key block the library freed unwiped (FreeContextBuffer) is found");
    g_nneedles = first;
    memset(key, 0, sizeof key);
}

/* ==== scenario: NTLM over gss_* ======================================== */
static gss_OID_desc ntlm_oid = {10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"};
static gss_OID_set_desc ntlm_set = {1, &ntlm_oid};

static int gss_handshake(gss_cred_id_t ic, gss_cred_id_t ac, gss_name_t target, gss_OID mech, gss_ctx_id_t *ictx,
                         gss_ctx_id_t *actx)
{
    OM_uint32 minor, imaj = GSS_S_CONTINUE_NEEDED, amaj = GSS_S_CONTINUE_NEEDED;
    gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER;
    g_nctok = 0;
    for (int round = 0; round < 6 && (imaj != GSS_S_COMPLETE || amaj != GSS_S_COMPLETE); round++) {
        if (imaj == GSS_S_CONTINUE_NEEDED) {
            gss_buffer_desc o = GSS_C_EMPTY_BUFFER;
            imaj = gss_init_sec_context(&minor, ic, ictx, target, mech,
                                        GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_SEQUENCE_FLAG |
                                            GSS_C_REPLAY_FLAG,
                                        0, GSS_C_NO_CHANNEL_BINDINGS, round ? &atok : GSS_C_NO_BUFFER, NULL, &o, NULL,
                                        NULL);
            gss_release_buffer(&minor, &atok);
            if (GSS_ERROR(imaj)) {
                printf("# gss_init_sec_context: 0x%08X/%u\n", imaj, minor);
                gss_release_buffer(&minor, &o);
                return 0;
            }
            if (o.length && g_nctok < MAX_TOKS && o.length <= sizeof g_ctok[0]) {
                memcpy(g_ctok[g_nctok], o.value, o.length);
                g_ctoklen[g_nctok++] = (ULONG)o.length;
            }
            itok = o;
        }
        if (itok.length) {
            gss_buffer_desc o = GSS_C_EMPTY_BUFFER;
            amaj = gss_accept_sec_context(&minor, actx, ac, &itok, GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL, &o, NULL,
                                          NULL, NULL);
            gss_release_buffer(&minor, &itok);
            if (GSS_ERROR(amaj)) {
                printf("# gss_accept_sec_context: 0x%08X/%u\n", amaj, minor);
                gss_release_buffer(&minor, &o);
                return 0;
            }
            atok = o;
        }
    }
    gss_release_buffer(&minor, &atok);
    return imaj == GSS_S_COMPLETE && amaj == GSS_S_COMPLETE;
}

static size_t gss_session_key(gss_ctx_id_t ctx, unsigned char *key, size_t cap)
{
    OM_uint32 minor, maj;
    gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
    size_t n = 0;
    maj = gss_inquire_sec_context_by_oid(&minor, ctx, GSS_C_INQ_SSPI_SESSION_KEY, &set);
    if (maj == GSS_S_COMPLETE && set && set->count >= 1 && set->elements[0].length <= cap) {
        n = set->elements[0].length;
        memcpy(key, set->elements[0].value, n);
        for (size_t i = 0; i < set->count; i++)
            memset(set->elements[i].value, 0, set->elements[i].length);
    } else {
        printf("# gss_inquire_sec_context_by_oid: 0x%08X/%u\n", maj, minor);
    }
    gss_release_buffer_set(&minor, &set);
    return n;
}

static int gss_roundtrip(gss_ctx_id_t from, gss_ctx_id_t to, size_t len)
{
    OM_uint32 minor;
    unsigned char plain[512];
    gss_buffer_desc in = {len, plain}, tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    int conf = 0, good;
    for (size_t i = 0; i < len; i++)
        plain[i] = (unsigned char)('A' + i % 26);
    if (gss_wrap(&minor, from, 1, GSS_C_QOP_DEFAULT, &in, &conf, &tok) != GSS_S_COMPLETE || !conf)
        return 0;
    good = gss_unwrap(&minor, to, &tok, &out, &conf, NULL) == GSS_S_COMPLETE && conf && out.length == len &&
           !memcmp(out.value, plain, len);
    gss_release_buffer(&minor, &tok);
    gss_release_buffer(&minor, &out);
    return good;
}

static int gss_check_mic(gss_ctx_id_t from, gss_ctx_id_t to, ntlm_keys_t *k, int d)
{
    static const char msg[] = "a gss message to sign";
    OM_uint32 minor;
    gss_buffer_desc in = {sizeof msg, (void *)msg}, mic = GSS_C_EMPTY_BUFFER;
    int good = gss_get_mic(&minor, from, GSS_C_QOP_DEFAULT, &in, &mic) == GSS_S_COMPLETE && mic.length == 16 &&
               ntlm_check_signature(k, d, (const unsigned char *)msg, sizeof msg, mic.value) &&
               gss_verify_mic(&minor, to, &in, &mic, NULL) == GSS_S_COMPLETE;
    gss_release_buffer(&minor, &mic);
    return good;
}

static void gss_ntlm(void)
{
    const char *name = "gss NTLM";
    OM_uint32 minor;
    char user[64];
    gss_buffer_desc ub, pw = {strlen(T_PASS), (void *)T_PASS}, sb = {23, (void *)"HTTP@server.example.com"};
    gss_name_t uname = GSS_C_NO_NAME, target = GSS_C_NO_NAME;
    gss_cred_id_t ic = GSS_C_NO_CREDENTIAL, ac = GSS_C_NO_CREDENTIAL;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    ntlm_keys_t k;
    unsigned char ikey[64], akey[64];
    size_t in, an;
    int ok;

    scen_begin(name);
    memset(&k, 0, sizeof k);
    snprintf(user, sizeof user, "%s\\%s", T_DOMAIN, T_USER);
    ub = (gss_buffer_desc){strlen(user), user};
    ok = OK(gss_import_name(&minor, &ub, GSS_C_NT_USER_NAME, &uname) == GSS_S_COMPLETE &&
                gss_import_name(&minor, &sb, GSS_C_NT_HOSTBASED_SERVICE, &target) == GSS_S_COMPLETE,
            "%s: names", name) &&
         OK(gss_acquire_cred_with_password(&minor, uname, &pw, GSS_C_INDEFINITE, &ntlm_set, GSS_C_INITIATE, &ic, NULL,
                                           NULL) == GSS_S_COMPLETE,
            "%s: gss_acquire_cred_with_password", name) &&
         OK(gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &ntlm_set, GSS_C_ACCEPT, &ac, NULL, NULL) ==
                GSS_S_COMPLETE,
            "%s: acceptor credential", name) &&
         OK(gss_handshake(ic, ac, target, &ntlm_oid, &ictx, &actx), "%s: handshake", name);
    if (ok) {
        in = gss_session_key(ictx, ikey, sizeof ikey);
        an = gss_session_key(actx, akey, sizeof akey);
        ok = ntlm_check_keys(&k, name, ikey, in, akey, an);
    }
    if (ok) {
        ntlm_needles(&k, T_PASS);
        OK(gss_check_mic(ictx, actx, &k, 0), "%s: the initiator's MIC matches the test's keys and RC4", name);
        OK(gss_check_mic(actx, ictx, &k, 1), "%s: the acceptor's MIC matches the test's keys and RC4", name);
        for (size_t len = 1; len <= 300; len += 99) {
            ok &= gss_roundtrip(ictx, actx, len) && gss_roundtrip(actx, ictx, len + 5);
            rc4_apply(&k.rc4[0], NULL, len + 8);
            rc4_apply(&k.rc4[1], NULL, len + 5 + 8);
        }
        OK(ok, "%s: gss_wrap/gss_unwrap both ways", name);
        OK(gss_check_mic(ictx, actx, &k, 0), "%s: the test's initiator RC4 state still matches after wrapping", name);
        OK(gss_check_mic(actx, ictx, &k, 1), "%s: the test's acceptor RC4 state still matches after wrapping", name);
        rc4_needles("client-to-server RC4 state as left", &k.rc4[0]);
        rc4_needles("server-to-client RC4 state as left", &k.rc4[1]);
    }
    if (ictx != GSS_C_NO_CONTEXT)
        OK(gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER) == GSS_S_COMPLETE, "%s: delete initiator", name);
    if (actx != GSS_C_NO_CONTEXT)
        OK(gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER) == GSS_S_COMPLETE, "%s: delete acceptor", name);
    if (ic != GSS_C_NO_CREDENTIAL)
        OK(gss_release_cred(&minor, &ic) == GSS_S_COMPLETE, "%s: release initiator credential", name);
    if (ac != GSS_C_NO_CREDENTIAL)
        OK(gss_release_cred(&minor, &ac) == GSS_S_COMPLETE, "%s: release acceptor credential", name);
    gss_release_name(&minor, &uname);
    gss_release_name(&minor, &target);
    memset(&k, 0, sizeof k);
    scen_end();
}

/* ==== Kerberos ========================================================= */
static int unhex(unsigned char *out, size_t cap, const char *s, size_t n)
{
    if (n % 2 || n / 2 > cap)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1)
            return -1;
        out[i] = (unsigned char)v;
    }
    return (int)(n / 2);
}

/* FREED_KEYS_KRB_KEYS: "principal:enctype=hex ..." (klist -K). Keys of
 * principals whose name starts with `who` become needles. */
static int krb_keytab_needles(const char *who, const char *what)
{
    const char *s = getenv("FREED_KEYS_KRB_KEYS"), *p;
    int count = 0;
    for (p = s; p && *p;) {
        const char *end = strchr(p, ' '), *eq;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        unsigned char key[64];
        int kl;
        eq = memchr(p, '=', n);
        if (eq && !strncmp(p, who, strlen(who)) &&
            (kl = unhex(key, sizeof key, eq + 1, n - (size_t)(eq + 1 - p))) >= 16) {
            needle(what, key, (size_t)kl);
            count++;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    return count;
}

/* Every session key in an MIT FILE credential cache (format 4 or 3). */
typedef struct {
    const unsigned char *p;
    size_t n, off;
    int bad;
} rdr_t;

static uint32_t be(rdr_t *r, int n)
{
    uint32_t v = 0;
    if (r->bad || r->n - r->off < (size_t)n) {
        r->bad = 1;
        return 0;
    }
    for (int i = 0; i < n; i++)
        v = v << 8 | r->p[r->off++];
    return v;
}

static const unsigned char *data32(rdr_t *r, uint32_t *len)
{
    const unsigned char *d;
    *len = be(r, 4);
    if (r->bad || r->n - r->off < *len) {
        r->bad = 1;
        return NULL;
    }
    d = r->p + r->off;
    r->off += *len;
    return d;
}

static void principal(rdr_t *r)
{
    uint32_t n, len;
    be(r, 4);
    n = be(r, 4);
    data32(r, &len);
    for (uint32_t i = 0; i < n && !r->bad; i++)
        data32(r, &len);
}

static int ccache_needles(const char *ccname)
{
    static unsigned char buf[1 << 20];
    const char *path = strncmp(ccname, "FILE:", 5) ? ccname : ccname + 5;
    int fd = open(path, O_RDONLY), version, count = 0;
    ssize_t got;
    rdr_t r = {buf, 0, 0, 0};
    if (fd < 0)
        return -1;
    got = read(fd, buf, sizeof buf);
    close(fd);
    if (got <= 0)
        return -1;
    r.n = (size_t)got;
    version = (int)be(&r, 2);
    if (version == 0x0504)
        r.off += be(&r, 2);
    else if (version != 0x0503)
        return -1;
    principal(&r);
    while (!r.bad && r.off < r.n) {
        uint32_t len, n;
        const unsigned char *key;
        principal(&r);
        principal(&r);
        be(&r, 2);
        if (version == 0x0503)
            be(&r, 2);
        key = data32(&r, &len);
        if (!r.bad && len >= 16) {
            needle("credential cache session keys", key, len);
            count++;
        }
        r.off += 16 + 1 + 4;
        n = be(&r, 4);
        for (uint32_t i = 0; i < n && !r.bad; i++)
            be(&r, 2), data32(&r, &len);
        n = be(&r, 4);
        for (uint32_t i = 0; i < n && !r.bad; i++)
            be(&r, 2), data32(&r, &len);
        data32(&r, &len);
        data32(&r, &len);
    }
    memset(buf, 0, sizeof buf);
    return r.bad ? -1 : count;
}

static void sspi_krb(int with_password)
{
    const char *name = with_password ? "SSPI Kerberos (password)" : "SSPI Kerberos (ccache)";
    const char *spn = getenv("FREED_KEYS_KRB_SPN"), *user = getenv("FREED_KEYS_KRB_USER"),
               *pass = getenv("FREED_KEYS_KRB_PASS"), *realm = getenv("KRB5_REALM");
    CredHandle cc, sc;
    CtxtHandle cctx, sctx;
    TimeStamp ts;
    wident_t wid;
    unsigned char ckey[64], skey[64], pw16[256];
    size_t cn = 0, sn = 0;
    int have_c = 0, have_s = 0, ok;
    ULONG req = ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_SEQUENCE_DETECT |
                ISC_REQ_REPLAY_DETECT;

    scen_begin(name);
    if (!spn || !user || !pass || !realm)
        BAIL("FREED_KEYS_KRB_SPN, FREED_KEYS_KRB_USER, FREED_KEYS_KRB_PASS and KRB5_REALM must be set");
    if (!IS(T()->AcquireCredentialsHandleW(NULL, W("Kerberos"), SECPKG_CRED_OUTBOUND, NULL,
                                            with_password ? make_wident(&wid, user, realm, pass) : NULL, NULL, NULL,
                                            &cc, &ts),
            SEC_E_OK, "%s: initiator credential", name))
        return;
    memset(&wid, 0, sizeof wid);
    if (!IS(T()->AcquireCredentialsHandleW(NULL, W("Kerberos"), SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &sc, &ts),
            SEC_E_OK, "%s: acceptor credential (keytab)", name)) {
        T()->FreeCredentialsHandle(&cc);
        return;
    }
    ok = OK(sspi_handshake(&cc, &sc, &cctx, &sctx, spn, req, req, &have_c, &have_s), "%s: handshake (mutual)", name);
    if (ok) {
        cn = sspi_session_key(&cctx, ckey, sizeof ckey, 1);
        sn = sspi_session_key(&sctx, skey, sizeof skey, 1);
        OK(cn >= 16 && cn == sn && !memcmp(ckey, skey, cn), "%s: both sides report the same session key (%zu bytes)",
           name, cn);
        if (cn)
            needle("session key", ckey, cn);
        memset(ckey, 0, sizeof ckey);
        memset(skey, 0, sizeof skey);
        for (size_t len = 1; len <= 300; len += 99)
            ok &= sspi_roundtrip(&cctx, &sctx, len) && sspi_roundtrip(&sctx, &cctx, len + 3);
        OK(ok, "%s: EncryptMessage/DecryptMessage both ways", name);
    }
    sspi_delete_all(name, &cctx, have_c, &sctx, have_s, &cc, &sc);
    OK(krb_keytab_needles(spn, "service's long-term keys (keytab)") > 0, "%s: the service's keys (klist -K)", name);
    if (with_password) {
        size_t n = utf16le(pw16, pass, 0);
        needle("password (UTF-16LE)", pw16, n);
        needle("password (UTF-8)", pass, strlen(pass));
        OK(krb_keytab_needles(user, "user's long-term keys (string-to-key)") > 0, "%s: the user's keys (klist -K)",
           name);
        memset(pw16, 0, sizeof pw16);
    } else {
        const char *cc_name = getenv("KRB5CCNAME");
        int n = cc_name ? ccache_needles(cc_name) : -1;
        OK(n >= 1, "%s: session keys read from the credential cache (%d)", name, n);
    }
    scen_end();
}

/* ==== main ============================================================= */
int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "ntlm";
    void *warm[2];

    setvbuf(stdout, NULL, _IOLBF, 0);
    backtrace(warm, 2); /* loads the unwinder before any hook may use it */
    g_backtrace = getenv("FREED_KEYS_BACKTRACE") ? strtoul(getenv("FREED_KEYS_BACKTRACE"), NULL, 10) : 0;
    T();
    dl_iterate_phdr(find_lib, NULL);
    OK(g_lib_hi > g_lib_lo, "libsspi.so's code is mapped");
    crypto_selftest();
    controls();

    if (!strcmp(mode, "ntlm")) {
        setup_user_file();
        library_control();
        sspi_ntlm("NTLM", "SSPI NTLM, unused", 0);
        sspi_ntlm("NTLM", "SSPI NTLM", 1);
        sspi_ntlm("Negotiate", "SSPI Negotiate (NTLM)", 1);
        gss_ntlm();
    } else if (!strcmp(mode, "krb")) {
        sspi_krb(0);
        sspi_krb(1);
    } else {
        BAIL("usage: freed_keys [ntlm|krb]");
    }

    /* Everything freed up to the end, searched again for every needle. */
    OK(scan(0, 0) == 0, "at the end, none of the %d needles of all scenarios is in a freed block (%zu blocks)",
       g_nneedles, g_blocks);
    /* Its reallocs are counted but need not happen: the library's allocator
     * moves a block itself (a new one, then free of the old). */
    OK(g_lib_frees > 0, "the library's own frees reached the hook (%zu frees, %zu reallocs)", g_lib_frees,
       g_lib_reallocs);
    OK(g_dropped == 0, "the log held every freed block (%zu blocks, %zu bytes; %zu bytes dropped)", g_blocks, g_used,
       g_dropped);
    return done_testing();
}
