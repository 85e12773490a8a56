/*
 * rules_malformed.c - rules about mail that could not be read whole.
 *
 * Takes: the message flags set by mime.c and decode.c.  Gives: hits for
 * what a receiving filter would also find broken.
 */
#include "rules/rules.h"

int lsc__rule_mime_limit(lsc__ctx *c)
{
    static const unsigned limit_flags = LSC_MSG_TRUNCATED |
        LSC_MSG_TOO_MANY_PARTS | LSC_MSG_TOO_DEEP | LSC_MSG_TOO_MANY_HEADERS |
        LSC_MSG_HEADER_TOO_LONG;
    unsigned f = c->msg->flags & limit_flags;
    lsc__hit *h;
    if (!f)
        return 0;
    h = lsc__fire(c, 1.0, MIME_LIMIT_REACHED, f);
    return h ? 0 : LSC_ENOMEM;
}
