#!/usr/bin/env bash
# Sentence-level breadth does not regress: eval/sentence_probe.py over the agent sentences of
# eval/sentences/ (LABEL, EXPECT, SENTENCE: written by raters before they read the lexicons).
# The *-fit files were tuned on; the *-check files were never read for tuning, so their floors
# sit at what rules fitted on the other half carry over. The expectations are the raters'
# labels; the floors sit a little under today's figures (README, "How right is it").
source "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || fail "python3 is needed (scripts/setup.sh installs it)"
probe="$SRC/eval/sentence_probe.py"

# The probe itself, on CYCLE.md's own examples: each is caught as its label, and a plain
# service sentence is not flagged.
printf '%s\n' \
  "excuse	1	It's not my fault, I just work here." \
  "third_party_blame	1	The courier messed up, not us." \
  "website_deflection	1	It's all on our website." \
  "two_news	1	I have good news and bad news." \
  "rudeness	0	Thank you for waiting, I have your order open now." > "$WORK/cycle.tsv"
python3 "$probe" --defuse "$DEFUSE" --json en "$WORK/cycle.tsv" > "$WORK/cycle.json"
python3 - "$WORK/cycle.json" <<'EOF' || fail "sentence_probe.py misreads CYCLE.md's examples"
import json, sys
figures = json.load(open(sys.argv[1]))
labels = figures["labels"]
for label in ("excuse", "third_party_blame", "website_deflection", "two_news"):
    assert labels[label]["caught"] == 1, label
assert labels["rudeness"]["flagged"] == 0
EOF
# --reaction: the sentence is the customer's answer, and the label goes to the agent's reply.
printf '%s\n' \
  "accusing_dishonesty	1	Are you calling me a liar?" \
  "rudeness	0	The driver was so rude to my mum." > "$WORK/reaction.tsv"
python3 "$probe" --defuse "$DEFUSE" --json --reaction en "$WORK/reaction.tsv" > "$WORK/reaction.json"
python3 - "$WORK/reaction.json" <<'EOF' || fail "sentence_probe.py --reaction misreads a reaction"
import json, sys
labels = json.load(open(sys.argv[1]))["labels"]
assert labels["accusing_dishonesty"]["caught"] == 1
assert labels["rudeness"]["flagged"] == 0
EOF
# A malformed line is an error with its file and line.
printf 'rudeness\tmaybe\tHello\n' > "$WORK/bad.tsv"
set +e
python3 "$probe" --defuse "$DEFUSE" en "$WORK/bad.tsv" > /dev/null 2> "$WORK/bad.err"
status=$?
set -e
[ "$status" -ne 0 ] || fail "a malformed probe line was accepted"
expect_contains "$WORK/bad.err" "bad.tsv:1:"

# figures LANG FILE [--reaction] -> "caught/positives flagged/lookalikes" as fractions
figures() {
  python3 "$probe" --defuse "$DEFUSE" --json ${3:-} "$1" "$2" |
    python3 -c 'import json,sys; t=json.load(sys.stdin)["total"]; print(t["caught"]/t["positives"], t["flagged"]/max(t["lookalikes"],1))'
}
# check LANG PART MIN_CAUGHT MAX_FLAGGED [--reaction]
check() {
  local file="$SRC/eval/sentences/$1-$2.tsv" caught flagged
  [ -f "$file" ] || fail "$file is missing"
  read -r caught flagged < <(figures "$1" "$file" "${5:-}")
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$caught" "$3" ||
    fail "$1 $2 sentences: caught $caught, below $3"
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$flagged" "$4" ||
    fail "$1 $2 look-alikes: flagged $flagged, above $4"
}
# The conduct model trained with rounds 21 and 23 flags one look-alike more here ("To be fair
# to you, nobody explained this properly the first two times." as rudeness), and finds more on
# the unseen writers of round 22 (docs/accuracy.md, "Rounds 22 and 23"); trained with round 27
# too, also "The news is good: it was only a hold…" as two_news (2 of 63 with both: a website
# rule's flag here was mended then; docs/accuracy.md, "Round 27").
check en fit 0.97 0.04
check en check 0.80 0.05
check es fit 0.97 0.03
check es check 0.80 0.06
check ru fit 0.97 0.03
check ru check 0.75 0.05
# Round 9 (breadth on the weakest labels; the English check half's arguing was seen again
# by its writer while writing later rules, so its figure is not clean).
check en fit-r9 0.97 0.03
check en check-r9 0.78 0.10
check es fit-r9 0.97 0.03
# The conduct model trained with round 20 flags one look-alike here (1 of 15; 0 before it,
# and with --no-model), and does better on the unseen writers of round 21 (docs/accuracy.md, "Round 21").
check es check-r9 0.55 0.07
check ru fit-r9 0.97 0.03
check ru check-r9 0.62 0.05
# Rounds 11 and 12 (the eight agent-conduct labels; round 12 is all fit, written for cue rules,
# and measured by round 11's check half, which no rule was written from).
check en fit-r11 0.97 0.03
check en check-r11 0.50 0.06
check es fit-r11 0.97 0.03
# The conduct model flags one look-alike more here (3 of 37; 2 with --no-model) and catches two
# sentences more (docs/accuracy.md, "The conduct model").
check es check-r11 0.66 0.09
check ru fit-r11 0.97 0.03
check ru check-r11 0.70 0.08
check en fit-r12 0.95 0.03
check es fit-r12 0.95 0.03
check ru fit-r12 0.97 0.03
# Website tips after the fix: never a deflection, and the fix itself counts as solve.
check en fit-tips 0.97 0.0
check es fit-tips 0.97 0.0
check ru fit-tips 0.97 0.0
# Customer reactions (the customer's answer names the agent's act; --reaction): the fit halves
# were tuned on, the check halves measure what carries to moves no rule was written from.
check en fit-reactions 0.88 0.03 --reaction
check es fit-reactions 0.80 0.03 --reaction
check ru fit-reactions 0.88 0.03 --reaction
check en check-reactions 0.12 0.05 --reaction
check es check-reactions 0.14 0.05 --reaction
check ru check-reactions 0.07 0.05 --reaction
echo "sentence probes: ok"
