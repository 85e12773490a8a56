/*
 * test_wordlist.c - phrase lists: compiling (embedded, from a directory,
 * EXTEND and REPLACE), errors with file and line, the limits at their
 * value, and matching (overlaps, punctuation, obfuscated words, CJK).
 */
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "base/internal.h"
#include "text/wordlist.h"

static lsc__alloc al;
static lsc_engine *eng;   /* its text stage splits phrases and mail */

/* ---- words made by the text stage ---- */

typedef struct wordv {
    lsc__word *w;
    size_t n;
} wordv;

static lsc__arena words_ar;   /* every test's words, freed at the end */

static void words_of(wordv *v, const char *s)
{
    lsc__text_scratch *sc = NULL;
    lsc__text t;
    size_t budget = 100000;
    int limited = 0;
    v->n = 0;
    v->w = NULL;
    CHECK(lsc__text_scratch_new(&sc, eng) == 0);
    if (!sc)
        return;
    CHECK(lsc__text_split(sc, &words_ar, s, strlen(s), &t, &budget, &limited,
                          0) == 0);
    lsc__text_scratch_free(sc);
    v->w = t.words;
    v->n = t.n_words;
}

typedef struct hits {
    lsc__phrase_match m[64];
    size_t n;
} hits;

static int on_hit(void *ud, const lsc__phrase_match *m)
{
    hits *h = ud;
    if (h->n < 64)
        h->m[h->n++] = *m;
    return 0;
}

static int has(const hits *h, unsigned cat, size_t first, size_t last)
{
    size_t i;
    for (i = 0; i < h->n; i++)
        if (h->m[i].category == cat && h->m[i].first == first &&
            h->m[i].last == last)
            return 1;
    return 0;
}

static lsc__wordlists *compile1(const char *name, const char *data,
                                lsc_error *err)
{
    lsc__wordlists *wl = NULL;
    lsc__wl_source s;
    s.name = name;
    s.data = data;
    s.len = strlen(data);
    memset(err, 0, sizeof *err);
    lsc__wordlists_compile(&wl, eng, &s, 1, NULL, LSC_WORDLISTS_EXTEND, err);
    return wl;
}

/* ---- tests ---- */

TEST(embedded_lists_compile)
{
    static const char *const langs[] = { "en", "zh-Hans", "zh-Hant", "es",
        "pt", "fr", "de", "ru", "ar", "ja", "ko", "it", "tr", "nl" };
    lsc_engine *e = NULL;
    lsc_error err;
    size_t i;
    CHECK(lsc_engine_new(&e, NULL, &err) == 0);
    if (!e)
        return;
    for (i = 0; i < LSC__COUNT(langs); i++) {
        size_t l, found = 0;
        for (l = 0; l < lsc__wordlist_lang_count(e->words); l++)
            if (strcmp(lsc__wordlist_lang_name(e->words, (unsigned)l),
                       langs[i]) == 0) {
                found = 1;
                printf("#   %s: %zu phrases\n", langs[i],
                       lsc__wordlist_phrase_count(e->words, (int)l, -1));
                /* every language has every category */
                {
                    int cat;
                    for (cat = 0; cat < LSC__WL_NCAT; cat++)
                        if (lsc__wordlist_phrase_count(e->words, (int)l,
                                                       cat) == 0) {
                            printf("#   %s has no %s phrases\n", langs[i],
                                   lsc__wordlist_category_name(
                                       (unsigned)cat));
                            CHECK(0);
                        }
                }
            }
        CHECK(found);
    }
    CHECK(lsc__wordlist_phrase_count(e->words, -1, LSC__WL_PROMO) > 100);
    lsc_engine_free(e);
}

TEST(format_weights_and_comments)
{
    lsc_error err;
    lsc__wordlists *wl = compile1("en/urgency.txt",
        "# a comment\n"
        "\n"
        "act now\t2.5\n"
        "  last chance | 1.5  \r\n"
        "hurry\n"
        "act now today\n"
        "#1 rated\n"      /* '#' first: a comment */
        "number 1 rated\n", &err);
    static wordv v;
    hits h;
    size_t i;
    CHECK(wl != NULL);
    if (!wl)
        return;
    CHECK_EQ_INT(lsc__wordlist_phrase_count(wl, -1, -1), 5);
    words_of(&v, "Hurry: ACT NOW today, it's your last chance! Number 1 rated");
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, NULL, 0, on_hit, &h) == 0);
    CHECK(has(&h, LSC__WL_URGENCY, 0, 0));      /* hurry */
    CHECK(has(&h, LSC__WL_URGENCY, 1, 2));      /* act now */
    CHECK(has(&h, LSC__WL_URGENCY, 1, 3));      /* act now today */
    CHECK(has(&h, LSC__WL_URGENCY, 6, 7));      /* last chance */
    CHECK(has(&h, LSC__WL_URGENCY, 8, 10));     /* number 1 rated */
    for (i = 0; i < h.n; i++) {
        if (h.m[i].first == 1 && h.m[i].last == 2)
            CHECK(h.m[i].weight == 2.5);
        if (h.m[i].first == 0)   /* one word: the lower default */
            CHECK(h.m[i].weight == LSC__WL_DEFAULT_WEIGHT_WORD);
        if (h.m[i].first == 1 && h.m[i].last == 3)
            CHECK(h.m[i].weight == LSC__WL_DEFAULT_WEIGHT_PHRASE);
    }
    CHECK_EQ_INT(h.n, 5);
    lsc__wordlists_destroy(wl);
}

TEST(overlapping_phrases)
{
    lsc_error err;
    lsc__wl_source s[2];
    lsc__wordlists *wl = NULL;
    static wordv v;
    hits h;
    s[0].name = "en/guarantee.txt";
    s[0].data = "100% guaranteed\nguaranteed\nmoney back guarantee\n"
                "back guarantee today\n";
    s[0].len = strlen(s[0].data);
    s[1].name = "en/money.txt";
    s[1].data = "money back\nmoney\n";
    s[1].len = strlen(s[1].data);
    CHECK(lsc__wordlists_compile(&wl, eng, s, 2, NULL, LSC_WORDLISTS_EXTEND,
                                 &err) == 0);
    if (!wl)
        return;
    words_of(&v, "It is 100% guaranteed: money back guarantee today");
    /* it is 100 guaranteed money back guarantee today
       0  1  2   3          4     5    6         7 */
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, NULL, 0, on_hit, &h) == 0);
    CHECK(has(&h, LSC__WL_GUARANTEE, 2, 3));
    CHECK(has(&h, LSC__WL_GUARANTEE, 3, 3));
    CHECK(has(&h, LSC__WL_GUARANTEE, 4, 6));
    CHECK(has(&h, LSC__WL_GUARANTEE, 5, 7));
    CHECK(has(&h, LSC__WL_MONEY, 4, 5));
    CHECK(has(&h, LSC__WL_MONEY, 4, 4));
    CHECK_EQ_INT(h.n, 6);
    lsc__wordlists_destroy(wl);
}

TEST(punctuation_obfuscation_and_unknown_words)
{
    lsc_error err;
    lsc__wordlists *wl = compile1("en/promo.txt", "free gift\n", &err);
    lsc__word w[4];
    hits h;
    memset(w, 0, sizeof w);
    CHECK(wl != NULL);
    if (!wl)
        return;
    /* "F.R.E.E !!! g1ft": the text stage gives the normalized forms */
    w[0].start = 0; w[0].end = 7; w[0].norm = "free"; w[0].norm_len = 4;
    w[0].flags = LSC__W_LETTERS | LSC__W_OBFUSCATED | LSC__W_UPPER;
    w[1].start = 8; w[1].end = 11; w[1].norm = "!!!"; w[1].norm_len = 3;
    w[1].flags = 0;   /* punctuation is skipped */
    w[2].start = 12; w[2].end = 16; w[2].norm = "gift"; w[2].norm_len = 4;
    w[2].flags = LSC__W_LETTERS | LSC__W_OBFUSCATED;
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, w, 3, NULL, 0, on_hit, &h) == 0);
    CHECK(has(&h, LSC__WL_PROMO, 0, 2));
    /* a word not in any list breaks the phrase */
    w[1].norm = "big"; w[1].norm_len = 3; w[1].flags = LSC__W_LETTERS;
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, w, 3, NULL, 0, on_hit, &h) == 0);
    CHECK_EQ_INT(h.n, 0);
    CHECK(lsc__wordlist_word_id(wl, "gift", 4) != 0);
    CHECK(lsc__wordlist_word_id(wl, "big", 3) == 0);
    CHECK(lsc__wordlist_match(NULL, w, 3, NULL, 0, on_hit, &h) == 0);
    lsc__wordlists_destroy(wl);
}

TEST(sentence_punctuation_breaks_a_phrase)
{
    lsc_error err;
    lsc__wordlists *wl = compile1("en/urgency.txt",
        "today only\nnow or never\ndear sir madam\nlimited time\n", &err);
    const char *text = "Open today, only 5 left. Now or never!\n"
                       "Dear Sir/Madam: limited\n  time. Limited\n\ntime";
    static wordv v;
    hits h;
    CHECK(wl != NULL);
    if (!wl)
        return;
    words_of(&v, text);
    /* open today only 5 left now or never dear sir madam limited time
       0    1     2    3 4    5   6  7     8    9   10    11      12
       limited time
       13      14 */
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, text, strlen(text), on_hit,
                              &h) == 0);
    CHECK(!has(&h, LSC__WL_URGENCY, 1, 2));   /* "today, only" */
    CHECK(has(&h, LSC__WL_URGENCY, 5, 7));
    CHECK(has(&h, LSC__WL_URGENCY, 8, 10));   /* '/' is not a break */
    /* a line break is a break too ("factory" / "Price list" on two
       lines are not "factory price"; issue 18) */
    CHECK(!has(&h, LSC__WL_URGENCY, 11, 12));
    CHECK(!has(&h, LSC__WL_URGENCY, 13, 14)); /* a blank line is */
    CHECK_EQ_INT(h.n, 2);
    /* without the text, words alone decide */
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, NULL, 0, on_hit, &h) == 0);
    CHECK_EQ_INT(h.n, 5);
    lsc__wordlists_destroy(wl);
}

TEST(cjk_phrases_use_the_same_segmentation)
{
    lsc_error err;
    lsc__wl_source s[2];
    lsc__wordlists *wl = NULL;
    static wordv v;
    hits h;
    size_t i, found = 0;
    const char *text = "尊敬的客户，您好！我们的产品限时优惠。";
    s[0].name = "zh-Hans/greeting.txt";
    s[0].data = "尊敬的客户\n";
    s[0].len = strlen(s[0].data);
    s[1].name = "zh-Hans/urgency.txt";
    s[1].data = "限时优惠\n";
    s[1].len = strlen(s[1].data);
    CHECK(lsc__wordlists_compile(&wl, eng, s, 2, NULL, LSC_WORDLISTS_EXTEND,
                                 &err) == 0);
    if (!wl)
        return;
    words_of(&v, text);
    CHECK(v.n >= 6);
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, NULL, 0, on_hit, &h) == 0);
    for (i = 0; i < h.n; i++) {
        size_t a = v.w[h.m[i].first].start, b = v.w[h.m[i].last].end;
        if (h.m[i].category == LSC__WL_GREETING) {
            CHECK(b - a == strlen("尊敬的客户"));
            CHECK(memcmp(text + a, "尊敬的客户", b - a) == 0);
            found |= 1;
        }
        if (h.m[i].category == LSC__WL_URGENCY) {
            CHECK(memcmp(text + a, "限时优惠", b - a) == 0);
            found |= 2;
        }
    }
    CHECK_EQ_INT(found, 3);
    lsc__wordlists_destroy(wl);
}

TEST(full_width_and_case_are_folded)
{
    lsc_error err;
    lsc__wordlists *wl = compile1("de/promo.txt", "Großes Angebot\n", &err);
    static wordv v;
    hits h;
    CHECK(wl != NULL);
    if (!wl)
        return;
    words_of(&v, "GROSSES ANGEBOT");
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, NULL, 0, on_hit, &h) == 0);
    CHECK_EQ_INT(h.n, 1);
    words_of(&v, "ｇｒｏßｅｓ　ａｎｇｅｂｏｔ");
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, NULL, 0, on_hit, &h) == 0);
    CHECK_EQ_INT(h.n, 1);
    lsc__wordlists_destroy(wl);
}

/* Matches of wl in text (words split as the mail's are). */
static size_t matches_in(const lsc__wordlists *wl, const char *text)
{
    static wordv v;
    hits h;
    words_of(&v, text);
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, text, strlen(text), on_hit,
                              &h) == 0);
    return h.n;
}

/* Turkish upper case: İ folds to i + U+0307 and I to i, ı stays dotless;
 * list words and mail words meet all the same (issue 18). */
TEST(turkish_dotted_capital_i_is_folded)
{
    lsc_error err;
    lsc__wordlists *wl = compile1("tr/promo.txt",
                                  "indirim\nkaçırmayın\n", &err);
    CHECK(wl != NULL);
    if (!wl)
        return;
    CHECK_EQ_INT(matches_in(wl, "BÜYÜK İNDİRİM KAÇIRMAYIN"), 2);
    CHECK_EQ_INT(matches_in(wl, "indirim kaçırmayın"), 2);
    CHECK_EQ_INT(matches_in(wl, "INDIRIMLER"), 0);   /* another word */
    lsc__wordlists_destroy(wl);
}

/* A comma ends a phrase unless the list wrote one there: "Madame,
 * Monsieur" is one greeting, "today, only" two thoughts (issue 18). */
TEST(a_comma_the_list_wrote_is_spanned)
{
    lsc_error err;
    lsc__wordlists *wl = compile1("fr/greeting.txt",
                                  "madame, monsieur\ntoday only\n", &err);
    CHECK(wl != NULL);
    if (!wl)
        return;
    CHECK_EQ_INT(matches_in(wl, "Madame, Monsieur,"), 1);
    CHECK_EQ_INT(matches_in(wl, "today, only"), 0);
    CHECK_EQ_INT(matches_in(wl, "Madame,, Monsieur"), 0);  /* two commas */
    CHECK_EQ_INT(matches_in(wl, "Madame\nMonsieur"), 0);   /* a line break */
    lsc__wordlists_destroy(wl);
}

static void expect_error(const char *name, const char *data, int line,
                         const char *needle)
{
    lsc_error err;
    lsc__wordlists *wl = compile1(name, data, &err);
    CHECK(wl == NULL);
    lsc__wordlists_destroy(wl);
    CHECK_EQ_INT(err.code, LSC_ECONFIG);
    CHECK_EQ_INT(err.line, line);
    CHECK(strstr(err.source, name) != NULL);
    if (needle && !strstr(err.message, needle)) {
        printf("#   message \"%s\" lacks \"%s\"\n", err.message, needle);
        CHECK(0);
    }
}

TEST(bad_lists_name_file_and_line)
{
    expect_error("en/promo.txt", "ok\n\nfine deal\tlots\n", 3, "weight");
    expect_error("en/promo.txt", "ok\nfine deal | 9\n", 2, "weight");
    expect_error("en/promo.txt", "ok\nfine deal | -1\n", 2, "weight");
    expect_error("en/promo.txt", "ok\n!!! ???\n", 2, "no words");
    expect_error("en/promo.txt", "ok\nbad \xff\xfe byte\n", 2, "UTF-8");
    expect_error("en/shouting.txt", "ok\n", 0, "unknown category");
    expect_error("english!/promo.txt", "ok\n", 0, "language");
    expect_error("en/promo.csv", "ok\n", 0, ".txt");
}

TEST(limits_at_their_value)
{
    char *buf = malloc(LSC__WL_MAX_FILE_BYTES + 16);
    lsc_error err;
    lsc__wordlists *wl;
    size_t i, n;
    if (!buf)
        return;
    /* words per phrase: 16 is fine, 17 is not */
    n = 0;
    for (i = 0; i < LSC__WL_MAX_PHRASE_WORDS; i++)
        n += (size_t)sprintf(buf + n, "w%zu ", i);
    buf[n++] = '\n';
    buf[n] = '\0';
    wl = compile1("en/promo.txt", buf, &err);
    CHECK(wl != NULL);
    lsc__wordlists_destroy(wl);
    n--;
    n += (size_t)sprintf(buf + n, "extra\n");
    expect_error("en/promo.txt", buf, 1, "at most 16 words");

    /* line length: LSC__WL_MAX_LINE bytes is fine, one more is not */
    memset(buf, 'a', LSC__WL_MAX_LINE);
    buf[LSC__WL_MAX_LINE] = '\n';
    buf[LSC__WL_MAX_LINE + 1] = '\0';
    wl = compile1("en/promo.txt", buf, &err);
    CHECK(wl != NULL);
    lsc__wordlists_destroy(wl);
    memset(buf, 'a', LSC__WL_MAX_LINE + 1);
    buf[LSC__WL_MAX_LINE + 1] = '\n';
    buf[LSC__WL_MAX_LINE + 2] = '\0';
    expect_error("en/promo.txt", buf, 1, "longer than");

    /* file size: exactly the limit is fine (comments), one byte more not */
    for (i = 0; i + 100 <= LSC__WL_MAX_FILE_BYTES; i += 100) {
        memset(buf + i, '#', 99);
        buf[i + 99] = '\n';
    }
    memset(buf + i, '#', LSC__WL_MAX_FILE_BYTES - i);
    buf[LSC__WL_MAX_FILE_BYTES] = '\0';
    wl = compile1("en/promo.txt", buf, &err);
    CHECK(wl != NULL);
    lsc__wordlists_destroy(wl);
    buf[LSC__WL_MAX_FILE_BYTES] = '#';
    buf[LSC__WL_MAX_FILE_BYTES + 1] = '\0';
    expect_error("en/promo.txt", buf, 0, "larger than");
    free(buf);
}

TEST(phrase_count_limit)
{
    size_t per = 10, files = LSC__WL_MAX_PHRASES / 10000, i, j, n;
    lsc__wl_source *s = calloc(files + 1, sizeof *s);
    char *bufs = malloc((files + 1) * 10000 * per);
    lsc__wordlists *wl = NULL;
    lsc_error err;
    if (!s || !bufs) {
        free(s);
        free(bufs);
        return;
    }
    for (i = 0; i <= files; i++) {
        char *b = bufs + i * 10000 * per;
        n = 0;
        for (j = 0; j < (i < files ? 10000u : 1u); j++)
            n += (size_t)sprintf(b + n, "p%zu x%zu\n", i, j);
        s[i].name = "en/promo.txt";
        s[i].data = b;
        s[i].len = n;
    }
    CHECK(lsc__wordlists_compile(&wl, eng, s, files, NULL,
                                 LSC_WORDLISTS_EXTEND, &err) == 0);
    CHECK_EQ_INT(lsc__wordlist_phrase_count(wl, -1, -1), LSC__WL_MAX_PHRASES);
    lsc__wordlists_destroy(wl);
    wl = NULL;
    CHECK(lsc__wordlists_compile(&wl, eng, s, files + 1, NULL,
                                 LSC_WORDLISTS_EXTEND, &err) == LSC_ECONFIG);
    CHECK_EQ_INT(err.line, 1);
    CHECK(wl == NULL);
    free(s);
    free(bufs);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

static int engine_matches(lsc_engine *e, const char *text, unsigned cat)
{
    static wordv v;
    hits h;
    size_t i;
    words_of(&v, text);
    h.n = 0;
    lsc__wordlist_match(e->words, v.w, v.n, NULL, 0, on_hit, &h);
    for (i = 0; i < h.n; i++)
        if (h.m[i].category == cat && h.m[i].first == 0 &&
            h.m[i].last == v.n - 1)
            return 1;
    return 0;
}

TEST(directory_extend_and_replace)
{
    char dir[] = "/tmp/lsc_wl_XXXXXX", path[256];
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_error err;
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    snprintf(path, sizeof path, "%s/en", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/en/urgency.txt", dir);
    write_file(path, "# ours\nzebra stampede sale\t2\nact now\t0\n");
    snprintf(path, sizeof path, "%s/en/README", dir);
    write_file(path, "not a list\n");

    lsc_options_init(&o);
    o.wordlist_dir = dir;
    CHECK(lsc_engine_new(&e, &o, &err) == 0);
    if (e) {
        CHECK(engine_matches(e, "zebra stampede sale", LSC__WL_URGENCY));
        CHECK(engine_matches(e, "last chance", LSC__WL_URGENCY));
        /* weight 0 in the directory switches the embedded phrase off */
        CHECK(!engine_matches(e, "act now", LSC__WL_URGENCY));
        lsc_engine_free(e);
        e = NULL;
    }
    o.wordlist_mode = LSC_WORDLISTS_REPLACE;
    CHECK(lsc_engine_new(&e, &o, &err) == 0);
    if (e) {
        CHECK(engine_matches(e, "zebra stampede sale", LSC__WL_URGENCY));
        CHECK(!engine_matches(e, "last chance", LSC__WL_URGENCY));
        CHECK_EQ_INT(lsc__wordlist_phrase_count(e->words, -1, -1), 1);
        lsc_engine_free(e);
        e = NULL;
    }
    /* a bad line in a directory list: LSC_ECONFIG, the path and the line */
    snprintf(path, sizeof path, "%s/en/money.txt", dir);
    write_file(path, "cash\ncash bonus | lots\n");
    memset(&err, 0, sizeof err);
    CHECK(lsc_engine_new(&e, &o, &err) == LSC_ECONFIG);
    CHECK(e == NULL);
    CHECK_EQ_INT(err.line, 2);
    CHECK(strstr(err.source, "en/money.txt") != NULL);
    remove(path);
    /* an unknown category file */
    snprintf(path, sizeof path, "%s/en/shouting.txt", dir);
    write_file(path, "hey\n");
    CHECK(lsc_engine_new(&e, &o, &err) == LSC_ECONFIG);
    CHECK(strstr(err.message, "unknown category") != NULL);
    remove(path);
    snprintf(path, sizeof path, "%s/en/urgency.txt", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/en/README", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/en", dir);
    rmdir(path);
    rmdir(dir);
    /* a directory that is not there */
    CHECK(lsc_engine_new(&e, &o, &err) == LSC_EIO);
}

/* A file the directory reader would not read is an error naming it, not
 * skipped: a list put directly in DIR, a list not ending in .txt.  README
 * and .md notes may sit beside the lists. */
TEST(directory_unknown_files_are_errors)
{
    char dir[] = "/tmp/lsc_wl_XXXXXX", path[256], stray[256];
    lsc_options o;
    lsc_engine *e = NULL;
    lsc_error err;
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    snprintf(path, sizeof path, "%s/en", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/en/promo.txt", dir);
    write_file(path, "zebra stampede sale\n");
    snprintf(stray, sizeof stray, "%s/README.md", dir);
    write_file(stray, "notes\n");
    lsc_options_init(&o);
    o.wordlist_dir = dir;
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), 0);
    lsc_engine_free(e);
    e = NULL;
    remove(stray);

    snprintf(stray, sizeof stray, "%s/urgency.txt", dir);
    write_file(stray, "act now\n");
    memset(&err, 0, sizeof err);
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), LSC_ECONFIG);
    CHECK(e == NULL);
    CHECK(strstr(err.source, "/urgency.txt") != NULL);
    CHECK(strstr(err.message, "<lang>/<category>.txt") != NULL);
    remove(stray);

    snprintf(stray, sizeof stray, "%s/en/money.list", dir);
    write_file(stray, "cash\n");
    memset(&err, 0, sizeof err);
    CHECK_EQ_INT(lsc_engine_new(&e, &o, &err), LSC_ECONFIG);
    CHECK(e == NULL);
    CHECK(strstr(err.source, "en/money.list") != NULL);
    remove(stray);

    remove(path);
    snprintf(path, sizeof path, "%s/en", dir);
    rmdir(path);
    rmdir(dir);
}

/* Every allocation failure while compiling is LSC_ENOMEM, never a crash
 * or a leak (run under ASan). */
static size_t fail_at, allocs;
static void *fail_malloc(void *ud, size_t n)
{
    (void)ud;
    return ++allocs == fail_at ? NULL : malloc(n);
}
static void *fail_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return ++allocs == fail_at ? NULL : realloc(p, n);
}
static void fail_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

TEST(out_of_memory_while_compiling)
{
    lsc_allocator a = { fail_malloc, fail_realloc, fail_free, NULL };
    lsc_options o;
    lsc_engine *fe = NULL;
    lsc__wl_source s[2];
    size_t k, total;
    s[0].name = "en/promo.txt";
    s[0].data = "special offer\nbest deal | 2\nfree\n";
    s[0].len = strlen(s[0].data);
    s[1].name = "zh-Hans/promo.txt";
    s[1].data = "限时优惠\n特价\n";
    s[1].len = strlen(s[1].data);
    lsc_options_init(&o);
    o.allocator = &a;
    fail_at = 0;
    CHECK(lsc_engine_new(&fe, &o, NULL) == 0);
    if (!fe)
        return;
    allocs = 0;
    {
        lsc__wordlists *wl = NULL;
        CHECK(lsc__wordlists_compile(&wl, fe, s, 2, NULL,
                                     LSC_WORDLISTS_EXTEND, NULL) == 0);
        lsc__wordlists_destroy(wl);
    }
    total = allocs;
    CHECK(total > 10);
    for (k = 1; k <= total; k++) {
        lsc__wordlists *wl = NULL;
        int rc;
        fail_at = k;
        allocs = 0;
        rc = lsc__wordlists_compile(&wl, fe, s, 2, NULL,
                                    LSC_WORDLISTS_EXTEND, NULL);
        CHECK(rc == LSC_ENOMEM);
        CHECK(wl == NULL);
    }
    fail_at = 0;
    lsc_engine_free(fe);
}

TEST(obfuscated_mail_words_match)
{
    lsc_error err;
    lsc__wordlists *wl = compile1("en/promo.txt", "free gift\nact now\n",
                                  &err);
    static wordv v;
    hits h;
    const char *text = "Get your F.R.E.E g1ft - ACT NOW";
    CHECK(wl != NULL);
    if (!wl)
        return;
    words_of(&v, text);
    h.n = 0;
    CHECK(lsc__wordlist_match(wl, v.w, v.n, text, strlen(text), on_hit,
                              &h) == 0);
    CHECK_EQ_INT(h.n, 2);
    if (h.n == 2) {
        CHECK(memcmp(text + v.w[h.m[0].first].start, "F.R.E.E", 7) == 0);
        CHECK(v.w[h.m[1].last].end == strlen(text));
    }
    lsc__wordlists_destroy(wl);
}

/* ---- the wording rules at their limits (through lsc_score) ---- */

static char *mail(const char *headers, const char *body)
{
    size_t hl = strlen(headers), bl = strlen(body);
    char *m = malloc(hl + bl + 200);
    if (m)
        sprintf(m, "From: a@example.com\r\n%sMIME-Version: 1.0\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n\r\n%s",
                headers, body);
    return m;
}

static const lsc_hit *score_hit(const char *headers, const char *body,
                                const char *rule, lsc_result **r)
{
    char *m = mail(headers, body);
    *r = m ? t_score(eng, m) : NULL;
    free(m);
    return *r ? lsc_result_find_hit(*r, rule) : NULL;
}

/* n copies of s */
static char *repeat(const char *s, size_t n, const char *tail)
{
    size_t l = strlen(s), i;
    char *b = malloc(l * n + strlen(tail) + 1);
    if (!b)
        return NULL;
    for (i = 0; i < n; i++)
        memcpy(b + i * l, s, l);
    strcpy(b + l * n, tail);
    return b;
}

TEST(evidence_and_match_limits)
{
    lsc_result *r = NULL;
    const lsc_hit *h;
    char *body = repeat("Act now. ", LSC__WORDING_MAX_EVIDENCE, "");
    char want[64];
    h = score_hit("To: b@example.com\r\n", body, "URGENCY_PHRASES", &r);
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_INT(h->n_evidence, LSC__WORDING_MAX_EVIDENCE);
        snprintf(want, sizeof want, "%d urgency", LSC__WORDING_MAX_EVIDENCE);
        CHECK(strstr(h->explanation, want) != NULL);
    }
    lsc_result_free(r);
    free(body);
    /* one more match: still at most the limit of evidence, all counted */
    body = repeat("Act now. ", LSC__WORDING_MAX_EVIDENCE + 1, "");
    h = score_hit("To: b@example.com\r\n", body, "URGENCY_PHRASES", &r);
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_INT(h->n_evidence, LSC__WORDING_MAX_EVIDENCE);
        snprintf(want, sizeof want, "%d urgency",
                 LSC__WORDING_MAX_EVIDENCE + 1);
        CHECK(strstr(h->explanation, want) != NULL);
    }
    lsc_result_free(r);
    free(body);
    /* matches kept per message: the limit, then no more */
    body = repeat("hurry ", LSC__WORDING_MAX_MATCHES + 5, "");
    h = score_hit("To: b@example.com\r\n", body, "URGENCY_PHRASES", &r);
    CHECK(h != NULL);
    if (h) {
        snprintf(want, sizeof want, "%d urgency", LSC__WORDING_MAX_MATCHES);
        CHECK(strstr(h->explanation, want) != NULL);
    }
    lsc_result_free(r);
    free(body);
}

TEST(greeting_window_at_its_limit)
{
    lsc_result *r = NULL;
    char *body = repeat("word ", LSC__GREETING_WINDOW - 1, "Dear customer, hello.\n");
    CHECK(score_hit("To: b@example.com\r\n", body, "GENERIC_GREETING", &r));
    lsc_result_free(r);
    free(body);
    body = repeat("word ", LSC__GREETING_WINDOW, "Dear customer, hello.\n");
    CHECK(!score_hit("To: b@example.com\r\n", body, "GENERIC_GREETING", &r));
    lsc_result_free(r);
    free(body);
    body = repeat("word ", LSC__SELFINTRO_WINDOW - 1, "My name is Sam.\n");
    CHECK(score_hit("To: b@example.com\r\n", body, "SELF_INTRO", &r));
    lsc_result_free(r);
    free(body);
    body = repeat("word ", LSC__SELFINTRO_WINDOW, "My name is Sam.\n");
    CHECK(!score_hit("To: b@example.com\r\n", body, "SELF_INTRO", &r));
    lsc_result_free(r);
    free(body);
}

TEST(one_to_one_recipients_at_the_limit)
{
    lsc_result *r = NULL;
    const char *body = "Hello,\n\nTo unsubscribe click here to unsubscribe.\n";
    char to[512];
    size_t i, n = 0;
    n += (size_t)sprintf(to + n, "To: ");
    for (i = 0; i < LSC__ONE_TO_ONE_MAX_RCPT; i++)
        n += (size_t)sprintf(to + n, "%su%zu@example.com", i ? ", " : "", i);
    sprintf(to + n, "\r\n");
    CHECK(score_hit(to, body, "UNSUB_ONE_TO_ONE", &r) != NULL);
    lsc_result_free(r);
    sprintf(to + n, ", one.more@example.com\r\n");
    CHECK(score_hit(to, body, "UNSUB_ONE_TO_ONE", &r) == NULL);
    lsc_result_free(r);
    CHECK(score_hit("To: b@example.com\r\nList-Unsubscribe: <mailto:x@example.com>\r\n",
                    body, "UNSUB_ONE_TO_ONE", &r) == NULL);
    lsc_result_free(r);
    CHECK(score_hit("To: b@example.com\r\nPrecedence: bulk\r\n",
                    body, "UNSUB_ONE_TO_ONE", &r) == NULL);
    lsc_result_free(r);
    CHECK(score_hit("To: b@example.com\r\nPrecedence: first-class\r\n",
                    body, "UNSUB_ONE_TO_ONE", &r) != NULL);
    lsc_result_free(r);
}

/* The scan steps over text eight bytes at a time while no byte opens a
 * tag: each form is found after every count of plain bytes before it. */
TEST(merge_tags_after_any_run_of_text)
{
    static const char *const forms[] = {
        "{{first_name}}", "*|FNAME|*", "<<First Name>>", "[Name]",
        "%FIRSTNAME%", "\xC2\xABName\xC2\xBB",
    };
    lsc_result *r = NULL;
    char body[128];
    size_t f, off;
    for (f = 0; f < LSC__COUNT(forms); f++)
        for (off = 0; off < 20; off++) {
            memset(body, ' ', off);
            snprintf(body + off, sizeof body - off, "Dear %s,\n", forms[f]);
            CHECK(score_hit("", body, "MERGE_TAGS", &r) != NULL);
            lsc_result_free(r);
        }
}

TEST(merge_tags_at_their_limits)
{
    lsc_result *r = NULL;
    const lsc_hit *h;
    char inner[LSC__MERGE_MAX_INNER + 2], body[256];
    size_t pad = LSC__MERGE_MAX_INNER - strlen("first_name");
    char *big;
    /* a tag of exactly the longest inner length */
    memset(inner, ' ', pad);
    strcpy(inner + pad, "first_name");
    snprintf(body, sizeof body, "Hi {{%s}},\n", inner);
    h = score_hit("To: b@example.com\r\n", body, "MERGE_TAGS", &r);
    CHECK(h != NULL);
    if (h && h->n_evidence == 1)
        CHECK_EQ_INT(h->evidence[0].end - h->evidence[0].start,
                     LSC__MERGE_MAX_INNER + 4);
    lsc_result_free(r);
    snprintf(body, sizeof body, "Hi {{ %s}},\n", inner);
    CHECK(!score_hit("To: b@example.com\r\n", body, "MERGE_TAGS", &r));
    lsc_result_free(r);
    /* a tag that ends exactly at the end of the scanned bytes, then one
     * byte further */
    big = repeat("x", LSC__MERGE_SCAN_BYTES - strlen("[Name]"), "[Name]");
    CHECK(score_hit("To: b@example.com\r\n", big, "MERGE_TAGS", &r));
    lsc_result_free(r);
    free(big);
    big = repeat("x", LSC__MERGE_SCAN_BYTES - strlen("[Name]") + 1, "[Name]");
    CHECK(!score_hit("To: b@example.com\r\n", big, "MERGE_TAGS", &r));
    lsc_result_free(r);
    free(big);
    /* the forms, and what is not a tag */
    CHECK(score_hit("", "Dear *|FNAME|*,\n", "MERGE_TAGS", &r));
    lsc_result_free(r);
    CHECK(score_hit("", "Dear %FIRSTNAME%,\n", "MERGE_TAGS", &r));
    lsc_result_free(r);
    CHECK(score_hit("", "Dear <<First Name>>,\n", "MERGE_TAGS", &r));
    lsc_result_free(r);
    CHECK(score_hit("", "Dear {NAME},\n", "MERGE_TAGS", &r));
    lsc_result_free(r);
    CHECK(score_hit("", "Hello ${first_name},\n", "MERGE_TAGS", &r) == NULL);
    lsc_result_free(r);
    CHECK(score_hit("", "Hello {{ first_name }},\n", "MERGE_TAGS", &r));
    lsc_result_free(r);
    CHECK(score_hit("", "尊敬的【客户名称】：\n", "MERGE_TAGS", &r));
    lsc_result_free(r);
    CHECK(!score_hit("", "Set %PATH% and %USERNAME%, print {name} and "
                     "{filename}, see [1] and [Lockergnome Daily].\n",
                     "MERGE_TAGS", &r));
    lsc_result_free(r);
}

int main(void)
{
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&words_ar, &al);
    if (lsc_engine_new(&eng, NULL, NULL) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    RUN(embedded_lists_compile);
    RUN(format_weights_and_comments);
    RUN(overlapping_phrases);
    RUN(punctuation_obfuscation_and_unknown_words);
    RUN(sentence_punctuation_breaks_a_phrase);
    RUN(cjk_phrases_use_the_same_segmentation);
    RUN(full_width_and_case_are_folded);
    RUN(turkish_dotted_capital_i_is_folded);
    RUN(a_comma_the_list_wrote_is_spanned);
    RUN(bad_lists_name_file_and_line);
    RUN(limits_at_their_value);
    RUN(phrase_count_limit);
    RUN(directory_extend_and_replace);
    RUN(directory_unknown_files_are_errors);
    RUN(out_of_memory_while_compiling);
    RUN(obfuscated_mail_words_match);
    RUN(evidence_and_match_limits);
    RUN(greeting_window_at_its_limit);
    RUN(one_to_one_recipients_at_the_limit);
    RUN(merge_tags_after_any_run_of_text);
    RUN(merge_tags_at_their_limits);
    lsc_engine_free(eng);
    lsc__arena_free(&words_ar);
    return TEST_DONE();
}
