#include "pipeline/engine.h"

#include <doctest/doctest.h>

#include "test_support.h"

namespace defuse {
namespace {

TEST_CASE("the precompiled built-in lexicons are exactly the compiled YAML sources") {
  std::string_view blob = precompiled_builtin();
  REQUIRE_FALSE(blob.empty());  // the test program is linked with them, like defuse
  Diagnostics errors;
  auto from_yaml = Engine::from(load_lexicons("", true, errors), errors);
  REQUIRE(errors.empty());
  REQUIRE(from_yaml);
  // Compiling the embedded sources now gives the same bytes the build wrote: the blob is
  // current, and the encoding is deterministic.
  CHECK(from_yaml->to_blob(builtin_fingerprint()) == blob);
  // Reading it back loses nothing the encoding carries.
  auto loaded = Engine::from_blob(blob, builtin_fingerprint());
  REQUIRE(loaded);
  CHECK(loaded->to_blob(builtin_fingerprint()) == blob);
  CHECK(loaded->lexicons().languages.size() == from_yaml->lexicons().languages.size());
}

TEST_CASE("a precompiled blob from other sources or damaged is refused") {
  std::string blob(precompiled_builtin());
  REQUIRE_FALSE(blob.empty());
  CHECK_FALSE(Engine::from_blob(blob, builtin_fingerprint() + 1));  // stale: other sources
  CHECK_FALSE(Engine::from_blob(std::string_view(blob).substr(0, blob.size() / 2), builtin_fingerprint()));
  CHECK_FALSE(Engine::from_blob(blob + "x", builtin_fingerprint()));  // trailing bytes
  CHECK_FALSE(Engine::from_blob("", builtin_fingerprint()));
}

TEST_CASE("no single damaged byte of a blob makes reading it crash") {
  // A small engine, so every byte can be tried: reading either refuses the blob or gives
  // an engine whose tables are all in bounds (run under the sanitizers in CI).
  auto engine = test::english_engine({R"yaml(rules:
  - id: apologize
    unless: [no need to]
    patterns: ["(i am|i'm)? sorry (for (the|this) delay)?", "(my bad|our fault)"]
  - id: solve
    patterns: [(refund|replacement) ...2 today]
)yaml"});
  std::string blob = engine->to_blob(7);
  REQUIRE(Engine::from_blob(blob, 7));
  int refused = 0;
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::string damaged = blob;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    auto read = Engine::from_blob(damaged, 7);
    refused += !read;
    if (read)
      for (const auto& [lang, lexicon] : read->lexicons().languages) CHECK(read->compiled(lang));
  }
  CHECK(refused > 0);
}

TEST_CASE("the built-in blob reads the same after load has handed its pages back") {
  // load() returns the blob's pages to the system once read (peak RSS); what is read again,
  // by a lexicon tool or a second engine, comes back from the binary unchanged.
  Diagnostics errors;
  auto first = Engine::load({}, errors);
  REQUIRE(first);
  REQUIRE(errors.empty());
  auto second = Engine::load({}, errors);
  REQUIRE(second);
  CHECK(second->to_blob(builtin_fingerprint()) == precompiled_builtin());
  CHECK(first->to_blob(builtin_fingerprint()) == second->to_blob(builtin_fingerprint()));
}

TEST_CASE("load uses the YAML sources when a lexicon directory is given") {
  Diagnostics errors;
  auto engine = Engine::load({"/nonexistent-lexicons", true}, errors);
  CHECK_FALSE(engine);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "not a lexicon directory");
}

}  // namespace
}  // namespace defuse

namespace defuse {
namespace {

TEST_CASE("scoring numbers must be finite and bounded, in YAML as in a blob") {
  // A NaN or infinite weight would make every score NaN; YAML spells them .nan and .inf.
  for (const char* bad : {"steps: {greet: .nan}", "steps: {greet: .inf}", "order_violation: 1e300",
                          "max_repeats: 5000000"}) {
    CAPTURE(bad);
    std::vector<LexiconFile> files = {{"roles.yaml", "roles.yaml", test::kRoles},
                                      {"en/language.yaml", "en/language.yaml", test::kEnglishLanguage},
                                      {"scoring.yaml", "scoring.yaml", bad}};
    Diagnostics errors;
    load_lexicon_files(files, errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "scoring.yaml");
    CHECK(errors[0].line == 1);
  }
}

TEST_CASE("a language's model_threshold is a number from 0.5 to 0.99, kept through the blob") {
  auto load = [](const std::string& language) {
    std::vector<LexiconFile> files = {{"roles.yaml", "roles.yaml", test::kRoles},
                                      {"en/language.yaml", "en/language.yaml", language}};
    Diagnostics errors;
    LexiconSet set = load_lexicon_files(files, errors);
    return std::make_pair(std::move(set), std::move(errors));
  };
  const std::string base = test::kEnglishLanguage;
  {
    auto [set, errors] = load(base);
    REQUIRE(errors.empty());
    CHECK(set.find("en")->model_threshold == kDefaultModelThreshold);
  }
  {
    auto [set, errors] = load(base + "\nmodel_threshold: 0.7\n");
    REQUIRE(errors.empty());
    CHECK(set.find("en")->model_threshold == doctest::Approx(0.7f));
    Diagnostics engine_errors;
    auto engine = Engine::from(std::move(set), engine_errors);
    REQUIRE(engine);
    auto loaded = Engine::from_blob(engine->to_blob(42), 42);
    REQUIRE(loaded);
    CHECK(loaded->lexicons().find("en")->model_threshold == doctest::Approx(0.7f));
  }
  // Below one half the model would flag turns it rates more likely clean than not.
  for (const char* bad : {"0.3", "1", ".nan", "high"}) {
    CAPTURE(bad);
    auto [set, errors] = load(base + "\nmodel_threshold: " + bad + "\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "en/language.yaml");
    CHECK(errors[0].line > 1);
    CHECK(errors[0].message.find("model_threshold") != std::string::npos);
  }
}

TEST_CASE("scoring.yaml yields: lexical anti-patterns only, never itself, no cycles") {
  struct Case {
    const char* yaml;
    int line;
    const char* message;
  };
  for (const Case& c : {
           Case{"yields:\n  excuse: [slow_response]\n", 2, "yields: 'slow_response' is not a lexical anti-pattern"},
           Case{"yields:\n  excuses: [arguing]\n", 2, "yields: 'excuses' is not a lexical anti-pattern"},
           Case{"yields:\n  excuse: [excuse]\n", 2, "yields: excuse cannot yield to itself"},
           Case{"yields:\n  excuse: arguing\n", 2,
                "yields: each anti-pattern takes a list of the anti-patterns it yields to"},
       }) {
    CAPTURE(c.yaml);
    std::vector<LexiconFile> files = {{"roles.yaml", "roles.yaml", test::kRoles},
                                      {"en/language.yaml", "en/language.yaml", test::kEnglishLanguage},
                                      {"scoring.yaml", "scoring.yaml", c.yaml}};
    Diagnostics errors;
    load_lexicon_files(files, errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == c.line);
    CHECK(errors[0].message == c.message);
  }
  // Each anti-pattern of a cycle is named where the file sets it; one outside it is not.
  std::vector<LexiconFile> files = {
      {"roles.yaml", "roles.yaml", test::kRoles},
      {"en/language.yaml", "en/language.yaml", test::kEnglishLanguage},
      {"scoring.yaml", "scoring.yaml",
       "yields:\n  management_deflection: [arguing]\n  arguing: [excuse]\n  excuse: [management_deflection]\n"
       "  rudeness: [excuse]\n"}};
  Diagnostics errors;
  load_lexicon_files(files, errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].message.starts_with("yields: management_deflection is in a cycle"));
  CHECK(errors[1].line == 3);
  CHECK(errors[1].message.starts_with("yields: arguing is in a cycle"));
  CHECK(errors[2].line == 4);
  CHECK(errors[2].message.starts_with("yields: excuse is in a cycle"));
  // Written to a blob and read back, the setting survives.
  files.back().text = "yields:\n  arguing: [rudeness, accusing_dishonesty]\n";
  errors.clear();
  auto engine = Engine::from(load_lexicon_files(files, errors), errors);
  REQUIRE(errors.empty());
  REQUIRE(engine);
  auto again = Engine::from_blob(engine->to_blob(1), 1);
  REQUIRE(again);
  CHECK(again->lexicons().scoring.yields_to == engine->lexicons().scoring.yields_to);
  CHECK(again->lexicons().scoring.yields_to[static_cast<int>(AntiPattern::arguing)] ==
        ((1u << static_cast<int>(AntiPattern::rudeness)) | (1u << static_cast<int>(AntiPattern::accusing_dishonesty))));
}

}  // namespace
}  // namespace defuse
