#!/bin/sh
# The command-line conventions of score-draft and its commands (issue 19):
# --version, --help naming every option and the exit codes, --opt=value
# and "--", --list-rules [--json], --color=auto|always|never with NO_COLOR
# and TERM=dumb, mbox input (FILE:N), the batch summary line and the TSV
# --header row, --lang from the config file, and clear errors for unknown
# files in --wordlists and --record without --history.
# Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
tmp=${LSC_TMP:-/tmp}/conventions_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
drafts=examples/drafts
blast=$drafts/02-cold-blast.eml
quote=$drafts/01-quote-follow-up.eml
esc=$(printf '\033')
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
unset NO_COLOR

# --version: the tool's and the library's version, exit 0.
v=$(sed -n 's/^#define LSC_VERSION_STRING "\(.*\)"/\1/p' include/libscore.h)
"$sd" --version > "$tmp/v" 2>&1
check version_exit_0 '[ $? -eq 0 ]'
check version_line 'grep -qx "score-draft $v (libscore $v)" "$tmp/v"'
"$sd" -V > "$tmp/v2" 2>&1
check version_short 'cmp -s "$tmp/v" "$tmp/v2"'
"$sd" bounce --version > "$tmp/v3" 2>&1
check version_bounce 'cmp -s "$tmp/v" "$tmp/v3"'

# --help: exit 0 on stdout; every long option the parser accepts is
# explained; the three exit codes are documented.
"$sd" --help > "$tmp/help" 2> "$tmp/help.err"
check help_exit_0 '[ $? -eq 0 ] && [ ! -s "$tmp/help.err" ]'
missing=""
for o in $(sed -n 's/^    { "\([a-z-]*\)", .*/\1/p' examples/score-draft.c); do
    [ "$o" = colour ] && continue
    grep -q -- "--$o" "$tmp/help" || missing="$missing $o"
done
check help_names_every_option '[ -z "$missing" ] || { echo "# missing:$missing"; false; }'
check help_exit_codes 'grep -q "^Exit status:" "$tmp/help" && grep -q "^  0 " "$tmp/help" && grep -q "^  1 .*--fail-above" "$tmp/help" && grep -q "^  2 .*usage" "$tmp/help"'
# Each command's own option table against its own --help.
for pair in bounce:examples/sd_bounce.c history:examples/sd_history.c sender:examples/sd_dns.c; do
    c=${pair%%:*}
    "$sd" $c --help > "$tmp/hh" 2>&1
    missing=""
    for o in $(sed -n 's/^    { "\([a-z-]*\)", .*/\1/p' "${pair#*:}"); do
        grep -q -- "--$o" "$tmp/hh" || missing="$missing $o"
    done
    check "help_names_every_option_$c" '[ -z "$missing" ] || { echo "# missing:$missing"; false; }'
done
for c in bounce history; do
    "$sd" $c --help > "$tmp/h$c" 2>&1
    check "help_$c" '[ $? -eq 0 ] && grep -q "^usage: score-draft $c" "$tmp/h$c" && grep -q "Exit status" "$tmp/h$c"'
done
"$sd" sender --help > "$tmp/hdns" 2>&1
check help_dns '[ $? -eq 0 ] && grep -q -- "--dns-server" "$tmp/hdns"'
for cmd in "" bounce history; do
    "$sd" $cmd --no-such-option x > /dev/null 2> "$tmp/bad"
    check "unknown_option_exit_2_${cmd:-score}" '[ $? -eq 2 ] && grep -q "Try .score-draft.*--help" "$tmp/bad"'
done
"$sd" > /dev/null 2> "$tmp/none"
check no_files_exit_2 '[ $? -eq 2 ] && grep -q "no message" "$tmp/none"'

# --opt=value is --opt value; options may follow files; "--" ends them.
"$sd" --format tsv --lang zh "$blast" > "$tmp/a"
"$sd" "$blast" --format=tsv --lang=zh > "$tmp/b"
check opt_equals_value 'cmp -s "$tmp/a" "$tmp/b" && [ -s "$tmp/a" ]'
cp "$quote" "$tmp/--json"
case $sd in /*) asd=$sd ;; *) asd=$(pwd)/$sd ;; esac
(cd "$tmp" && "$asd" --format=tsv -- --json) > "$tmp/dd" 2>&1
check double_dash_ends_options 'grep -q "^--json	" "$tmp/dd"'
"$sd" bounce --format=tsv -- "$quote" > "$tmp/bdd" 2>&1
check bounce_opt_equals 'grep -q "not-a-bounce" "$tmp/bdd"'
"$sd" history stats "$tmp/none.db" --now=abc > /dev/null 2>&1
check history_bad_now_exit_2 '[ $? -eq 2 ]'
"$sd" sender example.invalid --timeout=soon > /dev/null 2> "$tmp/to"
check dns_bad_number_exit_2 '[ $? -eq 2 ] && grep -q "whole number" "$tmp/to"'

# --list-rules: id, group, weight, description from the engine's table;
# --json: an array; --config changes the weights shown.
"$sd" --list-rules > "$tmp/rules" 2>&1
check list_rules_exit_0 '[ $? -eq 0 ]'
check list_rules_header 'head -1 "$tmp/rules" | grep -q "^ID  *GROUP  *WEIGHT  *DESCRIPTION"'
check list_rules_promo 'grep -Eq "^PROMO_PHRASES +wording +[0-9]+\.[0-9]{2}  [A-Z]" "$tmp/rules"'
printf 'weight PROMO_PHRASES 4.25\ndisable EXCLAIM_BODY\n' > "$tmp/w.conf"
"$sd" --list-rules --json --config "$tmp/w.conf" > "$tmp/rules.json"
cat > "$tmp/rules.py" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
n = sum(1 for l in open(sys.argv[2]) if l.strip()) - 1
assert len(rows) == n, (len(rows), n)
by = {r["id"]: r for r in rows}
assert set(rows[0]) >= {"id", "group", "weight", "default_weight", "enabled", "description"}
assert by["PROMO_PHRASES"]["weight"] == 4.25 and by["PROMO_PHRASES"]["group"] == "wording"
assert by["EXCLAIM_BODY"]["enabled"] is False
assert all(r["description"] for r in rows)
PY
check list_rules_json 'python3 "$tmp/rules.py" "$tmp/rules.json" "$tmp/rules"'
"$sd" --list-rules --lang zh > "$tmp/rules.zh"
check list_rules_lang 'LC_ALL=C grep -q "^PROMO_PHRASES .*[^ -~]" "$tmp/rules.zh" && ! grep -q "^PROMO_PHRASES .*Advertising" "$tmp/rules.zh"'

# --color: never and always override the terminal test; auto is off when
# piped, with NO_COLOR, and with TERM=dumb on a terminal.
"$sd" --color=always "$blast" > "$tmp/c1"
check color_always 'grep -q "$esc\\[" "$tmp/c1"'
NO_COLOR=1 "$sd" --color=always "$blast" > "$tmp/c1b"
check color_always_beats_no_color 'grep -q "$esc\\[" "$tmp/c1b"'
"$sd" --color=auto "$blast" > "$tmp/c2"
check color_auto_piped '! grep -q "$esc" "$tmp/c2"'
"$sd" --color=maybe "$blast" > /dev/null 2>&1
check color_bad_value_exit_2 '[ $? -eq 2 ]'
if command -v script > /dev/null 2>&1; then
    TERM=xterm script -qec "$sd $blast" /dev/null > "$tmp/t1" 2>&1 < /dev/null
    check color_auto_terminal 'grep -q "$esc\\[" "$tmp/t1"'
    TERM=dumb script -qec "$sd $blast" /dev/null > "$tmp/t2" 2>&1 < /dev/null
    check color_term_dumb '! grep -q "$esc\\[" "$tmp/t2" && grep -q risk "$tmp/t2"'
    TERM=xterm script -qec "$sd --color=never $blast" /dev/null > "$tmp/t3" 2>&1 < /dev/null
    check color_never_terminal '! grep -q "$esc\\[" "$tmp/t3" && grep -q risk "$tmp/t3"'
else
    bad "color_terminal_tests: script(1) from bsdutils is missing"
fi

# mbox: each message scored and named FILE:N; ">From " unquoted; the
# same results as the messages on their own.
{
    printf 'From alice@example.com Mon Dec  7 05:00:00 2026\n'
    cat "$quote"
    printf '\nFrom bob@example.com Mon Dec  7 05:01:00 2026\n'
    cat "$blast"
    printf '\nFrom carol@example.com Mon Dec  7 05:02:00 2026\n'
    printf 'From: carol@example.com\nTo: dave@example.org\nSubject: notes\n\nSee below.\n\n>From the minutes: all fine.\n'
} > "$tmp/box.mbox"
"$sd" --format tsv "$tmp/box.mbox" > "$tmp/mbox.tsv" 2>&1
check mbox_exit_0 '[ $? -eq 0 ]'
check mbox_three_messages '[ "$(wc -l < "$tmp/mbox.tsv")" -eq 3 ]'
check mbox_names 'cut -f1 "$tmp/mbox.tsv" | tr "\n" " " | grep -qx "$tmp/box.mbox:1 $tmp/box.mbox:2 $tmp/box.mbox:3 "'
"$sd" --format tsv "$quote" "$blast" | cut -f2- > "$tmp/alone"
sed -n 1,2p "$tmp/mbox.tsv" | cut -f2- > "$tmp/inbox"
check mbox_same_scores_as_files 'cmp -s "$tmp/alone" "$tmp/inbox"'
"$sd" --text-json "$tmp/box.mbox" > "$tmp/mbox.text" 2>&1
check mbox_unquotes_from 'grep -q "\"From the minutes" "$tmp/mbox.text" || grep -q "[^>]From the minutes" "$tmp/mbox.text"'
check mbox_from_line_not_in_message '! grep -q "alice@example.com Mon" "$tmp/mbox.text"'
"$sd" bounce --format tsv "$tmp/box.mbox" > "$tmp/mbox.b" 2>&1
check mbox_bounce_each_message '[ "$(cut -f1 "$tmp/mbox.b" | sort -u | wc -l)" -eq 3 ]'
# CRLF lines: the empty line before "From " is "\r\n"; a "From " inside a
# paragraph (no empty line before it) is text, not a new message
printf 'From a@example.com Mon Dec  7 05:00:00 2026\r\nFrom: a@example.com\r\nSubject: one\r\n\r\nHello.\r\nFrom here on, text.\r\n\r\nFrom b@example.com Mon Dec  7 05:01:00 2026\r\nFrom: b@example.com\r\nSubject: two\r\n\r\nBye.\r\n\r\n' > "$tmp/crlf.mbox"
"$sd" --format tsv "$tmp/crlf.mbox" > "$tmp/crlf.tsv" 2>&1
check mbox_crlf_two_messages '[ "$(wc -l < "$tmp/crlf.tsv")" -eq 2 ] && cut -f1 "$tmp/crlf.tsv" | tail -1 | grep -qx "$tmp/crlf.mbox:2"'
printf 'From: a@example.com\nSubject: From here\n\nFrom the start.\n' > "$tmp/plain.eml"
"$sd" --format tsv "$tmp/plain.eml" > "$tmp/plain.tsv"
check not_mbox_one_message 'cut -f1 "$tmp/plain.tsv" | grep -qx "$tmp/plain.eml"'
# a saved .eml is one message even when a quoted "From " line follows an
# empty line (a bounce quoting the original, as Python's email reads it)
cp "$tmp/box.mbox" "$tmp/saved.eml"
"$sd" --format tsv "$tmp/saved.eml" > "$tmp/saved.tsv" 2>&1
check eml_is_one_message '[ "$(wc -l < "$tmp/saved.tsv")" -eq 1 ] && cut -f1 "$tmp/saved.tsv" | grep -qx "$tmp/saved.eml"'
"$sd" --no-mbox --format tsv "$tmp/box.mbox" > "$tmp/nombox.tsv" 2>&1
check no_mbox_one_message '[ "$(wc -l < "$tmp/nombox.tsv")" -eq 1 ] && cut -f1 "$tmp/nombox.tsv" | grep -qx "$tmp/box.mbox"'

# Batches: the report ends with one summary line; TSV has no header unless
# --header asks for one.
"$sd" "$drafts" > "$tmp/batch"
n=$(ls "$drafts" | grep -c '\.eml$')
check summary_line 'tail -1 "$tmp/batch" | grep -Eq "^$n messages: ([0-9]+ (high|medium|low)(, )?)+$"'
"$sd" "$quote" > "$tmp/single"
check no_summary_for_one '! grep -q "messages:" "$tmp/single"'
"$sd" "$drafts" "$tmp/missing.eml" > "$tmp/batch2" 2> /dev/null
check summary_counts_unread 'tail -1 "$tmp/batch2" | grep -q "^$((n + 1)) messages: .*, 1 not read$"'
"$sd" --lang zh "$drafts" > "$tmp/batchzh"
check summary_zh 'tail -1 "$tmp/batchzh" | grep -q "^共 $n 封："'
"$sd" --format tsv "$drafts" > "$tmp/noheader"
check tsv_no_header_by_default '! grep -q "^path	" "$tmp/noheader"'
"$sd" --format tsv --header "$drafts" > "$tmp/header"
check tsv_header 'head -1 "$tmp/header" | grep -qx "path	points	risk	level	rules" && [ "$(wc -l < "$tmp/header")" -eq $((n + 1)) ]'
"$sd" bounce --format tsv --header "$quote" > "$tmp/bheader"
check bounce_tsv_header 'head -1 "$tmp/bheader" | grep -qx "file	recipient	status	replycode	reason	hard"'

# --lang from the config file: explanations and every label of the report
# in Chinese; --lang on the command line wins over the file.
printf 'lang zh\n' > "$tmp/zh.conf"
"$sd" --config "$tmp/zh.conf" "$blast" > "$tmp/cz"
"$sd" --lang zh "$blast" > "$tmp/lz"
check config_lang_labels 'cmp -s "$tmp/cz" "$tmp/lz" && grep -q "风险" "$tmp/cz"'
check config_lang_no_english_labels '! grep -Eq "^  risk |points\\)|findings$|fix:" "$tmp/cz"'
"$sd" --config "$tmp/zh.conf" --lang en "$blast" > "$tmp/ce"
check command_line_lang_wins 'grep -q "^  risk " "$tmp/ce" && ! grep -q "风险" "$tmp/ce"'

# --wordlists: a file the engine would not read is an error, not skipped.
mkdir -p "$tmp/wl/en"
printf 'big savings\n' > "$tmp/wl/promo.txt"
"$sd" --wordlists "$tmp/wl" "$quote" > /dev/null 2> "$tmp/wl1"
check wordlists_stray_file '[ $? -eq 2 ] && grep -q "promo.txt: not a phrase list" "$tmp/wl1"'
mv "$tmp/wl/promo.txt" "$tmp/wl/en/promo.list"
"$sd" --wordlists "$tmp/wl" "$quote" > /dev/null 2> "$tmp/wl2"
check wordlists_wrong_ending '[ $? -eq 2 ] && grep -q "en/promo.list: not a phrase list" "$tmp/wl2"'
mv "$tmp/wl/en/promo.list" "$tmp/wl/en/promo.txt"
printf 'notes\n' > "$tmp/wl/README.md"
"$sd" --wordlists "$tmp/wl" "$quote" > /dev/null 2> "$tmp/wl3"
check wordlists_good_dir '[ $? -eq 0 ] && [ ! -s "$tmp/wl3" ]'
"$sd" --wordlists "$tmp/nowhere" "$quote" > /dev/null 2> "$tmp/wl4"
check wordlists_missing_dir '[ $? -eq 2 ] && grep -q "nowhere" "$tmp/wl4"'

# --record needs --history.
"$sd" --record "$quote" > "$tmp/rec" 2> "$tmp/rec.err"
check record_without_history '[ $? -eq 2 ] && [ ! -s "$tmp/rec" ] && grep -q -- "--record needs --history" "$tmp/rec.err"'
