/*
 * html.c - what a reader sees of an HTML part, and the facts filters punish.
 *
 * Takes: every text/html leaf with a UTF-8 body (pub.utf8 from decode.c).
 * Gives: pub.text/text_bytes, the visible text (script, style, head,
 * noscript, template, title and comments dropped; entities decoded; block
 * elements and <br> as line breaks; whitespace collapsed as a browser
 * would, with U+00A0 taken as a space; text hidden by inline styles left
 * out), and lsc__html: links with the text they show and its offsets in
 * the visible text, images, forms, scripts, iframes, objects, hidden text
 * (kept apart for evidence), image alt text (kept apart), the title.
 *
 * The parser is libxml2's HTML parser driven through SAX callbacks (no tree
 * is built), in recover mode, without network, with its error reports sent
 * to a no-op handler on this parser context only.
 *
 * Limits: max_html_nodes elements per part (LSC_MSG_HTML_TOO_BIG), max_links
 * links per message (LSC_MSG_TOO_MANY_LINKS), LSC__HTML_MAX_DEPTH open
 * elements (deeper markup stops the parse with LSC_MSG_HTML_TOO_BIG: libxml2
 * matches every end tag against its whole stack of open elements, so an
 * unbounded depth would cost depth x end tags); LSC__HTML_MAX_ATTR bytes
 * of an attribute read; LSC__HTML_MAX_CSS bytes of <style> text and
 * LSC__HTML_MAX_HIDERS hiding selectors per part.  Hidden text is judged
 * from inline styles, presentational attributes, and the style sheets'
 * rules that hide by display, visibility or opacity with a selector of the
 * forms tag, .class, #id or tag.class (what hiders use; descendant and
 * other selectors are not matched).  A rule inside @media never hides, and
 * a selector a @media rule shows is taken as shown ("desktop-only"
 * blocks); an inline style wins over the sheet.  Size and colour from a
 * sheet are not applied: an element with a class under a sheet is taken
 * as shown at any size and colour (font-size:0 layout cells).  Markup
 * declarations libxml2 passes as text (<![if ...]>) are dropped and the
 * legacy references browsers read without ';' (&nbsp) are decoded.
 */
#include <limits.h>
#include <stdlib.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "html/html.h"

/* Bytes of one attribute read for styles, hosts and sizes. */
#define LSC__HTML_MAX_ATTR 4096

/* Element kinds. */
enum {
    K_NONE = 0,
    K_SKIP = 1 << 0,     /* content not shown */
    K_BLOCK = 1 << 1,    /* line break before and after */
    K_PARA = 1 << 2,     /* blank line before and after */
    K_CELL = 1 << 3,     /* space before and after */
    K_PRE = 1 << 4,      /* whitespace kept */
    K_BR = 1 << 5,
    K_A = 1 << 6,
    K_IMG = 1 << 7,
    K_FORM = 1 << 8,
    K_INPUT = 1 << 9,
    K_SCRIPT = 1 << 10,
    K_IFRAME = 1 << 11,
    K_OBJECT = 1 << 12,
    K_TITLE = 1 << 13,
    K_FONT = 1 << 14,
    K_BODY = 1 << 15,
    K_STYLE = 1 << 16,
    K_AREA = 1 << 17
};

typedef struct tagdef {
    const char *name;
    unsigned kind;
} tagdef;

/* Sorted by name for bsearch. */
static const tagdef tags[] = {
    { "a", K_A },
    { "address", K_BLOCK },
    /* an object or applet never runs in mail: its fallback content shows */
    { "applet", K_OBJECT },
    { "area", K_AREA },
    { "article", K_BLOCK },
    { "aside", K_BLOCK },
    { "blockquote", K_PARA },
    { "body", K_BODY },
    { "br", K_BR },
    { "caption", K_BLOCK },
    { "center", K_BLOCK },
    { "datalist", K_SKIP },
    { "dd", K_BLOCK },
    { "details", K_BLOCK },
    { "dialog", K_BLOCK },
    { "dir", K_BLOCK },
    { "div", K_BLOCK },
    { "dl", K_BLOCK },
    { "dt", K_BLOCK },
    { "embed", K_OBJECT },
    { "fieldset", K_BLOCK },
    { "figcaption", K_BLOCK },
    { "figure", K_BLOCK },
    { "font", K_FONT },
    { "footer", K_BLOCK },
    { "form", K_FORM | K_BLOCK },
    { "frame", K_IFRAME },
    { "frameset", K_BLOCK },
    { "h1", K_PARA },
    { "h2", K_PARA },
    { "h3", K_PARA },
    { "h4", K_PARA },
    { "h5", K_PARA },
    { "h6", K_PARA },
    { "head", K_SKIP },
    { "header", K_BLOCK },
    { "hr", K_BLOCK },
    { "iframe", K_IFRAME | K_SKIP },
    { "img", K_IMG },
    { "input", K_INPUT },
    { "legend", K_BLOCK },
    { "li", K_BLOCK },
    { "listing", K_PRE | K_BLOCK },
    { "main", K_BLOCK },
    { "menu", K_BLOCK },
    { "nav", K_BLOCK },
    /* display:none in the HTML standard's rendering rules */
    { "noembed", K_SKIP },
    { "noframes", K_SKIP },
    { "noscript", K_SKIP },
    { "object", K_OBJECT },
    { "ol", K_PARA },
    { "option", K_BLOCK },
    { "p", K_PARA },
    { "plaintext", K_PRE | K_BLOCK },
    { "pre", K_PRE | K_BLOCK },
    { "rp", K_SKIP },
    { "script", K_SCRIPT | K_SKIP },
    { "section", K_BLOCK },
    { "select", K_INPUT },
    { "style", K_STYLE | K_SKIP },
    { "summary", K_BLOCK },
    { "table", K_PARA },
    { "td", K_CELL },
    { "template", K_SKIP },
    { "textarea", K_INPUT | K_PRE },
    { "th", K_CELL },
    { "title", K_TITLE | K_SKIP },
    { "tr", K_BLOCK },
    { "ul", K_PARA },
    { "xmp", K_PRE | K_BLOCK },
};

static int tag_cmp(const void *key, const void *item)
{
    return strcmp((const char *)key, ((const tagdef *)item)->name);
}

static unsigned tag_kind(const char *name)
{
    const tagdef *t = bsearch(name, tags, LSC__COUNT(tags), sizeof tags[0],
                              tag_cmp);
    return t ? t->kind : K_NONE;
}

/* One open element. */
typedef struct frame {
    unsigned kind;
    unsigned hidden;     /* LSC__HID_* in force here */
    int32_t fg, bg;      /* colours in force, -1 unknown */
    unsigned char bg_declared, bg_image, skip, pre;
    size_t link;         /* link opened by this element, or LSC__NONE */
} frame;

/* The attributes the stage reads, found in one pass. */
typedef struct attrs {
    const char *alt, *background, *bgcolor, *cls, *color, *height, *hidden,
               *href, *id, *src, *style, *text, *type, *width;
} attrs;

/* A style-sheet selector that hides: "tag", ".class", "#id" or
 * "tag.class" (other selectors are not read). */
typedef struct hider {
    char tag[16];        /* lower case, "" for any */
    char name[64];       /* class or id, "" for none */
    int is_id;
    unsigned why;        /* LSC__HID_DISPLAY / _VISIBILITY it sets */
    int shown;           /* a later or conditional (@media) rule shows it */
} hider;

typedef struct hstate {
    lsc__ctx *c;
    lsc__part *p;
    xmlParserCtxtPtr px;
    lsc__buf out, hid, alt, title;
    lsc__vec links, images;
    frame st[LSC__HTML_MAX_DEPTH + 1];
    size_t depth;
    int pend_space, pend_nl;   /* whitespace owed before the next text */
    int hid_space;
    int held_lt, held_amp, bogus; /* see put_filtered */
    size_t cur_link;           /* link whose text is being read */
    size_t links_before;       /* links kept by earlier parts */
    size_t nodes;
    int stylesheet;            /* a <style> element was seen */
    lsc__hbuf css;             /* text of the <style> being read */
    size_t css_total;          /* style bytes read in this part */
    hider hiders[LSC__HTML_MAX_HIDERS];
    size_t n_hiders;
    int stopped;
    int nomem;
} hstate;

/* ---- small parsers ---- */

static int is_ws(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* Leading integer of a size attribute ("1", "1px", " 300 "), -1 if none. */
static int parse_int(const char *s)
{
    long v = 0;
    int any = 0;
    if (!s)
        return -1;
    while (is_ws((unsigned char)*s))
        s++;
    while (*s >= '0' && *s <= '9' && v < 1000000) {
        v = v * 10 + (*s++ - '0');
        any = 1;
    }
    if (!any || *s == '%')
        return -1;
    return (int)v;
}

typedef struct named_color {
    const char *name;
    int32_t rgb;
} named_color;

static const named_color colors[] = {
    { "aqua", 0x00ffff }, { "black", 0x000000 }, { "blue", 0x0000ff },
    { "cyan", 0x00ffff }, { "fuchsia", 0xff00ff }, { "gray", 0x808080 },
    { "green", 0x008000 }, { "grey", 0x808080 }, { "lightgray", 0xd3d3d3 },
    { "lightgrey", 0xd3d3d3 }, { "lime", 0x00ff00 }, { "magenta", 0xff00ff },
    { "maroon", 0x800000 }, { "navy", 0x000080 }, { "olive", 0x808000 },
    { "orange", 0xffa500 }, { "purple", 0x800080 }, { "red", 0xff0000 },
    { "silver", 0xc0c0c0 }, { "snow", 0xfffafa }, { "teal", 0x008080 },
    { "white", 0xffffff }, { "whitesmoke", 0xf5f5f5 }, { "yellow", 0xffff00 },
};

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch |= 0x20;
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    return -1;
}

/* A CSS or attribute colour of n bytes: #rgb, #rrggbb, rrggbb, rgb(),
 * a name.  -1 when not understood (transparent, inherit, ...). */
static int32_t parse_color(const char *s, size_t n)
{
    size_t i;
    while (n && is_ws((unsigned char)*s))
        s++, n--;
    while (n && is_ws((unsigned char)s[n - 1]))
        n--;
    if (n >= 10 && s[n - 10] == '!' && lsc__ncasecmp(s + n - 10, "!important", 10) == 0) {
        n -= 10;
        while (n && is_ws((unsigned char)s[n - 1]))
            n--;
    }
    if (n && *s == '#')
        s++, n--;
    if (n == 6 || n == 3) {
        int32_t v = 0;
        for (i = 0; i < n; i++) {
            int h = hexval((unsigned char)s[i]);
            if (h < 0)
                break;
            v = n == 3 ? (v << 8) | (h << 4) | h : (v << 4) | h;
        }
        if (i == n)
            return v;
    }
    if (n > 4 && lsc__ncasecmp(s, "rgb", 3) == 0) {
        int ch[3] = { 0, 0, 0 }, k = 0;
        i = 3;
        while (i < n && s[i] != '(')
            i++;
        for (i++; i < n && k < 3; i++) {
            if (s[i] >= '0' && s[i] <= '9') {
                int v = 0;
                while (i < n && s[i] >= '0' && s[i] <= '9') {
                    if (v < 1000)
                        v = v * 10 + s[i] - '0';
                    i++;
                }
                if (i < n && s[i] == '%')
                    v = v * 255 / 100;
                ch[k++] = v > 255 ? 255 : v;
            }
        }
        if (k == 3)
            return (ch[0] << 16) | (ch[1] << 8) | ch[2];
        return -1;
    }
    for (i = 0; i < LSC__COUNT(colors); i++)
        if (strlen(colors[i].name) == n && lsc__ncasecmp(s, colors[i].name, n) == 0)
            return colors[i].rgb;
    return -1;
}

static int colors_close(int32_t a, int32_t b)
{
    int d = abs(((a >> 16) & 255) - ((b >> 16) & 255)) +
            abs(((a >> 8) & 255) - ((b >> 8) & 255)) + abs((a & 255) - (b & 255));
    return d <= 40;
}

/* CSS length in pixels x100 ("0", "1px", "0.5em", "2pt"), -1 unknown. */
static long css_px100(const char *s, size_t n)
{
    long whole = 0, frac = 0, scale = 1;
    size_t i = 0;
    int any = 0;
    while (i < n && is_ws((unsigned char)s[i]))
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (whole < 100000)
            whole = whole * 10 + s[i] - '0';
        i++;
        any = 1;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (scale < 10000) {
                frac = frac * 10 + s[i] - '0';
                scale *= 10;
            }
            i++;
            any = 1;
        }
    }
    if (!any)
        return -1;
    {
        long v = whole * 100 + frac * 100 / scale;
        const char *u = s + i;
        size_t un = n - i;
        if (un >= 2 && lsc__ncasecmp(u, "pt", 2) == 0)
            return v * 4 / 3;
        if (un >= 2 && (lsc__ncasecmp(u, "em", 2) == 0))
            return v * 16;
        if (un >= 3 && lsc__ncasecmp(u, "rem", 3) == 0)
            return v * 16;
        if (un >= 1 && u[0] == '%')
            return v * 16 / 100;
        return v; /* px or unitless */
    }
}

/* The next "property: value" of a declaration list from *i: property in
 * [*ps, *pe), value in [*vs, *ve), both trimmed; 0 at the end. */
static int next_decl(const char *s, size_t n, size_t *i, size_t *ps,
                     size_t *pe, size_t *vs, size_t *ve)
{
    size_t k = *i;
    while (k < n) {
        while (k < n && (is_ws((unsigned char)s[k]) || s[k] == ';'))
            k++;
        *ps = k;
        while (k < n && s[k] != ':' && s[k] != ';')
            k++;
        *pe = k;
        while (*pe > *ps && is_ws((unsigned char)s[*pe - 1]))
            (*pe)--;
        if (k >= n || s[k] != ':')
            continue;
        *vs = ++k;
        while (k < n && s[k] != ';')
            k++;
        *ve = k;
        while (*vs < *ve && is_ws((unsigned char)s[*vs]))
            (*vs)++;
        while (*ve > *vs && is_ws((unsigned char)s[*ve - 1]))
            (*ve)--;
        *i = k;
        return 1;
    }
    *i = k;
    return 0;
}

/* Applies an inline style attribute to a frame. */
static void apply_style(frame *f, const char *s, size_t n)
{
    size_t i = 0, ps, pe, vs, ve;
    while (next_decl(s, n, &i, &ps, &pe, &vs, &ve)) {
#define PROP(name) (pe - ps == sizeof(name) - 1 && \
                    lsc__ncasecmp(s + ps, name, sizeof(name) - 1) == 0)
#define VAL(name) (ve - vs >= sizeof(name) - 1 && \
                   lsc__ncasecmp(s + vs, name, sizeof(name) - 1) == 0)
        if (PROP("display")) {
            if (VAL("none"))
                f->hidden |= LSC__HID_DISPLAY;
        } else if (PROP("mso-hide")) {
            if (VAL("all"))
                f->hidden |= LSC__HID_DISPLAY;
        } else if (PROP("visibility")) {
            if (VAL("hidden") || VAL("collapse"))
                f->hidden |= LSC__HID_VISIBILITY;
        } else if (PROP("opacity")) {
            long v = css_px100(s + vs, ve - vs);
            if (v >= 0 && v <= 5)
                f->hidden |= LSC__HID_VISIBILITY;
        } else if (PROP("font-size")) {
            long v = css_px100(s + vs, ve - vs);
            if (v >= 0 && v <= 300)
                f->hidden |= LSC__HID_TINY;
            else if (v > 300)
                f->hidden &= ~LSC__HID_TINY;
        } else if (PROP("color")) {
            int32_t col = parse_color(s + vs, ve - vs);
            if (col >= 0)
                f->fg = col;
        } else if (PROP("background-color") || PROP("background")) {
            int32_t col = parse_color(s + vs, ve - vs);
            if (col >= 0) {
                f->bg = col;
                f->bg_declared = 1;
                f->bg_image = 0;
            } else {
                size_t k;
                /* A shorthand: find a colour token, note an image. */
                for (k = vs; k < ve; k++) {
                    if (s[k] == '#') {
                        size_t e = k + 1;
                        while (e < ve && hexval((unsigned char)s[e]) >= 0)
                            e++;
                        col = parse_color(s + k, e - k);
                        if (col >= 0) {
                            f->bg = col;
                            f->bg_declared = 1;
                        }
                        break;
                    }
                }
                if (ve - vs >= 4) {
                    for (k = vs; k + 4 <= ve; k++)
                        if (lsc__ncasecmp(s + k, "url(", 4) == 0) {
                            f->bg_image = 1;
                            break;
                        }
                }
            }
        } else if (PROP("background-image")) {
            if (!VAL("none"))
                f->bg_image = 1;
        }
#undef PROP
#undef VAL
    }
}

/* ---- style sheets ---- */

/* The value of the last declaration of prop in a declaration block. */
static int css_value(const char *s, size_t n, const char *prop,
                     size_t *vs_out, size_t *ve_out)
{
    size_t i = 0, pl = strlen(prop), ps, pe, vs, ve;
    int found = 0;
    while (next_decl(s, n, &i, &ps, &pe, &vs, &ve))
        if (pe - ps == pl && lsc__ncasecmp(s + ps, prop, pl) == 0) {
            *vs_out = vs;
            *ve_out = ve;
            found = 1;
        }
    return found;
}

/* The hiding a declaration block undoes: LSC__HID_DISPLAY when it sets
 * display to anything but none, LSC__HID_VISIBILITY for visible. */
static unsigned css_shows(const char *s, size_t n)
{
    size_t vs, ve;
    unsigned shown = 0;
    if (css_value(s, n, "display", &vs, &ve) &&
        !(ve - vs >= 4 && lsc__ncasecmp(s + vs, "none", 4) == 0))
        shown |= LSC__HID_DISPLAY;
    if (css_value(s, n, "visibility", &vs, &ve) &&
        ve - vs >= 7 && lsc__ncasecmp(s + vs, "visible", 7) == 0)
        shown |= LSC__HID_VISIBILITY;
    return shown;
}

/* What a declaration block hides (display, visibility, opacity: not font
 * size or colour, which layout cells and themes set for other reasons),
 * and in *shows whether it declares the element shown. */
static unsigned css_hides(const char *s, size_t n, int *shows)
{
    frame f;
    memset(&f, 0, sizeof f);
    f.fg = f.bg = -1;
    apply_style(&f, s, n);
    *shows = css_shows(s, n) != 0;
    return f.hidden & (LSC__HID_DISPLAY | LSC__HID_VISIBILITY);
}

static int is_ident(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch >= 0x80;
}

/* One selector of the forms kept, into h; 0 when it is another form
 * (descendants, pseudo-classes, attributes, several classes). */
static int parse_selector(const char *s, size_t n, hider *h)
{
    size_t a = 0, i, t;
    while (a < n && is_ws((unsigned char)s[a]))
        a++;
    while (n > a && is_ws((unsigned char)s[n - 1]))
        n--;
    memset(h, 0, sizeof *h);
    for (i = a; i < n && is_ident((unsigned char)s[i]) && s[i] != '_'; i++)
        ;
    t = i - a;
    if (t >= sizeof h->tag)
        return 0;
    memcpy(h->tag, s + a, t);
    lsc__lower(h->tag, t);
    if (i < n && (s[i] == '.' || s[i] == '#')) {
        size_t b = ++i;
        h->is_id = s[b - 1] == '#';
        while (i < n && is_ident((unsigned char)s[i]))
            i++;
        if (i == b || i - b >= sizeof h->name)
            return 0;
        memcpy(h->name, s + b, i - b);
    }
    return i == n && (t || h->name[0]);
}

/* The entry for h's selector; a new one when add is set and there is room. */
static hider *find_hider(hstate *st, const hider *h, int add)
{
    size_t k;
    for (k = 0; k < st->n_hiders; k++) {
        hider *o = &st->hiders[k];
        if (o->is_id == h->is_id && strcmp(o->tag, h->tag) == 0 &&
            strcmp(o->name, h->name) == 0)
            return o;
    }
    if (!add || st->n_hiders == LSC__HTML_MAX_HIDERS)
        return NULL;
    st->hiders[st->n_hiders] = *h;
    return &st->hiders[st->n_hiders++];
}

/* Index of the first of any of the chars in set at or after i, or n. */
static size_t css_find(const char *s, size_t n, size_t i, const char *set)
{
    while (i < n && (s[i] == '\0' || !strchr(set, s[i])))
        i++;
    return i;
}

/* Reads the hiding rules of one style sheet.  A rule inside @media (or
 * any conditional group) may not apply, so it never hides; when it shows
 * a selector that is hidden elsewhere, the selector is taken as shown
 * ("mobile-only" blocks).  Later rules win over earlier ones. */
static void read_sheet(hstate *st, char *s, size_t n)
{
    size_t i = 0, k;
    int depth = 0;
    /* comments out first: they may hold braces */
    for (k = 0; k + 1 < n; k++)
        if (s[k] == '/' && s[k + 1] == '*') {
            size_t e = k + 2;
            while (e + 1 < n && !(s[e] == '*' && s[e + 1] == '/'))
                e++;
            e = e + 1 < n ? e + 2 : n;
            memset(s + k, ' ', e - k);
            k = e - 1;
        }
    while (i < n) {
        size_t sel, open, close;
        while (i < n && (is_ws((unsigned char)s[i]) || s[i] == ';'))
            i++;
        if (i >= n)
            break;
        if (s[i] == '}') {
            if (depth > 0)
                depth--;
            i++;
            continue;
        }
        if (s[i] == '@') {
            size_t e = css_find(s, n, i, ";{");
            if (e >= n || s[e] == ';') {
                i = e + 1;
                continue;
            }
            if ((e - i >= 6 && lsc__ncasecmp(s + i, "@media", 6) == 0) ||
                (e - i >= 9 && lsc__ncasecmp(s + i, "@supports", 9) == 0)) {
                depth++;
                i = e + 1;
            } else {
                /* @font-face, @keyframes, @page: a block to step over */
                int d = 0;
                for (i = e; i < n; i++) {
                    if (s[i] == '{')
                        d++;
                    else if (s[i] == '}' && --d == 0)
                        break;
                }
                i++;
            }
            continue;
        }
        sel = i;
        open = css_find(s, n, i, "{}");
        if (open >= n)
            break;
        if (s[open] == '}') {       /* stray text before a closing brace */
            i = open;
            continue;
        }
        close = css_find(s, n, open + 1, "}");
        {
            int shows;
            unsigned why = css_hides(s + open + 1, close - open - 1, &shows);
            size_t a = sel;
            while ((why || shows) && a < open) {
                size_t e = css_find(s, open, a, ",");
                hider h, *o;
                if (parse_selector(s + a, e - a, &h)) {
                    if (depth == 0 && why) {
                        h.why = why;
                        if ((o = find_hider(st, &h, 1)) != NULL)
                            o->why = why;
                    } else if (shows && depth > 0) {
                        /* kept even before a rule hides it: the sheet
                         * may hide it after the @media block */
                        if ((o = find_hider(st, &h, 1)) != NULL)
                            o->shown = 1;
                    } else if (shows && (o = find_hider(st, &h, 0)) != NULL) {
                        o->why = 0;
                    }
                }
                a = e + 1;
            }
        }
        i = close + 1;
    }
}

/* What the style sheets read so far hide of this element. */
static unsigned sheet_hides(const hstate *st, const char *tag, const attrs *at)
{
    unsigned why = 0;
    size_t k;
    for (k = 0; k < st->n_hiders; k++) {
        const hider *h = &st->hiders[k];
        if (!h->why || h->shown || (h->tag[0] && strcmp(h->tag, tag) != 0))
            continue;
        if (!h->name[0]) {
            why |= h->why;
        } else if (h->is_id) {
            if (at->id && strcmp(at->id, h->name) == 0)
                why |= h->why;
        } else if (at->cls) {
            const char *c = at->cls;
            size_t nl = strlen(h->name);
            while (*c) {
                size_t l;
                while (*c && is_ws((unsigned char)*c))
                    c++;
                for (l = 0; c[l] && !is_ws((unsigned char)c[l]); l++)
                    ;
                if (l == nl && memcmp(c, h->name, l) == 0) {
                    why |= h->why;
                    break;
                }
                c += l;
            }
        }
    }
    return why;
}

/* ---- hosts and domains ---- */

static int is_ip_host(const char *h)
{
    int parts = 0, digits = 0, hexlike = 0;
    const char *s = h;
    if (!*h)
        return 0;
    if (*h == '[')
        return 1;
    if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
        hexlike = 1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            digits++;
        } else if (*s == '.') {
            if (!digits)
                return 0;
            parts++;
            digits = 0;
        } else if (hexlike && hexval((unsigned char)*s) >= 0) {
            digits++;
        } else if (hexlike && (*s == 'x' || *s == 'X')) {
            ;
        } else {
            return 0;
        }
    }
    /* dotted quad, or one number (http://3232235777/) */
    return digits && (parts == 3 || parts == 0);
}

static const char *const shorteners[] = {
    "adf.ly", "bit.do", "bit.ly", "bitly.com", "bl.ink", "buff.ly",
    "cli.gs", "cutt.ly", "db.tt", "goo.gl", "is.gd", "j.mp", "lnkd.in",
    "mcaf.ee", "ow.ly", "po.st", "qr.net", "rb.gy", "rebrand.ly",
    "s.id", "short.io", "shorturl.at", "snip.ly", "soo.gd", "t.co",
    "t.ly", "tiny.cc", "tinyurl.com", "tr.im", "u.to", "urlzs.com",
    "v.gd", "x.co", "yourls.org",
};

static int is_shortener(const char *host)
{
    size_t i, hn = strlen(host);
    if (hn > 4 && memcmp(host, "www.", 4) == 0)
        host += 4, hn -= 4;
    for (i = 0; i < LSC__COUNT(shorteners); i++)
        if (strcmp(host, shorteners[i]) == 0)
            return 1;
    return 0;
}

/* The registrable part of a host: the last two labels, or three under a
 * country's second-level domain (example.co.uk, example.com.cn). */
static const char *reg_domain(const char *h)
{
    static const char *const second[] = { "ac", "co", "com", "edu", "gov",
                                          "ne", "net", "or", "org", "go" };
    size_t n = strlen(h), i;
    const char *last = NULL, *prev = NULL, *prev2 = NULL;
    for (i = n; i > 0; i--) {
        if (h[i - 1] == '.') {
            if (!last)
                last = h + i;
            else if (!prev)
                prev = h + i;
            else {
                prev2 = h + i;
                break;
            }
        }
    }
    if (!prev)
        return h;
    if (strlen(last) == 2) {
        size_t k, sl = (size_t)(last - 1 - prev);
        for (k = 0; k < LSC__COUNT(second); k++)
            if (strlen(second[k]) == sl && memcmp(prev, second[k], sl) == 0)
                return prev2 ? prev2 : h;
    }
    return prev;
}

/* Lower-case host of an absolute URL (http://, https://, ftp://, //, or
 * a bare www.), or NULL; *nomem is set when NULL means the copy failed. */
static char *url_host(lsc__arena *ar, const char *u, size_t n, int allow_bare,
                      int *nomem)
{
    size_t i = 0, hs, he, k;
    char *h;
    while (i < n && is_ws((unsigned char)u[i]))
        i++;
    if (n - i >= 7 && lsc__ncasecmp(u + i, "http://", 7) == 0)
        i += 7;
    else if (n - i >= 8 && lsc__ncasecmp(u + i, "https://", 8) == 0)
        i += 8;
    else if (n - i >= 6 && lsc__ncasecmp(u + i, "ftp://", 6) == 0)
        i += 6;
    else if (n - i >= 2 && u[i] == '/' && u[i + 1] == '/')
        i += 2;
    else if (!(allow_bare && n - i >= 4 && lsc__ncasecmp(u + i, "www.", 4) == 0))
        return NULL;
    while (i < n && (u[i] == '/' || u[i] == '\\'))
        i++;
    hs = i;
    while (i < n && u[i] != '/' && u[i] != '?' && u[i] != '#' && u[i] != '\\' &&
           !is_ws((unsigned char)u[i]))
        i++;
    he = i;
    for (k = he; k > hs; k--)
        if (u[k - 1] == '@') {
            hs = k;
            break;
        }
    if (he > hs && u[hs] == '[') {
        for (k = hs; k < he && u[k] != ']'; k++)
            ;
        if (k < he)
            he = k + 1;
    } else {
        for (k = hs; k < he; k++)
            if (u[k] == ':') {
                he = k;
                break;
            }
    }
    while (he > hs && u[he - 1] == '.')
        he--;
    if (he == hs)
        return NULL;
    h = lsc__arena_strndup(ar, u + hs, he - hs);
    if (!h) {
        *nomem = 1;
        return NULL;
    }
    lsc__lower(h, he - hs);
    return h;
}

/* Whether shown text is one token that reads as a URL or a domain; its
 * lower-case host then. */
static char *shown_host(lsc__arena *ar, const char *t, size_t n, int *nomem)
{
    size_t i, hs, he, labels = 1, tld = 0;
    int scheme = 0;
    char *h;
    for (i = 0; i < n; i++)
        if (is_ws((unsigned char)t[i]) || t[i] == '@' || (unsigned char)t[i] >= 0x80)
            return NULL;
    i = 0;
    if (n >= 7 && lsc__ncasecmp(t, "http://", 7) == 0)
        i = 7, scheme = 1;
    else if (n >= 8 && lsc__ncasecmp(t, "https://", 8) == 0)
        i = 8, scheme = 1;
    hs = i;
    while (i < n && t[i] != '/' && t[i] != '?' && t[i] != '#' && t[i] != ':')
        i++;
    he = i;
    while (he > hs && t[he - 1] == '.')
        he--;
    if (he == hs)
        return NULL;
    for (i = hs; i < he; i++) {
        char ch = t[i];
        if (ch == '.') {
            if (i == hs || t[i - 1] == '.')
                return NULL;
            labels++;
            tld = 0;
        } else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') {
            tld++;
        } else if ((ch >= '0' && ch <= '9') || ch == '-') {
            tld = 0;
            if (i + 1 == he)
                return NULL;
        } else {
            return NULL;
        }
    }
    if (labels < 2 || tld < 2 || (!scheme && labels < 2))
        return NULL;
    /* "report.pdf", "index.html": a file name, not a domain, unless a
     * scheme says so. */
    if (!scheme) {
        static const char *const ext[] = { "asp", "aspx", "cgi", "csv", "doc",
            "docx", "exe", "gif", "htm", "html", "jpeg", "jpg", "js", "php",
            "png", "ppt", "pptx", "rar", "txt", "xls", "xlsx", "zip", "pdf" };
        const char *tl = t + he - tld;
        size_t k;
        for (k = 0; k < LSC__COUNT(ext); k++)
            if (strlen(ext[k]) == tld && lsc__ncasecmp(tl, ext[k], tld) == 0)
                return NULL;
    }
    h = lsc__arena_strndup(ar, t + hs, he - hs);
    if (!h) {
        *nomem = 1;
        return NULL;
    }
    lsc__lower(h, he - hs);
    return h;
}

/* ---- visible text ---- */

static void oom(hstate *s)
{
    if (!s->nomem) {
        s->nomem = 1;
        xmlStopParser(s->px);
    }
}

static frame *top(hstate *s)
{
    return &s->st[s->depth];
}

static unsigned hidden_now(hstate *s)
{
    frame *f = top(s);
    unsigned h = f->hidden;
    if (s->c->show_hidden)
        return 0;
    if (f->fg >= 0) {
        int known = f->bg_declared || (!s->stylesheet && !f->bg_image);
        int32_t bg = f->bg >= 0 ? f->bg : 0xffffff;
        if (known && !f->bg_image && colors_close(f->fg, bg))
            h |= LSC__HID_COLOR;
    }
    return h;
}

static void want_break(hstate *s, int n)
{
    s->hid_space = 1;
    if (s->pend_nl < n)
        s->pend_nl = n;
}

/* Appends text as a browser lays it out: runs of whitespace become one
 * space, breaks owed are written before the next text. */
static void put_text(hstate *s, const unsigned char *t, size_t n)
{
    frame *f = top(s);
    unsigned hid;
    size_t i = 0;

    if (f->skip || s->nomem)
        return;
    hid = hidden_now(s);
    if (hid) {
        lsc__buf *b = &s->hid;
        s->p->html.hidden_why |= hid;
        for (i = 0; i < n; i++) {
            unsigned char ch = t[i];
            if (is_ws(ch)) {
                s->hid_space = 1;
                continue;
            }
            if (s->hid_space && b->len)
                lsc__buf_putc(b, ' ');
            s->hid_space = 0;
            lsc__buf_putc(b, ch);
            if ((ch & 0xc0) != 0x80)
                s->p->html.hidden_chars++;
        }
        if (b->failed)
            oom(s);
        return;
    }
    if (lsc__buf_reserve(&s->out, n + 2) != 0) {
        oom(s);
        return;
    }
    while (i < n) {
        unsigned char ch = t[i];
        if (f->pre && ch == '\r') {
            i++;
            continue;
        }
        if (!f->pre && is_ws(ch)) {
            s->pend_space = s->hid_space = 1;
            i++;
            continue;
        }
        if (ch == 0xc2 && i + 1 < n && t[i + 1] == 0xa0 && !f->pre) {
            s->pend_space = 1;
            i += 2;
            continue;
        }
        if (s->pend_nl || s->pend_space) {
            if (s->out.len) {
                char last = s->out.p[s->out.len - 1];
                if (s->pend_nl) {
                    int k = s->pend_nl;
                    while (s->out.len && s->out.p[s->out.len - 1] == ' ')
                        s->out.len--;
                    if (s->out.len >= 1 && s->out.p[s->out.len - 1] == '\n') {
                        k--;
                        if (s->out.len >= 2 && s->out.p[s->out.len - 2] == '\n')
                            k--;
                    }
                    while (k-- > 0)
                        s->out.p[s->out.len++] = '\n';
                } else if (last != '\n' && last != ' ') {
                    s->out.p[s->out.len++] = ' ';
                }
            }
            s->pend_nl = 0;
            s->pend_space = 0;
            if (lsc__buf_reserve(&s->out, n - i + 2) != 0) {
                oom(s);
                return;
            }
        }
        if (f->pre && ch == '\n') {
            s->out.p[s->out.len++] = '\n';
            i++;
            continue;
        }
        /* a run of ordinary bytes at once */
        {
            size_t j = i;
            while (j < n && !is_ws(t[j]) && t[j] != 0xc2)
                j++;
            if (j == i)
                j = i + 1;
            memcpy(s->out.p + s->out.len, t + i, j - i);
            s->out.len += j - i;
            s->hid_space = 1;
            for (; i < j; i++)
                if ((t[i] & 0xc0) != 0x80)
                    s->p->html.visible_chars++;
        }
    }
}

/* Where a markup declaration "<!...>" ends (the '>'), or NULL. */
static const unsigned char *decl_end(const unsigned char *t, size_t n)
{
    return memchr(t, '>', n);
}

/* Sends text to put_text without the markup declarations libxml2 hands
 * over as text ("<![if !supportLists]>", "<! font ...>"): a browser takes
 * "<!" and "<?" up to the next '>' as a comment.  libxml2 delivers a '<'
 * that opens no tag as a chunk of its own, so it is held until the next
 * chunk says what follows it. */
/* HTML's legacy named references that a browser reads without their ';'
 * ("&nbsp", "&copy 2002"): libxml2 leaves them as text, a '&' chunk then
 * the name. */
static const struct {
    const char *name;
    const char *text;
} legacy_refs[] = {
    { "nbsp", " " }, { "amp", "&" }, { "lt", "<" }, { "gt", ">" },
    { "quot", "\"" }, { "copy", "\xC2\xA9" }, { "reg", "\xC2\xAE" },
};

static void put_filtered(hstate *s, const unsigned char *t, size_t n)
{
    size_t i = 0, start;
    const unsigned char *e;
    if (s->held_amp) {
        size_t k;
        s->held_amp = 0;
        for (k = 0; k < LSC__COUNT(legacy_refs); k++) {
            size_t l = strlen(legacy_refs[k].name);
            if (n >= l && memcmp(t, legacy_refs[k].name, l) == 0) {
                put_text(s, (const unsigned char *)legacy_refs[k].text,
                         strlen(legacy_refs[k].text));
                t += l;
                n -= l;
                break;
            }
        }
        if (k == LSC__COUNT(legacy_refs))
            put_text(s, (const unsigned char *)"&", 1);
    }
    if (n == 1 && t[0] == '&' && !s->bogus && !s->held_lt) {
        s->held_amp = 1;
        return;
    }
    if (s->bogus) {
        if (!(e = decl_end(t, n)))
            return;
        i = (size_t)(e - t) + 1;
        s->bogus = 0;
    }
    if (s->held_lt) {
        s->held_lt = 0;
        if (i < n && (t[i] == '!' || t[i] == '?')) {
            if (!(e = decl_end(t + i, n - i))) {
                s->bogus = 1;
                return;
            }
            i = (size_t)(e - t) + 1;
        } else {
            put_text(s, (const unsigned char *)"<", 1);
        }
    }
    for (start = i; i < n; i++) {
        if (t[i] != '<')
            continue;
        if (i + 1 == n) {
            put_text(s, t + start, i - start);
            s->held_lt = 1;
            return;
        }
        if (t[i + 1] == '!' || t[i + 1] == '?') {
            put_text(s, t + start, i - start);
            if (!(e = decl_end(t + i, n - i))) {
                s->bogus = 1;
                return;
            }
            i = (size_t)(e - t);
            start = i + 1;
        }
    }
    put_text(s, t + start, n - start);
}

/* An element boundary ends a pending '<' or declaration. */
static void flush_held(hstate *s)
{
    if (s->held_amp)
        put_text(s, (const unsigned char *)"&", 1);
    if (s->held_lt)
        put_text(s, (const unsigned char *)"<", 1);
    s->held_lt = s->held_amp = 0;
    s->bogus = 0;
}

static void sax_chars(void *ud, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr px = ud;
    hstate *s = px->_private;
    if (len <= 0 || s->stopped)
        return;
    if (top(s)->kind & K_TITLE) {
        if (s->title.len < LSC__HTML_MAX_ATTR)
            lsc__buf_append(&s->title, ch, (size_t)len);
        return;
    }
    if (top(s)->kind & K_STYLE) {
        if (s->css_total + (size_t)len <= LSC__HTML_MAX_CSS) {
            s->css_total += (size_t)len;
            if (lsc__hbuf_append(&s->css, ch, (size_t)len) != 0)
                oom(s);
        }
        return;
    }
    if (top(s)->skip)
        return;
    put_filtered(s, ch, (size_t)len);
}

/* A field a reader types into or picks from (not a button or hidden). */
static int is_entry_field(const char *name, const char *type)
{
    static const char *const entry[] = { "text", "password", "email", "tel",
                                         "number", "search", "date" };
    size_t i;
    if (strcmp(name, "input") != 0 || !type || !*type)
        return 1;
    for (i = 0; i < LSC__COUNT(entry); i++)
        if (lsc__casecmp(type, entry[i]) == 0)
            return 1;
    return 0;
}

static void read_attrs(const xmlChar **atts, attrs *a)
{
    size_t i;
    memset(a, 0, sizeof *a);
    if (!atts)
        return;
    for (i = 0; atts[i]; i += 2) {
        const char *n = (const char *)atts[i];
        const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
        const char **slot = NULL;
        switch (n[0]) {
        case 'a': if (strcmp(n, "alt") == 0) slot = &a->alt; break;
        case 'b':
            if (strcmp(n, "bgcolor") == 0) slot = &a->bgcolor;
            else if (strcmp(n, "background") == 0) slot = &a->background;
            break;
        case 'c':
            if (strcmp(n, "class") == 0) slot = &a->cls;
            else if (strcmp(n, "color") == 0) slot = &a->color;
            break;
        case 'h':
            if (strcmp(n, "href") == 0) slot = &a->href;
            else if (strcmp(n, "height") == 0) slot = &a->height;
            else if (strcmp(n, "hidden") == 0) slot = &a->hidden;
            break;
        case 'i': if (strcmp(n, "id") == 0) slot = &a->id; break;
        case 's':
            if (strcmp(n, "src") == 0) slot = &a->src;
            else if (strcmp(n, "style") == 0) slot = &a->style;
            break;
        case 't':
            if (strcmp(n, "text") == 0) slot = &a->text;
            else if (strcmp(n, "type") == 0) slot = &a->type;
            break;
        case 'w': if (strcmp(n, "width") == 0) slot = &a->width; break;
        default: break;
        }
        /* the first of repeated attributes wins, as in a browser */
        if (slot && !*slot)
            *slot = v;
    }
}

static size_t alen(const char *a)
{
    size_t n = strlen(a);
    return n > LSC__HTML_MAX_ATTR ? LSC__HTML_MAX_ATTR : n;
}

static void add_link(hstate *s, const char *href, unsigned extra)
{
    lsc__message *m = s->c->msg;
    const lsc_limits *lim = &s->c->eng->limits;
    lsc__link *l;
    size_t hn = alen(href);

    if (s->links_before + s->links.n >= lim->max_links) {
        m->flags |= LSC_MSG_TOO_MANY_LINKS;
        return;
    }
    l = lsc__vec_push(&s->links, s->c->ar);
    if (!l) {
        oom(s);
        return;
    }
    l->href = lsc__arena_strndup(s->c->ar, href, hn);
    l->text = "";
    l->flags = extra;
    if (!l->href) {
        oom(s);
        return;
    }
    while (hn && is_ws((unsigned char)*href))
        href++, hn--;
    if (hn >= 7 && lsc__ncasecmp(href, "mailto:", 7) == 0) {
        const char *at = memchr(href, '@', hn);
        l->flags |= LSC__LINK_MAILTO;
        if (at) {
            size_t e = (size_t)(at + 1 - href);
            size_t k = e;
            while (k < hn && href[k] != '?' && href[k] != '>' &&
                   !is_ws((unsigned char)href[k]))
                k++;
            if (k > e) {
                char *h = lsc__arena_strndup(s->c->ar, href + e, k - e);
                if (!h) {
                    oom(s);
                    return;
                }
                lsc__lower(h, k - e);
                l->host = h;
            }
        }
    } else if (hn >= 11 && lsc__ncasecmp(href, "javascript:", 11) == 0) {
        l->flags |= LSC__LINK_JAVASCRIPT;
    } else {
        int nomem = 0;
        l->host = url_host(s->c->ar, href, hn, 1, &nomem);
        if (nomem) {
            oom(s);
            return;
        }
        if (l->host) {
            if (is_ip_host(l->host))
                l->flags |= LSC__LINK_IP;
            if (is_shortener(l->host))
                l->flags |= LSC__LINK_SHORTENER;
        }
    }
    if (hidden_now(s))
        l->flags |= LSC__LINK_HIDDEN;
}

static void close_link(hstate *s)
{
    lsc__link *l;
    size_t a, b;
    int nomem = 0;
    if (s->cur_link == LSC__NONE)
        return;
    l = &LSC__VEC_AT(&s->links, lsc__link, s->cur_link);
    s->cur_link = LSC__NONE;
    a = l->text_start;
    b = s->out.len;
    while (a < b && is_ws((unsigned char)s->out.p[a]))
        a++;
    while (b > a && is_ws((unsigned char)s->out.p[b - 1]))
        b--;
    l->text_start = a;
    l->text_end = b;
    if (b > a) {
        l->text = lsc__arena_strndup(s->c->ar, s->out.p + a, b - a);
        if (!l->text) {
            oom(s);
            return;
        }
        l->text_host = shown_host(s->c->ar, l->text, b - a, &nomem);
        if (nomem) {
            oom(s);
            return;
        }
        if (l->text_host) {
            l->flags |= LSC__LINK_TEXT_IS_URL;
            if (l->host && !(l->flags & LSC__LINK_MAILTO) &&
                strcmp(reg_domain(l->host), reg_domain(l->text_host)) != 0)
                l->flags |= LSC__LINK_MISMATCH;
        }
    }
}

static void add_image(hstate *s, const attrs *at, const frame *f)
{
    const char *src = at->src, *alt = at->alt;
    const char *st = at->style;
    lsc__image *im;
    size_t sn;
    if (alt && *alt) {
        size_t an = alen(alt);
        if (s->alt.len)
            lsc__buf_putc(&s->alt, '\n');
        lsc__buf_append(&s->alt, alt, an);
        if (s->alt.failed) {
            oom(s);
            return;
        }
    }
    im = lsc__vec_push(&s->images, s->c->ar);
    if (!im) {
        oom(s);
        return;
    }
    src = src ? src : "";
    sn = alen(src);
    im->src = lsc__arena_strndup(s->c->ar, src, sn);
    if (!im->src) {
        oom(s);
        return;
    }
    im->width = parse_int(at->width);
    im->height = parse_int(at->height);
    if (st) {
        /* width/height in the inline style, in px */
        const char *w = strstr(st, "width:"), *h = strstr(st, "height:");
        if (w && (w == st || !((w[-1] | 0x20) >= 'a' && (w[-1] | 0x20) <= 'z') )) {
            long v = css_px100(w + 6, strlen(w + 6));
            if (v >= 0 && im->width < 0)
                im->width = (int)(v / 100);
        }
        if (h && (h == st || !((h[-1] | 0x20) >= 'a' && (h[-1] | 0x20) <= 'z'))) {
            long v = css_px100(h + 7, strlen(h + 7));
            if (v >= 0 && im->height < 0)
                im->height = (int)(v / 100);
        }
    }
    while (*src && is_ws((unsigned char)*src))
        src++;
    if (lsc__ncasecmp(src, "data:", 5) == 0)
        im->flags |= LSC__IMG_DATA;
    else if (lsc__ncasecmp(src, "cid:", 4) == 0)
        im->flags |= LSC__IMG_CID;
    else if (lsc__ncasecmp(src, "http://", 7) == 0 ||
             lsc__ncasecmp(src, "https://", 8) == 0 ||
             (src[0] == '/' && src[1] == '/'))
        im->flags |= LSC__IMG_REMOTE;
    if (f->hidden & (LSC__HID_DISPLAY | LSC__HID_VISIBILITY))
        im->flags |= LSC__IMG_HIDDEN;
    if ((im->flags & LSC__IMG_REMOTE) &&
        ((im->width >= 0 && im->width <= 1 && im->height >= 0 && im->height <= 1) ||
         (im->flags & LSC__IMG_HIDDEN)))
        im->flags |= LSC__IMG_TRACKER;
}

static void sax_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr px = ud;
    hstate *s = px->_private;
    unsigned kind;
    frame *parent, *f;
    const char *a;
    int styled;
    attrs at;

    if (s->stopped)
        return;
    flush_held(s);
    if (++s->nodes > s->c->eng->limits.max_html_nodes ||
        s->depth >= LSC__HTML_MAX_DEPTH) {
        s->c->msg->flags |= LSC_MSG_HTML_TOO_BIG;
        s->p->html.truncated = 1;
        s->stopped = 1;
        xmlStopParser(px);
        return;
    }
    kind = tag_kind((const char *)name);
    read_attrs(atts, &at);
    parent = top(s);
    f = &s->st[++s->depth];
    *f = *parent;
    f->kind = kind;
    f->link = LSC__NONE;
    if (kind & K_SKIP)
        f->skip = 1;
    if (kind & K_PRE)
        f->pre = 1;
    if (kind & K_STYLE)
        s->stylesheet = 1;
    if (atts) {
        if (at.hidden)
            f->hidden |= LSC__HID_DISPLAY;
        if ((a = at.bgcolor) != NULL) {
            int32_t col = parse_color(a, alen(a));
            if (col >= 0) {
                f->bg = col;
                f->bg_declared = 1;
                f->bg_image = 0;
            }
        }
        if ((a = at.background) != NULL && *a)
            f->bg_image = 1;
        if ((kind & K_FONT) && (a = at.color) != NULL) {
            int32_t col = parse_color(a, alen(a));
            if (col >= 0)
                f->fg = col;
        }
        if ((kind & K_BODY) && (a = at.text) != NULL) {
            int32_t col = parse_color(a, alen(a));
            if (col >= 0)
                f->fg = col;
        }
        /* A class under a style sheet may set any of font size, colours
         * and display, and may win over the inline style (!important in a
         * media query: "desktop-only" blocks): what is inherited or
         * declared here is then unknown, and unknown is shown. */
        styled = s->stylesheet && at.cls != NULL;
        if (styled) {
            f->hidden &= ~(unsigned)LSC__HID_TINY;
            f->fg = -1;
            f->bg_image = 1;
        }
        if ((a = at.style) != NULL) {
            unsigned before = f->hidden;
            apply_style(f, a, alen(a));
            if (styled)
                f->hidden &= before | LSC__HID_TINY;
        }
    }
    if (s->n_hiders) {
        unsigned why = sheet_hides(s, (const char *)name, &at);
        if (why && at.style)    /* an inline style wins over the sheet */
            why &= ~css_shows(at.style, alen(at.style));
        f->hidden |= why;
    }
    if ((kind & K_BR) && !f->skip)
        /* each <br> ends a line: two in a row leave a blank one */
        s->pend_nl = s->pend_nl < 2 ? s->pend_nl + 1 : 2;
    else if (kind & K_BLOCK)
        want_break(s, 1);
    else if (kind & K_PARA)
        want_break(s, 2);
    else if (kind & K_CELL)
        s->pend_space = s->hid_space = 1;
    if (kind & K_SCRIPT)
        s->p->html.scripts++;
    if (kind & K_FORM)
        s->p->html.forms++;
    if ((kind & K_INPUT) && is_entry_field((const char *)name, at.type))
        s->p->html.inputs++;
    if (kind & K_IFRAME)
        s->p->html.iframes++;
    if (kind & K_OBJECT)
        s->p->html.objects++;
    if (kind & K_IMG)
        add_image(s, &at, f);
    if ((kind & (K_A | K_AREA)) && (a = at.href) != NULL) {
        size_t before = s->links.n;
        if (kind & K_A)
            close_link(s);
        add_link(s, a, (kind & K_AREA) ? LSC__LINK_AREA : 0);
        if ((kind & K_A) && s->links.n > before) {
            lsc__link *l = &LSC__VEC_AT(&s->links, lsc__link, s->links.n - 1);
            s->cur_link = s->links.n - 1;
            f->link = s->cur_link;
            l->text_start = s->out.len;
        }
    }
}

static void sax_end(void *ud, const xmlChar *name)
{
    xmlParserCtxtPtr px = ud;
    hstate *s = px->_private;
    frame *f;
    LSC__UNUSED(name);
    if (s->stopped || s->depth == 0)
        return;
    flush_held(s);
    f = top(s);
    if ((f->kind & K_STYLE) && s->css.len) {
        read_sheet(s, s->css.p, s->css.len);
        s->css.len = 0;
    }
    if (f->link != LSC__NONE && f->link == s->cur_link)
        close_link(s);
    if (f->kind & K_BLOCK)
        want_break(s, 1);
    else if (f->kind & K_PARA)
        want_break(s, 2);
    else if (f->kind & K_CELL)
        s->pend_space = 1;
    s->depth--;
}

static void silent(void *ud, xmlErrorPtr e)
{
    LSC__UNUSED(ud);
    LSC__UNUSED(e);
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
                    hexval((unsigned char)s[(i) + 3]) >= 0))))
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

/* Reads one HTML part. */
static int run_part(lsc__ctx *c, lsc__part *p)
{
    hstate *s;
    xmlParserCtxtPtr px;
    xmlSAXHandlerPtr sax;
    size_t n = p->pub.utf8_bytes, i;
    int rc = 0;
    char *escaped = NULL;

    s = lsc__calloc(&c->eng->al, 1, sizeof *s);
    if (!s)
        return LSC_ENOMEM;
    s->c = c;
    s->p = p;
    s->cur_link = LSC__NONE;
    for (i = 0; i < c->msg->n_parts; i++)
        s->links_before += c->msg->parts[i]->html.n_links;
    s->st[0].fg = -1;
    s->st[0].bg = -1;
    s->st[0].link = LSC__NONE;
    lsc__buf_init(&s->out, c->ar);
    lsc__buf_init(&s->hid, c->ar);
    lsc__buf_init(&s->alt, c->ar);
    lsc__buf_init(&s->title, c->ar);
    lsc__hbuf_init(&s->css, &c->eng->al);
    lsc__vec_init(&s->links, sizeof(lsc__link));
    lsc__vec_init(&s->images, sizeof(lsc__image));
    p->html.parsed = 1;
    if (n > INT_MAX) {
        n = INT_MAX;
        p->html.truncated = 1;
        c->msg->flags |= LSC_MSG_HTML_TOO_BIG;
    }
    /* The visible text is never longer than the markup (plus a break). */
    if (lsc__buf_reserve(&s->out, n + 16) != 0) {
        rc = LSC_ENOMEM;
        goto done;
    }
    if (n == 0)
        goto finish;
    rc = escape_bare_charrefs(&c->eng->al, p->pub.utf8, n, &escaped, &n);
    if (rc)
        goto done;
    px = htmlCreateMemoryParserCtxt(escaped ? escaped : p->pub.utf8, (int)n);
    if (!px) {
        rc = LSC_ENOMEM;
        goto done;
    }
    s->px = px;
    sax = px->sax;
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElement = sax_start;
    sax->endElement = sax_end;
    sax->characters = sax_chars;
    sax->ignorableWhitespace = sax_chars;
    sax->cdataBlock = sax_chars;
    sax->serror = silent;
    px->_private = s;
    px->userData = px;
    /* The body is UTF-8 already: a <meta charset> must not switch it. */
    xmlSwitchEncoding(px, XML_CHAR_ENCODING_UTF8);
    if (px->input && !px->input->encoding)
        px->input->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    htmlCtxtUseOptions(px, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                               HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
    sax->serror = silent;
    htmlParseDocument(px);
    flush_held(s);
    close_link(s);
    htmlFreeParserCtxt(px);
    s->px = NULL;
    if (s->nomem) {
        rc = LSC_ENOMEM;
        goto done;
    }
finish:
    while (s->out.len && is_ws((unsigned char)s->out.p[s->out.len - 1]))
        s->out.len--;
    p->pub.text = lsc__buf_finish(&s->out);
    p->pub.text_bytes = s->out.len;
    p->html.hidden_text = lsc__buf_finish(&s->hid);
    p->html.hidden_text_len = s->hid.len;
    p->html.alt_text = lsc__buf_finish(&s->alt);
    p->html.alt_text_len = s->alt.len;
    {
        /* the title, whitespace collapsed */
        char *t = lsc__buf_finish(&s->title);
        size_t o = 0;
        int sp = 0;
        if (t) {
            for (i = 0; i < s->title.len; i++) {
                if (is_ws((unsigned char)t[i])) {
                    sp = o > 0;
                    continue;
                }
                if (sp)
                    t[o++] = ' ';
                sp = 0;
                t[o++] = t[i];
            }
            t[o] = '\0';
        }
        p->html.title = t;
    }
    if (!p->pub.text || !p->html.hidden_text || !p->html.alt_text ||
        !p->html.title) {
        rc = LSC_ENOMEM;
        goto done;
    }
    p->html.links = s->links.items;
    p->html.n_links = s->links.n;
    p->html.images = s->images.items;
    p->html.n_images = s->images.n;
    p->html.elements = s->nodes;
done:
    lsc__free(&c->eng->al, escaped);
    lsc__hbuf_free(&s->css);
    lsc__free(&c->eng->al, s);
    return rc;
}

int lsc__html_run(lsc__ctx *c)
{
    size_t i;
    for (i = 0; i < c->msg->n_parts; i++) {
        lsc__part *p = c->msg->parts[i];
        int rc;
        if (p->pub.kind != LSC_PART_LEAF || !p->pub.utf8 ||
            !(p->pub.flags & LSC_PART_HTML))
            continue;
        rc = run_part(c, p);
        if (rc != 0)
            return rc;
    }
    return 0;
}
