/*
 * similar.c - the similarity stage: compares a draft with the history of
 * sent mail.
 *
 * Takes: the visible words of the subject and the body text parts (text.c,
 * lsc__word.norm), the recipient domains (To/Cc/Bcc), the time, and
 * optionally an lsc_history.  Gives: an lsc_fingerprint in the result
 * (fingerprint.c builds it) and, with a history, the facts
 * rules_history.c judges (how many earlier messages are near copies, how
 * deeply this one was personalized against the nearest, how many messages
 * went to each recipient domain lately).  The stage uses the history
 * (history.h); the history never calls back.
 */
#include <stdlib.h>

#include "base/engine.h"
#include "history/similar.h"

/* Domains of matches named in an explanation. */
#define MAX_SIMILAR_DOMAINS 16

/* ---- accessors ---- */

const lsc_fingerprint *lsc_result_fingerprint(const lsc_result *r)
{
    if (!r || !r->msg || !r->msg->similar)
        return NULL;
    return r->msg->similar->fp;
}

int lsc_result_personalization(const lsc_result *r, size_t *changed,
                               size_t *total, double *similarity,
                               int64_t *when)
{
    const lsc__sim_facts *f = r && r->msg ? r->msg->similar : NULL;
    if (changed)
        *changed = 0;
    if (total)
        *total = 0;
    if (similarity)
        *similarity = 0.0;
    if (when)
        *when = 0;
    if (!r)
        return LSC_EINVAL;
    if (!f || !f->have_history || !f->have_nearest)
        return LSC_ENOTFOUND;
    if (changed)
        *changed = f->changed_words;
    if (total)
        *total = f->n_words;
    if (similarity)
        *similarity = f->nearest_similarity;
    if (when)
        *when = f->nearest_time;
    return 0;
}

const lsc__sim_facts *lsc__sim_facts_of(const lsc__ctx *c)
{
    return c->msg ? c->msg->similar : NULL;
}

/* ---- the stage ---- */

/* Text leaves a reader sees as the body.  In a multipart/alternative the
 * HTML twin of a plain part is left out so its words do not count twice. */
static int body_part(const lsc__message *m, size_t i)
{
    const lsc__part *p = m->parts[i];
    size_t j;
    if (!(p->pub.flags & LSC_PART_TEXT) ||
        (p->pub.flags & LSC_PART_ATTACHMENT) || !p->text.n_words)
        return 0;
    if (!(p->pub.flags & LSC_PART_HTML) || p->pub.parent == LSC__NONE ||
        p->pub.parent >= m->n_parts ||
        strcmp(m->parts[p->pub.parent]->pub.content_type,
               "multipart/alternative") != 0)
        return 1;
    for (j = 0; j < m->n_parts; j++) {
        const lsc__part *q = m->parts[j];
        if (j != i && q->pub.parent == p->pub.parent &&
            (q->pub.flags & LSC_PART_TEXT) && !(q->pub.flags & LSC_PART_HTML) &&
            q->text.n_words)
            return 0;
    }
    return 1;
}

static int push_words(lsc__vec *v, lsc__arena *ar, const lsc__text *t,
                      lsc_where where, size_t part, size_t limit)
{
    size_t i;
    for (i = 0; i < t->n_words && v->n < limit; i++) {
        const lsc__word *w = &t->words[i];
        lsc__sim_word *sw;
        if (!w->norm || !w->norm_len)
            continue;
        sw = lsc__vec_push(v, ar);
        if (!sw)
            return LSC_ENOMEM;
        sw->norm = w->norm;
        sw->norm_len = w->norm_len;
        sw->where = where;
        sw->part = part;
        sw->start = w->start;
        sw->end = w->end;
    }
    return 0;
}

static int push_domains(lsc__vec *out, lsc__arena *ar, const lsc__vec *addrs)
{
    size_t i;
    for (i = 0; i < addrs->n && out->n < LSC_FINGERPRINT_MAX_DOMAINS * 4;
         i++) {
        const lsc__address *a = &LSC__VEC_AT(addrs, lsc__address, i);
        char **slot;
        if (!a->domain || !*a->domain || (a->flags & LSC__ADDR_INVALID))
            continue;
        slot = lsc__vec_push(out, ar);
        if (!slot)
            return LSC_ENOMEM;
        *slot = a->domain;
    }
    return 0;
}

typedef struct visit_state {
    lsc__ctx *c;
    lsc__sim_facts *f;
    int64_t template_since;
    int64_t nearest_id;
    uint16_t *near;         /* the nearest one's chunks, copied */
    size_t n_near;
} visit_state;

static int add_similar_domain(lsc__sim_facts *f, lsc__arena *ar,
                              const char *d)
{
    size_t i;
    for (i = 0; i < f->n_similar_domains; i++)
        if (strcmp(f->similar_domains[i], d) == 0)
            return 0;
    if (f->n_similar_domains >= MAX_SIMILAR_DOMAINS)
        return 0;
    f->similar_domains[f->n_similar_domains] = lsc__arena_strdup(ar, d);
    if (!f->similar_domains[f->n_similar_domains])
        return LSC_ENOMEM;
    f->n_similar_domains++;
    return 0;
}

static int visit_match(void *ud, const lsc__hist_match *m)
{
    visit_state *vs = ud;
    lsc__sim_facts *f = vs->f;
    size_t i;
    if (m->similarity >= LSC__TEMPLATE_SIMILARITY &&
        m->time >= vs->template_since) {
        f->n_similar++;
        if (m->similarity > f->max_similarity)
            f->max_similarity = m->similarity;
        if (f->n_similar == 1 || m->similarity < f->min_similarity_seen)
            f->min_similarity_seen = m->similarity;
        if (m->fp->body_hash == f->fp->body_hash && f->fp->body_hash)
            f->n_same_body++;
        for (i = 0; i < m->fp->n_domains; i++) {
            int rc = add_similar_domain(f, vs->c->ar, m->fp->domains[i]);
            if (rc)
                return rc;
        }
    }
    if (!f->have_nearest || m->similarity > f->nearest_similarity ||
        (m->similarity == f->nearest_similarity && m->time > f->nearest_time)) {
        uint16_t *copy = NULL;
        f->have_nearest = 1;
        f->nearest_similarity = m->similarity;
        f->nearest_time = m->time;
        vs->nearest_id = m->id;
        /* Keep the nearest one's chunks (sorted) for the comparison. */
        if (m->fp->n_chunks) {
            copy = lsc__arena_alloc(vs->c->ar,
                                    m->fp->n_chunks * sizeof *copy);
            if (!copy)
                return LSC_ENOMEM;
            memcpy(copy, m->fp->chunks, m->fp->n_chunks * sizeof *copy);
        }
        vs->near = copy;
        vs->n_near = m->fp->n_chunks;
    }
    return 0;
}

static int cmp_u16(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
}

/* Which of this message's words sit in chunks the nearest lacks. */
static int compare_with_nearest(lsc__ctx *c, lsc__sim_facts *f,
                                uint16_t *near, size_t n_near)
{
    const lsc_fingerprint *fp = f->fp;
    size_t ci;
    f->changed_words = 0;
    if (fp->n_chunks) {
        f->chunk_changed = lsc__arena_zalloc(c->ar, fp->n_chunks);
        if (!f->chunk_changed)
            return LSC_ENOMEM;
    }
    if (n_near)
        qsort(near, n_near, sizeof *near, cmp_u16);
    for (ci = 0; ci < fp->n_chunks; ci++) {
        if (n_near && bsearch(&fp->chunks[ci], near, n_near, sizeof *near,
                              cmp_u16))
            continue;
        f->chunk_changed[ci] = 1;
        f->changed_words += f->chunk_first[ci + 1] - f->chunk_first[ci];
    }
    return 0;
}

/* a - b for b >= 0 without overflow: the caller's "now" may be anything. */
static int64_t sub_sat(int64_t a, int64_t b)
{
    return a < INT64_MIN + b ? INT64_MIN : a - b;
}

static int gather_history(lsc__ctx *c, lsc__sim_facts *f)
{
    lsc_history_filter q = LSC_HISTORY_FILTER_INIT;
    visit_state vs;
    lsc_error err;
    size_t i;
    int rc;

    f->similar_domains = lsc__arena_zalloc(c->ar, MAX_SIMILAR_DOMAINS *
                                                  sizeof(char *));
    if (!f->similar_domains)
        return LSC_ENOMEM;
    memset(&vs, 0, sizeof vs);
    vs.c = c;
    vs.f = f;
    vs.template_since = sub_sat(c->now, (int64_t)LSC__TEMPLATE_DAYS * 86400);
    if (f->fp->n_shingles) {
        q.like = f->fp;
        q.min_similarity = LSC__LSH_FLOOR;
        q.until = c->now;
        rc = lsc__history_visit(c->history, &q, visit_match, &vs,
                                &f->similar_capped, &err);
        if (rc == LSC_ENOMEM)
            return rc;
        /* A history that cannot be read leaves the facts empty: scoring
         * goes on without it rather than failing the draft. */
        if (rc != 0) {
            f->have_nearest = 0;
            f->n_similar = f->n_same_body = f->n_similar_domains = 0;
            f->similar_capped = 0;
        }
    }
    if (f->have_nearest && (rc = compare_with_nearest(c, f, vs.near,
                                                      vs.n_near)) != 0)
        return rc;

    if (f->fp->n_domains) {
        f->burst = lsc__arena_zalloc(c->ar, f->fp->n_domains *
                                            sizeof *f->burst);
        if (!f->burst)
            return LSC_ENOMEM;
    }
    for (i = 0; i < f->fp->n_domains; i++) {
        size_t count = 0;
        lsc_history_filter dq = LSC_HISTORY_FILTER_INIT;
        dq.domain = f->fp->domains[i];
        dq.since = sub_sat(c->now, LSC__BURST_WINDOW_SECONDS);
        dq.until = c->now;
        rc = lsc_history_query(NULL, 0, NULL, &count, c->history, &dq, &err);
        if (rc == LSC_ENOMEM)
            return rc;
        if (rc != 0)
            count = 0;
        f->burst[f->n_burst].domain = f->fp->domains[i];
        f->burst[f->n_burst].count = count;
        f->n_burst++;
    }
    f->have_history = 1;
    return 0;
}

int lsc__similar_run(lsc__ctx *c)
{
    lsc__message *m = c->msg;
    lsc__sim_facts *f;
    lsc__vec words, domains;
    size_t i, n_subject, limit;
    int rc;

    if (!c->history && (c->score_flags & LSC_SCORE_NO_FINGERPRINT))
        return 0;
    f = lsc__arena_zalloc(c->ar, sizeof *f);
    if (!f)
        return LSC_ENOMEM;
    lsc__vec_init(&words, sizeof(lsc__sim_word));
    lsc__vec_init(&domains, sizeof(char *));
    limit = LSC__MIN((size_t)LSC__SIM_MAX_WORDS, c->eng->limits.max_words);
    rc = push_words(&words, c->ar, &m->subject_text, LSC_WHERE_SUBJECT, 0,
                    limit);
    n_subject = words.n;
    for (i = 0; rc == 0 && i < m->n_parts; i++)
        if (body_part(m, i))
            rc = push_words(&words, c->ar, &m->parts[i]->text,
                            LSC_WHERE_BODY, i, limit);
    if (rc == 0)
        rc = push_domains(&domains, c->ar, &m->to);
    if (rc == 0)
        rc = push_domains(&domains, c->ar, &m->cc);
    if (rc == 0)
        rc = push_domains(&domains, c->ar, &m->bcc);
    if (rc)
        return rc;
    f->words = words.items;
    f->n_words = words.n;
    f->n_subject_words = n_subject;
    f->chunk_first = lsc__arena_alloc(c->ar, (LSC__FP_MAX_CHUNKS + 1) *
                                             sizeof *f->chunk_first);
    if (!f->chunk_first)
        return LSC_ENOMEM;
    rc = lsc__fingerprint_build(&f->fp, c->ar, f->words, f->n_words,
                                n_subject, domains.items, domains.n, c->now,
                                f->chunk_first);
    if (rc)
        return rc;
    m->similar = f;
    if (c->history)
        return gather_history(c, f);
    return 0;
}
