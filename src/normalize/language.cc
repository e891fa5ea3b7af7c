#include "normalize/language.h"

#include <unicode/utf8.h>

#include "normalize/fold.h"
#include "normalize/tokenizer.h"

namespace defuse {

LanguageDetector::LanguageDetector(const LexiconSet& lexicons) {
  for (const auto& [lang, lexicon] : lexicons.languages) {
    StringSet set;
    for (const auto& w : lexicon.detect) set.insert(fold(w));
    words_.emplace_back(lang, std::move(set));
  }
}

std::string LanguageDetector::detect(const Transcript& t) const {
  constexpr std::size_t kSampleBytes = 4096;  // enough to decide; keeps detection O(1)
  long cyrillic = 0, latin = 0, spanish_marks = 0;
  std::vector<long> hits(words_.size(), 0);
  std::size_t sampled = 0;
  Segmented seg;
  std::string folded;
  for (const auto& turn : t.turns) {
    if (sampled >= kSampleBytes) break;
    std::string_view text = turn.text.substr(0, kSampleBytes - sampled);
    sampled += text.size();
    for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
      UChar32 c;
      U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
      if (c >= 0x0400 && c <= 0x04FF) ++cyrillic;
      else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++latin;
      else if (c == 0xF1 || c == 0xD1 || c == 0xBF || c == 0xA1 || c == 0xE1 || c == 0xE9 || c == 0xED ||
               c == 0xF3 || c == 0xFA)
        ++spanish_marks;
    }
    segment(text, seg);
    for (const auto& tok : seg.tokens) {
      folded.clear();
      fold_into(text.substr(tok.begin, tok.end - tok.begin), folded);
      for (std::size_t k = 0; k < words_.size(); ++k)
        if (words_[k].second.count(folded)) ++hits[k];
    }
  }
  if (cyrillic > latin) return "ru";
  long best = 0;
  std::string lang = "en";
  for (std::size_t k = 0; k < words_.size(); ++k) {
    if (words_[k].first == "ru") continue;
    long score = hits[k] * 4 + (words_[k].first == "es" ? spanish_marks * 3 : 0);
    if (score > best) {
      best = score;
      lang = words_[k].first;
    }
  }
  return lang;
}

}  // namespace defuse
