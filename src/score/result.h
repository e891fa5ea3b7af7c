// What scoring one transcript produces: the NDJSON record's in-memory form.
// Every report, comparison and coaching view is built from these values alone, so a
// ScoreResult read back from `defuse score` NDJSON is as good as a fresh one.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"

namespace defuse {

/// Where a rule fired: the turn (1-based), who spoke, the sentence quoted from the
/// original text, and the rule's name.
struct Evidence {
  int turn = 0;
  std::string speaker;  // "agent" | "customer"
  std::string text;     // the original sentence (redacted unless --no-redact)
  std::string rule;     // "<lang>/<rule name>", or a structural rule ("structure/...")
};

struct StepResult {
  bool hit = false;
  std::vector<Evidence> evidence;  // first hits, at most a few
};

struct AntiPatternHit {
  std::string id;  // one of kAntiPatternIds
  int turn = 0;    // 0 for no_closure
  std::string text;
  std::string rule;
};

struct SignalHit {
  std::string id;  // one of kSignalIds
  int turn = 0;
  std::string text;
  std::string rule;
};

/// A rule match that was found but not counted, and why (negation, speaker, position,
/// quoted, unless, question). Kept for `explain` and `eval --show errors`.
struct Cancelled {
  std::string id;
  int turn = 0;
  std::string text;
  std::string rule;
  std::string reason;
};

/// A step out of the cycle's natural order (CYCLE.md "Order").
struct OrderViolation {
  std::string id;      // e.g. "solve_before_clarify", "close_in_middle", "greet_not_first"
  int turn = 0;
  std::string message; // English, one line
};

/// Timing figures; each is absent when the transcript has no timestamps to compute it.
struct Timing {
  std::optional<double> first_response_s;   // first customer turn -> first agent turn
  std::optional<double> longest_wait_s;     // longest customer wait for an agent reply
  std::optional<double> agent_share;        // agent's share of talk (time for calls, chars otherwise)
  std::optional<int> interruptions;         // overlapping turns (calls with offsets)
  std::optional<double> slow_threshold_s;   // threshold applied for slow_response
};

/// One line of the score breakdown: points earned or lost and why.
struct ScoreItem {
  std::string what;   // step, anti-pattern or order-violation ID
  double points = 0;  // positive: earned; negative: lost
  std::string why;
};

struct ScoreResult {
  std::string id;
  std::string source;
  std::string agent;
  std::string customer_name;
  std::string lang;
  bool lang_detected = false;
  std::string channel;
  std::string started_at;
  int turns = 0;
  int agent_turns = 0;
  int customer_turns = 0;
  double score = 0;                              // 0..100
  std::array<StepResult, kStepCount> steps;
  std::vector<AntiPatternHit> anti_patterns;     // in turn order
  std::vector<SignalHit> customer;               // in turn order
  std::string outcome;                           // de-escalated | escalated | unresolved
  std::vector<OrderViolation> order;
  Timing timing;
  std::vector<ScoreItem> breakdown;
  std::vector<Cancelled> cancelled;
  std::vector<std::pair<std::string, std::string>> metadata;

  bool has_anti_pattern(std::string_view id) const;
  bool has_signal(std::string_view id) const;
};

}  // namespace defuse
