// The score stage: from counted rule hits and turn facts to a ScoreResult, following
// CYCLE.md (steps, anti-patterns, order, customer signals, outcome) and scoring.yaml.
//
// Score = sum of the weights of the steps done
//       - for each anti-pattern: its penalty x min(occurrences, max_repeats)
//       - order_violation x the number of order violations
// clamped to 0..100. With the default weights the seven steps add up to 100.
#pragma once

#include <functional>
#include <string>

#include "core/transcript.h"
#include "lexicon/lexicon.h"
#include "match/matcher.h"
#include "match/transcript_match.h"
#include "score/result.h"

namespace defuse {

struct ScoreOptions {
  std::size_t max_evidence = 3;                       // evidence items kept per step
  std::size_t max_text_bytes = 300;                   // evidence text is cut at a word boundary
  // Masks personal data: true and the masked text in `out`, false when there is nothing to
  // mask (no copy for the common case); null: no masking. redact_into() fits.
  std::function<bool(std::string_view text, std::string& out)> redact;
};

ScoreResult score_transcript(const Transcript& transcript, const std::string& lang, bool lang_detected,
                             const CompiledLexicon& lexicon, const TranscriptMatches& matches,
                             const ScoringConfig& scoring, const ScoreOptions& options);

/// The outcome from customer signals (CYCLE.md): "escalated" when the conversation ends in
/// hostility or a threat, "de-escalated" when it ends satisfied or calm after hostility,
/// otherwise "unresolved". `late_from_turn` is the first 0-based turn of the final part.
std::string decide_outcome(const std::vector<SignalHit>& signals, int late_from_turn);

}  // namespace defuse
