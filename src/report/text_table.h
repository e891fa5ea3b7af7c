// The terminal table of `defuse score`: one aligned row per transcript.
#pragma once

#include <string>

#include "score/result.h"

namespace defuse {

std::string table_header(bool color);
std::string table_row(const ScoreResult& result, bool color);

/// Pads or cuts `s` to `width` display columns (UTF-8 aware; "…" marks a cut).
std::string fit(std::string_view s, std::size_t width);
/// Display columns of a UTF-8 string (one per code point; combining marks count zero).
std::size_t display_width(std::string_view s);

/// ANSI colour helpers; no-ops when `on` is false.
std::string paint(std::string_view text, std::string_view ansi, bool on);

}  // namespace defuse
