#!/bin/sh
# Scores every message of a corpus with the ASan+UBSan build of
# score-draft: any sanitizer report, any byte on stderr or a missing result
# fails.  Usage: asan-corpus.sh SCORE_DRAFT CORPUS_DIR
set -u
sd=$1 corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$sd" --format tsv "$corpus" > "$tmp/out" 2> "$tmp/err"
rc=$?
files=$(find "$corpus" -type f ! -name '.*' ! -name '*.md' ! -name '*.tsv' | wc -l)
lines=$(wc -l < "$tmp/out")
echo "asan-corpus: $lines results for $files files, exit $rc, $(wc -c < "$tmp/err") bytes on stderr"
if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ] || [ "$lines" -ne "$files" ]; then
    head -40 "$tmp/err"
    exit 1
fi
