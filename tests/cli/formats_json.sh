#!/usr/bin/env bash
# defuse's own JSON and NDJSON: fields and timing are read, NDJSON records are traced to
# their line, a bad record is reported and skipped while the rest of the stream is scored,
# and absurd nesting is an error, not a crash.
source "$(dirname "$0")/formats_lib.bash"
# field FILE ID NAME: the value of "NAME" in the record whose id is ID

ex="$SRC/examples/formats"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$ex/conversation.json" "$ex/conversations.ndjson"
expect_eq "$status" 0 "exit status"
expect_eq "$(wc -l <"$WORK/out")" 4 "records"
expect_eq "$(field "$WORK/out" en-fmt-json-chat source)" "\"$ex/conversation.json\"" "json source"
expect_eq "$(field "$WORK/out" en-fmt-json-chat turns)" 8 "json turns"
expect_eq "$(field "$WORK/out" en-fmt-json-chat agent_turns)" 5 "json agent turns"
expect_eq "$(field "$WORK/out" en-fmt-json-chat channel)" '"chat"' "json channel"
expect_eq "$(field "$WORK/out" en-fmt-json-chat first_response_s)" 52 "json first response from ts"
expect_eq "$(field "$WORK/out" ru-fmt-ndjson source)" "\"$ex/conversations.ndjson:3\"" "ndjson source"
expect_eq "$(field "$WORK/out" ru-fmt-ndjson first_response_s)" 95 "ndjson first response from offset_ms"
expect_eq "$(field "$WORK/out" es-fmt-ndjson customer_turns)" 1 "role words in Spanish"

# A stream with a broken record in the middle: the others are still scored, in order.
{
  echo '{"id":"a","turns":[{"speaker":"customer","text":"Where is my refund?"},{"speaker":"agent","text":"Sorry, checking now."}]}'
  echo '{"id":"b","turns":[{"speaker":"agent","text":"Hi"}'
  echo
  echo '{"id":"c","turns":[{"speaker":"customer","text":"Still waiting"}]}'
  echo '{"id":"d","turns":[{"speaker":"agent","text":"Hello"}]}'
} >"$WORK/day.ndjson"
cat "$WORK/day.ndjson" "$WORK/day.ndjson" >"$WORK/two.ndjson"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$WORK/day.ndjson"
expect_eq "$status" 2 "exit status with skipped records"
expect_eq "$(grep -o '^{"id":"[a-z]"' "$WORK/out" | cut -c2- | tr '\n' ' ')" '"id":"a" "id":"d" ' "records scored in order"
expect_contains "$WORK/err" "$WORK/day.ndjson:2: invalid JSON:"
expect_contains "$WORK/err" "$WORK/day.ndjson:4: no agent turns"
expect_contains "$WORK/err" "defuse: 2 transcripts scored, 2 skipped"

# The pipeline form from the issue: cat *.ndjson | defuse score -
cat "$WORK/day.ndjson" "$WORK/day.ndjson" | "$DEFUSE" score "${LEX[@]}" - --format ndjson >"$WORK/stdin.out" 2>"$WORK/stdin.err" || true
expect_eq "$(wc -l <"$WORK/stdin.out")" 4 "records from stdin"
expect_contains "$WORK/stdin.out" '"source":"-:10"'
expect_contains "$WORK/stdin.err" "-:7: invalid JSON:"

# 100 000 levels of nesting: a clean error for the file and for an NDJSON line.
python3 -c "print('{\"turns\":' + '[' * 100000 + ']' * 100000 + '}')" >"$WORK/deep.json"
{ head -1 "$WORK/day.ndjson"; cat "$WORK/deep.json"; } >"$WORK/deep.ndjson"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$WORK/deep.json" "$WORK/deep.ndjson"
expect_eq "$status" 2 "exit status for deep nesting"
expect_contains "$WORK/err" "$WORK/deep.json: invalid JSON: The JSON document was too deep"
expect_contains "$WORK/err" "$WORK/deep.ndjson:2: invalid JSON: The JSON document was too deep"
expect_eq "$(wc -l <"$WORK/out")" 1 "the good NDJSON line is still scored"

# Malformed turns say where: the file for a document, path:line for a record.
echo '{"id":"x","turns":[{"speaker":"agent","text":5}]}' >"$WORK/bad.json"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" "$WORK/bad.json"
expect_contains "$WORK/err" "$WORK/bad.json: turns[0]: \"text\" must be a string"
# The schema is valid JSON Schema and the examples follow it (when python3 has jsonschema).
python3 - "$SRC/docs/transcript.schema.json" "$ex/conversation.json" "$ex/conversations.ndjson" <<'PY' || fail "schema"
import json, sys
schema = json.load(open(sys.argv[1]))
try:
    import jsonschema
except ImportError:
    sys.exit(0)
validator = jsonschema.Draft202012Validator(schema)
validator.check_schema(schema)
validator.validate(json.load(open(sys.argv[2])))
for line in open(sys.argv[3]):
    validator.validate(json.loads(line))
PY
echo "formats_json: ok"
