#include "read/timestamp.h"

#include <cctype>

namespace defuse {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& value) {
  if (pos + n > s.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "h:m", "h:m:s", "h:m:s.fff" with 1-2 digit fields; returns fields parsed.
int parse_clock(std::string_view s, std::size_t& pos, int (&fields)[3], int& millis) {
  int count = 0;
  millis = 0;
  while (count < 3) {
    std::size_t start = pos;
    int v = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) && pos - start < 3) v = v * 10 + (s[pos++] - '0');
    if (pos == start) break;
    fields[count++] = v;
    if (pos < s.size() && s[pos] == ':' && count < 3) { ++pos; continue; }
    break;
  }
  if (count >= 2 && pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    std::size_t start = ++pos;
    int scale = 100;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (pos - start < 3) millis += (s[pos] - '0') * scale, scale /= 10;
      ++pos;
    }
  }
  return count;
}

std::optional<std::int64_t> parse_at(std::string_view s, std::size_t& pos, bool pair_is_offset) {
  int y, mo, d;
  // Date-time: YYYY-MM-DD[ T]hh:mm[:ss][Z|±hh:mm]
  if (digits(s, pos, 4, y) && pos + 10 <= s.size() && s[pos + 4] == '-' && digits(s, pos + 5, 2, mo) &&
      s[pos + 7] == '-' && digits(s, pos + 8, 2, d)) {
    std::size_t p = pos + 10;
    std::int64_t ms = days_from_civil(y, mo, d) * 86400000LL;
    if (p < s.size() && (s[p] == ' ' || s[p] == 'T')) {
      std::size_t q = p + 1;
      int fields[3] = {0, 0, 0};
      int millis = 0;
      if (parse_clock(s, q, fields, millis) >= 2) {
        ms += ((fields[0] * 60LL + fields[1]) * 60 + fields[2]) * 1000 + millis;
        p = q;
        if (p < s.size() && s[p] == 'Z') ++p;
        else if (p + 5 < s.size() + 0 && (s[p] == '+' || s[p] == '-') && std::isdigit(static_cast<unsigned char>(s[p + 1]))) {
          int oh, om = 0;
          if (digits(s, p + 1, 2, oh)) {
            std::size_t r = p + 3;
            if (r < s.size() && s[r] == ':') ++r;
            digits(s, r, 2, om);
            std::int64_t offset = (oh * 60LL + om) * 60000;
            ms += s[p] == '+' ? -offset : offset;
            p = r + 2;
          }
        }
      }
    }
    pos = p;
    return ms;
  }
  int fields[3] = {0, 0, 0};
  int millis = 0;
  std::size_t p = pos;
  int count = parse_clock(s, p, fields, millis);
  if (count < 2) return std::nullopt;
  std::int64_t seconds;
  if (count == 3) seconds = (fields[0] * 60LL + fields[1]) * 60 + fields[2];
  else if (pair_is_offset) seconds = fields[0] * 60LL + fields[1];  // [mm:ss]: an offset into a call
  else seconds = (fields[0] * 60LL + fields[1]) * 60;          // 14:05: a clock time
  pos = p;
  return seconds * 1000 + millis;
}

}  // namespace

std::optional<std::int64_t> parse_leading_timestamp(std::string_view line, std::size_t& consumed,
                                                    bool bracketed_pair_is_clock) {
  std::size_t pos = 0;
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
  bool bracketed = pos < line.size() && line[pos] == '[';
  if (bracketed) ++pos;
  auto value = parse_at(line, pos, bracketed && !bracketed_pair_is_clock);
  if (!value) return std::nullopt;
  if (bracketed) {
    if (pos >= line.size() || line[pos] != ']') return std::nullopt;
    ++pos;
  } else if (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') {
    return std::nullopt;  // "14:05pm" or "10:30:" is text, not a timestamp
  }
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '-')) ++pos;
  consumed = pos;
  return value;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  std::size_t consumed = 0;
  auto value = parse_leading_timestamp(text, consumed);
  if (!value) return std::nullopt;
  return value;
}

}  // namespace defuse
