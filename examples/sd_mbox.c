/*
 * sd_mbox.c - one file, one or many messages.
 *
 * Takes: a file's bytes.  Gives: each message in it to a callback.  A file
 * that begins with an mbox "From " line is a mailbox: messages begin at a
 * "From " line at the start of the file or after an empty line, the
 * "From " line itself is not part of the message, the empty line before
 * the next one is the separator, and ">From " (mboxrd/mboxo quoting) loses
 * one '>'.  Each message is named FILE:N (N from 1).  Any other file is one
 * message named FILE.
 */
#include <stdlib.h>
#include <string.h>

#include "sd.h"

/* Start of the line after the one at p (or len). */
static size_t next_line(const char *d, size_t len, size_t p)
{
    const char *nl = memchr(d + p, '\n', len - p);
    return nl ? (size_t)(nl - d) + 1 : len;
}

static int is_from_line(const char *d, size_t len, size_t p)
{
    return len - p >= 5 && memcmp(d + p, "From ", 5) == 0;
}

static int blank_line(const char *d, size_t s, size_t e)
{
    return e - s == 1 || (e - s == 2 && d[s] == '\r');
}

/* Copies d[s, e) without its ">From " quoting into a new buffer. */
static char *unquote(const char *d, size_t s, size_t e, size_t *outlen)
{
    char *o = malloc(e - s + 1);
    size_t n = 0, p = s;
    if (!o)
        return NULL;
    while (p < e) {
        size_t q = next_line(d, e, p), g = p;
        while (g < q && d[g] == '>')
            g++;
        if (g > p && is_from_line(d, q, g))
            p++;
        memcpy(o + n, d + p, q - p);
        n += q - p;
        p = q;
    }
    *outlen = n;
    return o;
}

int sd_each_message(const char *path, const char *d, size_t len,
                    sd_message_fn fn, void *ud)
{
    size_t p, start, prev_line, count = 0;
    if (!is_from_line(d, len, 0)) {
        fn(ud, path, d, len);
        return 0;
    }
    start = next_line(d, len, 0);
    prev_line = start;
    p = start;
    for (;;) {
        size_t q = p < len ? next_line(d, len, p) : len;
        int at_end = p >= len;
        /* A new message: "From " after an empty line, or the end. */
        if (at_end || (is_from_line(d, len, p) && p > start &&
                       blank_line(d, prev_line, p))) {
            size_t end = at_end ? len : prev_line, mlen = 0;
            char name[4096], *msg;
            if (!at_end || (len > start && blank_line(d, prev_line, len)))
                end = prev_line;     /* the separating empty line */
            if (end < start)
                end = start;
            msg = unquote(d, start, end, &mlen);
            if (!msg) {
                fprintf(stderr, "score-draft: %s: out of memory\n", path);
                return -1;
            }
            snprintf(name, sizeof name, "%s:%zu", path, ++count);
            fn(ud, name, msg, mlen);
            free(msg);
            if (at_end)
                break;
            start = q;
            prev_line = q;
            p = q;
            continue;
        }
        prev_line = p;
        p = q;
    }
    return 0;
}
