// Fuzzes the lexicon loader and the pattern compiler. The first byte picks the file the
// rest pretends to be (a rule file, language.yaml, roles.yaml or scoring.yaml), loaded over
// the built-in set as `--lexicons DIR` would load it.
#include "fuzz/fuzz_support.h"
#include "lexicon/lexicon.h"
#include "match/matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  if (size == 0) return 0;
  static const char* kPaths[] = {"en/steps.yaml", "en/language.yaml", "roles.yaml", "scoring.yaml"};
  static const std::vector<LexiconFile> builtin = builtin_lexicon_files();
  std::string path = kPaths[data[0] % 4];
  std::vector<LexiconFile> files = builtin;
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
