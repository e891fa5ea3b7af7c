#!/usr/bin/env bash
# Bad input gets a clear path:line error, the batch goes on, nothing is silently dropped,
# and the exit status says something was skipped.
source "$(dirname "$0")/lib.bash"
d="$WORK/batch"
mkdir -p "$d/empty_dir" "$d/sub"
printf 'Agent: Hello, how can I help?\nCustomer: My order is late.\n' >"$d/a_good.txt"
: >"$d/b_empty.txt"
printf 'Agent: ok\nCustomer: caf\xe9\n' >"$d/c_latin1.txt"
printf 'Agent: hi\0there\n' >"$d/d_binary.txt"
printf 'just prose\nno labels at all\n' >"$d/e_prose.txt"
printf 'Customer: hello?\nCustomer: anyone?\n' >"$d/f_no_agent.txt"
printf -- '---\nid: [oops\n---\nAgent: hi\n' >"$d/g_front_matter.txt"
printf 'Agent: Buenos días\nCliente: Hola\n' >"$d/sub/h_good.txt"

run_defuse "$WORK/out" "$WORK/err" score --format ndjson "$d" "$WORK/missing.txt" "$d/empty_dir"
expect_eq "$status" 2 "exit status when inputs are skipped"
expect_eq "$(wc -l <"$WORK/out")" 2 "scored transcripts"
grep -q '"source":"'"$d"'/a_good.txt"' "$WORK/out" || fail "a_good.txt missing from the output"
grep -q '"source":"'"$d"'/sub/h_good.txt"' "$WORK/out" || fail "sub/h_good.txt missing from the output"
expect_contains "$WORK/err" "$d/b_empty.txt: empty file"
expect_contains "$WORK/err" "$d/c_latin1.txt:2: invalid UTF-8 at byte 23 (0xE9)"
expect_contains "$WORK/err" "$d/d_binary.txt:1: binary data: NUL byte at byte 9"
expect_contains "$WORK/err" "$d/e_prose.txt:1: no recognizable turns"
expect_contains "$WORK/err" "$d/f_no_agent.txt:1: no agent turns"
expect_contains "$WORK/err" "$d/g_front_matter.txt:"
expect_contains "$WORK/err" "malformed front matter"
expect_contains "$WORK/err" "$WORK/missing.txt: no such file or directory"
expect_contains "$WORK/err" "$d/empty_dir: directory holds no transcripts"
expect_contains "$WORK/err" "defuse: 2 transcripts scored, 8 skipped"
# Every input appears once: in the output or in an error line.
inputs=$(find "$d" -type f | wc -l)
errors=$(grep -c "^$d/[a-z0-9_/]*\.txt" "$WORK/err" || true)
expect_eq "$((2 + errors))" "$inputs" "inputs accounted for"
echo "bad_inputs: ok"
