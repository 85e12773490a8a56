/*
 * bounce_mta_diag.c - better diagnostics for recipients the notice scan
 * already found.
 *
 * Takes: the gathered bounce (bounce.h) after bounce_mta.c's scan.  Gives:
 * a recipient's diagnostic replaced by the whole remote reply of Sendmail's
 * transcript, and a diagnostic for a recipient that had none from the
 * paragraph of the notice that names it.
 */
#include <stdio.h>

#include "bounce/bounce.h"

/* Sendmail's transcript gives the remote reply whole ("<<< 550-5.7.1
 * ..." over several lines) where the DSN kept only its first line: a
 * diagnostic that starts the transcript's reply is replaced by it. */
int lsc__bounce_whole_reply(lsc__bin *b)
{
    lsc__buf t;
    size_t i = 0, lines = 0, k;
    const char *p = b->notice;
    char *tr;
    lsc__buf_init(&t, b->ar);
    while (i < b->notice_len && lines++ < LSC__BOUNCE_MAX_LINES) {
        size_t e = i;
        while (e < b->notice_len && p[e] != '\n')
            e++;
        if (e - i > 4 && memcmp(p + i, "<<< ", 4) == 0) {
            lsc__buf_append(&t, p + i + 4, e - i - 4);
            lsc__buf_putc(&t, ' ');
        }
        i = e + 1;
    }
    if (t.failed)
        return LSC_ENOMEM;
    if (!t.len)
        return 0;
    tr = lsc__bin_squeeze(b->ar, t.p, t.len);
    if (!tr)
        return LSC_ENOMEM;
    for (k = 0; k < b->rcpts.n; k++) {
        lsc__brcpt *r = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, k);
        char key[48];
        const char *at;
        size_t dl = strlen(r->diag);
        if (dl < 12 || dl > 40 * 1000)
            continue;
        snprintf(key, sizeof key, "%s", r->diag);
        at = strstr(tr, key);
        if (at && strlen(at) > dl)
            r->diag = (char *)at;
    }
    return 0;
}

/* A recipient still without a diagnostic takes the paragraph of the
 * notice that names it anywhere ("Your message wasn't delivered to a@b
 * because the address couldn't be found"). */
int lsc__bounce_paragraph_naming(lsc__bin *b)
{
    size_t k;
    for (k = 0; k < b->rcpts.n; k++) {
        lsc__brcpt *r = &LSC__VEC_AT(&b->rcpts, lsc__brcpt, k);
        const char *at, *s, *e, *end = b->notice + b->notice_len;
        if (r->diag[0] || !(at = strstr(b->notice, r->addr)))
            continue;
        for (s = at; s > b->notice && !(s[-1] == '\n' && s - 1 > b->notice && s[-2] == '\n'); s--)
            ;
        e = strstr(at, "\n\n");
        if (!e || e > end)
            e = end;
        r->diag = lsc__bin_squeeze(b->ar, s, (size_t)(e - s));
        if (!r->diag)
            return LSC_ENOMEM;
    }
    return 0;
}
