#include "core/json_writer.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

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
  // Each special byte at every position of strings up to 40 bytes long (clean runs are
  // copied 16 and 8 bytes at a time, so the edges of runs matter), between ASCII and
  // Cyrillic bytes.
  const std::string specials = std::string("\"\\\n\r\t\b\f\x01\x1f", 9) + std::string(1, '\0');
  const std::string fillers[] = {"abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", "абвгдежзийклмнопрст"};
  for (const auto& filler : fillers) {
    for (std::size_t n = 0; n <= 40 && n <= filler.size(); ++n) {
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

TEST_CASE("JsonWriter: our fixed keys write what escaped keys write") {
  auto write = [](bool fixed) {
    std::string out = "before ";
    {
      JsonWriter w(out);
      w.begin_object();
      if (fixed) w.fixed_field<"id">("a\"b").fixed_key<"list">().begin_array();
      else w.field("id", "a\"b").key("list").begin_array();
      w.value(1).value(-2.5).value(true).null().begin_object().end_object().end_array();
      if (fixed) w.fixed_field<"customer_name">(std::string(3000, 'x'));  // past the room kept ahead
      else w.field("customer_name", std::string(3000, 'x'));
      w.plain_key("greet").begin_object().end_object();
      w.end_object();
    }
    return out;
  };
  const std::string expected = "before {\"id\":\"a\\\"b\",\"list\":[1,-2.5,true,null,{}],\"customer_name\":\"" +
                               std::string(3000, 'x') + "\",\"greet\":{}}";
  CHECK(write(false) == expected);
  CHECK(write(true) == expected);
}

TEST_CASE("JsonWriter: the text reaches the string when the outermost value closes") {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("a", 1);
  w.end_object();
  CHECK(out == "{\"a\":1}");
  out += "\n";  // written between two values, as reports do
  w.begin_array().value("x").end_array();
  CHECK(out == "{\"a\":1}\n[\"x\"]");
  out += "\n";
  w.value(7);  // a scalar at the top is complete at once
  CHECK(out == "{\"a\":1}\n[\"x\"]\n7");
}

TEST_CASE("JsonWriter: numbers as fmt writes them, whole numbers included") {
  std::vector<double> numbers = {0.0, -0.0, 0.5, -2.5, 1e-7, 0.5988210818307905, 1.0 / 3, 99.95, 1e14 - 1, 1e15 - 1,
                                 1e15, -1e15, 1e16, 1e300, -1e-300, std::numeric_limits<double>::denorm_min()};
  for (int i = -1000; i <= 1000; ++i) numbers.push_back(i), numbers.push_back(i / 10.0);
  for (int e = 0; e <= 20; ++e) numbers.push_back(std::pow(10.0, e)), numbers.push_back(std::pow(10.0, e) - 1);
  for (double d : numbers) {
    std::string out;
    JsonWriter(out).value(d);
    CHECK_MESSAGE(out == fmt::format("{}", d), d);
  }
  std::string out;
  JsonWriter(out).value(std::nan(""));
  CHECK(out == "null");
}

}  // namespace defuse
