/*
 * word.c - one word of a text, normalized and flagged.
 *
 * Takes: a word's offsets in the text (from the splitter in text.c).
 * Gives: its normalized form for matching (NFKC case-folded through ICU,
 * or lower-cased ASCII; look-alike Cyrillic/Greek letters in Latin words
 * mapped to Latin), its LSC__W_* flags (letters, digits, ALL-CAPS,
 * acronyms, code-like, de-obfuscated F.R.E.E / fr3e / zero-width joins),
 * and the joins of letters spread over several words.  Words longer than
 * LSC__TEXT_MAX_WORD bytes are lower-cased only.
 */
#include "text/text_split.h"

/* ---- normalization and flags of one word ---- */

static int word_is_ascii(const char *t, size_t a, size_t b)
{
    for (; a < b; a++)
        if ((unsigned char)t[a] >= 0x80)
            return 0;
    return 1;
}

/* Leet digits inside a letter word: fr3e -> free. */
static int leet_letter(char d)
{
    switch (d) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    default: return 0;
    }
}

static int is_vowel(char c)
{
    c = (char)(c | 0x20);
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* With leet digits read as letters: a quarter vowels or more, and no run of
 * four consonants. */
static int reads_like_word(const char *t, size_t n)
{
    size_t i, vowels = 0, run = 0;
    for (i = 0; i < n; i++) {
        char c = t[i] >= '0' && t[i] <= '9' ? (char)leet_letter(t[i]) : t[i];
        if (is_vowel(c)) {
            vowels++;
            run = 0;
        } else if (++run >= 4) {
            return 0;
        }
    }
    return vowels * 4 >= n;
}

#define ONES 0x0101010101010101ULL

/* The first n of eight bytes, whatever the byte order. */
static const unsigned char keep_bytes[9][8] = {
    { 0 }, { 255 }, { 255, 255 }, { 255, 255, 255 }, { 255, 255, 255, 255 },
    { 255, 255, 255, 255, 255 }, { 255, 255, 255, 255, 255, 255 },
    { 255, 255, 255, 255, 255, 255, 255 },
    { 255, 255, 255, 255, 255, 255, 255, 255 },
};

/* How many bytes a mask from lsc__bytes_in marks. */
static size_t marked(uint64_t m)
{
    return (size_t)(((m >> 7) * ONES) >> 56);
}

/* A word of at most sixteen letters and marks (no digit, no NUL), its
 * letters counted and lowered eight bytes at once into norm (the caller
 * writes the NUL): 1, or 0 when it is not such a word (word_ascii then
 * reads it byte by byte).  Most words are these.  Up to eight bytes: the
 * eight bytes of text from its start (room for eight at norm).  Nine to
 * sixteen: its first eight and its last eight bytes, which overlap; the
 * overlap is lowered alike in both and counted in the first only. */
static int word_ascii8(const splitter *sp, const lsc__word *w, char *norm,
                       size_t *letters, size_t *upper, size_t *lower)
{
    size_t n = w->end - w->start;
    uint64_t x, keep, up, lo;
    if (n > 8) {
        uint64_t a, b, up_a, up_b;
        if (n > 16)
            return 0;
        memcpy(&a, sp->t + w->start, 8);
        memcpy(&b, sp->t + w->start + n - 8, 8);
        if (((a | b) & LSC__HIGH_BITS) || lsc__bytes_in(a, '0', '9') ||
            lsc__bytes_in(b, '0', '9') || lsc__has_byte(a, 0) ||
            lsc__has_byte(b, 0))
            return 0;
        /* b's first 16 - n bytes are a's last */
        memcpy(&keep, keep_bytes[16 - n], 8);
        up_a = lsc__bytes_in(a, 'A', 'Z');
        up_b = lsc__bytes_in(b, 'A', 'Z');
        *upper = marked(up_a) + marked(up_b & ~keep);
        *lower = marked(lsc__bytes_in(a, 'a', 'z')) +
                 marked(lsc__bytes_in(b, 'a', 'z') & ~keep);
        *letters = *upper + *lower;
        a |= up_a >> 2;
        b |= up_b >> 2;
        memcpy(norm, &a, 8);
        memcpy(norm + n - 8, &b, 8);
        return 1;
    }
    if (w->start + 8 > sp->len)
        return 0;
    memcpy(&x, sp->t + w->start, 8);
    memcpy(&keep, keep_bytes[n], 8);
    x &= keep;
    /* a byte past ASCII, a digit, or a NUL inside the word (the bytes
     * after it read as 0x01 for this test) */
    if ((x & LSC__HIGH_BITS) || lsc__bytes_in(x, '0', '9') ||
        lsc__has_byte(x | (~keep & ONES), 0))
        return 0;
    up = lsc__bytes_in(x, 'A', 'Z');
    lo = lsc__bytes_in(x, 'a', 'z');
    x |= up >> 2;          /* 'A' + 0x20 is 'a' */
    memcpy(norm, &x, 8);
    *upper = marked(up);
    *lower = marked(lo);
    *letters = *upper + *lower;
    return 1;
}

static void word_ascii(splitter *sp, lsc__word *w)
{
    const char *t = sp->t + w->start;
    size_t n = w->end - w->start, i, letters = 0, upper = 0, lower = 0,
           digits = 0, leet = 0, bad_digit = 0;
    int nul = 0;
    /* the pool has room for eight bytes at norm (the rest of the pool is
     * free), so word_ascii8 may write them all for a shorter word */
    int room8 = sp->pool_left >= 9;
    char *norm = lsc__text_norm_alloc(sp, n + 1);
    if (!norm) {
        sp->nomem = 1;
        return;
    }
    i = (room8 || n > 8) && word_ascii8(sp, w, norm, &letters, &upper, &lower)
            ? n : 0;
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= 'A' && ch <= 'Z') {
            letters++;
            upper++;
        } else if (ch >= 'a' && ch <= 'z') {
            letters++;
            lower++;
        } else if (ch >= '0' && ch <= '9') {
            digits++;
            if (i > 0 && i + 1 < n && leet_letter((char)ch) &&
                ((t[i - 1] | 0x20) >= 'a' && (t[i - 1] | 0x20) <= 'z') &&
                ((t[i + 1] | 0x20) >= 'a' && (t[i + 1] | 0x20) <= 'z'))
                leet++;
            else
                bad_digit++;
        }
        nul |= ch == 0;
        norm[i] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
    norm[n] = '\0';
    if (letters)
        w->flags |= LSC__W_LETTERS | LSC__W_CASED | LSC__W_CASE_COUNTED |
                    (letters < 3 ? LSC__W_CASE_FEW : 0) |
                    (lower ? LSC__W_CASE_LOWER : 0);
    if (digits)
        w->flags |= LSC__W_DIGITS;
    sp->st->letters += letters;
    sp->st->upper_letters += upper;
    /* Leet only in ordinary words: lower case (or a capital first), no
     * dots, @ or _ (names, addresses, files), one or two digits, and a
     * result that reads like a word (vowels, no long consonant runs):
     * fr3e, v1agra, c0st; not mp3s, md5sums, PERL5LIB. */
    if (leet && !bad_digit && leet <= 2 && letters + leet >= 4 &&
        (upper == 0 || (upper == 1 && t[0] >= 'A' && t[0] <= 'Z')) &&
        !memchr(t, '.', n) && !memchr(t, '@', n) && !memchr(t, '_', n) &&
        reads_like_word(t, n)) {
        for (i = 0; i < n; i++)
            if (norm[i] >= '0' && norm[i] <= '9')
                norm[i] = (char)leet_letter(norm[i]);
        w->flags |= LSC__W_OBFUSCATED | LSC__W_LEET;
        w->flags &= ~LSC__W_DIGITS;
    } else if (letters * 2 == n + 1 && letters >= 4) {
        /* F.R.E.E: single letters between dots */
        int dotted = upper == 0 || lower == 0;   /* S.u.S.E is a name */
        for (i = 0; i < n && dotted; i++)
            if ((i % 2 == 0) != (((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')) ||
                (i % 2 == 1 && t[i] != '.')) {
                dotted = 0;
                break;
            }
        if (dotted) {
            size_t o = 0;
            for (i = 0; i < n; i += 2)
                norm[o++] = norm[i];
            norm[o] = '\0';
            n = o;
            w->flags |= LSC__W_OBFUSCATED | LSC__W_SPACED;
        }
    }
    w->norm = norm;
    /* n is the length unless a NUL byte cut the string short */
    w->norm_len = (uint32_t)(nul ? strlen(norm) : n);
}

static void word_icu(splitter *sp, lsc__word *w)
{
    lsc__text_scratch *s = sp->s;
    const uint8_t *t = (const uint8_t *)sp->t;
    size_t i = w->start, e = w->end;
    size_t letters = 0, upper = 0, latin = 0, cyrgreek = 0, confus = 0,
           digits = 0;
    int zw = 0, fancy = 0;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0, nn = 0, n8 = 0, k;
    char *norm;

    while (i < e) {
        UChar32 c;
        U8_NEXT(t, i, e, c);
        if (c < 0)
            continue;
        if (lsc__text_is_zero_width((uint32_t)c))
            zw = 1;
        if ((c >= 0x1D400 && c <= 0x1D7FF) || (c >= 0x2460 && c <= 0x24FF) ||
            (c >= 0x1F130 && c <= 0x1F189))
            fancy = 1;
        if (u_isdigit(c)) {
            digits++;
        } else if (u_isalpha(c)) {
            UScriptCode sc;
            letters++;
            if (u_isupper(c))
                upper++;
            if (c < 0x80) {
                latin++;
                w->flags |= LSC__W_CASED;
            } else {
                if (u_hasBinaryProperty(c, UCHAR_CASED))
                    w->flags |= LSC__W_CASED;
                sc = uscript_getScript(c, &st);
                if (sc == USCRIPT_LATIN) {
                    latin++;
                } else if (sc == USCRIPT_CYRILLIC || sc == USCRIPT_GREEK) {
                    cyrgreek++;
                    if (lsc__text_confusable((uint32_t)u_foldCase(c, U_FOLD_CASE_DEFAULT)))
                        confus++;
                } else if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
                           sc == USCRIPT_KATAKANA || sc == USCRIPT_THAI ||
                           sc == USCRIPT_LAO || sc == USCRIPT_KHMER ||
                           sc == USCRIPT_MYANMAR || sc == USCRIPT_HANGUL) {
                    w->flags |= LSC__W_IDEOGRAPHIC;
                }
            }
        }
    }
    if (letters)
        w->flags |= LSC__W_LETTERS;
    if (digits)
        w->flags |= LSC__W_DIGITS;
    sp->st->letters += letters;
    sp->st->upper_letters += upper;
    if (latin && cyrgreek) {
        w->flags |= LSC__W_MIXED_SCRIPT;
        if (confus == cyrgreek)
            w->flags |= LSC__W_OBFUSCATED | LSC__W_CONFUSABLE;
    }
    if (zw && latin && !cyrgreek)
        w->flags |= LSC__W_OBFUSCATED | LSC__W_ZEROWIDTH;
    if (fancy)
        w->flags |= LSC__W_OBFUSCATED;

    /* NFKC + case folding through UTF-16 */
    st = U_ZERO_ERROR;
    if (e - w->start <= LSC__TEXT_MAX_WORD) {
        u_strFromUTF8Lenient(s->u16, (int32_t)LSC__COUNT(s->u16), &n16,
                             sp->t + w->start, (int32_t)(e - w->start), &st);
        if (U_SUCCESS(st))
            nn = unorm2_normalize(sp->s->e->text->nfkc_cf, s->u16, n16, s->n16,
                                  (int32_t)LSC__COUNT(s->n16), &st);
    } else {
        st = U_BUFFER_OVERFLOW_ERROR;
    }
    if (U_SUCCESS(st)) {
        /* Turkish: case folding turns İ into i + U+0307 and leaves ı
         * dotless, so "İNDİRİM" and "KAÇIRMAYIN" would never meet the
         * list words "indirim" and "kaçırmayın".  Both sides pass here,
         * so i with the dot dropped and ı read as i match each other. */
        int32_t o = 0;
        for (k = 0; k < nn; k++) {
            if (s->n16[k] == 0x0307 && o > 0 && s->n16[o - 1] == 'i')
                continue;
            s->n16[o++] = s->n16[k] == 0x0131 ? (UChar)'i' : s->n16[k];
        }
        nn = o;
        if (w->flags & LSC__W_CONFUSABLE)
            for (k = 0; k < nn; k++) {
                uint32_t m = lsc__text_confusable(s->n16[k]);
                if (m)
                    s->n16[k] = (UChar)m;
            }
        u_strToUTF8(s->u8, (int32_t)sizeof s->u8, &n8, s->n16, nn, &st);
    }
    if (U_FAILURE(st)) {
        /* too long: the word itself, ASCII letters lowered */
        n8 = (int32_t)(e - w->start);
        norm = lsc__arena_strndup(sp->ar, sp->t + w->start, (size_t)n8);
        if (norm)
            lsc__lower(norm, (size_t)n8);
    } else {
        norm = lsc__arena_strndup(sp->ar, s->u8, (size_t)n8);
    }
    if (!norm) {
        sp->nomem = 1;
        return;
    }
    w->norm = norm;
    w->norm_len = (uint32_t)n8;
}

static int is_upper_ascii_word(const char *t, size_t a, size_t b)
{
    for (; a < b; a++)
        if (t[a] >= 'a' && t[a] <= 'z')
            return 0;
    return 1;
}

/* Per ASCII byte: 1 for a letter, 3 for a lower-case one. */
#define UP_ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
#define LO_ 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3
static const unsigned char ascii_case[128] = {
    ['A'] = UP_, UP_, ['a'] = LO_, LO_,
};
#undef UP_
#undef LO_

/* Case facts of a finished word: cased_words / caps_words. */
void lsc__text_word_case(splitter *sp, lsc__word *w)
{
    const char *t = sp->t;
    size_t a = w->start, b = w->end, letters = 0, lower = 0;
    size_t i = a;
    if (!(w->flags & LSC__W_CASED) || (w->flags & (LSC__W_DIGITS)))
        return;
    if (w->flags & LSC__W_CASE_COUNTED) {
        /* an ASCII word as word_ascii left it: its counts are known */
        letters = w->flags & LSC__W_CASE_FEW ? 0 : 3;
        lower = (w->flags & LSC__W_CASE_LOWER) != 0;
        i = b;
    }
    while (i < b) {
        UChar32 c;
        if ((unsigned char)t[i] < 0x80) {
            /* ASCII without U8_NEXT or branches: most words are all ASCII */
            unsigned k = ascii_case[(unsigned char)t[i++]];
            letters += k & 1;
            lower += k >> 1;
            continue;
        }
        U8_NEXT((const uint8_t *)t, i, b, c);
        if (c < 0)
            continue;
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                letters++;
                if (c >= 'a')
                    lower++;
            }
        } else if (u_isalpha(c)) {
            if (!u_hasBinaryProperty(c, UCHAR_CASED))
                return;  /* letters of a script without case */
            letters++;
            if (u_isULowercase(c) || u_istitle(c))
                lower++;
        }
    }
    if (letters < 3)
        return;
    sp->st->cased_words++;
    if (lower)
        return;
    w->flags |= LSC__W_ALLCAPS;
    /* codes: joined to digits by - / # , . _ : (SKU-12A, A4/B,
     * MANIFEST,1.100) */
    if ((b + 1 < sp->len && strchr("-/#,._:", t[b]) && t[b] &&
         t[b + 1] >= '0' && t[b + 1] <= '9') ||
        (a >= 2 && strchr("-/#,._:", t[a - 1]) && t[a - 1] && t[a - 2] >= '0' &&
         t[a - 2] <= '9')) {
        w->flags |= LSC__W_CODE;
        return;
    }
    if (b - a <= 6 && word_is_ascii(t, a, b) && is_upper_ascii_word(t, a, b)) {
        char up[8];
        size_t k;
        for (k = 0; k < b - a; k++)
            up[k] = (char)(t[a + k] >= 'a' && t[a + k] <= 'z' ? t[a + k] - 32 : t[a + k]);
        up[b - a] = '\0';
        if (lsc__text_is_acronym(up)) {
            w->flags |= LSC__W_ACRONYM;
            return;
        }
    }
    /* abbreviations (U.S.A) and dotted names are not shouting */
    if ((w->flags & LSC__W_SPACED) || memchr(t + a, '.', b - a))
        return;
    w->flags |= LSC__W_UPPER;
    sp->st->caps_words++;
}

void lsc__text_emit_word(splitter *sp, size_t a, size_t b)
{
    lsc__word *w = lsc__text_push_word(sp, a, b);
    if (!w)
        return;
    if (word_is_ascii(sp->t, a, b))
        word_ascii(sp, w);
    else
        word_icu(sp, w);
}

/* A word of a span known to be ASCII (split_ascii's): no byte check. */
void lsc__text_emit_ascii_word(splitter *sp, size_t a, size_t b)
{
    lsc__word *w = lsc__text_push_word(sp, a, b);
    if (w)
        word_ascii(sp, w);
}

/* Joins words cut by U+200B (ZERO WIDTH SPACE breaks words in UAX #29). */
void lsc__text_join_zero_width(splitter *sp, size_t first)
{
    lsc__word *w = sp->words.items;
    size_t i, o = first;
    for (i = first; i < sp->words.n; i++) {
        if (o > first) {
            lsc__word *p = &w[o - 1];
            size_t g = p->end;
            while (g + 3 <= w[i].start && memcmp(sp->t + g, "\xE2\x80\x8B", 3) == 0)
                g += 3;
            if (g == w[i].start && g > p->end) {
                char *n = lsc__arena_alloc(sp->ar, p->norm_len + w[i].norm_len + 1);
                if (!n) {
                    sp->nomem = 1;
                    return;
                }
                memcpy(n, p->norm, p->norm_len);
                memcpy(n + p->norm_len, w[i].norm, w[i].norm_len + 1);
                p->norm = n;
                p->norm_len += w[i].norm_len;
                p->end = w[i].end;
                p->flags |= w[i].flags | LSC__W_OBFUSCATED | LSC__W_ZEROWIDTH;
                p->flags &= ~LSC__W_CASE_BITS;
                (*sp->budget)++;
                continue;
            }
        }
        w[o++] = w[i];
    }
    sp->words.n = o;
}

/* Joins runs of 4+ single letters with one separator between each
 * (f r e e, V-I-A-G-R-A, F*R*E*E) into one word. */
void lsc__text_join_spaced(splitter *sp, size_t first)
{
    lsc__word *w = sp->words.items;
    size_t i = first, o = first, run = 0;
    /* a join needs four one-byte words in a row: most lines have none */
    for (; i < sp->words.n && run < 4; i++)
        run = w[i].end - w[i].start == 1 ? run + 1 : 0;
    if (run < 4)
        return;
    i = first;
    while (i < sp->words.n) {
        size_t j = i, k;
        char sep = 0;
        int ok = 1;
        while (j < sp->words.n && w[j].end - w[j].start == 1 &&
               ((sp->t[w[j].start] | 0x20) >= 'a' && (sp->t[w[j].start] | 0x20) <= 'z')) {
            if (j > i) {
                char c;
                if (w[j].start != w[j - 1].end + 1)
                    break;
                c = sp->t[w[j - 1].end];
                if (c != ' ' && c != '-' && c != '*' && c != '.' && c != '_' &&
                    c != '|' && c != '+')
                    break;
                if (sep && c != sep)
                    break;
                sep = c;
            }
            j++;
        }
        if (j - i >= 4) {
            /* all of one case */
            int up = sp->t[w[i].start] <= 'Z';
            for (k = i; k < j; k++)
                if ((sp->t[w[k].start] <= 'Z') != up)
                    ok = 0;
        } else {
            ok = 0;
        }
        if (ok) {
            char *n = lsc__arena_alloc(sp->ar, j - i + 1);
            if (!n) {
                sp->nomem = 1;
                return;
            }
            for (k = i; k < j; k++)
                n[k - i] = (char)(sp->t[w[k].start] | 0x20);
            n[j - i] = '\0';
            w[o] = w[i];
            w[o].end = w[j - 1].end;
            w[o].norm = n;
            w[o].norm_len = (uint32_t)(j - i);
            w[o].flags |= LSC__W_OBFUSCATED | LSC__W_SPACED;
            w[o].flags &= ~LSC__W_CASE_BITS;
            *sp->budget += j - i - 1;
            o++;
            i = j;
            continue;
        }
        if (j == i)
            j = i + 1;
        /* words stay where they are until the first join */
        if (o == i)
            o = j;
        else
            for (k = i; k < j; k++)
                w[o++] = w[k];
        i = j;
    }
    sp->words.n = o;
}
