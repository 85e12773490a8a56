/*
 * bounce_mta.c - bounces that are not (only) RFC 3464: the text formats.
 *
 * Takes: the gathered bounce (bounce.h).  Gives: which MTA wrote it (a row
 * per sender signature), the failed recipients found in its notice text
 * (an address that starts a line, as Postfix, qmail, Exim, Sendmail,
 * Exchange and the webmail providers write them, with the lines that
 * follow as the diagnostic) and the SMTP command the error answered.
 * The reasons an MTA's own phrases name are in bounce_mta_reason.c.
 */
#include <ctype.h>
#include <stdio.h>

#include "bounce/bounce.h"

#define R(x) LSC_REASON_##x

/* ---- sender signatures ---- */

enum { IN_FROM = 1, IN_SUBJECT = 2, IN_BODY = 4, IN_HEADER = 8,
       ONLY = 16 /* names the format, but is no sign of a bounce by itself */ };

typedef struct signature {
    const char *format;
    unsigned where;       /* IN_* */
    const char *needle;   /* lower case; IN_HEADER: "name\tpart of value" */
} signature;

/* First row that matches names the format; every row marks a bounce. */
static const signature signatures[] = {
    {"googlegroups", IN_BODY | ONLY, "groups.google.com"},
    {"interscanmss", IN_BODY, "message from interscan messaging security suite"},
    {"mimecast", IN_BODY, "the problem appears to be :"},
    {"gmx", IN_FROM | ONLY, "@mail.gmx."},
    {"exchange2003", IN_BODY, "msexch:ims:"},
    {"opensmtpd", IN_HEADER, "received\t (opensmtpd) with "},
    {"dragonfly", IN_HEADER, "received\t(dragonfly mail agent"},
    {"exchange2003", IN_HEADER, "x-ms-embedded-report\t"},
    {"exchange2003", IN_HEADER, "x-mailer\tinternet mail service"},
    {"exchange2003", IN_HEADER, "x-mimeole\tproduced by microsoft exchange"},
    {"fml", IN_HEADER, "x-mlserver\t"},
    {"zoho", IN_HEADER, "x-zohomail\t"},
    {"imailserver", IN_HEADER, "x-mailer\t<smtp32 v"},
    {"imailserver", IN_SUBJECT, "undeliverable mail "},
    /* a sender is surer than a subject ("Undeliverable Message" is also
     * Lotus Notes' subject) */
    {"verizon", IN_FROM, "post_master@vtext.com"},
    {"verizon", IN_FROM | ONLY, ".vzwpix.com"},
    {"domino", IN_SUBJECT, "delivery failure:"},
    {"domino", IN_SUBJECT, "delivery_failure:"},
    {"notes", IN_SUBJECT, "undeliverable message"},
    {"ezweb", IN_FROM, "postmaster@ezweb.ne.jp"},
    {"ezweb", IN_FROM, "postmaster@au.com"},
    {"ezweb", IN_SUBJECT, "mail system error - returned mail"},
    {"kddi", IN_FROM | ONLY, "dion.ne.jp"},
    {"kddi", IN_FROM | ONLY, "@ezweb.ne.jp"},
    {"courier", IN_FROM, "courier mail server at "},
    {"courier", IN_SUBJECT, "notice: mail delivery status."},
    {"courier", IN_SUBJECT, "warning: delayed mail."},
    {"biglobe", IN_FROM, "postmaster@biglobe.ne.jp"},
    {"qmail", IN_BODY, "this is the qmail-send program"},
    {"qmail", IN_BODY, "hi. this is the qmail"},
    {"postfix", IN_BODY, "this is the mail system at host"},
    {"postfix", IN_BODY, "this is the postfix program"},
    {"exim", IN_BODY, "this message was created automatically by mail delivery software"},
    {"exim", IN_BODY, "a message that you sent could not be delivered to one or more"},
    {"sendmail", IN_BODY, "the original message was received at"},
    {"sendmail", IN_BODY, "----- transcript of session follows -----"},
    {"exchange", IN_BODY, "delivery has failed to these recipients or groups"},
    {"exchange", IN_BODY, "your message did not reach some or all of the intended recipients"},
    {"exchange", IN_BODY, "the following recipient(s) could not be reached"},
    {"office365", IN_BODY, "your message couldn't be delivered"},
    {"gmail", IN_BODY, "delivery to the following recipient failed"},
    {"gmail", IN_BODY, "delivery to the following recipient has been delayed"},
    {"gmail", IN_BODY, "technical details of temporary failure"},
    {"gmail", IN_BODY, "technical details of permanent failure"},
    {"gmail", IN_BODY, "the response from the remote server was"},
    {"gmail", IN_BODY, "google tried to deliver your message"},
    {"yahoo", IN_BODY, "sorry, we were unable to deliver your message"},
    {"amazonses", IN_BODY, "an error occurred while trying to deliver the mail"},
    {"sendgrid", IN_BODY, "this is an automatically generated message from sendgrid"},
    {"zoho", IN_BODY, "this message was created automatically by mail delivery"},
    {"qq", IN_BODY, "此为系统邮件"},
    {"qq", IN_BODY, "退信原因"},
    {"netease", IN_BODY | ONLY, "网易邮箱"},
    {"aliyun", IN_BODY | ONLY, "阿里云"},
    {"sina", IN_BODY | ONLY, "新浪"},
    {"sohu", IN_BODY | ONLY, "搜狐"},
    {"japanese", IN_BODY, "送信できませんでした"},
    {"japanese", IN_BODY, "届きませんでした"},
    {"german", IN_BODY | ONLY, "konnte nicht zugestellt werden"},
    {"chinese", IN_BODY, "无法送达"},
    {"chinese", IN_BODY, "投递失败"},
    {"chinese", IN_SUBJECT, "退信"},
    {"exim", IN_SUBJECT, "mail failure"},
    {"exim", IN_SUBJECT, "mail delivery failed"},
    {"mailer-daemon", IN_FROM, "mailer-daemon"},
    {"mailer-daemon", IN_FROM, "mail delivery"},
    {"mailer-daemon", IN_FROM, "postmaster"},
    {"mailer-daemon", IN_FROM, "mail administrator"},
    {"mailer-daemon", IN_SUBJECT, "undeliver"},
    {"mailer-daemon", IN_SUBJECT, "delivery status"},
    {"mailer-daemon", IN_SUBJECT, "delivery failure"},
    {"mailer-daemon", IN_SUBJECT, "delivery failed"},
    {"mailer-daemon", IN_SUBJECT, "failure notice"},
    {"mailer-daemon", IN_SUBJECT, "returned mail"},
    {"mailer-daemon", IN_SUBJECT, "mail delivery"},
    {"mailer-daemon", IN_SUBJECT, "could not be delivered"},
    {"mailer-daemon", IN_SUBJECT, "delivery notification"},
    {"mailer-daemon", IN_SUBJECT, "nondeliverable"},
    {"mailer-daemon", IN_SUBJECT, "non-delivery"},
    {"mailer-daemon", IN_SUBJECT, "系统退信"},
    {"mailer-daemon", IN_SUBJECT, "未送達"},
    {"mailer-daemon", IN_SUBJECT, "unzustellbar"},
    {"japanese", IN_SUBJECT | ONLY, "エラー"},
    {"mailer-daemon", IN_BODY, "could not be delivered to"},
};

static int contains_ci(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle), i;
    if (k > n)
        return 0;
    for (i = 0; i + k <= n; i++)
        if (lsc__ncasecmp(hay + i, needle, k) == 0)
            return 1;
    return 0;
}

/* Headers of the bounce looked at for a signature. */
#define SIGNATURE_MAX_HEADERS 200

/* "name\tvalue": a top-level header of that name whose value holds
 * value (any case; an empty value: the header is there). */
static int header_has(const lsc__bin *b, const char *needle)
{
    const char *tab = strchr(needle, '\t');
    size_t nl = (size_t)(tab - needle), i, vl = strlen(tab + 1);
    for (i = 0; i < b->msg->n_headers && i < SIGNATURE_MAX_HEADERS; i++) {
        const lsc__header *h = &b->msg->headers[i];
        if (h->name_len != nl || lsc__ncasecmp(h->name, needle, nl) != 0)
            continue;
        if (!vl || contains_ci(h->value, h->value_len, tab + 1))
            return 1;
    }
    return 0;
}

/* Bytes of the notice a signature is looked for in. */
#define SIGNATURE_SCAN 8192

static char *lower_dup(lsc__arena *ar, const char *p, size_t n)
{
    char *d = lsc__arena_strndup(ar, p, n);
    if (d)
        lsc__lower(d, n);
    return d;
}

static const char *signature_of(const lsc__bin *b, int *bounce)
{
    size_t i, nl = LSC__MIN(b->notice_len, (size_t)SIGNATURE_SCAN);
    const char *format = NULL;
    /* lower-case copies once, then plain substring searches */
    char *body = lower_dup(b->ar, b->notice, nl);
    char *from = lower_dup(b->ar, b->from, strlen(b->from));
    char *subj = lower_dup(b->ar, b->subject, strlen(b->subject));
    *bounce = lsc__msg_header(b->msg, "X-Failed-Recipients") != NULL;
    if (!body || !from || !subj)
        return NULL;
    for (i = 0; i < LSC__COUNT(signatures) && !(format && *bounce); i++) {
        const signature *s = &signatures[i];
        int hit = ((s->where & IN_HEADER) && header_has(b, s->needle)) ||
                  ((s->where & IN_BODY) && strstr(body, s->needle)) ||
                  ((s->where & IN_FROM) && strstr(from, s->needle)) ||
                  ((s->where & IN_SUBJECT) && strstr(subj, s->needle));
        if (!hit)
            continue;
        if (!format)
            format = s->format;
        if (!(s->where & ONLY) && !(s->where & IN_HEADER))
            *bounce = 1;
    }
    return format;
}

/* Formats whose every bounce means one reason. */
typedef struct format_reason {
    const char *format;
    int reason;
} format_reason;

static const format_reason format_reasons[] = {
    /* a group refuses posts from non-members or does not exist */
    {"googlegroups", R(REJECTED)},
};

/* Headers of one format's bounce that name the reason. */
typedef struct header_reason {
    const char *format;
    const char *header;   /* "name\tpart of value", as header_has takes */
    int reason;
} header_reason;

static const header_reason header_reasons[] = {
    /* au/EZweb marks a message its recipient's domain filter refused */
    {"ezweb", "x-spasign\tng", R(FILTERED)},
};

/* ---- the SMTP command an error answered ---- */

typedef struct cmd_phrase {
    const char *phrase;   /* lower case */
    const char *command;
} cmd_phrase;

static const cmd_phrase commands[] = {
    {"rcpt to", "RCPT"}, {"rcpt command", "RCPT"}, {"[rcpt_to]", "RCPT"},
    {"does not like recipient", "RCPT"},
    {"smtp:rcpt", "RCPT"}, {"smtp:mail", "MAIL"}, {"smtp:data", "DATA"}, {"mail from", "MAIL"},
    {"end of data", "DATA"}, {"after data", "DATA"}, {">>> data", "DATA"},
    {"in reply to data", "DATA"}, {"data command", "DATA"},
    {"after initial connection", "CONN"}, {"greeting", "CONN"},
    {"ehlo", "EHLO"}, {"helo", "HELO"}, {"starttls", "STARTTLS"},
};

const char *lsc__bounce_command(const char *p, size_t n)
{
    size_t i, best = (size_t)-1, k;
    const char *cmd = "";
    if (n > LSC__BOUNCE_MAX_SCAN)
        n = LSC__BOUNCE_MAX_SCAN;
    for (k = 0; k < LSC__COUNT(commands); k++) {
        size_t l = strlen(commands[k].phrase);
        for (i = 0; i + l <= n && i < best; i++)
            if (lsc__ncasecmp(p + i, commands[k].phrase, l) == 0) {
                best = i;
                cmd = commands[k].command;
                break;
            }
    }
    return cmd;
}

/* ---- recipients in the notice ---- */

/* Addresses that are never the failed recipient; with loose (an
 * address anywhere in the text) also the bounce's own addressee, who sent
 * the original. */
static int system_address(const lsc__bin *b, const char *a, size_t n,
                          int loose)
{
    static const char *const locals[] = {"mailer-daemon@", "mail-daemon@",
                                         "mailerdaemon@", "postmaster@",
                                         "noreply@", "no-reply@"};
    size_t i;
    /* a postmaster can be the one that failed when named where a failed
     * address stands; anywhere else it is the bounce's signature */
    for (i = 0; i < (loose ? LSC__COUNT(locals) : 3); i++)
        if (n > strlen(locals[i]) && lsc__ncasecmp(a, locals[i], strlen(locals[i])) == 0)
            return 1;
    if (loose) {
        /* the bounce's own addressee is the sender of the original */
        const lsc__header *to = lsc__msg_header(b->msg, "To");
        if (to && contains_ci(to->value, to->value_len, "@") && n > 3) {
            char buf[320];
            snprintf(buf, sizeof buf, "%.*s", (int)LSC__MIN(n, (size_t)300), a);
            if (contains_ci(to->value, to->value_len, buf))
                return 1;
        }
    }
    return 0;
}

/* Does line l name a failed address where it starts?  Allowed before it:
 * white space, "<", list bullets, a reply code with its status ("550
 * 5.1.1 <a@b>... User unknown", as Sendmail writes), or a short label
 * that ends in a colon ("Could not be delivered to: <a@b>"). */
static int starts_with_addr(const char *l, size_t n, size_t *s, size_t *e)
{
    size_t i = 0;
    int coded = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t' || l[i] == '*' || l[i] == '-' ||
                     l[i] == '>'))
        i++;
    /* "550 5.1.1 <a@b>... User unknown" names a recipient where Sendmail
     * writes it, at the start of the line; indented, it is the remote
     * server's answer quoted inside another recipient's block (Exim) */
    if (i == 0 && i + 4 < n && isdigit((unsigned char)l[i]) && isdigit((unsigned char)l[i + 1]) &&
        isdigit((unsigned char)l[i + 2]) && l[i + 3] == ' ') {
        size_t j = i + 4;
        while (j < n && (isdigit((unsigned char)l[j]) || l[j] == '.'))
            j++;
        while (j < n && l[j] == ' ')
            j++;
        if (j < n && l[j] == '<') {
            i = j;
            coded = 1;
        }
    }
    if (!lsc__bin_find_addr(l + i, n - i, s, e))
        return 0;
    if (*s > 1 && *s <= 24 && (unsigned char)l[i] >= 0x80) {
        /* a label in another script: "收件人: a@b", "宛先：a@b" */
        size_t a = i + *s, k = a;
        while (k > i && (l[k - 1] == ' ' || l[k - 1] == '<'))
            k--;
        if ((k > i && l[k - 1] == ':') ||
            (k >= i + 3 && memcmp(l + k - 3, "\xef\xbc\x9a", 3) == 0)) {
            *s += i;
            *e += i;
            return 1;
        }
    }
    if (*s > 1 && !(l[i] == '<' && *s == 1) && !(l[i] == '"' && *s == 1)) {
        /* a label of a few words ending in ':' before <address> */
        size_t a = i + *s;
        if (a >= 2 && l[a - 1] == '<' && *s <= 48) {
            size_t k = a - 1;
            while (k > i && l[k - 1] == ' ')
                k--;
            /* several words: "To: <a@b>" is a header, not a notice */
            /* "Original Sender: <a@b>" names who sent, not who failed */
            if (k > i && l[k - 1] == ':' && !memchr(l + i, '@', *s - 1) &&
                memchr(l + i, ' ', k - 1 - i) && !contains_ci(l + i, k - i, "sender")) {
                *s += i;
                *e += i;
                return 1;
            }
        }
        return 0;
    }
    *s += i;
    *e += i;
    return coded ? 2 : 1;
}

typedef struct line {
    const char *p;
    size_t n;
} line;

static size_t split_lines(const char *p, size_t n, line *out, size_t max)
{
    size_t i = 0, k = 0;
    while (i < n && k < max) {
        size_t e = i;
        while (e < n && p[e] != '\n')
            e++;
        out[k].p = p + i;
        out[k].n = e - i;
        k++;
        i = e + 1;
    }
    return k;
}

static int blank(const line *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        if (!isspace((unsigned char)l->p[i]))
            return 0;
    return 1;
}

/* 1 when the text holds an SMTP reply code ("550 ", "550-"). */
static int has_reply(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i + 3 < n; i++)
        if ((p[i] == '4' || p[i] == '5') && isdigit((unsigned char)p[i + 1]) &&
            isdigit((unsigned char)p[i + 2]) && (p[i + 3] == ' ' || p[i + 3] == '-') &&
            (i == 0 || !isalnum((unsigned char)p[i - 1])))
            return 1;
    return 0;
}

#define BLOCK_MAX_LINES 16
#define BLOCK_MAX_PARAGRAPHS 3

/* A line that ends in ':' (trailing space allowed): a list's heading. */
static int heading(const line *l)
{
    size_t n = l->n;
    while (n > 0 && isspace((unsigned char)l->p[n - 1]))
        n--;
    return n > 0 && l->p[n - 1] == ':';
}

/* Paragraphs that are the notice's boilerplate, not the reason. */
static const char *const boilerplate[] = {
    "please note that this is only a temporary failure report",
    "below is a copy of the original message",
    "you do not need to re-send",
    "this is a warning message only",
};

/* Whole lines that title a boilerplate paragraph. */
static const char *const boilerplate_titles[] = {
    "additional information",   /* MailMarshal's trailer of MTA names */
};

/* 1 when the paragraph after the blank line j is boilerplate. */
static int boilerplate_ahead(const line *L, size_t nl, size_t j)
{
    size_t q = j, lines = 0, k;
    while (q < nl && blank(&L[q]) && lines++ < BLOCK_MAX_LINES)
        q++;
    if (q >= nl)
        return 1;
    for (k = 0; k < LSC__COUNT(boilerplate); k++)
        if (contains_ci(L[q].p, L[q].n, boilerplate[k]))
            return 1;
    for (k = 0; k < LSC__COUNT(boilerplate_titles); k++) {
        size_t n = L[q].n, t = strlen(boilerplate_titles[k]);
        while (n > 0 && isspace((unsigned char)L[q].p[n - 1]))
            n--;
        if (n == t && lsc__ncasecmp(L[q].p, boilerplate_titles[k], t) == 0)
            return 1;
    }
    return 0;
}

/* The diagnostic of the address on line k: the rest of that line and the
 * lines that follow, up to the next address line; a blank line ends it
 * once it holds a reply code (the providers put the server's answer a
 * paragraph or two below the address) or after BLOCK_MAX_PARAGRAPHS. */
static char *block_after(lsc__arena *ar, const line *L, size_t nl, size_t k,
                         size_t from, const char *addr, size_t alen)
{
    lsc__buf b;
    size_t j, s, e, paragraphs = 1;
    lsc__buf_init(&b, ar);
    /* what closes the address ("<a@b>: ", "a@b ... ") is not the reason */
    while (from < L[k].n && (L[k].p[from] == '>' || L[k].p[from] == ':' ||
                             L[k].p[from] == ' ' || L[k].p[from] == '\t'))
        from++;
    lsc__buf_append(&b, L[k].p + from, L[k].n - from);
    for (j = k + 1; j < nl && j < k + BLOCK_MAX_LINES; j++) {
        if (blank(&L[j])) {
            /* boilerplate ends it even when nothing was said yet: the
             * reason is then above the address */
            if ((b.len >= 16 && (has_reply(b.p, b.len) ||
                                 paragraphs >= BLOCK_MAX_PARAGRAPHS)) ||
                boilerplate_ahead(L, nl, j))
                break;
            if (j > k + 1 && !blank(&L[j - 1]))
                paragraphs++;
            continue;
        }
        /* another recipient's line ends it; the same address again
         * ("550 5.1.1 <a@b>... User unknown") is part of it */
        if (starts_with_addr(L[j].p, L[j].n, &s, &e) &&
            !(e - s == alen && lsc__ncasecmp(L[j].p + s, addr, alen) == 0))
            break;
        lsc__buf_putc(&b, ' ');
        lsc__buf_append(&b, L[j].p, L[j].n);
    }
    {
        /* nothing said after the address ("<a@b>" alone at the end): the
         * reason is in the paragraph above it (EZweb, some webmails) */
        size_t i, alnum = 0;
        for (i = 0; i < b.len; i++)
            alnum += isalnum((unsigned char)b.p[i]) != 0;
        if (alnum < 4 && k > 0) {
            /* a paragraph at a time, up to one with a reply code ("550
             * 5.1.1 User unknown" above "The following recipients were
             * affected:", as MailMarshal writes) */
            size_t q = k, up, top = k;
            int stop = 0;
            for (up = 0; up < BLOCK_MAX_PARAGRAPHS && !stop && q > 0; up++) {
                size_t end;
                while (q > 0 && blank(&L[q - 1]) && k - q < BLOCK_MAX_LINES)
                    q--;
                end = q;
                while (q > 0 && !blank(&L[q - 1]) && k - q < BLOCK_MAX_LINES) {
                    q--;
                    if (starts_with_addr(L[q].p, L[q].n, &s, &e)) {
                        q++;
                        stop = 1;
                        break;
                    }
                }
                if (q == end)
                    break;
                top = q;
                if (!stop && !heading(&L[end - 1]))
                    stop = 1;   /* it says more than a heading: the reason */
                for (; end > q && !stop; end--)
                    if (has_reply(L[end - 1].p, L[end - 1].n))
                        stop = 1;
            }
            q = top;
            for (; q < k; q++) {
                lsc__buf_putc(&b, ' ');
                lsc__buf_append(&b, L[q].p, L[q].n);
            }
        }
    }
    if (b.failed)
        return NULL;
    return lsc__bin_squeeze(ar, b.p ? b.p : "", b.len);
}

#define MAX_NOTICE_LINES LSC__BOUNCE_MAX_LINES

/* 1 when the s bytes before an address are a label of several words that
 * ends in ':' ("User's mailbox is full: <a@b>"), not bullets or space. */
static int labelled(const char *l, size_t s)
{
    size_t k = s, i, words = 0;
    while (k > 0 && (l[k - 1] == ' ' || l[k - 1] == '<'))
        k--;
    if (k == 0 || l[k - 1] != ':')
        return 0;
    for (i = 0; i + 1 < k; i++)
        if (l[i] != ' ' && l[i + 1] == ' ')
            words++;
    return words >= 2;
}

static int scan(lsc__bin *b, int fill_only)
{
    line *L;
    size_t nl, k, found = 0;
    L = lsc__arena_alloc(b->ar, sizeof *L * MAX_NOTICE_LINES);
    if (!L)
        return LSC_ENOMEM;
    nl = split_lines(b->notice, b->notice_len, L, MAX_NOTICE_LINES);
    for (k = 0; k < nl; k++) {
        size_t s, e;
        lsc__brcpt *r = NULL;
        int fresh = 0, full = 0, how;
        if (!(how = starts_with_addr(L[k].p, L[k].n, &s, &e)))
            continue;
        if (system_address(b, L[k].p + s, e - s, 0))
            continue;
        if (fill_only) {
            size_t i;
            for (i = 0; i < b->rcpts.n; i++) {
                lsc__brcpt *q = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, i);
                if (strlen(q->addr) == e - s && lsc__ncasecmp(q->addr, L[k].p + s, e - s) == 0)
                    r = q;
            }
            if (!r)
                continue;
        } else {
            r = lsc__bin_rcpt(b, L[k].p + s, e - s, &fresh, &full);
            if (!r) {
                if (full)
                    break;
                return LSC_ENOMEM;
            }
        }
        {
            /* "550 5.1.1 <a@b>... User unknown": the code belongs to it */
            char *blk = block_after(b->ar, L, nl, k, how == 2 ? 0 : e,
                                    L[k].p + s, e - s);
            const char *cmd;
            if (!blk)
                return LSC_ENOMEM;
            if (how == 1 && labelled(L[k].p, s)) {
                /* "User's mailbox is full: <a@b>": the label is the reason */
                blk = lsc__arena_printf(b->ar, "%.*s %s", (int)s, L[k].p, blk);
                if (!blk)
                    return LSC_ENOMEM;
            }
            cmd = lsc__bounce_command(blk, strlen(blk));
            if (!r->command[0] && cmd[0])
                snprintf(r->command, sizeof r->command, "%s", cmd);
            if (fill_only == 2 && blk[0] && !r->text_read) {
                /* this MTA's text says it better than its DSN */
                r->diag = blk;
                r->status[0] = '\0';
                r->text_read = 1;
            } else if (!r->diag[0] || (fresh && strlen(blk) > strlen(r->diag)))
                r->diag = blk;
            else if (fill_only && strlen(blk) > strlen(r->diag) && strstr(blk, r->diag))
                r->diag = blk;   /* the notice says the same, and more */
            else if (!fill_only && strlen(blk) > 0 && !strstr(r->diag, blk) &&
                     strlen(r->diag) + strlen(blk) < LSC__BOUNCE_MAX_DIAG) {
                char *both = lsc__arena_printf(b->ar, "%s %s", r->diag, blk);
                if (!both)
                    return LSC_ENOMEM;
                r->diag = both;
            }
        }
        found++;
    }
    return (int)LSC__MIN(found, (size_t)1);
}

/* The command is often only in the notice ("in reply to RCPT TO"). */
static void commands_from_notice(lsc__bin *b)
{
    size_t i;
    for (i = 0; i < b->rcpts.n; i++) {
        lsc__brcpt *r = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, i);
        if (!r->command[0]) {
            const char *c = lsc__bounce_command(b->notice, b->notice_len);
            snprintf(r->command, sizeof r->command, "%s", c);
        }
        /* Postfix: a server that would not even talk refused the greeting */
        if (!r->command[0] && strstr(r->diag, "refused to talk to me:"))
            snprintf(r->command, sizeof r->command, "HELO");
    }
}

/* MTAs whose own text, not their delivery-status part, is the reference
 * (OpenSMTPD reports "Envelope expired" with a DSN status of 4.4.7). */
static const char *const text_first[] = {"opensmtpd"};

int lsc__bounce_mta_fill(lsc__bin *b)
{
    int bounce;
    const char *f = signature_of(b, &bounce);
    size_t i;
    int rc, mode = 1;
    if (f)
        b->format = f;
    for (i = 0; i < LSC__COUNT(text_first); i++)
        if (strcmp(text_first[i], b->format) == 0)
            mode = 2;
    rc = lsc__bounce_whole_reply(b);
    if (rc < 0)
        return rc;
    rc = scan(b, mode);
    if (rc < 0)
        return rc;
    rc = lsc__bounce_paragraph_naming(b);
    if (rc < 0)
        return rc;
    commands_from_notice(b);
    return 0;
}

/* X-Failed-Recipients (Exim, Google): the recipients, named by the MTA. */
static int failed_header(lsc__bin *b)
{
    const lsc__header *h = lsc__msg_header(b->msg, "X-Failed-Recipients");
    const char *p;
    size_t n, i = 0, s, e, k;
    if (!h)
        return 0;
    p = h->value;
    n = h->value_len;
    for (k = 0; k < LSC__BOUNCE_MAX_RCPTS && i < n; k++) {
        int fresh, full;
        if (!lsc__bin_find_addr(p + i, n - i, &s, &e))
            break;
        if (!lsc__bin_rcpt(b, p + i + s, e - s, &fresh, &full))
            return full ? 0 : LSC_ENOMEM;
        i += e;
    }
    return 0;
}

/* Recipients still without a diagnostic get the notice's first lines. */
static int notice_diag(lsc__bin *b)
{
    size_t i;
    for (i = 0; i < b->rcpts.n; i++) {
        lsc__brcpt *r = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, i);
        if (r->diag[0])
            continue;
        r->diag = lsc__bin_squeeze(b->ar, b->notice,
                                   LSC__MIN(b->notice_len, (size_t)LSC__BOUNCE_MAX_DIAG));
        if (!r->diag)
            return LSC_ENOMEM;
    }
    return 0;
}

int lsc__bounce_mta(lsc__bin *b)
{
    int bounce, rc;
    const char *f = signature_of(b, &bounce);
    /* a header or a provider's name alone does not make a bounce */
    if (!bounce)
        return 0;
    b->format = f ? f : "mailer-daemon";
    rc = failed_header(b);
    if (rc < 0)
        return rc;
    rc = scan(b, b->rcpts.n > 0);
    if (rc < 0)
        return rc;
    rc = notice_diag(b);
    if (rc < 0)
        return rc;
    if (b->rcpts.n == 0 && b->orig_headers_len) {
        /* the notice names nobody: the returned original's To */
        const char *h = b->orig_headers;
        size_t k, n = LSC__MIN(b->orig_headers_len, (size_t)LSC__BOUNCE_MAX_SCAN);
        for (k = 0; k + 3 < n; k++) {
            size_t e2 = k, s2, e3;
            int fresh, full;
            if (!((k == 0 || h[k - 1] == '\n') && lsc__ncasecmp(h + k, "To:", 3) == 0))
                continue;
            while (e2 < n && h[e2] != '\n')
                e2++;
            if (lsc__bin_find_addr(h + k, e2 - k, &s2, &e3)) {
                lsc__brcpt *r = lsc__bin_rcpt(b, h + k + s2, e3 - s2, &fresh, &full);
                if (!r)
                    return full ? 0 : LSC_ENOMEM;
            }
            break;
        }
        rc = notice_diag(b);
        if (rc < 0)
            return rc;
    }
    if (b->rcpts.n == 0) {
        /* any address in the notice that is not the sender's */
        size_t i = 0, s, e;
        while (i < b->notice_len) {
            int fresh, full;
            lsc__brcpt *r;
            if (!lsc__bin_find_addr(b->notice + i, b->notice_len - i, &s, &e))
                break;
            if (!system_address(b, b->notice + i + s, e - s, 1)) {
                r = lsc__bin_rcpt(b, b->notice + i + s, e - s, &fresh, &full);
                if (!r)
                    return full ? 0 : LSC_ENOMEM;
                r->diag = lsc__bin_squeeze(b->ar, b->notice,
                                           LSC__MIN(b->notice_len, (size_t)LSC__BOUNCE_MAX_DIAG));
                if (!r->diag)
                    return LSC_ENOMEM;
                break;
            }
            i += e;
        }
    }
    if (b->rcpts.n == 0)
        return 0;
    {
        commands_from_notice(b);
    }
    {
        size_t i, k;
        for (k = 0; k < LSC__COUNT(format_reasons); k++) {
            if (strcmp(format_reasons[k].format, b->format) != 0)
                continue;
            for (i = 0; i < b->rcpts.n; i++)
                LSC__VEC_AT(&b->rcpts, lsc__brcpt, i).reason = format_reasons[k].reason;
        }
        for (k = 0; k < LSC__COUNT(header_reasons); k++) {
            if (strcmp(header_reasons[k].format, b->format) != 0 ||
                !header_has(b, header_reasons[k].header))
                continue;
            for (i = 0; i < b->rcpts.n; i++)
                LSC__VEC_AT(&b->rcpts, lsc__brcpt, i).reason = header_reasons[k].reason;
        }
    }
    b->kind = LSC_BOUNCE_FAILURE;
    return 1;
}
