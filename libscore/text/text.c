/*
 * text.c - the words of what the reader sees, and the counts filters use.
 *
 * Takes: the decoded subject and the visible text (pub.text) of every body
 * text part.  Gives: per text an lsc__text (words with byte offsets into
 * that text, a normalized form for matching, flags) and lsc__text_stats;
 * msg->totals sums the body parts and the subject.  Also the words of
 * each HTML part's hidden text (lsc__html.hidden_words), never counted in
 * the totals.
 *
 * Words are UAX #29 word segments containing a letter or digit, from ICU's
 * word break iterator (dictionary-based for Chinese, Japanese, Thai, ...).
 * Pure ASCII lines, the bulk of mail, take a fast path that applies the
 * same rules (tests check that both agree); a line break is always a word
 * boundary, so lines can be split independently.
 *
 * Normalized form: NFKC with case folding (ICU), then the tricks spam uses
 * on words undone: F.R.E.E and f r e e joined, digits inside letter words
 * read as letters (fr3e), zero-width characters dropped and the pieces
 * joined, Cyrillic/Greek look-alikes in Latin words mapped to Latin.
 *
 * Limits: max_words words kept per message (LSC_MSG_TOO_MANY_WORDS: the
 * rest is not split); LSC__TEXT_MAX_WORD bytes of one word normalized;
 * LSC__TEXT_MAX_HIDDEN_WORDS words of hidden HTML text per message.
 * Engine state: a template break iterator and the normalizer, built once
 * and only read; every call clones the iterator.
 */
#include <stdlib.h>

#include "text/text_split.h"

/* ---- character classes ---- */

enum { C_OTHER = 0, C_LETTER = 1, C_DIGIT = 2, C_USCORE = 3, C_MIDNUMLET = 4,
       C_MIDNUM = 5, C_SPACE = 6 };

/* '@' is ALetter in ICU's rules since ICU 72 (CLDR 42), which keeps
 * addresses and handles whole. */
#define L C_LETTER
#define D C_DIGIT
#define S C_SPACE
static const unsigned char ascii_classes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, S, S, S, S, S, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    S, 0, 0, 0, 0, 0, 0, C_MIDNUMLET, 0, 0, 0, 0, C_MIDNUM, 0, C_MIDNUMLET, 0,
    D, D, D, D, D, D, D, D, D, D, 0, C_MIDNUM, 0, 0, 0, 0,
    L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, C_USCORE,
    0, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, 0,
};
#undef L
#undef D
#undef S

/* A letter (with '@'), digit or '_': the bytes a word runs over. */
#define C_IS_WORD(c) ((unsigned char)((c) - C_LETTER) < 3)

/* ---- acronyms that are not shouting ---- */

static const char *const acronyms[] = {
    "AKA", "AML", "API", "ASAP", "ATM", "AWB", "BCC", "BIC", "CAD", "CEO",
    "CFO", "CFR", "CHF", "CIF", "CIO", "CIP", "CNC", "CNF", "CNY", "COD",
    "COO", "CPT", "CPU", "CRM", "CSS", "CSV", "CTO", "CVV", "DAP", "DDP",
    "DDU", "DHL", "DIY", "DNS", "DPU", "DVD", "EAN", "EMS", "ERP", "ETA",
    "ETD", "EUR", "EXW", "FAQ", "FAS", "FCA", "FCL", "FDA", "FOB", "FTP",
    "FYI", "GBP", "GDP", "GDPR", "GMT", "GPS", "HDD", "HKD", "HSE", "HTML",
    "HTTP", "HTTPS", "IBAN", "III", "IMAP", "INR", "IOS", "IPO", "ISBN",
    "ISO", "JPEG", "JPG", "JPY", "KPI", "KRW", "LCD", "LCL", "LED", "LLC",
    "LLP", "LOI", "LTD", "MBA", "MOQ", "MOU", "MSDS", "NASA", "NATO", "NDA",
    "NGO", "NOTE", "NYC", "OCR", "ODM", "OEM", "PCB", "PCS", "PDF", "PHP",
    "PIN", "PLC", "PNG", "POP", "PPE", "PST", "PVC", "QTY", "RAM", "RFP",
    "RFQ", "RMB", "ROHS", "ROI", "RSVP", "RUB", "SAAS", "SDK", "SEO", "SGD",
    "SGS", "SIM", "SKU", "SMS", "SMTP", "SQL", "SSD", "SSL", "SUV", "SWIFT",
    "TBA", "TBC", "TBD", "TNT", "TPE", "TXT", "UAE", "UPC", "UPS", "URL",
    "USA", "USB", "USD", "USPS", "UTC", "UTF", "VAT", "VIII", "VIP", "VPN",
    "WTO", "WWW", "XML", "XIV", "XIX", "XVI", "XXI", "ZIP",
};

/* w: upper-case ASCII letters, NUL-terminated. */
int lsc__text_is_acronym(const char *w)
{
    return lsc__in_sorted(w, acronyms, LSC__COUNT(acronyms));
}

/* ---- look-alike letters (already case-folded) ---- */

uint32_t lsc__text_confusable(uint32_t c)
{
    switch (c) {
    /* Cyrillic */
    case 0x0430: return 'a'; case 0x0432: return 'b'; case 0x0435: return 'e';
    case 0x043A: return 'k'; case 0x043C: return 'm'; case 0x043D: return 'h';
    case 0x043E: return 'o'; case 0x0440: return 'p'; case 0x0441: return 'c';
    case 0x0442: return 't'; case 0x0443: return 'y'; case 0x0445: return 'x';
    case 0x0455: return 's'; case 0x0456: return 'i'; case 0x0458: return 'j';
    case 0x0501: return 'd'; case 0x051B: return 'q'; case 0x051D: return 'w';
    case 0x04BB: return 'h'; case 0x04CF: return 'l'; case 0x0457: return 'i';
    /* Greek */
    case 0x03B1: return 'a'; case 0x03B2: return 'b'; case 0x03B5: return 'e';
    case 0x03B6: return 'z'; case 0x03B7: return 'n'; case 0x03B9: return 'i';
    case 0x03BA: return 'k'; case 0x03BC: return 'u'; case 0x03BD: return 'v';
    case 0x03BF: return 'o'; case 0x03C1: return 'p'; case 0x03C4: return 't';
    case 0x03C5: return 'u'; case 0x03C7: return 'x'; case 0x03C3: return 'o';
    default: return 0;
    }
}

int lsc__text_is_zero_width(uint32_t c)
{
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 ||
           c == 0xFEFF;
}

static int is_currency_cp(uint32_t c)
{
    return c == '$' || c == 0xA3 || c == 0xA5 || c == 0x20AC || c == 0xFFE5 ||
           c == 0xFFE1 || c == 0xFF04 || c == 0x20B9 || c == 0x20BD ||
           c == 0x20A9 || c == 0x20BA || c == 0x20AB || c == 0x0E3F ||
           c == 0x20B1 || c == 0x20A6 || c == 0x20B4;
}

/* ---- engine ---- */

int lsc__text_engine_new(lsc_engine *e, lsc_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    lsc__text_engine *t = lsc__calloc(&e->al, 1, sizeof *t);
    if (!t)
        return lsc__error(err, LSC_ENOMEM, "lsc_engine_new", "out of memory");
    t->tmpl = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    if (U_FAILURE(st) || !t->tmpl) {
        lsc__free(&e->al, t);
        return lsc__error(err, st == U_MEMORY_ALLOCATION_ERROR ? LSC_ENOMEM
                                                               : LSC_EINTERNAL,
                          "ICU", "word break iterator: %s", u_errorName(st));
    }
    t->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st) || !t->nfkc_cf) {
        ubrk_close(t->tmpl);
        lsc__free(&e->al, t);
        return lsc__error(err, LSC_EINTERNAL, "ICU", "NFKC_Casefold: %s",
                          u_errorName(st));
    }
    e->text = t;
    return 0;
}

void lsc__text_engine_free(lsc_engine *e)
{
    if (!e || !e->text)
        return;
    if (e->text->tmpl)
        ubrk_close(e->text->tmpl);
    lsc__free(&e->al, e->text);
    e->text = NULL;
}

int lsc__text_scratch_new(lsc__text_scratch **out, const lsc_engine *e)
{
    lsc__text_scratch *s = lsc__malloc(&e->al, sizeof *s);
    UText init = UTEXT_INITIALIZER;
    *out = NULL;
    if (!s)
        return LSC_ENOMEM;
    s->e = e;
    s->ut = init;
    s->bi = NULL;
    s->ut_open = 0;
    *out = s;
    return 0;
}

void lsc__text_scratch_free(lsc__text_scratch *s)
{
    if (!s)
        return;
    if (s->bi)
        ubrk_close(s->bi);
    if (s->ut_open)
        utext_close(&s->ut);
    lsc__free(&s->e->al, s);
}

void lsc__text_stats_add(lsc__text_stats *sum, const lsc__text_stats *a)
{
    sum->words += a->words;
    sum->letters += a->letters;
    sum->upper_letters += a->upper_letters;
    sum->cased_words += a->cased_words;
    sum->caps_words += a->caps_words;
    sum->exclamations += a->exclamations;
    sum->exclam_runs += a->exclam_runs;
    sum->currency += a->currency;
    sum->percent_off += a->percent_off;
    sum->money_runs += a->money_runs;
    if (a->max_exclam_run > sum->max_exclam_run)
        sum->max_exclam_run = a->max_exclam_run;
    sum->emoji += a->emoji;
    sum->obfuscated += a->obfuscated;
    sum->mixed_script += a->mixed_script;
    sum->chars += a->chars;
}

/* ---- splitting ---- */

/* The ASCII fast path over one line: the UAX #29 rules that apply to
 * ASCII (WB5-WB13b; ':' is not MidLetter and '@' is ALetter in ICU's
 * root rules). */
static void split_ascii(splitter *sp, size_t a, size_t b,
                        void (*emit)(splitter *, size_t, size_t))
{
    const unsigned char *t = (const unsigned char *)sp->t;
    size_t i = a;
    while (i < b) {
        size_t j, k;
        if (!C_IS_WORD(ascii_classes[t[i]])) {
            i++;
            continue;
        }
        j = i;
        for (;;) {
            /* the word bytes are lsc__ascii_bits' letters, digits, '@'
             * and '_' */
            j = lsc__ch_run((const char *)t, j, b,
                            LSC__CH_ALPHA | LSC__CH_DIGIT | LSC__CH_AT |
                                LSC__CH_USCORE);
            /* a mid character between two letters or two digits */
            if (j + 1 < b) {
                unsigned char prev = ascii_classes[t[j - 1]], mid = ascii_classes[t[j]],
                              next = ascii_classes[t[j + 1]];
                /* the mid character first: it is seldom one */
                if (mid == C_MIDNUMLET && prev == C_LETTER &&
                    next == C_LETTER) {
                    j += 1;
                    continue;
                }
                if ((mid == C_MIDNUMLET || mid == C_MIDNUM) &&
                    prev == C_DIGIT && next == C_DIGIT) {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        /* a word needs a letter or digit other than '@' ("@@", "__" are
         * none); most have one in their first byte */
        for (k = i; k < j; k++)
            if (t[k] != '@' && (ascii_classes[t[k]] == C_LETTER ||
                                ascii_classes[t[k]] == C_DIGIT))
                break;
        if (k < j)
            emit(sp, i, j);
        if (sp->nomem || *sp->limited)
            return;
        i = j;
    }
}

static void split_icu(splitter *sp, size_t a, size_t b,
                      void (*emit)(splitter *, size_t, size_t))
{
    lsc__text_scratch *s = sp->s;
    UErrorCode st = U_ZERO_ERROR;
    int32_t prev, cur;
    if (!s->bi) {
        s->bi = ubrk_clone(s->e->text->tmpl, &st);
        if (U_FAILURE(st) || !s->bi) {
            s->bi = NULL;
            sp->nomem = 1;
            return;
        }
    }
    utext_openUTF8(&s->ut, sp->t + a, (int64_t)(b - a), &st);
    s->ut_open = 1;
    ubrk_setUText(s->bi, &s->ut, &st);
    if (U_FAILURE(st)) {
        sp->nomem = 1;
        return;
    }
    prev = ubrk_first(s->bi);
    while ((cur = ubrk_next(s->bi)) != UBRK_DONE) {
        size_t i = a + (size_t)prev, e = a + (size_t)cur;
        int alnum = 0;
        while (i < e) {
            UChar32 c;
            size_t k = i;
            U8_NEXT((const uint8_t *)sp->t, k, e, c);
            if (c >= 0 && u_isalnum(c)) {
                alnum = 1;
                break;
            }
            i = k;
        }
        if (alnum)
            emit(sp, a + (size_t)prev, e);
        if (sp->nomem || *sp->limited)
            return;
        prev = cur;
    }
}

/* A line with some non-ASCII text.  A space or tab always separates
 * words (no UAX #29 rule joins across one, and a dictionary run ends
 * there), so the line is cut at them: spans of chunks that are pure ASCII
 * take the fast path, the others go to ICU whole, with the spaces
 * between them. */
static void split_mixed(splitter *sp, size_t a, size_t b)
{
    const unsigned char *t = (const unsigned char *)sp->t;
    size_t i = a, icu_from = LSC__NONE;
    while (i < b && !sp->nomem && !*sp->limited) {
        size_t cs = i, ce;
        int ascii = 1;
        while (i < b && t[i] != ' ' && t[i] != '\t') {
            if (t[i] >= 0x80)
                ascii = 0;
            i++;
        }
        ce = i;
        while (i < b && (t[i] == ' ' || t[i] == '\t'))
            i++;
        if (ascii) {
            if (icu_from != LSC__NONE) {
                split_icu(sp, icu_from, cs, lsc__text_emit_word);
                icu_from = LSC__NONE;
            }
            if (ce > cs)
                split_ascii(sp, cs, ce, lsc__text_emit_ascii_word);
        } else if (icu_from == LSC__NONE) {
            icu_from = cs;
        }
    }
    if (icu_from != LSC__NONE && !sp->nomem && !*sp->limited)
        split_icu(sp, icu_from, b, lsc__text_emit_word);
}

/* ---- counts over characters ---- */

static int starts_ci(const char *t, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n >= l && lsc__ncasecmp(t, lit, l) == 0;
}

static const char *const off_words[] = {
    "off", "discount", "rabatt", "descuento", "dto", "remise", "sconto",
    "korting", "desconto", "reduction", "réduction", "\xd1\x81\xd0\xba\xd0\xb8\xd0\xb4\xd0\xba", /* скидк */
    "\xe6\x8a\x98", /* 折 */ "\xe4\xbc\x98\xe6\x83\xa0", /* 优惠 */
    "\xe5\x84\xaa\xe6\x83\xa0", /* 優惠 */ "\xe5\x89\xb2\xe5\xbc\x95", /* 割引 */
    "\xe3\x82\xaa\xe3\x83\x95", /* オフ */
};

static const char *const currency_codes[] = {
    "AUD", "CAD", "CHF", "CNY", "EUR", "GBP", "HKD", "INR", "JPY", "RMB",
    "RUB", "SGD", "USD",
};

static int digit_at(const char *t, size_t len, size_t i)
{
    return i < len && t[i] >= '0' && t[i] <= '9';
}

/* ASCII characters char_counts looks at more closely. */
static const unsigned char ascii_marks[128] = {
    ['!'] = 1, ['$'] = 1, ['%'] = 1,
};

static void char_counts(splitter *sp)
{
    const uint8_t *t = (const uint8_t *)sp->t;
    size_t len = sp->len, i = 0, run = 0, mrun = 0;
    lsc__text_stats *st = sp->st;
    UChar32 prevc = 0;
    int prev_emoji_ri = 0;

    while (i < len) {
        size_t at = i;
        UChar32 c;
        if (t[i] < 0x80 && !ascii_marks[t[i]]) {
            /* a run of ASCII that counts only as characters */
            size_t k = i + 1;
            /* eight bytes at a time while none is marked or non-ASCII */
            while (k + 8 <= len) {
                uint64_t x;
                memcpy(&x, t + k, 8);
                if ((x & LSC__HIGH_BITS) | lsc__has_byte(x, '!') |
                    lsc__has_byte(x, '$') | lsc__has_byte(x, '%'))
                    break;
                k += 8;
            }
            while (k < len && t[k] < 0x80 && !ascii_marks[t[k]])
                k++;
            st->chars += k - i;
            if (run >= 2)
                st->exclam_runs++;
            if (run > st->max_exclam_run)
                st->max_exclam_run = run;
            if (mrun >= 2)
                st->money_runs++;
            run = mrun = 0;
            prev_emoji_ri = 0;
            prevc = t[k - 1];
            i = k;
            continue;
        }
        if (t[i] < 0x80) {
            c = t[i++];
        } else {
            sp->past_ascii = 1;
            U8_NEXT(t, i, len, c);
            if (c < 0) {
                prevc = 0;
                continue;
            }
        }
        st->chars++;
        /* exclamation marks and their runs */
        if (c == '!' || c == 0xFF01 || c == 0x203C) {
            st->exclamations += c == 0x203C ? 2 : 1;
            run += c == 0x203C ? 2 : 1;
        } else {
            if (run >= 2)
                st->exclam_runs++;
            if (run > st->max_exclam_run)
                st->max_exclam_run = run;
            run = 0;
        }
        /* currency symbols: runs, and amounts next to them */
        if (is_currency_cp((uint32_t)c)) {
            size_t k = i;
            mrun++;
            while (k < len && t[k] == ' ')
                k++;
            if (digit_at((const char *)t, len, k)) {
                st->currency++;
            } else {
                k = at;
                while (k > 0 && t[k - 1] == ' ')
                    k--;
                if (k > 0 && t[k - 1] >= '0' && t[k - 1] <= '9')
                    st->currency++;
            }
        } else {
            if (mrun >= 2)
                st->money_runs++;
            mrun = 0;
        }
        /* percent off */
        if ((c == '%' || c == 0xFF05) && at > 0) {
            size_t k = at;
            while (k > 0 && t[k - 1] == ' ')
                k--;
            if (k > 0 && t[k - 1] >= '0' && t[k - 1] <= '9') {
                size_t d = k, f;
                int found = 0;
                while (d > 0 && ((t[d - 1] >= '0' && t[d - 1] <= '9') || t[d - 1] == '.'))
                    d--;
                if (d > 0 && t[d - 1] == '-')
                    found = 1;
                f = i;
                while (f < len && t[f] == ' ')
                    f++;
                for (k = 0; !found && k < LSC__COUNT(off_words); k++)
                    if (starts_ci((const char *)t + f, len - f, off_words[k]))
                        found = 1;
                if (!found && d >= 5) {
                    /* "save 50%", "up to 70%" */
                    size_t b = d;
                    while (b > 0 && t[b - 1] == ' ')
                        b--;
                    if ((b >= 4 && lsc__ncasecmp((const char *)t + b - 4, "save", 4) == 0) ||
                        (b >= 5 && lsc__ncasecmp((const char *)t + b - 5, "up to", 5) == 0))
                        found = 1;
                }
                if (found)
                    st->percent_off++;
            }
        }
        /* 5折: digits then 折 directly */
        if (c == 0x6298 && at > 0 && t[at - 1] >= '0' && t[at - 1] <= '9')
            st->percent_off++;
        /* emoji */
        if (c >= 0x2100) {
            int ri = c >= 0x1F1E6 && c <= 0x1F1FF;
            if (prevc == 0x200D || u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER)) {
                ;
            } else if (ri) {
                if (!prev_emoji_ri)
                    st->emoji++;
                prev_emoji_ri = !prev_emoji_ri;
                prevc = c;
                continue;
            } else if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION)) {
                st->emoji++;
            } else if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) &&
                       i + 3 <= len && t[i] == 0xEF && t[i + 1] == 0xB8 &&
                       t[i + 2] == 0x8F) {
                st->emoji++;
            }
        }
        prev_emoji_ri = 0;
        prevc = c;
    }
    if (run >= 2)
        st->exclam_runs++;
    if (run > st->max_exclam_run)
        st->max_exclam_run = run;
    if (mrun >= 2)
        st->money_runs++;
}

/* Currency codes next to amounts ("USD 500", "500 EUR"). */
static void code_amounts(splitter *sp)
{
    lsc__word *w = sp->words.items;
    size_t i, k;
    for (i = 0; i < sp->words.n; i++) {
        if (!(w[i].flags & LSC__W_ACRONYM) || w[i].end - w[i].start != 3)
            continue;
        for (k = 0; k < LSC__COUNT(currency_codes); k++)
            if (memcmp(sp->t + w[i].start, currency_codes[k], 3) == 0)
                break;
        if (k == LSC__COUNT(currency_codes))
            continue;
        if ((i + 1 < sp->words.n && (w[i + 1].flags & LSC__W_DIGITS) &&
             !(w[i + 1].flags & LSC__W_LETTERS) && w[i + 1].start - w[i].end <= 2) ||
            (i > 0 && (w[i - 1].flags & LSC__W_DIGITS) &&
             !(w[i - 1].flags & LSC__W_LETTERS) && w[i].start - w[i - 1].end <= 2))
            sp->st->currency++;
    }
}

int lsc__text_split(lsc__text_scratch *s, lsc__arena *ar, const char *text,
                    size_t len, lsc__text *out, size_t *budget, int *limited,
                    int force_icu)
{
    splitter sp;
    size_t a = 0, i;
    memset(out, 0, sizeof *out);
    memset(&sp, 0, sizeof sp);
    sp.s = s;
    sp.ar = ar;
    sp.t = text;
    sp.len = len;
    sp.st = &out->stats;
    sp.budget = budget;
    sp.limited = limited;
    lsc__vec_init(&sp.words, sizeof(lsc__word));
    if (!text)
        return 0;
    char_counts(&sp);
    /* One word in 6 bytes is typical; the vector grows past that.  The
     * pool holds each ASCII word and its NUL: at most the text's bytes
     * plus one per word. */
    if (len) {
        size_t guess = len / 6 + 4;
        if (guess > *budget + 1)
            guess = *budget + 1;
        sp.words.items = lsc__arena_alloc(ar, guess * sizeof(lsc__word));
        if (!sp.words.items)
            return LSC_ENOMEM;
        sp.words.cap = guess;
        sp.pool_left = len + len / 2 + 16;
        sp.pool = lsc__arena_alloc(ar, sp.pool_left);
        if (!sp.pool)
            return LSC_ENOMEM;
    }
    /* An ASCII text (char_counts saw no byte past ASCII) at once: no word
     * runs past a line end, and neither does a spaced one (the join
     * takes one blank or mark between letters, never a line end), so
     * line by line gives the same words. */
    if (!force_icu && !sp.past_ascii && len) {
        split_ascii(&sp, 0, len, lsc__text_emit_ascii_word);
        if (!sp.nomem && sp.ones_max >= 4)
            lsc__text_join_spaced(&sp, 0);
        a = len;
    }
    while (a < len && !sp.nomem && !*limited) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - text) + 1 : len;
        size_t first = sp.words.n;
        int ascii = !force_icu && lsc__ascii_run(text + a, b - a) == b - a;
        sp.ones = sp.ones_max = 0;
        if (ascii)
            split_ascii(&sp, a, b, lsc__text_emit_ascii_word);
        else if (force_icu)
            split_icu(&sp, a, b, lsc__text_emit_word);
        else
            split_mixed(&sp, a, b);
        if (!sp.nomem && !ascii)
            lsc__text_join_zero_width(&sp, first);
        /* an ASCII line's words are as pushed, and the push counted its
         * one-byte words in a row; the zero-width join may have changed
         * another line's, which the join reads again */
        if (!sp.nomem && (!ascii || sp.ones_max >= 4))
            lsc__text_join_spaced(&sp, first);
        a = b;
    }
    if (sp.nomem)
        return LSC_ENOMEM;
    for (i = 0; i < sp.words.n; i++) {
        lsc__word *w = &LSC__VEC_AT(&sp.words, lsc__word, i);
        /* the test lsc__text_word_case opens with, without the call; and
         * for an ASCII word its answer without a branch on how long the
         * word is (a word of under three letters is not counted, one
         * with a small letter is): only one of three letters or more and
         * no small one (ALL-CAPS) needs the call */
        if ((w->flags & LSC__W_CASED) && !(w->flags & LSC__W_DIGITS)) {
            uint32_t cb = w->flags & LSC__W_CASE_BITS;
            if (cb & LSC__W_CASE_COUNTED) {
                uint32_t fl = cb & (LSC__W_CASE_FEW | LSC__W_CASE_LOWER);
                out->stats.cased_words += fl == LSC__W_CASE_LOWER;
                if (!fl)
                    lsc__text_word_case(&sp, w);
            } else {
                lsc__text_word_case(&sp, w);
            }
        }
        w->flags &= ~LSC__W_CASE_BITS;
        if (w->flags & LSC__W_OBFUSCATED)
            out->stats.obfuscated++;
        if (w->flags & LSC__W_MIXED_SCRIPT)
            out->stats.mixed_script++;
    }
    code_amounts(&sp);
    out->words = sp.words.items;
    out->n_words = sp.words.n;
    out->stats.words = sp.words.n;
    return 0;
}

/* Is part i body text a reader is shown: not an attachment, and not the
 * plain alternative of an HTML part that has words.  Decided here once,
 * after every part is split, and kept in lsc__part.shown. */
static int part_shown(const lsc__message *m, size_t i)
{
    const lsc__part *p = m->parts[i];
    size_t j;
    if (p->pub.kind != LSC_PART_LEAF || !(p->pub.flags & LSC_PART_TEXT) ||
        (p->pub.flags & LSC_PART_ATTACHMENT) || !p->pub.text)
        return 0;
    if ((p->pub.flags & LSC_PART_HTML) || p->pub.parent >= m->n_parts ||
        strcmp(m->parts[p->pub.parent]->pub.content_type,
               "multipart/alternative") != 0)
        return 1;
    for (j = 0; j < m->n_parts; j++) {
        const lsc__part *q = m->parts[j];
        /* the HTML may sit in a multipart/related with its images */
        if (j != i && (q->pub.flags & LSC_PART_HTML) &&
            (q->pub.flags & LSC_PART_TEXT) && q->text.n_words > 0 &&
            lsc__part_alternative(m, j) == p->pub.parent)
            return 0;
    }
    return 1;
}

int lsc__text_run(lsc__ctx *c)
{
    lsc__message *m = c->msg;
    lsc__text_scratch *s;
    size_t budget = c->eng->limits.max_words, i;
    size_t hidden_budget = LSC__TEXT_MAX_HIDDEN_WORDS;
    int limited = 0, hidden_limited = 0, rc;

    rc = lsc__text_scratch_new(&s, c->eng);
    if (rc != 0)
        return rc;
    memset(&m->totals, 0, sizeof m->totals);
    rc = lsc__text_split(s, c->ar, m->subject, m->subject_len, &m->subject_text,
                         &budget, &limited, 0);
    if (rc == 0)
        m->totals.subject = m->subject_text.stats;
    for (i = 0; rc == 0 && i < m->n_parts; i++) {
        lsc__part *p = m->parts[i];
        if (p->pub.kind != LSC_PART_LEAF || !p->pub.text ||
            !(p->pub.flags & LSC_PART_TEXT) ||
            (p->pub.flags & LSC_PART_ATTACHMENT))
            continue;
        rc = lsc__text_split_cached(c, s, p->pub.text, p->pub.text_bytes,
                                    &p->text, &budget, &limited);
    }
    /* hidden HTML text: words for the rules that judge what it hides */
    for (i = 0; rc == 0 && i < m->n_parts; i++) {
        lsc__part *p = m->parts[i];
        if (p->html.parsed && p->html.hidden_text_len)
            rc = lsc__text_split(s, c->ar, p->html.hidden_text,
                                 p->html.hidden_text_len, &p->html.hidden_words,
                                 &hidden_budget, &hidden_limited, 0);
    }
    for (i = 0; rc == 0 && i < m->n_parts; i++) {
        m->parts[i]->shown = part_shown(m, i);
        if (m->parts[i]->shown)
            lsc__text_stats_add(&m->totals.body, &m->parts[i]->text.stats);
    }
    if (limited)
        m->flags |= LSC_MSG_TOO_MANY_WORDS;
    lsc__text_scratch_free(s);
    return rc;
}
