/*
 * links.c - the links and images of an HTML part, and the hosts they name.
 *
 * Takes: <a>/<area> targets and <img> attributes as the parser meets them,
 * and the visible text written meanwhile.  Gives: lsc__html.links (target,
 * host, the text shown and its offsets, LSC__LINK_* flags: a shown domain
 * that differs, hidden links, and what url.c reads in the address) at most max_links per
 * message, and lsc__html.images (declared size, data:/remote/cid:, 1x1
 * trackers).
 */
#include <limits.h>
#include <stdlib.h>

#include "html/html_parse.h"
#include "html/url.h"

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
    } else if (lsc__url_target(s->c->eng, s->c->ar, &s->spoof, l, href, hn, 1) != 0) {
        lsc__html_oom(s);
        return;
    }
    if (lsc__html_hidden_now(s)) {
        l->flags |= LSC__LINK_HIDDEN;
        s->hid_links++;     /* counted in the run its text opens */
    }
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
        l->text_host = lsc__url_shown_host(s->c->ar, l->text, b - a, &nomem);
        if (nomem) {
            lsc__html_oom(s);
            return;
        }
        if (l->text_host) {
            l->flags |= LSC__LINK_TEXT_IS_URL;
            lsc__url_compare(s->c->eng, l);
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
    im->src_len = strlen(src);
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
    if (!at->alt)
        im->flags |= LSC__IMG_NO_ALT;
    if ((im->flags & LSC__IMG_REMOTE) &&
        ((im->width >= 0 && im->width <= 1 && im->height >= 0 && im->height <= 1) ||
         (im->flags & LSC__IMG_HIDDEN)))
        im->flags |= LSC__IMG_TRACKER;
}
