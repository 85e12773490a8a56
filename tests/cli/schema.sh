#!/bin/sh
# docs/result.schema.json documents score-draft --json and lsc_result_json:
# every example draft and test message (and input that is not an email)
# gives a result the schema accepts, and the schema refuses results that
# break it (a level it does not know, a missing version, a positive
# fix_points).  Needs python3-jsonschema.  Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
tmp=${LSC_TMP:-/tmp}/schema_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
schema=docs/result.schema.json
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

check jsonschema_installed 'python3 -c "import jsonschema"'
: > "$tmp/empty.eml"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' > "$tmp/pic.png"
"$sd" --json examples/drafts tests/messages "$tmp/empty.eml" "$tmp/pic.png" > "$tmp/all.json" 2> "$tmp/err"
check scored_without_error '[ $? -lt 2 ] && [ "$(wc -l < "$tmp/all.json")" -gt 50 ]'
python3 tools/check_schema.py "$schema" "$tmp/all.json" > "$tmp/out" 2>&1
check every_result_valid '[ $? -eq 0 ] && grep -q " 0 invalid" "$tmp/out"'
[ -s "$tmp/out" ] && grep -v " 0 invalid" "$tmp/out" | head -5 | sed 's/^/# /'
# the schema must be able to say no
head -1 "$tmp/all.json" | python3 -c "
import json, sys
o = json.loads(sys.stdin.readline())
a = dict(o); a['level'] = 'bogus'
b = dict(o); del b['version']
c = dict(o); c['hits'] = [dict(h, fix_points=1.0) for h in o['hits']] or [{'id': 'X'}]
d = dict(o); d['surprise'] = 1
for x in (a, b, c, d):
    print(json.dumps(x))
" > "$tmp/broken.json"
python3 tools/check_schema.py "$schema" "$tmp/broken.json" > "$tmp/bout" 2>&1
check broken_results_refused '[ $? -eq 1 ] && grep -q "0 results valid, 4 invalid" "$tmp/bout"'
