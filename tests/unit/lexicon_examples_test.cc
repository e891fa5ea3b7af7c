// Every example of every built-in rule, run as part of the test suite.
#include <doctest/doctest.h>

#include <set>

#include "tools/lexicon_tools.h"

namespace defuse {

TEST_CASE("the built-in lexicons load, compile and pass every rule's examples") {
  Diagnostics errors;
  auto engine = Engine::load({"", true}, errors);
  for (const auto& e : errors) MESSAGE(e.format());
  REQUIRE(engine);
  for (const char* lang : {"en", "es", "ru"}) CHECK_MESSAGE(engine->compiled(lang), lang);
  ExampleReport report = run_rule_examples(*engine);
  for (const auto& f : report.failures) MESSAGE(f.where.path << ":" << f.where.line << ": " << f.detail);
  CHECK(report.failures.empty());
  CHECK(report.passed > 1000);
}

TEST_CASE("the built-in lexicons cover every step, lexical anti-pattern and signal in each language") {
  Diagnostics errors;
  auto engine = Engine::load({"", true}, errors);
  REQUIRE(engine);
  for (const auto& [lang, lexicon] : engine->lexicons().languages) {
    std::set<std::string> ids;
    for (const auto& rule : lexicon.rules) ids.insert(rule.id);
    for (auto id : kStepIds) CHECK_MESSAGE(ids.count(std::string(id)), lang << " lacks " << id);
    for (int a = 0; a < kLexicalAntiPatternCount; ++a)
      CHECK_MESSAGE(ids.count(std::string(kAntiPatternIds[a])), lang << " lacks " << kAntiPatternIds[a]);
    for (auto id : kSignalIds) CHECK_MESSAGE(ids.count(std::string(id)), lang << " lacks " << id);
  }
}

}  // namespace defuse
