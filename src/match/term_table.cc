#include "match/term_table.h"

#include <algorithm>

namespace defuse {

std::uint64_t TermTable::hash(TermKind kind, std::string_view key) {
  // Seeded by the kind: "stem:mand" and "prefix:mand" are two terms.
  return fingerprint(key, 0xcbf29ce484222325ull ^ (static_cast<std::uint64_t>(kind) + 1) * 0x9E3779B97F4A7C15ull);
}

std::uint32_t TermTable::find(TermKind kind, std::string_view key) const {
  const std::uint64_t h = hash(kind, key);
  const auto tag = static_cast<std::uint32_t>(h >> 32);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask; slots_[i].term != kNone; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.tag == tag && kinds_[slot.term] == kind && this->key(slot.term) == key) return slot.term;
  }
  return kNone;
}

void TermTable::place(std::uint32_t term) {
  const std::uint64_t h = hash(kinds_[term], key(term));
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].term != kNone) i = (i + 1) & mask;
  slots_[i] = {term, static_cast<std::uint32_t>(h >> 32)};
}

std::uint32_t TermTable::intern(TermKind kind, std::string_view key) {
  if (std::uint32_t known = find(kind, key); known != kNone) return known;
  const auto term = static_cast<std::uint32_t>(size());
  keys_.append(key);
  key_begin_.push_back(static_cast<std::uint32_t>(keys_.size()));
  kinds_.push_back(kind);
  if (size() * 2 > slots_.size()) {
    slots_.assign(slots_.size() * 2, Slot{});
    for (std::uint32_t t = 0; t <= term; ++t) place(t);
  } else {
    place(term);
  }
  return term;
}

std::string TermTable::name(std::uint32_t term) const {
  static constexpr std::string_view kPrefixes[] = {"stem:", "exact:", "prefix:"};
  std::string name(kPrefixes[static_cast<int>(kind(term))]);
  name += key(term);
  return name;
}

void TermTable::write(BlobWriter& out) const {
  out.string(keys_);
  out.pods(key_begin_);
  out.pods(kinds_);
  out.pods(slots_);
}

bool TermTable::read(BlobReader& in) {
  keys_ = in.view();
  in.pods(key_begin_);
  in.pods(kinds_);
  in.pods(slots_);
  if (!in.ok() || !valid_offsets(key_begin_, kinds_.size(), keys_.size())) return false;
  for (TermKind kind : kinds_)
    if (kind > TermKind::prefix) return false;
  // A probe ends at an empty slot: there must be one, and the size must be a power of two
  // for the mask to stay inside.
  if (slots_.empty() || (slots_.size() & (slots_.size() - 1)) != 0) return false;
  std::size_t filled = 0;
  for (const Slot& slot : slots_) {
    if (slot.term == kNone) continue;
    if (slot.term >= size()) return false;
    ++filled;
  }
  return filled < slots_.size();
}

}  // namespace defuse
