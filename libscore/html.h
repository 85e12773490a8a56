/*
 * html.h - facts about an HTML part (html.c).
 *
 * Every offset points into the part's visible text (lsc_part.text), so a
 * rule can quote what the reader sees.  Strings live in the result's arena.
 */
#ifndef LSC_HTML_H
#define LSC_HTML_H

#include <stddef.h>

/* Open elements followed at once; deeper markup stops the parse of the
 * part with LSC_MSG_HTML_TOO_BIG (see html.c). */
#define LSC__HTML_MAX_DEPTH 512
/* Bytes of <style> text read per part, and hiding selectors kept from it
 * (read_sheet in html.c). */
#define LSC__HTML_MAX_CSS 65536
#define LSC__HTML_MAX_HIDERS 64

#define LSC__LINK_TEXT_IS_URL   0x1u  /* the shown text looks like a URL/domain */
#define LSC__LINK_MISMATCH      0x2u  /* shown domain differs from the target */
#define LSC__LINK_IP            0x4u  /* target host is an IP address */
#define LSC__LINK_SHORTENER     0x8u  /* target host is a URL shortener */
#define LSC__LINK_MAILTO        0x10u /* mailto: target */
#define LSC__LINK_JAVASCRIPT    0x20u /* javascript: target */
#define LSC__LINK_HIDDEN        0x40u /* the link sits in hidden text */
#define LSC__LINK_AREA          0x80u /* <area> of an image map (no text) */

typedef struct lsc__link {
    const char *href;
    const char *host;       /* lower case, or NULL */
    const char *text;       /* the text shown ("" when none) */
    const char *text_host;  /* domain shown in the text, or NULL */
    size_t text_start, text_end; /* offsets of the shown text in visible text */
    unsigned flags;
} lsc__link;

#define LSC__IMG_DATA    0x1u  /* data: URI */
#define LSC__IMG_REMOTE  0x2u  /* http(s):// or protocol-relative */
#define LSC__IMG_TRACKER 0x4u  /* remote and declared 1x1 (or 0x0) or hidden */
#define LSC__IMG_CID     0x8u  /* cid: reference to an attached image */
#define LSC__IMG_HIDDEN  0x10u /* inside hidden markup */

typedef struct lsc__image {
    const char *src;
    int width, height;      /* declared, -1 when not */
    unsigned flags;         /* LSC__IMG_* */
} lsc__image;

/* Why text was hidden (lsc__html.hidden_why). */
#define LSC__HID_DISPLAY    0x1u  /* display:none, hidden attribute */
#define LSC__HID_VISIBILITY 0x2u  /* visibility:hidden, opacity:0 */
#define LSC__HID_TINY       0x4u  /* font-size 0 or a few pixels */
#define LSC__HID_COLOR      0x8u  /* text colour equal or close to background */

typedef struct lsc__html {
    int parsed;             /* this part went through the HTML stage */
    lsc__link *links;
    size_t n_links;
    lsc__image *images;
    size_t n_images;
    size_t forms, scripts, iframes, objects;
    size_t inputs;          /* fields to type into or pick from (text,
                               password, ... inputs, select, textarea) */
    size_t elements;        /* elements read */
    size_t visible_chars, hidden_chars; /* non-space code points */
    const char *title;      /* "" when none */
    const char *alt_text;   /* alt text of images, kept apart ("" when none) */
    size_t alt_text_len;
    const char *hidden_text; /* the hidden text, for evidence ("" when none) */
    size_t hidden_text_len;
    unsigned hidden_why;    /* LSC__HID_* seen */
    int truncated;          /* a limit stopped the parse of this part */
} lsc__html;

#endif
