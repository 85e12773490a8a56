/*
 * history_pg_schema.c - the PostgreSQL history's versioned schema, and the
 * array literals its statements take.
 *
 * Takes: a connection.  Gives: a database at LSC__PG_SCHEMA_VERSION with
 *   lsc_schema_version(version PRIMARY KEY, applied)   migrations done
 *   lsc_meta(key PRIMARY KEY, value)                   format marker
 *   lsc_fingerprints(id bigserial, time, fp bytea, sender, token UNIQUE)
 *   lsc_bands(band, key, id)       the LSH index (primary key order)
 *   lsc_domains(domain, time, id)  the per-domain time index
 *   lsc_bounces(address, domain, time, reason, status, hard)  (2)
 * the same tables as the SQLite store, plus the token that makes a
 * retried add land once.  Migrations run in one transaction under an
 * advisory lock, so processes opening a new database at once wait for
 * the first.  A new migration is one more row of MIGRATIONS.  The
 * connection both stores open (letters and bounces) is made here too.
 */
#include <stdio.h>
#include <stdlib.h>

#include "history/history_pg.h"

#define FORMAT_NAME "libscore-history"
/* Key of the advisory lock the migrations take ("lsch"). */
#define MIGRATION_LOCK "1819501416"

/* ---- text buffers and array literals ---- */

void lsc__pgbuf_init(lsc__pgbuf *b)
{
    memset(b, 0, sizeof *b);
}

void lsc__pgbuf_free(lsc__pgbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

static void put(lsc__pgbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        char *np;
        while (nc < b->n + n + 1)
            nc *= 2;
        np = realloc(b->p, nc);
        if (!np) {
            b->failed = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void put_int(lsc__pgbuf *b, int64_t v)
{
    char t[24];
    int n = snprintf(t, sizeof t, "%lld", (long long)v);
    put(b, t, (size_t)n);
}

/* One quoted element: " and \ escaped. */
static void put_quoted(lsc__pgbuf *b, const char *s)
{
    put(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            put(b, "\\", 1);
        put(b, s, 1);
    }
    put(b, "\"", 1);
}

int lsc__pg_int_array(lsc__pgbuf *b, const int64_t *v, size_t n)
{
    size_t i;
    put(b, "{", 1);
    for (i = 0; i < n; i++) {
        if (i)
            put(b, ",", 1);
        put_int(b, v[i]);
    }
    put(b, "}", 1);
    return b->failed ? LSC_ENOMEM : 0;
}

int lsc__pg_text_array(lsc__pgbuf *b, const char *const *v, size_t n)
{
    size_t i;
    put(b, "{", 1);
    for (i = 0; i < n; i++) {
        if (i)
            put(b, ",", 1);
        put_quoted(b, v[i]);
    }
    put(b, "}", 1);
    return b->failed ? LSC_ENOMEM : 0;
}

/* ---- pruning deletes ---- */

void lsc__pg_delete_init(lsc__pg_delete *d)
{
    size_t i;
    memset(d, 0, sizeof *d);
    for (i = 0; i < 7; i++)
        put(&d->arr[i], "{", 1);
}

static void sep(lsc__pgbuf *b)
{
    if (b->n > 1)
        put(b, ",", 1);
}

int lsc__pg_delete_add(lsc__pg_delete *d, int64_t id, int64_t time,
                       const void *blob, size_t len)
{
    lsc_fingerprint *fp = NULL;
    lsc__alloc al;
    size_t i;
    sep(&d->arr[0]);
    put_int(&d->arr[0], id);
    d->n++;
    lsc__alloc_init(&al, NULL);
    if (!blob || !len ||
        lsc__fingerprint_decode_al(&fp, &al, blob, len, NULL) != 0)
        return d->arr[0].failed ? LSC_ENOMEM : 0;
    for (i = 0; fp->n_shingles && i < LSC__LSH_BANDS; i++) {
        sep(&d->arr[1]);
        put_int(&d->arr[1], (int64_t)i);
        sep(&d->arr[2]);
        put_int(&d->arr[2], (int64_t)lsc__band_key(fp, i));
        sep(&d->arr[3]);
        put_int(&d->arr[3], id);
    }
    for (i = 0; i < fp->n_domains; i++) {
        sep(&d->arr[4]);
        put_quoted(&d->arr[4], fp->domains[i]);
        sep(&d->arr[5]);
        put_int(&d->arr[5], time);
        sep(&d->arr[6]);
        put_int(&d->arr[6], id);
    }
    lsc_fingerprint_free(fp);
    for (i = 0; i < 7; i++)
        if (d->arr[i].failed)
            return LSC_ENOMEM;
    return 0;
}

int lsc__pg_delete_finish(lsc__pg_delete *d)
{
    size_t i;
    for (i = 0; i < 7; i++) {
        put(&d->arr[i], "}", 1);
        if (d->arr[i].failed)
            return LSC_ENOMEM;
    }
    return 0;
}

void lsc__pg_delete_free(lsc__pg_delete *d)
{
    size_t i;
    for (i = 0; i < 7; i++)
        lsc__pgbuf_free(&d->arr[i]);
}

/* ---- schema ---- */

typedef struct migration {
    int version;
    const char *sql;
} migration;

static const migration MIGRATIONS[] = {
    { 1,
      "CREATE TABLE lsc_meta(key text PRIMARY KEY, value text);"
      "CREATE TABLE lsc_fingerprints(id bigserial PRIMARY KEY,"
      " time bigint NOT NULL, fp bytea NOT NULL,"
      " sender text NOT NULL DEFAULT '', token bigint UNIQUE);"
      "CREATE INDEX lsc_fingerprints_time ON lsc_fingerprints(time, id);"
      "CREATE TABLE lsc_bands(band smallint NOT NULL, key bigint NOT NULL,"
      " id bigint NOT NULL, PRIMARY KEY(band, key, id));"
      "CREATE TABLE lsc_domains(domain text NOT NULL, time bigint NOT NULL,"
      " id bigint NOT NULL, PRIMARY KEY(domain, time, id));"
      "INSERT INTO lsc_meta VALUES('format', '" FORMAT_NAME "');" },
    /* 2: the bounces the team has read (history_bounce_pg.c); unique so
     * that an add retried after a lost connection lands once */
    { 2,
      "CREATE TABLE lsc_bounces(id bigserial PRIMARY KEY,"
      " address text NOT NULL, domain text NOT NULL, time bigint NOT NULL,"
      " reason text NOT NULL, status text NOT NULL, hard smallint NOT NULL,"
      " UNIQUE(address, time, status, reason));"
      "CREATE INDEX lsc_bounces_address ON lsc_bounces(address, time);"
      "CREATE INDEX lsc_bounces_domain ON lsc_bounces(domain, time);" },
};

typedef char migrations_match_version[
    LSC__COUNT(MIGRATIONS) == LSC__PG_SCHEMA_VERSION ? 1 : -1];

static int exec(const lsc__pq *pq, PGconn *c, const char *where,
                const char *sql, lsc_error *err)
{
    PGresult *r = pq->PQexec(c, sql);
    ExecStatusType st = pq->PQresultStatus(r);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = lsc__pg_error(pq, c, r, where, err, "setting up the history");
    pq->PQclear(r);
    return rc;
}

/* The first column of the first row as an integer; *v = -1 without. */
static int query_int(const lsc__pq *pq, PGconn *c, const char *where,
                     const char *sql, long long *v, lsc_error *err)
{
    PGresult *r = pq->PQexec(c, sql);
    int rc = 0;
    *v = -1;
    if (pq->PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = lsc__pg_error(pq, c, r, where, err, "reading the schema");
    else if (pq->PQntuples(r) > 0 && !pq->PQgetisnull(r, 0, 0))
        *v = atoll(pq->PQgetvalue(r, 0, 0));
    pq->PQclear(r);
    return rc;
}

/* Version of the schema: 0 none, -2 a foreign lsc_meta, else max. */
static int read_version(const lsc__pq *pq, PGconn *c, const char *where,
                        long long *v, lsc_error *err)
{
    long long has_meta, has_versions, ours;
    int rc = query_int(pq, c, where, "SELECT count(*) FROM pg_catalog.pg_tables"
                       " WHERE tablename = 'lsc_meta'"
                       " AND schemaname = ANY(current_schemas(false))",
                       &has_meta, err);
    if (rc == 0)
        rc = query_int(pq, c, where, "SELECT count(*) FROM pg_catalog.pg_tables"
                       " WHERE tablename = 'lsc_schema_version'"
                       " AND schemaname = ANY(current_schemas(false))",
                       &has_versions, err);
    *v = 0;
    if (rc || has_meta <= 0)
        return rc;
    rc = query_int(pq, c, where, "SELECT count(*) FROM lsc_meta WHERE key ="
                   " 'format' AND value = '" FORMAT_NAME "'", &ours, err);
    if (rc == 0 && ours <= 0)
        *v = -2;
    else if (rc == 0 && has_versions > 0)
        rc = query_int(pq, c, where, "SELECT coalesce(max(version), 0)"
                       " FROM lsc_schema_version", v, err);
    return rc;
}

static int migrate(const lsc__pq *pq, PGconn *c, const char *where,
                   int busy_timeout_ms, lsc_error *err)
{
    char sql[128];
    long long v = 0;
    size_t i;
    int rc = exec(pq, c, where, "BEGIN", err);
    if (rc)
        return rc;
    snprintf(sql, sizeof sql, "SET LOCAL lock_timeout = %d",
             busy_timeout_ms);
    rc = exec(pq, c, where, sql, err);
    if (rc == 0)
        rc = exec(pq, c, where, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK
                  ")", err);
    if (rc == 0)
        rc = exec(pq, c, where, "CREATE TABLE IF NOT EXISTS lsc_schema_version("
                  "version integer PRIMARY KEY, applied bigint NOT NULL)",
                  err);
    if (rc == 0)
        rc = read_version(pq, c, where, &v, err);
    if (rc == 0 && v == -2)
        rc = lsc__error(err, LSC_ECORRUPT, where,
                        "not a libscore history (another lsc_meta)");
    for (i = 0; rc == 0 && i < LSC__COUNT(MIGRATIONS); i++) {
        if (MIGRATIONS[i].version <= v)
            continue;
        rc = exec(pq, c, where, MIGRATIONS[i].sql, err);
        snprintf(sql, sizeof sql, "INSERT INTO lsc_schema_version VALUES(%d,"
                 " extract(epoch FROM now())::bigint)",
                 MIGRATIONS[i].version);
        if (rc == 0)
            rc = exec(pq, c, where, sql, err);
    }
    if (rc) {
        pq->PQclear(pq->PQexec(c, "ROLLBACK"));
        return rc;
    }
    return exec(pq, c, where, "COMMIT", err);
}

int lsc__pg_schema(const lsc__pq *pq, PGconn *c, const char *where,
                   int readonly, int busy_timeout_ms, lsc_error *err)
{
    long long v = 0;
    int rc = read_version(pq, c, where, &v, err);
    if (rc)
        return rc;
    if (v == -2)
        return lsc__error(err, LSC_ECORRUPT, where,
                          "not a libscore history (another lsc_meta)");
    if (v == LSC__PG_SCHEMA_VERSION)
        return 0;
    if (v > LSC__PG_SCHEMA_VERSION)
        return lsc__error(err, LSC_EVERSION, where,
                          "history schema %lld, this library reads up to %d",
                          v, LSC__PG_SCHEMA_VERSION);
    if (readonly)
        return v == 0 ? lsc__error(err, LSC_ECORRUPT, where,
                                   "not a libscore history (no tables)")
                      : lsc__error(err, LSC_EVERSION, where,
                                   "history schema %lld: open it writable "
                                   "once to bring it up to date", v);
    return migrate(pq, c, where, busy_timeout_ms, err);
}

/* ---- the connection ---- */

static void drop_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

void lsc__pg_session(const lsc__pq *pq, PGconn *conn, int readonly)
{
    pq->PQsetNoticeProcessor(conn, drop_notice, NULL);
    if (readonly)
        pq->PQclear(pq->PQexec(conn, "SET SESSION CHARACTERISTICS AS"
                             " TRANSACTION READ ONLY"));
}

int lsc__pg_connect(const lsc__pq *pq, PGconn **out, char *where,
                    size_t where_cap, const char *suffix, const char *conninfo,
                    const lsc_history_options *o, lsc_error *err)
{
    int readonly = (o->flags & LSC_HISTORY_READONLY) != 0;
    PGconn *c = pq->PQconnectdb(conninfo);
    int rc;
    *out = c;
    if (!c)
        return lsc__error(err, LSC_ENOMEM, "lsc_history_open",
                          "out of memory");
    snprintf(where, where_cap, "postgresql://%s:%s/%s%s",
             pq->PQhost(c) ? pq->PQhost(c) : "", pq->PQport(c) ? pq->PQport(c) : "",
             pq->PQdb(c) ? pq->PQdb(c) : "", suffix);
    if (pq->PQstatus(c) != CONNECTION_OK)
        return lsc__error(err, LSC_EIO, where, "cannot connect: %s",
                          pq->PQerrorMessage(c));
    pq->PQsetNoticeProcessor(c, drop_notice, NULL);
    rc = lsc__pg_schema(pq, c, where, readonly, o->busy_timeout_ms, err);
    if (rc == 0)
        lsc__pg_session(pq, c, readonly);
    return rc;
}

int lsc__pq_load(lsc__pq *pq, const char *where, lsc_error *err)
{
    static const char *const sonames[] = { "libpq.so.5", "libpq.so", NULL };
    lsc__pq *api_ = pq;
    const char *missing_ = NULL;
    void *dl_;
    memset(pq, 0, sizeof *pq);
    dl_ = pq->dl = lsc__dl_open(sonames);
    LSC__PQ_FUNCS(LSC__DL_SET)
    if (!pq->dl || missing_) {
        lsc__pq_unload(pq);
        return lsc__error(err, LSC_EUNSUPPORTED, where,
                          "a history on PostgreSQL needs libpq (libpq.so.5, "
                          "Debian's libpq5): %s",
                          missing_ ? missing_ : "not found");
    }
    return 0;
}

void lsc__pq_unload(lsc__pq *pq)
{
    lsc__dl_close(pq->dl);
    memset(pq, 0, sizeof *pq);
}
