// One function per subcommand; each returns the process exit status.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "pipeline/engine.h"

namespace defuse {

/// Loads the lexicons named by the options; prints every problem (file:line) and returns
/// null when any.
std::unique_ptr<Engine> load_engine(const CommonOptions& options);
/// Batch options from the common flags (jobs, limits, redaction).
struct BatchOptions;
BatchOptions batch_options(const CommonOptions& options, const Engine& engine);
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

}  // namespace defuse
