#include "pipeline/role_inference.h"

#include <doctest/doctest.h>

#include "pipeline/engine.h"
#include "read/reader.h"
#include "test_support.h"

namespace defuse {
namespace {

ScoreResult with_steps(std::initializer_list<Step> steps) {
  ScoreResult r;
  for (Step s : steps) r.steps[static_cast<int>(s)].hit = true;
  return r;
}

TEST_CASE("agent likeness counts what only an agent does") {
  // Greeting opens both sides ("Hi"): it tells nothing.
  CHECK(agent_likeness(with_steps({Step::greet})) == 0);
  CHECK(agent_likeness(with_steps({Step::clarify, Step::commit, Step::close})) == 3);
  // Customers apologise too ("sorry to bother you"): half.
  CHECK(agent_likeness(with_steps({Step::apologize})) == 0.5);
  // The customer's threat, on the side read as the customer's, and an agent-only
  // anti-pattern each add one: a bad agent is still the agent.
  ScoreResult r = with_steps({Step::solve});
  r.customer.push_back({"threat", 2, "I'll go to the regulator", "en/x"});
  r.anti_patterns.push_back({"contract_blame", 3, "It's in your contract", "en/y"});
  r.anti_patterns.push_back({"rudeness", 3, "Whatever", "en/z"});  // a customer can be rude: no cue
  CHECK(agent_likeness(r) == 3);
}

Transcript speakers(const std::vector<std::pair<std::string, std::string>>& turns) {
  Transcript t;
  t.id = "call";
  t.source = "call.json";
  t.lang = "en";
  t.channel = "call";
  for (const auto& [speaker, text] : turns) {
    Turn turn;
    turn.speaker = speaker;
    turn.role_known = false;  // diarised: nothing says which side a voice is on
    turn.text = t.keep(text);
    t.turns.push_back(turn);
  }
  return t;
}

TEST_CASE("only two speakers with no known role are left to infer") {
  CHECK(roles_to_infer(speakers({{"spk_0", "Hello"}, {"spk_1", "Hi"}, {"spk_0", "Yes"}})));
  CHECK_FALSE(roles_to_infer(speakers({{"spk_0", "Hello"}, {"spk_0", "Anyone?"}})));  // one speaker
  CHECK_FALSE(roles_to_infer(speakers({{"A", "Hello"}, {"B", "Hi"}, {"C", "Hey"}})));  // three
  Transcript known = speakers({{"spk_0", "Hello"}, {"spk_1", "Hi"}});
  known.turns[1].role = Role::customer;
  CHECK_FALSE(roles_to_infer(known));
  CHECK(two_speakers(speakers({{"B", "Hi"}, {"B", "?"}, {"A", "Hello"}})) == std::array<std::string, 2>{"B", "A"});
  // An IVR or bot named as such is neither side: two voices beside it are still two.
  Transcript with_bot = speakers({{"IVR", "Press one"}, {"spk_0", "Hello"}, {"spk_1", "Hi"}, {"IVR", "Bye"}});
  for (Turn& turn : with_bot.turns) turn.role_known = turn.speaker == "IVR";
  CHECK(roles_to_infer(with_bot));
  CHECK(two_speakers(with_bot) == std::array<std::string, 2>{"spk_0", "spk_1"});
  const Transcript decided = with_agent(with_bot, "spk_1");
  CHECK(decided.turns[0].role == Role::other);
  CHECK(decided.turns[1].role == Role::customer);
  CHECK(decided.turns[2].role == Role::agent);
  CHECK(decided.turns[3].role == Role::other);
  // A bot alone beside one voice: nothing to tell apart.
  Transcript one_voice = speakers({{"IVR", "Press one"}, {"spk_0", "Hello"}, {"IVR", "Bye"}});
  one_voice.turns[0].role_known = one_voice.turns[2].role_known = true;
  CHECK_FALSE(roles_to_infer(one_voice));
}

TEST_CASE("the speaker who does the agent's work is scored as the agent, whoever speaks first") {
  auto engine = test::english_engine({R"yaml(rules:
  - id: clarify
    speaker: agent
    patterns: ["can you confirm"]
  - id: commit
    speaker: agent
    patterns: ["i will call you"]
  - id: close
    speaker: agent
    patterns: ["anything else"]
)yaml"});
  ScoreOptions options;
  Analyzer analyzer(*engine, options);
  Diagnostic error;
  // The customer opens, as in most chats.
  Transcript t = speakers({{"spk_1", "My order never came."},
                           {"spk_0", "Sorry about that. Can you confirm the order number?"},
                           {"spk_1", "It is 4471."},
                           {"spk_0", "I will call you tomorrow with the tracking. Anything else?"}});
  auto r = analyzer.analyze(t, error);
  REQUIRE(r);
  CHECK(r->agent_turns == 2);
  CHECK(r->steps[static_cast<int>(Step::clarify)].hit);
  CHECK(r->steps[static_cast<int>(Step::commit)].hit);
  REQUIRE(r->metadata.size() == 1);
  CHECK(r->metadata[0] == std::pair<std::string, std::string>{"roles", "inferred: the agent is spk_0"});

  // Nothing either side says is an agent's: no guess, an error naming both speakers.
  Transcript small_talk = speakers({{"spk_0", "Hello?"}, {"spk_1", "Hello."}});
  CHECK_FALSE(analyzer.analyze(small_talk, error));
  CHECK(error.format() ==
        "call.json:1: cannot tell the agent by what the speakers say (spk_0 0, spk_1 0 agent cues); name the agent "
        "with --agent-name or map the speakers in a --mapping file");
}

}  // namespace
}  // namespace defuse
