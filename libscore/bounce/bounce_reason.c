/*
 * bounce_reason.c - the reason class of one failed recipient.
 *
 * Takes: a recipient with its status, reply code, diagnostic, SMTP
 * command, action and a reason its MTA reader may have set.  Gives: the
 * reason class and hard/soft.  The decision follows the order Sisimai
 * uses (so results compare with it): a reason the reader was sure of
 * stands; then each class in turn asks whether the status or the phrases
 * point to it; then the phrases alone; then the status class (x.6 content,
 * x.7 security), the action (delayed -> expired); then vacation, onhold,
 * undefined.
 */
#include <ctype.h>
#include <stdio.h>

#include "bounce/bounce_phrases.h"

#define R(x) LSC_REASON_##x

/* Which reasons' phrases a text matches: one pass over the table. */
typedef struct matches {
    unsigned char hit[LSC_REASON_COUNT];
} matches;

static int piece_at(const char *t, const lsc__phrase *p)
{
    const char *at = t;
    size_t k;
    for (k = 0; k < 3 && p->piece[k]; k++) {
        const char *f = strstr(at, p->piece[k]);
        if (!f)
            return 0;
        at = f + strlen(p->piece[k]);
    }
    return 1;
}

static void match_all(const char *lower, matches *m)
{
    unsigned char veto[LSC_REASON_COUNT];
    size_t i;
    memset(m, 0, sizeof *m);
    memset(veto, 0, sizeof veto);
    if (!lower[0])
        return;
    for (i = 0; i < lsc__bounce_n_phrases; i++) {
        const lsc__phrase *p = &lsc__bounce_phrases[i];
        if (m->hit[p->reason] && !p->negate)
            continue;
        if (piece_at(lower, p)) {
            if (p->negate)
                veto[p->reason] = 1;
            else
                m->hit[p->reason] = 1;
        }
    }
    for (i = 0; i < LSC_REASON_COUNT; i++)
        if (veto[i])
            m->hit[i] = 0;
}

int lsc__reason_is(int reason, const char *lower)
{
    matches m;
    match_all(lower, &m);
    return reason >= 0 && reason < LSC_REASON_COUNT && m.hit[reason];
}

/* The order in which phrases alone decide (Sisimai's "match"). */
static const int order_text[] = {
    R(MAILBOXFULL), R(MESGTOOBIG), R(EXCEEDLIMIT), R(SUSPEND), R(USERUNKNOWN),
    R(FILTERED), R(REJECTED), R(HOSTUNKNOWN), R(SPAMDETECTED), R(SPEEDING),
    R(TOOMANYCONN), R(BLOCKED), R(AUTHFAILURE), R(SECURITYERROR),
    R(SYSTEMERROR), R(NETWORKERROR), R(EXPIRED), R(CONTENTERROR),
    R(HASMOVED), R(SYSTEMFULL), R(NOTACCEPT), R(MAILERERROR), R(NORELAYING),
};

int lsc__reason_match(const char *lower)
{
    matches m;
    size_t i;
    match_all(lower, &m);
    for (i = 0; i < LSC__COUNT(order_text); i++)
        if (m.hit[order_text[i]])
            return order_text[i];
    return -1;
}

/* ---- the first pass: status, command and phrases together ---- */

typedef struct facts {
    const lsc__brcpt *r;
    int preset;            /* reason the reader set, or -1 */
    int named;             /* reason the status names, or -1 */
    const char *cmd;
    matches m;
} facts;

static int cmd_is(const facts *f, const char *a)
{
    return strcmp(f->cmd, a) == 0;
}

static int early_cmd(const facts *f)
{
    return cmd_is(f, "CONN") || cmd_is(f, "EHLO") || cmd_is(f, "HELO") ||
           cmd_is(f, "MAIL") || cmd_is(f, "RCPT");
}

static int has_status(const facts *f)
{
    return f->r->status[0] != '\0';
}

/* Does this reason hold?  (Sisimai's probe of each class, as facts.) */
static int holds(const facts *f, int reason)
{
    const matches *m = &f->m;
    int reply = f->r->reply;
    if (f->preset == reason)
        return 1;
    switch (reason) {
    case R(MAILBOXFULL):
    case R(EXCEEDLIMIT):
    case R(AUTHFAILURE):
    case R(REQUIREPTR):
    case R(BLOCKED):
    case R(TOOMANYCONN):
        return f->named == reason || m->hit[reason];
    case R(MESGTOOBIG):
        if (f->named == R(MESGTOOBIG))
            return 1;
        if (f->named == R(EXCEEDLIMIT) || strcmp(f->r->status, "5.2.3") == 0)
            return 0;
        return m->hit[reason];
    case R(SUSPEND):
        return reply == 525 || m->hit[reason];
    case R(HASMOVED):
    case R(BADREPUTATION):
    case R(NOTCOMPLIANTRFC):
    case R(SPEEDING):
        return m->hit[reason];
    case R(NORELAYING):
        if (f->preset == R(SECURITYERROR) || f->preset == R(SYSTEMERROR) ||
            f->preset == R(UNDEFINED))
            return 0;
        if (cmd_is(f, "CONN") || cmd_is(f, "EHLO") || cmd_is(f, "HELO"))
            return 0;
        return m->hit[reason];
    case R(USERUNKNOWN):
        if (f->named == R(SUSPEND))
            return 0;
        if (f->named == R(USERUNKNOWN))
            return !(m->hit[R(NORELAYING)] || m->hit[R(BLOCKED)] ||
                     m->hit[R(MAILBOXFULL)] || m->hit[R(HASMOVED)] ||
                     m->hit[R(REJECTED)] || m->hit[R(NOTACCEPT)]);
        return cmd_is(f, "RCPT") && m->hit[reason];
    case R(FILTERED):
        if (f->named == R(SUSPEND))
            return 0;
        if (f->named == R(FILTERED))
            return m->hit[R(USERUNKNOWN)] || m->hit[R(FILTERED)];
        if (early_cmd(f))
            return 0;
        return m->hit[R(FILTERED)] || m->hit[R(USERUNKNOWN)];
    case R(CONTENTERROR):
        if (holds(f, R(SPAMDETECTED)))
            return 0;
        return f->named == reason || m->hit[reason];
    case R(REJECTED):
        if (f->named == R(REJECTED))
            return 1;
        if (cmd_is(f, "MAIL"))
            return m->hit[reason];
        if (cmd_is(f, "DATA"))
            return f->named != R(USERUNKNOWN) && m->hit[reason];
        if (f->named == -1 || f->named == R(ONHOLD) ||
            f->named == R(UNDEFINED) || f->named == R(SECURITYERROR) ||
            f->named == R(SYSTEMERROR))
            return m->hit[reason];
        return 0;
    case R(HOSTUNKNOWN):
        if (f->named == R(HOSTUNKNOWN))
            return !m->hit[R(NETWORKERROR)];
        return m->hit[reason];
    case R(SPAMDETECTED):
        if (!has_status(f))
            return 0;
        if (f->named == R(SPAMDETECTED))
            return 1;
        if (early_cmd(f))
            return 0;
        return m->hit[reason];
    default:
        return 0;
    }
}

static const int order_first[] = {
    R(MAILBOXFULL), R(MESGTOOBIG), R(EXCEEDLIMIT), R(SUSPEND), R(HASMOVED),
    R(NORELAYING), R(AUTHFAILURE), R(USERUNKNOWN), R(FILTERED),
    R(REQUIREPTR), R(NOTCOMPLIANTRFC), R(BADREPUTATION), R(CONTENTERROR),
    R(REJECTED), R(HOSTUNKNOWN), R(SPAMDETECTED), R(SPEEDING),
    R(TOOMANYCONN), R(BLOCKED),
};

/* Phrases alone, when the status did not settle it. */
static const int order_second[] = {
    R(MAILBOXFULL), R(AUTHFAILURE), R(BADREPUTATION), R(SPEEDING),
    R(SPAMDETECTED), R(VIRUSDETECTED), R(POLICYVIOLATION), R(NORELAYING),
    R(SYSTEMERROR), R(NETWORKERROR), R(SUSPEND), R(CONTENTERROR),
    R(SYSTEMFULL), R(NOTACCEPT), R(EXPIRED), R(FAILEDSTARTTLS),
    R(SECURITYERROR), R(MAILERERROR),
};

/* Reasons a reader may have guessed and that deserve another look. */
static int retry(int reason)
{
    return reason == R(UNDEFINED) || reason == R(ONHOLD) ||
           reason == R(SYSTEMERROR) || reason == R(SECURITYERROR) ||
           reason == R(EXPIRED) || reason == R(NETWORKERROR) ||
           reason == R(HOSTUNKNOWN) || reason == R(USERUNKNOWN);
}

static int another(const facts *f)
{
    const lsc__brcpt *r = f->r;
    int reason = f->named;
    size_t i;
    if (f->preset >= 0 && f->preset != R(UNDEFINED) && f->preset != R(ONHOLD))
        return f->preset;
    if (!(reason < 0 || retry(reason) || strcmp(r->spec, "SMTP") == 0))
        return reason;
    for (i = 0; i < LSC__COUNT(order_second); i++)
        if (f->m.hit[order_second[i]])
            return order_second[i];
    if (reason >= 0)
        return reason;
    if (strncmp(r->status, "5.6", 3) == 0 || strncmp(r->status, "4.6", 3) == 0)
        return R(CONTENTERROR);
    if (strncmp(r->status, "5.7", 3) == 0 || strncmp(r->status, "4.7", 3) == 0)
        return R(SECURITYERROR);
    if (lsc__ncasecmp(r->spec, "X-UNIX", 6) == 0)
        return R(MAILERERROR);
    if ((r->reply > 400 && r->reply < 408) || (r->reply > 500 && r->reply < 508))
        return R(SYNTAXERROR);
    if (strncmp(r->action, "delayed", 7) == 0 ||
        strncmp(r->action, "expired", 7) == 0)
        return R(EXPIRED);
    if (cmd_is(f, "EHLO") || cmd_is(f, "HELO"))
        return R(BLOCKED);
    return -1;
}

static void lower_copy(char *dst, const char *src, size_t cap)
{
    size_t i;
    for (i = 0; src[i] && i + 1 < cap; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[i] = '\0';
}

static int decide(lsc__brcpt *r)
{
    facts f;
    char lower[LSC__BOUNCE_MAX_DIAG + 16];
    int reason = -1;
    size_t i;

    if (r->reason >= 0 && !retry(r->reason))
        return r->reason;
    lower_copy(lower, r->diag ? r->diag : "", sizeof lower);
    /* the receiving provider's own vocabulary comes first */
    reason = lsc__bounce_rhost(r, lower);
    if (reason >= 0)
        return reason;
    if (strncmp(r->status, "2.", 2) == 0)
        return R(DELIVERED);
    memset(&f, 0, sizeof f);
    f.r = r;
    f.preset = r->reason;
    f.named = lsc__status_reason(r->status);
    f.cmd = r->command;
    match_all(lower, &f.m);

    if (!r->spec[0] || strcmp(r->spec, "SMTP") == 0) {
        for (i = 0; i < LSC__COUNT(order_first); i++)
            if (holds(&f, order_first[i])) {
                reason = order_first[i];
                break;
            }
    }
    if (reason < 0 || reason == R(UNDEFINED)) {
        reason = another(&f);
        if (reason == R(UNDEFINED))
            reason = -1;
        if (reason < 0 && strncmp(r->action, "delayed", 7) == 0)
            reason = R(EXPIRED);
        if (reason >= 0)
            return reason;
        if (f.m.hit[R(VACATION)])
            return R(VACATION);
        return lower[0] ? R(ONHOLD) : R(UNDEFINED);
    }
    return reason;
}

void lsc__bounce_classify(lsc__brcpt *r, const char *rhost_hint)
{
    char both[LSC__BOUNCE_MAX_DIAG + 32];
    LSC__UNUSED(rhost_hint);
    r->reason = decide(r);
    /* hard: the address itself is wrong (Sisimai's rule) */
    switch (r->reason) {
    case R(USERUNKNOWN):
    case R(HOSTUNKNOWN):
    case R(HASMOVED):
        r->hard = 1;
        break;
    case R(NOTACCEPT):
        snprintf(both, sizeof both, "%s %s", r->status, r->diag ? r->diag : "");
        r->hard = strlen(both) < 4 ? 1
                  : lsc__text_permanent(both) ? 1
                  : !lsc__text_temporary(both);
        break;
    default:
        r->hard = 0;
    }
}
