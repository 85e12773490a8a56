/*
 * history_sqlite_schema.c - the SQLite history's journal mode, versioned
 * schema and migrations.
 *
 * Takes: an open database.  Gives: a database at schema version
 * LSC__SQLITE_SCHEMA_VERSION, or a clear error.  Versions:
 *   1  lsc_meta (format marker, version) and lsc_fingerprints(id, time, fp)
 *   2  lsc_schema_version; lsc_fingerprints.sender; the band index
 *      lsc_bands and the domain index lsc_domains, filled from the stored
 *      fingerprints (a version-1 file is indexed once, when first opened
 *      writable; lsc_meta.version becomes 2 so that older libraries, which
 *      would add rows without index rows, refuse the file)
 * A new migration is one more row of MIGRATIONS (SQL and, if rows must be
 * rewritten, a fill function).  Migrations run in one IMMEDIATE
 * transaction, which also settles two processes creating one file at once.
 */
#include <stdio.h>

#include "history/history_sqlite.h"

#define FORMAT_NAME "libscore-history"

typedef struct migration {
    int version;
    const char *sql;
    int (*fill)(sqlite3 *db, const char *path, lsc_error *err);
} migration;

/* Version 2: the index rows of every stored fingerprint. */
static int fill_indexes(sqlite3 *db, const char *path, lsc_error *err)
{
    sqlite3_stmt *sel = NULL, *band = NULL, *dom = NULL;
    lsc__alloc al;
    int rc, code = 0;
    lsc__alloc_init(&al, NULL);
    rc = sqlite3_prepare_v2(db, "SELECT id, time, fp FROM lsc_fingerprints",
                            -1, &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO lsc_bands"
                                " VALUES(?1, ?2, ?3)", -1, &band, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO lsc_domains"
                                " VALUES(?1, ?2, ?3)", -1, &dom, NULL);
    while (rc == SQLITE_OK && code == 0 &&
           (rc = sqlite3_step(sel)) == SQLITE_ROW) {
        lsc_fingerprint *fp = NULL;
        int64_t id = sqlite3_column_int64(sel, 0);
        int64_t t = sqlite3_column_int64(sel, 1);
        const void *b = sqlite3_column_blob(sel, 2);
        int n = sqlite3_column_bytes(sel, 2);
        size_t i;
        rc = SQLITE_OK;
        if (!b || n <= 0 ||
            lsc__fingerprint_decode_al(&fp, &al, b, (size_t)n, NULL) != 0) {
            code = lsc__error(err, LSC_ECORRUPT, path,
                              "entry %lld is damaged", (long long)id);
            break;
        }
        for (i = 0; rc == SQLITE_OK && fp->n_shingles &&
                    i < LSC__LSH_BANDS; i++) {
            sqlite3_reset(band);
            sqlite3_bind_int(band, 1, (int)i);
            sqlite3_bind_int64(band, 2, (sqlite3_int64)lsc__band_key(fp, i));
            sqlite3_bind_int64(band, 3, id);
            rc = sqlite3_step(band) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        }
        for (i = 0; rc == SQLITE_OK && i < fp->n_domains; i++) {
            sqlite3_reset(dom);
            sqlite3_bind_text(dom, 1, fp->domains[i], -1, SQLITE_STATIC);
            sqlite3_bind_int64(dom, 2, t);
            sqlite3_bind_int64(dom, 3, id);
            rc = sqlite3_step(dom) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        }
        lsc_fingerprint_free(fp);
    }
    if (code == 0 && rc != SQLITE_DONE)
        code = lsc__sqlite_error(db, path, rc, err, "indexing the history");
    sqlite3_finalize(sel);
    sqlite3_finalize(band);
    sqlite3_finalize(dom);
    return code;
}

static const migration MIGRATIONS[] = {
    { 1,
      "CREATE TABLE IF NOT EXISTS lsc_meta(key TEXT PRIMARY KEY, value);"
      "CREATE TABLE IF NOT EXISTS lsc_fingerprints("
      " id INTEGER PRIMARY KEY AUTOINCREMENT,"
      " time INTEGER NOT NULL, fp BLOB NOT NULL);"
      "CREATE INDEX IF NOT EXISTS lsc_fingerprints_time"
      " ON lsc_fingerprints(time);"
      "INSERT OR IGNORE INTO lsc_meta VALUES('format','" FORMAT_NAME "');"
      "INSERT OR IGNORE INTO lsc_meta VALUES('version',1);",
      NULL },
    { 2,
      "CREATE TABLE IF NOT EXISTS lsc_schema_version("
      " version INTEGER PRIMARY KEY, applied INTEGER NOT NULL);"
      "ALTER TABLE lsc_fingerprints ADD COLUMN sender TEXT NOT NULL"
      " DEFAULT '';"
      "CREATE TABLE lsc_bands(band INTEGER NOT NULL, key INTEGER NOT NULL,"
      " id INTEGER NOT NULL, PRIMARY KEY(band, key, id)) WITHOUT ROWID;"
      "CREATE TABLE lsc_domains(domain TEXT NOT NULL,"
      " time INTEGER NOT NULL, id INTEGER NOT NULL,"
      " PRIMARY KEY(domain, time, id)) WITHOUT ROWID;"
      "UPDATE lsc_meta SET value = 2 WHERE key = 'version';",
      fill_indexes },
};

typedef char migrations_match_version[
    LSC__COUNT(MIGRATIONS) == LSC__SQLITE_SCHEMA_VERSION ? 1 : -1];

int lsc__sqlite_wal(sqlite3 *db, const char *path,
                    const lsc_history_options *o, lsc_error *err)
{
    /* When another process holds a lock at this moment, SQLite answers
     * the old journal mode instead of waiting: ask again, every 10 ms,
     * for as long as the busy timeout allows. */
    int tries = o->busy_timeout_ms / 10 + 1, rc;
    do {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
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
    if (rc != SQLITE_OK)
        return lsc__sqlite_error(db, path, rc, err, "cannot use WAL mode");
    return lsc__sqlite_exec(db, path, (o->flags & LSC_HISTORY_SYNC_FULL)
                                          ? "PRAGMA synchronous=FULL"
                                          : "PRAGMA synchronous=NORMAL",
                            err);
}

/* One integer from a query, *v untouched when there is no row. */
static int query_int(sqlite3 *db, const char *path, const char *sql,
                     int64_t *v, lsc_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        *v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return lsc__sqlite_error(db, path, rc, err, "reading the schema");
    return 0;
}

/* What the database holds: *has_meta, *foreign (a table not libscore's),
 * and *version (0 for an empty database). */
static int read_state(sqlite3 *db, const char *path, int *has_meta,
                      int *foreign, int64_t *version, lsc_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc, has_versions = 0;
    *has_meta = *foreign = 0;
    *version = 0;
    rc = sqlite3_prepare_v2(db,
        "SELECT name FROM sqlite_master WHERE type IN ('table','view')",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return lsc__sqlite_error(db, path, rc, err, "reading the schema");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(st, 0);
        if (!n)
            continue;
        if (strcmp(n, "lsc_meta") == 0)
            *has_meta = 1;
        else if (strcmp(n, "lsc_schema_version") == 0)
            has_versions = 1;
        else if (strncmp(n, "lsc_", 4) != 0 && strncmp(n, "sqlite_", 7) != 0)
            *foreign = 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return lsc__sqlite_error(db, path, rc, err, "reading the schema");
    if (!*has_meta)
        return 0;
    {
        sqlite3_stmt *m = NULL;
        int found = 0;
        rc = sqlite3_prepare_v2(db,
            "SELECT (SELECT value FROM lsc_meta WHERE key='format'),"
            " (SELECT value FROM lsc_meta WHERE key='version')", -1, &m,
            NULL);
        if (rc == SQLITE_OK && (rc = sqlite3_step(m)) == SQLITE_ROW) {
            const char *fmt = (const char *)sqlite3_column_text(m, 0);
            found = fmt && strcmp(fmt, FORMAT_NAME) == 0;
            *version = sqlite3_column_int64(m, 1);
        }
        sqlite3_finalize(m);
        if (rc != SQLITE_ROW)
            return lsc__sqlite_error(db, path, rc, err, "reading the marker");
        if (!found)
            return lsc__error(err, LSC_ECORRUPT, path,
                              "not a libscore history (no format marker)");
    }
    if (has_versions)
        return query_int(db, path,
                         "SELECT max(version) FROM lsc_schema_version",
                         version, err);
    return 0;
}

static int migrate(sqlite3 *db, const char *path, lsc_error *err)
{
    int has_meta, foreign, code;
    int64_t version;
    size_t i;
    code = lsc__sqlite_exec(db, path, "BEGIN IMMEDIATE", err);
    if (code)
        return code;
    /* Again inside the write lock: another process may have done it. */
    code = read_state(db, path, &has_meta, &foreign, &version, err);
    for (i = 0; code == 0 && i < LSC__COUNT(MIGRATIONS); i++) {
        char row[128];
        if (MIGRATIONS[i].version <= version)
            continue;
        code = lsc__sqlite_exec(db, path, MIGRATIONS[i].sql, err);
        if (code == 0 && MIGRATIONS[i].fill)
            code = MIGRATIONS[i].fill(db, path, err);
        snprintf(row, sizeof row,
                 "INSERT OR REPLACE INTO lsc_schema_version"
                 " VALUES(%d, strftime('%%s','now'))", MIGRATIONS[i].version);
        if (code == 0 && MIGRATIONS[i].version >= 2)
            code = lsc__sqlite_exec(db, path, row, err);
    }
    if (code == 0)
        code = lsc__sqlite_exec(db, path,
                                "INSERT OR IGNORE INTO lsc_schema_version"
                                " VALUES(1, strftime('%s','now'))", err);
    if (code) {
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return code;
    }
    return lsc__sqlite_exec(db, path, "COMMIT", err);
}

int lsc__sqlite_schema(sqlite3 *db, const char *path, int readonly,
                       lsc_error *err)
{
    int has_meta, foreign, code;
    int64_t version;
    code = read_state(db, path, &has_meta, &foreign, &version, err);
    if (code)
        return code;
    if (has_meta && version == LSC__SQLITE_SCHEMA_VERSION)
        return 0;
    if (version > LSC__SQLITE_SCHEMA_VERSION)
        return lsc__error(err, LSC_EVERSION, path,
                          "history format %lld, this library reads up to %d",
                          (long long)version, LSC__SQLITE_SCHEMA_VERSION);
    if (!has_meta && foreign)
        return lsc__error(err, LSC_ECORRUPT, path,
                          "another program's database, not a libscore "
                          "history");
    if (readonly)
        return has_meta
                   ? lsc__error(err, LSC_EVERSION, path,
                                "history format %lld: open it writable once "
                                "to bring it up to date", (long long)version)
                   : lsc__error(err, LSC_ECORRUPT, path,
                                "not a libscore history (empty)");
    return migrate(db, path, err);
}

int lsc__sqlite_check_newest(sqlite3 *db, const char *path, lsc_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc, code = 0;
    rc = sqlite3_prepare_v2(db, "SELECT id, fp FROM lsc_fingerprints"
                            " ORDER BY id DESC LIMIT 1", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        lsc_fingerprint *fp = NULL;
        lsc__alloc al;
        const void *b = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        lsc__alloc_init(&al, NULL);
        if (!b || n <= 0 ||
            lsc__fingerprint_decode_al(&fp, &al, b, (size_t)n, NULL) != 0)
            code = lsc__error(err, LSC_ECORRUPT, path,
                              "entry %lld is damaged",
                              (long long)sqlite3_column_int64(st, 0));
        lsc_fingerprint_free(fp);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (code == 0 && rc != SQLITE_DONE)
        code = lsc__sqlite_error(db, path, rc, err, "reading the history");
    return code;
}
