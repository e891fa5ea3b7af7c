// Lexicon pattern syntax (docs/lexicon-format.md) -> flat element sequences.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace defuse {

/// One element of an expanded pattern, before words are folded and stemmed.
struct PatternElement {
  enum class Kind { word, prefix, exact, any, gap, choice };
  Kind kind = Kind::word;
  std::string text;  // raw word for word/prefix/exact
  int max_gap = 0;   // for gap
  std::vector<PatternElement> choices;  // for choice: one-word alternatives (word/prefix/exact)
};
using ExpandedPattern = std::vector<PatternElement>;

/// Expands alternatives and optional groups into flat sequences. A group's one-word
/// alternatives stay together as one `choice` element (matched as a set), so only groups
/// with multi-word alternatives multiply the variants. Returns false with a
/// message in `error` on bad syntax or more than `max_expansions` expansions.
bool expand_pattern(std::string_view pattern, std::vector<ExpandedPattern>& out, std::string& error,
                    std::size_t max_expansions = 512);

}  // namespace defuse
