// Runs read -> analyze over a batch with N worker threads and hands results back in input
// order, whatever the parallelism. Memory is bounded by the chunks in flight, not by the
// size of the batch: the reader waits when the workers and the writer fall behind.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/transcript.h"
#include "pipeline/engine.h"
#include "read/reader.h"
#include "score/result.h"

namespace defuse {

struct BatchOptions {
  int jobs = 1;                 // worker threads; 1 runs everything on the calling thread
  ReadOptions read;
  ScoreOptions score;
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler: finish and return early
};

struct BatchStats {
  std::size_t transcripts = 0;  // scored
  std::size_t errors = 0;       // inputs or records skipped with a diagnostic
  std::size_t bytes = 0;        // transcript text read
  std::size_t inputs = 0;       // inputs (expanded paths) read to the end, for progress
  bool interrupted = false;
};

/// Called on the calling thread, in input order.
struct BatchSink {
  /// Optional: turns a result into output text, appended to the string it is given. It runs
  /// in the worker threads, so output formatting is done in parallel too; `formatted` then
  /// gets the text (and the score), in input order, instead of `result` getting the result.
  /// Must be thread-safe.
  std::function<void(const ScoreResult&, std::string&)> format;
  std::function<void(std::string_view text, double score)> formatted;
  std::function<void(ScoreResult&&)> result;
  std::function<void(const Diagnostic&)> error;
  std::function<void(const BatchStats&)> progress;  // optional; after each chunk
};

BatchStats run_batch(const Engine& engine, const std::vector<std::string>& paths, const BatchOptions& options,
                     const BatchSink& sink);

/// The same over transcripts already in memory (tests, eval): results in order.
/// Transcripts whose language has no lexicon are reported through `sink.error`.
void analyze_all(const Engine& engine, std::vector<Transcript>& transcripts, const BatchOptions& options,
                 const BatchSink& sink);

}  // namespace defuse
