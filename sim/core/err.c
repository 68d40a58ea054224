/*
 * err.c — result codes, their messages and their exit statuses.
 *
 * The only place where an err_code becomes a process exit status.
 */
#include "sim/core/err.h"

#include <stdarg.h>
#include <stdio.h>

void err_setf(err_msg *e, err_code code, const char *fmt, ...)
{
    if (e == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    e->code = code;
}

void err_clear(err_msg *e)
{
    if (e == NULL)
        return;
    e->code = ERR_OK;
    e->text[0] = '\0';
}

int err_exit_status(err_code code)
{
    switch (code) {
    case ERR_OK:          return 0;
    case ERR_FAILED:      return 1;
    case ERR_USAGE:
    case ERR_INPUT:
    case ERR_LIMIT:       return 2;
    case ERR_INTERRUPTED: return 130;
    case ERR_NOMEM:
    case ERR_STORE:
    case ERR_IO:
    case ERR_INTERNAL:    return 3;
    }
    NEVER(true); /* every code returns above */
    return 3;
}

const char *err_name(err_code code)
{
    switch (code) {
    case ERR_OK:          return "ok";
    case ERR_NOMEM:       return "out of memory";
    case ERR_USAGE:       return "bad usage";
    case ERR_INPUT:       return "bad input";
    case ERR_STORE:       return "storage error";
    case ERR_IO:          return "i/o error";
    case ERR_LIMIT:       return "limit reached";
    case ERR_INTERRUPTED: return "interrupted";
    case ERR_FAILED:      return "expectation failed";
    case ERR_INTERNAL:    return "internal error";
    }
    NEVER(true); /* every code returns above */
    return "unknown error";
}
