/*
 * rules.h - what a rule function may call: report that it fired, with a
 * strength in 0..1, an explanation with the numbers, a suggestion, and
 * evidence spans into the text the reader sees.
 */
#ifndef LSC_RULES_H
#define LSC_RULES_H

#include "base/engine.h"

typedef int (*lsc__rule_fn)(lsc__ctx *c);

typedef struct lsc__rule_def {
    const char *id;
    const char *group;
    lsc__rule_fn fn;
    const char *desc_en;
    const char *desc_zh;
} lsc__rule_def;

extern const lsc__rule_def lsc__rule_table[];
extern const size_t lsc__rule_count;
/* The default weight of each rule, by index (weights.def). */
extern const double lsc__rule_weight[];

typedef struct lsc__group_def {
    const char *name;
    double cap;
} lsc__group_def;

extern const lsc__group_def lsc__group_table[];
extern const size_t lsc__group_count;

/* The group's row of the table, or NULL for a group not in it: the one
 * lookup.  Each caller says what a missing group means (the score does not
 * cap it; lsc_engine_group_cap answers 0). */
const lsc__group_def *lsc__group_find(const char *group);

/* Every rule function, declared from the table. */
#define LSC_RULE(id, group, fn, desc_en, desc_zh) int fn(lsc__ctx *c);
#include "rules/rules.def"

/* Each rule's index in the table, by id. */
enum {
#define LSC_RULE(id, group, fn, desc_en, desc_zh) LSC__RULE_##id,
#include "rules/rules.def"
    LSC__RULE_COUNT
};

/* A hit being built; lives in the result's arena. */
typedef struct lsc__hit {
    lsc_hit pub;
    lsc__vec evidence;       /* lsc_evidence */
    size_t rule;             /* index into the rule table */
    double raw;              /* weight x strength, before the group cap */
    int muted;               /* the engine disables the rule: the hit takes
                                its share of the group cap, then is left out
                                (score.c) */
} lsc__hit;

/* The rule text catalogue (rules_text.def): one id per row. */
enum {
#define LSC_TEXT(key, fmt_en, sugg_en, fmt_zh, sugg_zh) LSC__TXT_##key,
#define LSC_WORD(key, en, zh) LSC__TXT_##key,
#include "rules/rules_text.def"
    LSC__TXT_COUNT
};

/* Each row's explanation and suggestion, by language (lsc_lang). */
typedef struct lsc__rtext {
    const char *fmt[2];
    const char *sugg[2];
} lsc__rtext;
extern const lsc__rtext lsc__text_table[];

/* A LSC_WORD row (or a row's format) in the engine's language. */
const char *lsc__rule_word(const lsc__ctx *c, unsigned key);

/*
 * Reports that the running rule fired.  `expl` is the catalogue row whose
 * format (in the engine's language) takes the arguments; `sugg` the row
 * whose suggestion goes with it.  Strength is clamped to 0..1.  Calling it
 * again in the same rule returns the same hit with the strongest strength
 * and the later explanation.  NULL only when out of memory.
 */
lsc__hit *lsc__fire_text(lsc__ctx *c, double strength, unsigned expl,
                         unsigned sugg, ...);

/*
 * Every call names its row by KEY, a token, so the compiler can check
 * each language's format against the arguments (-Wformat): printf's
 * format attribute needs the format itself, so each row also gives a
 * constant array per language that only a checker that is never called
 * reads (the optimizer drops both).
 *
 *   lsc__fire(c, strength, KEY, args...)        KEY's format and suggestion
 *   lsc__fire_as(c, strength, KEY, sugg, args...)  another row's suggestion
 *   lsc__text_key(KEY, args...)   KEY's id, checked against args, for a
 *                                 helper that fires for several rules
 */
#if defined(__GNUC__)
static inline void lsc__fmt_check(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static inline void lsc__fmt_check(const char *fmt, ...) { (void)fmt; }
#define LSC_TEXT(key, fmt_en, sugg_en, fmt_zh, sugg_zh) \
    static const char lsc__fmt_en_##key[] __attribute__((unused)) = fmt_en; \
    static const char lsc__fmt_zh_##key[] __attribute__((unused)) = fmt_zh;
#include "rules/rules_text.def"
#define lsc__text_key(key, ...) \
    (0 ? (lsc__fmt_check(lsc__fmt_en_##key, ##__VA_ARGS__), \
          lsc__fmt_check(lsc__fmt_zh_##key, ##__VA_ARGS__), 0u) \
       : (unsigned)LSC__TXT_##key)
#else
#define lsc__text_key(key, ...) ((unsigned)LSC__TXT_##key)
#endif
#define lsc__fire(c, strength, key, ...) \
    lsc__fire_text(c, strength, lsc__text_key(key, ##__VA_ARGS__), \
                   LSC__TXT_##key, ##__VA_ARGS__)
#define lsc__fire_as(c, strength, key, sugg, ...) \
    lsc__fire_text(c, strength, lsc__text_key(key, ##__VA_ARGS__), \
                   sugg, ##__VA_ARGS__)

/* Evidence [start, end) in the subject, a part's visible text or a header
 * value (where/part/header as in lsc_evidence); the text is copied from
 * there.  Spans outside the text are refused (LSC_EINVAL), so evidence
 * always points at what is really there. */
int lsc__evidence(lsc__ctx *c, lsc__hit *h, lsc_where where, size_t part,
                  const char *header, size_t start, size_t end);

/* Evidence that is not a span of text: an attachment name, a link, the
 * message as a whole. */
int lsc__evidence_text(lsc__ctx *c, lsc__hit *h, lsc_where where,
                       size_t part, const char *text, size_t len);

/* Seconds since the epoch of an RFC 5322 date-time (rules_construct.c,
 * also read by the bounce reader), or 0 with *ok = 0 when it is not one. */
int64_t lsc__rfc5322_time(const char *s, int *ok);


/* 1 when the input is not an email at all (rules_newuser.c): empty,
 * binary, or text without a single mail header field. */
int lsc__not_email(const lsc__ctx *c);

/* The stages: every enabled rule over the model (rules.c), then points,
 * group caps, risk and level (score.c). */
int lsc__rules_run(lsc__ctx *c);
int lsc__score_run(lsc__ctx *c);
/* The 0..100 risk that a total of points maps to (score.c). */
int lsc__risk_of(double points);
/* Where the curve's landmarks are, in points: level medium, level high,
 * and a point far up the tail (where the risk reaches 99). */
void lsc__risk_curve(double *medium, double *high, double *far);

/* Shared by the HTML rules (rules_hidden.c): a part is an HTML body the
 * html stage read (not an attachment); how many of n bytes of s to quote
 * to stay within max bytes, cut back to a UTF-8 character boundary. */
int lsc__rule_html_body(const lsc__part *p);
size_t lsc__rule_quote_len(const char *s, size_t n, size_t max);

/* business branch: greeting_name.c - 1 when the greeting match at byte
 * start of text follows the reader's surname ("王经理您好"). */
int lsc__greeting_names_reader(const char *text, size_t len, size_t start);
/* business branch: sender_identity.c - the factor a rule of `group` takes
 * its strength by (1, or less for a newsletter whose links go to the
 * sender's own domain). */
double lsc__identity_factor(lsc__ctx *c, const char *group);

#endif
