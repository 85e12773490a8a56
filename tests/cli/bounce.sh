#!/bin/sh
# score-draft bounce: the text report, --json, --format tsv over a folder,
# a non-bounce that is not an error, stdin, --lang zh, and --history
# followed by a draft to the bounced address and "history stats".
set -u
SD=${LSC_SD:-examples/score-draft}
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tests/messages/bounce
tmp=${LSC_TMP:-/tmp}/bounce_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

"$SD" bounce "$dir/postfix-dsn.eml" > "$tmp/text" 2>&1; rc=$?
check "text report exits 0" '[ $rc -eq 0 ]'
check "text report names address and reason" 'grep -q "jonh@acme.test  userunknown 5.1.1 (hard)" "$tmp/text"'
check "text report explains" 'grep -q "does not exist" "$tmp/text"'

"$SD" bounce --format tsv "$dir" > "$tmp/tsv"; rc=$?
check "tsv over a folder exits 0" '[ $rc -eq 0 ]'
check "tsv row per recipient" 'grep -q "postfix-dsn.eml	jonh@acme.test	5.1.1	550	userunknown	1$" "$tmp/tsv"'
check "tsv marks a non-bounce" 'grep -q "not-bounce.eml	-			not-a-bounce	0$" "$tmp/tsv"'
check "tsv has every message" '[ "$(cut -f1 "$tmp/tsv" | sort -u | wc -l)" -eq "$(ls "$dir"/*.eml | wc -l)" ]'

"$SD" bounce --json "$dir/exim-full.eml" > "$tmp/json"; rc=$?
check "json exits 0" '[ $rc -eq 0 ]'
check "json parses and carries the reason" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d[\"recipients\"][0]; sys.exit(not (d[\"bounce\"] and r[\"reason\"]==\"mailboxfull\" and r[\"address\"]==\"lin@mail.example.test\" and d[\"original_subject\"]==\"Catalogue 2027\"))" "$tmp/json"'

"$SD" bounce --format tsv - < "$dir/qmail.eml" > "$tmp/stdin"
check "stdin is read" 'grep -q "^-	nobody@dest.test	5.1.1	550	userunknown	1$" "$tmp/stdin"'

"$SD" bounce --lang zh "$dir/postfix-dsn.eml" > "$tmp/zh"
check "chinese explanation" 'grep -q "该地址不存在" "$tmp/zh"'

"$SD" bounce --history "$tmp/h.db" --format tsv "$dir/postfix-dsn.eml" "$dir/gmail-blocked.eml" > /dev/null; rc=$?
check "recording exits 0" '[ $rc -eq 0 ]'
printf 'From: anna@sender.test\nTo: jonh@acme.test\nSubject: Again\nDate: Mon, 07 Dec 2026 10:00:00 +0000\nMessage-ID: <x@sender.test>\n\nHello John, a second try.\n' > "$tmp/draft.eml"
"$SD" --history "$tmp/h.db" "$tmp/draft.eml" > "$tmp/score"
check "draft to a bounced address fires RECIPIENT_BOUNCED" 'grep -q "RECIPIENT_BOUNCED" "$tmp/score"'
"$SD" history stats "$tmp/h.db" > "$tmp/stats"
check "history stats counts bounces per domain" 'grep -q "^bounces  *2$" "$tmp/stats" && grep -q "acme.test: 1 (1 hard)" "$tmp/stats"'

"$SD" bounce /nonexistent/file.eml > /dev/null 2>&1; rc=$?
check "a missing file exits 2" '[ $rc -eq 2 ]'
