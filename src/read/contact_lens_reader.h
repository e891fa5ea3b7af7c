// Amazon call-analytics output, three shapes of one idea (docs/formats.md):
//
//   Contact Lens (Amazon Connect) and Transcribe Call Analytics:
//     {"Channel": "VOICE", "LanguageCode": "en-US",
//      "Participants": [{"ParticipantId": "AGENT", "ParticipantRole": "AGENT"}, ...],
//      "Transcript": [{"ParticipantId": "AGENT", "Content": "...",
//                      "BeginOffsetMillis": 0, "EndOffsetMillis": 1530, ...}, ...], ...}
//     (Transcribe puts "ParticipantRole" on each entry instead of "ParticipantId"; Contact
//      Lens chat has "AbsoluteTime" instead of offsets.)
//   Transcribe Post-Call Analytics (PCA) parsed output:
//     {"ConversationAnalytics": {"SpeakerLabels": [{"Speaker": "spk_0", "DisplayText": "Agent"}], ...},
//      "SpeechSegments": [{"SegmentSpeaker": "spk_0", "DisplayText": "...", "OriginalText": "...",
//                          "SegmentStartTime": 0.04, "SegmentEndTime": 0.25, ...}, ...]}
//
// Every other field (sentiment, loudness, categories, word confidences...) is ignored.
#pragma once

#include <simdjson.h>

#include <string>

#include "core/transcript.h"
#include "read/mapping.h"
#include "read/reader.h"

namespace defuse {

/// True when `object` has a "Transcript" or "SpeechSegments" array: Amazon output rather
/// than defuse's own JSON.
bool is_contact_lens(simdjson::dom::object object);

/// Fills `t` (id, channel, lang, started_at, agent, turns) from one Amazon output object;
/// fields the object lacks keep the values `t` came with (the caller's defaults). Each
/// turn's line is t.first_line (0 for a whole document). Returns
/// false with `error` (no "path:line:" prefix) when the object is malformed.
bool contact_lens_transcript(simdjson::dom::object object, const ReadOptions& options, const Mapping* mapping,
                             Transcript& t, std::string& error);

}  // namespace defuse
