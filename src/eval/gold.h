// Gold labels for evaluation (docs/eval-format.md): transcript id -> what a rater marked.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace defuse {

struct GoldLabels {
  std::set<std::string> labels;            // step, anti-pattern and signal IDs
  std::map<std::string, int> turns;        // where a rater sees a label (1-based), optional
  std::string note;
  std::string file;                        // labels.yaml it came from
  int line = 0;
};

using GoldSet = std::map<std::string, GoldLabels>;

/// Loads one labels file, or every `labels.yaml` under a directory, into `gold`.
/// Unknown IDs and malformed entries become diagnostics with file:line.
void load_gold(const std::string& path, GoldSet& gold, Diagnostics& errors);

}  // namespace defuse
