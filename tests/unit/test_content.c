/*
 * test_content.c - the content rules (rules/rules_content.c) at their
 * limits, on messages built here: a phrase ending on the last byte a scan
 * reads and one a byte past it (LSC__CONTENT_MAX_SCAN), more matches than
 * evidence spans kept (LSC__CONTENT_MAX_EVIDENCE), and a spaced-out
 * address longer than LSC__CONTENT_MAX_SPACED tokens; wallet addresses of
 * the shortest length the wallet scan looks for (it steps over text in
 * windows of that length), at every offset after words, punctuation and
 * longer runs.
 */
#include <stdlib.h>

#include "test.h"
#include "rules/content.h"

static lsc_engine *eng(void)
{
    lsc_engine *e = NULL;
    if (lsc_engine_new(&e, NULL, NULL) != 0)
        printf("#   engine failed\n");
    return e;
}

/* A plain-text letter (LF line ends) around body. */
static lsc_result *score_body(const lsc_engine *e, const char *body)
{
    static const char head[] =
        "From: Anna Berg <anna@berg.example>\n"
        "To: li.wei@example.cn\n"
        "Subject: Our call today\n"
        "Date: Mon, 7 Dec 2026 09:00:00 +0000\n"
        "Message-ID: <1@berg.example>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\n";
    size_t n = sizeof head + strlen(body);
    char *m = malloc(n);
    lsc_result *r;
    if (!m)
        return NULL;
    memcpy(m, head, sizeof head - 1);
    memcpy(m + sizeof head - 1, body, strlen(body) + 1);
    r = t_score(e, m);
    free(m);
    return r;
}

/* A body of plain words whose `phrase` ends `end` bytes into the text. */
static char *body_ending_at(const char *phrase, size_t end)
{
    static const char line[] = "we met at the fair and spoke about the order\n";
    size_t k = strlen(phrase), at = end - k, i = 0;
    char *b = malloc(end + 2);
    if (!b)
        return NULL;
    while (i + sizeof line - 1 <= at - 1) {
        memcpy(b + i, line, sizeof line - 1);
        i += sizeof line - 1;
    }
    while (i < at)
        b[i++] = ' ';       /* a blank before it: the phrase starts a word */
    memcpy(b + at, phrase, k);
    b[end] = '\n';
    b[end + 1] = '\0';
    return b;
}

TEST(phrase_at_the_scan_limit)
{
    lsc_engine *e = eng();
    size_t end;
    for (end = LSC__CONTENT_MAX_SCAN - 1; end <= LSC__CONTENT_MAX_SCAN + 1; end++) {
        char *b = body_ending_at("credit repair", end);
        lsc_result *r = b ? score_body(e, b) : NULL;
        const lsc_hit *h = r ? lsc_result_find_hit(r, "CREDIT_REPAIR") : NULL;
        CHECK(r != NULL);
        /* read when its last byte is inside the scan, not when past it */
        CHECK_EQ_INT(h != NULL, end <= LSC__CONTENT_MAX_SCAN);
        if (h) {
            const lsc_evidence *ev = lsc_hit_evidence(h, 0);
            CHECK(ev != NULL);
            if (ev) {
                CHECK_EQ_INT((long)ev->end, (long)end);
                CHECK_STR(ev->text, "credit repair");
            }
        }
        lsc_result_free(r);
        free(b);
    }
    lsc_engine_free(e);
}

/* The phrase scan reads eight bytes at a time and tries only where a
 * word or a character starts: a phrase at every offset across two
 * blocks after a blank is found, one glued to a letter before it (the
 * letter maybe the last byte of the block before) is not, and a CJK
 * phrase right after Latin letters is (CJK has no word edge). */
TEST(phrase_scan_at_every_offset_of_its_blocks)
{
    lsc_engine *e = eng();
    size_t k;
    for (k = 0; k < 18; k++) {
        static const char *const tails[] = { "credit repair\n",
                                             "credit repair",
                                             "\xe4\xbf\xa1\xe7\x94\xa8"
                                             "\xe4\xbf\xae\xe5\xa4\x8d\n" };
        size_t v;
        for (v = 0; v < 4; v++) {
            char b[64];
            size_t i;
            const char *tail = tails[v < 3 ? v : 0];
            lsc_result *r;
            const lsc_hit *h;
            for (i = 0; i < k; i++)
                b[i] = i % 3 == 2 ? ' ' : 'z';
            /* v 0, 1: a blank before; 2: CJK after letters; 3: a letter */
            if (k > 0)
                b[k - 1] = v == 3 || v == 2 ? 'q' : ' ';
            memcpy(b + k, tail, strlen(tail) + 1);
            r = score_body(e, b);
            h = r ? lsc_result_find_hit(r, "CREDIT_REPAIR") : NULL;
            CHECK(r != NULL);
            if ((h != NULL) != (v != 3 || k == 0))
                printf("#   offset %zu, case %zu: %s\n", k, v,
                       h ? "found glued to a letter" : "not found");
            CHECK_EQ_INT(h != NULL, v != 3 || k == 0);
            if (h) {
                const lsc_evidence *ev = lsc_hit_evidence(h, 0);
                CHECK(ev != NULL && ev->start == k);
            }
            lsc_result_free(r);
        }
    }
    lsc_engine_free(e);
}

TEST(evidence_stops_at_its_limit_the_count_does_not)
{
    lsc_engine *e = eng();
    lsc_result *r = score_body(e,
        "Dear Li Wei,\n\nWe offer credit repair. Repair your credit today, "
        "fix your credit, fix bad credit, erase bad credit, remove negative "
        "items and raise your credit score.\n\nAnna\n");
    const lsc_hit *h = r ? lsc_result_find_hit(r, "CREDIT_REPAIR") : NULL;
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_INT((long)h->n_evidence, (long)LSC__CONTENT_MAX_EVIDENCE);
        /* 7 phrases: the explanation counts them all */
        CHECK(strstr(h->explanation, "7 credit-repair") != NULL);
        CHECK(lsc_hit_evidence(h, LSC__CONTENT_MAX_EVIDENCE) == NULL);
    }
    lsc_result_free(r);
    lsc_engine_free(e);
}

/* "i n f o @ s h o p . c o m" with the name spelt out to `tokens`
 * one-character tokens in all. */
static char *spaced_address(size_t tokens)
{
    static const char tail[] = "@ s h o p . c o m";   /* 9 tokens */
    size_t name = tokens - 9, i;
    char *b = malloc(2 * tokens + 64);
    char *p = b;
    if (!b)
        return NULL;
    p += sprintf(p, "Write to ");
    for (i = 0; i < name; i++)
        p += sprintf(p, "%c ", 'a' + (int)(i % 26));
    p += sprintf(p, "%s today.\n", tail);
    return b;
}

TEST(spaced_address_at_the_token_limit)
{
    lsc_engine *e = eng();
    size_t tokens;
    for (tokens = LSC__CONTENT_MAX_SPACED - 1; tokens <= LSC__CONTENT_MAX_SPACED + 1;
         tokens++) {
        char *b = spaced_address(tokens);
        lsc_result *r = b ? score_body(e, b) : NULL;
        const lsc_hit *h = r ? lsc_result_find_hit(r, "ADDRESS_OBFUSCATED") : NULL;
        size_t read = tokens < LSC__CONTENT_MAX_SPACED ? tokens : LSC__CONTENT_MAX_SPACED;
        CHECK(h != NULL);
        /* the scan reads at most the limit's tokens: the evidence is the
         * whole address up to it, and stops there past it */
        if (h) {
            const lsc_evidence *ev = lsc_hit_evidence(h, 0);
            CHECK(ev != NULL && (long)(ev->end - ev->start) == (long)(2 * read - 1));
        }
        lsc_result_free(r);
        free(b);
    }
    /* far past it: each attempt reads at most the limit's tokens and the
     * next starts a token on, so the finding never spans more */
    {
        char *b = spaced_address(LSC__CONTENT_MAX_SPACED + 40);
        lsc_result *r = b ? score_body(e, b) : NULL;
        const lsc_hit *h = r ? lsc_result_find_hit(r, "ADDRESS_OBFUSCATED") : NULL;
        const lsc_evidence *ev = h ? lsc_hit_evidence(h, 0) : NULL;
        CHECK(ev != NULL);
        if (ev)
            CHECK_EQ_INT((long)(ev->end - ev->start),
                         (long)(2 * LSC__CONTENT_MAX_SPACED - 1));
        lsc_result_free(r);
        free(b);
    }
    lsc_engine_free(e);
}

/* A part's '@' signs are looked at first, and the part is read only
 * when one stands between spaces or opens a domain ending in a ROT13
 * top-level domain: plain addresses before and after a hidden one, a
 * ROT13 domain in capitals at the very end of the text, and a spaced
 * address after a plain one are still found; plain addresses, an "@"
 * between spaces that spells no address and a worded address alone are
 * not findings. */
TEST(hidden_addresses_among_plain_ones)
{
    static const struct {
        const char *body;
        int fires;
    } cases[] = {
        { "Mail ann@example.com or wbua@rknzcyr.pbz, not bob@example.org\n", 1 },
        { "Mail ann@example.com or write to WBUA@RKNZCYR.PBZ", 1 },
        { "ann@example.com\nj o h n @ s h o p . c o m\n", 1 },
        { "ann@example.com and bob@example.org.\n", 0 },
        { "Price: 5 @ 10 USD, ann@example.com\n", 0 },
        { "ann (at) example {dot} com, bob@example.org\n", 0 },
    };
    lsc_engine *e = eng();
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        lsc_result *r = score_body(e, cases[k].body);
        CHECK(r != NULL);
        if (r)
            CHECK_EQ_INT(lsc_result_find_hit(r, "ADDRESS_OBFUSCATED") != NULL,
                         cases[k].fires);
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

static int alnum_byte(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
           (ch >= 'A' && ch <= 'Z');
}

/* A legacy-shaped wallet address of n (26..34) characters. */
static void wallet_of(char *out, size_t n)
{
    memcpy(out, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", n);
    out[n] = '\0';
}

TEST(wallet_scan_reads_every_run_at_every_offset)
{
    static const char *const before[] = {
        "", "a", "pay ", "send, ", "(", "x-", "ABCDEFGHJKabcdefghjk12345678 ",
        "ABCDEFGHJKabcdefghjk1234567890ABCDEFGHJK ",
    };
    lsc_engine *e = eng();
    size_t b, pad, n;
    for (b = 0; b < sizeof before / sizeof *before; b++)
        for (pad = 0; pad < 30; pad += 7)
            for (n = 25; n <= 27; n++) {
                char body[512], w[40];
                lsc_result *r;
                const lsc_hit *h;
                size_t bl = strlen(before[b]);
                int glued = bl && alnum_byte(before[b][bl - 1]);
                wallet_of(w, n);
                snprintf(body, sizeof body, "%*sMy bitcoin wallet: %s%s\n",
                         (int)pad, "", before[b], w);
                r = score_body(e, body);
                h = r ? lsc_result_find_hit(r, "CRYPTO_WALLET") : NULL;
                CHECK(r != NULL);
                /* 25 characters is no wallet; a run glued to a letter
                 * before it is one longer run of another shape */
                if (n >= 26 && !glued) {
                    const lsc_evidence *ev = h ? lsc_hit_evidence(h, 0) : NULL;
                    CHECK(ev != NULL);
                    if (ev)
                        CHECK_STR(ev->text, w);
                } else {
                    CHECK(h == NULL);
                }
                lsc_result_free(r);
            }
    lsc_engine_free(e);
}

/* EXCLAIM_BODY's evidence is each run of two or more marks, found by
 * jumping from one '!' or full-width lead byte to the next: a run of
 * '!!' and one of '！！' at every offset of a line, both spans exact. */
TEST(exclamation_runs_found_at_every_offset)
{
    lsc_engine *e = eng();
    size_t off;
    for (off = 0; off < 24; off++) {
        char body[160];
        const char *text;
        lsc_result *r;
        const lsc_hit *h;
        size_t a, b;
        memset(body, 'x', off);
        snprintf(body + off, sizeof body - off,
                 " hello!! then \xEF\xBC\x81\xEF\xBC\x81 and ! once\n");
        r = score_body(e, body);
        h = r ? lsc_result_find_hit(r, "EXCLAIM_BODY") : NULL;
        CHECK(h != NULL);
        if (h && h->n_evidence == 2) {
            text = lsc_result_part(r, 0)->text;
            a = h->evidence[0].start;
            b = h->evidence[0].end;
            CHECK(b - a == 2 && memcmp(text + a, "!!", 2) == 0);
            a = h->evidence[1].start;
            b = h->evidence[1].end;
            CHECK(b - a == 6 && memcmp(text + a, "\xEF\xBC\x81\xEF\xBC\x81", 6) == 0);
        } else {
            CHECK(h && h->n_evidence == 2);
        }
        lsc_result_free(r);
    }
    lsc_engine_free(e);
}

int main(void)
{
    RUN(exclamation_runs_found_at_every_offset);
    RUN(phrase_at_the_scan_limit);
    RUN(phrase_scan_at_every_offset_of_its_blocks);
    RUN(evidence_stops_at_its_limit_the_count_does_not);
    RUN(spaced_address_at_the_token_limit);
    RUN(hidden_addresses_among_plain_ones);
    RUN(wallet_scan_reads_every_run_at_every_offset);
    return TEST_DONE();
}
