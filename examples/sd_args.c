/*
 * sd_args.c - what every score-draft command parses the same way.
 *
 * Takes: option values as typed.  Gives: the language, the colour choice
 * (--color=auto|always|never, NO_COLOR, TERM=dumb, not a terminal), the
 * version line and the one wording of a usage error, so that the scorer,
 * bounce, history and the DNS commands answer alike.  Options themselves
 * are read with getopt_long in each command: it gives "--opt=value" and
 * "--opt value", "--" to end the options, and options after the files.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sd.h"

int sd_lang(const char *v, lsc_lang *out)
{
    if (strcmp(v, "zh") == 0)
        *out = LSC_LANG_ZH;
    else if (strcmp(v, "en") == 0)
        *out = LSC_LANG_EN;
    else {
        fprintf(stderr, "score-draft: unknown language '%s' (en or zh)\n", v);
        return -1;
    }
    return 0;
}

int sd_color(const char *when, int fd, int *out)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    if (!when || strcmp(when, "auto") == 0) {
        /* https://no-color.org: set and not empty means no colour; a dumb
         * terminal shows escape codes as text. */
        *out = isatty(fd) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
    } else if (strcmp(when, "always") == 0) {
        *out = 1;
    } else if (strcmp(when, "never") == 0) {
        *out = 0;
    } else {
        fprintf(stderr, "score-draft: --color takes auto, always or never, "
                        "not '%s'\n", when);
        return -1;
    }
    return 0;
}

int sd_version(void)
{
    /* The header the tool was built with and the library it runs with may
     * differ when libscore.so is replaced underneath. */
    printf("score-draft %s (libscore %s)\n", LSC_VERSION_STRING,
           lsc_version_string());
    return 0;
}

int sd_usage_error(const char *command)
{
    fprintf(stderr, "Try 'score-draft %s%s--help' for more information.\n",
            command ? command : "", command ? " " : "");
    return 2;
}

int sd_is_valued(const struct option *opts, const char *arg)
{
    size_t n;
    if (arg[0] != '-' || arg[1] != '-' || strchr(arg, '='))
        return 0;
    n = strlen(arg + 2);
    for (; opts->name; opts++)
        if (opts->has_arg == required_argument && strlen(opts->name) == n &&
            strcmp(opts->name, arg + 2) == 0)
            return 1;
    return 0;
}
