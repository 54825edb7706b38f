/*
 * Bad input at the C boundary: the harness (bad_input.c) runs each row of
 * table.tsv through the "case" function of its exported function
 * (sspi_cases.c, gss_cases.c). A case builds valid arguments from the
 * fixture, lets the row replace one of them with a bad value (the macros
 * below), calls the function once and returns its status.
 *
 * The same macros, run in "describe" mode, list every argument a case
 * knows and which kinds of bad value it must be tested with; the harness
 * fails when the table lacks such a row, so the table grows with every new
 * function and argument.
 */
#ifndef BAD_INPUT_H
#define BAD_INPUT_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#ifndef BAD_INPUT_DL
#include "sspi.h"
#endif

/* One row of table.tsv. */
struct row {
    char fn[80];     /* exported name, optionally "/scenario" */
    char arg[64];    /* argument name as in the headers, "*arg" for the handle it points to, or "-" */
    char kind[32];   /* valid | unavailable | null[-x] | empty[-x] | freed | wrong-x */
    char expect[96]; /* symbolic status, '|'-joined, or a number */
    char mit[16];    /* check | ours-only | - */
    char why[400];
    uint32_t want;
    int line;
};

/* A case: builds arguments, applies the current row, calls, returns the status. */
typedef uint32_t (*case_fn)(void);
struct case_def {
    const char *name; /* "Function" or "Function/scenario" */
    case_fn fn;
    int sspi;
};

/* ---- state shared by the harness and the cases ---- */
extern const struct row *cur;     /* the row being run (NULL when describing) */
extern int describing;
extern int n_consumed;            /* how many macros took the current row */
extern char row_error[256];       /* a case-level problem: the row does not apply */

/* Registers (describe mode) or matches (run mode) one argument and kind
 * class. A class matches the row's kind exactly or as "class-variant". */
int arg_is(const char *arg, const char *cls, int required);
/* Describe mode only: `kind` is one more kind the case knows for `arg`
 * (listed by --skeleton; not required). */
void offer(const char *arg, const char *kind);
/* The current row's kind variant after "class-" ("" if none). */
const char *variant(void);
void fail_row(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Called by CALL(): 1 when the row was taken by exactly one macro (or is a
 * valid/unavailable row and none took it). */
int args_done(void);

#define REQ 1
#define OPT 0

/* Every case ends with CALL(expression): nothing is called when describing
 * or when the row did not apply. */
#define CALL(expr)                     \
    do {                               \
        if (describing || !args_done()) \
            return 0;                  \
        return (uint32_t)(expr);       \
    } while (0)

/* A plain pointer argument (input or output): the row "null" passes NULL. */
#define PTR(name, var)                  \
    do {                                \
        if (arg_is(#name, "null", REQ)) \
            (var) = NULL;               \
    } while (0)

/* ---- GSS fixture (gss_cases.c) ---- */
struct gss_pair {
    gss_ctx_id_t ictx, actx;
};
struct gss_fixture {
    gss_name_t user, target, target_mn;
    gss_cred_id_t icred, acred;
    struct gss_pair est_wrap, est_mic, est_iov, est_plain; /* established pairs */
    gss_ctx_id_t i_mid;  /* initiator after its first step */
    gss_ctx_id_t a_mid;  /* acceptor after its first step (a second pair) */
    gss_buffer_desc negotiate, challenge, authenticate; /* tokens for i_mid / a_mid */
    gss_buffer_desc wrapped, mic;                      /* from est_wrap / est_mic initiators */
};
extern struct gss_fixture gfx;
/* `lib`: the dlopen handle (NULL in the linked build); `mit`: it is MIT's. */
int gss_setup(void *lib, int mit);
extern const struct case_def gss_cases[];
extern const size_t n_gss_cases;

#ifndef BAD_INPUT_DL
int sspi_setup(void);
extern const struct case_def sspi_cases[];
extern const size_t n_sspi_cases;
/* How SSPI rows reach the function: its export, or the W/A table slot. */
enum { VIA_EXPORT, VIA_TABLE_W, VIA_TABLE_A };
extern int sspi_via;
#endif

#endif
