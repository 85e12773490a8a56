/*
 * bounce_mta_reason.c - the reasons an MTA's own words and codes name.
 *
 * Takes: the gathered bounce (bounce.h) and its diagnostic text in lower
 * case.  Gives: the reason a row per (MTA, phrase) names, the reason of
 * an MTA's own enhanced status codes (Microsoft 365 / Exchange), and the
 * settling of Exim's pseudo status.  Rows of one MTA hold only for
 * bounces read as that MTA's (bounce_mta.c decides which).
 */
#include <stdio.h>

#include "bounce/bounce.h"

#define R(x) LSC_REASON_##x

/* ---- per-MTA phrases -> reason ---- */

typedef struct mta_phrase {
    const char *format;   /* NULL: any format */
    const char *phrase;   /* lower case */
    int reason;
} mta_phrase;

static const mta_phrase mta_phrases[] = {
    /* the MTAs' own messages (Sisimai's per-MTA tables) */
    {"biglobe", "mail delivery failed... user unknown", R(FILTERED)},
    {"biglobe", "the number of messages in recipient's mailbox exceeded the local limit.", R(MAILBOXFULL)},
    {"courier", "no such domain.", R(HOSTUNKNOWN)},
    {"courier", "this domain's dns violates rfc 1035.", R(SYSTEMERROR)},
    {"courier", "dns lookup failed.", R(NETWORKERROR)},
    {"domino", "cannot route mail to user", R(FILTERED)},
    {"domino", "several matches found in domino directory", R(SYSTEMERROR)},
    {"domino", "not listed in domino directory", R(USERUNKNOWN)},
    {"domino", "not listed in public name & address book", R(USERUNKNOWN)},
    {"domino", "no se encuentra en el directorio de domino", R(USERUNKNOWN)},
    {"domino", "non répertorié dans l'annuaire domino", R(USERUNKNOWN)},
    {"domino", "domino ディレクトリには見つかりません", R(USERUNKNOWN)},
    {"dragonfly", "could not deliver for the last ", R(EXPIRED)},
    {"dragonfly", "dns lookup failure: host ", R(HOSTUNKNOWN)},
    {"einsundeins", "mail size limit exceeded", R(MESGTOOBIG)},
    {"exchange2003", "000c05a6", R(USERUNKNOWN)},
    {"exchange2003", "000c0595", R(FILTERED)},
    {"exchange2003", "00010256", R(SYSTEMERROR)},
    {"exchange2003", "000d06b5", R(SYSTEMERROR)},
    {"exchange2003", "00120270", R(NETWORKERROR)},
    {"exchange2003", "00050311", R(CONTENTERROR)},
    {"exchange2003", "000502cc", R(CONTENTERROR)},
    {"exchange2003", "000b0981", R(SECURITYERROR)},
    {"exchange2003", "000b099c", R(ONHOLD)},
    {"exchange2003", "000b09aa", R(ONHOLD)},
    {"exchange2003", "000b09b6", R(ONHOLD)},
    {"exim", "user not found", R(USERUNKNOWN)},
    {"exim", "all host address lookups failed permanently", R(HOSTUNKNOWN)},
    {"exim", "all relevant mx records point to non-existent hosts", R(HOSTUNKNOWN)},
    {"exim", "unrouteable address", R(HOSTUNKNOWN)},
    {"exim", "mailbox is full", R(MAILBOXFULL)},
    {"exim", "error: quota exceed", R(MAILBOXFULL)},
    {"exim", "an mx or srv record indicated no smtp service", R(NOTACCEPT)},
    {"exim", "no host found for existing smtp connection", R(NOTACCEPT)},
    {"exim", "angle-brackets nested too deep", R(SYNTAXERROR)},
    {"exim", "expected word or \"<\"", R(SYNTAXERROR)},
    {"exim", "domain missing in source-routed address", R(SYNTAXERROR)},
    {"exim", "malformed address:", R(SYNTAXERROR)},
    {"exim", "delivery to file forbidden", R(SYSTEMERROR)},
    {"exim", "delivery to pipe forbidden", R(SYSTEMERROR)},
    {"exim", "local delivery failed", R(SYSTEMERROR)},
    {"exim", "lmtp error after ", R(SYSTEMERROR)},
    {"exim", "too many \"received\" headers", R(CONTENTERROR)},
    {"ezweb", "your message was not delivered within ", R(EXPIRED)},
    {"ezweb", "the user(s) account is temporarily over quota", R(MAILBOXFULL)},
    {"ezweb", "each of the following recipients was rejected by a remote mail server", R(ONHOLD)},
    {"ezweb", "the user(s) account is disabled.", R(SUSPEND)},
    {"ezweb", "the user(s) account is temporarily limited.", R(SUSPEND)},
    {"fml", " are not member", R(REJECTED)},
    {"fml", "not member article from ", R(REJECTED)},
    {"fml", "reject mail ", R(REJECTED)},
    {"fml", "spam mail from a spammer is rejected", R(REJECTED)},
    {"fml", "fml system error message", R(SYSTEMERROR)},
    {"fml", "loop alert: ", R(SYSTEMERROR)},
    {"fml", "loop back warning: ", R(SYSTEMERROR)},
    {"fml", "warning: unix from loop", R(SYSTEMERROR)},
    {"fml", "security alert", R(SECURITYERROR)},
    {"fml", " header may cause mail loop", R(REJECTED)},
    {"fml", "reject mail from ", R(REJECTED)},
    {"fml", "reject spammers:", R(REJECTED)},
    {"fml", "you are not a member of this mailing list", R(REJECTED)},
    {"fml", " has detected a loop condition so that", R(SYSTEMERROR)},
    {"fml", "duplicated message-id", R(SYSTEMERROR)},
    {"fml", "loop back warning:", R(SYSTEMERROR)},
    {"fml", "security alert:", R(SECURITYERROR)},
    {"gmail", "dns error: could not contact dns servers", R(EXPIRED)},
    {"gmail", "delivery to the following recipient has been delayed", R(EXPIRED)},
    {"gmail", "the recipient server did not accept our requests to connect", R(EXPIRED)},
    {"gmail", "dns error: domain name not found", R(HOSTUNKNOWN)},
    {"gmail", "dns error: dns server returned answer with no data", R(HOSTUNKNOWN)},
    {"gmx", "delivery retry timeout exceeded", R(EXPIRED)},
    {"googleworkspace", " had no relevant answers.", R(NETWORKERROR)},
    {"googleworkspace", " responded with code nxdomain", R(NETWORKERROR)},
    {"googleworkspace", "because the address couldn't be found. check for typos or unnecessary spaces and try again.", R(USERUNKNOWN)},
    {"imailserver", "unknown host", R(HOSTUNKNOWN)},
    {"imailserver", "unknown user", R(USERUNKNOWN)},
    {"imailserver", "invalid final delivery userid", R(USERUNKNOWN)},
    {"imailserver", "user mailbox exceeds allowed size", R(MAILBOXFULL)},
    {"imailserver", "requested action not taken: virus detected", R(VIRUSDETECTED)},
    {"imailserver", "blacklisted url in message", R(SPAMDETECTED)},
    {"imailserver", "delivery failed ", R(EXPIRED)},
    {"kddi", "as their mailbox is full", R(MAILBOXFULL)},
    {"kddi", "due to the following smtp relay error", R(NORELAYING)},
    {"kddi", "as the remote domain doesnt exist", R(HOSTUNKNOWN)},
    {"messagingserver", "illegal host/domain name found", R(HOSTUNKNOWN)},
    {"notes", "message has exceeded maximum hop count", R(NETWORKERROR)},
    {"notes", "user not listed in public name & address book", R(USERUNKNOWN)},
    {"notes", "ディレクトリのリストにありません", R(USERUNKNOWN)},
    {"opensmtpd", "envelope expired", R(EXPIRED)},
    {"opensmtpd", "could not retrieve credentials", R(SECURITYERROR)},
    {"opensmtpd", "invalid domain name", R(HOSTUNKNOWN)},
    {"opensmtpd", "domain does not exist", R(HOSTUNKNOWN)},
    {"opensmtpd", "address family mismatch on destination mxs", R(NETWORKERROR)},
    {"opensmtpd", "all routes to destination blocked", R(NETWORKERROR)},
    {"opensmtpd", "bad dns lookup error code", R(NETWORKERROR)},
    {"opensmtpd", "could not retrieve source address", R(NETWORKERROR)},
    {"opensmtpd", "loop detected", R(NETWORKERROR)},
    {"opensmtpd", "network error on destination mxs", R(NETWORKERROR)},
    {"opensmtpd", "no valid route to remote mx", R(NETWORKERROR)},
    {"opensmtpd", "no valid route to destination", R(NETWORKERROR)},
    {"opensmtpd", "temporary failure in mx lookup", R(NETWORKERROR)},
    {"opensmtpd", "destination seem to reject all mails", R(NOTACCEPT)},
    {"opensmtpd", "no mx found for domain", R(NOTACCEPT)},
    {"opensmtpd", "no mx found for destination", R(NOTACCEPT)},
    {"qmail", "the message exeeded the maximum size the user accepts", R(EXCEEDLIMIT)},
    {"qmail", "mailaddress is administrativly disabled", R(SUSPEND)},
    {"qmail", "mailaddress is administrativley disabled", R(SUSPEND)},
    {"qmail", "mailaddress is administratively disabled", R(SUSPEND)},
    {"qmail", "mailaddress is administrativeley disabled", R(SUSPEND)},
    {"qmail", "automatic homedir creator crashed", R(SYSTEMERROR)},
    {"qmail", "illegal value in ldap attribute", R(SYSTEMERROR)},
    {"qmail", "ldap attribute is not given but mandatory", R(SYSTEMERROR)},
    {"qmail", "timeout while performing search on ldap server", R(SYSTEMERROR)},
    {"qmail", "too many results returned but needs to be unique", R(SYSTEMERROR)},
    {"qmail", "permanent error while executing qmail-forward", R(SYSTEMERROR)},
    {"qmail", "temporary error in automatic homedir creation", R(SYSTEMERROR)},
    {"qmail", "temporary error while executing qmail-forward", R(SYSTEMERROR)},
    {"qmail", "temporary failure in ldap lookup", R(SYSTEMERROR)},
    {"qmail", "unable to contact ldap server", R(SYSTEMERROR)},
    {"qmail", "unable to login into ldap server, bad credentials", R(SYSTEMERROR)},
    {"qmail", "sorry, no mailbox here by that name", R(USERUNKNOWN)},
    {"qmail", "sorry, i couldn't find any host ", R(HOSTUNKNOWN)},
    {"qmail", "disk quota exceeded", R(MAILBOXFULL)},
    {"qmail", "message size exceeds fixed maximum message size:", R(MESGTOOBIG)},
    {"qmail", "sorry, i wasn't able to establish an smtp connection", R(NETWORKERROR)},
    {"qmail", "sorry. although i'm listed as a best-preference mx or a for that host", R(NETWORKERROR)},
    {"qmail", "sorry, i couldn't find a mail exchanger or ip address", R(NOTACCEPT)},
    {"qmail", "bad interpreter: no such file or directory", R(SYSTEMERROR)},
    {"qmail", "system error", R(SYSTEMERROR)},
    {"qmail", "unable to", R(SYSTEMERROR)},
    {"qmail", "requested action not taken: mailbox unavailable (not enough free space)", R(SYSTEMFULL)},
    {"qmail", "no mailbox here by that name", R(USERUNKNOWN)},
    {"verizon", "550 - requested action not taken: no such user here", R(USERUNKNOWN)},
    {"verizon", "no valid recipients", R(USERUNKNOWN)},
    {"zoho", "host not reachable", R(EXPIRED)},
    {"qmail", "but my name was rejected", R(BLOCKED)},
    /* Trend Micro InterScan and Mimecast name the failed address only */
    {"interscanmss", "unable to deliver message to", R(USERUNKNOWN)},
    {"mimecast", "unable to relay recipient", R(NORELAYING)},
    {"mimecast", "recipient email address is possibly incorrect", R(USERUNKNOWN)},
    /* Exim's words for a message it gave up on */
    {"exim", "retry timeout exceeded", R(EXPIRED)},
    {"exim", "no action is required on your part", R(EXPIRED)},
    /* Chinese providers */
    {NULL, "收件人不存在", R(USERUNKNOWN)},
    {NULL, "用户不存在", R(USERUNKNOWN)},
    {NULL, "邮箱不存在", R(USERUNKNOWN)},
    {NULL, "地址不存在", R(USERUNKNOWN)},
    {NULL, "邮箱已满", R(MAILBOXFULL)},
    {NULL, "空间不足", R(MAILBOXFULL)},
    {NULL, "容量超过", R(MAILBOXFULL)},
    {NULL, "垃圾邮件", R(SPAMDETECTED)},
    {NULL, "域名不存在", R(HOSTUNKNOWN)},
    {NULL, "邮件过大", R(MESGTOOBIG)},
    {NULL, "被拒收", R(REJECTED)},
    /* Japanese */
    {NULL, "宛先不明", R(USERUNKNOWN)},
    {NULL, "存在しないアドレス", R(USERUNKNOWN)},
    {NULL, "容量オーバー", R(MAILBOXFULL)},
    /* German */
    {NULL, "unbekannter empfänger", R(USERUNKNOWN)},
    {NULL, "postfach ist voll", R(MAILBOXFULL)},
};

void lsc__bounce_mta_settle(const lsc__bin *b, lsc__brcpt *r)
{
    char cs[16], cv[16];
    int temp;
    if (strcmp(b->format, "exim") != 0 || r->status[0])
        return;
    /* Exim: refused at HELO is a block; at MAIL FROM, about the sender
     * (decided again later); its pseudo status follows that first guess */
    if (strcmp(r->command, "EHLO") == 0 || strcmp(r->command, "HELO") == 0)
        r->reason = R(BLOCKED);
    else if (strcmp(r->command, "MAIL") == 0 && r->reason < 0)
        r->reason = R(ONHOLD);
    if (!lsc__status_find(r->diag, cs))
        cs[0] = '\0';
    temp = r->reply / 100 == 4 || r->reason == R(EXPIRED) ||
           r->reason == R(MAILBOXFULL);
    snprintf(cv, sizeof cv, "%s",
             r->reason >= 0 ? lsc__status_for_reason(r->reason, temp) : "");
    snprintf(r->status, sizeof r->status, "%s", cs);
    lsc__status_prefer(r->status, cv, r->reply);
}

int lsc__bounce_mta_temporary(const lsc__bin *b, int reason)
{
    /* Exim gives up on a full mailbox or an expiry after retrying: its
     * pseudo status is the temporary one */
    return strcmp(b->format, "exim") == 0 &&
           (reason == R(MAILBOXFULL) || reason == R(EXPIRED));
}

/* 1: an MTA's rows hold only for bounces read as that MTA's. */
#ifndef MTA_ROWS_STRICT
#define MTA_ROWS_STRICT 1
#endif

/* 1 when some row belongs to this format. */
static int format_known(const char *format)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(mta_phrases); i++)
        if (mta_phrases[i].format && strcmp(mta_phrases[i].format, format) == 0)
            return 1;
    return 0;
}

/* Microsoft 365 / Exchange Online: its own enhanced status codes mean one
 * reason each (the unambiguous ones). */
typedef struct mta_status {
    const char *format;
    const char *status;
    int reason;
} mta_status;

static const mta_status mta_statuses[] = {
    {"exchange", "5.1.10", R(USERUNKNOWN)}, {"office365", "5.1.10", R(USERUNKNOWN)},
    {"exchange", "5.4.312", R(NETWORKERROR)}, {"office365", "5.4.312", R(NETWORKERROR)},
    {"exchange", "4.4.312", R(NETWORKERROR)}, {"office365", "4.4.312", R(NETWORKERROR)},
    {"exchange", "5.4.316", R(EXPIRED)}, {"office365", "5.4.316", R(EXPIRED)},
    {"exchange", "4.4.316", R(EXPIRED)}, {"office365", "4.4.316", R(EXPIRED)},
    {"exchange", "5.7.509", R(AUTHFAILURE)}, {"office365", "5.7.509", R(AUTHFAILURE)},
    {"exchange", "5.7.508", R(TOOMANYCONN)}, {"office365", "5.7.508", R(TOOMANYCONN)},
    {"exchange", "5.6.11", R(CONTENTERROR)}, {"office365", "5.6.11", R(CONTENTERROR)},
};

int lsc__bounce_mta_status_reason(const lsc__bin *b, const char *status)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(mta_statuses); i++)
        if (strcmp(mta_statuses[i].format, b->format) == 0 &&
            strcmp(mta_statuses[i].status, status) == 0)
            return mta_statuses[i].reason;
    return -1;
}

/* MTAs that write the reason once for the whole notice, above the
 * addresses (Gmail's "has been delayed", EZweb's "not delivered within"):
 * their rows are also looked for in the notice's first bytes. */
static const char *const notice_wide[] = {"gmail", "ezweb"};
#define NOTICE_WIDE_BYTES 4096

static int mta_rows(const lsc__bin *b, const char *lower);

int lsc__bounce_mta_reason(const lsc__bin *b, const char *lower_diag)
{
    size_t i;
    int r = mta_rows(b, lower_diag);
    if (r >= 0)
        return r;
    for (i = 0; i < LSC__COUNT(notice_wide); i++)
        if (strcmp(notice_wide[i], b->format) == 0) {
            char low[NOTICE_WIDE_BYTES + 1];
            size_t n = LSC__MIN(b->notice_len, (size_t)NOTICE_WIDE_BYTES);
            memcpy(low, b->notice, n);
            low[n] = '\0';
            lsc__lower(low, n);
            return mta_rows(b, low);
        }
    return -1;
}

static int mta_rows(const lsc__bin *b, const char *lower_diag)
{
    size_t i;
    for (i = 0; i < LSC__COUNT(mta_phrases); i++) {
        const mta_phrase *m = &mta_phrases[i];
        /* rows of one MTA hold for it, and for text nobody claimed */
        if (m->format && strcmp(m->format, b->format) != 0 &&
            (MTA_ROWS_STRICT || format_known(b->format)))
            continue;
        if (strstr(lower_diag, m->phrase))
            return m->reason;
    }
    return -1;
}
