// Input formats: detection by content (and extension as a hint) and dispatch to readers.
#pragma once

#include <string>
#include <string_view>

#include "read/reader.h"

namespace defuse {

/// The format named by --input-format, or detected from the path and the first bytes.
/// Returns "" when nothing fits.
std::string detect_format(std::string_view path, std::string_view head);

/// Formats `detect_format` knows, for messages ("text, json, ndjson, ...").
std::string known_formats();

/// Reads a whole buffer in `format` into `sink`.
void read_buffer(const std::string& format, const InputBuffer& input, const ReadOptions& options, ReadSink& sink);

}  // namespace defuse
