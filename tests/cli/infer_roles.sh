#!/usr/bin/env bash
# --infer-roles: two speakers with no known role (diarised speech-to-text) are scored with the
# agent told by what each says. Expectations: hand-written calls whose agent is plain (the
# one who asks for the order number, promises and closes), and the labelled transcripts of
# eval/dev with their roles stripped (eval/strip_roles.py), whose gold roles are known.
source "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || fail "python3 is needed (scripts/setup.sh installs it)"

# The customer speaks first, as in most chats; the agent is spk_0.
cat > "$WORK/chat.json" <<'JSON'
{"id": "c1", "lang": "en", "turns": [
 {"speaker": "spk_1", "text": "Hi, my parcel never arrived and I was charged twice."},
 {"speaker": "spk_0", "text": "I'm sorry to hear that. Could you give me the order number, please?"},
 {"speaker": "spk_1", "text": "It's 55120."},
 {"speaker": "spk_0", "text": "Thank you. I've refunded the second charge and I'll email you the tracking link within the hour. Is there anything else I can help with?"},
 {"speaker": "spk_1", "text": "No, that's all, thanks."}]}
JSON
# Spanish subtitles, the agent first; Russian CSV, the agent second.
cat > "$WORK/llamada.srt" <<'SRT'
1
00:00:01,000 --> 00:00:04,000
Hablante 1: Buenos días, gracias por llamar a Telco, le atiende Laura. ¿En qué puedo ayudarle?

2
00:00:05,000 --> 00:00:09,000
Hablante 2: Me han cobrado dos veces la factura de marzo y nadie me da una solución.

3
00:00:10,000 --> 00:00:15,000
Hablante 1: Lamento mucho las molestias. ¿Me confirma su número de cliente, por favor?

4
00:00:16,000 --> 00:00:18,000
Hablante 2: Es el 88231.

5
00:00:19,000 --> 00:00:26,000
Hablante 1: Ya he anulado el cargo duplicado y le enviaré el justificante por correo hoy mismo. ¿Puedo ayudarle en algo más?
SRT
cat > "$WORK/zvonok.csv" <<'CSV'
conversation_id,speaker,text
z1,Говорящий A,"Здравствуйте, у меня второй день не работает интернет, и никто не перезвонил."
z1,Говорящий B,"Добрый день! Приношу извинения за неудобства. Подскажите, пожалуйста, номер договора?"
z1,Говорящий A,"Сорок два ноль семь."
z1,Говорящий B,"Спасибо. Я перезапустил порт, интернет уже должен работать. Завтра я вам перезвоню и проверю, что всё в порядке. Могу ещё чем-то помочь?"
z1,Говорящий A,"Нет, спасибо, всё работает."
CSV

# Plain text as speech-to-text services export it: a voice label, the offset in parentheses,
# the words on the next lines. The customer (Speaker 1) speaks first.
cat > "$WORK/rev.txt" <<'TXT'
Speaker 1 (00:02):
Yeah hi, um, I got charged twice for my internet this month and nobody called me back.

Speaker 2 (00:09):
I'm so sorry about that. Can I have your account number, please?

Speaker 1 (00:14):
It's 4471.

Speaker 2 (00:20):
Thanks. I've reversed the duplicate charge, and I'll send you a confirmation email today. Anything else I can help you with?

Speaker 1 (00:31):
No, that's it. Thanks.
TXT

# Without the flag nothing changes: the speakers are unknown, each input is an error line.
run_defuse "$WORK/out" "$WORK/err" score --format ndjson "$WORK/chat.json" "$WORK/llamada.srt" "$WORK/zvonok.csv" \
  "$WORK/rev.txt"
expect_eq "$status" 2 "exit status without --infer-roles"
expect_eq "$(wc -l < "$WORK/out")" 0 "records without --infer-roles"
expect_contains "$WORK/err" "chat.json: no agent turns"
expect_contains "$WORK/err" "rev.txt:1: no speaker is recognised as the agent (speakers: Speaker 1, Speaker 2); name the agent with --agent-name \"Speaker 1\" or in a --mapping file (speakers: {\"Speaker 1\": agent}), or pass --infer-roles"

# Naming the agent's voice is the other way: the other voice is then the customer.
run_defuse "$WORK/out" "$WORK/err" score --agent-name "Speaker 2" --format ndjson "$WORK/rev.txt"
expect_eq "$status" 0 "exit status with --agent-name \"Speaker 2\""
python3 - "$WORK/out" <<'PY' || fail "--agent-name on a plain-text voice"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert r["agent"] == "Speaker 2", r["agent"]
assert all(r["steps"][s]["hit"] for s in ("apologize", "clarify", "commit", "close")), r["steps"]
PY

run_defuse "$WORK/out" "$WORK/err" score --infer-roles --format ndjson "$WORK/chat.json" "$WORK/llamada.srt" "$WORK/zvonok.csv" \
  "$WORK/rev.txt"
expect_eq "$status" 0 "exit status with --infer-roles"
python3 - "$WORK/out" <<'PY' || fail "--infer-roles chose the wrong agent"
import json, sys
records = [json.loads(line) for line in open(sys.argv[1])]
agents = {r["id"]: dict(r["metadata"])["roles"] for r in records}
assert agents == {"c1": "inferred: the agent is spk_0", "llamada": "inferred: the agent is Hablante 1",
                  "z1": "inferred: the agent is Говорящий B", "rev": "inferred: the agent is Speaker 2"}, agents
for r in records:
    # The agent's work is credited to the agent: the number asked for, the promise, the close.
    assert all(r["steps"][s]["hit"] for s in ("clarify", "commit", "close")), (r["id"], r["steps"])
    assert r["agent"] == "unknown"  # a diarisation label is no one's name
PY

# An IVR's and a bot's lines are neither side: the two voices between them are still inferred,
# and the bot's lines stay out of both sides' counts.
{ echo "IVR: This call may be recorded for training purposes."; cat "$WORK/rev.txt"; echo "Bot: Please stay on the line to rate this call."; } > "$WORK/ivr.txt"
run_defuse "$WORK/out" "$WORK/err" score --format ndjson "$WORK/ivr.txt"
expect_eq "$status" 2 "exit status of two voices beside a bot, without --infer-roles"
expect_contains "$WORK/err" "ivr.txt:1: no speaker is recognised as the agent (speakers: Speaker 1, Speaker 2); name the agent with --agent-name \"Speaker 1\" or in a --mapping file (speakers: {\"Speaker 1\": agent}), or pass --infer-roles"
run_defuse "$WORK/out" "$WORK/err" score --infer-roles --format ndjson "$WORK/ivr.txt"
expect_eq "$status" 0 "exit status of two voices beside a bot, with --infer-roles"
python3 - "$WORK/out" <<'PY' || fail "--infer-roles beside a bot"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert dict(r["metadata"])["roles"] == "inferred: the agent is Speaker 2", r["metadata"]
assert (r["turns"], r["agent_turns"], r["customer_turns"]) == (7, 2, 3), (r["turns"], r["agent_turns"], r["customer_turns"])
assert all(r["steps"][s]["hit"] for s in ("apologize", "clarify", "commit", "close")), r["steps"]
PY

# The coaching view labels the turns as they were scored: the customer opened the chat.
run_defuse "$WORK/view" "$WORK/err" explain --infer-roles --width 200 "$WORK/chat.json"
expect_eq "$status" 0 "exit status of explain --infer-roles"
grep -qE '^ +1 +customer +Hi, my parcel' "$WORK/view" || { cat "$WORK/view" >&2; fail "explain: turn 1 is not the customer's"; }
grep -qE '^ +2 +agent +I.m sorry to hear' "$WORK/view" || { cat "$WORK/view" >&2; fail "explain: turn 2 is not the agent's"; }

# Known roles are left as they are.
printf 'Agent: Hello, how can I help?\nCustomer: My card was charged twice.\n' > "$WORK/known.txt"
run_defuse "$WORK/plain" "$WORK/err" score --format ndjson "$WORK/known.txt"
run_defuse "$WORK/flag" "$WORK/err" score --infer-roles --format ndjson "$WORK/known.txt"
cmp -s "$WORK/plain" "$WORK/flag" || fail "--infer-roles changed a transcript whose roles are known"

# Nothing either side says tells: an error line naming both speakers, not a guess.
printf '{"id":"hi","lang":"en","turns":[{"speaker":"A","text":"Hello?"},{"speaker":"B","text":"Hello."}]}\n' > "$WORK/hi.ndjson"
run_defuse "$WORK/out" "$WORK/err" score --infer-roles --format ndjson "$WORK/hi.ndjson"
expect_eq "$status" 2 "exit status of an undecided transcript"
expect_contains "$WORK/err" "hi.ndjson:1: cannot tell the agent by what the speakers say (A 0, B 0 agent cues)"

# The labelled dev transcripts with their roles stripped: nearly all decided, next to none wrongly
# (README, "Speakers without roles": 2,417 of 2,527 right, 16 wrong; 2,314 of 2,407 and 13 wrong before round 29;
# 2,206 of 2,287 and 10 wrong before round 28;
# 2,091 of 2,167 before round 27; before round 26, 1,975 of
# 2,047 and 8 wrong, 4 of them in round 22 and 2 in round 25's Russian, which no rule is written from). English needs 95 % decided rightly,
# not 96 %: round 25's writers planted customers who apologise, thank and ask back, and 8 of
# its 90 English transcripts are too close to call (reported, not guessed); 877 of 917 then, 993 of 1,037 with round 26, 1,108 of 1,157 with round 27,
# 1,216 of 1,277 with round 28. English needs 94 % since round 29: its writers planted curt and
# rude chat agents who greet with "hey", clarify, solve and close little or nothing, and 13 of
# its 120 transcripts are too close to call (reported, not guessed); 1,319 of 1,397 with it,
# 13 wrong (the 1 % cap holds); 1,320 of 1,397 since round 30, 13 wrong; 1,368 of 1,447 with round 33,
# 14 wrong (2 of them in its 50); 1,417 of 1,497 with round 34, 14 wrong; 1,463 of 1,547 with
# round 36, 14 wrong.
for lang in en es ru; do
  python3 "$SRC/eval/strip_roles.py" "$SRC/eval/dev/$lang" "$WORK/dev-$lang" 2>/dev/null
  "$DEFUSE" score --infer-roles -q --format ndjson "$WORK/dev-$lang.ndjson" > "$WORK/dev-$lang.out" 2>/dev/null || true
  python3 - "$WORK/dev-$lang.tsv" "$WORK/dev-$lang.out" "$lang" <<'PY' || fail "$lang: roles inferred too rarely or wrongly"
import json, sys
truth = dict(line.rstrip("\n").split("\t") for line in open(sys.argv[1]))
right = wrong = 0
for line in open(sys.argv[2]):
    r = json.loads(line)
    if dict(r["metadata"])["roles"] == "inferred: the agent is " + truth[r["id"]]: right += 1
    else: wrong += 1
print(f"{sys.argv[3]}: {len(truth)} transcripts, {right} right, {wrong} wrong", file=sys.stderr)
assert len(truth) >= 300, len(truth)
share = 0.94 if sys.argv[3] == "en" else 0.95
assert right >= share * len(truth) and wrong <= 0.01 * len(truth)
PY
done
echo "infer_roles: ok"
