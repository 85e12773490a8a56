#!/bin/sh
# Does the score separate spam from ham on real mail?  (make check-scores)
# Scores CORPUS/spamassassin and CORPUS/other with score-draft --format tsv,
# then ../shared/tools/eval_scores.py gives the ROC AUC overall and per
# source and the share of ham and spam at the medium and high cut-offs, and
# tools/score_stats.py the levels per source and the rules firing most on
# ham.  Fails when the AUC is below MIN_AUC (0.97) or more than
# MAX_EASY_HAM_HIGH (2) percent of easy_ham reaches level high.
# Usage: check-scores.sh SCORE_DRAFT TOOLS_DIR CORPUS_DIR
# Set KEEP=file.tsv to keep the scores.
set -u
sd=$1 tools=$2 corpus=$3
here=$(dirname "$0")
min_auc=${MIN_AUC:-0.97}
max_high=${MAX_EASY_HAM_HIGH:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
dirs=$(sh "$(dirname "$0")/score-dirs.sh" "$corpus")
# shellcheck disable=SC2086
"$sd" --format tsv $dirs > "$tmp/scores.tsv" 2> "$tmp/err"
rc=$?
if [ $rc -ge 2 ]; then
    echo "check-scores: score-draft failed ($rc):"; head -20 "$tmp/err"
    exit 1
fi
[ -n "${KEEP:-}" ] && cp "$tmp/scores.tsv" "$KEEP"
# The points where levels medium and high begin, as the data shows them.
cuts=$(awk -F'\t' '$4=="medium"||$4=="high" { if (m==""||$2<m) m=$2 }
                   $4=="high" { if (h==""||$2<h) h=$2 }
                   END { if (m!="") printf " --threshold %s", m;
                         if (h!="") printf " --threshold %s", h }' "$tmp/scores.tsv")
status=0
echo "== eval_scores.py (thresholds: level medium, level high)"
# shellcheck disable=SC2086
python3 "$tools/eval_scores.py" "$tmp/scores.tsv" --min-auc "$min_auc" $cuts || {
    echo "check-scores: AUC below $min_auc"; status=1; }
echo "== levels per source, rules on ham"
python3 "$here/score_stats.py" "$tmp/scores.tsv" --max-easy-ham-high "$max_high" || status=1
exit $status
