// The match stage: every rule occurrence in a transcript, each either counted or cancelled
// with a reason a lexicon author can act on.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/transcript.h"
#include "lexicon/lexicon.h"
#include "match/matcher.h"

namespace defuse {

struct RuleHit {
  std::uint32_t rule = 0;     // index into the language's rules
  std::uint32_t pattern = 0;  // index into the compiled patterns
  int turn = 0;               // 0-based
  std::uint32_t sentence_begin = 0, sentence_end = 0;  // byte span in the turn's text
  std::uint32_t match_begin = 0, match_end = 0;
  std::string_view cancelled;  // "" when the hit counts; otherwise why not (static text)
};

/// Per-turn facts that are not words: shouting (angry capitals, "!!!").
struct TurnFeatures {
  bool shouting = false;
  std::uint32_t shout_begin = 0, shout_end = 0;  // the sentence that shouts
};

struct TranscriptMatches {
  std::vector<RuleHit> hits;            // in turn order, then text order
  std::vector<TurnFeatures> features;   // one per turn
};

/// Per-thread scratch buffers reused across transcripts.
struct MatchScratch {
  Segmented segmented;
  std::vector<MatchToken> tokens;
  std::vector<PatternMatch> matches;
  std::vector<std::array<std::uint32_t, 4>> unless_hits;  // (rule, sentence, first, end), sorted
  std::vector<std::uint32_t> unless_rules;                            // rules, sorted
  std::vector<char> thanks;                  // by turn: a customer's counted `satisfied`
  std::vector<int> next_customer_matter;     // by turn: the next customer turn with a matter
  std::vector<std::uint16_t> model_labels;   // by turn: the conduct model's labels a rule matched
  std::vector<std::uint32_t> model_turns;    // the agent turns the conduct model rates
};

/// Runs the lexicon over every turn. `keep_speaker_cancels` also records hits cancelled only
/// because the other side said them (useful for `lexicon explain`, noise elsewhere).
void match_transcript(const Transcript& transcript, const CompiledLexicon& lexicon, TokenCache& cache,
                      const ScoringConfig& scoring, MatchScratch& scratch, TranscriptMatches& out,
                      bool keep_speaker_cancels = false);

}  // namespace defuse
