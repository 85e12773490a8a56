/*
 * attach.c - placeholder until its stage lands (see the open issues).
 */
#include "pipeline.h"

int lsc__attach_run(lsc__ctx *c)
{
    (void)c;
    return 0;
}

int lsc__attach_engine_new(lsc_engine *e, lsc_error *err)
{
    (void)e; (void)err;
    return 0;
}

void lsc__attach_engine_free(lsc_engine *e)
{
    (void)e;
}
