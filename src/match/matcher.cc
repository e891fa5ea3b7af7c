#include "match/matcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

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

std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

}  // namespace

std::uint32_t CompiledLexicon::intern_term(std::string name, StringMap<std::uint32_t>& map, const std::string& key) {
  auto it = map.find(key);
  if (it != map.end()) return it->second;
  auto id = static_cast<std::uint32_t>(term_names_.size());
  term_names_.push_back(std::move(name));
  map.emplace(key, id);
  return id;
}

std::uint32_t CompiledLexicon::term_for(PatternElement::Kind kind, const std::string& word, Stemmer& stemmer) {
  if (kind == PatternElement::Kind::prefix) {
    max_prefix_bytes_ = std::max(max_prefix_bytes_, word.size());
    return intern_term("prefix:" + word, prefix_terms_, word);
  }
  if (kind == PatternElement::Kind::exact) return intern_term("exact:" + word, exact_terms_, word);
  std::string stem = stemmer.stem(word);
  return intern_term("stem:" + stem, stem_terms_, stem);
}

std::unique_ptr<CompiledLexicon> CompiledLexicon::compile(const LanguageLexicon& lexicon, Diagnostics& errors) {
  auto compiled = std::unique_ptr<CompiledLexicon>(new CompiledLexicon());
  CompiledLexicon& c = *compiled;
  c.lexicon_ = &lexicon;
  Stemmer stemmer(lexicon.stemmer);
  if (!lexicon.stemmer.empty() && !stemmer.ok())
    errors.push_back({lexicon.lang + "/language.yaml", 0, fmt::format("unknown Snowball stemmer '{}'", lexicon.stemmer)});
  for (const auto& n : lexicon.negators) c.negators_.insert(fold(n));
  for (const auto& f : lexicon.fillers) c.fillers_.insert(fold(f));

  StringMap<std::vector<std::string>> folded_words;  // raw pattern word -> its folded tokens
  auto words_of = [&](const std::string& raw) -> const std::vector<std::string>& {
    auto it = folded_words.find(raw);
    if (it == folded_words.end()) it = folded_words.emplace(raw, fold_words(raw)).first;
    return it->second;
  };
  std::map<std::string, CompiledElement> choices;  // a choice's atoms -> its compiled set
  auto compile_one = [&](const Rule& rule, std::uint32_t rule_index, const Rule::Pattern& pattern, bool unless) {
    std::vector<ExpandedPattern> expanded;
    std::string error;
    if (!expand_pattern(pattern.text, expanded, error)) {
      errors.push_back({rule.file, pattern.line, fmt::format("pattern '{}': {}", pattern.text, error)});
      return;
    }
    for (const auto& variant : expanded) {
      CompiledPattern cp;
      cp.rule = rule_index;
      cp.unless = unless;
      cp.line = pattern.line;
      cp.text = pattern.text;
      for (const auto& el : variant) {
        if (el.kind == PatternElement::Kind::any) {
          cp.elements.push_back({CompiledElement::Kind::any, 0, 0});
          continue;
        }
        if (el.kind == PatternElement::Kind::gap) {
          cp.elements.push_back({CompiledElement::Kind::gap, static_cast<std::uint8_t>(el.max_gap), 0});
          continue;
        }
        if (el.kind == PatternElement::Kind::choice) {
          std::string key;
          for (const auto& atom : el.choices) key += fmt::format("{}{}|", static_cast<int>(atom.kind), atom.text);
          if (auto known = choices.find(key); known != choices.end()) {
            cp.elements.push_back(known->second);
            for (const auto& atom : el.choices)
              for (const auto& w : words_of(atom.text)) cp.has_negator |= c.negators_.count(w) > 0;
            continue;
          }
          std::vector<std::uint32_t> set;
          for (const auto& atom : el.choices) {
            const auto& words = words_of(atom.text);
            for (const auto& w : words) cp.has_negator |= c.negators_.count(w) > 0;
            if (words.size() != 1) {
              errors.push_back({rule.file, pattern.line,
                                fmt::format("pattern '{}': alternative '{}' is {} words after normalization; "
                                            "write its words separately", pattern.text, atom.text, words.size())});
              continue;
            }
            set.push_back(c.term_for(atom.kind, words[0], stemmer));
          }
          std::sort(set.begin(), set.end());
          set.erase(std::unique(set.begin(), set.end()), set.end());
          CompiledElement ce{CompiledElement::Kind::choice, 0, static_cast<std::uint32_t>(c.term_sets_.size()),
                             static_cast<std::uint32_t>(set.size())};
          c.term_sets_.insert(c.term_sets_.end(), set.begin(), set.end());
          if (!set.empty()) {
            cp.elements.push_back(ce);
            choices.emplace(key, ce);
          }
          continue;
        }
        const auto& words = words_of(el.text);
        for (const auto& w : words) cp.has_negator |= c.negators_.count(w) > 0;
        for (std::size_t i = 0; i < words.size(); ++i) {
          bool last = i + 1 == words.size();
          PatternElement::Kind kind = el.kind;
          if (kind == PatternElement::Kind::prefix && !last) kind = PatternElement::Kind::word;
          cp.elements.push_back({CompiledElement::Kind::term, 0, c.term_for(kind, words[i], stemmer), 0});
        }
      }
      auto is_word = [](const CompiledElement& e) {
        return e.kind == CompiledElement::Kind::term || e.kind == CompiledElement::Kind::choice;
      };
      while (!cp.elements.empty() && !is_word(cp.elements.back())) cp.elements.pop_back();
      if (cp.elements.empty() || !is_word(cp.elements.front())) {
        errors.push_back({rule.file, pattern.line,
                          fmt::format("pattern '{}' has no word left after normalization", pattern.text)});
        continue;
      }
      c.patterns_.push_back(std::move(cp));
    }
  };
  for (std::uint32_t r = 0; r < lexicon.rules.size(); ++r) {
    const Rule& rule = lexicon.rules[r];
    for (const auto& p : rule.patterns) compile_one(rule, r, p, false);
    for (const auto& p : rule.unless) compile_one(rule, r, p, true);
  }
  c.choose_anchors();
  return compiled;
}

void CompiledLexicon::terms_of(std::string_view folded, std::string_view stem, std::vector<std::uint32_t>& out) const {
  if (auto it = stem_terms_.find(stem); it != stem_terms_.end()) out.push_back(it->second);
  if (auto it = exact_terms_.find(folded); it != exact_terms_.end()) out.push_back(it->second);
  if (!prefix_terms_.empty()) {
    // Only as far as the longest prefix term: a 1 MB token must not cost 1 MB of lookups.
    for (std::size_t len = 0; len < folded.size() && len < max_prefix_bytes_;) {
      len += utf8_length(static_cast<unsigned char>(folded[len]));
      if (len > folded.size()) break;
      if (auto it = prefix_terms_.find(folded.substr(0, len)); it != prefix_terms_.end()) out.push_back(it->second);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

TokenCache::TokenCache(const CompiledLexicon& lexicon) : lexicon_(lexicon), stemmer_(lexicon.lexicon().stemmer) {}

const TokenInfo& TokenCache::lookup(std::string_view original) {
  if (auto it = cache_.find(original); it != cache_.end()) return it->second;
  folded_.clear();
  fold_into(original, folded_);
  TokenInfo info;
  auto word_it = word_ids_.find(folded_);
  if (word_it == word_ids_.end()) {
    info.word = static_cast<std::uint32_t>(words_.size());
    words_.push_back(folded_);
    stems_.push_back(stemmer_.stem(folded_));
    word_ids_.emplace(folded_, info.word);
  } else {
    info.word = word_it->second;
  }
  scratch_.clear();
  lexicon_.terms_of(folded_, stems_[info.word], scratch_);
  info.terms_begin = static_cast<std::uint32_t>(term_store_.size());
  info.terms_count = static_cast<std::uint16_t>(std::min<std::size_t>(scratch_.size(), 0xFFFF));
  term_store_.insert(term_store_.end(), scratch_.begin(), scratch_.begin() + info.terms_count);
  info.negator = lexicon_.is_negator(folded_);
  info.filler = lexicon_.is_filler(folded_);
  return cache_.emplace(std::string(original), info).first->second;
}

void TokenCache::trim() {
  // Word forms repeat heavily, but order numbers and amounts do not: a cap keeps memory
  // bounded whatever the input. Called between turns, never while tokens point into it.
  if (cache_.size() < kMaxEntries) return;
  cache_.clear();
  word_ids_.clear();
  words_.clear();
  stems_.clear();
  term_store_.clear();
}

void prepare_tokens(std::string_view text, const Segmented& segmented, TokenCache& cache,
                    std::vector<MatchToken>& out) {
  out.clear();
  cache.trim();
  for (const auto& raw : segmented.tokens) {
    const TokenInfo& info = cache.lookup(text.substr(raw.begin, raw.end - raw.begin));
    if (info.filler) continue;
    // "I I'm sorry": a word repeated at once is a disfluency, not two words.
    if (!out.empty() && out.back().word == info.word && out.back().sentence == raw.sentence &&
        out.back().quoted == raw.quoted) {
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
    t.quoted = raw.quoted;
    t.negator = info.negator;
    t.upper = raw.upper;
    out.push_back(t);
  }
}

void CompiledLexicon::choose_anchors() {
  // How many patterns use each term: a term many patterns share is a function word. Words
  // the language lists as frequent (detect words, negators) and very short words are
  // frequent in text whatever the patterns say: they make poor anchors.
  std::vector<std::uint32_t> usage(term_names_.size(), 0);
  std::vector<std::uint64_t> weight(term_names_.size(), 1);
  StringSet frequent;
  for (const auto& w : lexicon_->detect) frequent.insert(fold(w));
  for (const auto& w : lexicon_->negators) frequent.insert(fold(w));
  for (std::uint32_t t = 0; t < term_names_.size(); ++t) {
    std::string_view name = term_names_[t];
    std::string_view word = name.substr(name.find(':') + 1);
    if (frequent.count(word)) weight[t] = 1000;
    else if (word.size() <= 3) weight[t] = name.rfind("prefix:", 0) == 0 ? 200 : 20;
  }
  auto for_each_term = [&](const CompiledElement& e, auto&& f) {
    if (e.kind == CompiledElement::Kind::term) f(e.term);
    if (e.kind == CompiledElement::Kind::choice)
      for (std::uint32_t k = 0; k < e.set_size; ++k) f(term_sets_[e.term + k]);
  };
  for (const auto& p : patterns_)
    for (const auto& e : p.elements) for_each_term(e, [&](std::uint32_t t) { ++usage[t]; });
  anchored_.assign(term_names_.size(), {});
  for (std::uint32_t p = 0; p < patterns_.size(); ++p) {
    const CompiledElement* best = nullptr;
    std::uint64_t best_cost = ~0ull;
    std::uint32_t span = 0;  // tokens the elements before the current one can cover
    for (const auto& e : patterns_[p].elements) {
      if (e.kind == CompiledElement::Kind::term || e.kind == CompiledElement::Kind::choice) {
        std::uint64_t cost = 0;
        for_each_term(e, [&](std::uint32_t t) { cost += usage[t] * weight[t]; });
        if (cost < best_cost) {
          best_cost = cost;
          best = &e;
          patterns_[p].max_before_anchor = span;
        }
      }
      span += e.kind == CompiledElement::Kind::gap ? e.max_gap : 1;
    }
    for_each_term(*best, [&](std::uint32_t t) { anchored_[t].push_back(p); });
  }
  for (auto& list : anchored_) list.erase(std::unique(list.begin(), list.end()), list.end());
  signatures_.assign(patterns_.size(), Signature{});
  for (std::uint32_t p = 0; p < patterns_.size(); ++p) {
    Signature& sig = signatures_[p];
    int choices = 0;
    for (const auto& e : patterns_[p].elements) {
      if (e.kind == CompiledElement::Kind::term) sig.all |= term_bit(e.term);
      if (e.kind == CompiledElement::Kind::choice && choices < 2) {
        std::uint64_t bits = 0;
        for (std::uint32_t k = 0; k < e.set_size; ++k) bits |= term_bit(term_sets_[e.term + k]);
        (choices++ == 0 ? sig.any1 : sig.any2) = bits;
      }
    }
  }
}

namespace {

struct MatchState {
  const CompiledLexicon& lexicon;
  const std::vector<MatchToken>& tokens;
  const std::uint32_t* terms;
  std::uint32_t sentence_end;  // first token past the sentence

  bool has_term(const MatchToken& t, std::uint32_t term) const {
    const std::uint32_t* begin = terms + t.terms_begin;
    return std::find(begin, begin + t.terms_count, term) != begin + t.terms_count;
  }
  bool has_any(const MatchToken& t, const CompiledElement& e) const {
    const std::uint32_t* set = lexicon.term_set(e);
    for (std::uint16_t k = 0; k < t.terms_count; ++k)
      if (std::binary_search(set, set + e.set_size, terms[t.terms_begin + k])) return true;
    return false;
  }
  bool matches(const CompiledElement& e, std::size_t pos) const {
    switch (e.kind) {
      case CompiledElement::Kind::term: return has_term(tokens[pos], e.term);
      case CompiledElement::Kind::choice: return has_any(tokens[pos], e);
      case CompiledElement::Kind::any: return true;
      case CompiledElement::Kind::gap: return false;
    }
    return false;
  }
  // Matches elements[el..] at token pos; returns the end token or -1 (shortest match).
  long match(const std::vector<CompiledElement>& elements, std::size_t el, std::size_t pos) const {
    if (el == elements.size()) return static_cast<long>(pos);
    const CompiledElement& e = elements[el];
    if (e.kind == CompiledElement::Kind::gap) {
      for (std::size_t skip = 0; skip <= e.max_gap && pos + skip <= sentence_end; ++skip) {
        long end = match(elements, el + 1, pos + skip);
        if (end >= 0) return end;
      }
      return -1;
    }
    if (pos >= sentence_end || !matches(e, pos)) return -1;
    return match(elements, el + 1, pos + 1);
  }
};

}  // namespace

void find_matches(const CompiledLexicon& lexicon, const TokenCache& cache,
                  const std::vector<MatchToken>& tokens, std::vector<PatternMatch>& out) {
  out.clear();
  const std::uint32_t* terms = cache.terms(TokenInfo{});
  const auto& patterns = lexicon.patterns();
  // Which terms the current sentence has (stamped with the sentence's generation): a
  // pattern with a word the sentence lacks is rejected before any backtracking.
  thread_local std::vector<std::uint32_t> present;
  thread_local std::uint32_t generation = 0;
  if (present.size() < lexicon.term_count()) present.assign(lexicon.term_count(), 0);
  auto has_all_words = [&](const CompiledPattern& pattern) {
    for (const auto& e : pattern.elements) {
      if (e.kind == CompiledElement::Kind::term) {
        if (present[e.term] != generation) return false;
      } else if (e.kind == CompiledElement::Kind::choice) {
        const std::uint32_t* set = lexicon.term_set(e);
        bool any = false;
        for (std::uint32_t k = 0; k < e.set_size && !any; ++k) any = present[set[k]] == generation;
        if (!any) return false;
      }
    }
    return true;
  };
  for (std::uint32_t a = 0; a < tokens.size();) {
    std::uint32_t b = a;
    while (b < tokens.size() && tokens[b].sentence == tokens[a].sentence) ++b;
    if (++generation == 0) {
      std::fill(present.begin(), present.end(), 0);
      generation = 1;
    }
    std::uint64_t sentence_bits = 0;
    for (std::uint32_t i = a; i < b; ++i)
      for (std::uint16_t k = 0; k < tokens[i].terms_count; ++k) {
        std::uint32_t term = terms[tokens[i].terms_begin + k];
        present[term] = generation;
        sentence_bits |= CompiledLexicon::term_bit(term);
      }
    MatchState state{lexicon, tokens, terms, b};
    // Each token's terms name the patterns anchored on them; a pattern can only start a
    // few tokens before its anchor, so only those starts are tried.
    for (std::uint32_t i = a; i < b; ++i) {
      for (std::uint16_t k = 0; k < tokens[i].terms_count; ++k) {
        for (std::uint32_t p : lexicon.anchored_on(terms[tokens[i].terms_begin + k])) {
          const CompiledLexicon::Signature& sig = lexicon.signature(p);
          if ((sig.all & sentence_bits) != sig.all || (sig.any1 && !(sig.any1 & sentence_bits)) ||
              (sig.any2 && !(sig.any2 & sentence_bits)))
            continue;
          const CompiledPattern& pattern = patterns[p];
          if (!has_all_words(pattern)) continue;
          std::uint32_t first = i - std::min(i - a, pattern.max_before_anchor);
          for (std::uint32_t start = first; start <= i; ++start) {
            if (!state.matches(pattern.elements[0], start)) continue;
            long end = state.match(pattern.elements, 1, start + 1);
            if (end > static_cast<long>(i)) out.push_back({p, start, static_cast<std::uint32_t>(end)});
          }
        }
      }
    }
    a = b;
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
