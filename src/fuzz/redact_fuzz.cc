// Fuzzes the redactor: no crash on any bytes, and its output is stable (redacting again
// changes nothing) and holds no datum it would mask.
#include "fuzz/fuzz_support.h"
#include "redact/redact.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  std::string_view text = fuzz::as_text(data, size);
  std::vector<PersonalSpan> spans = find_personal_data(text);
  std::size_t last_end = 0;
  for (const auto& s : spans) {
    fuzz::require(s.begin >= last_end && s.begin < s.end && s.end <= text.size());
    last_end = s.end;
  }
  std::string once = redact(text);
  fuzz::require(spans.empty() == (once == text));
  fuzz::require(redact(once) == once);
  return 0;
}
