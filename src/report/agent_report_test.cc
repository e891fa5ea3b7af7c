#include "report/agent_report.h"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <random>

#include "report/html.h"
#include "unit/report_fixtures.h"

namespace defuse {
namespace {

using testing::make_result;

std::vector<ScoreResult> team_day() {
  return {
      make_result("a1", "Alice", 100, "1111111", {}, "de-escalated"),
      make_result("a2", "Alice", 60, "1111000", {"rudeness"}, "escalated"),
      make_result("a3", "Alice", 80, "1111101", {}, "de-escalated", "es"),
      make_result("b1", "Bob", 20, "1000000", {"arguing", "arguing"}, "escalated"),
      make_result("b2", "Bob", 40, "1100001", {"contract_blame"}, "unresolved"),
  };
}

AgentReport build(const std::vector<ScoreResult>& results, ReportFilter filter = {}, std::size_t min = 0) {
  ReportBuilder builder(std::move(filter));
  for (const auto& r : results) builder.add(r);
  return builder.finish(min);
}

const GroupStats& agent(const AgentReport& r, const std::string& name) {
  auto it = std::find_if(r.agents.begin(), r.agents.end(), [&](const GroupStats& g) { return g.name == name; });
  REQUIRE(it != r.agents.end());
  return *it;
}

}  // namespace

TEST_CASE("the report counts transcripts, steps, anti-patterns and outcomes per agent") {
  AgentReport r = build(team_day());
  REQUIRE(r.agents.size() == 2);
  CHECK(r.agents[0].name == "Alice");  // sorted by name
  const GroupStats& alice = agent(r, "Alice");
  CHECK(alice.transcripts == 3);
  CHECK(alice.score_summary().mean == doctest::Approx(80));
  CHECK(alice.score_summary().median == doctest::Approx(80));
  CHECK(alice.steps_done[0] == 3);
  CHECK(alice.step_share(static_cast<int>(Step::close)) == doctest::Approx(2.0 / 3));
  CHECK(alice.de_escalated == 2);
  CHECK(alice.escalated == 1);
  CHECK(alice.no_closure_share() == doctest::Approx(1.0 / 3));

  const GroupStats& bob = agent(r, "Bob");
  int arguing = static_cast<int>(AntiPattern::arguing);
  CHECK(bob.anti_occurrences[arguing] == 2);
  CHECK(bob.anti_transcripts[arguing] == 1);
  CHECK(bob.anti_per_100(arguing) == doctest::Approx(100));  // 2 occurrences in 2 transcripts
  CHECK(bob.score_summary().median == doctest::Approx(30));  // even count: mean of 20 and 40

  CHECK(r.team.transcripts == 5);
  CHECK(r.team.score_summary().mean == doctest::Approx(60));
  REQUIRE(r.languages.size() == 2);
  CHECK(r.languages[0].name == "en");
  CHECK(r.languages[0].transcripts == 4);
  CHECK(r.languages[1].name == "es");
}

TEST_CASE("summaries use nearest-rank p90 and handle one value") {
  Summary s = summarize({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(s.p90 == 9);
  CHECK(s.median == doctest::Approx(5.5));
  Summary one = summarize({42});
  CHECK(one.mean == 42);
  CHECK(one.median == 42);
  CHECK(one.p90 == 42);
  CHECK(summarize({}).n == 0);
}

TEST_CASE("response times are summarised only over transcripts that have them") {
  auto results = team_day();
  results[0].timing.first_response_s = 30;
  results[1].timing.first_response_s = 90;
  results[1].timing.longest_wait_s = 4000;
  AgentReport r = build(results);
  const GroupStats& alice = agent(r, "Alice");
  CHECK(alice.timed == 2);
  CHECK(summarize(alice.first_response_s).median == doctest::Approx(60));
  CHECK(agent(r, "Bob").timed == 0);
}

TEST_CASE("the lowest-scoring transcripts keep their evidence, ties broken by id") {
  auto results = team_day();
  results.push_back(make_result("a0", "Alice", 60, "1111000", {"excuse"}));
  AgentReport r = build(results);
  const GroupStats& alice = agent(r, "Alice");
  REQUIRE(alice.lowest.size() == 3);
  CHECK(alice.lowest[0].id == "a0");  // 60, and "a0" < "a2"
  CHECK(alice.lowest[1].id == "a2");
  CHECK(alice.lowest[2].id == "a3");
  REQUIRE(alice.lowest[1].lost.size() == 1);
  CHECK(alice.lowest[1].lost[0].what == "rudeness");
  CHECK(alice.lowest[1].lost[0].turn == 2);
  CHECK(alice.lowest[1].lost[0].text == "said at turn 2");
  CHECK(alice.lowest[1].missing_steps == std::vector<std::string>{"solve", "commit", "close"});
}

TEST_CASE("the report is the same whatever order the results arrive in") {
  // Shards of a night scored in parallel arrive in any order; the report must not change.
  std::vector<ScoreResult> results;
  const char* agents[] = {"Alice", "Bob", "Carmen", "Dmitri"};
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string steps;
    for (int s = 0; s < kStepCount; ++s) steps.push_back(rng() % 3 ? '1' : '0');
    std::vector<std::string> anti;
    if (rng() % 4 == 0) anti.push_back("rudeness");
    auto r = make_result("t" + std::to_string(i), agents[rng() % 4], (rng() % 21) * 5.0, steps, anti,
                         rng() % 2 ? "escalated" : "de-escalated", rng() % 3 ? "en" : "ru");
    r.score += 0.1 * (rng() % 3);  // not all multiples of 5: sums of doubles must still match
    if (rng() % 2) r.timing.first_response_s = 0.1 * (rng() % 100000);
    results.push_back(r);
  }
  AgentReport first = build(results);
  std::string json = render_report_json(first), table = render_report_table(first, false),
              html = render_report_html(first), csv = render_report_csv(first), md = render_report_markdown(first);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(results.begin(), results.end(), rng);
    AgentReport again = build(results);
    CHECK(render_report_json(again) == json);
    CHECK(render_report_table(again, false) == table);
    CHECK(render_report_csv(again) == csv);
    CHECK(render_report_markdown(again) == md);
    CHECK(render_report_html(again) == html);
  }
}

TEST_CASE("filters by agent, language and channel") {
  ReportFilter f;
  f.agents = {"Bob"};
  AgentReport r = build(team_day(), f);
  CHECK(r.team.transcripts == 2);
  CHECK(r.filtered_out == 3);
  REQUIRE(r.agents.size() == 1);
  CHECK(r.agents[0].name == "Bob");

  ReportFilter lang;
  lang.langs = {"es"};
  CHECK(build(team_day(), lang).team.transcripts == 1);
  ReportFilter channel;
  channel.channels = {"call"};
  CHECK(build(team_day(), channel).team.transcripts == 0);
}

TEST_CASE("date filters: --until DATE includes that whole day, undated records are left out") {
  auto results = team_day();
  results[0].started_at = "2026-11-01 09:00:00";
  results[1].started_at = "2026-11-30T23:59:00Z";
  results[2].started_at = "2026-12-01 00:00:00";
  results[3].started_at = "";
  results[4].started_at = "14:05";  // a clock time is not a date
  ReportFilter f;
  f.since_ms = parse_report_date("2026-11-01", false);
  f.until_ms = parse_report_date("2026-11-30", true);
  REQUIRE(f.since_ms);
  REQUIRE(f.until_ms);
  AgentReport r = build(results, f);
  CHECK(r.team.transcripts == 2);
  CHECK(r.undated == 2);
  CHECK(r.first_date == "2026-11-01 09:00:00");
  CHECK(r.last_date == "2026-11-30T23:59:00Z");
  CHECK_FALSE(parse_report_date("yesterday", false));
  CHECK_FALSE(parse_report_date("11/03/2026", false));
  CHECK(*parse_report_date("2026-11-03 14:05", true) - *parse_report_date("2026-11-03", false) == 14 * 3600000LL + 5 * 60000);
}

TEST_CASE("--min-transcripts hides agents but keeps them in the team line") {
  AgentReport r = build(team_day(), {}, 3);
  REQUIRE(r.agents.size() == 1);
  CHECK(r.agents[0].name == "Alice");
  REQUIRE(r.hidden.size() == 1);
  CHECK(r.hidden[0] == std::pair<std::string, std::size_t>{"Bob", 2});
  CHECK(r.team.transcripts == 5);
  CHECK(render_report_table(r, false).find("Hidden (fewer than 3 transcripts): Bob (2)") != std::string::npos);
}

TEST_CASE("an agent without a name is reported as unknown") {
  AgentReport r = build({make_result("x", "", 50, "1111100")});
  REQUIRE(r.agents.size() == 1);
  CHECK(r.agents[0].name == "unknown");
}

TEST_CASE("table: aligned columns, colour only when asked") {
  AgentReport r = build(team_day());
  std::string plain = render_report_table(r, false);
  CHECK(plain.find("\x1b[") == std::string::npos);
  CHECK(plain.find("TEAM (all agents)") != std::string::npos);
  CHECK(plain.find("Lowest-scoring transcripts") != std::string::npos);
  CHECK(plain.find("-10 rudeness (turn 2: \"said at turn 2\")") != std::string::npos);
  std::string colored = render_report_table(r, true);
  CHECK(colored.find("\x1b[") != std::string::npos);
  CHECK(render_report_table(build({}), false).find("No transcripts to report.") != std::string::npos);
}

TEST_CASE("markdown: tables with escaped cells") {
  auto results = team_day();
  results[0].agent = "Ali|ce";
  std::string md = render_report_markdown(build(results));
  CHECK(md.find("# defuse report") != std::string::npos);
  CHECK(md.find("| AGENT | N | MEAN | MEDIAN | greet |") != std::string::npos);
  CHECK(md.find("Ali\\|ce") != std::string::npos);
}

TEST_CASE("csv: a header and one row per group") {
  std::string csv = render_report_csv(build(team_day()));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 1 + 2 + 2);  // header, team, agents, languages
  CHECK(csv.rfind("scope,name,transcripts,score_mean,score_median,greet_share", 0) == 0);
  CHECK(csv.find("\nagent,Bob,2,30,30,1,0.5,") != std::string::npos);
}

TEST_CASE("csv escaping quotes separators and neutralises formulas") {
  CHECK(csv_escape("plain") == "plain");
  CHECK(csv_escape("a,b") == "\"a,b\"");
  CHECK(csv_escape("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_escape("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(csv_escape("-12") == "-12");
}

TEST_CASE("json: valid, with every group and figure") {
  std::string json = render_report_json(build(team_day()));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(json).get(doc));
  CHECK(std::string_view(doc["report"]) == "agents");
  CHECK(int64_t(doc["team"]["transcripts"]) == 5);
  simdjson::dom::array agents = doc["agents"];
  CHECK(agents.size() == 2);
  simdjson::dom::element bob = agents.at(1);
  CHECK(std::string_view(bob["name"]) == "Bob");
  CHECK(double(bob["anti_patterns"]["arguing"]["per_100"]) == doctest::Approx(100));
  CHECK(double(bob["steps"]["clarify"]["share"]) == doctest::Approx(0.5));
  CHECK(int64_t(bob["outcomes"]["escalated"]) == 1);
  CHECK(bob["response_time"]["first_response_s"].is_null());
  simdjson::dom::array lowest = bob["lowest"];
  CHECK(lowest.size() == 2);
}

TEST_CASE("html: self-contained, escaped, with the agents") {
  auto results = team_day();
  results[0].agent = "<script>alert(1)</script>";
  std::string html = render_report_html(build(results));
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script>alert(1)</script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("Bob") != std::string::npos);
  CHECK(html.find("<details") != std::string::npos);
}

}  // namespace defuse
