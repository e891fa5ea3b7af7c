#include "pipeline/batch.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

#include "read/inputs.h"

namespace defuse {
namespace {

// Transcripts per unit of work: enough for long runs of one language (analyze_chunk); 256
// saved a little more CPU but took peak RSS with two jobs to 92-96 MB.
constexpr std::size_t kChunkItems = 128;
constexpr std::size_t kChunkBytes = 1u << 20;     // or this much text, whichever first

using Item = std::variant<Transcript, Diagnostic>;
// A result already turned into output text by the worker (BatchSink::format): the bytes
// [begin, end) of its chunk's `text`.
struct Formatted {
  std::size_t begin = 0, end = 0;
  double score = 0;
};
// Formatted first: outputs are default-constructed slots filled out of order (analyze_chunk).
using Output = std::variant<Formatted, ScoreResult, Diagnostic>;

struct Chunk {
  std::size_t seq = 0;
  std::vector<Item> items;
  std::size_t bytes = 0;
  std::size_t inputs_done = 0;  // inputs fully read when the chunk was cut
  std::vector<Output> outputs;
  std::string text;  // the Formatted outputs' text, back to back: one buffer, not one per record
};

std::size_t text_bytes(const Transcript& t) {
  std::size_t n = 0;
  for (const auto& turn : t.turns) n += turn.text.size();
  return n;
}

// Collects a reader's output into chunks and hands full chunks to `flush`.
class ChunkingSink : public ReadSink {
 public:
  explicit ChunkingSink(std::function<void(Chunk&&)> flush) : flush_(std::move(flush)) {}
  void transcript(Transcript&& t) override {
    current_.bytes += text_bytes(t);
    current_.items.emplace_back(std::move(t));
    maybe_flush();
  }
  void error(Diagnostic&& d) override {
    current_.items.emplace_back(std::move(d));
    maybe_flush();
  }
  void input_done() { ++inputs_done_; }
  void finish() {
    if (!current_.items.empty()) flush_now();
  }

 private:
  std::function<void(Chunk&&)> flush_;
  Chunk current_;
  std::size_t next_seq_ = 0;
  std::size_t inputs_done_ = 0;
  void maybe_flush() {
    if (current_.items.size() >= kChunkItems || current_.bytes >= kChunkBytes) flush_now();
  }
  void flush_now() {
    current_.seq = next_seq_++;
    current_.inputs_done = inputs_done_;
    flush_(std::move(current_));
    current_ = Chunk{};
  }
};

void analyze_chunk(Analyzer& analyzer, Chunk& chunk, const BatchSink& sink) {
  // A language's transcripts one after another: an export that alternates languages record
  // by record makes every record start on another lexicon's matcher tables and branch
  // history (19 % more CPU on such a stream, measured). The outputs keep the input order.
  const std::size_t n = chunk.items.size();
  auto language = [&](std::uint32_t i) -> std::string_view {
    const auto* t = std::get_if<Transcript>(&chunk.items[i]);
    return t ? std::string_view(t->lang) : std::string_view();
  };
  thread_local std::vector<std::uint32_t> order;
  order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return language(a) < language(b); });
  chunk.outputs.clear();
  chunk.outputs.resize(n);
  for (std::uint32_t i : order) {
    Output& out = chunk.outputs[i];
    if (auto* d = std::get_if<Diagnostic>(&chunk.items[i])) {
      out = std::move(*d);
      continue;
    }
    const Transcript& t = std::get<Transcript>(chunk.items[i]);
    Diagnostic error;
    auto result = analyzer.analyze(t, error);
    if (!result) {
      out = std::move(error);
    } else if (sink.format) {
      Formatted f;
      f.begin = chunk.text.size();
      sink.format(*result, chunk.text);
      f.end = chunk.text.size();
      f.score = result->score;
      out = f;
    } else {
      out = std::move(*result);
    }
  }
  chunk.items.clear();
}

void emit(Chunk& chunk, const BatchSink& sink, BatchStats& stats) {
  stats.bytes += chunk.bytes;
  stats.inputs = std::max(stats.inputs, chunk.inputs_done);
  for (auto& out : chunk.outputs) {
    if (auto* r = std::get_if<ScoreResult>(&out)) {
      ++stats.transcripts;
      sink.result(std::move(*r));
    } else if (auto* f = std::get_if<Formatted>(&out)) {
      ++stats.transcripts;
      sink.formatted(std::string_view(chunk.text).substr(f->begin, f->end - f->begin), f->score);
    } else {
      ++stats.errors;
      sink.error(std::get<Diagnostic>(out));
    }
  }
  if (sink.progress) sink.progress(stats);
}

// Feeds every input to `sink`, stopping early when asked to.
void read_all_inputs(const std::vector<std::string>& paths, const BatchOptions& options, ChunkingSink& sink) {
  ReadOptions read = options.read;
  read.stop = options.stop;  // a long stream stops within a block, not at its end
  bool stopped = false;
  walk_inputs(paths, [&](InputItem&& item) {
    if (stopped || (options.stop && options.stop->load())) {
      stopped = true;
      return;
    }
    if (item.error) sink.error(std::move(*item.error));
    else read_input(item.path, read, sink);
    sink.input_done();
  });
  sink.finish();
}

// The threaded pipeline: one reader thread, `jobs` workers, the caller writes in order.
class Pipeline {
 public:
  Pipeline(const Engine& engine, const BatchOptions& options, const BatchSink& sink)
      : engine_(engine), options_(options), sink_(sink), max_in_flight_(static_cast<std::size_t>(options.jobs) * 2) {}

  BatchStats run(const std::function<void(ChunkingSink&)>& produce) {
    std::thread reader([&] {
      ChunkingSink chunker([&](Chunk&& c) { submit(std::move(c)); });
      produce(chunker);
      std::lock_guard lock(mutex_);
      reading_done_ = true;
      work_ready_.notify_all();
      done_ready_.notify_all();
    });
    std::vector<std::thread> workers;
    for (int i = 0; i < options_.jobs; ++i) workers.emplace_back([&] { work(); });

    BatchStats stats;
    std::size_t next = 0;
    for (;;) {
      std::unique_lock lock(mutex_);
      done_ready_.wait(lock, [&] { return done_.count(next) || (reading_done_ && submitted_ == next); });
      auto it = done_.find(next);
      if (it == done_.end()) break;
      Chunk chunk = std::move(it->second);
      done_.erase(it);
      --in_flight_;
      room_.notify_one();
      lock.unlock();
      emit(chunk, sink_, stats);
      ++next;
    }
    {
      std::lock_guard lock(mutex_);
      workers_stop_ = true;
      work_ready_.notify_all();
    }
    reader.join();
    for (auto& w : workers) w.join();
    return stats;
  }

 private:
  const Engine& engine_;
  const BatchOptions& options_;
  const BatchSink& sink_;
  const std::size_t max_in_flight_;
  std::mutex mutex_;
  std::condition_variable work_ready_, done_ready_, room_;
  std::deque<Chunk> queue_;
  std::map<std::size_t, Chunk> done_;
  std::size_t in_flight_ = 0, submitted_ = 0;
  bool reading_done_ = false, workers_stop_ = false;

  void submit(Chunk&& chunk) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return in_flight_ < max_in_flight_; });
    ++in_flight_;
    ++submitted_;
    queue_.push_back(std::move(chunk));
    work_ready_.notify_one();
  }

  void work() {
    Analyzer analyzer(engine_, options_.score);
    for (;;) {
      Chunk chunk;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return !queue_.empty() || workers_stop_ || reading_done_; });
        if (queue_.empty()) {
          if (workers_stop_ || reading_done_) return;
          continue;
        }
        chunk = std::move(queue_.front());
        queue_.pop_front();
      }
      analyze_chunk(analyzer, chunk, sink_);
      std::lock_guard lock(mutex_);
      std::size_t seq = chunk.seq;
      done_.emplace(seq, std::move(chunk));
      done_ready_.notify_all();
    }
  }
};

BatchStats run_with(const Engine& engine, const BatchOptions& options, const BatchSink& sink,
                    const std::function<void(ChunkingSink&)>& produce) {
  if (options.jobs <= 1) {
    Analyzer analyzer(engine, options.score);
    BatchStats stats;
    ChunkingSink chunker([&](Chunk&& chunk) {
      analyze_chunk(analyzer, chunk, sink);
      emit(chunk, sink, stats);
    });
    produce(chunker);
    if (options.stop && options.stop->load()) stats.interrupted = true;
    return stats;
  }
  Pipeline pipeline(engine, options, sink);
  BatchStats stats = pipeline.run(produce);
  if (options.stop && options.stop->load()) stats.interrupted = true;
  return stats;
}

}  // namespace

BatchStats run_batch(const Engine& engine, const std::vector<std::string>& paths, const BatchOptions& options,
                     const BatchSink& sink) {
  return run_with(engine, options, sink, [&](ChunkingSink& chunker) { read_all_inputs(paths, options, chunker); });
}

void analyze_all(const Engine& engine, std::vector<Transcript>& transcripts, const BatchOptions& options,
                 const BatchSink& sink) {
  run_with(engine, options, sink, [&](ChunkingSink& chunker) {
    for (auto& t : transcripts) chunker.transcript(std::move(t));
    chunker.finish();
  });
}

}  // namespace defuse
