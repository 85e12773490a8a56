/*
 * bounce.c - lsc_bounce_read and the lsc_bounce accessors.
 *
 * Takes: an engine and the raw bytes of a message that came back.  Gives:
 * an lsc_bounce that owns everything (one arena).  The MIME reader parses
 * the message; this file finds the notice (the text a person reads), the
 * delivery-status and feedback parts and the returned original, runs the
 * readers of bounce.h in order, then completes every recipient: status
 * and reply code from the diagnostic, reason class, hard/soft, the time,
 * and the explanation in the engine's language.
 */
#include <ctype.h>
#include <stdio.h>
#include <time.h>

#include "bounce/bounce.h"
#include "mime/mime.h"
#include "rules/rules.h"

typedef struct bpub {
    char *explanation, *suggestion;
} bpub;

struct lsc_bounce {
    lsc__alloc al;
    lsc__arena ar;
    lsc__bin in;
    bpub *text;                /* one per recipient */
    const char *orig_subject, *orig_msgid, *orig_to;
};

/* ---- helpers the readers share ---- */

static int addr_char(int c)
{
    return isalnum(c) || c == '.' || c == '_' || c == '-' || c == '+' ||
           c == '=' || c == '\'' || c == '/' || c == '&' || c == '%' ||
           c == '!' || c == '#' || c == '$' || c == '*' || c == '?' ||
           c == '^' || c == '`' || c == '{' || c == '|' || c == '}' ||
           c == '~' || c >= 0x80;
}

int lsc__bin_find_addr(const char *p, size_t n, size_t *s, size_t *e)
{
    size_t i;
    for (i = 0; i < n; i++) {
        size_t a, z;
        if (p[i] != '@')
            continue;
        a = i;
        while (a > 0 && addr_char((unsigned char)p[a - 1]))
            a--;
        z = i + 1;
        while (z < n && (isalnum((unsigned char)p[z]) || p[z] == '.' ||
                         p[z] == '-' || p[z] == '_' ||
                         (unsigned char)p[z] >= 0x80))
            z++;
        while (z > i + 1 && (p[z - 1] == '.' || p[z - 1] == '-'))
            z--;
        while (a < i && (p[a] == '.' || p[a] == '\''))
            a++;
        if (a < i && z > i + 1 && memchr(p + i + 1, '.', z - i - 1)) {
            *s = a;
            *e = z;
            return 1;
        }
    }
    return 0;
}

char *lsc__bin_squeeze(lsc__arena *ar, const char *p, size_t n)
{
    lsc__buf b;
    size_t i;
    int sp = 0;
    lsc__buf_init(&b, ar);
    for (i = 0; i < n && b.len < LSC__BOUNCE_MAX_DIAG; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            sp = b.len > 0;
            continue;
        }
        if (sp)
            lsc__buf_putc(&b, ' ');
        sp = 0;
        lsc__buf_putc(&b, (int)c);
    }
    if (!b.p && !b.failed)
        return lsc__arena_strdup(ar, "");
    return lsc__buf_finish(&b);
}

lsc__brcpt *lsc__bin_rcpt(lsc__bin *b, const char *addr, size_t n,
                          int *fresh, int *full)
{
    size_t i, at;
    lsc__brcpt *r;
    char *a;
    *fresh = 0;
    *full = 0;
    while (n && (*addr == '<' || *addr == ' ' || *addr == '"'))
        addr++, n--;
    while (n && (addr[n - 1] == '>' || addr[n - 1] == ' ' ||
                 addr[n - 1] == '"' || addr[n - 1] == '.'))
        n--;
    for (i = 0; i < b->rcpts.n; i++) {
        r = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, i);
        if (strlen(r->addr) == n && lsc__ncasecmp(r->addr, addr, n) == 0)
            return r;
    }
    if (b->rcpts.n >= LSC__BOUNCE_MAX_RCPTS) {
        *full = 1;
        return NULL;
    }
    a = lsc__arena_strndup(b->ar, addr, n);
    r = lsc__vec_push(&b->rcpts, b->ar);
    if (!a || !r)
        return NULL;
    at = (size_t)(strrchr(a, '@') ? strrchr(a, '@') - a : 0);
    if (at)
        lsc__lower(a + at, n - at);
    r->addr = a;
    r->diag = r->rmta = r->lmta = r->date = r->feedback = "";
    r->reason = -1;
    *fresh = 1;
    return r;
}

/* ---- gathering: notice, report parts, original ---- */

static int under_message(const lsc__message *m, const lsc__part *pt)
{
    size_t up = pt->pub.parent, guard = 0;
    while (up != LSC__NONE && up < m->n_parts && guard++ < m->n_parts) {
        const lsc__part *q = m->parts[up];
        if (q->pub.kind == LSC_PART_MESSAGE &&
            strcmp(q->pub.content_type, "message/delivery-status") != 0)
            return 1;
        up = q->pub.parent;
    }
    return 0;
}

/* Lines that start the returned original in a text bounce. */
static const char *const orig_markers[] = {
    "original message", "returned message", "unsent message",
    "copy of the message", "copy of your message", "message headers follow",
    "header of the original message", "headers of your message",
    "original mail", "message follows", "original message header",
    "content-type: message/rfc822", "undelivered message follows",
    "below this line is a copy", "the original message was",
    "headers of the original", "returned mail follows",
    "rfc822 headers", "message header follows", "original letter",
    "included is a copy of the message header",
    "原始邮件", "原邮件", "元のメッセージ", "ursprüngliche nachricht",
};

static int is_marker(const char *p, size_t n)
{
    char line[256];
    size_t i, k = 0, dashes = 0;
    size_t run = 0;
    for (i = 0; i < n && k + 1 < sizeof line; i++) {
        /* a rule is a run of three or more: "----- Original message" */
        if (p[i] == '-' || p[i] == '=' || p[i] == '_' || p[i] == '*') {
            if (++run >= 3)
                dashes = 3;
        } else {
            run = 0;
        }
        line[k++] = (char)tolower((unsigned char)p[i]);
    }
    line[k] = '\0';
    for (i = 0; i < LSC__COUNT(orig_markers); i++) {
        size_t ml = strlen(orig_markers[i]), t = 0, z = k;
        if (!strstr(line, orig_markers[i]))
            continue;
        if (dashes >= 3)
            return 1;
        /* without a dashed rule, only a line that is the marker alone
         * ("Message headers follow.") */
        while (t < z && (line[t] == ' ' || line[t] == '\t'))
            t++;
        while (z > t && (line[z - 1] == ' ' || line[z - 1] == '\r' || line[z - 1] == ':' ||
                         line[z - 1] == '.'))
            z--;
        if (z - t <= ml + 12)
            return 1;
    }
    return 0;
}

/* Cuts the notice where a returned original starts; that rest becomes
 * the original's headers when no MIME part carried them. */
static void cut_notice(lsc__bin *b)
{
    const char *p = b->notice;
    size_t n = b->notice_len, i = 0, lines = 0;
    while (i < n && lines++ < LSC__BOUNCE_MAX_LINES) {
        size_t e = i;
        while (e < n && p[e] != '\n')
            e++;
        if (i > 0 && is_marker(p + i, e - i)) {
            if (!b->orig_headers_len) {
                b->orig_headers = p + e;
                b->orig_headers_len = n - e;
            }
            b->notice_len = i;
            return;
        }
        i = e + 1;
    }
}

static int gather(lsc__bin *b)
{
    lsc__message *m = b->msg;
    lsc__buf nb;
    size_t i;
    const lsc__header *h;
    lsc__buf_init(&nb, b->ar);
    h = lsc__msg_header(m, "From");
    b->from = h ? h->value : "";
    b->subject = m->subject ? m->subject : "";
    for (i = 0; i < m->n_parts; i++) {
        const lsc__part *pt = m->parts[i];
        const char *ct = pt->pub.content_type;
        if (strcmp(ct, "message/delivery-status") == 0 ||
            strcmp(ct, "message/global-delivery-status") == 0) {
            if (!b->ds)
                b->ds = pt;
            continue;
        }
        if (strcmp(ct, "message/feedback-report") == 0) {
            if (!b->fbr)
                b->fbr = pt;
            continue;
        }
        if (under_message(m, pt))
            continue;
        if (strcmp(ct, "message/rfc822") == 0 ||
            strcmp(ct, "text/rfc822-headers") == 0 ||
            strcmp(ct, "message/rfc822-headers") == 0 ||
            strcmp(ct, "message/global") == 0 ||
            strcmp(ct, "message/global-headers") == 0) {
            if (!b->orig_headers_len && pt->raw) {
                b->orig_headers = pt->raw;
                b->orig_headers_len = pt->raw_len;
            }
            continue;
        }
        if (pt->pub.kind != LSC_PART_LEAF || strncmp(ct, "text/", 5) != 0)
            continue;
        if (pt->pub.text && pt->pub.text_bytes) {
            if (nb.len + pt->pub.text_bytes > LSC__BOUNCE_MAX_NOTICE)
                continue;
            lsc__buf_append(&nb, pt->pub.text, pt->pub.text_bytes);
            lsc__buf_putc(&nb, '\n');
        } else if (pt->pub.body && pt->pub.body_bytes &&
                   nb.len + pt->pub.body_bytes <= LSC__BOUNCE_MAX_NOTICE) {
            /* an attached text/plain: often the notice of Exchange */
            if (lsc__utf8_sanitize(&nb, (const char *)pt->pub.body,
                                   pt->pub.body_bytes, NULL))
                return LSC_ENOMEM;
            lsc__buf_putc(&nb, '\n');
        }
    }
    if (!nb.len && m->n_parts && m->parts[0]->raw) {
        /* no text part could be read (a boundary that is never used, a
         * report without its parts): the body as it stands is the notice */
        const lsc__part *top = m->parts[0];
        if (lsc__utf8_sanitize(&nb, top->raw,
                               LSC__MIN(top->raw_len, (size_t)LSC__BOUNCE_MAX_NOTICE), NULL))
            return LSC_ENOMEM;
    }
    if (nb.failed)
        return LSC_ENOMEM;
    /* the readers search it as a C string: it ends in a NUL, and again
     * where the returned original starts */
    b->notice = nb.p ? lsc__buf_finish(&nb) : "";
    if (!b->notice)
        return LSC_ENOMEM;
    b->notice_len = nb.len;
    /* bare CR line ends become LF so that the readers see lines */
    for (i = 0; i < nb.len; i++)
        if (nb.p[i] == '\r')
            nb.p[i] = (i + 1 < nb.len && nb.p[i + 1] == '\n') ? ' ' : '\n';
    cut_notice(b);
    if (nb.p && b->notice_len < nb.len)
        nb.p[b->notice_len] = '\0';
    return 0;
}

/* ---- the original's headers ---- */

static const char *orig_field(lsc__arena *ar, const char *p, size_t n,
                              const char *name)
{
    size_t nl = strlen(name), i = 0, lines = 0;
    while (i < n && lines++ < LSC__BOUNCE_MAX_LINES) {
        size_t e = i;
        while (e < n && p[e] != '\n' && p[e] != '\r')
            e++;
        while (i < e && (p[i] == ' ' || p[i] == '\t') && nl)
            i++;
        if (e - i > nl && p[i + nl] == ':' && lsc__ncasecmp(p + i, name, nl) == 0) {
            size_t s = i + nl + 1, z = e;
            /* unfold continuation lines */
            while (z + 1 < n) {
                size_t q = z;
                if (p[q] == '\r' && q + 1 < n && p[q + 1] == '\n')
                    q++;
                q++;
                if (q < n && (p[q] == ' ' || p[q] == '\t')) {
                    z = q;
                    while (z < n && p[z] != '\n' && p[z] != '\r')
                        z++;
                } else {
                    break;
                }
            }
            return lsc__bin_squeeze(ar, p + s, z - s);
        }
        i = e + 1;
    }
    return "";
}

static int read_original(lsc_bounce *ob)
{
    lsc__bin *b = &ob->in;
    const char *s, *id;
    char *dec = NULL;
    size_t dl;
    ob->orig_subject = ob->orig_msgid = ob->orig_to = "";
    if (!b->orig_headers_len)
        return 0;
    s = orig_field(b->ar, b->orig_headers, b->orig_headers_len, "Subject");
    id = orig_field(b->ar, b->orig_headers, b->orig_headers_len, "Message-ID");
    ob->orig_to = orig_field(b->ar, b->orig_headers, b->orig_headers_len, "To");
    if (!s || !id || !ob->orig_to)
        return LSC_ENOMEM;
    if (lsc__decode_words(b->ar, s, strlen(s), &dec, &dl, NULL))
        return LSC_ENOMEM;
    ob->orig_subject = dec ? dec : s;
    if (*id == '<') {
        const char *e = strchr(id, '>');
        id = lsc__arena_strndup(b->ar, id + 1, e ? (size_t)(e - id - 1) : strlen(id + 1));
        if (!id)
            return LSC_ENOMEM;
    }
    ob->orig_msgid = id;
    return 0;
}

/* ---- completing the recipients ---- */

/* Removes every occurrence of pat from s (in place). */
static void cut_all(char *s, const char *pat)
{
    size_t pl = strlen(pat);
    char *f;
    while (pl && (f = strstr(s, pat)) != NULL)
        memmove(f, f + pl, strlen(f + pl) + 1);
}

/* A multi-line SMTP reply ("550-5.7.1 text 550-5.7.1 more 550 5.7.1
 * end") read as one sentence: the repeated code prefixes go, the code is
 * said once at the start, so that phrases spanning lines match. */
static char *unfold_reply(lsc__arena *ar, const char *diag, int reply,
                          const char *status)
{
    char pfx[32], *d;
    size_t n;
    if (reply < 200 || reply > 599)
        return (char *)diag;
    snprintf(pfx, sizeof pfx, "%d-", reply);
    if (!strstr(diag, pfx))
        return (char *)diag;
    n = strlen(diag);
    d = lsc__arena_alloc(ar, n + 40);
    if (!d)
        return NULL;
    memcpy(d, diag, n + 1);
    if (status[0]) {
        char a[40];
        snprintf(a, sizeof a, "%d-%s ", reply, status);
        cut_all(d, a);
        snprintf(a, sizeof a, "%d %s ", reply, status);
        cut_all(d, a);
    }
    cut_all(d, pfx);
    {
        char *out = lsc__arena_printf(ar, "%d %s%s%s", reply, status,
                                      status[0] ? " " : "", d);
        return out ? lsc__bin_squeeze(ar, out, strlen(out)) : NULL;
    }
}

static int complete(lsc_bounce *ob, const lsc_engine *e)
{
    lsc__bin *b = &ob->in;
    const lsc__header *dh = lsc__msg_header(b->msg, "Date");
    size_t i;
    ob->text = lsc__arena_zalloc(&ob->ar, (b->rcpts.n + 1) * sizeof *ob->text);
    if (!ob->text)
        return LSC_ENOMEM;
    for (i = 0; i < b->rcpts.n; i++) {
        lsc__brcpt *r = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, i);
        char found[16];
        int rc, ok = 0, preset;
        if (!r->diag)
            r->diag = "";
        if (lsc__status_find(r->diag, found)) {
            int rep = lsc__reply_find(r->diag, found[0]);
            lsc__status_prefer(r->status, found, rep);
        }
        if (!r->reply)
            r->reply = lsc__reply_find(r->diag, 0);
        {
            char found2[16] = "";
            char *u;
            lsc__status_find(r->diag, found2);
            u = unfold_reply(b->ar, r->diag, r->reply, found2);
            if (!u)
                return LSC_ENOMEM;
            r->diag = u;
        }
        if (!r->command[0]) {
            const char *c = lsc__bounce_command(r->diag, strlen(r->diag));
            snprintf(r->command, sizeof r->command, "%s", c);
        }
        if (!r->spec[0] && r->reason != LSC_REASON_VACATION &&
            r->reason != LSC_REASON_FEEDBACK)
            strcpy(r->spec, r->reason == LSC_REASON_MAILERERROR ? "X-UNIX" : "SMTP");
        {
            char *low = lsc__arena_strdup(b->ar, r->diag);
            if (!low)
                return LSC_ENOMEM;
            lsc__lower(low, strlen(low));
            preset = lsc__bounce_mta_reason(b, low);
            if (preset < 0)
                preset = lsc__bounce_mta_status_reason(b, r->status);
        }
        if (preset >= 0 && (r->reason < 0 || r->reason == LSC_REASON_UNDEFINED ||
                            r->reason == LSC_REASON_ONHOLD))
            r->reason = preset;
        lsc__bounce_mta_settle(b, r);
        if (r->reason != LSC_REASON_VACATION && r->reason != LSC_REASON_FEEDBACK)
            lsc__bounce_classify(r, r->rmta);
        if (r->reason == LSC_REASON_VACATION || r->reason == LSC_REASON_FEEDBACK)
            r->reply = 0;
        if (!r->status[0]) {
            char both[LSC__BOUNCE_MAX_DIAG + 16];
            int perm, temp;
            snprintf(both, sizeof both, "%d %s", r->reply, r->diag);
            perm = lsc__text_permanent(both);
            temp = lsc__text_temporary(both) || lsc__bounce_mta_temporary(b, r->reason);
            snprintf(r->status, sizeof r->status, "%s",
                     lsc__status_for_reason(r->reason, perm || temp ? temp : 0));
        }
        if (r->reply && r->status[0] && r->status[0] != '0' + r->reply / 100) {
            int again = lsc__reply_find(r->diag, r->status[0]);
            r->reply = again / 100 == r->status[0] - '0' ? again : 0;
        }
        if (r->date[0])
            r->time = lsc__rfc5322_time(r->date, &ok);
        if (!ok && dh) {
            r->time = lsc__rfc5322_time(dh->value, &ok);
            if (!r->date[0])
                r->date = dh->value;
        }
        if (!ok)
            r->time = 0;
        rc = lsc__bounce_explain(&ob->ar, e->lang, r, &ob->text[i].explanation,
                                 &ob->text[i].suggestion);
        if (rc)
            return rc;
    }
    return 0;
}

static int run_readers(lsc__bin *b)
{
    int rc;
    rc = lsc__bounce_arf(b);
    if (rc)
        return rc < 0 ? rc : 0;
    rc = lsc__bounce_dsn(b);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return lsc__bounce_mta_fill(b);
    rc = lsc__bounce_json(b);
    if (rc)
        return rc < 0 ? rc : 0;
    rc = lsc__bounce_mta(b);
    if (rc)
        return rc < 0 ? rc : 0;
    rc = lsc__bounce_autoreply(b);
    return rc < 0 ? rc : 0;
}

int lsc_bounce_read(lsc_bounce **out, const lsc_engine *e, const void *raw,
                    size_t len, const lsc_bounce_options *opts,
                    lsc_error *err)
{
    lsc_bounce *ob;
    lsc__ctx c;
    int rc;
    if (!out)
        return lsc__error(err, LSC_EINVAL, "lsc_bounce_read", "out is NULL");
    *out = NULL;
    if (!e || (!raw && len))
        return lsc__error(err, LSC_EINVAL, "lsc_bounce_read",
                          "engine or message is NULL");
    if (opts && opts->version != LSC_BOUNCE_OPTIONS_VERSION)
        return lsc__error(err, LSC_EVERSION, "lsc_bounce_options",
                          "version %u, this library knows %d", opts->version,
                          LSC_BOUNCE_OPTIONS_VERSION);
    if (opts && opts->flags)
        return lsc__error(err, LSC_EINVAL, "lsc_bounce_options",
                          "unknown flags 0x%x", opts->flags);
    ob = lsc__calloc(&e->al, 1, sizeof *ob);
    if (!ob)
        return lsc__error(err, LSC_ENOMEM, "lsc_bounce_read", "out of memory");
    ob->al = e->al;
    lsc__arena_init(&ob->ar, &ob->al);
    memset(&c, 0, sizeof c);
    c.eng = e;
    c.ar = &ob->ar;
    c.msg = lsc__message_new(&ob->ar);
    rc = LSC_ENOMEM;
    if (!c.msg)
        goto fail;
    {
        /* old Mac files end lines with a bare CR and no LF at all: read
         * them as LF, so that every reader sees the same lines */
        const char *d = raw ? raw : "";
        if (len && !memchr(d, '\n', len) && memchr(d, '\r', len)) {
            char *lf = lsc__arena_alloc(&ob->ar, len);
            size_t k;
            rc = LSC_ENOMEM;
            if (!lf)
                goto fail;
            for (k = 0; k < len; k++)
                lf[k] = d[k] == '\r' ? '\n' : d[k];
            raw = lf;
        }
    }
    rc = lsc__mime_parse(&c, raw ? raw : "", len);
    if (!rc)
        rc = lsc__decode_run(&c);
    if (rc)
        goto fail;
    ob->in.ar = &ob->ar;
    ob->in.msg = c.msg;
    ob->in.format = "";
    lsc__vec_init(&ob->in.rcpts, sizeof(lsc__brcpt));
    rc = gather(&ob->in);
    if (!rc)
        rc = run_readers(&ob->in);
    if (!rc && ob->in.rcpts.n == 0) {
        ob->in.kind = LSC_BOUNCE_NONE;
        ob->in.format = "";
    }
    if (!rc)
        rc = read_original(ob);
    if (!rc)
        rc = complete(ob, e);
    /* the input is the caller's: nothing may point into it afterwards */
    ob->in.notice = "";
    ob->in.notice_len = 0;
    ob->in.orig_headers = "";
    ob->in.orig_headers_len = 0;
    ob->in.ds = ob->in.fbr = NULL;
    ob->in.msg = NULL;
    if (rc)
        goto fail;
    *out = ob;
    return 0;
fail:
    lsc_bounce_free(ob);
    return lsc__error(err, rc, "lsc_bounce_read", "%s", lsc_strerror(rc));
}

void lsc_bounce_free(lsc_bounce *b)
{
    lsc__alloc al;
    if (!b)
        return;
    al = b->al;
    lsc__arena_free(&b->ar);
    lsc__free(&al, b);
}

/* ---- accessors ---- */

static const lsc__brcpt *at(const lsc_bounce *b, size_t i)
{
    if (!b || i >= b->in.rcpts.n)
        return NULL;
    return &LSC__VEC_AT(&b->in.rcpts, lsc__brcpt, i);
}

lsc_bounce_kind lsc_bounce_get_kind(const lsc_bounce *b)
{
    return b ? (lsc_bounce_kind)b->in.kind : LSC_BOUNCE_NONE;
}

int lsc_bounce_is_bounce(const lsc_bounce *b)
{
    return lsc_bounce_get_kind(b) != LSC_BOUNCE_NONE;
}

const char *lsc_bounce_format(const lsc_bounce *b)
{
    return b ? b->in.format : "";
}

const char *lsc_bounce_original_subject(const lsc_bounce *b)
{
    return b ? b->orig_subject : "";
}

const char *lsc_bounce_original_message_id(const lsc_bounce *b)
{
    return b ? b->orig_msgid : "";
}

const char *lsc_bounce_original_to(const lsc_bounce *b)
{
    return b ? b->orig_to : "";
}

size_t lsc_bounce_recipient_count(const lsc_bounce *b)
{
    return b ? b->in.rcpts.n : 0;
}

#define FIELD(fn, expr, none) \
    const char *fn(const lsc_bounce *b, size_t i) \
    { \
        const lsc__brcpt *r = at(b, i); \
        return r ? (expr) : (none); \
    }

FIELD(lsc_bounce_address, r->addr, NULL)
FIELD(lsc_bounce_status, r->status, NULL)
FIELD(lsc_bounce_diagnostic, r->diag, NULL)
FIELD(lsc_bounce_action, r->action, NULL)
FIELD(lsc_bounce_command, r->command, NULL)
FIELD(lsc_bounce_reporting_mta, r->lmta, NULL)
FIELD(lsc_bounce_remote_mta, r->rmta, NULL)
FIELD(lsc_bounce_date, r->date, NULL)

int lsc_bounce_reply_code(const lsc_bounce *b, size_t i)
{
    const lsc__brcpt *r = at(b, i);
    return r ? r->reply : 0;
}

int64_t lsc_bounce_time(const lsc_bounce *b, size_t i)
{
    const lsc__brcpt *r = at(b, i);
    return r ? r->time : 0;
}

lsc_bounce_reason lsc_bounce_get_reason(const lsc_bounce *b, size_t i)
{
    const lsc__brcpt *r = at(b, i);
    return r && r->reason >= 0 ? (lsc_bounce_reason)r->reason
                               : LSC_REASON_UNDEFINED;
}

int lsc_bounce_hard(const lsc_bounce *b, size_t i)
{
    const lsc__brcpt *r = at(b, i);
    return r ? r->hard : 0;
}

const char *lsc_bounce_explanation(const lsc_bounce *b, size_t i)
{
    return at(b, i) ? b->text[i].explanation : NULL;
}

const char *lsc_bounce_suggestion(const lsc_bounce *b, size_t i)
{
    return at(b, i) ? b->text[i].suggestion : NULL;
}

static const char *const reason_names[LSC_REASON_COUNT] = {
    "undefined", "userunknown", "mailboxfull", "filtered", "rejected",
    "blocked", "spamdetected", "mesgtoobig", "hostunknown",
    "policyviolation", "securityerror", "authfailure", "badreputation",
    "requireptr", "expired", "suspend", "norelaying", "systemerror",
    "systemfull", "networkerror", "contenterror", "exceedlimit", "hasmoved",
    "mailererror", "notaccept", "onhold", "syntaxerror", "toomanyconn",
    "speeding", "virusdetected", "notcompliantrfc", "failedstarttls",
    "vacation", "feedback", "delivered",
};

const char *lsc_bounce_reason_name(lsc_bounce_reason reason)
{
    if ((int)reason < 0 || reason >= LSC_REASON_COUNT)
        return "undefined";
    return reason_names[reason];
}

int lsc_bounce_reason_from_name(const char *name)
{
    int i;
    if (!name)
        return -1;
    for (i = 0; i < LSC_REASON_COUNT; i++)
        if (lsc__casecmp(reason_names[i], name) == 0)
            return i;
    return -1;
}
