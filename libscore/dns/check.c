/*
 * check.c - the check object (lsc_check): its findings and facts, the
 * table of findings, the questions asked for it, and the public calls.
 *
 * Takes: the options of lsc_sender_check / lsc_recipient_check.  Gives: a
 * check that owns (one arena) its findings, shaped like content hits
 * (lsc_hit with one LSC_WHERE_DNS evidence: the name asked and the record
 * text), and facts as name = value strings.  Questions go through a memo
 * of this check's answers (an SPF walk asks the same names more than
 * once), then the host's lsc_dns_cache, then the resolver.  A question
 * that times out or fails marks the check unknown (DNS_UNKNOWN) and the
 * checks that depend on it say nothing: "could not tell", never "broken".
 *
 * lsc__check_add_hits copies the findings with points into a scoring
 * result (core/result.c calls it when lsc_score_options.check is given).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rules/rules.h"
#include "dns/check.h"

typedef struct finding_def {
    const char *id;
    double points;
    const char *desc_en, *desc_zh;
    const char *expl_en, *expl_zh;   /* printf formats: the same %s args */
    const char *sugg_en, *sugg_zh;
} finding_def;

static const finding_def table[] = {
#define LSC_FINDING(id, points, desc_en, desc_zh, expl_en, expl_zh, sugg_en, sugg_zh) \
    { #id, points, desc_en, desc_zh, expl_en, expl_zh, sugg_en, sugg_zh },
#include "dns/findings.def"
};

typedef struct memo {
    const char *name;
    uint16_t type;
    lsc__dns_answer a;
} memo;

typedef struct fact {
    const char *name, *value;
} fact;

struct lsc_check {
    lsc__alloc al;
    lsc__arena ar;
    lsc_lang lang;
    const lsc_engine *eng;    /* may be NULL */
    lsc_dns_options opts;
    lsc__resolver *res;
    lsc__vec hits;            /* lsc_hit */
    lsc__vec facts;           /* fact */
    lsc__vec memos;           /* memo */
    const lsc_hit **sorted;
    size_t n_sorted;
    char *subject;
    int unknown;
    int timed_out;            /* a question got no answer in time */
    double points, elapsed_ms;
    int64_t now;
};

lsc__arena *lsc__check_arena(lsc__check *c) { return &c->ar; }
lsc__resolver *lsc__check_resolver(lsc__check *c) { return c->res; }
const lsc_dns_options *lsc__check_options(lsc__check *c) { return &c->opts; }
const lsc_engine *lsc__check_engine(lsc__check *c) { return c->eng; }

static const finding_def *def_of(const char *id)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(table); i++)
        if (strcmp(table[i].id, id) == 0)
            return &table[i];
    return NULL;
}

int lsc__finding(lsc__check *c, const char *id, const char *ev_name,
                 const char *ev_text, size_t text_len, ...)
{
    const finding_def *d = def_of(id);
    lsc_hit *h;
    lsc_evidence *ev;
    va_list ap;
    size_t i;
    int zh = c->lang == LSC_LANG_ZH;
    if (!d)
        return LSC_EINTERNAL;
    h = lsc__vec_push(&c->hits, &c->ar);
    ev = lsc__arena_zalloc(&c->ar, sizeof *ev);
    if (!h || !ev)
        return LSC_ENOMEM;
    h->id = d->id;
    h->group = "dns";
    h->weight = d->points;
    h->strength = 1.0;
    h->points = d->points;
    h->description = zh ? d->desc_zh : d->desc_en;
    va_start(ap, text_len);
    h->explanation = lsc__arena_vprintf(&c->ar, zh ? d->expl_zh : d->expl_en, ap);
    va_end(ap);
    va_start(ap, text_len);
    h->suggestion = lsc__arena_vprintf(&c->ar, zh ? d->sugg_zh : d->sugg_en, ap);
    va_end(ap);
    ev->where = LSC_WHERE_DNS;
    ev->header = lsc__arena_strdup(&c->ar, ev_name ? ev_name : "");
    ev->text = lsc__arena_strndup(&c->ar, ev_text ? ev_text : "",
                                  ev_text ? text_len : 0);
    ev->end = ev_text ? text_len : 0;
    h->n_evidence = 1;
    h->evidence = ev;
    if (!h->explanation || !h->suggestion || !ev->header || !ev->text)
        return LSC_ENOMEM;
    /* DNS text is ASCII by nature; anything else (NUL, controls, 8-bit)
     * shows as '?' so the evidence is always a printable C string. */
    for (i = 0; i < ev->end; i++)
        if ((unsigned char)ev->text[i] < 0x20 || (unsigned char)ev->text[i] >= 0x7f)
            ((char *)ev->text)[i] = '?';
    return 0;
}

int lsc__fact(lsc__check *c, const char *name, const char *fmt, ...)
{
    fact *f = lsc__vec_push(&c->facts, &c->ar);
    va_list ap;
    if (!f)
        return LSC_ENOMEM;
    f->name = lsc__arena_strdup(&c->ar, name);
    va_start(ap, fmt);
    f->value = lsc__arena_vprintf(&c->ar, fmt, ap);
    va_end(ap);
    return f->name && f->value ? 0 : LSC_ENOMEM;
}

void lsc__check_unknown(lsc__check *c)
{
    c->unknown = 1;
}

int lsc__check_ask(lsc__check *c, const char *name, uint16_t type,
                   lsc__dns_answer *a)
{
    char low[LSC__DOMAIN_MAX + 1];
    size_t n = strlen(name), i;
    memo *m;
    int rc;
    while (n > 0 && name[n - 1] == '.')
        n--;
    if (n == 0 || n > LSC__DOMAIN_MAX) {
        memset(a, 0, sizeof *a);
        a->status = LSC__DNS_NXDOMAIN;    /* no such name can exist */
        return 0;
    }
    memcpy(low, name, n);
    low[n] = 0;
    lsc__lower(low, n);
    for (i = 0; i < c->memos.n; i++) {
        m = &LSC__VEC_AT(&c->memos, memo, i);
        if (m->type == type && strcmp(m->name, low) == 0) {
            *a = m->a;
            return 0;
        }
    }
    if (c->timed_out) {
        /* A server that stayed silent once is not asked again: the check
         * is unknown already, and answering at once keeps it fast. */
        memset(a, 0, sizeof *a);
        a->status = LSC__DNS_TIMEOUT;
    } else if (!lsc__cache_get(c->opts.cache, &c->ar, low, type, c->now, a)) {
        rc = lsc__resolve(c->res, &c->ar, low, type, a);
        if (rc)
            return rc;
        lsc__cache_put(c->opts.cache, low, type, c->now, a);
    }
    if (a->status == LSC__DNS_TIMEOUT || a->status == LSC__DNS_FAIL) {
        if (!c->unknown) {
            const char *tn = type == LSC__RR_MX ? "MX" : type == LSC__RR_TXT ? "TXT"
                           : type == LSC__RR_AAAA ? "AAAA" : "A";
            rc = lsc__finding(c, "DNS_UNKNOWN", low, NULL, 0,
                              a->status == LSC__DNS_TIMEOUT ? "no answer" : "a failed answer",
                              tn, low);
            if (rc)
                return rc;
        }
        c->unknown = 1;
        if (a->status == LSC__DNS_TIMEOUT)
            c->timed_out = 1;
    }
    m = lsc__vec_push(&c->memos, &c->ar);
    if (!m || !(m->name = lsc__arena_strdup(&c->ar, low)))
        return LSC_ENOMEM;
    m->type = type;
    m->a = *a;
    return 0;
}

void lsc_dns_options_init(lsc_dns_options *o)
{
    static const lsc_dns_options init = LSC_DNS_OPTIONS_INIT;
    if (o)
        *o = init;
}

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int by_points(const void *x, const void *y)
{
    const lsc_hit *a = *(const lsc_hit *const *)x, *b = *(const lsc_hit *const *)y;
    if (a->points != b->points)
        return a->points < b->points ? 1 : -1;
    /* The same points: table order, then the order they were found. */
    if (def_of(a->id) != def_of(b->id))
        return def_of(a->id) < def_of(b->id) ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int finish(lsc__check *c)
{
    size_t i, n = c->hits.n;
    c->sorted = lsc__arena_alloc(&c->ar, (n ? n : 1) * sizeof *c->sorted);
    if (!c->sorted)
        return LSC_ENOMEM;
    c->points = 0;
    for (i = 0; i < n; i++) {
        c->sorted[i] = &LSC__VEC_AT(&c->hits, lsc_hit, i);
        c->points += c->sorted[i]->points;
    }
    c->n_sorted = n;
    if (n > 1)
        qsort(c->sorted, n, sizeof *c->sorted, by_points);
    return 0;
}

typedef int (*run_fn)(lsc__check *c, const char *what, size_t len);

static int run_sender(lsc__check *c, const char *what, size_t len)
{
    LSC__UNUSED(len);
    return lsc__sender_run(c, what);
}

static int run_recipients(lsc__check *c, const char *what, size_t len)
{
    return lsc__recipient_run(c, what, len);
}

static int make(lsc_check **out, const lsc_engine *engine, const char *what,
                size_t len, const lsc_dns_options *opts, run_fn fn,
                const char *fname, lsc_error *err)
{
    lsc__check *c = NULL;
    lsc_dns_options defaults = LSC_DNS_OPTIONS_INIT;
    double t0 = mono_ms();
    int rc;

    if (!out)
        return lsc__error(err, LSC_EINVAL, fname, "out is NULL");
    *out = NULL;
    if (!what)
        return lsc__error(err, LSC_EINVAL, fname, "input is NULL");
    if (len == LSC_NTS)
        len = strlen(what);
    if (!opts)
        opts = &defaults;
    if (opts->version != LSC_DNS_OPTIONS_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_dns_options",
                          "version %u, this library knows %d", opts->version,
                          LSC_DNS_OPTIONS_VERSION);
    if (opts->flags)
        return lsc__error(err, LSC_EINVAL, "lsc_dns_options", "unknown flags 0x%x",
                          opts->flags);
    if (opts->sending_ip) {
        unsigned char ip[16];
        if (inet_pton(strchr(opts->sending_ip, ':') ? AF_INET6 : AF_INET,
                      opts->sending_ip, ip) != 1)
            return lsc__error(err, LSC_EINVAL, "lsc_dns_options.sending_ip",
                              "not an IP address: '%.64s'", opts->sending_ip);
    }
    if ((!opts->selectors && opts->selectors_len) ||
        (!opts->message && opts->message_len))
        return lsc__error(err, LSC_EINVAL, "lsc_dns_options",
                          "a NULL pointer with a length");
    {
        lsc__alloc al;
        if (engine)
            al = engine->al;
        else
            lsc__alloc_init(&al, NULL);
        c = lsc__calloc(&al, 1, sizeof *c);
        if (c)
            c->al = al;
    }
    if (!c)
        return lsc__error(err, LSC_ENOMEM, fname, "out of memory");
    lsc__arena_init(&c->ar, &c->al);
    lsc__vec_init(&c->hits, sizeof(lsc_hit));
    lsc__vec_init(&c->facts, sizeof(fact));
    lsc__vec_init(&c->memos, sizeof(memo));
    c->lang = engine ? engine->lang : LSC_LANG_EN;
    c->eng = engine;
    c->opts = *opts;
    c->now = opts->now ? opts->now : (int64_t)time(NULL);
    rc = lsc__resolver_new(&c->res, &c->al, opts, err);
    if (rc) {
        lsc_check_free(c);
        return rc;
    }
    c->subject = lsc__arena_strndup(&c->ar, what, len);
    if (!c->subject) {
        rc = LSC_ENOMEM;
    } else {
        lsc__lower(c->subject, len);
        rc = fn(c, c->subject, len);
    }
    if (rc == 0)
        rc = finish(c);
    if (rc) {
        lsc_check_free(c);
        if (rc == LSC_EINVAL)
            return lsc__error(err, rc, fname, "not a domain name: '%.*s'",
                              (int)LSC__MIN(len, 200), what);
        return lsc__error(err, rc, fname, "%s", lsc_strerror(rc));
    }
    c->elapsed_ms = mono_ms() - t0;
    *out = c;
    return 0;
}

int lsc_sender_check(lsc_check **out, const lsc_engine *engine,
                     const char *domain, size_t len,
                     const lsc_dns_options *opts, lsc_error *err)
{
    return make(out, engine, domain, len, opts, run_sender, "lsc_sender_check",
                err);
}

int lsc_recipient_check(lsc_check **out, const lsc_engine *engine,
                        const char *recipients, size_t len,
                        const lsc_dns_options *opts, lsc_error *err)
{
    return make(out, engine, recipients, len, opts, run_recipients,
                "lsc_recipient_check", err);
}

void lsc_check_free(lsc_check *c)
{
    lsc__alloc al;
    if (!c)
        return;
    al = c->al;
    lsc__resolver_free(c->res);
    lsc__arena_free(&c->ar);
    lsc__free(&al, c);
}

lsc_check_state lsc_check_state_of(const lsc_check *c)
{
    if (!c || c->unknown)
        return LSC_CHECK_UNKNOWN;
    return c->points > 0 ? LSC_CHECK_PROBLEMS : LSC_CHECK_OK;
}

const char *lsc_check_state_name(lsc_check_state s)
{
    switch (s) {
    case LSC_CHECK_OK: return "ok";
    case LSC_CHECK_PROBLEMS: return "problems";
    default: return "unknown";
    }
}

const char *lsc_check_subject(const lsc_check *c) { return c ? c->subject : ""; }
double lsc_check_points(const lsc_check *c) { return c ? c->points : 0.0; }
size_t lsc_check_hit_count(const lsc_check *c) { return c ? c->n_sorted : 0; }
size_t lsc_check_queries(const lsc_check *c) { return c ? lsc__resolver_queries(c->res) : 0; }
double lsc_check_elapsed_ms(const lsc_check *c) { return c ? c->elapsed_ms : 0.0; }

const lsc_hit *lsc_check_hit(const lsc_check *c, size_t i)
{
    return c && i < c->n_sorted ? c->sorted[i] : NULL;
}

const lsc_hit *lsc_check_find_hit(const lsc_check *c, const char *id)
{
    size_t i;
    for (i = 0; c && id && i < c->n_sorted; i++)
        if (strcmp(c->sorted[i]->id, id) == 0)
            return c->sorted[i];
    return NULL;
}

size_t lsc_check_fact_count(const lsc_check *c) { return c ? c->facts.n : 0; }

int lsc_check_fact(const lsc_check *c, size_t i, const char **name,
                   const char **value)
{
    const fact *f;
    if (!c || i >= c->facts.n)
        return LSC_ENOTFOUND;
    f = &LSC__VEC_AT(&c->facts, fact, i);
    if (name)
        *name = f->name;
    if (value)
        *value = f->value;
    return 0;
}

const char *lsc_check_fact_value(const lsc_check *c, const char *name)
{
    size_t i;
    for (i = 0; c && name && i < c->facts.n; i++)
        if (strcmp(LSC__VEC_AT(&c->facts, fact, i).name, name) == 0)
            return LSC__VEC_AT(&c->facts, fact, i).value;
    return NULL;
}

int lsc__check_add_hits(lsc__ctx *ctx, const lsc_check *chk)
{
    size_t i;
    for (i = 0; chk && i < chk->n_sorted; i++) {
        const lsc_hit *src = chk->sorted[i];
        lsc__hit *h, **slot;
        lsc_evidence *ev;
        if (!(src->points > 0))
            continue;
        h = lsc__arena_zalloc(ctx->ar, sizeof *h);
        slot = lsc__vec_push(&ctx->res->hits, ctx->ar);
        if (!h || !slot)
            return LSC_ENOMEM;
        *slot = h;
        h->rule = LSC__NONE;
        h->pub = *src;
        h->pub.description = lsc__arena_strdup(ctx->ar, src->description);
        h->pub.explanation = lsc__arena_strdup(ctx->ar, src->explanation);
        h->pub.suggestion = lsc__arena_strdup(ctx->ar, src->suggestion);
        lsc__vec_init(&h->evidence, sizeof(lsc_evidence));
        ev = lsc__vec_push(&h->evidence, ctx->ar);
        if (!ev || !h->pub.description || !h->pub.explanation || !h->pub.suggestion)
            return LSC_ENOMEM;
        *ev = src->evidence[0];
        ev->header = lsc__arena_strdup(ctx->ar, src->evidence[0].header);
        ev->text = lsc__arena_strdup(ctx->ar, src->evidence[0].text);
        if (!ev->header || !ev->text)
            return LSC_ENOMEM;
        ev->end = strlen(ev->text);
        h->pub.evidence = h->evidence.items;
        h->pub.n_evidence = 1;
    }
    return 0;
}
