#include "core/json_writer.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdint>

#if defined(__SSE2__) && !defined(DEFUSE_NO_SIMD)
#include <emmintrin.h>
#endif

namespace defuse {

namespace {

// Whether any of the eight bytes in `w` needs escaping: a control byte (< 0x20), '"' or
// '\\'. Bit tricks over a 64-bit word, so clean text costs a few instructions per 8 bytes.
bool needs_escape(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
  return (control | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

#if defined(__SSE2__) && !defined(DEFUSE_NO_SIMD)
// Whether any of the sixteen bytes at `p` needs escaping (x86-64 always has SSE2): evidence
// texts run to hundreds of bytes, and this takes them sixteen at a time.
bool needs_escape16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));  // <= 0x1F
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  return _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) != 0;
}
#endif

constexpr auto kEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

// Room kept ahead of the text, so that most pieces of a record find it already made.
constexpr std::size_t kSlack = 1024;

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  JsonWriter w(out);
  w.value(s);
}

void JsonWriter::grow(std::size_t bytes) { out_.resize(used_ + bytes + kSlack); }

// `s` quoted and escaped. Clean runs are copied sixteen or eight bytes at a time, as they
// are tested.
void JsonWriter::string(std::string_view s) {
  char* p = room(s.size() + 2);
  *p++ = '"';
  for (std::size_t i = 0; i < s.size();) {
#if defined(__SSE2__) && !defined(DEFUSE_NO_SIMD)
    if (i + 16 <= s.size() && !needs_escape16(s.data() + i)) {
      std::memcpy(p, s.data() + i, 16);
      p += 16;
      i += 16;
      continue;
    }
#endif
    if (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (!needs_escape(word)) {
        std::memcpy(p, &word, 8);
        p += 8;
        i += 8;
        continue;
      }
    }
    const unsigned char c = static_cast<unsigned char>(s[i++]);
    if (!kEscape[c]) {
      *p++ = static_cast<char>(c);
      continue;
    }
    // An escape takes up to six bytes for one: make room for it and the rest of the text.
    used_ = static_cast<std::size_t>(p - out_.data());
    p = room(6 + (s.size() - i) + 1);
    *p++ = '\\';
    switch (c) {
      case '"': *p++ = '"'; break;
      case '\\': *p++ = '\\'; break;
      case '\n': *p++ = 'n'; break;
      case '\r': *p++ = 'r'; break;
      case '\t': *p++ = 't'; break;
      case '\b': *p++ = 'b'; break;
      case '\f': *p++ = 'f'; break;
      default: {
        static const char* hex = "0123456789abcdef";
        const char digits[5] = {'u', '0', '0', hex[c >> 4], hex[c & 15]};
        std::memcpy(p, digits, 5);
        p += 5;
      }
    }
  }
  *p++ = '"';
  used_ = static_cast<std::size_t>(p - out_.data());
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  string(k);
  *room(1) = ':';
  ++used_;
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::plain_key(std::string_view k) {
  separate();
  char* p = room(k.size() + 3);
  *p++ = '"';
  std::memcpy(p, k.data(), k.size());
  p += k.size();
  *p++ = '"';
  *p++ = ':';
  used_ = static_cast<std::size_t>(p - out_.data());
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  string(s);
  return done_value();
}

JsonWriter& JsonWriter::value(double d) {
  if (!std::isfinite(d)) return null();
  // Whole numbers (scores, points) are most of them: fmt prints those below 1e15 as plain
  // integers, and so does to_chars, for a fraction of the cost (-0.0 is fmt's "-0").
  if (d == std::trunc(d) && std::fabs(d) < 1e15 && !(d == 0 && std::signbit(d)))
    return integer(static_cast<long long>(d));
  separate();
  // fmt's shortest round-trip form, as before: at most 24 characters for a double.
  constexpr std::size_t kMaxDouble = 32;
  char* p = room(kMaxDouble);
  used_ = static_cast<std::size_t>(fmt::format_to_n(p, kMaxDouble, "{}", d).out - out_.data());
  return done_value();
}

}  // namespace defuse
