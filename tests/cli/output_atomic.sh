#!/usr/bin/env bash
# --output FILE is written to a temporary file and renamed into place, so a run stopped by
# SIGINT or SIGTERM leaves no report (or the previous one, untouched), exits 130 and says
# how far it got; even SIGKILL cannot leave a half-written FILE. On stdout, a cut-short
# JSON array is left unclosed, so it does not parse as a whole report.
source "$(dirname "$0")/robust_lib.bash"

# A batch long enough to be stopped halfway: 400 000 short conversations in one stream.
record='{"id":"c","turns":[{"speaker":"customer","text":"My order arrived broken and nobody answers."},'
record+='{"speaker":"agent","text":"I am sorry about that. I have sent a replacement today."}]}'
(yes "$record" || true) | head -n 400000 >"$WORK/big.ndjson"
out="$WORK/reports/report.ndjson"
mkdir -p "$WORK/reports"

# stopped SIGNAL ARGS...: starts `defuse score ARGS`, sends SIGNAL once some records are
# out (in the temporary file, or on stdout), and sets status.
stopped() {
  local signal=$1
  shift
  rm -f "$WORK/stdout" "$WORK/err"  # what a previous run left must not look like progress
  "$DEFUSE" score "${LEX[@]}" -j 2 "$@" "$WORK/big.ndjson" >"$WORK/stdout" 2>"$WORK/err" </dev/null &
  local pid=$! i
  for i in $(seq 1 600); do
    [ -s "$WORK/stdout" ] && break
    compgen -G "$out.tmp-*" >/dev/null && [ -s "$(compgen -G "$out.tmp-*" | head -n 1)" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -"$signal" "$pid" 2>/dev/null || fail "the run ended before the signal: make the batch larger"
  set +e
  { wait "$pid"; } 2>/dev/null  # no "Killed" job notice
  status=$?
  set -e
}

no_temporary_files() { ! compgen -G "$out.tmp-*" >/dev/null || fail "temporary files left: $(compgen -G "$out.tmp-*")"; }

# How far it got: "interrupted: N transcripts scored, M skipped before the signal; ..."
expect_progress_message() {
  grep -Eq "^defuse: interrupted: [1-9][0-9]* transcripts scored, 0 skipped before the signal; $1\$" "$WORK/err" ||
    { cat "$WORK/err" >&2; fail "no progress message ending in: $1"; }
}

# SIGINT on a first run: no report at all.
stopped INT --format ndjson --output "$out"
expect_eq "$status" 130 "exit status after SIGINT"
expect_progress_message "output discarded, $out left as it was"
[ ! -e "$out" ] || fail "an interrupted run left $out"
no_temporary_files

# A complete run: the whole report, renamed into place.
examples=("$SRC"/examples/*.txt)
run_defuse "$WORK/o" "$WORK/e" score "${LEX[@]}" -q --format ndjson --output "$out" "${examples[@]}"
expect_eq "$status" 0 "exit status of a complete run"
expect_eq "$(wc -l <"$out")" "${#examples[@]}" "records in the complete report"
[ ! -s "$WORK/o" ] || fail "records on stdout with --output"
no_temporary_files
cp "$out" "$WORK/previous"

# SIGTERM on a later run: the previous report stays as it was.
stopped TERM --format ndjson --output "$out"
expect_eq "$status" 130 "exit status after SIGTERM"
expect_progress_message "output discarded, $out left as it was"
cmp -s "$out" "$WORK/previous" || fail "an interrupted run changed the previous report"
no_temporary_files

# SIGKILL cannot be handled: the temporary file stays behind, but the report is untouched.
stopped KILL --format ndjson --output "$out"
expect_eq "$status" 137 "exit status after SIGKILL"
cmp -s "$out" "$WORK/previous" || fail "a killed run changed the previous report"
rm -f "$out".tmp-*

# On stdout the records already written stay, complete lines, and the JSON array is open.
stopped INT --format json
expect_eq "$status" 130 "exit status after SIGINT, stdout"
expect_progress_message "the output is incomplete"
if python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$WORK/stdout" 2>/dev/null; then
  fail "an interrupted JSON report on stdout parses as complete"
fi
stopped INT --format ndjson
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    json.loads(line)' "$WORK/stdout" || fail "a record cut in half on stdout"

# A report that cannot be written is refused before any work.
run_defuse "$WORK/o" "$WORK/e" score "${LEX[@]}" --output "$WORK/no/such/dir/report.ndjson" "$SRC/examples"
expect_eq "$status" 2 "exit status for an unwritable --output"
expect_contains "$WORK/e" "$WORK/no/such/dir/report.ndjson: cannot create output file"
echo "output_atomic: ok"
