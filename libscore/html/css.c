/*
 * css.c - what styles hide (the HTML stage's style reader).
 *
 * Takes: an element's inline style and presentational attributes, and the
 * text of <style> elements.  Gives: the colours, sizes and display of the
 * open element (lsc__html_apply_style), the hiding selectors a sheet
 * declares (lsc__html_read_sheet, at most LSC__HTML_MAX_HIDERS from
 * LSC__HTML_MAX_CSS bytes), and whether they hide an element
 * (lsc__html_sheet_hides).  Also the small value parsers the stage shares
 * (integers, colours, CSS lengths).
 */
#include <limits.h>
#include <stdlib.h>

#include "html/html_parse.h"

/* ---- small parsers ---- */

/* Leading integer of a size attribute ("1", "1px", " 300 "), -1 if none. */
int lsc__html_parse_int(const char *s)
{
    long v = 0;
    int any = 0;
    if (!s)
        return -1;
    while (lsc__html_is_ws((unsigned char)*s))
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

/* A CSS or attribute colour of n bytes: #rgb, #rrggbb, rrggbb, rgb(),
 * a name.  -1 when not understood (transparent, inherit, ...). */
int32_t lsc__html_parse_color(const char *s, size_t n)
{
    size_t i;
    while (n && lsc__html_is_ws((unsigned char)*s))
        s++, n--;
    while (n && lsc__html_is_ws((unsigned char)s[n - 1]))
        n--;
    if (n >= 10 && s[n - 10] == '!' && lsc__ncasecmp(s + n - 10, "!important", 10) == 0) {
        n -= 10;
        while (n && lsc__html_is_ws((unsigned char)s[n - 1]))
            n--;
    }
    if (n && *s == '#')
        s++, n--;
    if (n == 6 || n == 3) {
        int32_t v = 0;
        for (i = 0; i < n; i++) {
            int h = lsc__hexval((unsigned char)s[i]);
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

int lsc__html_colors_close(int32_t a, int32_t b)
{
    int d = abs(((a >> 16) & 255) - ((b >> 16) & 255)) +
            abs(((a >> 8) & 255) - ((b >> 8) & 255)) + abs((a & 255) - (b & 255));
    return d <= 40;
}

/* CSS length in pixels x100 ("0", "1px", "0.5em", "2pt"), -1 unknown. */
long lsc__html_css_px100(const char *s, size_t n)
{
    long whole = 0, frac = 0, scale = 1;
    size_t i = 0;
    int any = 0;
    while (i < n && lsc__html_is_ws((unsigned char)s[i]))
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
        while (k < n && (lsc__html_is_ws((unsigned char)s[k]) || s[k] == ';'))
            k++;
        *ps = k;
        while (k < n && s[k] != ':' && s[k] != ';')
            k++;
        *pe = k;
        while (*pe > *ps && lsc__html_is_ws((unsigned char)s[*pe - 1]))
            (*pe)--;
        if (k >= n || s[k] != ':')
            continue;
        *vs = ++k;
        while (k < n && s[k] != ';')
            k++;
        *ve = k;
        while (*vs < *ve && lsc__html_is_ws((unsigned char)s[*vs]))
            (*vs)++;
        while (*ve > *vs && lsc__html_is_ws((unsigned char)s[*ve - 1]))
            (*ve)--;
        *i = k;
        return 1;
    }
    *i = k;
    return 0;
}

/* A CSS length far to the left or top, off the screen ("-9999px",
 * "-5000em"): the trick that hides text without display:none. */
static int off_screen(const char *s, size_t n)
{
    long v;
    while (n && lsc__html_is_ws((unsigned char)*s))
        s++, n--;
    if (!n || *s != '-')
        return 0;
    v = lsc__html_css_px100(s + 1, n - 1);
    return v >= LSC__HTML_OFFSCREEN_PX * 100;
}

/* Applies an inline style attribute to a frame. */
void lsc__html_apply_style(frame *f, const char *s, size_t n)
{
    size_t i = 0, ps, pe, vs, ve;
    int zero_box = 0, clip = 0;
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
                f->hidden |= LSC__HID_DISPLAY | LSC__HID_MSO;
        } else if (PROP("visibility")) {
            if (VAL("hidden") || VAL("collapse"))
                f->hidden |= LSC__HID_VISIBILITY;
        } else if (PROP("opacity")) {
            long v = lsc__html_css_px100(s + vs, ve - vs);
            if (v >= 0 && v <= 5)
                f->hidden |= LSC__HID_VISIBILITY;
        } else if (PROP("font-size")) {
            long v = lsc__html_css_px100(s + vs, ve - vs);
            if (v >= 0 && v <= 300)
                f->hidden |= LSC__HID_TINY;
            else if (v > 300)
                f->hidden &= ~LSC__HID_TINY;
        } else if (PROP("color")) {
            int32_t col = lsc__html_parse_color(s + vs, ve - vs);
            if (col >= 0)
                f->fg = col;
        } else if (PROP("background-color") || PROP("background")) {
            int32_t col = lsc__html_parse_color(s + vs, ve - vs);
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
                        while (e < ve && lsc__hexval((unsigned char)s[e]) >= 0)
                            e++;
                        col = lsc__html_parse_color(s + k, e - k);
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
        } else if (PROP("max-height") || PROP("height") || PROP("max-width") ||
                   PROP("width")) {
            /* a box of no size shows nothing of what overflows it */
            if (lsc__html_css_px100(s + vs, ve - vs) == 0)
                zero_box = 1;
        } else if (PROP("overflow") || PROP("overflow-y") || PROP("overflow-x")) {
            if (VAL("hidden") || VAL("clip"))
                clip = 1;
        } else if (PROP("left") || PROP("top") || PROP("margin-left") ||
                   PROP("margin-top") || PROP("text-indent")) {
            if (off_screen(s + vs, ve - vs))
                f->hidden |= LSC__HID_CLIPPED;
        }
#undef PROP
#undef VAL
    }
    if (zero_box && clip)
        f->hidden |= LSC__HID_CLIPPED;
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
unsigned lsc__html_css_shows(const char *s, size_t n)
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
    lsc__html_apply_style(&f, s, n);
    *shows = lsc__html_css_shows(s, n) != 0;
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
    while (a < n && lsc__html_is_ws((unsigned char)s[a]))
        a++;
    while (n > a && lsc__html_is_ws((unsigned char)s[n - 1]))
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
void lsc__html_read_sheet(hstate *st, char *s, size_t n)
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
        while (i < n && (lsc__html_is_ws((unsigned char)s[i]) || s[i] == ';'))
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
unsigned lsc__html_sheet_hides(const hstate *st, const char *tag, const attrs *at)
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
                while (*c && lsc__html_is_ws((unsigned char)*c))
                    c++;
                for (l = 0; c[l] && !lsc__html_is_ws((unsigned char)c[l]); l++)
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
