// The statistics behind `defuse compare`: did a step's rate, an anti-pattern's rate or the
// mean score change between two batches by more than chance would explain at these sample
// sizes? Distributions come from Boost.Math; nothing here is tuned to defuse's data.
//
// Choice of method (docs/reports.md):
//   proportions  two-proportion z-test (pooled), or Fisher's exact test when an expected
//                cell count is below 5; plus Newcombe's hybrid score interval for the
//                difference (Newcombe 1998, method 10).
//   scores       Mann-Whitney U: exact distribution when both samples have at most 20
//                values and no ties, else the normal approximation with tie and continuity
//                corrections.
//   either       "not enough data" when a batch has fewer than kMinSample transcripts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace defuse {

inline constexpr std::size_t kMinSample = 5;
inline constexpr double kAlpha = 0.05;

struct TestResult {
  bool tested = false;    // false: "not enough data"; p_value and statistic are meaningless
  std::string method;     // "z-test", "Fisher exact", "Mann-Whitney U (exact)", ... or "not enough data"
  double statistic = 0;   // z (z-test, Mann-Whitney normal), U (Mann-Whitney exact); 0 for Fisher
  double p_value = 1;     // two-sided
  bool significant() const { return tested && p_value < kAlpha; }
};

struct Interval {
  double low = 0, high = 0;
};

/// Two-sided p-value of a standard normal statistic: 2 * (1 - Phi(|z|)).
double normal_two_sided_p(double z);

/// Pooled two-proportion z statistic for p2 - p1 (0 when the pooled rate is 0 or 1).
double two_proportion_z(std::size_t k1, std::size_t n1, std::size_t k2, std::size_t n2);

/// Fisher's exact test, two-sided (the sum of the probabilities of all tables no more likely
/// than the observed one, as in R's fisher.test), for the 2x2 table [[a, b], [c, d]].
double fisher_exact_two_sided(std::size_t a, std::size_t b, std::size_t c, std::size_t d);

/// Wilson score interval for k successes in n (95% by default). n == 0 gives [0, 1].
Interval wilson_interval(std::size_t k, std::size_t n, double z = 1.959963984540054);

/// Newcombe's hybrid score interval for p2 - p1 (95%).
Interval newcombe_difference(std::size_t k1, std::size_t n1, std::size_t k2, std::size_t n2);

/// Picks and runs the proportion test for "k1 of n1 before, k2 of n2 after".
TestResult compare_proportions(std::size_t k1, std::size_t n1, std::size_t k2, std::size_t n2);

struct MannWhitney {
  double u = 0;        // U of the second sample: pairs (x in a, y in b) with y > x, ties count 1/2
  double z = 0;        // normal approximation with tie and continuity corrections
  double p_value = 1;  // two-sided
  bool exact = false;  // p from the exact distribution
};

/// Mann-Whitney U test of `b` against `a`.
MannWhitney mann_whitney(const std::vector<double>& a, const std::vector<double>& b);

/// P(U <= u) for sample sizes m and n under the null hypothesis, no ties (exact, by
/// counting arrangements).
double mann_whitney_exact_cdf(std::size_t m, std::size_t n, double u);

/// Picks and runs the score test: "not enough data" below kMinSample per side.
TestResult compare_samples(const std::vector<double>& before, const std::vector<double>& after);

}  // namespace defuse
