#!/bin/sh
# The folders of a corpus that check-scores and check-same score, on one
# line: CORPUS/spamassassin and CORPUS/other where they exist, else
# CORPUS itself.  (One place, so that the two checks score the same files.)
# Usage: score-dirs.sh CORPUS
dirs=""
for sub in spamassassin other; do
    [ -d "$1/$sub" ] && dirs="$dirs $1/$sub"
done
echo "${dirs:-$1}"
