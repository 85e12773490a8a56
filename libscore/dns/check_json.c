/*
 * check_json.c - a DNS check as one JSON object (lsc_check_json):
 *   {"subject", "state", "points", "queries", "elapsed_ms",
 *    "hits": [{"id", "group", "points", "description", "explanation",
 *              "suggestion", "evidence": [{"where": "dns", "header",
 *              "text"}]}],
 *    "facts": {"name": "value", ...}}
 * Strings escaped per RFC 8259 (control characters as \u00XX).
 */
#include <stdio.h>

#include "dns/dns.h"

static void jstr(lsc__hbuf *b, const char *s)
{
    lsc__hbuf_putc(b, '"');
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            lsc__hbuf_putc(b, '\\');
            lsc__hbuf_putc(b, ch);
        } else if (ch < 0x20) {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\u%04x", ch);
            lsc__hbuf_append(b, tmp, 6);
        } else {
            lsc__hbuf_putc(b, ch);
        }
    }
    lsc__hbuf_putc(b, '"');
}

static void jkey(lsc__hbuf *b, const char *k, const char *sep)
{
    lsc__hbuf_append(b, sep, strlen(sep));
    jstr(b, k);
    lsc__hbuf_putc(b, ':');
}

static void jnum(lsc__hbuf *b, double v)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.10g", v);
    lsc__hbuf_append(b, tmp, strlen(tmp));
}

int lsc_check_json(char **out, size_t *len, const lsc_check *c, unsigned flags)
{
    lsc__alloc al;
    lsc__hbuf b;
    size_t i, n;
    int pretty = (flags & LSC_JSON_PRETTY) != 0;
    const char *nl = pretty ? ",\n  " : ",";
    if (!out || !c)
        return LSC_EINVAL;
    *out = NULL;
    lsc__alloc_init(&al, NULL);
    lsc__hbuf_init(&b, &al);
    lsc__hbuf_append(&b, pretty ? "{\n  " : "{", pretty ? 4 : 1);
    jkey(&b, "subject", "");
    jstr(&b, lsc_check_subject(c));
    jkey(&b, "state", nl);
    jstr(&b, lsc_check_state_name(lsc_check_state_of(c)));
    jkey(&b, "points", nl);
    jnum(&b, lsc_check_points(c));
    jkey(&b, "queries", nl);
    jnum(&b, (double)lsc_check_queries(c));
    jkey(&b, "elapsed_ms", nl);
    jnum(&b, lsc_check_elapsed_ms(c));
    jkey(&b, "hits", nl);
    lsc__hbuf_putc(&b, '[');
    n = lsc_check_hit_count(c);
    for (i = 0; i < n; i++) {
        const lsc_hit *h = lsc_check_hit(c, i);
        if (i)
            lsc__hbuf_putc(&b, ',');
        lsc__hbuf_append(&b, pretty ? "\n    {" : "{", pretty ? 6 : 1);
        jkey(&b, "id", "");
        jstr(&b, h->id);
        jkey(&b, "group", ",");
        jstr(&b, h->group);
        jkey(&b, "points", ",");
        jnum(&b, h->points);
        jkey(&b, "description", ",");
        jstr(&b, h->description);
        jkey(&b, "explanation", ",");
        jstr(&b, h->explanation);
        jkey(&b, "suggestion", ",");
        jstr(&b, h->suggestion);
        jkey(&b, "evidence", ",");
        lsc__hbuf_append(&b, "[{\"where\":\"dns\",\"header\":", 25);
        jstr(&b, h->evidence[0].header);
        jkey(&b, "text", ",");
        jstr(&b, h->evidence[0].text);
        lsc__hbuf_append(&b, "}]}", 3);
    }
    lsc__hbuf_append(&b, pretty && n ? "\n  ]" : "]", pretty && n ? 4 : 1);
    jkey(&b, "facts", nl);
    lsc__hbuf_putc(&b, '{');
    n = lsc_check_fact_count(c);
    for (i = 0; i < n; i++) {
        const char *name, *value;
        lsc_check_fact(c, i, &name, &value);
        jkey(&b, name, i ? "," : "");
        jstr(&b, value);
    }
    lsc__hbuf_append(&b, pretty ? "}\n}\n" : "}}", pretty ? 4 : 2);
    if (b.failed) {
        lsc__hbuf_free(&b);
        return LSC_ENOMEM;
    }
    *out = lsc__string_new(&al, b.p, b.len);
    if (len)
        *len = b.len;
    lsc__hbuf_free(&b);
    return *out ? 0 : LSC_ENOMEM;
}
