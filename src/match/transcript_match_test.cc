#include "match/transcript_match.h"

#include <doctest/doctest.h>

#include "test_support.h"

namespace defuse {
namespace {

constexpr Role C = Role::customer;

// The reasons the `satisfied` hits of `text` (one customer turn) were cancelled, or "" for
// a counted one.
std::vector<std::string> satisfied_hits(const Engine& engine, const std::string& text) {
  Analyzer analyzer(engine, ScoreOptions{});
  Transcript t = test::transcript({{C, text}});
  const TranscriptMatches* m = analyzer.match(t, "en");
  REQUIRE(m);
  std::vector<std::string> out;
  for (const auto& hit : m->hits) out.emplace_back(hit.cancelled);
  return out;
}

TEST_CASE("unless_scope: turn cancels on an unless pattern in another sentence of the turn") {
  const char* sentence_scope = R"(rules:
  - id: satisfied
    unless: [(didn't|did not) help]
    patterns: [thank you]
)";
  const char* turn_scope = R"(rules:
  - id: satisfied
    unless_scope: turn
    unless: [(didn't|did not) help]
    patterns: [thank you]
)";
  auto by_sentence = test::english_engine({sentence_scope});
  auto by_turn = test::english_engine({turn_scope});
  const std::string sarcasm = "Thank you! You didn't help at all.";
  CHECK(satisfied_hits(*by_sentence, sarcasm) == std::vector<std::string>{""});
  CHECK(satisfied_hits(*by_turn, sarcasm) ==
        std::vector<std::string>{"an 'unless' pattern matched in the same turn"});
  // Same sentence: both scopes cancel; no unless pattern: both count.
  CHECK(satisfied_hits(*by_sentence, "Thank you, you didn't help.") ==
        std::vector<std::string>{"an 'unless' pattern matched in the same sentence"});
  CHECK(satisfied_hits(*by_turn, "Thank you! That fixed it.") == std::vector<std::string>{""});
}

}  // namespace
}  // namespace defuse
