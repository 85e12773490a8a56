/*
 * html.h - facts about an HTML part (html.c).
 */
#ifndef LSC_HTML_H
#define LSC_HTML_H

#include <stddef.h>

#define LSC__LINK_TEXT_IS_URL   0x1u  /* the shown text looks like a URL/domain */
#define LSC__LINK_MISMATCH      0x2u  /* shown domain differs from the target */
#define LSC__LINK_IP            0x4u  /* target host is an IP address */
#define LSC__LINK_SHORTENER     0x8u

typedef struct lsc__link {
    const char *href;
    const char *host;       /* lower case, or NULL */
    const char *text;       /* the text shown */
    const char *text_host;  /* domain shown in the text, or NULL */
    size_t text_start, text_end; /* offsets of the shown text in visible text */
    unsigned flags;
} lsc__link;

typedef struct lsc__image {
    const char *src;
    int width, height;      /* declared, -1 when not */
    unsigned flags;         /* data: URI, remote, tracker */
} lsc__image;

typedef struct lsc__html {
    int parsed;             /* this part went through the HTML stage */
    lsc__link *links;
    size_t n_links;
    lsc__image *images;
    size_t n_images;
    size_t forms, scripts, iframes, objects;
    size_t visible_chars, hidden_chars;
    const char *title;
    const char *alt_text;   /* alt text of images, kept apart */
} lsc__html;

#endif
