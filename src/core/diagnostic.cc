#include "core/diagnostic.h"

#include <fmt/format.h>

namespace defuse {

std::string Diagnostic::format() const {
  // A record of a stream is its own source, "data.ndjson:42": do not say the line twice.
  if (line > 0 && path.ends_with(fmt::format(":{}", line))) return fmt::format("{}: {}", path, message);
  if (line > 0) return fmt::format("{}:{}: {}", path, line, message);
  return fmt::format("{}: {}", path, message);
}

}  // namespace defuse
