/*
 * bounce_dsn.c - the standard formats.
 *
 * Takes: the gathered bounce (bounce.h).  Gives: recipients from
 *   RFC 3464 delivery status notifications (message/delivery-status: one
 *     field group per message, then one per recipient; RFC 3461 status),
 *   RFC 5965 feedback reports (message/feedback-report: a complaint),
 *   RFC 3834 automatic replies (vacation notices).
 * The field groups are read from the part's own text, so a
 * delivery-status written into a text/plain part is read the same way.
 */
#include <ctype.h>
#include <stdio.h>

#include "bounce/bounce.h"
#include "mime/mime.h"

/* A field line unfolded: name and value. */
typedef struct field {
    const char *name;
    size_t name_len;
    const char *val;
    size_t val_len;    /* up to the end of the last continuation line */
} field;

/* Reads one field starting at i; returns the offset after it, or i when
 * the line is not a field.  A blank line gives name_len 0. */
static size_t next_field(const char *p, size_t n, size_t i, field *f)
{
    size_t e = i, c;
    memset(f, 0, sizeof *f);
    while (e < n && p[e] != '\n')
        e++;
    {
        size_t k = i;
        while (k < e && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
            k++;
        if (k == e)
            return e + 1;   /* blank: name_len stays 0 */
    }
    for (c = i; c < e && p[c] != ':' && p[c] != ' ' && p[c] != '\t'; c++)
        ;
    if (c == e || p[c] != ':' || c == i) {
        f->val = p + i;     /* not a field: val is the line */
        f->val_len = e - i;
        f->name = "";
        f->name_len = (size_t)-1;
        return e + 1;
    }
    f->name = p + i;
    f->name_len = c - i;
    f->val = p + c + 1;
    while (e + 1 < n && (p[e + 1] == ' ' || p[e + 1] == '\t')) {
        e++;
        while (e < n && p[e] != '\n')
            e++;
    }
    f->val_len = (size_t)(p + e - f->val);
    return e + 1;
}

static int is(const field *f, const char *name)
{
    return f->name_len != (size_t)-1 && lsc__memcaseeq(f->name, f->name_len, name);
}

/* "rfc822; <a@b>" -> the address part; "dns; host" -> host. */
static const char *after_type(const field *f, size_t *len)
{
    const char *v = f->val, *semi = memchr(v, ';', f->val_len);
    size_t n = f->val_len;
    if (semi) {
        n -= (size_t)(semi + 1 - v);
        v = semi + 1;
    }
    while (n && isspace((unsigned char)*v))
        v++, n--;
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    *len = n;
    return v;
}

static void set_word(char *dst, size_t cap, const char *v, size_t n)
{
    size_t k = 0;
    while (n && isspace((unsigned char)*v))
        v++, n--;
    while (k < n && k + 1 < cap && !isspace((unsigned char)v[k]) && v[k] != ';' && v[k] != '(')
        dst[k] = (char)tolower((unsigned char)v[k]), k++;
    dst[k] = '\0';
}

/* PowerMTA names its own bounce category in the delivery status. */
typedef struct category {
    const char *name;
    int reason;
} category;

static const category pmta_categories[] = {
    {"bad-domain", LSC_REASON_HOSTUNKNOWN},
    {"bad-mailbox", LSC_REASON_USERUNKNOWN},
    {"inactive-mailbox", LSC_REASON_SUSPEND},
    {"message-expired", LSC_REASON_EXPIRED},
    {"no-answer-from-host", LSC_REASON_NETWORKERROR},
    {"policy-related", LSC_REASON_POLICYVIOLATION},
    {"quota-issues", LSC_REASON_MAILBOXFULL},
    {"routing-errors", LSC_REASON_SYSTEMERROR},
    {"spam-related", LSC_REASON_SPAMDETECTED},
};

/* The recipient a group names further down (Facebook writes Status and
 * Diagnostic-Code before Final-Recipient): NULL when it names none. */
static lsc__brcpt *ahead(lsc__bin *b, const char *p, size_t n, size_t i,
                        int *err)
{
    size_t lines = 0, len, s, e;
    lsc__brcpt *r = NULL;
    *err = 0;
    while (i < n && lines++ < LSC__BOUNCE_MAX_LINES) {
        field f;
        const char *v;
        int fresh, full;
        i = next_field(p, n, i, &f);
        if (f.name_len == 0)
            break;
        if (f.name_len == (size_t)-1 ||
            !(is(&f, "Final-Recipient") || (!r && is(&f, "Original-Recipient"))))
            continue;
        v = after_type(&f, &len);
        if (!lsc__bin_find_addr(v, len, &s, &e))
            continue;
        r = lsc__bin_rcpt(b, v + s, e - s, &fresh, &full);
        if (!r && !full)
            *err = LSC_ENOMEM;
        if (!r || is(&f, "Final-Recipient"))
            break;
    }
    return r;
}

/* The field groups of a delivery-status text; recipients appended. */
static int read_groups(lsc__bin *b, const char *p, size_t n, int *found)
{
    size_t i = 0, lines = 0;
    char *lmta = "", *arrival = "";
    lsc__brcpt *r = NULL;
    while (i < n && lines++ < LSC__BOUNCE_MAX_LINES) {
        field f;
        size_t len;
        const char *v;
        size_t at = i;
        i = next_field(p, n, i, &f);
        if (f.name_len == 0) {
            r = NULL;       /* blank line: the group ends */
            continue;
        }
        if (f.name_len == (size_t)-1)
            continue;
        if (!r && (is(&f, "Status") || is(&f, "Diagnostic-Code") || is(&f, "Action") ||
                   is(&f, "Remote-MTA") || is(&f, "Last-Attempt-Date"))) {
            int err;
            r = ahead(b, p, n, at, &err);
            if (err)
                return err;
            if (r) {
                (*found)++;
                if (!r->lmta[0])
                    r->lmta = lmta;
                if (!r->date[0])
                    r->date = arrival;
            }
        }
        if (is(&f, "Reporting-MTA")) {
            v = after_type(&f, &len);
            lmta = lsc__arena_strndup(b->ar, v, len);
            if (!lmta)
                return LSC_ENOMEM;
        } else if (is(&f, "Arrival-Date")) {
            arrival = lsc__bin_squeeze(b->ar, f.val, f.val_len);
            if (!arrival)
                return LSC_ENOMEM;
        } else if (is(&f, "Final-Recipient") || is(&f, "Original-Recipient") ||
                   is(&f, "X-Actual-Recipient")) {
            size_t s, e;
            int fresh, full;
            v = after_type(&f, &len);
            if (!lsc__bin_find_addr(v, len, &s, &e))
                continue;
            if (r && !is(&f, "Final-Recipient"))
                continue;   /* the group already has its recipient */
            r = lsc__bin_rcpt(b, v + s, e - s, &fresh, &full);
            if (!r) {
                if (full)
                    return 0;
                return LSC_ENOMEM;
            }
            if (fresh) {
                r->lmta = lmta;
                r->date = arrival;
            }
            (*found)++;
        } else if (!r) {
            continue;
        } else if (is(&f, "Action")) {
            set_word(r->action, sizeof r->action, f.val, f.val_len);
        } else if (is(&f, "Status")) {
            char st[16];
            set_word(st, sizeof st, f.val, f.val_len);
            if (strlen(st) >= 5 && (st[0] == '2' || st[0] == '4' || st[0] == '5') &&
                st[1] == '.')
                snprintf(r->status, sizeof r->status, "%s", st);
        } else if (is(&f, "Diagnostic-Code")) {
            const char *semi = memchr(f.val, ';', f.val_len);
            if (semi) {
                set_word(r->spec, sizeof r->spec, f.val, (size_t)(semi - f.val));
                lsc__lower(r->spec, strlen(r->spec));
                {
                    size_t k;
                    for (k = 0; r->spec[k]; k++)
                        r->spec[k] = (char)toupper((unsigned char)r->spec[k]);
                }
                /* Postfix writes X-Postfix for what a remote SMTP server said */
                if (strcmp(r->spec, "X-POSTFIX") == 0)
                    strcpy(r->spec, "SMTP");
                r->diag = lsc__bin_squeeze(b->ar, semi + 1,
                                           f.val_len - (size_t)(semi + 1 - f.val));
            } else {
                r->diag = lsc__bin_squeeze(b->ar, f.val, f.val_len);
            }
            if (!r->diag)
                return LSC_ENOMEM;
        } else if (is(&f, "X-PowerMTA-BounceCategory")) {
            char cat[32];
            size_t k;
            set_word(cat, sizeof cat, f.val, f.val_len);
            for (k = 0; k < LSC__COUNT(pmta_categories); k++)
                if (strcmp(cat, pmta_categories[k].name) == 0)
                    r->reason = pmta_categories[k].reason;
        } else if (is(&f, "Remote-MTA")) {
            v = after_type(&f, &len);
            r->rmta = lsc__arena_strndup(b->ar, v, len);
            if (!r->rmta)
                return LSC_ENOMEM;
        } else if (is(&f, "Last-Attempt-Date")) {
            r->date = lsc__bin_squeeze(b->ar, f.val, f.val_len);
            if (!r->date)
                return LSC_ENOMEM;
        }
    }
    return 0;
}

/* The text of a part as it came (delivery-status parts are containers to
 * the MIME reader, so their bytes are read here), base64 decoded. */
static int part_text(lsc__bin *b, const lsc__part *pt, const char **p,
                     size_t *n)
{
    lsc__buf lf;
    size_t i;
    *p = pt->raw ? pt->raw : "";
    *n = pt->raw ? pt->raw_len : 0;
    /* CRLF and bare CR line ends read as LF */
    lsc__buf_init(&lf, b->ar);
    for (i = 0; i < *n; i++) {
        char c = (*p)[i];
        if (c == '\r') {
            if (i + 1 < *n && (*p)[i + 1] == '\n')
                continue;
            c = '\n';
        }
        lsc__buf_putc(&lf, c);
    }
    if (lf.failed)
        return LSC_ENOMEM;
    *p = lf.p ? lf.p : "";
    *n = lf.len;
    if (pt->pub.transfer_encoding &&
        strcmp(pt->pub.transfer_encoding, "base64") == 0) {
        lsc__buf out;
        int bad;
        lsc__buf_init(&out, b->ar);
        if (lsc__base64_decode(&out, *p, *n, &bad) || out.failed)
            return LSC_ENOMEM;
        *p = out.p ? out.p : "";
        *n = out.len;
    }
    return 0;
}

int lsc__bounce_dsn(lsc__bin *b)
{
    const char *p;
    size_t n;
    int found = 0, rc;
    if (b->ds) {
        rc = part_text(b, b->ds, &p, &n);
        if (rc)
            return rc;
        rc = read_groups(b, p, n, &found);
        if (rc)
            return rc;
    }
    if (!found) {
        /* delivery-status fields written into the text (some MTAs) */
        const char *fr = NULL;
        size_t i;
        for (i = 0; i + 16 < b->notice_len && !fr; i++)
            if ((i == 0 || b->notice[i - 1] == '\n') &&
                lsc__ncasecmp(b->notice + i, "Final-Recipient:", 16) == 0)
                fr = b->notice + i;
        if (!fr)
            return 0;
        {
            /* back up to the group start (Reporting-MTA above) */
            const char *s = fr;
            while (s > b->notice && !(s[-1] == '\n' && s - 1 > b->notice &&
                                      s[-2] == '\n'))
                s--;
            rc = read_groups(b, s, (size_t)(b->notice + b->notice_len - s), &found);
            if (rc)
                return rc;
        }
    }
    if (!found)
        return 0;
    {
        size_t i, delivered = 0;
        for (i = 0; i < b->rcpts.n; i++) {
            const lsc__brcpt *r = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, i);
            if (strcmp(r->action, "delivered") == 0 || strncmp(r->status, "2.", 2) == 0)
                delivered++;
        }
        b->kind = delivered == b->rcpts.n ? LSC_BOUNCE_DELIVERED : LSC_BOUNCE_FAILURE;
    }
    b->format = "rfc3464";
    return 1;
}

/* ---- RFC 5965 feedback reports ---- */

int lsc__bounce_arf(lsc__bin *b)
{
    const char *p;
    size_t n, i = 0, lines = 0;
    const char *addr = NULL, *ftype = "";
    size_t alen = 0;
    int rc, fresh, full, undisclosed = 0;
    lsc__brcpt *r;
    const lsc__header *apple = lsc__msg_header(b->msg, "X-Apple-Unsubscribe");
    if (b->fbr) {
        rc = part_text(b, b->fbr, &p, &n);
        if (rc)
            return rc;
    } else if (apple && lsc__casecmp(apple->value, "true") == 0) {
        /* iCloud's unsubscribe request: the complaint comes from From */
        size_t s, e;
        if (!lsc__bin_find_addr(b->from, strlen(b->from), &s, &e))
            return 0;
        r = lsc__bin_rcpt(b, b->from + s, e - s, &fresh, &full);
        if (!r)
            return full ? 1 : LSC_ENOMEM;
        r->reason = LSC_REASON_FEEDBACK;
        r->feedback = "opt-out";
        b->kind = LSC_BOUNCE_FEEDBACK;
        b->format = "arf";
        return 1;
    } else if (strstr(b->subject, "complaint about message from ") &&
               (strstr(b->from, "staff@hotmail.com") ||
                strstr(b->from, "complaints@email-abuse.amazonses.com"))) {
        /* Hotmail's JMRP: no report part, the original's To is who
         * complained */
        p = "";
        n = 0;
    } else {
        /* ARF written as text (Yahoo!, some feedback loops) */
        const char *ft = NULL;
        for (i = 0; i + 14 < b->notice_len && !ft; i++)
            if ((i == 0 || b->notice[i - 1] == '\n') &&
                lsc__ncasecmp(b->notice + i, "Feedback-Type:", 14) == 0)
                ft = b->notice + i;
        if (!ft)
            return 0;
        p = ft;
        n = (size_t)(b->notice + b->notice_len - ft);
        i = 0;
    }
    i = 0;
    while (i < n && lines++ < LSC__BOUNCE_MAX_LINES) {
        field f;
        size_t len, s, e;
        const char *v;
        i = next_field(p, n, i, &f);
        if (f.name_len == 0 || f.name_len == (size_t)-1)
            continue;
        if (is(&f, "Feedback-Type")) {
            ftype = lsc__bin_squeeze(b->ar, f.val, f.val_len);
            if (!ftype)
                return LSC_ENOMEM;
        } else if (is(&f, "Original-Rcpt-To") || is(&f, "Removal-Recipient")) {
            v = after_type(&f, &len);
            if (lsc__bin_find_addr(v, len, &s, &e)) {
                r = lsc__bin_rcpt(b, v + s, e - s, &fresh, &full);
                if (!r)
                    return full ? 1 : LSC_ENOMEM;
                r->reason = LSC_REASON_FEEDBACK;
                addr = v + s;
            }
        }
    }
    if (!addr && b->orig_headers_len) {
        /* the complaint is about the original: its To is the recipient */
        size_t k;
        const char *h = b->orig_headers;
        for (k = 0; k + 3 < b->orig_headers_len; k++)
            if ((k == 0 || h[k - 1] == '\n') && lsc__ncasecmp(h + k, "To:", 3) == 0) {
                size_t e2 = k;
                size_t s, e;
                while (e2 < b->orig_headers_len && h[e2] != '\n')
                    e2++;
                if (lsc__bin_find_addr(h + k, e2 - k, &s, &e)) {
                    addr = h + k + s;
                    alen = e - s;
                    r = lsc__bin_rcpt(b, addr, alen, &fresh, &full);
                    if (!r)
                        return full ? 1 : LSC_ENOMEM;
                    r->reason = LSC_REASON_FEEDBACK;
                } else {
                    undisclosed = 1;
                }
                break;
            }
    }
    if (!addr && (undisclosed || b->fbr)) {
        /* "To: undisclosed-recipients": a complaint about nobody named */
        static const char none[] = "undisclosed-recipients@unknown.invalid";
        r = lsc__bin_rcpt(b, none, sizeof none - 1, &fresh, &full);
        if (!r)
            return full ? 1 : LSC_ENOMEM;
        r->reason = LSC_REASON_FEEDBACK;
        addr = none;
    }
    if (!addr)
        return 0;
    for (i = 0; i < b->rcpts.n; i++)
        LSC__VEC_AT(&b->rcpts, lsc__brcpt, i).feedback = (char *)ftype;
    b->kind = LSC_BOUNCE_FEEDBACK;
    b->format = "arf";
    return 1;
}

/* ---- RFC 3834 automatic replies ---- */

static const char *const auto_subjects[] = {
    "auto:", "auto response", "auto-reply", "autoreply", "automatic reply",
    "auto reply",
    "out of office", "out of the office", "vacation", "away from my mail",
    "自动回复", "自動応答", "自動返信", "abwesenheitsnotiz",
    "réponse automatique", "respuesta automática", "risposta automatica",
};

int lsc__bounce_autoreply(lsc__bin *b)
{
    const lsc__header *h;
    int autoh = 0, subj = 0, fresh, full;
    size_t i, s, e;
    char low[256];
    lsc__brcpt *r;
    h = lsc__msg_header(b->msg, "Auto-Submitted");
    if (h && lsc__ncasecmp(h->value, "auto-replied", 12) == 0)
        autoh = 1;
    if (lsc__msg_header(b->msg, "X-Autoreply") ||
        lsc__msg_header(b->msg, "X-Autorespond"))
        autoh = 1;
    snprintf(low, sizeof low, "%s", b->subject);
    lsc__lower(low, strlen(low));
    /* the subject must start with it: "Out of office: Re: ..." is an
     * auto-reply, "Win a dream vacation" is not */
    {
        const char *t = low;
        while (*t == ' ' || *t == '\t')
            t++;
        for (i = 0; i < LSC__COUNT(auto_subjects); i++)
            if (strncmp(t, auto_subjects[i], strlen(auto_subjects[i])) == 0)
                subj = 1;
    }
    if (!autoh && !subj)
        return 0;
    /* a mailer daemon's auto-replied notice is a bounce we could not
     * read, not somebody's vacation */
    snprintf(low, sizeof low, "%s", b->from);
    lsc__lower(low, strlen(low));
    if (strstr(low, "mailer-daemon") || strstr(low, "postmaster"))
        return 0;
    if (!lsc__bin_find_addr(b->from, strlen(b->from), &s, &e))
        return 0;
    r = lsc__bin_rcpt(b, b->from + s, e - s, &fresh, &full);
    if (!r)
        return full ? 1 : LSC_ENOMEM;
    r->reason = LSC_REASON_VACATION;
    r->diag = lsc__bin_squeeze(b->ar, b->notice, LSC__MIN(b->notice_len, 400));
    if (!r->diag)
        return LSC_ENOMEM;
    b->kind = LSC_BOUNCE_AUTOREPLY;
    b->format = "rfc3834";
    return 1;
}
