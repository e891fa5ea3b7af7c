#include "read/format.h"

#include "read/plain_text.h"

namespace defuse {

std::string known_formats() { return "text"; }

std::string detect_format(std::string_view path, std::string_view head) {
  (void)path;
  (void)head;
  return "text";
}

void read_buffer(const std::string& format, const InputBuffer& input, const ReadOptions& options, ReadSink& sink) {
  (void)format;
  read_plain_text(input, options, sink);
}

}  // namespace defuse
