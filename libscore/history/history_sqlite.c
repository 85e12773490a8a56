/*
 * history_sqlite.c - the embedded store of the history: one SQLite file in
 * WAL mode (Debian's libsqlite3), or a private in-memory database.
 *
 * Takes: a path and the history options.  Gives: an lsc__store_ops over
 *   lsc_meta(key PRIMARY KEY, value)           format marker + version
 *   lsc_schema_version(version PRIMARY KEY, applied)   migrations done
 *   lsc_fingerprints(id INTEGER PRIMARY KEY AUTOINCREMENT, time, fp BLOB,
 *                    sender)                    + index on time
 *   lsc_bands(band, key, id) WITHOUT ROWID      the LSH index
 *   lsc_domains(domain, time, id) WITHOUT ROWID the per-domain time index
 * Nothing is read at open but the schema and the newest entry (a cheap
 * check that the file is whole); the page cache is bounded
 * (CACHE_KIB), so a million entries cost the process a few tens of MB.
 *
 * Migrations are numbered (MIGRATIONS below): a file of an older version
 * is brought up to date in one write transaction when opened writable (a
 * version-1 file gets its band and domain indexes filled from the stored
 * fingerprints); a read-only handle on an old file is LSC_EVERSION.  A
 * table of another part of libscore (lsc_*) is not foreign.
 *
 * Several processes may write at once: each add is one IMMEDIATE
 * transaction that waits up to busy_timeout_ms for the write lock (then
 * LSC_EBUSY).  A commit that returned is in the WAL, which the OS holds
 * even when the process is killed the next instant; with
 * synchronous=NORMAL only a power loss can lose the last commits
 * (LSC_HISTORY_SYNC_FULL fsyncs each one).
 *
 * A file that is not an SQLite database, is damaged, or is another
 * program's database (tables but no libscore marker) is LSC_ECORRUPT; one
 * that cannot be opened LSC_EIO.  SQLite never prints (no log callback is
 * installed) and allocates with its own allocator.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "history/history_cache.h"
#include "history/history_sqlite.h"

#define FORMAT_NAME "libscore-history"
/* Page cache of one handle (negative cache_size: KiB). */
#define CACHE_KIB 65536
/* Page cache while lsc__history_batch builds a history. */
#define BATCH_CACHE_KIB (2 * 1024 * 1024)
/* Room for the candidates of one similarity query (at most
 * LSC__HISTORY_BAND_ROWS from each band), never reached. */
#define MAX_CANDIDATES (2 * LSC__LSH_BANDS * LSC__HISTORY_BAND_ROWS)

enum {
    S_INS_FP, S_INS_BAND, S_INS_DOM, S_BAND_IDS, S_GET, S_SCAN, S_SCAN_IDS,
    S_SCAN_DOM, S_COUNT, S_COUNT_DOM, S_OLD, S_DEL_FP, S_DEL_BAND, S_DEL_DOM,
    S_N_DOMS, S_TOP_DOM, S_BEGIN, S_COMMIT, S_COUNT_STMTS
};

static const char *const SQL[S_COUNT_STMTS] = {
    "INSERT INTO lsc_fingerprints(time, fp, sender) VALUES(?1, ?2, ?3)",
    "INSERT OR IGNORE INTO lsc_bands(band, key, id) VALUES(?1, ?2, ?3)",
    "INSERT OR IGNORE INTO lsc_domains(domain, time, id) VALUES(?1, ?2, ?3)",
    "SELECT id FROM lsc_bands WHERE band = ?1 AND key = ?2 ORDER BY id DESC"
    " LIMIT " LSC__HISTORY_STR(LSC__HISTORY_BAND_ROWS),
    "SELECT id, time, fp, sender FROM lsc_fingerprints WHERE id = ?1",
    "SELECT id, time, fp, sender FROM lsc_fingerprints"
    " WHERE time BETWEEN ?1 AND ?2 ORDER BY id",
    "SELECT id, time FROM lsc_fingerprints INDEXED BY lsc_fingerprints_time"
    " WHERE time BETWEEN ?1 AND ?2 ORDER BY id",
    "SELECT f.id, f.time, f.fp, f.sender FROM lsc_domains d"
    " JOIN lsc_fingerprints f ON f.id = d.id"
    " WHERE d.domain = ?3 AND d.time BETWEEN ?1 AND ?2 ORDER BY f.id",
    "SELECT count(*) FROM lsc_fingerprints WHERE time BETWEEN ?1 AND ?2",
    "SELECT count(*) FROM lsc_domains"
    " WHERE domain = ?3 AND time BETWEEN ?1 AND ?2",
    "SELECT id, time, fp FROM lsc_fingerprints WHERE time < ?1"
    " ORDER BY time LIMIT ?2",
    "DELETE FROM lsc_fingerprints WHERE id = ?1",
    "DELETE FROM lsc_bands WHERE band = ?1 AND key = ?2 AND id = ?3",
    "DELETE FROM lsc_domains WHERE domain = ?1 AND time = ?2 AND id = ?3",
    "SELECT count(DISTINCT domain) FROM lsc_domains"
    " WHERE time BETWEEN ?1 AND ?2",
    "SELECT domain, count(*) AS c FROM lsc_domains"
    " WHERE time BETWEEN ?1 AND ?2 GROUP BY domain ORDER BY c DESC, domain"
    " LIMIT 1",
    "BEGIN",
    "COMMIT",
};

typedef struct sq_store {
    sqlite3 *db;
    lsc__fp_cache *cache;   /* or NULL */
    sqlite3_stmt *st[S_COUNT_STMTS];
    int in_batch;      /* lsc__history_batch: adds share one transaction */
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

int lsc__sqlite_error(sqlite3 *db, const char *path, int rc, lsc_error *err,
                      const char *what)
{
    int code = map_rc(rc);
    if (code == 0)
        code = LSC_EIO;
    return lsc__error(err, code, path, "%s: %s%s", what,
                      db ? sqlite3_errmsg(db) : sqlite3_errstr(rc),
                      code == LSC_ECORRUPT
                          ? " (not a libscore history, or damaged)"
                          : "");
}

int lsc__sqlite_exec(sqlite3 *db, const char *path, const char *sql,
                     lsc_error *err)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : lsc__sqlite_error(db, path, rc, err, sql);
}

static int sq_error(sq_store *s, int rc, lsc_error *err, const char *what)
{
    return lsc__sqlite_error(s->db, s->path, rc, err, what);
}

static int exec(sq_store *s, const char *sql, lsc_error *err)
{
    return lsc__sqlite_exec(s->db, s->path, sql, err);
}

/* Resets a statement and binds the span (?1, ?2) and an optional text. */
static sqlite3_stmt *stmt(sq_store *s, int which)
{
    sqlite3_stmt *st = s->st[which];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static void bind_span(sqlite3_stmt *st, lsc__store_span span)
{
    sqlite3_bind_int64(st, 1, span.since);
    sqlite3_bind_int64(st, 2, span.until);
}

/* Steps a statement that returns nothing. */
static int run(sq_store *s, sqlite3_stmt *st, lsc_error *err,
               const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, what);
}

static void sq_close(void *p)
{
    sq_store *s = p;
    size_t i;
    if (!s)
        return;
    for (i = 0; i < S_COUNT_STMTS; i++)
        sqlite3_finalize(s->st[i]);
    lsc__fp_cache_free(s->cache);
    sqlite3_close(s->db);
    sqlite3_free(s);
}

/* The index rows of one entry. */
static int add_index_rows(sq_store *s, int64_t id, int64_t time,
                          const uint64_t *keys, size_t n_keys,
                          char *const *domains, size_t n_domains,
                          lsc_error *err)
{
    size_t i;
    int rc = 0;
    for (i = 0; rc == 0 && i < n_keys; i++) {
        sqlite3_stmt *st = stmt(s, S_INS_BAND);
        sqlite3_bind_int(st, 1, (int)i);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)keys[i]);
        sqlite3_bind_int64(st, 3, id);
        rc = run(s, st, err, "adding to the band index");
    }
    for (i = 0; rc == 0 && i < n_domains; i++) {
        sqlite3_stmt *st = stmt(s, S_INS_DOM);
        sqlite3_bind_text(st, 1, domains[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, time);
        sqlite3_bind_int64(st, 3, id);
        rc = run(s, st, err, "adding to the domain index");
    }
    return rc;
}

static int sq_add(void *p, const lsc__store_entry *e, int64_t *id,
                  lsc_error *err)
{
    sq_store *s = p;
    sqlite3_stmt *st;
    int rc;
    if (!s->in_batch && (rc = exec(s, "BEGIN IMMEDIATE", err)) != 0)
        return rc;
    st = stmt(s, S_INS_FP);
    sqlite3_bind_int64(st, 1, e->time);
    sqlite3_bind_blob(st, 2, e->blob, (int)e->len, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, e->sender, -1, SQLITE_STATIC);
    rc = run(s, st, err, "adding to the history");
    if (rc == 0) {
        *id = sqlite3_last_insert_rowid(s->db);
        rc = add_index_rows(s, *id, e->time, e->keys, e->n_keys, e->domains,
                            e->n_domains, err);
    }
    if (s->in_batch)
        return rc;
    if (rc == 0)
        rc = exec(s, "COMMIT", err);
    if (rc)
        (void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Hands out the current row of st (id, time, fp, sender columns). */
static int give_row(sq_store *s, sqlite3_stmt *st, int with_blob,
                    lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    lsc__store_row r;
    memset(&r, 0, sizeof r);
    r.id = sqlite3_column_int64(st, 0);
    r.time = sqlite3_column_int64(st, 1);
    r.sender = "";
    if (with_blob) {
        const char *snd = (const char *)sqlite3_column_text(st, 3);
        int n = sqlite3_column_bytes(st, 2);
        r.blob = sqlite3_column_blob(st, 2);
        if (sqlite3_column_type(st, 2) != SQLITE_BLOB || n <= 0 || !r.blob)
            return lsc__error(err, LSC_ECORRUPT, s->path,
                              "entry %lld is damaged (no fingerprint)",
                              (long long)r.id);
        r.len = (size_t)n;
        if (snd)
            r.sender = snd;
    }
    return fn(ud, &r);
}

/* Steps st to its end, handing out every row. */
static int give_rows(sq_store *s, sqlite3_stmt *st, int with_blob,
                     lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    int rc, urc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((urc = give_row(s, st, with_blob, fn, ud, err)) != 0)
            break;
    if (!urc && rc != SQLITE_DONE)
        urc = sq_error(s, rc, err, "reading the history");
    sqlite3_reset(st);
    return urc;
}

static int sq_get(void *p, int64_t id, lsc__store_span span,
                  lsc__store_row_fn fn, void *ud, lsc_error *err)
{
    sq_store *s = p;
    sqlite3_stmt *st = stmt(s, S_GET);
    int rc, urc = 0;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int64_t t = sqlite3_column_int64(st, 1);
        if (t >= span.since && t <= span.until)
            urc = give_row(s, st, 1, fn, ud, err);
    } else if (rc != SQLITE_DONE) {
        urc = sq_error(s, rc, err, "reading the history");
    }
    sqlite3_reset(st);
    return urc;
}

/* One candidate of a similarity query: from the cache, else read and
 * decoded into it (an entry that does not decode goes out as its blob,
 * so that the history names the damage). */
static int cached_get(sq_store *s, int64_t id, lsc__store_span span,
                      lsc__store_row_fn fn, void *ud, int *given,
                      lsc_error *err)
{
    sqlite3_stmt *st;
    lsc__store_row r;
    int rc, urc = 0;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.sender = "";
    *given = 0;
    r.fp = lsc__fp_cache_find(s->cache, id, &r.time);
    if (r.fp) {
        *given = r.time >= span.since && r.time <= span.until;
        return *given ? fn(ud, &r) : 0;
    }
    st = stmt(s, S_GET);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "reading");
    }
    r.time = sqlite3_column_int64(st, 1);
    r.blob = sqlite3_column_blob(st, 2);
    r.len = (size_t)sqlite3_column_bytes(st, 2);
    r.fp = lsc__fp_cache_put(s->cache, id, r.time, r.blob, r.len);
    if (r.fp) {
        r.blob = NULL;
        r.len = 0;
    }
    *given = r.time >= span.since && r.time <= span.until;
    if (*given)
        urc = r.fp || (r.blob && r.len)
                  ? fn(ud, &r)
                  : lsc__error(err, LSC_ECORRUPT, s->path,
                               "entry %lld is damaged (no fingerprint)",
                               (long long)id);
    sqlite3_reset(st);
    return urc;
}

/* The candidates, each once (open addressing over the list),
 * with how many band lists held each; sorted once all are in. */
typedef struct id_set {
    struct cand {
        int64_t id;
        unsigned bands;
    } *c;
    size_t n, cap;
    uint32_t *slots;   /* index + 1 into c; 0 empty */
    size_t n_slots;
} id_set;

static int id_set_add(id_set *set, int64_t id)
{
    size_t i;
    if ((set->n + 1) * 2 > set->n_slots) {
        size_t ns = set->n_slots ? set->n_slots * 2 : 256, k;
        uint32_t *sl;
        if (set->n >= MAX_CANDIDATES)
            return LSC_ENOMEM;
        sl = sqlite3_malloc64(ns * sizeof *sl);
        if (!sl)
            return LSC_ENOMEM;
        memset(sl, 0, ns * sizeof *sl);
        for (k = 0; k < set->n; k++) {
            i = (size_t)lsc__hash64(&set->c[k].id, 8, 3) & (ns - 1);
            while (sl[i])
                i = (i + 1) & (ns - 1);
            sl[i] = (uint32_t)k + 1;
        }
        sqlite3_free(set->slots);
        set->slots = sl;
        set->n_slots = ns;
    }
    i = (size_t)lsc__hash64(&id, 8, 3) & (set->n_slots - 1);
    while (set->slots[i]) {
        if (set->c[set->slots[i] - 1].id == id) {
            set->c[set->slots[i] - 1].bands++;
            return 0;
        }
        i = (i + 1) & (set->n_slots - 1);
    }
    if (set->n == set->cap) {
        size_t nc = set->cap ? set->cap * 2 : 64;
        struct cand *nc_ = sqlite3_realloc64(set->c, nc * sizeof *nc_);
        if (!nc_)
            return LSC_ENOMEM;
        set->c = nc_;
        set->cap = nc;
    }
    set->c[set->n].id = id;
    set->c[set->n++].bands = 1;
    set->slots[i] = (uint32_t)set->n;
    return 0;
}

/* The candidates' order: most bands first, then newest (the same as
 * history_pg.c's ORDER BY). */
static int cmp_cand(const void *pa, const void *pb)
{
    const struct cand *a = pa, *b = pb;
    if (a->bands != b->bands)
        return a->bands > b->bands ? -1 : 1;
    return (a->id < b->id) - (a->id > b->id);
}

static int ignore_row(void *ud, const lsc__store_row *r)
{
    (void)ud;
    (void)r;
    return 0;
}

static int sq_similar(void *p, const uint64_t *keys, lsc__store_span span,
                      int *capped, lsc__store_row_fn fn, void *ud,
                      lsc_error *err)
{
    sq_store *s = p;
    id_set set;
    size_t b, i, given = 0;
    int rc = 0, src, full = 0;
    memset(&set, 0, sizeof set);
    *capped = 0;
    /* One read transaction for the 32 lookups and the candidates: the
     * file locks are taken once, not once per statement (they were most
     * of a query's cost), and all of it reads one snapshot. */
    if (!s->in_batch && (rc = run(s, stmt(s, S_BEGIN), err, "reading")) != 0)
        return rc;
    for (b = 0; rc == 0 && b < LSC__LSH_BANDS; b++) {
        sqlite3_stmt *st = stmt(s, S_BAND_IDS);
        sqlite3_bind_int(st, 1, (int)b);
        size_t rows = 0;
        sqlite3_bind_int64(st, 2, (sqlite3_int64)keys[b]);
        while ((src = sqlite3_step(st)) == SQLITE_ROW &&
               (rc = id_set_add(&set, sqlite3_column_int64(st, 0))) == 0)
            rows++;
        if (rows >= LSC__HISTORY_BAND_ROWS)
            full = 1;
        if (rc == 0 && src != SQLITE_DONE)
            rc = sq_error(s, src, err, "reading the band index");
        sqlite3_reset(st);
    }
    if (rc == LSC_ENOMEM)
        rc = lsc__error(err, rc, s->path, "too many candidates");
    if (set.n > 1)
        qsort(set.c, set.n, sizeof *set.c, cmp_cand);
    /* The nearest LSC_HISTORY_MAX_COMPARED within span; then whether one
     * more is within span (read, not handed out). */
    for (i = 0; rc == 0 && i < set.n; i++) {
        int in_span = 0;
        if (given < LSC_HISTORY_MAX_COMPARED) {
            rc = cached_get(s, set.c[i].id, span, fn, ud, &in_span, err);
            given += (size_t)in_span;
        } else {
            rc = cached_get(s, set.c[i].id, span, ignore_row, NULL, &in_span,
                            err);
            if (in_span) {
                *capped = 1;
                break;
            }
        }
    }
    if (rc == 0 && full && given)
        *capped = 1;
    if (!s->in_batch) {
        int crc = run(s, stmt(s, S_COMMIT), err, "reading");
        if (rc == 0)
            rc = crc;
    }
    sqlite3_free(set.c);
    sqlite3_free(set.slots);
    return rc;
}

static int sq_scan(void *p, const char *domain, lsc__store_span span,
                   int with_blob, lsc__store_row_fn fn, void *ud,
                   lsc_error *err)
{
    sq_store *s = p;
    sqlite3_stmt *st;
    if (domain) {
        st = stmt(s, S_SCAN_DOM);
        sqlite3_bind_text(st, 3, domain, -1, SQLITE_STATIC);
        with_blob = 1;
    } else {
        st = stmt(s, with_blob ? S_SCAN : S_SCAN_IDS);
    }
    bind_span(st, span);
    return give_rows(s, st, with_blob, fn, ud, err);
}

static int sq_count(void *p, const char *domain, lsc__store_span span,
                    uint64_t *n, lsc_error *err)
{
    sq_store *s = p;
    sqlite3_stmt *st = stmt(s, domain ? S_COUNT_DOM : S_COUNT);
    int rc;
    bind_span(st, span);
    if (domain)
        sqlite3_bind_text(st, 3, domain, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(s, rc, err, "counting");
}

static int sq_domains(void *p, lsc__store_span span, uint64_t *n_domains,
                      char *top, size_t top_cap, uint64_t *top_count,
                      lsc_error *err)
{
    sq_store *s = p;
    sqlite3_stmt *st = stmt(s, S_N_DOMS);
    int rc;
    bind_span(st, span);
    rc = sqlite3_step(st);
    *n_domains = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return sq_error(s, rc, err, "counting domains");
    st = stmt(s, S_TOP_DOM);
    bind_span(st, span);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(st, 0);
        snprintf(top, top_cap, "%s", d ? d : "");
        *top_count = (uint64_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? 0 : sq_error(s, rc, err, "counting domains");
}

/* Deletes one old entry and the index rows its fingerprint names (a
 * damaged one leaves its index rows, which no live query reaches: they
 * are older than the cutoff too). */
static int delete_entry(sq_store *s, int64_t id, int64_t time,
                        const void *blob, int len, lsc_error *err)
{
    lsc_fingerprint *fp = NULL;
    lsc__alloc al;
    size_t i;
    int rc;
    sqlite3_stmt *st = stmt(s, S_DEL_FP);
    sqlite3_bind_int64(st, 1, id);
    rc = run(s, st, err, "pruning the history");
    lsc__alloc_init(&al, NULL);
    if (rc || !blob || len <= 0 ||
        lsc__fingerprint_decode_al(&fp, &al, blob, (size_t)len, NULL) != 0)
        return rc;
    for (i = 0; rc == 0 && fp->n_shingles && i < LSC__LSH_BANDS; i++) {
        st = stmt(s, S_DEL_BAND);
        sqlite3_bind_int(st, 1, (int)i);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)lsc__band_key(fp, i));
        sqlite3_bind_int64(st, 3, id);
        rc = run(s, st, err, "pruning the band index");
    }
    for (i = 0; rc == 0 && i < fp->n_domains; i++) {
        st = stmt(s, S_DEL_DOM);
        sqlite3_bind_text(st, 1, fp->domains[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, time);
        sqlite3_bind_int64(st, 3, id);
        rc = run(s, st, err, "pruning the domain index");
    }
    lsc_fingerprint_free(fp);
    return rc;
}

typedef struct old_row {
    int64_t id, time;
    void *blob;
    int len;
} old_row;

static int sq_prune(void *p, int64_t before, size_t max, size_t *n,
                    lsc_error *err)
{
    sq_store *s = p;
    sqlite3_stmt *st;
    old_row *rows;
    size_t i, k = 0;
    int rc, src;
    *n = 0;
    rows = sqlite3_malloc64(max * sizeof *rows);
    if (!rows)
        return LSC_ENOMEM;
    rc = s->in_batch ? 0 : exec(s, "BEGIN IMMEDIATE", err);
    if (rc) {
        sqlite3_free(rows);
        return rc;
    }
    /* The old rows first (copied), then the deletes: SQLite must not
     * delete under a running SELECT of the same table. */
    st = stmt(s, S_OLD);
    sqlite3_bind_int64(st, 1, before);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
    while (k < max && (src = sqlite3_step(st)) == SQLITE_ROW) {
        int len = sqlite3_column_bytes(st, 2);
        const void *b = sqlite3_column_blob(st, 2);
        rows[k].id = sqlite3_column_int64(st, 0);
        rows[k].time = sqlite3_column_int64(st, 1);
        rows[k].len = len;
        rows[k].blob = len > 0 && b ? sqlite3_malloc(len) : NULL;
        if (rows[k].blob)
            memcpy(rows[k].blob, b, (size_t)len);
        k++;
    }
    sqlite3_reset(st);
    for (i = 0; rc == 0 && i < k; i++)
        rc = delete_entry(s, rows[i].id, rows[i].time, rows[i].blob,
                          rows[i].len, err);
    for (i = 0; i < k; i++)
        sqlite3_free(rows[i].blob);
    sqlite3_free(rows);
    if (!s->in_batch) {
        if (rc == 0)
            rc = exec(s, "COMMIT", err);
        if (rc)
            (void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    if (rc == 0)
        *n = k;
    return rc;
}

static int sq_batch(void *p, int begin, lsc_error *err)
{
    sq_store *s = p;
    char pragma[64];
    int rc;
    /* A big build inserts band keys at random places of a large index:
     * a page cache that holds it meanwhile saves reading pages again. */
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d",
             begin ? BATCH_CACHE_KIB : CACHE_KIB);
    rc = exec(s, pragma, err);
    if (rc == 0)
        rc = exec(s, begin ? "BEGIN IMMEDIATE" : "COMMIT", err);
    if (rc == 0)
        s->in_batch = begin;
    return rc;
}

static uint64_t sq_memory(void *p)
{
    sq_store *s = p;
    int cur = 0, hi = 0;
    sqlite3_db_status(s->db, SQLITE_DBSTATUS_CACHE_USED, &cur, &hi, 0);
    return (uint64_t)cur;
}

static const lsc__store_ops sqlite_ops = {
    "sqlite", sq_add, sq_similar, sq_scan, sq_count, sq_get, sq_prune,
    sq_domains, sq_batch, sq_memory, sq_close
};

int lsc__store_sqlite_open(void **out, const lsc__store_ops **ops,
                           const char *path, const lsc_history_options *o,
                           lsc_error *err)
{
    sq_store *s;
    int rc, code = 0;
    int readonly = (o->flags & LSC_HISTORY_READONLY) != 0;
    int memory = strcmp(path, ":memory:") == 0;
    int flags = readonly ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    size_t i;

    *out = NULL;
    *ops = &sqlite_ops;
    s = sqlite3_malloc(sizeof *s);
    if (!s)
        return lsc__error(err, LSC_ENOMEM, "lsc_history_open",
                          "out of memory");
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    if (memory)
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY;
    /* The history's own mutex (history.c) holds every use of this handle,
     * so SQLite's lock on each call was a second one: without it a
     * similarity query at 1M entries takes 10-15% less CPU. */
    rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        code = lsc__error(err, rc == SQLITE_NOMEM ? LSC_ENOMEM : LSC_EIO,
                          s->path, "cannot open: %s",
                          s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sq_close(s);
        return code;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, o->busy_timeout_ms);
    if (!memory) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", CACHE_KIB);
        code = exec(s, pragma, err);
        if (code == 0 && !readonly)
            code = lsc__sqlite_wal(s->db, s->path, o, err);
    }
    if (code == 0)
        code = lsc__sqlite_schema(s->db, s->path, readonly && !memory, err);
    for (i = 0; code == 0 && i < S_COUNT_STMTS; i++) {
        rc = sqlite3_prepare_v2(s->db, SQL[i], -1, &s->st[i], NULL);
        if (rc != SQLITE_OK)
            code = sq_error(s, rc, err, "preparing statements");
    }
    if (code == 0 && !memory)
        code = lsc__sqlite_check_newest(s->db, s->path, err);
    s->cache = lsc__fp_cache_new();
    if (code) {
        sq_close(s);
        return code;
    }
    *out = s;
    return 0;
}
