#include <fmt/format.h>
#include <unistd.h>

#include <csignal>

#include "cli/app.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "pipeline/batch.h"
#include "report/record_writer.h"

namespace defuse {

int score_command(const ScoreCommand& command) {
  auto engine = load_engine(command.common);
  if (!engine) return kExitUsage;
  // Before the temporary output file exists: a signal must never leave it behind.
  const std::atomic<bool>& g_stop = stop_on_signals();
  OutputSink output(command.common.output);
  if (!output.ok()) {
    say(output.error());
    return kExitUsage;
  }
  std::string format = command.format;
  if (format.empty()) format = output.is_terminal() ? "table" : "ndjson";
  RecordFormat record_format = format == "json" ? RecordFormat::json
                               : format == "csv" ? RecordFormat::csv
                               : format == "table" ? RecordFormat::table
                                                   : RecordFormat::ndjson;
  bool color = record_format == RecordFormat::table && output.is_terminal() && !std::getenv("NO_COLOR");
  RecordWriter writer(record_format, color);

  BatchOptions options = batch_options(command.common, *engine);
  options.stop = &g_stop;
  std::string buffer;
  writer.begin(buffer);
  std::size_t below = 0;
  // The bar goes to stderr only when nobody reads the records on that same terminal.
  Progress progress(!command.common.quiet && ::isatty(STDERR_FILENO) && !output.is_terminal(), command.paths);
  BatchSink sink;
  sink.result = [&](ScoreResult&& r) {
    if (command.fail_under >= 0 && r.score < command.fail_under) ++below;
    writer.record(r, buffer);
    if (buffer.size() >= (1u << 16)) output.write(buffer);
  };
  if (writer.independent()) {
    // Records are formatted by the workers; this thread only writes them out in order.
    sink.format = [&writer](const ScoreResult& r, std::string& out) { writer.append_one(r, out); };
    sink.formatted = [&](std::string_view text, double score) {
      if (command.fail_under >= 0 && score < command.fail_under) ++below;
      buffer.append(text);
      if (buffer.size() >= (1u << 16)) output.write(buffer);
    };
  }
  sink.error = [&](const Diagnostic& d) {
    progress.clear();
    output.write(buffer);  // keep stdout and stderr in step for a reader watching both
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", d.format());
  };
  sink.progress = [&](const BatchStats& s) { progress.update(s); };
  BatchStats stats = run_batch(*engine, command.paths, options, sink);
  progress.clear();
  if (stats.interrupted) {
    // No end marker: a JSON array cut short on stdout must not parse as a whole report.
    output.write(buffer);
    output.abandon();
    say(fmt::format("interrupted: {} transcripts scored, {} skipped before the signal; {}", stats.transcripts,
                    stats.errors, command.common.output.empty() || command.common.output == "-"
                                      ? "the output is incomplete"
                                      : "output discarded, " + command.common.output + " left as it was"));
    return kExitInterrupted;
  }
  writer.end(buffer);
  output.write(buffer);
  if (!output.commit()) {
    say(output.error().empty() ? "cannot write the output" : output.error());
    return kExitUsage;
  }
  if (!command.common.quiet) {
    std::string gate = command.fail_under >= 0 ? fmt::format(", {} below {}", below, command.fail_under) : "";
    say(fmt::format("{} transcript{} scored, {} skipped{}", stats.transcripts, stats.transcripts == 1 ? "" : "s",
                    stats.errors, gate));
  }
  if (stats.errors > 0) return kExitUsage;
  if (below > 0) return kExitGate;
  return kExitOk;
}

}  // namespace defuse
