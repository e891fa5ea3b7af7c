// Lexicon pattern syntax (docs/lexicon-format.md) -> flat element sequences.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace defuse {

/// One element of an expanded pattern, before words are folded and stemmed.
struct PatternElement {
  enum class Kind { word, prefix, exact, any, gap };
  Kind kind = Kind::word;
  std::string text;  // raw word for word/prefix/exact
  int max_gap = 0;   // for gap
};
using ExpandedPattern = std::vector<PatternElement>;

/// Expands alternatives and optional groups into flat sequences. Returns false with a
/// message in `error` on bad syntax or more than `max_expansions` expansions.
bool expand_pattern(std::string_view pattern, std::vector<ExpandedPattern>& out, std::string& error,
                    std::size_t max_expansions = 512);

}  // namespace defuse
