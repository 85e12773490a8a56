/*
 * rules_attach.c - rules about attachments and message size.
 *
 * Takes: the attachment facts (attach.c, archive.c, office.c), the
 * recipients' size limit and the message size.  Gives: hits for what
 * gateways refuse (blocked types, disguises), what they quarantine
 * (encrypted or nested archives, macros, active PDFs, bombs), what the
 * recipients' providers bounce (size), what Gmail clips (HTML over
 * ~102 KB), and attachments on a first message.  Each hit names the
 * attachment (LSC_WHERE_ATTACHMENT, its part) or entry path as evidence;
 * at most MAX_EVIDENCE pieces of evidence per rule.
 */
#include <stdio.h>

#include "attach/attach_scan.h"
#include "rules/rules.h"

#define MAX_EVIDENCE 20
/* Share of the size limit from which a warning is given. */
#define SIZE_WARN_SHARE 0.70
/* Gmail clips the HTML of a message beyond this many bytes. */
#define GMAIL_CLIP_BYTES ((size_t)102 * 1024)
#define MBF(x) ((double)(x) / (1024.0 * 1024.0))

typedef struct ev_state {
    lsc__ctx *c;
    lsc__hit *h;
    size_t n;
} ev_state;

static int ev(ev_state *s, size_t part, const char *text)
{
    if (s->n >= MAX_EVIDENCE)
        return 0;
    s->n++;
    return lsc__evidence_text(s->c, s->h, LSC_WHERE_ATTACHMENT, part, text,
                              strlen(text));
}

static const char *att_name(const lsc__attach *a)
{
    return a->pub.filename ? a->pub.filename : "(unnamed attachment)";
}

/* Counts the attachment and entries with any of the flags. */
static size_t count_with(const lsc__message *m, unsigned flags, int entries,
                         const lsc__attach **first, const char **first_name)
{
    size_t i, j, n = 0;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (a->pub.flags & flags) {
            if (!n) {
                *first = a;
                *first_name = att_name(a);
            }
            n++;
        }
        for (j = 0; entries && j < a->pub.n_entries; j++) {
            if (a->pub.entries[j].flags & flags) {
                if (!n) {
                    *first = a;
                    *first_name = a->pub.entries[j].path;
                }
                n++;
            }
        }
    }
    return n;
}

/* Evidence: every attachment and entry with the flags. */
static int ev_with(ev_state *s, unsigned flags, int entries)
{
    const lsc__message *m = s->c->msg;
    size_t i, j;
    int rc;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if ((a->pub.flags & flags) &&
            (rc = ev(s, a->pub.part, a->hidden ? a->hidden : att_name(a))) != 0)
            return rc;
        for (j = 0; entries && j < a->pub.n_entries; j++) {
            const lsc_archive_entry *e = &a->pub.entries[j];
            if (!(e->flags & flags))
                continue;
            if (e->flags & LSC_ATT_HIDDEN_CHARS) {
                char *shown = lsc__show_hidden(s->c->ar, e->path,
                                               strlen(e->path));
                if (!shown)
                    return LSC_ENOMEM;
                rc = ev(s, a->pub.part, shown);
            } else {
                rc = ev(s, a->pub.part, e->path);
            }
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

int lsc__rule_attach_blocked(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(m, LSC_ATT_BLOCKED_NAME | LSC_ATT_BLOCKED_CONTENT,
                          1, &a, &name);
    ev_state s;
    unsigned why;
    const char *what;
    if (!n)
        return 0;
    if (a->pub.flags & LSC_ATT_BLOCKED_NAME) {
        why = LSC__TXT_ATTACH_BLOCKED_BY_NAME;
        what = a->blocked_ext;
    } else if (a->pub.flags & LSC_ATT_BLOCKED_CONTENT) {
        why = LSC__TXT_ATTACH_BLOCKED_BY_CONTENT;
        what = a->pub.real_type ? a->pub.real_type : a->pub.kind;
    } else {
        why = LSC__TXT_ATTACH_BLOCKED_IN_ARCHIVE;
        what = "archive entry";
    }
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, 1.0, ATTACH_BLOCKED_TYPE,
        n, name, what ? what : "?", lsc__rule_word(c, why));
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_BLOCKED_NAME | LSC_ATT_BLOCKED_CONTENT, 1);
}

int lsc__rule_attach_double_ext(lsc__ctx *c)
{
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, LSC_ATT_DOUBLE_EXT, 1, &a, &name);
    ev_state s;
    lsc__name_info ni;
    if (!n)
        return 0;
    lsc__name_check(name, strlen(name), &ni);
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, 1.0, ATTACH_DOUBLE_EXTENSION,
        name, ni.inner, ni.ext, n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_DOUBLE_EXT, 1);
}

int lsc__rule_attach_hidden_chars(lsc__ctx *c)
{
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, LSC_ATT_HIDDEN_CHARS, 1, &a, &name);
    int rtl = count_with(c->msg, LSC_ATT_RTL_OVERRIDE, 1, &a, &name) > 0;
    ev_state s;
    char *shown;
    if (!n)
        return 0;
    shown = lsc__show_hidden(c->ar, name, strlen(name));
    if (!shown)
        return LSC_ENOMEM;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, rtl ? 1.0 : 0.7, ATTACH_HIDDEN_NAME_CHARS,
        shown, lsc__rule_word(c, rtl ? LSC__TXT_ATTACH_HIDDEN_RTL
                                   : LSC__TXT_ATTACH_HIDDEN_INVISIBLE),
        n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_HIDDEN_CHARS, 1);
}

int lsc__rule_attach_mismatch(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, n = 0;
    const lsc__attach *first = NULL;
    double strength = 0.6;
    ev_state s;
    const char *fe, *fd, *fr;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (!(a->pub.flags & LSC_ATT_MISMATCH))
            continue;
        if (!first)
            first = a;
        if (a->pub.flags & LSC_ATT_EXECUTABLE)
            strength = 1.0;
        n++;
    }
    if (!n)
        return 0;
    lsc__attach_families(first, &fe, &fd, &fr);
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, strength, ATTACH_TYPE_MISMATCH,
        att_name(first), first->pub.extension ? first->pub.extension : "-",
        fe, first->pub.declared_type, fd,
        first->pub.real_type ? first->pub.real_type
                             : (first->pub.kind ? first->pub.kind : "?"),
        fr, n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_MISMATCH, 0);
}

int lsc__rule_attach_encrypted(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t i, j, n, enc_entries = 0;
    double strength = 0.4;
    ev_state s;
    n = count_with(m, LSC_ATT_ENCRYPTED, 0, &a, &name);
    if (!n)
        return 0;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *x = m->attach.list[i];
        if (!(x->pub.flags & LSC_ATT_ENCRYPTED))
            continue;
        /* PDFs often carry an owner password only (no printing); archives
         * and Office files locked with a password hide everything. */
        if (x->pub.flags & (LSC_ATT_ARCHIVE | LSC_ATT_OFFICE))
            strength = 1.0;
        for (j = 0; j < x->pub.n_entries; j++)
            if (x->pub.entries[j].flags & LSC_ATT_ENCRYPTED)
                enc_entries++;
    }
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, strength, ATTACH_ENCRYPTED,
        name, n, enc_entries);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_ENCRYPTED, 1);
}

int lsc__rule_attach_nested_archive(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, j, n = 0;
    unsigned deepest = 0;
    const lsc__attach *first = NULL;
    ev_state s;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (!(a->pub.flags & LSC_ATT_NESTED_ARCHIVE))
            continue;
        if (!first)
            first = a;
        for (j = 0; j < a->pub.n_entries; j++)
            if (a->pub.entries[j].flags & LSC_ATT_ARCHIVE) {
                n++;
                if (a->pub.entries[j].depth + 1 > deepest)
                    deepest = a->pub.entries[j].depth + 1;
            }
    }
    if (!first)
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, deepest > 2 ? 1.0 : 0.7, ATTACH_NESTED_ARCHIVE,
        att_name(first), n, deepest);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_ARCHIVE, 1);
}

int lsc__rule_attach_bomb(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    const lsc_limits *lim = &c->eng->limits;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    ev_state s;
    memset(&s, 0, sizeof s);
    s.c = c;
    if (count_with(m, LSC_ATT_ARCHIVE_BOMB, 0, &a, &name)) {
        s.h = lsc__fire(c, 1.0, ATTACH_ARCHIVE_BOMB,
            name, (unsigned long long)a->pub.decoded_bytes,
            (unsigned long long)lim->max_archive_bytes);
        if (!s.h)
            return LSC_ENOMEM;
        return ev_with(&s, LSC_ATT_ARCHIVE_BOMB, 0);
    }
    if (count_with(m, LSC_ATT_ARCHIVE_LIMIT, 0, &a, &name)) {
        s.h = lsc__fire(c, 0.5, ATTACH_ARCHIVE_BOMB_2,
            name, lim->max_archive_entries, lim->max_archive_depth);
        if (!s.h)
            return LSC_ENOMEM;
        return ev_with(&s, LSC_ATT_ARCHIVE_LIMIT, 0);
    }
    return 0;
}

int lsc__rule_attach_macro(lsc__ctx *c)
{
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, LSC_ATT_MACRO, 0, &a, &name);
    ev_state s;
    if (!n)
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, 1.0, ATTACH_MACRO,
        name, n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_MACRO, 1);
}

int lsc__rule_attach_pdf_active(lsc__ctx *c)
{
    const unsigned f = LSC_ATT_PDF_JS | LSC_ATT_PDF_LAUNCH | LSC_ATT_PDF_AUTO_JS;
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t n = count_with(c->msg, f, 1, &a, &name);
    const lsc__attach *x = NULL;
    const char *xn = NULL;
    int launch = count_with(c->msg, LSC_ATT_PDF_LAUNCH, 1, &x, &xn) > 0;
    int autojs = count_with(c->msg, LSC_ATT_PDF_AUTO_JS, 1, &x, &xn) > 0;
    ev_state s;
    if (!n)
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.h = lsc__fire(c, launch || autojs ? 1.0 : 0.7, ATTACH_PDF_ACTIVE,
        name, lsc__rule_word(c, LSC__TXT_PDF_JAVASCRIPT),
        autojs ? lsc__rule_word(c, LSC__TXT_PDF_AUTO_JS) : "",
        launch ? lsc__rule_word(c, LSC__TXT_PDF_LAUNCH) : "",
        n);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, f, 1);
}

/* The largest attachment, for the size evidence. */
static const lsc__attach *largest(const lsc__message *m)
{
    const lsc__attach *best = NULL;
    size_t i;
    for (i = 0; i < m->attach.n; i++)
        if (!best || m->attach.list[i]->pub.encoded_bytes >
                     best->pub.encoded_bytes)
            best = m->attach.list[i];
    return best;
}

static int size_rule(lsc__ctx *c, int over)
{
    const lsc__message *m = c->msg;
    uint64_t limit = m->attach.size_limit, size = m->wire_bytes;
    const char *dom = m->attach.limit_domain ? m->attach.limit_domain : "*";
    const lsc__attach *big;
    ev_state s;
    char *text;
    uint64_t att = 0;
    size_t i;
    if (!limit)
        return 0;
    if (over ? size <= limit
             : (size > limit || (double)size < SIZE_WARN_SHARE * (double)limit))
        return 0;
    memset(&s, 0, sizeof s);
    s.c = c;
    for (i = 0; i < m->attach.n; i++)
        att += m->attach.list[i]->pub.encoded_bytes;
    /* Mostly text: the attachments are not the problem, the letter is. */
    if (att < size / 2) {
        if (over)
            s.h = lsc__fire(c, 1.0, MESSAGE_TOO_LARGE_TEXT,
                MBF(size), MBF(att), MBF(limit), dom);
        else
            s.h = lsc__fire(c, ((double)size / (double)limit - SIZE_WARN_SHARE) /
                                   (1.0 - SIZE_WARN_SHARE) * 0.5 + 0.5,
                MESSAGE_NEAR_SIZE_LIMIT_TEXT, MBF(size), MBF(att),
                100.0 * (double)size / (double)limit, MBF(limit), dom);
        if (!s.h)
            return LSC_ENOMEM;
        text = lsc__arena_printf(c->ar, "message: %llu bytes",
                                 (unsigned long long)size);
        if (!text)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, s.h, LSC_WHERE_MESSAGE, 0, text,
                                  strlen(text));
    }
    if (over)
        s.h = lsc__fire(c, 1.0, ATTACH_TOO_LARGE,
            MBF(size), MBF(limit), dom);
    else
        s.h = lsc__fire(c, ((double)size / (double)limit - SIZE_WARN_SHARE) /
                               (1.0 - SIZE_WARN_SHARE) * 0.5 + 0.5, ATTACH_NEAR_SIZE_LIMIT,
            MBF(size), 100.0 * (double)size / (double)limit, MBF(limit), dom);
    if (!s.h)
        return LSC_ENOMEM;
    big = largest(m);
    if (big) {
        text = lsc__arena_printf(c->ar, "%s (%.1f MB encoded)", att_name(big),
                                 MBF(big->pub.encoded_bytes));
        if (!text)
            return LSC_ENOMEM;
        return ev(&s, big->pub.part, text);
    }
    text = lsc__arena_printf(c->ar, "%llu bytes", (unsigned long long)size);
    if (!text)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, s.h, LSC_WHERE_MESSAGE, 0, text,
                              strlen(text));
}

int lsc__rule_attach_too_large(lsc__ctx *c)
{
    return size_rule(c, 1);
}

int lsc__rule_attach_near_limit(lsc__ctx *c)
{
    return size_rule(c, 0);
}

int lsc__rule_html_clipped(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i;
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *p = m->parts[i];
        size_t n = p->pub.body_bytes;
        lsc__hit *h;
        char *text;
        if (p->pub.kind != LSC_PART_LEAF || !(p->pub.flags & LSC_PART_HTML) ||
            (p->pub.flags & LSC_PART_ATTACHMENT) || n <= GMAIL_CLIP_BYTES)
            continue;
        h = lsc__fire(c, 1.0, HTML_CLIPPED,
            n, GMAIL_CLIP_BYTES);
        if (!h)
            return LSC_ENOMEM;
        text = lsc__arena_printf(c->ar, "text/html part %zu: %zu bytes", i, n);
        if (!text)
            return LSC_ENOMEM;
        return lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, i, text,
                                  strlen(text));
    }
    return 0;
}

int lsc__rule_attach_first_contact(lsc__ctx *c)
{
    const lsc__message *m = c->msg;
    size_t i, n = 0;
    const lsc__attach *first = NULL;
    lsc__hit *h;
    if (c->eng->flags & LSC_OPT_NO_FIRST_CONTACT)
        return 0;
    if (lsc__msg_header(m, "In-Reply-To") || lsc__msg_header(m, "References"))
        return 0;
    for (i = 0; i < m->attach.n; i++) {
        const lsc__attach *a = m->attach.list[i];
        if (a->pub.flags & LSC_ATT_INLINE)
            continue;
        if (!first)
            first = a;
        n++;
    }
    if (!n)
        return 0;
    h = lsc__fire(c, 1.0, ATTACH_FIRST_CONTACT,
        n);
    if (!h)
        return LSC_ENOMEM;
    return lsc__evidence_text(c, h, LSC_WHERE_ATTACHMENT, first->pub.part,
                              att_name(first), strlen(att_name(first)));
}

/* content branch: documents that act on opening: a template or object
 * fetched from the network, VBA that runs by itself and calls out (more
 * than ATTACH_MACRO's "has macros"), spreadsheet cells that run
 * commands. */
int lsc__rule_attach_active_content(lsc__ctx *c)
{
    const lsc__attach *a = NULL;
    const char *name = NULL;
    size_t remote = count_with(c->msg, LSC_ATT_REMOTE_CONTENT, 1, &a, &name);
    size_t formula;
    ev_state s;
    memset(&s, 0, sizeof s);
    s.c = c;
    if (remote) {
        s.h = lsc__fire(c, 1.0, ATTACH_ACTIVE_CONTENT, name);
        if (!s.h)
            return LSC_ENOMEM;
        return ev_with(&s, LSC_ATT_REMOTE_CONTENT, 1);
    }
    if (count_with(c->msg, LSC_ATT_MACRO_RUNS, 1, &a, &name)) {
        s.h = lsc__fire(c, 1.0, ATTACH_ACTIVE_CONTENT_MACRO, name);
        if (!s.h)
            return LSC_ENOMEM;
        return ev_with(&s, LSC_ATT_MACRO_RUNS, 1);
    }
    formula = count_with(c->msg, LSC_ATT_FORMULA_CMD, 1, &a, &name);
    if (!formula)
        return 0;
    s.h = lsc__fire(c, 1.0, ATTACH_ACTIVE_CONTENT_FORMULA, name);
    if (!s.h)
        return LSC_ENOMEM;
    return ev_with(&s, LSC_ATT_FORMULA_CMD, 1);
}
