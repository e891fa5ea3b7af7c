// The conduct model in the match stage: after the lexicon, a second opinion on the agent
// turns, for the lexical anti-patterns the rules did not find.
#pragma once

#include <cstdint>
#include <span>

#include "core/transcript.h"
#include "lexicon/lexicon.h"
#include "match/transcript_match.h"
#include "model/conduct_model.h"

namespace defuse {

/// A model hit's RuleHit::pattern: it has no pattern.
inline constexpr std::uint32_t kModelPattern = ~0u;

/// Whether the model scores the anti-pattern `rule` names: its labels are the first
/// kModelLabelCount anti-pattern IDs (kModelLabels).
static_assert([] {
  for (std::size_t l = 0; l < kModelLabelCount; ++l)
    if (kModelLabels[l] != static_cast<AntiPattern>(l)) return false;
  return true;
}(), "a model label's index is its anti-pattern's");
inline bool scored_by_model(const Rule& rule) {
  return rule.ref.kind == IdKind::anti_pattern && rule.ref.index < static_cast<int>(kModelLabelCount);
}

/// Appends one rule per model label to `lexicon` ("model-excuse", no patterns), for the
/// model's hits to name; returns the index of the first.
std::uint32_t add_model_rules(LanguageLexicon& lexicon);

/// The agent turns the model judges (indexes into `scratch.model_turns`): those of at least
/// ConductModel::kMinWords words that do not only ask questions. Cheap, so that a transcript
/// with none (and a one-line run at start-up) never loads the model.
std::span<const std::uint32_t> turns_to_rate(const Transcript& transcript, MatchScratch& scratch);

/// Adds the model's hits to `matches`, as a rater would read a transcript the rules missed:
/// for each label the lexicon found nowhere, the agent turn the model rates most likely to
/// show it, if at or above the language's `model_threshold`, quoting its most telling sentence. Turns
/// where the lexicon matched the label and cancelled it (a negation, a quote, a tip after the
/// fix) are left to the lexicon's judgement. `cache` and `scratch` are the calling thread's.
void apply_conduct_model(const Transcript& transcript, std::span<const std::uint32_t> turns, const ConductModel& model,
                         std::uint32_t first_model_rule,
                         const LanguageLexicon& lexicon, ModelWordCache& cache, MatchScratch& scratch,
                         TranscriptMatches& matches);

}  // namespace defuse
