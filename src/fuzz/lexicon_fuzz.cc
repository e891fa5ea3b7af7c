// Fuzzes the lexicon loader and the pattern compiler. The first byte picks the file the
// rest pretends to be (a rule file, language.yaml, roles.yaml or scoring.yaml); a minimal
// valid lexicon supplies the other files, so that one run costs one file, not the
// built-in set.
#include "fuzz/fuzz_support.h"
#include "lexicon/lexicon.h"
#include "match/matcher.h"

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
  }
  return 0;
}
