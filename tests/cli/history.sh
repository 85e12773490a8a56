#!/bin/sh
# score-draft --history PATH [--record] and "score-draft history stats":
# four drafts of one template to one company, recorded one after the
# other, make the later ones fire SHALLOW_PERSONAL and then TEMPLATE_REUSE;
# without --record nothing is added; stats shows what the file holds; a
# file that is not a history is a clear error (exit 2, no crash).
# Prints "ok - name" / "not ok - name".
set -u
sd=${LSC_SD:-examples/score-draft}
tmp=${LSC_TMP:-/tmp}/history_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
export NO_COLOR=1

for n in Anna Boris Chen Dmitri; do
    l=$(echo "$n" | tr 'A-Z' 'a-z')
    printf 'From: li@seller.example\r\nTo: %s <%s@buyer.example>\r\nSubject: Quotation for seamless steel pipes\r\n\r\nDear %s,\r\n\r\nThank you for your inquiry about our seamless steel pipes. We are a factory in Tianjin with twenty years of export experience to Europe and South America. Attached you will find our latest price list for the sizes you asked about, valid until the end of the month. Our minimum order is one container, delivery within thirty days after the deposit.\r\n\r\nPlease let me know if you need samples or a video call with our engineers.\r\n\r\nBest regards,\r\nLi Wei\r\n' "$n" "$l" "$n" > "$tmp/$n.eml"
done

"$sd" --history "$tmp/h.db" --record "$tmp/Anna.eml" > "$tmp/1" 2> "$tmp/1.err"
check first_draft_exit_0 '[ $? -eq 0 ] && [ ! -s "$tmp/1.err" ]'
check first_draft_no_template_hit '! grep -q "TEMPLATE_REUSE\|SHALLOW_PERSONAL" "$tmp/1"'
check history_file_created '[ -f "$tmp/h.db" ]'

"$sd" --history "$tmp/h.db" "$tmp/Boris.eml" > "$tmp/2" 2>&1
check second_draft_shallow 'grep -q "SHALLOW_PERSONAL" "$tmp/2" && grep -q "Only 1 of" "$tmp/2"'
"$sd" history stats "$tmp/h.db" > "$tmp/s1" 2>&1
check without_record_nothing_added 'grep -q "^entries  *1$" "$tmp/s1"'

"$sd" --history "$tmp/h.db" --record "$tmp/Boris.eml" "$tmp/Chen.eml" > /dev/null 2>&1
"$sd" --json --history "$tmp/h.db" "$tmp/Dmitri.eml" > "$tmp/4" 2>&1
check fourth_draft_template_reuse 'grep -q "\"TEMPLATE_REUSE\"" "$tmp/4" && grep -q "similar to 3 messages" "$tmp/4" && grep -q "buyer.example" "$tmp/4"'
"$sd" --lang zh --history "$tmp/h.db" "$tmp/Dmitri.eml" > "$tmp/4zh" 2>&1
check chinese_explanation 'grep -q "封邮件相似度为" "$tmp/4zh"'

"$sd" history stats "$tmp/h.db" > "$tmp/s2" 2> "$tmp/s2.err"
check stats_exit_0 '[ $? -eq 0 ] && [ ! -s "$tmp/s2.err" ]'
check stats_entries 'grep -q "^entries  *3$" "$tmp/s2"'
check stats_top_domain 'grep -q "^top domain  *buyer.example (3 messages)$" "$tmp/s2"'
check stats_template 'grep -q "^largest template  *3 messages" "$tmp/s2"'

printf 'this is not a database, just text that is long enough to be read.\n' > "$tmp/junk.db"
"$sd" --history "$tmp/junk.db" "$tmp/Anna.eml" > "$tmp/j" 2> "$tmp/j.err"
check junk_history_exit_2 '[ $? -eq 2 ] && grep -q "libscore history" "$tmp/j.err"'
"$sd" history stats "$tmp/junk.db" > /dev/null 2> "$tmp/j2.err"
check junk_stats_exit_2 '[ $? -eq 2 ] && [ -s "$tmp/j2.err" ]'
"$sd" history stats "$tmp/missing.db" > /dev/null 2>&1
check missing_stats_exit_2 '[ $? -eq 2 ]'
"$sd" history frobnicate > /dev/null 2>&1
check unknown_subcommand_exit_2 '[ $? -eq 2 ]'

# the team view: two senders, one template to one customer
"$sd" --history "$tmp/team.db" --record --sender anna@seller.example "$tmp/Anna.eml" "$tmp/Boris.eml" > /dev/null 2>&1
"$sd" --history "$tmp/team.db" --record --sender chen@seller.example "$tmp/Chen.eml" > /dev/null 2>&1
"$sd" history stats "$tmp/team.db" > "$tmp/t1" 2> "$tmp/t1.err"
check team_view_exit_0 '[ $? -eq 0 ] && [ ! -s "$tmp/t1.err" ]'
check team_view_rows 'grep -Eq "^anna@seller.example +buyer.example +2 +2 +2 +2$" "$tmp/t1" && grep -Eq "^chen@seller.example +buyer.example +1 +1 +1 +1$" "$tmp/t1"'
"$sd" history stats "$tmp/team.db" --now 1000 > "$tmp/t2" 2>&1
check team_view_other_day 'grep -q "no letters in the last 24 hours" "$tmp/t2"'
