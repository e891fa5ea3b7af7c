#include "core/json_writer.h"

#include <fmt/format.h>

#include <cmath>

namespace defuse {

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
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
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object() { separate(); out_.push_back('{'); first_.push_back(true); return *this; }
JsonWriter& JsonWriter::end_object() { out_.push_back('}'); first_.pop_back(); return *this; }
JsonWriter& JsonWriter::begin_array() { separate(); out_.push_back('['); first_.push_back(true); return *this; }
JsonWriter& JsonWriter::end_array() { out_.push_back(']'); first_.pop_back(); return *this; }
JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::value(std::string_view s) { separate(); append_json_string(out_, s); return *this; }
JsonWriter& JsonWriter::value(bool b) { separate(); out_ += b ? "true" : "false"; return *this; }
JsonWriter& JsonWriter::value(int n) { separate(); fmt::format_to(std::back_inserter(out_), "{}", n); return *this; }
JsonWriter& JsonWriter::value(long n) { separate(); fmt::format_to(std::back_inserter(out_), "{}", n); return *this; }
JsonWriter& JsonWriter::value(long long n) { separate(); fmt::format_to(std::back_inserter(out_), "{}", n); return *this; }
JsonWriter& JsonWriter::value(std::size_t n) { separate(); fmt::format_to(std::back_inserter(out_), "{}", n); return *this; }
JsonWriter& JsonWriter::value(double d) {
  separate();
  if (!std::isfinite(d)) out_ += "null";
  else fmt::format_to(std::back_inserter(out_), "{}", d);
  return *this;
}
JsonWriter& JsonWriter::null() { separate(); out_ += "null"; return *this; }

}  // namespace defuse
