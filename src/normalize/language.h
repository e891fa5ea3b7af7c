// Per-transcript language detection: Cyrillic letters mean Russian; among Latin-script
// texts, Spanish and English function words (lexicon `detect` lists) and Spanish-only
// characters (ñ ¿ ¡ and accented vowels) decide.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/transcript.h"
#include "lexicon/lexicon.h"
#include "match/matcher.h"

namespace defuse {

class LanguageDetector {
 public:
  explicit LanguageDetector(const LexiconSet& lexicons);
  /// "ru", "es", "en" (or another language with lexicons); falls back to "en".
  std::string detect(const Transcript& transcript) const;

 private:
  std::vector<std::pair<std::string, StringSet>> words_;  // language -> folded detect words
};

}  // namespace defuse
