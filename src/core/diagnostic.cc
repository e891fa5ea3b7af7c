#include "core/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>

namespace defuse {
namespace {

// A diagnostic is one line whatever it quotes: a control character in a path (a file named
// with a line break) or in a message (a parser quoting the input) is written as an escape.
std::string one_line(const std::string& s) {
  auto is_control = [](unsigned char c) { return c < 0x20 || c == 0x7F; };
  if (std::none_of(s.begin(), s.end(), is_control)) return s;
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (is_control(c)) out += fmt::format("\\x{:02X}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::string Diagnostic::format() const {
  std::string where = one_line(path), what = one_line(message);
  // A record of a stream is its own source, "data.ndjson:42": do not say the line twice.
  if (line > 0 && path.ends_with(fmt::format(":{}", line))) return fmt::format("{}: {}", where, what);
  if (line > 0) return fmt::format("{}:{}: {}", where, line, what);
  return fmt::format("{}: {}", where, what);
}

}  // namespace defuse
