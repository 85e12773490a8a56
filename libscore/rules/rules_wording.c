/*
 * rules_wording.c - the wording rules: sales-flyer phrases (promotional,
 * urgency, money, guarantee), generic greetings, self-introductions,
 * unfilled merge tags and unsubscribe boilerplate in a one-to-one letter.
 *
 * Takes: the words of the subject and of the body text parts (text.c) and
 * the engine's phrase lists (wordlist.c); the visible text itself for merge
 * tags.  Gives: hits whose evidence is every phrase or tag found (up to
 * LSC__WORDING_MAX_EVIDENCE per rule; limits in wordlist.h), spans into the subject or the part's
 * visible text.
 *
 * The phrases are matched once per message by the text stage's matcher
 * (text/phrases.c, run before the rules); the rules read c->msg->wording.
 * Body parts: those the text stage marked shown (lsc__part.shown: not attachments, and not the plain-text
 * twin of an HTML part in a multipart/alternative, since the reader sees
 * one of them and counting both would quote every phrase twice).
 *
 * Why four phrase rules and not one: their false alarms differ (a quote
 * names prices, a newsletter promotes, only pressure and guarantees are
 * rare in honest one-to-one mail), so each gets its own weight and its own
 * suggestion, and the calibration can tell them apart.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rules/bulk.h"
#include "text/wordlist.h"

#define WORDING_FIRE_MIN 1.0       /* weighted phrases needed to fire */
#define WORDING_MIN_WORDS 100      /* density is per max(words, this) */
#define WORDING_FULL_DENSITY 4.0   /* weighted phrases per 100 words = 1.0 */
#define WORDING_FULL_COUNT 12.0    /* weighted phrases = 1.0 in any length */
#define WORDING_SUBJECT_FACTOR 2.0 /* a phrase in the subject counts double */
#define WORDING_EXAMPLES 3         /* phrases quoted in the explanation */
#define WORDING_EXAMPLE_BYTES 60
/* the limits (LSC__WORDING_MAX_EVIDENCE, ...) are in wordlist.h for the tests */

/* ---- which texts ---- */

static const lsc__text *text_of(const lsc__message *m, uint32_t t)
{
    return t == 0 ? &m->subject_text : &m->parts[t - 1]->text;
}

static const char *source_of(const lsc__message *m, uint32_t t, size_t *len)
{
    if (t == 0) {
        *len = m->subject_len;
        return m->subject;
    }
    *len = m->parts[t - 1]->pub.text_bytes;
    return m->parts[t - 1]->pub.text;
}

/* ---- reporting ---- */

static int add_span(lsc__ctx *c, lsc__hit *h, uint32_t text, size_t start,
                    size_t end)
{
    int rc;
    if (text == 0)
        rc = lsc__evidence(c, h, LSC_WHERE_SUBJECT, 0, NULL, start, end);
    else
        rc = lsc__evidence(c, h, LSC_WHERE_BODY, text - 1, NULL, start, end);
    /* a span the text stage got wrong is left out, never invented */
    return rc == LSC_EINVAL ? 0 : rc;
}

static int add_match(lsc__ctx *c, lsc__hit *h, const lsc__wmatch *m)
{
    const lsc__text *t = text_of(c->msg, m->text);
    if (m->last >= t->n_words)
        return 0;
    return add_span(c, h, m->text, t->words[m->first].start,
                    t->words[m->last].end);
}

/* Appends up to WORDING_EXAMPLES distinct quoted phrases to b. */
static void examples(lsc__ctx *c, lsc__buf *b, const lsc__wmatch *const *sel,
                     size_t n)
{
    size_t i, shown = 0, k;
    const char *seen[WORDING_EXAMPLES];
    size_t seen_len[WORDING_EXAMPLES];
    for (i = 0; i < n && shown < WORDING_EXAMPLES; i++) {
        const lsc__wmatch *m = sel[i];
        const lsc__text *t = text_of(c->msg, m->text);
        size_t len, s, e, dup = 0;
        const char *src = source_of(c->msg, m->text, &len);
        if (m->last >= t->n_words)
            continue;
        s = t->words[m->first].start;
        e = t->words[m->last].end;
        if (!src || s > e || e > len)
            continue;
        if (e - s > WORDING_EXAMPLE_BYTES) {
            e = s + WORDING_EXAMPLE_BYTES;
            while (e > s && ((unsigned char)src[e] & 0xC0) == 0x80)
                e--;
        }
        for (k = 0; k < shown; k++)
            if (seen_len[k] == e - s && memcmp(seen[k], src + s, e - s) == 0)
                dup = 1;
        if (dup)
            continue;
        seen[shown] = src + s;
        seen_len[shown] = e - s;
        if (shown)
            lsc__buf_append(b, ", ", 2);
        lsc__buf_append(b, "\"", 1);
        lsc__buf_append(b, src + s, e - s);
        lsc__buf_append(b, "\"", 1);
        shown++;
    }
}

/* The matches of one category, in text order; subject first. */
static size_t select_cat(struct lsc__wording *w, unsigned cat,
                         const lsc__wmatch **sel, size_t max, double *subj,
                         double *body, size_t *n_subj)
{
    size_t i, n = 0;
    *subj = *body = 0;
    *n_subj = 0;
    for (i = 0; i < w->n; i++) {
        const lsc__wmatch *m = &w->m[i];
        if (m->cat != cat || m->dropped)
            continue;
        if (m->text == 0) {
            *subj += m->weight;
            (*n_subj)++;
        } else {
            *body += m->weight;
        }
        if (n < max)
            sel[n] = m;
        n++;
    }
    return n;
}

/* A phrase category, the word that names it and the suggestion
 * (LSC_WORD rows of rules_text.def). */
typedef struct phrase_rule {
    unsigned cat;
    unsigned what, sugg;
} phrase_rule;

static int density_rule(lsc__ctx *c, const phrase_rule *r)
{
    struct lsc__wording *w = c->msg->wording;
    const lsc__wmatch **sel;
    double subj, body, raw, density, strength;
    size_t n, n_subj, words, i, shown;
    lsc__buf ex;
    lsc__hit *h;
    char *exs;

    if (!w)
        return LSC_ENOMEM;
    sel = lsc__arena_alloc(c->ar, LSC__WORDING_MAX_EVIDENCE * sizeof *sel);
    if (!sel)
        return LSC_ENOMEM;
    n = select_cat(w, r->cat, sel, LSC__WORDING_MAX_EVIDENCE, &subj, &body,
                   &n_subj);
    raw = WORDING_SUBJECT_FACTOR * subj + body;
    if (n == 0 || raw < WORDING_FIRE_MIN)
        return 0;
    words = w->subject_words + w->body_words;
    density = raw * 100.0 / (double)LSC__MAX(words, (size_t)WORDING_MIN_WORDS);
    strength = LSC__MAX(density / WORDING_FULL_DENSITY,
                        raw / WORDING_FULL_COUNT);
    lsc__buf_init(&ex, c->ar);
    shown = LSC__MIN(n, (size_t)LSC__WORDING_MAX_EVIDENCE);
    examples(c, &ex, sel, shown);
    exs = lsc__buf_finish(&ex);
    if (!exs)
        return LSC_ENOMEM;
    h = lsc__fire_as(c, strength, PHRASE_DENSITY, r->sugg, n,
                     lsc__rule_word(c, r->what), n_subj, density, words, exs);
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < shown; i++) {
        int rc = add_match(c, h, sel[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int lsc__rule_promo_phrases(lsc__ctx *c)
{
    static const phrase_rule r = {
        LSC__WL_PROMO, LSC__TXT_PROMO_PHRASES_WHAT, LSC__TXT_PROMO_PHRASES
    };
    return density_rule(c, &r);
}

int lsc__rule_urgency_phrases(lsc__ctx *c)
{
    static const phrase_rule r = {
        LSC__WL_URGENCY, LSC__TXT_URGENCY_PHRASES_WHAT, LSC__TXT_URGENCY_PHRASES
    };
    return density_rule(c, &r);
}

int lsc__rule_money_phrases(lsc__ctx *c)
{
    static const phrase_rule r = {
        LSC__WL_MONEY, LSC__TXT_MONEY_PHRASES_WHAT, LSC__TXT_MONEY_PHRASES
    };
    return density_rule(c, &r);
}

int lsc__rule_guarantee_phrases(lsc__ctx *c)
{
    static const phrase_rule r = {
        LSC__WL_GUARANTEE, LSC__TXT_GUARANTEE_PHRASES_WHAT, LSC__TXT_GUARANTEE_PHRASES
    };
    return density_rule(c, &r);
}

/* A greeting that names its reader ("王经理您好") is personal even though
 * the list phrase ("经理您好") is in it. */
static int names_reader(const lsc__message *msg, const lsc__wmatch *m)
{
    const lsc__text *t = text_of(msg, m->text);
    size_t len;
    const char *src = source_of(msg, m->text, &len);
    if (m->first >= t->n_words)
        return 0;
    return lsc__greeting_names_reader(src, len, t->words[m->first].start);
}

static int skip_match(const lsc__message *msg, const lsc__wmatch *m,
                      unsigned cat, size_t window)
{
    return m->cat != cat || m->dropped || m->first >= window ||
           (cat == LSC__WL_GREETING && names_reader(msg, m));
}

/* The first match of a category within the first `window` words of the
 * subject or a body text. */
static int opening_rule(lsc__ctx *c, unsigned cat, size_t window,
                        unsigned text)
{
    struct lsc__wording *w = c->msg->wording;
    size_t i, n = 0, ev = 0;
    double best = 0;
    const lsc__wmatch *first = NULL;
    lsc__hit *h;
    lsc__buf ex;
    char *exs;
    if (!w)
        return LSC_ENOMEM;
    for (i = 0; i < w->n; i++) {
        const lsc__wmatch *m = &w->m[i];
        if (skip_match(c->msg, m, cat, window))
            continue;
        n++;
        if (m->weight > best)
            best = m->weight;
        if (!first)
            first = m;
    }
    if (!n)
        return 0;
    lsc__buf_init(&ex, c->ar);
    examples(c, &ex, &first, 1);
    exs = lsc__buf_finish(&ex);
    if (!exs)
        return LSC_ENOMEM;
    h = lsc__fire_text(c, LSC__MIN(best, 1.0), text, text, exs, n);
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < w->n && ev < LSC__WORDING_MAX_EVIDENCE; i++) {
        const lsc__wmatch *m = &w->m[i];
        int rc;
        if (skip_match(c->msg, m, cat, window))
            continue;
        rc = add_match(c, h, m);
        if (rc != 0)
            return rc;
        ev++;
    }
    return 0;
}

int lsc__rule_generic_greeting(lsc__ctx *c)
{
    return opening_rule(c, LSC__WL_GREETING, LSC__GREETING_WINDOW,
                        lsc__text_key(GENERIC_GREETING, "", (size_t)0));
}

int lsc__rule_self_intro(lsc__ctx *c)
{
    return opening_rule(c, LSC__WL_SELFINTRO, LSC__SELFINTRO_WINDOW,
                        lsc__text_key(SELF_INTRO, "", (size_t)0));
}

static size_t n_recipients(const lsc__message *m)
{
    return m->to.n + m->cc.n + m->bcc.n;
}

int lsc__rule_unsub_one_to_one(lsc__ctx *c)
{
    struct lsc__wording *w;
    const lsc__wmatch **sel;
    double subj, body;
    size_t n, n_subj, i, rcpt = n_recipients(c->msg);
    lsc__hit *h;
    lsc__buf ex;
    char *exs;
    lsc__bulk b;
    /* The same notion of bulk as the bulk-mail rules (bulk.h): a letter
     * sent as bulk (list headers, Precedence, a mailing service, several
     * recipients) owes a List-Unsubscribe instead (BULK_NO_UNSUBSCRIBE). */
    lsc__bulk_read(c, &b);
    if (!lsc__bulk_posing_personal(&b))
        return 0;
    w = c->msg->wording;
    if (!w)
        return LSC_ENOMEM;
    sel = lsc__arena_alloc(c->ar, LSC__WORDING_MAX_EVIDENCE * sizeof *sel);
    if (!sel)
        return LSC_ENOMEM;
    n = select_cat(w, LSC__WL_UNSUBSCRIBE, sel, LSC__WORDING_MAX_EVIDENCE, &subj,
                   &body, &n_subj);
    if (n == 0 || subj + body < WORDING_FIRE_MIN)
        return 0;
    lsc__buf_init(&ex, c->ar);
    examples(c, &ex, sel, LSC__MIN(n, (size_t)LSC__WORDING_MAX_EVIDENCE));
    exs = lsc__buf_finish(&ex);
    if (!exs)
        return LSC_ENOMEM;
    h = lsc__fire(c, LSC__MIN(1.0, (subj + body) / 2.0), UNSUB_ONE_TO_ONE,
        n, exs, rcpt);
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < n && i < LSC__WORDING_MAX_EVIDENCE; i++) {
        int rc = add_match(c, h, sel[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---- unfilled merge tags ---- */

/* A tag must name a recipient field with nothing else in it, so that
 * code and prose in brackets ("{i}", "[1]", "%PATH%", "[Lockergnome
 * Daily]", "{filename}") are not taken for one.  Every word of the tag
 * must be in field_words and one of them in core_words. */
static const char *const core_words[] = {
    "name", "fname", "lname", "firstname", "lastname", "fullname", "surname",
    "nickname", "company", "companyname", "organization", "organisation",
    "contact", "contactname", "customer", "customername", "client",
    "clientname", "recipient", "salutation", "email", "city", "country",
    "phone", "nombre", "empresa", "nom", "prenom", "prénom", "vorname",
    "nachname", "firma", "nome", "cognome", "azienda", "имя", "фамилия",
    "компания", "isim", "soyad", "soyadı", "şirket", "姓名", "名字", "称呼",
    "客户名称", "客户姓名", "公司名称", "客戶名稱", "客戶姓名", "公司名稱",
    "稱呼", "名前", "氏名", "お名前", "会社名", "이름", "고객명", "회사명",
    "الاسم"
};
static const char *const field_words[] = {
    "first", "last", "full", "given", "family", "middle", "your", "his",
    "her", "their", "recipient's", "customer's", "business", "org", "job",
    "title", "jobtitle", "position", "mail", "address", "state", "zip",
    "mobile", "subscriber", "member", "de", "da", "del", "la", "le", "du",
    "apellido", "sobrenome", "ad", "adı"
};

static int in_list(const char *w, size_t n, const char *const *list,
                   size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

/* any_id: every identifier counts (Mailchimp's *|X|* are never prose);
 * not_lower: an all-lower-case tag is code ({name} in a format string). */
static int tag_inner_ok(const char *p, size_t n, int allow_space, int any_id,
                        int not_lower)
{
    char norm[LSC__MERGE_MAX_INNER + 1];
    size_t i, k = 0, start, words = 0;
    int core = 0, upper = 0, letters = 0;
    if (n < 2 || n > LSC__MERGE_MAX_INNER)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 0x80) {
            norm[k++] = (char)ch;
            letters = upper = 1;
        } else if (ch >= 'A' && ch <= 'Z') {
            norm[k++] = (char)(ch | 0x20);
            letters = upper = 1;
        } else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                   ch == '\'') {
            norm[k++] = (char)ch;
            letters |= ch >= 'a';
        } else if (ch == '_' || ch == '-' || ch == '.' || ch == ':' ||
                   (ch == ' ' && allow_space)) {
            norm[k++] = ' ';
        } else {
            return 0;
        }
    }
    norm[k] = '\0';
    if (!letters || (not_lower && !upper))
        return 0;
    if (any_id)
        return 1;
    for (i = 0; i < k;) {
        while (i < k && norm[i] == ' ')
            i++;
        if (i == k)
            break;
        start = i;
        while (i < k && norm[i] != ' ')
            i++;
        if (++words > 4)
            return 0;
        if (in_list(norm + start, i - start, core_words,
                    LSC__COUNT(core_words)))
            core = 1;
        else if (!in_list(norm + start, i - start, field_words,
                          LSC__COUNT(field_words)))
            return 0;
    }
    return core;
}

/* Finds close in p[from..n) within LSC__MERGE_MAX_INNER bytes; n when none. */
static size_t find_close(const char *p, size_t from, size_t n,
                         const char *close)
{
    size_t cl = strlen(close), i, lim = LSC__MIN(n, from + LSC__MERGE_MAX_INNER + cl);
    for (i = from; i + cl <= lim; i++) {
        if (p[i] == '\n')
            return n;
        if (memcmp(p + i, close, cl) == 0)
            return i;
    }
    return n;
}

typedef struct tag_form {
    const char *open, *close;
    unsigned char ol, cl;
    int allow_space, any_id, not_lower;
} tag_form;

static const tag_form tag_forms[] = {
    { "{{", "}}", 2, 2, 1, 0, 0 },   /* Handlebars, Liquid, Jinja */
    { "*|", "|*", 2, 2, 0, 1, 1 },   /* Mailchimp */
    { "<<", ">>", 2, 2, 1, 0, 0 },   /* Word mail merge */
    { "\xC2\xAB", "\xC2\xBB", 2, 2, 1, 0, 0 },          /* «Name» */
    { "\xE3\x80\x90", "\xE3\x80\x91", 3, 3, 1, 0, 0 },  /* 【姓名】 */
    { "{", "}", 1, 1, 1, 0, 1 },
    { "[", "]", 1, 1, 1, 0, 0 },
    { "%", "%", 1, 1, 0, 0, 1 },
};

/* The first bytes of the openers above. */
static const unsigned char tag_first[256] = {
    ['{'] = 1, ['*'] = 1, ['<'] = 1, ['['] = 1, ['%'] = 1, [0xC2] = 1,
    [0xE3] = 1
};

/* Records merge tags of one text as evidence (h made on the first). */
static int scan_tags(lsc__ctx *c, uint32_t text, lsc__hit **h, size_t *count,
                     const char **example, size_t *example_len)
{
    size_t len, i = 0, k;
    const char *p = source_of(c->msg, text, &len);
    if (!p)
        return 0;
    len = LSC__MIN(len, LSC__MERGE_SCAN_BYTES);
    while (i < len) {
        int found = 0;
        if (!tag_first[(unsigned char)p[i]]) {
            /* eight bytes at a time while none opens a tag */
            for (i++; i + 8 <= len; i += 8) {
                uint64_t x;
                memcpy(&x, p + i, 8);
                if ((x & LSC__HIGH_BITS) | lsc__has_byte(x, '{') |
                    lsc__has_byte(x, '*') | lsc__has_byte(x, '<') |
                    lsc__has_byte(x, '[') | lsc__has_byte(x, '%'))
                    break;
            }
            continue;
        }
        for (k = 0; k < LSC__COUNT(tag_forms) && !found; k++) {
            const tag_form *f = &tag_forms[k];
            size_t ol = f->ol, cl = f->cl, e;
            const char *in;
            size_t in_len;
            if (p[i] != f->open[0] || i + ol > len ||
                memcmp(p + i, f->open, ol) != 0)
                continue;
            e = find_close(p, i + ol, len, f->close);
            if (e >= len)
                continue;
            in = p + i + ol;
            in_len = e - (i + ol);
            /* trim the spaces of "{{ first_name }}" */
            while (in_len && *in == ' ') {
                in++;
                in_len--;
            }
            while (in_len && in[in_len - 1] == ' ')
                in_len--;
            if (!tag_inner_ok(in, in_len, f->allow_space, f->any_id,
                              f->not_lower))
                continue;
            found = 1;
            if (*count < LSC__WORDING_MAX_EVIDENCE) {
                int rc;
                if (!*h) {
                    /* the explanation is written once the count is known */
                    *h = lsc__fire_text(c, 1.0, LSC__TXT_BLANK,
                                        LSC__TXT_BLANK);
                    if (!*h)
                        return LSC_ENOMEM;
                }
                rc = add_span(c, *h, text, i, e + cl);
                if (rc != 0)
                    return rc;
            }
            if (!*example) {
                *example = p + i;
                *example_len = e + cl - i;
            }
            (*count)++;
            i = e + cl;
        }
        if (!found)
            i++;
    }
    return 0;
}

int lsc__rule_merge_tags(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    lsc__hit *h = NULL;
    size_t count = 0, i, ex_len = 0;
    const char *ex = NULL;
    int rc = scan_tags(c, 0, &h, &count, &ex, &ex_len);
    for (i = 0; i < m->n_parts && rc == 0; i++)
        if (m->parts[i]->shown)
            rc = scan_tags(c, (uint32_t)(i + 1), &h, &count, &ex, &ex_len);
    if (rc != 0)
        return rc;
    if (!h)
        return 0;
    h = lsc__fire(c, 1.0, MERGE_TAGS,
        count, (int)ex_len, ex);
    return h ? 0 : LSC_ENOMEM;
}
