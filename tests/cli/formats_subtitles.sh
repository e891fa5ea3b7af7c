#!/usr/bin/env bash
# WebVTT and SRT exports of calls: speakers from voice tags or "Name:" prefixes, roles from
# role words, --agent-name or the mapping file, cue times as turn times, channel "call".
source "$(dirname "$0")/formats_lib.bash"

ex="$SRC/examples/formats"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$ex/en-fmt-call.vtt" "$ex/ru-fmt-call.srt"
expect_eq "$status" 0 "exit status"
expect_eq "$(field "$WORK/out" en-fmt-call agent)" '"Rosa"' "name from <v Agent (Rosa)>"
expect_eq "$(field "$WORK/out" en-fmt-call turns)" 7 "consecutive cues of one speaker merged"
expect_eq "$(field "$WORK/out" en-fmt-call channel)" '"call"' "subtitles are calls"
expect_eq "$(field "$WORK/out" en-fmt-call interruptions)" 1 "overlapping cues"
expect_eq "$(field "$WORK/out" en-fmt-call first_response_s)" 6.8 "first response from cue times"
expect_eq "$(field "$WORK/out" ru-fmt-call agent)" '"Ирина"' "name from 'Оператор Ирина:'"
expect_eq "$(field "$WORK/out" ru-fmt-call customer_turns)" 3 "Клиент turns"

# A Teams meeting export: real names only.
cat >"$WORK/teams.vtt" <<'EOF'
WEBVTT

a1/1-0
00:00:00.500 --> 00:00:03.000
<v Maria Lopez>Hi John, Maria from Contoso support. I'm sorry you had to chase us.</v>

a1/2-0
00:00:03.800 --> 00:00:08.000
<v John Smith>The replacement laptop still hasn't shipped, it's been two weeks.</v>

a1/3-0
00:00:09.000 --> 00:00:14.000
<v Maria Lopez>I've escalated it; it ships tomorrow by express and I'll email you the tracking number tonight.</v>
EOF
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$WORK/teams.vtt"
expect_eq "$status" 2 "names alone"
expect_contains "$WORK/err" "$WORK/teams.vtt: no speaker is recognised as the agent (speakers: John Smith, Maria Lopez)"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson --agent-name "Maria Lopez" "$WORK/teams.vtt"
expect_eq "$status" 0 "--agent-name"
expect_eq "$(field "$WORK/out" teams customer_turns)" 1 "the other speaker is the customer"
expect_eq "$(field "$WORK/out" teams agent)" '"Maria Lopez"' "agent name"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson --mapping "$ex/mapping.yaml" "$WORK/teams.vtt"
expect_eq "$status" 0 "speakers in the mapping"
expect_eq "$(field "$WORK/out" teams agent_turns)" 2 "mapped agent"

# SRT from a speech-to-text service: "Speaker N:" labels, a broken cue reported, the rest read.
printf '1\r\n00:00:01,000 --> 00:00:03,000\r\nSpeaker 1: Thanks for calling, how can I help?\r\n\r\n2\r\n00:00:03,500 --> 00:00:06,000\r\nSpeaker 2: My order never arrived.\r\n\r\n3\r\n00:00:07,000 --> 00:00:0?,000\r\nSpeaker 1: broken\r\n\r\n4\r\n00:00:09,000 --> 00:00:12,000\r\nSpeaker 1: Sorry about that, I have reshipped it today.\r\n' >"$WORK/stt.srt"
printf 'speakers:\n  "Speaker 1": agent\n' >"$WORK/map.yaml"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson --mapping "$WORK/map.yaml" "$WORK/stt.srt"
expect_eq "$status" 2 "a broken cue"
expect_contains "$WORK/err" "$WORK/stt.srt:10: cannot read the cue timing '00:00:07,000 --> 00:00:0?,000'; cue skipped"
expect_eq "$(field "$WORK/out" stt turns)" 3 "the other cues"
expect_eq "$(field "$WORK/out" stt first_response_s)" 5.5 "first response"
echo "formats_subtitles: ok"
