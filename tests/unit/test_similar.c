/*
 * test_similar.c - fingerprints: shingles and MinHash behave as Jaccard
 * says, the binary form round-trips, and damaged input is LSC_ECORRUPT
 * (every truncation, every bit flip, random bytes), the limits hold at
 * their values.
 */
#include "test.h"
#include "t_similar.h"
#include "core/result.h"

static lsc__alloc t_al;
static lsc__arena t_ar;

static void setup(void)
{
    lsc__alloc_init(&t_al, NULL);
    lsc__arena_init(&t_ar, &t_al);
}

static void teardown(void)
{
    lsc__arena_free(&t_ar);
}

static int same_fp(const lsc_fingerprint *a, const lsc_fingerprint *b)
{
    size_t i;
    if (a->time != b->time || a->body_hash != b->body_hash ||
        a->n_words != b->n_words || a->n_shingles != b->n_shingles ||
        memcmp(a->mh, b->mh, sizeof a->mh) != 0 ||
        a->n_chunks != b->n_chunks || a->n_domains != b->n_domains)
        return 0;
    if (a->n_chunks && memcmp(a->chunks, b->chunks, 2 * a->n_chunks) != 0)
        return 0;
    if (a->n_sketch != b->n_sketch ||
        (a->n_sketch && memcmp(a->sketch, b->sketch, 4 * a->n_sketch) != 0))
        return 0;
    for (i = 0; i < a->n_domains; i++)
        if (strcmp(a->domains[i], b->domains[i]) != 0)
            return 0;
    return 1;
}

TEST(identical_text_is_identical_and_disjoint_is_not)
{
    lsc_fingerprint *a, *b, *c;
    setup();
    a = t_fp(&t_ar, t_letter(&t_ar, 1, 120), "a.com", 100);
    b = t_fp(&t_ar, t_letter(&t_ar, 1, 120), "b.com", 200);
    c = t_fp(&t_ar, "completely different words about nothing in particular "
                    "here and there everywhere", "", 300);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK(lsc_fingerprint_similarity(a, b) == 1.0);
        CHECK(a->body_hash == b->body_hash);
        CHECK(lsc_fingerprint_similarity(a, c) < 0.1);
        CHECK(a->body_hash != c->body_hash);
        CHECK_EQ_INT(lsc_fingerprint_time(b), 200);
        CHECK_STR(lsc_fingerprint_domain(a, 0), "a.com");
        CHECK(lsc_fingerprint_domain(a, 1) == NULL);
    }
    teardown();
}

TEST(one_changed_name_keeps_a_letter_similar)
{
    /* 60 words, one changed: 3 of 58 shingles change, Jaccard 55/61. */
    char *base, *edited;
    lsc_fingerprint *a, *b;
    double s;
    setup();
    base = t_letter(&t_ar, 7, 60);
    edited = lsc__arena_printf(&t_ar, "dear anna %s", base);
    base = lsc__arena_printf(&t_ar, "dear boris %s", base);
    a = t_fp(&t_ar, base, "", 1);
    b = t_fp(&t_ar, edited, "", 1);
    s = lsc_fingerprint_similarity(a, b);
    printf("# one name changed in 62 words: similarity %.3f\n", s);
    CHECK(s > 0.8 && s < 1.0);
    CHECK(a->body_hash != b->body_hash);
    teardown();
}

TEST(minhash_estimates_jaccard_of_the_shingle_sets)
{
    /* The MinHash signature (which the LSH bands are cut from) against
     * the exact Jaccard, over pairs that share a growing prefix. */
    size_t trial;
    double worst = 0;
    setup();
    for (trial = 0; trial < 40; trial++) {
        char *x = t_letter(&t_ar, 1000 + (unsigned)trial, 200);
        char *y = t_letter(&t_ar, 5000 + (unsigned)trial, 200);
        size_t keep = 20 + trial * 4;
        char *a_txt, *b_txt;
        lsc__sim_word *wa, *wb;
        size_t na, nb, sa, sb, i, j, inter = 0;
        uint64_t *ha, *hb;
        uint16_t ma[LSC__MH_K], mb[LSC__MH_K];
        double exact, est;
        /* b = first `keep` words of a, then other words */
        a_txt = x;
        na = t_words(&t_ar, a_txt, &wa);
        nb = t_words(&t_ar, y, &wb);
        for (i = 0; i < keep && i < nb && i < na; i++)
            wb[i] = wa[i];
        b_txt = NULL;
        (void)b_txt;
        ha = lsc__arena_alloc(&t_ar, na * sizeof *ha);
        hb = lsc__arena_alloc(&t_ar, nb * sizeof *hb);
        sa = lsc__shingles(wa, na, 0, LSC__SHINGLE_WORDS, ha);
        sb = lsc__shingles(wb, nb, 0, LSC__SHINGLE_WORDS, hb);
        for (i = 0, j = 0; i < sa && j < sb;) {
            if (ha[i] == hb[j]) {
                inter++;
                i++;
                j++;
            } else if (ha[i] < hb[j]) {
                i++;
            } else {
                j++;
            }
        }
        exact = (double)inter / (double)(sa + sb - inter);
        lsc__minhash(ha, sa, LSC__MH_K, ma);
        lsc__minhash(hb, sb, LSC__MH_K, mb);
        est = lsc__mh_similarity(ma, mb, LSC__MH_K);
        if (est - exact > worst)
            worst = est - exact;
        if (exact - est > worst)
            worst = exact - est;
    }
    printf("# worst estimate error over 40 pairs: %.3f\n", worst);
    /* 4.5 standard errors at J = 0.5 with 128 hashes. */
    CHECK(worst < 0.2);
    teardown();
}

/* Exact Jaccard of two texts' shingle sets, the long way. */
static double exact_jaccard(const char *x, const char *y)
{
    lsc__sim_word *wa, *wb;
    size_t na = t_words(&t_ar, x, &wa), nb = t_words(&t_ar, y, &wb);
    uint64_t *ha = lsc__arena_alloc(&t_ar, (na + 1) * 8);
    uint64_t *hb = lsc__arena_alloc(&t_ar, (nb + 1) * 8);
    size_t sa = lsc__shingles(wa, na, 0, LSC__SHINGLE_WORDS, ha);
    size_t sb = lsc__shingles(wb, nb, 0, LSC__SHINGLE_WORDS, hb);
    size_t i = 0, j = 0, inter = 0;
    while (i < sa && j < sb) {
        if (ha[i] == hb[j]) {
            inter++;
            i++;
            j++;
        } else if (ha[i] < hb[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (double)inter / (double)(sa + sb - inter);
}

TEST(similarity_is_exact_for_short_and_close_for_long_messages)
{
    int trial;
    double worst_short = 0, worst_long = 0;
    setup();
    for (trial = 0; trial < 30; trial++) {
        /* short: 300 words, long: 3000 words (past the 512 sketch) */
        int is_long = trial >= 15;
        size_t n = is_long ? 3000 : 300, keep = n * (size_t)(trial % 15) / 15;
        char *x = t_letter(&t_ar, 300 + (unsigned)trial, n);
        char *tail = t_letter(&t_ar, 700 + (unsigned)trial, n - keep);
        char *y;
        size_t cut = 0, words = 0;
        double ex, est, d;
        /* y = the first `keep` words of x, then other words */
        while (x[cut] && words < keep) {
            if (x[cut] == ' ')
                words++;
            cut++;
        }
        y = lsc__arena_printf(&t_ar, "%.*s %s", (int)cut, x, tail);
        ex = exact_jaccard(x, y);
        est = lsc_fingerprint_similarity(t_fp(&t_ar, x, "", 1),
                                         t_fp(&t_ar, y, "", 1));
        d = est > ex ? est - ex : ex - est;
        if (is_long && d > worst_long)
            worst_long = d;
        if (!is_long && d > worst_short)
            worst_short = d;
    }
    printf("# worst error: %.4f under 512 shingles, %.4f over\n", worst_short,
           worst_long);
    CHECK(worst_short < 1e-9);
    CHECK(worst_long < 0.09); /* 5 standard errors of the bottom-512 */
    teardown();
}

TEST(empty_and_short_texts)
{
    lsc_fingerprint *e, *one, *two;
    setup();
    e = t_fp(&t_ar, "", "", 5);
    one = t_fp(&t_ar, "hello", "", 5);
    two = t_fp(&t_ar, "hello there", "", 5);
    CHECK(e && one && two);
    if (e && one && two) {
        CHECK_EQ_INT(e->n_shingles, 0);
        CHECK_EQ_INT(e->n_chunks, 0);
        CHECK(lsc_fingerprint_similarity(e, e) == 0.0);
        CHECK_EQ_INT(one->n_shingles, 1);
        CHECK_EQ_INT(two->n_shingles, 1);
        CHECK(lsc_fingerprint_similarity(one, two) < 0.1);
        CHECK(lsc_fingerprint_similarity(two, two) == 1.0);
    }
    teardown();
}

TEST(domains_are_lowered_sorted_unique_and_capped_at_the_limit)
{
    lsc__buf b;
    char *list;
    size_t i;
    lsc_fingerprint *fp;
    setup();
    fp = t_fp(&t_ar, "x y z", "B.example,a.example,b.example,,bad domain", 1);
    CHECK(fp != NULL);
    if (fp) {
        CHECK_EQ_INT(lsc_fingerprint_domain_count(fp), 2);
        CHECK_STR(lsc_fingerprint_domain(fp, 0), "a.example");
        CHECK_STR(lsc_fingerprint_domain(fp, 1), "b.example");
    }
    /* exactly at the limit, then one over */
    for (int extra = 0; extra <= 1; extra++) {
        lsc__buf_init(&b, &t_ar);
        for (i = 0; i < (size_t)LSC_FINGERPRINT_MAX_DOMAINS + (size_t)extra;
             i++) {
            char d[32];
            snprintf(d, sizeof d, "%sd%03zu.example", i ? "," : "", i);
            lsc__buf_append(&b, d, strlen(d));
        }
        list = lsc__buf_finish(&b);
        fp = t_fp(&t_ar, "x y z", list, 1);
        CHECK(fp != NULL);
        if (fp)
            CHECK_EQ_INT(fp->n_domains, LSC_FINGERPRINT_MAX_DOMAINS);
    }
    teardown();
}

TEST(word_and_chunk_limits)
{
    /* Exactly LSC__SIM_MAX_WORDS words are read, one more is not. */
    size_t n = LSC__SIM_MAX_WORDS + 1, i;
    lsc__sim_word *w;
    lsc_fingerprint *fp = NULL;
    static const char *const v[] = { "alpha", "beta", "gamma", "delta" };
    setup();
    w = lsc__arena_zalloc(&t_ar, n * sizeof *w);
    for (i = 0; i < n; i++) {
        w[i].norm = v[(i * 7 + i / 3) % 4];
        w[i].norm_len = strlen(w[i].norm);
    }
    CHECK_EQ_INT(lsc__fingerprint_build(&fp, &t_ar, w, n - 1, 0, NULL, 0, 1,
                                        NULL), 0);
    CHECK(fp && fp->n_words == LSC__SIM_MAX_WORDS);
    CHECK(fp && fp->n_chunks == LSC__FP_MAX_CHUNKS);
    CHECK_EQ_INT(lsc__fingerprint_build(&fp, &t_ar, w, n, 0, NULL, 0, 1,
                                        NULL), 0);
    CHECK(fp && fp->n_words == LSC__SIM_MAX_WORDS);
    CHECK(fp && fp->n_chunks == LSC__FP_MAX_CHUNKS);
    teardown();
}

static lsc_fingerprint *big_fp(void)
{
    lsc__buf b;
    size_t i;
    lsc_fingerprint *fp;
    lsc__buf_init(&b, &t_ar);
    for (i = 0; i < 10; i++) {
        char d[300];
        snprintf(d, sizeof d, "%smail%zu.%s", i ? "," : "", i,
                 i == 3 ? "xn--fsqu00a.xn--55qx5d" : "example.co.uk");
        lsc__buf_append(&b, d, strlen(d));
    }
    fp = t_fp(&t_ar, t_letter(&t_ar, 3, 300), lsc__buf_finish(&b),
              (int64_t)1764130000);
    return fp;
}

TEST(encode_decode_round_trip)
{
    lsc_fingerprint *fp, *back = NULL;
    unsigned char buf[LSC_FINGERPRINT_MAX_BYTES];
    size_t len = 0, len2 = 0;
    lsc_error err;
    setup();
    fp = big_fp();
    CHECK(fp != NULL);
    CHECK_EQ_INT(lsc_fingerprint_encode(NULL, 0, &len, fp, &err), 0);
    CHECK(len > 0 && len <= LSC_FINGERPRINT_MAX_BYTES);
    CHECK_EQ_INT(lsc_fingerprint_encode(buf, len - 1, &len2, fp, &err),
                 LSC_ERANGE);
    CHECK_EQ_INT(len2, len);   /* the size needed, to retry with */
    CHECK_EQ_INT(lsc_fingerprint_encode(buf, sizeof buf, &len2, fp, &err), 0);
    CHECK_EQ_INT(len2, len);
    CHECK(memcmp(buf, "LSFP\x01", 5) == 0);
    CHECK_EQ_INT(lsc_fingerprint_decode(&back, buf, len, &err), 0);
    CHECK(back && same_fp(fp, back));
    CHECK(back && lsc_fingerprint_similarity(fp, back) == 1.0);
    /* a decoded one encodes to the same bytes */
    if (back) {
        unsigned char again[LSC_FINGERPRINT_MAX_BYTES];
        size_t l3 = 0;
        CHECK_EQ_INT(lsc_fingerprint_encode(again, sizeof again, &l3, back,
                                            NULL), 0);
        CHECK(l3 == len && memcmp(again, buf, len) == 0);
    }
    lsc_fingerprint_free(back);
    lsc_fingerprint_free(NULL);
    teardown();
}

TEST(every_truncation_and_extension_is_corrupt)
{
    lsc_fingerprint *fp, *back;
    unsigned char buf[LSC_FINGERPRINT_MAX_BYTES + 1];
    size_t len = 0, cut;
    int bad = 0;
    setup();
    fp = big_fp();
    lsc_fingerprint_encode(buf, sizeof buf, &len, fp, NULL);
    for (cut = 0; cut < len; cut++) {
        back = NULL;
        if (lsc_fingerprint_decode(&back, buf, cut, NULL) != LSC_ECORRUPT ||
            back != NULL)
            bad++;
        lsc_fingerprint_free(back);
    }
    buf[len] = 0;
    back = NULL;
    if (lsc_fingerprint_decode(&back, buf, len + 1, NULL) != LSC_ECORRUPT)
        bad++;
    lsc_fingerprint_free(back);
    CHECK_EQ_INT(bad, 0);
    teardown();
}

TEST(every_bit_flip_is_corrupt)
{
    lsc_fingerprint *fp, *back;
    unsigned char buf[LSC_FINGERPRINT_MAX_BYTES];
    size_t len = 0, i;
    int bit, bad = 0;
    lsc_error err;
    setup();
    fp = big_fp();
    lsc_fingerprint_encode(buf, sizeof buf, &len, fp, NULL);
    for (i = 0; i < len; i++) {
        for (bit = 0; bit < 8; bit++) {
            buf[i] ^= (unsigned char)(1u << bit);
            back = NULL;
            if (lsc_fingerprint_decode(&back, buf, len, &err) != LSC_ECORRUPT)
                bad++;
            lsc_fingerprint_free(back);
            buf[i] ^= (unsigned char)(1u << bit);
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(lsc_fingerprint_decode(&back, buf, len, NULL), 0);
    lsc_fingerprint_free(back);
    teardown();
}

/* Rewrites the checksum so that only the structure checks can refuse. */
static void fix_crc(unsigned char *b, size_t len)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i + 4 < len; i++) {
        c ^= b[i];
        for (k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    c ^= 0xffffffffu;
    b[len - 4] = (unsigned char)c;
    b[len - 3] = (unsigned char)(c >> 8);
    b[len - 2] = (unsigned char)(c >> 16);
    b[len - 1] = (unsigned char)(c >> 24);
}

TEST(structure_is_checked_behind_a_valid_checksum)
{
    lsc_fingerprint *fp, *back = NULL;
    unsigned char buf[LSC_FINGERPRINT_MAX_BYTES], t[LSC_FINGERPRINT_MAX_BYTES];
    size_t len = 0, i;
    unsigned x = 12345;
    int bad = 0, accepted = 0;
    setup();
    fp = big_fp();
    lsc_fingerprint_encode(buf, sizeof buf, &len, fp, NULL);
    memcpy(t, buf, len);
    t[4] = 2; /* a future version */
    fix_crc(t, len);
    CHECK_EQ_INT(lsc_fingerprint_decode(&back, t, len, NULL), LSC_EVERSION);
    memcpy(t, buf, len);
    t[5] = 1; /* unknown flags */
    fix_crc(t, len);
    CHECK_EQ_INT(lsc_fingerprint_decode(&back, t, len, NULL), LSC_ECORRUPT);
    /* random byte changes with a valid checksum: refused or a valid
     * fingerprint, never a crash (ASan watches) */
    for (i = 0; i < 20000; i++) {
        size_t pos;
        int rc;
        memcpy(t, buf, len);
        x = x * 1103515245u + 12345u;
        pos = 5 + (x >> 8) % (len - 9);
        t[pos] = (unsigned char)(x >> 24);
        fix_crc(t, len);
        back = NULL;
        rc = lsc_fingerprint_decode(&back, t, len, NULL);
        if (rc == 0)
            accepted++;
        else if (rc != LSC_ECORRUPT && rc != LSC_EVERSION)
            bad++;
        if ((rc == 0) != (back != NULL))
            bad++;
        lsc_fingerprint_free(back);
    }
    printf("# %d of 20000 checksum-valid edits still well-formed\n", accepted);
    CHECK_EQ_INT(bad, 0);
    /* random garbage */
    for (i = 0; i < 2000; i++) {
        size_t n = (x >> 4) % 700, j;
        for (j = 0; j < n; j++) {
            x = x * 1103515245u + 12345u;
            t[j] = (unsigned char)(x >> 16);
        }
        if (i % 2 && n > 8)
            memcpy(t, "LSFP\x01\x00\x80\x00", 8);
        back = NULL;
        if (lsc_fingerprint_decode(&back, t, n, NULL) != LSC_ECORRUPT)
            bad++;
        lsc_fingerprint_free(back);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(lsc_fingerprint_decode(NULL, buf, len, NULL), LSC_EINVAL);
    CHECK_EQ_INT(lsc_fingerprint_decode(&back, NULL, 10, NULL), LSC_EINVAL);
    teardown();
}

TEST(largest_fingerprint_fits_the_bound)
{
    lsc__buf b;
    size_t i, len = 0;
    lsc_fingerprint *fp, *back = NULL;
    unsigned char *buf;
    setup();
    lsc__buf_init(&b, &t_ar);
    for (i = 0; i < LSC_FINGERPRINT_MAX_DOMAINS; i++) {
        char d[LSC__FP_MAX_DOMAIN_LEN + 2];
        memset(d, 'a', LSC__FP_MAX_DOMAIN_LEN);
        snprintf(d + LSC__FP_MAX_DOMAIN_LEN - 4, 5, "%04zu", i);
        if (i)
            lsc__buf_putc(&b, ',');
        lsc__buf_append(&b, d, LSC__FP_MAX_DOMAIN_LEN);
    }
    fp = t_fp(&t_ar, t_letter(&t_ar, 9, 5000), lsc__buf_finish(&b), 1);
    CHECK(fp && fp->n_domains == LSC_FINGERPRINT_MAX_DOMAINS);
    CHECK(fp && fp->n_chunks == LSC__FP_MAX_CHUNKS);
    CHECK_EQ_INT(lsc_fingerprint_encode(NULL, 0, &len, fp, NULL), 0);
    CHECK(len <= LSC_FINGERPRINT_MAX_BYTES);
    buf = malloc(len);
    CHECK_EQ_INT(lsc_fingerprint_encode(buf, len, &len, fp, NULL), 0);
    CHECK_EQ_INT(lsc_fingerprint_decode(&back, buf, len, NULL), 0);
    CHECK(back && same_fp(fp, back));
    lsc_fingerprint_free(back);
    free(buf);
    teardown();
}

TEST(every_scored_result_has_a_fingerprint)
{
    lsc_engine *e = NULL;
    lsc_result *r = NULL;
    const char *msg = "From: a@example.com\r\nTo: b@example.org\r\n"
                      "Subject: hello\r\n\r\nHello there, how are you?\r\n";
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    r = t_score(e, msg);
    CHECK(r != NULL);
    CHECK(lsc_result_fingerprint(r) != NULL);
    CHECK(lsc_result_fingerprint(NULL) == NULL);
    lsc_result_free(r);
    CHECK_EQ_INT(lsc_parse(&r, e, msg, strlen(msg), NULL), 0);
    CHECK(lsc_result_fingerprint(r) == NULL);
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(no_fingerprint_flag_skips_it_and_changes_nothing_else)
{
    lsc_engine *e = NULL;
    lsc_result *a = NULL, *b = NULL;
    lsc_history *h = NULL;
    lsc_score_options so;
    lsc_error err;
    char *ja = NULL, *jb = NULL;
    size_t la, lb;
    const char *msg = "From: a@example.com\r\nTo: b@example.org\r\n"
                      "Subject: FREE offer!!!\r\n\r\nBuy now, limited time, "
                      "100% free, click here!!!\r\n";
    CHECK_EQ_INT(lsc_engine_new(&e, NULL, NULL), 0);
    lsc_score_options_init(&so);
    so.now = 1700000000;
    CHECK_EQ_INT(lsc_score(&a, e, msg, strlen(msg), &so, NULL), 0);
    so.flags = LSC_SCORE_NO_FINGERPRINT;
    CHECK_EQ_INT(lsc_score(&b, e, msg, strlen(msg), &so, NULL), 0);
    CHECK(lsc_result_fingerprint(a) != NULL);
    CHECK(lsc_result_fingerprint(b) == NULL);
    CHECK(lsc_result_hit_count(b) > 0);
    CHECK_EQ_INT(lsc_result_json(&ja, &la, a, LSC_JSON_PARTS, NULL), 0);
    CHECK_EQ_INT(lsc_result_json(&jb, &lb, b, LSC_JSON_PARTS, NULL), 0);
    CHECK(ja && jb && strcmp(ja, jb) == 0);
    lsc_string_free(ja);
    lsc_string_free(jb);
    lsc_result_free(b);
    b = NULL;
    /* a history needs the fingerprint: the flag is ignored then */
    CHECK_EQ_INT(lsc_history_open(&h, NULL, NULL, NULL), 0);
    so.history = h;
    CHECK_EQ_INT(lsc_score(&b, e, msg, strlen(msg), &so, NULL), 0);
    CHECK(lsc_result_fingerprint(b) != NULL);
    lsc_result_free(b);
    b = NULL;
    /* bits this library does not know are refused, not ignored */
    so.history = NULL;
    so.flags = 0x80;
    CHECK_EQ_INT(lsc_score(&b, e, msg, strlen(msg), &so, &err), LSC_EINVAL);
    CHECK(b == NULL && strstr(err.message, "flags") != NULL);
    lsc_history_close(h);
    lsc_result_free(a);
    lsc_engine_free(e);
}

int main(void)
{
    RUN(identical_text_is_identical_and_disjoint_is_not);
    RUN(one_changed_name_keeps_a_letter_similar);
    RUN(minhash_estimates_jaccard_of_the_shingle_sets);
    RUN(similarity_is_exact_for_short_and_close_for_long_messages);
    RUN(empty_and_short_texts);
    RUN(domains_are_lowered_sorted_unique_and_capped_at_the_limit);
    RUN(word_and_chunk_limits);
    RUN(encode_decode_round_trip);
    RUN(every_truncation_and_extension_is_corrupt);
    RUN(every_bit_flip_is_corrupt);
    RUN(structure_is_checked_behind_a_valid_checksum);
    RUN(largest_fingerprint_fits_the_bound);
    RUN(every_scored_result_has_a_fingerprint);
    RUN(no_fingerprint_flag_skips_it_and_changes_nothing_else);
    return TEST_DONE();
}
