// A lexicon's terms: each a kind and a key (a Snowball stem, an exact folded form or a
// prefix), numbered from 0, in flat arrays: the keys side by side in one string, and an
// open-addressing table from kind and key to term. Compiled lexicons are written to a blob
// and read back at every start, so the table is read as its few arrays are rather than
// rebuilt a node per term.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/blob.h"

namespace defuse {

enum class TermKind : std::uint8_t { stem, exact, prefix };

class TermTable {
 public:
  static constexpr std::uint32_t kNone = ~0u;

  /// The term of that kind and key, or kNone.
  std::uint32_t find(TermKind kind, std::string_view key) const;
  /// The term of that kind and key, added as the next ID if there is none.
  std::uint32_t intern(TermKind kind, std::string_view key);

  std::size_t size() const { return kinds_.size(); }
  TermKind kind(std::uint32_t term) const { return kinds_[term]; }
  std::string_view key(std::uint32_t term) const {
    return {keys_.data() + key_begin_[term], key_begin_[term + 1] - key_begin_[term]};
  }
  /// "stem:sorri", "exact:i'm", "prefix:извин".
  std::string name(std::uint32_t term) const;

  void write(BlobWriter& out) const;
  /// Reads what write() wrote; false when the arrays do not fit together (a damaged blob):
  /// every look-up then stays in bounds and ends.
  bool read(BlobReader& in);

 private:
  struct Slot {
    std::uint32_t term = kNone;  // kNone: empty
    std::uint32_t tag = 0;       // the hash's high half: other keys are passed over unread
  };
  std::string keys_;
  std::vector<std::uint32_t> key_begin_{0};  // by term, and one past the last
  std::vector<TermKind> kinds_;
  std::vector<Slot> slots_ = std::vector<Slot>(16);  // a power of two, at most half full

  static std::uint64_t hash(TermKind kind, std::string_view key);
  void place(std::uint32_t term);
};

}  // namespace defuse
