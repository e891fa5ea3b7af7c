#!/usr/bin/env bash
# Real data nobody on the team wrote (SHARED/realdata, see docs/realdata.md): runs the
# measurement scripts in tests/realdata/ against the built binary and asserts the floors below,
# so a lexicon or scorer change that loses ground on real text fails CI. A dataset is skipped
# only when its folder is absent. Set REALDATA_OUT=DIR to keep each script's full output.
set -euo pipefail
: "${DEFUSE:?set DEFUSE to the defuse binary}"
SRC="${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${SHARED:-$SRC/../shared}"
export DEFUSE SHARED
REAL="$SHARED/realdata"
out="${REALDATA_OUT:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -n "$out" ]; then mkdir -p "$out"; else out="$work"; fi

if [ ! -d "$REAL" ]; then
  echo "SKIP: $REAL is absent, nothing to measure"
  exit 0
fi

fail=0
ran=()
for script in contact_lens_rules stc3_helpdesk politeness tweets_hostility real_text real_labels; do
  start=$SECONDS
  if ! python3 "$SRC/tests/realdata/$script.py" > "$out/$script.md" 2> "$out/$script.err"; then
    echo "FAIL: $script.py exited non-zero" >&2
    tail -n 20 "$out/$script.err" >&2
    fail=1
  fi
  grep '^SKIP' "$out/$script.md" || true
  ran+=("$script ($((SECONDS - start))s)")
done
cat "$out"/*.md | grep '^FIGURE' > "$out/figures.txt" || true
echo "ran: ${ran[*]}"

# check DATASET FIGURE OP VALUE: OP is >= > <= == ; skipped when DATASET's folder is absent.
check() {
  local ds=$1 name=$2 op=$3 want=$4
  if [ ! -d "$REAL/$ds" ]; then echo "skip  $name ($ds absent)"; return; fi
  local got
  got=$(awk -v n="$name" '$2 == n { print $3 }' "$out/figures.txt" | tail -n 1)
  if ! [[ "$got" =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then echo "FAIL  $name: not measured (${got:-absent})" >&2; fail=1; return; fi
  if awk -v g="$got" -v w="$want" -v op="$op" 'BEGIN {
        if (op == ">=") exit !(g + 0 >= w + 0); if (op == ">") exit !(g + 0 > w + 0);
        if (op == "<=") exit !(g + 0 <= w + 0); if (op == "==") exit !(g + 0 == w + 0); exit 1 }'; then
    echo "ok    $name = $got ($op $want)"
  else
    echo "FAIL  $name = $got, expected $op $want" >&2
    fail=1
  fi
}
# ratio A B FACTOR: figure A >= FACTOR x figure B (both measured).
ratio() {
  local ds=$1 a=$2 b=$3 k=$4
  if [ ! -d "$REAL/$ds" ]; then echo "skip  $a vs $b ($ds absent)"; return; fi
  local ga gb
  ga=$(awk -v n="$a" '$2 == n { print $3 }' "$out/figures.txt" | tail -n 1)
  gb=$(awk -v n="$b" '$2 == n { print $3 }' "$out/figures.txt" | tail -n 1)
  if ! [[ "$ga" =~ ^-?[0-9]+(\.[0-9]+)?$ && "$gb" =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then
    echo "FAIL  $a / $b: not measured (${ga:-absent}, ${gb:-absent})" >&2; fail=1; return
  fi
  if awk -v a="$ga" -v b="$gb" -v k="$k" 'BEGIN { exit !(a + 0 > k * b) }'; then
    echo "ok    $a = $ga > $k x $b = $gb"
  else
    echo "FAIL  $a = $ga, expected > $k x $b = $gb" >&2
    fail=1
  fi
}

# 1. Contact Lens sample phrases, recall on the phrases that really are examples of the step
#    (exceptions listed in contact_lens_rules.py). Floors a little below the measured values
#    (docs/realdata.md); the exception ceilings guard CYCLE.md: bare farewells are not a close,
#    vague assurances without a time are not a commit.
CL=en_contact_lens_rules
check $CL contact_lens.greet.recall_justified     '>=' 0.90   # measured 1.00 (13/13)
check $CL contact_lens.apologize.recall_justified '>=' 0.95   # measured 1.00 (40/40)
check $CL contact_lens.empathize.recall_justified '>=' 0.90   # measured 1.00 (22/22)
check $CL contact_lens.commit.recall_justified    '>=' 0.33   # measured 0.33 (1/3)
check $CL contact_lens.close.recall_justified     '>=' 0.90   # measured 0.96 (25/26)
check $CL contact_lens.commit.exceptions_hit      '<=' 2      # measured 0 of 28 vague assurances
check $CL contact_lens.close.exceptions_hit       '<=' 2      # measured 0 of 12 farewells/slogans
check $CL contact_lens.escalation.customer_threat '>=' 0.90   # measured 1.00

# 2. STC-3 helpdesk dialogues: Spearman rho with the mean human satisfaction rating.
ST=en_stc3_dch_helpdesk_dialogues
check $ST stc3.rho_S.signals '>=' 0.50   # measured 0.56
check $ST stc3.rho_S.outcome '>=' 0.31   # measured 0.38

# 3. Stanford politeness: rudeness fires more on the least polite decile than on the most polite.
PO=en_stanford_politeness
ratio $PO politeness.rudeness_rate.decile1 politeness.rudeness_rate.decile10 1
check $PO politeness.rudeness_rate.decile1 '>=' 0.025   # measured 0.101 (0.031 when this floor was set)

# 4. Customer tweets: hostility on negative tweets at least twice the neutral and positive rate.
RU=ru_sentirueval2016_banks_telecom
check $RU tweets.ru_sentirueval2016.neg_over_neutral  '>=' 2
check $RU tweets.ru_sentirueval2016.neg_over_positive '>=' 2
ES=es_airline_tweets_sentiment
check $ES tweets.es_airline.neg_over_neutral  '>=' 2
check $ES tweets.es_airline.neg_over_positive '>=' 2
check es_citibanamex_twitter_support tweets.es_citibanamex.hostility_rate '>' 0
# English tweets to service accounts, labelled complaint / not complaint by the authors:
# hostility far more often on complaints, and rare on the rest.
EC=en_complaints_twitter_preotiuc
check $EC tweets.en_complaints.complaint_over_not      '>=' 4      # measured 7.7 (price complaints such as "rip off" are no insult)
check $EC tweets.en_complaints.hostility_not_complaint '<=' 0.02   # measured 0.009 (7 of 742)

# 5. Real text end to end: nothing lost (every input is a record or an error line).
check en_twcs_twitter_support realtext.twcs.lost        '==' 0
check en_abcd_sample          realtext.abcd.lost        '==' 0
check en_aws_pca_sample       realtext.aws_pca.lost     '==' 0
check ru_multiwoz_mt_fallback realtext.multiwoz_ru.lost '==' 0
check es_citibanamex_twitter_support realtext.citibanamex_replies.lost '==' 0
# Polite text: agent-conduct flags (arguing, rudeness, accusations, excuses, blame) stay rare,
# as nearly all of them there are false positives.
check en_twcs_twitter_support realtext.twcs.conduct_share '<=' 0.02
check ru_multiwoz_mt_fallback realtext.multiwoz_ru.conduct_share '<=' 0.01
# The bank's raters label an excuse in 12 of the 400 replies they labelled (3 %: the line's
# load, "no contamos con facultades por este medio"), so its cap sits below that rate, not at
# the near-zero of the other polite sets (measured 0.0104 since round 32, 0.0035 before).
check es_citibanamex_twitter_support realtext.citibanamex_replies.conduct_share '<=' 0.02

# 6. Hand labels of real conversations (eval/real/, tests/realdata/real_labels.py): macro-F1
#    on the held-out half (never tuned on) and on the dev half, a little below the measured
#    values (docs/realdata.md), so that a rule that loses ground on real text fails CI.
check en_twcs_twitter_support real_test_en_steps   '>=' 0.64   # measured 0.704
# The conduct model's one hit in these 140 held-out English conversations is a false alarm
# (0.444 with --no-model); it gains 0.05 on the labelled held-out set (docs/accuracy.md, "The conduct model").
check en_twcs_twitter_support real_test_en_lexical '>=' 0.34   # measured 0.388
check en_twcs_twitter_support real_test_en_signals '>=' 0.58   # measured 0.640
check en_twcs_twitter_support real_dev_en_steps    '>=' 0.86   # measured 0.918
check en_twcs_twitter_support real_dev_en_lexical  '>=' 0.27   # measured 0.392
check en_twcs_twitter_support real_dev_en_signals  '>=' 0.75   # measured 0.816
check es_citibanamex_twitter_support real_test_es_steps   '>=' 0.71   # measured 0.762
# The third sample (round 30), tuned on since it was scored once before use (0.753 / 0.155 /
# 0.636 in English, 0.748 / 0.383 in Spanish).
check en_twcs_twitter_support real_third_en_steps   '>=' 0.80   # measured 0.851 (0.770 before round 31)
check en_twcs_twitter_support real_third_en_signals '>=' 0.61   # measured 0.708
check en_twcs_twitter_support real_third_en_lexical '>=' 0.30   # measured 0.402 (0.155 before round 31)
check es_citibanamex_twitter_support real_third_es_steps   '>=' 0.70   # measured 0.748
check es_citibanamex_twitter_support real_third_es_lexical '>=' 0.75   # measured 0.838 (0.383 before round 32)
check es_citibanamex_twitter_support real_test_es_lexical '>=' 0.27   # measured 0.322 (0.174 before round 32)
check es_citibanamex_twitter_support real_dev_es_steps    '>=' 0.92   # measured 0.955
check es_citibanamex_twitter_support real_dev_es_lexical  '>=' 0.80   # measured 0.914 (0.367 before round 32)
check ru_multiwoz_mt_fallback real_test_ru_steps   '>=' 0.60   # measured 0.645
check ru_multiwoz_mt_fallback real_test_ru_signals '>=' 0.93   # measured 0.968
check ru_multiwoz_mt_fallback real_dev_ru_steps    '>=' 0.62   # measured 0.664

if [ "$fail" -ne 0 ]; then
  echo "realdata: FAILED${REALDATA_OUT:+ (outputs in $REALDATA_OUT)}; rerun with REALDATA_OUT=DIR to keep them" >&2
  exit 1
fi
echo "realdata: all floors hold"
