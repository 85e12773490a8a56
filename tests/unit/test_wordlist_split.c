/*
 * test_wordlist_split.c - the embedded lists split at build time
 * (tools/wlsplit.c, text/wordlist_read.c): an engine of this build uses
 * that split, it is byte for byte what this library's text stage writes
 * now, and the lists compiled from it are the lists compiled from the
 * text (the same words, trie, links and weights); the split format's own
 * reading (commas, limits, errors on the same line).
 */
#include "test.h"
#include "base/engine.h"
#include "text/wordlist_embed.h"
#include "text/wordlist_int.h"

static lsc_engine *eng;

TEST(an_engine_uses_the_build_time_split)
{
    CHECK(eng->words != NULL);
    CHECK_EQ_INT(eng->words->presplit, 1);
    CHECK_EQ_INT(lsc__embedded_split_count, lsc__embedded_list_count);
}

TEST(the_build_time_split_is_the_split_of_now)
{
    size_t i;
    for (i = 0; i < lsc__embedded_list_count; i++) {
        char *out = NULL;
        size_t n = 0;
        lsc_error err;
        CHECK_EQ_INT(lsc__wordlist_presplit(eng, lsc__embedded_lists[i].data,
                                            lsc__embedded_lists[i].len, &out,
                                            &n, &err), 0);
        CHECK_STR(lsc__embedded_splits[i].name, lsc__embedded_lists[i].name);
        CHECK_EQ_INT(n, lsc__embedded_splits[i].len);
        CHECK(out && memcmp(out, lsc__embedded_splits[i].data, n) == 0);
        free(out);
    }
}

TEST(lists_from_the_split_are_lists_from_the_text)
{
    const lsc__wordlists *a = eng->words;
    lsc__wordlists *b = NULL;
    lsc__wl_source *src = calloc(lsc__embedded_list_count, sizeof *src);
    lsc_error err;
    size_t i;
    CHECK(src != NULL);
    if (!src)
        return;
    for (i = 0; i < lsc__embedded_list_count; i++) {
        src[i].name = lsc__embedded_lists[i].name;
        src[i].data = lsc__embedded_lists[i].data;
        src[i].len = lsc__embedded_lists[i].len;
    }
    CHECK_EQ_INT(lsc__wordlists_compile(&b, eng, src, lsc__embedded_list_count,
                                        NULL, LSC_WORDLISTS_EXTEND, &err), 0);
    free(src);
    if (!b)
        return;
    CHECK_EQ_INT(b->presplit, 0);
    CHECK_EQ_INT(a->n_words, b->n_words);
    CHECK_EQ_INT(a->n_nodes, b->n_nodes);
    CHECK_EQ_INT(a->n_outs, b->n_outs);
    CHECK_EQ_INT(a->n_phrases, b->n_phrases);
    CHECK_EQ_INT(a->n_langs, b->n_langs);
    if (a->n_words == b->n_words)
        for (i = 0; i < a->n_words; i++)
            CHECK(a->w_len[i] == b->w_len[i] &&
                  memcmp(a->pool + a->w_off[i], b->pool + b->w_off[i],
                         a->w_len[i]) == 0);
    if (a->n_nodes == b->n_nodes)
        for (i = 0; i < a->n_nodes; i++)
            CHECK(memcmp(&a->nodes[i], &b->nodes[i], sizeof a->nodes[i]) == 0 &&
                  a->comma_ok[i] == b->comma_ok[i]);
    CHECK_EQ_INT(a->n_trans, b->n_trans);
    if (a->n_trans == b->n_trans)
        for (i = 0; i < a->n_trans; i++)
            CHECK(a->kid[i].id == b->kid[i].id && a->kid[i].child == b->kid[i].child);
    if (a->n_outs == b->n_outs)
        for (i = 1; i < a->n_outs; i++)
            CHECK(a->outs[i].cat == b->outs[i].cat &&
                  a->outs[i].lang == b->outs[i].lang &&
                  a->outs[i].weight == b->outs[i].weight);
    for (i = 0; i < a->n_langs && i < b->n_langs; i++)
        CHECK_STR(a->langs[i], b->langs[i]);
    lsc__wordlists_destroy(b);
}

TEST(the_split_format)
{
    char *out = NULL;
    size_t n = 0;
    lsc_error err;
    /* a comma between words kept apart, the weight as written, comments
     * and blank lines as empty lines: one line out per line in */
    static const char list[] = "# note\nMadame, Monsieur | 2\n\nSPECIAL offer\t1.5\n";
    CHECK_EQ_INT(lsc__wordlist_presplit(eng, list, sizeof list - 1, &out, &n,
                                        &err), 0);
    CHECK_STR(out, "\nmadame\x1emonsieur | 2\n\nspecial\x1foffer\t1.5\n");
    free(out);
    /* a phrase of punctuation only is the error it is at run time */
    CHECK(lsc__wordlist_presplit(eng, "ok\n!!!\n", 7, &out, &n, &err) != 0);
    CHECK_EQ_INT(err.line, 2);
    /* so is a line that is not UTF-8, said with its line */
    memset(&err, 0, sizeof err);
    CHECK(lsc__wordlist_presplit(eng, "ok\nfine\n\xff\xfe\n", 11, &out, &n,
                                 &err) != 0);
    CHECK_EQ_INT(err.line, 3);
}

int main(void)
{
    if (lsc_engine_new(&eng, NULL, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    RUN(an_engine_uses_the_build_time_split);
    RUN(the_build_time_split_is_the_split_of_now);
    RUN(lists_from_the_split_are_lists_from_the_text);
    RUN(the_split_format);
    lsc_engine_free(eng);
    return TEST_DONE();
}
