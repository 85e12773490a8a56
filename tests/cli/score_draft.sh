#!/bin/sh
# score-draft's score outputs end to end: the report, --json, --format tsv,
# --fail-above, --lang zh, colour only on a terminal and never with
# NO_COLOR, and exit status 2 on errors.  Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
tmp=${LSC_TMP:-/tmp}/score_draft_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
drafts=examples/drafts
blast=$drafts/02-cold-blast.eml
quote=$drafts/01-quote-follow-up.eml
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
esc=$(printf '\033')

# --format tsv: one line per message: path, points, risk, level, rule ids.
"$sd" --format tsv "$drafts" > "$tmp/tsv" 2> "$tmp/tsv.err"
check tsv_exit_0 '[ $? -eq 0 ]'
n=$(ls "$drafts" | grep -c '\.eml$')
check tsv_one_line_per_message '[ "$(wc -l < "$tmp/tsv")" -eq "$n" ]'
check tsv_columns 'awk -F"\t" "NF!=5 || \$2 !~ /^[0-9]+\\.[0-9]+\$/ || \$3 !~ /^[0-9]+\$/ || \$3 > 100 || \$4 !~ /^(low|medium|high)\$/ {bad=1} END {exit bad}" "$tmp/tsv"'
check tsv_paths_as_given 'grep -q "^$blast	" "$tmp/tsv"'
# The blast's 29-character display:none run of sales words is reported,
# with the hidden words as evidence (issue 19).
check blast_hidden_run_reported 'grep "^$blast	" "$tmp/tsv" | grep -q "HIDDEN_CONTENT" &&
    "$sd" "$blast" | grep -A1 "HIDDEN_CONTENT" | grep -q "\"cheap cheap cheap led led led\""'
check tsv_rules_are_ids 'awk -F"\t" "\$5 !~ /^([A-Z0-9_]+(,[A-Z0-9_]+)*)?\$/ {bad=1} END {exit bad}" "$tmp/tsv"'

# --json: one object per message with path, score, risk, level, hits.
"$sd" --json "$drafts" > "$tmp/json" 2> "$tmp/json.err"
check json_exit_0 '[ $? -eq 0 ]'
cat > "$tmp/check_json.py" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
tsv = {l.split('\t')[0]: l.rstrip('\n').split('\t') for l in open(sys.argv[2])}
assert len(rows) == int(sys.argv[3]), len(rows)
for o in rows:
    assert list(o)[0] == 'path', list(o)
    assert o['level'] in ('low', 'medium', 'high')
    assert 0 <= o['risk'] <= 100
    t = tsv[o['path']]
    assert abs(float(t[1]) - o['points']) < 0.001 and int(t[2]) == o['risk'], (t, o)
    assert [h['id'] for h in o['hits']] == [x for x in t[4].split(',') if x]
    assert abs(sum(h['points'] for h in o['hits']) - o['points']) < 0.001
    prev = None
    for h in o['hits']:
        assert prev is None or prev >= h['points'], 'not worst first'
        prev = h['points']
        assert h['explanation'] and h['suggestion'], h['id']
        for e in h['evidence']:
            if e['where'] == 'subject':
                b = o['subject'].encode('utf-8')
                assert b[e['start']:e['end']].decode('utf-8') == e['text'], e
PY
check json_objects_agree_with_tsv 'python3 "$tmp/check_json.py" "$tmp/json" "$tmp/tsv" "$n" 2> "$tmp/py.err"'
[ -s "$tmp/py.err" ] && sed 's/^/#   /' "$tmp/py.err" | tail -3

# The default report: risk and level first, and what the level means.
"$sd" "$quote" > "$tmp/report" 2>&1
check report_exit_0 '[ $? -eq 0 ]'
check report_has_risk_and_level 'grep -Eq "^  risk [0-9]+/100 (low|medium|high) \\([0-9.]+ points\\): " "$tmp/report"'
check report_not_coloured_when_piped '! grep -q "$esc" "$tmp/report"'

# Colour only on a terminal, never with NO_COLOR.
if command -v script > /dev/null 2>&1; then
    script -qec "$sd $blast" /dev/null > "$tmp/tty" 2>&1 < /dev/null
    check report_coloured_on_terminal 'grep -q "$esc\\[" "$tmp/tty"'
    NO_COLOR=1 script -qec "$sd $blast" /dev/null > "$tmp/tty2" 2>&1 < /dev/null
    check no_color_on_terminal '! grep -q "$esc\\[" "$tmp/tty2" && grep -q "risk" "$tmp/tty2"'
fi

# --lang zh: the report itself speaks Chinese.
"$sd" --lang zh "$quote" > "$tmp/zh" 2>&1
check lang_zh_report 'grep -q "风险" "$tmp/zh"'
"$sd" --lang xx "$quote" > /dev/null 2>&1
check lang_unknown_exit_2 '[ $? -eq 2 ]'

# --fail-above: exit 1 only when a message's risk is above R (more in newuser.sh).
"$sd" --fail-above 100 --format tsv "$drafts" > /dev/null 2>&1
check fail_above_not_reached_exit_0 '[ $? -eq 0 ]'
"$sd" --fail-above x "$quote" > /dev/null 2>&1
check fail_above_needs_number '[ $? -eq 2 ]'

# Standard input, errors.
"$sd" --format tsv - < "$quote" > "$tmp/stdin" 2>&1
check stdin_scored 'grep -q "^-	" "$tmp/stdin"'
"$sd" "$tmp/no-such-file.eml" > /dev/null 2>&1
check missing_file_exit_2 '[ $? -eq 2 ]'
"$sd" --no-such-option "$quote" > /dev/null 2>&1
check unknown_option_exit_2 '[ $? -eq 2 ]'

# With a finding (SUBJECT_SPACE_PADDING, this file's own rule family): the
# report quotes the evidence in context, --fail-above trips, zh explains.
pad=tests/messages/score_subject_padding.eml
"$sd" "$pad" > "$tmp/pad" 2>&1
check report_lists_finding_with_points 'grep -Eq "^ +\\+[0-9]+\\.[0-9]  SUBJECT_SPACE_PADDING  The subject contains a run of 18 spaces" "$tmp/pad"'
check report_quotes_evidence_in_context 'grep -q "subject: \"LED panels for your next project\\[                  10427\\]\"" "$tmp/pad"'
check report_gives_fix 'grep -q "^ *fix: Remove the run of spaces" "$tmp/pad"'
"$sd" --fail-above 0 --format tsv "$pad" > /dev/null 2>&1
check fail_above_exceeded_exit_1 '[ $? -eq 1 ]'
"$sd" --fail-above 0 --format tsv "$quote" "$pad" > "$tmp/fa" 2>&1
check fail_above_still_reports_all '[ $? -eq 1 ] && [ "$(wc -l < "$tmp/fa")" -eq 2 ]'
"$sd" --lang zh "$pad" > "$tmp/padzh" 2>&1
check lang_zh_explanation 'grep -q "主题中有连续 18 个空格" "$tmp/padzh" && grep -q "建议：删除这串空格" "$tmp/padzh"'
"$sd" --json --lang zh "$pad" > "$tmp/padzh.json" 2>&1
check lang_zh_json 'python3 -c "
import json,sys
o=json.loads(open(sys.argv[1],encoding=\"utf-8\").read())
h=[h for h in o[\"hits\"] if h[\"id\"]==\"SUBJECT_SPACE_PADDING\"][0]
assert \"空格\" in h[\"explanation\"] and \"空格\" in h[\"suggestion\"]
e=h[\"evidence\"][0]
assert e[\"where\"]==\"subject\" and o[\"subject\"].encode()[e[\"start\"]:e[\"end\"]].decode()==e[\"text\"]
" "$tmp/padzh.json" 2>/dev/null'

# --sent judges a delivered message: a missing Date counts then, not in a draft.
printf 'From: Anna <anna@lichtbau.example>\nTo: li@shenzhen-led.example\nSubject: Drawings\n\nHello Li, the drawings are attached.\n' > "$tmp/nodate.eml"
"$sd" --format tsv "$tmp/nodate.eml" > "$tmp/nodate.draft" 2>&1
"$sd" --sent --format tsv "$tmp/nodate.eml" > "$tmp/nodate.sent" 2>&1
check sent_mode_judges_date '! grep -q DATE_MISSING_OR_BAD "$tmp/nodate.draft" && grep -q DATE_MISSING_OR_BAD "$tmp/nodate.sent"'

# A folder's files are read without asking their size (one call fewer per
# file): in one of 190 KB the words that make it score high come after
# the first 64 KB read, and it scores as it does given by name; a pipe
# in the folder is no file to read and hangs nothing.
mkdir -p "$tmp/big"
{ printf 'From: Anna <anna@example.com>\nTo: bob@example.org\nSubject: notes\n'
  printf 'Date: Mon, 7 Dec 2026 10:00:00 +0000\nMessage-ID: <1@example.com>\n\nHello Bob,\n\n'
  i=0; while [ $i -lt 2600 ]; do
      echo "Line $i of the minutes from the meeting, which ran on for quite a while."
      i=$((i + 1)); done
  echo 'ACT NOW!!! FREE MONEY!!! CLICK HERE!!! LIMITED TIME OFFER!!! BUY NOW!!!'; } > "$tmp/big/long.eml"
mkfifo "$tmp/big/pipe.eml" 2>/dev/null
"$sd" --format tsv "$tmp/big/long.eml" > "$tmp/big.byname" 2>&1
timeout 60 "$sd" --format tsv "$tmp/big" > "$tmp/big.folder" 2>&1
check folder_reads_past_64k '[ "$(wc -c < "$tmp/big/long.eml")" -gt 150000 ] &&
    grep -q "	high	.*EXCLAIM_BODY" "$tmp/big.byname" && cmp -s "$tmp/big.byname" "$tmp/big.folder"'
check folder_pipe_no_hang '[ "$(wc -l < "$tmp/big.folder")" -eq 1 ]'
