#!/bin/sh
# Every rule's explanation formats, English and Chinese, live in the
# catalogue (libscore/rules/rules_text.def) and are checked by the compiler
# against the arguments of the call that names their row (rules/rules.h:
# lsc__fire is a macro that hands each language's format, a constant
# array, to a printf-attributed checker).  Shown here with a catalogue of
# one row put in front of the real one: a Chinese format whose conversion
# does not match its argument, or that takes one argument fewer, fails to
# compile with -Werror=format; a matching pair compiles.  And with the real
# catalogue: a call whose arguments do not match a row fails, one that
# matches compiles, a row that does not exist fails.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-cc}
tmp=${LSC_TMP:-/tmp}/rule_formats.$$
mkdir -p "$tmp/inc/rules"
trap 'rm -rf "$tmp"' EXIT INT TERM
compile() {  # NAME EXPECT(0 compiles|1 fails) CALL [-I dir first]
    printf '#include "rules/rules.h"\nlsc__hit *f(lsc__ctx *c, size_t n, const char *w);\nlsc__hit *f(lsc__ctx *c, size_t n, const char *w)\n{\n    (void)n; (void)w;\n    return %s;\n}\n' "$3" > "$tmp/f.c"
    if $CC -std=c11 -Wall -Werror=format ${4:-} -I"$top/include" -I"$top/libscore" -c "$tmp/f.c" -o "$tmp/f.o" > "$tmp/log" 2>&1; then got=0; else got=1; fi
    if [ "$got" = "$2" ]; then echo "ok - rule formats: $1"
    else echo "not ok - rule formats: $1"; sed 's/^/#   /' "$tmp/log" | head -10; fi
}
try() {  # NAME EXPECT ZH_FORMAT: a one-row catalogue
    printf '#ifndef LSC_TEXT\n#define LSC_TEXT(k, a, b, c, d)\n#endif\n#ifndef LSC_WORD\n#define LSC_WORD(k, a, b)\n#endif\nLSC_WORD(BLANK, "", "")\nLSC_TEXT(T, "%%zu words like %%s", "s", "%s", "s")\n#undef LSC_TEXT\n#undef LSC_WORD\n' "$3" > "$tmp/inc/rules/rules_text.def"
    compile "$1" "$2" 'lsc__fire(c, 1.0, T, n, w)' "-I$tmp/inc"
}
try "a matching Chinese format compiles" 0 '%zu 个词，如 %s'
try "a Chinese conversion that does not match its argument fails" 1 '%s 个词，如 %s'
try "a Chinese format that takes an argument fewer fails" 1 '%zu 个词'
compile "the catalogue: a call matching its row compiles" 0 \
    'lsc__fire(c, 1.0, GENERIC_GREETING, w, n)'
compile "the catalogue: a call not matching its row fails" 1 \
    'lsc__fire(c, 1.0, GENERIC_GREETING, n, w)'
compile "the catalogue: a row that does not exist fails" 1 \
    'lsc__fire(c, 1.0, NO_SUCH_TEXT, w, n)'
