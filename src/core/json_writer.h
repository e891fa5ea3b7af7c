// A minimal streaming JSON writer into a std::string: defuse's records are written by hand
// for speed and a stable key order; reading JSON goes through simdjson.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace defuse {

/// Appends `s` as a JSON string literal (quotes included) to `out` (not while a JsonWriter
/// is writing to `out`).
void append_json_string(std::string& out, std::string_view s);

/// A key of defuse's own schema, spelled at compile time with its quotes, colon and the
/// comma before it, so that writing it is one fixed-size copy and no escaping. Used as a
/// template argument, `w.fixed_field<"turn">(n)`, it is built once, at compile time; keys
/// from input go through JsonWriter::key(), which escapes them.
struct JsonKey {
  static constexpr std::size_t kMaxSize = 32;
  // Public: a template argument's members must be.
  char text[kMaxSize] = {};  // the first `size` bytes are the key with its comma
  std::size_t size = 0;

  template <std::size_t N>
  consteval JsonKey(const char (&name)[N]) : size(N + 3) {  // ,"name":
    static_assert(N + 3 < kMaxSize, "a longer key needs a larger JsonKey");
    text[0] = ',';
    text[1] = '"';
    for (std::size_t i = 0; i + 1 < N; ++i) {
      if (name[i] == '"' || name[i] == '\\' || static_cast<unsigned char>(name[i]) < 0x20)
        throw "a JsonKey must need no escaping";  // fails the build: consteval
      text[i + 2] = name[i];
    }
    text[N + 1] = '"';
    text[N + 2] = ':';
  }
};

/// Writes one JSON value (usually an object) at the end of `out`.
///
/// The text reaches `out` when the outermost value is complete (its container closes, or a
/// scalar is written at the top) and when the writer is destroyed; until then `out` is
/// larger than the text and must not be read or written. Small pieces are stored with
/// plain stores into room made in `out` ahead of them: each std::string append is a call
/// into the library, and a record is hundreds of small pieces.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  ~JsonWriter() {
    if (pending_) finish();
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  /// Any key: escaped.
  JsonWriter& key(std::string_view k);
  /// One of our keys: see JsonKey.
  template <JsonKey K>
  JsonWriter& fixed_key() {
    const std::size_t skip = need_comma_ && depth_ > 0 ? 0 : 1;  // the comma
    std::memcpy(room(JsonKey::kMaxSize), K.text + skip, JsonKey::kMaxSize - 1);  // fixed size: no call
    used_ += K.size - skip;
    need_comma_ = after_key_ = true;
    return *this;
  }
  /// A key known to need no escaping (an ID of ours, not input text): copied as is.
  JsonWriter& plain_key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) { return literal(b ? std::string_view("true") : std::string_view("false")); }
  JsonWriter& value(int n) { return integer(n); }
  JsonWriter& value(long n) { return integer(n); }
  JsonWriter& value(long long n) { return integer(n); }
  JsonWriter& value(std::size_t n) { return integer(n); }
  JsonWriter& value(double d);
  JsonWriter& null() { return literal("null"); }
  template <typename T>
  JsonWriter& value(const std::optional<T>& v) { return v ? value(*v) : null(); }
  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) { key(k); return value(v); }
  template <JsonKey K, typename T>
  JsonWriter& fixed_field(const T& v) { fixed_key<K>(); return value(v); }

 private:
  std::string& out_;
  std::size_t used_ = 0;     // bytes of `out_` written; the rest is room (while pending_)
  bool pending_ = false;     // `out_` holds room past the text
  int depth_ = 0;            // open containers
  bool need_comma_ = false;  // the innermost open container already has an element
  bool after_key_ = false;

  /// At least `bytes` of writable room at the end of the text, and where it starts.
  char* room(std::size_t bytes) {
    if (!pending_) {  // `out_` may have been written to since the last value
      used_ = out_.size();
      pending_ = true;
    }
    if (out_.size() - used_ < bytes) grow(bytes);
    return out_.data() + used_;
  }
  void grow(std::size_t bytes);
  /// Hands the text to `out_` (drops the room) once the outermost value is complete.
  void finish() {
    out_.resize(used_);
    pending_ = false;
  }

  // Before a key or a value: two flags, no stack, since a container that closes was itself
  // an element of the one around it.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (need_comma_ && depth_ > 0) {
      *room(1) = ',';
      ++used_;
    }
    need_comma_ = true;
  }
  JsonWriter& done_value() {
    if (depth_ == 0) finish();
    return *this;
  }
  JsonWriter& open(char bracket) {
    separate();
    *room(1) = bracket;
    ++used_;
    ++depth_;
    need_comma_ = false;
    return *this;
  }
  JsonWriter& close(char bracket) {
    *room(1) = bracket;
    ++used_;
    --depth_;
    need_comma_ = true;
    return done_value();
  }
  JsonWriter& literal(std::string_view text) {
    separate();
    char* p = room(8);
    std::memcpy(p, text.data(), text.size());
    used_ += text.size();
    return done_value();
  }
  // std::to_chars: fmt's general machinery costs far more than the digits of a turn number.
  template <typename Integer>
  JsonWriter& integer(Integer n) {
    separate();
    char* p = room(24);
    used_ = std::to_chars(p, p + 24, n).ptr - out_.data();
    return done_value();
  }
  void string(std::string_view s);
};

}  // namespace defuse
