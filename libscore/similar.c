/*
 * similar.c - placeholder until its stage lands (see the open issues).
 */
#include "pipeline.h"

int lsc__similar_run(lsc__ctx *c)
{
    (void)c;
    return 0;
}
