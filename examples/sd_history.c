/*
 * sd_history.c - "score-draft history ..." (placeholder until the template
 * similarity issue lands).
 */
#include "sd.h"

int sd_history_main(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "score-draft: history is not built yet\n");
    return 2;
}
