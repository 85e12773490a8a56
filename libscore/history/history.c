/*
 * history.c - the history of sent mail and the public History API, over
 * a store (history_sqlite.c for a file or ":memory:", history_pg.c for a
 * postgresql:// connection string).
 *
 * Takes: fingerprints to add, queries (similar to a fingerprint, in a time
 * window, sent to a domain).  Gives: counts and the best matches.  Nothing
 * of the entries stays in memory: the store keeps, beside each encoded
 * fingerprint, its 32 LSH band keys (the 128 16-bit MinHash values cut
 * into bands of 4) and its recipient domains with the time, each in an
 * index of its own.  A similarity query at or above LSC__LSH_FLOOR asks
 * the store for the entries sharing a band, in a fixed order (most bands
 * shared, then newest first), decodes the first LSC_HISTORY_MAX_COMPARED
 * and judges them here (a template sent a thousand times costs what one
 * sent forty times does; the count is then "at least"); counts by time
 * and domain are index range counts.  Opening reads no entry, so
 * it costs the same at a thousand entries and at a million.
 *
 * The store is the only truth: entries added by other processes (or other
 * machines, on PostgreSQL) are seen by the next query.  Entries older than
 * max_age are never answered; they are deleted in steps of
 * LSC__HISTORY_PRUNE_STEP (one at open, then one per add while old ones
 * remain, else at most hourly), so no call does unbounded work.
 *
 * A lost store (a PostgreSQL server gone) is LSC_EIO; the store reconnects
 * on the next call.  An add that failed keeps its token: adding the same
 * fingerprint again reuses it, so an add whose commit did reach the
 * server before the connection broke is not counted twice.
 *
 * Threads: every public function takes the handle's mutex, which also
 * guards the store's connection.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "history/history_int.h"
#include "history/history_bounce.h"

#define PRUNE_EVERY_SECONDS 3600
/* Seeds of the largest-template estimate in stats. */
#define STATS_MAX_SEEDS 1000

int64_t lsc__history_now(const lsc_history *h)
{
    return h->fixed_now ? h->fixed_now : (int64_t)time(NULL);
}

/* now - max_age, saturating: a huge max_age ("keep for ever") or an odd
 * clock must not overflow (signed overflow found by fuzz_fingerprint). */
int64_t lsc__history_cutoff(const lsc_history *h)
{
    int64_t now = lsc__history_now(h);
    if (now < INT64_MIN + h->max_age)
        return INT64_MIN;
    return now - h->max_age;
}

uint64_t lsc__band_key(const lsc_fingerprint *fp, size_t b)
{
    const uint16_t *r = fp->mh + b * LSC__LSH_ROWS;
    return (uint64_t)r[0] | (uint64_t)r[1] << 16 | (uint64_t)r[2] << 32 |
           (uint64_t)r[3] << 48;
}

/* The live part of [since, until] (0 = unbounded, as in the filter). */
lsc__store_span lsc__history_span(const lsc_history *h, int64_t since,
                                  int64_t until)
{
    lsc__store_span s;
    int64_t cut = lsc__history_cutoff(h);
    s.since = since && since > cut ? since : cut;
    s.until = until ? until : INT64_MAX;
    return s;
}

/* ---- scratch blocks for decoded entries ---- */

static void *scratch_malloc(void *ud, size_t n)
{
    lsc_history *h = ud;
    int i;
    for (i = 0; i < 2; i++)
        if (!h->scratch_used[i] && n <= LSC__HISTORY_SCRATCH_BYTES) {
            h->scratch_used[i] = 1;
            return h->scratch[i];
        }
    return NULL;
}

static void *scratch_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    (void)p;
    (void)n;
    return NULL;
}

static void scratch_free(void *ud, void *p)
{
    lsc_history *h = ud;
    int i;
    for (i = 0; i < 2; i++)
        if (p == h->scratch[i])
            h->scratch_used[i] = 0;
}

static int scratch_init(lsc_history *h)
{
    lsc_allocator a;
    int i;
    for (i = 0; i < 2; i++)
        if (!(h->scratch[i] = lsc__malloc(&h->al,
                                          LSC__HISTORY_SCRATCH_BYTES)))
            return LSC_ENOMEM;
    a.malloc_fn = scratch_malloc;
    a.realloc_fn = scratch_realloc;
    a.free_fn = scratch_free;
    a.ud = h;
    lsc__alloc_init(&h->scratch_al, &a);
    return 0;
}

/* ---- pruning ---- */

static int prune_step(lsc_history *h, lsc_error *err)
{
    size_t n = 0;
    int rc = 0;
    if (!(h->flags & LSC_HISTORY_READONLY))
        rc = h->ops->prune(h->store, lsc__history_cutoff(h),
                           LSC__HISTORY_PRUNE_STEP, &n, err);
    h->prune_backlog = rc == 0 && n == LSC__HISTORY_PRUNE_STEP;
    h->last_prune = lsc__history_now(h);
    return rc;
}

/* ---- public API ---- */

void lsc_history_options_init(lsc_history_options *o)
{
    static const lsc_history_options init = LSC_HISTORY_OPTIONS_INIT;
    if (o)
        *o = init;
}

void lsc_history_match_init(lsc_history_match *m, size_t n)
{
    static const lsc_history_match init = LSC_HISTORY_MATCH_INIT;
    size_t i;
    for (i = 0; m && i < n; i++)
        m[i] = init;
}

void lsc_history_summary_init(lsc_history_summary *s)
{
    static const lsc_history_summary init = LSC_HISTORY_SUMMARY_INIT;
    if (s)
        *s = init;
}

static void free_all(lsc_history *h)
{
    lsc__alloc al = h->al;
    lsc__bounce_store_close(h->bounces);
    if (h->store)
        h->ops->close(h->store);
    lsc__free(&al, h->scratch[0]);
    lsc__free(&al, h->scratch[1]);
    lsc__free(&al, h->sender);
    pthread_mutex_destroy(&h->mu);
    lsc__free(&al, h);
}

static int is_pg(const char *path)
{
    return strncmp(path, "postgresql://", 13) == 0 ||
           strncmp(path, "postgres://", 11) == 0;
}

int lsc_history_open(lsc_history **out, const char *path,
                     const lsc_history_options *opts, lsc_error *err)
{
    lsc_history_options o;
    lsc__alloc al;
    lsc_history *h;
    struct timespec ts;
    int rc;

    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_history_open", "out is NULL");
    *out = NULL;
    lsc_history_options_init(&o);
    if (opts) {
        if (opts->version != LSC_HISTORY_OPTIONS_VERSION)
            return lsc__error(err, LSC_EVERSION, "lsc_history_options",
                              "version %u, this library knows %d",
                              opts->version, LSC_HISTORY_OPTIONS_VERSION);
        o = *opts;
    }
    if (o.max_age < 0 || o.busy_timeout_ms < 0)
        return lsc__error(err, LSC_EINVAL, "lsc_history_options",
                          "negative max_age or busy_timeout_ms");
    if (!o.max_age)
        o.max_age = LSC_HISTORY_DEFAULT_MAX_AGE;
    if (!o.busy_timeout_ms)
        o.busy_timeout_ms = 5000;
    lsc__alloc_init(&al, o.allocator);
    h = lsc__calloc(&al, 1, sizeof *h);
    if (!h)
        return lsc__error(err, LSC_ENOMEM, "lsc_history_open",
                          "out of memory");
    h->al = al;
    h->flags = o.flags;
    h->max_age = o.max_age;
    h->fixed_now = o.now;
    /* Tokens only need to differ between adds of all processes sharing a
     * store: the clock, the process and the handle's address mixed. */
    clock_gettime(CLOCK_REALTIME, &ts);
    h->token_seed = lsc__hash64(&ts, sizeof ts, (uint64_t)getpid()) ^
                    (uint64_t)(uintptr_t)h;
    if (pthread_mutex_init(&h->mu, NULL) != 0) {
        lsc__free(&al, h);
        return lsc__error(err, LSC_EINTERNAL, "lsc_history_open",
                          "cannot create a mutex");
    }
    rc = scratch_init(h);
    if (rc)
        ;
    else if (path && is_pg(path))
        rc = lsc__store_pg_open(&h->store, &h->ops, path, &o, err);
    else
        rc = lsc__store_sqlite_open(&h->store, &h->ops,
                                    path && *path ? path : ":memory:", &o,
                                    err);
    h->persistent = path && *path && strcmp(path, ":memory:") != 0;
    /* Bounces live beside the letters: the same SQLite file or the same
     * PostgreSQL database (history_bounce.c). */
    if (rc == 0)
        rc = lsc__bounce_store_open(&h->bounces, path, &o, err);
    if (rc == 0)
        rc = prune_step(h, err);
    if (rc) {
        free_all(h);
        if (rc == LSC_ENOMEM)
            return lsc__error(err, rc, "lsc_history_open", "out of memory");
        return rc;
    }
    *out = h;
    return 0;
}

lsc__bounce_store *lsc__history_bounce_store(const lsc_history *h)
{
    return h ? h->bounces : NULL;
}

void lsc_history_close(lsc_history *h)
{
    if (h) {
        pthread_mutex_lock(&h->mu);
        pthread_mutex_unlock(&h->mu);
        free_all(h);
    }
}

int lsc_history_set_sender(lsc_history *h, const char *sender,
                           lsc_error *err)
{
    char *copy = NULL;
    if (!h)
        return lsc__error(err, LSC_EINVAL, "lsc_history_set_sender",
                          "history is NULL");
    if (sender && strlen(sender) > LSC_HISTORY_MAX_SENDER)
        return lsc__error(err, LSC_EINVAL, "lsc_history_set_sender",
                          "sender longer than %d bytes",
                          LSC_HISTORY_MAX_SENDER);
    if (sender && *sender && !(copy = lsc__strdup(&h->al, sender)))
        return lsc__error(err, LSC_ENOMEM, "lsc_history_set_sender",
                          "out of memory");
    pthread_mutex_lock(&h->mu);
    lsc__free(&h->al, h->sender);
    h->sender = copy;
    pthread_mutex_unlock(&h->mu);
    return 0;
}

int lsc_history_add(lsc_history *h, const lsc_fingerprint *fp, lsc_error *err)
{
    unsigned char buf[LSC_FINGERPRINT_MAX_BYTES];
    lsc__store_entry e;
    uint64_t blob_hash;
    size_t len, b;
    int64_t id;
    int rc;
    if (!h || !fp)
        return lsc__error(err, LSC_EINVAL, "lsc_history_add",
                          "history or fingerprint is NULL");
    if (h->flags & LSC_HISTORY_READONLY)
        return lsc__error(err, LSC_EINVAL, "lsc_history_add",
                          "the history was opened read-only");
    rc = lsc_fingerprint_encode(NULL, 0, &len, fp, err);
    if (rc)
        return rc;
    if (len > sizeof buf)
        return lsc__error(err, LSC_EINVAL, "lsc_history_add",
                          "fingerprint of %zu bytes", len);
    rc = lsc_fingerprint_encode(buf, sizeof buf, &len, fp, err);
    if (rc)
        return rc;
    memset(&e, 0, sizeof e);
    e.blob = buf;
    e.len = len;
    e.time = fp->time;
    e.domains = fp->domains;
    e.n_domains = fp->n_domains;
    if (fp->n_shingles) {
        for (b = 0; b < LSC__LSH_BANDS; b++)
            e.keys[b] = lsc__band_key(fp, b);
        e.n_keys = LSC__LSH_BANDS;
    }
    blob_hash = lsc__hash64(buf, len, 0x5eed);
    pthread_mutex_lock(&h->mu);
    e.sender = h->sender ? h->sender : "";
    if (h->pending && h->pending_hash == blob_hash) {
        e.token = h->pending_token;
    } else {
        e.token = lsc__hash64(&h->n_adds, sizeof h->n_adds, h->token_seed);
        h->n_adds++;
    }
    rc = h->ops->add(h->store, &e, &id, err);
    /* A failure that may have reached the store keeps the token for the
     * caller's retry of the same fingerprint. */
    h->pending = rc == LSC_EIO || rc == LSC_EBUSY;
    h->pending_token = e.token;
    h->pending_hash = blob_hash;
    if (rc == 0 && !h->in_batch && (h->prune_backlog ||
                    lsc__history_now(h) - h->last_prune >= PRUNE_EVERY_SECONDS))
        rc = prune_step(h, err);
    pthread_mutex_unlock(&h->mu);
    if (rc == LSC_ENOMEM)
        return lsc__error(err, rc, "lsc_history_add", "out of memory");
    return rc;
}

int lsc__history_batch(lsc_history *h, int begin, lsc_error *err)
{
    int rc;
    if (!h)
        return LSC_EINVAL;
    pthread_mutex_lock(&h->mu);
    rc = h->ops->batch(h->store, begin, err);
    h->in_batch = rc == 0 && begin;
    pthread_mutex_unlock(&h->mu);
    return rc;
}

/* ---- queries ---- */

typedef int (*each_fn)(void *ud, int64_t id, int64_t time,
                       const lsc_fingerprint *fp, double sim);

typedef struct each_state {
    lsc_history *h;
    const lsc_history_filter *q;
    each_fn fn;
    void *ud;
    lsc_error *err;
} each_state;

int lsc__history_decode(lsc_history *h, const lsc__store_row *r,
                        lsc_fingerprint **fp, lsc_error *err)
{
    int rc = lsc__fingerprint_decode_al(fp, &h->scratch_al, r->blob, r->len,
                                        err);
    if (rc == LSC_ECORRUPT || rc == LSC_EVERSION)
        return lsc__error(err, LSC_ECORRUPT, "lsc_history",
                          "entry %lld is damaged: %s", (long long)r->id,
                          err ? err->message : "bad fingerprint");
    return rc;
}

static int match_entry(const lsc_fingerprint *fp,
                       const lsc_history_filter *q, double *sim)
{
    size_t i;
    if (q->domain) {
        for (i = 0; i < fp->n_domains; i++)
            if (strcmp(fp->domains[i], q->domain) == 0)
                break;
        if (i == fp->n_domains)
            return 0;
    }
    *sim = 0.0;
    if (q->like) {
        *sim = lsc_fingerprint_similarity(q->like, fp);
        if (*sim < q->min_similarity || *sim <= 0.0)
            return 0;
    }
    return 1;
}

static int each_row(void *ud, const lsc__store_row *r)
{
    each_state *es = ud;
    lsc_fingerprint *fp = NULL;
    const lsc_fingerprint *use = r->fp;
    double sim;
    int rc = 0;
    if (!use) {
        rc = lsc__history_decode(es->h, r, &fp, es->err);
        if (rc)
            return rc;
        use = fp;
    }
    if (match_entry(use, es->q, &sim))
        rc = es->fn(es->ud, r->id, r->time, use, sim);
    lsc_fingerprint_free(fp);
    return rc;
}

/* Calls fn for every live entry matching q: through the band index when
 * the query asks for similarity the bands find (the nearest
 * LSC_HISTORY_MAX_COMPARED candidates; *capped, may be NULL, says whether
 * there were more), else over every entry (of the domain when one is
 * given) by increasing id. */
static int each_match(lsc_history *h, const lsc_history_filter *q, each_fn fn,
                      void *ud, int *capped, lsc_error *err)
{
    each_state es;
    lsc__store_span span = lsc__history_span(h, q->since, q->until);
    int cap = 0;
    if (!capped)
        capped = &cap;
    *capped = 0;
    es.h = h;
    es.q = q;
    es.fn = fn;
    es.ud = ud;
    es.err = err;
    if (q->like && !q->like->n_shingles)
        return 0;
    if (span.since > span.until)
        return 0;
    if (q->like && q->min_similarity >= LSC__LSH_FLOOR) {
        uint64_t keys[LSC__LSH_BANDS];
        size_t b;
        for (b = 0; b < LSC__LSH_BANDS; b++)
            keys[b] = lsc__band_key(q->like, b);
        return h->ops->similar(h->store, keys, span, capped, each_row, &es,
                               err);
    }
    return h->ops->scan(h->store, q->domain, span, 1, each_row, &es, err);
}

typedef struct collect {
    size_t count;
    lsc_history_match *m;
    size_t max, n;
    uint64_t body_hash;         /* of q->like, 0 without */
} collect;

static int better(const lsc_history_match *a, const lsc_history_match *b)
{
    if (a->similarity != b->similarity)
        return a->similarity > b->similarity;
    if (a->time != b->time)
        return a->time > b->time;
    return a->id > b->id;
}

static int collect_one(void *ud, int64_t id, int64_t t,
                       const lsc_fingerprint *fp, double sim)
{
    collect *c = ud;
    lsc_history_match m;
    size_t i;
    c->count++;
    if (!c->max)
        return 0;
    m.version = LSC_HISTORY_MATCH_VERSION;
    m.version = LSC_HISTORY_MATCH_VERSION;
    m.id = id;
    m.time = t;
    m.similarity = sim;
    m.same_body = c->body_hash && fp->body_hash == c->body_hash;
    m.n_domains = fp->n_domains;
    if (c->n == c->max && !better(&m, &c->m[c->n - 1]))
        return 0;
    i = c->n < c->max ? c->n++ : c->n - 1;
    while (i > 0 && better(&m, &c->m[i - 1])) {
        c->m[i] = c->m[i - 1];
        i--;
    }
    c->m[i] = m;
    return 0;
}

static int check_query(const lsc_history_filter *q, const char *fn,
                       lsc_error *err)
{
    if (!q)
        return lsc__error(err, LSC_EINVAL, fn, "query is NULL");
    if (q->version != LSC_HISTORY_FILTER_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_history_query",
                          "version %u, this library knows %d", q->version,
                          LSC_HISTORY_FILTER_VERSION);
    if (!(q->min_similarity >= 0.0 && q->min_similarity <= 1.0))
        return lsc__error(err, LSC_EINVAL, fn,
                          "min_similarity must be within 0..1");
    return 0;
}

int lsc_history_query(lsc_history_match *matches, size_t max_matches,
                      size_t *n_matches, size_t *count, lsc_history *h,
                      const lsc_history_filter *q, lsc_error *err)
{
    return lsc_history_query_capped(matches, max_matches, n_matches, count,
                                    NULL, h, q, err);
}

int lsc_history_query_capped(lsc_history_match *matches, size_t max_matches,
                             size_t *n_matches, size_t *count, int *capped,
                             lsc_history *h, const lsc_history_filter *q,
                             lsc_error *err)
{
    collect c;
    int rc, cap = 0;
    if (capped)
        *capped = 0;
    if (count)
        *count = 0;
    if (n_matches)
        *n_matches = 0;
    if (!h || (!matches && max_matches))
        return lsc__error(err, LSC_EINVAL, "lsc_history_query",
                          "history or matches is NULL");
    /* Only version 1 exists; a later one adds a layout here, and the first
     * element's version gives the stride of the whole array. */
    if (max_matches && matches[0].version != LSC_HISTORY_MATCH_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_history_match",
                          "version %u, this library knows %d",
                          matches[0].version, LSC_HISTORY_MATCH_VERSION);
    rc = check_query(q, "lsc_history_query", err);
    if (rc)
        return rc;
    memset(&c, 0, sizeof c);
    c.m = matches;
    c.max = max_matches;
    c.body_hash = q->like ? q->like->body_hash : 0;
    pthread_mutex_lock(&h->mu);
    if (!q->like && !max_matches) {
        /* Counting only: a range count in the store's time index. */
        lsc__store_span span = lsc__history_span(h, q->since, q->until);
        uint64_t n = 0;
        if (span.since <= span.until)
            rc = h->ops->count(h->store, q->domain, span, &n, err);
        c.count = (size_t)n;
    } else {
        rc = each_match(h, q, collect_one, &c, &cap, err);
    }
    pthread_mutex_unlock(&h->mu);
    if (rc)
        return rc;
    if (capped)
        *capped = cap;
    if (count)
        *count = c.count;
    if (n_matches)
        *n_matches = c.n;
    return 0;
}

typedef struct visit_adapter {
    lsc__hist_visit_fn fn;
    void *ud;
} visit_adapter;

static int visit_one(void *ud, int64_t id, int64_t t,
                     const lsc_fingerprint *fp, double sim)
{
    visit_adapter *va = ud;
    lsc__hist_match m;
    m.id = id;
    m.time = t;
    m.similarity = sim;
    m.fp = fp;
    return va->fn(va->ud, &m);
}

int lsc__history_each(lsc_history *h, const lsc_history_filter *q,
                      lsc__hist_visit_fn fn, void *ud, int *capped,
                      lsc_error *err)
{
    visit_adapter va;
    va.fn = fn;
    va.ud = ud;
    return each_match(h, q, visit_one, &va, capped, err);
}

int lsc__history_visit(lsc_history *h, const lsc_history_filter *q,
                       lsc__hist_visit_fn fn, void *ud, int *capped,
                       lsc_error *err)
{
    int rc;
    if (!h || !fn)
        return LSC_EINVAL;
    rc = check_query(q, "lsc_history_query", err);
    if (rc)
        return rc;
    pthread_mutex_lock(&h->mu);
    rc = lsc__history_each(h, q, fn, ud, capped, err);
    pthread_mutex_unlock(&h->mu);
    return rc;
}

typedef struct get_state {
    lsc_history *h;
    lsc_fingerprint *fp;
    lsc_error *err;
} get_state;

static int get_row(void *ud, const lsc__store_row *r)
{
    get_state *gs = ud;
    return lsc__history_decode(gs->h, r, &gs->fp, gs->err);
}

/* The same into the caller's memory (lsc_history_get hands it out). */
static int get_row_owned(void *ud, const lsc__store_row *r)
{
    get_state *gs = ud;
    int rc = lsc__fingerprint_decode_al(&gs->fp, &gs->h->al, r->blob, r->len,
                                        gs->err);
    if (rc == LSC_ECORRUPT || rc == LSC_EVERSION)
        return lsc__error(gs->err, LSC_ECORRUPT, "lsc_history",
                          "entry %lld is damaged", (long long)r->id);
    return rc;
}

int lsc_history_get(lsc_fingerprint **out, lsc_history *h, int64_t id,
                    lsc_error *err)
{
    get_state gs;
    int rc;
    if (!out || !h)
        return lsc__error(err, LSC_EINVAL, "lsc_history_get",
                          "out or history is NULL");
    *out = NULL;
    gs.h = h;
    gs.fp = NULL;
    gs.err = err;
    pthread_mutex_lock(&h->mu);
    rc = h->ops->get(h->store, id, lsc__history_span(h, 0, 0), get_row_owned,
                     &gs, err);
    pthread_mutex_unlock(&h->mu);
    if (rc == 0 && !gs.fp)
        rc = lsc__error(err, LSC_ENOTFOUND, "lsc_history_get",
                        "no entry %lld", (long long)id);
    if (rc == 0)
        *out = gs.fp;
    else if (rc == LSC_ENOMEM)
        rc = lsc__error(err, LSC_ENOMEM, "lsc_history_get", "out of memory");
    return rc;
}

/* ---- stats ---- */

/* Every step-th live entry by id (the seeds of the template estimate),
 * and the oldest and newest times, from one pass over ids and times. */
typedef struct seed_pick {
    int64_t ids[STATS_MAX_SEEDS];
    size_t n, pos, step;
    int64_t oldest, newest;
    int any;
} seed_pick;

static int pick_seed(void *ud, const lsc__store_row *r)
{
    seed_pick *sp = ud;
    if (!sp->any || r->time < sp->oldest)
        sp->oldest = r->time;
    if (!sp->any || r->time > sp->newest)
        sp->newest = r->time;
    sp->any = 1;
    if (sp->pos++ % sp->step == 0 && sp->n < STATS_MAX_SEEDS)
        sp->ids[sp->n++] = r->id;
    return 0;
}

static int count_one(void *ud, int64_t id, int64_t t,
                     const lsc_fingerprint *fp, double sim)
{
    (void)id;
    (void)t;
    (void)fp;
    (void)sim;
    (*(size_t *)ud)++;
    return 0;
}

/* Largest template group, estimated from evenly spread seeds so that
 * stats stays cheap on big histories. */
static int largest_template(lsc_history *h, const seed_pick *sp,
                            uint64_t *out, lsc_error *err)
{
    size_t i;
    int rc = 0;
    for (i = 0; rc == 0 && i < sp->n; i++) {
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        get_state gs;
        size_t n = 0;
        gs.h = h;
        gs.fp = NULL;
        gs.err = err;
        rc = h->ops->get(h->store, sp->ids[i], lsc__history_span(h, 0, 0),
                         get_row, &gs, err);
        if (rc == 0 && gs.fp && gs.fp->n_shingles) {
            q.like = gs.fp;
            q.min_similarity = LSC__TEMPLATE_SIMILARITY;
            rc = each_match(h, &q, count_one, &n, NULL, err);
            if (n > *out)
                *out = n;
        }
        lsc_fingerprint_free(gs.fp);
    }
    return rc;
}

int lsc_history_stats(lsc_history_summary *out, lsc_history *h, lsc_error *err)
{
    seed_pick seeds, *sp = &seeds;
    lsc__store_span live;
    int rc;
    if (!h || !out)
        return lsc__error(err, LSC_EINVAL, "lsc_history_stats",
                          "history or out is NULL");
    if (out->version != LSC_HISTORY_SUMMARY_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_history_summary",
                          "version %u, this library knows %d", out->version,
                          LSC_HISTORY_SUMMARY_VERSION);
    lsc_history_summary_init(out);
    pthread_mutex_lock(&h->mu);
    memset(sp, 0, sizeof *sp);
    live = lsc__history_span(h, 0, 0);
    rc = h->ops->count(h->store, NULL, live, &out->entries, err);
    sp->step = (size_t)(out->entries / STATS_MAX_SEEDS + 1);
    if (rc == 0)
        rc = h->ops->scan(h->store, NULL, live, 0, pick_seed, sp, err);
    if (rc == 0 && sp->any) {
        out->oldest = sp->oldest;
        out->newest = sp->newest;
    }
    if (rc == 0)
        rc = h->ops->domains(h->store, live, &out->domains, out->top_domain,
                             sizeof out->top_domain, &out->top_domain_count,
                             err);
    if (rc == 0)
        rc = largest_template(h, sp, &out->largest_template, err);
    out->memory_bytes = sizeof *h + h->ops->memory(h->store);
    out->max_age = h->max_age;
    out->persistent = h->persistent;
    pthread_mutex_unlock(&h->mu);
    if (rc == LSC_ENOMEM)
        return lsc__error(err, rc, "lsc_history_stats", "out of memory");
    return rc;
}
