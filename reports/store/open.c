/*
 * open.c — opening and closing the results database, and SQLite's allocator
 * routed through mem_*. It sits above the rest of the store: it calls
 * schema.c (create, check, migrate), write.c (a run left unfinished at
 * close is marked failed) and sql.c (errors, statements); none of them calls
 * back in here.
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
 *
 * Every connection is hardened first (harden): a results database may come
 * from anywhere, so SQLite's defensive settings are on and the file's own
 * schema is not trusted. The busy timeout is STORE_BUSY_TIMEOUT_MS or
 * $DRSIM_BUSY_TIMEOUT_MS.
 */
#include "reports/store/storeInt.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "sim/core/mem.h"

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
    /* A database's name is a path, never a URI: whatever the library was
     * built with, "file:x.db" must not open x.db while drsim compares paths
     * (store_check_path refuses such names anyway). */
    sqlite3_config(SQLITE_CONFIG_URI, 0);
    sqlite3_initialize();
}

err_code store_global_init(void)
{
    pthread_once(&init_once, global_init);
    return init_result;
}

const char *const store_companions[] = {"", "-wal", "-shm", "-journal", NULL};

err_code store_check_path(const char *path, err_msg *e)
{
    if (path == NULL || path[0] == '\0')
        return err_set(e, ERR_INPUT,
                       "the results database has an empty name (give a file's path)");
    if (strcmp(path, ":memory:") == 0)
        return err_set(e, ERR_INPUT,
                       ":memory: is SQLite's in-memory database: results stored there are "
                       "gone when drsim exits (give a file's path)");
    if (strncmp(path, "file:", 5) == 0) {
        /* The file the URI names (RFC 8089 as SQLite reads it): after
         * "file:", an optional "//authority", then the path up to "?" or
         * "#". A relative one is shown as ./PATH: "file:x.db" is not x.db
         * to every reader. Percent-escapes are left as written. */
        const char *p = path + 5;
        if (p[0] == '/' && p[1] == '/') {
            p += 2;
            p += strcspn(p, "/?#");
        }
        int n = (int)strcspn(p, "?#");
        if (n == 0)
            return err_set(e, ERR_INPUT,
                           "%.300s: the results database is a path, not an SQLite URI", path);
        return err_set(e, ERR_INPUT,
                       "%.300s: the results database is a path, not an SQLite URI (give the "
                       "file's path, such as %s%.*s)",
                       path, p[0] == '/' ? "" : "./", n > 300 ? 300 : n, p);
    }
    return ERR_OK;
}

int store_file_version(const store *st)
{
    return st ? st->file_version : 0;
}

/* ---- Opening ---------------------------------------------------------------- */

/* The busy timeout: $DRSIM_BUSY_TIMEOUT_MS when it is a whole number of ms
 * (0 to 24 h), else STORE_BUSY_TIMEOUT_MS. */
static int busy_timeout_ms(void)
{
    const char *env = getenv("DRSIM_BUSY_TIMEOUT_MS");
    if (env == NULL || *env < '0' || *env > '9')
        return STORE_BUSY_TIMEOUT_MS;
    char *end = NULL;
    errno = 0;
    long v = strtol(env, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0 || v > 24L * 3600 * 1000)
        return STORE_BUSY_TIMEOUT_MS;
    return (int)v;
}

/* SQLite's defences for files that may come from anywhere ("Defense Against
 * the Dark Arts", sqlite.org/security.html): no writes to the schema or
 * shadow tables through SQL, no functions with side effects reachable from
 * the file's own schema (views, triggers, defaults), no extensions, no
 * double-quoted strings taken as literals, checked cell sizes, bounded
 * string and statement lengths. drsim's own SQL needs none of what this
 * turns off. */
static err_code harden(store *st, err_msg *e)
{
    sqlite3 *db = st->db;
    int bad = 0;
    bad |= sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    bad |= sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    bad |= sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
    bad |= sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, (int *)NULL);
    bad |= sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
    bad |= sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
    bad |= sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    if (bad)
        return store_error(st, e, ERR_INTERNAL, "cannot configure SQLite's defences");
    /* A scenario file is at most 16 MiB; nothing drsim stores is longer. */
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    return store_exec(st, "PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0;", e);
}

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
    err_code hrc = harden(st, e);
    return hrc != ERR_OK ? hrc : store_schema_ensure(st, e);
}

static err_code reopen_immutable(store *st, err_msg *e);

static err_code open_read(store *st, err_msg *e)
{
    int version = 0;
    err_code rc = store_schema_version(st, &version, e);
    if (rc == ERR_STORE && reopen_immutable(st, e) == ERR_OK)
        rc = store_schema_version(st, &version, e);
    if (rc != ERR_OK)
        return rc;
    if (version == 0) {
        /* A writer may be creating it right now (the file is there, its
         * schema not yet): wait for the writer's lock, as a writer would, and
         * look again. Taking the lock and letting it go changes nothing. */
        if (store_exec(st, "BEGIN IMMEDIATE; ROLLBACK;", NULL) == ERR_OK)
            rc = store_schema_version(st, &version, e);
        if (rc != ERR_OK)
            return rc;
    }
    rc = store_schema_check(st, e);
    if (rc != ERR_OK)
        return rc;
    st->file_version = version;
    if (version == 0)
        return store_error(st, e, ERR_STORE,
                           "not a drsim results database yet: it holds no tables (no run has "
                           "been stored in it)");
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
    /* Before anything changes the file: switching a database that is not
     * drsim's to WAL would already be a change. */
    err_code rc = store_schema_check(st, e);
    if (rc != ERR_OK)
        return rc;
    /* Switching a new database to WAL needs an exclusive lock, and SQLite
     * answers BUSY without waiting when waiting could deadlock (several
     * processes creating one database at once): wait here instead, up to
     * the busy timeout. */
    int s = SQLITE_BUSY;
    for (int waited = 0;; waited += 10) {
        sqlite3_stmt *stmt = NULL;
        s = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
        if (s == SQLITE_OK)
            s = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
        if ((s & 0xff) != SQLITE_BUSY || waited >= st->busy_ms)
            break;
        sqlite3_sleep(10);
    }
    if (s != SQLITE_ROW)
        return store_sql_error(st, e, s, "cannot open the results database");
    rc = store_exec(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", e);
    if (rc == ERR_OK)
        rc = store_schema_ensure(st, e);
    if (rc == ERR_OK)
        mark_abandoned(st);
    return rc;
}

/* Opens filename (a path, or a file: URI with SQLITE_OPEN_URI) on st->db
 * and configures the connection: extended codes, busy timeout, defences. */
static err_code connect(store *st, const char *filename, int flags, err_msg *e)
{
    int s = sqlite3_open_v2(filename, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (s != SQLITE_OK)
        return store_sql_error(st, e, s, "cannot open the results database");
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, st->busy_ms);
    return harden(st, e);
}

/* The directory of path (mem_malloc'd; "." when it has none), or NULL. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return mem_strdup(".");
    return mem_strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Whether path's directory is writable (by this process's real ids). */
static bool dir_writable(const char *path)
{
    char *dir = dir_of(path);
    bool ok = dir != NULL && access(dir, W_OK) == 0;
    mem_free(dir);
    return ok;
}

/* Writing needs the file (when it exists) and its directory (SQLite keeps
 * PATH-wal and PATH-shm beside it) to be writable: say which is not, instead
 * of SQLite's "attempt to write a readonly database" from a later step. */
static err_code check_writable(store *st, err_msg *e)
{
    if (access(st->path, F_OK) == 0 && access(st->path, W_OK) != 0)
        return store_error(st, e, ERR_STORE,
                           "cannot write runs into the results database: %s (the file is "
                           "read-only)",
                           strerror(errno));
    char *dir = dir_of(st->path);
    if (dir == NULL)
        return store_error(st, e, ERR_NOMEM, "out of memory opening the results database");
    err_code rc = ERR_OK;
    if (access(dir, W_OK) != 0)
        rc = store_error(st, e, ERR_STORE,
                         "cannot write runs into the results database: its directory %.200s "
                         "is not writable (%s); SQLite keeps its -wal and -shm files beside "
                         "the database",
                         dir, strerror(errno));
    mem_free(dir);
    return rc;
}

/* Reading a WAL database needs its -shm file, which SQLite cannot create in
 * a directory this process may not write to (a read-only mount, someone
 * else's results). When that is why the first read failed, and no writer has
 * left a -wal file with data, the file is read as immutable: nothing can be
 * changing it, so that is exact. Returns ERR_OK when it was reopened so,
 * else the original error (e untouched). */
static err_code reopen_immutable(store *st, err_msg *e)
{
    int primary = sqlite3_errcode(st->db) & 0xff;
    if ((primary != SQLITE_READONLY && primary != SQLITE_CANTOPEN) || dir_writable(st->path))
        return ERR_STORE;
    size_t n = strlen(st->path);
    char *wal = mem_malloc(n + 5);
    if (wal == NULL)
        return ERR_STORE;
    snprintf(wal, n + 5, "%s-wal", st->path);
    struct stat sb;
    bool wal_data = stat(wal, &sb) == 0 && sb.st_size > 0;
    mem_free(wal);
    if (wal_data)
        return ERR_STORE;
    /* file:PATH?immutable=1, with every byte that is not plainly safe in a
     * URI's path percent-encoded. */
    char *uri = mem_malloc(3 * n + 32);
    if (uri == NULL)
        return ERR_STORE;
    size_t len = (size_t)snprintf(uri, 3 * n + 32, "file:");
    for (const unsigned char *p = (const unsigned char *)st->path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p) != NULL)
            uri[len++] = (char)*p;
        else
            len += (size_t)snprintf(uri + len, 4, "%%%02X", *p);
    }
    snprintf(uri + len, 3 * n + 32 - len, "?immutable=1");
    sqlite3_close(st->db);
    st->db = NULL;
    err_code rc = connect(st, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, e);
    mem_free(uri);
    return rc;
}

err_code store_open(const char *path, store_mode mode, store **out, err_msg *e)
{
    *out = NULL;
    err_code rc = store_check_path(path, e);
    if (rc != ERR_OK)
        return rc;
    store_global_init();
    store *st = mem_calloc(1, sizeof *st);
    if (st == NULL)
        return err_set(e, ERR_NOMEM, "%s: out of memory opening the results database", path);
    st->mode = mode;
    st->busy_ms = busy_timeout_ms();
    st->level = STORE_DEFAULT_CONFIDENCE;
    st->given = -1;
    st->path = mem_strdup(path);
    if (st->path == NULL) {
        mem_free(st);
        return err_set(e, ERR_NOMEM, "%s: out of memory opening the results database", path);
    }

    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode)) {
        rc = store_error(st, e, ERR_STORE, "is a directory, not a results database");
        goto fail;
    }
    /* A FIFO would block, a device would be read or written as a database. */
    if (exists && !S_ISREG(sb.st_mode)) {
        rc = store_error(st, e, ERR_STORE, "is not a regular file, so not a results database");
        goto fail;
    }
    /* Naming a database that is not there is a mistake in the arguments (exit
     * 2, as for a missing scenario file), not a storage failure. */
    if (mode == STORE_READ && !exists) {
        rc = store_error(st, e, errno == ENOENT ? ERR_INPUT : ERR_STORE,
                         "cannot open the results database: %s%s",
                         strerror(errno),
                         errno == ENOENT ? " (run 'drsim run' first, or pass --db FILE)" : "");
        goto fail;
    }
    if (mode == STORE_WRITE && (rc = check_writable(st, e)) != ERR_OK)
        goto fail;

    int flags = SQLITE_OPEN_READWRITE;
    if (mode == STORE_WRITE)
        flags |= SQLITE_OPEN_CREATE;
    rc = connect(st, path, flags, e);
    if (rc != ERR_OK)
        goto fail;

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
    store_fail_stmts_release(st);
    store_columns_release(st);
    sqlite3_close(st->db);
    mem_free(st->path);
    mem_free(st);
}
