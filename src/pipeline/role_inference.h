// Telling the agent from the customer by what they say (--infer-roles), for exports whose two
// speakers carry no role: diarised speech-to-text ("spk_0", "Speaker 1", "SPEAKER_00"), or
// names no mapping covers. The transcript is scored both ways round, and the way in which the
// "agent" does what only agents do wins.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/transcript.h"
#include "score/result.h"

namespace defuse {

/// How much a scoring reads as if its agent really were the agent: one point for each of the
/// steps only an agent takes (clarify, empathize, solve, commit, close), half for apologize
/// (customers apologise too), none for greet ("Hi" opens both sides); one for each of the
/// customer's threats and hostility found on the customer's side; one for each anti-pattern
/// only an agent's words show (blaming the contract, the management, the website, a partner;
/// "two news"). Not the score: a bad agent is still the agent.
double agent_likeness(const ScoreResult& result);

/// The least difference in agent_likeness for defuse to decide; closer than this, the
/// transcript is reported as undecided rather than guessed. Over eval/dev with the roles
/// stripped (976 transcripts): 961 decided, 1 of them wrongly (README, "Speakers without roles").
inline constexpr double kRoleMargin = 1.0;

/// The two speakers of a transcript roles_to_infer() accepts, in order of first turn.
std::array<std::string, 2> two_speakers(const Transcript& transcript);

/// A copy of the transcript with `agent`'s turns as the agent's and the other speaker's of
/// unknown role as the customer's (a bot's stay Role::other), and a "roles" metadata entry
/// that says so.
Transcript with_agent(const Transcript& transcript, std::string_view agent);

}  // namespace defuse
