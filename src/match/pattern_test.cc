#include "match/pattern.h"

#include <doctest/doctest.h>

namespace defuse {
namespace {

std::vector<std::string> expansions(std::string_view pattern) {
  std::vector<ExpandedPattern> out;
  std::string error;
  REQUIRE_MESSAGE(expand_pattern(pattern, out, error), error);
  std::vector<std::string> texts;
  for (const auto& p : out) {
    std::string s;
    for (const auto& e : p) {
      if (!s.empty()) s += ' ';
      switch (e.kind) {
        case PatternElement::Kind::word: s += e.text; break;
        case PatternElement::Kind::prefix: s += e.text + "*"; break;
        case PatternElement::Kind::exact: s += "=" + e.text; break;
        case PatternElement::Kind::any: s += "_"; break;
        case PatternElement::Kind::gap: s += "..." + std::to_string(e.max_gap); break;
        case PatternElement::Kind::choice: {
          std::string alts;
          for (const auto& c : e.choices) alts += (alts.empty() ? "" : "|") + c.text;
          s += "{" + alts + "}";
          break;
        }
      }
    }
    texts.push_back(s);
  }
  return texts;
}

}  // namespace

TEST_CASE("one-word alternatives stay one choice; multi-word ones and optional groups expand") {
  CHECK(expansions("(i am|i'm) (so|very)? sorry") ==
        std::vector<std::string>{"i'm sorry", "i'm {so|very} sorry", "i am sorry", "i am {so|very} sorry"});
  // Ten groups of two one-word choices are one pattern, not 1024.
  CHECK(expansions("(a|b) (c|d) (e|f) (g|h) (i|j) (k|l) (m|n) (o|p) (q|r) (s|t)").size() == 1);
}

TEST_CASE("wildcards, exact words, any-token and gaps parse") {
  CHECK(expansions("извин* =за _ ...5 неудобств*") == std::vector<std::string>{"извин* =за _ ...5 неудобств*"});
  CHECK(expansions("sorry for ...") == std::vector<std::string>{"sorry for"});  // a trailing gap adds nothing
}

TEST_CASE("bad patterns are rejected with a reason") {
  std::vector<ExpandedPattern> out;
  std::string error;
  CHECK_FALSE(expand_pattern("(sorry", out, error));
  CHECK(error == "unclosed '('");
  CHECK_FALSE(expand_pattern("... sorry", out, error));
  CHECK(error == "a pattern must not start with '...' or '_'");
  CHECK_FALSE(expand_pattern("a ...99 b", out, error));
  CHECK_FALSE(expand_pattern("(a b|c d) (a b|c d) (a b|c d) (a b|c d) (a b|c d) (a b|c d) (a b|c d) (a b|c d) "
                             "(a b|c d) (a b|c d)", out, error));
  CHECK(error == "pattern expands to more than 512 variants");
}

}  // namespace defuse
