/*
 * history_bounce_pg.c - the bounces of a PostgreSQL history, so that a
 * bounce one salesperson's composer read warns the whole team before the
 * next letter to that dead address goes out.
 *
 * Takes: the history's connection string and its options.  Gives: an
 * lsc__bounce_ops over the table lsc_bounces of the history's database
 * (migration 2 in history_pg_schema.c), with the same questions and the
 * same answers as the SQLite backend in history_bounce.c.
 *
 * Its own connection (the store's lock serializes it), text parameters,
 * one statement per call (lsc__pg_connect opens it).  A statement that fails because the connection
 * broke is tried once more on a fresh connection; an add sent twice that
 * way lands once, because a bounce is unique by address, time, status and
 * reason ("ON CONFLICT DO NOTHING").  libpq never prints: notices go to a
 * processor that drops them.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

#include "history/history_bounce.h"
#include "history/history_pg.h"

typedef struct bpg {
    lsc__pq pq;
    PGconn *conn;
    int readonly;
    char where[128];
} bpg;

static const char SQL_ADD[] =
    "INSERT INTO lsc_bounces(address, domain, time, reason, status, hard)"
    " SELECT lower(a), lower(d), t, r, s, h FROM unnest($1::text[],"
    " $2::text[], $3::int8[], $4::text[], $5::text[], $6::int8[])"
    " AS u(a, d, t, r, s, h) ON CONFLICT DO NOTHING";
static const char SQL_FIND[] =
    "SELECT time, address, reason, status, hard FROM lsc_bounces"
    " WHERE address = lower($1) AND hard = $2::smallint AND time >= $3"
    " ORDER BY time DESC LIMIT 1";
static const char SQL_REFUSAL[] =
    "SELECT time, address, reason, status, hard FROM lsc_bounces"
    " WHERE domain = lower($1) AND time >= $2 AND reason IN "
    LSC__BOUNCE_REFUSAL_REASONS " ORDER BY time DESC LIMIT 1";
static const char SQL_TOTAL[] = "SELECT count(*) FROM lsc_bounces";
/* The same order as the SQLite backend: count, then the domain's bytes. */
static const char SQL_TOP[] =
    "SELECT domain, count(*) AS n, sum(hard) FROM lsc_bounces"
    " GROUP BY domain ORDER BY n DESC, domain COLLATE \"C\" LIMIT $1";

/* Runs sql with n text parameters; *out the result (to PQclear).  Once
 * more on a fresh connection when the connection broke. */
static int run(bpg *s, const char *sql, int n, const char *const *v,
               PGresult **out, lsc_error *err)
{
    const lsc__pq *pq = &s->pq;
    int attempt, rc = LSC_EIO;
    *out = NULL;
    for (attempt = 0; attempt < 2; attempt++) {
        PGresult *r;
        ExecStatusType st;
        if (pq->PQstatus(s->conn) != CONNECTION_OK) {
            pq->PQreset(s->conn);
            if (pq->PQstatus(s->conn) != CONNECTION_OK) {
                rc = lsc__error(err, LSC_EIO, s->where,
                                "the history's server is not reachable");
                continue;
            }
            lsc__pg_session(pq, s->conn, s->readonly);
        }
        r = pq->PQexecParams(s->conn, sql, n, NULL, v, NULL, NULL, 0);
        st = pq->PQresultStatus(r);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            *out = r;
            return 0;
        }
        rc = lsc__pg_error(pq, s->conn, r, s->where, err, "bounces");
        pq->PQclear(r);
        if (pq->PQstatus(s->conn) == CONNECTION_OK)
            return rc;      /* the statement failed, not the connection */
        rc = LSC_EIO;
    }
    return rc;
}

static void copy_row(const lsc__pq *pq, PGresult *r, lsc__bounce_row *row)
{
    row->time = atoll(pq->PQgetvalue(r, 0, 0));
    snprintf(row->address, sizeof row->address, "%s", pq->PQgetvalue(r, 0, 1));
    snprintf(row->reason, sizeof row->reason, "%s", pq->PQgetvalue(r, 0, 2));
    snprintf(row->status, sizeof row->status, "%s", pq->PQgetvalue(r, 0, 3));
    row->hard = atoi(pq->PQgetvalue(r, 0, 4));
}

static int one_row(bpg *s, const char *sql, int n, const char *const *v,
                   lsc__bounce_row *row)
{
    const lsc__pq *pq = &s->pq;
    PGresult *r;
    int found;
    if (run(s, sql, n, v, &r, NULL))
        return LSC_EIO;
    found = pq->PQntuples(r) > 0;
    if (found)
        copy_row(pq, r, row);
    pq->PQclear(r);
    return found;
}

static int b_find(void *p, const char *address, int want_hard,
                  int64_t since, lsc__bounce_row *row)
{
    char t[24];
    const char *v[3];
    snprintf(t, sizeof t, "%lld", (long long)since);
    v[0] = address;
    v[1] = want_hard ? "1" : "0";
    v[2] = t;
    return one_row(p, SQL_FIND, 3, v, row);
}

static int b_refusal(void *p, const char *domain, int64_t since,
                     lsc__bounce_row *row)
{
    char t[24];
    const char *v[2];
    snprintf(t, sizeof t, "%lld", (long long)since);
    v[0] = domain;
    v[1] = t;
    return one_row(p, SQL_REFUSAL, 2, v, row);
}

static int b_add(void *p, const lsc__bounce_row *rows, size_t n,
                 lsc_error *err)
{
    bpg *s = p;
    const lsc__pq *pq = &s->pq;
    lsc__pgbuf arr[6];
    const char **col = calloc(n ? n * 4 : 1, sizeof *col);
    int64_t *num = calloc(n ? n * 2 : 1, sizeof *num);
    const char *v[6];
    PGresult *r = NULL;
    size_t i;
    int rc = 0;
    if (s->readonly)
        rc = lsc__error(err, LSC_EINVAL, "lsc_history_add_bounce",
                        "this history is read-only");
    for (i = 0; i < 6; i++)
        lsc__pgbuf_init(&arr[i]);
    if (!rc && (!col || !num))
        rc = lsc__error(err, LSC_ENOMEM, "lsc_history_add_bounce",
                        "out of memory");
    for (i = 0; !rc && i < n; i++) {
        const char *at = strrchr(rows[i].address, '@');
        col[i] = rows[i].address;
        col[n + i] = at ? at + 1 : "";
        col[2 * n + i] = rows[i].reason;
        col[3 * n + i] = rows[i].status;
        num[i] = rows[i].time;
        num[n + i] = rows[i].hard;
    }
    if (!rc && (lsc__pg_text_array(&arr[0], col, n) ||
                lsc__pg_text_array(&arr[1], col + n, n) ||
                lsc__pg_int_array(&arr[2], num, n) ||
                lsc__pg_text_array(&arr[3], col + 2 * n, n) ||
                lsc__pg_text_array(&arr[4], col + 3 * n, n) ||
                lsc__pg_int_array(&arr[5], num + n, n)))
        rc = lsc__error(err, LSC_ENOMEM, "lsc_history_add_bounce",
                        "out of memory");
    if (!rc) {
        for (i = 0; i < 6; i++)
            v[i] = arr[i].p;
        rc = run(s, SQL_ADD, 6, v, &r, err);
        pq->PQclear(r);
    }
    for (i = 0; i < 6; i++)
        lsc__pgbuf_free(&arr[i]);
    free(col);
    free(num);
    return rc;
}

static int b_stats(void *p, uint64_t *total, lsc_bounce_domain *domains,
                   size_t max, size_t *n, lsc_error *err)
{
    bpg *s = p;
    const lsc__pq *pq = &s->pq;
    PGresult *r;
    char lim[24];
    const char *v[1];
    int i, rc = run(s, SQL_TOTAL, 0, NULL, &r, err);
    if (rc)
        return rc;
    *total = pq->PQntuples(r) ? strtoull(pq->PQgetvalue(r, 0, 0), NULL, 10) : 0;
    pq->PQclear(r);
    *n = 0;
    if (!max)
        return 0;
    snprintf(lim, sizeof lim, "%zu", LSC__MIN(max, (size_t)INT32_MAX));
    v[0] = lim;
    rc = run(s, SQL_TOP, 1, v, &r, err);
    if (rc)
        return rc;
    for (i = 0; i < pq->PQntuples(r) && (size_t)i < max; i++) {
        snprintf(domains[i].domain, sizeof domains[i].domain, "%s",
                 pq->PQgetvalue(r, i, 0));
        domains[i].bounces = strtoull(pq->PQgetvalue(r, i, 1), NULL, 10);
        domains[i].hard = strtoull(pq->PQgetvalue(r, i, 2), NULL, 10);
    }
    *n = (size_t)i;
    pq->PQclear(r);
    return 0;
}

static void b_close(void *p)
{
    bpg *s = p;
    if (!s)
        return;
    if (s->conn)
        s->pq.PQfinish(s->conn);
    lsc__pq_unload(&s->pq);
    free(s);
}

static const lsc__bounce_ops PG_OPS = {
    b_add, b_find, b_refusal, b_stats, b_close,
};

int lsc__bounce_pg_open(void **out, const lsc__bounce_ops **ops,
                        const char *conninfo, const lsc_history_options *o,
                        lsc_error *err)
{
    bpg *s;
    int rc;
    *out = NULL;
    *ops = &PG_OPS;
    s = calloc(1, sizeof *s);
    if (!s)
        return lsc__error(err, LSC_ENOMEM, "lsc_history_open",
                          "out of memory");
    s->readonly = (o->flags & LSC_HISTORY_READONLY) != 0;
    /* the fingerprint store has migrated the schema already; this only
     * checks it (and migrates when it is the first to open) */
    rc = lsc__pq_load(&s->pq, "lsc_history_open", err);
    if (rc == 0)
        rc = lsc__pg_connect(&s->pq, &s->conn, s->where, sizeof s->where,
                             " (bounces)", conninfo, o, err);
    if (rc) {
        b_close(s);
        return rc;
    }
    *out = s;
    return 0;
}
