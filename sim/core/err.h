/*
 * err.h — drsim's one result code, and the message that goes with it.
 *
 * Every fallible function in drsim returns an err_code (ERR_OK is 0) and, where
 * it has a handle, leaves a human-readable message on that handle. The command
 * line maps codes to exit statuses in exactly one place (err_exit_status), so
 * the command-line contract — 0 ok, 1 expectation failed, 2 bad input, 3
 * internal or storage error, and 130 for an interrupted run — cannot drift
 * between commands.
 *
 * An err_msg is a fixed buffer: setting a message never allocates, so it can
 * report an out-of-memory condition.
 */
#ifndef DRSIM_ERR_H
#define DRSIM_ERR_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum err_code {
    ERR_OK = 0,
    ERR_NOMEM,       /* an allocation failed */
    ERR_USAGE,       /* bad command line */
    ERR_INPUT,       /* bad scenario file or parameter */
    ERR_STORE,       /* the results database could not be read or written */
    ERR_IO,          /* a file other than the database could not be read or written */
    ERR_LIMIT,       /* a configured safety limit was reached */
    ERR_INTERRUPTED, /* SIGINT or SIGTERM arrived */
    ERR_FAILED,      /* an expectation or a baseline comparison failed */
    ERR_INTERNAL     /* a bug: an invariant did not hold */
} err_code;

#define ERR_MSG_MAX 1024

typedef struct err_msg {
    err_code code;
    char text[ERR_MSG_MAX];
} err_msg;

/* Sets code and a printf-style message on e. e may be NULL. */
void err_setf(err_msg *e, err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As err_setf, and the expression's value is `code`, so callers can
 * `return err_set(e, ERR_INPUT, "...")`. A macro so that every caller — and
 * the static analyzer, which does not follow variadic calls — sees that it
 * yields exactly `code`; `code` is evaluated twice: pass a constant or a
 * variable. */
#define err_set(e, code, ...)                                                                   \
    __extension__({                                                                            \
        err_setf((e), (code), __VA_ARGS__);                                                    \
        (err_code)(code);                                                                      \
    })

/* NEVER(cond) guards against a state a correct drsim cannot reach (SQLite's
 * NEVER): `if (NEVER(i >= n)) return ERR_INTERNAL;`. It yields cond, so the
 * guard still protects, and it asserts !cond, so every build with assertions
 * (drsim never defines NDEBUG) stops at the broken invariant, naming it,
 * instead of going on with the fallback. `NEVER(true);` marks the end of a
 * switch whose every case returns. */
#define NEVER(cond)                                                                             \
    __extension__({                                                                            \
        bool never_ = (cond);                                                                  \
        assert(!never_ && "an invariant broke: " #cond);                                       \
        never_;                                                                                \
    })

/* Clears e to ERR_OK with an empty message. e may be NULL. */
void err_clear(err_msg *e);

/* The process exit status for code (README.md "Command line"). */
int err_exit_status(err_code code);

/* A short name for code ("out of memory", "storage error", ...). */
const char *err_name(err_code code);

#endif
