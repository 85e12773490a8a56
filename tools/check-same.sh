#!/bin/sh
# Are the scores on real mail exactly what they were?  (make check-same)
# Takes: SCORE_DRAFT, a CORPUS dir and BEFORE, a file kept from an earlier
# run: a TSV (KEEP=file.tsv make check-scores) or, for a stricter check, a
# --json file (every hit, points to six digits, explanation and evidence).
# Scores the same folders check-scores scores (CORPUS/spamassassin and
# CORPUS/other, else CORPUS) in the same format and compares line by line.
# Gives: "same: N messages" and exit 0, or the first differing lines, the
# count of differing messages and exit 1 (exit 2 on a usage error).  Used
# to show that a speed-up changed nothing (issue 16).
# Usage: check-same.sh SCORE_DRAFT CORPUS BEFORE
set -u
if [ $# -ne 3 ] || [ ! -f "$3" ]; then
    echo "usage: check-same.sh SCORE_DRAFT CORPUS BEFORE(.tsv|.json)" >&2
    exit 2
fi
sd=$1 corpus=$2 before=$3
case $before in
    *.json) fmt=--json ;;
    *) fmt="--format tsv" ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
dirs=$(sh "$(dirname "$0")/score-dirs.sh" "$corpus")
# shellcheck disable=SC2086
"$sd" $fmt $dirs > "$tmp/now" 2> "$tmp/err"
if [ $? -ge 2 ]; then
    echo "check-same: score-draft failed:"; head -20 "$tmp/err"
    exit 2
fi
n=$(wc -l < "$tmp/now")
if cmp -s "$before" "$tmp/now"; then
    echo "check-same: same: $n messages ($fmt, against $before)"
    exit 0
fi
diff "$before" "$tmp/now" > "$tmp/diff"
echo "check-same: DIFFERENT from $before (first lines, < before, > now):"
cut -c1-400 "$tmp/diff" | head -20
echo "check-same: $(grep -c '^>' "$tmp/diff") of $n lines differ"
exit 1
