#include "model/conduct_model.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "core/blob.h"
#include "normalize/fold.h"

// The embedded models: defined by the build's generated object (cmake: defuse_model), absent —
// null — in the programs that are linked without it (the trainer itself, the lexicon compiler).
extern "C" {
extern const char defuse_model_blob_begin[] __attribute__((weak));
extern const char defuse_model_blob_end[] __attribute__((weak));
}

namespace defuse {

namespace {

constexpr std::string_view kMagic = "defuse-conduct-model";
constexpr std::uint32_t kVersion = 2;  // 2: word pairs
constexpr double kC = 4.0;  // inverse regularisation strength, as the experiment that chose it

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::uint64_t hash_bytes(const char* p, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 0x100000001b3ull;
  h ^= h >> 29;
  return (h * 0xbf58476d1ce4e5b9ull) & ~1ull;  // even; a word pair's hash is odd
}

// Calls visit(begin, end) for each whitespace-separated word of `text`.
template <typename Visit>
void for_each_word(std::string_view text, Visit&& visit) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t begin = i;
    while (i < text.size() && !is_space(static_cast<unsigned char>(text[i]))) ++i;
    if (i > begin) visit(begin, i);
  }
}

// The n-gram hashes of one word, as char_wb pads and cuts it (code points, not bytes).
void word_ngrams(std::string_view word, std::string& padded, std::vector<std::uint32_t>& starts,
                 std::vector<std::uint64_t>& out) {
  padded.assign(" ");
  padded.append(word);
  padded.push_back(' ');
  starts.clear();
  for (std::uint32_t i = 0; i < padded.size(); ++i)
    if ((static_cast<unsigned char>(padded[i]) & 0xC0) != 0x80) starts.push_back(i);
  const std::size_t length = starts.size();  // in code points
  starts.push_back(static_cast<std::uint32_t>(padded.size()));
  for (std::size_t n = 3; n <= 5; ++n) {
    if (length <= n) {  // the padded word whole, once, and no longer n-grams
      out.push_back(hash_bytes(padded.data(), padded.size()));
      break;
    }
    for (std::size_t k = 0; k + n <= length; ++k)
      out.push_back(hash_bytes(padded.data() + starts[k], starts[k + n] - starts[k]));
  }
}

// Two words side by side ("calm down", "your problem"), which the n-grams of each word alone
// cannot tell from the same words apart: the hash of the pair of the words' own hashes.
std::uint64_t word_hash(std::string_view word) { return hash_bytes(word.data(), word.size()); }
std::uint64_t word_pair_hash(std::uint64_t first, std::uint64_t second) {
  std::uint64_t h = (first ^ 0x5851f42d4c957f2dull) * 0x9E3779B97F4A7C15ull + second;
  h ^= h >> 31;
  return (h * 0xbf58476d1ce4e5b9ull) | 1;  // odd: ConductModel::index() tells pairs by it
}

// Calls visit(word, its hash, the hash of its pair with the word before or 0 for the first)
// for each whitespace-separated word of `folded`.
template <typename Visit>
void for_each_word_and_pair(std::string_view folded, Visit&& visit) {
  std::uint64_t previous = 0;
  bool after_word = false;
  for_each_word(folded, [&](std::size_t b, std::size_t e) {
    const std::string_view word = folded.substr(b, e - b);
    const std::uint64_t hash = word_hash(word);
    visit(word, hash, after_word ? word_pair_hash(previous, hash) : 0);
    previous = hash;
    after_word = true;
  });
}

double log1p_exp(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
double sigmoid(double x) { return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x)); }

// Rows of TF-IDF vectors, compressed.
struct SparseRows {
  std::vector<std::uint32_t> begin{0};
  std::vector<std::uint32_t> feature;
  std::vector<double> value;
};

// Minimises C * sum_i s_i log(1 + exp(-y_i (w.x_i + b))) + |w|^2 / 2 by L-BFGS (the intercept
// is not regularised). Returns w with b appended.
std::vector<double> fit_logistic(const SparseRows& x, const std::vector<std::uint32_t>& rows, const std::vector<int>& y,
                                 const std::vector<double>& sample_weight, std::size_t features) {
  const std::size_t dim = features + 1;
  std::vector<double> w(dim, 0.0), g(dim), w_new(dim), g_new(dim), direction(dim);
  std::vector<double> margin(rows.size());
  auto evaluate = [&](const std::vector<double>& at, std::vector<double>& grad) {
    double f = 0;
    for (std::size_t k = 0; k < features; ++k) {
      f += 0.5 * at[k] * at[k];
      grad[k] = at[k];
    }
    grad[features] = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::uint32_t row = rows[r];
      double z = at[features];
      for (std::uint32_t j = x.begin[row]; j < x.begin[row + 1]; ++j) z += at[x.feature[j]] * x.value[j];
      const double m = y[r] * z;
      f += kC * sample_weight[r] * log1p_exp(-m);
      const double dz = -kC * sample_weight[r] * y[r] * sigmoid(-m);
      for (std::uint32_t j = x.begin[row]; j < x.begin[row + 1]; ++j) grad[x.feature[j]] += dz * x.value[j];
      grad[features] += dz;
    }
    return f;
  };
  auto dot = [&](const std::vector<double>& a, const std::vector<double>& b) {
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
  };
  constexpr std::size_t kHistory = 10;
  std::vector<std::vector<double>> s_hist, y_hist;
  std::vector<double> rho;
  double f = evaluate(w, g);
  for (int iteration = 0; iteration < 500; ++iteration) {
    double g_max = 0;
    for (double v : g) g_max = std::max(g_max, std::abs(v));
    if (g_max < 1e-5) break;
    // Two-loop recursion: direction = -H g.
    direction = g;
    std::vector<double> alpha(s_hist.size());
    for (std::size_t k = s_hist.size(); k-- > 0;) {
      alpha[k] = rho[k] * dot(s_hist[k], direction);
      for (std::size_t d = 0; d < dim; ++d) direction[d] -= alpha[k] * y_hist[k][d];
    }
    if (!s_hist.empty()) {
      const double gamma = dot(s_hist.back(), y_hist.back()) / dot(y_hist.back(), y_hist.back());
      for (double& v : direction) v *= gamma;
    } else {
      const double norm = std::sqrt(dot(g, g));
      for (double& v : direction) v /= norm;
    }
    for (std::size_t k = 0; k < s_hist.size(); ++k) {
      const double beta = rho[k] * dot(y_hist[k], direction);
      for (std::size_t d = 0; d < dim; ++d) direction[d] += s_hist[k][d] * (alpha[k] - beta);
    }
    for (double& v : direction) v = -v;
    double slope = dot(g, direction);
    if (slope >= 0) {  // not a descent direction: restart from the gradient
      s_hist.clear(), y_hist.clear(), rho.clear();
      for (std::size_t d = 0; d < dim; ++d) direction[d] = -g[d];
      slope = dot(g, direction);
    }
    // Backtracking line search (Armijo).
    double step = 1, f_new = 0;
    for (int tries = 0; tries < 40; ++tries, step *= 0.5) {
      for (std::size_t d = 0; d < dim; ++d) w_new[d] = w[d] + step * direction[d];
      f_new = evaluate(w_new, g_new);
      if (f_new <= f + 1e-4 * step * slope) break;
    }
    if (!(f_new < f)) break;
    std::vector<double> s(dim), yk(dim);
    for (std::size_t d = 0; d < dim; ++d) s[d] = w_new[d] - w[d], yk[d] = g_new[d] - g[d];
    const double sy = dot(s, yk);
    if (sy > 1e-12) {
      if (s_hist.size() == kHistory) s_hist.erase(s_hist.begin()), y_hist.erase(y_hist.begin()), rho.erase(rho.begin());
      s_hist.push_back(std::move(s));
      y_hist.push_back(std::move(yk));
      rho.push_back(1 / sy);
    }
    const bool converged = (f - f_new) <= 1e-9 * std::max({std::abs(f), std::abs(f_new), 1.0});
    w.swap(w_new);
    g.swap(g_new);
    f = f_new;
    if (converged) break;
  }
  return w;
}

}  // namespace

void ngram_hashes(std::string_view folded, std::vector<std::uint64_t>& out) {
  std::string padded;
  std::vector<std::uint32_t> starts;
  for_each_word_and_pair(folded, [&](std::string_view word, std::uint64_t, std::uint64_t pair) {
    word_ngrams(word, padded, starts, out);
    if (pair) out.push_back(pair);
  });
}

void ConductModel::index() {
  std::size_t size = 16;
  while (size < hashes_.size() * 2) size *= 2;
  slots_.assign(size, 0);
  slot_mask_ = size - 1;
  pair_filter_.assign(kPairFilterBits / 64, 0);
  for (std::uint32_t f = 0; f < hashes_.size(); ++f) {
    std::size_t i = slot_of(hashes_[f]);
    while (slots_[i] != 0) i = (i + 1) & slot_mask_;
    slots_[i] = f + 1;
    if (hashes_[f] & 1) pair_filter_[pair_bit(hashes_[f]) / 64] |= 1ull << (pair_bit(hashes_[f]) % 64);
  }
}

std::int64_t ConductModel::find(std::uint64_t hash) const {
  if (slots_.empty()) return -1;
  for (std::size_t i = slot_of(hash);; i = (i + 1) & slot_mask_) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) return -1;
    if (hashes_[slot - 1] == hash) return slot - 1;
  }
}

void ConductModel::vectorize(std::string_view folded, std::vector<std::pair<std::uint32_t, float>>& out) const {
  thread_local std::vector<std::uint64_t> hashes;
  thread_local std::vector<std::uint32_t> ids;
  hashes.clear();
  ids.clear();
  out.clear();
  ngram_hashes(folded, hashes);
  for (std::uint64_t h : hashes)
    if (std::int64_t f = find(h); f >= 0) ids.push_back(static_cast<std::uint32_t>(f));
  std::sort(ids.begin(), ids.end());
  double norm = 0;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    const float value = tfidf(j - i, ids[i]);
    out.emplace_back(ids[i], value);
    norm += static_cast<double>(value) * value;
    i = j;
  }
  if (norm > 0) {
    const float scale = static_cast<float>(1 / std::sqrt(norm));
    for (auto& [f, v] : out) v *= scale;
  }
}

ModelScores ConductModel::score(std::string_view folded) const {
  thread_local std::vector<std::pair<std::uint32_t, float>> vector;
  vectorize(folded, vector);
  std::array<float, kModelLabelCount> z = bias_;
  for (const auto& [f, v] : vector) {
    const float* w = weights(f);
    for (std::size_t l = 0; l < kModelLabelCount; ++l) z[l] += v * w[l];
  }
  ModelScores scores;
  for (std::size_t l = 0; l < kModelLabelCount; ++l) scores.probability[l] = static_cast<float>(sigmoid(z[l]));
  return scores;
}

bool ConductModel::has_words(std::string_view text, std::size_t n) {
  std::size_t i = 0;
  for (; n > 0; --n) {
    while (i < text.size() && is_space(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) return false;
    while (i < text.size() && !is_space(static_cast<unsigned char>(text[i]))) ++i;
  }
  return true;
}

ModelScores ConductModel::score_text(std::string_view text, ModelWordCache& cache) const {
  if (cache.words_.size() > ModelWordCache::kMaxWords) cache.clear();
  if (cache.counts_.size() < hashes_.size()) cache.counts_.assign(hashes_.size(), 0);
  std::vector<std::uint32_t>& touched = cache.touched_;
  touched.clear();
  std::string& folded = cache.folded_;
  std::vector<std::uint64_t>& hashes = cache.hashes_;
  auto count = [&](std::uint32_t f) {
    if (cache.counts_[f]++ == 0) touched.push_back(f);
  };
  std::array<float, kModelLabelCount> sum{};
  float squares = 0;
  std::uint64_t previous = 0;  // the last folded word's hash, for the word pairs
  bool after_word = false;
  for_each_word(text, [&](std::size_t b, std::size_t e) {
    const std::string_view word = text.substr(b, e - b);
    const std::uint64_t hash = cache.words_.hash(word);
    const TokenInfo* info = cache.words_.find(word, hash);
    if (!info) {
      // Folding may split a word (a no-break space becomes a space): cut what it gives, the
      // pairs within it included; the pairs with its neighbours are made from its edges.
      folded.clear();
      fold_into(word, folded);
      hashes.clear();
      ModelWordCache::Edges edges;
      for_each_word_and_pair(folded, [&](std::string_view part, std::uint64_t part_hash, std::uint64_t pair) {
        word_ngrams(part, cache.padded_, cache.starts_, hashes);
        if (pair) hashes.push_back(pair);
        if (!edges.any) edges.first = part_hash;
        edges.last = part_hash;
        edges.any = true;
      });
      const auto begin = static_cast<std::uint32_t>(cache.ids_.size());
      for (std::uint64_t h : hashes)
        if (std::int64_t f = find(h); f >= 0) cache.ids_.push_back(static_cast<std::uint32_t>(f));
      TokenInfo span;
      span.terms_begin = begin;
      // A word of more than 65,535 n-grams keeps the first ones (no word is that long).
      span.terms_count = static_cast<std::uint16_t>(std::min<std::size_t>(cache.ids_.size() - begin, 0xFFFF));
      span.word = static_cast<std::uint32_t>(cache.edges_.size());
      cache.edges_.push_back(edges);
      ModelWordCache::Linear& linear = cache.linear_.emplace_back();
      for (std::uint32_t k = span.terms_begin; k < span.terms_begin + span.terms_count; ++k) {
        const std::uint32_t f = cache.ids_[k];
        const float value = idf(f);
        const float* w = weights(f);
        for (std::size_t l = 0; l < kModelLabelCount; ++l) linear.sum[l] += value * w[l];
        linear.squares += value * value;
      }
      info = &cache.words_.insert(word, hash, span);
    }
    for (std::uint32_t k = info->terms_begin; k < info->terms_begin + info->terms_count; ++k) count(cache.ids_[k]);
    const ModelWordCache::Linear& linear = cache.linear_[info->word];
    for (std::size_t l = 0; l < kModelLabelCount; ++l) sum[l] += linear.sum[l];
    squares += linear.squares;
    const ModelWordCache::Edges& edges = cache.edges_[info->word];
    if (!edges.any) return;  // folds to nothing: no word between its neighbours
    if (after_word) {
      // Most pairs in a text are no feature: the filter rules them out without touching
      // the feature table.
      const std::uint64_t pair = word_pair_hash(previous, edges.first);
      if (may_be_pair(pair))
        if (std::int64_t f = find(pair); f >= 0) {
          count(static_cast<std::uint32_t>(f));
          const float value = idf(static_cast<std::uint32_t>(f));
          const float* w = weights(static_cast<std::uint32_t>(f));
          for (std::size_t l = 0; l < kModelLabelCount; ++l) sum[l] += value * w[l];
          squares += value * value;
        }
    }
    previous = edges.last;
    after_word = true;
  });
  return score_counted(sum, squares, touched, cache.counts_);
}

float ConductModel::tfidf(std::size_t tf, std::uint32_t feature) const {
  // 1 + ln(tf) for the usual small counts, from a table: this runs for every feature of every turn.
  static const std::array<float, 16> kSublinear = [] {
    std::array<float, 16> t{};
    for (std::size_t k = 1; k < t.size(); ++k) t[k] = static_cast<float>(1 + std::log(static_cast<double>(k)));
    return t;
  }();
  return (tf < kSublinear.size() ? kSublinear[tf] : static_cast<float>(1 + std::log(static_cast<double>(tf)))) * idf(feature);
}

ModelScores ConductModel::score_counted(std::array<float, kModelLabelCount> sum, float squares,
                                        const std::vector<std::uint32_t>& features,
                                        std::vector<std::uint16_t>& counts) const {
  for (std::uint32_t f : features) {
    const std::uint16_t tf = counts[f];
    counts[f] = 0;
    if (tf < 2) continue;  // counted once, as the sums have it
    const float value = tfidf(tf, f), linear = static_cast<float>(tf) * idf(f);
    const float* w = weights(f);
    for (std::size_t l = 0; l < kModelLabelCount; ++l) sum[l] += (value - linear) * w[l];
    squares += value * value - linear * idf(f);
  }
  const float scale = squares > 0 ? 1 / std::sqrt(squares) : 0;
  ModelScores scores;
  for (std::size_t l = 0; l < kModelLabelCount; ++l)
    scores.probability[l] = static_cast<float>(sigmoid(bias_[l] + sum[l] * scale));
  return scores;
}

float ConductModel::word_weights(std::string_view folded, std::size_t label, std::vector<WordWeight>& words) const {
  std::vector<std::pair<std::uint32_t, float>> vector;
  vectorize(folded, vector);
  // A feature's value shared out over its occurrences.
  std::unordered_map<std::uint32_t, std::pair<float, int>> share;  // feature -> (value * weight, occurrences)
  for (const auto& [f, v] : vector) share[f] = {v * weights(f)[label], 0};
  std::vector<std::vector<std::int64_t>> word_features;
  std::string padded;
  std::vector<std::uint32_t> starts;
  std::vector<std::uint64_t> hashes;
  words.clear();
  for_each_word_and_pair(folded, [&](std::string_view word, std::uint64_t, std::uint64_t pair) {
    hashes.clear();
    word_ngrams(word, padded, starts, hashes);
    if (pair) hashes.push_back(pair);  // a word pair counts for its second word
    std::vector<std::int64_t> ids;
    for (std::uint64_t h : hashes)
      if (std::int64_t f = find(h); f >= 0) {
        ids.push_back(f);
        ++share[static_cast<std::uint32_t>(f)].second;
      }
    word_features.push_back(std::move(ids));
    const auto begin = static_cast<std::uint32_t>(word.data() - folded.data());
    words.push_back({begin, begin + static_cast<std::uint32_t>(word.size()), 0});
  });
  for (std::size_t k = 0; k < words.size(); ++k)
    for (std::int64_t f : word_features[k]) {
      const auto& [total, count] = share[static_cast<std::uint32_t>(f)];
      words[k].weight += total / static_cast<float>(count);
    }
  float z = bias_[label];
  for (const auto& [f, v] : vector) z += v * weights(f)[label];
  return static_cast<float>(sigmoid(z));
}

ConductModel ConductModel::train(const std::vector<ModelExample>& examples) {
  ConductModel model;
  // The vocabulary: n-grams found in at least two examples, in hash order (deterministic).
  std::vector<std::vector<std::uint64_t>> doc_hashes(examples.size());
  std::unordered_map<std::uint64_t, std::uint32_t> df;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    ngram_hashes(examples[i].folded, doc_hashes[i]);
    std::vector<std::uint64_t> unique = doc_hashes[i];
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (std::uint64_t h : unique) ++df[h];
  }
  for (const auto& [h, count] : df)
    if (count >= 2) model.hashes_.push_back(h);
  std::sort(model.hashes_.begin(), model.hashes_.end());
  const double n = static_cast<double>(examples.size());
  model.rows_.assign(model.hashes_.size() * kRow, 0.0f);
  for (std::size_t f = 0; f < model.hashes_.size(); ++f)
    model.rows_[f * kRow] = static_cast<float>(std::log((1 + n) / (1 + df[model.hashes_[f]])) + 1);
  model.index();

  SparseRows x;
  std::vector<std::pair<std::uint32_t, float>> row;
  for (const auto& example : examples) {
    model.vectorize(example.folded, row);
    for (const auto& [f, v] : row) x.feature.push_back(f), x.value.push_back(v);
    x.begin.push_back(static_cast<std::uint32_t>(x.feature.size()));
  }
  for (std::size_t l = 0; l < kModelLabelCount; ++l) {
    std::vector<std::uint32_t> rows;
    std::vector<int> y;
    std::size_t positives = 0;
    for (std::uint32_t i = 0; i < examples.size(); ++i) {
      if (examples[i].skip[l]) continue;
      rows.push_back(i);
      y.push_back(examples[i].positive[l] ? 1 : -1);
      positives += examples[i].positive[l];
    }
    if (positives == 0 || positives == rows.size()) {
      model.bias_[l] = positives == 0 ? -20.0f : 20.0f;
      continue;
    }
    // Classes weighted to balance: n / (2 * class size).
    const double total = static_cast<double>(rows.size());
    const double w_pos = total / (2.0 * static_cast<double>(positives));
    const double w_neg = total / (2.0 * static_cast<double>(rows.size() - positives));
    std::vector<double> sample_weight(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) sample_weight[r] = y[r] > 0 ? w_pos : w_neg;
    const std::vector<double> w = fit_logistic(x, rows, y, sample_weight, model.hashes_.size());
    for (std::size_t f = 0; f < model.hashes_.size(); ++f) model.rows_[f * kRow + 1 + l] = static_cast<float>(w[f]);
    model.bias_[l] = static_cast<float>(w.back());
  }
  return model;
}

// The blob keeps the idf table and the weight table apart (feature-major weights).
void ConductModel::write(BlobWriter& out) const {
  std::vector<float> idfs(hashes_.size()), weight_table(hashes_.size() * kModelLabelCount);
  for (std::uint32_t f = 0; f < hashes_.size(); ++f) {
    idfs[f] = idf(f);
    std::copy_n(weights(f), kModelLabelCount, weight_table.begin() + static_cast<std::ptrdiff_t>(f * kModelLabelCount));
  }
  out.pods(hashes_);
  out.pods(idfs);
  out.pods(weight_table);
  out.pod(bias_);
}

bool ConductModel::read(BlobReader& in) {
  std::vector<float> idfs, weight_table;
  in.pods(hashes_);
  in.pods(idfs);
  in.pods(weight_table);
  bias_ = in.pod<std::array<float, kModelLabelCount>>();
  if (!in.ok() || idfs.size() != hashes_.size() || weight_table.size() != hashes_.size() * kModelLabelCount) return false;
  rows_.resize(hashes_.size() * kRow);
  for (std::size_t f = 0; f < hashes_.size(); ++f) {
    rows_[f * kRow] = idfs[f];
    std::copy_n(weight_table.begin() + static_cast<std::ptrdiff_t>(f * kModelLabelCount), kModelLabelCount,
                rows_.begin() + static_cast<std::ptrdiff_t>(f * kRow + 1));
  }
  index();
  return true;
}

std::string ConductModels::to_blob(const std::vector<std::pair<std::string, const ConductModel*>>& models) {
  BlobWriter out;
  out.string(kMagic);
  out.pod(kVersion);
  out.pod(static_cast<std::uint32_t>(models.size()));
  for (const auto& [lang, model] : models) {
    BlobWriter one;
    model->write(one);
    out.string(lang);
    out.string(one.bytes());
  }
  return out.bytes();
}

std::string_view embedded_model_blob() {
  if (!defuse_model_blob_begin || !defuse_model_blob_end) return {};
  return {defuse_model_blob_begin, static_cast<std::size_t>(defuse_model_blob_end - defuse_model_blob_begin)};
}

const ConductModels& ConductModels::builtin() {
  static const ConductModels models = [] {
    ConductModels m;
    const std::string_view blob = embedded_model_blob();
    if (blob.empty()) return m;
    BlobReader in(blob);
    if (in.string() != kMagic || in.pod<std::uint32_t>() != kVersion) return m;
    const std::uint32_t count = in.count();
    // Each language's bytes are found here and read on first use: start-up stays short.
    for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
      auto entry = std::make_unique<Entry>();
      entry->lang = in.string();
      entry->bytes = in.view();
      if (in.ok()) m.entries_.push_back(std::move(entry));
    }
    return m;
  }();
  return models;
}

const ConductModel* ConductModels::find(std::string_view lang) const {
  for (const auto& entry : entries_) {
    if (entry->lang != lang) continue;
    std::call_once(entry->once, [&] {
      auto model = std::make_unique<ConductModel>();
      BlobReader in(entry->bytes);
      if (model->read(in)) entry->model = std::move(model);
      // Copied out: the embedded bytes are clean file pages nobody reads again. Handed back,
      // they leave the peak RSS (issue 7: at most 100 MB).
      const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
      const auto first = reinterpret_cast<std::uintptr_t>(entry->bytes.data());
      const std::uintptr_t begin = (first + page - 1) & ~(page - 1);
      const std::uintptr_t end = (first + entry->bytes.size()) & ~(page - 1);
      if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
    });
    return entry->model.get();
  }
  return nullptr;
}

std::vector<std::string> ConductModels::languages() const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) out.push_back(entry->lang);
  return out;
}

}  // namespace defuse
