/*
 * rules_history.c - rules about what the sender already sent ("template"
 * group).  They fire only when lsc_score was given a history.
 *
 * Takes: the facts similar.c gathered (lsc__sim_facts).  Gives:
 *   TEMPLATE_REUSE     the draft is >= 80% similar to 3 or more messages
 *                      sent in the last 7 days
 *   SHALLOW_PERSONAL   it differs from its nearest earlier message only in
 *                      a few words (the greeting, a name)
 *   DOMAIN_BURST       10 or more messages to one recipient domain within
 *                      an hour, this one included
 * Many recipients at one domain in this one message is the construction
 * rules' business (rules_construct.c), not repeated here.
 *
 * Why these defaults:
 * - 80% similarity: MinHash with 128 hashes estimates Jaccard with a
 *   standard error of 0.035 there, and precision and recall at 0.8 are
 *   both >= 0.95 on the corpus (tools/similar_accuracy.c).  Two letters
 *   whose 3-word shingles overlap 80% share all but a sentence or two per
 *   paragraph: what a template with merge fields produces.
 * - 3 earlier copies: sending the same letter once or twice more is
 *   ordinary (a colleague in copy, a resend after a bounce); the fourth
 *   identical letter in a week is a campaign, which providers judge by
 *   bulk rules.  Strength grows to 1 at 12 copies.
 * - 7 days: campaigns run in weekly cycles, and provider reputation
 *   (complaint rates, bulk classification) is computed over days, not
 *   minutes.  The history keeps 90 days by default, so the window is
 *   always covered.
 * - Shallow personalization: at least 20 words (short notes are alike by
 *   nature), the nearest earlier message >= 80% similar, and at most 12
 *   words and at most 15% of the words differ: a greeting line with a
 *   name and perhaps a company is 2-6 words; more than that is real
 *   rewriting.
 * - Domain burst: corporate gateways and the big providers answer a burst
 *   from one new sender with 4xx "rate limited, try later" codes; ten
 *   messages an hour to one organisation is well above what a person
 *   writes by hand (a busy salesperson writes a few), so the rule fires at
 *   10 and reaches full strength at 30.
 */
#include <stdio.h>
#include <time.h>

#include "rules/rules.h"
#include "history/similar.h"

#define TEMPLATE_MIN_COPIES 3
#define TEMPLATE_FULL_COPIES 12
#define SHALLOW_MIN_WORDS 20
#define SHALLOW_MAX_CHANGED 12
#define SHALLOW_MAX_FRACTION 0.15
#define BURST_MIN 10
#define BURST_FULL 30
/* Domains listed in an explanation. */
#define EXPLAIN_DOMAINS 5
/* Bytes of changed text quoted as evidence. */
#define EVIDENCE_MAX_RUNS 4

static const char *join_domains(lsc__ctx *c, char *const *d, size_t n)
{
    lsc__buf b;
    size_t i;
    const char *s;
    lsc__buf_init(&b, c->ar);
    for (i = 0; i < n && i < EXPLAIN_DOMAINS; i++) {
        if (i)
            lsc__buf_append(&b, ", ", 2);
        lsc__buf_append(&b, d[i], strlen(d[i]));
    }
    if (n > EXPLAIN_DOMAINS)
        lsc__buf_append(&b, ", ...", 5);
    if (n == 0)
        lsc__buf_append(&b, "-", 1);
    s = lsc__buf_finish(&b);
    return s;
}

/* "3 days", "5 hours", "12 minutes" ago, in the engine's language. */
static const char *ago(lsc__ctx *c, int64_t then)
{
    /* unsigned difference: a stored time far in the past must not
     * overflow (times come from decoded fingerprints) */
    uint64_t ud = then < c->now ? (uint64_t)c->now - (uint64_t)then : 0;
    int64_t d = ud > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)ud;
    if (d >= 2 * 86400)
        return lsc__arena_printf(c->ar, lsc__rule_word(c, lsc__text_key(
                                     AGO_DAYS, (long long)0)),
                                 (long long)(d / 86400));
    if (d >= 2 * 3600)
        return lsc__arena_printf(c->ar, lsc__rule_word(c, lsc__text_key(
                                     AGO_HOURS, (long long)0)),
                                 (long long)(d / 3600));
    if (d < 120)
        return lsc__rule_word(c, LSC__TXT_AGO_MINUTE);
    return lsc__arena_printf(c->ar, lsc__rule_word(c, lsc__text_key(
                                 AGO_MINUTES, (long long)0)),
                             (long long)(d / 60));
}

int lsc__rule_template_reuse(lsc__ctx *c)
{
    const lsc__sim_facts *f = lsc__sim_facts_of(c);
    const char *doms, *how, *same, *more;
    double strength;
    lsc__hit *h;
    if (!f || !f->have_history || f->n_similar < TEMPLATE_MIN_COPIES)
        return 0;
    doms = join_domains(c, f->similar_domains, f->n_similar_domains);
    if (!doms)
        return LSC_ENOMEM;
    strength = 0.4 + 0.6 * (double)(f->n_similar - TEMPLATE_MIN_COPIES) /
                         (double)(TEMPLATE_FULL_COPIES - TEMPLATE_MIN_COPIES);
    /* "95%" or "85%-98%"; "(2 of them word for word)" only when some are */
    if ((int)(100.0 * f->min_similarity_seen + 0.5) ==
        (int)(100.0 * f->max_similarity + 0.5))
        how = lsc__arena_printf(c->ar, "%.0f%%", 100.0 * f->max_similarity);
    else
        how = lsc__arena_printf(c->ar, "%.0f%%-%.0f%%",
                                100.0 * f->min_similarity_seen,
                                100.0 * f->max_similarity);
    same = f->n_same_body
               ? lsc__arena_printf(c->ar, lsc__rule_word(c, lsc__text_key(
                     TEMPLATE_REUSE_SAME, (size_t)0)), f->n_same_body)
               : "";
    /* the history compared only the nearest copies: say the count is a
     * floor */
    more = f->similar_capped
               ? lsc__arena_printf(c->ar, lsc__rule_word(c, lsc__text_key(
                     TEMPLATE_REUSE_MORE, (size_t)0)),
                     (size_t)LSC_HISTORY_MAX_COMPARED)
               : "";
    if (!how || !same || !more)
        return LSC_ENOMEM;
    if (*more && !(same = lsc__arena_printf(c->ar, "%s%s", more, same)))
        return LSC_ENOMEM;
    h = lsc__fire(c, strength, TEMPLATE_REUSE,
        how, f->n_similar, LSC__TEMPLATE_DAYS, same, doms);
    return h ? 0 : LSC_ENOMEM;
}

int lsc__rule_shallow_personal(lsc__ctx *c)
{
    const lsc__sim_facts *f = lsc__sim_facts_of(c);
    lsc__hit *h;
    size_t ci, runs = 0, total;
    double strength;
    const char *when;
    if (!f || !f->have_history || !f->have_nearest)
        return 0;
    total = f->n_words;
    if (total < SHALLOW_MIN_WORDS ||
        f->nearest_similarity < LSC__TEMPLATE_SIMILARITY ||
        f->changed_words == 0 || f->changed_words > SHALLOW_MAX_CHANGED ||
        (double)f->changed_words > SHALLOW_MAX_FRACTION * (double)total)
        return 0;
    when = ago(c, f->nearest_time);
    if (!when)
        return LSC_ENOMEM;
    strength = 1.0 - (double)f->changed_words / (double)total;
    h = f->changed_words == 1
        ? lsc__fire(c, strength, SHALLOW_PERSONAL_ONE, f->changed_words,
                    total, when, 100.0 * f->nearest_similarity)
        : lsc__fire(c, strength, SHALLOW_PERSONAL, f->changed_words, total,
                    when, 100.0 * f->nearest_similarity);
    if (!h)
        return LSC_ENOMEM;
    /* Evidence: the changed runs of words, as they appear in the draft
     * (consecutive changed chunks in one text make one span). */
    for (ci = 0; ci < f->fp->n_chunks && runs < EVIDENCE_MAX_RUNS; ci++) {
        size_t cj = ci, from, to;
        const lsc__sim_word *a, *b;
        int rc;
        if (!f->chunk_changed[ci])
            continue;
        while (cj + 1 < f->fp->n_chunks && f->chunk_changed[cj + 1])
            cj++;
        from = f->chunk_first[ci];
        to = f->chunk_first[cj + 1];
        ci = cj;
        if (from >= to || to > f->n_words)
            continue;
        a = &f->words[from];
        b = &f->words[to - 1];
        if (a->where != b->where || a->part != b->part)
            b = a; /* a run over the subject/body border: quote its start */
        rc = lsc__evidence(c, h, a->where, a->part, NULL, a->start, b->end);
        if (rc == LSC_ENOMEM)
            return rc;
        runs++;
    }
    return 0;
}

int lsc__rule_domain_burst(lsc__ctx *c)
{
    const lsc__sim_facts *f = lsc__sim_facts_of(c);
    const lsc__sim_domain_count *worst = NULL;
    size_t i, n;
    lsc__hit *h;
    if (!f || !f->have_history)
        return 0;
    for (i = 0; i < f->n_burst; i++)
        if (!worst || f->burst[i].count > worst->count)
            worst = &f->burst[i];
    if (!worst)
        return 0;
    n = worst->count + 1; /* this message too */
    if (n < BURST_MIN)
        return 0;
    h = lsc__fire(c, (double)(n - BURST_MIN + 1) / (double)(BURST_FULL - BURST_MIN + 1), DOMAIN_BURST,
        n, worst->domain, LSC__BURST_WINDOW_SECONDS / 60);
    if (!h)
        return LSC_ENOMEM;
    {
        int rc = lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, worst->domain,
                                    strlen(worst->domain));
        return rc == LSC_ENOMEM ? rc : 0;
    }
}
