/*
 * rules_newuser.c - what a new user meets first: a file that is not an
 * email at all, a draft with nobody to send it to, and a text the word
 * limit cut short.
 *
 * Takes: the top-level headers, the root part's bytes (valid during the
 * scoring call), the recipient lists and the message flags.  Gives:
 * NOT_EMAIL (and, through it, the level "unreadable": rules.c runs no
 * other rule on such input, score.c sets the level), TO_MISSING and
 * WORD_LIMIT_REACHED.
 */
#include <string.h>

#include "rules/rules.h"

/* Bytes of the input looked at to tell binary data from text. */
#define NOT_EMAIL_SNIFF_BYTES 4096

/* Header fields that only mail has: one of them at the top makes the
 * input a message (ASCII, compared without case). */
static const char *const mail_fields[] = {
    "from", "to", "cc", "bcc", "subject", "date", "message-id",
    "mime-version", "content-type", "content-transfer-encoding", "received",
    "return-path", "reply-to", "sender", "in-reply-to", "references",
    "delivered-to", "x-mailer", "user-agent", "dkim-signature",
    "list-unsubscribe", "list-id", "x-original-to", "envelope-to",
    "resent-from", "resent-to", "authentication-results", "arc-seal",
    "x-sender", "x-from-line"
};

/* Well-known file signatures: a name for the explanation, with its
 * article ("the input is a PNG image"). */
static const struct {
    const char *magic;
    size_t len;
    const char *what;
} signatures[] = {
    { "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
    { "\x7f" "ELF", 4, "an ELF program" },
    { "MZ", 2, "a Windows program" },
    { "%PDF-", 5, "a PDF document" },
    { "PK\x03\x04", 4, "a ZIP archive or Office document" },
    { "\xff\xd8\xff", 3, "a JPEG image" },
    { "GIF8", 4, "a GIF image" },
    { "\x1f\x8b", 2, "gzip data" },
    { "Rar!", 4, "a RAR archive" },
    { "7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive" },
    { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an old Office document" },
};

enum { NOT_MAIL_NO = 0, NOT_MAIL_EMPTY, NOT_MAIL_BINARY, NOT_MAIL_TEXT };

static int is_blank(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' ||
           ch == '\f' || ch == '\v';
}

/* Why the input is not an email (NOT_MAIL_*), with *what naming a binary
 * type ("a PNG image", or "binary data"). */
static int not_mail(const lsc__ctx *c, const char **what)
{
    const lsc__message *m = c->msg;
    const unsigned char *raw = NULL;
    size_t len = 0, i, j, n, ctl = 0;
    *what = "binary data";
    for (i = 0; i < m->n_headers; i++)
        for (j = 0; j < LSC__COUNT(mail_fields); j++)
            if (m->headers[i].name &&
                lsc__casecmp(m->headers[i].name, mail_fields[j]) == 0)
                return NOT_MAIL_NO;
    if (m->n_parts && m->parts[0]->raw) {
        raw = (const unsigned char *)m->parts[0]->raw;
        len = m->parts[0]->raw_len;
    }
    for (i = 0; i < len && is_blank(raw[i]); i++)
        ;
    if (i == len && m->n_headers == 0)
        return NOT_MAIL_EMPTY;
    for (j = 0; j < LSC__COUNT(signatures); j++)
        if (len >= signatures[j].len &&
            memcmp(raw, signatures[j].magic, signatures[j].len) == 0) {
            *what = signatures[j].what;
            return NOT_MAIL_BINARY;
        }
    n = len < NOT_EMAIL_SNIFF_BYTES ? len : NOT_EMAIL_SNIFF_BYTES;
    for (i = 0; i < n; i++)
        if (raw[i] == 0 || (raw[i] < 0x20 && !is_blank(raw[i]) && raw[i] != 0x1b))
            ctl++;
    /* NUL bytes or more than 1 in 10 control bytes: not text */
    if (memchr(raw, 0, n) || ctl * 10 > n)
        return NOT_MAIL_BINARY;
    return NOT_MAIL_TEXT;
}

int lsc__not_email(const lsc__ctx *c)
{
    const char *what;
    return not_mail(c, &what) != NOT_MAIL_NO;
}

int lsc__rule_not_email(lsc__ctx *c)
{
    const char *what;
    size_t bytes = c->msg->wire_bytes;
    lsc__hit *h;
    char *ev;
    switch (not_mail(c, &what)) {
    case NOT_MAIL_EMPTY:
        h = lsc__fire(c, 1.0, NOT_EMAIL_EMPTY, bytes);
        ev = lsc__arena_printf(c->ar, "%zu bytes", bytes);
        break;
    case NOT_MAIL_BINARY:
        h = lsc__fire(c, 1.0, NOT_EMAIL_BINARY, what, bytes);
        ev = lsc__arena_printf(c->ar, "%s, %zu bytes", what, bytes);
        break;
    case NOT_MAIL_TEXT:
        h = lsc__fire(c, 1.0, NOT_EMAIL);
        ev = lsc__arena_printf(c->ar, "%zu bytes of text, no header", bytes);
        break;
    default:
        return 0;
    }
    if (!h || !ev)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, ev, strlen(ev));
}

/* Nobody to send it to: no To, Cc or Bcc with an address (a draft), no To
 * or Cc (a message as delivered, where Bcc is not shown). */
int lsc__rule_to_missing(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    lsc__hit *h;
    if (m->to.n || m->cc.n || (c->mode != LSC_MODE_SENT && m->bcc.n))
        return 0;
    if (c->mode == LSC_MODE_SENT)
        h = lsc__fire(c, 1.0, TO_MISSING_SENT);
    else
        h = lsc__fire(c, 1.0, TO_MISSING);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, "To", 2);
}

/* The text was longer than max_words: the findings cover its beginning. */
int lsc__rule_word_limit(lsc__ctx *c)
{
    size_t limit = c->eng->limits.max_words;
    lsc__hit *h;
    char *ev;
    if (!(c->msg->flags & LSC_MSG_TOO_MANY_WORDS))
        return 0;
    h = lsc__fire(c, 1.0, WORD_LIMIT_REACHED, limit);
    ev = lsc__arena_printf(c->ar, "max_words %zu", limit);
    if (!h || !ev)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, ev, strlen(ev));
}
