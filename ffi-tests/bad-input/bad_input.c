/*
 * bad_input: runs table.tsv, one row per (function, argument, bad kind) with
 * the status the function must return.
 *
 *   bad_input [--print] TABLE               (linked to libsspi.so.1: SSPI and GSS rows)
 *   bad_input_dl [--print] [--mit] --lib LIB TABLE   (dlopen: GSS rows only)
 *
 * Every row runs in a forked child, so a crash fails that row only, and so
 * a row that deletes a handle leaves the fixture intact for the next one.
 * SSPI rows run three times: through the export, the W table slot and the
 * A table slot. With --mit (LIB is MIT's libgssapi_krb5.so.2) only rows
 * whose mit column is "check" run, and MIT must give the same status.
 * --print lists what each row returned instead of asserting (to grow the
 * table). Before running, a "describe" pass asks every case which
 * arguments it has and fails when a required (argument, kind) has no row.
 */
#include "bad_input.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

const struct row *cur;
int describing;
int n_consumed;
char row_error[256];
static const char *describing_fn;

#define MAX_ROWS 2000
static struct row rows[MAX_ROWS];
static int n_rows;
static const char *table_name = "table.tsv"; /* for messages */

#define MAX_REGS 4000
static struct reg {
    const char *fn;
    char arg[64];
    char cls[16];
    int required;
} regs[MAX_REGS];
static int n_regs;

/* ---- status names ---- */
struct named {
    const char *name;
    uint32_t value;
};
static const struct named names[] = {
#ifndef BAD_INPUT_DL
#define S(x) {#x, (uint32_t)(x)},
    S(SEC_E_OK) S(SEC_I_CONTINUE_NEEDED) S(SEC_I_COMPLETE_NEEDED) S(SEC_E_INSUFFICIENT_MEMORY)
    S(SEC_E_INVALID_HANDLE) S(SEC_E_UNSUPPORTED_FUNCTION) S(SEC_E_TARGET_UNKNOWN)
    S(SEC_E_INTERNAL_ERROR) S(SEC_E_SECPKG_NOT_FOUND) S(SEC_E_INVALID_TOKEN)
    S(SEC_E_QOP_NOT_SUPPORTED) S(SEC_E_LOGON_DENIED) S(SEC_E_UNKNOWN_CREDENTIALS)
    S(SEC_E_NO_CREDENTIALS) S(SEC_E_MESSAGE_ALTERED) S(SEC_E_OUT_OF_SEQUENCE)
    S(SEC_E_CONTEXT_EXPIRED) S(SEC_E_INCOMPLETE_MESSAGE) S(SEC_E_BUFFER_TOO_SMALL)
    S(SEC_E_WRONG_PRINCIPAL) S(SEC_E_ILLEGAL_MESSAGE) S(SEC_E_BAD_BINDINGS)
    S(SEC_E_WRONG_CREDENTIAL_HANDLE) S(SEC_E_INVALID_PARAMETER) S(SEC_E_DOWNGRADE_DETECTED)
#undef S
#endif
#define G(x) {#x, (uint32_t)(x)},
    G(GSS_S_COMPLETE) G(GSS_S_CONTINUE_NEEDED) G(GSS_S_DUPLICATE_TOKEN) G(GSS_S_OLD_TOKEN)
    G(GSS_S_UNSEQ_TOKEN) G(GSS_S_GAP_TOKEN)
    G(GSS_S_CALL_INACCESSIBLE_READ) G(GSS_S_CALL_INACCESSIBLE_WRITE) G(GSS_S_CALL_BAD_STRUCTURE)
    G(GSS_S_BAD_MECH) G(GSS_S_BAD_NAME) G(GSS_S_BAD_NAMETYPE) G(GSS_S_BAD_BINDINGS)
    G(GSS_S_BAD_STATUS) G(GSS_S_BAD_SIG) G(GSS_S_NO_CRED) G(GSS_S_NO_CONTEXT)
    G(GSS_S_DEFECTIVE_TOKEN) G(GSS_S_DEFECTIVE_CREDENTIAL) G(GSS_S_CREDENTIALS_EXPIRED)
    G(GSS_S_CONTEXT_EXPIRED) G(GSS_S_FAILURE) G(GSS_S_BAD_QOP) G(GSS_S_UNAUTHORIZED)
    G(GSS_S_UNAVAILABLE) G(GSS_S_DUPLICATE_ELEMENT) G(GSS_S_NAME_NOT_MN) G(GSS_S_BAD_MECH_ATTR)
#undef G
    {"ENOSYS", ENOSYS},
};

static int parse_status(const char *s, uint32_t *out)
{
    char buf[96], *tok, *save = NULL;
    uint32_t v = 0;
    snprintf(buf, sizeof buf, "%s", s);
    for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
        size_t i;
        char *end;
        int found = 0;
        for (i = 0; i < sizeof names / sizeof *names; i++)
            if (!strcmp(names[i].name, tok)) {
                v |= names[i].value;
                found = 1;
                break;
            }
        if (!found) {
            unsigned long n = strtoul(tok, &end, 0);
            if (*tok == 0 || *end)
                return 0;
            v |= (uint32_t)n;
        }
    }
    *out = v;
    return 1;
}

/* "GSS_S_CALL_INACCESSIBLE_READ|GSS_S_NO_CONTEXT", "SEC_E_INVALID_HANDLE" or hex. */
static const char *status_name(const struct row *r, uint32_t v)
{
    static char buf[160];
    size_t i;
    static const char *int_fns[] = {"gss_oid_equal", "gss_userok", "gss_krb5int_make_seal_token_v3",
                                    "gssint_g_seqstate_init"};
    buf[0] = 0;
    for (i = 0; i < sizeof int_fns / sizeof *int_fns; i++)
        if (!strcmp(r->fn, int_fns[i])) {
            snprintf(buf, sizeof buf, "%d", (int)v);
            return buf;
        }
    if (!strncmp(r->fn, "gss", 3) || !strncmp(r->fn, "krb5", 4)) {
        uint32_t parts[3] = {GSS_CALLING_ERROR(v), GSS_ROUTINE_ERROR(v), GSS_SUPPLEMENTARY_INFO(v)};
        int p;
        if (v == 0)
            return "GSS_S_COMPLETE";
        for (p = 0; p < 3; p++) {
            uint32_t rest = parts[p];
            for (i = 0; rest && i < sizeof names / sizeof *names; i++) {
                uint32_t n = names[i].value;
                if (strncmp(names[i].name, "GSS_S_", 6) || !n)
                    continue;
                if ((p < 2 && n == rest) || (p == 2 && (n & rest) == n && !(n & ~0xffffu))) {
                    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", *buf ? "|" : "",
                             names[i].name);
                    rest &= ~n;
                }
            }
            if (rest)
                snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s0x%x", *buf ? "|" : "", rest);
        }
        return buf;
    }
    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (names[i].value == v && !strncmp(names[i].name, "SEC_", 4))
            return names[i].name;
    snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

/* ---- the table ---- */
static int load_table(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int lineno = 0, bad = 0;
    if (!f) {
        perror(path);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        char *cols[6], *p = line, *nl;
        int n = 0;
        lineno++;
        if ((nl = strchr(line, '\n')))
            *nl = 0;
        if (line[0] == '#' || line[0] == 0)
            continue;
        while (n < 6) {
            cols[n++] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p++ = 0;
        }
        if (n != 6) {
            fprintf(stderr, "%s:%d: want 6 tab-separated columns, got %d\n", path, lineno, n);
            bad = 1;
            continue;
        }
#ifdef BAD_INPUT_DL
        /* The dlopen build runs GSS rows only (SSPI status names unknown here). */
        if (strncmp(cols[0], "gss", 3) && strncmp(cols[0], "krb5", 4))
            continue;
#endif
        if (n_rows == MAX_ROWS) {
            fprintf(stderr, "%s: more than %d rows\n", path, MAX_ROWS);
            return 0;
        }
        struct row *r = &rows[n_rows];
        snprintf(r->fn, sizeof r->fn, "%s", cols[0]);
        snprintf(r->arg, sizeof r->arg, "%s", cols[1]);
        snprintf(r->kind, sizeof r->kind, "%s", cols[2]);
        snprintf(r->expect, sizeof r->expect, "%s", cols[3]);
        snprintf(r->mit, sizeof r->mit, "%s", cols[4]);
        snprintf(r->why, sizeof r->why, "%s", cols[5]);
        r->line = lineno;
        if (!parse_status(r->expect, &r->want)) {
            fprintf(stderr, "%s:%d: unknown status %s\n", path, lineno, r->expect);
            bad = 1;
        }
        if (strcmp(r->mit, "check") && strcmp(r->mit, "ours-only") && strcmp(r->mit, "-")) {
            fprintf(stderr, "%s:%d: mit column must be check, ours-only or -\n", path, lineno);
            bad = 1;
        }
        if (!strcmp(r->mit, "ours-only") && strlen(r->why) < 10) {
            fprintf(stderr, "%s:%d: an ours-only row says why in its last column\n", path, lineno);
            bad = 1;
        }
        n_rows++;
    }
    fclose(f);
    return !bad;
}

/* ---- what the cases call ---- */
static int class_matches(const char *kind, const char *cls)
{
    size_t n = strlen(cls);
    return !strncmp(kind, cls, n) && (kind[n] == 0 || kind[n] == '-');
}

int arg_is(const char *arg, const char *cls, int required)
{
    if (describing) {
        if (n_regs < MAX_REGS) {
            struct reg *g = &regs[n_regs++];
            g->fn = describing_fn;
            snprintf(g->arg, sizeof g->arg, "%s", arg);
            snprintf(g->cls, sizeof g->cls, "%s", cls);
            g->required = required;
        }
        return 0;
    }
    if (!strcmp(cur->arg, arg) && class_matches(cur->kind, cls)) {
        n_consumed++;
        return 1;
    }
    return 0;
}

void offer(const char *arg, const char *kind)
{
    if (describing && n_regs < MAX_REGS) {
        struct reg *g = &regs[n_regs++];
        g->fn = describing_fn;
        snprintf(g->arg, sizeof g->arg, "%s", arg);
        snprintf(g->cls, sizeof g->cls, "%s", kind);
        g->required = -1;
    }
}

const char *variant(void)
{
    const char *d = strchr(cur->kind, '-');
    return d ? d + 1 : "";
}

void fail_row(const char *fmt, ...)
{
    va_list ap;
    if (row_error[0])
        return;
    va_start(ap, fmt);
    vsnprintf(row_error, sizeof row_error, fmt, ap);
    va_end(ap);
}

int args_done(void)
{
    int plain = !strcmp(cur->arg, "-") && (!strcmp(cur->kind, "valid") || !strcmp(cur->kind, "unavailable"));
    if (row_error[0])
        return 0;
    if ((n_consumed == 1 && !plain) || (n_consumed == 0 && plain))
        return 1;
    fail_row("the case has no argument %s taking kind %s", cur->arg, cur->kind);
    return 0;
}

/* ---- running ---- */
struct outcome {
    uint32_t status;
    int signal; /* the child died of this signal */
    char error[256];
};

static struct outcome run_row(const struct row *r, case_fn fn)
{
    struct outcome o;
    int fds[2], st = 0;
    pid_t pid;
    memset(&o, 0, sizeof o);
    fflush(NULL);
    if (pipe(fds) || (pid = fork()) < 0) {
        snprintf(o.error, sizeof o.error, "pipe/fork: %s", strerror(errno));
        return o;
    }
    if (pid == 0) {
        close(fds[0]);
        alarm(20);
        cur = r;
        n_consumed = 0;
        row_error[0] = 0;
        o.status = fn();
        snprintf(o.error, sizeof o.error, "%s", row_error);
        if (write(fds[1], &o, sizeof o) != (ssize_t)sizeof o)
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], &o, sizeof o);
    close(fds[0]);
    waitpid(pid, &st, 0);
    if (got != (ssize_t)sizeof o) {
        memset(&o, 0, sizeof o);
        if (WIFSIGNALED(st))
            o.signal = WTERMSIG(st);
        else
            snprintf(o.error, sizeof o.error, "child exited %d without an answer", WEXITSTATUS(st));
    }
    return o;
}

static const struct case_def *find_case(const char *name)
{
    size_t i;
#ifndef BAD_INPUT_DL
    for (i = 0; i < n_sspi_cases; i++)
        if (!strcmp(sspi_cases[i].name, name))
            return &sspi_cases[i];
#endif
    for (i = 0; i < n_gss_cases; i++)
        if (!strcmp(gss_cases[i].name, name))
            return &gss_cases[i];
    return NULL;
}

/* Every required (function, argument, kind class) a case registers has a row. */
static int check_coverage(int quiet)
{
    int i, j, missing = 0;
    size_t k;
    const struct case_def *lists[2] = {gss_cases, NULL};
    size_t counts[2] = {n_gss_cases, 0};
#ifndef BAD_INPUT_DL
    lists[1] = sspi_cases;
    counts[1] = n_sspi_cases;
#endif
    describing = 1;
    for (j = 0; j < 2; j++)
        for (k = 0; k < counts[j]; k++) {
            describing_fn = lists[j][k].name;
            lists[j][k].fn();
        }
    describing = 0;
    for (i = 0; i < n_regs; i++) {
        int found = 0;
        if (regs[i].required != 1)
            continue;
        for (j = 0; j < n_rows && !found; j++)
            found = !strcmp(rows[j].fn, regs[i].fn) && !strcmp(rows[j].arg, regs[i].arg) &&
                    class_matches(rows[j].kind, regs[i].cls);
        if (!found) {
            if (!quiet)
                printf("not ok - table lacks a row: %s\t%s\t%s\n", regs[i].fn, regs[i].arg, regs[i].cls);
            missing++;
        }
    }
    /* Every case has at least one row. */
    for (j = 0; j < 2; j++)
        for (k = 0; k < counts[j]; k++) {
            int found = 0;
            for (i = 0; i < n_rows && !found; i++)
                found = !strcmp(rows[i].fn, lists[j][k].name);
            if (!found) {
                if (!quiet)
                    printf("not ok - table has no row for %s\n", lists[j][k].name);
                missing++;
            }
        }
    return missing;
}

/* Rows a new function needs: its valid call, each required (argument, kind
 * class) and each kind the case offers, with "?" for the status. */
static void skeleton_of(const char *fn, int sspi)
{
    int i, j;
    printf("%s\t-\tvalid\t?\t%s\t\n", fn, sspi ? "-" : "check");
    for (i = 0; i < n_regs; i++) {
        const char *kind = regs[i].cls;
        int dup = 0;
        if (strcmp(regs[i].fn, fn))
            continue;
        /* A class whose variants are offered is listed through them. */
        for (j = 0; j < n_regs && !dup; j++)
            dup = strcmp(regs[j].fn, fn) == 0 && !strcmp(regs[j].arg, regs[i].arg) &&
                  ((j < i && !strcmp(regs[j].cls, kind)) ||
                   (regs[i].required >= 0 && regs[j].required < 0 && class_matches(regs[j].cls, kind) &&
                    strcmp(regs[j].cls, kind)));
        if (!dup)
            printf("%s\t%s\t%s\t?\t%s\t\n", fn, regs[i].arg, kind, sspi ? "-" : "check");
    }
}

static void skeleton(void)
{
    size_t k;
#ifndef BAD_INPUT_DL
    for (k = 0; k < n_sspi_cases; k++)
        skeleton_of(sspi_cases[k].name, 1);
#endif
    for (k = 0; k < n_gss_cases; k++)
        skeleton_of(gss_cases[k].name, 0);
}

static void usage(void)
{
    fprintf(stderr, "usage: bad_input [--print | --skeleton | --list-functions] [--mit] [--lib LIB] TABLE\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int print = 0, mit = 0, list = 0, skel = 0, i, failed = 0, ran = 0, skipped = 0, execs = 0;
    const char *lib = NULL, *table = NULL;
    void *handle = NULL;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--print"))
            print = 1;
        else if (!strcmp(argv[i], "--mit"))
            mit = 1;
        else if (!strcmp(argv[i], "--skeleton"))
            skel = 1;
        else if (!strcmp(argv[i], "--list-functions"))
            list = 1;
        else if (!strcmp(argv[i], "--lib") && i + 1 < argc)
            lib = argv[++i];
        else if (argv[i][0] != '-' && !table)
            table = argv[i];
        else
            usage();
    }
    if (!table || !load_table(table))
        usage();
    table_name = strrchr(table, '/') ? strrchr(table, '/') + 1 : table;
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (list) {
        /* Exported names the table covers (scenario suffix dropped), for run.sh. */
        for (i = 0; i < n_rows; i++) {
            char name[80], *slash;
            int j, seen = 0;
            memcpy(name, rows[i].fn, sizeof name);
            if ((slash = strchr(name, '/')))
                *slash = 0;
            for (j = 0; j < i && !seen; j++)
                seen = !strncmp(rows[j].fn, name, strlen(name)) &&
                       (rows[j].fn[strlen(name)] == 0 || rows[j].fn[strlen(name)] == '/');
            if (!seen)
                printf("%s\n", name);
        }
        return 0;
    }

    for (i = 0; i < n_rows; i++)
        if (!find_case(rows[i].fn)) {
            printf("not ok - %s:%d: no case for %s\n", table_name, rows[i].line, rows[i].fn);
            failed++;
        }

#ifdef BAD_INPUT_DL
    if (!lib)
        usage();
    handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        printf("Bail out! dlopen %s: %s\n", lib, dlerror());
        return 1;
    }
#else
    (void)lib;
    if (mit) {
        fprintf(stderr, "--mit needs the dlopen build (bad_input_dl)\n");
        return 2;
    }
    if (!sspi_setup()) {
        printf("Bail out! SSPI fixture\n");
        return 1;
    }
#endif
    if (!gss_setup(handle, mit)) {
        printf("Bail out! GSS fixture\n");
        return 1;
    }
    /* After the fixtures: the cases offer kinds whose values they hold. */
    failed += check_coverage(skel);
    if (skel) {
        skeleton();
        return 0;
    }

    for (i = 0; i < n_rows; i++) {
        const struct row *r = &rows[i];
        const struct case_def *c = find_case(r->fn);
        int via, passes = 1, row_failed = 0;
        if (!c)
            continue;
        if (mit && strcmp(r->mit, "check") && !print) {
            skipped++;
            continue;
        }
#ifndef BAD_INPUT_DL
        if (c->sspi)
            passes = 3;
#endif
        ran++;
        for (via = 0; via < passes; via++) {
            static const char *via_name[] = {"", " [W table]", " [A table]"};
            struct outcome o;
#ifndef BAD_INPUT_DL
            sspi_via = via;
#endif
            o = run_row(r, c->fn);
            execs++;
            if (print) {
                printf("%s\t%s\t%s\t%s%s%s\n", r->fn, r->arg, r->kind,
                       o.signal ? "CRASH " : "", o.signal ? strsignal(o.signal) : status_name(r, o.status),
                       o.error[0] ? " (row error)" : "");
                if (o.error[0])
                    printf("#   %s\n", o.error);
                break;
            }
            if (o.error[0] || o.signal || o.status != r->want) {
                row_failed = 1;
                printf("not ok - %s:%d %s %s %s%s: ", table_name, r->line, r->fn, r->arg, r->kind, via_name[via]);
                if (o.error[0])
                    printf("%s\n", o.error);
                else if (o.signal)
                    printf("crashed (%s)\n", strsignal(o.signal));
                else
                    printf("got %s (0x%08x), want %s\n", status_name(r, o.status), o.status, r->expect);
            }
        }
        failed += row_failed;
    }
    if (print)
        return 0;
    printf("# %d rows run (%d calls), %d failed%s", ran, execs, failed, mit ? ", against MIT" : "");
    if (skipped)
        printf(", %d ours-only rows not run", skipped);
    printf("\n");
    return failed ? 1 : 0;
}
