/*
 * links.h - the links of the shown body parts (HTML and plain text), as
 * the link rules of rules_html.c count them, for rules_links.c.
 */
#ifndef LSC_RULES_LINKS_H
#define LSC_RULES_LINKS_H

#include "rules/rules.h"

/* Links with any of flags (0: all) in the shown body parts; the first in
 * *first. */
size_t lsc__links_count(const lsc__message *m, unsigned flags,
                        const lsc__link **first);
/* Evidence of those links: the shown text and the target, a few. */
int lsc__links_evidence(lsc__ctx *c, lsc__hit *h, unsigned flags);

#endif
