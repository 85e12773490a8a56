/*
 * dns.h - the DNS readiness stage (issue 13): the contract between its
 * files.  Nothing here runs while scoring: lsc_score only copies the
 * findings of a check the host made before (core/result.c).
 *
 *   records.c   pure parsers, no network: SPF terms (RFC 7208), DMARC tags
 *               (RFC 7489), DKIM key records (RFC 6376) with the key's DER
 *               read by a small bounded reader, DKIM-Signature tags.
 *   resolve.c   questions to DNS through ldns, with per-try timeout, tries
 *               and a deadline for the whole check; answers through the
 *               cache (cache.c).
 *   cache.c     answers by (name, type) until their TTL runs out, in
 *               memory and, when a history is open, in its SQLite file.
 *   spf.c       the SPF tree walk: lookups counted, include/redirect
 *               followed, loops and depth bounded, an IP evaluated.
 *   sender.c    lsc_sender_check: SPF, DKIM, DMARC, MX, BIMI findings.
 *   recipient.c lsc_recipient_check: MX / null MX / A fallback / NXDOMAIN
 *               per recipient domain, typos of big providers.
 *   check.c     the check object, its findings and facts, the public
 *               accessors and options.
 */
#ifndef LSC_DNS_H
#define LSC_DNS_H

#include "base/domain.h"
#include "base/internal.h"

/* ---- named limits (each has a test at it) ---- */

#define LSC__DNS_MAX_TXT_BYTES 4096   /* one TXT record's text kept */
#define LSC__DNS_MAX_RECORDS 64       /* records kept from one answer */
#define LSC__DNS_MAX_CNAMES 8         /* CNAME hops followed per question */
#define LSC__SPF_MAX_LOOKUPS 10       /* RFC 7208 §4.6.4 */
#define LSC__SPF_MAX_DEPTH 10         /* include/redirect nesting walked */
#define LSC__SPF_MAX_TERMS 128        /* terms parsed from one record */
#define LSC__SPF_MAX_MX_NAMES 10      /* RFC 7208 §4.6.4: MX hosts per mx */
#define LSC__SPF_MAX_VOID 2           /* RFC 7208 §4.6.4: void lookups */
#define LSC__SPF_MAX_QUERIES 60       /* questions one SPF walk may ask */
#define LSC__DNS_MAX_SELECTORS 16     /* DKIM selectors tried */
#define LSC__DNS_MAX_RECIPIENT_DOMAINS 200 /* distinct domains checked */
#define LSC__TAG_MAX 64               /* tags read from a DMARC/DKIM record */

/* ---- answers ---- */

typedef enum lsc__dns_status {
    LSC__DNS_OK = 0,        /* records of the type asked (n > 0) */
    LSC__DNS_NODATA = 1,    /* the name exists, no record of that type */
    LSC__DNS_NXDOMAIN = 2,  /* the name does not exist */
    LSC__DNS_FAIL = 3,      /* SERVFAIL, REFUSED, a broken answer */
    LSC__DNS_TIMEOUT = 4    /* no answer within the timeouts/deadline */
} lsc__dns_status;

typedef struct lsc__dns_rr {
    uint16_t type;        /* LDNS/RFC type number */
    uint16_t pref;        /* MX preference */
    char *text;           /* TXT joined strings, MX/CNAME host, A/AAAA text */
    size_t len;
    int cut;              /* TXT longer than LSC__DNS_MAX_TXT_BYTES */
} lsc__dns_rr;

typedef struct lsc__dns_answer {
    lsc__dns_status status;
    uint32_t ttl;         /* smallest TTL of what was used */
    size_t n;
    lsc__dns_rr *rr;      /* n records (arena of the asker) */
    size_t cnames;        /* CNAME hops followed */
    int too_many;         /* more than LSC__DNS_MAX_RECORDS were sent */
    int from_cache;
} lsc__dns_answer;

#define LSC__RR_A 1
#define LSC__RR_CNAME 5
#define LSC__RR_MX 15
#define LSC__RR_TXT 16
#define LSC__RR_AAAA 28

/* ---- resolver (resolve.c) ---- */

typedef struct lsc__resolver lsc__resolver;

/* Builds a resolver from the options (servers "IP:PORT,[IPv6]:PORT", or
 * resolv.conf).  LSC_ECONFIG for a server that does not parse. */
int lsc__resolver_new(lsc__resolver **out, const lsc__alloc *al,
                      const lsc_dns_options *o, lsc_error *err);
void lsc__resolver_free(lsc__resolver *r);
/* Asks name/type (following CNAMEs); the answer's records live in ar.
 * Returns 0 or LSC_ENOMEM; DNS trouble is in a->status. */
int lsc__resolve(lsc__resolver *r, lsc__arena *ar, const char *name,
                 uint16_t type, lsc__dns_answer *a);
/* Questions asked on the wire, and whether the deadline ran out. */
size_t lsc__resolver_queries(const lsc__resolver *r);
int lsc__resolver_expired(const lsc__resolver *r);

/* ---- cache (cache.c) ---- */

/* A copy of the cached answer into ar when fresh at now (0 = miss). */
int lsc__cache_get(lsc_dns_cache *c, lsc__arena *ar, const char *name,
                   uint16_t type, int64_t now, lsc__dns_answer *a);
/* Remembers a (OK, NODATA and NXDOMAIN only) until now + ttl. */
void lsc__cache_put(lsc_dns_cache *c, const char *name, uint16_t type,
                    int64_t now, const lsc__dns_answer *a);

/* ---- SPF records (records.c) ---- */

typedef enum lsc__spf_kind {
    LSC__SPF_ALL, LSC__SPF_INCLUDE, LSC__SPF_A, LSC__SPF_MX, LSC__SPF_PTR,
    LSC__SPF_IP4, LSC__SPF_IP6, LSC__SPF_EXISTS, LSC__SPF_REDIRECT,
    LSC__SPF_EXP, LSC__SPF_UNKNOWN_MOD
} lsc__spf_kind;

typedef struct lsc__spf_term {
    lsc__spf_kind kind;
    char qual;            /* '+', '-', '~', '?' */
    const char *arg;      /* domain-spec or address (points into the record) */
    size_t arg_len;
    int cidr4, cidr6;     /* prefix lengths, -1 when absent */
    unsigned char addr[16]; /* ip4 (4 bytes) / ip6 network */
} lsc__spf_term;

typedef struct lsc__spf_record {
    lsc__spf_term terms[LSC__SPF_MAX_TERMS];
    size_t n;
    int too_many_terms;
    const char *error;    /* first syntax error (static English), or NULL */
    size_t error_at;      /* byte offset of it */
} lsc__spf_record;

/* 1 when the TXT text is an SPF record ("v=spf1" then space or end). */
int lsc__spf_is_record(const char *txt, size_t n);
/* Parses one record (with its "v=spf1"); never fails: syntax errors are
 * in rec->error, the terms before it are kept. */
void lsc__spf_parse(lsc__spf_record *rec, const char *txt, size_t n);
/* 1 when the macro-free domain-spec or address holds a '%' macro. */
int lsc__spf_has_macro(const char *s, size_t n);

/* ---- tag=value records: DMARC, DKIM key, DKIM-Signature ---- */

typedef struct lsc__tag {
    const char *name, *value; /* into the record; value trimmed */
    size_t name_len, value_len;
} lsc__tag;

typedef struct lsc__tags {
    lsc__tag t[LSC__TAG_MAX];
    size_t n;
    int too_many;
    int bad;              /* a tag without '=', an empty name, a repeat */
} lsc__tags;

void lsc__tags_parse(lsc__tags *tags, const char *txt, size_t n);
/* The tag's value, or NULL (and *len 0). */
const char *lsc__tag_get(const lsc__tags *tags, const char *name,
                         size_t *len);

typedef enum lsc__dmarc_policy {
    LSC__DMARC_P_NONE, LSC__DMARC_P_QUARANTINE, LSC__DMARC_P_REJECT,
    LSC__DMARC_P_BAD
} lsc__dmarc_policy;

typedef struct lsc__dmarc {
    lsc__tags tags;
    int valid;            /* v=DMARC1 first and a known p= */
    lsc__dmarc_policy p, sp;
    int pct;              /* 0..100; 100 when absent; -1 when not a number */
    int adkim_strict, aspf_strict;
    const char *rua;      /* into the record, or NULL */
    size_t rua_len;
} lsc__dmarc;

int lsc__dmarc_is_record(const char *txt, size_t n);
void lsc__dmarc_parse(lsc__dmarc *d, const char *txt, size_t n);

typedef struct lsc__dkim_key {
    lsc__tags tags;
    int revoked;          /* p= present and empty */
    int no_key;           /* no p= tag at all */
    int bad_version;      /* v= present and not DKIM1 */
    int malformed;        /* p= not base64 or its DER does not read */
    char key_type[16];    /* "rsa", "ed25519", other k= as given (cut) */
    unsigned bits;        /* RSA modulus bits, 256 for ed25519, 0 unknown */
    int testing;          /* t=y */
} lsc__dkim_key;

/* Reads a DKIM key record; scratch (for the base64 of p=) lives in ar.
 * Returns 0 or LSC_ENOMEM. */
int lsc__dkim_key_parse(lsc__dkim_key *k, lsc__arena *ar, const char *txt,
                        size_t n);
/* Modulus bits of an RSA key given as SubjectPublicKeyInfo DER or as a
 * bare RSAPublicKey (both are found in DNS); 0 when it does not read. */
unsigned lsc__rsa_der_bits(const unsigned char *der, size_t n);

/* ---- checks (sender.c, recipient.c, check.c) ---- */

typedef struct lsc_check lsc__check;

/* One finding of the table in check.c, by id.  points are the default;
 * explanation/suggestion formats take the arguments given to
 * lsc__finding.  evidence_name is the DNS name, text the record (both may
 * be NULL).  Returns 0 or LSC_ENOMEM. */
int lsc__finding(lsc__check *c, const char *id, const char *evidence_name,
                 const char *evidence_text, size_t text_len, ...);
/* A fact ("spf.lookups" = "7") for hosts and tests. */
int lsc__fact(lsc__check *c, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The check's arena, resolver and options, for the check files. */
lsc__arena *lsc__check_arena(lsc__check *c);
lsc__resolver *lsc__check_resolver(lsc__check *c);
const lsc_dns_options *lsc__check_options(lsc__check *c);
/* The engine the check was made with, or NULL. */
const lsc_engine *lsc__check_engine(lsc__check *c);
/* Marks the check unknown (DNS unreachable in the deadline). */
void lsc__check_unknown(lsc__check *c);
/* Asks through the cache and the resolver, counting unknown answers. */
int lsc__check_ask(lsc__check *c, const char *name, uint16_t type,
                   lsc__dns_answer *a);

int lsc__sender_run(lsc__check *c, const char *domain);
int lsc__recipient_run(lsc__check *c, const char *list, size_t len);

/* The SPF walk of domain: result of evaluating ip (may be NULL), lookups
 * counted over the whole tree, findings added to c. */
typedef struct lsc__spf_walk {
    size_t lookups;       /* DNS-querying terms over the tree */
    size_t void_lookups;
    size_t depth;         /* deepest include/redirect */
    int loop;             /* a domain included from itself */
    int has_include;      /* opts->expect_include is in the tree */
    int ip_result;        /* 0 none, '+', '-', '~', '?', 'e' permerror */
    int broken;           /* permerror somewhere (syntax, missing include) */
} lsc__spf_walk;

int lsc__spf_walk_run(lsc__check *c, const char *domain, const char *record,
                      size_t len, lsc__spf_walk *w);

/* The big mail provider a domain is a likely typo of, or NULL. */
const char *lsc__provider_typo(const char *domain, size_t len);

#endif
