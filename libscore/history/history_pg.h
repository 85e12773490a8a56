/*
 * history_pg.h - what the PostgreSQL store's two files share
 * (history_pg.c: the connection and the store's operations;
 * history_pg_schema.c: array literals for statement parameters, the
 * versioned schema and its migrations).
 */
#ifndef LSC_HISTORY_PG_H
#define LSC_HISTORY_PG_H

#include <libpq-fe.h>

#include "history/history.h"

/* The libpq functions the store uses.  libpq is loaded by the first store
 * opened on PostgreSQL (base/dl.c), not linked: it and the TLS, Kerberos
 * and LDAP libraries it needs cost every process 3 to 5 ms at start, and
 * most never open a shared history. */
#define LSC__PQ_FUNCS(X) \
    X(PQclear) \
    X(PQconnectdb) \
    X(PQdb) \
    X(PQenterPipelineMode) \
    X(PQerrorMessage) \
    X(PQexec) \
    X(PQexecParams) \
    X(PQexecPrepared) \
    X(PQexitPipelineMode) \
    X(PQfinish) \
    X(PQgetResult) \
    X(PQgetisnull) \
    X(PQgetlength) \
    X(PQgetvalue) \
    X(PQhost) \
    X(PQnfields) \
    X(PQntuples) \
    X(PQpipelineSync) \
    X(PQport) \
    X(PQprepare) \
    X(PQreset) \
    X(PQresultErrorField) \
    X(PQresultErrorMessage) \
    X(PQresultStatus) \
    X(PQsendQueryPrepared) \
    X(PQsetNoticeProcessor) \
    X(PQsetSingleRowMode) \
    X(PQstatus)

typedef struct lsc__pq {
    void *dl;
    LSC__PQ_FUNCS(LSC__DL_MEMBER)
} lsc__pq;

/* Loads libpq into *pq (LSC_EUNSUPPORTED, said in err for where, when it
 * is not installed); lsc__pq_unload releases it (and takes an unloaded
 * one). */
int lsc__pq_load(lsc__pq *pq, const char *where, lsc_error *err);
void lsc__pq_unload(lsc__pq *pq);

/* The schema version this library writes (migrations 1..it). */
#define LSC__PG_SCHEMA_VERSION 2

/* A growing NUL-terminated text (malloc'd; libpq takes text). */
typedef struct lsc__pgbuf {
    char *p;
    size_t n, cap;
    int failed;
} lsc__pgbuf;

void lsc__pgbuf_init(lsc__pgbuf *b);
void lsc__pgbuf_free(lsc__pgbuf *b);
/* Array literals: {1,-2,3} and {"a","b\"c"}.  LSC_ENOMEM on failure. */
int lsc__pg_int_array(lsc__pgbuf *b, const int64_t *v, size_t n);
int lsc__pg_text_array(lsc__pgbuf *b, const char *const *v, size_t n);

/* The seven array parameters of one pruning delete: ids; band, key, id
 * of band rows; domain, time, id of domain rows. */
typedef struct lsc__pg_delete {
    lsc__pgbuf arr[7];
    size_t n;
} lsc__pg_delete;

void lsc__pg_delete_init(lsc__pg_delete *d);
/* Adds one old entry; its index rows come from its fingerprint (a
 * damaged one deletes only the entry: its index rows are older than any
 * live query's span too). */
int lsc__pg_delete_add(lsc__pg_delete *d, int64_t id, int64_t time,
                       const void *blob, size_t len);
/* Closes the seven literals; LSC_ENOMEM when building any of them failed. */
int lsc__pg_delete_finish(lsc__pg_delete *d);
void lsc__pg_delete_free(lsc__pg_delete *d);

/* An error of the server or the connection as an lsc_error. */
int lsc__pg_error(const lsc__pq *pq, PGconn *conn, const PGresult *res,
                  const char *where, lsc_error *err, const char *what);
/* Checks the marker, creates the schema in an empty database, or migrates
 * an older one, under an advisory lock (several processes may open a new
 * database at once).  Read-only: never writes (LSC_EVERSION when old). */
int lsc__pg_schema(const lsc__pq *pq, PGconn *conn, const char *where,
                   int readonly, int busy_timeout_ms, lsc_error *err);

/* A session fit for the history: notices dropped, read-only when asked. */
void lsc__pg_session(const lsc__pq *pq, PGconn *conn, int readonly);
/* Connects to conninfo (*out, to PQfinish, set even on failure), names it
 * in where ("postgresql://host:port/db" + suffix), and checks or migrates
 * the schema.  0, LSC_EIO, LSC_ENOMEM or the schema's error. */
int lsc__pg_connect(const lsc__pq *pq, PGconn **out, char *where,
                    size_t where_cap, const char *suffix, const char *conninfo,
                    const lsc_history_options *o, lsc_error *err);

#endif
