/*
 * wordlist.c - placeholder until its stage lands (see the open issues).
 */
#include "pipeline.h"

int lsc__wordlists_new(lsc_engine *e, const lsc_options *o, lsc_error *err)
{
    (void)e; (void)o; (void)err;
    return 0;
}

void lsc__wordlists_free(lsc_engine *e)
{
    (void)e;
}
