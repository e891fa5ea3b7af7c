#include "read/reader.h"

#include <fmt/format.h>

namespace defuse {

Diagnostic no_agent_among(const Transcript& t, int line, const std::vector<std::string>& speakers) {
  std::string names;
  for (const std::string& name : speakers) names += (names.empty() ? "" : ", ") + (name.empty() ? "(unnamed)" : name);
  const std::string first = speakers.empty() || speakers.front().empty() ? "Name" : speakers.front();
  return {t.source, line,
          fmt::format("no speaker is recognised as the agent (speakers: {}); name the agent with --agent-name \"{}\" or "
                      "in a --mapping file (speakers: {{\"{}\": agent}}){}",
                      names, first, first,
                      roles_to_infer(t) ? ", or pass --infer-roles to tell the agent by what each says" : "")};
}

bool roles_to_infer(const Transcript& t) {
  std::string_view first, second;
  bool any = false, two = false;
  for (const auto& turn : t.turns) {
    if (turn.role != Role::other) return false;
    if (turn.role_known) continue;  // a bot or a system line: never the agent or the customer
    if (!any) {
      first = turn.speaker, any = true;
    } else if (turn.speaker != first) {
      if (!two) second = turn.speaker, two = true;
      else if (turn.speaker != second) return false;
    }
  }
  return two;
}

void finish_transcript(Transcript&& t, const ReadOptions& options, ReadSink& sink, std::optional<Diagnostic> no_agent) {
  if (t.turns.empty()) {
    sink.error({t.source, t.first_line, "no turns"});
    return;
  }
  bool has_agent = false;
  for (const auto& turn : t.turns) has_agent |= turn.role == Role::agent;
  if (!has_agent && options.infer_roles && roles_to_infer(t)) {
    // The agent is decided later, by what each speaker says; the names stay as given.
    if (t.agent.empty()) t.agent = "unknown";
    sink.transcript(std::move(t));
    return;
  }
  if (!has_agent && no_agent) {
    sink.error(std::move(*no_agent));
    return;
  }
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
