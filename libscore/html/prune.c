/*
 * prune.c - the markup as libxml2 is given it.
 *
 * Takes: an HTML part's markup (UTF-8).
 * Gives: lsc__html_rewrite(), a copy with four rewrites, or nothing when
 * none of them changes a byte:
 * - an "&#" that starts no number written "&amp;#": libxml2 drops it
 *   ("AT&#T" would read "ATT"), HTML shows it;
 * - bogus end tags ("</>", "</ x>", "</3>") dropped, as an HTML5
 *   tokenizer drops them ("V</ x>IAGRA" reads "VIAGRA"; libxml2 would
 *   show the rest as text);
 * - the attributes html.c never reads (face, size, align, border,
 *   cellpadding, ...; lsc__html_attr_read says which are read) dropped,
 *   and what comments say (html.c only notes where one is).
 *   libxml2 reads an attribute value a character at a time into a buffer
 *   it grows and frees again; a third of the attribute bytes in the
 *   corpus mail are layout no rule looks at, and stepping over them costs
 *   a fraction of parsing them;
 * - with a place for them (sv), stretches of text and quoted values
 *   libxml2 would copy as written given as a mark (standin.c) html.c puts
 *   back, and blanks alone between markup as one blank where no <pre> or
 *   its kin can be open: libxml2 reads text a character at a time too,
 *   and then only decides whether it is blanks.
 *
 * Only what libxml2 2.9's start-tag grammar reads as one whole attribute
 * is dropped (name, blanks, '=', blanks, a quoted or bare value, and the
 * blanks after it), so the parser meets the same elements and the same
 * read attributes in the same order; a comment keeps its "<!--" and the
 * "-->" or "--!>" libxml2 ends it at.  End tags, declarations and the
 * text of script and style are stepped over as libxml2 steps over them;
 * a tag with anything else in it (a bogus name, an unclosed quote, an
 * overlong name), or markup with a NUL byte (where libxml2 stops), ends
 * the dropping: the rest is left as written.  Marks go only where libxml2
 * reads character data: not after a '<' that is text, not over the name
 * of a reference, never split by its 1000-byte text buffer.
 * Limits: standin.c's LSC__STANDIN_MAX; each pass reads the markup once.
 */
#include "html/html_parse.h"

/* libxml2's name buffer (HTML_PARSER_BUFFER_SIZE): a longer name is read
 * in a way this file does not follow, so such a tag is left alone. */
#define NAME_MAX_LEN 99

/* libxml2's blank (IS_BLANK_CH): no form feed, unlike HTML's
 * whitespace (lsc__html_is_ws). */
static int blank(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

#define NAME_BYTES (LSC__CH_ALPHA | LSC__CH_DIGIT | LSC__CH_HYPHEN | \
                    LSC__CH_USCORE | LSC__CH_DOT)

static int name_start(unsigned char ch)
{
    return LSC__CH(ch, LSC__CH_ALPHA | LSC__CH_USCORE | LSC__CH_DOT) ||
           ch == ':';
}

static int letter(unsigned char ch)
{
    return LSC__CH(ch, LSC__CH_ALPHA);
}

/* The first byte of a name as libxml2's htmlParseName takes it in ASCII
 * (a DOCTYPE's, a processing instruction's target). */
static int xml_name_start(unsigned char ch)
{
    return letter(ch) || ch == '_' || ch == ':';
}

/* Where script or style that starts at s[i] ends: at its end tag (close:
 * "</script" or "</style", any case, and no more name after it), where
 * libxml2, recovering, ends it; n when there is none.  "</scriptx" ends a
 * stretch of its text, but names another element: libxml2 steps over
 * that tag to its '>' and reads on in the script. */
static size_t raw_text_end(const char *s, size_t i, size_t n,
                           const char *close)
{
    size_t rl = strlen(close);
    for (;;) {
        const char *gt;
        while (i + rl <= n && lsc__ncasecmp(s + i, close, rl) != 0) {
            const char *lt = memchr(s + i + 1, '<', n - i - 1);
            i = lt ? (size_t)(lt - s) : n;
        }
        if (i + rl > n)
            return n;
        if (i + rl == n || (!LSC__CH(s[i + rl], NAME_BYTES) && s[i + rl] != ':'))
            return i;
        gt = memchr(s + i + rl, '>', n - i - rl);
        if (!gt)
            return n;
        i = (size_t)(gt - s) + 1;
    }
}

int lsc__html_attr_read(const char *n, size_t len)
{
    /* at most two names to compare for a length and first letter */
    static const char *const names[][2] = {
        { "id" }, { "alt" }, { "src" }, { "href" }, { "text", "type" },
        { "class", "color" }, { "style" }, { "width" },
        { "height", "hidden" }, { "bgcolor" }, { "background" },
    };
    /* 1 + the row of names above, by length and first letter */
    static const unsigned char row[11][26] = {
        [2]['i' - 'a'] = 1, [3]['a' - 'a'] = 2, [3]['s' - 'a'] = 3,
        [4]['h' - 'a'] = 4, [4]['t' - 'a'] = 5, [5]['c' - 'a'] = 6,
        [5]['s' - 'a'] = 7, [5]['w' - 'a'] = 8, [6]['h' - 'a'] = 9,
        [7]['b' - 'a'] = 10, [10]['b' - 'a'] = 11,
    };
    int k, j;
    unsigned char c;
    if (len < 2)
        return 0;
    c = (unsigned char)(n[0] | 0x20);
    /* every on... attribute: html.c asks which are event handlers */
    if (c == 'o' && (n[1] | 0x20) == 'n')
        return 1;
    if (len >= LSC__COUNT(row) || c < 'a' || c > 'z')
        return 0;
    k = row[len][c - 'a'] - 1;
    if (k < 0)
        return 0;
    for (j = 0; j < 2 && names[k][j]; j++)
        if (lsc__ncasecmp(n, names[k][j], len) == 0)
            return 1;
    return 0;
}

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
    while (i < n && blank((unsigned char)s[i]))
        i++;
    return i;
}

/* The end of the name at s[i]: letters, digits, '-', '_', '.', ':'. */
static size_t name_end(const char *s, size_t i, size_t n)
{
    for (;;) {
        i = lsc__ch_run(s, i, n, NAME_BYTES);
        if (i >= n || s[i] != ':')
            return i;
        i++;
    }
}

/* Where the comment opened at s[i] ("<!--") ends: past the first "-->"
 * or "--!>" from its fourth byte on (libxml2 2.9 ends one at either),
 * *close the terminator's length; (size_t)-1 when it is left open. */
static size_t comment_end(const char *s, size_t i, size_t n, size_t *close)
{
    const char *c = s + i + 4, *end = s + n;
    while (c < end && (c = memchr(c, '-', (size_t)(end - c))) != NULL) {
        if (end - c >= 3 && c[1] == '-' && c[2] == '>') {
            *close = 3;
            return (size_t)(c - s) + 3;
        }
        if (end - c >= 4 && c[1] == '-' && c[2] == '!' && c[3] == '>') {
            *close = 4;
            return (size_t)(c - s) + 4;
        }
        c++;
    }
    return (size_t)-1;
}

/* A quoted literal at s[k] as libxml2's htmlParseSystemLiteral and
 * htmlParsePubidLiteral read it: past its closing quote; k when s[k] is
 * no quote; (size_t)-1 when it runs to the end. */
static size_t literal_end(const char *s, size_t k, size_t n)
{
    const char *q;
    if (k >= n || (s[k] != '"' && s[k] != '\''))
        return k;
    q = memchr(s + k + 1, s[k], n - k - 1);
    return q ? (size_t)(q - s) + 1 : (size_t)-1;
}

/* Where the DOCTYPE at s[i] ("<!DOCTYPE") ends as libxml2 2.9's
 * htmlParseDocTypeDecl reads it: blanks, a name, blanks, SYSTEM and a
 * literal or PUBLIC and one or two, blanks, then to the first '>' (a
 * quote counts only where a literal may stand).  (size_t)-1 when that
 * runs to the end, or the name is one this file does not follow (not
 * ASCII). */
static size_t doctype_end(const char *s, size_t i, size_t n)
{
    size_t k = skip_blanks(s, i + 9, n), e;
    const char *gt;
    if (k < n && xml_name_start((unsigned char)s[k])) {
        k = name_end(s, k, n);
        if (k >= n || (unsigned char)s[k] >= 0x80)
            return (size_t)-1;
    } else if (k < n && (unsigned char)s[k] >= 0x80) {
        return (size_t)-1;
    }
    k = skip_blanks(s, k, n);
    if (n - k >= 6 && (lsc__ncasecmp(s + k, "system", 6) == 0 ||
                       lsc__ncasecmp(s + k, "public", 6) == 0)) {
        int pub = (s[k] | 0x20) == 'p';
        k = literal_end(s, skip_blanks(s, k + 6, n), n);
        if (k != (size_t)-1 && pub) {
            e = skip_blanks(s, k, n);
            if (e < n && (s[e] == '"' || s[e] == '\''))
                k = literal_end(s, e, n);
        }
        if (k == (size_t)-1)
            return k;
    }
    k = skip_blanks(s, k, n);
    gt = k < n ? memchr(s + k, '>', n - k) : NULL;
    return gt ? (size_t)(gt - s) + 1 : (size_t)-1;
}

/* Where what starts at s[i] ('<' before no letter, no comment) ends, as
 * libxml2 reads it: an end tag or a processing instruction past the
 * first '>' ("<?" alone when no name follows), a DOCTYPE as doctype_end
 * says; any other '<' is text.  (size_t)-1 when the rest is one of them
 * left open, or one this file does not follow. */
static size_t skip_other(const char *s, size_t i, size_t n)
{
    const char *gt;
    if (n - i >= 9 && lsc__ncasecmp(s + i + 2, "doctype", 7) == 0 &&
        s[i + 1] == '!')
        return doctype_end(s, i, n);
    if (i + 2 < n && s[i + 1] == '?') {
        /* a processing instruction needs a name (htmlParsePI): without
         * one libxml2 steps over "<?" alone and reads on from there */
        unsigned char c = (unsigned char)s[i + 2];
        if (c >= 0x80)
            return (size_t)-1;
        if (!xml_name_start(c))
            return i + 2;
    } else if (!(i + 2 < n && s[i + 1] == '/' &&
                 letter((unsigned char)s[i + 2]))) {
        return i + 1;
    }
    gt = memchr(s + i + 1, '>', n - i - 1);
    return gt ? (size_t)(gt - s) + 1 : (size_t)-1;
}

typedef struct pruned {
    const lsc__alloc *al;
    const char *s;
    size_t n;
    char *d;         /* the copy, made at the first drop */
    size_t o;        /* bytes written to d */
    size_t from;     /* s[from..] not yet copied */
    lsc__standins *sv;   /* where stand-ins go; NULL: none (any more) */
    int prolog;          /* before the content: 2, 1 past a DOCTYPE */
    int pre;             /* an element that keeps blanks has been opened */
} pruned;

/* An element html.c shows the blanks of (K_PRE). */
static int keeps_blanks(const char *name, size_t len)
{
    switch (len) {
    case 3: return lsc__ncasecmp(name, "pre", 3) == 0 ||
                   lsc__ncasecmp(name, "xmp", 3) == 0;
    case 7: return lsc__ncasecmp(name, "listing", 7) == 0;
    case 8: return lsc__ncasecmp(name, "textarea", 8) == 0;
    case 9: return lsc__ncasecmp(name, "plaintext", 9) == 0;
    default: return 0;
    }
}

/* Writes s[a..b) into the copy as the wn bytes at with (none: left out);
 * wn is at most b - a, so the copy never outgrows the markup. */
static int put(pruned *p, size_t a, size_t b, const char *with, size_t wn)
{
    if (!p->d) {
        p->d = lsc__malloc(p->al, p->n + 1);
        if (!p->d)
            return LSC_ENOMEM;
    }
    memcpy(p->d + p->o, p->s + p->from, a - p->from);
    p->o += a - p->from;
    memcpy(p->d + p->o, with, wn);
    p->o += wn;
    p->from = b;
    return 0;
}

/* Leaves s[a..b) out of the copy. */
static int drop(pruned *p, size_t a, size_t b)
{
    return put(p, a, b, "", 0);
}

/* Text or a value shorter than this is given to libxml2 as written: a
 * mark costs it two characters, and putting one back a few copies. */
#define STANDIN_MIN 8
/* What libxml2 reads in the same call as a mark before it (the end of a
 * reference's name) stays under this, so that the mark is never cut by
 * the parser's 1000-byte text buffer. */
#define STANDIN_LEAD_MAX 256

/* Gives libxml2 a mark in place of s[a..b), when that is long enough and
 * libxml2 would copy it as written.  0 or LSC_ENOMEM. */
static int stand_in(pruned *p, size_t a, size_t b)
{
    char mark[LSC__STANDIN_LEN];
    int rc;
    if (b - a < STANDIN_MIN)
        return 0;
    rc = lsc__standin_copied(p->s + a, b - a);
    if (rc <= 0) {
        if (rc < 0)     /* not UTF-8: libxml2 reads on in another way */
            p->sv = NULL;
        return 0;
    }
    rc = lsc__standin_add(p->sv, p->s + a, b - a, mark);
    if (rc == 1) {
        p->sv = NULL;
        return 0;
    }
    return rc != 0 ? rc : put(p, a, b, mark, sizeof mark);
}

/* The text s[i..k) between markup as libxml2 reads it: character data up
 * to an '&', the reference it opens, character data again.  A reference's
 * name ends before the first blank or ';', where character data is sure
 * to go on.  Blanks alone stay as written (libxml2 treats text that is
 * only blanks apart), and so do the blanks before the first text of the
 * document, which it skips. */
static int stand_in_text(pruned *p, size_t i, size_t k)
{
    const char *s = p->s;
    size_t a = i;
    while (a < k && p->sv) {
        const char *amp = memchr(s + a, '&', k - a);
        size_t e = amp ? (size_t)(amp - s) : k, lead = a;
        int rc;
        a = skip_blanks(s, a, e);
        /* blanks alone read as one blank outside <pre> and its kin, and
         * none of them is open before the first one's start tag */
        if (a == e && e - lead > 1 && !p->pre &&
            (rc = put(p, lead, e, s + lead, 1)) != 0)
            return rc;
        if (a < e) {
            if (!p->prolog)
                a = lead;
            p->prolog = 0;
            if ((rc = stand_in(p, a, e)) != 0)
                return rc;
        }
        if (!amp)
            break;
        for (a = e + 1; a < k && !blank((unsigned char)s[a]) && s[a] != ';' &&
                        s[a] != '&'; a++)
            ;
        if (a - e >= STANDIN_LEAD_MAX)
            break;
        if (a < k && s[a] == ';')
            a++;
    }
    return 0;
}

/* The start tag at s[i] ('<' and a letter) without its unread
 * attributes.  *end: past its '>' or "/>", or (size_t)-1 when the tag
 * holds something libxml2 reads another way (then nothing more is
 * dropped: where the parser stands after it is not known here); *raw: 1
 * when it opens the text of script or style.  0 or LSC_ENOMEM. */
static int prune_tag(pruned *p, size_t i, size_t *end, int *raw)
{
    const char *s = p->s;
    size_t n = p->n, e = name_end(s, i + 1, n), len = e - i - 1;
    int keep_all = 0, rc;
    *raw = 0;
    *end = (size_t)-1;
    if (len > NAME_MAX_LEN)
        return 0;
    /* script and style are read to their end tag; meta and html are
     * treated apart by libxml2: their attributes stay */
    if ((len == 6 && lsc__ncasecmp(s + i + 1, "script", 6) == 0) ||
        (len == 5 && lsc__ncasecmp(s + i + 1, "style", 5) == 0))
        *raw = keep_all = 1;
    if (len == 4 && (lsc__ncasecmp(s + i + 1, "meta", 4) == 0 ||
                     lsc__ncasecmp(s + i + 1, "html", 4) == 0))
        keep_all = 1;
    if (keeps_blanks(s + i + 1, len))
        p->pre = 1;
    for (;;) {
        size_t a = skip_blanks(s, e, n), ae, v;
        unsigned char ch;
        if (a >= n)
            return 0;
        ch = (unsigned char)s[a];
        if (ch == '>') {
            *end = a + 1;
            return 0;
        }
        if (ch == '/' && a + 1 < n && s[a + 1] == '>') {
            *end = a + 2;
            *raw = 0;    /* "<script/>" has no text */
            return 0;
        }
        if (!name_start(ch))
            return 0;
        ae = name_end(s, a, n);
        if (ae - a > NAME_MAX_LEN || ae >= n)
            return 0;
        len = ae - a;
        v = skip_blanks(s, ae, n);
        if (v < n && s[v] == '=') {
            v = skip_blanks(s, v + 1, n);
            if (v >= n)
                return 0;
            if (s[v] == '"' || s[v] == '\'') {
                const char *q = memchr(s + v + 1, s[v], n - v - 1);
                if (!q)
                    return 0;
                ae = (size_t)(q - s) + 1;
            } else {
                size_t b = v;
                while (b < n && !blank((unsigned char)s[b]) && s[b] != '>')
                    b++;
                if (b == v || b >= n)
                    return 0;
                ae = b;
            }
        }
        if (!keep_all && !lsc__html_attr_read(s + a, len)) {
            rc = drop(p, a, skip_blanks(s, ae, n));
            if (rc != 0)
                return rc;
        } else if (!keep_all && p->sv && ae > v && (s[v] == '"' || s[v] == '\'') &&
                   !memchr(s + v + 1, '&', ae - v - 2)) {
            /* a quoted value is copied as written but for references */
            rc = stand_in(p, v + 1, ae - 1);
            if (rc != 0)
                return rc;
        }
        e = ae;
    }
}

/* libxml2 drops an "&#" that starts no number ("AT&#T" reads "ATT"), where
 * HTML shows it as written.  Copies the markup with such an "&" written
 * "&amp;" into *out (caller frees), or leaves *out NULL when none is
 * there; returns LSC_ENOMEM or 0. */
static int escape_bare_charrefs(const lsc__alloc *al, const char *s, size_t n,
                                char **out, size_t *out_n)
{
    size_t i, bare = 0, o = 0;
    const char *a;
    char *d;
    *out = NULL;
#define BARE(i) ((i) + 1 < n && s[(i) + 1] == '#' && \
                 !((i) + 2 < n && ((s[(i) + 2] >= '0' && s[(i) + 2] <= '9') || \
                   (((s[(i) + 2] | 0x20) == 'x') && (i) + 3 < n && \
                    lsc__hexval((unsigned char)s[(i) + 3]) >= 0))))
    for (a = memchr(s, '&', n); a; a = memchr(a + 1, '&', n - (size_t)(a + 1 - s)))
        if (BARE((size_t)(a - s)))
            bare++;
    if (bare == 0 || n + 4 * bare > INT_MAX)
        return 0;
    d = lsc__malloc(al, n + 4 * bare + 1);
    if (!d)
        return LSC_ENOMEM;
    for (i = 0; i < n; i++) {
        d[o++] = s[i];
        if (s[i] == '&' && BARE(i)) {
            memcpy(d + o, "amp;", 4);
            o += 4;
        }
    }
#undef BARE
    d[o] = '\0';
    *out = d;
    *out_n = o;
    return 0;
}

/* Where a bogus end tag ("</>", "</ x>", "</3>") at s[i] ends (past its
 * '>'), or 0 when s[i] starts none. */
static size_t bogus_end_tag(const char *s, size_t n, size_t i)
{
    const char *gt;
    unsigned char ch;
    if (i + 2 >= n || s[i] != '<' || s[i + 1] != '/')
        return 0;
    ch = (unsigned char)s[i + 2];
    if (letter(ch))
        return 0;
    gt = memchr(s + i + 2, '>', n - i - 2);
    return gt ? (size_t)(gt - s) + 1 : 0;
}

/* Whether s[0..n) has "</" before a byte that is no ASCII letter, as
 * every end tag drop_bogus_end_tags drops begins: most markup has none,
 * and then the pass that steps over every tag can give nothing.  From
 * one '<' to the next (memchr): markup has one every thirty bytes or so,
 * and eight-byte tests of every byte cost three times as much. */
static int may_have_bogus_end_tag(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (end - p > 2 && (p = memchr(p, '<', (size_t)(end - p - 2))) != NULL) {
        if (p[1] == '/' && !letter((unsigned char)p[2]))
            return 1;
        p++;
    }
    return 0;
}

/* An HTML5 tokenizer drops "</>" and takes "</" before anything but a
 * letter as a comment up to the next '>', so "V</ x>IAGRA" reads
 * "VIAGRA"; libxml2 shows the rest as text.  Copies the markup without
 * them into *out (caller frees), or leaves *out NULL when there is none;
 * returns LSC_ENOMEM or 0.  Only between tags and outside comments: a
 * "</" inside an attribute value is the value's. */
static int drop_bogus_end_tags(const lsc__alloc *al, const char *s, size_t n,
                               char **out, size_t *out_n)
{
    size_t i = 0, o = 0, e;
    char *d = NULL;
    *out = NULL;
    if (!may_have_bogus_end_tag(s, n))
        return 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t k;
        if (!lt)
            break;
        k = (size_t)(lt - s);
        if (k + 3 < n && memcmp(s + k, "<!--", 4) == 0) {
            const char *c;
            /* to the "-->" (or two bytes before the end), from one '-'
             * to the next */
            for (c = s + k + 4; c + 2 < s + n && memcmp(c, "-->", 3) != 0;) {
                const char *dash = memchr(c + 1, '-', (size_t)(s + n - 2 - (c + 1)));
                c = dash ? dash : s + n - 2;
            }
            if (d) {
                memcpy(d + o, s + i, (size_t)(c - (s + i)));
                o += (size_t)(c - (s + i));
            }
            i = (size_t)(c - s);
            continue;
        }
        if ((e = bogus_end_tag(s, n, k)) != 0) {
            if (!d) {
                d = lsc__malloc(al, n + 1);
                if (!d)
                    return LSC_ENOMEM;
                memcpy(d, s, i);
                o = i;
            }
            memcpy(d + o, s + i, k - i);
            o += k - i;
            i = e;
            continue;
        }
        /* a tag: to its '>', stepping over quoted attribute values; the
         * text of script and style is theirs ("</" is no tag there) */
        e = k + 1;
        if (e < n && letter((unsigned char)s[e])) {
            char q = 0;
            const char *raw = NULL;
            if (n - e >= 6 && lsc__ncasecmp(s + e, "script", 6) == 0)
                raw = "</script";
            else if (n - e >= 5 && lsc__ncasecmp(s + e, "style", 5) == 0)
                raw = "</style";
            while (e < n) {
                if (q) {
                    /* a quoted value ends at its own quote */
                    const char *end = memchr(s + e, q, n - e);
                    e = end ? (size_t)(end - s) + 1 : n;
                    q = 0;
                    continue;
                }
                while (e < n && s[e] != '>' && s[e] != '"' && s[e] != '\'')
                    e++;
                if (e >= n || s[e] == '>')
                    break;
                q = s[e++];
            }
            if (e < n)
                e++;
            if (raw)
                e = raw_text_end(s, e, n, raw);
        }
        if (d) {
            memcpy(d + o, s + i, e - i);
            o += e - i;
        }
        i = e;
    }
    if (!d)
        return 0;
    memcpy(d + o, s + i, n - i);
    o += n - i;
    d[o] = '\0';
    *out = d;
    *out_n = o;
    return 0;
}

static int prune(const lsc__alloc *al, const char *s, size_t n,
                 char **out, size_t *out_n, lsc__standins *sv)
{
    pruned p;
    size_t i = 0;
    int text = 1;      /* s[i..] up to the next '<' is character data */
    *out = NULL;
    /* libxml2 ends its input at a NUL byte: such markup is left alone */
    if (memchr(s, 0, n))
        return 0;
    p.al = al;
    p.s = s;
    p.n = n;
    p.d = NULL;
    p.o = 0;
    p.from = 0;
    p.sv = sv && lsc__standin_usable(s, n) ? sv : NULL;
    p.prolog = 2;
    p.pre = 0;
    /* libxml2 steps over a byte order mark at the start: none in a mark */
    while (n - i >= 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
        i += 3;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t k, end;
        int raw, rc;
        k = lt ? (size_t)(lt - s) : n;
        if (text && p.sv && (rc = stand_in_text(&p, i, k)) != 0) {
            lsc__free(al, p.d);
            return rc;
        }
        /* text that is not blanks alone ends the prolog, marks or none */
        if (p.prolog && skip_blanks(s, i, k) < k)
            p.prolog = 0;
        text = 1;
        if (!lt)
            break;
        if (n - k >= 4 && memcmp(s + k, "<!--", 4) == 0) {
            /* what a comment says is never read (sax_comment): libxml2
             * is given it empty, "<!---->", and reads it a byte at a time
             * no more */
            size_t close = 0, e = comment_end(s, k, n, &close);
            if (e == (size_t)-1)
                break;
            if (e - close > k + 4) {
                rc = drop(&p, k + 4, e - close);
                if (rc != 0) {
                    lsc__free(al, p.d);
                    return rc;
                }
            }
            i = e;
            continue;
        }
        if (k + 1 >= n || !letter((unsigned char)s[k + 1])) {
            i = skip_other(s, k, n);
            if (i == (size_t)-1)
                break;
            /* after a '<' that is text, libxml2 may read what follows
             * with it: no mark there */
            text = i != k + 1;
            /* libxml2 skips the blanks after comments, PIs and one
             * DOCTYPE before the content */
            if (k + 1 < n && s[k + 1] == '!' && i != k + 1) {
                /* a DOCTYPE among the content is read in the middle of
                 * libxml2's loop, whose rest takes a "</" right after it
                 * for a '<' that is text */
                if (p.prolog != 2 && n - i >= 2 && s[i] == '<' &&
                    s[i + 1] == '/') {
                    i++;
                    text = 0;
                }
                p.prolog = p.prolog == 2;
            } else if (k + 1 >= n || s[k + 1] != '?') {
                p.prolog = 0;
            }
            continue;
        }
        p.prolog = 0;
        rc = prune_tag(&p, k, &end, &raw);
        if (rc != 0) {
            lsc__free(al, p.d);
            return rc;
        }
        if (end == (size_t)-1)
            break;
        i = end;
        if (raw)   /* its text is its own, up to its end tag */
            i = raw_text_end(s, i, n, (s[k + 2] | 0x20) == 'c' ? "</script"
                                                              : "</style");
    }
    if (!p.d)
        return 0;
    memcpy(p.d + p.o, s + p.from, n - p.from);
    p.o += n - p.from;
    p.d[p.o] = '\0';
    *out = p.d;
    *out_n = p.o;
    return 0;
}

/* Puts the result of a rewrite (d, dn; NULL when it changed nothing) in
 * place of the last one's: rc back, the copies freed on an error. */
static int took(const lsc__alloc *al, int rc, char *d, size_t dn, char **out,
                size_t *out_n)
{
    if (rc != 0) {
        lsc__free(al, *out);
        *out = NULL;
    } else if (d) {
        lsc__free(al, *out);
        *out = d;
        *out_n = dn;
    }
    return rc;
}

/* Each rewrite on the last one's output, prune last when asked; a copy
 * only when one changed something. */
static int rewrite(const lsc__alloc *al, const char *s, size_t n, char **out,
                   size_t *out_n, int pruned_too, lsc__standins *sv)
{
    static int (*const steps[])(const lsc__alloc *, const char *, size_t,
                                char **, size_t *) = {
        escape_bare_charrefs, drop_bogus_end_tags
    };
    size_t k, dn;
    char *d;
    int rc;
    *out = NULL;
    *out_n = n;
    for (k = 0; k < LSC__COUNT(steps); k++) {
        rc = steps[k](al, *out ? *out : s, *out_n, &d, &dn);
        if (took(al, rc, d, dn, out, out_n) != 0)
            return rc;
    }
    if (!pruned_too)
        return 0;
    rc = prune(al, *out ? *out : s, *out_n, &d, &dn, sv);
    return took(al, rc, d, dn, out, out_n);
}

int lsc__html_rewrite(const lsc__alloc *al, const char *s, size_t n,
                      char **out, size_t *out_n, lsc__standins *sv)
{
    return rewrite(al, s, n, out, out_n, 1, sv);
}

int lsc__html_rewrite_html5(const lsc__alloc *al, const char *s, size_t n,
                            char **out, size_t *out_n)
{
    return rewrite(al, s, n, out, out_n, 0, NULL);
}
