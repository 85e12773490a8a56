/*
 * test_score.c - score.c: points = weight x strength, group caps shared out
 * in proportion, worst first, risk 0..100 rising with the points, levels
 * in order.  Hits are made by hand on a real result so that the score is
 * tested apart from what the rules find.
 */
#include <math.h>

#include "test.h"
#include "core/pipeline.h"
#include "core/result.h"

static lsc_engine *eng(void)
{
    lsc_engine *e = NULL;
    if (lsc_engine_new(&e, NULL, NULL) != 0)
        printf("#   engine failed\n");
    return e;
}

/* A result with no hits, ready for hand-made ones. */
static lsc_result *blank(const lsc_engine *e)
{
    lsc_result *r = t_score(e, "Subject: hi\r\n\r\nHello.\r\n");
    if (r)
        r->hits.n = 0;
    return r;
}

static void add(lsc_result *r, const char *id, const char *group,
                double weight, double strength)
{
    lsc__hit *h = lsc__arena_zalloc(&r->ar, sizeof *h);
    lsc__hit **slot = lsc__vec_push(&r->hits, &r->ar);
    if (!h || !slot) {
        printf("#   out of memory\n");
        return;
    }
    h->pub.id = id;
    h->pub.group = group;
    h->pub.weight = weight;
    h->pub.strength = strength;
    lsc__vec_init(&h->evidence, sizeof(lsc_evidence));
    *slot = h;
}

static int rescore(const lsc_engine *e, lsc_result *r)
{
    lsc__ctx c;
    memset(&c, 0, sizeof c);
    c.eng = e;
    c.ar = &r->ar;
    c.res = r;
    c.msg = r->msg;
    return lsc__score_run(&c);
}

static const lsc_hit *find(const lsc_result *r, const char *id)
{
    return lsc_result_find_hit(r, id);
}

TEST(points_are_weight_times_strength)
{
    lsc_engine *e = eng();
    lsc_result *r = e ? blank(e) : NULL;
    CHECK(r != NULL);
    if (r) {
        add(r, "A", "wording", 2.0, 0.5);
        add(r, "B", "links", 1.5, 1.0);
        CHECK_EQ_INT(rescore(e, r), 0);
        CHECK(fabs(find(r, "A")->points - 1.0) < 1e-9);
        CHECK(fabs(find(r, "B")->points - 1.5) < 1e-9);
        CHECK(fabs(lsc_result_points(r) - 2.5) < 1e-9);
    }
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(group_cap_shares_out_in_proportion)
{
    lsc_engine *e = eng();
    lsc_result *r = e ? blank(e) : NULL;
    double cap = lsc_engine_group_cap(e, "wording");
    CHECK(cap > 0);
    if (r && cap > 0) {
        /* 3 + 1 times the cap: the group earns exactly the cap, 3:1. */
        add(r, "W1", "wording", 3 * cap, 1.0);
        add(r, "W2", "wording", cap, 1.0);
        add(r, "L1", "links", 1.0, 1.0);
        CHECK_EQ_INT(rescore(e, r), 0);
        CHECK(fabs(find(r, "W1")->points - 0.75 * cap) < 1e-9);
        CHECK(fabs(find(r, "W2")->points - 0.25 * cap) < 1e-9);
        CHECK(fabs(find(r, "L1")->points - 1.0) < 1e-9);
        CHECK(fabs(lsc_result_points(r) - (cap + 1.0)) < 1e-9);
    }
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(unknown_group_is_not_capped_and_bad_weights_add_nothing)
{
    lsc_engine *e = eng();
    lsc_result *r = e ? blank(e) : NULL;
    if (r) {
        add(r, "U", "no-such-group", 1000.0, 1.0);
        add(r, "N", "links", -5.0, 1.0);
        add(r, "X", "links", NAN, 1.0);
        CHECK_EQ_INT(rescore(e, r), 0);
        CHECK(fabs(find(r, "U")->points - 1000.0) < 1e-9);
        CHECK(find(r, "N")->points == 0.0);
        CHECK(find(r, "X")->points == 0.0);
        CHECK(fabs(lsc_result_points(r) - 1000.0) < 1e-9);
        CHECK_EQ_INT(lsc_result_risk(r), 100);
        CHECK_EQ_INT(lsc_result_level(r), LSC_LEVEL_HIGH);
    }
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(hits_sorted_worst_first_ties_by_id)
{
    lsc_engine *e = eng();
    lsc_result *r = e ? blank(e) : NULL;
    if (r) {
        add(r, "SMALL", "links", 0.5, 1.0);
        add(r, "BIG", "html", 2.0, 1.0);
        add(r, "TIE_B", "construction", 1.0, 1.0);
        add(r, "TIE_A", "recipients", 1.0, 1.0);
        CHECK_EQ_INT(rescore(e, r), 0);
        CHECK_EQ_INT(lsc_result_hit_count(r), 4);
        CHECK_STR(lsc_result_hit(r, 0)->id, "BIG");
        CHECK_STR(lsc_result_hit(r, 1)->id, "TIE_A");
        CHECK_STR(lsc_result_hit(r, 2)->id, "TIE_B");
        CHECK_STR(lsc_result_hit(r, 3)->id, "SMALL");
    }
    lsc_result_free(r);
    lsc_engine_free(e);
}

TEST(risk_rises_with_points_and_levels_follow)
{
    lsc_engine *e = eng();
    lsc_result *r = e ? blank(e) : NULL;
    int prev_risk = -1, saw[3] = { 0, 0, 0 }, ok = 1;
    lsc_level prev_level = LSC_LEVEL_LOW;
    double p;
    if (!r) {
        lsc_engine_free(e);
        return;
    }
    CHECK_EQ_INT(rescore(e, r), 0);
    CHECK_EQ_INT(lsc_result_risk(r), 0);
    CHECK_EQ_INT(lsc_result_level(r), LSC_LEVEL_LOW);
    for (p = 0.0; p <= 40.0; p += 0.25) {
        r->hits.n = 0;
        add(r, "P", "no-such-group", p, 1.0);
        if (rescore(e, r) != 0)
            ok = 0;
        if (lsc_result_risk(r) < prev_risk || lsc_result_risk(r) > 100 ||
            lsc_result_level(r) < prev_level)
            ok = 0;
        prev_risk = lsc_result_risk(r);
        prev_level = lsc_result_level(r);
        saw[lsc_result_level(r)] = 1;
    }
    CHECK(ok);
    CHECK(saw[0] && saw[1] && saw[2]);
    CHECK(prev_risk >= 99);
    lsc_result_free(r);
    lsc_engine_free(e);
}

int main(void)
{
    RUN(points_are_weight_times_strength);
    RUN(group_cap_shares_out_in_proportion);
    RUN(unknown_group_is_not_capped_and_bad_weights_add_nothing);
    RUN(hits_sorted_worst_first_ties_by_id);
    RUN(risk_rises_with_points_and_levels_follow);
    return TEST_DONE();
}
