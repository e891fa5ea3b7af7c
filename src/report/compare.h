// `defuse compare BEFORE AFTER`: did the training work? Two batches, aggregated with the same
// filters as `defuse report`, compared per agent and for the team: each step's rate, each
// anti-pattern's rate and the score, with a significance test that says "not enough data"
// when the samples are too small to tell (statistics in stats.h).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "report/agent_report.h"
#include "report/stats.h"

namespace defuse {

/// A rate before and after: "k of n transcripts".
struct RateChange {
  std::size_t before_k = 0, before_n = 0, after_k = 0, after_n = 0;
  double before() const { return before_n ? static_cast<double>(before_k) / before_n : 0; }
  double after() const { return after_n ? static_cast<double>(after_k) / after_n : 0; }
  double change() const { return after() - before(); }
  TestResult test;
  Interval interval;  // Newcombe 95% interval of after - before; meaningful when test.tested
};

struct ScoreChange {
  Summary before, after;
  double change() const { return after.mean - before.mean; }
  TestResult test;
};

/// One agent (or the team) across the two batches.
struct GroupComparison {
  std::string name;
  std::size_t before_n = 0, after_n = 0;
  bool in_before() const { return before_n > 0; }
  bool in_after() const { return after_n > 0; }
  ScoreChange score;
  std::array<RateChange, kStepCount> steps;
  /// Share of transcripts with at least one occurrence: occurrences within one conversation
  /// are not independent, so the test is on transcripts, not on counts.
  std::array<RateChange, kAntiPatternCount> anti_patterns;
};

struct Comparison {
  std::string before_label, after_label;  // what the user named (paths joined)
  AgentReport before, after;              // kept for totals and filters
  GroupComparison team;
  std::vector<GroupComparison> agents;    // sorted by name; agents in one batch only included
};

/// Compares two groups; either may be empty (an agent present in one batch only).
GroupComparison compare_groups(const std::string& name, const GroupStats* before, const GroupStats* after);

/// Compares two reports built with the same filter.
Comparison compare_reports(AgentReport before, AgentReport after, std::string before_label,
                           std::string after_label);

enum class CompareFormat { table, md, csv, json, html };

std::string render_comparison(const Comparison& c, CompareFormat format, bool color);
std::string render_comparison_table(const Comparison& c, bool color);
std::string render_comparison_markdown(const Comparison& c);
std::string render_comparison_csv(const Comparison& c);
std::string render_comparison_json(const Comparison& c);

/// "p 0.003", "p < 0.001" or "not enough data": how every format states a test's result.
std::string p_value_text(const TestResult& t);

}  // namespace defuse
