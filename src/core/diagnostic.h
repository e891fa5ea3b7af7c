// Errors as values: what went wrong, and where (`path:line: message`).
#pragma once

#include <string>
#include <vector>

namespace defuse {

/// One problem with an input or a lexicon. `line` is 1-based; 0 means "the whole file".
struct Diagnostic {
  std::string path;
  int line = 0;
  std::string message;

  /// "path:line: message" (or "path: message" when line is 0).
  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace defuse
