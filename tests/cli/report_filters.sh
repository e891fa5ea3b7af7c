#!/usr/bin/env bash
# The filters a QA lead uses: --agent, --lang, --channel, --since/--until on the transcript's
# date, and --min-transcripts to hide agents with too little data.
source "$(dirname "$0")/fixtures/reports/common.sh"
command -v jq > /dev/null || { echo "SKIP: jq is not installed"; exit 0; }

gen batch 100 21 70
"$DEFUSE" score "${LEX[@]}" -q batch > all.ndjson
count() { jq '.team.transcripts' "$1"; }
"$DEFUSE" report -q -f json all.ndjson > all.json
[ "$(count all.json)" -eq 100 ] || fail "all"

"$DEFUSE" report -q -f json --agent Alice --agent Bob all.ndjson > ab.json
[ "$(jq -r '[.agents[].name] | join(",")' ab.json)" = "Alice,Bob" ] || fail "--agent"
want=$(jq '[.agents[] | select(.name == "Alice" or .name == "Bob") | .transcripts] | add' all.json)
[ "$(count ab.json)" -eq "$want" ] || fail "--agent count"

"$DEFUSE" report -q -f json --channel call all.ndjson > call.json
want=$(grep -c '"channel":"call"' all.ndjson)
[ "$(count call.json)" -eq "$want" ] || fail "--channel: $(count call.json) != $want"

"$DEFUSE" report -q -f json --lang es all.ndjson > es.json
[ "$(count es.json)" -eq 0 ] || fail "--lang es"
"$DEFUSE" report -q -f json --lang en all.ndjson > en.json
[ "$(count en.json)" -eq 100 ] || fail "--lang en"

# Dates: --until DATE includes the whole of that day.
want=$(grep -cE '"started_at":"2026-11-(0[1-9]|10) ' all.ndjson)
"$DEFUSE" report -q -f json --until 2026-11-10 all.ndjson > early.json
[ "$(count early.json)" -eq "$want" ] || fail "--until: $(count early.json) != $want"
"$DEFUSE" report -q -f json --since 2026-11-11 all.ndjson > late.json
[ "$(( $(count early.json) + $(count late.json) ))" -eq 100 ] || fail "--since + --until do not partition"
"$DEFUSE" report -q -f table --since 2026-11-11 all.ndjson > late.txt
has late.txt "filters: since 2026-11-11"
has late.txt "left out by the filters"

status 2 "$DEFUSE" report -q --since "last tuesday" all.ndjson > /dev/null 2> bad.err
has bad.err "--since last tuesday: expected a date like 2026-11-03"
status 2 "$DEFUSE" report -q --since 2026-11-20 --until 2026-11-10 all.ndjson > /dev/null 2> order.err
has order.err "is not before --until"

# --min-transcripts: hidden agents still count in the team line.
small=$(jq '[.agents[].transcripts] | min' all.json)
"$DEFUSE" report -q -f json --min-transcripts $((small + 1)) all.ndjson > min.json
[ "$(jq '.agents | length' min.json)" -lt 4 ] || fail "--min-transcripts hid nothing"
[ "$(jq '.hidden_agents | length' min.json)" -ge 1 ] || fail "--min-transcripts: hidden list"
[ "$(count min.json)" -eq 100 ] || fail "--min-transcripts changed the team"
"$DEFUSE" report -q --min-transcripts $((small + 1)) all.ndjson > min.txt
has min.txt "Hidden (fewer than $((small + 1)) transcripts)"

# Undated transcripts are left out of a dated report, and counted.
printf -- '---\nid: undated\nagent: Zed\n---\nAgent: Hello, how can I help?\nCustomer: Fine.\n' > undated.txt
"$DEFUSE" report "${LEX[@]}" -q -f json --since 2026-01-01 undated.txt all.ndjson > dated.json
[ "$(jq '.undated' dated.json)" -eq 1 ] || fail "undated count"
echo "report_filters: ok"
