// A minimal streaming JSON writer into a std::string: defuse's records are written by hand
// for speed and a stable key order; reading JSON goes through simdjson.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace defuse {

/// Appends `s` as a JSON string literal (quotes included) to `out`.
void append_json_string(std::string& out, std::string_view s);

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(int n);
  JsonWriter& value(long n);
  JsonWriter& value(long long n);
  JsonWriter& value(std::size_t n);
  JsonWriter& value(double d);
  JsonWriter& null();
  template <typename T>
  JsonWriter& value(const std::optional<T>& v) { return v ? value(*v) : null(); }
  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) { key(k); return value(v); }

 private:
  std::string& out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
  void separate();
};

}  // namespace defuse
