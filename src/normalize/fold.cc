#include "normalize/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace defuse {
namespace {

const icu::Normalizer2& nfkc_cf() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return *instance;
}

const icu::Normalizer2& nfd() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return *instance;
}

void append_utf8(UChar32 c, std::string& out) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(buf, len, 4, c, error);
  if (!error) out.append(buf, len);
}

// Folds one code point that survived nfkc_cf: the accent and punctuation folding ICU's
// case folding does not do.
void fold_code_point(UChar32 c, std::string& out) {
  switch (c) {
    case 0x0451: c = 0x0435; break;  // ё -> е
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x0060: case 0x00B4:
      out.push_back('\''); return;
    case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
      out.push_back('"'); return;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      out.push_back('-'); return;
    case 0x00A0: case 0x2007: case 0x202F: case 0x2009: case 0x200A: case 0x3000:
      out.push_back(' '); return;
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x00AD:
      return;  // zero-width and soft hyphen: invisible, never part of a word
    default: break;
  }
  // Latin letters with diacritics: keep the base letter of the canonical decomposition.
  if ((c >= 0x00C0 && c <= 0x024F) || (c >= 0x1E00 && c <= 0x1EFF)) {
    icu::UnicodeString decomposition;
    if (nfd().getDecomposition(c, decomposition) && decomposition.length() > 0) {
      UChar32 base = decomposition.char32At(0);
      if (base < 0x80) { out.push_back(static_cast<char>(base)); return; }
    }
  }
  // Stray combining accents (already-decomposed input) vanish, except on Cyrillic й,
  // which nfkc_cf has composed already.
  if (u_charType(c) == U_NON_SPACING_MARK && c >= 0x0300 && c <= 0x036F) return;
  append_utf8(c, out);
}

}  // namespace

void fold_into(std::string_view text, std::string& out) {
  bool ascii = true;
  for (unsigned char ch : text) {
    if (ch >= 0x80) { ascii = false; break; }
  }
  if (ascii) {
    for (unsigned char ch : text) {
      if (ch == '`') { out.push_back('\''); continue; }
      out.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
    }
    return;
  }
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_cf().normalize(source, status);
  if (U_FAILURE(status)) folded = source;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x80) {
      // As on the ASCII path, so that folding twice changes nothing ("é`" -> "e'").
      out.push_back(c == '`' ? '\'' : static_cast<char>(c));
    } else {
      fold_code_point(c, out);
    }
  }
}

}  // namespace defuse
