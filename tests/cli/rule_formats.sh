#!/bin/sh
# Every rule's explanation formats, English and Chinese, are checked by
# the compiler against the arguments (rules/rules.h: lsc__fire is a macro
# that hands both formats to a printf-attributed checker).  Shown here: a
# Chinese format whose conversion does not match its argument, or that
# takes one argument fewer, fails to compile with -Werror=format; a
# matching pair compiles.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-cc}
tmp=${LSC_TMP:-/tmp}/rule_formats.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
try() {  # NAME EXPECT(0 compiles|1 fails) ZH_FORMAT
    printf '#include "rules/rules.h"\nlsc__hit *f(lsc__ctx *c, size_t n, const char *w);\nlsc__hit *f(lsc__ctx *c, size_t n, const char *w)\n{\n    return lsc__fire(c, 1.0, "s", "s", "%%zu words like %%s", "%s", n, w);\n}\n' "$3" > "$tmp/f.c"
    if $CC -std=c11 -Wall -Werror=format -I"$top/include" -I"$top/libscore" -c "$tmp/f.c" -o "$tmp/f.o" > "$tmp/log" 2>&1; then got=0; else got=1; fi
    if [ "$got" = "$2" ]; then echo "ok - rule formats: $1"
    else echo "not ok - rule formats: $1"; sed 's/^/#   /' "$tmp/log" | head -10; fi
}
try "a matching Chinese format compiles" 0 '%zu 个词，如 %s'
try "a Chinese conversion that does not match its argument fails" 1 '%s 个词，如 %s'
try "a Chinese format that takes an argument fewer fails" 1 '%zu 个词'
