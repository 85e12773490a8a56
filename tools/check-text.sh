#!/bin/sh
# Compares score-draft --text-json with Python's html.parser reduction
# (../shared/tools/text_reference.py) on the spamassassin and other folders
# of a corpus (or on the corpus itself when it has neither).
# Usage: check-text.sh SCORE_DRAFT TOOLS_DIR CORPUS_DIR
# Goal: at least 97% of text/html parts at word-multiset Jaccard >= 0.95.
# Then tools/text_diffkinds.py says why each part below differs: text
# html.c found hidden that the reference shows (using the dump of
# tests/corpus/text_hidden.c, built here when missing), or one of the
# reference's own departures from how HTML is rendered (title outside
# <head>, bogus comments, blocks it does not know, charset).  The goal is
# checked twice: against the reference as it is (printed), and counting
# every difference in our favour (gating).
set -u
sd=$1 tools=$2 corpus=$3
here=$(dirname "$0")
build=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
hidden="$build/corpus/text_hidden"
[ -x "$hidden" ] || make --no-print-directory -s "$hidden" >/dev/null 2>&1
dirs=""
for sub in spamassassin other; do
    [ -d "$corpus/$sub" ] && dirs="$dirs $corpus/$sub"
done
[ -z "$dirs" ] && dirs=$corpus
for dir in $dirs; do
    python3 "$tools/text_reference.py" "$dir" > "$tmp/ref.jsonl" 2>/dev/null
    "$sd" --no-mbox --text-json "$dir" > "$tmp/ours.jsonl" 2>"$tmp/err"
    echo "-- $dir (goal: 97% of text/html parts at >= 0.95)"
    python3 "$tools/compare_text.py" "$tmp/ref.jsonl" "$tmp/ours.jsonl" --show 5
    echo "   text/plain:"
    python3 "$tools/compare_text.py" "$tmp/ref.jsonl" "$tmp/ours.jsonl" --type text/plain --show 0 | sed 's/^/   /'
    if [ -x "$hidden" ]; then
        "$hidden" "$dir" > "$tmp/hidden.jsonl" 2>/dev/null
        python3 "$here/text_diffkinds.py" "$tools" "$tmp/ref.jsonl" "$tmp/ours.jsonl" \
            "$tmp/hidden.jsonl" --min 97 --list || status=1
    fi
done
exit $status
