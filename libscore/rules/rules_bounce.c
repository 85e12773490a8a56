/*
 * rules_bounce.c - rules about earlier bounces ("bounces" group).  They
 * fire only when lsc_score was given a history that has bounces recorded
 * (lsc_history_add_bounce).
 *
 * Takes: the draft's To/Cc/Bcc and the history's bounce store
 * (history/history_bounce.h).  Gives:
 *   RECIPIENT_BOUNCED          a recipient hard-bounced before (the address
 *                              or its domain does not exist, it moved):
 *                              evidence is the address, the date and the
 *                              reason
 *   RECIPIENT_SOFT_BOUNCED     a recipient soft-bounced (mailbox full, over
 *                              quota, delayed, ...) within the last 7 days
 *   SENDER_REJECTED_BY_DOMAIN  a recipient's domain refused this sender
 *                              for spam, reputation, authentication or a
 *                              block within the last 30 days: one finding
 *                              about the sender's setup, not the address
 *
 * Why these windows: a hard bounce does not heal (the history's own
 * max_age bounds it); a full mailbox is usually emptied within days, so a
 * soft bounce older than a week says little; reputation and
 * authentication problems are fixed or not within weeks.
 */
#include <stdio.h>
#include <time.h>

#include "rules/rules.h"
#include "history/history_bounce.h"
#include "mime/mime.h"

#define SOFT_WINDOW_SECONDS ((int64_t)7 * 24 * 3600)
#define SENDER_WINDOW_SECONDS ((int64_t)30 * 24 * 3600)
/* Recipients looked up per draft (To, Cc and Bcc together). */
#define BOUNCE_MAX_LOOKUPS 200

/* now - window, saturating: a clock at the far past must not overflow */
static int64_t since(const lsc__ctx *c, int64_t window)
{
    return c->now < INT64_MIN + window ? INT64_MIN : c->now - window;
}

static const char *day_of(lsc__ctx *c, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[32];
    if (!gmtime_r(&tt, &tm))
        return "?";
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return lsc__arena_strdup(c->ar, buf);
}

/* Evidence: the address where it stands in its header, else as text. */
static int point_at(lsc__ctx *c, lsc__hit *h, const lsc__address *a)
{
    const lsc__header *hd = a->header < c->msg->n_headers
                                ? &c->msg->headers[a->header] : NULL;
    size_t n = strlen(a->addr), i;
    int rc;
    if (hd && hd->value && hd->value_len >= n) {
        for (i = 0; i + n <= hd->value_len; i++)
            if (lsc__ncasecmp(hd->value + i, a->addr, n) == 0) {
                rc = lsc__evidence(c, h, LSC_WHERE_HEADER, 0, hd->name, i, i + n);
                return rc == LSC_ENOMEM ? rc : 0;
            }
    }
    rc = lsc__evidence_text(c, h, LSC_WHERE_MESSAGE, 0, a->addr, n);
    return rc == LSC_ENOMEM ? rc : 0;
}

typedef int (*visit_fn)(lsc__ctx *c, lsc__bounce_store *s,
                        const lsc__address *a, void *ud);

/* Every recipient of the draft, at most BOUNCE_MAX_LOOKUPS. */
static int each_recipient(lsc__ctx *c, visit_fn fn, void *ud)
{
    lsc__bounce_store *s = lsc__history_bounce_store(c->history);
    const lsc__vec *lists[3];
    size_t l, i, seen = 0;
    if (!s)
        return 0;
    lists[0] = &c->msg->to;
    lists[1] = &c->msg->cc;
    lists[2] = &c->msg->bcc;
    for (l = 0; l < 3; l++)
        for (i = 0; i < lists[l]->n && seen < BOUNCE_MAX_LOOKUPS; i++, seen++) {
            const lsc__address *a = &LSC__VEC_AT(lists[l], lsc__address, i);
            int rc;
            if (!a->addr || (a->flags & LSC__ADDR_INVALID))
                continue;
            rc = fn(c, s, a, ud);
            if (rc)
                return rc;
        }
    return 0;
}

/* The newest bounce of a's address that counts: hard ones at any time,
 * soft ones within window seconds and not dated far after "now".
 * 1 found (in *row), 0 none. */
static int bounce_of(lsc__ctx *c, lsc__bounce_store *s, const lsc__address *a,
                     int hard, int64_t window, lsc__bounce_row *row)
{
    if (lsc__bounce_find(s, a->addr, hard, window ? since(c, window) : 0,
                         row) != 1)
        return 0;
    if (window && c->now < INT64_MAX - 86400 && row->time > c->now + 86400)
        return 0;   /* a bounce dated far after "now" is no evidence */
    return 1;
}

static int hard_one(lsc__ctx *c, lsc__bounce_store *s, const lsc__address *a,
                    void *ud)
{
    lsc__bounce_row row;
    lsc__hit *h;
    LSC__UNUSED(ud);
    if (!bounce_of(c, s, a, 1, 0, &row))
        return 0;
    h = lsc__fire(c, 1.0, RECIPIENT_BOUNCED,
        a->addr, day_of(c, row.time), row.reason, row.status);
    return h ? point_at(c, h, a) : LSC_ENOMEM;
}

static int soft_one(lsc__ctx *c, lsc__bounce_store *s, const lsc__address *a,
                    void *ud)
{
    lsc__bounce_row row;
    lsc__hit *h;
    LSC__UNUSED(ud);
    if (!bounce_of(c, s, a, 0, SOFT_WINDOW_SECONDS, &row))
        return 0;
    h = lsc__fire(c, 1.0, RECIPIENT_SOFT_BOUNCED,
        a->addr, day_of(c, row.time), row.reason, row.status);
    return h ? point_at(c, h, a) : LSC_ENOMEM;
}

int lsc__rule_recipient_bounced(lsc__ctx *c)
{
    return each_recipient(c, hard_one, NULL);
}

int lsc__rule_recipient_soft_bounced(lsc__ctx *c)
{
    return each_recipient(c, soft_one, NULL);
}

static int sender_one(lsc__ctx *c, lsc__bounce_store *s,
                      const lsc__address *a, void *ud)
{
    lsc__bounce_row row;
    lsc__hit *h;
    int *fired = ud;
    if (*fired || !a->domain)
        return 0;
    if (lsc__bounce_find_sender_refusal(s, a->domain, since(c, SENDER_WINDOW_SECONDS),
                                        &row) != 1)
        return 0;
    *fired = 1;
    h = lsc__fire(c, 1.0, SENDER_REJECTED_BY_DOMAIN,
        a->domain, day_of(c, row.time), row.reason, row.status, row.address);
    if (!h)
        return LSC_ENOMEM;
    return point_at(c, h, a);
}

int lsc__rule_sender_rejected_by_domain(lsc__ctx *c)
{
    int fired = 0;
    return each_recipient(c, sender_one, &fired);
}
