/*
 * rules_quotes.c - whether a letter quotes an earlier one, for FAKE_REPLY
 * (rules_construct.c): a quoted line, an attribution or separator line
 * in the languages of the phrase lists, or a forwarded message.
 *
 * Takes: the shown text of the parts (lsc__content_shown).  Gives: 1 or
 * 0.  Each search reads at most LSC__CONTENT_MAX_SCAN bytes of a part.
 */
#include "rules/construct.h"
#include "rules/content.h"

static int is_blank(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Case-insensitive search for an ASCII needle in [s, s + n).  The
 * needle's first byte, in either case, is found with memchr (a
 * comparison call at every byte was once most of lsc_score's time); only
 * there is the rest compared. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    const char *end, *a, *b;
    unsigned char lo, up;
    if (k == 0 || k > n)
        return NULL;
    lo = (unsigned char)needle[0];
    if (lo >= 'A' && lo <= 'Z')
        lo = (unsigned char)(lo + 32);
    up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 32) : lo;
    end = s + (n - k) + 1;      /* where a match may start, at most */
    a = memchr(s, lo, (size_t)(end - s));
    b = up != lo ? memchr(s, up, (size_t)(end - s)) : NULL;
    while (a || b) {
        const char *q = !b || (a && a < b) ? a : b;
        if (lsc__ncasecmp(q + 1, needle + 1, k - 1) == 0)
            return q;
        if (q == a)
            a = memchr(a + 1, lo, (size_t)(end - (a + 1)));
        else
            b = memchr(b + 1, up, (size_t)(end - (b + 1)));
    }
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
        size_t n = 0, pos = 0;
        const char *s = lsc__content_shown(c, i, &n);
        /* a forward carries what it forwards as an attached message */
        if (strcmp(c->msg->parts[i]->pub.content_type, "message/rfc822") == 0)
            return 1;
        if (!s)
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
