/*
 * store.c — opening and closing the results database; errors; helpers the
 * other store files share; SQLite's allocator routed through mem_*.
 *
 * Opening for writing: WAL journal, synchronous=NORMAL (WAL keeps the file
 * consistent; a power cut may lose the last commits, never corrupt), foreign
 * keys on, a busy timeout, the schema created or migrated (schema.c), and
 * runs left 'running' by a dead process of this host marked 'failed'.
 *
 * Opening for reading: the file must exist; it is opened read-write only so
 * SQLite can recover a WAL left by a killed writer, and then made query_only.
 * A database of an older schema is copied into memory (sqlite3_backup) and
 * migrated there, so reading never changes a file.
 */
#include "storeInt.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"

/* ---- SQLite's allocator ------------------------------------------------------ */

/* A size header in front of each block: SQLite asks for sizes (xSize) and
 * needs 8-byte alignment; 16 bytes keep malloc's own alignment. */
#define HDR 16

static void *sq_malloc(int n)
{
    if (n < 0)
        return NULL;
    unsigned char *p = mem_malloc((size_t)n + HDR);
    if (p == NULL)
        return NULL;
    *(size_t *)(void *)p = (size_t)n;
    return p + HDR;
}

static void sq_free(void *ptr)
{
    if (ptr != NULL)
        mem_free((unsigned char *)ptr - HDR);
}

static void *sq_realloc(void *ptr, int n)
{
    if (ptr == NULL)
        return sq_malloc(n);
    if (n < 0)
        return NULL;
    unsigned char *p = mem_realloc((unsigned char *)ptr - HDR, (size_t)n + HDR);
    if (p == NULL)
        return NULL;
    *(size_t *)(void *)p = (size_t)n;
    return p + HDR;
}

static int sq_size(void *ptr)
{
    return ptr ? (int)*(size_t *)(void *)((unsigned char *)ptr - HDR) : 0;
}

static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}

static int sq_init(void *app)
{
    (void)app;
    return SQLITE_OK;
}

static void sq_shutdown(void *app)
{
    (void)app;
}

static const sqlite3_mem_methods mem_methods = {
    sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init, sq_shutdown, NULL,
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static err_code init_result = ERR_OK;

static void global_init(void)
{
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mem_methods) != SQLITE_OK)
        init_result = ERR_INTERNAL;
    /* Statistics on allocations cost a mutex per malloc; drsim has no use
     * for them. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

err_code store_global_init(void)
{
    pthread_once(&init_once, global_init);
    return init_result;
}

/* ---- Errors ----------------------------------------------------------------- */

static err_code record(store *st, err_msg *e, err_code code, const char *text)
{
    if (st != NULL)
        snprintf(st->errmsg, sizeof st->errmsg, "%s", text);
    return err_set(e, code, "%s", text);
}

err_code store_error(store *st, err_msg *e, err_code code, const char *fmt, ...)
{
    char body[ERR_MSG_MAX], text[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    /* Precisions bound both parts so the whole fits (the path first). */
    snprintf(text, sizeof text, "%.300s: %.700s", st && st->path ? st->path : "?", body);
    return record(st, e, code, text);
}

err_code store_sql_error(store *st, err_msg *e, int rc, const char *what)
{
    int primary = rc & 0xff;
    const char *msg = NULL;
    if (st != NULL && st->db != NULL && (sqlite3_errcode(st->db) & 0xff) == primary)
        msg = sqlite3_errmsg(st->db);
    if (msg == NULL || *msg == '\0')
        msg = sqlite3_errstr(rc);
    err_code code = primary == SQLITE_NOMEM ? ERR_NOMEM : ERR_STORE;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return store_error(st, e, code, "%s: %s (another process held it for more than %d s)",
                           what, msg, STORE_BUSY_TIMEOUT_MS / 1000);
    return store_error(st, e, code, "%s: %s", what, msg);
}

/* ---- Helpers ---------------------------------------------------------------- */

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

void store_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *store_errmsg(const store *st)
{
    return st ? st->errmsg : "";
}

const char *store_path(const store *st)
{
    return st ? st->path : "";
}

int store_file_version(const store *st)
{
    return st ? st->file_version : 0;
}

int64_t store_run_current(const store *st)
{
    return st && st->wstate != W_IDLE ? st->run_id : 0;
}

/* ---- Opening ---------------------------------------------------------------- */

/* Marks runs that this host's dead processes left 'running' as failed.
 * Best effort: a failure here leaves them as they were. */
static void mark_abandoned(store *st)
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0)
        return;
    sqlite3_stmt *sel = NULL, *upd = NULL;
    if (store_prepare(st, "SELECT id, pid FROM run WHERE status = 'running' AND host = ?1",
                      &sel, NULL) != ERR_OK)
        return;
    if (store_prepare(st,
                      "UPDATE run SET status = 'failed', error = ?2 "
                      "WHERE id = ?1 AND status = 'running'",
                      &upd, NULL) != ERR_OK) {
        sqlite3_finalize(sel);
        return;
    }
    sqlite3_bind_text(sel, 1, host, -1, SQLITE_STATIC);
    int64_t dead[64];
    int64_t pids[64];
    size_t ndead = 0;
    while (ndead < 64 && sqlite3_step(sel) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(sel, 1);
        if (pid <= 0 || (pid_t)pid == getpid())
            continue;
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            dead[ndead] = sqlite3_column_int64(sel, 0);
            pids[ndead++] = pid;
        }
    }
    sqlite3_finalize(sel);
    for (size_t i = 0; i < ndead; i++) {
        char why[400]; /* room for a host name of up to 255 bytes */
        snprintf(why, sizeof why,
                 "abandoned: its process (%lld on %s) ended without finishing the run",
                 (long long)pids[i], host);
        sqlite3_bind_int64(upd, 1, dead[i]);
        sqlite3_bind_text(upd, 2, why, -1, SQLITE_TRANSIENT);
        sqlite3_step(upd);
        sqlite3_reset(upd);
    }
    sqlite3_finalize(upd);
}

/* Reading an older database: copy it into memory and migrate the copy. */
static err_code migrate_in_memory(store *st, err_msg *e)
{
    sqlite3 *mem = NULL;
    int rc = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        sqlite3_close(mem);
        return store_sql_error(st, e, rc, "cannot open a memory database");
    }
    sqlite3_backup *b = sqlite3_backup_init(mem, "main", st->db, "main");
    if (b == NULL) {
        rc = sqlite3_errcode(mem);
        sqlite3_close(mem);
        return store_sql_error(st, e, rc ? rc : SQLITE_ERROR, "cannot copy the database");
    }
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        sqlite3_close(mem);
        return store_sql_error(st, e, rc, "cannot copy the database");
    }
    sqlite3_close(st->db);
    st->db = mem;
    return store_schema_ensure(st, e);
}

static err_code open_read(store *st, err_msg *e)
{
    int version = 0;
    err_code rc = store_schema_version(st, &version, e);
    if (rc != ERR_OK)
        return rc;
    st->file_version = version;
    if (version == 0)
        return store_error(st, e, ERR_STORE,
                           "not a drsim results database (its schema version is 0)");
    if (version > STORE_SCHEMA_VERSION) {
        /* schema_ensure words the refusal. */
        return store_schema_ensure(st, e);
    }
    if (version < STORE_SCHEMA_VERSION) {
        rc = migrate_in_memory(st, e);
        if (rc != ERR_OK)
            return rc;
        st->file_version = version;
    }
    return store_exec(st, "PRAGMA query_only = ON;", e);
}

static err_code open_write(store *st, err_msg *e)
{
    sqlite3_stmt *stmt = NULL;
    err_code rc = store_prepare(st, "PRAGMA journal_mode = WAL", &stmt, e);
    if (rc != ERR_OK)
        return rc;
    int s = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (s != SQLITE_ROW)
        return store_sql_error(st, e, s, "cannot open the results database");
    rc = store_exec(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", e);
    if (rc == ERR_OK)
        rc = store_schema_ensure(st, e);
    if (rc == ERR_OK)
        mark_abandoned(st);
    return rc;
}

err_code store_open(const char *path, store_mode mode, store **out, err_msg *e)
{
    *out = NULL;
    store_global_init();
    store *st = mem_calloc(1, sizeof *st);
    if (st == NULL)
        return err_set(e, ERR_NOMEM, "%s: out of memory opening the results database", path);
    st->mode = mode;
    st->path = mem_strdup(path);
    if (st->path == NULL) {
        mem_free(st);
        return err_set(e, ERR_NOMEM, "%s: out of memory opening the results database", path);
    }

    err_code rc = ERR_OK;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        rc = store_error(st, e, ERR_STORE, "is a directory, not a results database");
        goto fail;
    }
    if (mode == STORE_READ && stat(path, &sb) != 0) {
        rc = store_error(st, e, ERR_STORE, "cannot open the results database: %s%s",
                         strerror(errno),
                         errno == ENOENT ? " (run 'drsim run' first, or pass --db FILE)" : "");
        goto fail;
    }

    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == STORE_WRITE)
        flags |= SQLITE_OPEN_CREATE;
    int s = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (s != SQLITE_OK) {
        rc = store_sql_error(st, e, s, "cannot open the results database");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);

    rc = mode == STORE_READ ? open_read(st, e) : open_write(st, e);
    if (rc != ERR_OK)
        goto fail;
    *out = st;
    return ERR_OK;

fail:
    sqlite3_close(st->db);
    mem_free(st->path);
    mem_free(st);
    return rc;
}

void store_close(store *st)
{
    if (st == NULL)
        return;
    if (st->wstate != W_IDLE)
        store_run_fail(st, "the results database was closed before the run finished", NULL);
    sqlite3_close(st->db);
    mem_free(st->path);
    mem_free(st);
}
