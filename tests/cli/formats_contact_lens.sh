#!/usr/bin/env bash
# Amazon call analytics (Contact Lens, Transcribe Call Analytics, Post-Call Analytics) are
# detected by their keys, read with their roles and offsets, and scored as calls.
source "$(dirname "$0")/formats_lib.bash"

ex="$SRC/examples/formats"
# The same file under a name that says nothing: content decides.
cp "$ex/contact-lens.json" "$WORK/analysis"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$ex/contact-lens.json" "$ex/pca.json" "$WORK/analysis"
expect_eq "$status" 0 "exit status"
expect_eq "$(wc -l <"$WORK/out")" 3 "records"
expect_eq "$(field "$WORK/out" en-fmt-contact-lens turns)" 7 "contact lens turns"
expect_eq "$(field "$WORK/out" en-fmt-contact-lens agent_turns)" 4 "contact lens agent turns"
expect_eq "$(field "$WORK/out" en-fmt-contact-lens channel)" '"call"' "contact lens channel"
expect_eq "$(field "$WORK/out" en-fmt-contact-lens lang)" '"en"' "LanguageCode en-US"
expect_eq "$(field "$WORK/out" en-fmt-contact-lens interruptions)" 1 "the agent talks over the customer once"
expect_eq "$(field "$WORK/out" en-fmt-contact-lens first_response_s)" 5.32 "first response from offsets"
expect_eq "$(field "$WORK/out" en-fmt-pca agent)" '"Kevin"' "PCA agent name"
expect_eq "$(field "$WORK/out" en-fmt-pca customer_turns)" 3 "PCA speaker labels"
expect_eq "$(field "$WORK/out" en-fmt-pca started_at)" '"2026-11-05 09:41:02.118000"' "PCA conversation time"

# The real PCA sample from aws-samples (spk_0 is labelled Agent).
pca="${SHARED:-$SRC/../shared}/realdata/en_aws_pca_sample/testfile.json"
if [ -f "$pca" ]; then
  run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$pca"
  expect_eq "$status" 0 "real PCA sample"
  expect_contains "$WORK/out" '"turns":12,"agent_turns":6,"customer_turns":6'
fi

# Transcribe Call Analytics raw output: roles on each entry.
cat >"$WORK/tca.json" <<'EOF'
{"JobName": "tca-1", "LanguageCode": "en-US", "Channel": "VOICE",
 "Participants": [{"ParticipantRole": "AGENT"}, {"ParticipantRole": "CUSTOMER"}],
 "Transcript": [
  {"ParticipantRole": "CUSTOMER", "Content": "My bill doubled this month.", "BeginOffsetMillis": 0, "EndOffsetMillis": 2500, "Sentiment": "NEGATIVE"},
  {"ParticipantRole": "AGENT", "Content": "I'm sorry to hear that, let me check it for you.", "BeginOffsetMillis": 3100, "EndOffsetMillis": 6000}]}
EOF
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$WORK/tca.json"
expect_eq "$status" 0 "transcribe call analytics"
expect_eq "$(field "$WORK/out" tca-1 first_response_s)" 3.1 "first response"

# Forcing the format on something else says what was expected.
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --input-format contact-lens "$ex/conversation.json"
expect_eq "$status" 2 "forced contact-lens on defuse JSON"
expect_contains "$WORK/err" "conversation.json: no \"Transcript\" or \"SpeechSegments\" array"
echo "formats_contact_lens: ok"
