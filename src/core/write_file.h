// Writing a whole file so that no reader ever sees half of it: a temporary beside it,
// renamed into place.
#pragma once

#include <string>
#include <string_view>

namespace defuse {

/// Writes `bytes` to `path` atomically; returns "" or what went wrong.
std::string write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace defuse
