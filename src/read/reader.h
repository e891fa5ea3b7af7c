// The read stage's contract. A reader turns one input (a file's bytes) into transcripts and
// diagnostics, in input order, and never throws: a bad record becomes a Diagnostic and the
// reader goes on with the next one.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/transcript.h"
#include "lexicon/lexicon.h"

namespace defuse {

/// Resource limits; every one has a command-line option to raise it.
struct ReadLimits {
  std::uint64_t max_file_bytes = 1ull << 30;  // --max-file-size (plain-text, JSON object, VTT/SRT files)
  std::uint64_t max_line_bytes = 16u << 20;    // --max-line-length (one NDJSON record, one text line)
  std::uint32_t max_turns = 100000;            // --max-turns per transcript
};

struct ReadOptions {
  const RoleVocabulary* roles = nullptr;  // required
  std::string lang;                       // --lang: forces the language of every transcript
  std::string format = "auto";            // --input-format: auto | text | json | ndjson | csv | vtt | srt | contact-lens
  std::string agent_name;                 // --agent-name: a speaker name that is the agent (VTT/SRT)
  std::string mapping_file;               // --mapping: YAML column / speaker mapping (CSV, VTT, SRT)
  bool infer_roles = false;               // --infer-roles: two unidentified speakers are let through,
                                          // for the pipeline to tell the agent by what they say
  ReadLimits limits;
  const std::atomic<bool>* stop = nullptr;  // set by a signal: a stream being read ends early
};

/// Receives what readers produce. Called from the reading thread only.
class ReadSink {
 public:
  virtual ~ReadSink() = default;
  virtual void transcript(Transcript&& transcript) = 0;
  virtual void error(Diagnostic&& diagnostic) = 0;
};

/// An input's bytes, shared so transcripts can view into them after the reader returns.
struct InputBuffer {
  std::string path;                           // as the user named it; "-" for stdin
  std::shared_ptr<const std::string> bytes;
};

/// The checks every reader ends with: a transcript must have an agent turn (or, with
/// `infer_roles`, exactly two speakers and no role known: see roles_to_infer); the agent's
/// name defaults to the first named agent label, else "unknown"; the customer's likewise.
/// Sends the transcript, or a diagnostic instead, to `sink`; `no_agent` replaces the usual
/// "no agent turns" diagnostic (a format that can say more, like the speakers it found).
void finish_transcript(Transcript&& transcript, const ReadOptions& options, ReadSink& sink,
                       std::optional<Diagnostic> no_agent = std::nullopt);

/// The "no agent" diagnostic of a format that names its speakers: who could be the agent,
/// and the ways to name one (--infer-roles too when roles_to_infer() holds for the transcript).
Diagnostic no_agent_among(const Transcript& transcript, int line, const std::vector<std::string>& speakers);

/// Whether no turn is the agent's or the customer's and exactly two speakers of unknown role
/// take turns (besides any bot or system lines): what --infer-roles decides by content
/// (pipeline/role_inference.h).
bool roles_to_infer(const Transcript& transcript);

}  // namespace defuse
