// Subtitle exports of calls and meetings: WebVTT (Microsoft Teams, Zoom, speech-to-text
// services) and SRT. One file is one conversation.
//
//   WEBVTT                                   SRT
//
//   00:00:01.000 --> 00:00:04.200            1
//   <v Maria Lopez>Thanks for calling.</v>   00:00:01,000 --> 00:00:04,200
//                                            Maria Lopez: Thanks for calling.
//   00:00:04.500 --> 00:00:07.000
//   <v John>I was charged twice.</v>
//
// The speaker comes from a voice tag (<v Name>), else from a "Name: " prefix; a cue with
// neither continues the previous speaker. Names become roles through the mapping file's
// `speakers:`, --agent-name and the role vocabulary ("Agent", "Customer"); when only the
// agent is named, everyone else is the customer. Consecutive cues of one speaker are merged
// into one turn; cue times become the turn's start_ms/end_ms. The channel is "call".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "read/mapping.h"
#include "read/reader.h"

namespace defuse {

/// Reads one WebVTT (`format` "vtt") or SRT ("srt") file into `sink`: one transcript, or
/// diagnostics. A cue with an unreadable timing line is reported and skipped.
void read_subtitles(const InputBuffer& input, const std::string& format, const ReadOptions& options,
                    const Mapping* mapping, ReadSink& sink);

/// Parses a cue time: "00:01:02.500", "01:02.500" (VTT) or "00:01:02,500" (SRT).
std::optional<std::int64_t> parse_cue_time(std::string_view text);

}  // namespace defuse
