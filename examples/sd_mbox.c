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

/* Adds [s, e) to the lists; 0, or -1 without memory. */
static int add_span(size_t **starts, size_t **ends, size_t *n, size_t *cap,
                    size_t s, size_t e)
{
    if (*n == *cap) {
        size_t *ns, *ne, nc = *cap ? *cap * 2 : 16;
        ns = realloc(*starts, nc * sizeof *ns);
        if (ns)
            *starts = ns;
        ne = ns ? realloc(*ends, nc * sizeof *ne) : NULL;
        if (!ns || !ne)
            return -1;
        *ends = ne;
        *cap = nc;
    }
    (*starts)[*n] = s;
    (*ends)[*n] = e;
    (*n)++;
    return 0;
}

/* Where each message of an mbox begins and ends; the count, or -1.  d
 * begins with a "From " line.  A message ends before "From " at the start
 * of a line after an empty one ("\n" or "\r\n"), which is the separator,
 * or at the end, less a last line that is empty.  The scan jumps from one
 * 'F' to the next (a capital F is rare in mail; a walk line by line was
 * most of the time spent here). */
static long split(const char *d, size_t len, size_t **starts, size_t **ends)
{
    size_t pos, start = 0, n = 0, cap = 0, last;
    *starts = *ends = NULL;
    for (pos = 1; pos < len;) {
        const char *f = memchr(d + pos, 'F', len - pos);
        size_t p, end;
        if (!f)
            break;
        p = (size_t)(f - d);
        pos = p + 1;
        if (p < 2 || d[p - 1] != '\n' || !is_from_line(d, len, p))
            continue;
        if (d[p - 2] == '\n')
            end = p - 1;
        else if (p >= 3 && d[p - 2] == '\r' && d[p - 3] == '\n')
            end = p - 2;
        else
            continue;
        if (add_span(starts, ends, &n, &cap, start, end) != 0)
            return -1;
        start = p;
    }
    /* the last line, from the last line start after start */
    for (last = len - 1; last > start && d[last - 1] != '\n'; last--)
        ;
    if (add_span(starts, ends, &n, &cap, start,
                 blank_line(d, last, len) ? last : len) != 0)
        return -1;
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
