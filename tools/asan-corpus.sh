#!/bin/sh
# Scores every message of a corpus with the ASan+UBSan build of
# score-draft: any sanitizer report, any byte on stderr or a missing result
# fails.  A file that is an mbox gives one result per message, named
# FILE:N, so the check is that every file has at least one result.
# Usage: asan-corpus.sh SCORE_DRAFT CORPUS_DIR
set -u
sd=$1 corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$sd" --format tsv "$corpus" > "$tmp/out" 2> "$tmp/err"
rc=$?
find "$corpus" -type f ! -name '.*' ! -name '*.md' ! -name '*.tsv' | sort > "$tmp/files"
cut -f1 "$tmp/out" | sed 's/:[0-9][0-9]*$//' | sort -u > "$tmp/named"
files=$(wc -l < "$tmp/files")
lines=$(wc -l < "$tmp/out")
missing=$(comm -23 "$tmp/files" "$tmp/named" | wc -l)
echo "asan-corpus: $lines results for $files files ($missing without a result), exit $rc, $(wc -c < "$tmp/err") bytes on stderr"
if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ] || [ "$missing" -ne 0 ]; then
    comm -23 "$tmp/files" "$tmp/named" | head -20
    head -40 "$tmp/err"
    exit 1
fi
