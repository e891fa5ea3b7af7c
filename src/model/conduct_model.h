// The conduct model: a learned second opinion on the lexical anti-patterns of an agent turn,
// for the wordings no rule was written for. Rules written from one writer's transcripts barely
// catch the next writer's (README, "How right is it"); a logistic regression over the
// character 3-5-grams of agent turns did, on every held-out set. One model per language and
// label, trained at build time (src/train/main.cc) on eval/dev with the lexicons' polite
// example sentences and the sentence probes' tuning look-alikes as extra negatives, and
// embedded in the binary.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "match/matcher.h"

namespace defuse {

class BlobWriter;
class BlobReader;

/// The labels the model scores: the anti-patterns found in an agent's words (not the
/// structural ones, slow_response and no_closure).
inline constexpr std::array<AntiPattern, 9> kModelLabels{
    AntiPattern::contract_blame, AntiPattern::management_deflection, AntiPattern::website_deflection,
    AntiPattern::third_party_blame, AntiPattern::arguing, AntiPattern::rudeness, AntiPattern::two_news,
    AntiPattern::excuse, AntiPattern::accusing_dishonesty};
inline constexpr std::size_t kModelLabelCount = kModelLabels.size();

/// The features of one text: the hashes of the character 3-, 4- and 5-grams of each
/// whitespace-separated word of its folded form, the word padded with a space each side
/// (a word shorter than n gives its padded self once), as scikit-learn's `char_wb` analyzer;
/// and of each pair of words side by side. Appended to `out`, one per occurrence.
void ngram_hashes(std::string_view folded, std::vector<std::uint64_t>& out);

/// One training example: a folded agent sentence or turn and, per label, whether it shows it.
/// `skip` labels take no part in that label's model (a later turn of a transcript labelled
/// with it may say it again: not a clean negative).
struct ModelExample {
  std::string folded;
  std::array<bool, kModelLabelCount> positive{};
  std::array<bool, kModelLabelCount> skip{};
};

/// Per-label scores of one text.
struct ModelScores {
  std::array<float, kModelLabelCount> probability{};
};

/// Per-thread memory of each word form's features, so a word is folded and cut into n-grams
/// once, not at every occurrence (word forms repeat heavily). For one model only.
class ModelWordCache {
 public:
  void clear() { words_.clear(), ids_.clear(), edges_.clear(), linear_.clear(); }

 private:
  friend class ConductModel;
  // The matcher's word table: a word's TokenInfo::terms_begin/terms_count give its span of
  // ids_, and TokenInfo::word its Edges.
  FormTable words_;
  // The hashes of the first and last folded words a word as written gives (usually one),
  // for the word pairs it makes with its neighbours.
  struct Edges {
    std::uint64_t first = 0, last = 0;
    bool any = false;  // false: it folds to nothing
  };
  std::vector<Edges> edges_;
  // Each cached word's features summed as if each occurred once in the text: idf x weight
  // per label, and idf squared. A text's score adds these up and corrects only the features
  // it holds more than once (sublinear term frequency), so most weight rows are never read.
  struct Linear {
    std::array<float, kModelLabelCount> sum{};
    float squares = 0;
  };
  std::vector<Linear> linear_;          // by TokenInfo::word, like edges_
  std::vector<std::uint32_t> ids_;      // the features of each cached word, one after another
  std::vector<std::uint16_t> counts_;   // scratch, by feature: occurrences in the text at hand
  std::vector<std::uint32_t> touched_;  // scratch: the features counted, in first-seen order
  std::string folded_, padded_;          // scratch for a word not cached yet
  std::vector<std::uint32_t> starts_;
  std::vector<std::uint64_t> hashes_;
  static constexpr std::size_t kMaxWords = 1u << 12;  // then emptied, to bound memory
};

class ConductModel {
 public:
  /// Trains the nine models (L2-regularised logistic regression, C = 4, classes weighted to
  /// balance, on TF-IDF with sublinear term frequency; features seen in at least 2 examples).
  static ConductModel train(const std::vector<ModelExample>& examples);

  /// Probability per label that `folded` (fold_into's output) shows it.
  ModelScores score(std::string_view folded) const;
  /// The same for text as written (folded word by word through `cache`): the hot path.
  ModelScores score_text(std::string_view text, ModelWordCache& cache) const;
  /// Whether `text` has at least `n` words (whitespace-separated), counting no further.
  static bool has_words(std::string_view text, std::size_t n);
  /// The same with the per-word contributions to `label`'s logit (for evidence: which
  /// words weighed most). `words` receives (byte begin, byte end, contribution) per word.
  struct WordWeight {
    std::uint32_t begin = 0, end = 0;
    float weight = 0;
  };
  float word_weights(std::string_view folded, std::size_t label, std::vector<WordWeight>& words) const;

  /// Turns of fewer words are left to the lexicon: too few n-grams to judge by, and in the
  /// labelled dev set under 1 % of the turns that show an anti-pattern are that short, against
  /// 13-30 % of the others ("Конечно, сколько человек?" is no rudeness).
  static constexpr std::size_t kMinWords = 8;
  /// Nor does it judge a turn that only asks: none of the ~1,000 dev turns that show an
  /// anti-pattern does, against 2-8 % of the others ("Конечно, какой день и сколько людей?").

  std::size_t features() const { return hashes_.size(); }
  void write(BlobWriter& out) const;
  /// False when the bytes are not a model.
  bool read(BlobReader& in);

 private:
  // Per feature: its n-gram's hash, and a row of its idf and one weight per label. One row,
  // not an idf table beside a weight table: scoring a turn reads both for each of its
  // features, scattered over a table too large for the L1 cache (36,000-41,000 features).
  std::vector<std::uint64_t> hashes_;
  static constexpr std::size_t kRow = 1 + kModelLabelCount;
  std::vector<float> rows_;  // features() x kRow
  float idf(std::uint32_t feature) const { return rows_[feature * kRow]; }
  const float* weights(std::uint32_t feature) const { return rows_.data() + feature * kRow + 1; }
  std::array<float, kModelLabelCount> bias_{};
  // Derived at read()/train(): hash -> feature + 1 (0: empty), open addressing.
  std::vector<std::uint32_t> slots_;
  std::uint64_t slot_mask_ = 0;
  // Bit 0 of a hash tells a word pair (1) from an n-gram, so the slot is taken above it.
  std::size_t slot_of(std::uint64_t hash) const { return (hash >> 1) & slot_mask_; }
  // Derived too: a bit per word-pair feature's hash (about 10,000 a language; 8 KB, so it
  // stays in the L1 cache), tested before the feature table.
  static constexpr std::size_t kPairFilterBits = 1u << 16;
  std::vector<std::uint64_t> pair_filter_;
  static std::size_t pair_bit(std::uint64_t hash) { return hash >> 48; }
  bool may_be_pair(std::uint64_t hash) const { return pair_filter_[pair_bit(hash) / 64] >> (pair_bit(hash) % 64) & 1; }

  void index();
  /// Feature of a hash, or -1.
  std::int64_t find(std::uint64_t hash) const;
  /// A feature's TF-IDF value before normalisation: (1 + ln tf) * idf.
  float tfidf(std::size_t tf, std::uint32_t feature) const;
  /// Scores from the linear sums of a text's features (each occurrence counted as one) and
  /// the counts of its features (which it resets to 0): features seen more than once are
  /// corrected to their sublinear term frequency.
  ModelScores score_counted(std::array<float, kModelLabelCount> sum, float squares,
                            const std::vector<std::uint32_t>& features, std::vector<std::uint16_t>& counts) const;
  /// The sparse TF-IDF vector of `folded`: (feature, value), L2-normalised.
  void vectorize(std::string_view folded, std::vector<std::pair<std::uint32_t, float>>& out) const;
};

/// The built-in models, by language, read from the blob the build embeds (empty in a program
/// linked without it). Thread-safe; each language is read on first use.
class ConductModels {
 public:
  static const ConductModels& builtin();
  /// The model for `lang`, or null.
  const ConductModel* find(std::string_view lang) const;
  std::vector<std::string> languages() const;

  /// The blob format: a count, then (language, model) pairs.
  static std::string to_blob(const std::vector<std::pair<std::string, const ConductModel*>>& models);

 private:
  struct Entry {
    std::string lang;
    std::string_view bytes;
    mutable std::once_flag once;
    mutable std::unique_ptr<ConductModel> model;
  };
  std::vector<std::unique_ptr<Entry>> entries_;
};

/// The embedded blob (see CMakeLists.txt); empty without it.
std::string_view embedded_model_blob();

}  // namespace defuse
