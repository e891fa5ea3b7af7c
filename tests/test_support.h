// Helpers for unit tests: a small English lexicon written in the test, so scoring tests
// depend on the rules they state and not on the evolving built-in lexicons.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/transcript.h"
#include "lexicon/lexicon.h"
#include "pipeline/engine.h"

namespace defuse::test {

inline const char* kRoles = R"(agent: [agent, operator, оператор, agente]
customer: [customer, client, клиент, cliente]
other: [system]
voice: [speaker, spk, говорящий, hablante]
)";

inline const char* kEnglishLanguage = R"(stemmer: english
negators: [not, "don't", dont, never, no]
fillers: [uh, um]
detect: [the, and, you, is, to]
)";

/// An engine over roles.yaml, en/language.yaml and the given en/ rule files.
inline std::unique_ptr<Engine> english_engine(const std::vector<std::string>& rule_files,
                                              const std::string& scoring = "",
                                              const std::string& language = kEnglishLanguage) {
  std::vector<LexiconFile> files = {{"roles.yaml", "roles.yaml", kRoles},
                                    {"en/language.yaml", "en/language.yaml", language}};
  for (std::size_t i = 0; i < rule_files.size(); ++i) {
    std::string name = "en/rules" + std::to_string(i) + ".yaml";
    files.push_back({name, name, rule_files[i]});
  }
  if (!scoring.empty()) files.push_back({"scoring.yaml", "scoring.yaml", scoring});
  Diagnostics errors;
  LexiconSet set = load_lexicon_files(files, errors);
  for (const auto& e : errors) MESSAGE(e.format());
  REQUIRE(errors.empty());
  auto engine = Engine::from(std::move(set), errors);
  for (const auto& e : errors) MESSAGE(e.format());
  REQUIRE(engine);
  return engine;
}

/// A transcript from (role, text) pairs; timestamps in seconds when given (>= 0).
struct TurnSpec {
  Role role;
  std::string text;
  long seconds = -1;
};
inline Transcript transcript(const std::vector<TurnSpec>& turns, const std::string& channel = "chat") {
  Transcript t;
  t.id = "t";
  t.source = "test";
  t.lang = "en";
  t.channel = channel;
  t.agent = "A";
  for (const auto& spec : turns) {
    Turn turn;
    turn.role = spec.role;
    turn.text = t.keep(spec.text);
    if (spec.seconds >= 0) turn.start_ms = spec.seconds * 1000;
    t.turns.push_back(turn);
  }
  return t;
}

}  // namespace defuse::test
