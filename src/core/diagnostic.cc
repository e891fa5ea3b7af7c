#include "core/diagnostic.h"

#include <fmt/format.h>

namespace defuse {

std::string Diagnostic::format() const {
  if (line > 0) return fmt::format("{}:{}: {}", path, line, message);
  return fmt::format("{}: {}", path, message);
}

}  // namespace defuse
