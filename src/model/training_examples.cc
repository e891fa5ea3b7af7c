#include "model/training_examples.h"

#include <string>

#include "normalize/fold.h"

namespace defuse {

void add_transcript_examples(const Transcript& transcript, const GoldLabels& gold, std::vector<ModelExample>& out,
                             std::array<int, kModelLabelCount>& positives) {
  for (std::size_t k = 0; k < transcript.turns.size(); ++k) {
    if (transcript.turns[k].role != Role::agent) continue;
    const int turn_number = static_cast<int>(k) + 1;  // labels.yaml counts from 1
    ModelExample example;
    example.folded = fold(transcript.turns[k].text);
    for (std::size_t l = 0; l < kModelLabelCount; ++l) {
      const std::string id(kAntiPatternIds[static_cast<int>(kModelLabels[l])]);
      if (!gold.labels.count(id)) continue;
      const auto marked = gold.turns.find(id);
      const bool here = marked != gold.turns.end() && marked->second == turn_number;
      // Before the marked turn: a negative that shares the case's topic words with the
      // positive, so the model learns that "router" or "refund" is not the conduct.
      const bool before = marked != gold.turns.end() && turn_number < marked->second;
      example.positive[l] = here;
      example.skip[l] = !here && !before;
      positives[l] += here;
    }
    out.push_back(std::move(example));
  }
}

}  // namespace defuse
