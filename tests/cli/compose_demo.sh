#!/bin/sh
# examples/compose-demo end to end: the scripted composer session runs and
# reuses its attachment; a draft given as pieces scores the same as
# score-draft on the MIME the demo prints for it (the draft API equals the
# MIME path through the command line too); every highlighted span is
# evidence the library reported; bad input exits 2.
# Prints "ok - name" / "not ok - name".
set -u
build=${LSC_BUILD:-build}
demo="$build/examples/compose-demo"
sd=${LSC_SD:-examples/score-draft}
tmp=${LSC_TMP:-/tmp}/compose_demo_cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
export NO_COLOR=1

check demo_built '[ -x "$demo" ]'

# The scripted session: four scorings, the brochure analysed once.
"$demo" > "$tmp/play" 2> "$tmp/play.err"
check play_exit_0 '[ $? -eq 0 ]'
check play_prints_nothing_on_stderr '[ ! -s "$tmp/play.err" ]'
check play_four_scorings '[ "$(grep -c "^== " "$tmp/play")" -eq 5 ]'
check play_risk_lines 'grep -Eq "^   risk [0-9]+/100 (low|medium|high), [0-9.]+ points, [0-9]+ findings" "$tmp/play"'
check play_cache_reuses_the_brochure 'grep -q "^== attachment cache: 3 reused, 2 analysed$" "$tmp/play"'

# Drafts as pieces: --tsv (draft API) equals score-draft on --mime.
printf '<html><body><p>Dear Ms Brown,</p><p>our <a href="http://198.51.100.7/x">www.example.com</a> offer: <b>FREE</b> samples!!!</p><img src="cid:x"></body></html>' > "$tmp/page.html"
printf '%%PDF-1.4\nquote\n' > "$tmp/quote.pdf"
printf 'MZ\220\0\3\0\0\0' > "$tmp/setup.pdf.exe"
i=0
same=1
while IFS='|' read -r subject to text html attach; do
    i=$((i + 1))
    set -- --subject "$subject" --to "$to" --text "$text"
    [ -n "$html" ] && set -- "$@" --html-file "$tmp/$html"
    [ -n "$attach" ] && set -- "$@" --attach "$tmp/$attach"
    "$demo" "$@" --tsv > "$tmp/d$i.tsv" 2>&1 || same=0
    "$demo" "$@" --mime > "$tmp/d$i.eml" 2>&1 || same=0
    "$sd" --format tsv "$tmp/d$i.eml" | cut -f2- > "$tmp/m$i.tsv" || same=0
    if ! cmp -s "$tmp/d$i.tsv" "$tmp/m$i.tsv"; then
        same=0
        echo "#   draft $i: $(cat "$tmp/d$i.tsv") vs $(cat "$tmp/m$i.tsv")"
    fi
    # highlighted spans are evidence texts of the same draft
    "$demo" "$@" > "$tmp/d$i.out" 2>&1
    "$sd" --json "$tmp/d$i.eml" > "$tmp/d$i.json"
    grep -o '\[\[[^]]*\]\]' "$tmp/d$i.out" | sed 's/^\[\[//; s/\]\]$//' > "$tmp/d$i.spans"
    while IFS= read -r span; do
        if ! grep -qF "\"text\":\"$span\"" "$tmp/d$i.json"; then
            same=0
            echo "#   draft $i: highlighted [[${span}]] is not an evidence text"
        fi
    done < "$tmp/d$i.spans"
done <<'EOF'
URGENT!!! FREE OFFER - 70% OFF|customer@example.com|Dear Sir/Madam, my name is Tom. Click here to buy now, 100% guaranteed!!!||
Quotation for 400 LED panels|Ann Brown <ann@example.com>|Dear Ms Brown, the quotation you asked for is attached.||quote.pdf
Re: invoice|new.contact@outlook.com|Please open the invoice.||setup.pdf.exe
Newsletter|a@example.com, b@example.com, c@example.com|Hello {{first_name}}, see our offer.|page.html|
关于报价|王伟 <wang@example.cn>|尊敬的客户：恭喜您获得免费大奖，立即领取！||
EOF
check draft_api_equals_score_draft_on_its_mime '[ "$same" -eq 1 ]'
check mime_is_crlf_mime '[ "$(grep -c "^MIME-Version: 1.0" "$tmp/d2.eml")" -eq 1 ] && grep -q "Content-Transfer-Encoding: base64" "$tmp/d2.eml"'

# Errors: a missing attachment and an unknown option exit 2.
"$demo" --text hi --attach "$tmp/none.pdf" > /dev/null 2> "$tmp/err"
check missing_attachment_exit_2 '[ $? -eq 2 ] && grep -q "none.pdf" "$tmp/err"'
"$demo" --bogus > /dev/null 2>&1
check unknown_option_exit_2 '[ $? -eq 2 ]'
