// The plain-text transcript format (docs/transcript-format.md):
//
//   ---                                  optional YAML front matter
//   id: es-0042
//   agent: Lucía
//   ---
//   [14:05:10] Agente (Lucía): ¡Hola!     [timestamp] Label: text
//   continuation line                     no label: continues the previous turn
//
// A label is decided as every reader decides a speaker (RoleResolver: a mapping,
// --agent-name, the front matter's agent or customer name, the role vocabulary on the
// label's first word, whose rest is the speaker's name).
// A voice word and an id ("Speaker 1", "SPEAKER_00") is a speaker whose side is unknown.
#pragma once

#include "read/reader.h"

namespace defuse {

struct Mapping;

/// Reads one transcript from `input` into `sink` (a transcript or one diagnostic). A
/// `mapping` (may be null) decides labels first ("Speaker 1": agent).
void read_plain_text(const InputBuffer& input, const ReadOptions& options, const Mapping* mapping, ReadSink& sink);

/// Splits "Agent (Maria)" / "Оператор Анна" into the role word and the name.
struct Label {
  std::string_view role_word;
  std::string_view name;
};
Label split_label(std::string_view label);

/// The id a file gives a transcript when nothing else names it: its file name without the
/// extension ("calls/0042.txt" -> "0042"; "-" -> "stdin").
std::string default_id(std::string_view path);

}  // namespace defuse
