#!/usr/bin/env bash
# Shell pipelines: stdin, deterministic order whatever the parallelism, quality gates,
# every output format.
source "$(dirname "$0")/lib.bash"

cat "$SRC/examples/en-good-call.txt" | "$DEFUSE" score - --format ndjson -q >"$WORK/stdin.ndjson"
grep -q '"id":"en-good-call"' "$WORK/stdin.ndjson" || fail "stdin input"
grep -q '"source":"-"' "$WORK/stdin.ndjson" || fail "stdin source"

"$DEFUSE" score "$SRC/examples" "$SRC/eval" --format ndjson -q -j1 >"$WORK/j1.ndjson" 2>/dev/null || true
"$DEFUSE" score "$SRC/examples" "$SRC/eval" --format ndjson -q -j2 >"$WORK/j2.ndjson" 2>/dev/null || true
"$DEFUSE" score "$SRC/examples" "$SRC/eval" --format ndjson -q -j4 >"$WORK/j4.ndjson" 2>/dev/null || true
cmp -s "$WORK/j1.ndjson" "$WORK/j2.ndjson" || fail "-j1 and -j2 differ"
cmp -s "$WORK/j1.ndjson" "$WORK/j4.ndjson" || fail "-j1 and -j4 differ"
[ "$(wc -l <"$WORK/j1.ndjson")" -ge "$(find "$SRC/examples" "$SRC/eval" -name '*.txt' | wc -l)" ] || fail "a record per transcript"

for f in json csv table; do
  "$DEFUSE" score "$SRC"/examples/*.txt --format $f -q >"$WORK/out.$f"
  expect_contains "$WORK/out.$f" "ru-elena-contract"
done
python3 -c "import json,sys; assert len(json.load(open(sys.argv[1]))) == 12" "$WORK/out.json" || fail "json array"
expect_eq "$(head -1 "$WORK/out.csv" | cut -d, -f1-6)" "id,source,agent,lang,channel,score" "csv header"
expect_eq "$(wc -l <"$WORK/out.csv")" 13 "csv rows"

# --fail-under: 1 when a transcript is below the bar, 0 when none is.
run_defuse "$WORK/out" "$WORK/err" score "$SRC/examples/en-bad-chat.txt" --fail-under 50
expect_eq "$status" 1 "--fail-under with a low score"
run_defuse "$WORK/out" "$WORK/err" score "$SRC/examples/en-good-call.txt" --fail-under 50
expect_eq "$status" 0 "--fail-under with a high score"

# --output writes the file atomically and nothing to stdout.
"$DEFUSE" score "$SRC"/examples/*.txt -q --output "$WORK/report.ndjson" >"$WORK/stdout"
expect_eq "$(wc -l <"$WORK/report.ndjson")" 12 "--output records"
expect_eq "$(wc -c <"$WORK/stdout")" 0 "stdout with --output"
echo "pipes: ok"
