#!/usr/bin/env bash
# `defuse report` in every format over a generated batch: the per-agent figures, the team and
# language lines, and the lowest-scoring transcripts with their evidence.
source "$(dirname "$0")/fixtures/reports/common.sh"

gen batch 120 3 70
"$DEFUSE" report "${LEX[@]}" -q batch > report.txt
has report.txt "defuse report: 120 transcripts, 4 agents, 2026-11-"
for name in Alice Bob Carmen Dmitri "TEAM (all agents)" "by language"; do has report.txt "$name"; done
has report.txt "Steps done"
has report.txt "greet  clarify  empathize  apologize  solve  commit  close"
has report.txt "Outcomes and response times"
has report.txt "Anti-patterns (occurrences per 100 transcripts)"
has report.txt "Lowest-scoring transcripts"
has report.txt "missing:"
lacks report.txt $'\e['  # not a terminal: no colour

"$DEFUSE" report "${LEX[@]}" -q -f md batch > report.md
has report.md "# defuse report"
has report.md "| AGENT | N | MEAN | MEDIAN | greet | clarify | empathize | apologize | solve | commit | close |"
has report.md "## Lowest-scoring transcripts"
has report.md "### Alice"

"$DEFUSE" report "${LEX[@]}" -q -f csv batch > report.csv
head -n 1 report.csv | grep -q '^scope,name,transcripts,score_mean,score_median,greet_share' || fail "csv header"
[ "$(wc -l < report.csv)" -eq 7 ] || fail "csv: expected header + team + 4 agents + 1 language, got $(wc -l < report.csv) lines"
grep -q '^team,team,120,' report.csv || fail "csv team row"
grep -q '^agent,Dmitri,' report.csv || fail "csv agent row"
grep -q '^lang,en,120,' report.csv || fail "csv language row"

"$DEFUSE" report "${LEX[@]}" -q -f json batch > report.json
if command -v jq > /dev/null; then
  [ "$(jq '.team.transcripts' report.json)" -eq 120 ] || fail "json team count"
  [ "$(jq '.agents | length' report.json)" -eq 4 ] || fail "json agents"
  [ "$(jq -r '.agents[0].name' report.json)" = Alice ] || fail "json agents sorted by name"
  jq -e '.agents[0].steps.greet.share >= 0 and .agents[0].steps.greet.share <= 1' report.json > /dev/null || fail "json share"
  jq -e '.team.anti_patterns.no_closure.per_100 >= 0' report.json > /dev/null || fail "json per_100"
  jq -e '.team.response_time.timed_transcripts > 0' report.json > /dev/null || fail "json response time"
  jq -e '[.agents[].lowest | length] | all(. == 3)' report.json > /dev/null || fail "json lowest"
else
  has report.json '"report":"agents"'
fi

"$DEFUSE" report "${LEX[@]}" -q -f html batch > report.html
has report.html "<!DOCTYPE html>"
has report.html 'id="agent-table"'
has report.html "<svg"
lacks report.html "http://"
lacks report.html "https://"

# -o writes the file atomically and prints nothing.
"$DEFUSE" report "${LEX[@]}" -q -f md -o out.md batch > stdout.txt
[ ! -s stdout.txt ] || fail "-o: stdout not empty"
same out.md report.md

# --lowest 1 keeps one transcript per agent.
"$DEFUSE" report "${LEX[@]}" -q -f json --lowest 1 batch > lowest1.json
if command -v jq > /dev/null; then
  jq -e '[.agents[].lowest | length] | all(. == 1)' lowest1.json > /dev/null || fail "--lowest 1"
fi

# An empty selection is a report that says so, not a crash.
"$DEFUSE" report "${LEX[@]}" -q --agent Nobody batch > empty.txt
has empty.txt "No transcripts to report."
echo "report_formats: ok"
