// `defuse report`: the per-agent summary of a batch of ScoreResults (issues 2 and 6).
//
// Aggregation is order-independent by construction: every figure is a count, or is computed
// from values sorted first, and the kept "lowest-scoring transcripts" are chosen by a total
// order. So scoring a night in shards and reporting over the shard files gives byte-for-byte
// the report of one run over all inputs, whatever order the shards arrive in.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "score/result.h"

namespace defuse {

/// Which transcripts a report looks at. Empty lists accept everything.
struct ReportFilter {
  std::vector<std::string> agents;    // --agent (exact names)
  std::vector<std::string> langs;     // --lang
  std::vector<std::string> channels;  // --channel
  std::optional<std::int64_t> since_ms;  // --since: started_at >= this (ms since 1970, UTC)
  std::optional<std::int64_t> until_ms;  // --until: started_at < this
  std::string since_text, until_text;    // as the user typed them, for the report header

  bool dated() const { return since_ms || until_ms; }
  /// Why `r` is left out, or "" when it is kept: "agent", "lang", "channel", "undated", "date".
  std::string reject_reason(const ScoreResult& r) const;
};

/// Parses a --since/--until value: "YYYY-MM-DD" or a date-time ("2026-11-03 14:05",
/// ISO 8601). A bare date given to --until means the end of that day, so `end_of_day` moves it
/// to the next midnight. Returns nullopt for anything else.
std::optional<std::int64_t> parse_report_date(std::string_view text, bool end_of_day);

/// A record's date (ScoreResult::started_at) in ms since 1970; nullopt when it has none or it
/// is only a clock time.
std::optional<std::int64_t> record_date_ms(std::string_view started_at);

/// One line of what cost a transcript points, with the evidence where it happened.
struct LostPoints {
  std::string what;     // anti-pattern, order-violation or step ID
  double points = 0;    // negative for a penalty; 0 for a missing step (points not earned)
  std::string why;      // from the record's breakdown
  int turn = 0;         // 0 when the whole conversation is the evidence
  std::string text;     // the quoted sentence, or a structural explanation
};

/// What the report keeps of one of an agent's lowest-scoring transcripts.
struct TranscriptDigest {
  std::string id, source, started_at, lang, channel, outcome;
  double score = 0;
  std::vector<std::string> missing_steps;  // in cycle order
  std::vector<LostPoints> lost;            // penalties first, in record order

  static TranscriptDigest of(const ScoreResult& r);
};

/// Descriptive figures over a sorted sample.
struct Summary {
  std::size_t n = 0;
  double mean = 0, median = 0, min = 0, max = 0, p90 = 0;
};
/// REQUIRES: `sorted` ascending. Sums in that order, so equal samples give equal bits.
Summary summarize(const std::vector<double>& sorted);

/// The figures for one group of transcripts: an agent, the team, or a language.
struct GroupStats {
  std::string name;
  std::size_t transcripts = 0;
  std::vector<double> scores;  // sorted after finish()
  std::array<std::size_t, kStepCount> steps_done{};
  std::array<std::size_t, kAntiPatternCount> anti_transcripts{};   // transcripts with >= 1
  std::array<std::size_t, kAntiPatternCount> anti_occurrences{};   // all occurrences
  std::size_t de_escalated = 0, escalated = 0, unresolved = 0;
  std::size_t timed = 0;                      // transcripts with a first-response time
  std::vector<double> first_response_s;       // sorted after finish()
  std::vector<double> longest_wait_s;         // sorted after finish()
  std::vector<TranscriptDigest> lowest;       // lowest score first, at most `keep_lowest`

  void add(const ScoreResult& r, std::size_t keep_lowest);
  void finish();

  Summary score_summary() const { return summarize(scores); }
  double step_share(int step) const { return share(steps_done[step]); }
  /// Occurrences per 100 transcripts (may exceed 100 when an agent repeats one).
  double anti_per_100(int anti) const { return transcripts ? 100.0 * anti_occurrences[anti] / transcripts : 0; }
  double anti_share(int anti) const { return share(anti_transcripts[anti]); }
  double no_closure_share() const { return anti_share(static_cast<int>(AntiPattern::no_closure)); }
  double share(std::size_t k) const { return transcripts ? static_cast<double>(k) / transcripts : 0; }
};

/// True when `a` sorts before `b` among the lowest-scoring: lower score, then id, source, date.
bool lower_scoring(const TranscriptDigest& a, const TranscriptDigest& b);

struct AgentReport {
  ReportFilter filter;
  std::size_t min_transcripts = 0;
  std::size_t considered = 0;         // records seen before filtering
  std::size_t filtered_out = 0;       // left out by the filters
  std::size_t undated = 0;            // of those, left out for lacking a date (--since/--until)
  std::string first_date, last_date;  // started_at range of the reported transcripts
  GroupStats team;                    // every reported transcript
  std::vector<GroupStats> agents;     // sorted by name; without the hidden ones
  std::vector<GroupStats> languages;  // sorted by language code
  std::vector<std::pair<std::string, std::size_t>> hidden;  // --min-transcripts: name, count
};

/// Builds an AgentReport from results added in any order.
class ReportBuilder {
 public:
  explicit ReportBuilder(ReportFilter filter = {}, std::size_t keep_lowest = 3);
  void add(const ScoreResult& r);
  /// Agents with fewer than `min_transcripts` are listed in `hidden`, not in `agents`;
  /// they still count in the team and language lines.
  AgentReport finish(std::size_t min_transcripts = 0);

 private:
  AgentReport report_;
  std::size_t keep_lowest_;
  std::map<std::string, GroupStats> agents_, languages_;  // byte order of names: deterministic
  std::optional<std::int64_t> first_ms_, last_ms_;
  GroupStats& group(std::map<std::string, GroupStats>& groups, const std::string& name);
};

enum class ReportFormat { table, md, csv, json, html };

/// Renders the report. `color` applies to the table only (ANSI; callers decide from isatty
/// and NO_COLOR).
std::string render_report(const AgentReport& report, ReportFormat format, bool color);
std::string render_report_table(const AgentReport& report, bool color);
std::string render_report_markdown(const AgentReport& report);
std::string render_report_csv(const AgentReport& report);
std::string render_report_json(const AgentReport& report);

/// Short column labels for the anti-patterns, in kAntiPatternIds order (tables and charts).
extern const std::array<std::string_view, kAntiPatternCount> kAntiPatternShort;

/// "42%" / "-" for an empty group; used by every text format.
std::string percent(double share, std::size_t n);
/// Seconds as "45 s", "12 min", "3.2 h".
std::string human_seconds(double seconds);
/// One CSV field, quoted when needed (RFC 4180).
std::string csv_escape(std::string_view s);
/// Escapes text for a Markdown table cell (pipes, newlines, leading markup).
std::string markdown_escape(std::string_view s);
/// Rounds to `digits` decimals, so JSON shows 0.8571 rather than 0.8571428571428571.
double round_to(double value, int digits);

}  // namespace defuse
