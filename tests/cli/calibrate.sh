#!/bin/sh
# tools/calibrate.py on a small synthetic corpus: weights never negative,
# the rule that separates gets the most, a rule that fires on ham only gets
# nothing, corpus artifacts are left out, and --write writes the weights
# file (weights.def) and the curve file (score_curve.def) whole, as data,
# and leaves the rule table (rules.def) alone.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=${LSC_TMP:-/tmp}/calibrate_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

python3 - "$tmp" <<'PY'
import json, random, sys
d = sys.argv[1]
random.seed(7)
with open(d + '/rules.def', 'w') as f:
    f.write('LSC_RULE(STRONG, "g", fn_strong,\n         "d", "d")\n')
    f.write('LSC_RULE(WEAK, "g", fn_weak, "d", "d")\n')
    f.write('LSC_RULE(HAMMY, "g", fn_hammy, "d", "d")\n')
    f.write('LSC_RULE(ARTIFACT, "g", fn_art, "d", "d")\n')
    f.write('LSC_RULE(RARE, "g", fn_rare, "d", "d")\n')
with open(d + '/weights.def', 'w') as f:
    f.write('LSC_GROUP("g", 20.0)\n')
    for r in ('STRONG', 'WEAK', 'HAMMY', 'ARTIFACT'):
        f.write('LSC_WEIGHT(%s, 1.0)\n' % r)
    f.write('LSC_WEIGHT(RARE, 2.5)\n')
with open(d + '/score_curve.def', 'w') as f:
    f.write('LSC_CURVE(RISK_MID, 4.0)\nLSC_CURVE(RISK_SLOPE, 0.8)\n'
            'LSC_CURVE(LEVEL_HIGH_POINTS, 7.5)\n')
with open(d + '/hits.jsonl', 'w') as f:
    for i in range(1200):
        spam = i % 2 == 0
        hits = []
        if random.random() < (0.7 if spam else 0.03):
            hits.append({'id': 'STRONG', 'strength': 1.0, 'evidence': []})
        if random.random() < (0.3 if spam else 0.15):
            hits.append({'id': 'WEAK', 'strength': 1.0, 'evidence': []})
        if random.random() < (0.0 if spam else 0.2):
            hits.append({'id': 'HAMMY', 'strength': 1.0, 'evidence': []})
        if spam and random.random() < 0.5:
            hits.append({'id': 'ARTIFACT', 'strength': 1.0,
                         'evidence': [{'text': 'phishing@pot'}]})
        path = '/c/%s/src/%d' % ('spam' if spam else 'ham/easy_ham', i)
        f.write(json.dumps({'path': path, 'points': 0, 'hits': hits}) + '\n')
PY
cp "$tmp/rules.def" "$tmp/rules.def.before"
python3 tools/calibrate.py --jsonl "$tmp/hits.jsonl" --rules-def "$tmp/rules.def" \
    --weights "$tmp/weights.def" \
    --curve "$tmp/score_curve.def" --lambdas 1 --folds 3 --iters 200 --fix "" \
    --artifact-rules ARTIFACT --write > "$tmp/out" 2>&1
check calibrate_runs '[ $? -eq 0 ] && grep -q "CV (refit per fold)" "$tmp/out"'
w() { sed -n "s/^LSC_WEIGHT($1, \([0-9.]*\))$/\1/p" "$tmp/weights.def"; }
check strong_rule_weighs_most 'awk "BEGIN { exit !($(w STRONG) > $(w WEAK) && $(w STRONG) >= 1.5) }"'
check ham_only_rule_gets_nothing '[ "$(w HAMMY)" = "0.0" ]'
check artifact_left_out 'grep -q "ARTIFACT [1-9][0-9][0-9]" "$tmp/out" && grep -q "^ARTIFACT .*kept: fires on 0" "$tmp/out"'
check rare_rule_keeps_weight '[ "$(w RARE)" = "2.5" ]'
check rule_table_untouched 'cmp -s "$tmp/rules.def" "$tmp/rules.def.before"'
check weights_file_whole '[ "$(grep -c "^LSC_WEIGHT(" "$tmp/weights.def")" -eq 5 ] && grep -q "^LSC_GROUP(\"g\", 20.0)$" "$tmp/weights.def"'
check weights_are_round 'for r in STRONG WEAK HAMMY; do awk "BEGIN { exit !($(w $r) * 2 == int($(w $r) * 2)) }" || exit 1; done'
check curve_written '! grep -q "RISK_MID, 4.0" "$tmp/score_curve.def" && [ "$(grep -c "^LSC_CURVE(\(RISK_MID\|RISK_SLOPE\|LEVEL_HIGH_POINTS\|RISK_TAIL\), [0-9.]*)$" "$tmp/score_curve.def")" -eq 4 ]'
# The library's own curve file is in the shape calibrate.py writes, so a
# --write replaces it whole and changes only the numbers.
check curve_file_is_what_calibrate_writes 'python3 -c "
import sys; sys.path.insert(0, \"$top/tools\"); import calibrate as c
v = c.read_curve(\"$top/libscore/rules/score_curve.def\")
t = c.curve_text(v[\"RISK_MID\"], v[\"RISK_SLOPE\"], v[\"LEVEL_HIGH_POINTS\"], v[\"RISK_TAIL\"])
sys.exit(t != open(\"$top/libscore/rules/score_curve.def\").read())"'
# Likewise the weights file: calibrate.py writes it whole, in this shape.
check weights_file_is_what_calibrate_writes 'python3 -c "
import sys; sys.path.insert(0, \"$top/tools\"); import calibrate as c
caps, t = c.read_table(\"$top/libscore/rules/rules.def\", \"$top/libscore/rules/weights.def\")
txt = c.weights_text(caps, dict((r, v[\"weight\"]) for r, v in t.items()))
sys.exit(txt != open(\"$top/libscore/rules/weights.def\").read())"'
