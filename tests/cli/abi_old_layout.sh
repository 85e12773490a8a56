#!/bin/sh
# A caller built against an older libscore.h (tests/abi/old_caller.c: its
# own copies of lsc_hit, lsc_evidence and lsc_archive_entry from before
# their last fields were added) still reads every evidence span and archive
# entry right through lsc_hit_evidence and lsc_attachment_entry, linked
# against today's libscore.so (tests/abi/main.c checks and prints).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${LSC_BUILD:-$top/build}
CC=${CC:-cc}
tmp=${LSC_TMP:-/tmp}/abi_old.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
# A sanitizer build of the library needs the same runtime linked in.
. "$top/tests/cli/support/san.sh"
san=$(lsc_san_flags "$BUILD")
if $CC -std=c11 -Wall -Wextra -c "$top/tests/abi/old_caller.c" -o "$tmp/old.o" > "$tmp/cc.log" 2>&1 &&
   $CC -std=c11 -Wall -Wextra -I"$top/include" -c "$top/tests/abi/main.c" -o "$tmp/main.o" >> "$tmp/cc.log" 2>&1 &&
   $CC $san -o "$tmp/abi" "$tmp/main.o" "$tmp/old.o" -L"$BUILD" -lscore -Wl,-rpath,"$BUILD" >> "$tmp/cc.log" 2>&1; then
    LD_LIBRARY_PATH="$BUILD" "$tmp/abi" "$top/tests/messages/shout_caps_words.eml" \
        "$top/tests/abi/two_entries.eml" 2>&1 || echo "not ok - abi: the checker exited with $?"
else
    echo "not ok - abi: the old caller does not build"
    sed 's/^/#   /' "$tmp/cc.log" | head -20
fi
