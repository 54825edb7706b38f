/* Random bytes after fork(): the library draws its random bytes from a pool
 * per thread (src/crypto/random.rs), which a forked child must not share with
 * its parent. The parent handshakes once (so its pool holds bytes not yet
 * handed out), then forks children; parent and children each handshake and
 * compare what came out of the pool: the server challenge of the CHALLENGE
 * message and the client's random (key-exchange) session key. Every value
 * must be different; a pool that survived fork() would repeat them. */
#include "common.h"
#include <sys/wait.h>

#define CHILDREN 3
#define DRAW 24 /* 8-byte server challenge + 16-byte session key */

/* One handshake's random output, or 0. */
static int draw(unsigned char out[DRAW])
{
    pair_t p;
    SecPkgContext_SessionKey sk;
    int good = 0;
    if (!pair_open(&p))
        return 0;
    memset(&sk, 0, sizeof sk);
    if (T()->QueryContextAttributesW(&p.cctx, SECPKG_ATTR_SESSION_KEY, &sk) == SEC_E_OK && sk.SessionKeyLength == 16 &&
        p.h.toklen[1] >= 32) {
        memcpy(out, p.h.tok[1] + 24, 8); /* ServerChallenge ([MS-NLMP] 2.2.1.2) */
        memcpy(out + 8, sk.SessionKey, 16);
        good = 1;
    }
    if (sk.SessionKey)
        T()->FreeContextBuffer(sk.SessionKey);
    pair_close(&p);
    return good;
}

int main(void)
{
    unsigned char got[CHILDREN + 1][DRAW], warm[DRAW];
    int fds[CHILDREN][2];
    pid_t pid[CHILDREN];

    setup_user_file();
    OK(draw(warm), "the parent handshakes before forking (its pool now holds unused bytes)");
    for (int i = 0; i < CHILDREN; i++) {
        if (pipe(fds[i]) != 0 || (pid[i] = fork()) < 0)
            BAIL("pipe/fork failed");
        if (pid[i] == 0) {
            unsigned char d[DRAW];
            int good = draw(d);
            ssize_t w = good ? write(fds[i][1], d, DRAW) : 0;
            _exit(w == DRAW ? 0 : 1);
        }
        close(fds[i][1]);
    }
    OK(draw(got[CHILDREN]), "the parent handshakes after forking");
    for (int i = 0; i < CHILDREN; i++) {
        int status = 0;
        ssize_t n = read(fds[i][0], got[i], DRAW);
        close(fds[i][0]);
        waitpid(pid[i], &status, 0);
        OK(n == DRAW && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d handshakes", i + 1);
    }
    int repeats = 0;
    for (int a = 0; a <= CHILDREN; a++)
        for (int b = a + 1; b <= CHILDREN; b++)
            repeats += memcmp(got[a], got[b], 8) == 0 || memcmp(got[a] + 8, got[b] + 8, 16) == 0;
    OK(repeats == 0, "no two processes drew the same server challenge or session key (%d repeats)", repeats);
    return done_testing();
}
