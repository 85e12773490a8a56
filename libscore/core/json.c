/*
 * json.c - the result as one JSON object.
 *
 * Takes: a finished result.  Gives: a NUL-terminated UTF-8 JSON text the
 * caller frees with lsc_string_free.  Strings are escaped per RFC 8259;
 * bytes that are not valid UTF-8 come out as U+FFFD so the output always
 * parses.
 */
#include <math.h>
#include <stdio.h>

#include "core/result.h"

typedef struct jw {
    lsc__hbuf b;
    int pretty;
    int depth;
} jw;

static void raw(jw *w, const char *s)
{
    lsc__hbuf_append(&w->b, s, strlen(s));
}

static void nl(jw *w)
{
    int i;
    if (!w->pretty)
        return;
    lsc__hbuf_putc(&w->b, '\n');
    for (i = 0; i < w->depth; i++)
        raw(w, "  ");
}

static void str_n(jw *w, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    if (!s) {
        raw(w, "null");
        return;
    }
    lsc__hbuf_putc(&w->b, '"');
    while (i < n) {
        unsigned c = p[i], cp;
        size_t k;
        if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            lsc__hbuf_append(&w->b, e, 2);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            char e[8];
            switch (c) {
            case '\n': raw(w, "\\n"); break;
            case '\r': raw(w, "\\r"); break;
            case '\t': raw(w, "\\t"); break;
            default:
                snprintf(e, sizeof e, "\\u%04x", c);
                raw(w, e);
            }
            i++;
        } else if ((k = lsc__utf8_char(p + i, n - i, &cp)) > 0) {
            lsc__hbuf_append(&w->b, p + i, k);
            i += k;
        } else {
            raw(w, "\xEF\xBF\xBD");
            i++;
        }
    }
    lsc__hbuf_putc(&w->b, '"');
}

static void str(jw *w, const char *s)
{
    str_n(w, s, s ? strlen(s) : 0);
}

static void key(jw *w, const char *k, int first)
{
    if (!first)
        lsc__hbuf_putc(&w->b, ',');
    nl(w);
    str(w, k);
    raw(w, w->pretty ? ": " : ":");
}

static void num(jw *w, double v)
{
    char tmp[64];
    if (v != v || isinf(v))
        v = 0;
    snprintf(tmp, sizeof tmp, "%.6g", v);
    raw(w, tmp);
}

static void int_(jw *w, long long v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", v);
    raw(w, tmp);
}

static void uint_(jw *w, unsigned long long v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%llu", v);
    raw(w, tmp);
}

/* "flag_names": the names of the set bits (lsc_flag_name), low bit first,
 * beside the bitmask for readers that do not carry the constants. */
static void flag_names(jw *w, lsc_flag_set set, unsigned flags)
{
    unsigned bit;
    int first = 1;
    key(w, "flag_names", 0);
    lsc__hbuf_putc(&w->b, '[');
    for (bit = 1; bit; bit <<= 1) {
        const char *name;
        if (!(flags & bit) || !(name = lsc_flag_name(set, bit)))
            continue;
        if (!first)
            lsc__hbuf_putc(&w->b, ',');
        first = 0;
        str(w, name);
    }
    lsc__hbuf_putc(&w->b, ']');
}

static const char *where_name(lsc_where w)
{
    switch (w) {
    case LSC_WHERE_SUBJECT: return "subject";
    case LSC_WHERE_BODY: return "body";
    case LSC_WHERE_HEADER: return "header";
    case LSC_WHERE_ATTACHMENT: return "attachment";
    case LSC_WHERE_LINK: return "link";
    case LSC_WHERE_DNS: return "dns";
    default: return "message";
    }
}

static void evidence(jw *w, const lsc_evidence *e)
{
    lsc__hbuf_putc(&w->b, '{');
    w->depth++;
    key(w, "where", 1);
    str(w, where_name(e->where));
    if (e->where == LSC_WHERE_BODY || e->where == LSC_WHERE_ATTACHMENT) {
        key(w, "part", 0);
        uint_(w, e->part);
    }
    if (e->header) {
        key(w, "header", 0);
        str(w, e->header);
    }
    if (e->where != LSC_WHERE_MESSAGE && e->where != LSC_WHERE_ATTACHMENT) {
        key(w, "start", 0);
        uint_(w, e->start);
        key(w, "end", 0);
        uint_(w, e->end);
    }
    key(w, "text", 0);
    str(w, e->text);
    w->depth--;
    nl(w);
    lsc__hbuf_putc(&w->b, '}');
}

static void hit(jw *w, const lsc_hit *h)
{
    size_t i;
    lsc__hbuf_putc(&w->b, '{');
    w->depth++;
    key(w, "id", 1);
    str(w, h->id);
    key(w, "group", 0);
    str(w, h->group);
    key(w, "weight", 0);
    num(w, h->weight);
    key(w, "strength", 0);
    num(w, h->strength);
    key(w, "points", 0);
    num(w, h->points);
    key(w, "fix_points", 0);
    num(w, h->fix_points);
    key(w, "fix_risk", 0);
    int_(w, h->fix_risk);
    key(w, "description", 0);
    str(w, h->description);
    key(w, "explanation", 0);
    str(w, h->explanation);
    key(w, "suggestion", 0);
    str(w, h->suggestion);
    key(w, "evidence", 0);
    lsc__hbuf_putc(&w->b, '[');
    w->depth++;
    for (i = 0; i < h->n_evidence; i++) {
        if (i)
            lsc__hbuf_putc(&w->b, ',');
        nl(w);
        evidence(w, &h->evidence[i]);
    }
    w->depth--;
    if (h->n_evidence)
        nl(w);
    lsc__hbuf_putc(&w->b, ']');
    w->depth--;
    nl(w);
    lsc__hbuf_putc(&w->b, '}');
}

static void part(jw *w, const lsc_part *p)
{
    lsc__hbuf_putc(&w->b, '{');
    w->depth++;
    key(w, "index", 1);
    uint_(w, p->index);
    key(w, "depth", 0);
    uint_(w, p->depth);
    key(w, "content_type", 0);
    str(w, p->content_type);
    key(w, "charset", 0);
    str(w, p->charset);
    key(w, "disposition", 0);
    str(w, p->disposition);
    key(w, "filename", 0);
    str(w, p->filename);
    key(w, "encoded_bytes", 0);
    uint_(w, p->encoded_bytes);
    key(w, "bytes", 0);
    uint_(w, p->body_bytes);
    key(w, "real_type", 0);
    str(w, p->real_type);
    key(w, "flags", 0);
    uint_(w, p->flags);
    flag_names(w, LSC_FLAGS_PART, p->flags);
    w->depth--;
    nl(w);
    lsc__hbuf_putc(&w->b, '}');
}

/* Attachments section (attach.c facts), with LSC_JSON_PARTS. */
static void attachment(jw *w, const lsc_attachment *a)
{
    size_t i;
    lsc__hbuf_putc(&w->b, '{');
    w->depth++;
    key(w, "part", 1);
    uint_(w, a->part);
    key(w, "filename", 0);
    str(w, a->filename);
    key(w, "extensions", 0);
    str(w, a->extensions);
    key(w, "declared_type", 0);
    str(w, a->declared_type);
    key(w, "real_type", 0);
    str(w, a->real_type);
    key(w, "kind", 0);
    str(w, a->kind);
    key(w, "bytes", 0);
    uint_(w, a->decoded_bytes);
    key(w, "encoded_bytes", 0);
    uint_(w, a->encoded_bytes);
    key(w, "flags", 0);
    uint_(w, a->flags);
    flag_names(w, LSC_FLAGS_ATTACHMENT, a->flags);
    key(w, "entries", 0);
    lsc__hbuf_putc(&w->b, '[');
    w->depth++;
    for (i = 0; i < a->n_entries; i++) {
        const lsc_archive_entry *e = &a->entries[i];
        if (i)
            lsc__hbuf_putc(&w->b, ',');
        nl(w);
        lsc__hbuf_putc(&w->b, '{');
        key(w, "path", 1);
        str(w, e->path);
        key(w, "size", 0);
        uint_(w, e->size);
        key(w, "depth", 0);
        uint_(w, e->depth);
        key(w, "flags", 0);
        uint_(w, e->flags);
        flag_names(w, LSC_FLAGS_ATTACHMENT, e->flags);
        lsc__hbuf_putc(&w->b, '}');
    }
    w->depth--;
    if (a->n_entries)
        nl(w);
    lsc__hbuf_putc(&w->b, ']');
    w->depth--;
    nl(w);
    lsc__hbuf_putc(&w->b, '}');
}

int lsc_result_json(char **out, size_t *len, const lsc_result *r,
                    unsigned flags, lsc_error *err)
{
    jw w;
    size_t i, slen = 0;
    const char *subject;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_result_json", "out is NULL");
    *out = NULL;
    if (len)
        *len = 0;
    if (!r)
        return lsc__error(err, LSC_EINVAL, "lsc_result_json", "result is NULL");
    if (flags & ~(LSC_JSON_PRETTY | LSC_JSON_PARTS))
        return lsc__error(err, LSC_EINVAL, "lsc_result_json",
                          "unknown flags 0x%x",
                          flags & ~(LSC_JSON_PRETTY | LSC_JSON_PARTS));
    memset(&w, 0, sizeof w);
    lsc__hbuf_init(&w.b, &r->al);
    w.pretty = (flags & LSC_JSON_PRETTY) != 0;
    lsc__hbuf_putc(&w.b, '{');
    w.depth++;
    key(&w, "version", 1);
    str(&w, LSC_VERSION_STRING);
    key(&w, "points", 0);
    num(&w, r->points);
    key(&w, "risk", 0);
    uint_(&w, (unsigned)r->risk);
    key(&w, "level", 0);
    str(&w, lsc_level_name(r->level));
    subject = lsc_result_subject(r, &slen);
    key(&w, "subject", 0);
    str_n(&w, subject, slen);
    key(&w, "flags", 0);
    uint_(&w, r->msg->flags);
    flag_names(&w, LSC_FLAGS_MESSAGE, r->msg->flags);
    key(&w, "hits", 0);
    lsc__hbuf_putc(&w.b, '[');
    w.depth++;
    for (i = 0; i < r->n_sorted; i++) {
        if (i)
            lsc__hbuf_putc(&w.b, ',');
        nl(&w);
        hit(&w, r->sorted[i]);
    }
    w.depth--;
    if (r->n_sorted)
        nl(&w);
    lsc__hbuf_putc(&w.b, ']');
    if (flags & LSC_JSON_PARTS) {
        key(&w, "parts", 0);
        lsc__hbuf_putc(&w.b, '[');
        w.depth++;
        for (i = 0; i < r->msg->n_parts; i++) {
            if (i)
                lsc__hbuf_putc(&w.b, ',');
            nl(&w);
            part(&w, &r->msg->parts[i]->pub);
        }
        w.depth--;
        if (r->msg->n_parts)
            nl(&w);
        lsc__hbuf_putc(&w.b, ']');
        {
            const char *dom = NULL;
            uint64_t limit = lsc_result_size_limit(r, &dom);
            size_t na = lsc_result_attachment_count(r);
            key(&w, "message_bytes", 0);
            uint_(&w, lsc_result_message_bytes(r));
            key(&w, "size_limit", 0);
            uint_(&w, limit);
            key(&w, "size_limit_domain", 0);
            str(&w, dom);
            key(&w, "attachments", 0);
            lsc__hbuf_putc(&w.b, '[');
            w.depth++;
            for (i = 0; i < na; i++) {
                if (i)
                    lsc__hbuf_putc(&w.b, ',');
                nl(&w);
                attachment(&w, lsc_result_attachment(r, i));
            }
            w.depth--;
            if (na)
                nl(&w);
            lsc__hbuf_putc(&w.b, ']');
        }
    }
    w.depth--;
    nl(&w);
    lsc__hbuf_putc(&w.b, '}');
    if (w.b.failed) {
        lsc__hbuf_free(&w.b);
        return lsc__error(err, LSC_ENOMEM, "lsc_result_json", "out of memory");
    }
    {
        size_t n = w.b.len;
        char *s = lsc__string_new(&r->al, w.b.p, n);
        lsc__hbuf_free(&w.b);
        if (!s)
            return lsc__error(err, LSC_ENOMEM, "lsc_result_json",
                              "out of memory");
        *out = s;
        if (len)
            *len = n;
    }
    return 0;
}

