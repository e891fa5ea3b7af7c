// Fuzzes the csv reader line by line, as read_input streams a file to it. No check_text
// first: read_input checks only the first 64 KiB of a stream, so the reader itself must
// cope with NUL bytes and invalid UTF-8 in later lines.
#include "fuzz/fuzz_support.h"
#include "read/format.h"
#include "read/inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  static const ReadOptions options = fuzz::read_options();
  std::string_view bytes = fuzz::as_text(data, size);
  fuzz::CheckingSink sink("fuzz.in");
  BufferLineSource lines(bytes, options.limits.max_line_bytes);
  read_lines("csv", "fuzz.in", lines, options, sink);
  return 0;
}
