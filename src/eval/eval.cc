#include "eval/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/json_writer.h"

namespace defuse {
namespace {

constexpr LabelGroup kGroups[] = {LabelGroup::steps, LabelGroup::lexical_anti_patterns,
                                  LabelGroup::structural_anti_patterns, LabelGroup::signals};

std::set<std::string> predicted_labels(const ScoreResult& r) {
  std::set<std::string> out;
  for (int s = 0; s < kStepCount; ++s)
    if (r.steps[s].hit) out.insert(std::string(kStepIds[s]));
  for (const auto& a : r.anti_patterns) out.insert(a.id);
  for (const auto& c : r.customer) out.insert(c.id);
  return out;
}

// defuse's evidence for a label it predicted.
void evidence_for(const ScoreResult& r, const std::string& label, EvalError& e) {
  for (int s = 0; s < kStepCount; ++s)
    if (kStepIds[s] == label && !r.steps[s].evidence.empty()) {
      e.turn = r.steps[s].evidence[0].turn;
      e.text = r.steps[s].evidence[0].text;
      e.rule = r.steps[s].evidence[0].rule;
      return;
    }
  for (const auto& a : r.anti_patterns)
    if (a.id == label) {
      e.turn = a.turn, e.text = a.text, e.rule = a.rule;
      return;
    }
  for (const auto& c : r.customer)
    if (c.id == label) {
      e.turn = c.turn, e.text = c.text, e.rule = c.rule;
      return;
    }
}

std::string pct(double v) { return fmt::format("{:.2f}", v); }

}  // namespace

std::string_view group_name(LabelGroup group) {
  switch (group) {
    case LabelGroup::steps: return "steps";
    case LabelGroup::lexical_anti_patterns: return "lexical anti-patterns";
    case LabelGroup::structural_anti_patterns: return "structural anti-patterns";
    case LabelGroup::signals: return "customer signals";
  }
  return "";
}

std::vector<std::string> group_labels(LabelGroup group) {
  std::vector<std::string> out;
  switch (group) {
    case LabelGroup::steps:
      for (auto s : kStepIds) out.emplace_back(s);
      break;
    case LabelGroup::lexical_anti_patterns:
      for (int a = 0; a < kLexicalAntiPatternCount; ++a) out.emplace_back(kAntiPatternIds[a]);
      break;
    case LabelGroup::structural_anti_patterns:
      for (int a = kLexicalAntiPatternCount; a < kAntiPatternCount; ++a) out.emplace_back(kAntiPatternIds[a]);
      break;
    case LabelGroup::signals:
      for (auto s : kSignalIds) out.emplace_back(s);
      break;
  }
  return out;
}

void EvalReport::add(const ScoreResult& r, const GoldLabels& gold) {
  std::set<std::string> predicted = predicted_labels(r);
  ++transcripts_by_lang[r.lang];
  for (auto group : kGroups) {
    for (const auto& label : group_labels(group)) {
      bool p = predicted.count(label) > 0, g = gold.labels.count(label) > 0;
      if (!p && !g) continue;
      LabelCounts& lang_counts = by_lang[r.lang][label];
      LabelCounts& all = overall[label];
      if (p && g) {
        ++lang_counts.tp, ++all.tp;
        continue;
      }
      EvalError e;
      e.transcript = r.id;
      e.source = r.source;
      e.lang = r.lang;
      e.label = label;
      e.false_positive = p;
      if (p) {
        ++lang_counts.fp, ++all.fp;
        evidence_for(r, label, e);
        e.detail = "defuse marked it; the rater did not";
      } else {
        ++lang_counts.fn, ++all.fn;
        auto t = gold.turns.find(label);
        e.turn = t == gold.turns.end() ? 0 : t->second;
        e.detail = "the rater marked it; defuse did not";
        for (const auto& c : r.cancelled)
          if (c.id == label) {
            e.text = c.text;
            e.rule = c.rule;
            e.detail += fmt::format(" (rule {} matched at turn {} but was cancelled: {})", c.rule, c.turn, c.reason);
            break;
          }
      }
      errors.push_back(std::move(e));
    }
  }
}

double EvalReport::macro_f1(const std::string& lang, LabelGroup group) const {
  const std::map<std::string, LabelCounts>* counts = &overall;
  if (!lang.empty()) {
    auto it = by_lang.find(lang);
    if (it == by_lang.end()) return 0;
    counts = &it->second;
  }
  double sum = 0;
  int n = 0;
  for (const auto& label : group_labels(group)) {
    auto it = counts->find(label);
    if (it == counts->end() || it->second.empty()) continue;
    sum += it->second.f1();
    ++n;
  }
  return n == 0 ? 1.0 : sum / n;
}

std::string render_eval_table(const EvalReport& report, bool show_errors) {
  std::string out;
  std::vector<std::string> langs;
  for (const auto& [lang, _] : report.by_lang) langs.push_back(lang);
  langs.push_back("");
  for (const auto& lang : langs) {
    const auto& counts = lang.empty() ? report.overall : report.by_lang.at(lang);
    int n = 0;
    if (lang.empty()) for (const auto& [_, c] : report.transcripts_by_lang) n += c;
    else n = report.transcripts_by_lang.at(lang);
    out += fmt::format("== {} ({} transcripts)\n", lang.empty() ? "all languages" : lang, n);
    out += fmt::format("{:<24} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}\n", "LABEL", "TP", "FP", "FN", "P", "R", "F1");
    for (auto group : kGroups) {
      for (const auto& label : group_labels(group)) {
        auto it = counts.find(label);
        if (it == counts.end() || it->second.empty()) continue;
        const LabelCounts& c = it->second;
        out += fmt::format("{:<24} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}\n", label, c.tp, c.fp, c.fn, pct(c.precision()),
                           pct(c.recall()), pct(c.f1()));
      }
    }
    for (auto group : kGroups)
      out += fmt::format("macro-F1 {:<26} {:.3f}\n", group_name(group), report.macro_f1(lang, group));
    out += "\n";
  }
  if (!report.unlabelled.empty()) out += fmt::format("{} scored transcripts have no gold labels\n", report.unlabelled.size());
  if (!report.missing.empty()) out += fmt::format("{} labelled transcripts were not scored\n", report.missing.size());
  if (show_errors) {
    out += fmt::format("\n== errors ({})\n", report.errors.size());
    for (const auto& e : report.errors) {
      out += fmt::format("{} {} {:<20} {}{}\n", e.false_positive ? "FP" : "FN", e.transcript, e.label,
                         e.turn > 0 ? fmt::format("turn {}: ", e.turn) : "", e.detail);
      if (!e.text.empty()) out += fmt::format("     \"{}\"  [{}]\n", e.text, e.rule);
    }
  }
  return out;
}

std::string render_eval_markdown(const EvalReport& report, bool show_errors) {
  std::string out = "| language | group | macro-F1 |\n|---|---|---|\n";
  std::vector<std::string> langs;
  for (const auto& [lang, _] : report.by_lang) langs.push_back(lang);
  langs.push_back("");
  for (const auto& lang : langs)
    for (auto group : kGroups)
      out += fmt::format("| {} | {} | {:.3f} |\n", lang.empty() ? "all" : lang, group_name(group), report.macro_f1(lang, group));
  out += "\n| label | TP | FP | FN | P | R | F1 |\n|---|---|---|---|---|---|---|\n";
  for (auto group : kGroups)
    for (const auto& label : group_labels(group)) {
      auto it = report.overall.find(label);
      if (it == report.overall.end() || it->second.empty()) continue;
      const LabelCounts& c = it->second;
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", label, c.tp, c.fp, c.fn, pct(c.precision()),
                         pct(c.recall()), pct(c.f1()));
    }
  if (show_errors) {
    out += "\n| kind | transcript | label | turn | evidence | detail |\n|---|---|---|---|---|---|\n";
    for (const auto& e : report.errors)
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", e.false_positive ? "FP" : "FN", e.transcript, e.label,
                         e.turn, e.text, e.detail);
  }
  return out;
}

std::string render_eval_json(const EvalReport& report, bool show_errors) {
  std::string out;
  JsonWriter w(out);
  auto counts_object = [&](const std::map<std::string, LabelCounts>& counts) {
    w.begin_object();
    for (auto group : kGroups)
      for (const auto& label : group_labels(group)) {
        auto it = counts.find(label);
        if (it == counts.end() || it->second.empty()) continue;
        const LabelCounts& c = it->second;
        w.key(label).begin_object().field("tp", c.tp).field("fp", c.fp).field("fn", c.fn)
            .field("precision", c.precision()).field("recall", c.recall()).field("f1", c.f1()).end_object();
      }
    w.end_object();
  };
  auto macro = [&](const std::string& lang) {
    w.begin_object();
    for (auto group : kGroups) w.field(group_name(group), report.macro_f1(lang, group));
    w.end_object();
  };
  w.begin_object();
  w.key("overall").begin_object().key("labels");
  counts_object(report.overall);
  w.key("macro_f1");
  macro("");
  w.end_object();
  w.key("languages").begin_object();
  for (const auto& [lang, counts] : report.by_lang) {
    w.key(lang).begin_object().field("transcripts", report.transcripts_by_lang.at(lang)).key("labels");
    counts_object(counts);
    w.key("macro_f1");
    macro(lang);
    w.end_object();
  }
  w.end_object();
  if (show_errors) {
    w.key("errors").begin_array();
    for (const auto& e : report.errors)
      w.begin_object().field("kind", e.false_positive ? "fp" : "fn").field("transcript", e.transcript)
          .field("source", e.source).field("label", e.label).field("turn", e.turn).field("text", e.text)
          .field("rule", e.rule).field("detail", e.detail).end_object();
    w.end_array();
  }
  w.key("unlabelled").begin_array();
  for (const auto& u : report.unlabelled) w.value(u);
  w.end_array();
  w.key("missing").begin_array();
  for (const auto& m : report.missing) w.value(m);
  w.end_array();
  w.end_object();
  out += "\n";
  return out;
}

}  // namespace defuse
