/*
 * rules_malformed.c - rules about mail that could not be read whole.
 *
 * Takes: the message flags set by mime.c and decode.c (and the first
 * broken header line mime.c kept).  Gives: hits for what a receiving
 * filter would also find broken.
 */
#include "rules/rules.h"

/* Bytes of a broken header line quoted as evidence. */
#define HEADER_BROKEN_EVIDENCE_BYTES 80

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

/* content branch: a line without a colon among the top-level fields
 * (mime.c passed over it, or took it as the first body line). */
int lsc__rule_header_broken(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    lsc__hit *h;
    size_t n;
    if (!(m->flags & LSC_MSG_BAD_HEADER) || !m->bad_header_len)
        return 0;
    n = LSC__MIN(m->bad_header_len, HEADER_BROKEN_EVIDENCE_BYTES);
    /* not inside a UTF-8 character (the byte at n exists only when the
     * line was cut, so that is asked first) */
    while (n && n < m->bad_header_len &&
           ((unsigned char)m->bad_header[n] & 0xC0) == 0x80)
        n--;
    h = lsc__fire(c, 1.0, HEADER_BROKEN);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, m->bad_header, n);
}
