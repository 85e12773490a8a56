/*
 * history_pg.c - the shared store of the history: a PostgreSQL database
 * reached through libpq (Debian's libpq5), so that a team's composers on
 * many machines see one history.
 *
 * Takes: a connection string ("postgresql://user@host:port/db?..."; any
 * libpq parameter works, e.g. connect_timeout, sslmode, or
 * options=-csearch_path=team1 to keep one history per schema).  Gives: an
 * lsc__store_ops over the same tables as the SQLite store (MIGRATIONS in
 * history_pg_schema.c), each call one statement (one round trip): an add
 * writes the entry and its band and domain rows in one statement, a
 * similarity query joins the band index to the entries and comes back in
 * the order the history judges in.
 *
 * Lost connections: a statement that fails because the connection broke
 * is tried once more on a fresh connection (PQreset); when that fails too
 * the call is LSC_EIO and the next call tries again.  A retried add cannot
 * land twice: every add carries a token (a unique column), and
 * "ON CONFLICT (token) DO NOTHING" answers the first add's id.
 *
 * Threads: one connection per handle, used only under the handle's mutex.
 * libpq never prints: notices go to a processor that drops them.
 * Results are read in binary (integers big-endian, bytea raw).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

#include "history/history_cache.h"
#include "history/history_pg.h"

enum {
    P_ADD, P_SIMILAR, P_GET, P_SCAN, P_SCAN_IDS, P_SCAN_DOM, P_COUNT,
    P_COUNT_DOM, P_OLD, P_DELETE, P_N_DOMS, P_TOP_DOM, P_SIMILAR_IDS,
    P_FETCH, P_COUNT_STMTS
};

/* The candidates of history.h's similar (r: the newest ids of each band;
 * c: how many bands hold each), one more than are compared, and last the
 * longest band list read (full: there may be more). */
#define SIMILAR_HEAD \
    "WITH r AS (SELECT u.n, x.id" \
    "  FROM unnest($1::int8[]) WITH ORDINALITY AS u(key, n)" \
    "  CROSS JOIN LATERAL (SELECT b.id FROM lsc_bands b" \
    "   WHERE b.band = (u.n - 1)::smallint AND b.key = u.key" \
    "   ORDER BY b.id DESC LIMIT " LSC__HISTORY_STR(LSC__HISTORY_BAND_ROWS) \
    "  ) x)," \
    " c AS (SELECT id, count(*) AS nb FROM r GROUP BY id)"
#define SIMILAR_TAIL \
    " (SELECT coalesce(max(k), 0) FROM" \
    "  (SELECT count(*) AS k FROM r GROUP BY n) w)::int8" \
    " FROM c JOIN lsc_fingerprints f ON f.id = c.id" \
    " WHERE f.time BETWEEN $2 AND $3 ORDER BY c.nb DESC, f.id DESC" \
    " LIMIT " LSC__HISTORY_STR(LSC_HISTORY_MAX_COMPARED) " + 1"

static const char *const SQL[P_COUNT_STMTS] = {
    /* P_ADD: $1 time, $2 fp, $3 sender, $4 token, $5 band keys, $6
     * domains.  The second SELECT answers the id of an earlier add with
     * the same token (it does not see this statement's own insert). */
    "WITH ins AS (INSERT INTO lsc_fingerprints(time, fp, sender, token)"
    " VALUES($1, $2, $3, $4) ON CONFLICT (token) DO NOTHING"
    " RETURNING id, time),"
    " b AS (INSERT INTO lsc_bands(band, key, id)"
    "  SELECT (u.n - 1)::smallint, u.key, ins.id FROM ins,"
    "  unnest($5::int8[]) WITH ORDINALITY AS u(key, n)),"
    " d AS (INSERT INTO lsc_domains(domain, time, id)"
    "  SELECT u.d, ins.time, ins.id FROM ins, unnest($6::text[]) AS u(d))"
    " SELECT id FROM ins"
    " UNION ALL SELECT id FROM lsc_fingerprints WHERE token = $4",
    /* P_SIMILAR: $1 band keys, $2..$3 span */
    SIMILAR_HEAD
    "SELECT f.id, f.time, f.fp, f.sender,"
    SIMILAR_TAIL,
    "SELECT id, time, fp, sender FROM lsc_fingerprints"
    " WHERE id = $3 AND time BETWEEN $1 AND $2",
    "SELECT id, time, fp, sender FROM lsc_fingerprints"
    " WHERE time BETWEEN $1 AND $2 ORDER BY id",
    "SELECT id, time FROM lsc_fingerprints"
    " WHERE time BETWEEN $1 AND $2 ORDER BY id",
    "SELECT f.id, f.time, f.fp, f.sender FROM lsc_domains d"
    " JOIN lsc_fingerprints f ON f.id = d.id"
    " WHERE d.domain = $3 AND d.time BETWEEN $1 AND $2 ORDER BY f.id",
    "SELECT count(*) FROM lsc_fingerprints WHERE time BETWEEN $1 AND $2",
    "SELECT count(*) FROM lsc_domains"
    " WHERE domain = $3 AND time BETWEEN $1 AND $2",
    "SELECT id, time, fp FROM lsc_fingerprints WHERE time < $1"
    " ORDER BY time LIMIT $2",
    /* P_DELETE: $1 ids; $2-$4 band rows; $5-$7 domain rows */
    "WITH f AS (DELETE FROM lsc_fingerprints WHERE id = ANY($1::int8[])),"
    " b AS (DELETE FROM lsc_bands x USING unnest($2::int2[], $3::int8[],"
    "  $4::int8[]) AS u(band, key, id)"
    "  WHERE x.band = u.band AND x.key = u.key AND x.id = u.id)"
    " DELETE FROM lsc_domains x USING unnest($5::text[], $6::int8[],"
    "  $7::int8[]) AS u(domain, time, id)"
    " WHERE x.domain = u.domain AND x.time = u.time AND x.id = u.id",
    "SELECT count(DISTINCT domain) FROM lsc_domains"
    " WHERE time BETWEEN $1 AND $2",
    "SELECT domain, count(*) AS c FROM lsc_domains"
    " WHERE time BETWEEN $1 AND $2 GROUP BY domain"
    " ORDER BY c DESC, domain COLLATE \"C\" LIMIT 1",
    /* P_SIMILAR_IDS: P_SIMILAR without the fingerprints (the cache has
     * most of them); P_FETCH: the ones it lacks, $1 ids */
    SIMILAR_HEAD
    "SELECT f.id, f.time,"
    SIMILAR_TAIL,
    "SELECT id, time, fp FROM lsc_fingerprints WHERE id = ANY($1::int8[])",
};

static const int NPARAMS[P_COUNT_STMTS] = { 6, 3, 3, 2, 2, 3, 2, 3, 2, 7,
                                            2, 2, 3, 1 };

/* Adds sent ahead in a batch before their results are read. */
#define BATCH_PIPELINE 256

typedef struct pg_store {
    lsc__pq pq;
    PGconn *conn;
    int in_batch;           /* pipeline mode inside one transaction */
    size_t pending;         /* adds sent, results not yet read */
    lsc__fp_cache *cache;   /* or NULL: every query fetches every blob */
    int prepared;      /* statements exist on this connection */
    int readonly;
    char where[128];   /* host and database, for error messages */
} pg_store;

/* ---- connection, errors, retries ---- */

int lsc__pg_error(const lsc__pq *pq, PGconn *conn, const PGresult *res,
                  const char *where, lsc_error *err, const char *what)
{
    const char *state = res ? pq->PQresultErrorField(res, PG_DIAG_SQLSTATE)
                            : NULL;
    const char *msg = res ? pq->PQresultErrorMessage(res) : NULL;
    int code = LSC_EIO;
    char text[200];
    size_t n;
    if (!msg || !*msg)
        msg = conn ? pq->PQerrorMessage(conn) : "no connection";
    snprintf(text, sizeof text, "%s", msg);
    n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = 0;
    if (state && (strncmp(state, "40", 2) == 0 ||
                  strcmp(state, "55P03") == 0))
        code = LSC_EBUSY;     /* serialization, deadlock, lock timeout */
    else if (state && strcmp(state, "53200") == 0)
        code = LSC_ENOMEM;
    return lsc__error(err, code, where, "%s: %s", what, text);
}

static int prepare_all(pg_store *s, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    char name[16];
    size_t i;
    for (i = 0; i < P_COUNT_STMTS; i++) {
        PGresult *r;
        snprintf(name, sizeof name, "lsc_%zu", i);
        r = pq->PQprepare(s->conn, name, SQL[i], NPARAMS[i], NULL);
        if (pq->PQresultStatus(r) != PGRES_COMMAND_OK) {
            int rc = lsc__pg_error(pq, s->conn, r, s->where, err,
                                   "preparing statements");
            pq->PQclear(r);
            return rc;
        }
        pq->PQclear(r);
    }
    s->prepared = 1;
    return 0;
}

/* A connection fit for a statement: reconnects a broken one. */
static int ready(pg_store *s, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    if (pq->PQstatus(s->conn) != CONNECTION_OK) {
        pq->PQreset(s->conn);
        s->prepared = 0;
        if (pq->PQstatus(s->conn) != CONNECTION_OK)
            return lsc__error(err, LSC_EIO, s->where,
                              "the history's server is not reachable: %s",
                              pq->PQerrorMessage(s->conn));
        lsc__pg_session(pq, s->conn, s->readonly);
    }
    return s->prepared ? 0 : prepare_all(s, err);
}

/* Parameters of one statement: text, except bytea given as binary. */
typedef struct params {
    const char *v[7];
    int len[7];
    int fmt[7];
} params;

/* Runs statement which and returns its result (*out, to PQclear), once
 * more on a fresh connection when the connection broke. */
static int run(pg_store *s, int which, const params *p, PGresult **out,
               lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    char name[16];
    int attempt, rc = 0;
    *out = NULL;
    snprintf(name, sizeof name, "lsc_%d", which);
    for (attempt = 0; attempt < 2; attempt++) {
        PGresult *r;
        ExecStatusType st;
        rc = ready(s, err);
        if (rc)
            continue;
        r = pq->PQexecPrepared(s->conn, name, NPARAMS[which], p->v, p->len,
                           p->fmt, 1);
        st = pq->PQresultStatus(r);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            *out = r;
            return 0;
        }
        rc = lsc__pg_error(pq, s->conn, r, s->where, err, "history");
        pq->PQclear(r);
        if (pq->PQstatus(s->conn) == CONNECTION_OK)
            return rc;      /* the statement failed, not the connection */
        rc = LSC_EIO;
    }
    return rc;
}

/* ---- values ---- */

static int64_t be64(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++)
        v = v << 8 | u[i];
    return (int64_t)v;
}

static void set_text(params *p, int i, const char *v)
{
    p->v[i] = v;
    p->len[i] = 0;
    p->fmt[i] = 0;
}

static void set_span(params *p, char buf[2][24], lsc__store_span span)
{
    snprintf(buf[0], 24, "%lld", (long long)span.since);
    snprintf(buf[1], 24, "%lld", (long long)span.until);
    set_text(p, 0, buf[0]);
    set_text(p, 1, buf[1]);
}

/* Hands out row i of r (id, time[, fp, sender]). */
static int give_row(pg_store *s, PGresult *r, int i, int with_blob,
                    lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    lsc__store_row row;
    memset(&row, 0, sizeof row);
    if (pq->PQgetlength(r, i, 0) != 8 || pq->PQgetlength(r, i, 1) != 8)
        return lsc__error(err, LSC_ECORRUPT, s->where,
                          "unexpected column types (not a libscore history)");
    row.id = be64(pq->PQgetvalue(r, i, 0));
    row.time = be64(pq->PQgetvalue(r, i, 1));
    row.sender = "";
    if (with_blob) {
        row.blob = (const unsigned char *)pq->PQgetvalue(r, i, 2);
        row.len = (size_t)pq->PQgetlength(r, i, 2);
        row.sender = pq->PQgetvalue(r, i, 3);
        if (!row.len)
            return lsc__error(err, LSC_ECORRUPT, s->where,
                              "entry %lld is damaged (no fingerprint)",
                              (long long)row.id);
    }
    return fn(ud, &row);
}

static int give_rows(pg_store *s, PGresult *r, int with_blob,
                     lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    int i, rc = 0;
    if (with_blob && pq->PQnfields(r) < 4)
        return lsc__error(err, LSC_ECORRUPT, s->where, "unexpected result");
    for (i = 0; rc == 0 && i < pq->PQntuples(r); i++)
        rc = give_row(s, r, i, with_blob, fn, ud, err);
    return rc;
}

/* ---- operations ---- */

/* Reads the results of the adds sent ahead, up to a sync point. */
static int drain(pg_store *s, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    int rc = 0, nulls = 0;
    if (!pq->PQpipelineSync(s->conn))
        return lsc__pg_error(pq, s->conn, NULL, s->where, err, "batch");
    for (;;) {
        PGresult *r = pq->PQgetResult(s->conn);
        ExecStatusType st;
        if (!r) {
            /* one NULL ends each statement's results; two in a row, or a
             * broken connection, mean nothing more will come */
            if (++nulls > 1 || pq->PQstatus(s->conn) != CONNECTION_OK) {
                if (rc == 0)
                    rc = lsc__pg_error(pq, s->conn, NULL, s->where, err,
                                       "batch");
                break;
            }
            continue;
        }
        nulls = 0;
        st = pq->PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) {
            pq->PQclear(r);
            break;
        }
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && rc == 0)
            rc = lsc__pg_error(pq, s->conn, r, s->where, err, "batch");
        pq->PQclear(r);
    }
    s->pending = 0;
    return rc;
}

static int pg_add(void *p, const lsc__store_entry *e, int64_t *id,
                  lsc_error *err)
{
    pg_store *s = p;
    const lsc__pq *pq = &s->pq;
    lsc__pgbuf keys, doms;
    char t[24], tok[24];
    params pa;
    PGresult *r = NULL;
    int rc;
    lsc__pgbuf_init(&keys);
    lsc__pgbuf_init(&doms);
    rc = lsc__pg_int_array(&keys, (const int64_t *)e->keys, e->n_keys);
    if (rc == 0)
        rc = lsc__pg_text_array(&doms, (const char *const *)e->domains,
                                e->n_domains);
    if (rc) {
        lsc__pgbuf_free(&keys);
        lsc__pgbuf_free(&doms);
        return lsc__error(err, LSC_ENOMEM, s->where, "out of memory");
    }
    snprintf(t, sizeof t, "%lld", (long long)e->time);
    snprintf(tok, sizeof tok, "%lld", (long long)e->token);
    set_text(&pa, 0, t);
    pa.v[1] = (const char *)e->blob;
    pa.len[1] = (int)e->len;
    pa.fmt[1] = 1;
    set_text(&pa, 2, e->sender);
    set_text(&pa, 3, tok);
    set_text(&pa, 4, keys.p);
    set_text(&pa, 5, doms.p);
    if (s->in_batch) {
        /* Sent ahead; the batch's end reads every result (ids unknown). */
        *id = 0;
        if (!pq->PQsendQueryPrepared(s->conn, "lsc_0", NPARAMS[P_ADD], pa.v,
                                 pa.len, pa.fmt, 1))
            rc = lsc__pg_error(pq, s->conn, NULL, s->where, err, "batch");
        else if (++s->pending >= BATCH_PIPELINE)
            rc = drain(s, err);
        lsc__pgbuf_free(&keys);
        lsc__pgbuf_free(&doms);
        return rc;
    }
    rc = run(s, P_ADD, &pa, &r, err);
    if (rc == 0 && (pq->PQntuples(r) < 1 || pq->PQgetlength(r, 0, 0) != 8))
        rc = lsc__error(err, LSC_EIO, s->where, "the add returned no id");
    if (rc == 0)
        *id = be64(pq->PQgetvalue(r, 0, 0));
    pq->PQclear(r);
    lsc__pgbuf_free(&keys);
    lsc__pgbuf_free(&doms);
    return rc;
}

static int pg_get(void *p, int64_t id, lsc__store_span span,
                  lsc__store_row_fn fn, void *ud, lsc_error *err);

/* Hands out the candidates of ids (id, time rows, in order): from the
 * cache, else from fetched (id, time, fp rows). */
static int give_cached(pg_store *s, PGresult *ids, int n, PGresult *fetched,
                       lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    int i, j, rc = 0;
    for (i = 0; rc == 0 && i < n; i++) {
        lsc__store_row r;
        memset(&r, 0, sizeof r);
        r.id = be64(pq->PQgetvalue(ids, i, 0));
        r.sender = "";
        r.fp = lsc__fp_cache_find(s->cache, r.id, &r.time);
        r.time = be64(pq->PQgetvalue(ids, i, 1));
        if (r.fp) {
            rc = fn(ud, &r);
            continue;
        }
        /* Not kept (it did not decode): its blob, for the history to
         * call damaged; or pushed out of its slot by another candidate
         * of this query: read once more. */
        for (j = 0; fetched && j < pq->PQntuples(fetched); j++)
            if (be64(pq->PQgetvalue(fetched, j, 0)) == r.id)
                break;
        if (fetched && j < pq->PQntuples(fetched)) {
            r.blob = (const unsigned char *)pq->PQgetvalue(fetched, j, 2);
            r.len = (size_t)pq->PQgetlength(fetched, j, 2);
            rc = r.len ? fn(ud, &r)
                       : lsc__error(err, LSC_ECORRUPT, s->where,
                                    "entry %lld is damaged", (long long)r.id);
        } else {
            lsc__store_span any = { INT64_MIN, INT64_MAX };
            rc = pg_get(s, r.id, any, fn, ud, err);
        }
    }
    return rc;
}

/* How many of a similarity query's rows to hand out (its last column the
 * longest band list read), and whether there were more (history.h). */
static int similar_rows(const lsc__pq *pq, const PGresult *r, int *capped)
{
    int n = pq->PQntuples(r), last = pq->PQnfields(r) - 1;
    *capped = 0;
    if (n > LSC_HISTORY_MAX_COMPARED) {
        n = LSC_HISTORY_MAX_COMPARED;
        *capped = 1;
    }
    if (n > 0 && last >= 0 && pq->PQgetlength(r, 0, last) == 8 &&
        be64(pq->PQgetvalue(r, 0, last)) >= LSC__HISTORY_BAND_ROWS)
        *capped = 1;
    return n;
}

static int pg_similar(void *p, const uint64_t *keys, lsc__store_span span,
                      int *capped, lsc__store_row_fn fn, void *ud,
                      lsc_error *err)
{
    pg_store *s = p;
    const lsc__pq *pq = &s->pq;
    lsc__pgbuf kb;
    char sp[2][24];
    params pa;
    PGresult *r = NULL, *f = NULL;
    int rc, i, n = 0;
    *capped = 0;
    lsc__pgbuf_init(&kb);
    if (lsc__pg_int_array(&kb, (const int64_t *)keys, LSC__LSH_BANDS) != 0)
        return lsc__error(err, LSC_ENOMEM, s->where, "out of memory");
    set_text(&pa, 0, kb.p);
    snprintf(sp[0], 24, "%lld", (long long)span.since);
    snprintf(sp[1], 24, "%lld", (long long)span.until);
    set_text(&pa, 1, sp[0]);
    set_text(&pa, 2, sp[1]);
    if (!s->cache) {
        rc = run(s, P_SIMILAR, &pa, &r, err);
        if (rc == 0 && pq->PQnfields(r) != 5)
            rc = lsc__error(err, LSC_ECORRUPT, s->where, "unexpected result");
        if (rc == 0)
            n = similar_rows(pq, r, capped);
        for (i = 0; rc == 0 && i < n; i++)
            rc = give_row(s, r, i, 1, fn, ud, err);
        pq->PQclear(r);
        lsc__pgbuf_free(&kb);
        return rc;
    }
    /* Two round trips at most: the candidates' ids, then the
     * fingerprints the cache lacks (none for a template met before). */
    rc = run(s, P_SIMILAR_IDS, &pa, &r, err);
    if (rc == 0 && pq->PQnfields(r) != 3)
        rc = lsc__error(err, LSC_ECORRUPT, s->where, "unexpected result");
    if (rc == 0)
        n = similar_rows(pq, r, capped);
    if (rc == 0) {
        int64_t t;
        lsc__pgbuf ids;
        size_t n_miss = 0;
        lsc__pgbuf_init(&ids);
        for (i = 0; i < n; i++)
            if (!lsc__fp_cache_find(s->cache, be64(pq->PQgetvalue(r, i, 0)), &t))
                n_miss++;
        if (n_miss) {
            int64_t *v = malloc(n_miss * sizeof *v);
            size_t k = 0;
            if (!v) {
                rc = lsc__error(err, LSC_ENOMEM, s->where, "out of memory");
            } else {
                for (i = 0; i < n; i++) {
                    int64_t id = be64(pq->PQgetvalue(r, i, 0));
                    if (!lsc__fp_cache_find(s->cache, id, &t))
                        v[k++] = id;
                }
                if (lsc__pg_int_array(&ids, v, k) != 0)
                    rc = lsc__error(err, LSC_ENOMEM, s->where,
                                    "out of memory");
                free(v);
            }
            if (rc == 0) {
                params fp;
                set_text(&fp, 0, ids.p);
                rc = run(s, P_FETCH, &fp, &f, err);
            }
            for (i = 0; rc == 0 && i < pq->PQntuples(f); i++)
                (void)lsc__fp_cache_put(s->cache, be64(pq->PQgetvalue(f, i, 0)),
                                        be64(pq->PQgetvalue(f, i, 1)),
                                        pq->PQgetvalue(f, i, 2),
                                        (size_t)pq->PQgetlength(f, i, 2));
        }
        lsc__pgbuf_free(&ids);
    }
    if (rc == 0)
        rc = give_cached(s, r, n, f, fn, ud, err);
    pq->PQclear(r);
    pq->PQclear(f);
    lsc__pgbuf_free(&kb);
    return rc;
}

static int pg_get(void *p, int64_t id, lsc__store_span span,
                  lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    pg_store *s = p;
    const lsc__pq *pq = &s->pq;
    char sp[2][24], ids[24];
    params pa;
    PGresult *r = NULL;
    int rc;
    set_span(&pa, sp, span);
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    set_text(&pa, 2, ids);
    rc = run(s, P_GET, &pa, &r, err);
    if (rc == 0)
        rc = give_rows(s, r, 1, fn, ud, err);
    pq->PQclear(r);
    return rc;
}

/* Runs a scan in single-row mode, so that a million rows never sit in
 * one result; a broken connection is retried only before the first row
 * was handed out. */
static int run_rows(pg_store *s, int which, const params *p, int with_blob,
                    lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    char name[16];
    int attempt, rc = 0;
    snprintf(name, sizeof name, "lsc_%d", which);
    for (attempt = 0; attempt < 2; attempt++) {
        PGresult *r;
        int rows = 0, done = 0;
        rc = ready(s, err);
        if (rc)
            continue;
        if (!pq->PQsendQueryPrepared(s->conn, name, NPARAMS[which], p->v, p->len,
                                 p->fmt, 1) ||
            !pq->PQsetSingleRowMode(s->conn)) {
            rc = lsc__pg_error(pq, s->conn, NULL, s->where, err, "history");
            if (pq->PQstatus(s->conn) == CONNECTION_OK)
                return rc;
            continue;
        }
        /* Every result is read to the end, even after an error, so the
         * connection is ready for the next statement. */
        while ((r = pq->PQgetResult(s->conn)) != NULL) {
            ExecStatusType st = pq->PQresultStatus(r);
            if (st == PGRES_SINGLE_TUPLE) {
                if (rc == 0 && !done)
                    rc = give_rows(s, r, with_blob, fn, ud, err);
                rows++;
            } else if (st != PGRES_TUPLES_OK && !done) {
                rc = lsc__pg_error(pq, s->conn, r, s->where, err, "history");
                done = 1;
            }
            pq->PQclear(r);
        }
        if (!done || rows > 0 || pq->PQstatus(s->conn) == CONNECTION_OK)
            return rc;
        rc = LSC_EIO;
    }
    return rc;
}

static int pg_scan(void *p, const char *domain, lsc__store_span span,
                   int with_blob, lsc__store_row_fn fn, void *ud,
                   lsc_error *err)
{
    pg_store *s = p;
    char sp[2][24];
    params pa;
    int which = domain ? P_SCAN_DOM : with_blob ? P_SCAN : P_SCAN_IDS;
    set_span(&pa, sp, span);
    if (domain) {
        set_text(&pa, 2, domain);
        with_blob = 1;
    }
    return run_rows(s, which, &pa, with_blob, fn, ud, err);
}

static int one_count(pg_store *s, int which, const params *pa, uint64_t *n,
                     lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    PGresult *r = NULL;
    int rc = run(s, which, pa, &r, err);
    *n = 0;
    if (rc == 0 && pq->PQntuples(r) == 1 && pq->PQgetlength(r, 0, 0) == 8)
        *n = (uint64_t)be64(pq->PQgetvalue(r, 0, 0));
    pq->PQclear(r);
    return rc;
}

static int pg_count(void *p, const char *domain, lsc__store_span span,
                    uint64_t *n, lsc_error *err)
{
    pg_store *s = p;
    char sp[2][24];
    params pa;
    set_span(&pa, sp, span);
    if (domain)
        set_text(&pa, 2, domain);
    return one_count(s, domain ? P_COUNT_DOM : P_COUNT, &pa, n, err);
}

static int pg_domains(void *p, lsc__store_span span, uint64_t *n_domains,
                      char *top, size_t top_cap, uint64_t *top_count,
                      lsc_error *err)
{
    pg_store *s = p;
    const lsc__pq *pq = &s->pq;
    char sp[2][24];
    params pa;
    PGresult *r = NULL;
    int rc;
    set_span(&pa, sp, span);
    rc = one_count(s, P_N_DOMS, &pa, n_domains, err);
    if (rc == 0)
        rc = run(s, P_TOP_DOM, &pa, &r, err);
    if (rc == 0 && pq->PQntuples(r) == 1 && pq->PQgetlength(r, 0, 1) == 8) {
        snprintf(top, top_cap, "%s", pq->PQgetvalue(r, 0, 0));
        *top_count = (uint64_t)be64(pq->PQgetvalue(r, 0, 1));
    }
    pq->PQclear(r);
    return rc;
}

static int pg_prune(void *p, int64_t before, size_t max, size_t *n,
                    lsc_error *err)
{
    pg_store *s = p;
    const lsc__pq *pq = &s->pq;
    char sp[2][24];
    params pa;
    PGresult *r = NULL;
    int rc;
    *n = 0;
    snprintf(sp[0], 24, "%lld", (long long)before);
    snprintf(sp[1], 24, "%zu", max);
    set_text(&pa, 0, sp[0]);
    set_text(&pa, 1, sp[1]);
    rc = run(s, P_OLD, &pa, &r, err);
    if (rc == 0 && pq->PQntuples(r) > 0) {
        lsc__pg_delete del;
        int i;
        lsc__pg_delete_init(&del);
        for (i = 0; rc == 0 && i < pq->PQntuples(r); i++)
            rc = lsc__pg_delete_add(&del, be64(pq->PQgetvalue(r, i, 0)),
                                    be64(pq->PQgetvalue(r, i, 1)),
                                    pq->PQgetvalue(r, i, 2),
                                    (size_t)pq->PQgetlength(r, i, 2));
        if (rc == 0)
            rc = lsc__pg_delete_finish(&del);
        if (rc == 0) {
            PGresult *d = NULL;
            params dp;
            for (i = 0; i < 7; i++)
                set_text(&dp, i, del.arr[i].p);
            rc = run(s, P_DELETE, &dp, &d, err);
            pq->PQclear(d);
        } else {
            rc = lsc__error(err, rc, s->where, "out of memory");
        }
        if (rc == 0)
            *n = (size_t)pq->PQntuples(r);
        lsc__pg_delete_free(&del);
    }
    pq->PQclear(r);
    return rc;
}

/* A batch is one transaction whose adds go through libpq's pipeline
 * mode: BATCH_PIPELINE of them travel before their results are read, so
 * building a big history does not wait a round trip per add. */
static int pg_batch(void *p, int begin, lsc_error *err)
{
    pg_store *s = p;
    const lsc__pq *pq = &s->pq;
    PGresult *r;
    int rc = 0;
    if (begin) {
        rc = ready(s, err);
        if (rc)
            return rc;
        r = pq->PQexec(s->conn, "BEGIN");
        if (pq->PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = lsc__pg_error(pq, s->conn, r, s->where, err, "batch");
        pq->PQclear(r);
        if (rc == 0 && !pq->PQenterPipelineMode(s->conn))
            rc = lsc__pg_error(pq, s->conn, NULL, s->where, err, "batch");
        s->in_batch = rc == 0;
        s->pending = 0;
        return rc;
    }
    if (!s->in_batch)
        return 0;
    rc = drain(s, err);
    s->in_batch = 0;
    if (!pq->PQexitPipelineMode(s->conn) && rc == 0)
        rc = lsc__pg_error(pq, s->conn, NULL, s->where, err, "batch");
    r = pq->PQexec(s->conn, rc == 0 ? "COMMIT" : "ROLLBACK");
    if (pq->PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
        rc = lsc__pg_error(pq, s->conn, r, s->where, err, "batch");
    pq->PQclear(r);
    return rc;
}

static uint64_t pg_memory(void *p)
{
    (void)p;
    return sizeof(pg_store);    /* results live only during a call */
}

static void pg_close(void *p)
{
    pg_store *s = p;
    if (!s)
        return;
    if (s->conn)
        s->pq.PQfinish(s->conn);
    lsc__pq_unload(&s->pq);
    lsc__fp_cache_free(s->cache);
    free(s);
}

static const lsc__store_ops pg_ops = {
    "postgresql", pg_add, pg_similar, pg_scan, pg_count, pg_get, pg_prune,
    pg_domains, pg_batch, pg_memory, pg_close
};

int lsc__store_pg_open(void **out, const lsc__store_ops **ops,
                       const char *conninfo, const lsc_history_options *o,
                       lsc_error *err)
{
    pg_store *s;
    int rc;
    *out = NULL;
    *ops = &pg_ops;
    s = calloc(1, sizeof *s);
    if (!s)
        return lsc__error(err, LSC_ENOMEM, "lsc_history_open",
                          "out of memory");
    s->readonly = (o->flags & LSC_HISTORY_READONLY) != 0;
    rc = lsc__pq_load(&s->pq, "lsc_history_open", err);
    if (rc == 0)
        rc = lsc__pg_connect(&s->pq, &s->conn, s->where, sizeof s->where, "",
                             conninfo, o, err);
    if (rc == 0)
        rc = prepare_all(s, err);
    s->cache = lsc__fp_cache_new();
    if (rc) {
        pg_close(s);
        return rc;
    }
    *out = s;
    return 0;
}
