#include "read/reader.h"

namespace defuse {

void finish_transcript(Transcript&& t, ReadSink& sink) {
  if (t.turns.empty()) {
    sink.error({t.source, t.first_line, "no turns"});
    return;
  }
  bool has_agent = false;
  for (const auto& turn : t.turns) has_agent |= turn.role == Role::agent;
  if (!has_agent) {
    int line = t.turns.front().line > 0 ? t.turns.front().line : t.first_line;
    sink.error({t.source, line, "no agent turns (no speaker is recognised as the agent)"});
    return;
  }
  auto first_name = [&](Role role) -> std::string {
    for (const auto& turn : t.turns)
      if (turn.role == role && !turn.speaker.empty()) return turn.speaker;
    return {};
  };
  if (t.agent.empty()) t.agent = first_name(Role::agent);
  if (t.agent.empty()) t.agent = "unknown";
  if (t.customer.empty()) t.customer = first_name(Role::customer);
  sink.transcript(std::move(t));
}

}  // namespace defuse
