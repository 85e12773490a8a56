/*
 * message.c - the lookups every stage makes in the message model.
 *
 * Takes: the model (message.h) and the pipeline's input.  Gives: header
 * fields by name, and the bodies the caller already holds (a draft's
 * attachments) by position.  No allocation, no stage logic: these live in
 * the base so that the reader, the rules and the core all reach down to
 * them (they were in core/result.c, which every stage then called up to).
 */
#include "base/engine.h"
#include "base/message.h"

uint32_t lsc__header_key(const char *name)
{
    size_t n = strlen(name);
    return (uint32_t)lsc__lower_ascii((unsigned char)name[0]) |
           (uint32_t)LSC__MIN(n, (size_t)0xffffff) << 8;
}

/* The first of h[0..n) named name, any case.  The rules ask for headers
 * by name hundreds of times a message, most of them absent: one compare
 * of keys per header, which nearly always fails (a name of another first
 * letter or length), where a test of each was a coin toss. */
static const lsc__header *find_header(const lsc__header *h, size_t n,
                                      const char *name)
{
    uint32_t key = lsc__header_key(name);
    size_t i;
    for (i = 0; i < n; i++)
        if (h[i].key == key && lsc__casecmp(h[i].name, name) == 0)
            return &h[i];
    return NULL;
}

const lsc__header *lsc__part_header(const lsc__part *p, const char *name)
{
    return find_header(p->headers, p->n_headers, name);
}

const lsc__header *lsc__msg_header(const lsc__message *m, const char *name)
{
    return find_header(m->headers, m->n_headers, name);
}

const lsc__known_body *lsc__known_body_find(const lsc__input *in,
                                            const char *raw)
{
    size_t i;
    if (!in || !raw || raw < in->msg || raw > in->msg + in->msg_len)
        return NULL;
    for (i = 0; i < in->n_bodies; i++)
        if (in->bodies[i].data && raw == in->msg + in->bodies[i].body_off)
            return &in->bodies[i];
    return NULL;
}

size_t lsc__known_body_skip(const lsc__input *in, const char *d, size_t pos,
                            size_t n)
{
    const lsc__known_body *kb = lsc__known_body_find(in, d + pos);
    size_t end;
    if (!kb || kb->body_len < 2 || kb->body_len > n - pos)
        return pos;
    end = pos + kb->body_len;
    /* back to the start of the last base64 line (at most 78 bytes) */
    while (end > pos && d[end - 1] != '\n')
        end--;
    return end;
}

int lsc__known_body_at(const lsc__input *in, const char *d, size_t from,
                       size_t n, size_t *bs, size_t *be)
{
    size_t i, best = LSC__NONE;
    if (!in || d != in->msg)
        return 0;
    for (i = 0; i < in->n_bodies; i++) {
        const lsc__known_body *p = &in->bodies[i];
        /* an empty body would hand back [from, from) for ever: the
         * caller's scan would not advance (hang found by fuzz_draft) */
        if (p->data && p->body_len > 0 && p->body_off >= from &&
            p->body_len <= n &&
            p->body_off <= n - p->body_len &&
            (best == LSC__NONE || p->body_off < in->bodies[best].body_off))
            best = i;
    }
    if (best == LSC__NONE)
        return 0;
    *bs = in->bodies[best].body_off;
    *be = *bs + in->bodies[best].body_len;
    return 1;
}

void lsc__limits_fill(lsc_limits *l)
{
#define DEF(field, value) if (!l->field) l->field = value
    DEF(max_message_bytes, LSC_DEFAULT_MAX_MESSAGE_BYTES);
    DEF(max_parts, LSC_DEFAULT_MAX_PARTS);
    DEF(max_depth, LSC_DEFAULT_MAX_DEPTH);
    DEF(max_headers, LSC_DEFAULT_MAX_HEADERS);
    DEF(max_header_bytes, LSC_DEFAULT_MAX_HEADER_BYTES);
    DEF(max_html_nodes, LSC_DEFAULT_MAX_HTML_NODES);
    DEF(max_links, LSC_DEFAULT_MAX_LINKS);
    DEF(max_words, LSC_DEFAULT_MAX_WORDS);
    DEF(max_archive_entries, LSC_DEFAULT_MAX_ARCHIVE_ENTRIES);
    DEF(max_archive_depth, LSC_DEFAULT_MAX_ARCHIVE_DEPTH);
    DEF(max_archive_bytes, LSC_DEFAULT_MAX_ARCHIVE_BYTES);
#undef DEF
}

lsc__message *lsc__message_new(lsc__arena *ar)
{
    lsc__message *m = lsc__arena_zalloc(ar, sizeof *m);
    if (!m)
        return NULL;
    m->ar = ar;
    m->subject = "";
    lsc__vec_init(&m->from, sizeof(lsc__address));
    lsc__vec_init(&m->to, sizeof(lsc__address));
    lsc__vec_init(&m->cc, sizeof(lsc__address));
    lsc__vec_init(&m->bcc, sizeof(lsc__address));
    lsc__vec_init(&m->reply_to, sizeof(lsc__address));
    return m;
}

/* content branch: where a part sits among the alternatives. */

size_t lsc__part_alternative(const lsc__message *m, size_t i)
{
    size_t steps = 0, p = i < m->n_parts ? m->parts[i]->pub.parent : LSC__NONE;
    /* climb through multipart/related (a body with its images) to the
     * alternative it renders; the chain is at most n_parts long */
    while (p < m->n_parts && steps++ < m->n_parts) {
        const char *ct = m->parts[p]->pub.content_type;
        if (strcmp(ct, "multipart/alternative") == 0)
            return p;
        if (strcmp(ct, "multipart/related") != 0)
            return LSC__NONE;
        p = m->parts[p]->pub.parent;
    }
    return LSC__NONE;
}

int lsc__part_in_attached_message(const lsc__message *m, size_t i)
{
    size_t steps = 0, p = i < m->n_parts ? m->parts[i]->pub.parent : LSC__NONE;
    while (p < m->n_parts && steps++ < m->n_parts) {
        if (strncmp(m->parts[p]->pub.content_type, "message/", 8) == 0)
            return 1;
        p = m->parts[p]->pub.parent;
    }
    return 0;
}
