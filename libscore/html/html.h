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
/* Runs of hidden text kept per part (the last takes the rest), and
 * comment-split words whose place is kept (all are counted). */
#define LSC__HTML_MAX_RUNS 64
#define LSC__HTML_MAX_SPLITS 16
/* Text placed this many pixels or more to the left or top (left:-9999px,
 * text-indent:-9999px) is off the screen: hidden. */
#define LSC__HTML_OFFSCREEN_PX 1000

/* The stage: visible text and HTML facts of text parts. */
int lsc__html_run(lsc__ctx *c);

/* One part's visible text and HTML facts kept in the caller's state cache
 * (html_cache.c).  load: from an earlier scoring of the same UTF-8 bytes
 * when the links before this part leave room for its links (*loaded 1),
 * else nothing; *hash is set for store.  store: after a parse that hit no
 * limit (no flag it set on the message, not truncated, links short of
 * max_links).  Without an input or a state cache both do nothing.  0 or
 * LSC_ENOMEM. */
int lsc__html_state_load(lsc__ctx *c, lsc__part *p, size_t links_before,
                         uint64_t *hash, int *loaded);
int lsc__html_state_store(lsc__ctx *c, const lsc__part *p, uint64_t hash,
                          unsigned flags_before, size_t links_before);
/* The links of text/plain body parts (textlinks.c), after the HTML
 * parts: lsc__html.links with LSC__LINK_PLAIN. */
int lsc__html_text_links(lsc__ctx *c);

#endif
