#include "match/transcript_match.h"

#include <doctest/doctest.h>

#include "test_support.h"

namespace defuse {
namespace {

constexpr Role A = Role::agent;
constexpr Role C = Role::customer;

// The reasons the hits of `text` (one turn by `role`) were cancelled, or "" for a counted one.
std::vector<std::string> hit_reasons(const Engine& engine, Role role, const std::string& text) {
  Analyzer analyzer(engine, ScoreOptions{});
  Transcript t = test::transcript({{role, text}});
  const TranscriptMatches* m = analyzer.match(t, "en");
  REQUIRE(m);
  std::vector<std::string> out;
  for (const auto& hit : m->hits) out.emplace_back(hit.cancelled);
  return out;
}

std::vector<std::string> satisfied_hits(const Engine& engine, const std::string& text) {
  return hit_reasons(engine, C, text);
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
  // The matcher looks for a turn-scoped rule's `unless` patterns only after the rule has
  // matched: one in an earlier sentence cancels too, and one cancels every hit of the turn.
  CHECK(satisfied_hits(*by_turn, "You didn't help at all. Thank you!") ==
        std::vector<std::string>{"an 'unless' pattern matched in the same turn"});
  CHECK(satisfied_hits(*by_turn, "Thank you. It did not help. Thank you again, I suppose.") ==
        std::vector<std::string>{"an 'unless' pattern matched in the same turn", "an 'unless' pattern matched in the same turn"});
  // Across more sentences than the matcher's 8-bit sentence stamps count before they wrap.
  std::string long_turn = "Thank you.";
  for (int i = 0; i < 600; ++i) long_turn += " Fine.";
  CHECK(satisfied_hits(*by_turn, long_turn + " It did not help.") ==
        std::vector<std::string>{"an 'unless' pattern matched in the same turn"});
  CHECK(satisfied_hits(*by_turn, long_turn) == std::vector<std::string>{""});
}

TEST_CASE("a step's unless reaches 15 tokens from its match; an anti-pattern's the whole sentence") {
  const char* rules = R"(rules:
  - id: solve
    unless: [if you prefer]
    patterns: [refund the]
  - id: excuse
    unless: [i will escalate]
    patterns: [not my fault]
)";
  auto engine = test::english_engine({rules});
  // One unpunctuated speech-to-text turn: the condition belongs to a later clause.
  CHECK(hit_reasons(*engine, A,
                    "i will refund the three hundred dollars to your card right now and you will see it in "
                    "about five working days on your statement or if you prefer we can keep it as credit") ==
        std::vector<std::string>{""});
  CHECK(hit_reasons(*engine, A, "i can refund the fee if you prefer") ==
        std::vector<std::string>{"an 'unless' pattern matched in the same sentence"});
  CHECK(hit_reasons(*engine, A,
                    "it is not my fault the parts were late and the supplier never told us anything about the "
                    "delay at all this month but i will escalate it") ==
        std::vector<std::string>{"an 'unless' pattern matched in the same sentence"});
}
TEST_CASE("a negator reaches a match across the words it passes, and a 'No,' is an answer") {
  const char* rules = R"(rules:
  - id: commit
    patterns: [(i'll|we'll) call you]
)";
  const char* with_passes = R"(stemmer: english
negators: [not, "can't", "won't", no]
negation_passes: [i, we, really, be, able, to]
fillers: [uh, um]
detect: [the, and, you, is, to]
)";
  auto listed = test::english_engine({rules}, "", with_passes);
  auto unlisted = test::english_engine({rules});  // no negation_passes: the window alone
  using Reasons = std::vector<std::string>;
  // "sure" and "but" are not words a negation reaches past: the promise stands.
  CHECK(hit_reasons(*listed, A, "I'm not sure but I'll call you at five.") == Reasons{""});
  CHECK(hit_reasons(*unlisted, A, "I'm not sure but I'll call you at five.") == Reasons{"negated"});
  // Pronouns and adverbs it passes: still negated.
  CHECK(hit_reasons(*listed, A, "No really we'll call you.") == Reasons{"negated"});
  // A negator with a comma after it answers the customer; it negates nothing after it.
  CHECK(hit_reasons(*listed, A, "No, we'll call you at five.") == Reasons{""});
  CHECK(hit_reasons(*unlisted, A, "No, we'll call you at five.") == Reasons{""});
  CHECK(hit_reasons(*unlisted, A, "No we'll call you at five.") == Reasons{"negated"});
}

TEST_CASE("position: replied counts a turn only after the other side has spoken") {
  auto engine = test::english_engine({R"(rules:
  - id: satisfied
    position: replied
    patterns: [thanks]
)"});
  Analyzer analyzer(*engine, ScoreOptions{});
  auto reasons = [&](const Transcript& t) {
    const TranscriptMatches* m = analyzer.match(t, "en");
    REQUIRE(m);
    std::vector<std::string> out;
    for (const auto& hit : m->hits) out.emplace_back(hit.cancelled);
    return out;
  };
  const std::string before = "before the other side has said anything (position: replied)";
  // A tweet that ends its request with thanks opens the thread: thanks in advance.
  CHECK(reasons(test::transcript({{C, "How do I reset it? Thanks"}, {A, "Hold the button for ten seconds."}})) ==
        std::vector<std::string>{before});
  // After the agent's reply, the same word counts, even in the customer's first turn.
  CHECK(reasons(test::transcript({{A, "Hold the button for ten seconds."}, {C, "Thanks"}})) == std::vector<std::string>{""});
  CHECK(reasons(test::transcript({{C, "It broke. Thanks"}, {A, "Hold the button."}, {C, "thanks"}})) ==
        (std::vector<std::string>{before, ""}));
}

}  // namespace
}  // namespace defuse
