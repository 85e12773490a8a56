/*
 * bounce_json.c - Amazon SES notifications (JSON in the body, often as an
 * escaped string inside an SNS message).
 *
 * Takes: the gathered bounce (bounce.h).  Gives: recipients from a
 * "Bounce" notification (bouncedRecipients: emailAddress, action, status,
 * diagnosticCode), a "Complaint" (complainedRecipients: feedback) or a
 * "Delivery" (delivery.recipients with smtpResponse: delivered).  It is a
 * scanner for those keys, not a JSON parser: SES wraps long lines ("!"
 * then a line break and a space) and SNS escapes the quotes, and both are
 * undone first.
 */
#include <ctype.h>
#include <stdio.h>

#include "bounce/bounce.h"

/* Objects of one array scanned (recipients per notification). */
#define JSON_MAX_ITEMS LSC__BOUNCE_MAX_RCPTS

/* The notice with \" as ", \\ as \ and SES's "!\n " wraps removed. */
static char *unwrap(lsc__arena *ar, const char *p, size_t n, size_t *out_n)
{
    lsc__buf b;
    size_t i;
    lsc__buf_init(&b, ar);
    for (i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n && (p[i + 1] == '"' || p[i + 1] == '\\')) {
            lsc__buf_putc(&b, p[++i]);
        } else if (p[i] == '!' && i + 2 < n && p[i + 1] == '\n' && p[i + 2] == ' ') {
            i += 2;
        } else if (p[i] == '\n' && i + 1 < n && p[i + 1] == ' ') {
            i++;
        } else {
            lsc__buf_putc(&b, p[i]);
        }
    }
    if (b.failed)
        return NULL;
    *out_n = b.len;
    return b.p ? lsc__buf_finish(&b) : lsc__arena_strdup(ar, "");
}

/* The string value of "key":"..." in s[0..end), or NULL; *len its size. */
static const char *value_of(const char *s, const char *end, const char *key,
                            size_t *len)
{
    char pat[64];
    const char *p = s;
    size_t pl = (size_t)snprintf(pat, sizeof pat, "\"%s\":\"", key);
    while (p < end) {
        const char *f = strstr(p, pat), *q;
        if (!f || f >= end)
            return NULL;
        f += pl;
        for (q = f; q < end && *q != '"'; q++)
            ;
        *len = (size_t)(q - f);
        return f;
    }
    return NULL;
}

/* End of the object or array that starts at p ('{' or '['). */
static const char *closing(const char *p, const char *end)
{
    int depth = 0, str = 0;
    for (; p < end; p++) {
        if (str) {
            if (*p == '"')
                str = 0;
            continue;
        }
        if (*p == '"')
            str = 1;
        else if (*p == '{' || *p == '[')
            depth++;
        else if ((*p == '}' || *p == ']') && --depth == 0)
            return p + 1;
    }
    return end;
}

/* The address inside a JSON value, or NULL when it holds none (a value
 * that is no address is never a recipient). */
static const char *addr_in(const char *v, size_t *n)
{
    size_t s, e;
    if (!v || !lsc__bin_find_addr(v, *n, &s, &e))
        return NULL;
    *n = e - s;
    return v + s;
}

static lsc__brcpt *add(lsc__bin *b, const char *a, size_t n, int *full)
{
    int fresh;
    return lsc__bin_rcpt(b, a, n, &fresh, full);
}

static char *copy(lsc__bin *b, const char *v, size_t n)
{
    return v ? lsc__bin_squeeze(b->ar, v, n) : "";
}

int lsc__bounce_json(lsc__bin *b)
{
    size_t n, vl, k;
    char *t;
    const char *end, *type, *arr, *p;
    int full = 0;
    if (!b->notice_len || !strstr(b->notice, "notificationType"))
        return 0;
    t = unwrap(b->ar, b->notice, b->notice_len, &n);
    if (!t)
        return LSC_ENOMEM;
    end = t + n;
    type = value_of(t, end, "notificationType", &vl);
    if (!type)
        return 0;
    if (vl == 6 && memcmp(type, "Bounce", 6) == 0) {
        arr = strstr(t, "\"bouncedRecipients\":[");
        if (!arr)
            return 0;
        p = arr + 20;
        end = closing(p, end);
        for (k = 0; k < JSON_MAX_ITEMS && (p = strchr(p, '{')) && p < end; k++) {
            const char *oe = closing(p, end), *v;
            lsc__brcpt *r;
            v = value_of(p, oe, "emailAddress", &vl);
            if (v && (v = addr_in(v, &vl))) {
                r = add(b, v, vl, &full);
                if (!r)
                    return full ? 1 : LSC_ENOMEM;
                if ((v = value_of(p, oe, "status", &vl)))
                    snprintf(r->status, sizeof r->status, "%.*s", (int)vl, v);
                if ((v = value_of(p, oe, "action", &vl)))
                    snprintf(r->action, sizeof r->action, "%.*s", (int)vl, v);
                if ((v = value_of(p, oe, "diagnosticCode", &vl))) {
                    const char *semi = memchr(v, ';', vl);
                    if (semi && semi - v < 10) {
                        size_t i;
                        snprintf(r->spec, sizeof r->spec, "%.*s", (int)(semi - v), v);
                        for (i = 0; r->spec[i]; i++)
                            r->spec[i] = (char)toupper((unsigned char)r->spec[i]);
                        vl -= (size_t)(semi + 1 - v);
                        v = semi + 1;
                    }
                    if (!(r->diag = copy(b, v, vl)))
                        return LSC_ENOMEM;
                }
            }
            p = oe;
        }
        b->kind = LSC_BOUNCE_FAILURE;
    } else if (vl == 9 && memcmp(type, "Complaint", 9) == 0) {
        arr = strstr(t, "\"complainedRecipients\":[");
        if (!arr)
            return 0;
        p = arr + 23;
        end = closing(p, end);
        for (k = 0; k < JSON_MAX_ITEMS && (p = strchr(p, '{')) && p < end; k++) {
            const char *oe = closing(p, end), *v = value_of(p, oe, "emailAddress", &vl);
            if (v && (v = addr_in(v, &vl))) {
                lsc__brcpt *r = add(b, v, vl, &full);
                if (!r)
                    return full ? 1 : LSC_ENOMEM;
                r->reason = LSC_REASON_FEEDBACK;
            }
            p = oe;
        }
        b->kind = LSC_BOUNCE_FEEDBACK;
    } else if (vl == 8 && memcmp(type, "Delivery", 8) == 0) {
        const char *dl = strstr(t, "\"delivery\":{"), *de, *resp;
        size_t rl = 0;
        if (!dl)
            return 0;
        de = closing(dl + 11, end);
        resp = value_of(dl, de, "smtpResponse", &rl);
        arr = strstr(dl, "\"recipients\":[");
        if (!arr || arr > de)
            return 0;
        p = arr + 14;
        for (k = 0; k < JSON_MAX_ITEMS && p < de && *p == '"'; k++) {
            const char *q = strchr(p + 1, '"'), *av;
            size_t al;
            lsc__brcpt *r;
            if (!q || q > de)
                break;
            al = (size_t)(q - p - 1);
            if (!(av = addr_in(p + 1, &al)))
                break;
            r = add(b, av, al, &full);
            if (!r)
                return full ? 1 : LSC_ENOMEM;
            snprintf(r->action, sizeof r->action, "delivered");
            if (!(r->diag = copy(b, resp, rl)))
                return LSC_ENOMEM;
            p = q + 1;
            if (*p == ',')
                p++;
        }
        b->kind = LSC_BOUNCE_DELIVERED;
    } else {
        return 0;
    }
    if (!b->rcpts.n) {
        b->kind = LSC_BOUNCE_NONE;
        return 0;
    }
    b->format = "amazonses";
    return 1;
}
