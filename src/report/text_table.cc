#include "report/text_table.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace defuse {

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
    if (c < 0) { ++width; continue; }
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
    int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    width += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return width;
}

std::string fit(std::string_view s, std::size_t width) {
  std::string out;
  std::size_t used = 0;
  const bool cut = display_width(s) > width;
  const std::size_t room = cut && width > 0 ? width - 1 : width;  // leave a column for "…"
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
    std::size_t w = display_width(s.substr(start, i - start));
    if (used + w > room) break;
    if (c == '\n' || c == '\t' || c == '\r') out.push_back(' ');
    else out.append(s.substr(start, i - start));
    used += w;
  }
  if (cut && width > 0) {
    out += "…";
    ++used;
  }
  while (used < width) out.push_back(' '), ++used;
  return out;
}

std::string paint(std::string_view text, std::string_view ansi, bool on) {
  if (!on) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", ansi, text);
}

std::string table_header(bool color) {
  std::string line = fmt::format("{} {} {} {:>5}  {}  {} {}", fit("ID", 20), fit("AGENT", 14), fit("LANG", 4), "SCORE",
                                 fit("STEPS gceasmc", 13), fit("OUTCOME", 12), "ANTI-PATTERNS");
  return paint(line, "1", color) + "\n";
}

std::string table_row(const ScoreResult& r, bool color) {
  // One letter per step in cycle order (g c e a s m c = greet clarify empathize apologize
  // solve commit close), a dot where the step is missing.
  static constexpr char kLetters[] = "gceasmc";
  std::string steps;
  int done = 0;
  for (int s = 0; s < kStepCount; ++s) {
    steps.push_back(r.steps[s].hit ? kLetters[s] : '.');
    done += r.steps[s].hit;
  }
  std::string anti;
  for (const auto& a : r.anti_patterns) {
    if (anti.find(a.id) != std::string::npos) continue;
    if (!anti.empty()) anti += ", ";
    anti += a.id;
  }
  std::string score = fmt::format("{:>5.1f}", r.score);
  if (color) score = paint(score, r.score >= 75 ? "32" : r.score >= 50 ? "33" : "31", true);
  return fmt::format("{} {} {} {}  {}  {} {}\n", fit(r.id, 20), fit(r.agent, 14), fit(r.lang, 4), score,
                     fit(fmt::format("{} {}/7", steps, done), 13), fit(r.outcome, 12), anti.empty() ? "-" : anti);
}

}  // namespace defuse
