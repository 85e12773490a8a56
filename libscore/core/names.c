/*
 * names.c - the names of flag bits (lsc_flag_name), so that callers and
 * bindings take them from the library instead of copying the constants.
 *
 * Takes: a flag set and one bit.  Gives: the name, which is the macro's
 * name without its prefix, lower case (LSC_ATT_PDF_JS: "pdf_js"), or NULL
 * for a bit with no meaning.  tests/cli/flag_names.sh checks every
 * LSC_MSG_*, LSC_PART_* and LSC_ATT_* bit of the header against this.
 */
#include "base/internal.h"

static const char *const msg_names[32] = {
    [0] = "truncated",   /* LSC_MSG_TRUNCATED */
    [1] = "too_many_parts",   /* LSC_MSG_TOO_MANY_PARTS */
    [2] = "too_deep",   /* LSC_MSG_TOO_DEEP */
    [3] = "too_many_headers",   /* LSC_MSG_TOO_MANY_HEADERS */
    [4] = "header_too_long",   /* LSC_MSG_HEADER_TOO_LONG */
    [5] = "no_headers",   /* LSC_MSG_NO_HEADERS */
    [6] = "bad_header",   /* LSC_MSG_BAD_HEADER */
    [7] = "8bit_header",   /* LSC_MSG_8BIT_HEADER */
    [8] = "missing_boundary",   /* LSC_MSG_MISSING_BOUNDARY */
    [9] = "bad_encoded_word",   /* LSC_MSG_BAD_ENCODED_WORD */
    [10] = "nul_bytes",   /* LSC_MSG_NUL_BYTES */
    [11] = "bare_cr",   /* LSC_MSG_BARE_CR */
    [12] = "long_lines",   /* LSC_MSG_LONG_LINES */
    [13] = "too_many_links",   /* LSC_MSG_TOO_MANY_LINKS */
    [14] = "too_many_words",   /* LSC_MSG_TOO_MANY_WORDS */
    [15] = "html_too_big",   /* LSC_MSG_HTML_TOO_BIG */
    [16] = "mbox_from",   /* LSC_MSG_MBOX_FROM */
};

static const char *const part_names[32] = {
    [0] = "no_headers",   /* LSC_PART_NO_HEADERS */
    [1] = "bad_base64",   /* LSC_PART_BAD_BASE64 */
    [2] = "bad_qp",   /* LSC_PART_BAD_QP */
    [3] = "unknown_encoding",   /* LSC_PART_UNKNOWN_ENCODING */
    [4] = "unknown_charset",   /* LSC_PART_UNKNOWN_CHARSET */
    [5] = "no_charset",   /* LSC_PART_NO_CHARSET */
    [6] = "charset_guessed",   /* LSC_PART_CHARSET_GUESSED */
    [7] = "invalid_bytes",   /* LSC_PART_INVALID_BYTES */
    [8] = "truncated",   /* LSC_PART_TRUNCATED */
    [9] = "not_closed",   /* LSC_PART_NOT_CLOSED */
    [10] = "8bit_undeclared",   /* LSC_PART_8BIT_UNDECLARED */
    [11] = "attachment",   /* LSC_PART_ATTACHMENT */
    [12] = "text",   /* LSC_PART_TEXT */
    [13] = "html",   /* LSC_PART_HTML */
    [14] = "inline_image",   /* LSC_PART_INLINE_IMAGE */
};

static const char *const att_names[32] = {
    [0] = "blocked",   /* LSC_ATT_BLOCKED */
    [1] = "blocked_name",   /* LSC_ATT_BLOCKED_NAME */
    [2] = "blocked_content",   /* LSC_ATT_BLOCKED_CONTENT */
    [3] = "blocked_inside",   /* LSC_ATT_BLOCKED_INSIDE */
    [4] = "double_ext",   /* LSC_ATT_DOUBLE_EXT */
    [5] = "hidden_chars",   /* LSC_ATT_HIDDEN_CHARS */
    [6] = "rtl_override",   /* LSC_ATT_RTL_OVERRIDE */
    [7] = "mismatch",   /* LSC_ATT_MISMATCH */
    [8] = "archive",   /* LSC_ATT_ARCHIVE */
    [9] = "nested_archive",   /* LSC_ATT_NESTED_ARCHIVE */
    [10] = "encrypted",   /* LSC_ATT_ENCRYPTED */
    [11] = "macro",   /* LSC_ATT_MACRO */
    [12] = "pdf_js",   /* LSC_ATT_PDF_JS */
    [13] = "pdf_launch",   /* LSC_ATT_PDF_LAUNCH */
    [14] = "pdf_auto_js",   /* LSC_ATT_PDF_AUTO_JS */
    [15] = "executable",   /* LSC_ATT_EXECUTABLE */
    [16] = "archive_bomb",   /* LSC_ATT_ARCHIVE_BOMB */
    [17] = "archive_limit",   /* LSC_ATT_ARCHIVE_LIMIT */
    [18] = "damaged",   /* LSC_ATT_DAMAGED */
    [19] = "inline",   /* LSC_ATT_INLINE */
    [20] = "office",   /* LSC_ATT_OFFICE */
    [21] = "pdf",   /* LSC_ATT_PDF */
    [22] = "remote_content",   /* LSC_ATT_REMOTE_CONTENT */
    [23] = "formula_cmd",   /* LSC_ATT_FORMULA_CMD */
    [24] = "macro_runs",   /* LSC_ATT_MACRO_RUNS */
};

const char *lsc_flag_name(lsc_flag_set set, unsigned bit)
{
    const char *const *t;
    unsigned i = 0;
    if (bit == 0 || (bit & (bit - 1)) != 0)
        return NULL;
    switch (set) {
    case LSC_FLAGS_MESSAGE: t = msg_names; break;
    case LSC_FLAGS_PART: t = part_names; break;
    case LSC_FLAGS_ATTACHMENT: t = att_names; break;
    default: return NULL;
    }
    while (!(bit & 1u)) {
        bit >>= 1;
        i++;
    }
    return t[i];
}
