/*
 * history.c - the history of sent mail: an in-memory index of
 * fingerprints with LSH banding, over a store (history_sqlite.c, or none
 * for ":memory:"), and the public History API.
 *
 * Takes: fingerprints to add, queries (similar to a fingerprint, in a time
 * window, sent to a domain).  Gives: counts and the best matches, without
 * scanning every entry for similarity queries at or above LSC__LSH_FLOOR:
 * the 128 16-bit MinHash values are cut into 32 bands of 4, each band a
 * 64-bit key in its own hash table of chains, and only entries sharing a
 * band are compared.  Counts by time and by recipient domain come from
 * time-sorted arrays (binary search).
 *
 * The store is the truth when there is one: an add commits there first,
 * then the index reads every row newer than the last it saw, so entries
 * added by other processes appear too.  Entries older than max_age are
 * pruned from the store (at open, then at most hourly on add) and dropped
 * from the index; dead entries are swept out of the chains when they
 * outnumber the live ones.
 *
 * Threads: every public function takes the handle's mutex.
 * Limits: at most HIST_MAX_ENTRIES entries in memory (2^32 - 2, the chain
 * index width); an add beyond it is LSC_ENOMEM.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "history/similar.h"
#include "history/history_bounce.h"

#define HIST_MAX_ENTRIES 0xfffffffeu
#define PRUNE_EVERY_SECONDS 3600
/* Seeds of the largest-template estimate in stats. */
#define STATS_MAX_SEEDS 1000

typedef struct hentry {
    lsc_fingerprint *fp;                 /* owned */
    int64_t id;
    int64_t time;
    uint32_t next[LSC__LSH_BANDS];       /* chains; 0 ends */
    uint32_t stamp;                      /* last query that saw it */
    uint32_t dead;
} hentry;

typedef struct hdomain {
    char *name;                          /* NULL: free slot */
    int64_t *times;                      /* sorted */
    size_t n, cap;
} hdomain;

typedef struct times_vec {
    int64_t *t;
    size_t n, cap;
} times_vec;

struct lsc_history {
    lsc__alloc al;
    pthread_mutex_t mu;
    void *store;
    const lsc__store_ops *ops;
    unsigned flags;
    int64_t max_age;
    int64_t fixed_now;
    int64_t last_id;                     /* newest id read from the store */
    int64_t last_prune;

    hentry *e;                           /* e[0] unused */
    size_t n_e, cap_e;
    size_t n_dead;
    uint32_t stamp;

    uint32_t *heads[LSC__LSH_BANDS];
    size_t tsize;                        /* slots per band table (2^k) */

    hdomain *dom;
    size_t dom_size, n_dom;              /* open addressing, 2^k slots */

    times_vec all;                       /* times of live entries */
    uint64_t fp_bytes;                   /* heap held by fingerprints */
    lsc__bounce_store *bounces;          /* history_bounce.c */
};

static int64_t hist_now(const lsc_history *h)
{
    return h->fixed_now ? h->fixed_now : (int64_t)time(NULL);
}

/* now - max_age, saturating: a huge max_age ("keep for ever") or an odd
 * clock must not overflow (signed overflow found by fuzz_fingerprint). */
static int64_t hist_cutoff(const lsc_history *h)
{
    int64_t now = hist_now(h);
    if (now < INT64_MIN + h->max_age)
        return INT64_MIN;
    return now - h->max_age;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static uint64_t band_key(const lsc_fingerprint *fp, size_t b)
{
    const uint16_t *r = fp->mh + b * LSC__LSH_ROWS;
    return (uint64_t)r[0] | (uint64_t)r[1] << 16 | (uint64_t)r[2] << 32 |
           (uint64_t)r[3] << 48;
}

static size_t band_slot(const lsc_history *h, uint64_t key, size_t b)
{
    return (size_t)(mix(key ^ (0x9e3779b97f4a7c15ULL * (b + 1))) &
                    (h->tsize - 1));
}

/* ---- sorted time arrays ---- */

static int times_insert(const lsc__alloc *al, int64_t **t, size_t *n,
                        size_t *cap, int64_t v)
{
    size_t lo, hi;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        int64_t *nt = lsc__realloc(al, *t, nc * sizeof *nt);
        if (!nt)
            return LSC_ENOMEM;
        *t = nt;
        *cap = nc;
    }
    /* Mostly appended in time order: check the end first. */
    if (*n == 0 || (*t)[*n - 1] <= v) {
        (*t)[(*n)++] = v;
        return 0;
    }
    lo = 0;
    hi = *n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((*t)[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(*t + lo + 1, *t + lo, (*n - lo) * sizeof **t);
    (*t)[lo] = v;
    (*n)++;
    return 0;
}

/* First index with t[i] >= v. */
static size_t times_lower(const int64_t *t, size_t n, int64_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t times_count(const int64_t *t, size_t n, int64_t since,
                          int64_t until)
{
    size_t a = since ? times_lower(t, n, since) : 0;
    size_t b = until ? (until == INT64_MAX ? n : times_lower(t, n, until + 1))
                     : n;
    return b > a ? b - a : 0;
}

/* Removes one occurrence of v (undoing a times_insert). */
static void times_remove(int64_t *t, size_t *n, int64_t v)
{
    size_t k = times_lower(t, *n, v);
    if (k < *n && t[k] == v) {
        memmove(t + k, t + k + 1, (*n - k - 1) * sizeof *t);
        (*n)--;
    }
}

static void times_drop_before(int64_t *t, size_t *n, int64_t before)
{
    size_t k = times_lower(t, *n, before);
    if (k) {
        memmove(t, t + k, (*n - k) * sizeof *t);
        *n -= k;
    }
}

/* ---- domains ---- */

static hdomain *dom_find(const lsc_history *h, const char *name)
{
    size_t i, mask;
    if (!h->dom_size)
        return NULL;
    mask = h->dom_size - 1;
    i = (size_t)lsc__hash64(name, strlen(name), 7) & mask;
    while (h->dom[i].name) {
        if (strcmp(h->dom[i].name, name) == 0)
            return &h->dom[i];
        i = (i + 1) & mask;
    }
    return NULL;
}

static int dom_grow(lsc_history *h)
{
    size_t ns = h->dom_size ? h->dom_size * 2 : 64, i;
    hdomain *nd = lsc__calloc(&h->al, ns, sizeof *nd);
    if (!nd)
        return LSC_ENOMEM;
    for (i = 0; i < h->dom_size; i++) {
        size_t j;
        if (!h->dom[i].name)
            continue;
        j = (size_t)lsc__hash64(h->dom[i].name, strlen(h->dom[i].name), 7) &
            (ns - 1);
        while (nd[j].name)
            j = (j + 1) & (ns - 1);
        nd[j] = h->dom[i];
    }
    lsc__free(&h->al, h->dom);
    h->dom = nd;
    h->dom_size = ns;
    return 0;
}

static int dom_add(lsc_history *h, const char *name, int64_t t)
{
    hdomain *d = dom_find(h, name);
    if (!d) {
        size_t i, mask;
        if ((h->n_dom + 1) * 2 > h->dom_size && dom_grow(h) != 0)
            return LSC_ENOMEM;
        mask = h->dom_size - 1;
        i = (size_t)lsc__hash64(name, strlen(name), 7) & mask;
        while (h->dom[i].name)
            i = (i + 1) & mask;
        d = &h->dom[i];
        d->name = lsc__strdup(&h->al, name);
        if (!d->name)
            return LSC_ENOMEM;
        h->n_dom++;
    }
    return times_insert(&h->al, &d->times, &d->n, &d->cap, t);
}

/* ---- the LSH tables ---- */

static void chain_insert(lsc_history *h, uint32_t idx)
{
    size_t b;
    hentry *e = &h->e[idx];
    for (b = 0; b < LSC__LSH_BANDS; b++) {
        size_t s = band_slot(h, band_key(e->fp, b), b);
        e->next[b] = h->heads[b][s];
        h->heads[b][s] = idx;
    }
}

static int indexed(const hentry *e)
{
    return !e->dead && e->fp->n_shingles != 0;
}

/* Builds the tables for tsize slots and drops dead entries. */
static int rebuild(lsc_history *h, size_t tsize)
{
    uint32_t *nh[LSC__LSH_BANDS];
    size_t b, i, w;
    for (b = 0; b < LSC__LSH_BANDS; b++) {
        nh[b] = lsc__calloc(&h->al, tsize, sizeof(uint32_t));
        if (!nh[b]) {
            while (b--)
                lsc__free(&h->al, nh[b]);
            return LSC_ENOMEM;
        }
    }
    for (b = 0; b < LSC__LSH_BANDS; b++) {
        lsc__free(&h->al, h->heads[b]);
        h->heads[b] = nh[b];
    }
    h->tsize = tsize;
    /* Compact: dead entries go, ids stay in order. */
    for (i = 1, w = 1; i <= h->n_e; i++) {
        if (h->e[i].dead) {
            h->fp_bytes -= lsc__fingerprint_encoded_size(h->e[i].fp);
            lsc_fingerprint_free(h->e[i].fp);
            continue;
        }
        if (w != i)
            h->e[w] = h->e[i];
        w++;
    }
    h->n_e = w - 1;
    h->n_dead = 0;
    for (i = 1; i <= h->n_e; i++)
        if (indexed(&h->e[i]))
            chain_insert(h, (uint32_t)i);
    return 0;
}

/* Takes ownership of fp (freed here on failure). */
static int index_add(lsc_history *h, lsc_fingerprint *fp, int64_t id)
{
    hentry *e;
    size_t i;
    int rc;
    if (h->n_e >= HIST_MAX_ENTRIES) {
        lsc_fingerprint_free(fp);
        return LSC_ENOMEM;
    }
    if (h->n_e + 1 >= h->cap_e) {
        size_t nc = h->cap_e ? h->cap_e * 2 : 64;
        hentry *ne = lsc__realloc(&h->al, h->e, nc * sizeof *ne);
        if (!ne) {
            lsc_fingerprint_free(fp);
            return LSC_ENOMEM;
        }
        h->e = ne;
        h->cap_e = nc;
    }
    if ((h->n_e + 1) * 2 > h->tsize) {
        rc = rebuild(h, h->tsize ? h->tsize * 2 : 256);
        if (rc) {
            lsc_fingerprint_free(fp);
            return rc;
        }
    }
    rc = times_insert(&h->al, &h->all.t, &h->all.n, &h->all.cap, fp->time);
    if (rc) {
        lsc_fingerprint_free(fp);
        return rc;
    }
    for (i = 0; rc == 0 && i < fp->n_domains; i++)
        rc = dom_add(h, fp->domains[i], fp->time);
    if (rc) {
        /* Undo the counts made so far: the entry is not kept. */
        size_t j;
        times_remove(h->all.t, &h->all.n, fp->time);
        for (j = 0; j + 1 < i; j++) {
            hdomain *d = dom_find(h, fp->domains[j]);
            if (d)
                times_remove(d->times, &d->n, fp->time);
        }
        lsc_fingerprint_free(fp);
        return rc;
    }
    h->n_e++;
    e = &h->e[h->n_e];
    memset(e, 0, sizeof *e);
    e->fp = fp;
    e->id = id;
    e->time = fp->time;
    h->fp_bytes += lsc__fingerprint_encoded_size(fp);
    if (indexed(e))
        chain_insert(h, (uint32_t)h->n_e);
    if (id > h->last_id)
        h->last_id = id;
    return 0;
}

static void index_prune(lsc_history *h, int64_t before)
{
    size_t i;
    for (i = 1; i <= h->n_e; i++)
        if (!h->e[i].dead && h->e[i].time < before) {
            h->e[i].dead = 1;
            h->n_dead++;
        }
    times_drop_before(h->all.t, &h->all.n, before);
    for (i = 0; i < h->dom_size; i++)
        if (h->dom[i].name)
            times_drop_before(h->dom[i].times, &h->dom[i].n, before);
    if (h->n_dead > 64 && h->n_dead * 2 > h->n_e)
        (void)rebuild(h, h->tsize); /* on failure the dead stay marked */
}

/* ---- reading the store ---- */

typedef struct load_state {
    lsc_history *h;
    lsc_error *err;
} load_state;

static int load_row(void *ud, int64_t id, int64_t t, const unsigned char *blob,
                    size_t len)
{
    load_state *ls = ud;
    lsc_fingerprint *fp;
    int rc = lsc__fingerprint_decode_al(&fp, &ls->h->al, blob, len, ls->err);
    (void)t;
    if (rc == LSC_ECORRUPT || rc == LSC_EVERSION)
        return lsc__error(ls->err, LSC_ECORRUPT, "lsc_history",
                          "entry %lld is damaged: %s", (long long)id,
                          ls->err ? ls->err->message : "bad fingerprint");
    if (rc)
        return rc;
    return index_add(ls->h, fp, id);
}

static int sync_store(lsc_history *h, lsc_error *err)
{
    load_state ls;
    if (!h->store)
        return 0;
    ls.h = h;
    ls.err = err;
    return h->ops->load(h->store, h->last_id, hist_cutoff(h),
                        load_row, &ls, err);
}

static int prune(lsc_history *h, lsc_error *err)
{
    int64_t before = hist_cutoff(h);
    int rc = 0;
    if (h->store && !(h->flags & LSC_HISTORY_READONLY))
        rc = h->ops->prune(h->store, before, err);
    index_prune(h, before);
    h->last_prune = hist_now(h);
    return rc;
}

/* ---- public API ---- */

void lsc_history_options_init(lsc_history_options *o)
{
    static const lsc_history_options init = LSC_HISTORY_OPTIONS_INIT;
    if (o)
        *o = init;
}

static void free_all(lsc_history *h)
{
    size_t i;
    lsc__bounce_store_close(h->bounces);
    if (h->store)
        h->ops->close(h->store);
    for (i = 1; i <= h->n_e; i++)
        lsc_fingerprint_free(h->e[i].fp);
    lsc__free(&h->al, h->e);
    for (i = 0; i < LSC__LSH_BANDS; i++)
        lsc__free(&h->al, h->heads[i]);
    for (i = 0; i < h->dom_size; i++) {
        lsc__free(&h->al, h->dom[i].name);
        lsc__free(&h->al, h->dom[i].times);
    }
    lsc__free(&h->al, h->dom);
    lsc__free(&h->al, h->all.t);
    pthread_mutex_destroy(&h->mu);
    {
        lsc__alloc al = h->al;
        lsc__free(&al, h);
    }
}

int lsc_history_open(lsc_history **out, const char *path,
                     const lsc_history_options *opts, lsc_error *err)
{
    lsc_history_options o;
    lsc__alloc al;
    lsc_history *h;
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
    if (pthread_mutex_init(&h->mu, NULL) != 0) {
        lsc__free(&al, h);
        return lsc__error(err, LSC_EINTERNAL, "lsc_history_open",
                          "cannot create a mutex");
    }
    if (path && strcmp(path, ":memory:") != 0 && *path) {
        rc = lsc__store_sqlite_open(&h->store, &h->ops, path, &o, err);
        if (rc) {
            h->store = NULL;
            free_all(h);
            return rc;
        }
    }
    rc = lsc__bounce_store_open(&h->bounces, path, &o, err);
    if (rc) {
        free_all(h);
        return rc;
    }
    rc = prune(h, err);
    if (rc == 0)
        rc = sync_store(h, err);
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
    if (h)
        free_all(h);
}

int lsc_history_add(lsc_history *h, const lsc_fingerprint *fp, lsc_error *err)
{
    unsigned char buf[LSC_FINGERPRINT_MAX_BYTES];
    size_t len;
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
    pthread_mutex_lock(&h->mu);
    if (h->store) {
        int64_t id;
        rc = h->ops->add(h->store, buf, len, fp->time, &id, err);
        if (rc == 0)
            rc = sync_store(h, err);
    } else {
        lsc_fingerprint *copy;
        rc = lsc__fingerprint_copy(&copy, &h->al, fp);
        if (rc == 0)
            rc = index_add(h, copy, h->last_id + 1);
    }
    if (rc == 0 && hist_now(h) - h->last_prune >= PRUNE_EVERY_SECONDS)
        rc = prune(h, err);
    pthread_mutex_unlock(&h->mu);
    if (rc == LSC_ENOMEM)
        return lsc__error(err, rc, "lsc_history_add", "out of memory");
    return rc;
}

/* ---- queries ---- */

static int match_entry(const lsc_history *h, const hentry *e,
                       const lsc_history_filter *q, double *sim)
{
    size_t i;
    (void)h;
    if (e->dead)
        return 0;
    if (q->since && e->time < q->since)
        return 0;
    if (q->until && e->time > q->until)
        return 0;
    if (q->domain) {
        for (i = 0; i < e->fp->n_domains; i++)
            if (strcmp(e->fp->domains[i], q->domain) == 0)
                break;
        if (i == e->fp->n_domains)
            return 0;
    }
    *sim = 0.0;
    if (q->like) {
        *sim = lsc_fingerprint_similarity(q->like, e->fp);
        if (*sim < q->min_similarity || *sim <= 0.0)
            return 0;
    }
    return 1;
}

typedef int (*each_fn)(void *ud, hentry *e, double sim);

/* Calls fn for every entry matching q: through the bands when the query
 * asks for similarity the bands find, else over every entry. */
static int each_match(lsc_history *h, const lsc_history_filter *q, each_fn fn,
                      void *ud)
{
    size_t i, b;
    double sim;
    int rc;
    if (q->like && q->like->n_shingles && q->min_similarity >= LSC__LSH_FLOOR &&
        h->tsize) {
        uint32_t stamp = ++h->stamp;
        if (stamp == 0) {
            for (i = 1; i <= h->n_e; i++)
                h->e[i].stamp = 0;
            stamp = h->stamp = 1;
        }
        for (b = 0; b < LSC__LSH_BANDS; b++) {
            uint64_t key = band_key(q->like, b);
            uint32_t idx = h->heads[b][band_slot(h, key, b)];
            while (idx) {
                hentry *e = &h->e[idx];
                uint32_t next = e->next[b];
                if (e->stamp != stamp && band_key(e->fp, b) == key) {
                    e->stamp = stamp;
                    if (match_entry(h, e, q, &sim) && (rc = fn(ud, e, sim)))
                        return rc;
                }
                idx = next;
            }
        }
        return 0;
    }
    if (q->like && !q->like->n_shingles)
        return 0;
    for (i = 1; i <= h->n_e; i++) {
        hentry *e = &h->e[i];
        if (match_entry(h, e, q, &sim) && (rc = fn(ud, e, sim)))
            return rc;
    }
    return 0;
}

typedef struct collect {
    size_t count;
    lsc_history_match *m;
    size_t max, n;
} collect;

static int better(const lsc_history_match *a, const lsc_history_match *b)
{
    if (a->similarity != b->similarity)
        return a->similarity > b->similarity;
    if (a->time != b->time)
        return a->time > b->time;
    return a->id > b->id;
}

static int collect_one(void *ud, hentry *e, double sim)
{
    collect *c = ud;
    lsc_history_match m;
    size_t i;
    c->count++;
    if (!c->max)
        return 0;
    m.id = e->id;
    m.time = e->time;
    m.similarity = sim;
    m.same_body = 0;
    m.n_domains = e->fp->n_domains;
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

int lsc_history_query(lsc_history *h, const lsc_history_filter *q,
                      size_t *count, lsc_history_match *matches,
                      size_t max_matches, size_t *n_matches, lsc_error *err)
{
    collect c;
    int rc;
    size_t i;
    if (count)
        *count = 0;
    if (n_matches)
        *n_matches = 0;
    if (!h || (!matches && max_matches))
        return lsc__error(err, LSC_EINVAL, "lsc_history_query",
                          "history or matches is NULL");
    rc = check_query(q, "lsc_history_query", err);
    if (rc)
        return rc;
    memset(&c, 0, sizeof c);
    c.m = matches;
    c.max = max_matches;
    pthread_mutex_lock(&h->mu);
    rc = sync_store(h, err);
    if (rc == 0 && !q->like && !max_matches) {
        /* Counting only: the sorted time arrays answer it. */
        if (q->domain) {
            const hdomain *d = dom_find(h, q->domain);
            c.count = d ? times_count(d->times, d->n, q->since, q->until) : 0;
        } else {
            c.count = times_count(h->all.t, h->all.n, q->since, q->until);
        }
    } else if (rc == 0) {
        rc = each_match(h, q, collect_one, &c);
        for (i = 0; rc == 0 && i < c.n; i++) {
            size_t lo = 1, hi = h->n_e + 1;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (h->e[mid].id < c.m[i].id)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (q->like && lo <= h->n_e && q->like->body_hash &&
                h->e[lo].fp->body_hash == q->like->body_hash)
                c.m[i].same_body = 1;
        }
    }
    pthread_mutex_unlock(&h->mu);
    if (rc)
        return rc;
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

static int visit_one(void *ud, hentry *e, double sim)
{
    visit_adapter *va = ud;
    lsc__hist_match m;
    m.id = e->id;
    m.time = e->time;
    m.similarity = sim;
    m.fp = e->fp;
    return va->fn(va->ud, &m);
}

int lsc__history_visit(lsc_history *h, const lsc_history_filter *q,
                       lsc__hist_visit_fn fn, void *ud, lsc_error *err)
{
    visit_adapter va;
    int rc;
    if (!h || !fn)
        return LSC_EINVAL;
    rc = check_query(q, "lsc_history_query", err);
    if (rc)
        return rc;
    va.fn = fn;
    va.ud = ud;
    pthread_mutex_lock(&h->mu);
    rc = sync_store(h, err);
    if (rc == 0)
        rc = each_match(h, q, visit_one, &va);
    pthread_mutex_unlock(&h->mu);
    return rc;
}

int lsc_history_get(lsc_fingerprint **out, lsc_history *h, int64_t id,
                    lsc_error *err)
{
    size_t lo = 1, hi;
    int rc = 0;
    if (!out || !h)
        return lsc__error(err, LSC_EINVAL, "lsc_history_get",
                          "out or history is NULL");
    *out = NULL;
    pthread_mutex_lock(&h->mu);
    hi = h->n_e + 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->e[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > h->n_e || h->e[lo].id != id || h->e[lo].dead)
        rc = lsc__error(err, LSC_ENOTFOUND, "lsc_history_get",
                        "no entry %lld", (long long)id);
    else if (lsc__fingerprint_copy(out, &h->al, h->e[lo].fp) != 0)
        rc = lsc__error(err, LSC_ENOMEM, "lsc_history_get", "out of memory");
    pthread_mutex_unlock(&h->mu);
    return rc;
}

typedef struct count_state {
    size_t n;
} count_state;

static int count_one(void *ud, hentry *e, double sim)
{
    (void)e;
    (void)sim;
    ((count_state *)ud)->n++;
    return 0;
}

int lsc_history_stats(lsc_history *h, lsc_history_summary *out, lsc_error *err)
{
    size_t i, live = 0, seeds = 0, step;
    int rc;
    if (!h || !out)
        return lsc__error(err, LSC_EINVAL, "lsc_history_stats",
                          "history or out is NULL");
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&h->mu);
    rc = sync_store(h, err);
    if (rc) {
        pthread_mutex_unlock(&h->mu);
        return rc;
    }
    for (i = 1; i <= h->n_e; i++)
        live += !h->e[i].dead;
    out->entries = live;
    if (h->all.n) {
        out->oldest = h->all.t[0];
        out->newest = h->all.t[h->all.n - 1];
    }
    for (i = 0; i < h->dom_size; i++) {
        const hdomain *d = &h->dom[i];
        if (!d->name || !d->n)
            continue;
        out->domains++;
        if (d->n > out->top_domain_count ||
            (d->n == out->top_domain_count &&
             strcmp(d->name, out->top_domain) < 0)) {
            out->top_domain_count = d->n;
            snprintf(out->top_domain, sizeof out->top_domain, "%s", d->name);
        }
    }
    /* Largest template group, estimated from evenly spread seeds so that
     * stats stays cheap on big histories. */
    step = h->n_e / STATS_MAX_SEEDS + 1;
    for (i = 1; i <= h->n_e && seeds < STATS_MAX_SEEDS; i += step) {
        lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
        count_state cs = { 0 };
        if (!indexed(&h->e[i]))
            continue;
        seeds++;
        q.like = h->e[i].fp;
        q.min_similarity = LSC__TEMPLATE_SIMILARITY;
        (void)each_match(h, &q, count_one, &cs);
        if (cs.n > out->largest_template)
            out->largest_template = cs.n;
    }
    out->memory_bytes = sizeof *h + h->cap_e * sizeof(hentry) +
                        LSC__LSH_BANDS * h->tsize * sizeof(uint32_t) +
                        h->fp_bytes + h->n_e * sizeof(lsc_fingerprint) +
                        h->all.cap * sizeof(int64_t) +
                        h->dom_size * sizeof(hdomain);
    for (i = 0; i < h->dom_size; i++)
        if (h->dom[i].name)
            out->memory_bytes += h->dom[i].cap * sizeof(int64_t) +
                                 strlen(h->dom[i].name) + 1;
    out->max_age = h->max_age;
    out->persistent = h->store != NULL;
    pthread_mutex_unlock(&h->mu);
    return 0;
}
