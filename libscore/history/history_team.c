/*
 * history_team.c - the team view of a shared history: per sender and
 * recipient domain, how many letters went out in the last hour and day,
 * and how many of them were near copies of another letter to that domain.
 *
 * Takes: a history (any store) and a "now".  Gives: an lsc_history_team
 * of rows, most similar first, so that a team lead sees twenty people
 * sending one letter to one customer.  A letter is "similar" for a domain
 * when another letter of the same day sent to that domain (by anyone) is
 * at least LSC__TEMPLATE_SIMILARITY alike: one similarity query per
 * letter through the band index.  Bounded: the newest
 * LSC_HISTORY_TEAM_MAX_LETTERS letters of the day are read.
 */
#include <stdlib.h>

#include "history/history_int.h"

#define DAY_SECONDS 86400
#define HOUR_SECONDS 3600

struct lsc_history_team {
    lsc__alloc al;
    lsc_history_team_row *rows;
    size_t n;
    char **strings;          /* owned copies the rows point to */
    size_t n_strings;
    int truncated;
};

/* One letter of the day: who sent it when, and its fingerprint. */
typedef struct letter {
    int64_t id, time;
    char *sender;
    lsc_fingerprint *fp;     /* owned, h->al */
} letter;

typedef struct gather {
    lsc_history *h;
    letter *l;
    size_t n, next;          /* ring once full: the newest stay */
    int truncated;
    lsc_error *err;
} gather;

static void letter_clear(lsc_history *h, letter *l)
{
    lsc__free(&h->al, l->sender);
    lsc_fingerprint_free(l->fp);
    memset(l, 0, sizeof *l);
}

static int gather_row(void *ud, const lsc__store_row *r)
{
    gather *g = ud;
    letter *l;
    int rc;
    if (g->n < LSC_HISTORY_TEAM_MAX_LETTERS) {
        l = &g->l[g->n++];
    } else {
        l = &g->l[g->next];
        g->next = (g->next + 1) % LSC_HISTORY_TEAM_MAX_LETTERS;
        g->truncated = 1;
        letter_clear(g->h, l);
    }
    l->id = r->id;
    l->time = r->time;
    l->sender = lsc__strdup(&g->h->al, r->sender ? r->sender : "");
    if (!l->sender)
        return LSC_ENOMEM;
    rc = lsc__fingerprint_decode_al(&l->fp, &g->h->al, r->blob, r->len,
                                    g->err);
    if (rc == LSC_ECORRUPT || rc == LSC_EVERSION)
        return lsc__error(g->err, LSC_ECORRUPT, "lsc_history",
                          "entry %lld is damaged", (long long)r->id);
    return rc;
}

/* Which of a letter's domains another similar letter also went to. */
typedef struct mark {
    const letter *self;
    unsigned char *similar;  /* per domain of self */
} mark;

static int mark_match(void *ud, const lsc__hist_match *m)
{
    mark *mk = ud;
    const lsc_fingerprint *a = mk->self->fp;
    size_t i, j;
    if (m->id == mk->self->id)
        return 0;
    for (i = 0; i < a->n_domains; i++)
        for (j = 0; j < m->fp->n_domains; j++)
            if (strcmp(a->domains[i], m->fp->domains[j]) == 0)
                mk->similar[i] = 1;
    return 0;
}

/* One (sender, domain) observation before folding into rows. */
typedef struct obs {
    const char *sender, *domain;
    int in_hour, similar;
} obs;

static int cmp_obs(const void *a, const void *b)
{
    const obs *x = a, *y = b;
    int c = strcmp(x->sender, y->sender);
    return c ? c : strcmp(x->domain, y->domain);
}

static int cmp_row(const void *a, const void *b)
{
    const lsc_history_team_row *x = a, *y = b;
    int c;
    if (x->similar_day != y->similar_day)
        return x->similar_day > y->similar_day ? -1 : 1;
    if (x->sent_day != y->sent_day)
        return x->sent_day > y->sent_day ? -1 : 1;
    c = strcmp(x->domain, y->domain);
    return c ? c : strcmp(x->sender, y->sender);
}

static const char *keep(lsc_history_team *t, const char *s)
{
    char *c = lsc__strdup(&t->al, s);
    if (!c)
        return NULL;
    t->strings[t->n_strings++] = c;
    return c;
}

/* Folds sorted observations into the team's rows. */
static int fold(lsc_history_team *t, obs *o, size_t n)
{
    size_t i;
    t->rows = lsc__calloc(&t->al, n ? n : 1, sizeof *t->rows);
    t->strings = lsc__calloc(&t->al, 2 * n + 1, sizeof *t->strings);
    if (!t->rows || !t->strings)
        return LSC_ENOMEM;
    for (i = 0; i < n; i++) {
        lsc_history_team_row *r;
        if (i == 0 || cmp_obs(&o[i - 1], &o[i]) != 0) {
            r = &t->rows[t->n++];
            if (!(r->sender = keep(t, o[i].sender)) ||
                !(r->domain = keep(t, o[i].domain)))
                return LSC_ENOMEM;
        }
        r = &t->rows[t->n - 1];
        r->sent_day++;
        r->sent_hour += (uint64_t)o[i].in_hour;
        r->similar_day += (uint64_t)o[i].similar;
        r->similar_hour += (uint64_t)(o[i].similar && o[i].in_hour);
    }
    if (t->n > 1)
        qsort(t->rows, t->n, sizeof *t->rows, cmp_row);
    return 0;
}

/* Observations of every letter: its domains, each marked similar or not. */
static int observe(lsc_history *h, gather *g, int64_t now, obs **out,
                   size_t *n_out, lsc_error *err)
{
    size_t i, j, n = 0, cap = 0;
    obs *o = NULL;
    int rc = 0;
    for (i = 0; rc == 0 && i < g->n; i++) {
        const letter *l = &g->l[i];
        unsigned char similar[LSC_FINGERPRINT_MAX_DOMAINS];
        memset(similar, 0, sizeof similar);
        if (l->fp->n_shingles && l->fp->n_domains) {
            lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
            mark mk;
            mk.self = l;
            mk.similar = similar;
            q.like = l->fp;
            q.min_similarity = LSC__TEMPLATE_SIMILARITY;
            q.since = now - DAY_SECONDS;
            q.until = now;
            /* a template sent more than LSC_HISTORY_MAX_COMPARED times is
             * judged against its nearest copies only: a copy to the same
             * domain among them marks the letter */
            rc = lsc__history_each(h, &q, mark_match, &mk, NULL, err);
        }
        for (j = 0; rc == 0 && j < l->fp->n_domains &&
                    j < LSC_FINGERPRINT_MAX_DOMAINS; j++) {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                obs *no = lsc__realloc(&h->al, o, nc * sizeof *no);
                if (!no) {
                    rc = LSC_ENOMEM;
                    break;
                }
                o = no;
                cap = nc;
            }
            o[n].sender = l->sender;
            o[n].domain = l->fp->domains[j];
            o[n].in_hour = l->time >= now - HOUR_SECONDS;
            o[n].similar = similar[j];
            n++;
        }
    }
    *out = o;
    *n_out = n;
    return rc;
}

int lsc_history_team_stats(lsc_history_team **out, lsc_history *h,
                           int64_t now, lsc_error *err)
{
    lsc_history_team *t;
    gather g;
    obs *o = NULL;
    size_t n_obs = 0, i;
    int rc;
    if (!out || !h)
        return lsc__error(err, LSC_EINVAL, "lsc_history_team_stats",
                          "out or history is NULL");
    *out = NULL;
    t = lsc__calloc(&h->al, 1, sizeof *t);
    memset(&g, 0, sizeof g);
    g.h = h;
    g.err = err;
    g.l = lsc__calloc(&h->al, LSC_HISTORY_TEAM_MAX_LETTERS, sizeof *g.l);
    if (!t || !g.l) {
        lsc__free(&h->al, t);
        lsc__free(&h->al, g.l);
        return lsc__error(err, LSC_ENOMEM, "lsc_history_team_stats",
                          "out of memory");
    }
    t->al = h->al;
    pthread_mutex_lock(&h->mu);
    if (!now)
        now = lsc__history_now(h);
    if (now < INT64_MIN + DAY_SECONDS)
        now = INT64_MIN + DAY_SECONDS;   /* no overflow below */
    rc = h->ops->scan(h->store, NULL,
                      lsc__history_span(h, now - DAY_SECONDS, now), 1,
                      gather_row, &g, err);
    if (rc == 0)
        rc = observe(h, &g, now, &o, &n_obs, err);
    if (rc == 0) {
        if (n_obs)   /* qsort's base may not be NULL, even for 0 */
            qsort(o, n_obs, sizeof *o, cmp_obs);
        rc = fold(t, o, n_obs);
    }
    pthread_mutex_unlock(&h->mu);
    t->truncated = g.truncated;
    for (i = 0; i < g.n; i++)
        letter_clear(h, &g.l[i]);
    lsc__free(&h->al, g.l);
    lsc__free(&h->al, o);
    if (rc) {
        lsc_history_team_free(t);
        if (rc == LSC_ENOMEM)
            return lsc__error(err, rc, "lsc_history_team_stats",
                              "out of memory");
        return rc;
    }
    *out = t;
    return 0;
}

size_t lsc_history_team_count(const lsc_history_team *t)
{
    return t ? t->n : 0;
}

const lsc_history_team_row *lsc_history_team_row_at(const lsc_history_team *t,
                                                    size_t i)
{
    return t && i < t->n ? &t->rows[i] : NULL;
}

int lsc_history_team_truncated(const lsc_history_team *t)
{
    return t ? t->truncated : 0;
}

void lsc_history_team_free(lsc_history_team *t)
{
    lsc__alloc al;
    size_t i;
    if (!t)
        return;
    al = t->al;
    for (i = 0; i < t->n_strings; i++)
        lsc__free(&al, t->strings[i]);
    lsc__free(&al, t->strings);
    lsc__free(&al, t->rows);
    lsc__free(&al, t);
}
