/* old_caller.h - what main.c calls in old_caller.c (opaque pointers, so
 * neither side sees the other's struct layout). */
#include <stddef.h>

size_t old_evidence_count(const void *hit);
/* Evidence i's where (its start and end in *start, *end) through the
 * accessor (indexed 0) or by indexing with the old sizeof (indexed 1). */
int old_evidence_span(const void *hit, size_t i, int indexed, size_t *start,
                      size_t *end);
/* Archive entry i's path, the same two ways. */
const char *old_entry_path(const void *att, const void *entries, size_t i,
                           int indexed);
