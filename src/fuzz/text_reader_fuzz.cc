// Fuzzes the text reader on whole buffers, as read_input hands them over after check_text.
#include <memory>

#include "fuzz/fuzz_support.h"
#include "read/format.h"
#include "read/inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  static const ReadOptions options = fuzz::read_options();
  std::string_view bytes = fuzz::as_text(data, size);
  if (check_text("fuzz.in", bytes)) return 0;  // read_input stops at binary and invalid UTF-8
  fuzz::CheckingSink sink("fuzz.in");
  read_buffer("text", InputBuffer{"fuzz.in", std::make_shared<const std::string>(bytes)}, options, sink);
  return 0;
}
