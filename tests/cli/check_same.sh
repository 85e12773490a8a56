#!/bin/sh
# tools/check-same.sh (make check-same) passes on the very scores it kept
# and fails, naming the line, when one score differs: run on the test
# messages, in the TSV and the --json form.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
SD=${LSC_SD:-$top/examples/score-draft}
tmp=${LSC_TMP:-/tmp}/check_same.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
msgs=$top/tests/messages
"$SD" --format tsv "$msgs" > "$tmp/kept.tsv" 2>/dev/null
"$SD" --json "$msgs" > "$tmp/kept.json" 2>/dev/null
for f in kept.tsv kept.json; do
    if sh "$top/tools/check-same.sh" "$SD" "$msgs" "$tmp/$f" > "$tmp/out" 2>&1; then
        echo "ok - check-same: $f equals a new run"
    else
        echo "not ok - check-same: $f differs from a new run"; sed 's/^/#   /' "$tmp/out" | head -5
    fi
    # One changed digit in the first score is a difference.
    awk 'NR==1 { sub(/[0-9]/, "X") } { print }' "$tmp/$f" > "$tmp/bad.${f#kept.}"
    sh "$top/tools/check-same.sh" "$SD" "$msgs" "$tmp/bad.${f#kept.}" > "$tmp/out" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q '1 of [0-9]* lines differ' "$tmp/out"; then
        echo "ok - check-same: one changed line in $f is found (exit 1)"
    else
        echo "not ok - check-same: a changed $f gave exit $rc"; sed 's/^/#   /' "$tmp/out" | head -5
    fi
done
