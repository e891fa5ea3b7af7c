#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <malloc.h>

#include "cli/commands.h"

namespace defuse {
namespace {

void add_input_options(CLI::App* cmd, CommonOptions& o) { add_scoring_options(cmd, o, false); }

// glibc raises its mmap threshold each time a large block is freed, so later large blocks
// (a huge transcript's text, its output) stay in the heap after use and peak RSS depends on
// the order of earlier frees: 376 to 407 MB for the same 1,000,000-turn file. A fixed
// threshold hands every block over 4 MiB back to the system when it is freed (344 MB).
void fix_allocator_threshold() { mallopt(M_MMAP_THRESHOLD, 4 << 20); }

}  // namespace

int run_cli(int argc, char** argv) {
  fix_allocator_threshold();
  CLI::App app{"defuse: scores customer-complaint transcripts against the seven-step resolution cycle\n"
               "(greet, clarify, empathize, apologize, solve, commit, close) and its anti-patterns.",
               "defuse"};
  app.set_version_flag("-V,--version", std::string("defuse ") + DEFUSE_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'defuse COMMAND --help' for a command's options; 'man defuse' for the full manual.");

  ScoreCommand score;
  auto* score_cmd = app.add_subcommand("score", "Score each transcript: one record per transcript, in input order");
  score_cmd->add_option("paths", score.paths, "Files, directories (recursively) or - for stdin")->required();
  score_cmd->add_option("-f,--format", score.format, "Output: table on a terminal, else ndjson")
      ->check(CLI::IsMember({"ndjson", "json", "csv", "table"}));
  score_cmd->add_option("-o,--output", score.common.output, "Write to FILE (atomically) instead of stdout");
  score_cmd->add_option("--fail-under", score.fail_under, "Exit 1 when any transcript scores below N")
      ->check(CLI::Range(0.0, 100.0));
  add_input_options(score_cmd, score.common);

  // report, compare, explain: options and handlers live in report_cmd.cc.
  ReportCommand report;
  CompareCommand compare;
  ExplainCommand explain;
  auto* report_cmd = add_report_subcommand(app, report);
  auto* compare_cmd = add_compare_subcommand(app, compare);
  auto* explain_view_cmd = add_explain_subcommand(app, explain);

  LexiconCommand lexicon;
  auto* lexicon_cmd = app.add_subcommand("lexicon", "Tools for lexicon authors: check, test, explain, stats");
  lexicon_cmd->require_subcommand(1);
  auto* check_cmd = lexicon_cmd->add_subcommand("check", "Validate a lexicon directory (default: the built-in set)");
  check_cmd->add_option("dir", lexicon.dir, "Lexicon directory");
  add_cache_option(check_cmd, lexicon.common);
  auto* test_cmd = lexicon_cmd->add_subcommand("test", "Run every rule's examples");
  test_cmd->add_option("dir", lexicon.dir, "Lexicon directory");
  test_cmd->add_option("--lang", lexicon.common.lang, "Only this language");
  add_cache_option(test_cmd, lexicon.common);
  auto* explain_cmd = lexicon_cmd->add_subcommand("explain", "Show how a text is normalized, tokenized and matched");
  explain_cmd->add_option("text", lexicon.text, "The text")->required();
  explain_cmd->add_option("--lang", lexicon.common.lang, "Language (default: detected)");
  explain_cmd->add_option("--speaker", lexicon.speaker, "Who says it")->check(CLI::IsMember({"agent", "customer"}));
  add_lexicon_options(explain_cmd, lexicon.common);
  auto* stats_cmd = lexicon_cmd->add_subcommand("stats", "How often each rule fires over a batch: dead and noisy rules");
  stats_cmd->add_option("paths", lexicon.paths, "Files or directories")->required();
  add_input_options(stats_cmd, lexicon.common);

  EvalCommand eval;
  auto* eval_cmd = app.add_subcommand("eval", "Measure accuracy against gold labels: precision, recall, F1");
  eval_cmd->add_option("--gold", eval.gold, "labels.yaml file or a directory of them (repeatable)")
      ->required()
      ->allow_extra_args(false);  // repeatable, one value each: never swallow the paths
  eval_cmd->add_option("paths", eval.paths, "Transcript files or directories")->required();
  eval_cmd->add_option("-f,--format", eval.format, "Output format")->check(CLI::IsMember({"table", "json", "md"}));
  eval_cmd->add_option("--show", eval.show, "'errors': list each false positive and false negative")
      ->check(CLI::IsMember({"errors"}));
  add_input_options(eval_cmd, eval.common);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (score_cmd->parsed()) return score_command(score);
  if (report_cmd->parsed()) return report_command(report);
  if (compare_cmd->parsed()) return compare_command(compare);
  if (explain_view_cmd->parsed()) return explain_command(explain);
  if (eval_cmd->parsed()) return eval_command(eval);
  if (lexicon_cmd->parsed()) {
    for (auto* sub : {check_cmd, test_cmd, explain_cmd, stats_cmd})
      if (sub->parsed()) lexicon.action = sub->get_name();
    return lexicon_command(lexicon);
  }
  return kExitUsage;
}

}  // namespace defuse
