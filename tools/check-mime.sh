#!/bin/sh
# Compares score-draft --mime-json with Python's email package
# (../shared/tools/mime_reference.py) on every folder of a corpus.  The
# reference reads each file as one message, so score-draft does too
# (--no-mbox): an mbox's messages are compared as the file they are in.
# Usage: check-mime.sh SCORE_DRAFT TOOLS_DIR CORPUS_DIR
set -u
sd=$1 tools=$2 corpus=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for sub in spamassassin other mime-edge; do
    dir="$corpus/$sub"
    [ -d "$dir" ] || dir="$corpus"
    min=99.5
    [ "$sub" = mime-edge ] && min=97
    python3 "$tools/mime_reference.py" "$dir" > "$tmp/ref.jsonl" 2>/dev/null
    "$sd" --no-mbox --mime-json "$dir" > "$tmp/ours.jsonl" 2>"$tmp/err"
    echo "-- $dir (need $min%)"
    python3 "$tools/compare_mime.py" "$tmp/ref.jsonl" "$tmp/ours.jsonl" --min "$min" --show 5 || status=1
    [ "$dir" = "$corpus" ] && break
done
exit $status
