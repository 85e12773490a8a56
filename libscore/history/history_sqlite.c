/*
 * history_sqlite.c - the embedded store of the history: one SQLite file in
 * WAL mode (Debian's libsqlite3).
 *
 * Takes: a path and the history options.  Gives: an lsc__store_ops over
 *   lsc_meta(key PRIMARY KEY, value)        format + version marker
 *   lsc_fingerprints(id INTEGER PRIMARY KEY AUTOINCREMENT, time, fp BLOB)
 * Ids only grow (AUTOINCREMENT), so a reader catches up with "id > last".
 *
 * Several processes may write at once: each add is one autocommit INSERT
 * that waits up to busy_timeout_ms for the write lock (then LSC_EBUSY).
 * An INSERT that returned is in the WAL, which the OS holds even when the
 * process is killed the next instant; with synchronous=NORMAL only a power
 * loss can lose the last commits (LSC_HISTORY_SYNC_FULL fsyncs each one).
 *
 * A file that is not an SQLite database, is damaged, or is another
 * program's database (tables but no libscore marker) is LSC_ECORRUPT; one
 * that cannot be opened LSC_EIO.  SQLite never prints (no log callback is
 * installed) and allocates with its own allocator.
 */
#include <sqlite3.h>
#include <stdio.h>

#include "history/history.h"

#define FORMAT_NAME "libscore-history"
#define FORMAT_VERSION 1

typedef struct sq_store {
    sqlite3 *db;
    sqlite3_stmt *ins, *load, *prune;
    char path[256];    /* for error messages (cut) */
} sq_store;

static int map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return 0;
    case SQLITE_NOMEM:
        return LSC_ENOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return LSC_EBUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    case SQLITE_MISMATCH:
        return LSC_ECORRUPT;
    default:
        return LSC_EIO;
    }
}

static int sq_error(sq_store *s, int rc, lsc_error *err, const char *what)
{
    int code = map_rc(rc);
    if (code == 0)
        code = LSC_EIO;
    return lsc__error(err, code, s->path, "%s: %s%s", what,
                      s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc),
                      code == LSC_ECORRUPT
                          ? " (not a libscore history, or damaged)"
                          : "");
}

static int exec(sq_store *s, const char *sql, lsc_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sq_error(s, rc, err, sql);
}

static void sq_close(void *st)
{
    sq_store *s = st;
    if (!s)
        return;
    sqlite3_finalize(s->ins);
    sqlite3_finalize(s->load);
    sqlite3_finalize(s->prune);
    sqlite3_close(s->db);
    sqlite3_free(s);
}

static int sq_add(void *st, const unsigned char *blob, size_t len,
                  int64_t time, int64_t *id, lsc_error *err)
{
    sq_store *s = st;
    int rc;
    sqlite3_reset(s->ins);
    sqlite3_bind_int64(s->ins, 1, time);
    sqlite3_bind_blob(s->ins, 2, blob, (int)len, SQLITE_TRANSIENT);
    rc = sqlite3_step(s->ins);
    sqlite3_clear_bindings(s->ins);
    if (rc != SQLITE_DONE) {
        int e = sq_error(s, rc, err, "adding to the history");
        sqlite3_reset(s->ins);
        return e;
    }
    *id = sqlite3_last_insert_rowid(s->db);
    sqlite3_reset(s->ins);
    return 0;
}

static int sq_load(void *st, int64_t after_id, int64_t min_time,
                   lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    sq_store *s = st;
    int rc, urc = 0;
    sqlite3_reset(s->load);
    sqlite3_bind_int64(s->load, 1, after_id);
    sqlite3_bind_int64(s->load, 2, min_time);
    while ((rc = sqlite3_step(s->load)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s->load, 0);
        int64_t t = sqlite3_column_int64(s->load, 1);
        const void *b = sqlite3_column_blob(s->load, 2);
        int n = sqlite3_column_bytes(s->load, 2);
        if (sqlite3_column_type(s->load, 2) != SQLITE_BLOB || n <= 0 || !b) {
            urc = lsc__error(err, LSC_ECORRUPT, s->path,
                             "entry %lld has no fingerprint", (long long)id);
            break;
        }
        urc = fn(ud, id, t, b, (size_t)n);
        if (urc)
            break;
    }
    if (!urc && rc != SQLITE_DONE)
        urc = sq_error(s, rc, err, "reading the history");
    sqlite3_reset(s->load);
    return urc;
}

static int sq_prune(void *st, int64_t before, lsc_error *err)
{
    sq_store *s = st;
    int rc;
    sqlite3_reset(s->prune);
    sqlite3_bind_int64(s->prune, 1, before);
    rc = sqlite3_step(s->prune);
    sqlite3_reset(s->prune);
    return rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "pruning the history");
}

static const lsc__store_ops sqlite_ops = {
    "sqlite", sq_add, sq_load, sq_prune, sq_close
};

/* Checks the marker, or creates the schema in an empty database. */
static int check_schema(sq_store *s, int readonly, lsc_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc, has_meta = 0, other = 0, code = 0;

    rc = sqlite3_prepare_v2(s->db,
        "SELECT name FROM sqlite_master WHERE type IN ('table','view')",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sq_error(s, rc, err, "reading the schema");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(st, 0);
        if (n && strcmp(n, "lsc_meta") == 0)
            has_meta = 1;
        else if (n && strcmp(n, "lsc_fingerprints") != 0 &&
                 strcmp(n, "sqlite_sequence") != 0)
            other = 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sq_error(s, rc, err, "reading the schema");
    if (has_meta) {
        const char *fmt;
        int version = 0, found = 0;
        rc = sqlite3_prepare_v2(s->db,
            "SELECT (SELECT value FROM lsc_meta WHERE key='format'),"
            " (SELECT value FROM lsc_meta WHERE key='version')",
            -1, &st, NULL);
        if (rc != SQLITE_OK)
            return sq_error(s, rc, err, "reading the marker");
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            fmt = (const char *)sqlite3_column_text(st, 0);
            found = fmt && strcmp(fmt, FORMAT_NAME) == 0;
            version = sqlite3_column_int(st, 1);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW)
            return sq_error(s, rc, err, "reading the marker");
        if (!found)
            return lsc__error(err, LSC_ECORRUPT, s->path,
                              "not a libscore history (no format marker)");
        if (version != FORMAT_VERSION)
            return lsc__error(err, LSC_EVERSION, s->path,
                              "history format %d, this library reads %d",
                              version, FORMAT_VERSION);
        return 0;
    }
    if (other)
        return lsc__error(err, LSC_ECORRUPT, s->path,
                          "another program's database, not a libscore "
                          "history");
    if (readonly)
        return lsc__error(err, LSC_ECORRUPT, s->path,
                          "not a libscore history (empty)");
    /* A new history.  Two processes may get here at once: the schema
     * is created in one write transaction with IF NOT EXISTS. */
    code = exec(s, "BEGIN IMMEDIATE", err);
    if (code)
        return code;
    code = exec(s,
        "CREATE TABLE IF NOT EXISTS lsc_meta(key TEXT PRIMARY KEY, value);"
        "CREATE TABLE IF NOT EXISTS lsc_fingerprints("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " time INTEGER NOT NULL, fp BLOB NOT NULL);"
        "CREATE INDEX IF NOT EXISTS lsc_fingerprints_time"
        " ON lsc_fingerprints(time);"
        "INSERT OR IGNORE INTO lsc_meta VALUES('format','" FORMAT_NAME "');"
        "INSERT OR IGNORE INTO lsc_meta VALUES('version',1);", err);
    if (code) {
        (void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return code;
    }
    return exec(s, "COMMIT", err);
}

int lsc__store_sqlite_open(void **out, const lsc__store_ops **ops,
                           const char *path, const lsc_history_options *o,
                           lsc_error *err)
{
    sq_store *s;
    int rc, code;
    int readonly = (o->flags & LSC_HISTORY_READONLY) != 0;
    int flags = readonly ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

    *out = NULL;
    *ops = &sqlite_ops;
    s = sqlite3_malloc(sizeof *s);
    if (!s)
        return lsc__error(err, LSC_ENOMEM, "lsc_history_open",
                          "out of memory");
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc != SQLITE_OK) {
        code = lsc__error(err, rc == SQLITE_NOMEM ? LSC_ENOMEM : LSC_EIO,
                          s->path, "cannot open: %s",
                          s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sq_close(s);
        return code;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, o->busy_timeout_ms);
    /* Reading the schema first tells a foreign or damaged file apart
     * before anything is written to it. */
    if (!readonly) {
        /* When another process holds a lock at this moment, SQLite answers
         * the old journal mode instead of waiting: ask again, every 10 ms,
         * for as long as the busy timeout allows. */
        int tries = o->busy_timeout_ms / 10 + 1;
        do {
            sqlite3_stmt *st = NULL;
            rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode=WAL", -1,
                                    &st, NULL);
            if (rc == SQLITE_OK) {
                rc = sqlite3_step(st);
                if (rc == SQLITE_ROW) {
                    const char *m = (const char *)sqlite3_column_text(st, 0);
                    rc = m && lsc__casecmp(m, "wal") == 0 ? SQLITE_OK
                                                          : SQLITE_BUSY;
                }
            }
            sqlite3_finalize(st);
            if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
                break;
            sqlite3_sleep(10);
        } while (--tries > 0);
        if (rc != SQLITE_OK) {
            code = sq_error(s, rc, err, "cannot use WAL mode");
            sq_close(s);
            return code;
        }
        code = exec(s, (o->flags & LSC_HISTORY_SYNC_FULL)
                           ? "PRAGMA synchronous=FULL"
                           : "PRAGMA synchronous=NORMAL", err);
        if (code) {
            sq_close(s);
            return code;
        }
    }
    code = check_schema(s, readonly, err);
    if (code) {
        sq_close(s);
        return code;
    }
    rc = sqlite3_prepare_v2(s->db,
        "INSERT INTO lsc_fingerprints(time, fp) VALUES(?, ?)", -1, &s->ins,
        NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
            "SELECT id, time, fp FROM lsc_fingerprints"
            " WHERE id > ? AND time >= ? ORDER BY id", -1, &s->load, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
            "DELETE FROM lsc_fingerprints WHERE time < ?", -1, &s->prune,
            NULL);
    if (rc != SQLITE_OK) {
        code = sq_error(s, rc, err, "preparing statements");
        sq_close(s);
        return code;
    }
    *out = s;
    return 0;
}
