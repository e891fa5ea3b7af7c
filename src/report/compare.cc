#include "report/compare.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "core/json_writer.h"
#include "report/coaching.h"
#include "report/grid.h"
#include "report/html.h"
#include "report/text_table.h"

namespace defuse {
namespace {

RateChange rate_change(std::size_t bk, std::size_t bn, std::size_t ak, std::size_t an) {
  RateChange r;
  r.before_k = bk;
  r.before_n = bn;
  r.after_k = ak;
  r.after_n = an;
  r.test = compare_proportions(bk, bn, ak, an);
  if (r.test.tested) r.interval = newcombe_difference(bk, bn, ak, an);
  return r;
}

std::string presence(const GroupComparison& g) {
  if (g.in_before() && g.in_after()) return "both";
  return g.in_before() ? "before only" : "after only";
}

std::string period(const AgentReport& r) {
  if (r.first_date.empty()) return "";
  return r.first_date == r.last_date ? r.first_date : r.first_date + " .. " + r.last_date;
}

// Whole percentage points with a sign; "0" rather than "-0" for a change that rounds away.
std::string signed_points(double share) {
  long v = std::lround(share * 100);
  return v == 0 ? "0" : fmt::format("{:+}", v);
}

std::string points(double change) { return signed_points(change) + " pp"; }

std::string interval_text(const RateChange& r) {
  if (!r.test.tested) return "";
  return signed_points(r.interval.low) + " .. " + signed_points(r.interval.high);
}

std::string star(const TestResult& t) { return t.significant() ? " *" : ""; }

struct Measure {
  std::string name;   // "score", a step or anti-pattern ID
  std::string kind;   // score | step | anti_pattern
  const RateChange* rate = nullptr;
};

std::vector<Measure> measures(const GroupComparison& g) {
  std::vector<Measure> out = {{"score", "score", nullptr}};
  for (int s = 0; s < kStepCount; ++s) out.push_back({std::string(kStepIds[s]), "step", &g.steps[s]});
  for (int a = 0; a < kAntiPatternCount; ++a)
    out.push_back({std::string(kAntiPatternIds[a]), "anti_pattern", &g.anti_patterns[a]});
  return out;
}

bool anti_seen(const RateChange& r) { return r.before_k > 0 || r.after_k > 0; }

std::string methods_note() {
  return "Rates: two-proportion z-test, or Fisher's exact test when an expected count is below 5, with "
         "Newcombe's 95% interval of the change in percentage points (pp). Scores: Mann-Whitney U. "
         "\"not enough data\": fewer than 5 transcripts in a batch. * marks p < 0.05; with 19 measures per agent, "
         "about one unchanged measure in 20 will look significant by chance.";
}

std::string batch_line(const std::string& label, const AgentReport& r) {
  std::string line = fmt::format("{} ({} transcript{}", label, r.team.transcripts, r.team.transcripts == 1 ? "" : "s");
  if (auto p = period(r); !p.empty()) line += ", " + p;
  return line + ")";
}

Grid group_grid(const GroupComparison& g, bool text) {
  Grid grid({{"MEASURE", false},
             {"BEFORE", true},
             {"AFTER", true},
             {"CHANGE", true},
             {"95% INTERVAL", true},
             {"P", false},
             {"METHOD", false}});
  auto color_for = [&](const TestResult& t, double change, bool lower_is_better) {
    if (!text || !t.significant()) return std::string();
    bool better = lower_is_better ? change < 0 : change > 0;
    return std::string(better ? "32" : "31");
  };
  {
    const ScoreChange& s = g.score;
    grid.row({"score (mean)", fmt::format("{:.1f}", s.before.mean), fmt::format("{:.1f}", s.after.mean),
              fmt::format("{:+.1f}", s.change()), "", p_value_text(s.test) + star(s.test), s.test.method},
             {"", "", "", color_for(s.test, s.change(), false)});
  }
  grid.section("steps done (share of transcripts)");
  for (int st = 0; st < kStepCount; ++st) {
    const RateChange& r = g.steps[st];
    grid.row({"  " + std::string(kStepIds[st]), percent(r.before(), r.before_n), percent(r.after(), r.after_n),
              points(r.change()), interval_text(r), p_value_text(r.test) + star(r.test), r.test.method},
             {"", "", "", color_for(r.test, r.change(), false)});
  }
  grid.section("anti-patterns (share of transcripts with at least one)");
  bool any = false;
  for (int a = 0; a < kAntiPatternCount; ++a) {
    const RateChange& r = g.anti_patterns[a];
    if (!anti_seen(r)) continue;
    any = true;
    grid.row({"  " + std::string(kAntiPatternIds[a]), percent(r.before(), r.before_n), percent(r.after(), r.after_n),
              points(r.change()), interval_text(r), p_value_text(r.test) + star(r.test), r.test.method},
             {"", "", "", color_for(r.test, r.change(), true)});
  }
  if (!any) grid.row({"  (none in either batch)"});
  return grid;
}

std::vector<const GroupComparison*> one_side(const Comparison& c) {
  std::vector<const GroupComparison*> out;
  for (const auto& g : c.agents)
    if (!(g.in_before() && g.in_after())) out.push_back(&g);
  return out;
}

}  // namespace

std::string p_value_text(const TestResult& t) {
  if (!t.tested) return "not enough data";
  if (t.p_value < 0.001) return "p < 0.001";
  return fmt::format("p {:.3f}", t.p_value);
}

GroupComparison compare_groups(const std::string& name, const GroupStats* before, const GroupStats* after) {
  static const GroupStats kEmpty;
  const GroupStats& b = before ? *before : kEmpty;
  const GroupStats& a = after ? *after : kEmpty;
  GroupComparison g;
  g.name = name;
  g.before_n = b.transcripts;
  g.after_n = a.transcripts;
  g.score.before = b.score_summary();
  g.score.after = a.score_summary();
  g.score.test = compare_samples(b.scores, a.scores);
  for (int s = 0; s < kStepCount; ++s)
    g.steps[s] = rate_change(b.steps_done[s], b.transcripts, a.steps_done[s], a.transcripts);
  for (int x = 0; x < kAntiPatternCount; ++x)
    g.anti_patterns[x] = rate_change(b.anti_transcripts[x], b.transcripts, a.anti_transcripts[x], a.transcripts);
  return g;
}

Comparison compare_reports(AgentReport before, AgentReport after, std::string before_label, std::string after_label) {
  Comparison c;
  c.before_label = std::move(before_label);
  c.after_label = std::move(after_label);
  c.team = compare_groups("team", &before.team, &after.team);
  std::map<std::string, std::pair<const GroupStats*, const GroupStats*>> names;
  for (const auto& g : before.agents) names[g.name].first = &g;
  for (const auto& g : after.agents) names[g.name].second = &g;
  for (const auto& [name, pair] : names) c.agents.push_back(compare_groups(name, pair.first, pair.second));
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

// --- table ----------------------------------------------------------------------------------

std::string render_comparison_table(const Comparison& c, bool color) {
  std::string out = paint("defuse compare", "1", color) + "\n";
  out += "  before: " + batch_line(c.before_label, c.before) + "\n";
  out += "  after:  " + batch_line(c.after_label, c.after) + "\n";
  out += paint(wrap_text(methods_note(), 100, ""), "2", color) + "\n";
  auto block = [&](const GroupComparison& g, const std::string& title) {
    out += "\n" + paint(title, "1", color) + fmt::format("  ({} -> {} transcripts)\n", g.before_n, g.after_n);
    out += group_grid(g, true).render_text(color, "  ");
  };
  block(c.team, "TEAM (all agents)");
  for (const auto& g : c.agents)
    if (g.in_before() && g.in_after()) block(g, g.name);
  auto single = one_side(c);
  if (!single.empty()) {
    out += "\n" + paint("In one batch only", "1", color) + " (nothing to compare)\n";
    for (const auto* g : single) {
      const bool before = g->in_before();
      std::size_t n = before ? g->before_n : g->after_n;
      const Summary& s = before ? g->score.before : g->score.after;
      out += fmt::format("  {}: {} ({} transcript{}, mean score {:.1f})\n", g->name,
                         before ? "before only" : "after only", n, n == 1 ? "" : "s", s.mean);
    }
  }
  return out;
}

// --- Markdown -------------------------------------------------------------------------------

std::string render_comparison_markdown(const Comparison& c) {
  std::string out = "# defuse compare\n\n";
  out += "- before: " + markdown_escape(batch_line(c.before_label, c.before)) + "\n";
  out += "- after: " + markdown_escape(batch_line(c.after_label, c.after)) + "\n\n";
  out += markdown_escape(methods_note()) + "\n";
  auto block = [&](const GroupComparison& g, const std::string& title) {
    out += fmt::format("\n## {}\n\n{} -> {} transcripts\n\n", markdown_escape(title), g.before_n, g.after_n);
    out += group_grid(g, false).render_markdown();
  };
  block(c.team, "Team (all agents)");
  for (const auto& g : c.agents)
    if (g.in_before() && g.in_after()) block(g, g.name);
  auto single = one_side(c);
  if (!single.empty()) {
    out += "\n## In one batch only\n\n";
    for (const auto* g : single) {
      std::size_t n = g->in_before() ? g->before_n : g->after_n;
      out += fmt::format("- {}: {} ({} transcript{})\n", markdown_escape(g->name),
                         g->in_before() ? "before only" : "after only", n, n == 1 ? "" : "s");
    }
  }
  return out;
}

// --- CSV ------------------------------------------------------------------------------------

std::string render_comparison_csv(const Comparison& c) {
  std::string out =
      "scope,name,presence,measure,kind,before_n,after_n,before,after,change,interval_low,interval_high,method,"
      "statistic,p_value,significant\n";
  auto rows = [&](std::string_view scope, const GroupComparison& g) {
    for (const auto& m : measures(g)) {
      out += fmt::format("{},{},{},{},{},{},{},", scope, csv_escape(g.name), presence(g), m.name, m.kind, g.before_n,
                         g.after_n);
      const TestResult& t = m.rate ? m.rate->test : g.score.test;
      auto side = [&](bool present, double v) { return present ? fmt::format("{}", v) : std::string(); };
      if (m.rate) {
        out += fmt::format("{},{},", side(g.in_before(), round_to(m.rate->before(), 4)),
                           side(g.in_after(), round_to(m.rate->after(), 4)));
        out += g.in_before() && g.in_after() ? fmt::format("{}", round_to(m.rate->change(), 4)) : "";
        out += t.tested ? fmt::format(",{},{}", round_to(m.rate->interval.low, 4), round_to(m.rate->interval.high, 4))
                        : ",,";
      } else {
        out += fmt::format("{},{},", side(g.in_before(), round_to(g.score.before.mean, 2)),
                           side(g.in_after(), round_to(g.score.after.mean, 2)));
        out += g.in_before() && g.in_after() ? fmt::format("{}", round_to(g.score.change(), 2)) : "";
        out += ",,";
      }
      out += "," + csv_escape(t.method) + ",";
      if (t.tested) out += fmt::format("{},{},{}", round_to(t.statistic, 4), t.p_value, t.significant() ? 1 : 0);
      else out += ",,";
      out += "\n";
    }
  };
  rows("team", c.team);
  for (const auto& g : c.agents) rows("agent", g);
  return out;
}

// --- JSON -----------------------------------------------------------------------------------

namespace {

void write_test(JsonWriter& w, const TestResult& t) {
  w.begin_object().field("method", t.method).field("tested", t.tested);
  if (t.tested) w.field("statistic", round_to(t.statistic, 4)).field("p_value", t.p_value);
  else w.key("statistic").null().key("p_value").null();
  w.field("significant", t.significant()).end_object();
}

void write_rate(JsonWriter& w, const RateChange& r) {
  w.begin_object();
  w.key("before");
  if (r.before_n) w.begin_object().field("k", r.before_k).field("n", r.before_n).field("share", round_to(r.before(), 4)).end_object();
  else w.null();
  w.key("after");
  if (r.after_n) w.begin_object().field("k", r.after_k).field("n", r.after_n).field("share", round_to(r.after(), 4)).end_object();
  else w.null();
  w.key("change");
  if (r.before_n && r.after_n) w.value(round_to(r.change(), 4));
  else w.null();
  w.key("interval");
  if (r.test.tested) w.begin_object().field("low", round_to(r.interval.low, 4)).field("high", round_to(r.interval.high, 4)).end_object();
  else w.null();
  w.key("test");
  write_test(w, r.test);
  w.end_object();
}

void write_side_summary(JsonWriter& w, const Summary& s) {
  if (s.n == 0) {
    w.null();
    return;
  }
  w.begin_object().field("n", s.n).field("mean", round_to(s.mean, 2)).field("median", round_to(s.median, 2)).end_object();
}

void write_group(JsonWriter& w, const GroupComparison& g) {
  w.begin_object().field("name", g.name).field("presence", presence(g));
  w.field("before_n", g.before_n).field("after_n", g.after_n);
  w.key("score").begin_object();
  w.key("before");
  write_side_summary(w, g.score.before);
  w.key("after");
  write_side_summary(w, g.score.after);
  w.key("change");
  if (g.in_before() && g.in_after()) w.value(round_to(g.score.change(), 2));
  else w.null();
  w.key("test");
  write_test(w, g.score.test);
  w.end_object();
  w.key("steps").begin_object();
  for (int s = 0; s < kStepCount; ++s) {
    w.key(kStepIds[s]);
    write_rate(w, g.steps[s]);
  }
  w.end_object();
  w.key("anti_patterns").begin_object();
  for (int a = 0; a < kAntiPatternCount; ++a) {
    w.key(kAntiPatternIds[a]);
    write_rate(w, g.anti_patterns[a]);
  }
  w.end_object();
  w.end_object();
}

void write_batch(JsonWriter& w, const std::string& label, const AgentReport& r) {
  w.begin_object().field("label", label).field("transcripts", r.team.transcripts);
  w.field("filtered_out", r.filtered_out);
  w.key("period").begin_object().field("first", r.first_date).field("last", r.last_date).end_object();
  w.end_object();
}

}  // namespace

std::string render_comparison_json(const Comparison& c) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("report", "compare").field("version", 1).field("alpha", kAlpha);
  w.field("min_sample", kMinSample);
  w.key("before");
  write_batch(w, c.before_label, c.before);
  w.key("after");
  write_batch(w, c.after_label, c.after);
  w.key("team");
  write_group(w, c.team);
  w.key("agents").begin_array();
  for (const auto& g : c.agents) write_group(w, g);
  w.end_array();
  w.end_object();
  out.push_back('\n');
  return out;
}

std::string render_comparison(const Comparison& c, CompareFormat format, bool color) {
  switch (format) {
    case CompareFormat::table: return render_comparison_table(c, color);
    case CompareFormat::md: return render_comparison_markdown(c);
    case CompareFormat::csv: return render_comparison_csv(c);
    case CompareFormat::json: return render_comparison_json(c);
    case CompareFormat::html: return render_comparison_html(c);
  }
  return {};
}

}  // namespace defuse
