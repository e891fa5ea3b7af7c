#!/usr/bin/env bash
# Personal data is masked by default wherever text leaves defuse: the evidence and metadata
# of `score` in every format, `report` in every format (also from a score file written
# with --no-redact), and the coaching view of `explain`. --no-redact shows it, and the
# scores are the same either way. Ordinary numbers (orders, amounts, dates, times) stay.
source "$(dirname "$0")/robust_lib.bash"
d="$WORK/in"
mkdir -p "$d"

# kind|placeholder|value: each value sits in the front matter and in the customer's angry
# sentence, which the hostility signal quotes as evidence.
cases='email|[email]|ivan.petrov@mail.ru
phone_ru|[phone]|+7 (916) 123-45-67
phone_ru8|[phone]|8 916 123 45 67
phone_es|[phone]|612 34 56 78
phone_es34|[phone]|+34 612 345 678
phone_intl|[phone]|+44 20 7946 0958
card|[card]|4111 1111 1111 1111
iban|[iban]|ES91 2100 0418 4502 0005 1332
dni|[dni]|12345678Z
nie|[dni]|X1234567L
passport|[passport]|45 03 123456
snils|[snils]|112-233-445 95'
transcript() {  # ID VALUE
  printf -- '---\nid: %s\nagent: Dana\nlang: en\ncontact: %s\n---\n' "$1" "$2"
  printf 'Agent (Dana): Hello, thank you for calling. How can I help?\n'
  printf 'Customer: My details are %s, this is ridiculous!\n' "$2"
  printf "Agent (Dana): I'm so sorry about that. I will fix it today.\n"
  printf 'Customer: Thanks.\nAgent (Dana): Thank you for calling, have a nice day!\n'
}
while IFS='|' read -r kind _ value; do transcript "pii-$kind" "$value" >"$d/$kind.txt"; done <<<"$cases"
# Every value in one conversation, for the coaching view, which shows every turn.
{
  printf 'Agent: Hello, thank you for calling. How can I help?\n'
  while IFS='|' read -r _ _ value; do printf 'Customer: It is %s.\nAgent: Thank you.\n' "$value"; done <<<"$cases"
} >"$WORK/all.txt"
# A value where the evidence is cut (300 bytes): masked whole first, never cut in half.
pad=$(printf 'very %.0s' $(seq 1 55))
transcript cut "$pad +7 916 123 45 67 and $pad" >"$d/cut.txt"
# Numbers that must survive.
ordinary=("order 5521-A" "1 250,00 €" "12.05.2024" "14:30" "ticket #48213" "order 912345678" "INC0012345")
transcript ordinary "${ordinary[*]}" >"$d/ordinary.txt"

# masked FILE WHAT: no raw value in FILE. placeholders FILE WHAT: each kind's placeholder is.
masked() {
  while IFS='|' read -r kind _ value; do
    ! grep -qF -- "$value" "$1" || fail "$2: the $kind value '$value' is not masked"
  done <<<"$cases"
}
placeholders() {
  while IFS='|' read -r kind placeholder _; do
    grep -qF -- "$placeholder" "$1" || fail "$2: no $placeholder for $kind"
  done <<<"$cases"
}
kept() {
  for number in "${ordinary[@]}"; do grep -qF -- "$number" "$1" || fail "$2: '$number' was masked"; done
}

# score, every format.
for format in ndjson json csv table; do
  run_defuse "$WORK/$format" "$WORK/err" score "${LEX[@]}" -q --format "$format" "$d"
  expect_eq "$status" 0 "score --format $format"
  masked "$WORK/$format" "score --format $format"
done
for format in ndjson json; do
  placeholders "$WORK/$format" "score --format $format"
  kept "$WORK/$format" "score --format $format"
  ! grep -q '916' "$WORK/$format" || fail "score --format $format: part of a phone number where the evidence is cut"
  # In the evidence and in the metadata of each record.
  while IFS='|' read -r kind placeholder _; do
    grep -F "\"id\":\"pii-$kind\"" "$WORK/$format" >"$WORK/record" || fail "pii-$kind missing"
    expect_contains "$WORK/record" "\"text\":\"My details are $placeholder, this is ridiculous!\""
    expect_contains "$WORK/record" "\"contact\":\"$placeholder\""
  done <<<"$cases"
done

# --no-redact shows the values, and no score changes.
run_defuse "$WORK/raw.ndjson" "$WORK/err" score "${LEX[@]}" -q --no-redact --format ndjson "$d"
while IFS='|' read -r kind _ value; do
  grep -qF -- "$value" "$WORK/raw.ndjson" || fail "--no-redact: the $kind value is missing"
done <<<"$cases"
run_defuse "$WORK/raw.csv" "$WORK/err" score "${LEX[@]}" -q --no-redact --format csv "$d"
cmp -s "$WORK/csv" "$WORK/raw.csv" || { diff "$WORK/csv" "$WORK/raw.csv" >&2; fail "scores differ with --no-redact"; }

# report, every format: from the transcripts, and from the unmasked score file.
for format in table md csv json html; do
  run_defuse "$WORK/report" "$WORK/err" report "${LEX[@]}" -q --format "$format" --lowest 20 "$d"
  expect_eq "$status" 0 "report --format $format"
  masked "$WORK/report" "report --format $format"
  run_defuse "$WORK/report" "$WORK/err" report "${LEX[@]}" -q --format "$format" --lowest 20 "$WORK/raw.ndjson"
  expect_eq "$status" 0 "report --format $format from a score file"
  masked "$WORK/report" "report --format $format from a score file written with --no-redact"
done

# explain: the coaching view shows every turn.
for format in text html; do
  run_defuse "$WORK/explain" "$WORK/err" explain "${LEX[@]}" --format "$format" "$WORK/all.txt"
  expect_eq "$status" 0 "explain --format $format"
  masked "$WORK/explain" "explain --format $format"
  placeholders "$WORK/explain" "explain --format $format"
  run_defuse "$WORK/explain" "$WORK/err" explain "${LEX[@]}" --format "$format" "$d/ordinary.txt"
  kept "$WORK/explain" "explain --format $format"
done
run_defuse "$WORK/explain" "$WORK/err" explain "${LEX[@]}" --no-redact "$WORK/all.txt"
expect_contains "$WORK/explain" "4111 1111 1111 1111"
echo "redaction: ok"
