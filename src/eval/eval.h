// Compares defuse's results with gold labels: per-label precision, recall and F1 with the
// counts, macro-F1 per language and label group, and every disagreement with its evidence.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "eval/gold.h"
#include "score/result.h"

namespace defuse {

struct LabelCounts {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn); }
  double f1() const {
    return 2.0 * tp + fp + fn == 0 ? 1.0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }
  bool empty() const { return tp + fp + fn == 0; }
};

/// One disagreement: a false positive (defuse marked it, the rater did not) or a false
/// negative (the rater marked it, defuse did not).
struct EvalError {
  std::string transcript, source, lang, label;
  bool false_positive = false;
  int turn = 0;           // where defuse fired (FP) or where the rater saw it (FN; 0 if unknown)
  std::string text, rule; // defuse's evidence (FP), or a cancelled hit for that label (FN)
  std::string detail;
};

enum class LabelGroup { steps, lexical_anti_patterns, structural_anti_patterns, signals };
std::string_view group_name(LabelGroup group);
/// The labels of a group, in CYCLE.md order.
std::vector<std::string> group_labels(LabelGroup group);

struct EvalReport {
  std::map<std::string, std::map<std::string, LabelCounts>> by_lang;  // lang -> label -> counts
  std::map<std::string, LabelCounts> overall;
  std::map<std::string, int> transcripts_by_lang;
  std::vector<EvalError> errors;
  std::vector<std::string> unlabelled;  // scored but not in the gold set
  std::vector<std::string> missing;     // in the gold set but not scored

  /// Adds one scored transcript and its gold labels.
  void add(const ScoreResult& result, const GoldLabels& gold);
  /// Mean F1 over the group's labels that occur (in gold or in predictions); lang "" = all.
  double macro_f1(const std::string& lang, LabelGroup group) const;
};

std::string render_eval_table(const EvalReport& report, bool show_errors);
std::string render_eval_markdown(const EvalReport& report, bool show_errors);
std::string render_eval_json(const EvalReport& report, bool show_errors);

}  // namespace defuse
