#!/usr/bin/env bash
# `defuse compare BEFORE AFTER` after a training: a folder of transcripts against a score
# file, every format; agents in one batch only are listed as such; small samples say
# "not enough data" rather than inventing significance.
source "$(dirname "$0")/fixtures/reports/common.sh"

gen before 200 31 55 2026-10 "Alice Bob Carmen Dmitri"
gen after 200 32 85 2026-12 "Alice Bob Carmen Eve"
gen tiny 3 33 85 2026-12 "Fay"  # three transcripts: too few to test
mv tiny/* after/
"$DEFUSE" score "${LEX[@]}" -q before > before.ndjson

"$DEFUSE" compare "${LEX[@]}" -q before.ndjson after > cmp.txt
has cmp.txt "before: before.ndjson (200 transcripts, 2026-10-"
has cmp.txt "after:  after (203 transcripts, 2026-12-"
has cmp.txt "TEAM (all agents)  (200 -> 203 transcripts)"
has cmp.txt "score (mean)"
has cmp.txt "Mann-Whitney U"
has cmp.txt "z-test"
has cmp.txt "p < 0.001 *"  # quality 55 -> 85 over 200 transcripts is a real change
has cmp.txt "Dmitri: before only (" 
has cmp.txt "Eve: after only ("
has cmp.txt "Fay: after only (3 transcripts"
lacks cmp.txt $'\e['

"$DEFUSE" compare "${LEX[@]}" -q -f md before.ndjson after > cmp.md
has cmp.md "# defuse compare"
has cmp.md "| MEASURE | BEFORE | AFTER | CHANGE | 95% INTERVAL | P | METHOD |"
has cmp.md "## In one batch only"

"$DEFUSE" compare "${LEX[@]}" -q -f csv before.ndjson after > cmp.csv
head -n 1 cmp.csv | grep -q '^scope,name,presence,measure,kind,before_n,after_n,before,after,change' || fail "csv header"
# 19 measures (score, 7 steps, 11 anti-patterns) for the team and 6 agents.
[ "$(wc -l < cmp.csv)" -eq $((1 + 19 * 7)) ] || fail "csv rows: $(wc -l < cmp.csv)"
grep -q '^agent,Eve,after only,score,score,0,' cmp.csv || fail "csv one-batch agent"
grep -q '^agent,Fay,after only,close,step,0,3,' cmp.csv || fail "csv small agent"

"$DEFUSE" compare "${LEX[@]}" -q -f json before.ndjson after > cmp.json
if command -v jq > /dev/null; then
  [ "$(jq -r '.agents | map(.name) | join(",")' cmp.json)" = "Alice,Bob,Carmen,Dmitri,Eve,Fay" ] || fail "json agents"
  [ "$(jq -r '.agents[] | select(.name == "Dmitri") | .presence' cmp.json)" = "before only" ] || fail "json presence"
  jq -e '.team.score.test.tested and .team.score.test.p_value < 0.001 and .team.score.change > 0' cmp.json > /dev/null \
    || fail "json team score test"
  jq -e '.team.steps.close.interval.low <= .team.steps.close.change and .team.steps.close.change <= .team.steps.close.interval.high' \
    cmp.json > /dev/null || fail "json interval contains the change"
  [ "$(jq -r '.agents[] | select(.name == "Fay") | .score.test.method' cmp.json)" = "not enough data" ] || fail "json small"
fi

"$DEFUSE" compare "${LEX[@]}" -q -f html before.ndjson after > cmp.html
has cmp.html "In one batch only"
has cmp.html "<svg"
lacks cmp.html "http://"

# Comparing a batch with itself: nothing is significant.
"$DEFUSE" compare -q -f json before.ndjson before.ndjson > self.json
if command -v jq > /dev/null; then
  jq -e '[.team.steps[].test.significant, .team.score.test.significant] | any | not' self.json > /dev/null \
    || fail "a batch against itself shows a significant change"
fi

# --min-transcripts drops agents with too little data in both batches.
"$DEFUSE" compare "${LEX[@]}" -q --min-transcripts 5 before.ndjson after > min.txt
lacks min.txt "Fay"
echo "compare_batches: ok"
