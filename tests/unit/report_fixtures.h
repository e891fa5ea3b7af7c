// ScoreResult values built directly, for the report, compare and coaching tests: they do not
// depend on any lexicon.
#pragma once

#include <string>
#include <vector>

#include "score/result.h"

namespace defuse::testing {

/// `steps`: one character per step in cycle order, '1' done, '0' missing ("1011001").
/// `anti`: anti-pattern IDs, one per occurrence (turns numbered from 2).
inline ScoreResult make_result(std::string id, std::string agent, double score, std::string_view steps,
                               std::vector<std::string> anti = {}, std::string outcome = "unresolved",
                               std::string lang = "en", std::string started_at = "2026-11-03 10:00:00") {
  ScoreResult r;
  r.id = id;
  r.source = "calls/" + id + ".txt";
  r.agent = std::move(agent);
  r.lang = std::move(lang);
  r.channel = "chat";
  r.started_at = std::move(started_at);
  r.score = score;
  r.outcome = std::move(outcome);
  for (int s = 0; s < kStepCount; ++s) {
    r.steps[s].hit = s < static_cast<int>(steps.size()) && steps[s] == '1';
    if (r.steps[s].hit) r.steps[s].evidence.push_back({s + 1, "agent", "step text " + std::to_string(s), "en/test"});
    else r.breakdown.push_back({std::string(kStepIds[s]), 0, "step missing: 10 points not earned"});
  }
  int turn = 2;
  for (auto& a : anti) {
    r.anti_patterns.push_back({a, turn, "said at turn " + std::to_string(turn), "en/" + a});
    r.breakdown.push_back({a, -10, "anti-pattern"});
    ++turn;
  }
  if (!r.steps[static_cast<int>(Step::close)].hit)
    r.anti_patterns.push_back({"no_closure", 0, "the conversation ends with no closing step", "structure/no_closure"});
  return r;
}

}  // namespace defuse::testing
