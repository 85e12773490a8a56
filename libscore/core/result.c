/*
 * result.c - runs the stages for one message and hands out the result.
 *
 * Takes: an engine and raw bytes.  Gives: an lsc_result that owns
 * everything the stages produced (one arena), with accessors that borrow
 * from it.  A stage that fails (only LSC_ENOMEM) frees the whole result.
 */
#include <time.h>

#include "core/pipeline.h"
#include "core/result.h"
#include "dns/check.h"

static int run(lsc_result **out, const lsc_engine *e, const void *data,
               size_t len, const lsc_score_options *so, int with_rules,
               const lsc__input *input, lsc_error *err)
{
    lsc_result *r;
    lsc__ctx c;
    int rc;

    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_score", "out is NULL");
    *out = NULL;
    if (!e || (!data && len))
        return lsc__error(err, LSC_EINVAL, "lsc_score",
                          "engine or message is NULL");
    /* Version 1 is version 2 without .check. */
    if (so && so->version != LSC_SCORE_OPTIONS_VERSION && so->version != 1)
        return lsc__error(err, LSC_EVERSION, "lsc_score_options",
                          "version %u, this library knows %d", so->version,
                          LSC_SCORE_OPTIONS_VERSION);
    if (so && (so->flags & ~LSC_SCORE_NO_FINGERPRINT))
        return lsc__error(err, LSC_EINVAL, "lsc_score_options",
                          "unknown flags 0x%x",
                          so->flags & ~LSC_SCORE_NO_FINGERPRINT);
    r = lsc__calloc(&e->al, 1, sizeof *r);
    if (!r)
        return lsc__error(err, LSC_ENOMEM, "lsc_score", "out of memory");
    r->al = e->al;
    r->lang = e->lang;
    lsc__arena_init(&r->ar, &r->al);
    lsc__vec_init(&r->hits, sizeof(lsc__hit *));

    memset(&c, 0, sizeof c);
    c.eng = e;
    c.ar = &r->ar;
    c.res = r;
    c.mode = so ? so->mode : LSC_MODE_DRAFT;
    c.now = so && so->now ? so->now : (int64_t)time(NULL);
    c.history = so ? so->history : NULL;
    c.score_flags = so ? so->flags : 0;
    c.input = input;
    c.msg = lsc__message_new(&r->ar);
    if (!c.msg) {
        rc = LSC_ENOMEM;
        goto fail;
    }
    r->msg = c.msg;

    rc = lsc__mime_parse(&c, data ? data : "", len);
    if (rc == 0)
        rc = lsc__decode_run(&c);
    if (rc == 0)
        rc = lsc__html_run(&c);
    if (rc == 0)
        rc = lsc__text_run(&c);
    if (rc == 0 && with_rules)
        rc = lsc__phrases_run(&c);
    if (rc == 0 && with_rules)
        rc = lsc__attach_run(&c);
    if (rc == 0 && with_rules)
        rc = lsc__similar_run(&c);
    if (rc == 0 && with_rules)
        rc = lsc__rules_run(&c);
    if (rc == 0 && with_rules && so && so->version >= 2 && so->check)
        rc = lsc__check_add_hits(&c, so->check);
    if (rc == 0)
        rc = lsc__score_run(&c);
    if (rc != 0)
        goto fail;
    *out = r;
    return 0;
fail:
    lsc_result_free(r);
    if (rc == LSC_ENOMEM)
        return lsc__error(err, rc, "lsc_score", "out of memory");
    return lsc__error(err, rc, "lsc_score", "%s", lsc_strerror(rc));
}

int lsc_score(lsc_result **out, const lsc_engine *e, const void *message,
              size_t len, const lsc_score_options *so, lsc_error *err)
{
    return run(out, e, message, len, so, 1, NULL, err);
}

int lsc_parse(lsc_result **out, const lsc_engine *e, const void *message,
              size_t len, lsc_error *err)
{
    return run(out, e, message, len, NULL, 0, NULL, err);
}

int lsc__score_input(lsc_result **out, const lsc_engine *e,
                     const void *message, size_t len,
                     const lsc_score_options *so, const lsc__input *input,
                     lsc_error *err)
{
    return run(out, e, message, len, so, 1, input, err);
}

void lsc_result_free(lsc_result *r)
{
    lsc__alloc al;
    if (!r)
        return;
    al = r->al;
    lsc__result_drop_pins(r);
    lsc__arena_free(&r->ar);
    lsc__free(&al, r);
}

double lsc_result_points(const lsc_result *r)
{
    return r ? r->points : 0.0;
}

int lsc_result_risk(const lsc_result *r)
{
    return r ? r->risk : 0;
}

lsc_level lsc_result_level(const lsc_result *r)
{
    return r ? r->level : LSC_LEVEL_LOW;
}

const char *lsc_level_name(lsc_level level)
{
    switch (level) {
    case LSC_LEVEL_LOW: return "low";
    case LSC_LEVEL_MEDIUM: return "medium";
    case LSC_LEVEL_HIGH: return "high";
    case LSC_LEVEL_UNREADABLE: return "unreadable";
    default: return "unknown";
    }
}

size_t lsc_result_hit_count(const lsc_result *r)
{
    return r ? r->n_sorted : 0;
}

const lsc_hit *lsc_result_hit(const lsc_result *r, size_t index)
{
    if (!r || index >= r->n_sorted)
        return NULL;
    return r->sorted[index];
}

const lsc_evidence *lsc_hit_evidence(const lsc_hit *hit, size_t index)
{
    if (!hit || index >= hit->n_evidence || !hit->evidence)
        return NULL;
    return &hit->evidence[index];
}

const lsc_hit *lsc_result_find_hit(const lsc_result *r, const char *id)
{
    size_t i;
    if (!r || !id)
        return NULL;
    for (i = 0; i < r->n_sorted; i++)
        if (strcmp(r->sorted[i]->id, id) == 0)
            return r->sorted[i];
    return NULL;
}

unsigned lsc_result_flags(const lsc_result *r)
{
    return r ? r->msg->flags : 0;
}

size_t lsc_result_part_count(const lsc_result *r)
{
    return r ? r->msg->n_parts : 0;
}

const lsc_part *lsc_result_part(const lsc_result *r, size_t index)
{
    if (!r || index >= r->msg->n_parts)
        return NULL;
    return &r->msg->parts[index]->pub;
}

const char *lsc_result_subject(const lsc_result *r, size_t *len)
{
    if (!r) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = r->msg->subject_len;
    return r->msg->subject;
}

size_t lsc_result_header_count(const lsc_result *r)
{
    return r ? r->msg->n_headers : 0;
}

int lsc_result_header(const lsc_result *r, size_t index, const char **name,
                      const char **value)
{
    if (!r)
        return LSC_EINVAL;
    if (index >= r->msg->n_headers)
        return LSC_ENOTFOUND;
    if (name)
        *name = r->msg->headers[index].name;
    if (value)
        *value = r->msg->headers[index].value;
    return 0;
}

const char *lsc_result_header_value(const lsc_result *r, const char *name)
{
    const lsc__header *h;
    if (!r || !name)
        return NULL;
    h = lsc__msg_header(r->msg, name);
    return h ? h->value : NULL;
}
