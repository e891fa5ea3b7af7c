// The conduct model's examples from one labelled transcript (src/train/main.cc builds the
// model from them at build time; here so that the choice of examples is tested).
#pragma once
#include <array>
#include <vector>

#include "core/transcript.h"
#include "eval/gold.h"
#include "model/conduct_model.h"

namespace defuse {

/// Appends one example per agent turn of `transcript`. For each model label the rater gave
/// the transcript, with the turn where they saw it: positive at that turn, negative at the
/// agent's turns before it (the rater marks the first turn that shows it, so those are clean
/// negatives that talk of the same case), skipped at the turns after it (they may show it
/// again), and skipped everywhere when no turn is given. A label the transcript does not
/// have is negative at every agent turn. Counts the positives per label in `positives`.
void add_transcript_examples(const Transcript& transcript, const GoldLabels& gold, std::vector<ModelExample>& out,
                             std::array<int, kModelLabelCount>& positives);

}  // namespace defuse
