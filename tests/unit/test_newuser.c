/*
 * test_newuser.c - what a new user meets first (issue 19): input that is
 * not an email gets level "unreadable" and one NOT_EMAIL hit; a draft
 * without recipients is a finding (From comes from the account); the word
 * limit and a message that is too big as text are named; disabling a rule
 * never raises another rule of its group.
 */
#include <math.h>
#include <stdlib.h>

#include "test.h"

static lsc_engine *eng_with(const char *config)
{
    lsc_engine *e = NULL;
    lsc_options o;
    lsc_error err;
    lsc_options_init(&o);
    o.config = config;
    o.config_len = config ? strlen(config) : 0;
    if (lsc_engine_new(&e, &o, &err) != 0) {
        printf("#   engine: %s\n", err.message);
        return NULL;
    }
    return e;
}

static lsc_result *score_n(const lsc_engine *e, const void *msg, size_t n)
{
    lsc_result *r = NULL;
    if (lsc_score(&r, e, msg, n, NULL, NULL) != 0)
        return NULL;
    return r;
}

TEST(empty_and_binary_input_is_unreadable)
{
    static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR free offer";
    static const unsigned char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0";
    static const char blanks[] = "  \r\n\t\r\n";
    lsc_engine *e = eng_with(NULL);
    const void *in[4] = { "", blanks, png, elf };
    size_t len[4] = { 0, sizeof blanks - 1, sizeof png - 1, sizeof elf - 1 };
    size_t i;
    for (i = 0; e && i < 4; i++) {
        lsc_result *r = score_n(e, in[i], len[i]);
        const lsc_hit *h;
        CHECK(r != NULL);
        if (!r)
            continue;
        CHECK_EQ_INT(lsc_result_level(r), LSC_LEVEL_UNREADABLE);
        CHECK_STR(lsc_level_name(lsc_result_level(r)), "unreadable");
        CHECK_EQ_INT(lsc_result_risk(r), 0);
        CHECK_EQ_INT(lsc_result_hit_count(r), 1);
        h = lsc_result_find_hit(r, "NOT_EMAIL");
        CHECK(h != NULL);
        if (h)
            CHECK(strstr(h->explanation, "not an email") != NULL);
        if (h && i == 2)
            CHECK(strstr(h->explanation, "PNG image") != NULL);
        if (h && i == 3)
            CHECK(strstr(h->explanation, "ELF program") != NULL);
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

/* Scores msg with an engine made from config: NOT_EMAIL must not fire,
 * SUBJECT_MISSING must (the message has no subject). */
static void scored_as_mail(const char *config, const char *msg)
{
    lsc_engine *e = eng_with(config);
    lsc_result *r = e ? t_score(e, msg) : NULL;
    CHECK(r != NULL);
    if (r) {
        CHECK(lsc_result_level(r) != LSC_LEVEL_UNREADABLE);
        CHECK(lsc_result_find_hit(r, "NOT_EMAIL") == NULL);
        CHECK(lsc_result_find_hit(r, "SUBJECT_MISSING") != NULL);
    }
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(one_mail_header_is_an_email)
{
    scored_as_mail(NULL, "To: ann@example.com\r\n\r\nHello Ann.\r\n");
}

TEST(disabled_not_email_scores_as_before)
{
    scored_as_mail("disable NOT_EMAIL\n",
                   "Hello Bob,\nclick here for a free offer\n");
}

static lsc_result *draft(const lsc_engine *e, const char *from,
                         const char *to, const char *bcc, const char *subject)
{
    lsc_draft d;
    lsc_result *r = NULL;
    lsc_draft_init(&d);
    d.from = from; d.from_len = from ? LSC_NTS : 0;
    d.to = to; d.to_len = to ? LSC_NTS : 0;
    d.bcc = bcc; d.bcc_len = bcc ? LSC_NTS : 0;
    d.subject = subject; d.subject_len = subject ? LSC_NTS : 0;
    d.text = "Hello,\nthe minutes of Tuesday are below.\n";
    d.text_len = LSC_NTS;
    if (lsc_draft_score(&r, e, &d, NULL, NULL, NULL) != 0)
        return NULL;
    return r;
}

TEST(draft_without_subject_from_or_to)
{
    lsc_engine *e = eng_with(NULL);
    lsc_result *r;
    /* nothing but the text: no subject, nobody to send it to; From is
     * not asked for (the account sets it) and it is still an email */
    r = e ? draft(e, NULL, NULL, NULL, NULL) : NULL;
    CHECK(r != NULL);
    if (r) {
        CHECK(lsc_result_find_hit(r, "SUBJECT_MISSING") != NULL);
        CHECK(lsc_result_find_hit(r, "TO_MISSING") != NULL);
        CHECK(lsc_result_find_hit(r, "FROM_MISSING_OR_BAD") == NULL);
        CHECK(lsc_result_find_hit(r, "NOT_EMAIL") == NULL);
    }
    lsc_result_free(r);
    /* Bcc only is someone to send it to */
    r = e ? draft(e, NULL, NULL, "ann@example.com", "Minutes") : NULL;
    CHECK(r && lsc_result_find_hit(r, "TO_MISSING") == NULL);
    CHECK(r && lsc_result_find_hit(r, "SUBJECT_MISSING") == NULL);
    lsc_result_free(r);
    r = e ? draft(e, "me@example.org", "ann@example.com", NULL, "Minutes")
          : NULL;
    CHECK(r && lsc_result_find_hit(r, "TO_MISSING") == NULL);
    lsc_result_free(r);
    lsc_engine_free(e);
}

/* A message whose body is `words` words. */
static char *words_msg(size_t words)
{
    size_t i, n = 200 + words * 6;
    char *m = malloc(n), *p = m;
    if (!m)
        return NULL;
    p += sprintf(p, "From: me@example.org\r\nTo: ann@example.com\r\n"
                    "Subject: Notes\r\n\r\n");
    for (i = 0; i < words; i++)
        p += sprintf(p, "word%c ", 'a' + (int)(i % 26));
    strcpy(p, "\r\n");
    return m;
}

TEST(word_limit_is_a_finding_at_the_limit)
{
    lsc_engine *e = eng_with("limit max_words 50\n");
    /* the subject "Notes" is one of the words kept */
    char *at = words_msg(49), *past = words_msg(50);
    lsc_result *r;
    r = e && at ? t_score(e, at) : NULL;
    CHECK(r && lsc_result_find_hit(r, "WORD_LIMIT_REACHED") == NULL);
    CHECK(r && !(lsc_result_flags(r) & LSC_MSG_TOO_MANY_WORDS));
    lsc_result_free(r);
    r = e && past ? t_score(e, past) : NULL;
    CHECK(r && (lsc_result_flags(r) & LSC_MSG_TOO_MANY_WORDS));
    CHECK(r && lsc_result_find_hit(r, "WORD_LIMIT_REACHED") != NULL);
    if (r && lsc_result_find_hit(r, "WORD_LIMIT_REACHED"))
        CHECK(strstr(lsc_result_find_hit(r, "WORD_LIMIT_REACHED")->explanation,
                     "50 words") != NULL);
    lsc_result_free(r);
    free(at);
    free(past);
    lsc_engine_free(e);
}

TEST(a_long_text_is_not_an_attachment_problem)
{
    /* 1.5 MB of text to a domain that takes 1 MB */
    lsc_engine *e = eng_with("size_limit example.com 1000000\n");
    size_t n = 1500000, i;
    char *m = malloc(n + 200), *p = m;
    lsc_result *r;
    const lsc_hit *h;
    if (!m || !e) {
        CHECK(0);
        free(m);
        lsc_engine_free(e);
        return;
    }
    p += sprintf(p, "From: me@example.org\r\nTo: ann@example.com\r\n"
                    "Subject: Notes\r\n\r\n");
    for (i = 0; i < n / 72; i++)
        p += sprintf(p, "%.70s\r\n", "the minutes of the meeting go on "
                     "and on and on about the plans for next year ok");
    *p = 0;
    r = t_score(e, m);
    h = r ? lsc_result_find_hit(r, "ATTACH_TOO_LARGE") : NULL;
    CHECK(h != NULL);
    if (h) {
        CHECK(strstr(h->explanation, "MB encoded, almost all of it text") != NULL);
        CHECK(strstr(h->suggestion, "shared drive") == NULL);
        CHECK(h->n_evidence == 1 && strstr(h->evidence[0].text, "message: ") != NULL);
    }
    lsc_result_free(r);
    free(m);
    lsc_engine_free(e);
}

TEST(disabling_a_rule_never_raises_another_of_its_group)
{
    static const char *const rules[] = { "EXCLAIM_BODY", "CAPS_SUBJECT",
                                         "URGENCY_PHRASES", "PROMO_PHRASES" };
    size_t len = 0, k, i;
    char *msg = t_read_file("examples/drafts/02-cold-blast.eml", &len);
    lsc_engine *e = eng_with(NULL);
    lsc_result *all = e && msg ? score_n(e, msg, len) : NULL;
    CHECK(all != NULL);
    for (k = 0; all && k < sizeof rules / sizeof rules[0]; k++) {
        char cfg[64];
        lsc_engine *d;
        lsc_result *r;
        const lsc_hit *gone = lsc_result_find_hit(all, rules[k]);
        CHECK(gone != NULL);
        snprintf(cfg, sizeof cfg, "disable %s\n", rules[k]);
        d = eng_with(cfg);
        r = d ? score_n(d, msg, len) : NULL;
        CHECK(r != NULL);
        if (!r || !gone) {
            lsc_result_free(r);
            lsc_engine_free(d);
            continue;
        }
        CHECK(lsc_result_find_hit(r, rules[k]) == NULL);
        /* every other hit keeps its points; the total loses exactly the
         * disabled rule's */
        for (i = 0; i < lsc_result_hit_count(r); i++) {
            const lsc_hit *h = lsc_result_hit(r, i);
            const lsc_hit *was = lsc_result_find_hit(all, h->id);
            CHECK(was != NULL);
            if (was && !(h->points <= was->points + 1e-9))
                printf("#   disable %s raised %s: %.3f -> %.3f\n", rules[k],
                       h->id, was->points, h->points);
            CHECK(was && h->points <= was->points + 1e-9);
        }
        CHECK(fabs(lsc_result_points(r) -
                   (lsc_result_points(all) - gone->points)) < 1e-6);
        /* and fixing it would have gained something */
        CHECK(gone->fix_points < -0.05);
        lsc_result_free(r);
        lsc_engine_free(d);
    }
    lsc_result_free(all);
    lsc_engine_free(e);
    free(msg);
}

int main(void)
{
    RUN(empty_and_binary_input_is_unreadable);
    RUN(one_mail_header_is_an_email);
    RUN(disabled_not_email_scores_as_before);
    RUN(draft_without_subject_from_or_to);
    RUN(word_limit_is_a_finding_at_the_limit);
    RUN(a_long_text_is_not_an_attachment_problem);
    RUN(disabling_a_rule_never_raises_another_of_its_group);
    return TEST_DONE();
}
