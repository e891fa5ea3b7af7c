// Every expected value here comes from outside defuse: a published table, a paper's worked
// example, or arithmetic worked by hand in the comment. None was produced by running this code.
#include "report/stats.h"

#include <doctest/doctest.h>

#include <cmath>

namespace defuse {

TEST_CASE("normal tail matches the standard normal table") {
  // z = 1.96 and 2.576 are the textbook two-sided 5% and 1% critical values.
  CHECK(normal_two_sided_p(1.959963984540054) == doctest::Approx(0.05).epsilon(1e-9));
  CHECK(normal_two_sided_p(-2.5758293035489) == doctest::Approx(0.01).epsilon(1e-9));
  CHECK(normal_two_sided_p(0) == doctest::Approx(1.0));
}

TEST_CASE("two-proportion z-test: hand-worked 40/100 against 60/100") {
  // Pooled p = 100/200 = 0.5; SE = sqrt(0.5 * 0.5 * (1/100 + 1/100)) = sqrt(0.005) = 0.070711;
  // z = (0.6 - 0.4) / 0.070711 = 2.828427 (= 2 * sqrt 2). Table: Phi(2.83) = 0.99767, so the
  // two-sided p is about 2 * 0.00233 = 0.0047 (0.0046777 to more places).
  CHECK(two_proportion_z(40, 100, 60, 100) == doctest::Approx(2 * std::sqrt(2.0)).epsilon(1e-9));
  CHECK(two_proportion_z(60, 100, 40, 100) == doctest::Approx(-2 * std::sqrt(2.0)).epsilon(1e-9));
  TestResult t = compare_proportions(40, 100, 60, 100);
  CHECK(t.tested);
  CHECK(t.method == "z-test");
  CHECK(t.p_value == doctest::Approx(0.0046777).epsilon(1e-4));
  CHECK(t.significant());
}

TEST_CASE("two-proportion z-test is 0 when the pooled rate is 0 or 1") {
  CHECK(two_proportion_z(0, 10, 0, 10) == 0);
  CHECK(two_proportion_z(10, 10, 10, 10) == 0);
}

TEST_CASE("Fisher exact: the lady tasting tea") {
  // Fisher (1935): 3 of 4 cups right each way. P(X=3) = 16/70, P(4) = 1/70, P(1) = 16/70,
  // P(0) = 1/70; two-sided p = 34/70 = 0.4857.
  CHECK(fisher_exact_two_sided(3, 1, 1, 3) == doctest::Approx(34.0 / 70).epsilon(1e-9));
  // One extreme table: only P(4) and P(0) are as unlikely: 2/70.
  CHECK(fisher_exact_two_sided(4, 0, 0, 4) == doctest::Approx(2.0 / 70).epsilon(1e-9));
}

TEST_CASE("Fisher exact: Wikipedia's dieting example") {
  // Men/women by dieting: [[1, 9], [11, 3]], two-tailed p = 0.002759 (Fisher's exact test,
  // Wikipedia "Example" section).
  CHECK(fisher_exact_two_sided(1, 9, 11, 3) == doctest::Approx(0.002759).epsilon(1e-3));
}

TEST_CASE("Wilson score interval: Newcombe 1998 single-proportion example") {
  // Newcombe, Statistics in Medicine 17:857-872 (1998), 81/263: Wilson 0.2553 to 0.3662.
  Interval w = wilson_interval(81, 263);
  CHECK(w.low == doctest::Approx(0.2553).epsilon(2e-4));
  CHECK(w.high == doctest::Approx(0.3662).epsilon(2e-4));
  Interval empty = wilson_interval(0, 0);
  CHECK(empty.low == 0);
  CHECK(empty.high == 1);
}

TEST_CASE("Newcombe hybrid score interval: the paper's example (a)") {
  // Newcombe, Statistics in Medicine 17:873-890 (1998), example (a): 56/70 - 48/80 = 0.2,
  // method 10 (score, no continuity correction): 0.0524 to 0.3339.
  Interval d = newcombe_difference(48, 80, 56, 70);  // p2 - p1 with 56/70 as "after"
  CHECK(d.low == doctest::Approx(0.0524).epsilon(2e-3));
  CHECK(d.high == doctest::Approx(0.3339).epsilon(2e-3));
}

TEST_CASE("proportions choose Fisher when an expected count is below 5") {
  // Pooled 3/40: expected successes 1.5 per batch.
  TestResult t = compare_proportions(1, 20, 2, 20);
  CHECK(t.tested);
  CHECK(t.method == "Fisher exact");
  CHECK(t.p_value == doctest::Approx(1.0));
}

TEST_CASE("proportions say not enough data below 5 transcripts a side") {
  TestResult t = compare_proportions(0, 4, 4, 4);
  CHECK_FALSE(t.tested);
  CHECK_FALSE(t.significant());
  CHECK(t.method == "not enough data");
}

TEST_CASE("Mann-Whitney exact distribution matches the published table for m = n = 5") {
  // Mann & Whitney (1947), table for n = m = 5: P(U <= u) = 0.004, 0.008, 0.016, 0.028, 0.048
  // for u = 0..4 (counts 1, 2, 4, 7, 12 of C(10,5) = 252 arrangements).
  CHECK(mann_whitney_exact_cdf(5, 5, 0) == doctest::Approx(1.0 / 252));
  CHECK(mann_whitney_exact_cdf(5, 5, 1) == doctest::Approx(2.0 / 252));
  CHECK(mann_whitney_exact_cdf(5, 5, 2) == doctest::Approx(4.0 / 252));
  CHECK(mann_whitney_exact_cdf(5, 5, 3) == doctest::Approx(7.0 / 252));
  CHECK(mann_whitney_exact_cdf(5, 5, 4) == doctest::Approx(12.0 / 252));
  CHECK(mann_whitney_exact_cdf(5, 5, 25) == doctest::Approx(1.0));
}

TEST_CASE("Mann-Whitney exact distribution agrees with the critical-value table for 10 and 10") {
  // Standard critical-value tables give U = 23 for n1 = n2 = 10, two-tailed alpha 0.05: the
  // largest u with P(U <= u) <= 0.025.
  CHECK(mann_whitney_exact_cdf(10, 10, 23) <= 0.025);
  CHECK(mann_whitney_exact_cdf(10, 10, 24) > 0.025);
}

TEST_CASE("Mann-Whitney exact p-value for completely separated samples") {
  // U = 25 (every after value larger): two-sided p = 2 * 1/252.
  MannWhitney mw = mann_whitney({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  CHECK(mw.exact);
  CHECK(mw.u == 25);
  CHECK(mw.p_value == doctest::Approx(2.0 / 252));
}

TEST_CASE("Mann-Whitney normal approximation with ties, worked by hand") {
  // before {10, 20, 20, 30, 40}, after {20, 30, 40, 50, 60}. Pooled midranks: 10 -> 1,
  // 20 x3 -> 3, 30 x2 -> 5.5, 40 x2 -> 7.5, 50 -> 9, 60 -> 10. Rank sum of "after" =
  // 3 + 5.5 + 7.5 + 9 + 10 = 35, U = 35 - 5*6/2 = 20. Ties: 3^3-3 + 2^3-2 + 2^3-2 = 36;
  // var = 5*5/12 * (11 - 36/90) = 22.0833; z = (20 - 12.5 - 0.5) / 4.6993 = 1.48959;
  // p = 2 * (1 - Phi(1.4896)) = 0.13633.
  MannWhitney mw = mann_whitney({10, 20, 20, 30, 40}, {20, 30, 40, 50, 60});
  CHECK_FALSE(mw.exact);
  CHECK(mw.u == doctest::Approx(20));
  CHECK(mw.z == doctest::Approx(1.48959).epsilon(1e-4));
  CHECK(mw.p_value == doctest::Approx(0.13633).epsilon(1e-3));
}

TEST_CASE("Mann-Whitney of identical samples is p = 1") {
  MannWhitney mw = mann_whitney({50, 50, 50, 50, 50}, {50, 50, 50, 50, 50});
  CHECK(mw.p_value == doctest::Approx(1.0));
  CHECK(mw.z == 0);
}

TEST_CASE("score comparison says not enough data below 5 a side") {
  CHECK_FALSE(compare_samples({1, 2, 3, 4}, {5, 6, 7, 8, 9}).tested);
  TestResult t = compare_samples({10, 20, 20, 30, 40}, {20, 30, 40, 50, 60});
  CHECK(t.tested);
  CHECK(t.method == "Mann-Whitney U (normal approx.)");
}

}  // namespace defuse
