/*
 * bounce_code.c - codes in bounce text.
 *
 * Takes: diagnostic text and status fields.  Gives: the RFC 3463 enhanced
 * status (x.y.z) and the RFC 5321 reply code written in it, which of two
 * statuses to believe, the reason a standard status names, and the
 * pseudo status Sisimai gives a reason that came without one (5.0.9xx), so
 * that our figures are comparable with it.
 */
#include <stdio.h>

#include "bounce/bounce.h"

/* ---- enhanced status codes ---- */

static int isdig(int c)
{
    return c >= '0' && c <= '9';
}

/* Dotted quads are skipped: "192.0.2.1" must not read as "2.0.2". */
static int in_ipv4(const char *t, size_t i, size_t n)
{
    size_t a = i, dots = 0, j;
    while (a > 0 && (isdig((unsigned char)t[a - 1]) || t[a - 1] == '.'))
        a--;
    for (j = a; j < n && (isdig((unsigned char)t[j]) || t[j] == '.'); j++)
        if (t[j] == '.')
            dots++;
    return dots >= 3;
}

int lsc__status_find(const char *text, char *out)
{
    size_t n = strlen(text), i;
    char other[16] = "";
    out[0] = '\0';
    if (n > LSC__BOUNCE_MAX_SCAN)
        n = LSC__BOUNCE_MAX_SCAN;
    for (i = 0; i + 4 < n; i++) {
        const char *p = text + i;
        size_t k, d;
        int prev = i ? (unsigned char)text[i - 1] : ' ';
        if (!(p[0] == '5' || p[0] == '4' || p[0] == '2') || p[1] != '.')
            continue;
        if ((prev > 45 && prev < 58) || prev == 'v' || prev == 'V')
            continue;
        if (!(p[2] >= '0' && p[2] <= '7') || p[3] != '.' || !isdig((unsigned char)p[4]))
            continue;
        if (in_ipv4(text, i, n))
            continue;
        for (d = 0, k = 4; k < 7 && i + k < n && isdig((unsigned char)p[k]); k++)
            d++;
        if (d == 3 && i + 7 < n && isdig((unsigned char)p[7]))
            continue;
        {
            char buf[16];
            memcpy(buf, p, 4 + d);
            buf[4 + d] = '\0';
            if (strcmp(buf + 1, ".0.0") == 0 || strcmp(buf, "4.4.7") == 0) {
                if (!other[0])
                    memcpy(other, buf, 5 + d);
                continue;
            }
            memcpy(out, buf, 5 + d);
            return 1;
        }
    }
    if (other[0]) {
        strcpy(out, other);
        return 1;
    }
    return 0;
}

/* ---- reply codes, in the order Sisimai prefers them ---- */

static const int reply5[] = {550, 552, 553, 551, 521, 525, 502, 520, 523,
                             524, 530, 533, 534, 535, 538, 555, 556, 554,
                             557, 500, 501, 503, 504};
static const int reply4[] = {421, 450, 451, 452, 422, 430, 432, 453, 454,
                             455, 456, 458, 459};
static const int reply2[] = {211, 214, 220, 221, 235, 250, 251, 252, 253,
                             354};

static int reply_in(const char *t, size_t n, const int *codes, size_t nc)
{
    size_t k, i;
    for (k = 0; k < nc; k++) {
        char c[4];
        c[0] = (char)('0' + codes[k] / 100);
        c[1] = (char)('0' + codes[k] / 10 % 10);
        c[2] = (char)('0' + codes[k] % 10);
        for (i = 0; i + 3 <= n; i++) {
            int before, after;
            if (t[i] != c[0] || t[i + 1] != c[1] || t[i + 2] != c[2])
                continue;
            before = i ? (unsigned char)t[i - 1] : ' ';
            after = i + 3 < n ? (unsigned char)t[i + 3] : ' ';
            if ((before > 45 && before < 58) || (after > 45 && after < 58))
                continue;
            return codes[k];
        }
    }
    return 0;
}

int lsc__reply_find(const char *text, int cls)
{
    size_t n = strlen(text);
    int r = 0;
    if (n < 3)
        return 0;
    if (n > LSC__BOUNCE_MAX_SCAN)
        n = LSC__BOUNCE_MAX_SCAN;
    {
        /* "X-Unix; 67" is an exit status, not a reply */
        size_t i;
        for (i = 0; i + 7 <= n; i++)
            if (lsc__ncasecmp(text + i, "x-unix;", 7) == 0)
                return 0;
    }
    if (cls == '5' || !cls)
        r = reply_in(text, n, reply5, LSC__COUNT(reply5));
    if (!r && (cls == '4' || !cls))
        r = reply_in(text, n, reply4, LSC__COUNT(reply4));
    if (!r && (cls == '2' || !cls))
        r = reply_in(text, n, reply2, LSC__COUNT(reply2));
    return r;
}

/* ---- which status to believe ---- */

void lsc__status_prefer(char *field, const char *inmsg, int reply)
{
    int f, e, r;
    const char *z2f, *z2e, *z1f, *z1e;
    if (!inmsg || strlen(inmsg) < 5)
        return;
    if (strlen(field) < 5) {
        strcpy(field, inmsg);
        return;
    }
    f = field[0] - '0';
    e = inmsg[0] - '0';
    r = reply / 100;
    if (r > 0 && f != e) {
        if (r == f)
            return;
        if (r == e) {
            strcpy(field, inmsg);
            return;
        }
    }
    if (strcmp(field, inmsg) == 0)
        return;
    z1f = strstr(field, ".0");
    z1e = strstr(inmsg, ".0");
    z2f = strstr(field, ".0.0");
    z2e = strstr(inmsg, ".0.0");
    if (z2f) {
        if (!z2e)
            strcpy(field, inmsg);
        return;
    }
    if (z1f && !z1e) {
        strcpy(field, inmsg);
        return;
    }
    if (z2e)
        return;
    if (strcmp(field, "4.4.7") == 0 || strncmp(field, "5.3.", 4) == 0) {
        strcpy(field, inmsg);
        return;
    }
    if (strcmp(field, "5.1.1") == 0) {
        if (!z1e)
            strcpy(field, inmsg);
        return;
    }
    if (strcmp(field, "5.1.3") == 0 && strncmp(inmsg, "5.7.", 4) == 0)
        strcpy(field, inmsg);
}

/* ---- status -> reason (RFC 3463 and the registry of RFC 5248) ---- */

typedef struct code_reason {
    const char *code;
    int reason;
} code_reason;

/* The "other or undefined" x.4.0 and 4.5.0 name no reason: the phrases,
 * then Action: delayed (expired) decide, as in Sisimai's status table. */
static const code_reason standard[] = {
    {"2.1.5", LSC_REASON_DELIVERED},
    {"4.1.6", LSC_REASON_HASMOVED}, {"4.1.7", LSC_REASON_REJECTED},
    {"4.1.8", LSC_REASON_REJECTED}, {"4.1.9", LSC_REASON_SYSTEMERROR},
    {"4.2.1", LSC_REASON_BLOCKED}, {"4.2.2", LSC_REASON_MAILBOXFULL},
    {"4.2.3", LSC_REASON_EXCEEDLIMIT}, {"4.2.4", LSC_REASON_FILTERED},
    {"4.3.0", LSC_REASON_SYSTEMERROR}, {"4.3.1", LSC_REASON_SYSTEMFULL},
    {"4.3.2", LSC_REASON_NOTACCEPT}, {"4.3.3", LSC_REASON_SYSTEMERROR},
    {"4.3.5", LSC_REASON_SYSTEMERROR},
    {"4.4.1", LSC_REASON_EXPIRED}, {"4.4.2", LSC_REASON_NETWORKERROR},
    {"4.4.3", LSC_REASON_SYSTEMERROR}, {"4.4.4", LSC_REASON_NETWORKERROR},
    {"4.4.5", LSC_REASON_SYSTEMFULL}, {"4.4.6", LSC_REASON_NETWORKERROR},
    {"4.4.7", LSC_REASON_EXPIRED}, {"4.4.8", LSC_REASON_NETWORKERROR},
    {"4.5.3", LSC_REASON_SYSTEMERROR},
    {"4.5.5", LSC_REASON_SYSTEMERROR}, {"4.6.0", LSC_REASON_CONTENTERROR},
    {"4.6.2", LSC_REASON_CONTENTERROR}, {"4.6.5", LSC_REASON_CONTENTERROR},
    {"4.7.0", LSC_REASON_SECURITYERROR}, {"4.7.1", LSC_REASON_BLOCKED},
    {"4.7.2", LSC_REASON_BLOCKED}, {"4.7.5", LSC_REASON_SECURITYERROR},
    {"4.7.6", LSC_REASON_SECURITYERROR}, {"4.7.7", LSC_REASON_SECURITYERROR},
    {"4.7.12", LSC_REASON_SECURITYERROR},
    {"4.7.15", LSC_REASON_SECURITYERROR},
    {"4.7.16", LSC_REASON_MESGTOOBIG}, {"4.7.24", LSC_REASON_AUTHFAILURE},
    {"4.7.25", LSC_REASON_REQUIREPTR}, {"4.7.26", LSC_REASON_AUTHFAILURE},
    {"5.1.0", LSC_REASON_USERUNKNOWN}, {"5.1.1", LSC_REASON_USERUNKNOWN},
    {"5.1.2", LSC_REASON_HOSTUNKNOWN}, {"5.1.3", LSC_REASON_USERUNKNOWN},
    {"5.1.4", LSC_REASON_FILTERED}, {"5.1.6", LSC_REASON_HASMOVED},
    {"5.1.7", LSC_REASON_REJECTED}, {"5.1.8", LSC_REASON_REJECTED},
    {"5.1.9", LSC_REASON_SYSTEMERROR}, {"5.1.10", LSC_REASON_NOTACCEPT},
    {"5.2.0", LSC_REASON_FILTERED}, {"5.2.1", LSC_REASON_FILTERED},
    {"5.2.2", LSC_REASON_MAILBOXFULL}, {"5.2.3", LSC_REASON_EXCEEDLIMIT},
    {"5.2.4", LSC_REASON_FILTERED}, {"5.3.0", LSC_REASON_SYSTEMERROR},
    {"5.3.1", LSC_REASON_SYSTEMFULL}, {"5.3.2", LSC_REASON_NOTACCEPT},
    {"5.3.3", LSC_REASON_SYSTEMERROR}, {"5.3.4", LSC_REASON_MESGTOOBIG},
    {"5.3.5", LSC_REASON_SYSTEMERROR}, {"5.4.0", LSC_REASON_NETWORKERROR},
    {"5.4.3", LSC_REASON_SYSTEMERROR}, {"5.4.4", LSC_REASON_HOSTUNKNOWN},
    {"5.5.2", LSC_REASON_SYNTAXERROR}, {"5.5.3", LSC_REASON_TOOMANYCONN},
    {"5.5.4", LSC_REASON_SYSTEMERROR}, {"5.5.5", LSC_REASON_SYSTEMERROR},
    {"5.5.6", LSC_REASON_SYNTAXERROR}, {"5.6.0", LSC_REASON_CONTENTERROR},
    {"5.6.1", LSC_REASON_CONTENTERROR}, {"5.6.2", LSC_REASON_CONTENTERROR},
    {"5.6.3", LSC_REASON_CONTENTERROR}, {"5.6.5", LSC_REASON_CONTENTERROR},
    {"5.6.6", LSC_REASON_CONTENTERROR}, {"5.6.7", LSC_REASON_CONTENTERROR},
    {"5.6.8", LSC_REASON_CONTENTERROR}, {"5.6.9", LSC_REASON_CONTENTERROR},
    {"5.7.0", LSC_REASON_SECURITYERROR}, {"5.7.1", LSC_REASON_SECURITYERROR},
    {"5.7.2", LSC_REASON_SECURITYERROR}, {"5.7.3", LSC_REASON_SECURITYERROR},
    {"5.7.4", LSC_REASON_SECURITYERROR}, {"5.7.5", LSC_REASON_SECURITYERROR},
    {"5.7.6", LSC_REASON_SECURITYERROR}, {"5.7.7", LSC_REASON_SECURITYERROR},
    {"5.7.8", LSC_REASON_SECURITYERROR}, {"5.7.9", LSC_REASON_SECURITYERROR},
    {"5.7.10", LSC_REASON_SECURITYERROR},
    {"5.7.11", LSC_REASON_SECURITYERROR}, {"5.7.13", LSC_REASON_SUSPEND},
    {"5.7.14", LSC_REASON_SECURITYERROR},
    {"5.7.15", LSC_REASON_SECURITYERROR}, {"5.7.16", LSC_REASON_MESGTOOBIG},
    {"5.7.17", LSC_REASON_HASMOVED}, {"5.7.18", LSC_REASON_HASMOVED},
    {"5.7.19", LSC_REASON_SECURITYERROR}, {"5.7.20", LSC_REASON_AUTHFAILURE},
    {"5.7.21", LSC_REASON_AUTHFAILURE}, {"5.7.22", LSC_REASON_AUTHFAILURE},
    {"5.7.23", LSC_REASON_AUTHFAILURE}, {"5.7.24", LSC_REASON_AUTHFAILURE},
    {"5.7.25", LSC_REASON_REQUIREPTR}, {"5.7.26", LSC_REASON_AUTHFAILURE},
    {"5.7.27", LSC_REASON_NOTACCEPT}, {"5.7.28", LSC_REASON_SPAMDETECTED},
    {"5.7.29", LSC_REASON_AUTHFAILURE}, {"5.7.30", LSC_REASON_FAILEDSTARTTLS},
};

int lsc__status_reason(const char *status)
{
    size_t i;
    if (!status || !status[0])
        return -1;
    for (i = 0; i < LSC__COUNT(standard); i++)
        if (strcmp(standard[i].code, status) == 0)
            return standard[i].reason;
    return -1;
}

/* Sisimai's codes for a reason found without a status (x.0.9yy); no
 * temporary code where only a permanent one makes sense. */
typedef struct pseudo {
    int reason;
    const char *permanent, *temporary;
} pseudo;

static const pseudo pseudos[] = {
    {LSC_REASON_AUTHFAILURE, "5.0.926", "4.0.926"},
    {LSC_REASON_BADREPUTATION, "5.0.975", "4.0.975"},
    {LSC_REASON_BLOCKED, "5.0.971", "4.0.971"},
    {LSC_REASON_CONTENTERROR, "5.0.960", "4.0.960"},
    {LSC_REASON_EXCEEDLIMIT, "5.0.923", "4.0.923"},
    {LSC_REASON_EXPIRED, "5.0.947", "4.0.947"},
    {LSC_REASON_FAILEDSTARTTLS, "5.0.976", "4.0.976"},
    {LSC_REASON_FILTERED, "5.0.910", "4.0.910"},
    {LSC_REASON_HASMOVED, "5.0.916", NULL},
    {LSC_REASON_HOSTUNKNOWN, "5.0.912", NULL},
    {LSC_REASON_MAILBOXFULL, "5.0.922", "4.0.922"},
    {LSC_REASON_MAILERERROR, "5.0.939", "4.0.939"},
    {LSC_REASON_MESGTOOBIG, "5.0.934", "4.0.934"},
    {LSC_REASON_NETWORKERROR, "5.0.944", "4.0.944"},
    {LSC_REASON_NORELAYING, "5.0.909", "4.0.909"},
    {LSC_REASON_NOTACCEPT, "5.0.932", "4.0.932"},
    {LSC_REASON_NOTCOMPLIANTRFC, "5.0.974", "4.0.974"},
    {LSC_REASON_ONHOLD, "5.0.901", "4.0.901"},
    {LSC_REASON_POLICYVIOLATION, "5.0.972", "4.0.972"},
    {LSC_REASON_REJECTED, "5.0.918", "4.0.918"},
    {LSC_REASON_REQUIREPTR, "5.0.973", "4.0.973"},
    {LSC_REASON_SECURITYERROR, "5.0.970", "4.0.970"},
    {LSC_REASON_SPAMDETECTED, "5.0.980", "4.0.980"},
    {LSC_REASON_SPEEDING, "5.0.946", "4.0.946"},
    {LSC_REASON_SUSPEND, "5.0.921", "4.0.921"},
    {LSC_REASON_SYSTEMERROR, "5.0.930", "4.0.930"},
    {LSC_REASON_SYSTEMFULL, "5.0.931", "4.0.931"},
    {LSC_REASON_SYNTAXERROR, "5.0.902", "4.0.902"},
    {LSC_REASON_TOOMANYCONN, "5.0.945", "4.0.945"},
    {LSC_REASON_USERUNKNOWN, "5.0.911", NULL},
    {LSC_REASON_UNDEFINED, "5.0.900", "4.0.900"},
    {LSC_REASON_VIRUSDETECTED, "5.0.981", "4.0.981"},
};

const char *lsc__status_for_reason(int reason, int temporary)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(pseudos); i++)
        if (pseudos[i].reason == reason)
            return temporary && pseudos[i].temporary ? pseudos[i].temporary
                                                     : pseudos[i].permanent;
    return "";
}

/* ---- permanent or temporary, from the words ---- */

static int has_ci(const char *t, const char *w)
{
    size_t n = strlen(w), i;
    for (i = 0; t[i] && i < LSC__BOUNCE_MAX_SCAN; i++)
        if (lsc__ncasecmp(t + i, w, n) == 0)
            return 1;
    return 0;
}

/* The class digit of the first status, else of the first reply code. */
static int class_of(const char *text)
{
    char st[16];
    int r;
    if (lsc__status_find(text, st))
        return st[0];
    r = lsc__reply_find(text, 0);
    return r ? '0' + r / 100 : 0;
}

int lsc__text_permanent(const char *text)
{
    return class_of(text) == '5' || has_ci(text, " permanent ");
}

int lsc__text_temporary(const char *text)
{
    return class_of(text) == '4' || has_ci(text, " temporar") ||
           has_ci(text, " persistent");
}
