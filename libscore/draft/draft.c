/*
 * draft.c - scores a composer's draft given as pieces.
 *
 * Takes: an lsc_draft (headers, text, HTML, attachments as bytes or paths)
 * and optionally a caller-owned lsc_draft_cache.  Gives: the MIME message
 * the composer would send (lsc_draft_mime) and its score (lsc_draft_score),
 * which is lsc_score() of that very text, so the two paths cannot drift.
 *
 * The MIME written is RFC 5322 / 2045 / 2046 / 2047 / 2231: CRLF line ends,
 * header lines folded at 78 where there is a space, non-ASCII unstructured
 * headers and display names as UTF-8 B encoded-words of at most 75
 * characters, text bodies 7bit when they are short-lined ASCII and
 * quoted-printable otherwise, attachments base64 in 76-character lines,
 * non-ASCII or long file names as RFC 2231 extended parameters, boundaries
 * of the form "=_lsc..." (which base64 and quoted-printable can never
 * contain; 7bit bodies are checked and the boundary changed if one does).
 *
 * The cache keeps, per attachment content (64-bit hash + length), the
 * encoded body and the blob the attachment stage stored (through the fact
 * cache of base/message.h; attach/attach_cache.c writes it), and per
 * path the file's identity (device, inode, size, mtime) so an unchanged
 * file is not even read again.  Limits: DRAFT_MAX_ATTACHMENTS attachments
 * and DRAFT_MAX_HEADERS extra headers per draft (LSC_EINVAL beyond), and
 * the cache holds at most max_entries contents (least recently used go).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "draft/draft.h"
#include "core/result.h"

#define DRAFT_MAX_ATTACHMENTS 1000   /* below LSC_DEFAULT_MAX_PARTS */
#define DRAFT_MAX_HEADERS 200
#define MAX_BOUNDARY_TRIES 64
/* Room kept before the attachments' end of a cached message for the head
 * to grow into (beyond twice its size) before the tail is rebuilt, and
 * the largest such message kept between scorings. */
#define DRAFT_HEAD_ROOM ((size_t)64 * 1024)
#define DRAFT_MAX_KEPT_WIRE ((size_t)256 << 20)

/* ------------------------------------------------------------------ */
/* the message                                                         */
/* ------------------------------------------------------------------ */

typedef struct build {
    const lsc__alloc *al;
    obuf *o;
    const lsc_draft *d;
    att *atts;
    size_t n_atts;
    str text, html;
    char *text_norm, *html_norm;     /* CRLF-normalized bodies */
    size_t text_len, html_len;
    int text_7bit, html_7bit;
    unsigned salt;                   /* changes the boundaries */
    int skel;                        /* leave the mixed attachments' bodies
                                        out (put_tail puts them in place) */
    size_t tail_off;                 /* where those attachments begin */
    lsc__known_body *hints;          /* one per attachment */
    lsc_error *err;
} build;

static void boundary(char *buf, size_t n, const char *kind, unsigned salt)
{
    snprintf(buf, n, "=_lsc_%s_%u", kind, salt);
}

static int body_has_boundary(const build *bd, const char *kind)
{
    char bnd[64];
    boundary(bnd, sizeof bnd, kind, bd->salt);
    if (bd->text_7bit && bd->text_norm && strstr(bd->text_norm, bnd))
        return 1;
    if (bd->html_7bit && bd->html_norm && strstr(bd->html_norm, bnd))
        return 1;
    return 0;
}

static void put_text_part(build *bd, const char *subtype, const char *body,
                          size_t n, int is7)
{
    obuf *o = bd->o;
    ob_s(o, "Content-Type: text/");
    ob_s(o, subtype);
    ob_s(o, "; charset=\"UTF-8\"\r\n");
    ob_s(o, is7 ? "Content-Transfer-Encoding: 7bit\r\n\r\n"
                : "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    if (is7)
        ob_put(o, body, n);
    else
        lsc__draft_put_qp(o, body, n);
}

static void put_attachment(build *bd, size_t k)
{
    obuf *o = bd->o;
    att *t = &bd->atts[k];
    const char *ctype = t->ctype.n ? NULL : lsc__draft_type_for(t->filename);
    size_t enc_len, off;

    ob_s(o, "Content-Type: ");
    if (ctype)
        ob_s(o, ctype);
    else
        ob_put(o, t->ctype.p, t->ctype.n);
    if (t->filename.n)
        lsc__draft_put_param(o, "name", t->filename);
    ob_s(o, "\r\nContent-Disposition: ");
    ob_s(o, t->is_inline ? "inline" : "attachment");
    if (t->filename.n)
        lsc__draft_put_param(o, "filename", t->filename);
    ob_s(o, "\r\n");
    if (t->cid.n) {
        int angle = t->cid.p[0] == '<';
        ob_s(o, "Content-ID: ");
        if (!angle)
            ob_c(o, '<');
        ob_put(o, t->cid.p, t->cid.n);
        if (!angle)
            ob_c(o, '>');
        ob_s(o, "\r\n");
    }
    ob_s(o, "Content-Transfer-Encoding: base64\r\n\r\n");
    enc_len = t->entry ? t->entry->encoded_len : lsc__draft_b64_size(t->len);
    bd->hints[k].data = t->data;
    bd->hints[k].data_len = t->len;
    bd->hints[k].slot = t->entry;
    bd->hints[k].pin = t->entry ? t->entry->pin : NULL;
    bd->hints[k].body_len = enc_len;
    if (bd->skel && !t->is_inline && t->entry) {
        bd->hints[k].body_off = o->len;   /* in the skeleton, for now */
        return;
    }
    if (lsc__hbuf_reserve(o, enc_len + 1) != 0)
        return;
    off = o->len;
    if (t->entry)
        memcpy(o->p + off, t->entry->encoded, enc_len);
    else
        lsc__draft_b64_encode(o->p + off, t->data, t->len);
    o->len += enc_len;
    o->p[o->len] = '\0';
    bd->hints[k].body_off = off;
}

/* The header of a multipart of this subtype and its first delimiter. */
static void open_multipart(obuf *o, const char *subtype, const char *b)
{
    ob_s(o, "Content-Type: multipart/");
    ob_s(o, subtype);
    ob_s(o, ";\r\n\tboundary=\"");
    ob_s(o, b);
    ob_s(o, "\"\r\n\r\n--");
    ob_s(o, b);
    ob_s(o, "\r\n");
}

/* The delimiter between two parts, or the close delimiter after the last. */
static void put_delimiter(obuf *o, const char *b, int last)
{
    ob_s(o, "\r\n--");
    ob_s(o, b);
    ob_s(o, last ? "--" : "\r\n");
}

/* Every attachment that is inline (or, with is_inline 0, every one that is
 * not), each after a delimiter. */
static void put_attachments(build *bd, const char *b, int is_inline)
{
    size_t k;
    for (k = 0; k < bd->n_atts; k++) {
        if (!bd->atts[k].is_inline != !is_inline)
            continue;
        put_delimiter(bd->o, b, 0);
        put_attachment(bd, k);
    }
}

/* The alternative (or single) body. */
static void put_body(build *bd)
{
    obuf *o = bd->o;
    if (bd->text.p && bd->html.p) {
        char b[64];
        boundary(b, sizeof b, "alt", bd->salt);
        open_multipart(o, "alternative", b);
        put_text_part(bd, "plain", bd->text_norm, bd->text_len, bd->text_7bit);
        put_delimiter(o, b, 0);
        put_text_part(bd, "html", bd->html_norm, bd->html_len, bd->html_7bit);
        put_delimiter(o, b, 1);
    } else if (bd->html.p) {
        put_text_part(bd, "html", bd->html_norm, bd->html_len, bd->html_7bit);
    } else {
        put_text_part(bd, "plain", bd->text_norm ? bd->text_norm : "",
                      bd->text_len, bd->text_7bit);
    }
}

/* multipart/related around the HTML body and its inline images. */
static void put_related(build *bd, size_t n_inline)
{
    obuf *o = bd->o;
    char b[64];
    if (!n_inline) {
        put_body(bd);
        return;
    }
    boundary(b, sizeof b, "rel", bd->salt);
    open_multipart(o, "related", b);
    put_body(bd);
    put_attachments(bd, b, 1);
    put_delimiter(o, b, 1);
}

static void put_headers(build *bd)
{
    const lsc_draft *d = bd->d;
    obuf *o = bd->o;
    static const struct { size_t off_p, off_n; const char *name; int addr; } hf[] = {
        { offsetof(lsc_draft, from), offsetof(lsc_draft, from_len), "From", 1 },
        { offsetof(lsc_draft, to), offsetof(lsc_draft, to_len), "To", 1 },
        { offsetof(lsc_draft, cc), offsetof(lsc_draft, cc_len), "Cc", 1 },
        { offsetof(lsc_draft, bcc), offsetof(lsc_draft, bcc_len), "Bcc", 1 },
        { offsetof(lsc_draft, reply_to), offsetof(lsc_draft, reply_to_len), "Reply-To", 1 },
        { offsetof(lsc_draft, subject), offsetof(lsc_draft, subject_len), "Subject", 0 },
        { offsetof(lsc_draft, in_reply_to), offsetof(lsc_draft, in_reply_to_len), "In-Reply-To", 2 },
        { offsetof(lsc_draft, references), offsetof(lsc_draft, references_len), "References", 2 },
    };
    size_t i;
    for (i = 0; i < LSC__COUNT(hf); i++) {
        const char *p = *(const char *const *)((const char *)d + hf[i].off_p);
        size_t n = *(const size_t *)((const char *)d + hf[i].off_n);
        str s = lsc__draft_field(p, n);
        char *v;
        if (!p)
            continue;
        v = lsc__draft_clean_header(bd->al, s);
        if (!v) {
            o->failed = 1;
            return;
        }
        if (hf[i].addr == 1)
            lsc__draft_write_addresses(o, bd->al, hf[i].name, v, s.n);
        else if (hf[i].addr == 2)
            lsc__draft_write_folded(o, hf[i].name, v, s.n);   /* msg-ids: never encoded */
        else
            lsc__draft_write_unstructured(o, bd->al, hf[i].name, v, s.n);
        lsc__free(bd->al, v);
    }
    for (i = 0; i < d->n_headers; i++) {
        const lsc_draft_header *h = &d->headers[i];
        str nm = lsc__draft_field(h->name, h->name_len), val = lsc__draft_field(h->value, h->value_len);
        char name[256], *v;
        memcpy(name, nm.p, nm.n);    /* validated: < sizeof name */
        name[nm.n] = '\0';
        v = lsc__draft_clean_header(bd->al, val);
        if (!v) {
            o->failed = 1;
            return;
        }
        lsc__draft_write_unstructured(o, bd->al, name, v, val.n);
        lsc__free(bd->al, v);
    }
    ob_s(o, "MIME-Version: 1.0\r\n");
}

static void put_message(build *bd)
{
    obuf *o = bd->o;
    size_t k, n_inline = 0, n_mixed = 0;
    char b[64];
    put_headers(bd);
    for (k = 0; k < bd->n_atts; k++) {
        if (bd->atts[k].is_inline)
            n_inline++;
        else
            n_mixed++;
    }
    if (!n_mixed) {
        put_related(bd, n_inline);
        return;
    }
    boundary(b, sizeof b, "mix", bd->salt);
    open_multipart(o, "mixed", b);
    put_related(bd, n_inline);
    bd->tail_off = o->len;
    put_attachments(bd, b, 0);
    put_delimiter(o, b, 1);
    ob_s(o, "\r\n");
}

static int check_draft(const lsc_draft *d, lsc_error *err)
{
    size_t i, j;
    if (!d)
        return lsc__error(err, LSC_EINVAL, "lsc_draft", "draft is NULL");
    if (d->version != LSC_DRAFT_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_draft",
                          "version %u, this library knows %d", d->version,
                          LSC_DRAFT_VERSION);
    if (d->n_attachments > DRAFT_MAX_ATTACHMENTS || (d->n_attachments && !d->attachments))
        return lsc__error(err, LSC_EINVAL, "lsc_draft",
                          "%zu attachments (at most %d)", d->n_attachments,
                          DRAFT_MAX_ATTACHMENTS);
    if (d->n_headers > DRAFT_MAX_HEADERS || (d->n_headers && !d->headers))
        return lsc__error(err, LSC_EINVAL, "lsc_draft",
                          "%zu extra headers (at most %d)", d->n_headers,
                          DRAFT_MAX_HEADERS);
    for (i = 0; i < d->n_headers; i++) {
        str nm = lsc__draft_field(d->headers[i].name, d->headers[i].name_len);
        static const char *const reserved[] = {
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
            "Content-Disposition"
        };
        if (!nm.n || nm.n >= 256)
            return lsc__error(err, LSC_EINVAL, "lsc_draft_header",
                              "header %zu: empty or too long name", i);
        for (j = 0; j < nm.n; j++) {
            unsigned char ch = (unsigned char)nm.p[j];
            if (ch <= 32 || ch >= 127 || ch == ':')
                return lsc__error(err, LSC_EINVAL, "lsc_draft_header",
                                  "header %zu: bad character in name", i);
        }
        for (j = 0; j < LSC__COUNT(reserved); j++)
            if (lsc__memcaseeq(nm.p, nm.n, reserved[j]))
                return lsc__error(err, LSC_EINVAL, "lsc_draft_header",
                                  "%s is set by the draft's structure",
                                  reserved[j]);
    }
    for (i = 0; i < d->n_attachments; i++) {
        const lsc_draft_attachment *a = &d->attachments[i];
        str ct = lsc__draft_field(a->content_type, a->content_type_len);
        str cid = lsc__draft_field(a->content_id, a->content_id_len);
        if (a->content_type && !lsc__draft_valid_ctype(ct))
            return lsc__error(err, LSC_EINVAL, "lsc_draft_attachment",
                              "attachment %zu: content type is not type/subtype",
                              i);
        if (a->content_type && (lsc__ncasecmp(ct.p, "multipart/", 10) == 0 ||
                                lsc__ncasecmp(ct.p, "message/", 8) == 0))
            return lsc__error(err, LSC_EINVAL, "lsc_draft_attachment",
                              "attachment %zu: multipart and message types "
                              "cannot be base64 attachments", i);
        for (j = 0; j < cid.n; j++) {
            unsigned char ch = (unsigned char)cid.p[j];
            if (ch <= 32 || ch >= 127)
                return lsc__error(err, LSC_EINVAL, "lsc_draft_attachment",
                                  "attachment %zu: bad content id", i);
        }
    }
    return 0;
}

static void build_free(build *bd)
{
    size_t k;
    for (k = 0; k < bd->n_atts; k++)
        lsc__free(bd->al, bd->atts[k].owned);
    lsc__free(bd->al, bd->atts);
    lsc__free(bd->al, bd->hints);
    lsc__free(bd->al, bd->text_norm);
    lsc__free(bd->al, bd->html_norm);
}

static int norm_body(const lsc__alloc *al, str s, char **out, size_t *len,
                     int *is7)
{
    obuf t;
    memset(&t, 0, sizeof t);
    t.al = al;
    lsc__hbuf_reserve(&t, s.n + s.n / 16 + 2);
    lsc__draft_normalize_lines(&t, s.p ? s.p : "", s.n);
    if (!t.p)
        ob_put(&t, "", 0);
    if (t.failed) {
        lsc__free(al, t.p);
        return LSC_ENOMEM;
    }
    *out = t.p;
    *len = t.len;
    *is7 = lsc__draft_fits_7bit(t.p, t.len);
    return 0;
}

/* Builds the message into o; hints (one per attachment) are filled.
 * With a cache the mixed attachments' bodies are left out (bd->skel):
 * put_tail puts the message together. */
static int build_message(build *bd, const lsc__alloc *al, obuf *o,
                         const lsc_draft *d, lsc_draft_cache *cache,
                         lsc_error *err)
{
    size_t k, est;
    int rc = check_draft(d, err);
    memset(bd, 0, sizeof *bd);
    bd->skel = cache != NULL;
    bd->al = al;
    bd->o = o;
    bd->d = d;
    bd->err = err;
    if (rc != 0)
        return rc;
    bd->text = lsc__draft_field(d->text, d->text_len);
    bd->html = lsc__draft_field(d->html, d->html_len);
    if (d->n_attachments) {
        bd->atts = lsc__calloc(al, d->n_attachments, sizeof *bd->atts);
        bd->hints = lsc__calloc(al, d->n_attachments, sizeof *bd->hints);
        if (!bd->atts || !bd->hints)
            return lsc__error(err, LSC_ENOMEM, "lsc_draft", "out of memory");
    }
    bd->n_atts = d->n_attachments;
    est = 4096 + bd->text.n * 3 + bd->html.n * 3;
    for (k = 0; k < bd->n_atts; k++) {
        att *t = &bd->atts[k];
        t->a = &d->attachments[k];
        t->filename = lsc__draft_field(t->a->filename, t->a->filename_len);
        t->ctype = lsc__draft_field(t->a->content_type, t->a->content_type_len);
        t->cid = lsc__draft_field(t->a->content_id, t->a->content_id_len);
        /* inline images only make sense next to HTML that shows them */
        t->is_inline = (t->a->flags & LSC_ATTACH_INLINE) && bd->html.p;
        rc = lsc__draft_resolve(t, al, cache, err);
        if (rc != 0)
            return rc;
        est += (bd->skel && !t->is_inline ? 0 : lsc__draft_b64_size(t->len)) +
               512 + t->filename.n * 6;
    }
    if (bd->text.p || !bd->html.p) {
        rc = norm_body(al, bd->text, &bd->text_norm, &bd->text_len,
                       &bd->text_7bit);
        if (rc != 0)
            return lsc__error(err, rc, "lsc_draft", "out of memory");
    }
    if (bd->html.p) {
        rc = norm_body(al, bd->html, &bd->html_norm, &bd->html_len,
                       &bd->html_7bit);
        if (rc != 0)
            return lsc__error(err, rc, "lsc_draft", "out of memory");
    }
    while (body_has_boundary(bd, "alt") || body_has_boundary(bd, "rel") ||
           body_has_boundary(bd, "mix")) {
        if (++bd->salt > MAX_BOUNDARY_TRIES)
            return lsc__error(err, LSC_EINTERNAL, "lsc_draft",
                              "no boundary free of the body text");
    }
    o->len = 0;
    o->failed = 0;
    if (lsc__hbuf_reserve(o, est) != 0)
        return lsc__error(err, LSC_ENOMEM, "lsc_draft", "out of memory");
    o->p[0] = '\0';
    put_message(bd);
    if (o->failed)
        return lsc__error(err, LSC_ENOMEM, "lsc_draft", "out of memory");
    return 0;
}

/* Writes the mixed attachments' end of the message (the skeleton sk of
 * slen bytes with each body put in) into c->wire, with room for a head
 * of up to twice this one's before it, and remembers what it was made
 * of.  0 or LSC_ENOMEM. */
static int rebuild_tail(build *bd, lsc_draft_cache *c, const char *sk,
                        size_t slen, size_t n)
{
    size_t k, i = 0, from = 0, tail_len = slen, head = bd->tail_off, slack;
    char *w;
    for (k = 0; k < bd->n_atts; k++)
        if (!bd->atts[k].is_inline)
            tail_len += bd->atts[k].entry->encoded_len;
    lsc__draft_cache_drop_tail(c);
    if (n > c->cap_tail) {
        lsc__draft_entry **ne = lsc__realloc(&c->al, c->tail_ents, n * sizeof *ne);
        uint64_t *nk;
        if (ne)
            c->tail_ents = ne;
        nk = ne ? lsc__realloc(&c->al, c->tail_keys, n * sizeof *nk) : NULL;
        if (!nk)
            return LSC_ENOMEM;
        c->tail_keys = nk;
        c->cap_tail = n;
    }
    slack = head * 2 + DRAFT_HEAD_ROOM;
    if (lsc__hbuf_append(&c->skel, sk, slen) != 0 ||
        !(c->wire = lsc__malloc(&c->al, slack + tail_len + 1))) {
        lsc__draft_cache_drop_tail(c);
        return LSC_ENOMEM;
    }
    c->wire_cap = slack + tail_len + 1;
    w = c->wire + slack;
    for (k = 0; k < bd->n_atts; k++) {
        const lsc__draft_entry *e = bd->atts[k].entry;
        size_t at = bd->hints[k].body_off - bd->tail_off;
        if (bd->atts[k].is_inline)
            continue;
        memcpy(w, sk + from, at - from);
        w += at - from;
        memcpy(w, e->encoded, e->encoded_len);
        w += e->encoded_len;
        from = at;
        c->tail_ents[i] = bd->atts[k].entry;
        c->tail_keys[i++] = e->hash;
    }
    memcpy(w, sk + from, slen - from);
    w[slen - from] = '\0';
    c->tail_pos = slack;
    c->tail_len = tail_len;
    c->n_tail = n;
    return 0;
}

/* The message scored through a cache: the head (o up to bd->tail_off)
 * written just before the kept tail in c->wire, so a keystroke copies the
 * text and HTML and never the attachments; the tail is rebuilt only when
 * its skeleton (part headers, boundaries) or its attachments changed or
 * the head outgrew the room before it.  Each mixed attachment's hint gets
 * its offset in the message.  0 or LSC_ENOMEM. */
static int put_tail(build *bd, lsc_draft_cache *c, const char **msg,
                    size_t *msg_len)
{
    obuf *o = bd->o;
    size_t k, i = 0, n = 0, head = bd->tail_off, slen, add = 0;
    const char *sk;
    int same, rc;
    for (k = 0; k < bd->n_atts; k++)
        n += !bd->atts[k].is_inline;
    if (!n) {
        *msg = o->p;
        *msg_len = o->len;
        return 0;
    }
    sk = o->p + head;
    slen = o->len - head;
    same = c->wire && c->n_tail == n && c->skel.len == slen &&
           head <= c->tail_pos && memcmp(c->skel.p, sk, slen) == 0;
    for (k = 0; same && k < bd->n_atts; k++) {
        if (bd->atts[k].is_inline)
            continue;
        same = c->tail_ents[i] == bd->atts[k].entry &&
               c->tail_keys[i] == bd->atts[k].entry->hash;
        i++;
    }
    if (!same && (rc = rebuild_tail(bd, c, sk, slen, n)) != 0)
        return rc;
    memcpy(c->wire + c->tail_pos - head, o->p, head);
    for (k = 0; k < bd->n_atts; k++) {
        if (bd->atts[k].is_inline)
            continue;
        bd->hints[k].body_off += add;   /* head + place in the skeleton */
        add += bd->hints[k].body_len;
    }
    *msg = c->wire + c->tail_pos - head;
    *msg_len = head + c->tail_len;
    return 0;
}

void lsc_draft_init(lsc_draft *d)
{
    static const lsc_draft init = LSC_DRAFT_INIT;
    if (d)
        *d = init;
}

int lsc_draft_mime(char **out, size_t *len, const lsc_engine *engine,
                   const lsc_draft *d, lsc_error *err)
{
    lsc__alloc al;
    obuf o;
    build bd;
    int rc;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_mime", "out is NULL");
    *out = NULL;
    if (len)
        *len = 0;
    if (engine)
        al = engine->al;
    else
        lsc__alloc_init(&al, NULL);
    memset(&o, 0, sizeof o);
    o.al = &al;
    rc = build_message(&bd, &al, &o, d, NULL, err);
    if (rc == 0) {
        *out = lsc__string_new(&al, o.p, o.len);
        if (!*out)
            rc = lsc__error(err, LSC_ENOMEM, "lsc_draft_mime", "out of memory");
        else if (len)
            *len = o.len;
    }
    build_free(&bd);
    lsc__free(&al, o.p);
    return rc;
}

int lsc_draft_score(lsc_result **out, const lsc_engine *engine,
                    const lsc_draft *d, const lsc_score_options *so,
                    lsc_draft_cache *cache, lsc_error *err)
{
    obuf local, *o;
    build bd;
    lsc__input in;
    int rc;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_score", "out is NULL");
    *out = NULL;
    if (!engine)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_score",
                          "engine is NULL");
    if (cache && cache->engine != engine)
        return lsc__error(err, LSC_EINVAL, "lsc_draft_score",
                          "the cache belongs to another engine");
    if (cache) {
        cache->gen++;
        o = &cache->msg;
    } else {
        memset(&local, 0, sizeof local);
        local.al = &engine->al;
        o = &local;
    }
    rc = build_message(&bd, &engine->al, o, d, cache, err);
    in.msg = o->p;
    in.msg_len = o->len;
    if (rc == 0 && cache && put_tail(&bd, cache, &in.msg, &in.msg_len) != 0)
        rc = lsc__error(err, LSC_ENOMEM, "lsc_draft_score", "out of memory");
    if (rc == 0) {
        lsc__fact_cache fc;
        lsc__state_cache sc;
        if (cache) {
            lsc__draft_fact_cache(cache, &fc);
            lsc__draft_state_cache(cache, &sc);
        }
        in.bodies = bd.hints;
        in.n_bodies = bd.n_atts;
        in.cache = cache ? &fc : NULL;
        in.state = cache ? &sc : NULL;
        rc = lsc__score_input(out, engine, in.msg, in.msg_len, so, &in, err);
    }
    build_free(&bd);
    if (cache) {
        lsc__draft_cache_trim(cache);
        /* a huge message should not pin its buffers between keystrokes */
        if (o->cap > ((size_t)64 << 20)) {
            lsc__free(&cache->al, o->p);
            o->p = NULL;
            o->len = o->cap = 0;
        }
        if (cache->wire_cap > DRAFT_MAX_KEPT_WIRE)
            lsc__draft_cache_drop_tail(cache);
    } else {
        lsc__free(&engine->al, local.p);
    }
    return rc;
}
