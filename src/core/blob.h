// A flat binary encoding for data the build computes once and the program maps back at
// start-up (the compiled built-in lexicons): little-endian PODs, length-prefixed strings and
// vectors. The reader checks every length against what is left and reports failure instead
// of reading past the end.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace defuse {

class BlobWriter {
 public:
  template <typename T>
  void pod(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void boolean(bool value) { pod<std::uint8_t>(value ? 1 : 0); }
  void string(std::string_view s) {
    pod<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  template <typename E>
  void enumeration(E value) {
    pod<std::int32_t>(static_cast<std::int32_t>(value));
  }
  template <typename T>
  void pods(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod<std::uint32_t>(static_cast<std::uint32_t>(values.size()));
    if (!values.empty()) out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void strings(const std::vector<std::string>& values) {
    pod<std::uint32_t>(static_cast<std::uint32_t>(values.size()));
    for (const auto& s : values) string(s);
  }
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

class BlobReader {
 public:
  explicit BlobReader(std::string_view data) : data_(data) {}

  template <typename T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value{};
    if (take(sizeof(T))) std::memcpy(&value, data_.data() + pos_ - sizeof(T), sizeof(T));
    return value;
  }
  /// A bool: any byte other than 0 or 1 is a damaged blob (and would be undefined as a bool).
  bool boolean() {
    auto v = pod<std::uint8_t>();
    if (v > 1) ok_ = false;
    return v == 1;
  }
  /// An enum stored as its underlying value, checked against `count` values.
  template <typename E>
  E enumeration(int count) {
    auto v = pod<std::int32_t>();
    if (v < 0 || v >= count) ok_ = false;
    return static_cast<E>(ok_ ? v : 0);
  }
  std::string string() { return std::string(view()); }
  /// A string as string() reads it, viewed in place (valid while the blob's bytes are).
  std::string_view view() {
    auto n = pod<std::uint32_t>();
    if (!take(n)) return {};
    return data_.substr(pos_ - n, n);
  }
  template <typename T>
  void pods(std::vector<T>& out) {
    auto n = pod<std::uint32_t>();
    if (!ok_ || n > (data_.size() - pos_) / sizeof(T)) {
      ok_ = false;
      return;
    }
    out.resize(n);
    if (n > 0) std::memcpy(out.data(), data_.data() + pos_, n * sizeof(T));  // data() may be null
    pos_ += n * sizeof(T);
  }
  void strings(std::vector<std::string>& out) {
    auto n = pod<std::uint32_t>();
    if (!ok_ || n > data_.size() - pos_) {
      ok_ = false;
      return;
    }
    out.resize(n);
    for (auto& s : out) s = string();
  }
  /// A count that must fit in what is left (each item at least one byte).
  std::uint32_t count() {
    auto n = pod<std::uint32_t>();
    if (n > data_.size() - pos_) ok_ = false;
    return ok_ ? n : 0;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;

  bool take(std::size_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }
};

/// Whether `begin` can index a table of `size` entries by item, item i's entries being
/// [begin[i], begin[i + 1]): one offset per item and one past the last, from 0, never
/// decreasing. (What a reader checks of such offsets before following them.)
inline bool valid_offsets(const std::vector<std::uint32_t>& begin, std::size_t items, std::size_t size) {
  if (begin.size() != items + 1 || begin.front() != 0 || begin.back() != size) return false;
  for (std::size_t i = 0; i < items; ++i)
    if (begin[i] > begin[i + 1]) return false;
  return true;
}

/// A cheap 64-bit fingerprint (of the sources a blob was built from, of a word): FNV-1a
/// taken eight bytes at a time, each step's high bits folded into its low ones. Every start
/// checks the 3.4 MB of embedded lexicon sources with it: byte at a time that was 7 % of
/// start-up.
inline std::uint64_t fingerprint(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ull) {
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ull;
  return h ^ (h >> 29);
}

}  // namespace defuse
