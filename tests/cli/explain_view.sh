#!/usr/bin/env bash
# `defuse explain FILE`: the coaching view. Turn by turn with markers where each step and
# anti-pattern happened, then advice for what was missing and the score breakdown, in the
# language of the session; an HTML page to share.
source "$(dirname "$0")/fixtures/reports/common.sh"

cat > call.txt <<'T'
---
id: coaching-1
agent: Marcus
channel: chat
started_at: 2026-11-03 14:00:00
---
[14:00:00] Customer: My refund never came and this is ridiculous!
[14:02:00] Agent: Hello, how can I help?
[14:03:00] Agent: It is in the terms you signed.
[14:04:00] Customer: I will leave a bad review.
[14:05:00] Agent: Bye.
T
"$DEFUSE" explain "${LEX[@]}" call.txt > en.txt
has en.txt "Coaching: coaching-1 · agent Marcus"
has en.txt "Score: 0/100"
has en.txt "the points add up to -5"
has en.txt "[+ greet] Greeting: \"Hello, how can I help?\""
has en.txt "[! contract_blame] Blaming the contract: \"It is in the terms you signed.\""
has en.txt "[customer: threat]"
has en.txt "No closing: the conversation ended without confirming the fix or asking for feedback"
has en.txt "customers remember"
has en.txt "turn 3, Blaming the contract"
has en.txt "earned        +10  Greeting"
has en.txt "lost          -15  Blaming the contract"
has en.txt "not earned   (15)  Closing"
# Markers sit under the turn they belong to.
grep -A1 "Hello, how can I help?" en.txt | grep -q "\[+ greet\]" || fail "greet marker not under turn 2"

"$DEFUSE" explain "${LEX[@]}" --ui-lang es call.txt > es.txt
has es.txt "Sesión de coaching: coaching-1"
has es.txt "Sin cierre: la conversación terminó sin confirmar la solución"
has es.txt "Culpar al contrato"
"$DEFUSE" explain "${LEX[@]}" --ui-lang ru call.txt > ru.txt
has ru.txt "Разбор разговора: coaching-1"
has ru.txt "Нет завершения:"
has ru.txt "Ссылка на договор"
status 2 "$DEFUSE" explain "${LEX[@]}" --ui-lang de call.txt > /dev/null 2>&1

"$DEFUSE" explain "${LEX[@]}" -f html --ui-lang es call.txt > page.html
has page.html "<html lang=\"es\">"
has page.html 'id="turn-3"'
has page.html "chip anti"
lacks page.html "http://"

# Several transcripts in one file (NDJSON): text explains each; HTML wants --id.
printf '%s\n' \
  '{"id":"n1","agent":"Ann","channel":"chat","lang":"en","turns":[{"speaker":"agent","text":"Hello, how can I help?"},{"speaker":"customer","text":"That works."}]}' \
  '{"id":"n2","agent":"Ann","channel":"chat","lang":"en","turns":[{"speaker":"agent","text":"It is on our website."}]}' > two.ndjson
if "$DEFUSE" score "${LEX[@]}" -q two.ndjson > /dev/null 2>&1; then
  "$DEFUSE" explain "${LEX[@]}" two.ndjson > two.txt
  has two.txt "Coaching: n1"
  has two.txt "Coaching: n2"
  status 2 "$DEFUSE" explain "${LEX[@]}" -f html two.ndjson > /dev/null 2> two.err
  has two.err "holds 2 transcripts (n1, n2); pick one with --id"
  "$DEFUSE" explain "${LEX[@]}" -f html --id n2 two.ndjson > n2.html
  has n2.html "Sending to the website"
  status 2 "$DEFUSE" explain "${LEX[@]}" --id n9 two.ndjson > /dev/null 2> n9.err
  has n9.err "no transcript with id n9"
else
  echo "not run: NDJSON transcripts (this defuse does not read them yet)"
fi

# A batch of generated transcripts: every one explains without error.
gen batch 30 41 50
for f in batch/*.txt; do "$DEFUSE" explain "${LEX[@]}" "$f" > /dev/null || fail "explain $f"; done
echo "explain_view: ok"
