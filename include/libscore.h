/*
 * libscore.h - will this email be bounced, filtered or ignored, and why?
 *
 * This header is the whole public interface of libscore and its manual.
 *
 * Model
 *   lsc_engine   built once from lsc_options (weights, disabled rules,
 *                phrase lists, limits, language of explanations); immutable
 *                afterwards and safe to share between any number of threads.
 *   lsc_result   what one scoring call returns: the risk, the rules that
 *                fired (lsc_hit) with their evidence, and the facts read from
 *                the message (parts, attachments, flags).  The caller owns it
 *                and frees it with lsc_result_free(); every pointer it hands
 *                out is borrowed from it and lives as long as it does.
 *   lsc_error    a caller-allocated struct that receives a message when a
 *                call fails.  Optional everywhere (pass NULL).  There is no
 *                global "last error".
 *
 * Conventions
 *   - Functions return 0 (LSC_OK) or a negative LSC_E... code.
 *   - Output parameters come first; what comes back through a ** belongs to
 *     the caller and is freed with the matching _free, which accepts NULL.
 *   - Every input is a pointer plus a length; strings are UTF-8.
 *   - Broken mail is not an error: a missing boundary, an unknown charset or
 *     a limit reached is a flag on the result (LSC_MSG_*, LSC_PART_*) and,
 *     where it matters for delivery, a hit.  Errors are for the caller's
 *     mistakes (LSC_EINVAL), resources (LSC_ENOMEM, LSC_EIO) and bad
 *     configuration (LSC_ECONFIG).
 *   - The library never prints, never exits, never aborts and never touches
 *     the network.
 *
 * ABI policy
 *   Error codes, flag bits and enum values never change meaning.  Structs
 *   the library hands out (lsc_hit, lsc_part, ...) only ever grow at the end;
 *   never allocate them yourself.  Since such a struct may grow, never
 *   index an array of them with your own sizeof: reach element i through
 *   its accessor (lsc_hit_evidence, lsc_attachment_entry), which the
 *   library computes with its own size.  Structs the caller fills in
 *   (lsc_options, lsc_score_options, lsc_draft) and outputs the caller
 *   allocates (lsc_history_match, lsc_history_summary) carry a version:
 *   initialise them with the matching _init function or _INIT macro.
 */
#ifndef LIBSCORE_H
#define LIBSCORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(LSC_BUILDING)
#define LSC_API __declspec(dllexport)
#elif defined(__GNUC__)
#define LSC_API __attribute__((visibility("default")))
#else
#define LSC_API
#endif

/* ------------------------------------------------------------------ */
/* Version                                                             */
/* ------------------------------------------------------------------ */

#define LSC_VERSION_MAJOR 0
#define LSC_VERSION_MINOR 1
#define LSC_VERSION_PATCH 0
#define LSC_VERSION_STRING "0.1.0"
/* 0xMMmmpp, comparable with LSC_VERSION_NUMBER at build time. */
#define LSC_VERSION_NUMBER \
    ((LSC_VERSION_MAJOR << 16) | (LSC_VERSION_MINOR << 8) | LSC_VERSION_PATCH)

/* The version of the library actually linked, as 0xMMmmpp. */
LSC_API int lsc_version(void);
/* The same as a string, e.g. "0.1.0". */
LSC_API const char *lsc_version_string(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Stable numbers: a code never changes meaning once released. */
typedef enum lsc_status {
    LSC_OK = 0,
    LSC_EINVAL = -1,       /* a NULL where a value is needed, a bad argument */
    LSC_ENOMEM = -2,       /* an allocation failed; nothing leaked */
    LSC_EIO = -3,          /* a file or database could not be read/written */
    LSC_ECONFIG = -4,      /* a config file, phrase list or option is wrong */
    LSC_EVERSION = -5,     /* a struct version this library does not know */
    LSC_ENOTFOUND = -6,    /* no such rule, file or entry */
    LSC_ECORRUPT = -7,     /* stored data (history, fingerprint) is damaged */
    LSC_EBUSY = -8,        /* a database stayed locked too long */
    LSC_EUNSUPPORTED = -9, /* a feature this build lacks */
    LSC_EINTERNAL = -10,   /* a dependency failed in a way we did not expect */
    LSC_ERANGE = -11       /* a caller's buffer is too small (the size needed
                              is reported); not LSC_EINVAL */
} lsc_status;

/* Caller-allocated; needs no freeing.  Filled only when a call fails. */
typedef struct lsc_error {
    int code;            /* the lsc_status returned */
    int line;            /* line in a config/phrase file, else 0 */
    int column;          /* column in that line, else 0 */
    char source[128];    /* file, option or function the error is about */
    char message[256];   /* human-readable, English, NUL-terminated */
} lsc_error;

/* A short English description of an lsc_status code; never NULL. */
LSC_API const char *lsc_strerror(int code);

/* ------------------------------------------------------------------ */
/* Engine options                                                      */
/* ------------------------------------------------------------------ */

/* Optional allocator for everything the library allocates itself (not
 * for what libxml2, ICU or libmagic allocate inside).  Used by hosts with
 * their own heaps and by the out-of-memory tests. */
typedef struct lsc_allocator {
    void *(*malloc_fn)(void *ud, size_t size);
    void *(*realloc_fn)(void *ud, void *ptr, size_t size);
    void (*free_fn)(void *ud, void *ptr);
    void *ud;
} lsc_allocator;

/* Hard limits on what a message may make the library do.  Zero means the
 * default (the LSC_DEFAULT_* values).  Reaching a limit is never an error:
 * the result gets an LSC_MSG_* flag and what was read so far is scored.
 * Growth rule: lsc_limits sits inside lsc_options, so it follows that
 * struct's version.  A new limit is added at the end of lsc_limits only
 * together with a new LSC_OPTIONS_VERSION; the library keeps reading an
 * lsc_options of an older version with the older lsc_limits (the new limit
 * at its default).  Fields are never reordered or removed. */
typedef struct lsc_limits {
    size_t max_message_bytes;   /* bytes of input read */
    size_t max_parts;           /* MIME entities (containers and leaves) */
    size_t max_depth;           /* nesting of multipart and message/rfc822 */
    size_t max_headers;         /* header fields per entity */
    size_t max_header_bytes;    /* bytes of one unfolded header field */
    size_t max_html_nodes;      /* elements read from one HTML part */
    size_t max_links;           /* links kept per message */
    size_t max_words;           /* words kept per message */
    size_t max_archive_entries; /* entries listed per archive */
    size_t max_archive_depth;   /* archives inside archives */
    uint64_t max_archive_bytes; /* uncompressed bytes read per archive */
} lsc_limits;

#define LSC_DEFAULT_MAX_MESSAGE_BYTES ((size_t)64 * 1024 * 1024)
#define LSC_DEFAULT_MAX_PARTS 1000
#define LSC_DEFAULT_MAX_DEPTH 20
#define LSC_DEFAULT_MAX_HEADERS 1000
#define LSC_DEFAULT_MAX_HEADER_BYTES ((size_t)64 * 1024)
#define LSC_DEFAULT_MAX_HTML_NODES 200000
#define LSC_DEFAULT_MAX_LINKS 5000
#define LSC_DEFAULT_MAX_WORDS 200000
#define LSC_DEFAULT_MAX_ARCHIVE_ENTRIES 10000
#define LSC_DEFAULT_MAX_ARCHIVE_DEPTH 4
#define LSC_DEFAULT_MAX_ARCHIVE_BYTES ((uint64_t)256 * 1024 * 1024)

/* Override of one rule's weight or switch. */
typedef struct lsc_rule_setting {
    const char *id;   /* rule id, e.g. "PROMO_PHRASES" */
    double weight;    /* new weight; negative keeps the default */
    int enabled;      /* 0 switches the rule off */
} lsc_rule_setting;

/* Override of a provider's message size limit (attachments). */
typedef struct lsc_size_limit {
    const char *domain; /* recipient domain, or "*" for any other */
    uint64_t bytes;     /* largest encoded message it accepts */
} lsc_size_limit;

/* How phrase lists from wordlist_dir combine with the embedded ones. */
typedef enum lsc_wordlist_mode {
    LSC_WORDLISTS_EXTEND = 0,  /* embedded lists plus the directory's */
    LSC_WORDLISTS_REPLACE = 1  /* only the directory's */
} lsc_wordlist_mode;

/* Language of explanations and suggestions. */
typedef enum lsc_lang {
    LSC_LANG_EN = 0,
    LSC_LANG_ZH = 1
} lsc_lang;

/* Engine flags. */
#define LSC_OPT_NO_MAGIC       0x0001u /* do not type attachments by content */
#define LSC_OPT_NO_ARCHIVES    0x0002u /* do not list archive contents */
#define LSC_OPT_NO_FIRST_CONTACT 0x0004u /* no risk for attachments on a first message */

#define LSC_OPTIONS_VERSION 1

typedef struct lsc_options {
    unsigned version;          /* LSC_OPTIONS_VERSION */
    unsigned flags;            /* LSC_OPT_* */
    lsc_lang lang;             /* explanations: LSC_LANG_EN (default), LSC_LANG_ZH */
    const char *wordlist_dir;  /* extra phrase lists (NUL-terminated path) or NULL */
    lsc_wordlist_mode wordlist_mode;
    const char *config;        /* config text (see below) or NULL */
    size_t config_len;
    const char *config_path;   /* config file to read, or NULL */
    const lsc_rule_setting *rules; /* per-rule overrides, applied after config */
    size_t n_rules;
    const lsc_size_limit *size_limits; /* provider size limit overrides */
    size_t n_size_limits;
    lsc_limits limits;
    const lsc_allocator *allocator; /* NULL: malloc/realloc/free */
} lsc_options;

#define LSC_OPTIONS_INIT { LSC_OPTIONS_VERSION, 0, LSC_LANG_EN, NULL, \
    LSC_WORDLISTS_EXTEND, NULL, 0, NULL, NULL, 0, NULL, 0, \
    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, NULL }

/* Fills *opts with the defaults (same as LSC_OPTIONS_INIT). */
LSC_API void lsc_options_init(lsc_options *opts);

/*
 * Config text, one setting per line, '#' starts a comment:
 *     weight PROMO_PHRASES 3.5
 *     disable EMOJI_DENSITY
 *     enable EMOJI_DENSITY
 *     lang zh
 *     limit max_parts 200
 *     size_limit example.com 15000000
 * Unknown keys or rule ids are LSC_ECONFIG with the line in lsc_error.
 */

/* ------------------------------------------------------------------ */
/* Engine                                                              */
/* ------------------------------------------------------------------ */

typedef struct lsc_engine lsc_engine;

/* Builds an engine.  opts may be NULL for the defaults.  The engine does
 * not keep pointers into opts. */
LSC_API int lsc_engine_new(lsc_engine **out, const lsc_options *opts,
                           lsc_error *err);
LSC_API void lsc_engine_free(lsc_engine *engine);

/* The rule table, for hosts that show or configure rules. */
typedef struct lsc_rule_info {
    const char *id;            /* "PROMO_PHRASES" */
    const char *group;         /* "wording", "shouting", "html", ... */
    const char *description;   /* one line, in the engine's language */
    double default_weight;
    double weight;             /* after options and config */
    int enabled;
} lsc_rule_info;

LSC_API size_t lsc_engine_rule_count(const lsc_engine *engine);
/* NULL when index is out of range. */
LSC_API const lsc_rule_info *lsc_engine_rule(const lsc_engine *engine,
                                             size_t index);
/* Group caps: the most points one group can add. */
LSC_API double lsc_engine_group_cap(const lsc_engine *engine,
                                    const char *group);
/* cli branch: the language the engine explains in, after lsc_options.lang
 * and the config's "lang" (which is read later and wins), so that a host
 * can label its own output to match. */
LSC_API lsc_lang lsc_engine_lang(const lsc_engine *engine);

/* ------------------------------------------------------------------ */
/* History of sent mail (template similarity)                          */
/* ------------------------------------------------------------------ */

typedef struct lsc_history lsc_history;
typedef struct lsc_fingerprint lsc_fingerprint;

/* (history and fingerprint functions: see "History API" below) */

/* ------------------------------------------------------------------ */
/* Scoring                                                             */
/* ------------------------------------------------------------------ */

typedef enum lsc_mode {
    /* A draft before sending: headers the sending server adds itself
     * (Date, Message-ID, Received...) are not expected. */
    LSC_MODE_DRAFT = 0,
    /* A message as delivered: every header a sender should set is judged. */
    LSC_MODE_SENT = 1
} lsc_mode;

/* Version 2 added lsc_score_options.check; version 1 structs are still
 * read (without it). */
#define LSC_SCORE_OPTIONS_VERSION 2

/* lsc_score_options.flags */
/* The host will not record this message in a history: its fingerprint is
 * not computed (a third of the scoring time on the SpamAssassin corpus:
 * 8,550 instead of 5,590 messages per CPU-second), and
 * lsc_result_fingerprint gives NULL.  Ignored when a history is given,
 * which needs the fingerprint to compare. */
#define LSC_SCORE_NO_FINGERPRINT 0x1u

typedef struct lsc_score_options {
    unsigned version;      /* LSC_SCORE_OPTIONS_VERSION */
    unsigned flags;        /* LSC_SCORE_* (other bits: LSC_EINVAL) */
    lsc_mode mode;
    int64_t now;           /* seconds since the epoch; 0 = the current time */
    lsc_history *history;  /* earlier mail to compare with, or NULL */
    /* (version 2) A sender or recipient check made before (lsc_check,
     * "DNS readiness" below), or NULL: its findings with points become
     * hits of group "dns" in this result.  Only read; lsc_score never
     * asks DNS itself. */
    const struct lsc_check *check;
} lsc_score_options;

#define LSC_SCORE_OPTIONS_INIT { LSC_SCORE_OPTIONS_VERSION, 0, LSC_MODE_DRAFT, 0, NULL, NULL }
LSC_API void lsc_score_options_init(lsc_score_options *so);

typedef struct lsc_result lsc_result;

/* Scores one RFC 5322 / MIME message of len bytes (an mbox "From " line
 * first is allowed).  so may be NULL (draft mode, now, no history). */
LSC_API int lsc_score(lsc_result **out, const lsc_engine *engine,
                      const void *message, size_t len,
                      const lsc_score_options *so, lsc_error *err);

/* Reads only the structure (MIME, decoding, visible text) without running
 * the rules: for tools that inspect messages. */
LSC_API int lsc_parse(lsc_result **out, const lsc_engine *engine,
                      const void *message, size_t len, lsc_error *err);

LSC_API void lsc_result_free(lsc_result *result);

/* ------------------------------------------------------------------ */
/* Result: the score                                                   */
/* ------------------------------------------------------------------ */

typedef enum lsc_level {
    LSC_LEVEL_LOW = 0,
    LSC_LEVEL_MEDIUM = 1,
    LSC_LEVEL_HIGH = 2,
    /* The input is not an email at all (empty, binary, text without a
     * mail header): the one hit is NOT_EMAIL, risk and points are 0. */
    LSC_LEVEL_UNREADABLE = 3
} lsc_level;

/* "low", "medium", "high", "unreadable". */
LSC_API const char *lsc_level_name(lsc_level level);

/*
 * The score.  Every hit earns weight x strength points; the hits of one
 * group together earn their sum up to the group's cap
 * (lsc_engine_group_cap) and only its logarithm beyond (cap x (1 +
 * ln(sum / cap))), so one family of evidence cannot outvote the rest, yet
 * fixing any finding lowers the score (lsc_hit.fix_points).  A rule the
 * engine disables never raises another rule of its group.
 *
 * lsc_result_points: the total of the capped points.  The default weights
 *   are fitted on labelled real mail (tools/calibrate.py) so that points
 *   add up like evidence: each point multiplies the odds of "spam" by
 *   roughly the same factor.
 * lsc_result_risk: 0..100.  Up to risk 90 (3.9 points), the points mapped
 *   through the logistic curve fitted on that mail: about the chance, in
 *   percent, that a message scoring this much is spam rather than ham when
 *   both are equally common, rescaled so that a message with no findings
 *   has risk 0.  Above it the risk keeps rising towards 100 without
 *   reaching it (99 at most, first shown where the top 1% of real spam
 *   scores), so that more points always read as more risk: 2.25 points
 *   is 48, 5 is 91, 8 is 93, 12 is 96, 17 is 97, 23 is 99.
 * lsc_result_level:
 *   LSC_LEVEL_LOW     risk below about 48: most mail scoring this little
 *                     is legitimate; nothing a filter would act on.
 *   LSC_LEVEL_MEDIUM  spam and ham score this much about equally often:
 *                     some filters may flag it; worth fixing.
 *   LSC_LEVEL_HIGH    risk about 91 and up: on the calibration mail about
 *                     98 in 100 messages scoring this much were spam (at
 *                     equal numbers of both) and 0.15% of ordinary ham got
 *                     there: likely to be filtered or rejected; fix
 *                     before sending.
 *   LSC_LEVEL_UNREADABLE  the input is not an email (empty, binary, text
 *                     without one mail header field): the only hit is
 *                     NOT_EMAIL, points and risk are 0.
 * The exact cut-offs are in libscore/rules/score_curve.def (written by
 * tools/calibrate.py), the figures behind them in libscore/rules/score.c.
 */
LSC_API double lsc_result_points(const lsc_result *r);  /* sum of capped points */
LSC_API int lsc_result_risk(const lsc_result *r);       /* 0..100 */
LSC_API lsc_level lsc_result_level(const lsc_result *r);

/* Where a piece of evidence is. */
typedef enum lsc_where {
    LSC_WHERE_MESSAGE = 0,   /* the message as a whole (no span) */
    LSC_WHERE_SUBJECT = 1,   /* offsets into lsc_result_subject() */
    LSC_WHERE_BODY = 2,      /* offsets into the text of part `part` */
    LSC_WHERE_HEADER = 3,    /* offsets into the decoded header `header` */
    LSC_WHERE_ATTACHMENT = 4,/* the attachment in part `part` (no span) */
    LSC_WHERE_LINK = 5,      /* the link target: offsets into lsc_link.href */
    LSC_WHERE_DNS = 6        /* a DNS record (lsc_check): header = the name
                                asked, text = the record, start 0, end its length */
} lsc_where;

typedef struct lsc_evidence {
    lsc_where where;
    size_t part;          /* part index (lsc_result_part) for BODY, ATTACHMENT */
    const char *header;   /* header name for HEADER, else NULL */
    size_t start, end;    /* byte offsets [start, end) into that text */
    const char *text;     /* the evidence itself, NUL-terminated UTF-8 */
} lsc_evidence;

typedef struct lsc_hit {
    const char *id;           /* rule id */
    const char *group;
    double weight;            /* the rule's weight in this engine */
    double strength;          /* 0..1, how strongly the rule matched */
    double points;            /* weight x strength, after the group cap */
    const char *description;  /* the rule's one line */
    const char *explanation;  /* what was found, with the numbers */
    const char *suggestion;   /* what to change */
    size_t n_evidence;
    const lsc_evidence *evidence;
    /* What fixing this finding gains: the score of this message without
     * this hit minus the score with it (its group capped again without
     * it), so never positive: -1.0 means fixing it lowers the points by
     * 1.0.  fix_risk is the same in risk (0..-100). */
    double fix_points;
    int fix_risk;
} lsc_hit;

/* Evidence i (0 .. n_evidence - 1) of a hit, or NULL.  Read evidence
 * through this, not hit->evidence[i] (see the ABI policy above). */
LSC_API const lsc_evidence *lsc_hit_evidence(const lsc_hit *hit, size_t index);

/* Hits, worst (most points) first. */
LSC_API size_t lsc_result_hit_count(const lsc_result *r);
LSC_API const lsc_hit *lsc_result_hit(const lsc_result *r, size_t index);
/* The hit of one rule, or NULL when it did not fire. */
LSC_API const lsc_hit *lsc_result_find_hit(const lsc_result *r, const char *id);

/* ------------------------------------------------------------------ */
/* Result: what was read from the message                              */
/* ------------------------------------------------------------------ */

/* Message flags: what was malformed or cut short. */
#define LSC_MSG_TRUNCATED          0x00000001u /* max_message_bytes reached */
#define LSC_MSG_TOO_MANY_PARTS     0x00000002u /* max_parts reached */
#define LSC_MSG_TOO_DEEP           0x00000004u /* max_depth reached */
#define LSC_MSG_TOO_MANY_HEADERS   0x00000008u /* max_headers reached */
#define LSC_MSG_HEADER_TOO_LONG    0x00000010u /* max_header_bytes reached */
#define LSC_MSG_NO_HEADERS         0x00000020u /* no header block at all */
#define LSC_MSG_BAD_HEADER         0x00000040u /* a header line without colon */
#define LSC_MSG_8BIT_HEADER        0x00000080u /* raw 8-bit bytes in headers */
#define LSC_MSG_MISSING_BOUNDARY   0x00000100u /* multipart without boundary/close */
#define LSC_MSG_BAD_ENCODED_WORD   0x00000200u /* RFC 2047 word that did not decode */
#define LSC_MSG_NUL_BYTES          0x00000400u /* NUL bytes in the message */
#define LSC_MSG_BARE_CR            0x00000800u /* bare CR line ends */
#define LSC_MSG_LONG_LINES         0x00001000u /* lines over 998 bytes */
#define LSC_MSG_TOO_MANY_LINKS     0x00002000u /* max_links reached */
#define LSC_MSG_TOO_MANY_WORDS     0x00004000u /* max_words reached (also the hit WORD_LIMIT_REACHED) */
#define LSC_MSG_HTML_TOO_BIG       0x00008000u /* max_html_nodes reached */
#define LSC_MSG_MBOX_FROM          0x00010000u /* an mbox From_ line was skipped */

LSC_API unsigned lsc_result_flags(const lsc_result *r);

/* Part kinds. */
typedef enum lsc_part_kind {
    LSC_PART_LEAF = 0,
    LSC_PART_MULTIPART = 1,  /* multipart/... container */
    LSC_PART_MESSAGE = 2     /* message/rfc822 container */
} lsc_part_kind;

/* Part flags. */
#define LSC_PART_NO_HEADERS        0x00000001u /* no header block */
#define LSC_PART_BAD_BASE64        0x00000002u /* bad characters or length */
#define LSC_PART_BAD_QP            0x00000004u /* bad =XX escapes */
#define LSC_PART_UNKNOWN_ENCODING  0x00000008u /* unknown transfer encoding */
#define LSC_PART_UNKNOWN_CHARSET   0x00000010u /* declared charset unknown */
#define LSC_PART_NO_CHARSET        0x00000020u /* text part without charset */
#define LSC_PART_CHARSET_GUESSED   0x00000040u /* charset detected by content */
#define LSC_PART_INVALID_BYTES     0x00000080u /* bytes invalid in the charset */
#define LSC_PART_TRUNCATED         0x00000100u /* body cut by a limit */
#define LSC_PART_NOT_CLOSED        0x00000200u /* multipart without close boundary */
#define LSC_PART_8BIT_UNDECLARED   0x00000400u /* 8-bit body in a 7bit part */
#define LSC_PART_ATTACHMENT        0x00000800u /* an attachment (not body text) */
#define LSC_PART_TEXT              0x00001000u /* a text/plain or text/html body */
#define LSC_PART_HTML              0x00002000u /* text/html */
#define LSC_PART_INLINE_IMAGE      0x00004000u /* an image shown in the body */

typedef struct lsc_part {
    size_t index;              /* position among all parts, depth-first */
    size_t leaf_index;         /* position among leaves, or (size_t)-1 */
    size_t parent;             /* index of the container, or (size_t)-1 */
    unsigned depth;            /* 0 for the top-level entity */
    lsc_part_kind kind;
    const char *content_type;  /* "type/subtype", lower case, never NULL */
    const char *charset;       /* declared charset, lower case, or NULL */
    const char *disposition;   /* "inline", "attachment", ... or NULL */
    const char *filename;      /* decoded UTF-8 (RFC 2231/2047), or NULL */
    const char *transfer_encoding; /* lower case, or NULL */
    size_t encoded_bytes;      /* body bytes as on the wire */
    const unsigned char *body; /* body after transfer decoding */
    size_t body_bytes;
    const char *utf8;          /* text parts: body converted to UTF-8 */
    size_t utf8_bytes;
    const char *text;          /* text parts: visible text (HTML reduced) */
    size_t text_bytes;
    const char *real_type;     /* MIME type by content (libmagic), or NULL */
    unsigned flags;            /* LSC_PART_* */
    size_t invalid_bytes;      /* bytes replaced in charset conversion */
} lsc_part;

LSC_API size_t lsc_result_part_count(const lsc_result *r);
LSC_API const lsc_part *lsc_result_part(const lsc_result *r, size_t index);

/* The decoded subject (UTF-8) and its length; "" when there is none. */
LSC_API const char *lsc_result_subject(const lsc_result *r, size_t *len);

/* Top-level header fields in message order: name and value, the value
 * unfolded and RFC 2047-decoded to UTF-8.  Returns -1-based: LSC_ENOTFOUND
 * when index is past the end. */
LSC_API size_t lsc_result_header_count(const lsc_result *r);
LSC_API int lsc_result_header(const lsc_result *r, size_t index,
                              const char **name, const char **value);
/* The first top-level header of that name (case-insensitive), or NULL. */
LSC_API const char *lsc_result_header_value(const lsc_result *r,
                                            const char *name);

/* ------------------------------------------------------------------ */
/* Result: attachments                                                 */
/* ------------------------------------------------------------------ */

/* What the attachments stage found about every non-text leaf: files
 * attached, and inline parts that are not body text (images, ...).
 * Filled by lsc_score() (not by lsc_parse()).  Sizes are bytes. */

/* Attachment (and archive entry) flags. */
#define LSC_ATT_BLOCKED         0x00000001u /* Gmail refuses it: name, content or an entry */
#define LSC_ATT_BLOCKED_NAME    0x00000002u /* its extension is on the blocked list */
#define LSC_ATT_BLOCKED_CONTENT 0x00000004u /* its content is a blocked type (program, disk image...) */
#define LSC_ATT_BLOCKED_INSIDE  0x00000008u /* an archive entry at some depth is blocked */
#define LSC_ATT_DOUBLE_EXT      0x00000010u /* a document extension hides another (a.pdf.exe) */
#define LSC_ATT_HIDDEN_CHARS    0x00000020u /* invisible, control or bidi characters, space padding */
#define LSC_ATT_RTL_OVERRIDE    0x00000040u /* U+202E/U+202D/U+2066..U+2069 reverse how it reads */
#define LSC_ATT_MISMATCH        0x00000080u /* extension, declared and real type disagree */
#define LSC_ATT_ARCHIVE         0x00000100u /* an archive (zip, rar, 7z, tar, gz, ...) */
#define LSC_ATT_NESTED_ARCHIVE  0x00000200u /* an archive holds another archive */
#define LSC_ATT_ENCRYPTED       0x00000400u /* password-protected entries, Office file or PDF */
#define LSC_ATT_MACRO           0x00000800u /* a VBA project or macro sheets (also inside archives) */
#define LSC_ATT_PDF_JS          0x00001000u /* PDF with /JavaScript or /JS */
#define LSC_ATT_PDF_LAUNCH      0x00002000u /* PDF with a /Launch action */
#define LSC_ATT_PDF_AUTO_JS     0x00004000u /* PDF runs JavaScript on open (/OpenAction, /AA) */
#define LSC_ATT_EXECUTABLE      0x00008000u /* a program by content (PE, ELF, Mach-O) */
#define LSC_ATT_ARCHIVE_BOMB    0x00010000u /* uncompressed size over max_archive_bytes */
#define LSC_ATT_ARCHIVE_LIMIT   0x00020000u /* max_archive_entries or _depth reached: list incomplete */
#define LSC_ATT_DAMAGED         0x00040000u /* an archive or document that could not be read whole */
#define LSC_ATT_INLINE          0x00080000u /* shown in the body, not offered as a file */
#define LSC_ATT_OFFICE          0x00100000u /* an Office document (OOXML, OLE or ODF) */
#define LSC_ATT_PDF             0x00200000u /* a PDF by content */
/* content branch: Office and spreadsheet files that act on opening */
#define LSC_ATT_REMOTE_CONTENT  0x00400000u /* loads a template or object from the network (OOXML rels) */
#define LSC_ATT_FORMULA_CMD     0x00800000u /* spreadsheet cells that run commands (DDE, CSV formulas) */
#define LSC_ATT_MACRO_RUNS      0x01000000u /* VBA that runs on opening and calls out (Shell, CreateObject) */

/* The names of flag bits, from the library (bindings need not copy the
 * constants): the macro's name without its prefix, lower case
 * (LSC_ATT_PDF_JS: "pdf_js"); NULL for a bit with no meaning or a value
 * that is not one bit. */
typedef enum lsc_flag_set {
    LSC_FLAGS_MESSAGE = 0,     /* LSC_MSG_* (lsc_result_flags) */
    LSC_FLAGS_PART = 1,        /* LSC_PART_* (lsc_part.flags) */
    LSC_FLAGS_ATTACHMENT = 2   /* LSC_ATT_* (lsc_attachment.flags) */
} lsc_flag_set;
LSC_API const char *lsc_flag_name(lsc_flag_set set, unsigned bit);

/* One file inside an archive (at any depth). */
typedef struct lsc_archive_entry {
    const char *name;     /* name inside its archive, as stored */
    const char *path;     /* names from the attachment down: "a.zip > b.zip > c.exe" */
    uint64_t size;        /* uncompressed size, declared or read; 0 when unknown */
    unsigned depth;       /* 1 inside the attachment, 2 inside an archive in it, ... */
    size_t parent;        /* index of the entry holding it, or (size_t)-1 */
    unsigned flags;       /* the LSC_ATT_* that concern this entry */
} lsc_archive_entry;

typedef struct lsc_attachment {
    size_t part;              /* its part, for lsc_result_part() and evidence */
    const char *filename;     /* decoded file name, or NULL */
    const char *extension;    /* last extension, lower case, no dot, or NULL */
    const char *extensions;   /* the trailing extensions, e.g. "pdf.exe", or NULL */
    const char *declared_type;/* Content-Type, lower case, never NULL */
    const char *real_type;    /* MIME type by content: libmagic's, or
                                 text/plain, text/html, text/rtf for text
                                 files; NULL when unknown */
    const char *kind;         /* what libscore recognised ("pe", "zip", "ooxml",
                                 "ole", "pdf", ...), or NULL */
    uint64_t decoded_bytes;   /* the file's size */
    uint64_t encoded_bytes;   /* its size on the wire (base64 included) */
    unsigned flags;           /* LSC_ATT_* */
    size_t n_entries;         /* archive entries listed, at every depth */
    const lsc_archive_entry *entries;
    uint64_t archive_bytes;   /* uncompressed bytes the entries declare or hold */
} lsc_attachment;

/* Archive entry i (0 .. n_entries - 1) of an attachment, or NULL.  Read
 * entries through this, not a->entries[i] (see the ABI policy above). */
LSC_API const lsc_archive_entry *lsc_attachment_entry(const lsc_attachment *a,
                                                      size_t index);

/* Attachments in part order. */
LSC_API size_t lsc_result_attachment_count(const lsc_result *r);
LSC_API const lsc_attachment *lsc_result_attachment(const lsc_result *r,
                                                    size_t index);
/* The message size as given (the encoded size on the wire). */
LSC_API uint64_t lsc_result_message_bytes(const lsc_result *r);
/* The smallest message size the recipients' providers accept, and the
 * recipient domain it comes from ("*" when no recipient has its own
 * limit).  Provider table: gmail.com/googlemail.com 25 MB,
 * outlook.com/hotmail.com/live.com/msn.com 20 MB, yahoo.com 25 MB,
 * icloud.com/me.com/mac.com 20 MB, qq.com/163.com/126.com 50 MB, any other
 * 10 MB (MB = 1,048,576 bytes), overridden by lsc_options.size_limits.
 * 0 after lsc_parse(). */
LSC_API uint64_t lsc_result_size_limit(const lsc_result *r,
                                       const char **domain);

/* ------------------------------------------------------------------ */
/* History API (template similarity)                                   */
/* ------------------------------------------------------------------ */

/*
 * A fingerprint is what libscore remembers of a sent message: no text, only
 * a MinHash signature over 3-word shingles of the visible subject and body
 * (128 hashes, for the index), the 512 smallest shingle hashes (for the
 * similarity itself), an exact hash of the normalized body, small hashes of the
 * body's word runs (to tell "only the greeting changed" from new content),
 * the recipient domains and the time.  lsc_score computes one for every
 * message (lsc_result_fingerprint); a host adds it to a history when the
 * message is really sent, or stores its encoded form elsewhere.
 *
 * A history is the sender's (or a team's) memory of sent mail: a store
 * of fingerprints with a locality-sensitive hashing index and a
 * per-domain time index beside them, read on demand (opening reads no
 * entry; a query does not scan every entry): an SQLite file in WAL mode,
 * a private in-memory database (":memory:"), or a PostgreSQL database
 * shared by a team ("postgresql://...").  Several processes (on
 * PostgreSQL, several machines) may add at once; an add that returned is
 * not lost when a process is killed.  Entries older than max_age are
 * never answered and are deleted in bounded steps.  An lsc_history has
 * its own mutex, which also guards its database connection: one handle
 * may be shared by threads, and lsc_score calls that pass it through
 * lsc_score_options only read it (under that mutex).  The engine stays
 * immutable.
 */

/* Limits of one fingerprint (stable for encoding version 1). */
#define LSC_FINGERPRINT_MAX_DOMAINS 64   /* recipient domains kept */
#define LSC_FINGERPRINT_MAX_BYTES 24000  /* largest encoded fingerprint */

/* The fingerprint of a scored message, borrowed from the result (lives as
 * long as it); NULL for results of lsc_parse. */
LSC_API const lsc_fingerprint *lsc_result_fingerprint(const lsc_result *r);

/* Personalization depth of a result scored against a history: how many
 * of its words (*total) sit in runs of words that its nearest earlier
 * message (>= 50% similar, *similarity) does not have (*changed), and when
 * that message was sent (*when).  A template with only the name changed
 * gives 1-3 changed words; real rewriting gives many.  Any output may be
 * NULL.  LSC_ENOTFOUND when there was no history or no such message. */
LSC_API int lsc_result_personalization(const lsc_result *r, size_t *changed,
                                       size_t *total, double *similarity,
                                       int64_t *when);

/* Encodes fp in the stable, versioned binary form (at most
 * LSC_FINGERPRINT_MAX_BYTES; little-endian, with a checksum).  *len gets
 * the size needed; with buf NULL or cap too small nothing is written, and
 * a buffer that was given but is too small is LSC_ERANGE. */
LSC_API int lsc_fingerprint_encode(unsigned char *buf, size_t cap,
                                   size_t *len, const lsc_fingerprint *fp,
                                   lsc_error *err);
/* Decodes one encoded fingerprint (exactly len bytes).  Damaged, truncated
 * or foreign input is LSC_ECORRUPT, an unknown version LSC_EVERSION.  Free
 * *out with lsc_fingerprint_free. */
LSC_API int lsc_fingerprint_decode(lsc_fingerprint **out, const void *data,
                                   size_t len, lsc_error *err);
/* Frees a decoded fingerprint; NULL is fine.  Never call it on the one a
 * result hands out. */
LSC_API void lsc_fingerprint_free(lsc_fingerprint *fp);

/* Facts of a fingerprint. */
LSC_API int64_t lsc_fingerprint_time(const lsc_fingerprint *fp);
LSC_API size_t lsc_fingerprint_domain_count(const lsc_fingerprint *fp);
/* The recipient domain at index (lower case), NULL past the end. */
LSC_API const char *lsc_fingerprint_domain(const lsc_fingerprint *fp,
                                           size_t index);
/* Estimated Jaccard similarity of the two messages' shingle sets, 0..1
 * (0 when either has no words). */
LSC_API double lsc_fingerprint_similarity(const lsc_fingerprint *a,
                                          const lsc_fingerprint *b);

#define LSC_HISTORY_OPTIONS_VERSION 1

/* History flags. */
#define LSC_HISTORY_READONLY  0x1u /* never write (no add, no pruning) */
#define LSC_HISTORY_SYNC_FULL 0x2u /* fsync every add: also survive power loss */

typedef struct lsc_history_options {
    unsigned version;        /* LSC_HISTORY_OPTIONS_VERSION */
    unsigned flags;          /* LSC_HISTORY_* */
    int64_t max_age;         /* seconds an entry is kept; 0 = 90 days */
    int busy_timeout_ms;     /* wait for other writers; 0 = 5000 */
    int64_t now;             /* clock for pruning; 0 = the current time */
    const lsc_allocator *allocator; /* NULL: malloc/realloc/free */
} lsc_history_options;

#define LSC_HISTORY_DEFAULT_MAX_AGE ((int64_t)90 * 24 * 3600)
#define LSC_HISTORY_OPTIONS_INIT { LSC_HISTORY_OPTIONS_VERSION, 0, 0, 0, 0, NULL }
LSC_API void lsc_history_options_init(lsc_history_options *o);

/* Opens (creating if needed) the history at path: an SQLite file; NULL or
 * ":memory:" keeps it in memory only; a libpq connection string starting
 * "postgresql://" or "postgres://" uses that PostgreSQL database (its
 * lsc_* tables are created or migrated).  A file that is not a libscore
 * history (another database, damaged data) is LSC_ECORRUPT; one that
 * cannot be opened or created, or a server that cannot be reached,
 * LSC_EIO; a lock held too long LSC_EBUSY; a history written by a newer
 * library LSC_EVERSION.  opts may be NULL.  A server lost later makes a
 * call fail with LSC_EIO; the next call connects again, and adding the
 * same fingerprint again after a failed add never records it twice. */
LSC_API int lsc_history_open(lsc_history **out, const char *path,
                             const lsc_history_options *opts,
                             lsc_error *err);
/* Records a sent message.  Returns once it is committed. */
LSC_API int lsc_history_add(lsc_history *h, const lsc_fingerprint *fp,
                            lsc_error *err);

#define LSC_HISTORY_FILTER_VERSION 1

/* What to look for; every condition given must hold. */
typedef struct lsc_history_filter {
    unsigned version;             /* LSC_HISTORY_FILTER_VERSION */
    const lsc_fingerprint *like;  /* similar to this message, or NULL */
    double min_similarity;        /* with like: estimated Jaccard >= this */
    int64_t since;                /* time >= since (0: no lower bound) */
    int64_t until;                /* time <= until (0: no upper bound) */
    const char *domain;           /* sent to this recipient domain, or NULL */
} lsc_history_filter;

#define LSC_HISTORY_FILTER_INIT { LSC_HISTORY_FILTER_VERSION, NULL, 0.0, 0, 0, NULL }

/* Versioned outputs the caller allocates (lsc_history_match,
 * lsc_history_summary).  Growth rule: a new field is added only at the end,
 * together with a new LSC_HISTORY_MATCH_VERSION or
 * LSC_HISTORY_SUMMARY_VERSION; the library keeps filling a struct of an
 * older version with the older layout (it never writes past it), and an
 * unknown version is LSC_EVERSION.  Fields are never reordered or
 * removed.  Initialise with the _INIT macro or _init function. */
#define LSC_HISTORY_MATCH_VERSION 1

/* One entry found, most similar first (then newest first). */
typedef struct lsc_history_match {
    unsigned version;    /* LSC_HISTORY_MATCH_VERSION */
    int64_t id;          /* the entry's id in the history */
    int64_t time;
    double similarity;   /* estimated Jaccard with q->like, else 0 */
    int same_body;       /* the normalized body is identical */
    size_t n_domains;    /* recipient domains of that message */
} lsc_history_match;

#define LSC_HISTORY_MATCH_INIT { LSC_HISTORY_MATCH_VERSION, 0, 0, 0.0, 0, 0 }
/* Sets the version of each of the n elements of m (m may be NULL if n is
 * 0). */
LSC_API void lsc_history_match_init(lsc_history_match *m, size_t n);

/* Copies the best up to max_matches entries that match q into matches (may
 * be NULL with max_matches 0), whose first element's version says the
 * layout of all of them (lsc_history_match_init); *n_matches (may be NULL)
 * gets how many were copied and *count (may be NULL) how many match in
 * all.  Entries from other processes are read first.  Cost: with like and min_similarity >= 0.5 only entries
 * sharing an LSH band are read, and at most LSC_HISTORY_MAX_COMPARED of
 * them compared (below; *count is then "at least", see
 * lsc_history_query_capped): 32 index lookups on SQLite, one round trip
 * or two on PostgreSQL; a lower min_similarity compares every entry.  Counting by
 * time window or domain alone is an index range count. */
LSC_API int lsc_history_query(lsc_history_match *matches, size_t max_matches,
                              size_t *n_matches, size_t *count,
                              lsc_history *h, const lsc_history_filter *q,
                              lsc_error *err);
/* Candidates a similarity query (like, min_similarity >= 0.5) reads and
 * compares at most: the ones sharing the most LSH bands with q->like
 * first, then the newest (the newest 32 ids of each band are looked at).
 * This keeps a query's cost flat however often a template was sent; the
 * nearest entries are the ones compared, and *count is then a lower
 * bound, which lsc_history_query_capped says. */
#define LSC_HISTORY_MAX_COMPARED 32
/* lsc_history_query, and *capped (may be NULL) 1 when the similarity
 * query met more candidates than LSC_HISTORY_MAX_COMPARED (or a band with
 * more than it looks at): *count then means "at least *count", and the
 * matches are the best of the nearest candidates.  0: *count is exact. */
LSC_API int lsc_history_query_capped(lsc_history_match *matches,
                                     size_t max_matches, size_t *n_matches,
                                     size_t *count, int *capped,
                                     lsc_history *h,
                                     const lsc_history_filter *q,
                                     lsc_error *err);
/* A copy of one entry's fingerprint (id from a match); free it with
 * lsc_fingerprint_free.  LSC_ENOTFOUND when it is gone. */
LSC_API int lsc_history_get(lsc_fingerprint **out, lsc_history *h,
                            int64_t id, lsc_error *err);

#define LSC_HISTORY_SUMMARY_VERSION 1

/* What a history holds (lsc_history_stats); versioned as
 * lsc_history_match above. */
typedef struct lsc_history_summary {
    unsigned version;          /* LSC_HISTORY_SUMMARY_VERSION */
    uint64_t entries;          /* live entries */
    int64_t oldest, newest;    /* times, 0 when empty */
    uint64_t domains;          /* distinct recipient domains */
    char top_domain[256];      /* the domain most mail went to, "" if none */
    uint64_t top_domain_count;
    uint64_t largest_template; /* most entries >= 0.8 similar to one entry
                                  (LSC_HISTORY_MAX_COMPARED: or more) */
    uint64_t memory_bytes;     /* memory the handle holds (page cache) */
    int64_t max_age;           /* seconds entries are kept */
    int persistent;            /* 1 for a file, 0 in memory */
} lsc_history_summary;

#define LSC_HISTORY_SUMMARY_INIT { LSC_HISTORY_SUMMARY_VERSION, 0, 0, 0, 0, \
                                   "", 0, 0, 0, 0, 0 }
LSC_API void lsc_history_summary_init(lsc_history_summary *s);
/* Fills *out, whose version the caller set (LSC_HISTORY_SUMMARY_INIT). */
LSC_API int lsc_history_stats(lsc_history_summary *out, lsc_history *h,
                              lsc_error *err);
/* Closes the history; NULL is fine. */
LSC_API void lsc_history_close(lsc_history *h);

/* -- Team view (issue 15): who sent how many similar letters where -- */

#define LSC_HISTORY_MAX_SENDER 320   /* bytes of a sender name */

/* Names the composer whose adds follow (a mail address or a login; NULL
 * or "" for none), so that a history shared by a team can tell who sent
 * what.  Stored beside each entry, not in the fingerprint. */
LSC_API int lsc_history_set_sender(lsc_history *h, const char *sender,
                                   lsc_error *err);

typedef struct lsc_history_team lsc_history_team;

/* One row of the team view: a sender and a recipient domain. */
typedef struct lsc_history_team_row {
    const char *sender;     /* "" when the composer gave none */
    const char *domain;
    uint64_t sent_hour;     /* letters to the domain in the last hour */
    uint64_t sent_day;      /* ... in the last 24 hours */
    uint64_t similar_hour;  /* of those, near copies (>= 80% alike) of */
    uint64_t similar_day;   /* another letter to the domain that day */
} lsc_history_team_row;

/* The letters of the last 24 hours before now (0: the history's clock),
 * per sender and recipient domain, most similar first.  At most
 * LSC_HISTORY_TEAM_MAX_LETTERS of the newest letters are read (*out
 * says when more were left out).  Free with lsc_history_team_free. */
#define LSC_HISTORY_TEAM_MAX_LETTERS 20000
LSC_API int lsc_history_team_stats(lsc_history_team **out, lsc_history *h,
                                   int64_t now, lsc_error *err);
LSC_API size_t lsc_history_team_count(const lsc_history_team *t);
/* Row i (library-owned, valid until the free), NULL past the end. */
LSC_API const lsc_history_team_row *
lsc_history_team_row_at(const lsc_history_team *t, size_t i);
/* 1 when letters of the day were left out (more than the limit). */
LSC_API int lsc_history_team_truncated(const lsc_history_team *t);
LSC_API void lsc_history_team_free(lsc_history_team *t);

/* ------------------------------------------------------------------ */
/* Bounce API (returned mail)                                          */
/* ------------------------------------------------------------------ */

/*
 * lsc_bounce_read reads a message that came back: an RFC 3464 delivery
 * status notification, the text formats of MTAs that send none (Postfix,
 * Exim, Sendmail, qmail, Exchange, Gmail, Yahoo, the Chinese and Japanese
 * providers, ...), an RFC 5965 feedback (complaint) report or an RFC 3834
 * auto-reply.  For every failed recipient it gives the address, the
 * enhanced status code, the reply code, the diagnostic text as the remote
 * server wrote it, the reason class (the taxonomy of Sisimai, so that
 * results compare with it), hard or soft, and an explanation and a
 * suggestion in the engine's language.  A message that is not a bounce is
 * LSC_BOUNCE_NONE with no recipients, never an error.
 */
typedef struct lsc_bounce lsc_bounce;

typedef enum lsc_bounce_kind {
    LSC_BOUNCE_NONE = 0,       /* not a bounce */
    LSC_BOUNCE_FAILURE = 1,    /* delivery failed or was delayed */
    LSC_BOUNCE_AUTOREPLY = 2,  /* vacation / out-of-office (RFC 3834) */
    LSC_BOUNCE_FEEDBACK = 3,   /* complaint report (RFC 5965 ARF) */
    LSC_BOUNCE_DELIVERED = 4   /* a success notice (Action: delivered) */
} lsc_bounce_kind;

/* Reason classes (names: lsc_bounce_reason_name). Values are stable. */
typedef enum lsc_bounce_reason {
    LSC_REASON_UNDEFINED = 0, LSC_REASON_USERUNKNOWN, LSC_REASON_MAILBOXFULL,
    LSC_REASON_FILTERED, LSC_REASON_REJECTED, LSC_REASON_BLOCKED,
    LSC_REASON_SPAMDETECTED, LSC_REASON_MESGTOOBIG, LSC_REASON_HOSTUNKNOWN,
    LSC_REASON_POLICYVIOLATION, LSC_REASON_SECURITYERROR,
    LSC_REASON_AUTHFAILURE, LSC_REASON_BADREPUTATION, LSC_REASON_REQUIREPTR,
    LSC_REASON_EXPIRED, LSC_REASON_SUSPEND, LSC_REASON_NORELAYING,
    LSC_REASON_SYSTEMERROR, LSC_REASON_SYSTEMFULL, LSC_REASON_NETWORKERROR,
    LSC_REASON_CONTENTERROR, LSC_REASON_EXCEEDLIMIT, LSC_REASON_HASMOVED,
    LSC_REASON_MAILERERROR, LSC_REASON_NOTACCEPT, LSC_REASON_ONHOLD,
    LSC_REASON_SYNTAXERROR, LSC_REASON_TOOMANYCONN, LSC_REASON_SPEEDING,
    LSC_REASON_VIRUSDETECTED, LSC_REASON_NOTCOMPLIANTRFC,
    LSC_REASON_FAILEDSTARTTLS, LSC_REASON_VACATION, LSC_REASON_FEEDBACK,
    LSC_REASON_DELIVERED,
    LSC_REASON_COUNT
} lsc_bounce_reason;

#define LSC_BOUNCE_OPTIONS_VERSION 1

typedef struct lsc_bounce_options {
    unsigned version;          /* LSC_BOUNCE_OPTIONS_VERSION */
    unsigned flags;            /* reserved, 0 */
} lsc_bounce_options;

#define LSC_BOUNCE_OPTIONS_INIT { LSC_BOUNCE_OPTIONS_VERSION, 0 }

/* Reads one message (raw bytes; LF, CRLF or bare CR).  opts may be NULL.
 * Free *out with lsc_bounce_free.  Only LSC_EINVAL, LSC_EVERSION and
 * LSC_ENOMEM are errors. */
LSC_API int lsc_bounce_read(lsc_bounce **out, const lsc_engine *engine,
                            const void *raw, size_t len,
                            const lsc_bounce_options *opts, lsc_error *err);
LSC_API void lsc_bounce_free(lsc_bounce *b);

LSC_API lsc_bounce_kind lsc_bounce_get_kind(const lsc_bounce *b);
LSC_API int lsc_bounce_is_bounce(const lsc_bounce *b);
/* Which reader understood it: "rfc3464", "postfix", "qmail", "arf", ...
 * ("" for LSC_BOUNCE_NONE). */
LSC_API const char *lsc_bounce_format(const lsc_bounce *b);
/* The returned original's Subject (decoded), Message-ID (without <>) and
 * To, "" when the bounce does not carry them. */
LSC_API const char *lsc_bounce_original_subject(const lsc_bounce *b);
LSC_API const char *lsc_bounce_original_message_id(const lsc_bounce *b);
LSC_API const char *lsc_bounce_original_to(const lsc_bounce *b);

LSC_API size_t lsc_bounce_recipient_count(const lsc_bounce *b);
/* Per recipient (index < count; NULL, 0 or "" past the end).  Strings are
 * borrowed from b and never NULL for a valid index. */
LSC_API const char *lsc_bounce_address(const lsc_bounce *b, size_t i);
LSC_API const char *lsc_bounce_status(const lsc_bounce *b, size_t i);  /* "5.1.1" or "" */
LSC_API int lsc_bounce_reply_code(const lsc_bounce *b, size_t i);      /* 550 or 0 */
LSC_API const char *lsc_bounce_diagnostic(const lsc_bounce *b, size_t i);
LSC_API const char *lsc_bounce_action(const lsc_bounce *b, size_t i);
/* The SMTP command the error answered ("RCPT", "DATA", ...) or "". */
LSC_API const char *lsc_bounce_command(const lsc_bounce *b, size_t i);
LSC_API const char *lsc_bounce_reporting_mta(const lsc_bounce *b, size_t i);
LSC_API const char *lsc_bounce_remote_mta(const lsc_bounce *b, size_t i);
/* The date as written and as seconds since the epoch (0 when unknown). */
LSC_API const char *lsc_bounce_date(const lsc_bounce *b, size_t i);
LSC_API int64_t lsc_bounce_time(const lsc_bounce *b, size_t i);
LSC_API lsc_bounce_reason lsc_bounce_get_reason(const lsc_bounce *b,
                                                size_t i);
/* 1 for a hard (permanent, do not resend) bounce. */
LSC_API int lsc_bounce_hard(const lsc_bounce *b, size_t i);
/* One sentence each, in the engine's language (en or zh). */
LSC_API const char *lsc_bounce_explanation(const lsc_bounce *b, size_t i);
LSC_API const char *lsc_bounce_suggestion(const lsc_bounce *b, size_t i);

/* "userunknown", "mailboxfull", ...; "undefined" for unknown values. */
LSC_API const char *lsc_bounce_reason_name(lsc_bounce_reason reason);
/* The reason of that name, or -1. */
LSC_API int lsc_bounce_reason_from_name(const char *name);

/* Records every failed recipient of b in the history (table "bounces" of
 * the same SQLite file): address, time (the bounce's, else now), reason,
 * status, hard.  *added (may be NULL) gets how many rows were written.
 * Later drafts scored with this history fire RECIPIENT_BOUNCED (hard),
 * RECIPIENT_SOFT_BOUNCED (soft, within 7 days) and SENDER_REJECTED_BY_DOMAIN
 * (the domain refused the sender for spam, reputation or authentication). */
LSC_API int lsc_history_add_bounce(lsc_history *h, const lsc_bounce *b,
                                   size_t *added, lsc_error *err);
/* Bounces recorded per recipient domain, most first. */
typedef struct lsc_bounce_domain {
    char domain[256];
    uint64_t bounces;          /* all recorded bounces at the domain */
    uint64_t hard;             /* of which hard */
} lsc_bounce_domain;

/* *total gets every recorded bounce; up to max domains are copied to
 * domains (may be NULL with max 0) and *n (may be NULL) gets how many. */
LSC_API int lsc_history_bounce_stats(lsc_history *h, uint64_t *total,
                                     lsc_bounce_domain *domains, size_t max,
                                     size_t *n, lsc_error *err);

/* ------------------------------------------------------------------ */
/* Draft API (composers)                                               */
/* ------------------------------------------------------------------ */

/*
 * A composer holds a draft as pieces long before it builds MIME.  These
 * functions score such a draft directly: the library builds the message
 * the composer would send (RFC 5322 / 2045: encoded-words for non-ASCII
 * headers, quoted-printable text, base64 attachments, multipart/alternative
 * for text + HTML, multipart/related for inline images, multipart/mixed for
 * attachments) and scores it like any other message, so the result is the
 * same as lsc_score() on the text lsc_draft_mime() returns.
 *
 * Every field is a pointer plus a length; a NULL pointer means "absent".
 * A length of LSC_NTS means the string is NUL-terminated.  Address fields
 * take a header-style list: "Ann Lee <ann@example.com>, bob@example.org".
 * CR and LF in header fields are replaced by spaces (no header injection).
 */

#define LSC_NTS ((size_t)-1)

/* Attachment disposition. */
#define LSC_ATTACH_INLINE 0x1u  /* shown in the HTML (needs content_id) */

typedef struct lsc_draft_attachment {
    const char *filename;      /* UTF-8 name shown to the recipient */
    size_t filename_len;
    const char *content_type;  /* "application/pdf", or NULL: from the
                                  extension, else application/octet-stream */
    size_t content_type_len;
    const void *data;          /* the bytes, or NULL to read path */
    size_t data_len;
    const char *path;          /* NUL-terminated file, used when data is NULL */
    const char *content_id;    /* for inline images ("logo1"), or NULL */
    size_t content_id_len;
    unsigned flags;            /* LSC_ATTACH_* */
} lsc_draft_attachment;

/* Any other header field the composer sets (Date, Message-ID, ...). */
typedef struct lsc_draft_header {
    const char *name;
    size_t name_len;
    const char *value;         /* UTF-8; encoded as needed */
    size_t value_len;
} lsc_draft_header;

#define LSC_DRAFT_VERSION 1

typedef struct lsc_draft {
    unsigned version;          /* LSC_DRAFT_VERSION */
    unsigned flags;            /* reserved, 0 */
    const char *from;        size_t from_len;
    const char *to;          size_t to_len;
    const char *cc;          size_t cc_len;
    const char *bcc;         size_t bcc_len;
    const char *reply_to;    size_t reply_to_len;
    const char *subject;     size_t subject_len;
    const char *text;        size_t text_len;   /* text/plain body */
    const char *html;        size_t html_len;   /* text/html body */
    const char *in_reply_to; size_t in_reply_to_len;
    const char *references;  size_t references_len;
    const lsc_draft_attachment *attachments;
    size_t n_attachments;
    const lsc_draft_header *headers;
    size_t n_headers;
} lsc_draft;

#define LSC_DRAFT_INIT { LSC_DRAFT_VERSION, 0, NULL, 0, NULL, 0, NULL, 0, \
    NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, \
    NULL, 0, NULL, 0 }
LSC_API void lsc_draft_init(lsc_draft *draft);

/*
 * A composer session's memory, owned by the caller (the engine stays
 * immutable).  It keeps, per attachment content (64-bit hash + length),
 * the encoded MIME body and what the pipeline learnt about it, and, per
 * attachment path, the file identity (device, inode, size, mtime), so that
 * re-scoring while the user types does not re-read, re-encode or re-analyse
 * unchanged attachments; it also keeps the attachments' end of the last
 * message it scored in place, so a keystroke rewrites only the headers,
 * text and HTML before it (about the attachments' encoded size again in
 * memory, up to 256 MB), and, per text part, the visible text and words
 * found in its bytes, so an edit re-does only the part edited.  Results
 * share an attachment's bytes with the cache instead of copying them
 * (counted references: a result stays valid after the cache is freed,
 * and may be freed on another thread).  It is bound to the engine it was
 * made for.  One cache serves one thread at a time.  It keeps at most
 * max_entries attachment contents (0: 64), dropping the least recently
 * used ones that the latest scoring did not use.  The cache may be freed
 * before or after the results made through it.
 */
typedef struct lsc_draft_cache lsc_draft_cache;

LSC_API int lsc_draft_cache_new(lsc_draft_cache **out,
                                const lsc_engine *engine, size_t max_entries,
                                lsc_error *err);
LSC_API void lsc_draft_cache_free(lsc_draft_cache *cache);
/* Counters (any pointer may be NULL): attachments whose bytes and
 * encoding came from the cache (hits) or were read and encoded afresh
 * (misses), and attachments whose analysis (real type, archive entries,
 * macro and PDF scans) was reused instead of run again (facts_reused). */
LSC_API void lsc_draft_cache_stats(const lsc_draft_cache *cache,
                                   uint64_t *hits, uint64_t *misses,
                                   uint64_t *facts_reused);

/* Scores a draft.  cache may be NULL; so as for lsc_score().  An attachment
 * path that cannot be read is LSC_EIO with the path in err->source. */
LSC_API int lsc_draft_score(lsc_result **out, const lsc_engine *engine,
                            const lsc_draft *draft,
                            const lsc_score_options *so,
                            lsc_draft_cache *cache, lsc_error *err);

/* The MIME message the draft stands for (what lsc_draft_score scores):
 * NUL-terminated, CRLF line ends; free it with lsc_string_free.  engine
 * may be NULL (only its allocator is used). */
LSC_API int lsc_draft_mime(char **out, size_t *len, const lsc_engine *engine,
                           const lsc_draft *draft, lsc_error *err);

/* ------------------------------------------------------------------ */
/* DNS readiness: sender and recipient checks (opt-in, uses the network) */
/* ------------------------------------------------------------------ */

/*
 * The one part of libscore that touches the network, and only when called.
 * lsc_sender_check answers "is my domain set up to be trusted?": SPF (one
 * record, valid, at most 10 DNS lookups over the include/redirect tree,
 * no +all or ?all, the sending IP or service authorised), DKIM keys of
 * the selectors given or named by the message's DKIM-Signature (present,
 * not revoked, RSA >= 1024 bits), DMARC at _dmarc (policy, pct, rua, and
 * alignment of the From domain with DKIM d= and the SPF domain by
 * organizational domain, Public Suffix List), MX (present, not a null MX,
 * RFC 7505) and BIMI (information).  lsc_recipient_check answers "can
 * these recipients receive mail?": each recipient domain has MX, or A/AAAA
 * (RFC 5321 §5.1), or a null MX, or does not exist; a likely typo of a big
 * provider (gmial.com) names the provider.
 *
 * Findings have the shape of content hits (lsc_hit: id, group, points,
 * explanation and suggestion in the engine's language, evidence with
 * where = LSC_WHERE_DNS: the name asked and the record text).  A check
 * runs once per sending domain (or recipient list) and can be reused for
 * many drafts: pass it in lsc_score_options.check.
 *
 * Questions go to the servers given (or /etc/resolv.conf's) through
 * Debian's ldns, each try waiting timeout_ms, tries times; the whole check
 * stops at deadline_ms.  A check whose answers did not come in time has
 * state LSC_CHECK_UNKNOWN and the finding DNS_UNKNOWN: not "broken", just
 * "could not tell".  Answers are kept in an lsc_dns_cache (if given) until
 * their TTL runs out.
 */

typedef struct lsc_check lsc_check;
typedef struct lsc_dns_cache lsc_dns_cache;

/* Defaults and limits of a check. */
#define LSC_DNS_DEFAULT_TIMEOUT_MS 2000
#define LSC_DNS_DEFAULT_TRIES 2
#define LSC_DNS_DEFAULT_DEADLINE_MS 10000
#define LSC_DNS_CACHE_DEFAULT_ENTRIES 4096

#define LSC_DNS_OPTIONS_VERSION 1

typedef struct lsc_dns_options {
    unsigned version;          /* LSC_DNS_OPTIONS_VERSION */
    unsigned flags;            /* reserved, 0 */
    /* Servers to ask, comma-separated "IP", "IP:PORT" or "[IPv6]:PORT";
     * NULL: the nameservers of /etc/resolv.conf. */
    const char *servers;
    int timeout_ms;            /* one try; 0 = LSC_DNS_DEFAULT_TIMEOUT_MS */
    int tries;                 /* per question; 0 = LSC_DNS_DEFAULT_TRIES */
    int deadline_ms;           /* whole check; 0 = LSC_DNS_DEFAULT_DEADLINE_MS */
    /* DKIM selectors to look up, comma-separated ("s1,google"), or NULL;
     * those named by the message's DKIM-Signature are added. */
    const char *selectors;     size_t selectors_len;
    /* The IP address mail will be sent from, or NULL: SPF is evaluated
     * for it (SPF_IP_NOT_AUTHORISED when it would not pass). */
    const char *sending_ip;
    /* A sending service that must be in the SPF tree, as its include
     * domain ("spf.protection.outlook.com", "_spf.google.com"), or NULL. */
    const char *expect_include;
    /* The raw message (optional): its DKIM-Signature gives selectors and
     * d=, its From and Return-Path the domains DMARC aligns. */
    const void *message;       size_t message_len;
    lsc_dns_cache *cache;      /* answers kept between checks, or NULL */
    int64_t now;               /* seconds since the epoch (cache); 0 = now */
} lsc_dns_options;

#define LSC_DNS_OPTIONS_INIT { LSC_DNS_OPTIONS_VERSION, 0, NULL, 0, 0, 0, \
    NULL, 0, NULL, NULL, NULL, 0, NULL, 0 }
LSC_API void lsc_dns_options_init(lsc_dns_options *o);

/* A cache of DNS answers, kept until their TTL, at most max_entries in
 * memory (0: LSC_DNS_CACHE_DEFAULT_ENTRIES; the oldest go first).  With
 * history_path (the file of a history already made by lsc_history_open;
 * it is not created here) the answers are also kept in that SQLite file,
 * table lsc_dns_cache, so the next process starts warm.  NULL: memory
 * only.  Thread-safe (its own mutex).  LSC_EIO when the file cannot be
 * opened. */
LSC_API int lsc_dns_cache_new(lsc_dns_cache **out, size_t max_entries,
                              const char *history_path, lsc_error *err);
LSC_API void lsc_dns_cache_free(lsc_dns_cache *cache);
/* Answers found in the cache and asked on the wire so far. */
LSC_API void lsc_dns_cache_stats(const lsc_dns_cache *cache, uint64_t *hits,
                                 uint64_t *misses);

/* Checks the sending domain domain[0..len) (LSC_NTS: NUL-terminated).
 * engine gives the language (may be NULL: English).  opts may be NULL.
 * A domain that is not a domain name is LSC_EINVAL; a bad servers string
 * LSC_ECONFIG.  DNS trouble is never an error: it is in the check. */
LSC_API int lsc_sender_check(lsc_check **out, const lsc_engine *engine,
                             const char *domain, size_t len,
                             const lsc_dns_options *opts, lsc_error *err);

/* Checks the recipients of a draft: recipients[0..len) is a header-style
 * address list ("Ann <ann@example.com>, bob@gmial.com"); each distinct
 * domain is asked once (at most 200). */
LSC_API int lsc_recipient_check(lsc_check **out, const lsc_engine *engine,
                                const char *recipients, size_t len,
                                const lsc_dns_options *opts,
                                lsc_error *err);

LSC_API void lsc_check_free(lsc_check *check);

typedef enum lsc_check_state {
    LSC_CHECK_OK = 0,        /* every question answered; no finding with points */
    LSC_CHECK_PROBLEMS = 1,  /* findings with points */
    LSC_CHECK_UNKNOWN = 2    /* DNS did not answer in time: cannot tell */
} lsc_check_state;

LSC_API lsc_check_state lsc_check_state_of(const lsc_check *check);
/* "ok", "problems", "unknown". */
LSC_API const char *lsc_check_state_name(lsc_check_state state);
/* The domain (or recipient list) checked, lower case. */
LSC_API const char *lsc_check_subject(const lsc_check *check);
/* Total points of the findings. */
LSC_API double lsc_check_points(const lsc_check *check);
/* Findings, worst first (information has 0 points). */
LSC_API size_t lsc_check_hit_count(const lsc_check *check);
LSC_API const lsc_hit *lsc_check_hit(const lsc_check *check, size_t index);
LSC_API const lsc_hit *lsc_check_find_hit(const lsc_check *check,
                                          const char *id);
/* Facts read along the way, e.g. "spf.record", "spf.lookups",
 * "dmarc.policy", "mx.hosts", "dkim.<selector>.bits".  LSC_ENOTFOUND past
 * the end. */
LSC_API size_t lsc_check_fact_count(const lsc_check *check);
LSC_API int lsc_check_fact(const lsc_check *check, size_t index,
                           const char **name, const char **value);
LSC_API const char *lsc_check_fact_value(const lsc_check *check,
                                         const char *name);
/* DNS questions asked on the wire, and milliseconds the check took. */
LSC_API size_t lsc_check_queries(const lsc_check *check);
LSC_API double lsc_check_elapsed_ms(const lsc_check *check);
/* The check as a JSON object (state, subject, points, hits, facts);
 * free *out with lsc_string_free. */
LSC_API int lsc_check_json(char **out, size_t *len, const lsc_check *check,
                           unsigned flags);

/* ------------------------------------------------------------------ */
/* Result as JSON                                                      */
/* ------------------------------------------------------------------ */

#define LSC_JSON_PRETTY 0x1u  /* indent */
#define LSC_JSON_PARTS  0x2u  /* include the parts */

/* The result as one JSON object (score, risk, level, hits with evidence
 * spans, flags).  *out is NUL-terminated; free it with lsc_string_free.
 * 0, LSC_EINVAL (out or r NULL, unknown flags) or LSC_ENOMEM, described
 * in *err when given. */
LSC_API int lsc_result_json(char **out, size_t *len, const lsc_result *r,
                            unsigned flags, lsc_error *err);
LSC_API void lsc_string_free(char *s);

/* ------------------------------------------------------------------ */
/* Result as an annotated HTML page (the report)                       */
/* ------------------------------------------------------------------ */

/*
 * One self-contained HTML page a salesperson can read: the risk gauge
 * (0-100, level in words and an icon, what it means), the findings worst
 * first (explanation, suggestion, group, and how much fixing each lowers
 * the risk), the message as the reader sees it (headers, subject, the
 * visible text of the body from the HTML stage) with every evidence span
 * highlighted as <mark id="ev-N-E"> (finding N, its evidence E, both
 * 1-based N and 0-based E) and linked both ways with its finding
 * (id "f-N"), the links with their shown text and real target (as text:
 * the page never links out), the attachments (real type, size against
 * the recipients' limit, archive contents) and, for a result scored with
 * a history, how many earlier letters it resembles.
 *
 * Safety: everything from the mail is escaped for its context; no markup,
 * style, URL, image or script from the message reaches the page.  The
 * page has inline CSS only and a Content-Security-Policy that forbids
 * every load and every script; it prints well.  Text whose first strong
 * character is Arabic or Hebrew gets dir="rtl".
 */
#define LSC_HTML_OPTIONS_VERSION 1

/* lsc_html_options.flags */
/* No <!DOCTYPE>, <html>, <head> or CSP: one <div class="lsc-report">
 * with its own <style> (every rule scoped to .lsc-report), for a host
 * that embeds it in its own page or web view and sets its own CSP. */
#define LSC_HTML_FRAGMENT 0x1u

/* lsc_html_options.lang: the language the result was scored in. */
#define LSC_HTML_LANG_ENGINE (-1)

typedef struct lsc_html_options {
    unsigned version;     /* LSC_HTML_OPTIONS_VERSION */
    unsigned flags;       /* LSC_HTML_* */
    int lang;             /* LSC_HTML_LANG_ENGINE or an lsc_lang: the page's
                             own words (explanations stay in the engine's) */
    const char *title;    /* shown under the heading (a file name), or NULL */
    size_t title_len;     /* or LSC_NTS */
} lsc_html_options;

#define LSC_HTML_OPTIONS_INIT { LSC_HTML_OPTIONS_VERSION, 0, \
    LSC_HTML_LANG_ENGINE, NULL, 0 }
LSC_API void lsc_html_options_init(lsc_html_options *opts);

/* The page for a result of lsc_score or lsc_draft_score (opts may be
 * NULL).  *out is NUL-terminated UTF-8; free it with lsc_string_free.
 * LSC_EINVAL for NULL out or result, LSC_EVERSION for an unknown options
 * version, LSC_ENOMEM.  Limits: LSC_HTML_MAX_MARKS spans highlighted per
 * page (the others are quoted in their finding), 8 marks over one
 * character, 500 links and 200 archive entries per attachment listed. */
#define LSC_HTML_MAX_MARKS 2000
LSC_API int lsc_result_html(char **out, size_t *len, const lsc_result *r,
                            const lsc_html_options *opts, lsc_error *err);

#ifdef __cplusplus
}
#endif

#endif /* LIBSCORE_H */
