// Misspelt words read as the lexicon word they are one edit away from ("disclupe" as
// "disculpe", «извеняюсь» as «извин*»), but only when no spelling dictionary has the word: without that check an edit turns real words into lexicon words far too
// often ("caliente" -> "cliente", «столько» -> «только»).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "match/term_table.h"

namespace defuse {

/// The lexicon's keys (stems, exact forms, prefixes) indexed by their one-letter deletions,
/// so that the keys one edit (a letter dropped, added, replaced, or two neighbours swapped)
/// from a word are found with a table look-up per deletion of the word rather than a scan.
class TypoIndex {
 public:
  using Kind = TermKind;
  /// Keys shorter than this (in letters) are left out: too many real words are one edit
  /// from a short key.
  static constexpr std::size_t kMinKeyLetters = 4;
  /// Words shorter than this are never corrected: most five-letter words one edit from a
  /// key turned out to be names and foreign words ("danke", "tiene", «карри»), not typos.
  static constexpr std::size_t kMinWordLetters = 6;
  /// A word one edit from more stems than this is no clear typo ("filme": fill, file, firm).
  static constexpr std::size_t kMaxStemReadings = 2;

  void add(Kind kind, std::string_view key, std::uint32_t term);
  /// Call once after the last add().
  void finish();
  bool empty() const { return keys_.empty(); }

  /// Appends the terms of the keys exactly one edit from the word (`folded`, whose stem is
  /// `stem`): stem keys against the stem, exact keys against the word, prefix keys against
  /// the word's beginning. Nothing for words with characters other than letters and
  /// apostrophes or shorter than kMinWordLetters.
  void near_terms(std::string_view folded, std::string_view stem, std::vector<std::uint32_t>& out) const;

 private:
  struct Key {
    std::string text;
    std::uint32_t term = 0;
    Kind kind = Kind::stem;
  };
  struct Slot {
    std::uint32_t tag = 0;  // the hash's high half; 0: empty
    std::uint32_t key = 0;
  };
  std::vector<Key> keys_;
  std::vector<Slot> slots_;                // open addressing, at most half full
  std::vector<std::uint64_t> filter_;      // a bit per hash: most look-ups stop here
  std::vector<std::uint8_t> prefix_lengths_;  // the letter counts of the prefix keys
  void insert(std::uint64_t hash, std::uint32_t key);
  bool may_have(std::uint64_t hash) const;
  void look_up(std::uint64_t hash, const std::u32string& query, std::size_t query_length,
               std::vector<std::uint32_t>& out) const;
  struct Hashes;
  void near_keys(const std::u32string& query, const Hashes& hashes, std::size_t length, Kind kind,
                 std::vector<std::uint32_t>& out) const;
};

/// Optimal string alignment distance (Levenshtein with adjacent swaps), stopping early
/// once it exceeds `limit`.
std::size_t edit_distance(std::u32string_view a, std::u32string_view b, std::size_t limit);

/// The words of Hunspell dictionaries (Debian's hunspell-ru, hunspell-es, hunspell-en-us,
/// hunspell-en-gb), read when the lexicon is compiled — at build time for the built-in
/// lexicons — and kept as 64-bit hashes of each entry's folded form and of its Snowball stem:
/// an inflected form is known when its stem is a dictionary word's ("предупреждения",
/// "lugares"), and folding makes accents and case not matter ("informacion", "mexico").
/// About 2 MB for the three languages, instead of Hunspell's 40 MB in memory.
class KnownWords {
 public:
  /// Reads the dictionaries named in a `spelling` value ("en_US en_GB") from $DICPATH, then
  /// /usr/share/hunspell; those not found are appended to `missing`.
  static KnownWords read_dictionaries(std::string_view spelling, const std::string& stemmer,
                                      std::vector<std::string>& missing);
  bool empty() const { return hashes_.empty(); }
  std::size_t size() const { return hashes_.size(); }
  /// Whether a folded word, or its stem, is a dictionary word's.
  bool knows(std::string_view folded, std::string_view stem) const;
  /// The names in a `spelling` value.
  static std::vector<std::string> names(std::string_view spelling);
  /// The .dic file of a dictionary name, or "".
  static std::string find_dictionary(const std::string& name);

  const std::vector<std::uint32_t>& hashes() const { return hashes_; }
  static KnownWords from_hashes(std::vector<std::uint32_t> sorted) {
    KnownWords k;
    k.hashes_ = std::move(sorted);
    return k;
  }

 private:
  // Sorted. 32 bits: with 300,000 words a typo passes for a known word once in 14,000.
  std::vector<std::uint32_t> hashes_;
};

}  // namespace defuse
