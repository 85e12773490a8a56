#!/bin/sh
# The man pages: score-draft(1) (docs/man/score-draft.1) and libscore(3)
# (generated from include/libscore.h by tools/man_from_header.py) render
# with groff and man without a warning, score-draft(1) names every option
# that "score-draft --help" and each command's --help name, and libscore(3)
# names every function the header declares.
# Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
tmp=${LSC_TMP:-/tmp}/man_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

if ! command -v groff > /dev/null 2>&1; then
    bad "groff is missing (Debian package groff-base, on the .ci/run pkgs line)"
    exit 0
fi
v=$(sed -n 's/^#define LSC_VERSION_STRING "\(.*\)"/\1/p' include/libscore.h)
python3 tools/man_from_header.py include/libscore.h "$v" > "$tmp/libscore.3"
check man3_generated '[ $? -eq 0 ] && [ -s "$tmp/libscore.3" ]'
sed "s/@VERSION@/$v/" docs/man/score-draft.1 > "$tmp/score-draft.1"

# Plain text, no hyphenation, long lines: options are never split.
render() { groff -man -Tutf8 -rHY=0 -rLL=200n -P-cbou "$1" 2>/dev/null; }
for p in score-draft.1 libscore.3; do
    groff -man -Tutf8 -ww -z "$tmp/$p" > "$tmp/$p.warn" 2>&1
    check "groff_no_warnings_$p" '[ ! -s "$tmp/$p.warn" ] || { sed "s/^/# /" "$tmp/$p.warn" | head; false; }'
    render "$tmp/$p" > "$tmp/$p.txt"
    check "renders_$p" 'grep -q "^NAME" "$tmp/$p.txt" && grep -q "^SEE ALSO" "$tmp/$p.txt" && grep -q "$v" "$tmp/$p.txt"'
    if command -v man > /dev/null 2>&1; then
        MANPAGER=cat MANWIDTH=100 man -l "$tmp/$p" > "$tmp/$p.man" 2> "$tmp/$p.manerr"
        check "man_l_$p" '[ $? -eq 0 ] && grep -q "^NAME" "$tmp/$p.man" && [ ! -s "$tmp/$p.manerr" ]'
    fi
done

# Every option --help names is in score-draft(1).
for cmd in "" bounce history sender; do
    "$sd" $cmd --help > "$tmp/help" 2>&1
    missing=""
    for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
        grep -q -- "$o" "$tmp/score-draft.1.txt" || missing="$missing $o"
    done
    n=$(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u | wc -l)
    check "man1_lists_options_of_help_${cmd:-score}" '[ "$n" -ge 3 ] && { [ -z "$missing" ] || { echo "# missing:$missing"; false; }; }'
done
check man1_exit_status 'grep -q "^EXIT STATUS" "$tmp/score-draft.1.txt" && grep -Eq "^ +2 *$|^ +2  " "$tmp/score-draft.1.txt"'

# Every function of the header is in libscore(3), with its comment.
awk '/^LSC_API/ { d = ""; on = 1 } on { d = d " " $0; if (index($0, ";")) { print d; on = 0 } }' include/libscore.h |
    sed -n 's/^[^(]*[^a-zA-Z0-9_]\(lsc_[a-zA-Z0-9_]*\) *(.*/\1/p' | sort -u > "$tmp/funcs"
missing=""
for f in $(cat "$tmp/funcs"); do
    grep -q "$f *(" "$tmp/libscore.3.txt" || missing="$missing $f"
done
check man3_every_function '[ "$(wc -l < "$tmp/funcs")" -ge 20 ] && { [ -z "$missing" ] || { echo "# missing:$missing"; false; }; }'
check man3_sections 'grep -q "^ERRORS" "$tmp/libscore.3.txt" && grep -q "^ENGINE" "$tmp/libscore.3.txt" && grep -q "Unknown keys or rule ids" "$tmp/libscore.3.txt"'
check man3_not_plumbing '! grep -q "ifndef LIBSCORE_H\|visibility(" "$tmp/libscore.3.txt"'
