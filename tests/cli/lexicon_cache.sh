#!/usr/bin/env bash
# A --lexicons directory is compiled once and kept in the cache (DEFUSE_CACHE_DIR): the next
# run with the same files reads the compiled copy and scores exactly the same; an edit to
# any file compiles again; a damaged copy is ignored; --no-cache neither reads nor writes.
source "$(dirname "$0")/lib.bash"
cache="$WORK/cache"
export DEFUSE_CACHE_DIR="$cache"
lex="$WORK/lex"
cp -r "$SRC/lexicons" "$lex"
cached() { find "$cache" -name 'lexicons-*.bin' 2>/dev/null | wc -l; }

# A transcript with a made-up greeting word that no built-in rule knows.
cat >"$WORK/t.txt" <<'TXT'
---
id: cache-1
lang: en
---
Agent: Zorblax. What is the order number?
Customer: My order never arrived.
Agent: I'm sorry about that. I have sent a replacement today, tracking number by email within the hour.
TXT

run_defuse "$WORK/out1" "$WORK/err1" score --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt" "$SRC/examples"
expect_eq "$status" 0 "first run with a lexicon directory"
expect_eq "$(cached)" 1 "compiled copies after the first run"
first_copy=$(find "$cache" -name 'lexicons-*.bin')
stamp=$(stat -c %Y.%s "$first_copy")
grep -q '"greet":{"hit":false' <(head -1 "$WORK/out1") || fail "greet must not be found before the rule exists"

run_defuse "$WORK/out2" "$WORK/err2" score --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt" "$SRC/examples"
expect_eq "$status" 0 "second run"
cmp -s "$WORK/out1" "$WORK/out2" || fail "the cached copy scores differently from the compiled sources"
expect_eq "$(stat -c %Y.%s "$first_copy")" "$stamp" "the second run must read the copy, not rewrite it"

run_defuse "$WORK/out3" "$WORK/err3" score --no-cache --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt" "$SRC/examples"
cmp -s "$WORK/out1" "$WORK/out3" || fail "--no-cache scores differently"

# An edit is seen at once: a new greeting rule makes the made-up word a greeting.
cat >>"$lex/en/steps.yaml" <<'YAML'
  - id: greet
    name: test-made-up-greeting
    patterns: ["=zorblax"]
YAML
run_defuse "$WORK/out4" "$WORK/err4" score --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt"
expect_eq "$status" 0 "run after an edit"
grep -q '"rule":"en/test-made-up-greeting"' "$WORK/out4" || { cat "$WORK/out4"; fail "the edited rule was not used"; }
expect_eq "$(cached)" 2 "compiled copies after an edit"

# A damaged copy is ignored (and replaced), never trusted.
for f in "$cache"/lexicons-*.bin; do head -c 4096 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
run_defuse "$WORK/out5" "$WORK/err5" score --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt"
expect_eq "$status" 0 "run over a damaged copy"
cmp -s "$WORK/out4" "$WORK/out5" || fail "a damaged copy changed the scores"

# Flipping one byte in the middle of a copy is no better than cutting it short.
copy=$(ls -t "$cache"/lexicons-*.bin | head -1)
size=$(stat -c %s "$copy")
printf '\377' | dd of="$copy" bs=1 seek=$((size / 2)) conv=notrunc status=none
run_defuse "$WORK/out6" "$WORK/err6" score --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt"
expect_eq "$status" 0 "run over a copy with a flipped byte"

# The cache keeps the few most recent sets only.
for i in 1 2 3 4 5; do
  printf '  - id: greet\n    name: test-extra-%s\n    patterns: ["=zorblax%s"]\n' "$i" "$i" >>"$lex/en/steps.yaml"
  run_defuse "$WORK/out" "$WORK/err" score --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt"
  expect_eq "$status" 0 "run $i"
done
[ "$(cached)" -le 4 ] || fail "the cache keeps $(cached) compiled sets, expected at most 4"

# --no-cache writes nothing; an unwritable cache directory is no error.
rm -rf "$cache"
run_defuse "$WORK/out" "$WORK/err" score --no-cache --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt"
[ ! -e "$cache" ] || fail "--no-cache created the cache directory"
DEFUSE_CACHE_DIR=/proc/defuse-cannot-be-here run_defuse "$WORK/out7" "$WORK/err7" score --no-builtin --lexicons "$lex" --format ndjson "$WORK/t.txt"
expect_eq "$status" 0 "run with an unwritable cache directory"
grep -q '"rule":"en/test-made-up-greeting"' "$WORK/out7" || fail "scores without a usable cache"
echo "ok lexicon_cache"
