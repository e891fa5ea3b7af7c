#!/usr/bin/env bash
# Nothing is lost: in a batch that mixes good and bad inputs of every format, each input
# (each record of a stream) shows up exactly once, as a transcript on stdout or as an error
# line on stderr, whatever the number of threads and the output format.
source "$(dirname "$0")/robust_lib.bash"
d="$WORK/batch"
mkdir -p "$d/sub/deeper" "$d/empty_dir"
good='Agent: Hello, how can I help?\nCustomer: My order is late.\nAgent: Sorry, I will resend it today.\n'
n=0
add() { printf '%b' "$2" >"$d/$1"; n=$((n + 1)); }  # one input that yields one transcript or one error
for i in $(seq 1 40); do add "good_$i.txt" "$good"; done
add bad_utf8.txt 'Agent: caf\xe9\n'
add bad_nul.txt 'Agent: a\0b\n'
add bad_empty.txt ''
add bad_prose.txt 'no labels here\n'
add bad_no_agent.txt 'Customer: hello?\n'
add bad_front_matter.txt '---\nid: [oops\n---\nAgent: hi\n'
add bad_png.txt '\x89PNG\r\n\x1a\n\0\0'
add sub/good_sub.txt "$good"
add sub/deeper/good_deeper.txt "$good"
add good.json '{"id":"j1","turns":[{"speaker":"agent","text":"Hello, how can I help?"},{"speaker":"customer","text":"ok"}]}\n'
add bad.json '{"id":"j2","turns":[{"speaker":"agent","text":"Hello"'
add good.vtt 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Agent>Hello, how can I help?\n\n00:00:04.000 --> 00:00:06.000\n<v Customer>My order is late.\n'
add bad.csv 'speaker,text\nagent,"never closed\n'
ln -s nowhere "$d/dangling.txt"; n=$((n + 1))
ln -s loop.txt "$d/loop.txt"; n=$((n + 1))
# A stream: 5 records, 2 of them bad; each record counts as an input.
{
  for i in 1 2 3; do printf '{"id":"s%s","turns":[{"speaker":"agent","text":"Hello there"},{"speaker":"customer","text":"hi"}]}\n' "$i"; done
  printf '{"id":"s4","turns":[\n'
  printf '{"id":"s5","turns":[{"speaker":"customer","text":"anyone?"}]}\n'
} >"$d/stream.ndjson"
n=$((n + 5))
extra=("$WORK/missing.txt" "$d/empty_dir")  # named on the command line, each one error line
n=$((n + ${#extra[@]}))

count_check() {  # FORMAT JOBS: records + error lines == inputs, each input once
  local format=$1 jobs=$2 records
  run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" -q --format "$format" -j "$jobs" "$d" "${extra[@]}"
  expect_eq "$status" 2 "$format -j$jobs: exit status when inputs are skipped"
  case $format in
    ndjson) records=$(wc -l <"$WORK/out") ;;
    csv) records=$(($(wc -l <"$WORK/out") - 1)) ;;
    json) records=$(grep -c '^{"id"' "$WORK/out" || true) ;;
  esac
  local errors
  errors=$(grep -c . "$WORK/err" || true)
  expect_eq "$((records + errors))" "$n" "$format -j$jobs: transcripts ($records) + error lines ($errors) = inputs"
  # Every error line names an input; none is named twice.
  if grep -v "^\($d\|$WORK\)/" "$WORK/err" | grep -q .; then cat "$WORK/err" >&2; fail "an error line without its input"; fi
  local dup
  dup=$(sed 's/: .*//' "$WORK/err" | sort | uniq -d)
  [ -z "$dup" ] || fail "$format -j$jobs: inputs reported twice: $dup"
}
for jobs in 1 4; do
  for format in ndjson csv json; do count_check "$format" "$jobs"; done
done

# Each good input is in the output under its own source.
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" -q --format ndjson -j 3 "$d"
for f in "$d"/good_*.txt "$d/sub/good_sub.txt" "$d/sub/deeper/good_deeper.txt" "$d/good.json" "$d/good.vtt"; do
  grep -qF "\"source\":\"$f\"" "$WORK/out" || fail "$f is missing from the output"
done
for i in 1 2 3; do grep -qF "\"source\":\"$d/stream.ndjson:$i\"" "$WORK/out" || fail "record $i of the stream is missing"; done
expect_contains "$WORK/err" "$d/stream.ndjson:4: "
expect_contains "$WORK/err" "$d/stream.ndjson:5: "
# The summary counts the same way.
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$d" "${extra[@]}"
scored=$(wc -l <"$WORK/out")
expect_contains "$WORK/err" "defuse: $scored transcripts scored, $((n - scored)) skipped"
echo "no_input_lost: ok ($n inputs, $scored scored)"
