// Word and sentence segmentation over original text, in one pass with no allocation per
// token: tokens are byte spans into the text the caller owns.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace defuse {

/// A word: letters, digits and combining marks, with inner apostrophes kept ("don't").
/// Hyphens, punctuation and spaces separate words.
struct RawToken {
  std::uint32_t begin = 0;     // byte offsets into the tokenized text
  std::uint32_t end = 0;
  std::uint32_t sentence = 0;  // index into the sentences vector
  bool quoted = false;         // inside "...", «...», “...”
  bool upper = false;          // every letter is upper case and there are at least 2
};

/// A sentence: ends at . ! ? … or a line break. A "." ends a sentence when followed by the
/// end of text or by a space; before a lower-case word, not after a lone letter, a number or
/// a common abbreviation, so "5 p.m. tomorrow", "500 руб. в месяц" and "3.5" stay whole
/// while lower-case chat ("no llegó. pues") is split.
struct Sentence {
  std::uint32_t begin = 0;  // byte span, trimmed of surrounding spaces
  std::uint32_t end = 0;
  std::uint32_t first_token = 0;  // [first_token, end_token) into the tokens vector
  std::uint32_t end_token = 0;
  bool question = false;     // ends with "?" or starts with "¿"
  bool exclamations = false; // has "!!" or more
};

struct Segmented {
  std::vector<RawToken> tokens;
  std::vector<Sentence> sentences;
  void clear() { tokens.clear(); sentences.clear(); }
};

/// Segments `text` into `out` (cleared first). Invalid UTF-8 bytes are separators.
void segment(std::string_view text, Segmented& out);

}  // namespace defuse
