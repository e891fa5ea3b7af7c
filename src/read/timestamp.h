// Turn timestamps: "[00:01:23]", "[01:23]", "14:05", "[14:05:10]", "2026-11-03 14:05:10",
// ISO 8601 ("2026-11-03T14:05:10Z"). Only differences between turns matter, so every form
// becomes milliseconds on its own scale.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace defuse {

/// Parses a timestamp at the start of `line`. On success returns milliseconds and sets
/// `consumed` to the bytes taken (brackets and trailing spaces included). A bracketed pair
/// "[14:05]" is a clock time (h:m) when `bracketed_pair_is_clock`, else an offset (m:s):
/// readers pass false for calls, whose exports count minutes and seconds into the call.
std::optional<std::int64_t> parse_leading_timestamp(std::string_view line, std::size_t& consumed,
                                                    bool bracketed_pair_is_clock = true);

/// Parses a whole string as a timestamp or date-time (e.g. front matter `started_at`).
std::optional<std::int64_t> parse_timestamp(std::string_view text);

}  // namespace defuse
