/*
 * history_bounce.c - the bounces of a history: the store every caller
 * sees, and its SQLite backend in the history's own file.
 *
 * Takes: read bounces (lsc_history_add_bounce) and the rules' questions.
 * Gives: the table
 *   lsc_bounces(id INTEGER PRIMARY KEY, address TEXT, domain TEXT,
 *               time INTEGER, reason TEXT, status TEXT, hard INTEGER)
 * with indexes on address and domain, in the history's file (its own
 * connection; WAL lets it share the file with the fingerprint store), in
 * memory for an in-memory history, or in the history's PostgreSQL
 * database (history_bounce_pg.c).  A read-only history that has no such
 * table simply remembers no bounces.
 *
 * The store's lock covers a whole bind-step-reset: two threads scoring
 * with one history must not interleave on one prepared statement, which
 * SQLite's serialized mode alone does not prevent.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <stdio.h>
#include <time.h>

#include "history/history_bounce.h"

struct lsc__bounce_store {
    pthread_mutex_t mu;
    const lsc__bounce_ops *ops;
    void *b;
};

/* ---- the SQLite backend ---- */

typedef struct sq_store {
    sqlite3 *db;
    sqlite3_stmt *ins, *find, *sender, *total, *top;
} sq_store;
static int fail(sqlite3 *db, int rc, lsc_error *err, const char *what)
{
    int code = (rc & 0xff) == SQLITE_NOMEM ? LSC_ENOMEM
             : (rc & 0xff) == SQLITE_BUSY ? LSC_EBUSY
             : (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
                 ? LSC_ECORRUPT : LSC_EIO;
    return lsc__error(err, code, "bounces", "%s: %s", what,
                      db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static void sq_close(void *p)
{
    sq_store *s = p;
    if (!s)
        return;
    sqlite3_finalize(s->ins);
    sqlite3_finalize(s->find);
    sqlite3_finalize(s->sender);
    sqlite3_finalize(s->total);
    sqlite3_finalize(s->top);
    sqlite3_close(s->db);
    sqlite3_free(s);
}

static int sq_open(sq_store **out, const char *path,
                   const lsc_history_options *o, lsc_error *err)
{
    sq_store *s;
    int ro = (o->flags & LSC_HISTORY_READONLY) != 0;
    int mem = !path || !*path || strcmp(path, ":memory:") == 0;
    int rc;
    *out = NULL;
    s = sqlite3_malloc(sizeof *s);
    if (!s)
        return lsc__error(err, LSC_ENOMEM, "bounces", "out of memory");
    memset(s, 0, sizeof *s);
    rc = sqlite3_open_v2(mem ? ":memory:" : path, &s->db,
                         (ro && !mem ? SQLITE_OPEN_READONLY
                                     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                             SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = fail(s->db, rc, err, "cannot open");
        sq_close(s);
        return rc;
    }
    sqlite3_busy_timeout(s->db, o->busy_timeout_ms ? o->busy_timeout_ms : 5000);
    if (!ro || mem) {
        rc = sqlite3_exec(s->db,
            "CREATE TABLE IF NOT EXISTS lsc_bounces("
            " id INTEGER PRIMARY KEY, address TEXT NOT NULL,"
            " domain TEXT NOT NULL, time INTEGER NOT NULL,"
            " reason TEXT NOT NULL, status TEXT NOT NULL,"
            " hard INTEGER NOT NULL);"
            "CREATE INDEX IF NOT EXISTS lsc_bounces_address"
            " ON lsc_bounces(address, time);"
            "CREATE INDEX IF NOT EXISTS lsc_bounces_domain"
            " ON lsc_bounces(domain, time);", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            rc = fail(s->db, rc, err, "creating the bounces table");
            sq_close(s);
            return rc;
        }
    }
    rc = sqlite3_prepare_v2(s->db,
        /* the same bounce read twice lands once, as on PostgreSQL */
        "INSERT INTO lsc_bounces(address, domain, time, reason, status, hard)"
        " SELECT lower(?1), lower(?2), ?3, ?4, ?5, ?6 WHERE NOT EXISTS"
        " (SELECT 1 FROM lsc_bounces WHERE address = lower(?1) AND time = ?3"
        "  AND status = ?5 AND reason = ?4)", -1, &s->ins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
            "SELECT time, address, reason, status, hard FROM lsc_bounces"
            " WHERE address = lower(?) AND hard = ? AND time >= ?"
            " ORDER BY time DESC LIMIT 1", -1, &s->find, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
            "SELECT time, address, reason, status, hard FROM lsc_bounces"
            " WHERE domain = lower(?) AND time >= ? AND reason IN "
            LSC__BOUNCE_REFUSAL_REASONS
            " ORDER BY time DESC LIMIT 1", -1, &s->sender, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM lsc_bounces",
                                -1, &s->total, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
            "SELECT domain, count(*) AS n, sum(hard) FROM lsc_bounces"
            " GROUP BY domain ORDER BY n DESC, domain LIMIT ?", -1, &s->top,
            NULL);
    if (rc != SQLITE_OK) {
        if (ro) {
            /* an old read-only history: no bounces to tell */
            sq_close(s);
            return 0;
        }
        rc = fail(s->db, rc, err, "preparing statements");
        sq_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

static void copy_row(sqlite3_stmt *st, lsc__bounce_row *row)
{
    const char *a = (const char *)sqlite3_column_text(st, 1);
    const char *r = (const char *)sqlite3_column_text(st, 2);
    const char *s = (const char *)sqlite3_column_text(st, 3);
    row->time = sqlite3_column_int64(st, 0);
    snprintf(row->address, sizeof row->address, "%s", a ? a : "");
    snprintf(row->reason, sizeof row->reason, "%s", r ? r : "");
    snprintf(row->status, sizeof row->status, "%s", s ? s : "");
    row->hard = sqlite3_column_int(st, 4);
}

static int step_one(sqlite3_stmt *st, lsc__bounce_row *row)
{
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        copy_row(st, row);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = LSC_EIO;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return found;
}

static int sq_find(void *p, const char *address, int want_hard,
                   int64_t since, lsc__bounce_row *row)
{
    sq_store *s = p;
    sqlite3_bind_text(s->find, 1, address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s->find, 2, want_hard ? 1 : 0);
    sqlite3_bind_int64(s->find, 3, since);
    return step_one(s->find, row);
}

static int sq_refusal(void *p, const char *domain, int64_t since,
                      lsc__bounce_row *row)
{
    sq_store *s = p;
    sqlite3_bind_text(s->sender, 1, domain, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s->sender, 2, since);
    return step_one(s->sender, row);
}

static int sq_add(void *p, const lsc__bounce_row *rows, size_t n,
                  lsc_error *err)
{
    sq_store *s = p;
    size_t i;
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return fail(s->db, rc, err, "lsc_history_add_bounce");
    for (i = 0; i < n; i++) {
        const char *at = strrchr(rows[i].address, '@');
        sqlite3_bind_text(s->ins, 1, rows[i].address, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s->ins, 2, at ? at + 1 : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s->ins, 3, rows[i].time);
        sqlite3_bind_text(s->ins, 4, rows[i].reason, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s->ins, 5, rows[i].status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s->ins, 6, rows[i].hard);
        rc = sqlite3_step(s->ins);
        sqlite3_reset(s->ins);
        sqlite3_clear_bindings(s->ins);
        if (rc != SQLITE_DONE) {
            rc = fail(s->db, rc, err, "lsc_history_add_bounce");
            (void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rc = fail(s->db, rc, err, "lsc_history_add_bounce");
        (void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return 0;
}

static int sq_stats(void *p, uint64_t *total, lsc_bounce_domain *domains,
                    size_t max, size_t *n, lsc_error *err)
{
    sq_store *s = p;
    size_t got = 0;
    int rc = sqlite3_step(s->total);
    if (rc == SQLITE_ROW && total)
        *total = (uint64_t)sqlite3_column_int64(s->total, 0);
    sqlite3_reset(s->total);
    if (rc != SQLITE_ROW)
        return fail(s->db, rc, err, "lsc_history_bounce_stats");
    if (!max)
        return 0;
    sqlite3_bind_int64(s->top, 1, (sqlite3_int64)LSC__MIN(max, (size_t)INT32_MAX));
    while ((rc = sqlite3_step(s->top)) == SQLITE_ROW && got < max) {
        const char *d = (const char *)sqlite3_column_text(s->top, 0);
        snprintf(domains[got].domain, sizeof domains[got].domain, "%s", d ? d : "");
        domains[got].bounces = (uint64_t)sqlite3_column_int64(s->top, 1);
        domains[got].hard = (uint64_t)sqlite3_column_int64(s->top, 2);
        got++;
    }
    sqlite3_reset(s->top);
    sqlite3_clear_bindings(s->top);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(s->db, rc, err, "lsc_history_bounce_stats");
    *n = got;
    return 0;
}

static const lsc__bounce_ops SQ_OPS = {
    sq_add, sq_find, sq_refusal, sq_stats, sq_close,
};

/* ---- the store ---- */

static int is_pg(const char *path)
{
    return path && (strncmp(path, "postgresql://", 13) == 0 ||
                    strncmp(path, "postgres://", 11) == 0);
}

int lsc__bounce_store_open(lsc__bounce_store **out, const char *path,
                           const lsc_history_options *o, lsc_error *err)
{
    lsc__bounce_store *s;
    int rc;
    *out = NULL;
    s = calloc(1, sizeof *s);
    if (!s)
        return lsc__error(err, LSC_ENOMEM, "bounces", "out of memory");
    if (pthread_mutex_init(&s->mu, NULL) != 0) {
        free(s);
        return lsc__error(err, LSC_EINTERNAL, "bounces",
                          "cannot create a mutex");
    }
    if (is_pg(path)) {
        rc = lsc__bounce_pg_open(&s->b, &s->ops, path, o, err);
    } else {
        sq_store *q = NULL;
        rc = sq_open(&q, path, o, err);
        s->b = q;
        s->ops = &SQ_OPS;
    }
    if (rc || !s->b) {
        /* an old read-only file without the table: no store, no error */
        pthread_mutex_destroy(&s->mu);
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void lsc__bounce_store_close(lsc__bounce_store *s)
{
    if (!s)
        return;
    s->ops->close(s->b);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

int lsc__bounce_store_add(lsc__bounce_store *s, const lsc__bounce_row *rows,
                          size_t n, lsc_error *err)
{
    int rc;
    if (!s)
        return lsc__error(err, LSC_EINVAL, "lsc_history_add_bounce",
                          "this history is read-only");
    if (n == 0)
        return 0;
    pthread_mutex_lock(&s->mu);
    rc = s->ops->add(s->b, rows, n, err);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int lsc__bounce_find(lsc__bounce_store *s, const char *address,
                     int want_hard, int64_t since, lsc__bounce_row *row)
{
    int rc;
    if (!s || !address)
        return 0;
    pthread_mutex_lock(&s->mu);
    rc = s->ops->find(s->b, address, want_hard, since, row);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int lsc__bounce_find_sender_refusal(lsc__bounce_store *s, const char *domain,
                                    int64_t since, lsc__bounce_row *row)
{
    int rc;
    if (!s || !domain)
        return 0;
    pthread_mutex_lock(&s->mu);
    rc = s->ops->refusal(s->b, domain, since, row);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int lsc_history_bounce_stats(lsc_history *h, uint64_t *total,
                             lsc_bounce_domain *domains, size_t max,
                             size_t *n, lsc_error *err)
{
    lsc__bounce_store *s = lsc__history_bounce_store(h);
    size_t got = 0;
    uint64_t all = 0;
    int rc;
    if (total)
        *total = 0;
    if (n)
        *n = 0;
    if (!h || (!domains && max))
        return lsc__error(err, LSC_EINVAL, "lsc_history_bounce_stats",
                          "history or domains is NULL");
    if (!s)
        return 0;
    pthread_mutex_lock(&s->mu);
    rc = s->ops->stats(s->b, &all, domains, max, &got, err);
    pthread_mutex_unlock(&s->mu);
    if (rc)
        return rc;
    if (total)
        *total = all;
    if (n)
        *n = got;
    return 0;
}
