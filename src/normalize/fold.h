// Folding for matching: the one place that decides which spellings are "the same word".
#pragma once

#include <string>
#include <string_view>

namespace defuse {

/// Appends the folded form of `text` to `out`: NFKC with case folding (ICU nfkc_cf),
/// `ё`→`е`, Latin diacritics removed (`perdón`→`perdon`, `ñ`→`n`), typographic apostrophes
/// and quotes folded to ASCII. ASCII input takes a fast path that never touches ICU.
/// Invalid UTF-8 sequences are replaced by U+FFFD.
void fold_into(std::string_view text, std::string& out);

inline std::string fold(std::string_view text) {
  std::string out;
  fold_into(text, out);
  return out;
}

}  // namespace defuse
