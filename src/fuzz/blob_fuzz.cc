// Fuzzes reading the precompiled lexicon form (what defuse reads at start-up). The input is
// a list of damages to a small lexicon's valid blob: each 4 bytes are a 3-byte offset into
// the blob after its header and a byte to XOR there; a 4-byte tail cuts the blob short.
// Reading must refuse the result or give an engine that can score a transcript; it must
// never read out of bounds or misbehave.
#include "fuzz/fuzz_support.h"
#include "match/transcript_match.h"
#include "pipeline/engine.h"

namespace {

// A small lexicon's blob: its header, and its body as the fuzzer's first seed.
const std::string& small_blob() {
  static const std::string blob = [] {
    using namespace defuse;
    std::vector<LexiconFile> files = {
        {"roles.yaml", "roles.yaml", "agent: [agent]\ncustomer: [customer]\n"},
        {"en/language.yaml", "en/language.yaml", "stemmer: english\nnegators: [not]\nfillers: [uh]\n"},
        {"en/steps.yaml", "en/steps.yaml",
         "rules:\n  - {id: apologize, unless: [no need to], patterns: [\"(i am|i'm)? sorry (for (the|this) delay)?\"]}\n"
         "  - {id: solve, patterns: [\"(refund|replacement) ...2 today\", \"(my bad|our fault)\"]}\n"}};
    Diagnostics errors;
    auto engine = Engine::from(load_lexicon_files(files, errors), errors);
    if (!engine) std::abort();
    return engine->to_blob(7);
  }();
  return blob;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  const std::string& valid = small_blob();
  // The header (magic, version, fingerprint) stays: damages go to the body.
  const std::size_t header = 4 + std::string_view("defuse-lexicons").size() + 4 + 8;
  std::string blob = valid;
  std::size_t i = 0;
  for (; i + 4 <= size; i += 4) {
    std::size_t offset = data[i] | (data[i + 1] << 8) | (static_cast<std::size_t>(data[i + 2]) << 16);
    blob[header + offset % (blob.size() - header)] ^= static_cast<char>(data[i + 3]);
  }
  if (i < size) blob.resize(header + data[i] * (blob.size() - header) / 256);
  auto engine = Engine::from_blob(blob, 7);
  if (size == 0) fuzz::require(engine != nullptr);  // undamaged: it must read
  if (!engine) return 0;
  Analyzer analyzer(*engine, ScoreOptions{});
  Transcript t;
  t.id = "t";
  t.source = "fuzz";
  t.lang = engine->lexicons().languages.begin()->first;
  for (auto [role, text] : {std::pair{Role::agent, "I'm so sorry for the delay, a refund today."},
                            std::pair{Role::customer, "My bad, not your fault."}}) {
    Turn turn;
    turn.role = role;
    turn.text = t.keep(text);
    turn.line = 1;
    t.turns.push_back(turn);
  }
  Diagnostic error;
  (void)analyzer.analyze(t, error);
  return 0;
}
