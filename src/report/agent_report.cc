#include "report/agent_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "core/json_writer.h"
#include "read/timestamp.h"
#include "report/coaching.h"
#include "report/grid.h"
#include "report/html.h"
#include "report/text_table.h"

namespace defuse {

const std::array<std::string_view, kAntiPatternCount> kAntiPatternShort = {
    "contract", "mgmt", "website", "3rd-party", "arguing", "rude", "2-news", "excuse", "dishonest", "slow",
    "no-close"};

namespace {

bool starts_with_date(std::string_view s) {
  if (s.size() < 10) return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return s[4] == '-' && s[7] == '-';
}

int anti_index(std::string_view id) {
  auto it = std::find(kAntiPatternIds.begin(), kAntiPatternIds.end(), id);
  return it == kAntiPatternIds.end() ? -1 : static_cast<int>(it - kAntiPatternIds.begin());
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

// --- filtering -----------------------------------------------------------------------------

std::optional<std::int64_t> parse_report_date(std::string_view text, bool end_of_day) {
  if (!starts_with_date(text)) return std::nullopt;
  auto ms = parse_timestamp(text);
  if (!ms) return std::nullopt;
  if (end_of_day && text.size() == 10) *ms += 86400000LL;
  return ms;
}

std::optional<std::int64_t> record_date_ms(std::string_view started_at) {
  if (!starts_with_date(started_at)) return std::nullopt;
  return parse_timestamp(started_at);
}

std::string ReportFilter::reject_reason(const ScoreResult& r) const {
  if (!agents.empty() && !contains(agents, r.agent)) return "agent";
  if (!langs.empty() && !contains(langs, r.lang)) return "lang";
  if (!channels.empty() && !contains(channels, r.channel)) return "channel";
  if (dated()) {
    auto at = record_date_ms(r.started_at);
    if (!at) return "undated";
    if (since_ms && *at < *since_ms) return "date";
    if (until_ms && *at >= *until_ms) return "date";
  }
  return "";
}

// --- aggregation ---------------------------------------------------------------------------

TranscriptDigest TranscriptDigest::of(const ScoreResult& r) {
  TranscriptDigest d;
  d.id = r.id;
  d.source = r.source;
  d.started_at = r.started_at;
  d.lang = r.lang;
  d.channel = r.channel;
  d.outcome = r.outcome;
  d.score = r.score;
  for (int s = 0; s < kStepCount; ++s)
    if (!r.steps[s].hit) d.missing_steps.emplace_back(kStepIds[s]);
  for (const auto& b : r.breakdown) {
    if (b.points >= 0) continue;
    LostPoints lost{b.what, b.points, b.why, 0, ""};
    // The evidence is the first place the penalised behaviour happened.
    for (const auto& a : r.anti_patterns)
      if (a.id == b.what) {
        lost.turn = a.turn;
        lost.text = a.text;
        break;
      }
    if (lost.text.empty())
      for (const auto& o : r.order)
        if (o.id == b.what) {
          lost.turn = o.turn;
          lost.text = o.message;
          break;
        }
    d.lost.push_back(std::move(lost));
  }
  return d;
}

bool lower_scoring(const TranscriptDigest& a, const TranscriptDigest& b) {
  if (a.score != b.score) return a.score < b.score;
  if (a.id != b.id) return a.id < b.id;
  if (a.source != b.source) return a.source < b.source;
  return a.started_at < b.started_at;
}

Summary summarize(const std::vector<double>& sorted) {
  Summary s;
  s.n = sorted.size();
  if (sorted.empty()) return s;
  double sum = 0;
  for (double v : sorted) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  s.min = sorted.front();
  s.max = sorted.back();
  std::size_t mid = s.n / 2;
  s.median = s.n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  // Nearest-rank percentile: an observed value, no interpolation to explain.
  std::size_t rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(s.n)));
  s.p90 = sorted[std::max<std::size_t>(rank, 1) - 1];
  return s;
}

void GroupStats::add(const ScoreResult& r, std::size_t keep_lowest) {
  ++transcripts;
  scores.push_back(r.score);
  for (int s = 0; s < kStepCount; ++s) steps_done[s] += r.steps[s].hit ? 1 : 0;
  std::array<std::size_t, kAntiPatternCount> counts{};
  for (const auto& a : r.anti_patterns)
    if (int i = anti_index(a.id); i >= 0) ++counts[i];
  for (int a = 0; a < kAntiPatternCount; ++a) {
    anti_occurrences[a] += counts[a];
    anti_transcripts[a] += counts[a] > 0 ? 1 : 0;
  }
  if (r.outcome == "de-escalated") ++de_escalated;
  else if (r.outcome == "escalated") ++escalated;
  else ++unresolved;
  if (r.timing.first_response_s) {
    ++timed;
    first_response_s.push_back(*r.timing.first_response_s);
  }
  if (r.timing.longest_wait_s) longest_wait_s.push_back(*r.timing.longest_wait_s);
  if (keep_lowest == 0) return;
  if (lowest.size() == keep_lowest && r.score > lowest.back().score) return;  // cheap early out
  TranscriptDigest digest = TranscriptDigest::of(r);
  auto at = std::upper_bound(lowest.begin(), lowest.end(), digest, lower_scoring);
  if (static_cast<std::size_t>(at - lowest.begin()) >= keep_lowest) return;
  lowest.insert(at, std::move(digest));
  if (lowest.size() > keep_lowest) lowest.pop_back();
}

void GroupStats::finish() {
  std::sort(scores.begin(), scores.end());
  std::sort(first_response_s.begin(), first_response_s.end());
  std::sort(longest_wait_s.begin(), longest_wait_s.end());
}

ReportBuilder::ReportBuilder(ReportFilter filter, std::size_t keep_lowest) : keep_lowest_(keep_lowest) {
  report_.filter = std::move(filter);
  report_.team.name = "team";
}

GroupStats& ReportBuilder::group(std::map<std::string, GroupStats>& groups, const std::string& name) {
  auto [it, added] = groups.try_emplace(name);
  if (added) it->second.name = name;
  return it->second;
}

void ReportBuilder::add(const ScoreResult& r) {
  ++report_.considered;
  std::string reason = report_.filter.reject_reason(r);
  if (!reason.empty()) {
    ++report_.filtered_out;
    if (reason == "undated") ++report_.undated;
    return;
  }
  report_.team.add(r, keep_lowest_);
  group(agents_, r.agent.empty() ? "unknown" : r.agent).add(r, keep_lowest_);
  group(languages_, r.lang.empty() ? "unknown" : r.lang).add(r, keep_lowest_);
  if (auto at = record_date_ms(r.started_at)) {
    // Ties on the instant are broken on the text, so the header does not depend on order.
    if (!first_ms_ || *at < *first_ms_ || (*at == *first_ms_ && r.started_at < report_.first_date)) {
      first_ms_ = at;
      report_.first_date = r.started_at;
    }
    if (!last_ms_ || *at > *last_ms_ || (*at == *last_ms_ && r.started_at > report_.last_date)) {
      last_ms_ = at;
      report_.last_date = r.started_at;
    }
  }
}

AgentReport ReportBuilder::finish(std::size_t min_transcripts) {
  AgentReport out = std::move(report_);
  out.min_transcripts = min_transcripts;
  out.team.finish();
  for (auto& [name, g] : agents_) {
    g.finish();
    if (g.transcripts < min_transcripts) out.hidden.emplace_back(name, g.transcripts);
    else out.agents.push_back(std::move(g));
  }
  for (auto& [name, g] : languages_) {
    g.finish();
    out.languages.push_back(std::move(g));
  }
  agents_.clear();
  languages_.clear();
  return out;
}

// --- shared text helpers -------------------------------------------------------------------

std::string percent(double share, std::size_t n) {
  if (n == 0) return "-";
  return fmt::format("{:.0f}%", share * 100);
}

std::string human_seconds(double seconds) {
  if (seconds < 120) return fmt::format("{:.0f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

std::string csv_escape(std::string_view s) {
  bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
  // A leading = + - @ makes spreadsheets run the cell as a formula: neutralise it.
  bool formula = !s.empty() && (s.front() == '=' || s.front() == '+' || s.front() == '@' ||
                                (s.front() == '-' && s.size() > 1 && !std::isdigit(static_cast<unsigned char>(s[1]))));
  if (!quote && !formula) return std::string(s);
  std::string out = "\"";
  if (formula) out += '\'';
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out += '"';
  return out;
}

std::string markdown_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\n': case '\r': out += ' '; break;
      case '*': case '_': case '`': case '[': case ']': case '<': case '>': case '\\':
        out += '\\';
        out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
  return out;
}

double round_to(double value, int digits) {
  double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

namespace {

// Colour for a step share on the terminal: green when most transcripts have the step.
std::string share_color(double share, std::size_t n) {
  if (n == 0) return "";
  return share >= 0.8 ? "32" : share >= 0.5 ? "33" : "31";
}

std::string score_color(double score) { return score >= 75 ? "32" : score >= 50 ? "33" : "31"; }

std::string period_text(const AgentReport& r) {
  if (r.first_date.empty()) return "";
  return r.first_date == r.last_date ? r.first_date : r.first_date + " .. " + r.last_date;
}

std::string filter_text(const AgentReport& r) {
  std::vector<std::string> parts;
  const ReportFilter& f = r.filter;
  if (!f.agents.empty()) parts.push_back("agent " + join(f.agents, ", "));
  if (!f.langs.empty()) parts.push_back("lang " + join(f.langs, ", "));
  if (!f.channels.empty()) parts.push_back("channel " + join(f.channels, ", "));
  if (!f.since_text.empty()) parts.push_back("since " + f.since_text);
  if (!f.until_text.empty()) parts.push_back("until " + f.until_text);
  if (r.min_transcripts > 1) parts.push_back(fmt::format("min {} transcripts", r.min_transcripts));
  return join(parts, "; ");
}

std::string headline(const AgentReport& r) {
  std::string line = fmt::format("{} transcript{}, {} agent{}", r.team.transcripts, r.team.transcripts == 1 ? "" : "s",
                                 r.agents.size() + r.hidden.size(), r.agents.size() + r.hidden.size() == 1 ? "" : "s");
  if (auto p = period_text(r); !p.empty()) line += ", " + p;
  return line;
}

std::string median_seconds(const std::vector<double>& sorted) {
  return sorted.empty() ? "-" : human_seconds(summarize(sorted).median);
}

// The rows every grid shares: agents, then the team, then the languages.
template <typename F>
void each_group_row(const AgentReport& r, Grid& grid, F&& cells) {
  for (const auto& g : r.agents) cells(g, g.name);
  grid.section("");
  cells(r.team, "TEAM (all agents)");
  if (!r.languages.empty()) {
    grid.section("by language");
    for (const auto& g : r.languages) cells(g, "  " + g.name);
  }
}

Grid steps_grid(const AgentReport& r, bool text) {
  std::vector<GridColumn> columns = {{"AGENT", false, 24}, {"N", true}, {"MEAN", true}, {"MEDIAN", true}};
  for (auto s : kStepIds) columns.push_back({std::string(s), true});
  Grid grid(std::move(columns));
  each_group_row(r, grid, [&](const GroupStats& g, const std::string& label) {
    Summary sc = g.score_summary();
    std::vector<std::string> cells = {label, std::to_string(g.transcripts), fmt::format("{:.1f}", sc.mean),
                                      fmt::format("{:.1f}", sc.median)};
    std::vector<std::string> colors = {"", "", text ? score_color(sc.mean) : "", ""};
    for (int s = 0; s < kStepCount; ++s) {
      cells.push_back(percent(g.step_share(s), g.transcripts));
      colors.push_back(share_color(g.step_share(s), g.transcripts));
    }
    grid.row(std::move(cells), std::move(colors));
  });
  return grid;
}

Grid outcome_grid(const AgentReport& r) {
  Grid grid({{"AGENT", false, 24},
             {"N", true},
             {"DE-ESC", true},
             {"ESCAL", true},
             {"UNRES", true},
             {"NO CLOSE", true},
             {"TIMED", true},
             {"1ST REPLY", true},
             {"LONGEST WAIT", true},
             {"SLOW", true}});
  int slow = static_cast<int>(AntiPattern::slow_response);
  each_group_row(r, grid, [&](const GroupStats& g, const std::string& label) {
    std::size_t n = g.transcripts;
    grid.row({label, std::to_string(n), percent(g.share(g.de_escalated), n), percent(g.share(g.escalated), n),
              percent(g.share(g.unresolved), n), percent(g.no_closure_share(), n), std::to_string(g.timed),
              median_seconds(g.first_response_s), median_seconds(g.longest_wait_s),
              g.timed ? percent(static_cast<double>(g.anti_transcripts[slow]) / g.timed, g.timed) : "-"},
             {"", "", "", "", "", g.no_closure_share() > 0.5 ? "31" : ""});
  });
  return grid;
}

Grid anti_grid(const AgentReport& r) {
  std::vector<GridColumn> columns = {{"AGENT", false, 24}, {"N", true}};
  for (auto s : kAntiPatternShort) columns.push_back({std::string(s), true});
  Grid grid(std::move(columns));
  each_group_row(r, grid, [&](const GroupStats& g, const std::string& label) {
    std::vector<std::string> cells = {label, std::to_string(g.transcripts)};
    std::vector<std::string> colors = {"", ""};
    for (int a = 0; a < kAntiPatternCount; ++a) {
      double rate = g.anti_per_100(a);
      cells.push_back(g.transcripts == 0 ? "-" : g.anti_occurrences[a] == 0 ? "0" : fmt::format("{:.1f}", rate));
      colors.push_back(g.anti_occurrences[a] == 0 ? "2" : rate >= 10 ? "31" : "33");
    }
    grid.row(std::move(cells), std::move(colors));
  });
  return grid;
}

std::string anti_legend() {
  std::string out;
  for (int a = 0; a < kAntiPatternCount; ++a)
    out += fmt::format("{}{} = {}", a == 0 ? "" : ", ", kAntiPatternShort[a], kAntiPatternIds[a]);
  return out;
}

bool any_lowest(const AgentReport& r) {
  return std::any_of(r.agents.begin(), r.agents.end(), [](const GroupStats& g) { return !g.lowest.empty(); });
}

std::string lost_line(const LostPoints& l) {
  std::string where = l.turn > 0 ? fmt::format("turn {}: ", l.turn) : "";
  return fmt::format("{:+g} {} ({}{})", l.points, l.what, where, l.text.empty() ? l.why : "\"" + l.text + "\"");
}

}  // namespace

// --- table ----------------------------------------------------------------------------------

std::string render_report_table(const AgentReport& r, bool color) {
  std::string out = paint("defuse report", "1", color) + ": " + headline(r) + "\n";
  if (auto f = filter_text(r); !f.empty()) out += "filters: " + f + "\n";
  if (r.filtered_out > 0)
    out += fmt::format("{} transcript{} left out by the filters{}\n", r.filtered_out, r.filtered_out == 1 ? "" : "s",
                       r.undated ? fmt::format(" ({} with no date)", r.undated) : "");
  if (r.team.transcripts == 0) {
    out += "\nNo transcripts to report.\n";
    return out;
  }
  out += "\n" + paint("Steps done", "1", color) + " (share of transcripts; mean and median score out of 100)\n";
  out += steps_grid(r, true).render_text(color);
  out += "\n" + paint("Outcomes and response times", "1", color) +
         " (de-escalated, escalated, unresolved, ending with no closure: share of transcripts;\n"
         "first reply and longest wait: medians over the TIMED transcripts, those with timestamps;\n"
         "slow: share of timed transcripts with a reply over the channel's threshold)\n";
  out += outcome_grid(r).render_text(color);
  out += "\n" + paint("Anti-patterns", "1", color) + " (occurrences per 100 transcripts)\n";
  out += anti_grid(r).render_text(color);
  out += paint(wrap_text(anti_legend(), 100, ""), "2", color) + "\n";
  if (!r.hidden.empty()) {
    std::vector<std::string> names;
    for (const auto& [name, n] : r.hidden) names.push_back(fmt::format("{} ({})", name, n));
    out += fmt::format("\nHidden (fewer than {} transcripts): {}\n", r.min_transcripts, join(names, ", "));
  }
  if (!any_lowest(r)) return out;
  out += "\n" + paint("Lowest-scoring transcripts", "1", color) + " and what cost them points\n";
  for (const auto& g : r.agents) {
    out += paint(g.name, "1", color) + "\n";
    for (const auto& d : g.lowest) {
      out += fmt::format("  {}  {}", paint(fmt::format("{:5.1f}", d.score), score_color(d.score), color), d.id);
      if (d.source != d.id) out += "  " + d.source;
      if (!d.started_at.empty()) out += "  " + d.started_at;
      out += "\n";
      for (const auto& l : d.lost) out += "         " + lost_line(l) + "\n";
      if (!d.missing_steps.empty()) out += "         missing: " + join(d.missing_steps, ", ") + "\n";
    }
  }
  return out;
}

// --- Markdown -------------------------------------------------------------------------------

std::string render_report_markdown(const AgentReport& r) {
  std::string out = "# defuse report\n\n" + markdown_escape(headline(r)) + "\n";
  if (auto f = filter_text(r); !f.empty()) out += "\nFilters: " + markdown_escape(f) + "\n";
  if (r.filtered_out > 0)
    out += fmt::format("\n{} transcript{} left out by the filters{}.\n", r.filtered_out,
                       r.filtered_out == 1 ? "" : "s", r.undated ? fmt::format(" ({} with no date)", r.undated) : "");
  if (r.team.transcripts == 0) return out + "\nNo transcripts to report.\n";
  out += "\n## Steps done\n\nShare of transcripts in which each step was done; score out of 100.\n\n";
  out += steps_grid(r, false).render_markdown();
  out += "\n## Outcomes and response times\n\nTimes only where transcripts have timestamps; slow reply is the share of "
         "timed transcripts with a reply over the channel's threshold.\n\n";
  out += outcome_grid(r).render_markdown();
  out += "\n## Anti-patterns\n\nOccurrences per 100 transcripts. " + markdown_escape(anti_legend()) + ".\n\n";
  out += anti_grid(r).render_markdown();
  if (!r.hidden.empty()) {
    std::vector<std::string> names;
    for (const auto& [name, n] : r.hidden) names.push_back(fmt::format("{} ({})", markdown_escape(name), n));
    out += fmt::format("\nHidden (fewer than {} transcripts): {}.\n", r.min_transcripts, join(names, ", "));
  }
  if (!any_lowest(r)) return out;
  out += "\n## Lowest-scoring transcripts\n";
  for (const auto& g : r.agents) {
    out += "\n### " + markdown_escape(g.name) + "\n\n";
    for (const auto& d : g.lowest) {
      out += fmt::format("- **{:.1f}** `{}`", d.score, d.id);
      if (d.source != d.id) out += " (" + markdown_escape(d.source) + ")";
      if (!d.started_at.empty()) out += " " + markdown_escape(d.started_at);
      out += "\n";
      for (const auto& l : d.lost) out += "  - " + markdown_escape(lost_line(l)) + "\n";
      if (!d.missing_steps.empty()) out += "  - missing: " + join(d.missing_steps, ", ") + "\n";
    }
  }
  return out;
}

// --- CSV ------------------------------------------------------------------------------------

std::string render_report_csv(const AgentReport& r) {
  std::string out = "scope,name,transcripts,score_mean,score_median";
  for (auto s : kStepIds) out += fmt::format(",{}_share", s);
  for (auto a : kAntiPatternIds) out += fmt::format(",{}_per_100", a);
  out += ",de_escalated,escalated,unresolved,no_closure_share,timed,first_response_median_s,longest_wait_median_s,"
         "lowest\n";
  auto row = [&](std::string_view scope, const GroupStats& g) {
    Summary sc = g.score_summary();
    out += fmt::format("{},{},{},{},{}", scope, csv_escape(g.name), g.transcripts, round_to(sc.mean, 2),
                       round_to(sc.median, 2));
    for (int s = 0; s < kStepCount; ++s) out += fmt::format(",{}", round_to(g.step_share(s), 4));
    for (int a = 0; a < kAntiPatternCount; ++a) out += fmt::format(",{}", round_to(g.anti_per_100(a), 2));
    out += fmt::format(",{},{},{},{},{},", g.de_escalated, g.escalated, g.unresolved,
                       round_to(g.no_closure_share(), 4), g.timed);
    if (!g.first_response_s.empty()) out += fmt::format("{}", round_to(summarize(g.first_response_s).median, 1));
    out += ",";
    if (!g.longest_wait_s.empty()) out += fmt::format("{}", round_to(summarize(g.longest_wait_s).median, 1));
    std::vector<std::string> lowest;
    for (const auto& d : g.lowest) lowest.push_back(fmt::format("{} ({})", d.id, d.score));
    out += "," + csv_escape(join(lowest, "; ")) + "\n";
  };
  if (r.team.transcripts > 0) row("team", r.team);
  for (const auto& g : r.agents) row("agent", g);
  for (const auto& g : r.languages) row("lang", g);
  return out;
}

// --- JSON -----------------------------------------------------------------------------------

namespace {

void write_summary(JsonWriter& w, const std::vector<double>& sorted, int digits) {
  if (sorted.empty()) {
    w.null();
    return;
  }
  Summary s = summarize(sorted);
  w.begin_object()
      .field("n", s.n)
      .field("mean", round_to(s.mean, digits))
      .field("median", round_to(s.median, digits))
      .field("p90", round_to(s.p90, digits))
      .field("min", round_to(s.min, digits))
      .field("max", round_to(s.max, digits))
      .end_object();
}

void write_group(JsonWriter& w, const GroupStats& g) {
  w.begin_object();
  w.field("name", g.name).field("transcripts", g.transcripts);
  w.key("score");
  write_summary(w, g.scores, 2);
  w.key("steps").begin_object();
  for (int s = 0; s < kStepCount; ++s)
    w.key(kStepIds[s]).begin_object().field("done", g.steps_done[s]).field("share", round_to(g.step_share(s), 4)).end_object();
  w.end_object();
  w.key("anti_patterns").begin_object();
  for (int a = 0; a < kAntiPatternCount; ++a)
    w.key(kAntiPatternIds[a])
        .begin_object()
        .field("occurrences", g.anti_occurrences[a])
        .field("transcripts", g.anti_transcripts[a])
        .field("per_100", round_to(g.anti_per_100(a), 2))
        .end_object();
  w.end_object();
  w.key("outcomes").begin_object();
  w.field("de-escalated", g.de_escalated).field("escalated", g.escalated).field("unresolved", g.unresolved);
  w.end_object();
  w.field("no_closure_share", round_to(g.no_closure_share(), 4));
  w.key("response_time").begin_object();
  w.field("timed_transcripts", g.timed);
  w.key("first_response_s");
  write_summary(w, g.first_response_s, 1);
  w.key("longest_wait_s");
  write_summary(w, g.longest_wait_s, 1);
  int slow = static_cast<int>(AntiPattern::slow_response);
  w.key("slow_response_share");
  if (g.timed) w.value(round_to(static_cast<double>(g.anti_transcripts[slow]) / g.timed, 4));
  else w.null();
  w.end_object();
  w.key("lowest").begin_array();
  for (const auto& d : g.lowest) {
    w.begin_object().field("id", d.id).field("source", d.source).field("score", d.score);
    w.field("started_at", d.started_at).field("lang", d.lang).field("channel", d.channel).field("outcome", d.outcome);
    w.key("missing_steps").begin_array();
    for (const auto& s : d.missing_steps) w.value(s);
    w.end_array();
    w.key("lost").begin_array();
    for (const auto& l : d.lost)
      w.begin_object().field("what", l.what).field("points", l.points).field("why", l.why).field("turn", l.turn)
          .field("text", l.text).end_object();
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

std::string render_report_json(const AgentReport& r) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("report", "agents").field("version", 1);
  w.key("filters").begin_object();
  auto list = [&](std::string_view key, const std::vector<std::string>& items) {
    w.key(key).begin_array();
    for (const auto& s : items) w.value(s);
    w.end_array();
  };
  list("agents", r.filter.agents);
  list("langs", r.filter.langs);
  list("channels", r.filter.channels);
  w.field("since", r.filter.since_text).field("until", r.filter.until_text);
  w.field("min_transcripts", r.min_transcripts);
  w.end_object();
  w.field("considered", r.considered).field("filtered_out", r.filtered_out).field("undated", r.undated);
  w.key("period").begin_object().field("first", r.first_date).field("last", r.last_date).end_object();
  w.key("team");
  write_group(w, r.team);
  w.key("agents").begin_array();
  for (const auto& g : r.agents) write_group(w, g);
  w.end_array();
  w.key("hidden_agents").begin_array();
  for (const auto& [name, n] : r.hidden) w.begin_object().field("name", name).field("transcripts", n).end_object();
  w.end_array();
  w.key("languages").begin_array();
  for (const auto& g : r.languages) write_group(w, g);
  w.end_array();
  w.end_object();
  out.push_back('\n');
  return out;
}

std::string render_report(const AgentReport& report, ReportFormat format, bool color) {
  switch (format) {
    case ReportFormat::table: return render_report_table(report, color);
    case ReportFormat::md: return render_report_markdown(report);
    case ReportFormat::csv: return render_report_csv(report);
    case ReportFormat::json: return render_report_json(report);
    case ReportFormat::html: return render_report_html(report);
  }
  return {};
}

}  // namespace defuse
