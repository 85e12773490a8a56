/*
 * bounce_rhost.c - what certain receiving providers mean by their words.
 *
 * Takes: a recipient (its remote MTA, its domain and diagnostic).  Gives:
 * the reason class the provider's own vocabulary names, or -1.  Big
 * providers answer with their own codes and sentences (Microsoft's
 * "5.4.312", Cox's "CXBL", GoDaddy's "IB506", Orange's "OFR_103", Tencent,
 * Yahoo, Google, iCloud, Mimecast): one row per provider host and one per
 * phrase or code.  The rows are the providers' published texts as the
 * Sisimai project collected them (facts; the layout is ours).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "bounce/bounce.h"

#define R(x) LSC_REASON_##x

enum {
    H_APPLE = 1, H_COX, H_FRANCEPTT, H_GODADDY, H_GOOGLE, H_IUA, H_KDDI,
    H_MICROSOFT, H_MIMECAST, H_NTTDOCOMO, H_SPECTRUM, H_TENCENT, H_YAHOOINC,
    H_AOL, H_FACEBOOK, H_GSUITE, H_MESSAGELABS, H_OUTLOOK, H_ZOHO
};

typedef struct rhost {
    int provider;
    const char *host;      /* a suffix or part of the remote MTA's name */
} rhost;

static const rhost hosts[] = {
    {H_APPLE, ".mail.icloud.com"},
    {H_APPLE, ".apple.com"},
    {H_APPLE, ".me.com"},
    {H_COX, "cox.net"},
    {H_FRANCEPTT, ".laposte.net"},
    {H_FRANCEPTT, ".orange.fr"},
    {H_FRANCEPTT, ".wanadoo.fr"},
    {H_GODADDY, "smtp.secureserver.net"},
    {H_GODADDY, "mailstore1.secureserver.net"},
    {H_GOOGLE, "aspmx.l.google.com"},
    {H_GOOGLE, "gmail-smtp-in.l.google.com"},
    {H_IUA, ".email.ua"},
    {H_KDDI, ".ezweb.ne.jp"},
    {H_KDDI, "msmx.au.com"},
    {H_MICROSOFT, ".prod.outlook.com"},
    {H_MICROSOFT, ".protection.outlook.com"},
    {H_MIMECAST, ".mimecast.com"},
    {H_NTTDOCOMO, "mfsmax.docomo.ne.jp"},
    {H_SPECTRUM, "charter.net"},
    {H_TENCENT, ".qq.com"},
    {H_YAHOOINC, ".yahoodns.net"},
    {H_MICROSOFT, ".onmicrosoft.com"},
    {H_MICROSOFT, ".exchangelabs.com"},
    {H_AOL, ".mail.aol.com"},
    {H_AOL, ".mx.aol.com"},
    {H_FACEBOOK, ".facebook.com"},
    {H_GSUITE, "googlemail.com"},
    {H_MESSAGELABS, ".messagelabs.com"},
    {H_OUTLOOK, ".hotmail.com"},
    {H_ZOHO, ".zoho.com"},
};

typedef struct rphrase {
    int provider;
    const char *phrase;    /* lower case; FrancePTT rows are 3-digit codes */
    int reason;
    /* Microsoft: the status ("5.4.1"), or its first part with a range of
     * the last number (lo..hi); Google: the status it comes with */
    const char *status;
    int lo, hi;
    const char *reply;     /* Google, Mimecast: the reply code */
} rphrase;

static const rphrase phrases[] = {
    {H_ZOHO, "email policy violation detected", R(POLICYVIOLATION), NULL, -1, -1, NULL},
    {H_ZOHO, "email flagged as spam", R(REJECTED), NULL, -1, -1, NULL},
    {H_ZOHO, "mail rejected by destination domain", R(REJECTED), NULL, -1, -1, NULL},
    {H_KDDI, "550 : user unknown", R(FILTERED), NULL, -1, -1, NULL},
    {H_KDDI, ">: user unknown", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_APPLE, "s dmarc policy", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_APPLE, "blocked for failing both spf and dkim autentication checks", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_APPLE, "rejected due to having a domain present in the spamhaus", R(BLOCKED), NULL, -1, -1, NULL},
    {H_APPLE, "rejected due to listing in spamhaus", R(BLOCKED), NULL, -1, -1, NULL},
    {H_APPLE, "blocked - see https://support.proofpoint.com/dnsbl-lookup", R(BLOCKED), NULL, -1, -1, NULL},
    {H_APPLE, "not accepting connections", R(BLOCKED), NULL, -1, -1, NULL},
    {H_APPLE, "recipient no longer on server", R(HASMOVED), NULL, -1, -1, NULL},
    {H_APPLE, "user is over quota", R(MAILBOXFULL), NULL, -1, -1, NULL},
    {H_APPLE, "relay access denied", R(NORELAYING), NULL, -1, -1, NULL},
    {H_APPLE, "host/domain does not accept mail", R(NOTACCEPT), NULL, -1, -1, NULL},
    {H_APPLE, "due to local policy", R(POLICYVIOLATION), NULL, -1, -1, NULL},
    {H_APPLE, "sender address rejected", R(REJECTED), NULL, -1, -1, NULL},
    {H_APPLE, "due to excessive volume", R(SPEEDING), NULL, -1, -1, NULL},
    {H_APPLE, "inactive email address", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_APPLE, "user does not exist", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_APPLE, "unknown or illegal alias", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_COX, "cxbl", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "cxdns", R(REQUIREPTR), NULL, -1, -1, NULL},
    {H_COX, "cxsndr", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_COX, "cxsmtp", R(REJECTED), NULL, -1, -1, NULL},
    {H_COX, "cxcnct", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_COX, "cxmxrt", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_COX, "cdrbl", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "cxthrt", R(SECURITYERROR), NULL, -1, -1, NULL},
    {H_COX, "cxmj", R(SECURITYERROR), NULL, -1, -1, NULL},
    {H_COX, "ipbl0001", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl0010", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl0100", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl0011", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl0101", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl0110", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl0111", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1000", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1001", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1010", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1011", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1100", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1101", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1110", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl1111", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "ipbl00001", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "urlbl011", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_COX, "urlbl101", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_COX, "urlbl110", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_COX, "urlbl1001", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_COX, "cox too many bad commands from", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "too many invalid recipients", R(BLOCKED), NULL, -1, -1, NULL},
    {H_COX, "dns check failure - try again later", R(REQUIREPTR), NULL, -1, -1, NULL},
    {H_COX, "rejected - no rdns", R(REQUIREPTR), NULL, -1, -1, NULL},
    {H_COX, "esmtp no data before greeting", R(POLICYVIOLATION), NULL, -1, -1, NULL},
    {H_COX, "attachment extension is forbidden", R(POLICYVIOLATION), NULL, -1, -1, NULL},
    {H_COX, "sender rejected", R(REJECTED), NULL, -1, -1, NULL},
    {H_COX, "esmtp server temporarily not available", R(SYSTEMERROR), NULL, -1, -1, NULL},
    {H_COX, "too many sessions from", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_COX, "requested action aborted: try again later", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_COX, "message threshold exceeded", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_COX, "recipient rejected", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "101", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "102", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "103", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "104", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "305", R(SECURITYERROR), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "401", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "402", R(SECURITYERROR), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "403", R(REJECTED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "405", R(REJECTED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "415", R(REJECTED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "416", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "417", R(MAILBOXFULL), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "420", R(SUSPEND), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "421", R(REJECTED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "426", R(SUSPEND), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "505", R(SYSTEMERROR), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "506", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "510", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "514", R(MESGTOOBIG), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "517", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "630", R(POLICYVIOLATION), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "999", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FRANCEPTT, "spf/dns de votre nom de domaine", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_GODADDY, "ib401", R(SECURITYERROR), NULL, -1, -1, NULL},
    {H_GODADDY, "ib501", R(NOTCOMPLIANTRFC), NULL, -1, -1, NULL},
    {H_GODADDY, "ib502", R(NOTCOMPLIANTRFC), NULL, -1, -1, NULL},
    {H_GODADDY, "ib506", R(REJECTED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib508", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_GODADDY, "ib108", R(REQUIREPTR), NULL, -1, -1, NULL},
    {H_GODADDY, "ib212", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib705", R(VIRUSDETECTED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib605", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_GODADDY, "ib007", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_GODADDY, "ib101", R(SPEEDING), NULL, -1, -1, NULL},
    {H_GODADDY, "ib110", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib111", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib112", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib113", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib504", R(SPEEDING), NULL, -1, -1, NULL},
    {H_GODADDY, "ib510", R(SPEEDING), NULL, -1, -1, NULL},
    {H_GODADDY, "ib607", R(SPEEDING), NULL, -1, -1, NULL},
    {H_GODADDY, "ib103", R(BADREPUTATION), NULL, -1, -1, NULL},
    {H_GODADDY, "ib104", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib105", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "ib106", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "rbl reject", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "www.spamhaus.org/query/bl?ip=", R(BLOCKED), NULL, -1, -1, NULL},
    {H_GODADDY, "has been in the queue too long", R(EXPIRED), NULL, -1, -1, NULL},
    {H_GODADDY, "delivery timeout", R(EXPIRED), NULL, -1, -1, NULL},
    {H_GODADDY, "account storage limit", R(MAILBOXFULL), NULL, -1, -1, NULL},
    {H_GODADDY, "message rejected for spam or virus content", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_GODADDY, "account disabled", R(SUSPEND), NULL, -1, -1, NULL},
    {H_GODADDY, "message is looping", R(SYSTEMERROR), NULL, -1, -1, NULL},
    {H_GODADDY, "recipient not found", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_GODADDY, "account does not exist", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_GOOGLE, "the spf record of the sending domain", R(AUTHFAILURE), "4.7.24", -1, -1, "451"},
    {H_GOOGLE, "the spf record of the sending domain", R(AUTHFAILURE), "5.7.24", -1, -1, "550"},
    {H_GOOGLE, "senders to authenticate with either spf or dkim", R(AUTHFAILURE), "4.7.26", -1, -1, "421"},
    {H_GOOGLE, "senders to authenticate with either spf or dkim", R(AUTHFAILURE), "5.7.26", -1, -1, "550"},
    {H_GOOGLE, "fails to pass spf checks for an spf record with a hard fail", R(AUTHFAILURE), "5.7.26", -1, -1, "550"},
    {H_GOOGLE, "has an spf record with a hard fail policy", R(AUTHFAILURE), "5.7.26", -1, -1, "550"},
    {H_GOOGLE, "is not accepted due to domain's dmarc policy", R(AUTHFAILURE), "4.7.26", -1, -1, "451"},
    {H_GOOGLE, "is not accepted due to domain's dmarc policy", R(AUTHFAILURE), "5.7.26", -1, -1, "550"},
    {H_GOOGLE, "is not accepted due to domain's dmarc policy", R(AUTHFAILURE), "5.7.26", -1, -1, "550"},
    {H_GOOGLE, "fails to pass authentication checks", R(AUTHFAILURE), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "fails to pass authentication checks", R(AUTHFAILURE), "5.7.26", -1, -1, "550"},
    {H_GOOGLE, "senders to authenticate with spf", R(AUTHFAILURE), "4.7.27", -1, -1, "421"},
    {H_GOOGLE, "senders to authenticate their email with spf", R(AUTHFAILURE), "4.7.27", -1, -1, "421"},
    {H_GOOGLE, "senders to authenticate with spf", R(AUTHFAILURE), "5.7.27", -1, -1, "550"},
    {H_GOOGLE, "senders to authenticate their email with dkim", R(AUTHFAILURE), "4.7.30", -1, -1, "421"},
    {H_GOOGLE, "senders to authenticate with dkim", R(AUTHFAILURE), "5.7.30", -1, -1, "550"},
    {H_GOOGLE, "aligned with either the authenticated spf or dkim", R(AUTHFAILURE), "4.7.32", -1, -1, "421"},
    {H_GOOGLE, "very low reputation of the sending ip address", R(BADREPUTATION), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "very low reputation of the sending domain", R(BADREPUTATION), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "due to the very low reputation of the sending ip address", R(BADREPUTATION), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "due to the very low reputation of the sending domain", R(BADREPUTATION), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "ip not in whitelist for rcpt domain", R(BLOCKED), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "try again later, closing connection.", R(BLOCKED), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "empty helo/ehlo argument not allowed", R(BLOCKED), "5.5.4", -1, -1, "501"},
    {H_GOOGLE, "helo/ehlo argument is invalid", R(BLOCKED), "5.5.4", -1, -1, "501"},
    {H_GOOGLE, "an unusual rate of unsolicited mail", R(BLOCKED), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "an unusual rate of mail", R(BLOCKED), "4.7.28", -1, -1, "421"},
    {H_GOOGLE, "an unusual rate of unsolicited mail", R(BLOCKED), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "an unusual rate of unsolicited mail", R(BLOCKED), "5.7.28", -1, -1, "550"},
    {H_GOOGLE, "exceeded google's message size limits", R(EXCEEDLIMIT), "5.2.3", -1, -1, "552"},
    {H_GOOGLE, "exceeds google's limit of limit attachments.", R(EXCEEDLIMIT), "5.3.4", -1, -1, "552"},
    {H_GOOGLE, "your message exceeded google's message header size limits", R(EXCEEDLIMIT), "5.3.4", -1, -1, "552"},
    {H_GOOGLE, "bytes per individual header size", R(EXCEEDLIMIT), "5.3.4", -1, -1, "552"},
    {H_GOOGLE, "exceeds google's header name limit of", R(EXCEEDLIMIT), "5.3.4", -1, -1, "552"},
    {H_GOOGLE, "exceeds google's message header size limit", R(EXCEEDLIMIT), "5.3.4", -1, -1, "552"},
    {H_GOOGLE, "connection expired", R(EXPIRED), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "timeout - closing connection", R(EXPIRED), "4.4.2", -1, -1, "451"},
    {H_GOOGLE, "must issue a starttls command first", R(FAILEDSTARTTLS), "5.7.0", -1, -1, "530"},
    {H_GOOGLE, "starttls may not be repeated", R(FAILEDSTARTTLS), "5.5.1", -1, -1, "454"},
    {H_GOOGLE, "tls required for rcpt domain", R(FAILEDSTARTTLS), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "senders to use tls/ssl for smtp", R(FAILEDSTARTTLS), "4.7.29", -1, -1, "421"},
    {H_GOOGLE, "senders to use tls/ssl for smtp", R(FAILEDSTARTTLS), "5.7.29", -1, -1, "550"},
    {H_GOOGLE, "inbox is out of storage space", R(MAILBOXFULL), "4.2.2", -1, -1, "452"},
    {H_GOOGLE, "inbox is out of storage space and inactive", R(MAILBOXFULL), "5.2.2", -1, -1, "552"},
    {H_GOOGLE, "is over quota", R(MAILBOXFULL), "4.2.2", -1, -1, "452"},
    {H_GOOGLE, "is over quota", R(MAILBOXFULL), "5.2.2", -1, -1, "552"},
    {H_GOOGLE, "email quota exceeded", R(MAILBOXFULL), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "exceeded google's message size limits", R(MESGTOOBIG), "5.3.4", -1, -1, "552"},
    {H_GOOGLE, "exceeds google's message size limit of", R(MESGTOOBIG), "5.3.4", -1, -1, "552"},
    {H_GOOGLE, "message exceeded 50 hops", R(NETWORKERROR), "5.4.6", -1, -1, "554"},
    {H_GOOGLE, "message exceeded 50 hops", R(NETWORKERROR), "5.6.0", -1, -1, "554"},
    {H_GOOGLE, "mail relay denied", R(NORELAYING), "5.7.0", -1, -1, "550"},
    {H_GOOGLE, "invalid credentials for relay", R(NORELAYING), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "is not authorized to send email directly to our servers", R(NORELAYING), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "missing a valid address in the from: header", R(NOTCOMPLIANTRFC), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "multiple addresses in from: header are not accepted", R(NOTCOMPLIANTRFC), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "is not rfc 5322 compliant", R(NOTCOMPLIANTRFC), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "missing a valid message-id: header", R(NOTCOMPLIANTRFC), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "contains a unicode character in a disallowed header", R(NOTCOMPLIANTRFC), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "encoded-word syntax is not permitted", R(NOTCOMPLIANTRFC), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "is not a valid rfc 5321 address", R(NOTCOMPLIANTRFC), "5.1.7", -1, -1, "553"},
    {H_GOOGLE, "mail message is malformed", R(NOTCOMPLIANTRFC), "5.6.0", -1, -1, "554"},
    {H_GOOGLE, "illegal attachment on your message", R(POLICYVIOLATION), "5.7.0", -1, -1, "552"},
    {H_GOOGLE, "blocked because its content presents a potential security issue", R(POLICYVIOLATION), "5.7.0", -1, -1, "552"},
    {H_GOOGLE, "you are sending to (or from) has a policy that prohibited", R(POLICYVIOLATION), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "sending messages with the same message-id:", R(POLICYVIOLATION), "4.7.28", -1, -1, "421"},
    {H_GOOGLE, "mail sending denied", R(REJECTED), "5.7.0", -1, -1, "550"},
    {H_GOOGLE, "unauthenticated email is not accepted", R(REJECTED), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "does not have a ptr record", R(REQUIREPTR), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, " have a ptr record, or the ptr record", R(REQUIREPTR), "4.7.23", -1, -1, "421"},
    {H_GOOGLE, "does not meet ipv6 sending guidelines regarding ptr records and authentication", R(REQUIREPTR), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "does not have a ptr record", R(REQUIREPTR), "5.7.25", -1, -1, "550"},
    {H_GOOGLE, "does not match the ip address of the hostname", R(REQUIREPTR), "5.7.25", -1, -1, "550"},
    {H_GOOGLE, "too many login attempts", R(SECURITYERROR), "4.7.0", -1, -1, "454"},
    {H_GOOGLE, "cannot decode response", R(SECURITYERROR), "5.5.2", -1, -1, "501"},
    {H_GOOGLE, "no identity changes permitted", R(SECURITYERROR), "5.7.0", -1, -1, "503"},
    {H_GOOGLE, "authentication required.", R(SECURITYERROR), "5.5.1", -1, -1, "530"},
    {H_GOOGLE, "authentication required.", R(SECURITYERROR), "5.7.0", -1, -1, "530"},
    {H_GOOGLE, "application-specific password required", R(SECURITYERROR), "5.7.1", -1, -1, "535"},
    {H_GOOGLE, "application-specific password required", R(SECURITYERROR), "5.7.9", -1, -1, "535"},
    {H_GOOGLE, "please log in with your web browser", R(SECURITYERROR), "5.7.1", -1, -1, "535"},
    {H_GOOGLE, "please log in with your web browser", R(SECURITYERROR), "5.7.9", -1, -1, "534"},
    {H_GOOGLE, "please log in through your web browser", R(SECURITYERROR), "5.7.14", -1, -1, "534"},
    {H_GOOGLE, "username and password not accepted", R(SECURITYERROR), "5.7.1", -1, -1, "535"},
    {H_GOOGLE, "username and password not accepted", R(SECURITYERROR), "5.7.8", -1, -1, "535"},
    {H_GOOGLE, "due to the nature of the content or the links within", R(SPAMDETECTED), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "likely unsolicited mail", R(SPAMDETECTED), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "is receiving mail too quickly", R(SPEEDING), "4.2.1", -1, -1, "450"},
    {H_GOOGLE, "peak smtp relay limit exceeded for customer", R(SPEEDING), "4.2.1", -1, -1, "450"},
    {H_GOOGLE, "rate that prevents additional messages from being delivered", R(SPEEDING), "4.2.1", -1, -1, "450"},
    {H_GOOGLE, "rate that prevents additional messages from being delivered", R(SPEEDING), "5.2.1", -1, -1, "550"},
    {H_GOOGLE, "daily sending quota exceeded", R(SPEEDING), "5.4.5", -1, -1, "550"},
    {H_GOOGLE, "daily user sending limit exceeded", R(SPEEDING), "5.4.5", -1, -1, "550"},
    {H_GOOGLE, "daily smtp relay limit exceeded for", R(SPEEDING), "5.4.5", -1, -1, "550"},
    {H_GOOGLE, "daily smtp relay limit exceeded for", R(SPEEDING), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "daily smtp relay sending limit exceeded for", R(SPEEDING), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "this mail has been rate limited", R(SPEEDING), "5.7.1", -1, -1, "550"},
    {H_GOOGLE, "account that you tried to reach is disabled", R(SUSPEND), "5.2.1", -1, -1, "550"},
    {H_GOOGLE, "account that you tried to reach is inactive", R(SUSPEND), "5.2.1", -1, -1, "550"},
    {H_GOOGLE, "smtp protocol violation", R(SYNTAXERROR), "4.5.0", -1, -1, "451"},
    {H_GOOGLE, "smtp protocol violation", R(SYNTAXERROR), "4.5.0", -1, -1, "454"},
    {H_GOOGLE, "smtp protocol violation", R(SYNTAXERROR), "5.7.10", -1, -1, "525"},
    {H_GOOGLE, "optional argument not permitted", R(SYNTAXERROR), "5.5.4", -1, -1, "535"},
    {H_GOOGLE, "syntax error", R(SYNTAXERROR), "5.7.11", -1, -1, "501"},
    {H_GOOGLE, "syntax error", R(SYNTAXERROR), "5.5.2", -1, -1, "501"},
    {H_GOOGLE, "syntax error", R(SYNTAXERROR), "5.5.2", -1, -1, "555"},
    {H_GOOGLE, "too many unrecognized commands, goodbye", R(SYNTAXERROR), "5.5.1", -1, -1, "502"},
    {H_GOOGLE, "unimplemented command", R(SYNTAXERROR), "5.5.1", -1, -1, "502"},
    {H_GOOGLE, "unrecognized command", R(SYNTAXERROR), "5.5.1", -1, -1, "502"},
    {H_GOOGLE, "bad sequence of commands", R(SYNTAXERROR), "5.5.1", -1, -1, "503"},
    {H_GOOGLE, "ehlo/helo first", R(SYNTAXERROR), "5.5.1", -1, -1, "503"},
    {H_GOOGLE, "mail first", R(SYNTAXERROR), "5.5.1", -1, -1, "503"},
    {H_GOOGLE, "rcpt first", R(SYNTAXERROR), "5.5.1", -1, -1, "503"},
    {H_GOOGLE, "no data after bdat", R(SYNTAXERROR), "5.5.1", -1, -1, "503"},
    {H_GOOGLE, "unrecognized authentication type", R(SYNTAXERROR), "5.7.4", -1, -1, "504"},
    {H_GOOGLE, "xoauth is no longer supported", R(SYNTAXERROR), "5.7.4", -1, -1, "504"},
    {H_GOOGLE, "too many unauthenticated commands", R(SYNTAXERROR), "5.7.0", -1, -1, "554"},
    {H_GOOGLE, "temporary system problem", R(SYSTEMERROR), "4.3.0", -1, -1, "421"},
    {H_GOOGLE, "temporary system problem", R(SYSTEMERROR), "4.7.0", -1, -1, "421"},
    {H_GOOGLE, "server busy", R(SYSTEMERROR), "4.4.5", -1, -1, "421"},
    {H_GOOGLE, "multiple destination domains per transaction is unsupported", R(SYSTEMERROR), "4.3.0", -1, -1, "451"},
    {H_GOOGLE, "mail server has temporarily rejected this message", R(SYSTEMERROR), "4.3.0", -1, -1, "451"},
    {H_GOOGLE, "mail server temporarily rejected message", R(SYSTEMERROR), "4.3.0", -1, -1, "451"},
    {H_GOOGLE, "domain policy size per transaction exceeded", R(SYSTEMERROR), "4.5.3", -1, -1, "452"},
    {H_GOOGLE, "cannot authenticate due to temporary system problem", R(SYSTEMERROR), "4.7.0", -1, -1, "454"},
    {H_GOOGLE, "your message has too many recipients", R(TOOMANYCONN), "4.5.3", -1, -1, "452"},
    {H_GOOGLE, "too many recipients for this sender", R(TOOMANYCONN), "5.5.3", -1, -1, "550"},
    {H_GOOGLE, "the email account that you tried to reach does not exist", R(USERUNKNOWN), "5.1.1", -1, -1, "550"},
    {H_GOOGLE, "we weren't able to find the recipient domain", R(USERUNKNOWN), "5.1.2", -1, -1, "553"},
    {H_GOOGLE, "is not a valid rfc 5321 address", R(USERUNKNOWN), "5.1.3", -1, -1, "553"},
    {H_MICROSOFT, "must pass either spf or dkim validation, this message is not signed", R(AUTHFAILURE), "4.7.26", -1, -1, NULL},
    {H_MICROSOFT, "the message was rejected because of sender policy framework violation", R(AUTHFAILURE), "5.7.23", -1, -1, NULL},
    {H_MICROSOFT, "does not pass dmarc verification", R(AUTHFAILURE), "5.7.509", -1, -1, NULL},
    {H_MICROSOFT, "has been temporarily rate limited due to ip reputation", R(BADREPUTATION), "4.7.650", -1, -1, NULL},
    {H_MICROSOFT, "connection dropped", R(BLOCKED), "4.4.2", -1, -1, NULL},
    {H_MICROSOFT, "access denied, please try again later", R(BLOCKED), "4.7.", 850, 899, NULL},
    {H_MICROSOFT, "must have a reverse dns record", R(BLOCKED), "5.7.25", -1, -1, NULL},
    {H_MICROSOFT, "access denied, bad helo", R(BLOCKED), "5.7.506", -1, -1, NULL},
    {H_MICROSOFT, "access denied, rejected by recipient", R(BLOCKED), "5.7.507", -1, -1, NULL},
    {H_MICROSOFT, "does not accept email over ipv6", R(BLOCKED), "5.7.510", -1, -1, NULL},
    {H_MICROSOFT, "access denied, banned sender", R(BLOCKED), "5.7.511", -1, -1, NULL},
    {H_MICROSOFT, "using customer block list", R(BLOCKED), "5.7.513", -1, -1, NULL},
    {H_MICROSOFT, "access denied, banned sending ip ", R(BLOCKED), "5.7.", 606, 649, NULL},
    {H_MICROSOFT, "access denied, please try again later", R(BLOCKED), "4.7.", 500, 699, NULL},
    {H_MICROSOFT, "invalid domain name", R(BLOCKED), "5.5.4", -1, -1, NULL},
    {H_MICROSOFT, "part of their network is on our block list (s3150)", R(BLOCKED), "5.7.1", -1, -1, NULL},
    {H_MICROSOFT, "too many related errors", R(CONTENTERROR), "5.3.0", -1, -1, NULL},
    {H_MICROSOFT, "invalid characters", R(CONTENTERROR), "5.6.11", -1, -1, NULL},
    {H_MICROSOFT, "agent generated message depth exceeded", R(CONTENTERROR), "5.4.11", -1, -1, NULL},
    {H_MICROSOFT, "invalid message content", R(CONTENTERROR), "5.5.6", -1, -1, NULL},
    {H_MICROSOFT, "resolver.rst.recipsizelimit; message too large for this recipient", R(EXCEEDLIMIT), "5.2.3", -1, -1, NULL},
    {H_MICROSOFT, "connection timed out", R(EXPIRED), "4.4.1", -1, -1, NULL},
    {H_MICROSOFT, "message delayed", R(EXPIRED), "4.4.7", -1, -1, NULL},
    {H_MICROSOFT, "queue expired; message expired", R(EXPIRED), "4.4.7", -1, -1, NULL},
    {H_MICROSOFT, "message expired", R(EXPIRED), "4.4.7", -1, -1, NULL},
    {H_MICROSOFT, "message expired", R(EXPIRED), "5.4.300", -1, -1, NULL},
    {H_MICROSOFT, "message expired", R(EXPIRED), "5.4.316", -1, -1, NULL},
    {H_MICROSOFT, " failed mta-sts validation", R(FAILEDSTARTTLS), "4.4.8", -1, -1, NULL},
    {H_MICROSOFT, " failed mta-sts validation", R(FAILEDSTARTTLS), "5.4.8", -1, -1, NULL},
    {H_MICROSOFT, "starttls is required to send mail", R(FAILEDSTARTTLS), "4.4.317", -1, -1, NULL},
    {H_MICROSOFT, "starttls is required to send mail", R(FAILEDSTARTTLS), "5.4.317", -1, -1, NULL},
    {H_MICROSOFT, "remote certificate failed mta-sts validation", R(FAILEDSTARTTLS), "4.7.5", -1, -1, NULL},
    {H_MICROSOFT, "remote certificate failed mta-sts validation", R(FAILEDSTARTTLS), "5.7.5", -1, -1, NULL},
    {H_MICROSOFT, "restrictdomainstoipaddresses or restrictdomainstocertificate", R(FAILEDSTARTTLS), "5.7.51", -1, -1, NULL},
    {H_MICROSOFT, "starttls-not-supported: destination mail server must support tls to receive mail", R(FAILEDSTARTTLS), "4.7.321", -1, -1, NULL},
    {H_MICROSOFT, "starttls-not-supported: destination mail server must support tls to receive mail", R(FAILEDSTARTTLS), "5.7.321", -1, -1, NULL},
    {H_MICROSOFT, "certificate-expired: destination mail server's certificate is expired", R(FAILEDSTARTTLS), "5.7.322", -1, -1, NULL},
    {H_MICROSOFT, "tlsa-invalid: the domain failed dane validation", R(FAILEDSTARTTLS), "4.7.323", -1, -1, NULL},
    {H_MICROSOFT, "tlsa-invalid: the domain failed dane validation", R(FAILEDSTARTTLS), "5.7.323", -1, -1, NULL},
    {H_MICROSOFT, "dnssec-invalid: destination domain returned invalid dnssec records", R(FAILEDSTARTTLS), "4.7.324", -1, -1, NULL},
    {H_MICROSOFT, "dnssec-invalid: destination domain returned invalid dnssec records", R(FAILEDSTARTTLS), "5.7.324", -1, -1, NULL},
    {H_MICROSOFT, "certificate-host-mismatch: remote certificate must have a common name or subject alternative name matching the hostname (dane)", R(FAILEDSTARTTLS), "4.7.325", -1, -1, NULL},
    {H_MICROSOFT, "certificate-host-mismatch: remote certificate must have a common name or subject alternative name matching the hostname (dane)", R(FAILEDSTARTTLS), "5.7.325", -1, -1, NULL},
    {H_MICROSOFT, "mailbox full", R(MAILBOXFULL), "5.2.2", -1, -1, NULL},
    {H_MICROSOFT, "message size exceeds fixed maximum message size", R(MESGTOOBIG), "5.3.4", -1, -1, NULL},
    {H_MICROSOFT, "message too big for system", R(MESGTOOBIG), "5.3.4", -1, -1, NULL},
    {H_MICROSOFT, "smtpsend.dns.nonexistentdomain; nonexistent domain", R(NETWORKERROR), "5.4.4", -1, -1, NULL},
    {H_MICROSOFT, "hop count exceeded - possible mail loop", R(NETWORKERROR), "5.4.6", -1, -1, NULL},
    {H_MICROSOFT, "dns query failed", R(NETWORKERROR), "4.4.312", -1, -1, NULL},
    {H_MICROSOFT, "dns query failed", R(NETWORKERROR), "5.4.312", -1, -1, NULL},
    {H_MICROSOFT, "connection refused", R(NETWORKERROR), "4.4.316", -1, -1, NULL},
    {H_MICROSOFT, "connection refused", R(NETWORKERROR), "5.4.316", -1, -1, NULL},
    {H_MICROSOFT, "invalid arguments", R(NETWORKERROR), "5.4.4", -1, -1, NULL},
    {H_MICROSOFT, "routing loop detected", R(NETWORKERROR), "5.4.6", -1, -1, NULL},
    {H_MICROSOFT, "routing loop detected", R(NETWORKERROR), "5.4.14", -1, -1, NULL},
    {H_MICROSOFT, "dns query failed", R(NETWORKERROR), "4.4.312", -1, -1, NULL},
    {H_MICROSOFT, "dns query failed", R(NETWORKERROR), "5.4.312", -1, -1, NULL},
    {H_MICROSOFT, "unable to relay", R(NORELAYING), "5.7.1", -1, -1, NULL},
    {H_MICROSOFT, "client was not authenticated", R(NORELAYING), "5.7.1", -1, -1, NULL},
    {H_MICROSOFT, "relay access denied", R(NORELAYING), "5.4.1", -1, -1, NULL},
    {H_MICROSOFT, "unable to relay", R(NORELAYING), "5.7.1", -1, -1, NULL},
    {H_MICROSOFT, "tenantattribution; relay access denied", R(NORELAYING), "5.7.64", -1, -1, NULL},
    {H_MICROSOFT, "does not exist", R(NORELAYING), "5.4.310", -1, -1, NULL},
    {H_MICROSOFT, "system not accepting network messages", R(NOTACCEPT), "4.3.2", -1, -1, NULL},
    {H_MICROSOFT, "hosted tenant which has no mail-enabled subscriptions", R(NOTACCEPT), "4.4.4", -1, -1, NULL},
    {H_MICROSOFT, "storedrv.deliver: missing or bad storedriver mdb properties", R(NOTACCEPT), "5.3.2", -1, -1, NULL},
    {H_MICROSOFT, "x-dg-ref header is too long", R(POLICYVIOLATION), "5.0.350", -1, -1, NULL},
    {H_MICROSOFT, "requested action not taken: policy violation detected (as345)", R(POLICYVIOLATION), "5.0.350", -1, -1, NULL},
    {H_MICROSOFT, "delivery not authorized, message refused", R(POLICYVIOLATION), "5.7.", 900, 999, NULL},
    {H_MICROSOFT, "invalid address", R(REJECTED), "5.1.7", -1, -1, NULL},
    {H_MICROSOFT, "unknown sender address", R(REJECTED), "5.1.7", -1, -1, NULL},
    {H_MICROSOFT, "sender denied", R(REJECTED), "5.1.0", -1, -1, NULL},
    {H_MICROSOFT, "access denied, bad outbound sender", R(REJECTED), "5.1.8", -1, -1, NULL},
    {H_MICROSOFT, "delivery not authorized", R(REJECTED), "5.7.1", -1, -1, NULL},
    {H_MICROSOFT, "sender was not authenticated by organization", R(REJECTED), "5.7.12", -1, -1, NULL},
    {H_MICROSOFT, "sender not in allowed-senders list", R(REJECTED), "5.7.124", -1, -1, NULL},
    {H_MICROSOFT, "sender not authenticated for group", R(REJECTED), "5.7.133", -1, -1, NULL},
    {H_MICROSOFT, "sender was not authenticated for mailbox", R(REJECTED), "5.7.134", -1, -1, NULL},
    {H_MICROSOFT, "sender was not authenticated for public folder", R(REJECTED), "5.7.13", -1, -1, NULL},
    {H_MICROSOFT, "sender was not authenticated for public folder", R(REJECTED), "5.7.135", -1, -1, NULL},
    {H_MICROSOFT, "sender was not authenticated", R(REJECTED), "5.7.136", -1, -1, NULL},
    {H_MICROSOFT, "access denied, spam abuse detected", R(REJECTED), "5.7.", 501, 503, NULL},
    {H_MICROSOFT, "access denied, message must be rfc 5322 section 3.6.2 compliant", R(REJECTED), "5.7.512", -1, -1, NULL},
    {H_MICROSOFT, "service unavailable. client blocked from sending from unregistered domains", R(REJECTED), "5.7.750", -1, -1, NULL},
    {H_MICROSOFT, "access denied, banned sender", R(REJECTED), "5.7.", 501, 503, NULL},
    {H_MICROSOFT, "cannot achieve exchange server authentication", R(SECURITYERROR), "5.7.3", -1, -1, NULL},
    {H_MICROSOFT, "not authorized", R(SECURITYERROR), "5.7.3", -1, -1, NULL},
    {H_MICROSOFT, "client was not authenticated", R(SECURITYERROR), "5.7.1", -1, -1, NULL},
    {H_MICROSOFT, "client was not authenticated to send anonymous mail during mail from", R(SECURITYERROR), "5.7.57", -1, -1, NULL},
    {H_MICROSOFT, "content filter agent quarantined this message", R(SPAMDETECTED), "5.2.1", -1, -1, NULL},
    {H_MICROSOFT, "storedrv.deliver; recipient thread limit exceeded", R(SPEEDING), "4.3.2", -1, -1, NULL},
    {H_MICROSOFT, "your message can't be sent because you've reached your daily limit for message recipients", R(SPEEDING), "5.1.90", -1, -1, NULL},
    {H_MICROSOFT, "submission quota exceeded", R(SPEEDING), "5.2.2", -1, -1, NULL},
    {H_MICROSOFT, "recipient's per hour message receive limit from specific sender exceeded", R(SPEEDING), "5.2.121", -1, -1, NULL},
    {H_MICROSOFT, "recipient's per hour message receive limit exceeded", R(SPEEDING), "5.2.122", -1, -1, NULL},
    {H_MICROSOFT, "has exceeded permitted limits within", R(SPEEDING), "5.7.508", -1, -1, NULL},
    {H_MICROSOFT, "access denied, tenant has exceeded threshold", R(SPEEDING), "5.7.", 700, 749, NULL},
    {H_MICROSOFT, "access denied, traffic not accepted from this ip", R(SPEEDING), "5.7.", 700, 749, NULL},
    {H_MICROSOFT, "recipient address rejected: access denied", R(SUSPEND), "5.7.504", -1, -1, NULL},
    {H_MICROSOFT, "access denied, banned recipient", R(SUSPEND), "5.7.505", -1, -1, NULL},
    {H_MICROSOFT, "mailbox cannot be accessed", R(SUSPEND), "5.2.1", -1, -1, NULL},
    {H_MICROSOFT, "unrecognized command", R(SYNTAXERROR), "5.3.3", -1, -1, NULL},
    {H_MICROSOFT, "send hello first", R(SYNTAXERROR), "5.5.2", -1, -1, NULL},
    {H_MICROSOFT, "service not available", R(SYSTEMERROR), "4.3.2", -1, -1, NULL},
    {H_MICROSOFT, "service not active", R(SYSTEMERROR), "4.3.2", -1, -1, NULL},
    {H_MICROSOFT, "system incorrectly configured", R(SYSTEMERROR), "5.3.5", -1, -1, NULL},
    {H_MICROSOFT, "journaling on-premises messages to microsoft 365 or office 365 not supported when journaling archive is disabled", R(SYSTEMERROR), "5.3.190", -1, -1, NULL},
    {H_MICROSOFT, "helo / ehlo requires domain address", R(SYSTEMERROR), "5.0.0", -1, -1, NULL},
    {H_MICROSOFT, "destination mailbox address ambiguous", R(SYSTEMERROR), "5.1.4", -1, -1, NULL},
    {H_MICROSOFT, "mailing list expansion problem", R(SYSTEMERROR), "5.2.4", -1, -1, NULL},
    {H_MICROSOFT, "misconfigured forwarding address", R(SYSTEMERROR), "5.2.14", -1, -1, NULL},
    {H_MICROSOFT, "temporary server error. please try again later attr18", R(SYSTEMERROR), "4.4.3", -1, -1, NULL},
    {H_MICROSOFT, "temporary server error. please try again later. prx4 nexthop:", R(SYSTEMERROR), "4.7.0", -1, -1, NULL},
    {H_MICROSOFT, "message failed to be replicated: insufficient system resource:", R(SYSTEMERROR), "4.4.24", -1, -1, NULL},
    {H_MICROSOFT, "message failed to be replicated: no healthy secondary server available to accept replica at this time.", R(SYSTEMERROR), "4.4.25", -1, -1, NULL},
    {H_MICROSOFT, "message failed to be replicated: the operation was canceled", R(SYSTEMERROR), "4.4.28", -1, -1, NULL},
    {H_MICROSOFT, "(suspiciousremoteservererror)", R(SYSTEMERROR), "4.4.318", -1, -1, NULL},
    {H_MICROSOFT, "(suspiciousremoteservererror)", R(SYSTEMERROR), "5.4.318", -1, -1, NULL},
    {H_MICROSOFT, "server busy. please try again later from ", R(SYSTEMERROR), "4.7.500", -1, -1, NULL},
    {H_MICROSOFT, "pfa agent busy, please try again.", R(SYSTEMERROR), "4.7.700", -1, -1, NULL},
    {H_MICROSOFT, "insufficient system resources", R(SYSTEMFULL), "4.3.1", -1, -1, NULL},
    {H_MICROSOFT, "too many recipients", R(TOOMANYCONN), "5.5.3", -1, -1, NULL},
    {H_MICROSOFT, "too many recipients", R(TOOMANYCONN), "4.5.3", -1, -1, NULL},
    {H_MICROSOFT, "has exceeded the maximum number of connections", R(TOOMANYCONN), "4.7.652", -1, -1, NULL},
    {H_MICROSOFT, "the recipient has exceeded their limit for", R(TOOMANYCONN), "5.2.122", -1, -1, NULL},
    {H_MICROSOFT, "resolver.adr.exrecipnotfound; not found", R(USERUNKNOWN), "5.1.1", -1, -1, NULL},
    {H_MICROSOFT, "user unknown", R(USERUNKNOWN), "5.1.1", -1, -1, NULL},
    {H_MICROSOFT, "storedrv.submit; invalid recipient address", R(USERUNKNOWN), "5.1.3", -1, -1, NULL},
    {H_MICROSOFT, "recipient address reserved by rfc 2606", R(USERUNKNOWN), "5.1.", 4, 5, NULL},
    {H_MICROSOFT, "recipient addresses in single label domains not accepted", R(USERUNKNOWN), "5.1.6", -1, -1, NULL},
    {H_MICROSOFT, "bad destination mailbox address", R(USERUNKNOWN), "5.1.1", -1, -1, NULL},
    {H_MICROSOFT, "recipient not found", R(USERUNKNOWN), "5.1.10", -1, -1, NULL},
    {H_MICROSOFT, "recipient address rejected: access denied", R(USERUNKNOWN), "5.4.1", -1, -1, NULL},
    {H_MICROSOFT, "requested action not taken: mailbox unavailable", R(USERUNKNOWN), "5.5.0", -1, -1, NULL},
    {H_MICROSOFT, "invalid x.400 address", R(USERUNKNOWN), "5.1.2", -1, -1, NULL},
    {H_MICROSOFT, "remote server returned unknown recipient or mailbox unavailable", R(USERUNKNOWN), "5.1.351", -1, -1, NULL},
    {H_MIMECAST, "spf sender invalid - envelope rejected", R(AUTHFAILURE), NULL, -1, -1, "550"},
    {H_MIMECAST, "dkim sender invalid - envelope rejected", R(AUTHFAILURE), NULL, -1, -1, "550"},
    {H_MIMECAST, "dmarc sender invalid - envelope rejected", R(AUTHFAILURE), NULL, -1, -1, "550"},
    {H_MIMECAST, "internal resources are temporarily unavailable", R(BADREPUTATION), NULL, -1, -1, "451"},
    {H_MIMECAST, "local ct ip reputation - (reject)", R(BADREPUTATION), NULL, -1, -1, "550"},
    {H_MIMECAST, "sender address blocked", R(BLOCKED), NULL, -1, -1, "421"},
    {H_MIMECAST, "recipient temporarily unavailable", R(BLOCKED), NULL, -1, -1, "451"},
    {H_MIMECAST, "ip temporarily blacklisted", R(BLOCKED), NULL, -1, -1, "451"},
    {H_MIMECAST, "journal messages past the expiration", R(EXPIRED), NULL, -1, -1, "550"},
    {H_MIMECAST, "this route requires encryption (tls)", R(FAILEDSTARTTLS), NULL, -1, -1, "553"},
    {H_MIMECAST, "this route requires tls version 1.2 or greater", R(FAILEDSTARTTLS), NULL, -1, -1, "553"},
    {H_MIMECAST, "this route requires high-strength ciphers", R(FAILEDSTARTTLS), NULL, -1, -1, "553"},
    {H_MIMECAST, "configuration is invalid for this certificate", R(FAILEDSTARTTLS), NULL, -1, -1, "554"},
    {H_MIMECAST, "maximum email size exceeded", R(MESGTOOBIG), NULL, -1, -1, "554"},
    {H_MIMECAST, "the incorrect hostname used for inbounds", R(NETWORKERROR), NULL, -1, -1, "451"},
    {H_MIMECAST, "the incorrect hostname used for inbounds", R(NETWORKERROR), NULL, -1, -1, "550"},
    {H_MIMECAST, "mail loop detected", R(NETWORKERROR), NULL, -1, -1, "554"},
    {H_MIMECAST, "open relay not allowed", R(NORELAYING), NULL, -1, -1, "451"},
    {H_MIMECAST, "open relay is not allowed", R(NORELAYING), NULL, -1, -1, "451"},
    {H_MIMECAST, "account inbounds disabled", R(NOTACCEPT), NULL, -1, -1, "451"},
    {H_MIMECAST, "account outbounds disabled", R(ONHOLD), NULL, -1, -1, "451"},
    {H_MIMECAST, "hostname is not authorized", R(ONHOLD), NULL, -1, -1, "451"},
    {H_MIMECAST, "journal message past expiration", R(ONHOLD), NULL, -1, -1, "550"},
    {H_MIMECAST, "anti-spoofing policy - inbound not allowed", R(POLICYVIOLATION), NULL, -1, -1, "550"},
    {H_MIMECAST, "rejected by header-based anti-spoofing policy", R(POLICYVIOLATION), NULL, -1, -1, "550"},
    {H_MIMECAST, "message bounced due to content examination policy", R(POLICYVIOLATION), NULL, -1, -1, "550Z"},
    {H_MIMECAST, "host network not allowed", R(POLICYVIOLATION), NULL, -1, -1, "554"},
    {H_MIMECAST, "host network, not allowed", R(POLICYVIOLATION), NULL, -1, -1, "554"},
    {H_MIMECAST, "administrative prohibition envelope blocked", R(REJECTED), NULL, -1, -1, "550"},
    {H_MIMECAST, "envelope blocked - user entry", R(REJECTED), NULL, -1, -1, "550"},
    {H_MIMECAST, "envelope blocked - user domain entry", R(REJECTED), NULL, -1, -1, "550"},
    {H_MIMECAST, "rejected by header-based manually blocked senders - block for manual block", R(REJECTED), NULL, -1, -1, "550"},
    {H_MIMECAST, "rejected by header-based blocked senders - block policy for header from", R(REJECTED), NULL, -1, -1, "550"},
    {H_MIMECAST, "envelope rejected - block policy for envelope from address", R(REJECTED), NULL, -1, -1, "550"},
    {H_MIMECAST, "incorrect authentication data", R(SECURITYERROR), NULL, -1, -1, "535"},
    {H_MIMECAST, "submitter failed to disabled", R(SECURITYERROR), NULL, -1, -1, "550"},
    {H_MIMECAST, "submitter failed to authenticate", R(SECURITYERROR), NULL, -1, -1, "550"},
    {H_MIMECAST, "unable to process connection at this time", R(SYSTEMERROR), NULL, -1, -1, "451"},
    {H_MIMECAST, "message ended early", R(SYSTEMERROR), NULL, -1, -1, "451"},
    {H_MIMECAST, "unable to process command", R(SYSTEMERROR), NULL, -1, -1, "451"},
    {H_MIMECAST, "unable to process an email at this time", R(SYSTEMERROR), NULL, -1, -1, "451"},
    {H_MIMECAST, "account service is temporarily unavailable", R(TOOMANYCONN), NULL, -1, -1, "451"},
    {H_MIMECAST, "too many recipients", R(TOOMANYCONN), NULL, -1, -1, "452"},
    {H_MIMECAST, "exceeding outbound thread limit", R(TOOMANYCONN), NULL, -1, -1, "550"},
    {H_MIMECAST, "invalid address", R(USERUNKNOWN), NULL, -1, -1, "501"},
    {H_MIMECAST, "user unknown", R(USERUNKNOWN), NULL, -1, -1, "503"},
    {H_MIMECAST, "invalid recipient", R(USERUNKNOWN), NULL, -1, -1, "550"},
    {H_MIMECAST, "email rejected due to security policies", R(VIRUSDETECTED), NULL, -1, -1, "554"},
    {H_NTTDOCOMO, "552 too much mail data", R(MAILBOXFULL), NULL, -1, -1, NULL},
    {H_NTTDOCOMO, "552 too many recipients", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_NTTDOCOMO, "503 bad sequence of commands", R(SYNTAXERROR), NULL, -1, -1, NULL},
    {H_NTTDOCOMO, "504 command parameter not implemented", R(SYNTAXERROR), NULL, -1, -1, NULL},
    {H_TENCENT, "spf check failed", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_TENCENT, "dmarc check failed", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_TENCENT, "suspected bounce attacks", R(BLOCKED), NULL, -1, -1, NULL},
    {H_TENCENT, "suspected spam ip", R(BLOCKED), NULL, -1, -1, NULL},
    {H_TENCENT, "connection denied", R(BLOCKED), NULL, -1, -1, NULL},
    {H_TENCENT, "message too large", R(MESGTOOBIG), NULL, -1, -1, NULL},
    {H_TENCENT, "suspected spam", R(REJECTED), NULL, -1, -1, NULL},
    {H_TENCENT, "mail is rejected by recipients", R(REJECTED), NULL, -1, -1, NULL},
    {H_TENCENT, "mailbox unavailable or access denined", R(SPEEDING), NULL, -1, -1, NULL},
    {H_TENCENT, "is a deactivated mailbox", R(SUSPEND), NULL, -1, -1, NULL},
    {H_TENCENT, "bad address syntax", R(SYNTAXERROR), NULL, -1, -1, NULL},
    {H_TENCENT, "ip frequency limited", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_TENCENT, "domain frequency limited", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_TENCENT, "sender frequency limited", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_TENCENT, "connection frequency limited", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_TENCENT, "mailbox not found", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_YAHOOINC, "yahoo requires all senders to authenticate with either spf or dkim", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_YAHOOINC, " because the ip is in spamhaus's list;", R(BLOCKED), NULL, -1, -1, NULL},
    {H_YAHOOINC, "not accepted from ip addresses on spamhaus xbl", R(BLOCKED), NULL, -1, -1, NULL},
    {H_YAHOOINC, "relaying denied for ", R(NORELAYING), NULL, -1, -1, NULL},
    {H_YAHOOINC, "headers are not rfc compliant", R(NOTCOMPLIANTRFC), NULL, -1, -1, NULL},
    {H_YAHOOINC, "not accepted for policy reasons", R(POLICYVIOLATION), NULL, -1, -1, NULL},
    {H_YAHOOINC, "temporarily deferred due to unexpected volume or user complaints", R(REJECTED), NULL, -1, -1, NULL},
    {H_YAHOOINC, "due to unresolvable rfc.5321 domain", R(REJECTED), NULL, -1, -1, NULL},
    {H_YAHOOINC, " will be permanently deferred", R(REJECTED), NULL, -1, -1, NULL},
    {H_YAHOOINC, "user is receiving mail too quickly", R(SPEEDING), NULL, -1, -1, NULL},
    {H_YAHOOINC, " is no longer valid.", R(SUSPEND), NULL, -1, -1, NULL},
    {H_YAHOOINC, "this mailbox is disabled", R(SUSPEND), NULL, -1, -1, NULL},
    {H_YAHOOINC, "syntax error in parameters or arguments", R(SYNTAXERROR), NULL, -1, -1, NULL},
    {H_YAHOOINC, "max message per connection reached", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_YAHOOINC, "dd this user doesn't have a ", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_YAHOOINC, "mailbox not found", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_AOL, "host or domain name not found", R(HOSTUNKNOWN), NULL, -1, -1, NULL},
    {H_AOL, "type=mx: malformed or unexpected name server reply", R(NOTACCEPT), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p7", R(AUTHFAILURE), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p1", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p2", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p3", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p4", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-t1", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-t2", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-t3", R(BLOCKED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "msg-p2", R(CONTENTERROR), NULL, -1, -1, NULL},
    {H_FACEBOOK, "rcp-p2", R(FILTERED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "rcp-p3", R(FILTERED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "msg-p1", R(MESGTOOBIG), NULL, -1, -1, NULL},
    {H_FACEBOOK, "int-p2", R(MESGTOOBIG), NULL, -1, -1, NULL},
    {H_FACEBOOK, "msg-p3", R(NOTCOMPLIANTRFC), NULL, -1, -1, NULL},
    {H_FACEBOOK, "dns-p1", R(REJECTED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "dns-p2", R(REJECTED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "dns-t1", R(REJECTED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "dns-p3", R(REQUIREPTR), NULL, -1, -1, NULL},
    {H_FACEBOOK, "dns-t2", R(REQUIREPTR), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p6", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p7", R(SPAMDETECTED), NULL, -1, -1, NULL},
    {H_FACEBOOK, "rcp-t4", R(SUSPEND), NULL, -1, -1, NULL},
    {H_FACEBOOK, "rcp-t1", R(SYSTEMERROR), NULL, -1, -1, NULL},
    {H_FACEBOOK, "con-t1", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "con-t2", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "con-t3", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "con-t4", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "msg-t1", R(TOOMANYCONN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "rcp-p1", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "int-p1", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "int-p3", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "int-p4", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_FACEBOOK, "pol-p5", R(VIRUSDETECTED), NULL, -1, -1, NULL},
    {H_GSUITE, "null mx", R(NOTACCEPT), NULL, -1, -1, NULL},
    {H_GSUITE, "because the address couldn't be found. check for typos or unnecessary spaces and try again.", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_MESSAGELABS, "please turn on smtp authentication in your mail client", R(SECURITYERROR), NULL, -1, -1, NULL},
    {H_MESSAGELABS, "542 ", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_MESSAGELABS, " rejected", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_MESSAGELABS, "no such user", R(USERUNKNOWN), NULL, -1, -1, NULL},
    {H_OUTLOOK, "the mail could not be delivered to the recipient because the domain is not reachable", R(HOSTUNKNOWN), NULL, -1, -1, NULL},
    {H_OUTLOOK, "requested action not taken: mailbox unavailable", R(USERUNKNOWN), NULL, -1, -1, NULL},
};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return b && a >= b && lsc__casecmp(s + a - b, suffix) == 0;
}

/* The provider by the recipient's domain (a provider host ends with it),
 * else by the remote MTA, else by the reporting MTA. */
static int provider_of(const char *domain, const char *rmta, const char *lmta)
{
    size_t i;
    for (i = 0; domain[0] && i < LSC__COUNT(hosts); i++)
        if (ends_with(hosts[i].host, domain))
            return hosts[i].provider;
    for (i = 0; rmta[0] && i < LSC__COUNT(hosts); i++)
        if (ends_with(rmta, hosts[i].host))
            return hosts[i].provider;
    for (i = 0; lmta[0] && i < LSC__COUNT(hosts); i++)
        if (ends_with(lmta, hosts[i].host))
            return hosts[i].provider;
    return 0;
}

/* Orange/La Poste write "LPN007_103", "OFR_999", "OUK_103": the code is
 * the last three digits of that token. */
static int france_code(const char *d, char out[4])
{
    static const char *const pre[] = {"lpnaaa", "lpn", "ofr", "ouk"};
    size_t i, k;
    for (i = 0; d[i] && i < LSC__BOUNCE_MAX_SCAN; i++) {
        for (k = 0; k < LSC__COUNT(pre); k++) {
            size_t l = strlen(pre[k]), j, digits = 0;
            if (strncmp(d + i, pre[k], l) != 0 || (i && isalnum((unsigned char)d[i - 1])))
                continue;
            for (j = i + l; d[j] && (isdigit((unsigned char)d[j]) || d[j] == '_' || d[j] == '-'); j++)
                if (isdigit((unsigned char)d[j]))
                    digits++;
            if (digits >= 3 && isdigit((unsigned char)d[j - 1]) &&
                isdigit((unsigned char)d[j - 2]) && isdigit((unsigned char)d[j - 3])) {
                memcpy(out, d + j - 3, 3);
                out[3] = '\0';
                return 1;
            }
        }
    }
    return 0;
}

/* The codes a row comes with agree with the recipient's (Sisimai's
 * rules for Microsoft, Google and Mimecast rows). */
static int codes_fit(const rphrase *f, const lsc__brcpt *r)
{
    char rep[8];
    snprintf(rep, sizeof rep, "%d", r->reply);
    if (f->provider == H_MICROSOFT && f->status) {
        const char *last;
        if (f->lo == f->hi)
            return strcmp(r->status, f->status) == 0;
        if (!strstr(r->status, f->status) || f->lo < 0 || f->hi < 0)
            return 0;
        last = strrchr(r->status, '.');
        return last && atoi(last + 1) >= f->lo && atoi(last + 1) <= f->hi;
    }
    if (f->provider == H_GOOGLE && f->status && f->reply) {
        /* reply "550" fits "550" by its last two digits, status "5.7.26"
         * by what follows the class */
        const char *x;
        if (!r->reply || strlen(r->status) < 5)
            return 0;
        x = strstr(f->reply, rep + 1);
        if (!x || x == f->reply)
            return 0;
        x = strstr(f->status, r->status + 2);
        return x && x - f->status >= 2;
    }
    if (f->provider == H_MIMECAST && f->reply)
        return r->reply && strcmp(f->reply, rep) == 0;
    return 1;
}

int lsc__bounce_rhost(const lsc__brcpt *r, const char *lower_diag)
{
    const char *at = strrchr(r->addr, '@');
    int p = provider_of(at ? at + 1 : "", r->rmta ? r->rmta : "",
                        r->lmta ? r->lmta : "");
    size_t i;
    char code[4];
    if (!p || !lower_diag[0])
        return -1;
    if (p == H_NTTDOCOMO) {
        if (strcmp(r->status, "5.1.1") == 0 || strcmp(r->status, "5.0.911") == 0)
            return R(USERUNKNOWN);
        if (strcmp(r->status, "5.2.0") == 0)
            return R(FILTERED);
    }
    if (p == H_GSUITE) {
        /* "domain name not found": permanent -> hostunknown, else the
         * network (Google retries it) */
        int st = r->status[0], rp = r->reply ? '0' + r->reply / 100 : 0;
        if (strstr(lower_diag, " responded with code nxdomain") ||
            strstr(lower_diag, "domain name not found") ||
            strstr(lower_diag, " had no relevant answers.")) {
            if (st == '5' || rp == '5')
                return strstr(lower_diag, " had no relevant answers.") &&
                       !strstr(lower_diag, "nxdomain") && !strstr(lower_diag, "domain name not found")
                           ? -1 : R(HOSTUNKNOWN);
            return R(NETWORKERROR);
        }
    }
    if (p == H_FRANCEPTT && france_code(lower_diag, code)) {
        for (i = 0; i < LSC__COUNT(phrases); i++)
            if (phrases[i].provider == p && strcmp(phrases[i].phrase, code) == 0)
                return phrases[i].reason;
    }
    for (i = 0; i < LSC__COUNT(phrases); i++) {
        const rphrase *f = &phrases[i];
        if (f->provider != p || !codes_fit(f, r))
            continue;
        if (p == H_FRANCEPTT && isdigit((unsigned char)f->phrase[0]) && strlen(f->phrase) == 3)
            continue;
        if (strstr(lower_diag, f->phrase))
            return f->reason;
    }
    if (p == H_NTTDOCOMO && strcmp(r->status, "5.0.0") == 0) {
        if (strcmp(r->command, "RCPT") == 0)
            return R(USERUNKNOWN);
        if (strcmp(r->command, "DATA") == 0)
            return R(REJECTED);
    }
    return -1;
}
