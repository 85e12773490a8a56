/*
 * rules_content.c - content the phrase lists cannot see (content branch):
 * whether a letter quotes an earlier one (for FAKE_REPLY), and the shapes
 * of extortion and fraud mail in the shown text: crypto-wallet addresses,
 * advance-fee phrase combinations, credit-repair promises, large dollar
 * sums next to a fraud story, and addresses hidden from harvesters.
 *
 * Takes: the shown text of the parts (lsc__part.shown, pub.text).  Gives:
 * hits with the matched spans as evidence.  Every scan stops after
 * CONTENT_MAX_SCAN bytes of a part and CONTENT_MAX_EVIDENCE spans.
 */
#include "rules/construct.h"

/* Bytes of one part's text a content scan reads. */
#define CONTENT_MAX_SCAN ((size_t)256 * 1024)
/* Evidence spans one content hit keeps. */
#define CONTENT_MAX_EVIDENCE 5

static int is_blank(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

static size_t scan_len(const lsc_part *p)
{
    return p->text ? LSC__MIN(p->text_bytes, CONTENT_MAX_SCAN) : 0;
}

/* Case-insensitive search for an ASCII needle in [s, s + n). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle), i;
    if (k == 0 || k > n)
        return NULL;
    for (i = 0; i + k <= n; i++)
        if (lsc__ncasecmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* ---- quoted replies ---- */

/* Attribution lines and separators mail programs put above a quoted
 * message, in the languages of the phrase lists. */
static const char *const quote_marks[] = {
    "wrote:", "writes:", "-----Original Message-----", "schrieb",
    "Ursprüngliche Nachricht", "a écrit", "escribió", "ha scritto",
    "написал", "Исходное сообщение", "写道", "寫道", "原始邮件", "原始郵件",
    "のメッセージ", "書きました", "님이 작성", "Forwarded message",
    "Begin forwarded message", "转发的邮件", "轉寄的郵件",
};

int lsc__content_quotes(const lsc__ctx *c)
{
    size_t i, k;
    for (i = 0; i < c->msg->n_parts; i++) {
        const lsc__part *pt = c->msg->parts[i];
        const char *s = pt->pub.text;
        size_t n = scan_len(&pt->pub), pos = 0;
        if (!pt->shown || !s)
            continue;
        /* a line opening with '>' is a quoted line (RFC 3676 4.5) */
        while (pos < n) {
            const char *nl = memchr(s + pos, '\n', n - pos);
            size_t e = nl ? (size_t)(nl - s) : n, j = pos;
            while (j < e && is_blank((unsigned char)s[j]))
                j++;
            if (j < e && s[j] == '>')
                return 1;
            pos = e + 1;
        }
        for (k = 0; k < LSC__COUNT(quote_marks); k++)
            if (find_ci(s, n, quote_marks[k]))
                return 1;
    }
    return 0;
}
