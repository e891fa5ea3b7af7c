// Fuzzes the lexicon loader, the pattern compiler, the matcher and the precompiled form.
// The first byte picks the file the rest pretends to be (a rule file, language.yaml,
// roles.yaml or scoring.yaml); a minimal valid lexicon supplies the other files, so that one
// run costs one file, not the built-in set. A lexicon that compiles is run over a sample
// text in every role, and written and read back: the blob must round-trip exactly.
#include "fuzz/fuzz_support.h"
#include "lexicon/lexicon.h"
#include "match/matcher.h"
#include "normalize/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  if (size == 0) return 0;
  static const char* kPaths[] = {"en/steps.yaml", "en/language.yaml", "roles.yaml", "scoring.yaml"};
  static const std::vector<LexiconFile> base = {
      {"roles.yaml", "team/roles.yaml", "agent: [agent, operator]\ncustomer: [customer, client]\n"},
      {"en/language.yaml", "team/en/language.yaml", "stemmer: english\nnegators: [not, never]\nfillers: [uh]\n"},
      {"en/steps.yaml", "team/en/steps.yaml", "rules:\n  - {id: greet, patterns: [hello]}\n"}};
  std::string path = kPaths[data[0] % 4];
  std::vector<LexiconFile> files;
  for (const auto& f : base)
    if (f.path != path) files.push_back(f);
  files.push_back({path, "team/" + path, std::string(fuzz::as_text(data + 1, size - 1))});
  Diagnostics errors;
  LexiconSet set = load_lexicon_files(files, errors);
  for (const auto& e : errors) fuzz::require(e.format().find('\n') == std::string::npos);
  if (!errors.empty()) return 0;
  if (const LanguageLexicon* en = set.find("en")) {
    auto compiled = CompiledLexicon::compile(*en, errors);
    for (const auto& e : errors) fuzz::require(e.format().find('\n') == std::string::npos);
    if (!errors.empty() || !compiled) return 0;
    static const std::string kText =
        "Hello, I am so sorry for the delay with your order. We will refund it today! "
        "Not my fault, the courier... uh, the courier lost it? Thank you, have a nice day.";
    TokenCache cache(*compiled);
    Segmented segmented;
    segment(kText, segmented);
    std::vector<MatchToken> tokens;
    prepare_tokens(kText, segmented, cache, tokens);
    std::vector<PatternMatch> matches;
    for (Role role : {Role::agent, Role::customer, Role::other}) {
      find_matches(*compiled, cache, tokens, role, role == Role::other, matches);
      for (const auto& m : matches)
        fuzz::require(m.pattern < compiled->patterns().size() && m.first < m.end && m.end <= tokens.size());
    }
    auto engine = Engine::from(std::move(set), errors);
    if (!engine) return 0;
    std::string blob = engine->to_blob(42);
    auto back = Engine::from_blob(blob, 42);
    fuzz::require(back != nullptr);
    fuzz::require(back->to_blob(42) == blob);
  }
  return 0;
}
