/*
 * sql.c — what every other file of the store uses to talk to SQLite:
 * recording errors (with the database's path, in the handle and in the
 * caller's err_msg), preparing, running and stepping statements, binding
 * and copying text; and the handle's last error and path.
 *
 * Invariant: nothing here calls into another file of the store; open.c,
 * schema.c, write.c, read.c and merge.c all call in here. A handle's errmsg
 * always holds the last error recorded on it.
 */
#include "reports/store/storeInt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/mem.h"

/* ---- Errors ----------------------------------------------------------------- */

static err_code record(store *st, err_msg *e, err_code code, const char *text)
{
    if (st != NULL)
        snprintf(st->errmsg, sizeof st->errmsg, "%s", text);
    return err_set(e, code, "%s", text);
}

void store_errorf(store *st, err_msg *e, err_code code, const char *fmt, ...)
{
    char body[ERR_MSG_MAX], text[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    /* Precisions bound both parts so the whole fits (the path first). */
    snprintf(text, sizeof text, "%.300s: %.700s", st && st->path ? st->path : "?", body);
    record(st, e, code, text);
}

err_code store_sql_fail(store *st, err_msg *e, int rc, const char *what)
{
    int primary = rc & 0xff;
    const char *msg = NULL;
    int sys = 0;
    if (st != NULL && st->db != NULL && (sqlite3_errcode(st->db) & 0xff) == primary) {
        msg = sqlite3_errmsg(st->db);
        sys = sqlite3_system_errno(st->db);
    }
    if (msg == NULL || *msg == '\0')
        msg = sqlite3_errstr(rc);
    err_code code = primary == SQLITE_NOMEM || rc == SQLITE_IOERR_NOMEM ? ERR_NOMEM : ERR_STORE;
    switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return store_error(st, e, code,
                           "%s: %s (another process held it for more than %d ms, the busy "
                           "timeout; $DRSIM_BUSY_TIMEOUT_MS sets it)",
                           what, msg, st ? st->busy_ms : STORE_BUSY_TIMEOUT_MS);
    case SQLITE_FULL:
        return store_error(st, e, code, "%s: %s (the disk is full, or the database reached "
                                        "its size limit)", what, msg);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        /* What the system said, when it said something. */
        if (sys != 0 && rc != SQLITE_IOERR_NOMEM)
            return store_error(st, e, code, "%s: %s (%s)", what, msg, strerror(sys));
        return store_error(st, e, code, "%s: %s", what, msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return store_error(st, e, code, "%s: %s (the file is damaged or not a drsim results "
                                        "database)", what, msg);
    default:
        return store_error(st, e, code, "%s: %s", what, msg);
    }
}

/* ---- Statements ------------------------------------------------------------- */

err_code store_prepare(store *st, const char *sql, sqlite3_stmt **out, err_msg *e)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    if (rc != SQLITE_OK) {
        *out = NULL;
        return store_sql_error(st, e, rc, "cannot prepare a statement");
    }
    return ERR_OK;
}

err_code store_exec(store *st, const char *sql, err_msg *e)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sql_error(st, e, rc, "cannot update the database");
    return ERR_OK;
}

err_code store_step_done(store *st, sqlite3_stmt *stmt, const char *what, err_msg *e)
{
    int rc = sqlite3_step(stmt);
    err_code out = ERR_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = store_sql_error(st, e, rc, what);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return out;
}

int store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
    if (s == NULL)
        return sqlite3_bind_null(stmt, i);
    return sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

int store_column_dup(sqlite3_stmt *stmt, int i, char **out)
{
    *out = NULL;
    if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
        return 0;
    const unsigned char *text = sqlite3_column_text(stmt, i);
    if (text == NULL)
        return -1; /* not NULL, so the conversion ran out of memory */
    int len = sqlite3_column_bytes(stmt, i);
    *out = mem_strndup((const char *)text, (size_t)len);
    return *out ? 0 : -1;
}

int store_column_dup_nn(sqlite3_stmt *stmt, int i, char **out)
{
    if (store_column_dup(stmt, i, out) != 0)
        return -1;
    if (*out == NULL)
        *out = mem_strdup("");
    return *out ? 0 : -1;
}

/* ---- What the handle says -------------------------------------------------- */

const char *store_errmsg(const store *st)
{
    return st ? st->errmsg : "";
}

const char *store_path(const store *st)
{
    return st ? st->path : "";
}
