/*
 * textlinks.c - the links a reader sees in plain text.
 *
 * Takes: the decoded text (pub.text) of every text/plain body part.
 * Gives: lsc__html.links of that part, as the HTML links are kept (target,
 * host and the flags url.c reads in the address), with LSC__LINK_PLAIN,
 * the link's text the URL as written and text_start/text_end its span in
 * the text, so the link rules judge plain letters with the same evidence.
 *
 * Found: URLs with a scheme (http, https, ftp), "www." names and bare
 * names under a TLD the Public Suffix List knows ("bit.ly/x",
 * "example.com"), also written defanged: hxxp://, h**p://, [:],
 * "example[.]com", "(.)", "[dot]" (LSC__LINK_OBFUSCATED), and "example dot
 * com", found but not flagged: honest writers use it against harvesters.
 * Not links: an e-mail address (a name before or after "@"), a file name
 * ("report.pdf", "setup.py", "invoice.zip" with no path), a number
 * ("3.14"), "the dot com era".
 * Limits: the engine's max_links over the message (after the HTML links);
 * LSC__TEXTLINK_MAX_URL bytes of one URL kept (url.h).
 */
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/domain.h"
#include "html/html.h"
#include "html/url.h"

#define TL_MAX_URL LSC__TEXTLINK_MAX_URL

typedef struct {
    char buf[TL_MAX_URL + 16];
    size_t n;
    int obf;            /* written defanged */
    int spaced;         /* " dot " between labels */
    int bare;           /* no scheme, no www., no path: maybe a file name */
} urlbuf;

static void put(urlbuf *u, const char *s, size_t n)
{
    if (u->n + n > TL_MAX_URL)
        n = TL_MAX_URL - u->n;
    memcpy(u->buf + u->n, s, n);
    u->n += n;
}

#define LDH (LSC__CH_ALPHA | LSC__CH_DIGIT | LSC__CH_HYPHEN)
static int is_ldh(unsigned char ch)
{
    return LSC__CH(ch, LDH);
}

/* A character that may stand right before a link: not part of a word, an
 * address or a path ("x@example.com" and "a/example.com" start no link). */
static int starts_after(const char *t, size_t i)
{
    return i == 0 ||
           !LSC__CH(t[i - 1], LSC__CH_ALPHA | LSC__CH_DIGIT | LSC__CH_HYPHEN |
                                  LSC__CH_AT | LSC__CH_DOT | LSC__CH_USCORE |
                                  LSC__CH_PATH);
}

/* Byte sets tested for every word of a text, where a strchr call on a
 * literal cost more than the rest of the test; each set has the NUL
 * byte, as strchr's has. */
static int opens_defanged(char ch)       /* "[({ " */
{
    return ch == '[' || ch == '(' || ch == '{' || ch == ' ' || ch == '\0';
}

static int opens_spaced_dot(char ch)     /* "[(dD": " [.]", " (dot)" */
{
    return ch == '[' || ch == '(' || ch == 'd' || ch == 'D' || ch == '\0';
}

static int goes_on_into_link(char ch)    /* ".[({:*" */
{
    return ch == '.' || ch == '[' || ch == '(' || ch == '{' || ch == ':' ||
           ch == '*' || ch == '\0';
}

/* Whether a link can go on past the word that ends at t[e]: into a
 * next label (a dot before a letter, digit or '-'; a defanged dot; " dot
 * ") or a scheme (':', "[:]", "h**p").  The word's end is tested before
 * any link is read, so the tests are those of read_host and find_url
 * (a sentence's last word ends in a dot before a space; a word before
 * " d" is mostly not before " dot "). */
static int may_go_on(const char *t, size_t e, size_t n)
{
    char ch = t[e];
    if (ch == '.')
        return e + 1 < n && is_ldh((unsigned char)t[e + 1]);
    /* after a blank, only a bracket or " dot " goes on: the 'd' is
     * asked for before the compare, which every word before a blank
     * would otherwise call */
    if (ch == ' ')
        return e + 1 < n &&
               (t[e + 1] == '[' || t[e + 1] == '(' || t[e + 1] == '\0' ||
                ((t[e + 1] | 0x20) == 'd' && n - e >= 5 &&
                 lsc__ncasecmp(t + e + 1, "dot ", 4) == 0));
    return goes_on_into_link(ch);
}

/* Separators between labels written defanged, with how long they are. */
static size_t defanged_dot(const char *t, size_t i, size_t n, int *spaced)
{
    static const char *const seps[] = { "[.]", "(.)", "{.}", "[dot]", "(dot)",
                                        "{dot}", " [.] ", " [dot] ", " (dot) " };
    size_t k;
    *spaced = 0;
    /* most words end in a space or punctuation that starts no separator */
    if (i >= n || !opens_defanged(t[i]) ||
        (t[i] == ' ' && (i + 1 >= n || !opens_spaced_dot(t[i + 1]))))
        return 0;
    for (k = 0; k < LSC__COUNT(seps); k++) {
        size_t l = strlen(seps[k]);
        if (n - i >= l && lsc__ncasecmp(t + i, seps[k], l) == 0)
            return l;
    }
    if (n - i >= 5 && lsc__ncasecmp(t + i, " dot ", 5) == 0) {
        *spaced = 1;
        return 5;
    }
    return 0;
}

/* Reads labels from t[i]: host into u, *end after it; the number of
 * labels.  unicode: letters of any script allowed (after a scheme). */
static size_t read_host(const char *t, size_t i, size_t n, urlbuf *u,
                        int unicode, size_t *end, size_t *last_label)
{
    size_t labels = 0;
    for (;;) {
        size_t s = i, sep;
        int spaced;
        while (i < n && u->n + (i - s) < TL_MAX_URL) {
            unsigned char ch = (unsigned char)t[i];
            if (is_ldh(ch)) {
                i++;
            } else if (ch >= 0x80 && unicode) {
                size_t j = i;
                UChar32 cp;
                U8_NEXT(t, j, n, cp);
                if (cp < 0 || !u_isalnum(cp))
                    break;
                i = j;
            } else {
                break;
            }
        }
        if (i == s)
            break;
        *last_label = u->n;
        put(u, t + s, i - s);
        labels++;
        *end = i;
        if (i < n && t[i] == '.' && i + 1 < n && (is_ldh((unsigned char)t[i + 1]) ||
                                                  (unicode && (unsigned char)t[i + 1] >= 0x80))) {
            put(u, ".", 1);
            i++;
        } else if ((sep = defanged_dot(t, i, n, &spaced)) != 0 && i + sep < n &&
                   is_ldh((unsigned char)t[i + sep])) {
            put(u, ".", 1);
            /* "anna dot berg at example dot com" is how honest people
             * keep addresses from harvesters: found, not held against */
            u->obf |= !spaced;
            u->spaced |= spaced;
            i += sep;
        } else {
            break;
        }
    }
    /* whatever follows the last dot up to the first non-ASCII byte: "example.com查看" */
    if (labels && u->n > *last_label) {
        size_t k;
        for (k = *last_label; k < u->n; k++)
            if ((unsigned char)u->buf[k] >= 0x80)
                break;
        if (k < u->n) {
            size_t cut = u->n - k;
            u->n = k;
            /* give back the bytes cut off: find where they began in t */
            while (cut > 0 && *end > 0) {
                (*end)--;
                cut--;
            }
        }
    }
    return labels;
}

/* ASCII path, query and port after the host; trailing punctuation is the
 * sentence's. */
static size_t read_rest(const char *t, size_t i, size_t n, urlbuf *u)
{
    size_t s = i, e;
    if (i >= n || !(t[i] == '/' || t[i] == '?' || t[i] == '#' || t[i] == ':' ||
                    t[i] == '\\'))
        return i;
    while (i < n && (unsigned char)t[i] > ' ' && (unsigned char)t[i] < 0x80 &&
           t[i] != '<' && t[i] != '>' && t[i] != '"' && t[i] != '`')
        i++;
    e = i;
    while (e > s && strchr(".,;:!?)]}'", t[e - 1]))
        e--;
    put(u, t + s, e - s);
    return e;
}

/* Words that precede "dot com" in prose ("the dot com era"). */
static int prose_word(const char *w, size_t n)
{
    static const char *const words[] = { "and", "any", "big", "every", "first",
        "her", "his", "its", "new", "old", "one", "our", "that", "the", "their",
        "this", "was", "your" };
    size_t k;
    if (n < 3)
        return 1;
    for (k = 0; k < LSC__COUNT(words); k++)
        if (strlen(words[k]) == n && lsc__ncasecmp(w, words[k], n) == 0)
            return 1;
    return 0;
}

/* A name with no scheme and no path that is a file name, not a site. */
static int file_like(const char *tld, size_t n)
{
    static const char *const ext[] = { "am", "cs", "md", "mk", "mov", "pl",
        "pm", "ps", "py", "rs", "sh", "so", "ts", "zip" };
    size_t k;
    for (k = 0; k < LSC__COUNT(ext); k++)
        if (strlen(ext[k]) == n && lsc__ncasecmp(tld, ext[k], n) == 0)
            return 1;
    return 0;
}

/* A link starting at t[i], its URL in u and its end in *end; 0 if none. */
static int find_url(const char *t, size_t i, size_t n, urlbuf *u, size_t *end)
{
    static const struct { const char *w; const char *as; int obf; } schemes[] = {
        { "https", "https", 0 }, { "http", "http", 0 }, { "hxxps", "https", 1 },
        { "hxxp", "http", 1 }, { "h**ps", "https", 1 }, { "h**p", "http", 1 },
        { "ftp", "ftp", 0 }, { "fxp", "ftp", 1 },
    };
    size_t k, j = i, labels, last = 0, hend = i, tl;
    int scheme = 0;
    u->n = 0;
    u->obf = u->spaced = u->bare = 0;
    for (k = 0; k < LSC__COUNT(schemes) && !scheme && strchr("hHfF", t[i]); k++) {
        size_t l = strlen(schemes[k].w);
        if (n - i > l && lsc__ncasecmp(t + i, schemes[k].w, l) == 0) {
            j = i + l;
            if (t[j] == ':')
                j++;
            else if (n - j >= 3 && memcmp(t + j, "[:]", 3) == 0)
                j += 3, u->obf = 1;
            else
                continue;
            if (j >= n || (t[j] != '/' && t[j] != '\\'))
                continue;
            while (j < n && (t[j] == '/' || t[j] == '\\'))
                j++;
            put(u, schemes[k].as, strlen(schemes[k].as));
            put(u, "://", 3);
            u->obf |= schemes[k].obf;
            scheme = 1;
        }
    }
    if (!scheme)
        put(u, "http://", 7);
    if (scheme) {
        /* userinfo stays in: url.c judges "https://bank.com@evil.example" */
        size_t s = j;
        while (j < n && (unsigned char)t[j] > ' ' && (unsigned char)t[j] < 0x80 &&
               strchr("/?#\\<>\"`", t[j]) == NULL)
            j++;
        if (memchr(t + s, '@', j - s)) {
            const char *at = t + s;
            size_t a = 0;
            for (k = s; k < j; k++)
                if (t[k] == '@')
                    a = k + 1;
            put(u, at, a - s);
            j = a;
        } else {
            j = s;
        }
    }
    labels = read_host(t, j, n, u, scheme, &hend, &last);
    if (labels == 0)
        return 0;
    tl = u->n - last;
    if (!scheme) {
        const char *first = u->buf + 7;
        /* the buffer is not terminated yet: the first label ends at a
         * dot or at the URL's end (a one-label word has no dot) */
        const char *dot = memchr(first, '.', u->n - 7);
        size_t fl = dot ? (size_t)(dot - first) : u->n - 7;
        int www = fl == 3 && lsc__ncasecmp(first, "www", 3) == 0;
        if (labels < 2 || (hend < n && t[hend] == '@'))
            return 0;         /* one word, or the local part of an address */
        if (!lsc__domain_known_tld(u->buf + last, tl))
            return 0;
        if (u->spaced) {
            /* "example dot com": only a name, then a common TLD */
            static const char *const tlds[] = { "biz", "cn", "co", "com", "info",
                                                "io", "net", "org", "ru", "uk", "us" };
            int ok = 0;
            for (k = 0; k < LSC__COUNT(tlds); k++)
                ok |= strlen(tlds[k]) == tl && lsc__ncasecmp(u->buf + last, tlds[k], tl) == 0;
            if (!ok || prose_word(first, fl))
                return 0;
        }
        *end = read_rest(t, hend, n, u);
        if (*end == hend && !www && file_like(u->buf + last, tl))
            return 0;
        u->bare = *end == hend && !www;
    } else {
        *end = read_rest(t, hend, n, u);
    }
    u->buf[u->n] = 0;
    return 1;
}

/* A byte after which a word may go on into a link (may_go_on): one of
 * ".[({:*", a NUL, or a blank before 'd' (" dot ").  A blank before '['
 * or '(' is found at the bracket. */
static int joint(const char *t, size_t j, size_t n)
{
    char ch = t[j];
    return goes_on_into_link(ch) ||
           (ch == ' ' && j + 1 < n && (t[j + 1] | 0x20) == 'd');
}

/* The first joint at or after t[k], or n.  Most text has one every few
 * words: eight bytes are tested at once and the first joint among them
 * is told by counting zero bits (a branch per word, where each word ends,
 * is what the scan spent its time mispredicting).  '[' and '{' differ in
 * one bit, as '(' and '*' do: each pair is one test. */
static size_t next_joint(const char *t, size_t k, size_t n)
{
    size_t j;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; k + 9 <= n; k += 8) {
        uint64_t x, y, m;
        memcpy(&x, t + k, 8);
        memcpy(&y, t + k + 1, 8);
        m = lsc__bytes_eq(x, '.') | lsc__bytes_eq(x, ':') |
            lsc__bytes_eq(x | 0x2020202020202020ULL, '{') |
            lsc__bytes_eq(x | 0x0202020202020202ULL, '*') |
            lsc__bytes_eq(x, 0) |
            (lsc__bytes_eq(x, ' ') &
             lsc__bytes_eq(y | 0x2020202020202020ULL, 'd'));
        if (m)
            return k + (size_t)__builtin_ctzll(m) / 8;
    }
#endif
    for (j = k; j < n; j++)
        if (joint(t, j, n))
            return j;
    return n;
}

static int scan_part(lsc__ctx *c, lsc__part *p, lsc__vec *links,
                     size_t before, lsc__spoof **sp)
{
    const char *t = p->pub.text;
    size_t n = p->pub.text_bytes, j, from = 0, end;
    urlbuf u;
    /* A link starts a word (a run of letters, digits and '-' after a
     * byte that starts no word, not at a '-') and goes on past its end:
     * only the words that end at a joint are asked (e: the byte after
     * the word, the joint or the blank before a bracket), and none that
     * began inside a link already taken (before from). */
    for (j = next_joint(t, 0, n); j < n; j = next_joint(t, j + 1, n)) {
        size_t ends[2], k, ne = 0;
        if (j > 0 && t[j - 1] == ' ' && (t[j] == '[' || t[j] == '(' || t[j] == '\0'))
            ends[ne++] = j - 1;
        ends[ne++] = j;
        for (k = 0; k < ne; k++) {
            size_t e = ends[k], i = e;
            lsc__link *l;
            while (i > 0 && is_ldh((unsigned char)t[i - 1]))
                i--;
            if (i == e || i < from || t[i] == '-' || !starts_after(t, i) ||
                !may_go_on(t, e, n) || !find_url(t, i, n, &u, &end) ||
                end <= i)
                continue;
            if (before + links->n >= c->eng->limits.max_links) {
                c->msg->flags |= LSC_MSG_TOO_MANY_LINKS;
                return 0;
            }
            l = lsc__vec_push(links, c->ar);
            if (!l)
                return LSC_ENOMEM;
            l->href = lsc__arena_strndup(c->ar, u.buf, u.n);
            l->text = lsc__arena_strndup(c->ar, t + i, end - i);
            if (!l->href || !l->text)
                return LSC_ENOMEM;
            l->text_start = i;
            l->text_end = end;
            l->flags = LSC__LINK_PLAIN | (u.obf ? LSC__LINK_OBFUSCATED : 0);
            if (lsc__url_target(c->eng, c->ar, sp, l, u.buf, u.n, 0) != 0)
                return LSC_ENOMEM;
            /* "sendmail.cf", "photo.zip": a bare name may be a file's */
            if (u.bare)
                l->flags &= ~LSC__LINK_ABUSED_TLD;
            from = end;
            if (end > j + 1) {
                j = end - 1;   /* the next joint is looked for from end */
                break;
            }
        }
    }
    return 0;
}

int lsc__html_text_links(lsc__ctx *c)
{
    size_t i, before = 0;
    lsc__spoof *sp = NULL;
    int rc = 0;
    for (i = 0; i < c->msg->n_parts; i++)
        before += c->msg->parts[i]->html.n_links;
    for (i = 0; i < c->msg->n_parts && rc == 0; i++) {
        lsc__part *p = c->msg->parts[i];
        lsc__vec links;
        if (p->pub.kind != LSC_PART_LEAF || !(p->pub.flags & LSC_PART_TEXT) ||
            (p->pub.flags & (LSC_PART_HTML | LSC_PART_ATTACHMENT)) || !p->pub.text)
            continue;
        lsc__vec_init(&links, sizeof(lsc__link));
        rc = scan_part(c, p, &links, before, &sp);
        p->html.links = links.items;
        p->html.n_links = links.n;
        before += links.n;
    }
    return rc;
}
