/*
 * html.h - facts about an HTML part (html.c).
 *
 * Every offset points into the part's visible text (lsc_part.text), so a
 * rule can quote what the reader sees.  Strings live in the result's arena.
 */
#ifndef LSC_HTML_H
#define LSC_HTML_H

#include "base/engine.h"

#include <stddef.h>

/* Open elements followed at once; deeper markup stops the parse of the
 * part with LSC_MSG_HTML_TOO_BIG (see html.c). */
#define LSC__HTML_MAX_DEPTH 512
/* Bytes of <style> text read per part, and hiding selectors kept from it
 * (read_sheet in html.c). */
#define LSC__HTML_MAX_CSS 65536
#define LSC__HTML_MAX_HIDERS 64

/* The stage: visible text and HTML facts of text parts. */
int lsc__html_run(lsc__ctx *c);

/* The links of text/plain body parts (textlinks.c), after the HTML
 * parts: lsc__html.links with LSC__LINK_PLAIN. */
int lsc__html_text_links(lsc__ctx *c);

#endif
