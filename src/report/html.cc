#include "report/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "report/agent_report.h"
#include "report/coaching.h"
#include "report/compare.h"

namespace defuse {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

// The page shell. No external resource of any kind: system fonts, inline style and script,
// an empty data: favicon (so the browser does not ask for /favicon.ico), and a CSP that
// blocks the network outright.
constexpr std::string_view kStyle = R"CSS(
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; --card:#fff; --accent:#0969da;
        --good:#1a7f37; --warn:#9a6700; --bad:#cf222e; --before:#8c959f; --after:#0969da; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif; }
header { background:#24292f; color:#fff; padding:18px 28px; }
header h1 { margin:0 0 4px; font-size:22px; font-weight:600; }
header p { margin:2px 0; color:#d0d7de; }
main { padding:20px 28px 40px; max-width:1400px; }
section { margin:0 0 28px; }
h2 { font-size:17px; margin:0 0 10px; }
h3 { font-size:15px; margin:0 0 6px; }
.note { color:var(--muted); margin:4px 0 14px; }
main.narrow { max-width:1000px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin-bottom:22px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 16px; }
.stat { min-width:150px; }
.stat b { display:block; font-size:24px; }
.stat span { color:var(--muted); }
table { border-collapse:collapse; background:var(--card); border:1px solid var(--line); font-size:13px; }
th, td { padding:5px 8px; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; }
th { background:#eef1f4; font-weight:600; }
th:first-child, td:first-child { text-align:left; }
td.text, th.text { text-align:left; white-space:normal; }
th button { font:inherit; font-weight:600; background:none; border:0; padding:0; cursor:pointer; color:inherit; }
th button::after { content:" \2195"; color:var(--muted); font-weight:400; }
th[aria-sort=ascending] button::after { content:" \2191"; color:var(--ink); }
th[aria-sort=descending] button::after { content:" \2193"; color:var(--ink); }
tfoot td { font-weight:600; background:#f3f5f7; border-top:2px solid var(--line); }
td.text { white-space:nowrap; }
.scroll { overflow-x:auto; }
a { color:var(--accent); }
.grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(400px,1fr)); gap:14px; }
.agent-card h3 { display:flex; justify-content:space-between; }
.agent-card h3 small { color:var(--muted); font-weight:400; }
svg text { font:11px system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif; fill:#424a53; }
.legend { color:var(--muted); font-size:12px; }
.swatch { display:inline-block; width:10px; height:10px; border-radius:2px; margin:0 4px 0 10px; vertical-align:middle; }
.bars { width:100%; }
.bar-row { display:grid; grid-template-columns:190px 1fr 56px; align-items:center; gap:8px; margin:3px 0; }
.bar-row .track { background:#eef1f4; border-radius:3px; height:12px; }
.bar-row .fill { background:var(--bad); border-radius:3px; height:12px; }
.bar-row .value { text-align:right; font-variant-numeric:tabular-nums; }
details { background:var(--card); border:1px solid var(--line); border-radius:8px; margin:8px 0; padding:8px 14px; }
details details { border-radius:6px; background:#fbfcfd; }
summary { cursor:pointer; font-weight:600; }
.score { font-weight:700; font-variant-numeric:tabular-nums; }
.good { color:var(--good); } .warn { color:var(--warn); } .bad { color:var(--bad); }
ul.evidence { margin:6px 0 4px; padding-left:20px; }
ul.evidence li { margin:3px 0; }
q { font-style:italic; color:#3d444d; }
.sig { font-weight:700; }
.muted { color:var(--muted); }
.turn { display:grid; grid-template-columns:46px 1fr; gap:10px; margin:8px 0; }
.turn .num { color:var(--muted); text-align:right; padding-top:8px; font-variant-numeric:tabular-nums; }
.bubble { border-radius:10px; padding:8px 12px; max-width:860px; border:1px solid var(--line); }
.bubble.agent { background:#ddf4ff; border-color:#b6e3ff; }
.bubble.customer { background:#fff; }
.bubble .who { font-size:12px; color:var(--muted); margin-bottom:2px; }
.chips { margin-top:6px; display:flex; flex-wrap:wrap; gap:6px; }
.chip { font-size:12px; border-radius:999px; padding:2px 9px; border:1px solid; }
.chip.step { background:#dafbe1; border-color:#4ac26b; color:#116329; }
.chip.anti { background:#ffebe9; border-color:#ff8182; color:#a40e26; }
.chip.signal { background:#fff8c5; border-color:#d4a72c; color:#7d4e00; }
.advice li { margin:6px 0; }
@media print { header { background:#fff; color:#000; } header p { color:#333; } }
)CSS";

constexpr std::string_view kSortScript = R"JS(
(function () {
  function value(cell) {
    var v = cell.getAttribute('data-v');
    return v === null ? cell.textContent : v;
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        rows.sort(function (a, b) {
          var x = value(a.cells[col]), y = value(b.cells[col]);
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
          return c * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
)JS";

std::string page_start(std::string_view title, std::string_view lang, std::string_view heading,
                       const std::vector<std::string>& subtitle_lines, std::string_view main_class = "") {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"generator\" content=\"defuse {}\">\n"
      "<link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
      lang, DEFUSE_VERSION, html_escape(title), kStyle, html_escape(heading));
  for (const auto& line : subtitle_lines) out += "<p>" + html_escape(line) + "</p>\n";
  out += main_class.empty() ? std::string("</header>\n<main>\n")
                            : fmt::format("</header>\n<main class=\"{}\">\n", main_class);
  return out;
}

std::string page_end(bool with_script) {
  std::string out = "</main>\n";
  if (with_script) out += fmt::format("<script>{}</script>\n", kSortScript);
  out += "</body>\n</html>\n";
  return out;
}

std::string num(double v, int digits = 1) { return fmt::format("{:.{}f}", v, digits); }

std::string score_class(double score) { return score >= 75 ? "good" : score >= 50 ? "warn" : "bad"; }

// A pale red-to-green background for a share, so a column of step rates reads at a glance.
std::string heat_style(double share) {
  int hue = static_cast<int>(std::lround(std::clamp(share, 0.0, 1.0) * 120));
  return fmt::format(" style=\"background:hsl({},65%,90%)\"", hue);
}

std::string sortable_th(std::string_view label, bool text = false) {
  return fmt::format("<th scope=\"col\"{}><button type=\"button\">{}</button></th>", text ? " class=\"text\"" : "",
                     html_escape(label));
}

// --- charts ---------------------------------------------------------------------------------

// A seven-axis radar of step shares: the agent filled, the team dashed for reference.
std::string radar_svg(const std::array<double, kStepCount>& agent, const std::array<double, kStepCount>* team,
                      std::string_view title) {
  const double cx = 190, cy = 124, radius = 80;
  auto point = [&](int axis, double share) {
    double angle = -M_PI / 2 + axis * 2 * M_PI / kStepCount;
    return std::pair<double, double>{cx + radius * share * std::cos(angle), cy + radius * share * std::sin(angle)};
  };
  auto polygon = [&](const std::array<double, kStepCount>& shares) {
    std::string pts;
    for (int i = 0; i < kStepCount; ++i) {
      auto [x, y] = point(i, std::clamp(shares[i], 0.0, 1.0));
      pts += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", x, y);
    }
    return pts;
  };
  std::string out = fmt::format(
      "<svg viewBox=\"0 0 380 250\" width=\"380\" height=\"250\" role=\"img\" aria-label=\"{}\">"
      "<title>{}</title>",
      html_escape(title), html_escape(title));
  for (double ring : {0.25, 0.5, 0.75, 1.0}) {
    std::array<double, kStepCount> r;
    r.fill(ring);
    out += fmt::format("<polygon points=\"{}\" fill=\"none\" stroke=\"#d1d9e0\" stroke-width=\"1\"/>", polygon(r));
  }
  for (int i = 0; i < kStepCount; ++i) {
    auto [x, y] = point(i, 1.0);
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#d1d9e0\"/>", cx, cy, x, y);
    auto [lx, ly] = point(i, 1.16);
    std::string anchor = std::fabs(lx - cx) < 8 ? "middle" : lx < cx ? "end" : "start";
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" dominant-baseline=\"middle\">{} {:.0f}%</text>",
                       lx, ly, anchor, kStepIds[i], agent[i] * 100);
  }
  if (team)
    out += fmt::format("<polygon points=\"{}\" fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"4 3\"/>",
                       polygon(*team));
  out += fmt::format("<polygon points=\"{}\" fill=\"rgba(9,105,218,0.22)\" stroke=\"#0969da\" stroke-width=\"2\"/>",
                     polygon(agent));
  for (int i = 0; i < kStepCount; ++i) {
    auto [x, y] = point(i, std::clamp(agent[i], 0.0, 1.0));
    out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"#0969da\"/>", x, y);
  }
  out += "</svg>";
  return out;
}

// Before/after bars for the seven steps.
std::string before_after_svg(const GroupComparison& g, std::string_view title) {
  const double left = 34, top = 14, height = 150, group_width = 62, bar = 22;
  const double width = left + group_width * kStepCount + 10;
  std::string out = fmt::format(
      "<svg viewBox=\"0 0 {0:.0f} 214\" width=\"100%\" style=\"max-width:{0:.0f}px\" role=\"img\" aria-label=\"{1}\">"
      "<title>{1}</title>",
      width, html_escape(title));
  for (int pct = 0; pct <= 100; pct += 25) {
    double y = top + height * (1 - pct / 100.0);
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{:.0f}\" y2=\"{:.1f}\" stroke=\"#e5e9ed\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}%</text>",
                       left, y, width - 6, y, left - 4, y, pct);
  }
  for (int s = 0; s < kStepCount; ++s) {
    const RateChange& r = g.steps[s];
    double x = left + s * group_width + 8;
    auto draw = [&](double share, double dx, std::string_view color, bool present, std::string_view which) {
      if (!present) return;
      double h = height * std::clamp(share, 0.0, 1.0);
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\" rx=\"2\">"
                         "<title>{} {}: {:.0f}%</title></rect>",
                         x + dx, top + height - h, bar, std::max(h, 0.5), color, kStepIds[s], which, share * 100);
    };
    draw(r.before(), 0, "#8c959f", r.before_n > 0, "before");
    draw(r.after(), bar + 2, "#0969da", r.after_n > 0, "after");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", x + bar + 1,
                       top + height + 14, kStepIds[s]);
    if (r.test.significant())
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-weight=\"700\">*</text>",
                         x + bar + 1, top + height + 28);
  }
  out += "</svg>";
  return out;
}

// Paired horizontal bars of anti-pattern shares before and after (those seen in either batch).
std::string anti_before_after_svg(const GroupComparison& g, std::string_view title) {
  std::vector<int> seen;
  double top = 0;
  for (int a = 0; a < kAntiPatternCount; ++a) {
    const RateChange& r = g.anti_patterns[a];
    if (r.before_k == 0 && r.after_k == 0) continue;
    seen.push_back(a);
    top = std::max({top, r.before(), r.after()});
  }
  if (seen.empty()) return "<p class=\"muted\">No anti-patterns in either batch.</p>";
  const double label = 150, plot = 250, row = 30, width = label + plot + 60;
  const double height = row * static_cast<double>(seen.size()) + 8;
  std::string out = fmt::format(
      "<svg viewBox=\"0 0 {0:.0f} {1:.0f}\" width=\"100%\" style=\"max-width:{0:.0f}px\" role=\"img\" "
      "aria-label=\"{2}\"><title>{2}</title>",
      width, height, html_escape(title));
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const RateChange& r = g.anti_patterns[seen[i]];
    double y = 4 + row * static_cast<double>(i);
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
                       label - 12, y + 11, kAntiPatternIds[seen[i]]);
    auto bar = [&](double share, double dy, std::string_view color, bool present, std::string_view which) {
      if (!present) return;
      double w = top > 0 ? plot * share / top : 0;
      out += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"10\" fill=\"{}\" rx=\"2\"><title>{} {}: "
                         "{:.0f}%</title></rect><text x=\"{:.1f}\" y=\"{:.1f}\" dominant-baseline=\"middle\">{:.0f}%</text>",
                         label, y + dy, std::max(w, 0.5), color, kAntiPatternIds[seen[i]], which, share * 100,
                         label + std::max(w, 0.5) + 4, y + dy + 5, share * 100);
    };
    bar(r.before(), 0, "#8c959f", r.before_n > 0, "before");
    bar(r.after(), 12, "#0969da", r.after_n > 0, "after");
    if (r.test.significant())
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-weight=\"700\" dominant-baseline=\"middle\">*</text>",
                         label - 9, y + 11);
  }
  out += "</svg>";
  return out;
}

// Horizontal bars of anti-pattern rates per 100 transcripts; `only_seen` drops zero rows.
std::string anti_bars(const GroupStats& g, bool only_seen) {
  double top = 0;
  for (int a = 0; a < kAntiPatternCount; ++a) top = std::max(top, g.anti_per_100(a));
  std::string out = "<div class=\"bars\">";
  bool any = false;
  for (int a = 0; a < kAntiPatternCount; ++a) {
    double rate = g.anti_per_100(a);
    if (only_seen && g.anti_occurrences[a] == 0) continue;
    any = true;
    double width = top > 0 ? 100 * rate / top : 0;
    out += fmt::format("<div class=\"bar-row\" title=\"{} transcripts with {}\"><span>{}</span><div class=\"track\">"
                       "<div class=\"fill\" style=\"width:{:.1f}%\"></div></div><span class=\"value\">{:.1f}</span></div>",
                       g.anti_transcripts[a], kAntiPatternIds[a], kAntiPatternIds[a], width, rate);
  }
  if (!any) out += "<p class=\"muted\">No anti-patterns.</p>";
  out += "</div>";
  return out;
}

std::array<double, kStepCount> step_shares(const GroupStats& g) {
  std::array<double, kStepCount> out{};
  for (int s = 0; s < kStepCount; ++s) out[s] = g.step_share(s);
  return out;
}

std::string pct(double share, std::size_t n) { return html_escape(percent(share, n)); }

std::string lost_items(const TranscriptDigest& d) {
  std::string out = "<ul class=\"evidence\">";
  for (const auto& l : d.lost) {
    out += fmt::format("<li><span class=\"bad\">{:+g}</span> <b>{}</b>", l.points, html_escape(l.what));
    if (l.turn > 0) out += fmt::format(" (turn {})", l.turn);
    if (!l.text.empty()) out += ": <q>" + html_escape(l.text) + "</q>";
    else out += ": " + html_escape(l.why);
    out += "</li>";
  }
  if (!d.missing_steps.empty()) {
    std::string steps;
    for (const auto& s : d.missing_steps) steps += (steps.empty() ? "" : ", ") + s;
    out += "<li><span class=\"muted\">missing steps:</span> " + html_escape(steps) + "</li>";
  }
  out += "</ul>";
  return out;
}

}  // namespace

// --- report ---------------------------------------------------------------------------------

std::string render_report_html(const AgentReport& r) {
  std::vector<std::string> sub;
  sub.push_back(fmt::format("{} transcripts · {} agents{}", r.team.transcripts, r.agents.size() + r.hidden.size(),
                            r.first_date.empty() ? ""
                            : r.first_date == r.last_date ? " · " + r.first_date
                                                          : " · " + r.first_date + " .. " + r.last_date));
  {
    std::vector<std::string> parts;
    const ReportFilter& f = r.filter;
    auto list = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    if (!f.agents.empty()) parts.push_back("agent " + list(f.agents));
    if (!f.langs.empty()) parts.push_back("lang " + list(f.langs));
    if (!f.channels.empty()) parts.push_back("channel " + list(f.channels));
    if (!f.since_text.empty()) parts.push_back("since " + f.since_text);
    if (!f.until_text.empty()) parts.push_back("until " + f.until_text);
    if (r.min_transcripts > 1) parts.push_back(fmt::format("min {} transcripts", r.min_transcripts));
    if (!parts.empty()) sub.push_back("Filters: " + list(parts));
  }
  std::string out = page_start("defuse report", "en", "defuse report: agents and the resolution cycle", sub);

  const GroupStats& team = r.team;
  Summary ts = team.score_summary();
  out += "<div class=\"cards\">";
  auto stat = [&](std::string value, std::string label, std::string cls = "") {
    out += fmt::format("<div class=\"card stat\"><b class=\"{}\">{}</b><span>{}</span></div>", cls, html_escape(value),
                       html_escape(label));
  };
  stat(std::to_string(team.transcripts), "transcripts");
  stat(std::to_string(r.agents.size()), r.hidden.empty() ? "agents" : fmt::format("agents shown ({} hidden)", r.hidden.size()));
  if (team.transcripts) {
    stat(num(ts.mean), "mean score (team)", score_class(ts.mean));
    stat(percent(team.share(team.de_escalated), team.transcripts), "de-escalated");
    stat(percent(team.no_closure_share(), team.transcripts), "end with no closure",
         team.no_closure_share() > 0.5 ? "bad" : "");
    if (!team.first_response_s.empty()) stat(human_seconds(summarize(team.first_response_s).median), "median first reply");
  }
  out += "</div>\n";
  if (team.transcripts == 0) {
    out += "<p>No transcripts to report.</p>";
    return out + page_end(false);
  }

  // The agent table: every figure per agent, sortable; the team line stays at the bottom.
  out += "<section id=\"agents\"><h2>Agents</h2><p class=\"note\">Click a column to sort. N: transcripts; mean and "
         "median score out of 100; step columns: share of transcripts in which the step was done; no closure, "
         "de-escalated, escalated: share of transcripts; 1st reply: median time to the first agent reply where "
         "transcripts have timestamps.</p><div class=\"scroll\">"
         "<table class=\"sortable\" id=\"agent-table\"><thead><tr>";
  out += sortable_th("Agent", true) + sortable_th("N") + sortable_th("Mean") + sortable_th("Median");
  for (auto s : kStepIds) out += sortable_th(s);
  out += sortable_th("No closure") + sortable_th("De-esc.") + sortable_th("Escal.") + sortable_th("1st reply");
  out += "</tr></thead><tbody>";
  auto row_cells = [&](const GroupStats& g) {
    Summary sc = g.score_summary();
    std::string cells = fmt::format("<td data-v=\"{}\">{}</td><td data-v=\"{}\" class=\"score {}\">{}</td>"
                                    "<td data-v=\"{}\">{}</td>",
                                    g.transcripts, g.transcripts, sc.mean, score_class(sc.mean), num(sc.mean), sc.median,
                                    num(sc.median));
    for (int s = 0; s < kStepCount; ++s)
      cells += fmt::format("<td data-v=\"{}\"{}>{}</td>", g.step_share(s), heat_style(g.step_share(s)),
                           pct(g.step_share(s), g.transcripts));
    double first = g.first_response_s.empty() ? -1 : summarize(g.first_response_s).median;
    cells += fmt::format("<td data-v=\"{}\"{}>{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td>"
                         "<td data-v=\"{}\">{}</td>",
                         g.no_closure_share(), heat_style(1 - g.no_closure_share()),
                         pct(g.no_closure_share(), g.transcripts), g.share(g.de_escalated),
                         pct(g.share(g.de_escalated), g.transcripts), g.share(g.escalated),
                         pct(g.share(g.escalated), g.transcripts), first,
                         first < 0 ? "-" : html_escape(human_seconds(first)));
    return cells;
  };
  for (std::size_t i = 0; i < r.agents.size(); ++i) {
    const GroupStats& g = r.agents[i];
    out += fmt::format("<tr><td class=\"text\" data-v=\"{0}\"><a href=\"#agent-{1}\">{0}</a></td>{2}</tr>",
                       html_escape(g.name), i, row_cells(g));
  }
  out += "</tbody><tfoot><tr><td class=\"text\">Team (all agents)</td>" + row_cells(team) + "</tr></tfoot></table></div>";
  if (!r.hidden.empty()) {
    std::string names;
    for (const auto& [name, n] : r.hidden) names += (names.empty() ? "" : ", ") + fmt::format("{} ({})", name, n);
    out += fmt::format("<p class=\"note\">Hidden, fewer than {} transcripts: {}</p>", r.min_transcripts,
                       html_escape(names));
  }
  out += "</section>\n";

  // Anti-patterns for the team.
  out += "<section id=\"anti-patterns\"><h2>Anti-patterns</h2><p class=\"note\">Occurrences per 100 transcripts, whole "
         "team.</p><div class=\"card\" style=\"max-width:720px\">" +
         anti_bars(team, false) + "</div></section>\n";

  // Per-agent cards: the seven steps as a radar against the team, and the agent's anti-patterns.
  out += "<section id=\"steps\"><h2>The seven steps by agent</h2><p class=\"legend\">"
         "<span class=\"swatch\" style=\"background:#0969da\"></span>agent"
         "<span class=\"swatch\" style=\"border:1px dashed #8c959f\"></span>team</p><div class=\"grid\">";
  auto team_shares = step_shares(team);
  for (std::size_t i = 0; i < r.agents.size(); ++i) {
    const GroupStats& g = r.agents[i];
    Summary sc = g.score_summary();
    out += fmt::format("<div class=\"card agent-card\" id=\"agent-{}\"><h3><span>{}</span><small>{} transcripts · mean "
                       "<span class=\"score {}\">{}</span></small></h3>",
                       i, html_escape(g.name), g.transcripts, score_class(sc.mean), num(sc.mean));
    out += radar_svg(step_shares(g), &team_shares, g.name + ": share of transcripts with each step");
    out += "<h3>Anti-patterns per 100 transcripts</h3>" + anti_bars(g, true) + "</div>";
  }
  out += "</div></section>\n";

  // Languages.
  out += "<section id=\"languages\"><h2>By language</h2><div class=\"scroll\"><table class=\"sortable\"><thead><tr>";
  out += sortable_th("Language", true) + sortable_th("N") + sortable_th("Mean") + sortable_th("Median");
  for (auto s : kStepIds) out += sortable_th(s);
  out += sortable_th("No closure") + sortable_th("De-esc.") + sortable_th("Escal.") + sortable_th("1st reply") +
         "</tr></thead><tbody>";
  for (const auto& g : r.languages)
    out += fmt::format("<tr><td class=\"text\" data-v=\"{0}\">{0}</td>{1}</tr>", html_escape(g.name), row_cells(g));
  out += "</tbody></table></div></section>\n";

  // Drill-down: the worst conversations and the evidence that cost them points.
  bool any_lowest = std::any_of(r.agents.begin(), r.agents.end(), [](const GroupStats& g) { return !g.lowest.empty(); });
  if (!any_lowest) return out + page_end(true);
  out += "<section id=\"lowest\"><h2>Lowest-scoring conversations</h2><p class=\"note\">Open an agent, then a "
         "conversation, to see what cost it points and where.</p>";
  for (const auto& g : r.agents) {
    out += fmt::format("<details class=\"agent-worst\"><summary>{} <span class=\"muted\">({} lowest of {})</span></summary>",
                       html_escape(g.name), g.lowest.size(), g.transcripts);
    for (const auto& d : g.lowest) {
      out += fmt::format("<details><summary><span class=\"score {}\">{}</span> {}", score_class(d.score),
                         num(d.score), html_escape(d.id));
      if (!d.started_at.empty()) out += " <span class=\"muted\">" + html_escape(d.started_at) + "</span>";
      out += "</summary>";
      if (d.source != d.id) out += "<p class=\"muted\">" + html_escape(d.source) + "</p>";
      out += lost_items(d) + "</details>";
    }
    out += "</details>";
  }
  out += "</section>\n";
  return out + page_end(true);
}

// --- compare --------------------------------------------------------------------------------

namespace {

std::string compare_table(const GroupComparison& g) {
  std::string out = "<div class=\"scroll\"><table><thead><tr><th class=\"text\">Measure</th><th>Before</th><th>After</th>"
                    "<th>Change</th><th>95% interval</th><th class=\"text\">p</th><th class=\"text\">Method</th>"
                    "</tr></thead><tbody>";
  auto cls = [](const TestResult& t, double change, bool lower_is_better) {
    if (!t.significant()) return std::string();
    return std::string((lower_is_better ? change < 0 : change > 0) ? "good sig" : "bad sig");
  };
  const ScoreChange& s = g.score;
  out += fmt::format("<tr><td class=\"text\">score (mean)</td><td>{}</td><td>{}</td><td class=\"{}\">{:+.1f}</td><td></td>"
                     "<td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
                     s.before.n ? num(s.before.mean) : "-", s.after.n ? num(s.after.mean) : "-",
                     cls(s.test, s.change(), false), s.change(), html_escape(p_value_text(s.test)),
                     html_escape(s.test.method));
  auto rate_row = [&](std::string_view name, const RateChange& r, bool lower_is_better) {
    auto pp = [](double share) {
      long v = std::lround(share * 100);
      return v == 0 ? std::string("0") : fmt::format("{:+}", v);
    };
    std::string interval = r.test.tested ? pp(r.interval.low) + " .. " + pp(r.interval.high) + " pp" : "";
    out += fmt::format("<tr><td class=\"text\">{}</td><td>{}</td><td>{}</td><td class=\"{}\">{} pp</td><td>{}</td>"
                       "<td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
                       name, pct(r.before(), r.before_n), pct(r.after(), r.after_n), cls(r.test, r.change(), lower_is_better),
                       pp(r.change()), interval, html_escape(p_value_text(r.test)), html_escape(r.test.method));
  };
  out += "<tr><td class=\"text muted\" colspan=\"7\">steps done (share of transcripts)</td></tr>";
  for (int st = 0; st < kStepCount; ++st) rate_row(kStepIds[st], g.steps[st], false);
  out += "<tr><td class=\"text muted\" colspan=\"7\">anti-patterns (share of transcripts with at least one)</td></tr>";
  bool any = false;
  for (int a = 0; a < kAntiPatternCount; ++a) {
    const RateChange& r = g.anti_patterns[a];
    if (r.before_k == 0 && r.after_k == 0) continue;
    any = true;
    rate_row(kAntiPatternIds[a], r, true);
  }
  if (!any) out += "<tr><td class=\"text muted\" colspan=\"7\">none in either batch</td></tr>";
  out += "</tbody></table></div>";
  return out;
}

std::string compare_block(const GroupComparison& g, const std::string& title) {
  std::string out = "<div class=\"grid\" style=\"grid-template-columns:minmax(480px,540px) 1fr;align-items:start\">"
                    "<div class=\"card\">";
  out += "<p class=\"legend\"><span class=\"swatch\" style=\"background:#8c959f\"></span>before"
         "<span class=\"swatch\" style=\"background:#0969da\"></span>after · * p &lt; 0.05</p>";
  out += "<h3>Steps done</h3>" + before_after_svg(g, title + ": steps before and after");
  out += "<h3>Anti-patterns (share of transcripts)</h3>" + anti_before_after_svg(g, title + ": anti-patterns before and after");
  out += "</div><div>" + compare_table(g) + "</div></div>";
  return out;
}

}  // namespace

std::string render_comparison_html(const Comparison& c) {
  auto batch = [](const std::string& label, const AgentReport& r) {
    std::string line = fmt::format("{} ({} transcripts", label, r.team.transcripts);
    if (!r.first_date.empty())
      line += ", " + (r.first_date == r.last_date ? r.first_date : r.first_date + " .. " + r.last_date);
    return line + ")";
  };
  std::string out = page_start("defuse compare", "en", "defuse compare: did the training work?",
                               {"Before: " + batch(c.before_label, c.before), "After: " + batch(c.after_label, c.after)});
  out += "<p class=\"note\">Rates: two-proportion z-test, or Fisher's exact test when an expected count is below 5, "
         "with Newcombe's 95% interval of the change in percentage points (pp). Scores: Mann-Whitney U. "
         "\"not enough data\": fewer than 5 transcripts in a batch. Green or red marks a change with p &lt; 0.05; "
         "with 19 measures per agent, about one unchanged measure in 20 will look significant by chance.</p>";
  out += fmt::format("<section id=\"team\"><h2>Team (all agents) <span class=\"muted\">{} → {} transcripts</span></h2>",
                     c.team.before_n, c.team.after_n);
  out += compare_block(c.team, "Team") + "</section>\n";

  // Summary table of agents: sortable by change.
  out += "<section id=\"agents\"><h2>Agents</h2><div class=\"scroll\"><table class=\"sortable\" id=\"agent-table\"><thead><tr>";
  out += sortable_th("Agent", true) + sortable_th("Before n") + sortable_th("After n") + sortable_th("Mean before") +
         sortable_th("Mean after") + sortable_th("Change") + sortable_th("p", true) + "</tr></thead><tbody>";
  for (std::size_t i = 0; i < c.agents.size(); ++i) {
    const GroupComparison& g = c.agents[i];
    bool both = g.in_before() && g.in_after();
    out += fmt::format("<tr><td class=\"text\" data-v=\"{0}\">{1}</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td>"
                       "<td data-v=\"{6}\">{7}</td><td class=\"text\">{8}</td></tr>",
                       html_escape(g.name),
                       both ? fmt::format("<a href=\"#agent-{}\">{}</a>", i, html_escape(g.name)) : html_escape(g.name),
                       g.before_n, g.after_n, g.before_n ? num(g.score.before.mean) : "-",
                       g.after_n ? num(g.score.after.mean) : "-", both ? g.score.change() : 0,
                       both ? fmt::format("{:+.1f}", g.score.change()) : "-",
                       both ? html_escape(p_value_text(g.score.test))
                            : (g.in_before() ? "before only" : "after only"));
  }
  out += "</tbody></table></div></section>\n";

  for (std::size_t i = 0; i < c.agents.size(); ++i) {
    const GroupComparison& g = c.agents[i];
    if (!(g.in_before() && g.in_after())) continue;
    out += fmt::format("<details id=\"agent-{}\"><summary>{} <span class=\"muted\">{} → {} transcripts, mean score "
                       "{:+.1f}</span></summary>",
                       i, html_escape(g.name), g.before_n, g.after_n, g.score.change());
    out += compare_block(g, g.name) + "</details>\n";
  }
  std::string single;
  for (const auto& g : c.agents)
    if (!(g.in_before() && g.in_after()))
      single += fmt::format("<li>{}: {} ({} transcripts)</li>", html_escape(g.name),
                            g.in_before() ? "before only" : "after only", g.in_before() ? g.before_n : g.after_n);
  if (!single.empty())
    out += "<section id=\"one-batch\"><h2>In one batch only</h2><ul>" + single + "</ul></section>\n";
  return out + page_end(true);
}

// --- explain --------------------------------------------------------------------------------

std::string render_coaching_html(const CoachingView& v) {
  const UiLang L = v.lang;
  std::vector<std::string> sub;
  std::string facts;
  if (!v.agent.empty()) facts += ui_text("agent", L) + ": " + v.agent;
  if (!v.channel.empty()) facts += (facts.empty() ? "" : " · ") + ui_text("Channel", L) + ": " + v.channel;
  if (!v.transcript_lang.empty()) facts += (facts.empty() ? "" : " · ") + ui_text("Language", L) + ": " + v.transcript_lang;
  if (!v.started_at.empty()) facts += (facts.empty() ? "" : " · ") + ui_text("Date", L) + ": " + v.started_at;
  if (!facts.empty()) sub.push_back(facts);
  const char* code = L == UiLang::es ? "es" : L == UiLang::ru ? "ru" : "en";
  std::string out = page_start(ui_text("Coaching", L) + ": " + v.id, code, ui_text("Coaching", L) + ": " + v.id, sub,
                               "narrow");
  out += "<div class=\"cards\">";
  out += fmt::format("<div class=\"card stat\"><b class=\"{}\">{:g}/100</b><span>{}</span></div>", score_class(v.score),
                     v.score, html_escape(ui_text("Score", L)));
  out += fmt::format("<div class=\"card stat\"><b style=\"font-size:17px\">{}</b><span>{}</span></div>",
                     html_escape(outcome_title(v.outcome, L)), html_escape(ui_text("Outcome", L)));
  out += "</div>\n";

  out += "<section id=\"conversation\"><h2>" + html_escape(ui_text("Conversation", L)) + "</h2>";
  for (const auto& t : v.turns) {
    out += fmt::format("<div class=\"turn\" id=\"turn-{}\"><div class=\"num\">{}</div><div class=\"bubble {}\"><div "
                       "class=\"who\">{}{}{}</div><div>{}</div>",
                       t.number, t.number, t.role == "agent" ? "agent" : "customer", html_escape(ui_text(t.role, L)),
                       t.speaker.empty() ? "" : " · " + html_escape(t.speaker),
                       t.time.empty() ? "" : " · " + html_escape(t.time), html_escape(t.text));
    if (!t.marks.empty()) {
      out += "<div class=\"chips\">";
      for (const auto& m : t.marks) {
        const char* cls = m.kind == TurnMark::Kind::step ? "step" : m.kind == TurnMark::Kind::anti_pattern ? "anti" : "signal";
        const char* sign = m.kind == TurnMark::Kind::step ? "+ " : m.kind == TurnMark::Kind::anti_pattern ? "! " : "";
        out += fmt::format("<span class=\"chip {}\" title=\"{}\">{}{}</span>", cls, html_escape(m.quote), sign,
                           html_escape(m.title));
      }
      out += "</div>";
    }
    out += "</div></div>\n";
  }
  out += "</section>\n";

  auto turn_link = [&](int turn) {
    return turn > 0 ? fmt::format("<a href=\"#turn-{0}\">{1} {0}</a>: ", turn, html_escape(ui_text("turn", L))) : "";
  };
  if (!v.done.empty()) {
    out += "<section id=\"done\"><h2>" + html_escape(ui_text("What went well", L)) + "</h2><ul class=\"advice\">";
    for (const auto& d : v.done) {
      out += "<li><b class=\"good\">+ " + html_escape(d.title) + "</b>";
      if (d.turn > 0) out += " (" + turn_link(d.turn) + "<q>" + html_escape(d.quote) + "</q>)";
      out += "</li>";
    }
    out += "</ul></section>\n";
  }
  out += "<section id=\"missing\"><h2>" + html_escape(ui_text("What was missing", L)) + "</h2><ul class=\"advice\">";
  if (v.missing.empty()) out += "<li>" + html_escape(ui_text("Nothing was missing", L)) + "</li>";
  for (const auto& m : v.missing) out += "<li>" + html_escape(m.advice) + "</li>";
  out += "</ul></section>\n";
  if (!v.order.empty()) {
    out += "<section id=\"order\"><h2>" + html_escape(ui_text("Order of the steps", L)) + "</h2><ul class=\"advice\">";
    for (const auto& o : v.order) out += "<li>" + turn_link(o.turn) + html_escape(o.advice) + "</li>";
    out += "</ul></section>\n";
  }
  if (!v.avoid.empty()) {
    out += "<section id=\"avoid\"><h2>" + html_escape(ui_text("What to avoid", L)) + "</h2><ul class=\"advice\">";
    for (const auto& a : v.avoid) {
      out += "<li>" + turn_link(a.turn) + "<b class=\"bad\">" + html_escape(a.title) + "</b>";
      if (!a.quote.empty() && a.turn > 0) out += " (<q>" + html_escape(a.quote) + "</q>)";
      out += ". " + html_escape(a.advice) + "</li>";
    }
    out += "</ul></section>\n";
  }
  out += "<section id=\"breakdown\"><h2>" + html_escape(ui_text("Score breakdown", L)) + "</h2><table><tbody>";
  for (const auto& b : v.breakdown) {
    const char* cls = b.kind == BreakdownLine::Kind::earned ? "good" : b.kind == BreakdownLine::Kind::lost ? "bad" : "muted";
    std::string kind = b.kind == BreakdownLine::Kind::earned ? ui_text("earned", L)
                       : b.kind == BreakdownLine::Kind::lost ? ui_text("lost", L)
                                                             : ui_text("not earned", L);
    std::string points = b.kind == BreakdownLine::Kind::missed ? fmt::format("({:g})", b.points) : fmt::format("{:+g}", b.points);
    out += fmt::format("<tr class=\"{}\"><td class=\"text\">{}</td><td>{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
                       cls, html_escape(kind), points, html_escape(b.title), html_escape(b.note));
  }
  out += fmt::format("</tbody><tfoot><tr><td class=\"text\">{}</td><td>{:g}</td><td></td><td></td></tr></tfoot></table>",
                     html_escape(ui_text("Total", L)), v.score);
  if (auto note = clamp_note(v); !note.empty()) out += "<p class=\"note\">" + html_escape(note) + "</p>";
  out += "</section>\n";
  return out + page_end(false);
}

}  // namespace defuse
