#!/bin/sh
# exports.sh - libscore.so exports exactly the lsc_ functions that
# include/libscore.h declares with LSC_API: nothing internal leaks out
# (lsc__*, static helpers, bundled code) and nothing documented is missing.
# Takes LSC_BUILD (the build tree); prints "ok - ..."/"not ok - ..." lines.
set -u
BUILD=${LSC_BUILD:-build}
so="$BUILD/libscore.so"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$so" ] || ! command -v nm >/dev/null 2>&1; then
    echo "not ok - exports: $so or nm missing"
    exit 0
fi
# Declarations may span lines: join each from LSC_API to its ';', then take
# the identifier right before the first '('.
awk '/^LSC_API/ { d = ""; on = 1 }
     on { d = d " " $0; if (index($0, ";")) { print d; on = 0 } }' include/libscore.h |
    sed -n 's/^[^(]*[^a-zA-Z0-9_]\(lsc_[a-zA-Z0-9_]*\) *(.*/\1/p' | sort -u > "$tmp/declared"
nm -D --defined-only "$so" | awk '$2 ~ /^[TtWDdBbVRi]$/ { print $3 }' |
    sed 's/@.*//' | sort -u > "$tmp/exported"

n=$(wc -l < "$tmp/declared")
if [ "$n" -ge 20 ]; then
    echo "ok - exports: header declares $n functions"
else
    echo "not ok - exports: only $n LSC_API declarations found in the header"
fi
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -z "$extra" ]; then
    echo "ok - exports: nothing exported beyond the header"
else
    echo "not ok - exports: exported but not declared in libscore.h:"
    echo "$extra" | sed 's/^/#   /'
fi
if [ -z "$missing" ]; then
    echo "ok - exports: every declared function is exported"
else
    echo "not ok - exports: declared in libscore.h but not exported:"
    echo "$missing" | sed 's/^/#   /'
fi

# libpq and ldns are loaded by the first history on PostgreSQL and the
# first DNS check (base/dl.c), not linked: scoring a draft never loads
# them, and they cost 5 ms at every start when linked.
sd=${LSC_SD:-examples/score-draft}
if objdump -p "$so" 2>/dev/null | grep -q 'NEEDED.*libxml2' &&
   ! objdump -p "$so" | grep -q 'NEEDED.*\(libpq\|libldns\)'; then
    echo "ok - exports: libpq and ldns are not linked"
else
    echo "not ok - exports: libscore.so links libpq or ldns (or objdump failed)"
fi
if [ -x "$sd" ] &&
   LD_DEBUG=files "$sd" --format tsv examples/drafts/01-quote-follow-up.eml \
       2>"$tmp/ld" >/dev/null &&
   grep -q 'libxml2' "$tmp/ld" && ! grep -q 'libpq\|libldns' "$tmp/ld"; then
    echo "ok - exports: scoring a draft loads neither libpq nor ldns"
else
    echo "not ok - exports: scoring a draft loaded libpq or ldns"
fi
