#!/bin/sh
# What a new user meets first (issue 19), through score-draft: input that
# is not an email says so in every format, each finding says what fixing
# it gains, --fail-above takes a risk or a level and refuses the rest, a
# long text is not an attachment problem, the Chinese labels, and the JSON
# version and flag names.  Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
tmp=${LSC_TMP:-/tmp}/newuser_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
blast=examples/drafts/02-cold-blast.eml
quote=examples/drafts/01-quote-follow-up.eml
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# ---- not an email, in every format
: > "$tmp/empty.eml"
printf 'Hello Bob,\nFree Software, click here for the best price!!!\n' > "$tmp/note.txt"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' > "$tmp/pic.png"
cp /bin/true "$tmp/prog"
for f in empty.eml note.txt pic.png prog; do
    "$sd" "$tmp/$f" > "$tmp/$f.out" 2>&1
    check "not_email_text_$f" '[ $? -eq 0 ] && grep -q "^  unreadable: this is not an email" "$tmp/$f.out" && grep -q "NOT_EMAIL" "$tmp/$f.out" && ! grep -q "PROMO_PHRASES\|/100" "$tmp/$f.out"'
done
check not_email_names_png 'grep -q "a PNG image" "$tmp/pic.png.out"'
check not_email_names_elf 'grep -q "an ELF program" "$tmp/prog.out"'
"$sd" --format tsv "$tmp/empty.eml" "$tmp/pic.png" > "$tmp/ne.tsv" 2>&1
check not_email_tsv '[ "$(cut -f4,5 "$tmp/ne.tsv" | sort -u)" = "$(printf "unreadable\tNOT_EMAIL")" ]'
"$sd" --json "$tmp/note.txt" > "$tmp/ne.json" 2>&1
check not_email_json 'python3 -c "
import json,sys
o=json.load(open(sys.argv[1]))
assert o[\"level\"]==\"unreadable\" and o[\"risk\"]==0
assert [h[\"id\"] for h in o[\"hits\"]]==[\"NOT_EMAIL\"]
" "$tmp/ne.json"'
"$sd" --lang zh "$tmp/pic.png" > "$tmp/ne.zh" 2>&1
check not_email_zh 'grep -q "无法读取：这不是邮件" "$tmp/ne.zh"'
"$sd" --html "$tmp/ne.html" "$tmp/pic.png" > /dev/null 2>&1
check not_email_html 'grep -q "Not an email" "$tmp/ne.html" && grep -q "b-3" "$tmp/ne.html"'
mkdir -p "$tmp/pages"
"$sd" --html "$tmp/pages" "$tmp/pic.png" "$quote" > /dev/null 2>&1
check not_email_html_index 'grep -q "Not an email" "$tmp/pages/index.html"'

# ---- what fixing each finding gains
"$sd" "$blast" > "$tmp/blast" 2>&1
check fix_this_in_report 'grep -Eq "^ +fix this: -[0-9]+\.[0-9] points \(risk -?[0-9]+\)$" "$tmp/blast"'
"$sd" --json "$blast" > "$tmp/blast.json" 2>&1
check fix_points_in_json 'python3 -c "
import json,sys
o=json.load(open(sys.argv[1]))
assert all(h[\"fix_points\"] <= 0 and h[\"fix_risk\"] <= 0 for h in o[\"hits\"])
ex=[h for h in o[\"hits\"] if h[\"id\"]==\"EXCLAIM_BODY\"][0]
assert ex[\"fix_points\"] < -0.05, ex
" "$tmp/blast.json"'
# disabling a rule never raises another
printf 'disable EXCLAIM_BODY\n' > "$tmp/dis.conf"
"$sd" --json --config "$tmp/dis.conf" "$blast" > "$tmp/dis.json" 2>&1
check disable_never_raises_another 'python3 -c "
import json,sys
a={h[\"id\"]:h[\"points\"] for h in json.load(open(sys.argv[1]))[\"hits\"]}
b={h[\"id\"]:h[\"points\"] for h in json.load(open(sys.argv[2]))[\"hits\"]}
assert \"EXCLAIM_BODY\" in a and \"EXCLAIM_BODY\" not in b
assert all(b[k] <= a[k] + 1e-9 for k in b), [(k, a[k], b[k]) for k in b if b[k] > a[k]]
" "$tmp/blast.json" "$tmp/dis.json"'
# the report page says how risk follows from points and what a fix gains
"$sd" --html "$tmp/blast.html" "$blast" > /dev/null 2>&1
check report_page_curve_and_fix 'grep -q "How risk follows from points" "$tmp/blast.html" && grep -q "Fix this: -" "$tmp/blast.html"'

# ---- --fail-above: a risk or a level, nothing else
"$sd" --fail-above 101 "$quote" > /dev/null 2>&1
check fail_above_over_100_refused '[ $? -eq 2 ]'
"$sd" --fail-above -1 "$quote" > /dev/null 2>&1
check fail_above_negative_refused '[ $? -eq 2 ]'
"$sd" --fail-above huge "$quote" > "$tmp/fa.err" 2>&1
check fail_above_word_refused '[ $? -eq 2 ] && grep -q "low, medium, high" "$tmp/fa.err"'
"$sd" --fail-above medium --format tsv "$blast" > /dev/null 2>&1
check fail_above_medium_trips_on_high '[ $? -eq 1 ]'
"$sd" --fail-above high --format tsv "$blast" > /dev/null 2>&1
check fail_above_high_never_trips '[ $? -eq 0 ]'
"$sd" --fail-above medium --format tsv "$quote" > /dev/null 2>&1
check fail_above_medium_passes_low '[ $? -eq 0 ]'
"$sd" --fail-above 98 --format tsv "$blast" > /dev/null 2>&1
check fail_above_risk_trips '[ $? -eq 1 ]'
"$sd" --fail-above 99 --format tsv "$blast" > /dev/null 2>&1
check fail_above_risk_at_value_passes '[ $? -eq 0 ]'
"$sd" --fail-above high --format tsv "$tmp/pic.png" > /dev/null 2>&1
check fail_above_not_email_trips '[ $? -eq 1 ]'
"$sd" --format tsv "$tmp/pic.png" > /dev/null 2>&1
check not_email_without_gate_exit_0 '[ $? -eq 0 ]'
"$sd" --help > "$tmp/help" 2>&1
check help_names_exit_codes 'grep -qi "exit status" "$tmp/help" && grep -q "^  1 " "$tmp/help" && grep -q "RISK|LEVEL" "$tmp/help"'

# ---- a long text is not an attachment problem
printf 'size_limit example.com 1000000\n' > "$tmp/small.conf"
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('From: me@example.org\nTo: ann@example.com\nSubject: Notes\n\n')
    f.write(('the minutes of the meeting go on and on about next year\n') * 25000)
" "$tmp/long.eml"
"$sd" --config "$tmp/small.conf" "$tmp/long.eml" > "$tmp/long" 2>&1
check long_text_names_message_size 'grep -q "almost all of it text" "$tmp/long" && ! grep -q "shared drive" "$tmp/long"'
printf 'limit max_words 20\n' > "$tmp/words.conf"
"$sd" --config "$tmp/words.conf" "$quote" > "$tmp/words" 2>&1
check word_limit_reported 'grep -q "WORD_LIMIT_REACHED  The text is longer than the word limit (20 words)" "$tmp/words"'
"$sd" --json --config "$tmp/words.conf" "$quote" > "$tmp/words.json" 2>&1
check word_limit_flag_named 'grep -q "\"flag_names\":\[[^]]*\"too_many_words\"" "$tmp/words.json"'

# ---- JSON: the library version
check json_version 'python3 -c "
import json,re,sys
v=json.load(open(sys.argv[1]))[\"version\"]
h=open(\"include/libscore.h\").read()
assert v==re.search(r\"LSC_VERSION_STRING \\\"([^\\\"]+)\", h).group(1), v
" "$tmp/blast.json"'

# ---- Chinese labels: full width, every label translated, plain words
"$sd" --lang zh "$blast" > "$tmp/blast.zh" 2>&1
check zh_labels_full_width 'grep -q "建议：" "$tmp/blast.zh" && grep -q "主题：" "$tmp/blast.zh" && grep -q "（另有 [0-9]* 处）" "$tmp/blast.zh" && ! grep -q "建议:\|subject:\|(+[0-9]* 更多)" "$tmp/blast.zh"'
check zh_plain_words '! grep -q "每 100 词加权\|合并标签" "$tmp/blast.zh" && grep -q "占位符" "$tmp/blast.zh"'
check zh_fix_this 'grep -q "修改此项：-[0-9.]* 分（风险 -*[0-9]*）" "$tmp/blast.zh"'
"$sd" --lang zh --html "$tmp/blast.zh.html" "$blast" > /dev/null 2>&1
check zh_report_page_labels 'grep -q "建议：</strong>" "$tmp/blast.zh.html" && grep -q "类别：" "$tmp/blast.zh.html" && ! grep -q "建议:\|类别: " "$tmp/blast.zh.html" && grep -q "风险与分数的对应" "$tmp/blast.zh.html"'
"$sd" --lang zh --html "$tmp/att.zh.html" examples/drafts/04-attachment.eml > /dev/null 2>&1
check zh_report_page_sizes_full_width 'grep -q "邮件大小：" "$tmp/att.zh.html" && ! grep -q "邮件大小: " "$tmp/att.zh.html"'
