#include "report/stats.h"

#include <boost/math/distributions/hypergeometric.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>

namespace defuse {
namespace {

constexpr std::size_t kExactMax = 20;  // beyond this the normal approximation is good enough

// Counts of the arrangements of m "a" and n "b" values that give each U (0..m*n), where U
// counts the pairs in which the b value is the larger. Adding the largest value of the
// pooled sample: a "b" beats every a still present (+i), an "a" adds nothing.
std::vector<double> mann_whitney_counts(std::size_t m, std::size_t n) {
  // previous[j] and current[j] hold the distribution for (i, j) as i grows.
  std::vector<std::vector<double>> previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = {1.0};  // i == 0: U is 0
  for (std::size_t i = 1; i <= m; ++i) {
    current[0] = {1.0};
    for (std::size_t j = 1; j <= n; ++j) {
      std::vector<double> dist(i * j + 1, 0.0);
      // largest is an "a": U of (i-1, j)
      for (std::size_t u = 0; u < previous[j].size(); ++u) dist[u] += previous[j][u];
      // largest is a "b": it beats all i a's: U of (i, j-1) + i
      for (std::size_t u = 0; u < current[j - 1].size(); ++u) dist[u + i] += current[j - 1][u];
      current[j] = std::move(dist);
    }
    std::swap(previous, current);
  }
  return previous[n];
}

}  // namespace

double normal_two_sided_p(double z) {
  boost::math::normal_distribution<double> normal;
  return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(normal, std::fabs(z))));
}

double two_proportion_z(std::size_t k1, std::size_t n1, std::size_t k2, std::size_t n2) {
  if (n1 == 0 || n2 == 0) return 0;
  double p1 = static_cast<double>(k1) / n1, p2 = static_cast<double>(k2) / n2;
  double pooled = static_cast<double>(k1 + k2) / (n1 + n2);
  double se = std::sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  return se > 0 ? (p2 - p1) / se : 0;
}

double fisher_exact_two_sided(std::size_t a, std::size_t b, std::size_t c, std::size_t d) {
  // Rows are the two batches, columns success/failure; X = a is hypergeometric given the margins.
  const unsigned successes = static_cast<unsigned>(a + c);
  const unsigned row1 = static_cast<unsigned>(a + b);
  const unsigned total = static_cast<unsigned>(a + b + c + d);
  if (total == 0) return 1;
  boost::math::hypergeometric_distribution<double> dist(successes, row1, total);
  unsigned low = row1 + successes > total ? row1 + successes - total : 0;
  unsigned high = std::min(successes, row1);
  double observed = boost::math::pdf(dist, static_cast<unsigned>(a));
  // Relative tolerance as in R, so tables equally likely up to rounding count as extreme.
  double limit = observed * (1 + 1e-7);
  double p = 0;
  for (unsigned x = low; x <= high; ++x) {
    double px = boost::math::pdf(dist, x);
    if (px <= limit) p += px;
  }
  return std::min(1.0, p);
}

Interval wilson_interval(std::size_t k, std::size_t n, double z) {
  if (n == 0) return {0, 1};
  double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = z * z;
  double center = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

Interval newcombe_difference(std::size_t k1, std::size_t n1, std::size_t k2, std::size_t n2) {
  double p1 = n1 ? static_cast<double>(k1) / n1 : 0, p2 = n2 ? static_cast<double>(k2) / n2 : 0;
  Interval w1 = wilson_interval(k1, n1), w2 = wilson_interval(k2, n2);
  double d = p2 - p1;
  return {d - std::sqrt((p2 - w2.low) * (p2 - w2.low) + (w1.high - p1) * (w1.high - p1)),
          d + std::sqrt((w2.high - p2) * (w2.high - p2) + (p1 - w1.low) * (p1 - w1.low))};
}

TestResult compare_proportions(std::size_t k1, std::size_t n1, std::size_t k2, std::size_t n2) {
  TestResult t;
  if (n1 < kMinSample || n2 < kMinSample) {
    t.method = "not enough data";
    return t;
  }
  t.tested = true;
  double pooled = static_cast<double>(k1 + k2) / (n1 + n2);
  double smallest = std::min({n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)});
  // The usual rule of thumb for the normal approximation: every expected count at least 5.
  if (smallest < 5) {
    t.method = "Fisher exact";
    t.p_value = fisher_exact_two_sided(k1, n1 - k1, k2, n2 - k2);
    return t;
  }
  t.method = "z-test";
  t.statistic = two_proportion_z(k1, n1, k2, n2);
  t.p_value = normal_two_sided_p(t.statistic);
  return t;
}

double mann_whitney_exact_cdf(std::size_t m, std::size_t n, double u) {
  if (u < 0) return 0;
  std::vector<double> counts = mann_whitney_counts(m, n);
  double total = 0, below = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    total += counts[k];
    if (static_cast<double>(k) <= u + 1e-9) below += counts[k];
  }
  return below / total;
}

MannWhitney mann_whitney(const std::vector<double>& a, const std::vector<double>& b) {
  MannWhitney r;
  const std::size_t m = a.size(), n = b.size();
  if (m == 0 || n == 0) return r;
  // Midranks over the pooled sample; ties share the mean of their ranks.
  std::vector<std::pair<double, int>> pooled;
  pooled.reserve(m + n);
  for (double x : a) pooled.emplace_back(x, 0);
  for (double y : b) pooled.emplace_back(y, 1);
  std::sort(pooled.begin(), pooled.end());
  const double total = static_cast<double>(m + n);
  double rank_sum_b = 0, tie_term = 0;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    double t = static_cast<double>(j - i);
    double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k)
      if (pooled[k].second == 1) rank_sum_b += midrank;
    tie_term += t * t * t - t;
    i = j;
  }
  const double mm = static_cast<double>(m), nn = static_cast<double>(n);
  r.u = rank_sum_b - nn * (nn + 1) / 2;
  const double mean = mm * nn / 2;
  const double variance = mm * nn / 12 * ((total + 1) - tie_term / (total * (total - 1)));
  if (variance > 0) {
    double diff = r.u - mean;
    double corrected = diff > 0 ? std::max(0.0, diff - 0.5) : std::min(0.0, diff + 0.5);
    r.z = corrected / std::sqrt(variance);
    r.p_value = normal_two_sided_p(r.z);
  }
  if (m <= kExactMax && n <= kExactMax && tie_term == 0) {
    // U of b counts pairs with b larger; its null distribution is symmetric about m*n/2.
    double lower = mann_whitney_exact_cdf(m, n, std::min(r.u, mm * nn - r.u));
    r.p_value = std::min(1.0, 2 * lower);
    r.exact = true;
  }
  return r;
}

TestResult compare_samples(const std::vector<double>& before, const std::vector<double>& after) {
  TestResult t;
  if (before.size() < kMinSample || after.size() < kMinSample) {
    t.method = "not enough data";
    return t;
  }
  MannWhitney mw = mann_whitney(before, after);
  t.tested = true;
  t.method = mw.exact ? "Mann-Whitney U (exact)" : "Mann-Whitney U (normal approx.)";
  t.statistic = mw.exact ? mw.u : mw.z;
  t.p_value = mw.p_value;
  return t;
}

}  // namespace defuse
