/*
 * mime.h - what mime.c, decode.c and address.c share: RFC 2047 words,
 * MIME parameters (RFC 2045/2231), charset conversion to UTF-8 (ICU) and
 * the transfer decoders.
 *
 * Everything writes into the result's arena; functions return 0 or
 * LSC_ENOMEM (broken input is a flag, never an error).
 */
#ifndef LSC_MIME_H
#define LSC_MIME_H

#include "base/engine.h"

/* Nesting read whatever max_depth says (the reader recurses). */
#define LSC__MIME_HARD_DEPTH 1000
/* Parameters read from one Content-Type/Disposition value. */
#define LSC__MAX_PARAMS 256
/* Longest charset label looked at; longer labels are "unknown". */
#define LSC__CHARSET_NAME_MAX 64

/* ---- UTF-8 ---- */

/* Appends in[0..n) to out, every ill-formed sequence (maximal subpart, as
 * Unicode recommends) replaced by U+FFFD; *invalid (may be NULL) counts the
 * bytes replaced. */
int lsc__utf8_sanitize(lsc__buf *out, const char *in, size_t n,
                       size_t *invalid);
/* 1 when in[0..n) is well-formed UTF-8. */
int lsc__utf8_valid(const char *in, size_t n);
/* Length of the well-formed sequence at s[0..n) (1 for ASCII), or 0 with
 * *bad set to the length of the maximal ill-formed subpart. */
size_t lsc__utf8_seq(const unsigned char *s, size_t n, size_t *bad);
/* Code point cp (no surrogate) as UTF-8 at o (room for 4); its length. */
size_t lsc__utf8_encode(uint32_t cp, char *o);

/* ---- charsets (decode.c) ---- */

#define LSC__CS_OK 0
#define LSC__CS_UNKNOWN 1    /* ICU does not know the label: nothing written */

/* Converts in[0..n) from the charset label (need not be NUL-terminated,
 * any case) to UTF-8, appending to out.  Invalid bytes become U+FFFD and
 * are counted in *invalid.  Returns LSC__CS_OK, LSC__CS_UNKNOWN or
 * LSC_ENOMEM. */
int lsc__charset_to_utf8(lsc__buf *out, const char *label, size_t label_len,
                         const char *in, size_t n, size_t *invalid);

/* ---- transfer decoders (decode.c), the tolerance of Python's email ---- */

/* base64 as email.message.get_payload(decode=True) reads it: CR/LF
 * anywhere, other bad characters skipped, missing padding added.  *bad is
 * set when the input was not clean base64. */
int lsc__base64_decode(lsc__buf *out, const char *in, size_t n, int *bad);
/* quoted-printable (binascii.a2b_qp); header=1 for RFC 2047 Q (_ = SP).
 * *bad is set on an '=' that is neither an escape nor a soft break. */
int lsc__qp_decode(lsc__buf *out, const char *in, size_t n, int header,
                   int *bad);

/* ---- headers (mime.c) ---- */

/* RFC 2047 decoding of an unstructured value as Python's email does it
 * (words anywhere a token starts with =?, white space between adjacent
 * words dropped, broken words kept as text), then made valid UTF-8 (raw
 * 8-bit bytes are read as UTF-8).  *bad (may be NULL) is set when an
 * encoded word could not be decoded. */
int lsc__decode_words(lsc__arena *ar, const char *in, size_t n, char **out,
                      size_t *out_len, int *bad);

/* A Content-Type value's type "/" subtype in lower case (RFC 2045 5.1:
 * blanks and comments around the slash allowed), "" when there is none,
 * NULL when out of memory; in ar. */
char *lsc__mime_content_type(lsc__arena *ar, const char *v, size_t n);
/* The first token of a field value (disposition, transfer encoding) in
 * lower case in *out, NULL when it has none: 0 or LSC_ENOMEM. */
int lsc__mime_token(lsc__arena *ar, const char *v, size_t n, const char **out);
/* The value of parameter `name` in a Content-Type/Disposition value
 * (RFC 2045 quoting, RFC 2231 continuations, charsets and
 * %-encoding), decoded to UTF-8, or NULL in *out when absent. */
int lsc__mime_param(lsc__arena *ar, const char *value, size_t n,
                    const char *name, char **out);

/* ---- addresses (address.c) ---- */

/* Parses an address-list header value (raw, unfolded) and appends one
 * lsc__address per mailbox to out (header = the header's index).  At most
 * LSC__MAX_ADDRESSES per header. */
#define LSC__MAX_ADDRESSES 2000
int lsc__address_parse(lsc__arena *ar, const char *raw, size_t n,
                       size_t header, lsc__vec *out);
/* 1 when local@domain is a valid RFC 5321 mailbox (dot-atom or quoted
 * local part, host name domain or address literal). */
int lsc__addr_spec_valid(const char *local, size_t llen, const char *domain,
                         size_t dlen);


/* The stages: the parts tree and headers from raw bytes (mime.c), then
 * transfer decoding and charset conversion of every leaf (decode.c). */
int lsc__mime_parse(lsc__ctx *c, const char *data, size_t len);
/* RFC 5322 2.1.1: lines longer than this are flagged. */
#define LSC__MAX_LINE 998
/* bytes.c: LSC_MSG_NUL_BYTES, LSC_MSG_BARE_CR and LSC_MSG_LONG_LINES of
 * the bytes d[0..n); _ref reads them byte by byte, for the test that
 * compares. */
unsigned lsc__mime_byte_facts(const char *d, size_t n);
unsigned lsc__mime_byte_facts_ref(const char *d, size_t n);
int lsc__decode_run(lsc__ctx *c);

/* Space or tab (RFC 5322 WSP), for mime.c and fields.c. */
int lsc__mime_is_wsp(int ch);

/* charset.c, for decode.c: are all n bytes ASCII; is the label an ASCII
 * one (us-ascii and its aliases); and the body read in the charset it
 * shows (valid UTF-8, an HTML <meta>, the detector, windows-1252), with
 * LSC_PART_* flags for what was guessed.  0 or LSC_ENOMEM. */
int lsc__mime_all_ascii(const char *in, size_t n);
int lsc__mime_is_ascii_label(const char *l);
int lsc__mime_guess(lsc__buf *out, const char *in, size_t n, size_t *invalid,
                    unsigned *flags, int html);

#endif
