#include "core/json_writer.h"

#include <doctest/doctest.h>

#include <string>

namespace defuse {
namespace {

// RFC 8259, character by character: what append_json_string must produce.
std::string escaped(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("JSON strings escape quotes, backslashes and control bytes wherever they stand") {
  // Each special byte at every position of strings up to 24 bytes long (clean runs are
  // copied in one go, so the edges of runs matter), between ASCII and Cyrillic bytes.
  const std::string specials = std::string("\"\\\n\r\t\b\f\x01\x1f", 9) + std::string(1, '\0');
  const std::string fillers[] = {"abcdefghijklmnopqrstuvwxyz", "абвгдежзийклмн"};
  for (const auto& filler : fillers) {
    for (std::size_t n = 0; n <= 24 && n <= filler.size(); ++n) {
      std::string base = filler.substr(0, n);
      std::string out;
      append_json_string(out, base);
      CHECK(out == escaped(base));
      for (char special : specials)
        for (std::size_t at = 0; at <= base.size(); ++at) {
          std::string text = base;
          text.insert(at, 1, special);
          out.clear();
          append_json_string(out, text);
          CHECK(out == escaped(text));
        }
    }
  }
  std::string out;
  append_json_string(out, "a \x7f ~ \xc3\xa9");
  CHECK(out == "\"a \x7f ~ \xc3\xa9\"");  // DEL, '~' and UTF-8 pass through
}

}  // namespace defuse
