/*
 * rules_content.c - content the phrase lists cannot see (content branch):
 * the shapes of extortion and fraud mail in the shown text (whether a
 * letter quotes an earlier one is rules_quotes.c's): crypto-wallet
 * addresses, advance-fee phrase combinations, credit-repair promises,
 * large dollar sums next to a fraud story, and addresses hidden from
 * machines (ROT13, spaced out; the worded "[at] ... [dot]" of honest
 * signatures is not).
 *
 * Takes: the shown text of the parts (lsc__part.shown, pub.text).  Gives:
 * hits with the matched spans as evidence.  Every scan stops after
 * CONTENT_MAX_SCAN bytes of a part and CONTENT_MAX_EVIDENCE spans.
 */
#include "rules/construct.h"
#include "rules/content.h"

#define CONTENT_MAX_SCAN LSC__CONTENT_MAX_SCAN
#define CONTENT_MAX_EVIDENCE LSC__CONTENT_MAX_EVIDENCE
#define CONTENT_MAX_SPACED LSC__CONTENT_MAX_SPACED

/* The text of part i when it is shown, at most CONTENT_MAX_SCAN bytes of
 * it in *n; NULL for parts a reader does not see. */
const char *lsc__content_shown(const lsc__ctx *c, size_t i, size_t *n)
{
    const lsc__part *pt = c->msg->parts[i];
    if (!pt->shown || !pt->pub.text)
        return NULL;
    *n = LSC__MIN(pt->pub.text_bytes, CONTENT_MAX_SCAN);
    return pt->pub.text;
}

/* ---- spans found in the shown text ---- */

typedef struct found {
    size_t part[CONTENT_MAX_EVIDENCE], start[CONTENT_MAX_EVIDENCE],
        end[CONTENT_MAX_EVIDENCE];
    size_t n;           /* spans kept */
    size_t count;       /* matches seen */
} found;

static void keep(found *f, size_t part, size_t start, size_t end)
{
    if (f->n < CONTENT_MAX_EVIDENCE) {
        f->part[f->n] = part;
        f->start[f->n] = start;
        f->end[f->n] = end;
        f->n++;
    }
    f->count++;
}

static int fire_found(lsc__ctx *c, lsc__hit *h, const found *f)
{
    size_t i;
    if (!h)
        return LSC_ENOMEM;
    for (i = 0; i < f->n; i++)
        if (lsc__evidence(c, h, LSC_WHERE_BODY, f->part[i], NULL, f->start[i],
                          f->end[i]) == LSC_ENOMEM)
            return LSC_ENOMEM;
    return 0;
}

static int alnum(int ch)
{
    return LSC__CH(ch, LSC__CH_ALPHA | LSC__CH_DIGIT);
}

/* ---- the phrase lists, scanned together once per message ---- */

/* Words that say a token is a wallet; legacy, Tron and Ethereum shapes
 * also occur as order numbers and hashes, so they need one. */
static const char *const wallet_words[] = {
    "bitcoin", "btc", "wallet", "crypto", "cryptocurrency", "ethereum",
    "eth", "usdt", "tether", "比特币", "钱包", "錢包", "加密货币", "以太坊",
    "泰达币", "虚拟币",
};

/* advance-fee fraud: a story, money, secrecy, a request */
static const char *const fee_story[] = {
    /* not "beneficiary": every letter of credit names one */
    "next of kin", "inheritance", "late husband",
    "late father", "deceased", "unclaimed", "dormant account", "consignment box",
    "diplomatic courier", "compensation fund", "transfer of the fund",
    "transfer the fund", "barrister", "foreign partner", "winning notification",
    "you have won", "lottery", "遗产", "遺產", "受益人", "已故", "无人认领",
    "中奖", "中獎", "赔偿金", "外交信使", "托运箱", "继承人",
};
static const char *const fee_money[] = {
    "million", "billion", "millions", "百万", "百萬", "万美元", "萬美元",
    "千万", "千萬", "亿",
};
static const char *const fee_secret[] = {
    /* not "strictly confidential": every disclaimer footer says it */
    "utmost confidentiality", "absolute secrecy",
    "keep this secret", "confidential transaction", "risk free", "risk-free",
    "100% safe", "绝对保密", "絕對保密", "严格保密", "无风险",
};
static const char *const fee_request[] = {
    "your full name", "your bank account", "your account details",
    "your telephone number", "your private email", "processing fee",
    "transfer fee", "clearance fee", "release fee", "your occupation",
    "your age", "手续费", "手續費", "银行账户", "銀行賬戶", "您的全名",
    "私人邮箱", "转账费",
};

/* credit repair */
static const char *const credit_repair[] = {
    "credit repair", "repair your credit", "fix your credit", "fix bad credit",
    "erase bad credit", "erase your bad credit", "remove negative items",
    "clean up your credit", "clean your credit report", "raise your credit score",
    "boost your credit score", "improve your credit score fast",
    "bad credit ok", "bad credit no problem", "new credit identity",
    "信用修复", "修复征信", "征信修复", "消除不良记录", "洗白征信", "征信洗白",
    "信用卡逾期处理", "黑户也能贷",
};

/* The lists by number, and where each begins among all phrases.  Every
 * phrase has at least three bytes: the scan finds them by their first
 * three (lsc__content_engine_new refuses a shorter one). */
enum { L_WALLET, L_STORY, L_MONEY, L_SECRET, L_REQUEST, L_CREDIT, L_COUNT };
static const struct plist {
    const char *const *ph;
    size_t n;
} plists[L_COUNT] = {
    { wallet_words, LSC__COUNT(wallet_words) },
    { fee_story, LSC__COUNT(fee_story) },
    { fee_money, LSC__COUNT(fee_money) },
    { fee_secret, LSC__COUNT(fee_secret) },
    { fee_request, LSC__COUNT(fee_request) },
    { credit_repair, LSC__COUNT(credit_repair) },
};
#define PH_TOTAL (LSC__COUNT(wallet_words) + LSC__COUNT(fee_story) + \
                  LSC__COUNT(fee_money) + LSC__COUNT(fee_secret) + \
                  LSC__COUNT(fee_request) + LSC__COUNT(credit_repair))
/* the chains of first bytes count phrases in an unsigned char */
_Static_assert(PH_TOTAL < 255, "too many content phrases for one scan");

/* Where each phrase of every list was first found (part SIZE_MAX: not
 * found); lsc__ctx.content keeps it for the message. */
struct lsc__content_scan {
    size_t part[PH_TOTAL], at[PH_TOTAL];
};

/* The phrases of every list chained by their first three bytes, five
 * low bits of each: these say a letter whatever its case, so a word's
 * opening finds only the phrases that open alike, and the bytes are
 * compared only for those.  Built once per engine. */
#define PH_KEYS 4096
struct lsc__content_index {
    unsigned char head[PH_KEYS];        /* 1 + first phrase of a key */
    unsigned char next[PH_TOTAL];       /* 1 + next phrase of its key */
    unsigned char first[PH_TOTAL], second[PH_TOTAL];  /* lowered */
    const char *ph[PH_TOTAL];
    size_t len[PH_TOTAL];
};

static unsigned ph_key(unsigned char a, unsigned char b, unsigned char c)
{
    return ((a & 31u) << 7 ^ (b & 31u) << 4 ^ (c & 31u)) & (PH_KEYS - 1);
}

int lsc__content_engine_new(lsc_engine *e, lsc_error *err)
{
    lsc__content_index *x = lsc__calloc(&e->al, 1, sizeof *x);
    size_t k, l, q = 0;
    if (!x)
        return lsc__error(err, LSC_ENOMEM, "lsc_engine_new", "out of memory");
    e->content = x;
    for (l = 0; l < L_COUNT; l++)
        for (k = 0; k < plists[l].n; k++)
            x->ph[q++] = plists[l].ph[k];
    for (k = PH_TOTAL; k-- > 0;) {
        const unsigned char *p = (const unsigned char *)x->ph[k];
        unsigned key;
        x->len[k] = strlen(x->ph[k]);
        /* a phrase is found by its first three bytes */
        if (x->len[k] < 3)
            return lsc__error(err, LSC_EINTERNAL, "lsc_engine_new",
                              "content phrase '%s' is shorter than 3 bytes",
                              x->ph[k]);
        /* the scan tries only where a word or a character starts */
        if (!alnum(p[0]) && p[0] < 0xC0)
            return lsc__error(err, LSC_EINTERNAL, "lsc_engine_new",
                              "content phrase '%s' opens with neither a "
                              "letter, a digit nor a character's lead byte",
                              x->ph[k]);
        key = ph_key(p[0], p[1], p[2]);
        x->first[k] = (unsigned char)lsc__lower_ascii(p[0]);
        x->second[k] = (unsigned char)lsc__lower_ascii(p[1]);
        x->next[k] = x->head[key];
        x->head[key] = (unsigned char)(k + 1);
    }
    return 0;
}

void lsc__content_engine_free(lsc_engine *e)
{
    if (!e)
        return;
    lsc__free(&e->al, e->content);
    e->content = NULL;
}

/* For each phrase of every list its first whole-word occurrence, in the
 * first part that has one (an ASCII phrase must not touch letters or
 * digits on either side; CJK has no such edge; a phrase never spans a
 * line end).  One pass over each part for all lists (a search per phrase
 * was most of the content rules' time), through the engine's index.  An
 * ASCII phrase is only tried where a word starts, a CJK one where a
 * character does. */
static void scan_phrases(const lsc__ctx *c, struct lsc__content_scan *sc)
{
    const lsc__content_index *x = c->eng->content;
    size_t i, k, left = PH_TOTAL;
    for (k = 0; k < PH_TOTAL; k++)
        sc->part[k] = SIZE_MAX;
    for (i = 0; i < c->msg->n_parts && left; i++) {
        size_t tn, base;
        uint64_t prev = 0;
        const char *t = lsc__content_shown(c, i, &tn);
        if (!t)
            continue;
        /* Eight bytes at a time.  A phrase opens with a letter or digit
         * or with a multi-byte character's lead byte (CJK), so the places
         * to try are where a run of letters and digits starts (the byte
         * before it, in this block or the last, is none) and the lead
         * bytes (11xxxxxx); a mask has a bit for each, and only those
         * bytes are read.  Bytes past tn read as 0, which opens nothing. */
        for (base = 0; base + 2 < tn && left; base += 8) {
            uint64_t w8 = 0, an, cand;
            if (base + 8 <= tn)
                memcpy(&w8, t + base, 8);     /* one load, not a call */
            else
                memcpy(&w8, t + base, tn - base);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            w8 = __builtin_bswap64(w8);    /* t[base] in the low byte */
#endif
            an = lsc__ch_mask7(w8, LSC__CH_ALPHA | LSC__CH_DIGIT) & ~w8 &
                 LSC__HIGH_BITS;
            cand = (an & ~((an << 8) | prev)) |
                   (w8 & (w8 << 1) & LSC__HIGH_BITS);
            prev = an >> 56;
            while (cand) {
                size_t from = base + (size_t)__builtin_ctzll(cand) / 8;
                int b;
                unsigned char h;
                cand &= cand - 1;
                if (from + 2 >= tn)     /* three bytes find a phrase */
                    break;
                b = (unsigned char)t[from];
                h = x->head[ph_key((unsigned char)b, (unsigned char)t[from + 1],
                                   (unsigned char)t[from + 2])];
                for (; h; h = x->next[h - 1]) {
                    size_t p = h - 1u, pl = x->len[p];
                    if (sc->part[p] != SIZE_MAX || from + pl > tn ||
                        lsc__lower_ascii(b) != x->first[p] ||
                        lsc__lower_ascii((unsigned char)t[from + 1]) !=
                            x->second[p] ||
                        lsc__ncasecmp(t + from + 2, x->ph[p] + 2, pl - 2) != 0)
                        continue;
                    /* an ASCII phrase ends where a word does */
                    if (alnum((unsigned char)x->ph[p][0]) && from + pl < tn &&
                        alnum((unsigned char)t[from + pl]))
                        continue;
                    sc->part[p] = i;
                    sc->at[p] = from;
                    left--;
                }
            }
        }
    }
}

/* Distinct phrases of list l found in the shown parts, their first
 * occurrences kept in f.  The scan runs at the first call of a message. */
static size_t phrases(lsc__ctx *c, int l, found *f)
{
    struct lsc__content_scan here, *sc = c->content;
    size_t k, first = 0, distinct = 0;
    if (!sc) {
        /* without memory to keep it, each call scans again */
        sc = lsc__arena_alloc(c->ar, sizeof *sc);
        if (!sc)
            sc = &here;
        scan_phrases(c, sc);
        if (sc != &here)
            c->content = sc;
    }
    for (k = 0; k < (size_t)l; k++)
        first += plists[k].n;
    for (k = 0; k < plists[l].n; k++)
        if (sc->part[first + k] != SIZE_MAX) {
            if (f)
                keep(f, sc->part[first + k], sc->at[first + k],
                     sc->at[first + k] + strlen(plists[l].ph[k]));
            distinct++;
        }
    return distinct;
}

/* ---- crypto-wallet addresses (extortion and "investment" mail) ---- */


static int base58(int ch)
{
    return alnum(ch) && ch != '0' && ch != 'O' && ch != 'I' && ch != 'l';
}

static int bech32(int ch)
{
    return ch && strchr("qpzry9x8gf2tvdw0s3jn54khce6mua7l", ch) != NULL;
}

/* The shortest wallet (a legacy address) has 26 characters. */
#define WALLET_MIN_RUN 26

/* 2: a wallet by its shape alone (bech32 "bc1..."); 1: a wallet if the
 * text speaks of one (legacy 1/3, Tron T, Ethereum 0x); 0: not one. */
static int wallet_shape(const char *t, size_t n)
{
    size_t i, up = 0, low = 0, dig = 0;
    if (n >= 42 && n <= 62 && lsc__ncasecmp(t, "bc1", 3) == 0) {
        for (i = 3; i < n && bech32(t[i] | 0x20); i++)
            ;
        return i == n ? 2 : 0;
    }
    if (n == 42 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        for (i = 2; i < n && lsc__hexval((unsigned char)t[i]) >= 0; i++)
            ;
        return i == n;
    }
    if ((t[0] == '1' || t[0] == '3') ? (n < WALLET_MIN_RUN || n > 35)
                                     : (t[0] != 'T' || n != 34))
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (!base58(ch))
            return 0;
        up += ch >= 'A' && ch <= 'Z';
        low += ch >= 'a' && ch <= 'z';
        dig += ch >= '0' && ch <= '9';
    }
    /* base58 of a hash mixes all three; a word or a number does not */
    return up >= 3 && low >= 3 && dig >= 2;
}

int lsc__rule_crypto_wallet(lsc__ctx *c)
{
    found f, ctx_words;
    size_t i, sure = 0;
    memset(&f, 0, sizeof f);
    for (i = 0; i < c->msg->n_parts; i++) {
        size_t n, pos = 0;
        const char *s = lsc__content_shown(c, i, &n);
        if (!s)
            continue;
        /* pos is 0 or follows a byte that is not a letter or digit.  No
         * run shorter than WALLET_MIN_RUN is a wallet, so a window of that
         * many bytes is read from its end: the last non-alphanumeric byte
         * in it is where the next run can start (most of the text is
         * stepped over without being read). */
        while (pos + WALLET_MIN_RUN <= n) {
            size_t e = pos + WALLET_MIN_RUN;
            int shape;
            while (e > pos && alnum((unsigned char)s[e - 1]))
                e--;
            if (e > pos) {
                pos = e;
                continue;
            }
            e = pos + WALLET_MIN_RUN;
            while (e < n && alnum((unsigned char)s[e]))
                e++;
            shape = (pos == 0 || s[pos - 1] != '/') ? wallet_shape(s + pos, e - pos) : 0;
            if (shape) {
                keep(&f, i, pos, e);
                sure += shape == 2;
            }
            pos = e + 1;
        }
    }
    if (!f.count)
        return 0;
    memset(&ctx_words, 0, sizeof ctx_words);
    if (!sure && !phrases(c, L_WALLET, &ctx_words))
        return 0;
    return fire_found(c, lsc__fire(c, 1.0, CRYPTO_WALLET, f.count), &f);
}

/* ---- advance-fee fraud: a story, money, secrecy, a request ---- */


/* Categories of the combination present besides the story. */
static size_t fee_others(lsc__ctx *c, found *f)
{
    return (phrases(c, L_MONEY, f) > 0) +
           (phrases(c, L_SECRET, f) > 0) +
           (phrases(c, L_REQUEST, f) > 0);
}

int lsc__rule_advance_fee(lsc__ctx *c)
{
    found f;
    size_t story, others;
    memset(&f, 0, sizeof f);
    story = phrases(c, L_STORY, &f);
    if (!story)
        return 0;
    others = fee_others(c, &f);
    /* one element is an honest letter's (a will, a lottery of a fair);
     * the story with two of money, secrecy and a request is the scheme */
    if (others < 2 || story + others < 3)
        return 0;
    return fire_found(c, lsc__fire(c, LSC__MIN(1.0, 0.5 + 0.25 * (double)others),
                                   ADVANCE_FEE, f.count), &f);
}

/* ---- large sums of money in a fraud story ---- */

/* Sums of at least this many units are "large" (SpamAssassin's
 * US_DOLLARS_3 counts millions). */
#define LARGE_SUM 1000000.0

static const char *const currency_before[] = {
    "US$", "USD", "$", "EUR", "€", "GBP", "£",
};
/* The first bytes of currency_before, in either case: other bytes
 * cannot start one, so the comparisons are skipped there. */
static const unsigned char currency_first[256] = {
    ['U'] = 1, ['u'] = 1, ['$'] = 1, ['E'] = 1, ['e'] = 1, ['G'] = 1,
    ['g'] = 1, [0xE2] = 1 /* € */, [0xC2] = 1 /* £ */,
};
static const char *const million_words[] = {
    "million", "millions", "mln", "mn", "m", "billion", "bn",
};

/* The number at s (digits with , . separators and blanks before), its
 * value times a following "million"/"billion"; *len its length. */
static double amount_at(const char *s, size_t n, size_t *len)
{
    size_t i = 0, k;
    double v = 0, frac = 0, scale = 1;
    int dot = 0, any = 0;
    while (i < n && s[i] == ' ')
        i++;
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= '0' && ch <= '9') {
            any = 1;
            if (dot) {
                scale /= 10;
                frac += (ch - '0') * scale;
            } else {
                v = v * 10 + (ch - '0');
            }
        } else if (ch == ',' && !dot && any) {
            continue;       /* thousands separator */
        } else if (ch == '.' && !dot && any && i + 1 < n &&
                   s[i + 1] >= '0' && s[i + 1] <= '9') {
            dot = 1;
        } else {
            break;
        }
    }
    if (!any)
        return 0;
    v += frac;
    {
        size_t j = i;
        while (j < n && s[j] == ' ')
            j++;
        for (k = 0; k < LSC__COUNT(million_words); k++) {
            size_t l = strlen(million_words[k]);
            if (j + l <= n && lsc__ncasecmp(s + j, million_words[k], l) == 0 &&
                (j + l == n || !alnum((unsigned char)s[j + l]))) {
                v *= million_words[k][0] == 'b' ? 1e9 : 1e6;
                i = j + l;
                break;
            }
        }
    }
    *len = i;
    return v;
}

int lsc__rule_large_sum(lsc__ctx *c)
{
    found f, story;
    size_t i, k;
    /* a quote, an order or a turnover in the millions is business: the
     * sum counts only inside a fraud story, so without one (most mail)
     * there is nothing to look for (the phrase scan is the message's one,
     * kept for the advance-fee rule) */
    memset(&story, 0, sizeof story);
    if (!phrases(c, L_STORY, &story) &&
        !phrases(c, L_SECRET, &story))
        return 0;
    memset(&f, 0, sizeof f);
    for (i = 0; i < c->msg->n_parts; i++) {
        size_t n, pos;
        const char *s = lsc__content_shown(c, i, &n);
        if (!s)
            continue;
        for (pos = 0; pos < n; pos++) {
            if (!currency_first[(unsigned char)s[pos]])
                continue;
            /* a letter inside a word opens no currency: those made of
             * letters must start a word, the others are not letters */
            if (pos && alnum((unsigned char)s[pos]) &&
                alnum((unsigned char)s[pos - 1]))
                continue;
            for (k = 0; k < LSC__COUNT(currency_before); k++) {
                size_t l = strlen(currency_before[k]), len = 0;
                if (pos + l > n || lsc__ncasecmp(s + pos, currency_before[k], l) != 0 ||
                    (alnum((unsigned char)currency_before[k][0]) && pos &&
                     alnum((unsigned char)s[pos - 1])))
                    continue;
                if (amount_at(s + pos + l, n - pos - l, &len) >= LARGE_SUM)
                    keep(&f, i, pos, pos + l + len);
                pos += l + len - 1;
                break;
            }
        }
    }
    if (!f.count)
        return 0;
    return fire_found(c, lsc__fire(c, 1.0, LARGE_MONEY_SUM, f.count), &f);
}

/* ---- credit repair ---- */


int lsc__rule_credit_repair(lsc__ctx *c)
{
    found f;
    memset(&f, 0, sizeof f);
    if (!phrases(c, L_CREDIT, &f))
        return 0;
    return fire_found(c, lsc__fire(c, 1.0, CREDIT_REPAIR, f.count), &f);
}

/* ---- addresses written so that harvesters miss them ---- */

/* What ROT13 makes of common top-level domains ("pbz" is com). */
static const char *const rot13_tld[] = {
    "pbz", "arg", "bet", "rqh", "vasb", "ovm", "qr", "hx", "wc",
};

/* name [at] domain [dot] tld, name(at)domain(dot)tld, name at domain dot
 * tld: the separators, in the order they must come. */
static const char *const at_words[] = {
    "[at]", "(at)", "{at}", " [at] ", " (at) ", " {at} ", " at ",
};
static const char *const dot_words[] = {
    "[dot]", "(dot)", "{dot}", " [dot] ", " (dot) ", " {dot} ", " dot ", ".",
};

static size_t word_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && LSC__CH(s[i], LSC__CH_ALPHA | LSC__CH_DIGIT |
                                      LSC__CH_USCORE | LSC__CH_HYPHEN))
        i++;
    return i;
}

/* End of "at-word domain dot-word tld" right after a name, or 0. */
static size_t worded_address(const char *s, size_t n)
{
    size_t k, d, i, l = 0, dots = 0, worded = 0;
    /* every at-word opens with one of these (most words end elsewhere) */
    if (!n || (s[0] != ' ' && s[0] != '[' && s[0] != '(' && s[0] != '{'))
        return 0;
    /* after a space only " [at] ", " (at) ", " {at} " and " at "; and
     * every one has "at" after its opener (" a" alone is most prose) */
    if (s[0] == ' ' && (n < 2 || (s[1] != '[' && s[1] != '(' && s[1] != '{' &&
                                  s[1] != 'a' && s[1] != 'A')))
        return 0;
    i = s[0] == ' ' && s[1] != 'a' && s[1] != 'A' ? 2 : 1;
    if (i + 1 >= n || (s[i] | 0x20) != 'a' || (s[i + 1] | 0x20) != 't')
        return 0;
    for (k = 0; k < LSC__COUNT(at_words); k++) {
        l = strlen(at_words[k]);
        if (l <= n && lsc__ncasecmp(s, at_words[k], l) == 0)
            break;
    }
    if (k == LSC__COUNT(at_words))
        return 0;
    i = l;
    for (;;) {
        size_t w = word_run(s + i, n - i);
        if (!w)
            return 0;
        i += w;
        for (d = 0; d < LSC__COUNT(dot_words); d++) {
            l = strlen(dot_words[d]);
            if (i + l < n && lsc__ncasecmp(s + i, dot_words[d], l) == 0 &&
                alnum((unsigned char)s[i + l]))
                break;
        }
        if (d == LSC__COUNT(dot_words) || dots >= 8)
            break;
        dots++;
        worded += d + 1 < LSC__COUNT(dot_words);
        i += l;
    }
    /* " at " with a plain dot is how prose mentions a site ("at
     * booking.com"): only a worded dot makes it a hidden address */
    if (!dots || (at_words[k][0] == ' ' && at_words[k][1] == 'a' && !worded))
        return 0;
    return i;
}

static int tokchar(int ch)
{
    return LSC__CH(ch, LSC__CH_ALPHA | LSC__CH_DIGIT | LSC__CH_AT |
                           LSC__CH_DOT | LSC__CH_HYPHEN | LSC__CH_USCORE);
}

/* A one-character token at j. */
static int single(const char *s, size_t n, size_t j)
{
    return j < n && tokchar((unsigned char)s[j]) &&
           (j + 1 >= n || !tokchar((unsigned char)s[j + 1]));
}

/* End of a spaced-out address starting at pos ("i n f o @ s h o p .
 * c o m"), or 0. */
static size_t spaced_address(const char *s, size_t n, size_t pos)
{
    size_t e = pos, tokens = 1, at = 0;
    int dot = 0;
    if (!single(s, n, pos) || !alnum((unsigned char)s[pos]))
        return 0;
    while (e + 2 < n && s[e + 1] == ' ' && single(s, n, e + 2) &&
           tokens < CONTENT_MAX_SPACED) {
        e += 2;
        tokens++;
        if (s[e] == '@' && !at)
            at = tokens;
        else if (s[e] == '.' && at)
            dot = 1;
    }
    return at >= 4 && dot && tokens >= at + 4 ? e + 1 : 0;
}

/* The run of one-character tokens a spaced-out address could take from
 * pos: where it ends (after its last token) and its first '@' token at or
 * after pos (SIZE_MAX: none).  Kept across the starts inside one run, so
 * that a start whose CONTENT_MAX_SPACED tokens hold no '@' (and so cannot
 * be an address) costs nothing: a long run of letters would otherwise be
 * read up to the limit again from each of its tokens. */
typedef struct spaced_run {
    size_t end, at;
} spaced_run;

static int may_be_spaced(const char *s, size_t n, size_t pos, spaced_run *r)
{
    size_t e;
    if (pos >= r->end) {
        if (!single(s, n, pos))
            return 0;
        r->at = SIZE_MAX;
        for (e = pos;; e += 2) {
            if (s[e] == '@' && r->at == SIZE_MAX)
                r->at = e;
            if (!(e + 2 < n && s[e + 1] == ' ' && single(s, n, e + 2)))
                break;
        }
        r->end = e + 1;
    } else if (r->at != SIZE_MAX && r->at < pos) {
        for (e = pos; e < r->end && s[e] != '@'; e += 2)
            ;
        r->at = e < r->end ? e : SIZE_MAX;
    }
    return r->at != SIZE_MAX && r->at <= pos + 2 * (CONTENT_MAX_SPACED - 1);
}

/* The domain after the '@' at s[at]: where it ends (*end), and whether
 * its last label is one of rot13_tld (at most one is: they differ). */
static int rot13_domain(const char *s, size_t n, size_t at, size_t *end)
{
    size_t e = at + 1, last = 0, k;
    while (e < n &&
           (alnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '-')) {
        if (s[e] == '.')
            last = e + 1;
        e++;
    }
    *end = e;
    for (k = 0; last && k < LSC__COUNT(rot13_tld); k++)
        if (e - last == strlen(rot13_tld[k]) &&
            lsc__ncasecmp(s + last, rot13_tld[k], e - last) == 0)
            return 1;
    return 0;
}

/* Whether s[0..n) may hold a finding of the scan below: the '@' token of
 * a spaced-out address stands between two spaces, and the '@' of a ROT13
 * one opens a domain whose last label is in rot13_tld.  Most parts with
 * an '@' have it only in plain addresses, and need no scan. */
static int may_hide_address(const char *s, size_t n)
{
    const char *a = memchr(s, '@', n);
    for (; a; a = memchr(a + 1, '@', n - (size_t)(a + 1 - s))) {
        size_t i = (size_t)(a - s), e;
        if (i > 0 && i + 1 < n && s[i - 1] == ' ' && s[i + 1] == ' ')
            return 1;
        if (rot13_domain(s, n, i, &e))
            return 1;
    }
    return 0;
}

int lsc__rule_address_obfuscated(lsc__ctx *c)
{
    found f;
    size_t i;
    memset(&f, 0, sizeof f);
    for (i = 0; i < c->msg->n_parts; i++) {
        size_t n, pos;
        const char *s = lsc__content_shown(c, i, &n);
        spaced_run run = { 0, SIZE_MAX };
        /* both kinds of finding hold an '@' (a worded address is only
         * stepped over), in the places may_hide_address looks at */
        if (!s || !may_hide_address(s, n))
            continue;
        for (pos = 0; pos < n; pos++) {
            size_t name, end;
            if (pos && (tokchar((unsigned char)s[pos - 1])))
                continue;
            name = word_run(s + pos, n - pos);
            if (!name)
                continue;
            if (may_be_spaced(s, n, pos, &run) &&
                (end = spaced_address(s, n, pos)) != 0) {
                keep(&f, i, pos, end);
                pos = end - 1;
                continue;
            }
            /* ROT13: name@domain.pbz */
            if (pos + name < n && s[pos + name] == '@') {
                size_t e;
                if (rot13_domain(s, n, pos + name, &e))
                    keep(&f, i, pos, e);
                pos = e - 1;
                continue;
            }
            /* "name (at) host {dot} org" is how list regulars hide their
             * signature from harvesters (4 easy ham, no spam in the
             * corpus): stepped over, never a finding */
            if ((end = worded_address(s + pos + name, n - pos - name)) != 0) {
                pos += name + end - 1;
                continue;
            }
            pos += name - 1;
        }
    }
    if (!f.count)
        return 0;
    return fire_found(c, lsc__fire(c, 1.0, ADDRESS_OBFUSCATED, f.count), &f);
}
