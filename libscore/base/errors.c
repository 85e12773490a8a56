/*
 * errors.c - error strings and version.  Constant data only.
 */
#include "base/internal.h"

const char *lsc_strerror(int code)
{
    switch (code) {
    case LSC_OK: return "success";
    case LSC_EINVAL: return "invalid argument";
    case LSC_ENOMEM: return "out of memory";
    case LSC_EIO: return "input/output error";
    case LSC_ECONFIG: return "invalid configuration";
    case LSC_EVERSION: return "unsupported struct version";
    case LSC_ENOTFOUND: return "not found";
    case LSC_ECORRUPT: return "stored data is corrupt";
    case LSC_EBUSY: return "resource busy";
    case LSC_EUNSUPPORTED: return "not supported by this build";
    case LSC_EINTERNAL: return "internal error in a dependency";
    case LSC_ERANGE: return "buffer too small";
    default: return "unknown error";
    }
}

int lsc_version(void)
{
    return LSC_VERSION_NUMBER;
}

const char *lsc_version_string(void)
{
    return LSC_VERSION_STRING;
}
