/*
 * rules.c - the rule table and the runner.
 *
 * Takes: the message model after every analysis stage.  Gives: one hit per
 * rule that fired, with evidence that points into the text it quotes.
 * Rules are run in table order; a rule that runs out of memory stops the
 * run with LSC_ENOMEM.
 */
#include <stdio.h>

#include "rules/rules.h"
#include "mime/mime.h"
#include "attach/attach_scan.h"

const lsc__rule_def lsc__rule_table[] = {
#define LSC_RULE(id, group, fn, desc_en, desc_zh) \
    { #id, group, fn, desc_en, desc_zh },
#include "rules/rules.def"
};
const size_t lsc__rule_count = LSC__COUNT(lsc__rule_table);

/* Weights by rule index.  A weight row for an id that is not a rule does
 * not build (no LSC__RULE_ constant), nor do two rows for one rule (the
 * enum below declares lsc__weighted_ID twice), nor a rule without a row
 * (the static assertion names an undeclared lsc__weighted_ID). */
const double lsc__rule_weight[] = {
#define LSC_WEIGHT(id, weight) [LSC__RULE_##id] = (weight),
#include "rules/weights.def"
};
enum {
#define LSC_WEIGHT(id, weight) lsc__weighted_##id = 1,
#include "rules/weights.def"
};
#define LSC_RULE(id, group, fn, desc_en, desc_zh) \
    _Static_assert(lsc__weighted_##id, "weights.def has no row for " #id);
#include "rules/rules.def"

const lsc__group_def lsc__group_table[] = {
#define LSC_GROUP(name, cap) { name, cap },
#include "rules/weights.def"
};
const size_t lsc__group_count = LSC__COUNT(lsc__group_table);

const lsc__group_def *lsc__group_find(const char *group)
{
    size_t i;
    if (!group)
        return NULL;
    for (i = 0; i < lsc__group_count; i++)
        if (strcmp(lsc__group_table[i].name, group) == 0)
            return &lsc__group_table[i];
    return NULL;
}

int lsc__rules_run(lsc__ctx *c)
{
    size_t i;
    /* Input that is not an email gets that one answer: phrase or header
     * findings on a PNG or an empty file would only mislead. */
    if (c->eng->rules[LSC__RULE_NOT_EMAIL].enabled && lsc__not_email(c)) {
        c->cur_rule = LSC__RULE_NOT_EMAIL;
        return lsc__rule_not_email(c);
    }
    for (i = 0; i < lsc__rule_count; i++) {
        int rc;
        /* a disabled rule still runs: its hit is muted (score.c), so that
         * disabling it never raises another rule of its group */
        c->cur_rule = i;
        rc = lsc__rule_table[i].fn(c);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static lsc__hit *find_hit(lsc__ctx *c, size_t rule)
{
    lsc__vec *v = &c->res->hits;
    size_t i;
    for (i = 0; i < v->n; i++) {
        lsc__hit *h = LSC__VEC_AT(v, lsc__hit *, i);
        if (h->rule == rule)
            return h;
    }
    return NULL;
}

const lsc__rtext lsc__text_table[] = {
#define LSC_TEXT(key, fmt_en, sugg_en, fmt_zh, sugg_zh) \
    { { fmt_en, fmt_zh }, { sugg_en, sugg_zh } },
#define LSC_WORD(key, en, zh) { { en, zh }, { en, zh } },
#include "rules/rules_text.def"
};

static unsigned lang_of(const lsc__ctx *c)
{
    return c->eng->lang == LSC_LANG_ZH ? 1 : 0;
}

const char *lsc__rule_word(const lsc__ctx *c, unsigned key)
{
    return key < LSC__TXT_COUNT ? lsc__text_table[key].fmt[lang_of(c)] : "";
}

/* 1 when s holds a bidirectional control (U+061C, U+200E/F, U+202A-E,
 * U+2066-9): printed raw, "quote<U+202E>fdp.exe" reads "quoteexe.pdf"
 * in the very sentence that warns about it, and can reorder the rest of
 * the line. */
static int has_bidi_control(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i + 1 < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
        if (a == 0xD8 && b == 0x9C)
            return 1;
        if (a == 0xE2 && i + 2 < n) {
            unsigned char d = (unsigned char)s[i + 2];
            if ((b == 0x80 && (d == 0x8E || d == 0x8F ||
                               (d >= 0xAA && d <= 0xAE))) ||
                (b == 0x81 && d >= 0xA6 && d <= 0xA9))
                return 1;
        }
    }
    return 0;
}

/* What a rule prints about names (explanations, quoted names) shows
 * hidden characters as <U+XXXX> (attach/names.c) when there is a bidi
 * control among them; NULL when out of memory. */
static const char *printable(lsc__ctx *c, const char *s, size_t *len)
{
    char *shown;
    if (!has_bidi_control(s, *len))
        return s;
    shown = lsc__show_hidden(c->ar, s, *len);
    if (shown)
        *len = strlen(shown);
    return shown;
}

lsc__hit *lsc__fire_text(lsc__ctx *c, double strength, unsigned expl_key,
                         unsigned sugg, ...)
{
    const lsc_rule_info *info = &c->eng->rules[c->cur_rule];
    lsc__hit *h = find_hit(c, c->cur_rule);
    char *expl;
    va_list ap;

    if (strength != strength || strength < 0.0)
        strength = 0.0;
    if (strength > 1.0)
        strength = 1.0;
    strength *= lsc__identity_factor(c, info->group);
    if (expl_key >= LSC__TXT_COUNT || sugg >= LSC__TXT_COUNT)
        return NULL;
    va_start(ap, sugg);
    expl = lsc__arena_vprintf(c->ar,
                              lsc__text_table[expl_key].fmt[lang_of(c)], ap);
    va_end(ap);
    if (!expl)
        return NULL;
    {
        size_t el = strlen(expl);
        expl = (char *)printable(c, expl, &el);
        if (!expl)
            return NULL;
    }
    if (!h) {
        lsc__hit **slot;
        h = lsc__arena_zalloc(c->ar, sizeof *h);
        if (!h)
            return NULL;
        slot = lsc__vec_push(&c->res->hits, c->ar);
        if (!slot)
            return NULL;
        *slot = h;
        h->rule = c->cur_rule;
        lsc__vec_init(&h->evidence, sizeof(lsc_evidence));
        h->pub.id = info->id;
        h->pub.group = info->group;
        h->pub.weight = info->weight;
        h->pub.description = info->description;
        h->muted = !info->enabled;
    }
    if (strength > h->pub.strength)
        h->pub.strength = strength;
    h->pub.explanation = expl;
    h->pub.suggestion = lsc__text_table[sugg].sugg[lang_of(c)];
    return h;
}

static const char *source_text(lsc__ctx *c, lsc_where where, size_t part,
                               const char *header, size_t *len)
{
    const lsc__message *m = c->msg;
    switch (where) {
    case LSC_WHERE_SUBJECT:
        *len = m->subject_len;
        return m->subject;
    case LSC_WHERE_BODY:
        if (part >= m->n_parts || !m->parts[part]->pub.text)
            return NULL;
        *len = m->parts[part]->pub.text_bytes;
        return m->parts[part]->pub.text;
    case LSC_WHERE_HEADER: {
        const lsc__header *h = header ? lsc__msg_header(m, header) : NULL;
        if (!h)
            return NULL;
        *len = h->value_len;
        return h->value;
    }
    default:
        return NULL;
    }
}

static int add_evidence(lsc__ctx *c, lsc__hit *h, lsc_where where,
                        size_t part, const char *header, size_t start,
                        size_t end, const char *text, size_t len)
{
    lsc_evidence *e = lsc__vec_push(&h->evidence, c->ar);
    if (!e)
        return LSC_ENOMEM;
    e->where = where;
    e->part = part;
    e->header = header ? lsc__arena_strdup(c->ar, header) : NULL;
    e->start = start;
    e->end = end;
    e->text = lsc__arena_strndup(c->ar, text, len);
    if (!e->text || (header && !e->header))
        return LSC_ENOMEM;
    h->pub.evidence = h->evidence.items;
    h->pub.n_evidence = h->evidence.n;
    return 0;
}

int lsc__evidence(lsc__ctx *c, lsc__hit *h, lsc_where where, size_t part,
                  const char *header, size_t start, size_t end)
{
    size_t len = 0;
    const char *text = source_text(c, where, part, header, &len);
    if (!h || !text || start > end || end > len)
        return LSC_EINVAL;
    /* Whole characters only: a span that starts or ends inside a UTF-8
     * sequence is widened to it, so the quote is always valid text. */
    while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80)
        start--;
    while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
        end++;
    return add_evidence(c, h, where, part, header, start, end, text + start,
                        end - start);
}

int lsc__evidence_text(lsc__ctx *c, lsc__hit *h, lsc_where where,
                       size_t part, const char *text, size_t len)
{
    lsc__buf b;
    if (!h || !text)
        return LSC_EINVAL;
    if (!lsc__utf8_valid(text, len)) {
        /* Names, links and addresses can carry raw bytes from the mail;
         * the evidence a host shows must be UTF-8 whatever a rule quotes. */
        lsc__buf_init(&b, c->ar);
        if (lsc__utf8_sanitize(&b, text, len, NULL) != 0 ||
            !lsc__buf_finish(&b))
            return LSC_ENOMEM;
        text = b.p;
        len = b.len;
    }
    text = printable(c, text, &len);
    if (!text)
        return LSC_ENOMEM;
    return add_evidence(c, h, where, part, NULL, 0, len, text, len);
}
