/*
 * fuzz_standin.c - libFuzzer target: the marks prune.c gives libxml2 in
 * place of long text and attribute values (html/standin.c).
 *
 * Takes: any bytes, made UTF-8 as the decode stage makes every part
 * before the HTML stage sees it (ill-formed sequences as U+FFFD).  Gives:
 * an abort when libxml2's SAX events on the markup with marks, the marks
 * put back, differ from its events on the markup as written (blanks
 * outside <pre> and its kin compared as one), or when prune's dropping
 * of attributes and comment text changes an event html.c reads: the
 * promises prune.c's rewrite rests on.
 */
#include <stdint.h>

#include "fuzz.h"
#include "mime/mime.h"
#include "standin_events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsc__alloc al;
    lsc__arena ar;
    lsc__buf b;
    size_t marks;
    lsc__alloc_init(&al, NULL);
    lsc__arena_init(&ar, &al);
    lsc__buf_init(&b, &ar);
    if (lsc__utf8_sanitize(&b, (const char *)data, size, NULL) == 0 &&
        lsc__buf_finish(&b)) {
        FZ_CHECK(same_events(b.p, b.len, &marks));
        FZ_CHECK(same_when_pruned(b.p, b.len));
    }
    lsc__arena_free(&ar);
    return 0;
}
