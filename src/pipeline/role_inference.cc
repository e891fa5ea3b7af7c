#include "pipeline/role_inference.h"

#include <fmt/format.h>

#include "core/ids.h"

namespace defuse {

namespace {

double step_weight(Step step) {
  switch (step) {
    case Step::greet: return 0;
    case Step::apologize: return 0.5;
    default: return 1;
  }
}

}  // namespace

double agent_likeness(const ScoreResult& r) {
  double likeness = 0;
  for (int s = 0; s < kStepCount; ++s)
    if (r.steps[s].hit) likeness += step_weight(static_cast<Step>(s));
  for (std::string_view signal : {"threat", "hostility"})
    if (r.has_signal(signal)) likeness += 1;
  for (std::string_view id : {"contract_blame", "management_deflection", "website_deflection", "third_party_blame", "two_news"})
    if (r.has_anti_pattern(id)) likeness += 1;
  return likeness;
}

std::array<std::string, 2> two_speakers(const Transcript& t) {
  std::array<std::string, 2> speakers;
  bool first = true;
  for (const Turn& turn : t.turns) {
    if (turn.role_known) continue;  // a bot's lines
    if (first) {
      speakers[0] = turn.speaker, first = false;
    } else if (turn.speaker != speakers[0]) {
      speakers[1] = turn.speaker;
      break;
    }
  }
  return speakers;
}

Transcript with_agent(const Transcript& t, std::string_view agent) {
  Transcript copy = t;
  for (Turn& turn : copy.turns)
    if (!turn.role_known) turn.role = turn.speaker == agent ? Role::agent : Role::customer, turn.role_known = true;
  copy.metadata.emplace_back("roles", fmt::format("inferred: the agent is {}", agent.empty() ? "(unnamed)" : agent));
  return copy;
}

}  // namespace defuse
