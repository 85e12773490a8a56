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
 *   (lsc_options, lsc_score_options, lsc_draft) carry a version: initialise
 *   them with the matching _init function or _INIT macro.
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

#define LSC_SCORE_OPTIONS_VERSION 1

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
} lsc_score_options;

#define LSC_SCORE_OPTIONS_INIT { LSC_SCORE_OPTIONS_VERSION, 0, LSC_MODE_DRAFT, 0, NULL }
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
    LSC_LEVEL_HIGH = 2
} lsc_level;

/* "low", "medium", "high". */
LSC_API const char *lsc_level_name(lsc_level level);

/*
 * The score.  Every hit earns weight x strength points; the hits of one
 * group together earn at most the group's cap (lsc_engine_group_cap), so
 * one family of evidence cannot outvote the rest.
 *
 * lsc_result_points: the total of the capped points.  The default weights
 *   are fitted on labelled real mail (tools/calibrate.py) so that points
 *   add up like evidence: each point multiplies the odds of "spam" by
 *   roughly the same factor.
 * lsc_result_risk: 0..100.  The points mapped through the logistic curve
 *   fitted on that mail: about the chance, in percent, that a message
 *   scoring this much is spam rather than ham when both are equally
 *   common, rescaled so that a message with no findings has risk 0.
 * lsc_result_level:
 *   LSC_LEVEL_LOW     risk below about 46: most mail scoring this little
 *                     is legitimate; nothing a filter would act on.
 *   LSC_LEVEL_MEDIUM  spam and ham score this much about equally often:
 *                     some filters may flag it; worth fixing.
 *   LSC_LEVEL_HIGH    risk about 93 and up: on the calibration mail about
 *                     9 in 10 messages scoring this much were spam (at
 *                     equal numbers of both) and 0.2% of ordinary ham got
 *                     there: likely to be filtered or rejected; fix
 *                     before sending.
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
    LSC_WHERE_LINK = 5       /* the link target: offsets into lsc_link.href */
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
#define LSC_MSG_TOO_MANY_WORDS     0x00004000u /* max_words reached */
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
 * A history is the sender's memory of sent mail: an in-memory index with
 * locality-sensitive hashing (a query does not scan every entry), backed
 * by an SQLite file in WAL mode (or nothing, for ":memory:").  Several
 * processes may add to the same file at once; a transaction that returned
 * is not lost when a process is killed.  Entries older than max_age are
 * pruned.  An lsc_history has its own mutex: one handle may be shared by
 * threads, and lsc_score calls that pass it through lsc_score_options
 * only read it (under that mutex).  The engine stays immutable.
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
 * the size needed; with buf NULL or cap too small nothing is written and
 * LSC_EINVAL is returned when buf was given. */
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

/* Opens (creating if needed) the history at path, an SQLite file; NULL or
 * ":memory:" keeps it in memory only.  A file that is not a libscore
 * history (another database, damaged data) is LSC_ECORRUPT; one that
 * cannot be opened or created LSC_EIO; a lock held too long LSC_EBUSY.
 * opts may be NULL. */
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

/* One entry found, most similar first (then newest first). */
typedef struct lsc_history_match {
    int64_t id;          /* the entry's id in the history */
    int64_t time;
    double similarity;   /* estimated Jaccard with q->like, else 0 */
    int same_body;       /* the normalized body is identical */
    size_t n_domains;    /* recipient domains of that message */
} lsc_history_match;

/* Counts the entries that match q into *count and copies the best up to
 * max_matches into matches (may be NULL with max_matches 0); *n_matches
 * (may be NULL) gets how many were copied.  Entries from other processes
 * are read first.  Cost: with like and min_similarity >= 0.5 only entries
 * sharing an LSH band are compared (microseconds at a million entries);
 * a lower min_similarity compares every entry.  Counting by time window
 * or domain alone is a binary search. */
LSC_API int lsc_history_query(lsc_history *h, const lsc_history_filter *q,
                              size_t *count, lsc_history_match *matches,
                              size_t max_matches, size_t *n_matches,
                              lsc_error *err);
/* A copy of one entry's fingerprint (id from a match); free it with
 * lsc_fingerprint_free.  LSC_ENOTFOUND when it is gone. */
LSC_API int lsc_history_get(lsc_fingerprint **out, lsc_history *h,
                            int64_t id, lsc_error *err);

typedef struct lsc_history_summary {
    uint64_t entries;          /* live entries */
    int64_t oldest, newest;    /* times, 0 when empty */
    uint64_t domains;          /* distinct recipient domains */
    char top_domain[256];      /* the domain most mail went to, "" if none */
    uint64_t top_domain_count;
    uint64_t largest_template; /* most entries >= 0.8 similar to one entry */
    uint64_t memory_bytes;     /* memory the in-memory index uses */
    int64_t max_age;           /* seconds entries are kept */
    int persistent;            /* 1 for a file, 0 in memory */
} lsc_history_summary;

LSC_API int lsc_history_stats(lsc_history *h, lsc_history_summary *out,
                              lsc_error *err);
/* Closes the history; NULL is fine. */
LSC_API void lsc_history_close(lsc_history *h);

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
 * unchanged attachments.  It is bound to the engine it was made for.  One
 * cache serves one thread at a time.  It keeps at most max_entries
 * attachment contents (0: 64), dropping the least recently used ones that
 * the latest scoring did not use.  Results never point into the cache: it
 * may be freed before or after them.
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

#ifdef __cplusplus
}
#endif

#endif /* LIBSCORE_H */
