#include "match/stemmer.h"

#include <libstemmer.h>

namespace defuse {

Stemmer::Stemmer(const std::string& algorithm) {
  if (!algorithm.empty()) stemmer_ = sb_stemmer_new(algorithm.c_str(), "UTF_8");
  spanish_ = algorithm == "spanish";
}

Stemmer::~Stemmer() {
  if (stemmer_) sb_stemmer_delete(stemmer_);
}

std::string Stemmer::stem(std::string_view word) {
  if (!stemmer_ || word.empty()) return std::string(word);
  std::string input(word);
  // Words are accent-folded before stemming, so Spanish Snowball no longer sees "-ción";
  // folding the plural to the singular keeps "informacion" and "informaciones" together.
  if (spanish_) {
    auto ends_with = [&](std::string_view s) {
      return input.size() > s.size() + 2 && input.compare(input.size() - s.size(), s.size(), s) == 0;
    };
    if (ends_with("ciones") || ends_with("siones")) input.resize(input.size() - 2);
  }
  const sb_symbol* out = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(input.data()),
                                         static_cast<int>(input.size()));
  if (!out) return input;
  return std::string(reinterpret_cast<const char*>(out), sb_stemmer_length(stemmer_));
}

}  // namespace defuse
