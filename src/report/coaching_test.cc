#include "report/coaching.h"

#include <doctest/doctest.h>

#include "report/html.h"
#include "unit/report_fixtures.h"

namespace defuse {

namespace {

Transcript sample_transcript() {
  Transcript t;
  t.id = "c7";
  t.agent = "Marcus";
  auto turn = [&](Role role, std::string text, std::int64_t at) {
    Turn x;
    x.role = role;
    x.text = t.keep(std::move(text));
    x.start_ms = at;
    t.turns.push_back(x);
  };
  turn(Role::customer, "My bill doubled and nobody told me!", 0);
  turn(Role::agent, "Hello, how can I help?", 60000);
  turn(Role::agent, "It's in the terms you agreed to.", 120000);
  turn(Role::customer, "I'll leave a bad review.", 180000);
  return t;
}

ScoreResult sample_result() {
  ScoreResult r = testing::make_result("c7", "Marcus", 0, "1000000", {"contract_blame"}, "escalated");
  r.steps[0].evidence = {{2, "agent", "Hello, how can I help?", "en/hello"}};
  r.anti_patterns[0].turn = 3;
  r.anti_patterns[0].text = "It's in the terms you agreed to.";
  r.customer.push_back({"threat", 4, "I'll leave a bad review.", "en/review"});
  r.order.push_back({"close_in_middle", 2, "a closing phrase in the middle of the conversation"});
  r.breakdown = {{"greet", 10, "step done"},
                 {"clarify", 0, "step missing: 15 points not earned"},
                 {"contract_blame", -15, "anti-pattern"},
                 {"close_in_middle", -5, "order violation: a closing phrase in the middle of the conversation"}};
  return r;
}

}  // namespace

TEST_CASE("the coaching view marks each step and anti-pattern at its turn") {
  CoachingView v = build_coaching_view(sample_transcript(), sample_result(), ScoringConfig{}, UiLang::en);
  REQUIRE(v.turns.size() == 4);
  CHECK(v.turns[0].time == "00:00:00");
  CHECK(v.turns[1].time == "00:01:00");
  REQUIRE(v.turns[1].marks.size() == 1);
  CHECK(v.turns[1].marks[0].id == "greet");
  REQUIRE(v.turns[2].marks.size() == 1);
  CHECK(v.turns[2].marks[0].kind == TurnMark::Kind::anti_pattern);
  REQUIRE(v.turns[3].marks.size() == 1);
  CHECK(v.turns[3].marks[0].kind == TurnMark::Kind::signal);
  CHECK(v.done.size() == 1);
  CHECK(v.missing.size() == 6);
  REQUIRE(v.avoid.size() == 1);  // no_closure is said under the missing Closing step
  CHECK(v.avoid[0].id == "contract_blame");
  REQUIRE(v.order.size() == 1);
  CHECK(v.order[0].advice.find("Closing in the middle") == 0);
  // Breakdown: earned, missed (with the step's weight), lost.
  REQUIRE(v.breakdown.size() == 4);
  CHECK(v.breakdown[0].kind == BreakdownLine::Kind::earned);
  CHECK(v.breakdown[1].kind == BreakdownLine::Kind::missed);
  CHECK(v.breakdown[1].points == 15);
  CHECK(v.breakdown[2].kind == BreakdownLine::Kind::lost);
  CHECK(v.breakdown[2].title == "Blaming the contract");
}

TEST_CASE("the text view reads as advice, with plain markers when not on a terminal") {
  CoachingView v = build_coaching_view(sample_transcript(), sample_result(), ScoringConfig{}, UiLang::en);
  std::string text = render_coaching_text(v, false, 100);
  CHECK(text.find("\x1b[") == std::string::npos);
  CHECK(text.find("[+ greet] Greeting: \"Hello, how can I help?\"") != std::string::npos);
  CHECK(text.find("[! contract_blame] Blaming the contract") != std::string::npos);
  CHECK(text.find("[customer: threat]") != std::string::npos);
  CHECK(text.find("  - No closing: the conversation ended without confirming the fix or asking for feedback,") !=
        std::string::npos);
  CHECK(text.find("Score breakdown") != std::string::npos);
  // 10 - 15 - 5 = -10, shown as 0: the view says why.
  CHECK(text.find("the points add up to -10") != std::string::npos);
  CHECK(render_coaching_text(v, true, 100).find("\x1b[") != std::string::npos);
}

TEST_CASE("the coaching view speaks Spanish and Russian") {
  CoachingView es = build_coaching_view(sample_transcript(), sample_result(), ScoringConfig{}, UiLang::es);
  std::string text = render_coaching_text(es, false, 100);
  CHECK(text.find("Sin cierre:") != std::string::npos);
  CHECK(text.find("Desglose de la puntuación") != std::string::npos);
  CoachingView ru = build_coaching_view(sample_transcript(), sample_result(), ScoringConfig{}, UiLang::ru);
  CHECK(render_coaching_text(ru, false, 100).find("Нет завершения:") != std::string::npos);
  std::string html = render_coaching_html(ru);
  CHECK(html.find("<html lang=\"ru\">") != std::string::npos);
  CHECK(html.find("Разговор") != std::string::npos);
  CHECK(html.find("It&#39;s in the terms you agreed to.") != std::string::npos);  // escaped
}

TEST_CASE("every step, anti-pattern and order violation has advice in every UI language") {
  for (UiLang lang : {UiLang::en, UiLang::es, UiLang::ru}) {
    for (int s = 0; s < kStepCount; ++s) {
      CHECK_FALSE(step_title(s, lang).empty());
      CHECK(step_missing_advice(s, lang).size() > 40);
      if (lang != UiLang::en) CHECK(step_missing_advice(s, lang) != step_missing_advice(s, UiLang::en));
    }
    for (auto id : kAntiPatternIds) {
      CHECK(anti_pattern_advice(id, lang).size() > 20);
      if (lang != UiLang::en) CHECK(anti_pattern_title(id, lang) != anti_pattern_title(id, UiLang::en));
    }
    for (auto id : {"solve_before_listening", "commit_before_solve", "greet_not_first", "close_in_middle"})
      CHECK(order_advice(id, "", lang).size() > 20);
  }
  CHECK(order_advice("new_rule", "fallback message", UiLang::es) == "fallback message");
  CHECK(parse_ui_lang("ru") == UiLang::ru);
  CHECK_FALSE(parse_ui_lang("de"));
}

TEST_CASE("wrap_text breaks at spaces and indents continuation lines") {
  CHECK(wrap_text("one two three four", 9, "  ") == "one two\n  three\n  four");
  CHECK(wrap_text("short", 80, "  ") == "short");
  CHECK(wrap_text("привет мир как дела", 11, "") == "привет мир\nкак дела");
}

TEST_CASE("html_escape covers text and attributes") {
  CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace defuse
