// defuse_lexc OUT: compiles the built-in lexicons (embedded YAML) and writes them in the
// binary form the defuse program loads at start-up. Run by the build, not by users.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/write_file.h"
#include "pipeline/engine.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: defuse_lexc OUT\n");
    return 2;
  }
  defuse::Diagnostics errors;
  // This program is linked without a precompiled blob, so load() compiles the sources.
  auto engine = defuse::Engine::load({}, errors);
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.format().c_str());
  if (!engine || !errors.empty()) return 1;
  // Without its word lists the program still works, but reads fewer typos: say so at build time.
  for (const auto& [lang, lexicon] : engine->lexicons().languages)
    for (const auto& name : engine->compiled(lang)->missing_dictionaries())
      std::fprintf(stderr, "defuse_lexc: warning: no Hunspell dictionary %s for %s (scripts/setup.sh installs it)\n",
                   name.c_str(), lang.c_str());
  std::string blob = engine->to_blob(defuse::builtin_fingerprint());
  if (std::string error = defuse::write_file_atomically(argv[1], blob); !error.empty()) {
    std::fprintf(stderr, "defuse_lexc: %s\n", error.c_str());
    return 1;
  }
  return 0;
}
