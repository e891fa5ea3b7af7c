#!/usr/bin/env bash
# `defuse score ... > day.ndjson; defuse report day.ndjson`: reading a night's records back
# gives exactly the report of scoring the transcripts again, in every format; the JSON array
# of `score --format json` and stdin work too; a broken record line is named path:line.
source "$(dirname "$0")/fixtures/reports/common.sh"

gen day 80 5 65
"$DEFUSE" score "${LEX[@]}" -q -f ndjson day > day.ndjson
"$DEFUSE" score "${LEX[@]}" -q -f json day > day.json
for f in table md csv json html; do
  "$DEFUSE" report "${LEX[@]}" -q -f $f day > from_transcripts.$f
  "$DEFUSE" report -q -f $f day.ndjson > from_records.$f
  same from_transcripts.$f from_records.$f
  "$DEFUSE" report -q -f $f day.json > from_array.$f
  same from_transcripts.$f from_array.$f
done
"$DEFUSE" report -q -f json - < day.ndjson > from_stdin.json
same from_transcripts.json from_stdin.json

# Transcripts and score files mix: half scored now, half read back.
"$DEFUSE" score "${LEX[@]}" -q -f ndjson day/gen-5-00[0-3]*.txt > half.ndjson
"$DEFUSE" report "${LEX[@]}" -q -f json half.ndjson day/gen-5-00[4-9]*.txt > mixed.json
same from_transcripts.json mixed.json

# A broken line: reported with its line number, the rest still counted, exit status 2.
{ head -n 3 day.ndjson; echo '{"id": "broken", '; tail -n +4 day.ndjson; } > broken.ndjson
status 2 "$DEFUSE" report -f json broken.ndjson > broken.json 2> broken.err
has broken.err "broken.ndjson:4: not valid JSON"
has broken.err "80 score records read, 1 skipped"
if command -v jq > /dev/null; then [ "$(jq '.team.transcripts' broken.json)" -eq 80 ] || fail "broken: count"; fi

# explain needs the transcript, and says so when handed a score file.
status 2 "$DEFUSE" explain day.ndjson > /dev/null 2> explain.err
has explain.err "this is a score file; explain needs the transcript itself"
echo "report_score_file: ok"
