// Fuzzes what read_input does with a file's bytes: the text checks, format detection (the
// first bytes choose the reader) and the chosen reader.
#include <memory>

#include "fuzz/fuzz_support.h"
#include "read/format.h"
#include "read/inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  static const ReadOptions options = fuzz::read_options();
  std::string_view bytes = fuzz::as_text(data, size);
  fuzz::CheckingSink sink("fuzz.in");
  if (auto problem = check_text("fuzz.in", bytes)) {
    sink.error(std::move(*problem));
    return 0;
  }
  std::string format = detect_format("fuzz.in", bytes);
  if (format.empty()) return 0;
  read_buffer(format, InputBuffer{"fuzz.in", std::make_shared<const std::string>(bytes)}, options, sink);
  return 0;
}
