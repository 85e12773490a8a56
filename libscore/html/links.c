/*
 * links.c - the links and images of an HTML part, and the hosts they name.
 *
 * Takes: <a>/<area> targets and <img> attributes as the parser meets them,
 * and the visible text written meanwhile.  Gives: lsc__html.links (target,
 * host, the text shown and its offsets, LSC__LINK_* flags: a shown domain
 * that differs, IP hosts, shorteners, hidden links) at most max_links per
 * message, and lsc__html.images (declared size, data:/remote/cid:, 1x1
 * trackers).
 */
#include <limits.h>
#include <stdlib.h>

#include "base/domain.h"
#include "html/html_parse.h"

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
        } else if (hexlike && lsc__hexval((unsigned char)*s) >= 0) {
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

/* Whether two hosts share a registrable domain by the Public Suffix List
 * (alice.github.io and evil.github.io do not; a.example.co.uk and
 * b.example.co.uk do). */
static int same_site(const char *a, const char *b)
{
    char ra[LSC__DOMAIN_MAX + 1], rb[LSC__DOMAIN_MAX + 1];
    if (lsc__registrable_domain(ra, sizeof ra, a, strlen(a)) < 0 ||
        lsc__registrable_domain(rb, sizeof rb, b, strlen(b)) < 0)
        return strcmp(a, b) == 0;
    return strcmp(ra, rb) == 0;
}

/* Lower-case host of an absolute URL (http://, https://, ftp://, //, or
 * a bare www.), or NULL; *nomem is set when NULL means the copy failed. */
static char *url_host(lsc__arena *ar, const char *u, size_t n, int allow_bare,
                      int *nomem)
{
    size_t i = 0, hs, he, k;
    char *h;
    while (i < n && lsc__html_is_ws((unsigned char)u[i]))
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
           !lsc__html_is_ws((unsigned char)u[i]))
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
        if (lsc__html_is_ws((unsigned char)t[i]) || t[i] == '@' || (unsigned char)t[i] >= 0x80)
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


size_t lsc__html_alen(const char *a)
{
    size_t n = strlen(a);
    return n > LSC__HTML_MAX_ATTR ? LSC__HTML_MAX_ATTR : n;
}

void lsc__html_add_link(hstate *s, const char *href, unsigned extra)
{
    lsc__message *m = s->c->msg;
    const lsc_limits *lim = &s->c->eng->limits;
    lsc__link *l;
    size_t hn = lsc__html_alen(href);

    if (s->links_before + s->links.n >= lim->max_links) {
        m->flags |= LSC_MSG_TOO_MANY_LINKS;
        return;
    }
    l = lsc__vec_push(&s->links, s->c->ar);
    if (!l) {
        lsc__html_oom(s);
        return;
    }
    l->href = lsc__arena_strndup(s->c->ar, href, hn);
    l->text = "";
    l->flags = extra;
    if (!l->href) {
        lsc__html_oom(s);
        return;
    }
    while (hn && lsc__html_is_ws((unsigned char)*href))
        href++, hn--;
    if (hn >= 7 && lsc__ncasecmp(href, "mailto:", 7) == 0) {
        const char *at = memchr(href, '@', hn);
        l->flags |= LSC__LINK_MAILTO;
        if (at) {
            size_t e = (size_t)(at + 1 - href);
            size_t k = e;
            while (k < hn && href[k] != '?' && href[k] != '>' &&
                   !lsc__html_is_ws((unsigned char)href[k]))
                k++;
            if (k > e) {
                char *h = lsc__arena_strndup(s->c->ar, href + e, k - e);
                if (!h) {
                    lsc__html_oom(s);
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
            lsc__html_oom(s);
            return;
        }
        if (l->host) {
            if (is_ip_host(l->host))
                l->flags |= LSC__LINK_IP;
            if (is_shortener(l->host))
                l->flags |= LSC__LINK_SHORTENER;
        }
    }
    if (lsc__html_hidden_now(s))
        l->flags |= LSC__LINK_HIDDEN;
}

void lsc__html_close_link(hstate *s)
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
    while (a < b && lsc__html_is_ws((unsigned char)s->out.p[a]))
        a++;
    while (b > a && lsc__html_is_ws((unsigned char)s->out.p[b - 1]))
        b--;
    l->text_start = a;
    l->text_end = b;
    if (b > a) {
        l->text = lsc__arena_strndup(s->c->ar, s->out.p + a, b - a);
        if (!l->text) {
            lsc__html_oom(s);
            return;
        }
        l->text_host = shown_host(s->c->ar, l->text, b - a, &nomem);
        if (nomem) {
            lsc__html_oom(s);
            return;
        }
        if (l->text_host) {
            l->flags |= LSC__LINK_TEXT_IS_URL;
            if (l->host && !(l->flags & LSC__LINK_MAILTO) &&
                !same_site(l->host, l->text_host))
                l->flags |= LSC__LINK_MISMATCH;
        }
    }
}

void lsc__html_add_image(hstate *s, const attrs *at, const frame *f)
{
    const char *src = at->src, *alt = at->alt;
    const char *st = at->style;
    lsc__image *im;
    size_t sn;
    if (alt && *alt) {
        size_t an = lsc__html_alen(alt);
        if (s->alt.len)
            lsc__buf_putc(&s->alt, '\n');
        lsc__buf_append(&s->alt, alt, an);
        if (s->alt.failed) {
            lsc__html_oom(s);
            return;
        }
    }
    im = lsc__vec_push(&s->images, s->c->ar);
    if (!im) {
        lsc__html_oom(s);
        return;
    }
    src = src ? src : "";
    sn = lsc__html_alen(src);
    im->src = lsc__arena_strndup(s->c->ar, src, sn);
    if (!im->src) {
        lsc__html_oom(s);
        return;
    }
    im->width = lsc__html_parse_int(at->width);
    im->height = lsc__html_parse_int(at->height);
    if (st) {
        /* width/height in the inline style, in px */
        const char *w = strstr(st, "width:"), *h = strstr(st, "height:");
        if (w && (w == st || !((w[-1] | 0x20) >= 'a' && (w[-1] | 0x20) <= 'z') )) {
            long v = lsc__html_css_px100(w + 6, strlen(w + 6));
            if (v >= 0 && im->width < 0)
                im->width = (int)(v / 100);
        }
        if (h && (h == st || !((h[-1] | 0x20) >= 'a' && (h[-1] | 0x20) <= 'z'))) {
            long v = lsc__html_css_px100(h + 7, strlen(h + 7));
            if (v >= 0 && im->height < 0)
                im->height = (int)(v / 100);
        }
    }
    while (*src && lsc__html_is_ws((unsigned char)*src))
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
