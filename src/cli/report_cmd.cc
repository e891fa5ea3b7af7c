// `defuse report`, `defuse compare` and `defuse explain`: the reporting layer's CLI adapters.
// Inputs are transcripts (scored here through the batch pipeline) or score files that
// `defuse score` wrote (read back, not rescored), in any mix.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>

#include "cli/app.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "pipeline/batch.h"
#include "read/format.h"
#include "read/inputs.h"
#include "redact/redact.h"
#include "report/agent_report.h"
#include "report/coaching.h"
#include "report/compare.h"
#include "report/html.h"
#include "report/record_reader.h"

namespace defuse {
namespace {


void add_filter_options(CLI::App* cmd, ReportFilterOptions& f) {
  // Repeatable filters take one value each, so they never swallow the paths after them.
  cmd->add_option("--agent", f.agents, "Only this agent (repeatable)")->type_name("NAME")->allow_extra_args(false);
  cmd->add_option("--lang", f.langs, "Only transcripts in this language (repeatable)")
      ->type_name("CODE")
      ->allow_extra_args(false);
  cmd->add_option("--channel", f.channels, "Only this channel: call, chat, email, social ... (repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  cmd->add_option("--since", f.since, "Only transcripts started on or after DATE (YYYY-MM-DD[ hh:mm])")
      ->type_name("DATE");
  cmd->add_option("--until", f.until, "Only transcripts started before the end of DATE (YYYY-MM-DD[ hh:mm])")
      ->type_name("DATE");
  cmd->add_option("--min-transcripts", f.min_transcripts, "Hide agents with fewer than N transcripts")
      ->type_name("N");
}

bool use_color(const OutputSink& output) { return output.is_terminal() && !std::getenv("NO_COLOR"); }

// Reads `path`: standard input whole (up to --max-file-size), a file's head (see below).
std::optional<std::string> read_head(const std::string& path, const ReadLimits& limits, std::string& out) {
  if (path == "-") {
    const std::uint64_t limit = limits.max_file_bytes;
    std::string chunk(1 << 16, '\0');
    std::size_t n;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), stdin)) > 0) {
      out.append(chunk.data(), n);
      if (out.size() > limit) return fmt::format("larger than --max-file-size ({} bytes)", limit);
    }
    return std::nullopt;
  }
  // A file: only its head, enough to hold the first non-blank line, which is all that
  // looks_like_score_records needs; a transcript file is read again by the batch reader.
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open the file";
  std::string chunk(1 << 16, '\0');
  while (out.size() < limits.max_line_bytes) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    std::size_t n = static_cast<std::size_t>(in.gcount());
    out.append(chunk.data(), n);
    std::size_t start = out.find_first_not_of(" \t\r\n");
    if (n < chunk.size() || (start != std::string::npos && out.find('\n', start) != std::string::npos)) break;
  }
  return std::nullopt;
}

std::optional<std::string> read_whole(const std::string& path, std::uint64_t limit, std::string& out) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return "cannot open the file";
  auto size = static_cast<std::uint64_t>(in.tellg());
  if (size > limit) return fmt::format("larger than --max-file-size ({} bytes)", limit);
  out.resize(size);
  in.seekg(0);
  in.read(out.data(), static_cast<std::streamsize>(size));
  if (!in) return "cannot read the file";
  return std::nullopt;
}

struct CollectStats {
  std::size_t records = 0;   // read back from score files
  std::size_t scored = 0;    // transcripts scored now
  std::size_t errors = 0;    // inputs, records or transcripts skipped
  bool failed = false;       // lexicons did not load
  bool interrupted = false;
};

void redact_record(ScoreResult& r) {
  for (auto& step : r.steps)
    for (auto& e : step.evidence) e.text = redact(e.text);
  for (auto& a : r.anti_patterns) a.text = redact(a.text);
  for (auto& s : r.customer) s.text = redact(s.text);
  for (auto& c : r.cancelled) c.text = redact(c.text);
  for (auto& entry : r.metadata) entry.second = redact(entry.second);
}

class CollectingReadSink : public ReadSink {
 public:
  std::vector<Transcript> transcripts;
  std::vector<Diagnostic> errors;
  void transcript(Transcript&& t) override { transcripts.push_back(std::move(t)); }
  void error(Diagnostic&& d) override { errors.push_back(std::move(d)); }
};

// Feeds every ScoreResult found in `paths` to `each`: score files are read back, transcripts
// are scored (the lexicons load only when there is a transcript to score).
CollectStats collect_results(const std::vector<std::string>& paths, const CommonOptions& common,
                             const std::function<void(ScoreResult&&)>& each) {
  CollectStats stats;
  auto report_error = [&](const Diagnostic& d) {
    ++stats.errors;
    fmt::print(stderr, "{}\n", d.format());
  };
  std::unique_ptr<Engine> engine;
  auto need_engine = [&]() -> const Engine* {
    if (!engine && !stats.failed) {
      engine = load_engine(common);
      if (!engine) stats.failed = true;
    }
    return engine.get();
  };
  std::vector<std::string> transcript_paths;
  for (auto& item : expand_inputs(paths)) {
    if (stop_flag().load()) break;
    if (item.error) {
      report_error(*item.error);
      continue;
    }
    std::string bytes;
    if (auto problem = read_head(item.path, common.limits, bytes)) {
      report_error({item.path, 0, *problem});
      continue;
    }
    if (!looks_like_score_records(bytes)) {
      if (item.path != "-") {
        transcript_paths.push_back(item.path);
        continue;
      }
      // Standard input can be read only once: parse the transcripts from the bytes we hold.
      const Engine* e = need_engine();
      if (!e) return stats;
      BatchOptions options = batch_options(common, *e);
      if (auto problem = check_text("-", bytes)) {
        report_error(*problem);
        continue;
      }
      std::string format = common.input_format == "auto" ? detect_format("-", std::string_view(bytes).substr(0, 4096))
                                                         : common.input_format;
      if (format.empty()) {
        report_error({"-", 1, fmt::format("unrecognized format (tried: {})", known_formats())});
        continue;
      }
      CollectingReadSink sink;
      read_buffer(format, InputBuffer{"-", std::make_shared<const std::string>(std::move(bytes))}, options.read, sink);
      for (const auto& d : sink.errors) report_error(d);
      BatchSink batch;
      batch.result = [&](ScoreResult&& r) {
        ++stats.scored;
        each(std::move(r));
      };
      batch.error = report_error;
      analyze_all(*e, sink.transcripts, options, batch);
      continue;
    }
    if (item.path != "-") {
      bytes.clear();
      if (auto problem = read_whole(item.path, common.limits.max_file_bytes, bytes)) {
        report_error({item.path, 0, *problem});
        continue;
      }
    }
    // A score file written with --no-redact carries personal data; a report masks it
    // unless this run says --no-redact too (masking twice changes nothing).
    auto masked = [&](ScoreResult&& r) {
      if (!common.no_redact) redact_record(r);
      each(std::move(r));
    };
    stats.records += read_score_records(item.path, bytes, masked, report_error);
  }
  if (!transcript_paths.empty() && !stop_flag().load()) {
    const Engine* e = need_engine();
    if (!e) return stats;
    BatchOptions options = batch_options(common, *e);
    options.stop = &stop_flag();
    BatchSink batch;
    batch.result = [&](ScoreResult&& r) {
      ++stats.scored;
      each(std::move(r));
    };
    batch.error = report_error;
    BatchStats b = run_batch(*e, transcript_paths, options, batch);
    if (b.interrupted) stats.interrupted = true;
  }
  if (stop_flag().load()) stats.interrupted = true;
  return stats;
}

std::optional<ReportFilter> make_filter(const ReportFilterOptions& o) {
  ReportFilter f;
  f.agents = o.agents;
  f.langs = o.langs;
  f.channels = o.channels;
  if (!o.since.empty()) {
    f.since_ms = parse_report_date(o.since, false);
    if (!f.since_ms) {
      say(fmt::format("--since {}: expected a date like 2026-11-03 or 2026-11-03 14:05", o.since));
      return std::nullopt;
    }
    f.since_text = o.since;
  }
  if (!o.until.empty()) {
    f.until_ms = parse_report_date(o.until, true);
    if (!f.until_ms) {
      say(fmt::format("--until {}: expected a date like 2026-11-30 or 2026-11-30 18:00", o.until));
      return std::nullopt;
    }
    f.until_text = o.until;
  }
  if (f.since_ms && f.until_ms && *f.since_ms >= *f.until_ms) {
    say(fmt::format("--since {} is not before --until {}", o.since, o.until));
    return std::nullopt;
  }
  return f;
}

void summarize_inputs(const CommonOptions& common, const CollectStats& s, std::string_view what) {
  if (common.quiet) return;
  std::string line(what);
  if (s.records > 0) line += fmt::format("{} score record{} read, ", s.records, s.records == 1 ? "" : "s");
  if (s.scored > 0 || s.records == 0) line += fmt::format("{} transcript{} scored, ", s.scored, s.scored == 1 ? "" : "s");
  say(line + fmt::format("{} skipped", s.errors));
}

// Writes `text` and picks the exit status: 2 when anything was skipped (as `score` does).
int finish(OutputSink& output, std::string& text, const CollectStats& s) {
  output.write(text);
  if (!output.commit()) {
    say(output.error().empty() ? "cannot write the output" : output.error());
    return kExitUsage;
  }
  return s.errors > 0 ? kExitUsage : kExitOk;
}

int terminal_width() {
  struct winsize ws {};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  return 100;
}

}  // namespace

// --- registration ---------------------------------------------------------------------------

CLI::App* add_report_subcommand(CLI::App& app, ReportCommand& c) {
  auto* cmd = app.add_subcommand("report", "Per-agent report: steps, anti-patterns, outcomes, response times, "
                                           "the lowest-scoring transcripts");
  cmd->add_option("paths", c.paths, "Transcripts (files, directories, - for stdin) or NDJSON from defuse score")
      ->required();
  cmd->add_option("-f,--format", c.format, "Output: table (default), md, csv, json or html")
      ->check(CLI::IsMember({"table", "md", "csv", "json", "html"}));
  cmd->add_option("-o,--output", c.common.output, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  add_filter_options(cmd, c.filter);
  cmd->add_option("--lowest", c.lowest, "Lowest-scoring transcripts shown per agent (default 3)")
      ->type_name("N")
      ->check(CLI::Range(0, 100));
  add_scoring_options(cmd, c.common, true);
  return cmd;
}

CLI::App* add_compare_subcommand(CLI::App& app, CompareCommand& c) {
  auto* cmd = app.add_subcommand("compare", "Before/after: did each step, anti-pattern and the score change, and is "
                                            "the change more than chance?");
  cmd->add_option("before", c.before, "The batch before (directory, file, or NDJSON from defuse score)")->required();
  cmd->add_option("after", c.after, "The batch after")->required();
  cmd->add_option("-f,--format", c.format, "Output: table (default), md, csv, json or html")
      ->check(CLI::IsMember({"table", "md", "csv", "json", "html"}));
  cmd->add_option("-o,--output", c.common.output, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  add_filter_options(cmd, c.filter);
  add_scoring_options(cmd, c.common, true);
  return cmd;
}

CLI::App* add_explain_subcommand(CLI::App& app, ExplainCommand& c) {
  auto* cmd = app.add_subcommand("explain", "Coaching view of one transcript: turn by turn, what was missing, "
                                            "and the score breakdown as advice");
  cmd->add_option("file", c.path, "The transcript file (- for stdin)")->required();
  cmd->add_option("--id", c.id, "The transcript to explain when the file holds several");
  cmd->add_option("-f,--format", c.format, "Output: text (default) or html")->check(CLI::IsMember({"text", "html"}));
  cmd->add_option("--ui-lang", c.ui_lang, "Language of the advice: en (default), es, ru")
      ->check(CLI::IsMember({"en", "es", "ru"}));
  cmd->add_option("--width", c.width, "Wrap the text view at N columns (default: the terminal, else 100)")
      ->check(CLI::Range(40, 1000));
  cmd->add_option("-o,--output", c.common.output, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  add_scoring_options(cmd, c.common, false);
  return cmd;
}

// --- report ---------------------------------------------------------------------------------

int report_command(const ReportCommand& command) {
  auto filter = make_filter(command.filter);
  if (!filter) return kExitUsage;
  OutputSink output(command.common.output);
  if (!output.ok()) {
    say(output.error());
    return kExitUsage;
  }
  stop_on_signals();
  ReportBuilder builder(*filter, command.lowest);
  CollectStats stats = collect_results(command.paths, command.common, [&](ScoreResult&& r) { builder.add(r); });
  if (stats.failed) return kExitUsage;
  if (stats.interrupted) {
    output.abandon();
    say("interrupted: no report written");
    return kExitInterrupted;
  }
  AgentReport report = builder.finish(command.filter.min_transcripts);
  ReportFormat format = command.format == "md"     ? ReportFormat::md
                        : command.format == "csv"  ? ReportFormat::csv
                        : command.format == "json" ? ReportFormat::json
                        : command.format == "html" ? ReportFormat::html
                                                   : ReportFormat::table;
  std::string text = render_report(report, format, format == ReportFormat::table && use_color(output));
  summarize_inputs(command.common, stats, "");
  return finish(output, text, stats);
}

// --- compare --------------------------------------------------------------------------------

int compare_command(const CompareCommand& command) {
  auto filter = make_filter(command.filter);
  if (!filter) return kExitUsage;
  OutputSink output(command.common.output);
  if (!output.ok()) {
    say(output.error());
    return kExitUsage;
  }
  stop_on_signals();
  // The lowest-scoring lists are not part of a comparison: keep none.
  ReportBuilder before(*filter, 0), after(*filter, 0);
  CollectStats b = collect_results({command.before}, command.common, [&](ScoreResult&& r) { before.add(r); });
  if (b.failed) return kExitUsage;
  CollectStats a;
  if (!b.interrupted)
    a = collect_results({command.after}, command.common, [&](ScoreResult&& r) { after.add(r); });
  if (a.failed) return kExitUsage;
  if (b.interrupted || a.interrupted) {
    output.abandon();
    say("interrupted: no comparison written");
    return kExitInterrupted;
  }
  Comparison c = compare_reports(before.finish(0), after.finish(0), command.before, command.after);
  // --min-transcripts: an agent stays when either batch has enough data to say something.
  if (command.filter.min_transcripts > 0)
    std::erase_if(c.agents, [&](const GroupComparison& g) {
      return std::max(g.before_n, g.after_n) < command.filter.min_transcripts;
    });
  CompareFormat format = command.format == "md"     ? CompareFormat::md
                         : command.format == "csv"  ? CompareFormat::csv
                         : command.format == "json" ? CompareFormat::json
                         : command.format == "html" ? CompareFormat::html
                                                    : CompareFormat::table;
  std::string text = render_comparison(c, format, format == CompareFormat::table && use_color(output));
  summarize_inputs(command.common, b, "before: ");
  summarize_inputs(command.common, a, "after: ");
  CollectStats total;
  total.errors = a.errors + b.errors;
  return finish(output, text, total);
}

// --- explain --------------------------------------------------------------------------------

int explain_command(const ExplainCommand& command) {
  UiLang lang = parse_ui_lang(command.ui_lang).value_or(UiLang::en);
  // A score file is the most likely wrong input: say so before anything else can fail.
  std::string head;
  if (command.path != "-" && !read_head(command.path, command.common.limits, head) &&
      looks_like_score_records(head)) {
    say(fmt::format("{}: this is a score file; explain needs the transcript itself (the record's \"source\" names it)",
                    command.path));
    return kExitUsage;
  }
  auto engine = load_engine(command.common);
  if (!engine) return kExitUsage;
  OutputSink output(command.common.output);
  if (!output.ok()) {
    say(output.error());
    return kExitUsage;
  }
  BatchOptions options = batch_options(command.common, *engine);
  CollectingReadSink sink;
  read_input(command.path, options.read, sink);
  for (const auto& d : sink.errors) fmt::print(stderr, "{}\n", d.format());
  std::vector<const Transcript*> chosen;
  for (const auto& t : sink.transcripts)
    if (command.id.empty() || t.id == command.id) chosen.push_back(&t);
  if (chosen.empty()) {
    if (!command.id.empty()) say(fmt::format("{}: no transcript with id {}", command.path, command.id));
    else if (sink.errors.empty()) say(fmt::format("{}: no transcript", command.path));
    return kExitUsage;
  }
  if (command.format == "html" && chosen.size() > 1) {
    std::string ids;
    for (std::size_t i = 0; i < chosen.size() && i < 5; ++i) ids += (i ? ", " : "") + chosen[i]->id;
    say(fmt::format("{} holds {} transcripts ({}{}); pick one with --id for an HTML page", command.path, chosen.size(),
                    ids, chosen.size() > 5 ? ", ..." : ""));
    return kExitUsage;
  }
  Analyzer analyzer(*engine, options.score);
  const bool color = command.format == "text" && use_color(output);
  const std::size_t width = command.width > 0 ? static_cast<std::size_t>(command.width)
                                              : static_cast<std::size_t>(terminal_width());
  std::string text;
  int status = sink.errors.empty() ? kExitOk : kExitUsage;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    Diagnostic error;
    std::optional<Transcript> inferred;  // with --infer-roles: the turns labelled as scored
    auto result = analyzer.analyze(*chosen[i], error, &inferred);
    if (!result) {
      fmt::print(stderr, "{}\n", error.format());
      status = kExitUsage;
      continue;
    }
    CoachingView view = build_coaching_view(inferred ? *inferred : *chosen[i], *result, engine->lexicons().scoring, lang);
    // The view shows every turn whole: mask personal data there as in the evidence.
    if (options.score.redact) {
      std::string masked;
      for (auto& turn : view.turns)
        if (options.score.redact(turn.text, masked)) turn.text.swap(masked);
    }
    if (command.format == "html") {
      text += render_coaching_html(view);
    } else {
      if (i > 0) text += "\n" + std::string(std::min<std::size_t>(width, 100), '-') + "\n\n";
      text += render_coaching_text(view, color, width);
    }
  }
  output.write(text);
  if (!output.commit()) {
    say(output.error().empty() ? "cannot write the output" : output.error());
    return kExitUsage;
  }
  return status;
}

}  // namespace defuse
