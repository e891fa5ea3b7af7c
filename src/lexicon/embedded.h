// The built-in lexicons, compiled into the binary (see cmake/embed_lexicons.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace defuse {

struct EmbeddedFile {
  std::string_view path;  // relative to lexicons/, e.g. "en/steps.yaml"
  std::string_view text;
};

const std::vector<EmbeddedFile>& embedded_lexicon_files();

}  // namespace defuse
