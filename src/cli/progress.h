// A one-line progress display on stderr for `defuse score` over a long batch:
//
//   defuse:  36% [###.......] ETA 0:05  24,480/68,012 files  8,101/s  27.3 MB/s
//
// `defuse score` enables it only when stderr is a terminal, --quiet is off and the records
// themselves are not being printed to that terminal; disabled, every call does nothing, so
// pipes, files, CI logs and shard jobs stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/batch.h"

namespace defuse {

/// The sizes of the inputs `paths` expands to, in the order run_batch reads them (the
/// order of expand_inputs). `total` is empty when a size cannot be known up front: standard
/// input, a pipe, a path that is missing.
struct InputSizes {
  std::vector<std::uint64_t> prefix;   // prefix[i]: bytes of the first i inputs
  std::optional<std::uint64_t> total;
  std::size_t count() const { return prefix.empty() ? 0 : prefix.size() - 1; }
};
InputSizes measure_inputs(const std::vector<std::string>& paths);

class Progress {
 public:
  /// `enabled` false makes every call a no-op. `paths` are measured only when enabled.
  Progress(bool enabled, const std::vector<std::string>& paths, std::FILE* out = stderr);
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Redraws the line from `stats`, at most about ten times a second.
  void update(const BatchStats& stats);
  /// Erases the line, so a diagnostic or the summary starts on a clean line. The next
  /// update() draws it again.
  void clear();

  /// The line update() would draw for `stats` after `elapsed_s` seconds (tests).
  std::string format_line(const BatchStats& stats, double elapsed_s) const;

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::FILE* out_;
  InputSizes sizes_;
  Clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

}  // namespace defuse
