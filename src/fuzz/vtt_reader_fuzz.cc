// Fuzzes the vtt reader on whole buffers, as read_input hands them over after check_text.
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  defuse::fuzz::read_whole_buffer("vtt", data, size);
  return 0;
}
