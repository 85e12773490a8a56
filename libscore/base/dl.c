/*
 * dl.c - a library loaded when a feature first asks for it, not when the
 * process starts.
 *
 * Takes: the file names a library goes by (its sonames, the first that
 * loads wins) and, one at a time, the names of its functions.  Gives: a
 * handle (lsc__dl_open), each function's address (lsc__dl_sym) and the
 * release (lsc__dl_close, which takes NULL).
 *
 * Why: libpq (a team's history on PostgreSQL) and ldns (the DNS checks),
 * with the TLS, Kerberos and LDAP libraries they pull in, cost every
 * process that links them about 5 ms at start while the dynamic loader
 * relocates some twenty libraries: more than scoring a draft takes, paid
 * by every run of score-draft and every program that links libscore,
 * though most never open a shared history or ask DNS.  The loader counts
 * opens of one library, so each store or resolver opens its own handle
 * and nothing is kept in a global; once loaded, a library stays.
 */
#include <dlfcn.h>

#include "base/internal.h"

void *lsc__dl_open(const char *const *sonames)
{
    size_t i;
    for (i = 0; sonames[i]; i++) {
        /* RTLD_LOCAL: its symbols stay out of the process's namespace;
         * RTLD_NOW: a library that lacks a function fails here, once;
         * RTLD_NODELETE: the last close leaves it mapped, as a linked
         * library stays: libpq's TLS and Kerberos libraries keep
         * process-wide state (exit handlers, one-time allocations) that
         * must not be unmapped under them */
        void *h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (h)
            return h;
    }
    return NULL;
}

void *lsc__dl_sym(void *dl, const char *name)
{
    return dl ? dlsym(dl, name) : NULL;
}

void lsc__dl_close(void *dl)
{
    if (dl)
        dlclose(dl);
}
