// Fuzzes the YAML front matter parser: malformed, deeply nested and alias-heavy YAML must
// give one diagnostic, never a crash, a stack overflow or an exponential walk.
#include "fuzz/fuzz_support.h"
#include "read/front_matter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  std::string_view text = fuzz::as_text(data, size);
  Transcript t;
  std::size_t body_offset = 0;
  int body_line = 0;
  Diagnostic error;
  if (parse_front_matter("fuzz.txt", text, t, body_offset, body_line, error)) {
    fuzz::require(body_offset <= text.size());
    fuzz::require(body_line >= 1);
  } else {
    fuzz::require(error.format().find('\n') == std::string::npos);
    fuzz::require(error.line >= 0);
  }
  return 0;
}
