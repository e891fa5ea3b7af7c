#include "report/record_reader.h"

#include <doctest/doctest.h>

#include "report/record_writer.h"
#include "unit/report_fixtures.h"

namespace defuse {

namespace {

ScoreResult full_record() {
  ScoreResult r = testing::make_result("es-0042", "Lucía", 45.5, "1101001", {"contract_blame"}, "escalated", "es",
                                       "2026-11-03 14:05:10");
  r.customer_name = "Pedro";
  r.lang_detected = true;
  r.turns = 9;
  r.agent_turns = 5;
  r.customer_turns = 4;
  r.customer.push_back({"hostility", 3, "¡Esto es un \"robo\"!", "es/insult"});
  r.order.push_back({"solve_before_listening", 4, "a solution came before any clarifying question or empathy"});
  r.timing.first_response_s = 52;
  r.timing.longest_wait_s = 4000.5;
  r.timing.slow_threshold_s = 3600;
  r.cancelled.push_back({"apologize", 6, "Perdón, ¿cómo dice?", "es/perdon", "question"});
  r.metadata = {{"queue", "billing"}, {"priority", "high"}};
  return r;
}

}  // namespace

TEST_CASE("a record written by defuse score reads back field for field") {
  ScoreResult original = full_record();
  std::string line;
  append_record_json(original, line);
  std::string error;
  auto back = parse_score_record(line, error);
  REQUIRE_MESSAGE(back, error);
  CHECK(back->id == "es-0042");
  CHECK(back->source == original.source);
  CHECK(back->agent == "Lucía");
  CHECK(back->customer_name == "Pedro");
  CHECK(back->lang == "es");
  CHECK(back->lang_detected);
  CHECK(back->channel == "chat");
  CHECK(back->started_at == "2026-11-03 14:05:10");
  CHECK(back->turns == 9);
  CHECK(back->agent_turns == 5);
  CHECK(back->customer_turns == 4);
  CHECK(back->score == doctest::Approx(45.5));
  for (int s = 0; s < kStepCount; ++s) {
    CHECK(back->steps[s].hit == original.steps[s].hit);
    CHECK(back->steps[s].evidence.size() == original.steps[s].evidence.size());
  }
  CHECK(back->steps[0].evidence[0].turn == 1);
  CHECK(back->steps[0].evidence[0].text == "step text 0");
  REQUIRE(back->anti_patterns.size() == 1);  // the close step is done: no no_closure
  CHECK(back->anti_patterns[0].id == "contract_blame");
  CHECK(back->anti_patterns[0].rule == "en/contract_blame");
  REQUIRE(back->customer.size() == 1);
  CHECK(back->customer[0].text == "¡Esto es un \"robo\"!");
  CHECK(back->outcome == "escalated");
  REQUIRE(back->order.size() == 1);
  CHECK(back->order[0].turn == 4);
  CHECK(back->timing.first_response_s == 52);
  CHECK(back->timing.longest_wait_s == doctest::Approx(4000.5));
  CHECK_FALSE(back->timing.agent_share);
  CHECK_FALSE(back->timing.interruptions);
  CHECK(back->breakdown.size() == original.breakdown.size());
  REQUIRE(back->cancelled.size() == 1);
  CHECK(back->cancelled[0].reason == "question");
  CHECK(back->metadata == original.metadata);

  // Writing the record again gives the same bytes: nothing was lost on the way.
  std::string again;
  append_record_json(*back, again);
  CHECK(again == line);
}

TEST_CASE("score output is told apart from transcripts") {
  std::string record;
  append_record_json(full_record(), record);
  CHECK(looks_like_score_records(record + "\n"));
  CHECK(looks_like_score_records("\n\n  " + record + "\n"));
  CHECK(looks_like_score_records("[\n" + record + ",\n" + record + "\n]\n"));  // --format json
  CHECK_FALSE(looks_like_score_records("Agent: Hello, how can I help?\nCustomer: My order is late.\n"));
  CHECK_FALSE(looks_like_score_records("---\nid: x\n---\nAgent: hi\n"));
  CHECK_FALSE(looks_like_score_records(
      R"({"id":"c1","agent":"Ann","turns":[{"speaker":"agent","text":"the score and the steps"}]})"
      "\n"));
  CHECK_FALSE(looks_like_score_records(R"({"steps": "not an object", "score": 5})"));
  CHECK_FALSE(looks_like_score_records(""));
}

TEST_CASE("bad lines become path:line diagnostics and reading goes on") {
  std::string a, b;
  append_record_json(testing::make_result("one", "Ann", 50, "1111111"), a);
  append_record_json(testing::make_result("two", "Ann", 70, "1111111"), b);
  std::string text = a + "\n\n{not json}\n" + b + "\n{\"id\":\"x\"}\n";
  std::vector<ScoreResult> results;
  std::vector<Diagnostic> errors;
  std::size_t n = read_score_records("day.ndjson", text, [&](ScoreResult&& r) { results.push_back(std::move(r)); },
                                     [&](Diagnostic&& d) { errors.push_back(std::move(d)); });
  CHECK(n == 2);
  REQUIRE(results.size() == 2);
  CHECK(results[1].id == "two");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].format().rfind("day.ndjson:3: not valid JSON", 0) == 0);
  CHECK(errors[1].format() == "day.ndjson:5: not a defuse score record: no \"steps\" object");
}

TEST_CASE("the JSON array of --format json reads too") {
  std::string a, b;
  append_record_json(testing::make_result("one", "Ann", 50, "1111111"), a);
  append_record_json(testing::make_result("two", "Bo", 70, "1111111"), b);
  std::vector<ScoreResult> results;
  std::vector<Diagnostic> errors;
  read_score_records("day.json", "[\n" + a + ",\n" + b + "\n]\n", [&](ScoreResult&& r) { results.push_back(r); },
                     [&](Diagnostic&& d) { errors.push_back(d); });
  CHECK(errors.empty());
  REQUIRE(results.size() == 2);
  CHECK(results[1].agent == "Bo");
}

TEST_CASE("unknown keys are ignored and missing ones keep their defaults") {
  std::string error;
  auto r = parse_score_record(R"({"score": 12, "steps": {"greet": {"hit": true}}, "future_field": [1,2]})", error);
  REQUIRE(r);
  CHECK(r->score == 12);
  CHECK(r->steps[0].hit);
  CHECK_FALSE(r->steps[1].hit);
  CHECK(r->agent.empty());
}

}  // namespace defuse
