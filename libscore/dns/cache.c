/*
 * cache.c - DNS answers kept until their TTL runs out (lsc_dns_cache).
 *
 * Takes: answers (OK, NODATA, NXDOMAIN; failures and timeouts are never
 * kept) with the smallest TTL of their records.  Gives: the same answer
 * for the same (name, type) until then.  At most max_entries in memory,
 * the oldest replaced first (a ring).  With a path (an existing history
 * file, opened by lsc_history_open first) answers are also written to the
 * table lsc_dns_cache(name, type, expires, blob) in that SQLite file, and
 * a miss in memory is looked up there, so the next process starts warm.
 * The table sits beside the history's own tables; the history code never
 * reads it.  One mutex guards everything: a cache may be shared by
 * threads.
 *
 * An answer is kept as one blob: status (1), record count (2), then per
 * record type (2), pref (2), cut (1), length (4), text.  All little-endian.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <time.h>

#include "dns/dns.h"

#define CACHE_MAX_TTL (7 * 24 * 3600)   /* a TTL larger is read as this */

typedef struct centry {
    char name[LSC__DOMAIN_MAX + 1];
    uint16_t type;
    int64_t expires;
    unsigned char *blob;
    size_t blob_len;
} centry;

struct lsc_dns_cache {
    lsc__alloc al;
    pthread_mutex_t mu;
    centry *e;
    size_t cap, n, next;    /* ring: next is the slot to replace */
    uint64_t hits, misses;
    sqlite3 *db;
    sqlite3_stmt *get, *put;
};

static const char *SCHEMA =
    "CREATE TABLE IF NOT EXISTS lsc_dns_cache(name TEXT NOT NULL, type INTEGER NOT NULL,"
    " expires INTEGER NOT NULL, answer BLOB NOT NULL, PRIMARY KEY(name, type))";

static int open_db(lsc_dns_cache *c, const char *path, lsc_error *err)
{
    int rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(c->db, 2000);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(c->db, SCHEMA, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(c->db, "SELECT expires, answer FROM lsc_dns_cache"
                                       " WHERE name = ?1 AND type = ?2", -1, &c->get, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO lsc_dns_cache"
                                       "(name, type, expires, answer) VALUES (?1, ?2, ?3, ?4)",
                                -1, &c->put, NULL);
    if (rc != SQLITE_OK)
        return lsc__error(err, LSC_EIO, path, "DNS cache: %s",
                          c->db ? sqlite3_errmsg(c->db) : "cannot open");
    return 0;
}

int lsc_dns_cache_new(lsc_dns_cache **out, size_t max_entries,
                      const char *history_path, lsc_error *err)
{
    lsc_dns_cache *c;
    lsc__alloc al;
    int rc;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_dns_cache_new", "out is NULL");
    *out = NULL;
    lsc__alloc_init(&al, NULL);
    c = lsc__calloc(&al, 1, sizeof *c);
    if (!c)
        return lsc__error(err, LSC_ENOMEM, "lsc_dns_cache_new", "out of memory");
    c->al = al;
    c->cap = max_entries ? max_entries : LSC_DNS_CACHE_DEFAULT_ENTRIES;
    c->e = lsc__calloc(&c->al, c->cap, sizeof *c->e);
    if (!c->e || pthread_mutex_init(&c->mu, NULL) != 0) {
        lsc__free(&c->al, c->e);
        lsc__free(&c->al, c);
        return lsc__error(err, LSC_ENOMEM, "lsc_dns_cache_new", "out of memory");
    }
    if (history_path && (rc = open_db(c, history_path, err)) != 0) {
        lsc_dns_cache_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

void lsc_dns_cache_free(lsc_dns_cache *c)
{
    size_t i;
    if (!c)
        return;
    for (i = 0; i < c->n; i++)
        lsc__free(&c->al, c->e[i].blob);
    sqlite3_finalize(c->get);
    sqlite3_finalize(c->put);
    sqlite3_close(c->db);
    pthread_mutex_destroy(&c->mu);
    lsc__free(&c->al, c->e);
    lsc__free(&c->al, c);
}

void lsc_dns_cache_stats(const lsc_dns_cache *c, uint64_t *hits,
                         uint64_t *misses)
{
    if (hits)
        *hits = c ? c->hits : 0;
    if (misses)
        *misses = c ? c->misses : 0;
}

static void put_u(unsigned char *p, uint32_t v, int n)
{
    int i;
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u(const unsigned char *p, int n)
{
    uint32_t v = 0;
    int i;
    for (i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static unsigned char *encode(const lsc__alloc *al, const lsc__dns_answer *a,
                             size_t *len)
{
    size_t need = 3, i, at = 3;
    unsigned char *b;
    for (i = 0; i < a->n; i++)
        need += 9 + a->rr[i].len;
    b = lsc__malloc(al, need);
    if (!b)
        return NULL;
    b[0] = (unsigned char)a->status;
    put_u(b + 1, (uint32_t)a->n, 2);
    for (i = 0; i < a->n; i++) {
        put_u(b + at, a->rr[i].type, 2);
        put_u(b + at + 2, a->rr[i].pref, 2);
        b[at + 4] = (unsigned char)a->rr[i].cut;
        put_u(b + at + 5, (uint32_t)a->rr[i].len, 4);
        memcpy(b + at + 9, a->rr[i].text, a->rr[i].len);
        at += 9 + a->rr[i].len;
    }
    *len = need;
    return b;
}

/* Reads a blob back; 0 when it does (a damaged one is a miss). */
static int decode(lsc__arena *ar, const unsigned char *b, size_t len,
                  lsc__dns_answer *a)
{
    size_t i, at = 3;
    if (len < 3 || b[0] > LSC__DNS_NXDOMAIN)
        return -1;
    memset(a, 0, sizeof *a);
    a->status = (lsc__dns_status)b[0];
    a->n = get_u(b + 1, 2);
    if (a->n > LSC__DNS_MAX_RECORDS)
        return -1;
    a->rr = lsc__arena_zalloc(ar, (a->n ? a->n : 1) * sizeof *a->rr);
    if (!a->rr)
        return -1;
    for (i = 0; i < a->n; i++) {
        size_t l;
        if (len - at < 9)
            return -1;
        a->rr[i].type = (uint16_t)get_u(b + at, 2);
        a->rr[i].pref = (uint16_t)get_u(b + at + 2, 2);
        a->rr[i].cut = b[at + 4];
        l = get_u(b + at + 5, 4);
        if (l > len - at - 9)
            return -1;
        a->rr[i].text = lsc__arena_strndup(ar, (const char *)b + at + 9, l);
        if (!a->rr[i].text)
            return -1;
        a->rr[i].len = l;
        at += 9 + l;
    }
    a->from_cache = 1;
    return at == len ? 0 : -1;
}

static centry *find(lsc_dns_cache *c, const char *name, uint16_t type)
{
    size_t i;
    for (i = 0; i < c->n; i++)
        if (c->e[i].type == type && strcmp(c->e[i].name, name) == 0)
            return &c->e[i];
    return NULL;
}

int lsc__cache_get(lsc_dns_cache *c, lsc__arena *ar, const char *name,
                   uint16_t type, int64_t now, lsc__dns_answer *a)
{
    centry *e;
    int found = 0;
    if (!c || strlen(name) > LSC__DOMAIN_MAX)
        return 0;
    pthread_mutex_lock(&c->mu);
    e = find(c, name, type);
    if (e && e->expires > now && decode(ar, e->blob, e->blob_len, a) == 0)
        found = 1;
    if (!found && c->db) {
        sqlite3_bind_text(c->get, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int(c->get, 2, type);
        if (sqlite3_step(c->get) == SQLITE_ROW &&
            sqlite3_column_int64(c->get, 0) > now) {
            const void *blob = sqlite3_column_blob(c->get, 1);
            int bl = sqlite3_column_bytes(c->get, 1);
            if (blob && bl > 0 && decode(ar, blob, (size_t)bl, a) == 0)
                found = 1;
        }
        sqlite3_reset(c->get);
        sqlite3_clear_bindings(c->get);
    }
    if (found)
        c->hits++;
    else
        c->misses++;
    pthread_mutex_unlock(&c->mu);
    return found;
}

void lsc__cache_put(lsc_dns_cache *c, const char *name, uint16_t type,
                    int64_t now, const lsc__dns_answer *a)
{
    centry *e;
    unsigned char *blob;
    size_t len = 0, nl = strlen(name);
    int64_t expires;
    if (!c || a->ttl == 0 || nl > LSC__DOMAIN_MAX ||
        (a->status != LSC__DNS_OK && a->status != LSC__DNS_NODATA &&
         a->status != LSC__DNS_NXDOMAIN))
        return;
    blob = encode(&c->al, a, &len);
    if (!blob)
        return;    /* out of memory: simply not cached */
    expires = now + (a->ttl > CACHE_MAX_TTL ? CACHE_MAX_TTL : a->ttl);
    pthread_mutex_lock(&c->mu);
    e = find(c, name, type);
    if (!e) {
        if (c->n < c->cap) {
            e = &c->e[c->n++];
        } else {
            e = &c->e[c->next];
            c->next = (c->next + 1) % c->cap;
        }
        lsc__free(&c->al, e->blob);
        memcpy(e->name, name, nl + 1);
        e->type = type;
    } else {
        lsc__free(&c->al, e->blob);
    }
    e->blob = blob;
    e->blob_len = len;
    e->expires = expires;
    if (c->db) {
        sqlite3_bind_text(c->put, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int(c->put, 2, type);
        sqlite3_bind_int64(c->put, 3, expires);
        sqlite3_bind_blob(c->put, 4, blob, (int)len, SQLITE_STATIC);
        sqlite3_step(c->put);    /* a busy or full file: kept in memory only */
        sqlite3_reset(c->put);
        sqlite3_clear_bindings(c->put);
    }
    pthread_mutex_unlock(&c->mu);
}
