#!/usr/bin/env bash
# The built-in conduct model: a second opinion for the anti-patterns no rule found, named as
# its own rule, explained, and off with --no-model or --no-builtin.
source "$(dirname "$0")/lib.bash"

# An excuse (CYCLE.md: the system, "nothing could be done") in words no English rule has.
cat >"$WORK/call-1.txt" <<'TXT'
---
lang: en
---
Customer: My internet has been down for three days and nobody called me back.
Agent: Honestly the new system has been playing up all week for everyone, it's not something anyone on our side could have stopped, it's just one of those weeks.
Customer: So what now?
Agent: A technician will visit tomorrow between 9 and 12.
TXT
run_defuse "$WORK/out" "$WORK/err" score --format ndjson "$WORK/call-1.txt"
expect_eq "$status" 0 "score with the model"
expect_contains "$WORK/out" '{"id":"excuse","turn":2,"text":"Honestly the new system has been playing up all week for everyone, it'\''s not something anyone on our side could have stopped, it'\''s just one of those weeks.","rule":"en/model-excuse"}'

for off in --no-model "--no-builtin --lexicons $SRC/lexicons"; do
  # shellcheck disable=SC2086  # two words on purpose
  run_defuse "$WORK/out" "$WORK/err" score --format ndjson $off "$WORK/call-1.txt"
  expect_eq "$status" 0 "score $off"
  if grep -q 'model-' "$WORK/out"; then fail "$off: the model still spoke"; fi
  grep -q '{"id":"excuse"' "$WORK/out" && fail "$off: the excuse was found by a rule; pick wording no rule has"
done

# Polite help of the same length is not flagged.
cat >"$WORK/polite.txt" <<'TXT'
---
lang: en
---
Customer: My internet has been down for three days and nobody called me back.
Agent: I am so sorry about that, I can see the outage on your line and I have booked a technician for tomorrow morning.
Customer: Thanks.
Agent: You're welcome, have a good evening.
TXT
run_defuse "$WORK/out" "$WORK/err" score --format ndjson "$WORK/polite.txt"
expect_eq "$status" 0 "score polite"
if grep -q 'model-' "$WORK/out"; then fail "the model flagged polite help"; fi

# explain gives the rating and the words behind it.
run_defuse "$WORK/out" "$WORK/err" lexicon explain --lang en \
  "Honestly the new system has been playing up all week for everyone, it's not something anyone on our side could have stopped, it's just one of those weeks."
expect_eq "$status" 0 "explain"
expect_contains "$WORK/out" "rule en/model-excuse: the built-in conduct model rates the turn 0."
expect_contains "$WORK/out" "words that weighed most: "
echo "conduct_model: ok"
