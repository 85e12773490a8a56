#!/bin/sh
# lsc_flag_name names every LSC_MSG_*, LSC_PART_* and LSC_ATT_* bit of
# include/libscore.h as the macro without its prefix, lower case, and
# answers NULL for bits with no meaning and values that are not one bit:
# a flag added to the header without its name fails here.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${LSC_BUILD:-$top/build}
CC=${CC:-cc}
tmp=${LSC_TMP:-/tmp}/flag_names.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$top/tests/cli/support/san.sh"
san=$(lsc_san_flags "$BUILD")
{
    echo '#include <stdio.h>'
    echo '#include <string.h>'
    echo '#include "libscore.h"'
    echo 'static const struct { const char *macro, *want; int set; unsigned bit; } flags[] = {'
    sed -n 's/^#define \(LSC_\(MSG\|PART\|ATT\)_\([A-Z0-9_]*\)\) *0x[0-9a-fA-F]*u.*/\1 \2 \3/p' \
        "$top/include/libscore.h" |
    while read -r macro set name; do
        lower=$(echo "$name" | tr 'A-Z' 'a-z')
        case $set in MSG) s=LSC_FLAGS_MESSAGE;; PART) s=LSC_FLAGS_PART;; ATT) s=LSC_FLAGS_ATTACHMENT;; esac
        echo "    { \"$macro\", \"$lower\", $s, $macro },"
    done
    cat <<'C'
};
int main(void)
{
    size_t i, bad = 0, n = sizeof flags / sizeof flags[0];
    int s;
    for (i = 0; i < n; i++) {
        const char *got = lsc_flag_name((lsc_flag_set)flags[i].set, flags[i].bit);
        if (!got || strcmp(got, flags[i].want) != 0) {
            printf("#   %s: %s, want %s\n", flags[i].macro, got ? got : "NULL",
                   flags[i].want);
            bad++;
        }
    }
    printf("%s - flag names: every one of the header's %zu flag bits\n",
           bad || n < 50 ? "not ok" : "ok", n);
    bad = 0;
    for (s = 0; s < 3; s++)
        if (lsc_flag_name((lsc_flag_set)s, 1u << 31) || lsc_flag_name((lsc_flag_set)s, 0) ||
            lsc_flag_name((lsc_flag_set)s, 3u))
            bad++;
    if (lsc_flag_name((lsc_flag_set)7, 1u))
        bad++;
    printf("%s - flag names: NULL for unknown bits, sets and non-single bits\n",
           bad ? "not ok" : "ok");
    return 0;
}
C
} > "$tmp/names.c"
if $CC -std=c11 -Wall -I"$top/include" $san -o "$tmp/names" "$tmp/names.c" -L"$BUILD" -lscore \
       -Wl,-rpath,"$BUILD" > "$tmp/cc.log" 2>&1; then
    LD_LIBRARY_PATH="$BUILD" "$tmp/names"
else
    echo "not ok - flag names: the check does not build"
    sed 's/^/#   /' "$tmp/cc.log" | head -20
fi
