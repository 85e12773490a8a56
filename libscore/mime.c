/*
 * mime.c - placeholder until its stage lands (see the open issues).
 */
#include "pipeline.h"

int lsc__mime_parse(lsc__ctx *c, const char *data, size_t len)
{
    (void)c; (void)data; (void)len;
    return 0;
}
