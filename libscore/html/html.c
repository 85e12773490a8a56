/*
 * html.c - what a reader sees of an HTML part, and the facts filters punish.
 *
 * Takes: every text/html leaf with a UTF-8 body (pub.utf8 from decode.c).
 * Gives: pub.text/text_bytes, the visible text (script, style, head,
 * noscript, template, title and comments dropped; entities decoded; block
 * elements and <br> as line breaks; whitespace collapsed as a browser
 * would, with U+00A0 taken as a space; text hidden by inline styles left
 * out), and lsc__html: links with the text they show and its offsets in
 * the visible text, images, forms, scripts, iframes, objects, event-handler
 * attributes, hidden text (kept apart for evidence) and its runs (where
 * each sits in the visible text, why it is hidden, hidden links in it;
 * visible.c), words a comment splits ("te<!--x-->st"), image alt text
 * (kept apart), the title.
 *
 * Files: html.c drives the parser (tags, SAX callbacks, one part, the
 * stage); visible.c writes the visible text; css.c reads styles and sheets;
 * links.c keeps links and images; html_parse.h is what they share.
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
 * LSC__HTML_MAX_HIDERS hiding selectors per part; LSC__HTML_MAX_RUNS runs
 * of hidden text and LSC__HTML_MAX_SPLITS split words kept per part.
 * Hidden text is judged from inline styles, presentational attributes, and
 * the style sheets' rules that hide by display, visibility or opacity with
 * a selector of the
 * forms tag, .class, #id or tag.class (what hiders use; descendant and
 * other selectors are not matched).  A rule inside @media never hides, and
 * a selector a @media rule shows is taken as shown ("desktop-only"
 * blocks); an inline style wins over the sheet.  Size and colour from a
 * sheet are not applied: an element with a class under a sheet is taken
 * as shown at any size and colour (font-size:0 layout cells).  An inline
 * box of no size with overflow hidden, and text placed far off-screen, are
 * hidden too (css.c).  Bogus end tags ("</>", "</ x>") are dropped before
 * parsing, as an HTML5 tokenizer drops them (prune.c).  Markup
 * declarations libxml2 passes as text (<![if ...]>) are dropped and the
 * legacy references browsers read without ';' (&nbsp) are decoded.
 */
#include <limits.h>
#include <stdlib.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "html/html_parse.h"
#include "html/url.h"


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

/* tag_kind, remembered by the name's address: libxml2 passes a start
 * tag's name from its parser's dictionary (or a literal of its own),
 * one address per name that lives as long as the parser, and a page
 * names the same few tags thousands of times; a bsearch of strcmp calls
 * for each was a few per cent of a whole score. */
static unsigned tag_kind_at(hstate *s, const xmlChar *name)
{
    /* the top bits of a multiplicative hash of the address */
    size_t k = (size_t)(((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15ull) >>
                        (64 - LSC__HTML_KIND_BITS));
    if (s->kind_name[k] != name) {
        s->kind_name[k] = name;
        s->kind_of[k] = tag_kind((const char *)name);
    }
    return s->kind_of[k];
}


static void sax_chars(void *ud, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr px = ud;
    hstate *s = px->_private;
    size_t n;
    if (len <= 0 || s->stopped)
        return;
    /* the text prune.c gave libxml2 marks for, as written */
    ch = (const xmlChar *)lsc__standin_text(&s->standins, &s->back,
                                            (const char *)ch, (size_t)len, &n);
    if (!ch) {
        lsc__html_oom(s);
        return;
    }
    if (lsc__html_top(s)->kind & K_TITLE) {
        /* its first LSC__HTML_MAX_ATTR bytes, cut where a character
         * starts (text comes in pieces of any size) */
        size_t k = LSC__MIN(n, LSC__HTML_MAX_ATTR - LSC__MIN(s->title.len,
                                                           LSC__HTML_MAX_ATTR));
        while (k > 0 && k < n && (ch[k] & 0xC0) == 0x80)
            k--;
        lsc__buf_append(&s->title, ch, k);
        return;
    }
    if (lsc__html_top(s)->kind & K_STYLE) {
        if (s->css_total + n <= LSC__HTML_MAX_CSS) {
            s->css_total += n;
            if (lsc__hbuf_append(&s->css, ch, n) != 0)
                lsc__html_oom(s);
        }
        return;
    }
    if (lsc__html_top(s)->skip)
        return;
    lsc__html_put_filtered(s, ch, n);
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

/* The event-handler attributes of HTML without their "on" (the global
 * event handlers and those of body and media), sorted for bsearch. */
static const char *const events[] = {
    "abort", "afterprint", "animationend", "animationiteration",
    "animationstart", "auxclick", "beforeinput", "beforeprint",
    "beforeunload", "blur", "cancel", "canplay", "canplaythrough", "change",
    "click", "close", "contextmenu", "copy", "cuechange", "cut", "dblclick",
    "drag", "dragend", "dragenter", "dragleave", "dragover", "dragstart",
    "drop", "durationchange", "emptied", "ended", "error", "focus", "focusin",
    "focusout", "formdata", "hashchange", "input", "invalid", "keydown",
    "keypress", "keyup", "languagechange", "load", "loadeddata",
    "loadedmetadata", "loadend", "loadstart", "message", "messageerror",
    "mousedown", "mouseenter", "mouseleave", "mousemove", "mouseout",
    "mouseover", "mouseup", "mousewheel", "offline", "online", "pagehide",
    "pageshow", "paste", "pause", "play", "playing", "pointercancel",
    "pointerdown", "pointerenter", "pointerleave", "pointermove",
    "pointerout", "pointerover", "pointerup", "popstate", "progress",
    "ratechange", "rejectionhandled", "reset", "resize", "scroll",
    "scrollend", "securitypolicyviolation", "seeked", "seeking", "select",
    "selectionchange", "selectstart", "show", "slotchange", "stalled",
    "storage", "submit", "suspend", "timeupdate", "toggle", "touchcancel",
    "touchend", "touchmove", "touchstart", "transitionend",
    "unhandledrejection", "unload", "volumechange", "waiting", "wheel",
};

/* onclick, onmouseover, ...: an attribute that runs script. */
static int is_handler(const char *n)
{
    return n[0] == 'o' && n[1] == 'n' &&
           lsc__in_sorted(n + 2, events, LSC__COUNT(events));
}

/* Every name read here is one lsc__html_attr_read (prune.c) keeps: the
 * others never reach the parser. */
static void read_attrs(const lsc__standins *sv, const xmlChar **atts, attrs *a)
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
        /* an event handler (onclick, onmouseover, ...) is a script */
        if (!slot && !a->handler && is_handler(n))
            a->handler = n;
        /* the first of repeated attributes wins, as in a browser */
        if (slot && !*slot)
            *slot = lsc__standin_value(sv, v);
    }
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
    lsc__html_flush_held(s);
    if (++s->nodes > s->c->eng->limits.max_html_nodes ||
        s->depth >= LSC__HTML_MAX_DEPTH) {
        s->c->msg->flags |= LSC_MSG_HTML_TOO_BIG;
        s->p->html.truncated = 1;
        s->stopped = 1;
        xmlStopParser(px);
        return;
    }
    kind = tag_kind_at(s, name);
    read_attrs(&s->standins, atts, &at);
    parent = lsc__html_top(s);
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
            int32_t col = lsc__html_parse_color(a, lsc__html_alen(a));
            if (col >= 0) {
                f->bg = col;
                f->bg_declared = 1;
                f->bg_image = 0;
            }
        }
        if ((a = at.background) != NULL && *a)
            f->bg_image = 1;
        if ((kind & K_FONT) && (a = at.color) != NULL) {
            int32_t col = lsc__html_parse_color(a, lsc__html_alen(a));
            if (col >= 0)
                f->fg = col;
        }
        if ((kind & K_BODY) && (a = at.text) != NULL) {
            int32_t col = lsc__html_parse_color(a, lsc__html_alen(a));
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
            lsc__html_apply_style(f, a, lsc__html_alen(a));
            if (styled)
                f->hidden &= before | LSC__HID_TINY;
        }
    }
    if (s->n_hiders) {
        unsigned why = lsc__html_sheet_hides(s, (const char *)name, &at);
        if (why && at.style)    /* an inline style wins over the sheet */
            why &= ~lsc__html_css_shows(at.style, lsc__html_alen(at.style));
        f->hidden |= why;
    }
    if ((kind & K_BR) && !f->skip)
        /* each <br> ends a line: two in a row leave a blank one */
        s->pend_nl = s->pend_nl < 2 ? s->pend_nl + 1 : 2;
    else if (kind & K_BLOCK)
        lsc__html_want_break(s, 1);
    else if (kind & K_PARA)
        lsc__html_want_break(s, 2);
    else if (kind & K_CELL)
        s->pend_space = s->hid_space = 1;
    if (kind & K_SCRIPT)
        s->p->html.scripts++;
    if (at.handler) {
        if (!s->p->html.handler &&
            !(s->p->html.handler = lsc__arena_strdup(s->c->ar, at.handler))) {
            lsc__html_oom(s);
            return;
        }
        s->p->html.handlers++;
    }
    if (kind & K_FORM)
        s->p->html.forms++;
    if ((kind & K_INPUT) && is_entry_field((const char *)name, at.type))
        s->p->html.inputs++;
    if (kind & K_IFRAME)
        s->p->html.iframes++;
    if (kind & K_OBJECT)
        s->p->html.objects++;
    if (kind & K_IMG)
        lsc__html_add_image(s, &at, f);
    if ((kind & (K_A | K_AREA)) && (a = at.href) != NULL) {
        size_t before = s->links.n;
        if (kind & K_A)
            lsc__html_close_link(s);
        lsc__html_add_link(s, a, (kind & K_AREA) ? LSC__LINK_AREA : 0);
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
    lsc__html_flush_held(s);
    f = lsc__html_top(s);
    if ((f->kind & K_STYLE) && s->css.len) {
        lsc__html_read_sheet(s, s->css.p, s->css.len);
        s->css.len = 0;
    }
    if (f->link != LSC__NONE && f->link == s->cur_link)
        lsc__html_close_link(s);
    if (f->kind & K_BLOCK)
        lsc__html_want_break(s, 1);
    else if (f->kind & K_PARA)
        lsc__html_want_break(s, 2);
    else if (f->kind & K_CELL)
        s->pend_space = 1;
    s->depth--;
}

/* A comment shows nothing; between two letters it splits a word for a
 * filter that reads the markup, not for the reader (visible.c). */
static void sax_comment(void *ud, const xmlChar *value)
{
    xmlParserCtxtPtr px = ud;
    hstate *s = px->_private;
    LSC__UNUSED(value);
    if (!s->stopped && !lsc__html_top(s)->skip)
        s->comment_join = 1;
}

static void silent(void *ud, xmlErrorPtr e)
{
    LSC__UNUSED(ud);
    LSC__UNUSED(e);
}

htmlParserCtxtPtr lsc__html_parser(const char *s, size_t n,
                                   startElementSAXFunc start,
                                   endElementSAXFunc end,
                                   charactersSAXFunc chars,
                                   commentSAXFunc comment, void *ud)
{
    htmlParserCtxtPtr px;
    xmlSAXHandlerPtr sax;
    if (n == 0 || n > INT_MAX)
        return NULL;
    px = htmlCreateMemoryParserCtxt(s, (int)n);
    if (!px)
        return NULL;
    sax = px->sax;
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElement = start;
    sax->endElement = end;
    sax->characters = chars;
    sax->ignorableWhitespace = chars;
    sax->cdataBlock = chars;
    sax->comment = comment;
    sax->serror = silent;
    px->_private = ud;
    px->userData = px;
    /* The body is UTF-8 already: a <meta charset> must not switch it. */
    xmlSwitchEncoding(px, XML_CHAR_ENCODING_UTF8);
    if (px->input && !px->input->encoding)
        px->input->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    htmlCtxtUseOptions(px, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                               HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
    sax->serror = silent;
    return px;
}

/* Reads one HTML part. */
static int run_part(lsc__ctx *c, lsc__part *p)
{
    hstate *s;
    xmlParserCtxtPtr px;
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
    lsc__hbuf_init(&s->back, &c->eng->al);
    lsc__standins_init(&s->standins, &c->eng->al);
    lsc__vec_init(&s->links, sizeof(lsc__link));
    lsc__vec_init(&s->images, sizeof(lsc__image));
    lsc__vec_init(&s->runs, sizeof(lsc__hidden_run));
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
    rc = lsc__html_rewrite(&c->eng->al, p->pub.utf8, n, &escaped, &n,
                           &s->standins);
    if (rc)
        goto done;
    /* bogus end tags may be all there was ("</ x>"): libxml2 takes no
     * empty input */
    if (n == 0)
        goto finish;
    px = lsc__html_parser(escaped ? escaped : p->pub.utf8, n, sax_start,
                          sax_end, sax_chars, sax_comment, s);
    if (!px) {
        rc = LSC_ENOMEM;
        goto done;
    }
    s->px = px;
    htmlParseDocument(px);
    lsc__html_flush_held(s);
    lsc__html_close_link(s);
    htmlFreeParserCtxt(px);
    s->px = NULL;
    if (s->nomem) {
        rc = LSC_ENOMEM;
        goto done;
    }
finish:
    while (s->out.len && lsc__html_is_ws((unsigned char)s->out.p[s->out.len - 1]))
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
                if (lsc__html_is_ws((unsigned char)t[i])) {
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
    p->html.runs = s->runs.items;
    p->html.n_runs = s->runs.n;
    if (p->html.splits) {
        size_t k = LSC__MIN(p->html.splits, (size_t)LSC__HTML_MAX_SPLITS);
        p->html.split_at = lsc__arena_alloc(c->ar, k * sizeof *p->html.split_at);
        if (!p->html.split_at) {
            rc = LSC_ENOMEM;
            goto done;
        }
        memcpy(p->html.split_at, s->split_at, k * sizeof *p->html.split_at);
    }
done:
    lsc__free(&c->eng->al, escaped);
    lsc__hbuf_free(&s->css);
    lsc__hbuf_free(&s->back);
    lsc__standins_free(&s->standins);
    lsc__free(&c->eng->al, s);
    return rc;
}

int lsc__html_run(lsc__ctx *c)
{
    size_t i;
    size_t links = 0;
    for (i = 0; i < c->msg->n_parts; i++) {
        lsc__part *p = c->msg->parts[i];
        unsigned flags = c->msg->flags;
        uint64_t hash = 0;
        int rc, loaded = 0;
        if (p->pub.kind != LSC_PART_LEAF || !p->pub.utf8 ||
            !(p->pub.flags & LSC_PART_HTML))
            continue;
        rc = lsc__html_state_load(c, p, links, &hash, &loaded);
        if (rc == 0 && !loaded) {
            rc = run_part(c, p);
            if (rc == 0)
                rc = lsc__html_state_store(c, p, hash, flags, links);
        }
        if (rc != 0)
            return rc;
        links += p->html.n_links;
    }
    return lsc__html_text_links(c);
}
