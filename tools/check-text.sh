#!/bin/sh
# Compares score-draft --text-json with Python's html.parser reduction
# (../shared/tools/text_reference.py) on the spamassassin and other folders
# of a corpus (or on the corpus itself when it has neither), and counts how
# many of the differing HTML parts differ by text we found hidden (text the
# reference shows and a reader does not see: a difference in our favour).
# Usage: check-text.sh SCORE_DRAFT TOOLS_DIR CORPUS_DIR
# Goal: at least 97% of HTML parts at word-multiset Jaccard >= 0.95.
set -u
sd=$1 tools=$2 corpus=$3
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
dirs=""
for sub in spamassassin other; do
    [ -d "$corpus/$sub" ] && dirs="$dirs $corpus/$sub"
done
[ -z "$dirs" ] && dirs=$corpus
for dir in $dirs; do
    python3 "$tools/text_reference.py" "$dir" > "$tmp/ref.jsonl" 2>/dev/null
    "$sd" --text-json "$dir" > "$tmp/ours.jsonl" 2>"$tmp/err"
    echo "-- $dir (need 97% of text/html parts at >= 0.95)"
    python3 "$tools/compare_text.py" "$tmp/ref.jsonl" "$tmp/ours.jsonl" --min 97 --show 5 || status=1
    python3 "$tools/compare_text.py" "$tmp/ref.jsonl" "$tmp/ours.jsonl" --type text/plain --show 0 | grep -v '^  '
    if [ -x "${LSC_HIDDEN_JSON:-$here/../build/examples/hidden-json}" ] 2>/dev/null; then :; fi
    python3 "$here/text_diffkinds.py" "$tmp/ref.jsonl" "$tmp/ours.jsonl" 2>/dev/null || true
done
exit $status
