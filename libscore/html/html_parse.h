/*
 * html_parse.h - what the files of the HTML stage share while one part is
 * parsed: the element kinds, the open-element frames, the attributes read,
 * the style-sheet hiders and the parse state (html.c drives libxml2's SAX
 * parser; visible.c writes the visible text; css.c reads styles and sheets;
 * links.c keeps links, images and the hosts they name).  Not for other
 * stages: their contract is html.h.
 */
#ifndef LSC_HTML_PARSE_H
#define LSC_HTML_PARSE_H

#include <libxml/HTMLparser.h>

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
    const char *handler;  /* the first on... event-handler attribute's name */
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

/* standin.c: stretches of text and attribute values libxml2 is given as
 * a mark of LSC__STANDIN_LEN bytes, kept here to be put back. */
#define LSC__STANDIN_LEN 6
#define LSC__STANDIN_MAX 6400        /* the private-use characters */
typedef struct lsc__standins {
    const lsc__alloc *al;
    char *bytes;          /* the stretches, each followed by a NUL */
    void *spans;          /* where each is in bytes */
    size_t n, cap, used, room;
} lsc__standins;

/* Tag names remembered per part: 2^LSC__HTML_KIND_BITS of them. */
#define LSC__HTML_KIND_BITS 6
#define LSC__HTML_KIND_CACHE (1 << LSC__HTML_KIND_BITS)

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
    struct lsc__spoof *spoof;  /* url.c's look-alike answers, or NULL */
    size_t nodes;
    int stylesheet;            /* a <style> element was seen */
    lsc__hbuf css;             /* text of the <style> being read */
    size_t css_total;          /* style bytes read in this part */
    hider hiders[LSC__HTML_MAX_HIDERS];
    size_t n_hiders;
    int stopped;
    int nomem;
    /* hidden branch: runs of hidden text and comment-split words */
    lsc__vec runs;             /* lsc__hidden_run */
    int run_open;              /* the last run takes hidden text */
    size_t hid_links;          /* hidden links not yet in a run */
    int comment_join;          /* a comment since the last text */
    size_t split_at[LSC__HTML_MAX_SPLITS];
    /* html.c: tag names libxml2 passed and their kinds, by address */
    const unsigned char *kind_name[LSC__HTML_KIND_CACHE];
    unsigned kind_of[LSC__HTML_KIND_CACHE];
    /* standin.c: what the marks in the markup stand for, and a buffer to
     * put text back together in */
    lsc__standins standins;
    lsc__hbuf back;
} hstate;

/* html.c: a parser of s[0..n) set up as the stage parses (UTF-8 whatever
 * a <meta> says, recovering, quiet, nothing implied), its SAX callbacks
 * these (characters also for blanks and CDATA), px->_private ud; NULL
 * when n is 0 (libxml2 takes no empty input) or out of memory. */
htmlParserCtxtPtr lsc__html_parser(const char *s, size_t n,
                                   startElementSAXFunc start,
                                   endElementSAXFunc end,
                                   charactersSAXFunc chars,
                                   commentSAXFunc comment, void *ud);

/* css.c: value parsers and styles */
/* HTML's whitespace (tested for every byte of text: inline). */
static inline int lsc__html_is_ws(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}
int lsc__html_parse_int(const char *s);
int32_t lsc__html_parse_color(const char *s, size_t n);
int lsc__html_colors_close(int32_t a, int32_t b);
long lsc__html_css_px100(const char *s, size_t n);
void lsc__html_apply_style(frame *f, const char *s, size_t n);
unsigned lsc__html_css_shows(const char *s, size_t n);
void lsc__html_read_sheet(hstate *st, char *s, size_t n);
unsigned lsc__html_sheet_hides(const hstate *st, const char *tag, const attrs *at);

/* visible.c: the parse state and the visible text */
void lsc__html_oom(hstate *s);
frame *lsc__html_top(hstate *s);
unsigned lsc__html_hidden_now(hstate *s);
void lsc__html_want_break(hstate *s, int n);
void lsc__html_put_filtered(hstate *s, const unsigned char *t, size_t n);
void lsc__html_flush_held(hstate *s);

/* standin.c: see lsc__standins above */
void lsc__standins_init(lsc__standins *sv, const lsc__alloc *al);
void lsc__standins_free(lsc__standins *sv);
/* 0 when s[0..n) holds U+FDD0, which a mark opens with: no marks then. */
int lsc__standin_usable(const char *s, size_t n);
/* Whether libxml2 copies s[0..n) as written: 1; 0 when it holds a
 * character libxml2 drops from text (a control character, U+FFFE,
 * U+FFFF); -1 at a byte that is not UTF-8, where libxml2 would change how
 * it reads the rest. */
int lsc__standin_copied(const char *s, size_t n);
/* Keeps s[0..n) and writes its mark: 0, 1 when LSC__STANDIN_MAX are
 * kept (nothing written), or LSC_ENOMEM. */
int lsc__standin_add(lsc__standins *sv, const char *s, size_t n,
                     char mark[LSC__STANDIN_LEN]);
/* t[0..n) with each mark in it replaced: t itself when it holds none,
 * else back's bytes; *out_n the length.  NULL when out of memory. */
const char *lsc__standin_text(const lsc__standins *sv, lsc__hbuf *back,
                              const char *t, size_t n, size_t *out_n);
/* The attribute value v, or what it stands for when it is a mark. */
const char *lsc__standin_value(const lsc__standins *sv, const char *v);

/* prune.c: the markup as libxml2 is given it.  *out: a copy (caller
 * frees) when a rewrite changed something, else NULL; *out_n its length
 * (n when NULL).  sv: NULL, or where long text and attribute values go
 * that the copy holds marks for.  0 or LSC_ENOMEM. */
int lsc__html_rewrite(const lsc__alloc *al, const char *s, size_t n,
                      char **out, size_t *out_n, lsc__standins *sv);
/* The same without prune's step (the "&#" and bogus end tag rewrites
 * alone): what prune's dropping is checked against. */
int lsc__html_rewrite_html5(const lsc__alloc *al, const char *s, size_t n,
                            char **out, size_t *out_n);
/* 1 for an attribute html.c reads (read_attrs): the others are dropped
 * before the parse. */
int lsc__html_attr_read(const char *name, size_t len);

/* links.c: links and images */
size_t lsc__html_alen(const char *a);
void lsc__html_add_link(hstate *s, const char *href, unsigned extra);
void lsc__html_close_link(hstate *s);
void lsc__html_add_image(hstate *s, const attrs *at, const frame *f);

#endif
