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

/// A parsed pattern as written: words, and groups of alternative sequences (optional or
/// not). The matcher compiles this tree as is, so a pattern with optional words is one
/// pattern to look up, not one per combination.
struct PatternNode;
using PatternSequence = std::vector<PatternNode>;
struct PatternNode {
  bool is_group = false;
  bool optional = false;
  PatternElement element;                   // when not a group: word/prefix/exact/any/gap
  std::vector<PatternSequence> alternatives;  // when a group
};

/// Parses `pattern` into its tree; false with a message in `error` on bad syntax.
bool parse_pattern(std::string_view pattern, PatternSequence& out, std::string& error);

/// How many flat variants `sequence` expands to, counting up to `limit` + 1.
std::size_t count_variants(const PatternSequence& sequence, std::size_t limit);

/// Expands alternatives and optional groups into flat sequences. A group's one-word
/// alternatives stay together as one `choice` element (matched as a set), so only groups
/// with multi-word alternatives multiply the variants. Returns false with a
/// message in `error` on bad syntax or more than `max_expansions` expansions.
bool expand_pattern(std::string_view pattern, std::vector<ExpandedPattern>& out, std::string& error,
                    std::size_t max_expansions = 512);

}  // namespace defuse
