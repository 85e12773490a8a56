/*
 * bounce_history.c - lsc_history_add_bounce: a read bounce into the
 * history's bounce store.
 *
 * Takes: an lsc_history and an lsc_bounce.  Gives: one row per failed
 * recipient (address, time, reason, status, hard) written in one
 * transaction by the store (history/history_bounce.c).  It lives in the
 * bounce stage because it reads the bounce; the store below it only
 * knows rows.  Auto-replies, complaints, successes and vacation notices
 * are not bounces and write nothing.
 */
#include <string.h>
#include <time.h>

#include "bounce/bounce.h"
#include "history/history_bounce.h"
#include "history/history_int.h"

static void copy_field(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

int lsc_history_add_bounce(lsc_history *h, const lsc_bounce *b,
                           size_t *added, lsc_error *err)
{
    lsc__bounce_row *rows;
    size_t i, n, kept = 0;
    int64_t now = (int64_t)time(NULL);
    int rc;
    if (added)
        *added = 0;
    if (!h || !b)
        return lsc__error(err, LSC_EINVAL, "lsc_history_add_bounce",
                          "history or bounce is NULL");
    if (!lsc__history_bounce_store(h))
        return lsc__error(err, LSC_EINVAL, "lsc_history_add_bounce",
                          "this history is read-only");
    if (lsc_bounce_get_kind(b) != LSC_BOUNCE_FAILURE)
        return 0;
    n = lsc_bounce_recipient_count(b);   /* at most LSC__BOUNCE_MAX_RCPTS */
    if (n == 0)
        return 0;
    rows = lsc__calloc(&h->al, n, sizeof *rows);
    if (!rows)
        return lsc__error(err, LSC_ENOMEM, "lsc_history_add_bounce",
                          "out of memory");
    for (i = 0; i < n; i++) {
        lsc_bounce_reason why = lsc_bounce_get_reason(b, i);
        lsc__bounce_row *r = &rows[kept];
        int64_t t = lsc_bounce_time(b, i);
        if (why == LSC_REASON_DELIVERED || why == LSC_REASON_VACATION)
            continue;
        copy_field(r->address, sizeof r->address, lsc_bounce_address(b, i));
        copy_field(r->reason, sizeof r->reason, lsc_bounce_reason_name(why));
        copy_field(r->status, sizeof r->status, lsc_bounce_status(b, i));
        r->time = t ? t : now;
        r->hard = lsc_bounce_hard(b, i);
        kept++;
    }
    rc = lsc__bounce_store_add(lsc__history_bounce_store(h), rows, kept, err);
    lsc__free(&h->al, rows);
    if (rc == 0 && added)
        *added = kept;
    return rc;
}
