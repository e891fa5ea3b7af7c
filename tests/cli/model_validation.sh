#!/usr/bin/env bash
# The conduct model's trainer leaves out the dev transcripts listed in eval/model-validation.txt
# (the rounds kept to measure the model on writers it has not seen), and refuses a list that
# names a transcript it cannot find, which would otherwise train on the round unnoticed.
source "$(dirname "$0")/lib.bash"
TRAIN="$(dirname "$DEFUSE")/defuse_train"
[ -x "$TRAIN" ] || fail "no defuse_train beside $DEFUSE"

mkdir -p "$WORK/eval/dev/en" "$WORK/eval/sentences"
cat >"$WORK/eval/dev/en/en-dev-001.txt" <<'TXT'
---
id: en-dev-001
lang: en
---
Customer: My parcel is a week late.
Agent: Honestly these things just happen with the new warehouse system and nothing could have been done about it.
TXT
cat >"$WORK/eval/dev/en/en-dev-002.txt" <<'TXT'
---
id: en-dev-002
lang: en
---
Customer: My parcel is a week late.
Agent: I am sorry, I have sent a new one today by express and it will reach you tomorrow.
TXT
cat >"$WORK/eval/dev/en/labels.yaml" <<'YAML'
en-dev-001:
  steps: []
  anti_patterns: [excuse, no_closure]
  customer: []
  turns: {excuse: 2}
en-dev-002:
  steps: [apologize, solve, commit]
  anti_patterns: [no_closure]
  customer: []
  turns: {apologize: 2, solve: 2, commit: 2}
YAML

positives() { sed -n 's/.*positives://p' "$1" | tr ' ' '\n' | awk '{s += $1} END {print s + 0}'; }

# Without a list, both transcripts are trained on: the excuse is a positive.
"$TRAIN" "$WORK/eval" "$WORK/model.blob" 2>"$WORK/err" || fail "training without a list: $(cat "$WORK/err")"
expect_contains "$WORK/err" "of 2 transcripts (0 kept for validation)"
expect_eq "$(positives "$WORK/err")" 1 "positives without a list"

# Listed, the transcript with the excuse is not read: no positive is left.
printf '# kept out\nen-dev-001   # the excuse\n' >"$WORK/eval/model-validation.txt"
"$TRAIN" "$WORK/eval" "$WORK/model.blob" 2>"$WORK/err" || fail "training with a list: $(cat "$WORK/err")"
expect_contains "$WORK/err" "of 1 transcripts (1 kept for validation)"
expect_eq "$(positives "$WORK/err")" 0 "positives with en-dev-001 kept out"

# A listed ID that names no transcript is an error, not a quiet no-op.
printf 'en-dev-001\nen-dev-01\n' >"$WORK/eval/model-validation.txt"
if "$TRAIN" "$WORK/eval" "$WORK/model.blob" 2>"$WORK/err"; then fail "a list with a typo was accepted"; fi
expect_contains "$WORK/err" "model-validation.txt: 1 of its 2 IDs name no transcript of EVAL/dev"
echo "ok"
