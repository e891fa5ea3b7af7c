#!/usr/bin/env bash
# Large inputs are read as a stream: an NDJSON file bigger than --max-file-size is still
# read (only whole-document formats are bound by it), memory does not grow with the input,
# and a folder of many files is read file by file.
source "$(dirname "$0")/formats_lib.bash"

# ~64 MB of NDJSON: 19 000 conversations of ~3.4 KB.
python3 - "$WORK/big.ndjson" <<'PY'
import json, sys
customer = "My order arrived broken and nobody answers my emails. " * 30
agent = "I'm sorry about that. I have sent a replacement today and refunded the shipping. " * 20
with open(sys.argv[1], "w") as f:
    for i in range(19000):
        f.write(json.dumps({"id": f"c{i}", "channel": "chat", "turns": [
            {"speaker": "customer", "text": customer, "offset_ms": 0},
            {"speaker": "agent", "text": agent, "offset_ms": 60000}]}) + "\n")
PY
size=$(wc -c <"$WORK/big.ndjson")
[ "$size" -gt 60000000 ] || fail "test input too small: $size"

run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format csv -q --max-file-size 1000000 -j2 "$WORK/big.ndjson"
expect_eq "$status" 0 "a stream larger than --max-file-size"
expect_eq "$(wc -l <"$WORK/out")" 19001 "every record (plus the csv header)"
expect_eq "$(sed -n 19001p "$WORK/out" | cut -d, -f1-2)" "c18999,$WORK/big.ndjson:19000" "last record and its line"

# A JSON document of the same size is bound by the limit.
printf '{"turns": [{"speaker": "agent", "text": "%s"}]}\n' "$(head -c 2000000 /dev/zero | tr '\0' a)" >"$WORK/big.json"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --max-file-size 1000000 "$WORK/big.json"
expect_contains "$WORK/err" "$WORK/big.json: file is larger than 1000000 bytes (raise --max-file-size)"

# Memory: reading 64 MB must not cost 64 MB (GNU time reports the peak resident set).
# Under AddressSanitizer, freed memory waits in a quarantine: allow for it.
slack=32768
[ "${DEFUSE_SANITIZED:-0}" != 1 ] || slack=131072
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true 2>/dev/null; then
  small=$( { /usr/bin/time -f %M "$DEFUSE" score "${LEX[@]}" -q -o /dev/null "$SRC/examples/formats/conversation.json"; } 2>&1 | tail -1)
  big=$( { /usr/bin/time -f %M "$DEFUSE" score "${LEX[@]}" -q -o /dev/null -j2 "$WORK/big.ndjson"; } 2>&1 | tail -1)
  [ "$big" -lt $((small + slack)) ] || fail "peak memory ${big} KB for a 64 MB stream (baseline ${small} KB)"
  # The same through a pipe.
  piped=$( { cat "$WORK/big.ndjson" | /usr/bin/time -f %M "$DEFUSE" score "${LEX[@]}" -q -o /dev/null -j2 -; } 2>&1 | tail -1)
  [ "$piped" -lt $((small + slack)) ] || fail "peak memory ${piped} KB for a 64 MB pipe (baseline ${small} KB)"
fi

# A folder of 3 000 files in four formats.
mkdir -p "$WORK/many"
python3 - "$WORK/many" <<'PY'
import json, os, sys
d = sys.argv[1]
for i in range(3000):
    kind = i % 4
    path = os.path.join(d, f"{i:05d}")
    if kind == 0:
        open(path + ".txt", "w").write("Customer: My bill is wrong.\nAgent: Sorry, I fixed it.\n")
    elif kind == 1:
        json.dump({"turns": [{"speaker": "customer", "text": "Late again"}, {"speaker": "agent", "text": "Sorry!"}]},
                  open(path + ".json", "w"))
    elif kind == 2:
        open(path + ".csv", "w").write("speaker,text\ncustomer,Broken\nagent,Replaced\n")
    else:
        open(path + ".srt", "w").write("1\n00:00:01,000 --> 00:00:02,000\nCustomer: Hi\n\n2\n00:00:03,000 --> 00:00:04,000\nAgent: Hello\n")
PY
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format csv -q "$WORK/many"
expect_eq "$status" 0 "a folder of many files"
expect_eq "$(wc -l <"$WORK/out")" 3001 "one record per file"
echo "formats_stream: ok"
