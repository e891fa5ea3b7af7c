#include "match/matcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "match/pattern.h"
#include "normalize/fold.h"

namespace defuse {
namespace {

// Folds a pattern word and splits it the way the tokenizer splits text ("e-mail" -> e, mail).
std::vector<std::string> fold_words(std::string_view word) {
  std::string folded = fold(word);
  Segmented seg;
  segment(folded, seg);
  std::vector<std::string> out;
  for (const auto& t : seg.tokens) out.emplace_back(folded.substr(t.begin, t.end - t.begin));
  return out;
}

// Example sentences a language needs before they, not pattern counts, rank anchor terms.
constexpr std::uint32_t kMinExampleSentences = 200;

std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// "Suning", not "suning" or "SUNING".
bool title_case(std::string_view word) {
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(word.size());
  UChar32 first, second;
  U8_NEXT(word.data(), i, n, first);
  if (i >= n || first < 0 || !u_isupper(first)) return false;
  U8_NEXT(word.data(), i, n, second);
  return second >= 0 && u_islower(second);
}

}  // namespace

std::uint32_t CompiledLexicon::term_for(PatternElement::Kind kind, const std::string& word, Stemmer& stemmer) {
  if (kind == PatternElement::Kind::prefix) {
    max_prefix_bytes_ = std::max(max_prefix_bytes_, word.size());
    return terms_.intern(TermKind::prefix, word);
  }
  if (kind == PatternElement::Kind::exact) return terms_.intern(TermKind::exact, word);
  return terms_.intern(TermKind::stem, stemmer.stem(word));
}

// Compiles pattern trees into the lexicon's pools: words folded, split like text and
// turned into term IDs; one-word alternatives into choice sets (shared between patterns).
class CompiledLexicon::Builder {
 public:
  Builder(CompiledLexicon& c, Stemmer& stemmer, Diagnostics& errors) : c_(c), stemmer_(stemmer), errors_(errors) {}

  // Compiles one written pattern into one or more CompiledPatterns.
  void add(const Rule& rule, std::uint32_t rule_index, std::uint32_t source, const Rule::Pattern& pattern, bool unless) {
    rule_ = &rule;
    line_ = pattern.line;
    text_ = &pattern.text;
    PatternSequence tree;
    std::string error;
    if (!parse_pattern(pattern.text, tree, error)) return fail(error);
    if (count_variants(tree, kMaxVariants) > kMaxVariants)
      return fail(fmt::format("pattern expands to more than {} variants", kMaxVariants));
    std::vector<PatternSequence> pieces;
    split(tree, pieces);
    for (const auto& piece : pieces) {
      has_negator_ = false;
      failed_ = false;
      std::uint32_t seq = compile_sequence(piece);
      if (failed_) return;
      ElementSequence& top = c_.sequences_[seq];
      while (top.end > top.begin && c_.elements_[top.end - 1].kind == CompiledElement::Kind::gap) --top.end;
      if (top.end == top.begin) continue;  // "(a)?" alone: nothing to match
      const CompiledElement& head = c_.elements_[top.begin];
      if (head.kind == CompiledElement::Kind::gap || head.kind == CompiledElement::Kind::any)
        return fail("a pattern must not start with '...' or '_'");
      bool has_word = false;
      for (std::uint32_t i = top.begin; i < top.end; ++i) has_word |= is_word(c_.elements_[i]);
      if (!has_word) {
        errors_.push_back({rule.file, line_, fmt::format("pattern '{}' has no word left after normalization", pattern.text)});
        return;
      }
      CompiledPattern cp;
      cp.sequence = seq;
      cp.rule = rule_index;
      cp.unless = unless;
      cp.has_negator = has_negator_;
      cp.line = pattern.line;
      cp.source = source;
      c_.patterns_.push_back(std::move(cp));
    }
  }

  // The linter's flat variants (no groups) of one written pattern.
  void add_variants(std::uint32_t rule_index, const Rule::Pattern& pattern, bool unless) {
    std::vector<ExpandedPattern> expanded;
    std::string error;
    if (!expand_pattern(pattern.text, expanded, error, kMaxVariants)) return;
    for (const auto& variant : expanded) {
      PatternVariant v;
      v.rule = rule_index;
      v.unless = unless;
      v.line = pattern.line;
      v.text = pattern.text;
      for (const auto& el : variant) {
        if (el.kind == PatternElement::Kind::any) v.elements.push_back({CompiledElement::Kind::any});
        else if (el.kind == PatternElement::Kind::gap)
          v.elements.push_back({CompiledElement::Kind::gap, static_cast<std::uint8_t>(el.max_gap)});
        else if (el.kind == PatternElement::Kind::choice) {
          PatternNode node;
          node.is_group = true;
          for (const auto& atom : el.choices) node.alternatives.push_back({PatternNode{false, false, atom, {}}});
          v.elements.push_back(choice_of(node));
        } else {
          auto words = words_of(el.text);
          for (std::size_t i = 0; i < words.size(); ++i) {
            PatternElement::Kind kind = el.kind;
            if (kind == PatternElement::Kind::prefix && i + 1 < words.size()) kind = PatternElement::Kind::word;
            v.elements.push_back({CompiledElement::Kind::term, 0, false, c_.term_for(kind, words[i], stemmer_)});
          }
        }
      }
      c_.variants_.push_back(std::move(v));
    }
  }

 private:
  static constexpr std::size_t kMaxVariants = 512;
  CompiledLexicon& c_;
  Stemmer& stemmer_;
  Diagnostics& errors_;
  const Rule* rule_ = nullptr;
  int line_ = 0;
  const std::string* text_ = nullptr;
  bool has_negator_ = false, failed_ = false;
  StringMap<std::vector<std::string>> folded_words_;  // raw pattern word -> its folded tokens
  std::map<std::string, CompiledElement> choices_;    // a choice's atoms -> its compiled set

  static bool is_word(const CompiledElement& e) {
    return e.kind == CompiledElement::Kind::term || e.kind == CompiledElement::Kind::choice;
  }
  void fail(const std::string& error) {
    failed_ = true;
    errors_.push_back({rule_->file, line_, fmt::format("pattern '{}': {}", *text_, error)});
  }
  const std::vector<std::string>& words_of(const std::string& raw) {
    auto it = folded_words_.find(raw);
    if (it == folded_words_.end()) it = folded_words_.emplace(raw, fold_words(raw)).first;
    for (const auto& w : it->second) has_negator_ |= c_.negators_.count(w) > 0;
    return it->second;
  }
  static bool is_single_word(const PatternSequence& alt) {
    return alt.size() == 1 && !alt[0].is_group &&
           (alt[0].element.kind == PatternElement::Kind::word || alt[0].element.kind == PatternElement::Kind::prefix ||
            alt[0].element.kind == PatternElement::Kind::exact);
  }
  static bool has_top_level_word(const PatternSequence& seq) {
    for (const auto& node : seq) {
      if (!node.is_group) {
        if (node.element.kind != PatternElement::Kind::any && node.element.kind != PatternElement::Kind::gap) return true;
      } else if (!node.optional && std::all_of(node.alternatives.begin(), node.alternatives.end(), is_single_word)) {
        return true;  // compiles to one choice element
      }
    }
    return false;
  }
  // A pattern needs a top-level word to be anchored on: split it at its first group, one
  // piece per alternative, until each piece has one.
  static void split(const PatternSequence& seq, std::vector<PatternSequence>& out) {
    if (has_top_level_word(seq) || out.size() >= kMaxVariants) {
      out.push_back(seq);
      return;
    }
    auto group = std::find_if(seq.begin(), seq.end(), [](const PatternNode& n) { return n.is_group; });
    if (group == seq.end()) {
      out.push_back(seq);
      return;
    }
    auto splice = [&](const PatternSequence* alt) {
      PatternSequence piece(seq.begin(), group);
      if (alt) piece.insert(piece.end(), alt->begin(), alt->end());
      piece.insert(piece.end(), group + 1, seq.end());
      split(piece, out);
    };
    if (group->optional) splice(nullptr);
    for (const auto& alt : group->alternatives) splice(&alt);
  }
  // One-word alternatives as one sorted set of term IDs.
  CompiledElement choice_of(const PatternNode& group) {
    std::string key;
    for (const auto& alt : group.alternatives)
      if (is_single_word(alt)) key += fmt::format("{}{}|", static_cast<int>(alt[0].element.kind), alt[0].element.text);
    std::vector<std::uint32_t> set;
    for (const auto& alt : group.alternatives) {
      if (!is_single_word(alt)) continue;
      const auto& words = words_of(alt[0].element.text);
      if (words.size() != 1) {
        errors_.push_back({rule_->file, line_,
                           fmt::format("pattern '{}': alternative '{}' is {} words after normalization; "
                                       "write its words separately", *text_, alt[0].element.text, words.size())});
        failed_ = true;
        continue;
      }
      set.push_back(c_.term_for(alt[0].element.kind, words[0], stemmer_));
    }
    if (auto known = choices_.find(key); known != choices_.end()) return known->second;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    CompiledElement ce{CompiledElement::Kind::choice, 0, false, static_cast<std::uint32_t>(c_.term_sets_.size()),
                       static_cast<std::uint32_t>(set.size())};
    if (set.size() == 1) ce = {CompiledElement::Kind::term, 0, false, set[0]};
    else c_.term_sets_.insert(c_.term_sets_.end(), set.begin(), set.end());
    choices_.emplace(key, ce);
    return ce;
  }
  // Compiles `seq` into consecutive pool elements; returns its sequence ID.
  std::uint32_t compile_sequence(const PatternSequence& seq) {
    std::vector<CompiledElement> out;
    for (const auto& node : seq) {
      if (!node.is_group) {
        const PatternElement& el = node.element;
        if (el.kind == PatternElement::Kind::any) out.push_back({CompiledElement::Kind::any});
        else if (el.kind == PatternElement::Kind::gap)
          out.push_back({CompiledElement::Kind::gap, static_cast<std::uint8_t>(el.max_gap)});
        else {
          const auto& words = words_of(el.text);
          for (std::size_t i = 0; i < words.size(); ++i) {
            PatternElement::Kind kind = el.kind;
            if (kind == PatternElement::Kind::prefix && i + 1 < words.size()) kind = PatternElement::Kind::word;
            out.push_back({CompiledElement::Kind::term, 0, false, c_.term_for(kind, words[i], stemmer_)});
          }
        }
        continue;
      }
      std::vector<const PatternSequence*> multi;
      bool singles = false;
      for (const auto& alt : node.alternatives) {
        if (is_single_word(alt)) singles = true;
        else multi.push_back(&alt);
      }
      // The one-word alternatives as one set; a lone word as itself (it may fold into
      // several tokens, or none: "(,)?").
      std::vector<CompiledElement> set;
      if (singles) {
        auto count = std::count_if(node.alternatives.begin(), node.alternatives.end(), is_single_word);
        if (count == 1) {
          auto alt = std::find_if(node.alternatives.begin(), node.alternatives.end(), is_single_word);
          PatternSequence lone{(*alt)[0]};
          const ElementSequence& compiled = c_.sequences_[compile_sequence(lone)];
          set.assign(c_.elements_.begin() + compiled.begin, c_.elements_.begin() + compiled.end);
        } else {
          set.push_back(choice_of(node));
        }
      }
      if (multi.empty() && !node.optional) {
        out.insert(out.end(), set.begin(), set.end());
        continue;
      }
      // A group: its alternatives are consecutive sequences, the one-word ones first as a set.
      std::vector<std::vector<CompiledElement>> alternatives;
      if (singles && !set.empty()) alternatives.push_back(set);
      std::vector<std::uint32_t> compiled;
      for (const auto* alt : multi) compiled.push_back(compile_sequence(*alt));
      auto first = static_cast<std::uint32_t>(c_.sequences_.size());
      for (auto& elements : alternatives) {
        auto begin = static_cast<std::uint32_t>(c_.elements_.size());
        c_.elements_.insert(c_.elements_.end(), elements.begin(), elements.end());
        c_.sequences_.push_back({begin, static_cast<std::uint32_t>(c_.elements_.size())});
      }
      for (std::uint32_t id : compiled) c_.sequences_.push_back(c_.sequences_[id]);  // copies: consecutive IDs
      CompiledElement group{CompiledElement::Kind::group, 0, node.optional, first,
                            static_cast<std::uint32_t>(c_.sequences_.size()) - first};
      if (group.set_size == 0) continue;
      out.push_back(group);
    }
    auto begin = static_cast<std::uint32_t>(c_.elements_.size());
    c_.elements_.insert(c_.elements_.end(), out.begin(), out.end());
    c_.sequences_.push_back({begin, static_cast<std::uint32_t>(c_.elements_.size())});
    return static_cast<std::uint32_t>(c_.sequences_.size()) - 1;
  }
};

std::unique_ptr<CompiledLexicon> CompiledLexicon::compile(const LanguageLexicon& lexicon, Diagnostics& errors,
                                                          bool with_variants) {
  auto compiled = std::unique_ptr<CompiledLexicon>(new CompiledLexicon());
  CompiledLexicon& c = *compiled;
  c.lexicon_ = &lexicon;
  Stemmer stemmer(lexicon.stemmer);
  if (!lexicon.stemmer.empty() && !stemmer.ok())
    errors.push_back({lexicon.lang + "/language.yaml", 0, fmt::format("unknown Snowball stemmer '{}'", lexicon.stemmer)});
  for (const auto& n : lexicon.negators) c.negators_.insert(fold(n));
  for (const auto& f : lexicon.fillers) c.fillers_.insert(fold(f));
  for (const auto& w : lexicon.negation_passes) c.negation_passes_.insert(fold(w));
  if (!lexicon.spelling.empty()) c.known_ = KnownWords::read_dictionaries(lexicon.spelling, lexicon.stemmer, c.missing_dictionaries_);
  Builder builder(c, stemmer, errors);
  for (std::uint32_t r = 0; r < lexicon.rules.size(); ++r) {
    const Rule& rule = lexicon.rules[r];
    for (std::uint32_t k = 0; k < rule.patterns.size(); ++k) builder.add(rule, r, k, rule.patterns[k], false);
    for (std::uint32_t k = 0; k < rule.unless.size(); ++k) builder.add(rule, r, k, rule.unless[k], true);
    if (with_variants) {
      for (const auto& p : rule.patterns) builder.add_variants(r, p, false);
      for (const auto& p : rule.unless) builder.add_variants(r, p, true);
    }
  }
  if (c.terms_.size() >= kMaxTerms) {
    errors.push_back({lexicon.lang + "/", 0, fmt::format("{} distinct pattern words: more than the matcher can index ({})",
                                                         c.terms_.size(), kMaxTerms - 1)});
  }
  c.derive_prefix_heads();  // choose_anchors() looks words up
  const AnchorLists anchor_lists = c.choose_anchors(stemmer);
  c.derive_tables();
  c.derive_pattern_tables();
  c.derive_anchored(anchor_lists);
  c.derive_hot_sets();
  return compiled;
}

// The term bits of each choice, and those a match of each sequence (and of the rest of a
// sequence from each element) can begin with.
void CompiledLexicon::derive_tables() {
  set_bits_.assign(term_sets_.size() + 1, 0);
  for (const auto& e : elements_) {
    if (e.kind != CompiledElement::Kind::choice) continue;
    std::uint64_t bits = 0;
    for (std::uint32_t k = 0; k < e.set_size; ++k) bits |= term_bit(term_sets_[e.term + k]);
    set_bits_[e.term] = bits;
  }
  // The term bits a match can begin with, so most start positions are refused at once.
  // Returns whether the sequence from `index` can match no token at all.
  auto first_bits = [&](auto&& self, std::uint32_t sequence, std::uint32_t index, std::uint64_t& bits) -> bool {
    const ElementSequence& seq = sequences_[sequence];
    for (std::uint32_t i = seq.begin + index; i < seq.end; ++i) {
      const CompiledElement& e = elements_[i];
      switch (e.kind) {
        case CompiledElement::Kind::term: bits |= term_bit(e.term); return false;
        case CompiledElement::Kind::choice: bits |= set_bits_[e.term]; return false;
        case CompiledElement::Kind::any:
        case CompiledElement::Kind::gap: bits = ~0ull; return false;  // anything may come first
        case CompiledElement::Kind::group: {
          bool empty = e.optional;
          for (std::uint32_t k = 0; k < e.set_size; ++k) empty |= self(self, e.term + k, 0, bits);
          if (!empty) return false;
          break;  // the group may be absent: what follows may come first too
        }
      }
    }
    return true;
  };
  sequence_first_bits_.assign(sequences_.size(), 0);
  rest_first_bits_.assign(elements_.size(), ~0ull);
  for (std::uint32_t seq = 0; seq < sequences_.size(); ++seq) {
    if (first_bits(first_bits, seq, 0, sequence_first_bits_[seq])) sequence_first_bits_[seq] = ~0ull;
    for (std::uint32_t i = sequences_[seq].begin; i < sequences_[seq].end; ++i) {
      std::uint64_t bits = 0;
      rest_first_bits_[i] = first_bits(first_bits, seq, i - sequences_[seq].begin, bits) ? ~0ull : bits;
    }
  }
}

// Copies of pattern fields laid out for the scan. One pass over the patterns: rebuilt after
// reading too, which costs less than storing them and checking that they agree.
void CompiledLexicon::derive_pattern_tables() {
  starts_.clear();
  starts_.reserve(patterns_.size());
  pattern_rules_.clear();
  pattern_rules_.reserve(patterns_.size());
  unless_scopes_.assign(lexicon_->rules.size(), UnlessScope::none);
  for (const auto& p : patterns_) {
    starts_.push_back({sequence_first_bits_[p.sequence], p.sequence, p.max_before_anchor});
    pattern_rules_.push_back(p.rule);
    if (p.unless) unless_scopes_[p.rule] = lexicon_->rules[p.rule].unless_in_turn ? UnlessScope::turn : UnlessScope::sentence;
  }
}

// FNV-1a over a prefix, one byte at a time, so that each longer prefix of a word extends the
// hash of the shorter one.
constexpr std::uint64_t kPrefixHashStart = 0xcbf29ce484222325ull;
inline std::uint64_t extend_prefix_hash(std::uint64_t h, unsigned char byte) { return (h ^ byte) * 0x100000001b3ull; }
inline std::uint32_t prefix_hash_bit(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 48); }  // 16 bits

void CompiledLexicon::derive_prefix_heads() {
  prefix_hashes_.assign((1u << 16) / 64, 0);
  prefix_heads_.assign((1u << 16) / 64, 0);
  short_prefix_ = false;
  for (std::uint32_t term = 0; term < terms_.size(); ++term) {
    if (terms_.kind(term) != TermKind::prefix) continue;
    const std::string_view key = terms_.key(term);
    std::uint64_t h = kPrefixHashStart;
    for (unsigned char c : key) h = extend_prefix_hash(h, c);
    prefix_hashes_[prefix_hash_bit(h) >> 6] |= 1ull << (prefix_hash_bit(h) & 63);
    if (key.size() < kPrefixHead) short_prefix_ = true;
    else prefix_heads_[head_bit(key) >> 6] |= 1ull << (head_bit(key) & 63);
  }
}

// Each anchor list entry with its filters. A candidate is found through a term of one
// required set, so that set is met; of the others, the two rarest single words are checked
// exactly (a look-up in the sentence's term stamps), the rest through the signature, and
// only a pattern with more required sets than that needs the full check.
void CompiledLexicon::derive_anchored(const AnchorLists& anchor_lists) {
  std::vector<std::uint32_t> usage(terms_.size(), 0);
  for (const auto& set : required_)
    for (std::uint32_t k = 0; k < set.size; ++k) ++usage[term_sets_[set.offset + k]];
  std::vector<const TermSet*> others;
  rest_sets_.clear();
  for (int role = 0; role < 3; ++role) {
    for (auto* lists : {&anchored_[role], &unless_[role]}) {
      lists->entries.clear();
      lists->begin.assign(1, 0);
    }
    for (std::uint32_t term = 0; term < anchor_lists[role].size(); ++term) {
      for (std::uint32_t p : anchor_lists[role][term]) {
        const CompiledPattern& pattern = patterns_[p];
        auto& list = (pattern.unless ? unless_[role] : anchored_[role]).entries;
        Anchored a;
        a.pattern = p;
        a.need.fill(static_cast<std::uint32_t>(terms_.size()));
        others.clear();
        bool anchor_seen = false;
        for (const TermSet& set : required_sets(pattern)) {
          const std::uint32_t* begin = term_sets_.data() + set.offset;
          if (!anchor_seen && std::find(begin, begin + set.size, term) != begin + set.size) {
            anchor_seen = true;  // the anchor's own set: met by the token that found it
            continue;
          }
          others.push_back(&set);
        }
        // Single words, rarest first, then the sets of several terms, smallest first.
        std::stable_sort(others.begin(), others.end(), [&](const TermSet* x, const TermSet* y) {
          if ((x->size == 1) != (y->size == 1)) return x->size == 1;
          if (x->size == 1) return usage[term_sets_[x->offset]] < usage[term_sets_[y->offset]];
          return x->size < y->size;
        });
        std::size_t exact = 0, any_used = 0;
        std::uint64_t* any_slots[2] = {&a.signature.any1, &a.signature.any2};
        const std::size_t rest_begin = rest_sets_.size();
        for (const TermSet* set : others) {
          if (set->size == 1 && exact < a.need.size()) {
            a.need[exact++] = term_sets_[set->offset];
            continue;
          }
          std::uint64_t bits = 0;
          for (std::uint32_t k = 0; k < set->size; ++k) bits |= term_bit(term_sets_[set->offset + k]);
          if (set->size == 1) a.signature.all |= bits;
          else if (any_used < 2) *any_slots[any_used++] = bits;
          rest_sets_.push_back({bits, set->offset, set->size, 0});
        }
        if (rest_sets_.size() > rest_begin) {
          a.rest_begin = static_cast<std::uint32_t>(rest_begin);
          rest_sets_.back().last = 1;
        }
        list.push_back(a);
      }
      for (auto* lists : {&anchored_[role], &unless_[role]})
        lists->begin.push_back(static_cast<std::uint32_t>(lists->entries.size()));
    }
    // Group each term's `unless` entries by rule: in a sentence or turn only a few rules have
    // matched, and most entries belong to others.
    AnchoredLists& unless = unless_[role];
    unless.groups.clear();
    unless.group_begin.assign(1, 0);
    for (std::uint32_t term = 0; term + 1 < unless.begin.size(); ++term) {
      auto first = unless.entries.begin() + unless.begin[term], last = unless.entries.begin() + unless.begin[term + 1];
      std::stable_sort(first, last, [&](const Anchored& x, const Anchored& y) {
        return patterns_[x.pattern].rule < patterns_[y.pattern].rule;
      });
      for (auto it = first; it != last;) {
        const std::uint32_t rule = patterns_[it->pattern].rule;
        auto end = std::find_if(it, last, [&](const Anchored& x) { return patterns_[x.pattern].rule != rule; });
        unless.groups.push_back({rule, static_cast<std::uint32_t>(it - unless.entries.begin()),
                                 static_cast<std::uint32_t>(end - unless.entries.begin())});
        it = end;
      }
      unless.group_begin.push_back(static_cast<std::uint32_t>(unless.groups.size()));
    }
  }
}

// The rest sets checked most often get a HotMask bit. How often a set is checked depends on
// the text; what the lexicon tells is how many candidates carry it and how many terms a
// check may have to look up, so the sets with the largest product are chosen. A set of one
// term is one look-up anyway. Identical sets (a pronoun choice in a hundred patterns) share
// a bit.
void CompiledLexicon::derive_hot_sets() {
  // One hash-map probe per rest set (100,000 in all), no allocation per set.
  struct Distinct {
    std::uint32_t offset = 0, size = 0;
    std::uint64_t weight = 0;
    std::uint32_t next = kNotHot;  // the next distinct set with the same hash, if any
    std::uint32_t hot = kNotHot;
  };
  std::vector<Distinct> distinct;
  std::unordered_map<std::uint64_t, std::uint32_t> first_with_hash;
  first_with_hash.reserve(rest_sets_.size());
  std::vector<std::uint32_t> id_of(rest_sets_.size(), kNotHot);
  for (std::uint32_t i = 0; i < rest_sets_.size(); ++i) {
    const RestSet& r = rest_sets_[i];
    if (r.size < 2) continue;
    const std::uint32_t* terms = term_sets_.data() + r.offset;
    std::uint64_t h = r.size;
    for (std::uint32_t k = 0; k < r.size; ++k) h = (h ^ terms[k]) * 0x9E3779B97F4A7C15ull;
    // Distinct sets with one hash are chained, the newest at the head.
    auto [it, added] = first_with_hash.try_emplace(h, kNotHot);
    std::uint32_t id = it->second;
    while (id != kNotHot && !(distinct[id].size == r.size &&
                              std::equal(terms, terms + r.size, term_sets_.data() + distinct[id].offset)))
      id = distinct[id].next;
    if (id == kNotHot) {
      id = static_cast<std::uint32_t>(distinct.size());
      distinct.push_back({r.offset, r.size, 0, it->second});
      it->second = id;
    }
    distinct[id].weight += r.size;
    id_of[i] = id;
  }
  std::vector<std::uint32_t> order(distinct.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t x, std::uint32_t y) { return distinct[x].weight > distinct[y].weight; });
  if (order.size() > kHotSets) order.resize(kHotSets);
  for (std::uint32_t hot = 0; hot < order.size(); ++hot) distinct[order[hot]].hot = hot;
  for (std::uint32_t i = 0; i < rest_sets_.size(); ++i)
    rest_sets_[i].hot = id_of[i] == kNotHot ? kNotHot : distinct[id_of[i]].hot;
  // Term -> its hot sets, by counting first.
  hot_begin_.assign(terms_.size() + 1, 0);
  for (std::uint32_t id : order)
    for (std::uint32_t k = 0; k < distinct[id].size; ++k) ++hot_begin_[term_sets_[distinct[id].offset + k] + 1];
  for (std::size_t t = 1; t < hot_begin_.size(); ++t) hot_begin_[t] += hot_begin_[t - 1];
  hot_sets_.assign(hot_begin_.back(), 0);
  std::vector<std::uint32_t> fill(hot_begin_.begin(), hot_begin_.end() - 1);
  for (std::uint32_t hot = 0; hot < order.size(); ++hot) {
    const Distinct& d = distinct[order[hot]];
    for (std::uint32_t k = 0; k < d.size; ++k) hot_sets_[fill[term_sets_[d.offset + k]]++] = hot;
  }
}

void CompiledLexicon::add_hot_bits(std::span<const std::uint32_t> terms, HotMask& mask) const {
  for (std::uint32_t term : terms)
    for (std::uint32_t k = hot_begin_[term]; k < hot_begin_[term + 1]; ++k) mask[hot_sets_[k] >> 6] |= 1ull << (hot_sets_[k] & 63);
}

std::uint32_t CompiledLexicon::head_bit(std::string_view word) {
  std::uint32_t head;
  std::memcpy(&head, word.data(), kPrefixHead);
  return (head * 0x9E3779B1u) >> 16;
}

namespace {

void write_set(const StringSet& set, BlobWriter& out) {
  std::vector<std::string> sorted(set.begin(), set.end());
  std::sort(sorted.begin(), sorted.end());
  out.strings(sorted);
}

void read_set(BlobReader& in, StringSet& set) {
  std::vector<std::string> items;
  in.strings(items);
  set.insert(std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
}

}  // namespace

void CompiledLexicon::write(BlobWriter& out) const {
  out.pod<std::uint32_t>(static_cast<std::uint32_t>(patterns_.size()));
  for (const auto& p : patterns_) {
    out.pod(p.sequence);
    out.pod(p.rule);
    out.boolean(p.unless);
    out.boolean(p.has_negator);
    out.pod(p.anchor);
    out.pod(p.max_before_anchor);
    out.pod(p.required_begin);
    out.pod(p.required_count);
    out.pod<std::int32_t>(p.line);
    out.pod(p.source);
  }
  out.pod<std::uint32_t>(static_cast<std::uint32_t>(elements_.size()));
  for (const auto& e : elements_) {  // field by field: no padding bytes in the blob
    out.enumeration(e.kind);
    out.pod(e.max_gap);
    out.boolean(e.optional);
    out.pod(e.term);
    out.pod(e.set_size);
  }
  out.pods(sequences_);
  out.pods(required_);
  terms_.write(out);
  out.pods(term_sets_);
  out.pod<std::uint64_t>(max_prefix_bytes_);
  write_set(negators_, out);
  write_set(fillers_, out);
  write_set(negation_passes_, out);
  out.pods(known_.hashes());
  out.strings(missing_dictionaries_);
  // What compiling derived from the above: several times the work of reading it.
  out.pods(set_bits_);
  out.pods(sequence_first_bits_);
  out.pods(rest_first_bits_);
  for (const auto* all : {&anchored_, &unless_}) {
    for (const AnchoredLists& lists : *all) {
      out.pods(lists.entries);
      out.pods(lists.begin);
      out.pods(lists.groups);
      out.pods(lists.group_begin);
    }
  }
  out.pods(rest_sets_);
  out.pods(hot_begin_);
  out.pods(hot_sets_);
}

std::unique_ptr<CompiledLexicon> CompiledLexicon::read(BlobReader& in, const LanguageLexicon& lexicon) {
  auto compiled = std::unique_ptr<CompiledLexicon>(new CompiledLexicon());
  CompiledLexicon& c = *compiled;
  c.lexicon_ = &lexicon;
  c.patterns_.resize(in.count());
  for (auto& p : c.patterns_) {
    p.sequence = in.pod<std::uint32_t>();
    p.rule = in.pod<std::uint32_t>();
    p.unless = in.boolean();
    p.has_negator = in.boolean();
    p.anchor = in.pod<std::uint32_t>();
    p.max_before_anchor = in.pod<std::uint32_t>();
    p.required_begin = in.pod<std::uint32_t>();
    p.required_count = in.pod<std::uint32_t>();
    p.line = in.pod<std::int32_t>();
    p.source = in.pod<std::uint32_t>();
  }
  c.elements_.resize(in.count());
  for (auto& e : c.elements_) {
    e.kind = in.enumeration<CompiledElement::Kind>(5);
    e.max_gap = in.pod<std::uint8_t>();
    e.optional = in.boolean();
    e.term = in.pod<std::uint32_t>();
    e.set_size = in.pod<std::uint32_t>();
  }
  in.pods(c.sequences_);
  in.pods(c.required_);
  if (!c.terms_.read(in)) return nullptr;
  in.pods(c.term_sets_);
  c.max_prefix_bytes_ = in.pod<std::uint64_t>();
  read_set(in, c.negators_);
  read_set(in, c.fillers_);
  read_set(in, c.negation_passes_);
  std::vector<std::uint32_t> known;
  in.pods(known);
  if (!std::is_sorted(known.begin(), known.end())) return nullptr;
  c.known_ = KnownWords::from_hashes(std::move(known));
  in.strings(c.missing_dictionaries_);
  in.pods(c.set_bits_);
  in.pods(c.sequence_first_bits_);
  in.pods(c.rest_first_bits_);
  for (auto* all : {&c.anchored_, &c.unless_}) {
    for (AnchoredLists& lists : *all) {
      in.pods(lists.entries);
      in.pods(lists.begin);
      in.pods(lists.groups);
      in.pods(lists.group_begin);
    }
  }
  in.pods(c.rest_sets_);
  in.pods(c.hot_begin_);
  in.pods(c.hot_sets_);
  if (!in.ok() || !c.valid()) return nullptr;
  c.derive_prefix_heads();
  c.derive_pattern_tables();
  return compiled;
}

// Every index the matcher follows stays inside its table, and every loop over the tables
// ends: a blob that passed its fingerprint but was written by another version, or damaged
// in the cache, must not be trusted blindly. Each check is linear in the blob's size.
bool CompiledLexicon::valid() const {
  auto in = [](std::uint64_t end, std::size_t size) { return end <= size; };
  const std::size_t terms = terms_.size();  // terms_ checked its own tables
  if (terms >= kMaxTerms) return false;  // RestSet::size could not hold a set
  for (const auto& e : elements_) {
    if (e.kind == CompiledElement::Kind::term && !in(e.term + 1ull, terms)) return false;
    if (e.kind == CompiledElement::Kind::choice && !in(std::uint64_t{e.term} + e.set_size, term_sets_.size())) return false;
    if (e.kind == CompiledElement::Kind::group && !in(std::uint64_t{e.term} + e.set_size, sequences_.size())) return false;
  }
  // The compiler puts each element in at most two sequences: the one it was compiled in
  // and, in a group's alternative, the copy that makes the alternatives' IDs consecutive.
  // So the sequences' lengths add up to at most twice the elements, and the loop below is
  // linear.
  std::uint64_t covered = 0;
  for (const ElementSequence& s : sequences_) {
    if (s.begin > s.end || !in(s.end, elements_.size())) return false;
    covered += s.end - s.begin;
  }
  if (covered > 2 * std::uint64_t{elements_.size()}) return false;
  for (std::uint32_t id = 0; id < sequences_.size(); ++id) {
    // A group's alternatives are compiled before the sequence holding it, so they have
    // lower IDs: checking that keeps the matcher's recursion from looping on a bad blob.
    for (std::uint32_t i = sequences_[id].begin; i < sequences_[id].end; ++i)
      if (elements_[i].kind == CompiledElement::Kind::group && std::uint64_t{elements_[i].term} + elements_[i].set_size > id)
        return false;
  }
  for (const auto& r : required_)
    if (!in(std::uint64_t{r.offset} + r.size, term_sets_.size())) return false;
  for (std::uint32_t t : term_sets_)
    if (t >= terms) return false;
  for (const auto& p : patterns_) {
    if (!in(p.sequence + 1ull, sequences_.size()) || !in(p.anchor + 1ull, elements_.size()) ||
        !in(std::uint64_t{p.required_begin} + p.required_count, required_.size()) ||
        p.rule >= lexicon_->rules.size())
      return false;
    const Rule& rule = lexicon_->rules[p.rule];
    if (p.source >= (p.unless ? rule.unless : rule.patterns).size()) return false;
  }
  // The derived tables.
  if (set_bits_.size() != term_sets_.size() + 1 || sequence_first_bits_.size() != sequences_.size() ||
      rest_first_bits_.size() != elements_.size())
    return false;
  for (int role = 0; role < 3; ++role)
    if (!valid(anchored_[role], false) || !valid(unless_[role], true)) return false;
  for (const RestSet& r : rest_sets_)
    if (!in(std::uint64_t{r.offset} + r.size, term_sets_.size()) || (r.hot >= kHotSets && r.hot != kNotHot)) return false;
  // A candidate's rest sets run to the next one marked `last`: so must the last of all be.
  if (!rest_sets_.empty() && !rest_sets_.back().last) return false;
  if (!valid_offsets(hot_begin_, terms, hot_sets_.size())) return false;
  for (std::uint32_t hot : hot_sets_)
    if (hot >= kHotSets) return false;
  return true;
}

// One role's anchor lists: by term, entries whose indices are in bounds and, for the
// `unless` lists (`grouped`), runs of one rule each that cover the term's entries in order.
bool CompiledLexicon::valid(const AnchoredLists& lists, bool grouped) const {
  const std::size_t terms = terms_.size();
  if (!valid_offsets(lists.begin, terms, lists.entries.size())) return false;
  for (const Anchored& a : lists.entries)  // need: term_count() stands for "always present"
    if (a.pattern >= patterns_.size() || a.need[0] > terms || a.need[1] > terms ||
        (a.rest_begin != kNoTerm && a.rest_begin >= rest_sets_.size()))
      return false;
  if (!grouped) return lists.groups.empty() && lists.group_begin.empty();
  if (!valid_offsets(lists.group_begin, terms, lists.groups.size())) return false;
  for (std::size_t t = 0; t < terms; ++t) {
    std::uint32_t next = lists.begin[t];
    for (std::uint32_t g = lists.group_begin[t]; g < lists.group_begin[t + 1]; ++g) {
      const AnchoredLists::RuleGroup& group = lists.groups[g];
      if (group.begin != next || group.end <= group.begin || group.rule >= lexicon_->rules.size()) return false;
      next = group.end;
    }
    if (next != lists.begin[t + 1]) return false;
  }
  return true;
}

void CompiledLexicon::terms_of(std::string_view folded, std::string_view stem, std::vector<std::uint32_t>& out) const {
  if (std::uint32_t t = terms_.find(TermKind::stem, stem); t != TermTable::kNone) out.push_back(t);
  if (std::uint32_t t = terms_.find(TermKind::exact, folded); t != TermTable::kNone) out.push_back(t);
  const bool may_have_prefix =
      short_prefix_ ||
      (folded.size() >= kPrefixHead && (prefix_heads_[head_bit(folded) >> 6] >> (head_bit(folded) & 63) & 1));
  if (max_prefix_bytes_ > 0 && may_have_prefix) {
    // Only as far as the longest prefix term: a 1 MB token must not cost 1 MB of lookups.
    // Each prefix's hash extends the last one's, and a bit per prefix key's hash leaves the
    // table look-up to the few prefixes that may be keys.
    std::uint64_t h = kPrefixHashStart;
    for (std::size_t len = 0; len < folded.size() && len < max_prefix_bytes_;) {
      const std::size_t next = len + utf8_length(static_cast<unsigned char>(folded[len]));
      if (next > folded.size()) break;
      for (; len < next; ++len) h = extend_prefix_hash(h, static_cast<unsigned char>(folded[len]));
      if (!(prefix_hashes_[prefix_hash_bit(h) >> 6] >> (prefix_hash_bit(h) & 63) & 1)) continue;
      if (std::uint32_t t = terms_.find(TermKind::prefix, folded.substr(0, len)); t != TermTable::kNone) out.push_back(t);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

FormTable::FormTable() : slots_(1024) {
  // Seeded per table: input crafted to collide cannot be crafted in advance.
  seed_ = fingerprint(std::string_view(reinterpret_cast<const char*>(this), sizeof(this)),
                      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
}


const TokenInfo& FormTable::insert(std::string_view key, std::uint64_t hash, const TokenInfo& info) {
  if ((size_ + 1) * 2 > slots_.size()) grow();  // at most half full: probes stay short
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].hash != 0) i = (i + 1) & mask;
  slots_[i] = {hash, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), info};
  keys_.append(key);
  ++size_;
  return slots_[i].info;
}

void FormTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void FormTable::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  keys_.clear();
  size_ = 0;
}

TokenCache::TokenCache(const CompiledLexicon& lexicon, bool spelling)
    : lexicon_(lexicon), stemmer_(lexicon.lexicon().stemmer), spelling_(spelling && !lexicon.known_words().empty()) {}

const TypoIndex& CompiledLexicon::typo_index() const {
  std::call_once(typo_once_, [this] {
    auto index = std::make_unique<TypoIndex>();
    for (std::uint32_t t = 0; t < terms_.size(); ++t) index->add(terms_.kind(t), terms_.key(t), t);
    index->finish();
    typo_ = std::move(index);
  });
  return *typo_;
}

const TokenInfo& TokenCache::lookup(std::string_view original) {
  const std::uint64_t hash = cache_.hash(original);
  if (const TokenInfo* known = cache_.find(original, hash)) return *known;
  folded_.clear();
  fold_into(original, folded_);
  TokenInfo info;
  auto word_it = word_ids_.find(folded_);
  const bool new_word = word_it == word_ids_.end();
  if (new_word) {
    info.word = static_cast<std::uint32_t>(words_.size());
    words_.push_back(folded_);
    stems_.push_back(stemmer_.stem(folded_));
    word_ids_.emplace(folded_, info.word);
  } else {
    info.word = word_it->second;
  }
  scratch_.clear();
  const bool read_as_typo = !new_word && typo_spans_[info.word].second != 0;
  if (!read_as_typo) lexicon_.terms_of(folded_, stems_[info.word], scratch_);
  if (new_word) {
    std::pair<std::uint32_t, std::uint16_t> span{};
    // A word no rule knows may be a typo of one that some rule does ("disclupe"): read it
    // as that word if it is one edit away and the dictionary does not know it. (One reading
    // gives a few terms: its stem, its form and prefixes; more than eight is no clear typo.)
    if (scratch_.empty() && spelling_) {
      lexicon_.typo_index().near_terms(folded_, stems_[info.word], scratch_);
      if (scratch_.empty() || scratch_.size() > 8 || lexicon_.known_words().knows(folded_, stems_[info.word])) {
        scratch_.clear();
      } else {
        span = {static_cast<std::uint32_t>(typo_terms_.size()), static_cast<std::uint16_t>(scratch_.size())};
        typo_terms_.insert(typo_terms_.end(), scratch_.begin(), scratch_.end());
      }
    }
    typo_spans_.push_back(span);
    lexicon_.add_hot_bits(scratch_, hot_masks_.emplace_back());  // the typo reading's, if any
  } else if (read_as_typo) {
    const auto [begin, count] = typo_spans_[info.word];
    scratch_.assign(typo_terms_.begin() + begin, typo_terms_.begin() + begin + count);
  }
  // "Suning" is a name the dictionary does not hold, not a typo of "suing": a word written
  // capitalised and then in lower case keeps its own reading. ("REFUDN" is read.)
  if (!scratch_.empty() && typo_spans_[info.word].second != 0 && title_case(original)) scratch_.clear();
  info.terms_begin = static_cast<std::uint32_t>(term_store_.size());
  info.terms_count = static_cast<std::uint16_t>(std::min<std::size_t>(scratch_.size(), 0xFFFF));
  term_store_.insert(term_store_.end(), scratch_.begin(), scratch_.begin() + info.terms_count);
  for (std::uint32_t t : scratch_) info.term_bits |= CompiledLexicon::term_bit(t);
  info.negator = lexicon_.is_negator(folded_);
  info.negation_passes = lexicon_.negation_passes(folded_);
  info.filler = lexicon_.is_filler(folded_);
  return cache_.insert(original, hash, info);
}

void TokenCache::trim() {
  // Word forms repeat heavily, but order numbers and amounts do not: a cap keeps memory
  // bounded whatever the input. Called between turns, never while tokens point into it.
  if (cache_.size() < kMaxEntries) return;
  ++trims_;
  cache_.clear();
  word_ids_.clear();
  words_.clear();
  stems_.clear();
  hot_masks_.clear();
  typo_spans_.clear();
  typo_terms_.clear();
  term_store_.clear();
}

void prepare_tokens(std::string_view text, const Segmented& segmented, TokenCache& cache,
                    std::vector<MatchToken>& out) {
  out.clear();
  cache.trim();
  for (const auto& raw : segmented.tokens) {
    const TokenInfo& info = cache.lookup(text.substr(raw.begin, raw.end - raw.begin));
    if (info.filler) continue;
    // "I I'm sorry": a word repeated at once is a disfluency, not two words. Joined by a
    // hyphen it is a word of its own ("ну-ну", "да-да", "blah-blah") and stays two tokens.
    const bool hyphenated = !out.empty() && raw.begin == out.back().end + 1 && text[out.back().end] == '-';
    if (!out.empty() && out.back().word == info.word && out.back().sentence == raw.sentence &&
        out.back().quoted == raw.quoted && !hyphenated) {
      out.back().end = raw.end;
      continue;
    }
    MatchToken t;
    t.begin = raw.begin;
    t.end = raw.end;
    t.sentence = raw.sentence;
    t.word = info.word;
    t.terms_begin = info.terms_begin;
    t.terms_count = info.terms_count;
    t.term_bits = info.term_bits;
    t.quoted = raw.quoted;
    t.negator = info.negator;
    t.negation_passes = info.negation_passes;
    t.upper = raw.upper;
    out.push_back(t);
  }
}

CompiledLexicon::AnchorLists CompiledLexicon::choose_anchors(Stemmer& stemmer) {
  // How many patterns use each term: a term many patterns share is a function word. Words
  // the language lists as frequent (detect words, negators) and very short words are
  // frequent in text whatever the patterns say: they make poor anchors.
  std::vector<std::uint32_t> usage(terms_.size(), 0);
  std::vector<std::uint64_t> weight(terms_.size(), 1);
  StringSet frequent;
  for (const auto& w : lexicon_->detect) frequent.insert(fold(w));
  for (const auto& w : lexicon_->negators) frequent.insert(fold(w));
  for (std::uint32_t t = 0; t < terms_.size(); ++t) {
    std::string_view word = terms_.key(t);
    if (frequent.count(word)) weight[t] = 1000;
    else if (word.size() <= 3) weight[t] = terms_.kind(t) == TermKind::prefix ? 200 : 20;
  }
  // Better than pattern counts: how often a term turns up in running text, estimated from
  // the rules' own example sentences (thousands of them, in the language's ordinary
  // wording) as the number of example sentences holding it. A pattern is checked each time
  // its anchor occurs, so the anchor should be the term that occurs least. Lexicons with
  // few examples keep the estimate from pattern counts.
  std::vector<std::uint32_t> seen_in(terms_.size(), 0);
  std::uint32_t example_sentences = 0;
  {
    std::vector<std::uint32_t> terms, last(terms_.size(), ~0u);
    StringMap<std::string> stems;
    auto count = [&](const std::string& text) {
      for (const auto& word : fold_words(text)) {
        auto it = stems.find(word);
        if (it == stems.end()) it = stems.emplace(word, stemmer.stem(word)).first;
        terms.clear();
        terms_of(word, it->second, terms);
        for (std::uint32_t t : terms)
          if (last[t] != example_sentences) last[t] = example_sentences, ++seen_in[t];
      }
      ++example_sentences;
    };
    for (const auto& rule : lexicon_->rules) {
      for (const auto& e : rule.match_examples) count(e);
      for (const auto& e : rule.no_match_examples) count(e);
    }
  }
  const bool from_examples = example_sentences >= kMinExampleSentences;
  auto for_each_term = [&](const CompiledElement& e, auto&& f) {
    if (e.kind == CompiledElement::Kind::term) f(e.term);
    if (e.kind == CompiledElement::Kind::choice)
      for (std::uint32_t k = 0; k < e.set_size; ++k) f(term_sets_[e.term + k]);
  };
  for (const auto& e : elements_) for_each_term(e, [&](std::uint32_t t) { ++usage[t]; });
  // The most tokens a sequence can cover.
  auto span_of = [&](auto&& self, std::uint32_t seq) -> std::uint32_t {
    std::uint32_t span = 0;
    for (std::uint32_t i = sequences_[seq].begin; i < sequences_[seq].end; ++i) {
      const CompiledElement& e = elements_[i];
      if (e.kind == CompiledElement::Kind::gap) span += e.max_gap;
      else if (e.kind == CompiledElement::Kind::group) {
        std::uint32_t widest = 0;
        for (std::uint32_t k = 0; k < e.set_size; ++k) widest = std::max(widest, self(self, e.term + k));
        span += widest;
      } else span += 1;
    }
    return span;
  };
  // The cheapest set of terms any match of a sequence must contain one of: a word's own
  // terms, or for a group that cannot be skipped, the union of its alternatives' sets.
  // Patterns whose rare words sit in groups ("(le|te) (pido|pedimos) (disculpas|perdon)")
  // are then anchored on them, not on a frequent top-level word.
  struct Requirement {
    std::vector<std::uint32_t> terms;
    std::uint64_t cost = ~0ull;
  };
  auto requirement_of_element = [&](auto&& self_seq, const CompiledElement& e) -> Requirement {
    Requirement r;
    if (e.kind == CompiledElement::Kind::term || e.kind == CompiledElement::Kind::choice) {
      r.cost = 0;
      for_each_term(e, [&](std::uint32_t t) {
        r.terms.push_back(t);
        r.cost += from_examples ? seen_in[t] + 1 : usage[t] * weight[t];
      });
    } else if (e.kind == CompiledElement::Kind::group && !e.optional) {
      r.cost = 0;
      for (std::uint32_t k = 0; k < e.set_size; ++k) {
        Requirement alt = self_seq(self_seq, e.term + k);
        if (alt.cost == ~0ull) return Requirement{};
        r.cost += alt.cost;
        r.terms.insert(r.terms.end(), alt.terms.begin(), alt.terms.end());
      }
      std::sort(r.terms.begin(), r.terms.end());
      r.terms.erase(std::unique(r.terms.begin(), r.terms.end()), r.terms.end());
    }
    return r;
  };
  auto requirement_of_sequence = [&](auto&& self, std::uint32_t seq) -> Requirement {
    Requirement best;
    for (std::uint32_t i = sequences_[seq].begin; i < sequences_[seq].end; ++i) {
      Requirement r = requirement_of_element(self, elements_[i]);
      if (r.cost < best.cost) best = std::move(r);
    }
    return best;
  };
  AnchorLists anchor_lists;
  for (auto& lists : anchor_lists) lists.assign(terms_.size(), {});
  for (std::uint32_t p = 0; p < patterns_.size(); ++p) {
    CompiledPattern& pattern = patterns_[p];
    const ElementSequence& top = sequences_[pattern.sequence];
    std::uint64_t best_cost = ~0ull;
    std::vector<std::uint32_t> anchor_terms;
    std::uint32_t span = 0;
    pattern.required_begin = static_cast<std::uint32_t>(required_.size());
    for (std::uint32_t i = top.begin; i < top.end; ++i) {
      const CompiledElement& e = elements_[i];
      std::uint32_t width = 1;
      if (e.kind == CompiledElement::Kind::gap) width = e.max_gap;
      if (e.kind == CompiledElement::Kind::group) {
        width = 0;
        for (std::uint32_t k = 0; k < e.set_size; ++k) width = std::max(width, span_of(span_of, e.term + k));
      }
      Requirement r = requirement_of_element(requirement_of_sequence, e);
      if (r.cost != ~0ull && !r.terms.empty()) {
        if (e.kind == CompiledElement::Kind::choice) {
          required_.push_back({e.term, e.set_size});
        } else {
          required_.push_back({static_cast<std::uint32_t>(term_sets_.size()), static_cast<std::uint32_t>(r.terms.size())});
          term_sets_.insert(term_sets_.end(), r.terms.begin(), r.terms.end());
        }
        if (r.cost < best_cost) {
          best_cost = r.cost;
          anchor_terms = r.terms;
          pattern.anchor = i;
          // Inside a group the anchor token can be anywhere in the group's width.
          pattern.max_before_anchor = span + (e.kind == CompiledElement::Kind::group ? width - 1 : 0);
        }
      }
      span += width;
    }
    pattern.required_count = static_cast<std::uint32_t>(required_.size()) - pattern.required_begin;
    // Listed under each role that may say it: a customer's turn never looks at the agent's
    // patterns (an `unless` pattern only cancels hits of its own rule, so it goes with it).
    const SpeakerFilter speaker = lexicon_->rules[pattern.rule].speaker;
    for (Role role : {Role::agent, Role::customer, Role::other}) {
      bool said = speaker == SpeakerFilter::any || (speaker == SpeakerFilter::agent && role == Role::agent) ||
                  (speaker == SpeakerFilter::customer && role == Role::customer);
      if (!said) continue;
      for (std::uint32_t t : anchor_terms) anchor_lists[static_cast<int>(role)][t].push_back(p);
    }
  }
  for (auto& lists : anchor_lists)
    for (auto& list : lists) list.erase(std::unique(list.begin(), list.end()), list.end());
  return anchor_lists;
}

namespace {

// Continuation of a match: after the current sequence, go on with `index` of `sequence`.
struct Frame {
  std::uint32_t sequence;
  std::uint32_t index;
  const Frame* parent;
};

struct MatchState {
  const CompiledLexicon& lexicon;
  const std::vector<MatchToken>& tokens;
  const std::uint32_t* terms;
  std::uint32_t sentence_end;  // first token past the sentence

  // Forced inline: these run for most candidates, and GCC's size limits otherwise keep
  // them out of line.
  [[gnu::always_inline]] bool has_term(const MatchToken& t, std::uint32_t term) const {
    const std::uint32_t* begin = terms + t.terms_begin;
    return std::find(begin, begin + t.terms_count, term) != begin + t.terms_count;
  }
  [[gnu::always_inline]] bool has_any(const MatchToken& t, const CompiledElement& e) const {
    if (!(t.term_bits & lexicon.set_bits(e))) return false;  // most tokens, without a search
    const std::uint32_t* set = lexicon.term_set(e);
    for (std::uint16_t k = 0; k < t.terms_count; ++k)
      if (std::binary_search(set, set + e.set_size, terms[t.terms_begin + k])) return true;
    return false;
  }
  // An element that matches exactly one token: a word or a choice of words.
  static bool is_word(const CompiledElement& e) {
    return e.kind == CompiledElement::Kind::term || e.kind == CompiledElement::Kind::choice;
  }
  [[gnu::always_inline]] bool matches(const CompiledElement& e, std::size_t pos) const {
    switch (e.kind) {
      case CompiledElement::Kind::term: return has_term(tokens[pos], e.term);
      case CompiledElement::Kind::choice: return has_any(tokens[pos], e);
      case CompiledElement::Kind::any: return true;
      case CompiledElement::Kind::gap:
      case CompiledElement::Kind::group: return false;
    }
    return false;
  }
  // Matches element `index` onwards of `sequence` at token pos, then the continuation;
  // returns the end token or -1. Shortest first: gaps skip as little as they can and
  // optional groups are tried absent first.
  long match(std::uint32_t sequence, std::uint32_t index, std::size_t pos, const Frame* cont) const {
    const ElementSequence& seq = lexicon.sequence(sequence);
    if (seq.begin + index == seq.end) {
      if (!cont) return static_cast<long>(pos);
      return match(cont->sequence, cont->index, pos, cont->parent);
    }
    const CompiledElement& e = lexicon.element(seq.begin + index);
    if (e.kind == CompiledElement::Kind::gap) {
      // What follows the gap can begin only at a token with one of its first terms.
      const std::uint64_t next_bits = seq.begin + index + 1 < seq.end ? lexicon.rest_first_bits(seq.begin + index + 1) : ~0ull;
      for (std::size_t skip = 0; skip <= e.max_gap && pos + skip <= sentence_end; ++skip) {
        // (All bits: the rest may match nothing, or begin with any word; then it is tried.)
        if (next_bits != ~0ull && (pos + skip == sentence_end || !(tokens[pos + skip].term_bits & next_bits))) continue;
        long end = match(sequence, index + 1, pos + skip, cont);
        if (end >= 0) return end;
      }
      return -1;
    }
    if (e.kind == CompiledElement::Kind::group) {
      if (e.optional) {
        long end = match(sequence, index + 1, pos, cont);
        if (end >= 0) return end;
      }
      Frame next{sequence, index + 1, cont};
      // Most alternatives fail on their first word: the term bits rule out most of them
      // without a look, and the word itself is tested here rather than a call deeper.
      // (Past the sentence's last token only an alternative that may match nothing can.)
      const std::uint64_t bits = pos < sentence_end ? tokens[pos].term_bits : 0;
      for (std::uint32_t k = 0; k < e.set_size; ++k) {
        const std::uint64_t first = lexicon.sequence_first_bits(e.term + k);
        if (!(first & bits) && first != ~0ull) continue;
        const ElementSequence& alt = lexicon.sequence(e.term + k);
        std::uint32_t from = 0;
        if (alt.begin != alt.end && is_word(lexicon.element(alt.begin))) {
          if (pos >= sentence_end || !matches(lexicon.element(alt.begin), pos)) continue;
          from = 1;
        }
        long end = match(e.term + k, from, pos + from, &next);
        if (end >= 0) return end;
      }
      return -1;
    }
    if (pos >= sentence_end || !matches(e, pos)) return -1;
    return match(sequence, index + 1, pos + 1, cont);
  }
};

}  // namespace

void find_matches(const CompiledLexicon& lexicon, const TokenCache& cache, const std::vector<MatchToken>& tokens,
                  Role role, bool every_speaker, std::vector<PatternMatch>& out) {
  out.clear();
  const std::uint32_t* terms = cache.terms(TokenInfo{});
  // Which terms the current sentence has (stamped with the sentence's generation): a
  // pattern with a top-level word the sentence lacks is rejected before any backtracking.
  // One slot more than the terms: the "no term" of Anchored::need, stamped present. A byte
  // per term keeps the table in the L1 cache (Russian has 10,600 terms; L1 misses -8 %),
  // at the price of clearing it every 255 sentences.
  thread_local std::vector<std::uint8_t> present;
  thread_local std::uint8_t generation = 0;  // see enter_sentence
  const std::uint32_t always = static_cast<std::uint32_t>(lexicon.term_count());
  if (present.size() < always + 1u) present.assign(always + 1u, 0);
  // The rules whose `unless` patterns are wanted: stamped with the sentence's generation
  // where a rule with sentence-scoped ones matched; with kTurnWanted, for the whole turn,
  // where a rule with `unless_scope: turn` matched. Only their `unless` patterns are looked
  // for, as no other can cancel anything.
  static constexpr std::uint8_t kTurnWanted = 0;  // never a sentence's generation
  thread_local std::vector<std::uint8_t> wanted;
  if (wanted.size() < lexicon.rule_count()) wanted.assign(lexicon.rule_count(), 1);
  thread_local std::vector<std::uint32_t> turn_rules;  // the rules stamped kTurnWanted
  turn_rules.clear();
  const std::uint32_t* pool = lexicon.term_pool().data();
  std::uint64_t sentence_bits = 0;
  CompiledLexicon::HotMask sentence_hot{};
  static constexpr Role kEveryRole[] = {Role::agent, Role::customer, Role::other};
  const std::span<const Role> roles = every_speaker ? std::span<const Role>(kEveryRole) : std::span<const Role>(&role, 1);
  // The sets of several terms a candidate still needs, smallest first: most fail on the
  // signature bits without a look at their terms.
  auto has_rest = [&](const CompiledLexicon::Anchored& candidate) {
    for (const auto* set = lexicon.rest_sets(candidate);; ++set) {
      if (set->hot != CompiledLexicon::kNotHot) {
        if (!(sentence_hot[set->hot >> 6] >> (set->hot & 63) & 1)) return false;
      } else {
        if (!(set->bits & sentence_bits)) return false;
        bool any = false;
        for (std::uint32_t k = 0; k < set->size && !any; ++k) any = present[pool[set->offset + k]] == generation;
        if (!any) return false;
      }
      if (set->last) return true;
    }
  };
  // Stamps the terms of sentence [a, b) as present and gathers its signature bits.
  auto enter_sentence = [&](std::uint32_t a, std::uint32_t b) {
    // Generations run from 2 to 255: 0 is kTurnWanted and 1 "not wanted". On wrapping
    // around (and on the first call) the stamps of old sentences are cleared.
    if (++generation < 2) {
      std::fill(present.begin(), present.end(), 0);
      for (std::uint8_t& w : wanted) w = w == kTurnWanted ? kTurnWanted : 1;
      generation = 2;
    }
    sentence_bits = 0;
    sentence_hot = {};
    present[always] = generation;
    for (std::uint32_t i = a; i < b; ++i) {
      for (std::uint16_t k = 0; k < tokens[i].terms_count; ++k) {
        std::uint32_t term = terms[tokens[i].terms_begin + k];
        present[term] = generation;
        sentence_bits |= CompiledLexicon::term_bit(term);
      }
      const CompiledLexicon::HotMask& hot = cache.hot_mask(tokens[i].word);
      for (std::size_t w = 0; w < hot.size(); ++w) sentence_hot[w] |= hot[w];
    }
  };
  auto sentence_end = [&](std::uint32_t a) {
    std::uint32_t b = a;
    while (b < tokens.size() && tokens[b].sentence == tokens[a].sentence) ++b;
    return b;
  };
  bool sentence_unless_wanted = false;
  // `unless_pass`: the `unless` patterns, only of rules wanted here.
  auto try_candidates = [&]<bool unless_pass>(const MatchState& state, std::uint32_t a, std::uint32_t i,
                                              std::span<const CompiledLexicon::Anchored> candidates) {
    for (const auto& candidate : candidates) {
      // Every filter at once, with one branch: each alone is taken or not about half the
      // time, so separate branches would mostly be mispredicted.
      const CompiledLexicon::Signature& sig = candidate.signature;
      // (As unsigned, so that `&` on them reads as meant: clang warns of `&` on bools.)
      const unsigned all_in = !(sig.all & ~sentence_bits), any1_in = (sig.any1 & sentence_bits) != 0,
                     any2_in = (sig.any2 & sentence_bits) != 0, need0_in = present[candidate.need[0]] == generation,
                     need1_in = present[candidate.need[1]] == generation;
      if (!(all_in & any1_in & any2_in & need0_in & need1_in)) continue;
      if (candidate.rest_begin != CompiledLexicon::kNoTerm && !has_rest(candidate)) continue;
      const std::uint32_t p = candidate.pattern;
      const CompiledLexicon::PatternStart& pattern = lexicon.start_of(p);
      std::uint32_t first = i - std::min(i - a, pattern.max_before_anchor);
      const ElementSequence& top = lexicon.sequence(pattern.sequence);
      const CompiledElement& head = lexicon.element(top.begin);
      for (std::uint32_t start = first; start <= i; ++start) {
        if (!(tokens[start].term_bits & pattern.first_bits)) continue;
        std::uint32_t from = 0;
        if (MatchState::is_word(head)) {
          if (!state.matches(head, start)) continue;
          from = 1;
        } else if (head.kind != CompiledElement::Kind::group && !state.matches(head, start)) {
          continue;
        }
        long end = state.match(pattern.sequence, from, start + from, nullptr);
        if (end > static_cast<long>(i)) {
          out.push_back({p, start, static_cast<std::uint32_t>(end)});
          const std::uint32_t rule = lexicon.rule_of(p);
          if constexpr (unless_pass) {
            // One `unless` match cancels its rule's hits in its scope: the rule's other
            // `unless` patterns need not be looked for there.
            wanted[rule] = 1;
            return;
          } else {
            switch (lexicon.unless_scope(rule)) {
              case CompiledLexicon::UnlessScope::none: break;
              case CompiledLexicon::UnlessScope::sentence:
                wanted[rule] = generation;
                sentence_unless_wanted = true;
                break;
              case CompiledLexicon::UnlessScope::turn:
                if (wanted[rule] != kTurnWanted) {
                  wanted[rule] = kTurnWanted;
                  turn_rules.push_back(rule);
                }
                break;
            }
          }
        }
      }
    }
  };
  // Each token's terms name the patterns anchored on them; a pattern can only start a few
  // tokens before its anchor, so only those starts are tried. Trigger patterns, or the
  // `unless` patterns of the rules stamped `stamp` in `wanted`.
  auto scan = [&]<bool unless_pass>(std::uint32_t a, std::uint32_t b, std::uint8_t stamp) {
    const MatchState state{lexicon, tokens, terms, b};
    for (Role r : roles) {
      const CompiledLexicon::AnchoredLists& lists = lexicon.anchor_lists(r, unless_pass);
      for (std::uint32_t i = a; i < b; ++i) {
        const std::uint32_t* token_terms = terms + tokens[i].terms_begin;
        for (std::uint16_t k = 0; k < tokens[i].terms_count; ++k) {
          if constexpr (unless_pass) {
            for (const auto& group : lists.groups_of(token_terms[k]))
              if (wanted[group.rule] == stamp)
                try_candidates.template operator()<true>(
                    state, a, i,
                    std::span<const CompiledLexicon::Anchored>(lists.entries.data() + group.begin, group.end - group.begin));
          } else {
            try_candidates.template operator()<false>(state, a, i, lists.of(token_terms[k]));
          }
        }
      }
    }
  };
  // Trigger patterns first; then, where a rule matched, the `unless` patterns that could
  // cancel it in this sentence.
  for (std::uint32_t a = 0; a < tokens.size();) {
    const std::uint32_t b = sentence_end(a);
    enter_sentence(a, b);
    sentence_unless_wanted = false;
    scan.template operator()<false>(a, b, 0);
    if (sentence_unless_wanted) scan.template operator()<true>(a, b, generation);
    a = b;
  }
  // Then, if a rule with `unless_scope: turn` matched, its `unless` patterns anywhere in
  // the turn, until one of each is found.
  if (!turn_rules.empty()) {
    for (std::uint32_t a = 0; a < tokens.size();) {
      const std::uint32_t b = sentence_end(a);
      enter_sentence(a, b);
      scan.template operator()<true>(a, b, kTurnWanted);
      a = b;
    }
    for (std::uint32_t rule : turn_rules) wanted[rule] = 1;
  }
  // A pattern found from two anchors (or two terms of one choice) is one match.
  std::sort(out.begin(), out.end(), [](const PatternMatch& x, const PatternMatch& y) {
    return x.first != y.first ? x.first < y.first : x.pattern != y.pattern ? x.pattern < y.pattern : x.end < y.end;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const PatternMatch& x, const PatternMatch& y) { return x.first == y.first && x.pattern == y.pattern; }),
            out.end());
}

}  // namespace defuse
