/*
 * old_caller.c - a caller built against an OLDER libscore.h (tests/cli/
 * abi_old_layout.sh).  It does not include today's header: it declares the
 * structs as they were before lsc_evidence.text and lsc_archive_entry.flags
 * were added at their ends (what the ABI policy allows), and reads element
 * i of the arrays two ways: through the accessors, which the library
 * computes with its own sizeof, and by indexing with its own (older, smaller)
 * sizeof, which is what the policy warns against.
 */
#include <stddef.h>
#include <stdint.h>

#include "old_caller.h"

typedef struct old_evidence {
    int where;            /* lsc_where */
    size_t part;
    const char *header;
    size_t start, end;
    /* (today: const char *text follows) */
} old_evidence;

typedef struct old_hit {
    const char *id;
    const char *group;
    double weight;
    double strength;
    double points;
    const char *description;
    const char *explanation;
    const char *suggestion;
    size_t n_evidence;
    const old_evidence *evidence;
} old_hit;

typedef struct old_archive_entry {
    const char *name;
    const char *path;
    uint64_t size;
    unsigned depth;
    size_t parent;
    /* (today: unsigned flags follows) */
} old_archive_entry;

/* The accessors as the older header would declare them with its types. */
const old_evidence *lsc_hit_evidence(const old_hit *hit, size_t index);
const old_archive_entry *lsc_attachment_entry(const void *a, size_t index);

size_t old_evidence_count(const void *hit)
{
    return ((const old_hit *)hit)->n_evidence;
}

int old_evidence_span(const void *hit, size_t i, int indexed, size_t *start,
                      size_t *end)
{
    const old_hit *h = hit;
    const old_evidence *e = indexed ? &h->evidence[i] : lsc_hit_evidence(h, i);
    if (!e)
        return -1;
    *start = e->start;
    *end = e->end;
    return e->where;
}

const char *old_entry_path(const void *att, const void *entries, size_t i,
                           int indexed)
{
    const old_archive_entry *e = indexed
        ? &((const old_archive_entry *)entries)[i]
        : lsc_attachment_entry(att, i);
    return e ? e->path : NULL;
}
