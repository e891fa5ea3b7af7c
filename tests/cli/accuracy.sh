#!/usr/bin/env bash
# Accuracy does not regress: `defuse eval` over the labelled set (eval/dev, tuned on;
# eval/test, held out; the dev transcripts listed in eval/model-validation.txt, which neither
# the rules nor the model learnt from), over the dev set rewritten as speech-to-text delivers
# it (lower case, no punctuation, no accents: eval/asr_style.py), and over the dev set with a
# typing error in 15 % of the long words (eval/typo_style.py). The expectations are the gold labels;
# the floors sit a little under today's figures (README, "How right is it").
source "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || fail "python3 is needed (scripts/setup.sh installs it)"
# macro_f1 LABELS PATH FAMILY: the macro-F1 of one family
macro_f1() { macro_f1_of "$1" "$3" "$2"; }
# macro_f1_of LABELS FAMILY PATH...: the same over several paths
macro_f1_of() {
  local labels=$1 family=$2
  shift 2
  "$DEFUSE" eval --gold "$labels" "$@" --format json 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["macro_f1"][sys.argv[1]])' "$family"
}
# at_least VALUE FLOOR WHAT
at_least() { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$1" "$2" ||
  fail "$3: macro-F1 $1 is below $2"; }

for lang in en es ru; do
  dev="$SRC/eval/dev/$lang" test="$SRC/eval/test/$lang"
  asr="$WORK/asr-$lang" typos="$WORK/typos-$lang"
  python3 "$SRC/eval/asr_style.py" "$dev" "$asr" --no-accents
  python3 "$SRC/eval/typo_style.py" "$dev" "$typos" --rate 0.15 --seed 1
  [ "$(ls "$asr" | wc -l)" -eq "$(ls "$dev"/*.txt | wc -l)" ] || fail "asr_style.py lost transcripts"
  cmp -s "$dev/$(ls "$dev" | grep -m1 txt)" "$typos/$(ls "$dev" | grep -m1 txt)" && fail "typo_style.py changed nothing"
  # English dev lexical anti-patterns: 0.947 since round 26 (120 transcripts by four writers
  # briefed on the weakest labels, rudeness above all) joined it, 0.950 before; 0.946 with round 27,
  # 0.942 with round 28, 0.943 with stop 42's look-alike mends, 0.940 with round 29 (and its mends),
  # 0.936 with round 34, which the model does not train on (eval/model-validation.txt), and 0.936
  # with round 36 (not trained on either) and its rules, 0.935 with round 37 (its English not
  # trained on either) and its rules, 0.932 with round 38 (not trained on either) and its rules,
  # 0.933 with round 39 (not trained on either) and its rules, 0.930 with round 40 (25 more,
  # written for arguing and rudeness look-alikes, not learnt from) and its rules: the first
  # floors go 0.93 -> 0.92 as written and 0.92 -> 0.91 as speech-to-text and with typos.
  # The floors as written, as speech-to-text and with typos.
  for family in steps "lexical anti-patterns"; do
    floors=(0.95 0.94 0.93)
    [ "$lang/$family" = "en/lexical anti-patterns" ] && floors=(0.92 0.91 0.91)
    # Spanish dev lexical: 0.950 since round 38 (50 transcripts the model does not learn from,
    # one writer's talking down read as arguing) joined it, 0.954 before; 0.950 with round 39
    # (25 more, not learnt from) and its rules; 0.945 with round 40 (50 more by two writers,
    # not learnt from) and its rules.
    [ "$lang/$family" = "es/lexical anti-patterns" ] && floors=(0.94 0.93 0.92)
    # Russian dev lexical: 0.951 with round 40 and its rules; 0.949 with round 41 (25 more,
    # written for the deflections and their look-alikes, not learnt from; 0.871 blind, 0.902
    # after its rules): the first floor goes 0.95 -> 0.94; 0.944 with rounds 42 and 43 (50 more,
    # not learnt from) and their rules, 0.940 as speech-to-text: the second goes 0.94 -> 0.93.
    [ "$lang/$family" = "ru/lexical anti-patterns" ] && floors=(0.94 0.93 0.93)
    at_least "$(macro_f1 "$dev/labels.yaml" "$dev" "$family")" "${floors[0]}" "$lang dev $family"
    at_least "$(macro_f1 "$dev/labels.yaml" "$asr" "$family")" "${floors[1]}" "$lang dev as speech-to-text, $family"
    at_least "$(macro_f1 "$dev/labels.yaml" "$typos" "$family")" "${floors[2]}" "$lang dev with typos, $family"
  done
  at_least "$(macro_f1 "$dev/labels.yaml" "$dev" "customer signals")" 0.90 "$lang dev customer signals"
  at_least "$(macro_f1 "$test/labels.yaml" "$test" steps)" 0.92 "$lang held-out steps"
  at_least "$(macro_f1 "$test/labels.yaml" "$test" "lexical anti-patterns")" 0.70 "$lang held-out lexical anti-patterns"
  at_least "$(macro_f1 "$test/labels.yaml" "$test" "customer signals")" 0.85 "$lang held-out customer signals"
  # The transcripts the model does not learn from (round 22; rounds 34 and 36's English; round
  # 25's Spanish and Russian; round 35's Russian; round 37's English and Spanish; rounds 38 and
  # 39): lexical en 0.849, es 0.875, ru 0.909 pooled (en 0.840, es 0.866, ru 0.905 before round
  # 39; en 0.854, es 0.877 before round 38, whose own parts here were tuned on; en 0.854, es
  # 0.882, ru 0.894 before round 37); steps 0.92-0.95 (en 0.834, es 0.873, ru 0.869 before stop 50).
  mapfile -t kept < <(grep -v '^#' "$SRC/eval/model-validation.txt" | grep "^$lang-" | sed "s|.*|$dev/&.txt|")
  [ "${#kept[@]}" -ge 30 ] || fail "$lang: ${#kept[@]} validation transcripts listed, expected round 22's at least"
  at_least "$(macro_f1_of "$dev/labels.yaml" steps "${kept[@]}")" 0.88 "$lang validation steps"
  at_least "$(macro_f1_of "$dev/labels.yaml" "lexical anti-patterns" "${kept[@]}")" 0.82 "$lang validation lexical anti-patterns"
done
echo "accuracy: ok"
