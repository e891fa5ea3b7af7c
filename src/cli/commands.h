// One function per subcommand; each returns the process exit status.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "pipeline/engine.h"

namespace CLI {
class App;
}

namespace CLI {
class App;
}

namespace defuse {

/// Loads the lexicons named by the options; prints every problem (file:line) and returns
/// null when any.
std::unique_ptr<Engine> load_engine(const CommonOptions& options);
/// Batch options from the common flags (jobs, limits, redaction).
struct BatchOptions;
BatchOptions batch_options(const CommonOptions& options, const Engine& engine);
/// Installs SIGINT/SIGTERM handlers that set the returned flag (the batch checks it).
const std::atomic<bool>& stop_on_signals();
/// The same flag, without installing anything.
const std::atomic<bool>& stop_flag();
/// The input flags every scoring command takes. With `lang_is_filter` (report, compare),
/// forcing the language is --transcript-lang, as --lang filters there.
void add_scoring_options(CLI::App* cmd, CommonOptions& options, bool lang_is_filter);
/// --lexicons, --no-builtin and --no-cache.
void add_lexicon_options(CLI::App* cmd, CommonOptions& options);
/// --no-cache alone (lexicon check/test, which name their directory).
void add_cache_option(CLI::App* cmd, CommonOptions& options);
/// Prints "defuse: <message>" to stderr.
void say(const std::string& message);

int score_command(const ScoreCommand& command);

struct LexiconCommand {
  CommonOptions common;
  std::string action;              // check | test | explain | stats
  std::string dir;                 // check/test: the directory ("" = built-in)
  std::string text;                // explain
  std::string speaker = "agent";   // explain
  std::vector<std::string> paths;  // stats
  std::string format = "table";
};
int lexicon_command(const LexiconCommand& command);

// report, compare, explain (report_cmd.cc). Their inputs are transcripts or the NDJSON that
// `defuse score` wrote; `common.lang` forces the language of transcripts that are scored.
struct ReportFilterOptions {
  std::vector<std::string> agents, langs, channels;  // --agent, --lang, --channel (repeatable)
  std::string since, until;                          // --since, --until: YYYY-MM-DD[ hh:mm[:ss]]
  std::size_t min_transcripts = 0;                   // --min-transcripts
};
struct ReportCommand {
  CommonOptions common;
  std::vector<std::string> paths;
  std::string format = "table";  // table | md | csv | json | html
  ReportFilterOptions filter;
  std::size_t lowest = 3;        // --lowest: worst transcripts kept per agent
};
struct CompareCommand {
  CommonOptions common;
  std::string before, after;
  std::string format = "table";
  ReportFilterOptions filter;
};
struct ExplainCommand {
  CommonOptions common;
  std::string path;
  std::string id;                // --id: the transcript to explain when the file holds several
  std::string format = "text";   // text | html
  std::string ui_lang = "en";    // --ui-lang en | es | ru
  int width = 0;                 // --width: wrap the text view (0: terminal width or 100)
};
/// Register the subcommands and their options on `app` (CLI11 adapters live in report_cmd.cc).
CLI::App* add_report_subcommand(CLI::App& app, ReportCommand& command);
CLI::App* add_compare_subcommand(CLI::App& app, CompareCommand& command);
CLI::App* add_explain_subcommand(CLI::App& app, ExplainCommand& command);
int report_command(const ReportCommand& command);
int compare_command(const CompareCommand& command);
int explain_command(const ExplainCommand& command);

struct EvalCommand {
  CommonOptions common;
  std::vector<std::string> gold;   // labels files or directories
  std::vector<std::string> paths;
  std::string format = "table";    // table | json | md
  std::string show;                // "errors" lists every false positive and negative
};
int eval_command(const EvalCommand& command);

}  // namespace defuse
