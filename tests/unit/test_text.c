/*
 * test_text.c - the word stage (text.c): words and counts in several
 * languages, the ASCII fast path against ICU, normalization and
 * de-obfuscation, the max_words limit at its value, and the stage over a
 * message model built here (subject, parts, totals).
 */
#include "core/pipeline.h"
#include "test.h"

static lsc_engine *eng;
static lsc__arena ar;
static lsc__text_scratch *scr;

static lsc__text split2(const char *s, int force_icu)
{
    lsc__text t;
    size_t budget = 100000;
    int limited = 0;
    int rc = lsc__text_split(scr, &ar, s, strlen(s), &t, &budget, &limited,
                             force_icu);
    CHECK_EQ_INT(rc, 0);
    CHECK_EQ_INT(limited, 0);
    return t;
}

static lsc__text split(const char *s)
{
    return split2(s, 0);
}

/* The words of t as "a|b|c" (source text), into buf. */
static const char *joined(const char *s, const lsc__text *t, char *buf,
                          size_t cap)
{
    size_t i, o = 0;
    buf[0] = '\0';
    for (i = 0; i < t->n_words; i++) {
        size_t n = t->words[i].end - t->words[i].start;
        if (o + n + 2 >= cap)
            break;
        if (i)
            buf[o++] = '|';
        memcpy(buf + o, s + t->words[i].start, n);
        o += n;
        buf[o] = '\0';
    }
    return buf;
}

static const char *norms(const lsc__text *t, char *buf, size_t cap)
{
    size_t i, o = 0;
    buf[0] = '\0';
    for (i = 0; i < t->n_words; i++) {
        size_t n = t->words[i].norm_len;
        if (o + n + 2 >= cap)
            break;
        if (i)
            buf[o++] = '|';
        memcpy(buf + o, t->words[i].norm, n);
        o += n;
        buf[o] = '\0';
    }
    return buf;
}

static const lsc__word *find(const lsc__text *t, const char *norm)
{
    size_t i;
    for (i = 0; i < t->n_words; i++)
        if (strcmp(t->words[i].norm, norm) == 0)
            return &t->words[i];
    return NULL;
}

TEST(english_words_and_offsets)
{
    const char *s = "Dear Mr. Smith, we can't ship 1,000.50 units of SKU_12 by e-mail: "
                    "see www.example.com or U.S. office.";
    char buf[512];
    lsc__text t = split(s);
    size_t i;
    CHECK_STR(joined(s, &t, buf, sizeof buf),
              "Dear|Mr|Smith|we|can't|ship|1,000.50|units|of|SKU_12|by|e|mail|"
              "see|www.example.com|or|U.S|office");
    CHECK_EQ_INT(t.stats.words, 18);
    for (i = 0; i < t.n_words; i++)
        CHECK(t.words[i].end <= strlen(s) && t.words[i].start < t.words[i].end);
    CHECK_STR(norms(&t, buf, sizeof buf),
              "dear|mr|smith|we|can't|ship|1,000.50|units|of|sku_12|by|e|mail|"
              "see|www.example.com|or|u.s|office");
}

TEST(ascii_fast_path_agrees_with_icu)
{
    static const char *const fixed[] = {
        "a.b.c x:y 3.14 1,2;3 a1b2 _x_ __ x_ .5 5. a'b 'a' a'1 1'2 1.a a.1",
        "don't stop!!! U.S.A. e.g. i.e., foo@bar.com http://x.y/z?q=1&r=2#f",
        "tab\there\r\nnew\nline  spaces   end",
        "ISO9001 SKU-12A A4/B5 50%OFF $100 100$ #hash @at a-b-c a--b",
        "...,,,;;;:::'''___ a.,b a,.b 1.,2 1,,2",
    };
    const char alphabet[] = "abcXYZ0129.,;:'_- \n!@#$%&*()/";
    unsigned seed = 12345;
    size_t i, k, bad = 0;
    char s[80], b1[1024], b2[1024];
    for (i = 0; i < LSC__COUNT(fixed) + 3000; i++) {
        const char *in;
        lsc__text a, b;
        if (i < LSC__COUNT(fixed)) {
            in = fixed[i];
        } else {
            size_t n = (seed = seed * 1103515245u + 12345u) >> 16 & 63;
            for (k = 0; k < n; k++) {
                seed = seed * 1103515245u + 12345u;
                s[k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
            s[n] = '\0';
            in = s;
        }
        a = split2(in, 0);
        b = split2(in, 1);
        joined(in, &a, b1, sizeof b1);
        joined(in, &b, b2, sizeof b2);
        if (strcmp(b1, b2) != 0 || a.stats.caps_words != b.stats.caps_words ||
            a.stats.cased_words != b.stats.cased_words ||
            a.stats.letters != b.stats.letters) {
            if (bad++ < 5)
                printf("#   fast [%s] icu [%s] for \"%s\"\n", b1, b2, in);
        }
    }
    CHECK_EQ_INT(bad, 0);
}

/* ASCII words of up to sixteen bytes are lowered and counted eight bytes
 * at once, longer ones and those near the text's end byte by byte: every
 * word's normal form is its lower case and the letter counts are the
 * bytes', for random texts of every length up to 40, half of them from an
 * alphabet with few spaces (long words of letters). */
TEST(ascii_words_lowered_and_counted)
{
    static const char *const alphabets[] = { "aZbYcXqQ09._@'- \n",
                                             "aAbBcCxXyYzZ.' " };
    unsigned seed = 777;
    size_t i, k, bad = 0;
    char s[48];
    for (i = 0; i < 8000; i++) {
        size_t n = i % 41, letters = 0, upper = 0;
        const char *alphabet = alphabets[i / 4000];
        lsc__text t;
        for (k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            s[k] = alphabet[(seed >> 16) % strlen(alphabet)];
        }
        s[n] = '\0';
        t = split(s);
        for (k = 0; k < t.n_words; k++) {
            const lsc__word *w = &t.words[k];
            size_t j, len = w->end - w->start;
            char low[48];
            int has_letter = 0;
            for (j = 0; j < len; j++) {
                char ch = s[w->start + j];
                low[j] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
                has_letter |= (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
                letters += (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
                upper += ch >= 'A' && ch <= 'Z';
            }
            low[len] = '\0';
            if (!(w->flags & LSC__W_OBFUSCATED) &&
                (w->norm_len != len || strcmp(w->norm, low) != 0))
                bad++;
            if (!!(w->flags & LSC__W_LETTERS) != has_letter)
                bad++;
        }
        if (t.stats.letters != letters || t.stats.upper_letters != upper) {
            if (bad < 5)
                printf("#   counts differ for \"%s\"\n", s);
            bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
}

/* Lines with some non-ASCII text are cut at spaces and split partly on
 * the fast path: the same words as ICU over the whole line. */
TEST(mixed_lines_agree_with_icu)
{
    static const char *const pieces[] = {
        "a", "Z", "1", ".", ",", "'", "_", "@", " ", " ", "\t", "-", "!",
        "\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87", "\xCC\x81", "\xE2\x80\x99",
        "\xC2\xA0", "\xE2\x80\x8B", "\xD0\xB6", "\xF0\x9F\x98\x80",
        "\xE3\x81\x93\xE3\x82\x8C", "\xE0\xB8\x81\xE0\xB8\xB2\xE0\xB8\xA3",
        "\xE2\x80\x8D", "\xC2\xAD", "\xEF\xBC\x81", "2",
    };
    unsigned seed = 777;
    size_t i, k, bad = 0;
    char s[400], b1[2048], b2[2048];
    for (i = 0; i < 2000; i++) {
        size_t n = (seed = seed * 1103515245u + 12345u) >> 16 & 31, o = 0;
        lsc__text a, b;
        for (k = 0; k < n; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 16) % LSC__COUNT(pieces)];
            memcpy(s + o, p, strlen(p));
            o += strlen(p);
        }
        s[o] = '\0';
        a = split2(s, 0);
        b = split2(s, 1);
        joined(s, &a, b1, sizeof b1);
        joined(s, &b, b2, sizeof b2);
        if (strcmp(b1, b2) != 0 && bad++ < 5)
            printf("#   mixed [%s] icu [%s]\n", b1, b2);
    }
    CHECK_EQ_INT(bad, 0);
}

TEST(words_in_many_languages)
{
    lsc__text t;
    /* Simplified Chinese: dictionary segmentation */
    t = split("我们提供免费样品和最优惠的价格。");
    CHECK(t.n_words >= 5);
    CHECK(find(&t, "免费") != NULL);
    CHECK(find(&t, "价格") != NULL);
    CHECK(t.n_words && (t.words[0].flags & LSC__W_IDEOGRAPHIC));
    CHECK_EQ_INT(t.stats.cased_words, 0);
    /* Traditional Chinese */
    t = split("我們提供免費樣品，歡迎詢價。");
    CHECK(find(&t, "免費") != NULL);
    CHECK(t.n_words >= 5);
    /* Japanese */
    t = split("詳細はこちらをご覧ください。無料サンプルを送ります。");
    CHECK(find(&t, "無料") != NULL);
    CHECK(find(&t, "サンプル") != NULL);
    /* Russian */
    t = split("Уважаемый клиент, предлагаем лучшие цены!");
    CHECK_EQ_INT(t.n_words, 5);
    CHECK_EQ_INT(t.stats.exclamations, 1);
    CHECK(find(&t, "уважаемый") != NULL);
    /* Arabic: no case */
    t = split("عرض خاص لفترة محدودة");
    CHECK_EQ_INT(t.n_words, 4);
    CHECK_EQ_INT(t.stats.cased_words, 0);
    CHECK_EQ_INT(t.stats.caps_words, 0);
    CHECK_EQ_INT(t.stats.upper_letters, 0);
    /* Spanish and German */
    t = split("¡Oferta única! Envío gratis a España.");
    CHECK_EQ_INT(t.n_words, 6);
    CHECK(find(&t, "única") != NULL);
    CHECK_EQ_INT(t.stats.exclamations, 1);
    t = split("Sehr geehrte Damen und Herren, GROSSE Straße über Öl.");
    CHECK_EQ_INT(t.n_words, 9);
    CHECK(find(&t, "strasse") != NULL);   /* case folding: ß -> ss */
    CHECK(find(&t, "öl") != NULL);
    CHECK_EQ_INT(t.stats.caps_words, 1);
    /* Thai: dictionary segmentation */
    t = split("สวัสดีครับยินดีต้อนรับ");
    CHECK(t.n_words >= 2);
}

TEST(caps_counts)
{
    lsc__text t;
    t = split("FREE MONEY NOW, act fast");
    CHECK_EQ_INT(t.stats.caps_words, 3);
    CHECK_EQ_INT(t.stats.cased_words, 5);
    CHECK(t.words[0].flags & LSC__W_UPPER);
    /* acronyms, codes, short words and numbers are not shouting */
    t = split("Price FOB Shanghai in USD, PDF and LED specs, ISO9001, SKU-12A, "
              "OK, TV, 2024, HTML URL CEO VAT OEM ODM MOQ CIF EXW EUR FAQ");
    CHECK_EQ_INT(t.stats.caps_words, 0);
    /* Russian and Greek have case, Chinese and Arabic do not */
    t = split("СРОЧНО КУПИТЕ сейчас");
    CHECK_EQ_INT(t.stats.caps_words, 2);
    t = split("ΠΡΟΣΦΟΡΑ σήμερα");
    CHECK_EQ_INT(t.stats.caps_words, 1);
    t = split("免费 样品 限时 优惠");
    CHECK_EQ_INT(t.stats.caps_words, 0);
    CHECK_EQ_INT(t.stats.cased_words, 0);
    t = split("Hello World");
    CHECK_EQ_INT(t.stats.upper_letters, 2);
    CHECK_EQ_INT(t.stats.letters, 10);
}

TEST(exclamations_currency_percent_emoji)
{
    lsc__text t;
    t = split("Buy now!!! Really! Great！！ Wow‼");
    CHECK_EQ_INT(t.stats.exclamations, 8);
    CHECK_EQ_INT(t.stats.exclam_runs, 3);
    CHECK_EQ_INT(t.stats.max_exclam_run, 3);
    t = split("Only $99 or 100 USD, € 50, 20€, ¥1000 and $$$ today");
    CHECK_EQ_INT(t.stats.currency, 5);
    CHECK_EQ_INT(t.stats.money_runs, 1);
    t = split("Save 50% off, -70% everything, up to 30%, 40% discount, 5折, "
              "growth of 12% this year");
    CHECK_EQ_INT(t.stats.percent_off, 5);
    t = split("Great deal 😀🔥 flags 🇺🇸 family 👨‍👩‍👧 thumbs 👍🏽 ✔️ plain ©");
    CHECK_EQ_INT(t.stats.emoji, 6);
}

/* The character counts pass over plain ASCII eight bytes at a time: a
 * mark ('!', '$', '%') or a non-ASCII letter is found at every offset of
 * a line, on either side of each eight-byte boundary. */
/* A 48-byte line of fill with put written at offset at, split. */
static lsc__text split_line_with(char fill, size_t at, const char *put)
{
    static char s[64];
    memset(s, fill, 48);
    s[48] = '\0';
    memcpy(s + at, put, strlen(put));
    return split(s);
}

TEST(marks_counted_at_every_offset)
{
    size_t p;
    for (p = 0; p < 40; p++) {
        lsc__text t = split_line_with('a', p, "!");
        CHECK_EQ_INT(t.stats.exclamations, 1);
        CHECK_EQ_INT(t.stats.chars, 48);
        t = split_line_with('a', p, "$5");
        CHECK_EQ_INT(t.stats.currency, 1);
        t = split_line_with(' ', p, "5%off");
        CHECK_EQ_INT(t.stats.percent_off, 1);
        t = split_line_with('a', p, "\xc3\xa9");
        CHECK_EQ_INT(t.stats.chars, 47);
        CHECK_EQ_INT(t.stats.exclamations, 0);
    }
}

TEST(obfuscation_decoding)
{
    lsc__text t;
    const lsc__word *w;
    t = split("Get it F.R.E.E today, f r e e, V-I-A-G-R-A or fr3e v1agra c0st now");
    CHECK((w = find(&t, "free")) != NULL);
    CHECK(w && (w->flags & LSC__W_OBFUSCATED) && (w->flags & LSC__W_SPACED));
    CHECK((w = find(&t, "viagra")) != NULL);
    CHECK(w && (w->flags & LSC__W_OBFUSCATED));
    CHECK((w = find(&t, "cost")) != NULL);
    CHECK(w && (w->flags & LSC__W_LEET));
    CHECK_EQ_INT(t.stats.obfuscated, 6);
    /* legit letters+digits are not leet */
    t = split("mp3 b2b i18n w3c 4x4 win10 h264 3rd");
    CHECK_EQ_INT(t.stats.obfuscated, 0);
    /* zero-width characters inside a word */
    t = split("fr\xE2\x80\x8B" "ee of\xE2\x80\x8C" "fer");
    CHECK_EQ_INT(t.n_words, 2);
    CHECK((w = find(&t, "free")) != NULL);
    CHECK(w && (w->flags & LSC__W_ZEROWIDTH));
    CHECK((w = find(&t, "offer")) != NULL);
    CHECK(w && (w->flags & LSC__W_OBFUSCATED));
    /* Cyrillic look-alikes in a Latin word */
    t = split("Your \xD1\x80\xD0\xB0y\xD1\x80\xD0\xB0l account");  /* раураl */
    CHECK((w = find(&t, "paypal")) != NULL);
    CHECK(w && (w->flags & LSC__W_MIXED_SCRIPT) && (w->flags & LSC__W_CONFUSABLE));
    CHECK_EQ_INT(t.stats.mixed_script, 1);
    /* full-width and mathematical letters fold to ASCII */
    t = split("ＦＲＥＥ \xF0\x9D\x90\x85\xF0\x9D\x90\x91\xF0\x9D\x90\x84\xF0\x9D\x90\x84");
    CHECK_EQ_INT(t.n_words, 2);
    CHECK(t.n_words == 2 && strcmp(t.words[0].norm, "free") == 0 &&
          strcmp(t.words[1].norm, "free") == 0);
    CHECK(t.n_words == 2 && (t.words[1].flags & LSC__W_OBFUSCATED));
    /* four single letters at a line's end are joined, three are not; a
     * one-byte word between longer ones starts no run */
    t = split("a bb c dd e ff g\nsee x y z\nwin f r e e");
    CHECK_EQ_INT(t.stats.obfuscated, 1);
    CHECK((w = find(&t, "free")) != NULL);
    CHECK(w && (w->flags & LSC__W_SPACED));
    CHECK(find(&t, "xyz") == NULL);
    /* a run of one-byte words is counted within one line: two lines of
     * two and three letters join nothing, a line after three does */
    t = split("x y\nz w\nu v t\nf r e e");
    CHECK_EQ_INT(t.stats.obfuscated, 1);
    CHECK(find(&t, "free") != NULL);
    CHECK(find(&t, "xyzw") == NULL && find(&t, "zwuv") == NULL);
    /* ordinary Russian and abbreviations are not obfuscation */
    t = split("Москва U.S.A e.g. A B C");
    CHECK_EQ_INT(t.stats.obfuscated, 0);
    CHECK_EQ_INT(t.stats.mixed_script, 0);
}

TEST(max_words_at_its_value)
{
    const char *s = "one two three four five";
    lsc__text t;
    size_t budget = 5;
    int limited = 0;
    CHECK_EQ_INT(lsc__text_split(scr, &ar, s, strlen(s), &t, &budget, &limited, 0), 0);
    CHECK_EQ_INT(t.n_words, 5);
    CHECK_EQ_INT(limited, 0);
    budget = 4;
    CHECK_EQ_INT(lsc__text_split(scr, &ar, s, strlen(s), &t, &budget, &limited, 0), 0);
    CHECK_EQ_INT(t.n_words, 4);
    CHECK_EQ_INT(limited, 1);
}

/* The stage over a model: subject, a plain and an HTML part, totals, and
 * the engine's max_words across them. */
static void stage(size_t max_words, lsc__message *m, lsc_engine **e,
                  lsc__arena *a, lsc__part *parts, lsc__part **pp)
{
    lsc_options o;
    lsc__ctx c;
    lsc_options_init(&o);
    o.limits.max_words = max_words;
    CHECK(lsc_engine_new(e, &o, NULL) == 0);
    lsc__arena_init(a, &(*e)->al);
    memset(m, 0, sizeof *m);
    memset(parts, 0, 3 * sizeof *parts);
    m->ar = a;
    m->subject = "FREE GIFT for you!!!";
    m->subject_len = strlen(m->subject);
    parts[0].pub.flags = LSC_PART_TEXT;
    parts[0].pub.text = "Hello FRIEND, see the OFFER.";
    parts[0].pub.text_bytes = strlen(parts[0].pub.text);
    parts[1].pub.flags = LSC_PART_TEXT | LSC_PART_HTML;
    parts[1].pub.utf8 = "<p>Hello <b>FRIEND</b>, see the OFFER!</p>";
    parts[1].pub.utf8_bytes = strlen(parts[1].pub.utf8);
    parts[2].pub.flags = LSC_PART_ATTACHMENT | LSC_PART_TEXT;
    parts[2].pub.text = "attached words not counted";
    parts[2].pub.text_bytes = strlen(parts[2].pub.text);
    parts[0].pub.parent = parts[1].pub.parent = parts[2].pub.parent = LSC__NONE;
    pp[0] = &parts[0];
    pp[1] = &parts[1];
    pp[2] = &parts[2];
    m->parts = pp;
    m->n_parts = 3;
    memset(&c, 0, sizeof c);
    c.eng = *e;
    c.ar = a;
    c.msg = m;
    CHECK_EQ_INT(lsc__html_run(&c), 0);
    CHECK_EQ_INT(lsc__text_run(&c), 0);
}

TEST(stage_totals_and_limit)
{
    lsc__message m;
    lsc_engine *e = NULL;
    lsc__arena a;
    lsc__part parts[3], *pp[3];
    stage(0, &m, &e, &a, parts, pp);
    CHECK_EQ_INT(m.subject_text.n_words, 4);
    CHECK_EQ_INT(m.totals.subject.caps_words, 2);
    CHECK_EQ_INT(m.totals.subject.exclamations, 3);
    CHECK_EQ_INT(parts[0].text.n_words, 5);
    CHECK_EQ_INT(parts[1].text.n_words, 5);
    CHECK_EQ_INT(parts[2].text.n_words, 0);
    CHECK_EQ_INT(m.totals.body.words, 10);
    CHECK_EQ_INT(m.totals.body.caps_words, 4);
    CHECK_EQ_INT(m.totals.body.exclamations, 1);
    CHECK(!(m.flags & LSC_MSG_TOO_MANY_WORDS));
    lsc__arena_free(&a);
    lsc_engine_free(e);
    /* exactly the words there are: no flag; one fewer: flag */
    stage(14, &m, &e, &a, parts, pp);
    CHECK(!(m.flags & LSC_MSG_TOO_MANY_WORDS));
    lsc__arena_free(&a);
    lsc_engine_free(e);
    stage(13, &m, &e, &a, parts, pp);
    CHECK(m.flags & LSC_MSG_TOO_MANY_WORDS);
    CHECK_EQ_INT(m.totals.body.words, 9);
    lsc__arena_free(&a);
    lsc_engine_free(e);
}

int main(void)
{
    if (lsc_engine_new(&eng, NULL, NULL) != 0 ||
        lsc__text_scratch_new(&scr, eng) != 0) {
        printf("not ok - engine\n");
        return 1;
    }
    lsc__arena_init(&ar, &eng->al);
    RUN(english_words_and_offsets);
    RUN(ascii_fast_path_agrees_with_icu);
    RUN(ascii_words_lowered_and_counted);
    RUN(mixed_lines_agree_with_icu);
    RUN(words_in_many_languages);
    RUN(caps_counts);
    RUN(exclamations_currency_percent_emoji);
    RUN(marks_counted_at_every_offset);
    RUN(obfuscation_decoding);
    RUN(max_words_at_its_value);
    RUN(stage_totals_and_limit);
    lsc__text_scratch_free(scr);
    lsc__arena_free(&ar);
    lsc_engine_free(eng);
    return TEST_DONE();
}
