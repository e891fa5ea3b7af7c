#include "score/result.h"

#include <algorithm>

namespace defuse {

bool ScoreResult::has_anti_pattern(std::string_view id) const {
  return std::any_of(anti_patterns.begin(), anti_patterns.end(),
                     [&](const AntiPatternHit& hit) { return hit.id == id; });
}

bool ScoreResult::has_signal(std::string_view id) const {
  return std::any_of(customer.begin(), customer.end(),
                     [&](const SignalHit& hit) { return hit.id == id; });
}

}  // namespace defuse
