// YAML front matter at the top of a plain-text transcript, between two "---" lines.
#pragma once

#include <string_view>

#include "core/diagnostic.h"
#include "core/transcript.h"

namespace defuse {

/// If `text` starts with front matter, parses it into `t` (id, agent, customer, channel,
/// lang, started_at; other scalar keys into metadata), sets `body_offset` to the byte after
/// the closing "---" line and `body_line` to its 1-based line. Returns false with a
/// diagnostic (path:line) when the front matter is malformed; true otherwise (also when
/// there is none: body_offset 0, body_line 1).
bool parse_front_matter(std::string_view path, std::string_view text, Transcript& t,
                        std::size_t& body_offset, int& body_line, Diagnostic& error);

}  // namespace defuse
