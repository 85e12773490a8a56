#!/bin/sh
# The stage order (libscore/STAGES) holds: no file of libscore/ includes a
# header of, or calls a function defined in, a later stage
# (tools/check_stages.py on the sources and on the built objects).  The
# checker itself is shown to refuse an upward include, an include without
# a folder, a folder missing from STAGES, a peer include and an upward call.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${LSC_BUILD:-$top/build}
tmp=${LSC_TMP:-/tmp}/stage_order.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
chk="python3 $top/tools/check_stages.py"

cd "$top" || exit 1
if $chk --obj "$build/obj" > "$tmp/out" 2>&1; then
    ok "libscore follows STAGES (includes and calls)"
else
    bad "libscore follows STAGES (includes and calls)"; sed 's/^/#   /' "$tmp/out"
fi

# A small tree: low < mid < high, and two peers p1 p2 above mid.
t=$tmp/tree
mkdir -p "$t/src/low" "$t/src/mid" "$t/src/high" "$t/src/p1" "$t/src/p2"
printf 'low\nmid\np1 p2\nhigh\n' > "$t/STAGES"
printf '#include "libscore.h"\nint lsc__low(void);\n' > "$t/src/low/low.h"
printf '#include "low/low.h"\nint lsc__mid(void);\n' > "$t/src/mid/mid.h"
printf '#include "mid/mid.h"\n' > "$t/src/high/high.c"
run() { $chk --stages "$t/STAGES" --src "$t/src" "$@" > "$tmp/out" 2>&1; }
expect_fail() {  # NAME PATTERN [ARGS]
    name=$1 pat=$2; shift 2
    if run "$@"; then bad "$name (passed)"
    elif grep -q "$pat" "$tmp/out"; then ok "$name"
    else bad "$name"; sed 's/^/#   /' "$tmp/out"; fi
}
if run; then ok "a tree that follows its order passes"
else bad "a tree that follows its order passes"; sed 's/^/#   /' "$tmp/out"; fi

printf '#include "high/high.h"\n' > "$t/src/low/up.c"
expect_fail "an upward include is refused" 'low/up.c:1: #include "high/high.h": low may not use high'
rm "$t/src/low/up.c"
printf '#include "low.h"\n' > "$t/src/mid/bare.c"
expect_fail "an include without a folder is refused" 'names no stage folder'
rm "$t/src/mid/bare.c"
mkdir "$t/src/new"
expect_fail "a folder missing from STAGES is refused" 'new/: folder not in the stage order'
rmdir "$t/src/new"
printf '#include "p2/p2.h"\n' > "$t/src/p1/x.c"
expect_fail "a peer include is refused" 'p1 may not use p2'
rm "$t/src/p1/x.c"

# An upward call through a declaration that lives low: only nm sees it.
mkdir -p "$t/obj/low" "$t/obj/high"
printf 'int lsc__high_fn(void);\nint lsc__low_fn(void);\nint lsc__low_fn(void) { return lsc__high_fn(); }\n' > "$tmp/l.c"
printf 'int lsc__high_fn(void);\nint lsc__high_fn(void) { return 1; }\n' > "$tmp/h.c"
if cc -c "$tmp/l.c" -o "$t/obj/low/l.o" && cc -c "$tmp/h.c" -o "$t/obj/high/h.o"; then
    expect_fail "an upward call is refused" 'calls lsc__high_fn, defined in .*high/h.o: low may not use high' --obj "$t/obj"
else
    bad "an upward call is refused (cc failed)"
fi
