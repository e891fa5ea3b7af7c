#include "report/compare.h"

#include <doctest/doctest.h>
#include <simdjson.h>

#include "report/html.h"
#include "unit/report_fixtures.h"

namespace defuse {

namespace {

using testing::make_result;

AgentReport batch(const std::vector<ScoreResult>& results) {
  ReportBuilder b({}, 0);
  for (const auto& r : results) b.add(r);
  return b.finish();
}

// n transcripts for `agent`, the first `with_close` of them with the close step.
std::vector<ScoreResult> many(const std::string& agent, int n, int with_close, double score, int offset = 0) {
  std::vector<ScoreResult> out;
  for (int i = 0; i < n; ++i)
    out.push_back(make_result(agent + std::to_string(offset + i), agent, score + (i % 5), i < with_close ? "1111111" : "1111110"));
  return out;
}

std::vector<ScoreResult> join(std::vector<ScoreResult> a, const std::vector<ScoreResult>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("compare: rates, change and a test per step") {
  // Alice closes 40 of 100 before and 60 of 100 after: the hand-worked z = 2.83 example.
  Comparison c = compare_reports(batch(many("Alice", 100, 40, 50)), batch(many("Alice", 100, 60, 70)), "nov", "dec");
  REQUIRE(c.agents.size() == 1);
  const GroupComparison& alice = c.agents[0];
  const RateChange& close = alice.steps[static_cast<int>(Step::close)];
  CHECK(close.before() == doctest::Approx(0.4));
  CHECK(close.after() == doctest::Approx(0.6));
  CHECK(close.change() == doctest::Approx(0.2));
  CHECK(close.test.method == "z-test");
  CHECK(close.test.statistic == doctest::Approx(2.828427).epsilon(1e-5));
  CHECK(close.test.significant());
  CHECK(close.interval.low > 0);
  // Greeting was always done: the pooled rate is 1, the exact test says nothing changed.
  const RateChange& greet = alice.steps[0];
  CHECK(greet.test.method == "Fisher exact");
  CHECK(greet.test.p_value == doctest::Approx(1.0));
  // no_closure mirrors the close step.
  const RateChange& no_closure = alice.anti_patterns[static_cast<int>(AntiPattern::no_closure)];
  CHECK(no_closure.before() == doctest::Approx(0.6));
  CHECK(no_closure.after() == doctest::Approx(0.4));
  CHECK(alice.score.change() == doctest::Approx(20));
  CHECK(alice.score.test.significant());
}

TEST_CASE("compare: agents in one batch are listed, not dropped; small samples say so") {
  auto before = join(many("Alice", 10, 5, 50), many("Dmitri", 7, 1, 30));
  auto after = join(many("Alice", 3, 3, 80, 100), many("Eve", 12, 6, 60));
  Comparison c = compare_reports(batch(before), batch(after), "before/", "after/");
  REQUIRE(c.agents.size() == 3);
  CHECK(c.agents[0].name == "Alice");
  CHECK(c.agents[1].name == "Dmitri");
  CHECK(c.agents[2].name == "Eve");
  CHECK(c.agents[1].in_before());
  CHECK_FALSE(c.agents[1].in_after());
  CHECK(c.agents[2].after_n == 12);
  // Alice has 3 transcripts after: no test, honestly said.
  CHECK_FALSE(c.agents[0].score.test.tested);
  CHECK(c.agents[0].steps[6].test.method == "not enough data");
  CHECK(c.team.before_n == 17);
  CHECK(c.team.after_n == 15);

  std::string table = render_comparison_table(c, false);
  CHECK(table.find("Dmitri: before only (7 transcripts") != std::string::npos);
  CHECK(table.find("Eve: after only (12 transcripts") != std::string::npos);
  CHECK(table.find("not enough data") != std::string::npos);
  CHECK(table.find("\x1b[") == std::string::npos);

  std::string md = render_comparison_markdown(c);
  CHECK(md.find("## In one batch only") != std::string::npos);
  CHECK(md.find("| MEASURE | BEFORE | AFTER |") != std::string::npos);

  std::string csv = render_comparison_csv(c);
  // Header, then 19 measures for the team and each of 3 agents.
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 19 * 4);
  CHECK(csv.find("agent,Dmitri,before only,score,score,7,0,") != std::string::npos);

  std::string json = render_comparison_json(c);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(json).get(doc));
  CHECK(std::string_view(doc["report"]) == "compare");
  simdjson::dom::array agents = doc["agents"];
  REQUIRE(agents.size() == 3);
  CHECK(std::string_view(agents.at(2)["presence"]) == "after only");
  CHECK(agents.at(2)["steps"]["close"]["before"].is_null());
  CHECK(std::string_view(agents.at(0)["score"]["test"]["method"]) == "not enough data");

  std::string html = render_comparison_html(c);
  CHECK(html.find("In one batch only") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
}

TEST_CASE("p-values print the same way in every format") {
  TestResult t;
  CHECK(p_value_text(t) == "not enough data");
  t.tested = true;
  t.p_value = 0.0004;
  CHECK(p_value_text(t) == "p < 0.001");
  t.p_value = 0.0456;
  CHECK(p_value_text(t) == "p 0.046");
}

}  // namespace defuse
