/*
 * sd_mbox.c - one file, one or many messages.
 *
 * Takes: a file's bytes.  Gives: each message in it to a callback.  A file
 * that begins with an mbox "From " line is a mailbox: messages begin at a
 * "From " line at the start of the file or after an empty line (the
 * library reads that line as the envelope, not as a header), the empty
 * line before the next one is the separator, and ">From " (mboxrd/mboxo
 * quoting) loses one '>'.  Each message is named FILE:N (N from 1).  A
 * mailbox of one message and any other file are one message named FILE,
 * passed as they are.  A file named *.eml is one message whatever it
 * holds: that name says so, and a saved bounce or forward often quotes an
 * unescaped "From " line after an empty one (Python's email, the
 * reference check-mime compares with, reads such a file as one message).
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

/* Where each message of an mbox begins and ends; the count, or -1. */
static long split(const char *d, size_t len, size_t **starts, size_t **ends)
{
    size_t p = 0, prev_line = 0, start = 0, n = 0, cap = 0;
    *starts = *ends = NULL;
    for (;;) {
        int at_end = p >= len;
        size_t q = at_end ? len : next_line(d, len, p);
        /* A message ends before "From " after an empty line, or at the
         * end; the empty line is the separator. */
        if (at_end || (p > start && is_from_line(d, len, p) &&
                       blank_line(d, prev_line, p))) {
            size_t end = p;
            if (p > start && blank_line(d, prev_line, p))
                end = prev_line;
            if (n == cap) {
                size_t *ns, *ne;
                cap = cap ? cap * 2 : 16;
                ns = realloc(*starts, cap * sizeof *ns);
                if (ns)
                    *starts = ns;
                ne = ns ? realloc(*ends, cap * sizeof *ne) : NULL;
                if (!ns || !ne)
                    return -1;
                *ends = ne;
            }
            (*starts)[n] = start;
            (*ends)[n] = end;
            n++;
            if (at_end)
                break;
            start = p;
        }
        prev_line = p;
        p = q;
    }
    return (long)n;
}

/* The name ends in ".eml", in any case. */
static int is_eml(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && path[n - 4] == '.' &&
           (path[n - 3] | 0x20) == 'e' && (path[n - 2] | 0x20) == 'm' &&
           (path[n - 1] | 0x20) == 'l';
}

int sd_each_message(const char *path, const char *d, size_t len,
                    sd_message_fn fn, void *ud)
{
    size_t *starts, *ends, i;
    long n;
    if (!is_from_line(d, len, 0) || is_eml(path)) {
        fn(ud, path, d, len);
        return 0;
    }
    n = split(d, len, &starts, &ends);
    if (n < 0) {
        free(starts);
        free(ends);
        fprintf(stderr, "score-draft: %s: out of memory\n", path);
        return -1;
    }
    /* One message: the file as it is, under its own name (the library
     * reads a leading "From " line itself). */
    if (n == 1) {
        fn(ud, path, d, len);
    } else {
        for (i = 0; i < (size_t)n; i++) {
            char name[4096], *msg;
            size_t mlen = 0;
            msg = unquote(d, starts[i], ends[i], &mlen);
            if (!msg) {
                fprintf(stderr, "score-draft: %s: out of memory\n", path);
                n = -1;
                break;
            }
            snprintf(name, sizeof name, "%s:%zu", path, i + 1);
            fn(ud, name, msg, mlen);
            free(msg);
        }
    }
    free(starts);
    free(ends);
    return n < 0 ? -1 : 0;
}
