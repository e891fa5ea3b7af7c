#include "normalize/tokenizer.h"

#include "normalize/fold.h"

#include <algorithm>
#include <string>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace defuse {
namespace {

enum class Kind { word, apostrophe, space, newline, stop, maybe_stop, question, exclamation,
                  open_question, quote_toggle, quote_open, quote_close, other };

// ASCII classes by table: the hot path never calls ICU for ASCII.
struct AsciiTable {
  Kind kind[128];
  constexpr AsciiTable() : kind() {
    for (int c = 0; c < 128; ++c) kind[c] = Kind::other;
    for (int c = '0'; c <= '9'; ++c) kind[c] = Kind::word;
    for (int c = 'a'; c <= 'z'; ++c) kind[c] = Kind::word;
    for (int c = 'A'; c <= 'Z'; ++c) kind[c] = Kind::word;
    kind[int(' ')] = kind[int('\t')] = kind[int('\r')] = kind[int('\f')] = kind[int('\v')] = Kind::space;
    kind[int('\n')] = Kind::newline;
    kind[int('.')] = Kind::maybe_stop;
    kind[int('!')] = Kind::exclamation;
    kind[int('?')] = Kind::question;
    kind[int('\'')] = kind[int('`')] = Kind::apostrophe;
    kind[int('"')] = Kind::quote_toggle;
  }
};
constexpr AsciiTable kAscii;

// The word bytes segment() takes without decoding (lower-case ASCII is tested before the
// table): ASCII digits and capitals, and the lead bytes of two-byte letters whose second
// byte then says, by table, whether they are a letter and its case.
enum class WordByte : std::uint8_t { none, digit, upper, lead_d0, lead_d1, lead_c3 };
enum class LetterCase : std::uint8_t { none, lower, upper };
struct WordByteTables {
  WordByte lead[256];
  LetterCase second[3][64];  // by lead (d0, d1, c3), then the second byte's low six bits
  constexpr WordByteTables() : lead(), second() {
    for (int c = '0'; c <= '9'; ++c) lead[c] = WordByte::digit;
    for (int c = 'A'; c <= 'Z'; ++c) lead[c] = WordByte::upper;
    lead[0xD0] = WordByte::lead_d0;
    lead[0xD1] = WordByte::lead_d1;
    lead[0xC3] = WordByte::lead_c3;
    for (int low = 0; low < 64; ++low) {
      // Cyrillic А-Я, а-я, Ё and ё: U+0410-U+044F, U+0401, U+0451; the capitals are А-Я and Ё.
      for (int l = 0; l < 2; ++l) {
        const int cp = ((0xD0 + l) & 0x1F) << 6 | low;
        if ((cp >= 0x0410 && cp <= 0x044F) || cp == 0x0401 || cp == 0x0451)
          second[l][low] = cp <= 0x042F || cp == 0x0401 ? LetterCase::upper : LetterCase::lower;
      }
      // Latin-1 letters (á, ñ, ü, ...): U+00C0-U+00FF but × and ÷; capitals up to U+00DE.
      const int cp = 0xC0 | low;
      if (cp != 0xD7 && cp != 0xF7) second[2][low] = cp <= 0xDE ? LetterCase::upper : LetterCase::lower;
    }
  }
};
constexpr WordByteTables kWordBytes;

Kind classify(UChar32 c) {
  if (c < 0x80) return kAscii.kind[c];
  // The letters of our languages without a call into ICU: Cyrillic and Latin-1/Extended-A/B
  // letters (× and ÷ are the only non-letters there).
  if ((c >= 0x0410 && c <= 0x044F) || c == 0x0401 || c == 0x0451) return Kind::word;
  if (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) return Kind::word;
  switch (c) {
    case 0x2019: case 0x2018: case 0x02BC: return Kind::apostrophe;
    case 0x2026: return Kind::stop;            // …
    case 0x00BF: return Kind::open_question;   // ¿
    case 0x00A1: return Kind::other;           // ¡
    case 0x00AB: case 0x201C: case 0x201E: return Kind::quote_open;
    case 0x00BB: case 0x201D: return Kind::quote_close;
    case 0x2028: case 0x2029: return Kind::newline;
    case 0xFF1F: return Kind::question;
    case 0xFF01: return Kind::exclamation;
    case 0x3002: return Kind::stop;
    default: break;
  }
  if (u_isalnum(c)) return Kind::word;
  int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) return Kind::word;
  if (type == U_FORMAT_CHAR) return Kind::word;  // zero-width joiners inside words
  if (u_isUWhiteSpace(c)) return Kind::space;
  return Kind::other;
}

struct Cursor {
  std::string_view text;
  std::size_t pos = 0;
  // Decodes the code point at pos without advancing; sets len.
  UChar32 peek(int32_t& len) const {
    unsigned char b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) { len = 1; return b; }
    int32_t i = static_cast<int32_t>(pos);
    UChar32 c;
    U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
    len = i - static_cast<int32_t>(pos);
    return c;  // negative for invalid sequences
  }
};

// Words that a period abbreviates in running text ("etc. and", "500 руб. в месяц", "Sr. López"):
// such a period before a lower-case word does not end the sentence. Lower case, no accents.
bool is_abbreviation(std::string_view word) {
  static constexpr std::string_view kAbbreviations[] = {
      // English
      "etc", "vs", "approx", "mr", "mrs", "ms", "dr", "st", "dept", "ext", "min", "max", "sec",
      "hrs", "mins", "inc", "ltd", "co", "corp", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
      "sep", "sept", "oct", "nov", "dec", "fig", "ref", "tel", "ave", "esp",
      // Spanish
      "sra", "srta", "dra", "lic", "ing", "ud", "uds", "vd", "vds", "pag", "art", "av", "avda", "dto", "depto",
      "aprox", "ej", "num", "nro", "cel", "cia", "admon", "atte", "prof", "tlf", "telf",
      // Russian
      "руб", "коп", "тыс", "млн", "млрд", "ул", "пр", "др", "см", "стр", "мин", "сек", "напр", "прим",
      "тел", "гр", "кв", "обл", "пер", "просп", "корп", "эт", "рис", "табл", "ст", "чел", "шт", "мес"};
  if (word.empty() || word.size() > 16) return false;
  // Folded as the matcher folds words, so "Núm." and «РУБ.» are "num" and "руб".
  const std::string folded = fold(word);
  for (std::string_view a : kAbbreviations)
    if (folded == a) return true;
  return false;
}

// A period after `word` (the token it follows, empty if none) ends the sentence even before a
// lower-case word, as chats are typed in lower case ("no llegó. pues vaya"), except after an
// abbreviation, an initial or a lone letter ("p.m.", "т. е."), or a number ("в 10. 30").
bool period_ends_before_lower_case(std::string_view word) {
  if (word.empty()) return true;
  Cursor c{word};
  int32_t len = 1;
  c.peek(len);
  if (static_cast<std::size_t>(len) >= word.size()) return false;  // one letter
  if (std::all_of(word.begin(), word.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return false;
  return !is_abbreviation(word);
}

}  // namespace

void segment(std::string_view text, Segmented& out) {
  out.clear();
  Cursor cur{text};
  bool quoted = false;
  bool in_word = false;
  RawToken token;
  int letters = 0, uppers = 0;
  Sentence sentence;
  bool sentence_open = false;
  int bangs = 0;

  auto close_word = [&](std::size_t end) {
    if (!in_word) return;
    token.end = static_cast<std::uint32_t>(end);
    token.upper = letters >= 2 && uppers == letters;
    out.tokens.push_back(token);
    in_word = false;
  };
  auto close_sentence = [&](std::size_t end) {
    if (!sentence_open) return;
    sentence.end = static_cast<std::uint32_t>(end);
    sentence.end_token = static_cast<std::uint32_t>(out.tokens.size());
    out.sentences.push_back(sentence);
    sentence_open = false;
    bangs = 0;
  };
  auto open_sentence = [&](std::size_t begin) {
    if (sentence_open) return;
    sentence = Sentence{};
    sentence.begin = static_cast<std::uint32_t>(begin);
    sentence.first_token = static_cast<std::uint32_t>(out.tokens.size());
    sentence_open = true;
  };

  while (cur.pos < text.size()) {
    if (text[cur.pos] == ' ') {  // most separators: it only ends a word
      close_word(cur.pos);
      ++cur.pos;
      continue;
    }
    int32_t len = 1;
    UChar32 c = cur.peek(len);
    Kind kind = c < 0 ? Kind::other : classify(c);
    std::size_t here = cur.pos;

    if (kind == Kind::apostrophe && in_word) {
      // Inner apostrophe: keep it when a letter follows ("don't"), else it ends the word.
      std::size_t next = here + len;
      if (next < text.size()) {
        Cursor ahead{text, next};
        int32_t next_len = 1;
        UChar32 nc = ahead.peek(next_len);
        if (nc >= 0 && classify(nc) == Kind::word) {
          cur.pos += len;
          continue;
        }
      }
    }
    if (kind == Kind::word) {
      open_sentence(here);
      if (!in_word) {
        token = RawToken{};
        token.begin = static_cast<std::uint32_t>(here);
        token.sentence = static_cast<std::uint32_t>(out.sentences.size());
        token.quoted = quoted;
        in_word = true;
        letters = uppers = 0;
      }
      if (c < 0x80) {
        if (c >= 'a' && c <= 'z') ++letters;
        else if (c >= 'A' && c <= 'Z') { ++letters; ++uppers; }
      } else if ((c >= 0x0410 && c <= 0x044F) || c == 0x0401 || c == 0x0451) {
        // Cyrillic without ICU: А-Я and Ё are the capitals.
        ++letters;
        if (c <= 0x042F || c == 0x0401) ++uppers;
      } else if (u_isalpha(c)) {
        ++letters;
        if (u_isupper(c)) ++uppers;
      }
      cur.pos += len;
      // The rest of an ASCII, Cyrillic or Latin-1 word without a round of the main loop: most
      // text. Lower-case ASCII is tested first as the commonest; the rest goes by table.
      while (cur.pos < text.size()) {
        const auto b = static_cast<unsigned char>(text[cur.pos]);
        if (static_cast<unsigned>(b - 'a') <= 'z' - 'a') {
          ++letters;
          ++cur.pos;
          continue;
        }
        const WordByte kind = kWordBytes.lead[b];
        if (kind == WordByte::digit) {
          ++cur.pos;
        } else if (kind == WordByte::upper) {
          ++letters;
          ++uppers;
          ++cur.pos;
        } else if (kind >= WordByte::lead_d0 && cur.pos + 1 < text.size()) {
          const auto next = static_cast<unsigned char>(text[cur.pos + 1]);
          const int lead = static_cast<int>(kind) - static_cast<int>(WordByte::lead_d0);
          const LetterCase letter = (next & 0xC0) == 0x80 ? kWordBytes.second[lead][next & 0x3F] : LetterCase::none;
          if (letter == LetterCase::none) break;
          ++letters;
          uppers += letter == LetterCase::upper;
          cur.pos += 2;
        } else {
          break;
        }
      }
      continue;
    }
    close_word(here);
    switch (kind) {
      case Kind::newline: {
        // A line that ends with a colon introduces the next one ("Conoce más en:\nhttps://…",
        // "Horarios:\nlunes a viernes…"): one sentence across the break.
        std::size_t before = here;
        while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t' || text[before - 1] == '\r' ||
                              text[before - 1] == '\n'))
          --before;
        if (before == 0 || text[before - 1] != ':') close_sentence(here);
        quoted = false;  // quotes never span lines
        break;
      }
      case Kind::stop:
        close_sentence(here + len);
        break;
      case Kind::maybe_stop: {
        // "." ends a sentence before a space and a non-lower-case letter, or at the end.
        std::size_t next = here + len;
        bool ends = next >= text.size();
        if (!ends) {
          std::size_t after = next;
          while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
          if (after == next) {
            ends = text[next] == '.' || text[next] == '\n' || text[next] == '\r';
          } else if (after >= text.size()) {
            ends = true;
          } else {
            Cursor ahead{text, after};
            int32_t l = 1;
            UChar32 nc = ahead.peek(l);
            ends = nc < 0 || !u_islower(nc);
            if (!ends && !out.tokens.empty() && out.tokens.back().end == here) {
              const RawToken& before = out.tokens.back();
              ends = period_ends_before_lower_case(text.substr(before.begin, before.end - before.begin));
            }
          }
        }
        if (ends) close_sentence(here + len);
        break;
      }
      case Kind::question:
        if (sentence_open) sentence.question = true;
        // "?!" and "??" end the sentence once, at the last mark.
        if (here + len >= text.size() || (text[here + len] != '?' && text[here + len] != '!'))
          close_sentence(here + len);
        break;
      case Kind::exclamation:
        if (++bangs >= 2 && sentence_open) sentence.exclamations = true;
        if (here + len >= text.size() || (text[here + len] != '!' && text[here + len] != '?'))
          close_sentence(here + len);
        break;
      case Kind::open_question:
        open_sentence(here);
        sentence.question = true;
        break;
      case Kind::quote_toggle:
        // Right after a digit, an opening '"' is an inch mark (a 32" TV, 5'11"), not a quote.
        if (!quoted && here > 0 && text[here - 1] >= '0' && text[here - 1] <= '9') break;
        quoted = !quoted;
        break;
      case Kind::quote_open: quoted = true; break;
      case Kind::quote_close: quoted = false; break;
      default: break;
    }
    cur.pos += len;
  }
  close_word(text.size());
  if (sentence_open) {
    std::size_t end = text.size();
    while (end > sentence.begin && (text[end - 1] == ' ' || text[end - 1] == '\r' || text[end - 1] == '\t')) --end;
    close_sentence(end);
  }
  // Sentences with no words (a lone "?") carry nothing to match; keep indices stable anyway.
}

}  // namespace defuse
