// A language's lexicon compiled once into a matcher: every pattern word becomes a term ID
// (by Snowball stem, exact form or prefix), each pattern a small tree of term elements
// indexed by its rarest required set of terms (the anchor), and a per-thread TokenCache maps
// each distinct word form of the input to its term IDs once. Scanning a sentence is then a
// table look-up per token, a gather of the patterns anchored on its terms, a signature and
// set test, and a backtracking check of the few candidates left.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/blob.h"
#include "core/diagnostic.h"
#include "lexicon/lexicon.h"
#include "match/pattern.h"
#include "match/stemmer.h"
#include "match/term_table.h"
#include "match/typo.h"
#include "normalize/tokenizer.h"

namespace defuse {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

struct CompiledElement {
  enum class Kind : std::uint8_t { term, any, gap, choice, group };
  Kind kind = Kind::term;
  std::uint8_t max_gap = 0;
  bool optional = false;        // group: may be skipped
  std::uint32_t term = 0;       // term: the term ID; choice: offset into the term-set pool;
                                // group: the sequence ID of its first alternative
  std::uint32_t set_size = 0;   // choice: how many sorted term IDs; group: how many alternatives
};

/// A run of elements in the lexicon's element pool: a pattern's top level, or one
/// alternative of a group. A group's alternatives are consecutive sequence IDs.
struct ElementSequence {
  std::uint32_t begin = 0, end = 0;
};

/// One pattern as written, compiled as a tree: "(le)? pido disculpas" is one pattern with
/// an optional group, not two. (A pattern with no plain word at its top level, like
/// "(a b|c d)", is split at its first group until every piece has one, to anchor on.)
struct CompiledPattern {
  std::uint32_t sequence = 0;  // the top level
  std::uint32_t rule = 0;      // index into the language's rules
  bool unless = false;         // an `unless` pattern of the rule, not a trigger
  bool has_negator = false;    // a word of the pattern is a negator ("не моя вина")
  std::uint32_t anchor = 0;    // element index (in the pool) of the top-level anchor
  std::uint32_t max_before_anchor = 0;  // most tokens the elements before the anchor can span
  std::uint32_t required_begin = 0, required_count = 0;  // required_sets(): one per top-level element
                                                          // that cannot be skipped
  int line = 0;
  std::uint32_t source = 0;    // its index in the rule's `patterns` (or `unless`) list, where
                               // CompiledLexicon::text() finds it as written
};

/// A flat expansion of a pattern (no groups), for the lexicon linter's duplicate and
/// shadowing checks. Built only on request.
struct PatternVariant {
  std::vector<CompiledElement> elements;
  std::uint32_t rule = 0;
  bool unless = false;
  int line = 0;
  std::string text;
};

/// Immutable after compile(); shared by all threads.
class CompiledLexicon {
 public:
  /// Compiles `lexicon`; pattern errors are appended to `errors` with file:line.
  /// `with_variants` also expands every pattern into variants() (for the linter).
  static std::unique_ptr<CompiledLexicon> compile(const LanguageLexicon& lexicon, Diagnostics& errors,
                                                  bool with_variants = false);

  /// The compiled form in the binary encoding of core/blob.h, and back: how the built-in
  /// lexicons are precompiled at build time (the variants are not kept). The tables derived
  /// from the patterns are written too, so that start-up reads them rather than derives
  /// them; read() checks every index and offset in them (the blob may be damaged).
  void write(BlobWriter& out) const;
  static std::unique_ptr<CompiledLexicon> read(BlobReader& in, const LanguageLexicon& lexicon);

  const LanguageLexicon& lexicon() const { return *lexicon_; }
  const std::vector<CompiledPattern>& patterns() const { return patterns_; }
  const std::vector<PatternVariant>& variants() const { return variants_; }
  /// The pattern as written in its rule (kept once, in the lexicon, not per compiled piece).
  std::string_view text(const CompiledPattern& p) const {
    const Rule& rule = lexicon_->rules[p.rule];
    return (p.unless ? rule.unless : rule.patterns)[p.source].text;
  }
  const ElementSequence& sequence(std::uint32_t id) const { return sequences_[id]; }
  /// The term_bit()s a match of the sequence can begin with; all bits when it may match no
  /// token at all (then it cannot be ruled out by its first token).
  std::uint64_t sequence_first_bits(std::uint32_t id) const { return sequence_first_bits_[id]; }
  /// The same for the rest of a sequence from the element at `index` in the pool.
  std::uint64_t rest_first_bits(std::uint32_t index) const { return rest_first_bits_[index]; }
  const CompiledElement& element(std::uint32_t index) const { return elements_[index]; }
  /// A set of terms in term_pool(): each top-level word, choice or group that cannot be
  /// skipped needs one of its set in the sentence.
  struct TermSet {
    std::uint32_t offset = 0, size = 0;
  };
  std::span<const TermSet> required_sets(const CompiledPattern& p) const {
    return {required_.data() + p.required_begin, p.required_count};
  }
  const std::vector<std::uint32_t>& term_pool() const { return term_sets_; }
  /// A 64-bit Bloom signature of required sets, checked against the same signature of a
  /// sentence before the pattern itself is touched: `all` has a bit for each required word,
  /// `any1`/`any2` the bits of the two smallest sets of several terms (all bits: none, so
  /// the test needs no branch of its own).
  struct Signature {
    std::uint64_t all = 0, any1 = ~0ull, any2 = ~0ull;
  };
  static constexpr std::uint32_t kNoTerm = ~0u;
  /// A pattern in an anchor's list, with what rejects most candidates at hand: the
  /// signature of its other required sets and its two rarest other required words
  /// (checked exactly against the sentence's terms; term_count() where there is none, a
  /// term the matcher treats as always present). Derived from the anchor lists.
  struct Anchored {
    Signature signature;
    std::array<std::uint32_t, 2> need{kNoTerm, kNoTerm};
    std::uint32_t pattern = 0;
    std::uint32_t rest_begin = kNoTerm;  // rest_sets(): required sets left to check, if any
  };
  /// What the start loop needs of a pattern that passed its filters, apart from the cold
  /// CompiledPattern.
  struct PatternStart {
    std::uint64_t first_bits = 0;  // term_bit()s a match can begin with
    std::uint32_t sequence = 0;    // the top level
    std::uint32_t max_before_anchor = 0;
  };
  const PatternStart& start_of(std::uint32_t pattern) const { return starts_[pattern]; }
  /// Every term's anchor list in one array: a look-up touches one offset, not a vector header.
  struct AnchoredLists {
    std::vector<Anchored> entries;
    std::vector<std::uint32_t> begin;  // by term, and one past the last
    std::span<const Anchored> of(std::uint32_t term) const {
      return {entries.data() + begin[term], begin[term + 1] - begin[term]};
    }
    /// The `unless` lists only: each term's entries sorted by rule, one group per rule, so a
    /// scan checks whether the rule matched once per group, not per entry.
    struct RuleGroup {
      std::uint32_t rule = 0;
      std::uint32_t begin = 0, end = 0;  // into entries
    };
    std::vector<RuleGroup> groups;
    std::vector<std::uint32_t> group_begin;  // by term, and one past the last
    std::span<const RuleGroup> groups_of(std::uint32_t term) const {
      return {groups.data() + group_begin[term], group_begin[term + 1] - group_begin[term]};
    }
  };
  /// The lists behind anchored_on() for one role, for a scan that looks up every term of a
  /// sentence; with `unless`, the same for the `unless` patterns, which matter only where their
  /// rule has matched (in the sentence, or with `unless_scope: turn` in the turn), so the
  /// matcher looks for them there and nowhere else.
  const AnchoredLists& anchor_lists(Role role, bool unless) const {
    return (unless ? unless_ : anchored_)[static_cast<int>(role)];
  }
  /// The trigger patterns a turn by `role` can match, anchored on `term`. Each pattern is
  /// anchored on its rarest required set (the one that occurs least in running text): a
  /// sentence can only match the patterns whose anchor it contains.
  std::span<const Anchored> anchored_on(Role role, std::uint32_t term) const {
    return anchored_[static_cast<int>(role)].of(term);
  }
  /// The rule of each pattern, and the scope of its rule's `unless` patterns, if it has any.
  std::uint32_t rule_of(std::uint32_t pattern) const { return pattern_rules_[pattern]; }
  enum class UnlessScope : std::uint8_t { none, sentence, turn };
  UnlessScope unless_scope(std::uint32_t rule) const { return unless_scopes_[rule]; }
  std::size_t rule_count() const { return unless_scopes_.size(); }
  /// The sets most often checked get a bit each in a HotMask: a word form's mask has the
  /// bits of the hot sets holding one of its terms, a sentence's the union of its words',
  /// so checking such a set is one bit test, not a look-up per term of the set.
  static constexpr std::uint32_t kHotSets = 256;
  static constexpr std::uint32_t kNotHot = 511;
  using HotMask = std::array<std::uint64_t, kHotSets / 64>;
  /// Adds to `mask` the bits of the hot sets that hold one of `terms`.
  void add_hot_bits(std::span<const std::uint32_t> terms, HotMask& mask) const;
  /// A required set still to check for a candidate, with its terms' term_bit()s.
  struct RestSet {
    std::uint64_t bits = 0;
    std::uint32_t offset = 0;  // into term_pool()
    std::uint32_t size : 22 = 0;  // at most the term count, which is below kMaxTerms
    std::uint32_t last : 1 = 0;   // the candidate's last set
    std::uint32_t hot : 9 = kNotHot;  // its bit in a HotMask, if it has one
  };
  static constexpr std::size_t kMaxTerms = 1u << 22;
  /// The first of a candidate's sets; they run to the one marked `last`.
  const RestSet* rest_sets(const Anchored& a) const { return rest_sets_.data() + a.rest_begin; }

  static std::uint64_t term_bit(std::uint32_t term) { return 1ull << ((term * 0x9E3779B1u) >> 26); }
  std::size_t term_count() const { return terms_.size(); }
  /// "stem:sorri", "exact:i'm", "prefix:извин".
  std::string term_name(std::uint32_t term) const { return terms_.name(term); }
  /// The sorted term IDs of a choice element.
  const std::uint32_t* term_set(const CompiledElement& e) const { return term_sets_.data() + e.term; }
  /// The term_bit()s of a choice element's terms.
  std::uint64_t set_bits(const CompiledElement& e) const { return set_bits_[e.term]; }

  /// Term IDs a folded word and its stem match (appended to `out`).
  void terms_of(std::string_view folded, std::string_view stem, std::vector<std::uint32_t>& out) const;
  /// The keys one edit from a word, for reading typos (built on first use, thread-safe).
  const TypoIndex& typo_index() const;
  /// The words of the `spelling` dictionaries (empty without any), and those not found.
  const KnownWords& known_words() const { return known_; }
  const std::vector<std::string>& missing_dictionaries() const { return missing_dictionaries_; }
  bool is_negator(std::string_view folded) const { return negators_.count(folded) > 0; }
  bool is_filler(std::string_view folded) const { return fillers_.count(folded) > 0; }
  /// Whether a negator before this word still reaches the words after it (true for every
  /// word when the language lists none: the negation window alone decides).
  bool negation_passes(std::string_view folded) const {
    return negation_passes_.empty() || negation_passes_.count(folded) > 0;
  }

 private:
  class Builder;
  const LanguageLexicon* lexicon_ = nullptr;
  std::vector<CompiledPattern> patterns_;
  std::vector<PatternVariant> variants_;
  std::vector<CompiledElement> elements_;      // every sequence's elements
  std::vector<ElementSequence> sequences_;
  // "Derived": computed from the rest when compiling and stored in the blob with it;
  // "derived on reading": rebuilt after read() too, being one pass over the patterns.
  std::vector<std::uint64_t> sequence_first_bits_;  // derived, by sequence
  std::vector<std::uint64_t> rest_first_bits_;      // derived, by element
  std::vector<TermSet> required_;
  std::array<AnchoredLists, 3> anchored_;  // derived: the trigger anchor lists with their filters
  std::array<AnchoredLists, 3> unless_;    // derived: the same for the `unless` patterns
  std::vector<std::uint32_t> pattern_rules_;  // derived on reading, by pattern
  std::vector<UnlessScope> unless_scopes_;    // derived on reading, by rule
  std::vector<RestSet> rest_sets_;    // derived
  std::vector<std::uint32_t> hot_begin_, hot_sets_;  // derived: term -> the hot sets holding it
  std::vector<PatternStart> starts_;  // derived on reading, by pattern
  TermTable terms_;
  std::vector<std::uint32_t> term_sets_;  // pool of sorted term IDs for choice elements
  std::vector<std::uint64_t> set_bits_;   // derived: at each choice's offset, its terms' bits
  std::size_t max_prefix_bytes_ = 0;  // the longest prefix key
  // Derived on reading: a bit per hash of the first kPrefixHead bytes of each prefix key, so
  // most words skip the prefix look-ups at once; set `short_prefix_` if a key is shorter.
  static constexpr std::size_t kPrefixHead = 4;
  std::vector<std::uint64_t> prefix_heads_;
  std::vector<std::uint64_t> prefix_hashes_;  // derived on reading: a bit per prefix key's hash (see terms_of)
  bool short_prefix_ = false;
  static std::uint32_t head_bit(std::string_view word);
  StringSet negators_, fillers_, negation_passes_;
  KnownWords known_;
  std::vector<std::string> missing_dictionaries_;
  mutable std::once_flag typo_once_;
  mutable std::unique_ptr<TypoIndex> typo_;

  // Role -> term -> the IDs of the patterns anchored on it: what choose_anchors() decides and
  // derive_anchored() turns into anchored_ and unless_.
  using AnchorLists = std::array<std::vector<std::vector<std::uint32_t>>, 3>;
  AnchorLists choose_anchors(Stemmer& stemmer);
  void derive_tables();
  void derive_prefix_heads();
  void derive_pattern_tables();
  void derive_anchored(const AnchorLists& anchor_lists);
  void derive_hot_sets();
  bool valid() const;
  bool valid(const AnchoredLists& lists, bool grouped) const;
  std::uint32_t term_for(PatternElement::Kind kind, const std::string& word, Stemmer& stemmer);
};

/// What the matcher knows about one distinct word form.
struct TokenInfo {
  std::uint64_t term_bits = 0;    // CompiledLexicon::term_bit of each of its terms
  std::uint32_t word = 0;         // interned folded form
  std::uint32_t terms_begin = 0;  // into TokenCache::terms()
  std::uint16_t terms_count = 0;
  bool negator = false;
  bool negation_passes = true;  // CompiledLexicon::negation_passes
  bool filler = false;
};

/// Word form as written -> TokenInfo: the look-up every token pays, so an open-addressing
/// table (power-of-two size, linear probing, keys side by side in one buffer) with a
/// seeded hash, rather than a node per entry.
class FormTable {
 public:
  FormTable();
  const TokenInfo* find(std::string_view key, std::uint64_t hash) const;
  /// Adds a key not in the table. Invalidates pointers returned before.
  const TokenInfo& insert(std::string_view key, std::uint64_t hash, const TokenInfo& info);
  std::uint64_t hash(std::string_view key) const;
  /// memcmp(a, b, n) == 0, fast for short keys.
  static bool same_bytes(const char* a, const char* b, std::size_t n);
  std::size_t size() const { return size_; }
  void clear();

 private:
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t offset = 0, length = 0;
    TokenInfo info;
  };
  std::vector<Slot> slots_;
  std::string keys_;
  std::size_t size_ = 0;
  std::uint64_t seed_;
  void grow();
};

// Defined here so that TokenCache::lookup, which runs for every token, inlines them.
inline std::uint64_t FormTable::hash(std::string_view key) const {
  // Words are short: mix eight bytes at a time.
  std::uint64_t h = seed_ ^ (key.size() * 0x9E3779B97F4A7C15ull);
  std::size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    std::uint64_t v;
    std::memcpy(&v, key.data() + i, 8);
    h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
  }
  // The rest (1-7 bytes) with fixed-size loads, no call to memcpy: the last eight bytes
  // overlapping what was mixed already, or two overlapping four-byte loads, or three bytes.
  std::uint64_t v = 0;
  const std::size_t rest = key.size() - i;
  const char* p = key.data();
  if (rest == 0) {
  } else if (key.size() >= 8) {
    std::memcpy(&v, p + key.size() - 8, 8);
  } else if (rest >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + rest - 4, 4);
    v = (std::uint64_t{hi} << 32) | lo;
  } else {
    v = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
        (std::uint64_t{static_cast<unsigned char>(p[rest / 2])} << 8) | static_cast<unsigned char>(p[rest - 1]);
  }
  h = (h ^ v) * 0x94d049bb133111ebull;
  h ^= h >> 29;
  return h | 1;  // never 0, which marks an empty slot
}

// Fixed-size overlapping loads instead of a library call: the keys are short words.
inline bool FormTable::same_bytes(const char* a, const char* b, std::size_t n) {
  auto load8 = [](const char* p) { std::uint64_t v; std::memcpy(&v, p, 8); return v; };
  auto load4 = [](const char* p) { std::uint32_t v; std::memcpy(&v, p, 4); return v; };
  if (n > 16) return std::memcmp(a, b, n) == 0;
  if (n >= 8) return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

inline const TokenInfo* FormTable::find(std::string_view key, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.hash == 0) return nullptr;
    if (slot.hash == hash && slot.length == key.size() && same_bytes(keys_.data() + slot.offset, key.data(), key.size()))
      return &slot.info;
  }
}

/// Per-thread cache from a word as written to its TokenInfo: folding, stemming and term
/// look-up happen once per distinct form. Not thread-safe.
class TokenCache {
 public:
  /// With `spelling`, a word with no term that no `spelling` dictionary has and that is one
  /// edit from a lexicon key is read as that key.
  explicit TokenCache(const CompiledLexicon& lexicon, bool spelling = false);
  const TokenInfo& lookup(std::string_view original);
  /// Whether the interned folded form `word` was read as a typo of a lexicon word.
  bool misspelt(std::uint32_t word) const { return typo_spans_[word].second != 0; }
  const std::string& folded(std::uint32_t word) const { return words_[word]; }
  const std::string& stem_of(std::uint32_t word) const { return stems_[word]; }
  const std::uint32_t* terms(const TokenInfo& info) const { return term_store_.data() + info.terms_begin; }
  /// The hot sets (CompiledLexicon::HotMask) the interned folded form `word` meets.
  const CompiledLexicon::HotMask& hot_mask(std::uint32_t word) const { return hot_masks_[word]; }
  /// Empties the cache when it holds more than kMaxEntries forms. Invalidates TokenInfo
  /// offsets: call only between turns.
  void trim();
  /// 8,192 forms: each form costs about 200 bytes here, for each language and thread, and
  /// twice as many bought no measurable speed (and 10 MB more peak RSS with two jobs).
  static constexpr std::size_t kMaxEntries = 1u << 13;
  /// How many times trim() emptied the cache.
  std::size_t trims() const { return trims_; }

 private:
  const CompiledLexicon& lexicon_;
  Stemmer stemmer_;
  FormTable cache_;
  StringMap<std::uint32_t> word_ids_;
  std::vector<std::string> words_, stems_;
  std::vector<CompiledLexicon::HotMask> hot_masks_;  // by word
  bool spelling_ = false;
  // By word: the terms it was read as when misspelt (offset into typo_terms_, count; 0: not
  // misspelt), decided once per word.
  std::vector<std::pair<std::uint32_t, std::uint16_t>> typo_spans_;
  std::vector<std::uint32_t> typo_terms_;
  std::vector<std::uint32_t> term_store_;
  std::vector<std::uint32_t> scratch_;
  std::string folded_;
  std::size_t trims_ = 0;
};

/// A token ready for matching: fillers removed and immediate repeats collapsed.
struct MatchToken {
  std::uint64_t term_bits = 0;       // as TokenInfo: rejects most choice sets without a search
  std::uint32_t begin = 0, end = 0;  // byte span in the turn text
  std::uint32_t sentence = 0;
  std::uint32_t word = 0;
  std::uint32_t terms_begin = 0;
  std::uint16_t terms_count = 0;
  bool quoted = false;
  bool negator = false;
  bool negation_passes = true;
  bool upper = false;
};

/// Turns segmented text into match tokens via the cache.
void prepare_tokens(std::string_view text, const Segmented& segmented, TokenCache& cache,
                    std::vector<MatchToken>& out);

/// One pattern occurrence in a token sequence: tokens [first, end). A pattern is found at
/// most once per start token.
struct PatternMatch {
  std::uint32_t pattern = 0;
  std::uint32_t first = 0;
  std::uint32_t end = 0;
};

/// All occurrences of the trigger patterns of the rules `role` may say, or of every rule
/// with `every_speaker`, and of the `unless` patterns that can cancel one of them: for a rule
/// that matched in a sentence, one match of its `unless` patterns there if any (one is all a
/// cancellation needs); for a rule with `unless_scope: turn` that matched in the turn, one
/// match of its `unless` patterns anywhere in the turn. Never crossing a sentence.
void find_matches(const CompiledLexicon& lexicon, const TokenCache& cache, const std::vector<MatchToken>& tokens,
                  Role role, bool every_speaker, std::vector<PatternMatch>& out);

}  // namespace defuse
