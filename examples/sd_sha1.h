/*
 * sd_sha1.h - SHA-1 (FIPS 180-4) for score-draft --mime-json, which
 * prints the digest of each decoded body the way mime_reference.py does.
 * A test tool, not a security primitive.
 */
#ifndef SD_SHA1_H
#define SD_SHA1_H

#include <stddef.h>

/* hex receives 40 lower-case hex digits and a NUL. */
void sd_sha1_hex(const void *data, size_t n, char hex[41]);

#endif
