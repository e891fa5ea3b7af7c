#include "redact/redact.h"

#include <initializer_list>
#include <utility>

#if defined(__SSE2__) && !defined(DEFUSE_NO_SIMD)
#include <emmintrin.h>
#endif

namespace defuse {
namespace {

// The scan (see find_personal_data) tries the detectors only at a word boundary, so a
// datum never starts or ends inside a word, and every try reads a bounded number of bytes:
// a digit chunk at most kMaxGroups groups, an IBAN 34 characters, a domain 253 bytes. The
// one unbounded read, an e-mail local part, is done once per run of local-part characters.

constexpr int kMaxGroups = 8;     // digit groups read in one chunk ("+7 (916) 123-45-67" is 5)
constexpr int kMaxDigits = 19;    // the longest datum made of digits (a card)
constexpr int kMaxLocalPart = 64;
constexpr std::size_t kMaxDomain = 253;

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_ascii_alnum(unsigned char c) { return is_digit(c) || is_ascii_alpha(c); }
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// The code point at s[i] and its length in bytes; a malformed byte is U+FFFD of length 1.
char32_t decode_at(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  len = 1;
  if (c < 0x80) return c;
  std::size_t n;
  char32_t cp;
  if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07;
  else return 0xFFFD;
  if (i + n >= s.size()) return 0xFFFD;
  for (std::size_t k = 1; k <= n; ++k) {
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (b & 0x3F);
  }
  len = n + 1;
  return cp;
}

// The code point that ends right before s[i] (i > 0) and its length.
char32_t decode_before(std::string_view s, std::size_t i, std::size_t& len) {
  std::size_t start = i - 1;
  while (start > 0 && i - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  char32_t cp = decode_at(s, start, len);
  if (start + len != i) {
    len = 1;
    return 0xFFFD;
  }
  return cp;
}

// Letters and digits of any script: what a datum must not be glued to.
bool is_word(char32_t cp) {
  if (cp < 0x80) return is_ascii_alnum(static_cast<unsigned char>(cp)) || cp == '_';
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;  // Latin-1 punctuation, nbsp, º, ×, ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;           // punctuation, currency, arrows, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;           // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;           // variation selectors
  if (cp == 0xFEFF || cp == 0xFFFD || cp >= 0x1F000) return false;  // BOM, malformed, emoji
  return true;
}

bool word_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  std::size_t len;
  return is_word(decode_at(s, i, len));
}

bool word_before(std::string_view s, std::size_t i) {
  if (i == 0) return false;
  std::size_t len;
  return is_word(decode_before(s, i, len));
}

// Separators inside a written number, as bit flags.
enum : std::uint8_t { kSpace = 1, kDash = 2, kDot = 4, kParen = 8 };

std::uint8_t separator_flag(char32_t cp) {
  switch (cp) {
    case ' ': case 0xA0: case 0x2007: case 0x2009: case 0x202F: return kSpace;
    case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: return kDash;
    case '.': return kDot;
    case '(': case ')': return kParen;
    default: return 0;
  }
}

bool is_space(char32_t cp) { return separator_flag(cp) == kSpace; }

// ---------------------------------------------------------------------------------------
// Checksums.

bool luhn_ok(const char* d, int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    int v = d[n - 1 - i] - '0';
    if (i % 2 == 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return sum % 10 == 0;
}

// SNILS: the last two digits check the first nine; numbers up to 001-001-998 have none.
bool snils_ok(const char* d) {
  long number = 0;
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    number = number * 10 + (d[i] - '0');
    sum += (d[i] - '0') * (9 - i);
  }
  if (number <= 1001998) return false;
  int check = sum < 100 ? sum : sum <= 101 ? 0 : sum % 101 == 100 ? 0 : sum % 101;
  return check == (d[9] - '0') * 10 + (d[10] - '0');
}

char dni_letter(long number) { return "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]; }

// Lengths of IBANs by country (the SWIFT IBAN registry).
int iban_length(char a, char b) {
  static constexpr std::pair<const char*, int> kLengths[] = {
      {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
      {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
      {"DE", 22}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18},
      {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21},
      {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30},
      {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25},
      {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18},
      {"NO", 15}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22},
      {"RU", 33}, {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27},
      {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24},
      {"XK", 20}};
  for (const auto& [code, length] : kLengths)
    if (code[0] == a && code[1] == b) return length;
  return 0;
}

// ISO 13616: move the first four characters to the end, letters count 10..35, mod 97 is 1.
bool iban_ok(const char* c, int n) {
  int rest = 0;
  for (int k = 0; k < n; ++k) {
    char ch = c[(k + 4) % n];
    if (is_digit(static_cast<unsigned char>(ch))) rest = (rest * 10 + (ch - '0')) % 97;
    else rest = (rest * 100 + (ch - 'A' + 10)) % 97;
  }
  return rest == 1;
}

// ---------------------------------------------------------------------------------------
// Context words: a phone-shaped number right after "order" is an order number, and one
// next to a currency is an amount.

// Lower-cases ASCII, Latin-1 and Cyrillic capitals in place (enough for the word lists).
void lower_in_place(std::string& w) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(w[i]);
    if (c >= 'A' && c <= 'Z') {
      w[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < w.size()) {
      unsigned char d = static_cast<unsigned char>(w[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) w[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    } else if (c == 0xD0 && i + 1 < w.size()) {
      unsigned char d = static_cast<unsigned char>(w[i + 1]);
      if (d >= 0x90 && d <= 0x9F) w[i + 1] = static_cast<char>(d + 0x20);  // А..П -> а..п
      else if (d >= 0xA0 && d <= 0xAF) w[i] = static_cast<char>(0xD1), w[i + 1] = static_cast<char>(d - 0x20);  // Р..Я
      else if (d == 0x81) w[i] = static_cast<char>(0xD1), w[i + 1] = static_cast<char>(0x91);  // Ё
      ++i;
    } else if (c >= 0xC0) {
      ++i;
    }
  }
}

bool starts_with_any(std::string_view word, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes)
    if (word.substr(0, p.size()) == p) return true;
  return false;
}

bool is_id_word(std::string_view w) {
  return starts_with_any(w, {// English
                             "order", "ticket", "case", "ref", "invoice", "track", "parcel", "shipment",
                             "booking", "reservation", "contract", "claim", "complaint", "request", "incident",
                             "receipt", "transaction", "item", "sku", "account", "acct", "policy", "serial",
                             "imei", "model", "code", "id",
                             // Spanish
                             "pedido", "orden", "caso", "incidencia", "incidente", "referencia", "factura",
                             "envio", "envío", "seguimiento", "localizador", "reserva", "reclamaci", "expediente",
                             "contrato", "albar", "solicitud", "folio", "guia", "guía", "póliza", "poliza",
                             "código", "codigo", "cuenta", "recibo",
                             // Russian
                             "заказ", "заявк", "обращени", "тикет", "трек", "накладн", "договор", "счет", "счёт",
                             "квитанци", "чек", "посылк", "отправлени", "претензи", "кейс", "инцидент", "артикул",
                             "код", "лицев"});
}

bool is_number_word(std::string_view w) {
  return w == "no" || w == "nr" || w == "nro" || w == "n" || w == "num" || w == "number" || w == "numero" ||
         w == "número" || w == "номер" || w == "номером" || w == "de" || w == "del" || w == "of" || w == "is" ||
         w == "es";
}

bool is_currency_word(std::string_view w) {
  return starts_with_any(w, {"eur", "usd", "rub", "rur", "gbp", "dollar", "dólar", "dolar", "peso", "руб", "тыс",
                             "млн", "млрд", "долл", "евро"}) ||
         w == "р" || w == "k" || w == "mil";
}

bool is_currency_symbol(char32_t cp) {
  return cp == '$' || cp == '%' || cp == 0xA3 || cp == 0xA5 || cp == 0x20AC || cp == 0x20BD || cp == 0x20B4 ||
         cp == 0x20B8;
}

// The word before s[i], skipping spaces and number marks; sets `marked` when one of the
// skipped characters is '#' or '№'. At most a few characters are read.
std::string word_before_number(std::string_view s, std::size_t i, bool& marked, std::size_t& word_begin) {
  marked = false;
  std::size_t p = i;
  for (int skipped = 0; p > 0 && skipped < 6; ++skipped) {
    std::size_t len;
    char32_t cp = decode_before(s, p, len);
    if (cp == '#' || cp == 0x2116) marked = true;
    else if (!(is_space(cp) || cp == ':' || cp == '.' || cp == 0xBA || cp == 0xB0 || cp == '-' || cp == '\t' ||
               cp == '\n'))
      break;
    p -= len;
  }
  std::size_t end = p;
  while (p > 0 && end - p < 40) {
    std::size_t len;
    if (!is_word(decode_before(s, p, len))) break;
    p -= len;
  }
  word_begin = p;
  if (end - p >= 40) return {};
  std::string w(s.substr(p, end - p));
  lower_in_place(w);
  return w;
}

// True when the number starting at s[i] is labelled as an identifier: "order 912345678",
// "pedido nº 612345678", "заказ № 9161234567", "#612345678".
bool labelled_as_id(std::string_view s, std::size_t i) {
  bool marked = false;
  std::size_t begin = i;
  for (int words = 0; words < 3; ++words) {
    std::string w = word_before_number(s, begin, marked, begin);
    if (marked) return true;
    if (w.empty()) return false;
    if (is_id_word(w)) return true;
    if (!is_number_word(w)) return false;
  }
  return false;
}

// An amount: a currency sign or word right before or after the number.
bool looks_like_amount(std::string_view s, std::size_t begin, std::size_t end) {
  std::size_t p = end;
  for (int k = 0; k < 2 && p < s.size(); ++k) {
    std::size_t len;
    if (!is_space(decode_at(s, p, len))) break;
    p += len;
  }
  if (p < s.size()) {
    std::size_t len;
    if (is_currency_symbol(decode_at(s, p, len))) return true;
  }
  // The word after the number.
  std::size_t q = p;
  while (q < s.size() && q - p < 24) {
    std::size_t len;
    if (!is_word(decode_at(s, q, len))) break;
    q += len;
  }
  if (q > p) {
    std::string w(s.substr(p, q - p));
    lower_in_place(w);
    if (is_currency_word(w)) return true;
  }
  // A sign or a currency code before it.
  p = begin;
  for (int k = 0; k < 2 && p > 0; ++k) {
    std::size_t len;
    if (!is_space(decode_before(s, p, len))) break;
    p -= len;
  }
  if (p > 0) {
    std::size_t len;
    if (is_currency_symbol(decode_before(s, p, len))) return true;
  }
  bool marked;
  std::size_t word_begin;
  std::string w = word_before_number(s, begin, marked, word_begin);
  return !w.empty() && is_currency_word(w);
}

// ---------------------------------------------------------------------------------------
// Digit chunks: "+7 (916) 123-45-67", "4276 3800 1234 5678", "12.345.678-Z".

struct Chunk {
  bool plus = false;          // a leading '+'
  bool paren = false;         // a leading '(' ("(495) 123-45-67"); later ones are in sep
  int count = 0;              // groups
  std::size_t end[kMaxGroups];      // one past each group's last digit
  int length[kMaxGroups];           // digits in each group
  std::uint8_t sep[kMaxGroups];     // separator flags before each group (0 for the first)
  bool glued = false;               // the last group is followed by a letter
  char digits[kMaxDigits * 2 + 1];
  int ndigits = 0;
};

// Reads the chunk starting at s[i] ('+', '(' or a digit). False when there is no digit.
bool read_chunk(std::string_view s, std::size_t i, Chunk& c) {
  std::size_t n = s.size(), p = i;
  if (s[p] == '+') c.plus = true, ++p;
  if (p < n && s[p] == '(') c.paren = true, ++p;
  std::uint8_t sep = 0;
  while (p < n && is_digit(static_cast<unsigned char>(s[p])) && c.count < kMaxGroups) {
    std::size_t b = p;
    while (p < n && is_digit(static_cast<unsigned char>(s[p]))) ++p;
    int len = static_cast<int>(p - b);
    if (c.ndigits + len > kMaxDigits + 2) break;  // longer than any datum: the chunk ends before it
    for (std::size_t k = b; k < p; ++k) c.digits[c.ndigits++] = s[k];
    c.end[c.count] = p;
    c.length[c.count] = len;
    c.sep[c.count] = sep;
    ++c.count;
    if (word_at(s, p)) {
      c.glued = true;
      break;
    }
    std::size_t q = p;
    sep = 0;
    for (int k = 0; k < 3 && q < n; ++k) {
      std::size_t cl;
      std::uint8_t f = separator_flag(decode_at(s, q, cl));
      if (!f) break;
      sep |= f;
      q += cl;
    }
    if (!sep || q >= n || !is_digit(static_cast<unsigned char>(s[q]))) break;
    p = q;
  }
  return c.count > 0;
}

// Where a number may not end: glued to a letter, or followed by a decimal part, a time or
// a date ("1 250,00", "14:30", "12/05").
bool bad_end(std::string_view s, std::size_t end) {
  if (word_at(s, end)) return true;
  if (end + 1 < s.size() && (s[end] == ',' || s[end] == ':' || s[end] == '/') &&
      is_digit(static_cast<unsigned char>(s[end + 1])))
    return true;
  return false;
}

// A phone number's digits (the prefix of k groups, n digits). An international number
// (+CC, 00CC) is a phone wherever it stands; a national one only when no identifier label
// precedes it, which `national` reports.
bool phone_shape(const Chunk& c, int k, const char* d, int n, bool paren, bool& national) {
  national = false;
  if (c.plus) {
    if (d[0] == '7') return n == 11;
    if (d[0] == '3' && d[1] == '4') return n == 11 && d[2] >= '6';
    return n >= 8 && n <= 15;
  }
  if (n > 2 && d[0] == '0' && d[1] == '0' && c.length[0] >= 3) {
    const char* e = d + 2;
    int m = n - 2;
    if (e[0] == '7') return m == 11;
    if (e[0] == '3' && e[1] == '4') return m == 11 && e[2] >= '6';
    return e[0] != '0' && m >= 8 && m <= 15;
  }
  national = true;
  bool grouped = k > 1 || paren;
  bool dashes_tail = k >= 3 && c.length[k - 1] == 2 && c.length[k - 2] == 2;  // "...123-45-67"
  auto ru_code = [](char x) { return x == '3' || x == '4' || x == '8' || x == '9'; };
  if (n == 11 && d[0] == '8') return ru_code(d[1]);                  // 8 916 123-45-67, 8 800 ...
  if (n == 11 && d[0] == '7') return ru_code(d[1]) && grouped;       // 7 916 123 45 67
  if (n == 10 && d[0] == '9') return true;                           // 916 123-45-67
  if (n == 10 && (d[0] == '3' || d[0] == '4' || d[0] == '8')) return paren || dashes_tail;  // (495) 123-45-67
  if (n == 9 && (d[0] == '6' || d[0] == '7')) return true;           // 612 34 56 78
  if (n == 9 && (d[0] == '8' || d[0] == '9')) return grouped;        // 91 123 45 67
  if (n == 7 && k == 3 && c.length[0] == 3 && c.length[1] == 2 && c.length[2] == 2)
    return (c.sep[1] | c.sep[2]) == kDash;                           // 123-45-67
  return false;
}

// "4503 № 123456", "45 03 номер 123456": the end of the six-digit number after a passport
// series that ends at s[end], or 0.
std::size_t passport_number_after(std::string_view s, std::size_t end) {
  std::size_t p = end, n = s.size();
  auto skip_spaces = [&] {
    std::size_t len;
    while (p < n && is_space(decode_at(s, p, len))) p += len;
  };
  skip_spaces();
  if (p == end) return 0;
  std::size_t mark_end = 0;
  for (std::string_view mark : {"№", "номер", "No.", "No"}) {
    if (s.substr(p, mark.size()) == mark) {
      mark_end = p + mark.size();
      break;
    }
  }
  if (mark_end == 0) return 0;
  p = mark_end;
  skip_spaces();
  std::size_t begin = p;
  while (p < n && p - begin < 7 && is_digit(static_cast<unsigned char>(s[p]))) ++p;
  if (p - begin != 6 || bad_end(s, p)) return 0;
  return p;
}

// The best datum among the chunk's prefixes ending at a group: the longest, and for the
// same length the first of dni, card, passport, phone, snils.
bool match_chunk(std::string_view s, std::size_t begin, const Chunk& c, PersonalSpan& out) {
  bool labelled_checked = false, labelled = false;
  auto not_an_id = [&] {
    if (!labelled_checked) labelled = labelled_as_id(s, begin), labelled_checked = true;
    return !labelled;
  };
  std::uint8_t seps = 0;
  int n = 0;
  for (int k = 1; k <= c.count; ++k) {
    int g = k - 1;
    n += c.length[g];
    if (g > 0) seps |= c.sep[g];
    if (n > kMaxDigits + 2) break;
    const char* d = c.digits;
    std::size_t end = c.end[g];
    bool last = g == c.count - 1;
    bool glued = last && c.glued;
    // Parentheses in this prefix only: "(916)" after an IBAN group must not spoil the IBAN.
    bool paren = c.paren || (seps & kParen);

    // DNI: 12345678Z, 12345678-Z, 12.345.678 Z; the letter checks the number.
    if (!c.plus && !paren && n == 8 &&
        (k == 1 || (k == 3 && c.length[0] == 2 && c.length[1] == 3 && (seps & ~(kDot | kSpace)) == 0))) {
      std::size_t q = end;
      bool spaced = false;
      if (!glued && q + 1 < s.size() && (s[q] == ' ' || s[q] == '-')) ++q, spaced = true;
      if (q < s.size() && is_ascii_alpha(static_cast<unsigned char>(s[q])) && !word_at(s, q + 1)) {
        char letter = s[q];
        if (!spaced || (letter >= 'A' && letter <= 'Z')) {
          long number = 0;
          for (int i = 0; i < 8; ++i) number = number * 10 + (d[i] - '0');
          if (ascii_upper(letter) == dni_letter(number)) {
            out = {begin, q + 1, PersonalData::dni};
            continue;  // a longer prefix cannot follow a letter
          }
        }
      }
    }
    if (glued || bad_end(s, end)) continue;
    bool found = false;
    PersonalData kind = PersonalData::phone;
    // Card: 13-19 digits, first digit of a card network, Luhn.
    if (!c.plus && !paren && n >= 13 && n <= 19 && d[0] >= '2' && d[0] <= '6' && (seps & ~(kSpace | kDash)) == 0) {
      bool groups_ok = k == 1 || c.length[0] == 4;
      for (int h = 0; h < k && groups_ok && k > 1; ++h) groups_ok = c.length[h] >= 3 && c.length[h] <= 6;
      if (groups_ok && luhn_ok(d, n) && not_an_id()) found = true, kind = PersonalData::card;
    }
    // Russian passport: 45 03 123456, 4503 123456, 4503 № 123456 (region, year of issue, number).
    bool series = !c.plus && !paren && ((n == 4 && k == 1) || (n == 4 && k == 2 && c.length[0] == 2 && seps == kSpace));
    bool whole = !c.plus && !paren && seps == kSpace &&
                 ((k == 2 && c.length[0] == 4 && c.length[1] == 6) ||
                  (k == 3 && c.length[0] == 2 && c.length[1] == 2 && c.length[2] == 6));
    if (!found && (whole || series)) {
      int year = (d[2] - '0') * 10 + (d[3] - '0');
      bool region = !(d[0] == '0' && d[1] == '0');
      std::size_t number_end = whole ? end : passport_number_after(s, end);
      if (number_end && region && (year >= 97 || year <= 30) && not_an_id())
        found = true, kind = PersonalData::passport, end = number_end;
    }
    bool national = false;
    if (!found && phone_shape(c, k, d, n, paren, national) && (!national || not_an_id()))
      found = true, kind = PersonalData::phone;
    // SNILS: 123-456-789 01 or 11 digits, checksum.
    if (!found && !c.plus && !paren && n == 11 && (seps & ~(kSpace | kDash)) == 0 &&
        (k == 1 || (k == 4 && c.length[0] == 3 && c.length[1] == 3 && c.length[2] == 3 && c.length[3] == 2)) &&
        snils_ok(d) && not_an_id())
      found = true, kind = PersonalData::snils;
    if (found && !looks_like_amount(s, begin, end)) out = {begin, end, kind};
  }
  return out.end > out.begin;
}

// ---------------------------------------------------------------------------------------
// Words that start with letters: IBAN and NIE.

bool match_iban(std::string_view s, std::size_t i, PersonalSpan& out) {
  std::size_t n = s.size();
  if (i + 4 > n || !is_ascii_alpha(static_cast<unsigned char>(s[i])) ||
      !is_ascii_alpha(static_cast<unsigned char>(s[i + 1])) || !is_digit(static_cast<unsigned char>(s[i + 2])) ||
      !is_digit(static_cast<unsigned char>(s[i + 3])))
    return false;
  int length = iban_length(ascii_upper(s[i]), ascii_upper(s[i + 1]));
  if (length == 0) return false;
  char chars[34];
  int count = 0;
  std::size_t p = i;
  while (count < length && p < n) {
    unsigned char c = static_cast<unsigned char>(s[p]);
    if (is_ascii_alnum(c)) {
      chars[count++] = ascii_upper(static_cast<char>(c));
      ++p;
      continue;
    }
    // One space between groups of four ("ES91 2100 0418 ...").
    std::size_t len;
    if (count % 4 == 0 && is_space(decode_at(s, p, len)) && p + len < n &&
        is_ascii_alnum(static_cast<unsigned char>(s[p + len]))) {
      p += len;
      continue;
    }
    break;
  }
  if (count != length || word_at(s, p) || !iban_ok(chars, length)) return false;
  out = {i, p, PersonalData::iban};
  return true;
}

// NIE: X1234567L, X-1234567-L (X, Y, Z stand for 0, 1, 2 in the letter check).
bool match_nie(std::string_view s, std::size_t i, PersonalSpan& out) {
  std::size_t n = s.size(), p = i;
  char prefix = s[p];
  if (prefix != 'X' && prefix != 'Y' && prefix != 'Z') return false;
  ++p;
  if (p < n && s[p] == '-') ++p;
  long number = prefix - 'X';
  int digits = 0;
  while (p < n && is_digit(static_cast<unsigned char>(s[p])) && digits < 8) number = number * 10 + (s[p++] - '0'), ++digits;
  if (digits != 7) return false;
  if (p < n && s[p] == '-') ++p;
  if (p >= n || !is_ascii_alpha(static_cast<unsigned char>(s[p])) || word_at(s, p + 1)) return false;
  if (ascii_upper(s[p]) != dni_letter(number)) return false;
  out = {i, p + 1, PersonalData::dni};
  return true;
}

// ---------------------------------------------------------------------------------------
// E-mail.

bool is_local_char(unsigned char c) {
  return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// Length of the domain at s[p] ("mail.ru", "почта.рф"); 0 when there is none. A trailing
// '.' (end of sentence) is left out.
std::size_t domain_length(std::string_view s, std::size_t p) {
  std::size_t n = s.size(), q = p, good_end = 0;
  int labels = 0;
  while (q < n && q - p <= kMaxDomain) {
    std::size_t begin = q;
    bool has_letter = false;
    while (q < n) {
      std::size_t len;
      char32_t cp = decode_at(s, q, len);
      if (cp == '-' || (cp < 0x80 && is_ascii_alnum(static_cast<unsigned char>(cp))) || (cp >= 0x80 && is_word(cp))) {
        has_letter |= !(cp >= '0' && cp <= '9') && cp != '-';
        q += len;
      } else {
        break;
      }
    }
    std::size_t label = q - begin;
    if (label == 0 || label > 63 || s[begin] == '-' || s[q - 1] == '-') break;
    ++labels;
    if (labels >= 2 && has_letter && label >= 2) good_end = q;
    if (q + 1 < n && s[q] == '.') ++q;
    else break;
  }
  return good_end > p && good_end - p <= kMaxDomain ? good_end - p : 0;
}

// ---------------------------------------------------------------------------------------

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  // The first datum that starts at or after `pos`; false when none is left.
  bool next(std::size_t& pos, PersonalSpan& out) {
    std::size_t n = s_.size();
    // Right after a datum comes a placeholder, whose ']' ends a word: scanning as if it were
    // there keeps redact(redact(x)) == redact(x) ("a@b.cc_d@e.ff" masks both addresses).
    bool prev_word = pos != after_datum_ && word_before(s_, pos);
    while (pos < n) {
      unsigned char c = static_cast<unsigned char>(s_[pos]);
      if (!prev_word && (is_local_char(c) || c == '(') && try_at(pos, out)) {
        pos = after_datum_ = out.end;
        return true;
      }
      std::size_t len;
      prev_word = is_word(decode_at(s_, pos, len));
      pos += len;
    }
    return false;
  }

 private:
  std::string_view s_;
  std::size_t no_email_before_ = 0;  // the local-part run from here on was already tried
  std::size_t after_datum_ = std::string_view::npos;  // where the last datum ended

  bool try_at(std::size_t i, PersonalSpan& out) {
    unsigned char c = static_cast<unsigned char>(s_[i]);
    if (i >= no_email_before_ && is_local_char(c) && try_email(i, out)) return true;
    // Looking back stops where the last datum ended, as a second pass would stop at its
    // placeholder: masking twice must change nothing.
    std::size_t floor = after_datum_ == std::string_view::npos ? 0 : after_datum_;
    std::string_view s = s_.substr(floor);
    std::size_t j = i - floor;
    bool found = false;
    if (is_ascii_alpha(c)) {
      found = match_iban(s, j, out) || match_nie(s, j, out);
    } else if (is_digit(c) || c == '+' || c == '(') {
      // Not the middle of a number: "1,912", "12.05", "14:30", "12/05".
      bool inside = j >= 2 && (s[j - 1] == ',' || s[j - 1] == '.' || s[j - 1] == ':' || s[j - 1] == '/') &&
                    is_digit(static_cast<unsigned char>(s[j - 2]));
      Chunk chunk;
      out = {};
      found = !inside && read_chunk(s, j, chunk) && match_chunk(s, j, chunk, out);
    }
    if (!found) return false;
    out.begin += floor;
    out.end += floor;
    return true;
  }

  bool try_email(std::size_t i, PersonalSpan& out) {
    std::size_t n = s_.size(), q = i;
    while (q < n && is_local_char(static_cast<unsigned char>(s_[q]))) ++q;
    no_email_before_ = q;
    if (q >= n || s_[q] != '@') return false;
    std::size_t begin = i;
    while (begin < q && !is_ascii_alnum(static_cast<unsigned char>(s_[begin]))) ++begin;
    if (begin == q || q - begin > kMaxLocalPart) return false;
    std::size_t domain = domain_length(s_, q + 1);
    if (domain == 0) return false;
    out = {begin, q + 1 + domain, PersonalData::email};
    return true;
  }
};

}  // namespace

std::string_view placeholder(PersonalData kind) {
  switch (kind) {
    case PersonalData::email: return "[email]";
    case PersonalData::phone: return "[phone]";
    case PersonalData::card: return "[card]";
    case PersonalData::iban: return "[iban]";
    case PersonalData::dni: return "[dni]";
    case PersonalData::passport: return "[passport]";
    case PersonalData::snils: return "[snils]";
  }
  return "[redacted]";
}

bool may_hold_personal_data(std::string_view text) {
  // Most quoted sentences have no digit and no '@', and each is looked at whole: 16 bytes a
  // step where there is SSE2 (all x86-64), a byte a step elsewhere and for the tail.
  std::size_t i = 0;
#if defined(__SSE2__) && !defined(DEFUSE_NO_SIMD)
  if (text.size() >= 16) {
    const __m128i shift = _mm_set1_epi8(static_cast<char>(0x80 - '0'));  // '0'..'9' become -128..-119
    const __m128i past_nine = _mm_set1_epi8(static_cast<char>(-128 + 10));
    const __m128i at = _mm_set1_epi8('@');
    auto any_of_16 = [&](std::size_t from) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from));
      const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(bytes, shift), past_nine);
      return _mm_movemask_epi8(_mm_or_si128(digit, _mm_cmpeq_epi8(bytes, at))) != 0;
    };
    for (; i + 16 <= text.size(); i += 16)
      if (any_of_16(i)) return true;
    // The last bytes in one more step that ends at the end, over some bytes seen already.
    return i < text.size() && any_of_16(text.size() - 16);
  }
#endif
  for (; i < text.size(); ++i)
    if ((text[i] >= '0' && text[i] <= '9') || text[i] == '@') return true;
  return false;
}

std::vector<PersonalSpan> find_personal_data(std::string_view text) {
  std::vector<PersonalSpan> spans;
  if (!may_hold_personal_data(text)) return spans;
  Scanner scanner(text);
  std::size_t pos = 0;
  PersonalSpan span;
  while (scanner.next(pos, span)) spans.push_back(span);
  return spans;
}

namespace {

// One pass: `text` with each datum found replaced; false when there was none.
bool redact_pass(std::string_view text, std::string& out) {
  if (!may_hold_personal_data(text)) return false;
  Scanner scanner(text);
  std::size_t pos = 0, copied = 0;
  PersonalSpan span;
  if (!scanner.next(pos, span)) return false;
  out.clear();
  out.reserve(text.size());
  do {
    out.append(text.substr(copied, span.begin - copied));
    out.append(placeholder(span.kind));
    copied = span.end;
  } while (scanner.next(pos, span));
  out.append(text.substr(copied));
  return true;
}

}  // namespace

bool redact_into(std::string_view text, std::string& out) {
  if (!redact_pass(text, out)) return false;
  // A placeholder changes what its neighbours look like: in "4111 1111 1111 1111,1a@b.cc"
  // the card looks like a decimal number until the address after it is masked. Passes
  // repeat until nothing changes, so that masking a masked text changes nothing.
  std::string next;
  for (int pass = 1; pass < 4 && redact_pass(out, next); ++pass) out.swap(next);
  return true;
}

std::string redact(std::string_view text) {
  std::string out;
  if (!redact_into(text, out)) return std::string(text);
  return out;
}

}  // namespace defuse
