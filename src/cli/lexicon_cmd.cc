#include <fmt/format.h>

#include <map>

#include "cli/app.h"
#include "cli/commands.h"
#include "pipeline/batch.h"
#include "read/inputs.h"
#include "tools/lexicon_tools.h"

namespace defuse {
namespace {

// check/test load a directory alone; without one, the built-in set.
std::unique_ptr<Engine> engine_for(const LexiconCommand& command) {
  CommonOptions common = command.common;
  if (!command.dir.empty()) {
    common.lexicon_dir = command.dir;
    common.no_builtin = true;
  }
  return load_engine(common);
}

int check(const LexiconCommand& command) {
  auto engine = engine_for(command);
  if (!engine) return kExitUsage;
  int errors = 0, warnings = 0;
  for (const auto& f : lint_lexicons(*engine)) {
    fmt::print(stderr, "{}: {}\n", f.where.format().substr(0, f.where.format().rfind(": ")),
               (f.error ? "error: " : "warning: ") + f.where.message);
    (f.error ? errors : warnings)++;
  }
  std::size_t rules = 0, patterns = 0;
  for (const auto& [lang, lexicon] : engine->lexicons().languages) {
    rules += lexicon.rules.size();
    patterns += engine->compiled(lang)->patterns().size();
  }
  fmt::print("{} languages, {} rules, {} compiled patterns: {} errors, {} warnings\n",
             engine->lexicons().languages.size(), rules, patterns, errors, warnings);
  return errors > 0 ? kExitUsage : kExitOk;
}

int test(const LexiconCommand& command) {
  auto engine = engine_for(command);
  if (!engine) return kExitUsage;
  ExampleReport report = run_rule_examples(*engine, command.common.lang);
  for (const auto& f : report.failures) fmt::print("{}:{}: {}\n", f.where.path, f.where.line, f.detail);
  for (const auto& w : report.warnings) fmt::print("{}:{}: warning: {}\n", w.where.path, w.where.line, w.detail);
  fmt::print("{} passed, {} failed, {} warnings\n", report.passed, report.failures.size(), report.warnings.size());
  return report.failures.empty() ? kExitOk : kExitGate;
}

int explain(const LexiconCommand& command) {
  auto engine = load_engine(command.common);
  if (!engine) return kExitUsage;
  std::string lang = command.common.lang;
  if (lang.empty()) {
    Transcript t;
    Turn turn;
    turn.role = Role::agent;
    turn.text = t.keep(command.text);
    t.turns.push_back(turn);
    lang = engine->detector().detect(t);
  }
  fmt::print("{}", explain_text(*engine, command.text, lang, command.speaker));
  return kExitOk;
}

int stats(const LexiconCommand& command) {
  auto engine = load_engine(command.common);
  if (!engine) return kExitUsage;
  BatchOptions options = batch_options(command.common, *engine);
  struct Count {
    std::size_t hits = 0, cancelled = 0;
  };
  std::map<std::pair<std::string, std::uint32_t>, Count> counts;
  std::size_t transcripts = 0, errors = 0;
  Analyzer analyzer(*engine, ScoreOptions{});
  struct Sink : ReadSink {
    std::function<void(Transcript&&)> on_t;
    std::function<void(Diagnostic&&)> on_e;
    void transcript(Transcript&& t) override { on_t(std::move(t)); }
    void error(Diagnostic&& d) override { on_e(std::move(d)); }
  } sink;
  sink.on_t = [&](Transcript&& t) {
    bool detected;
    std::string lang = analyzer.language_of(t, detected);
    const TranscriptMatches* m = analyzer.match(t, lang);
    if (!m) return;
    ++transcripts;
    for (const auto& hit : m->hits) {
      Count& c = counts[{lang, hit.rule}];
      (hit.cancelled.empty() ? c.hits : c.cancelled)++;
    }
  };
  sink.on_e = [&](Diagnostic&& d) {
    ++errors;
    fmt::print(stderr, "{}\n", d.format());
  };
  for (auto& item : expand_inputs(command.paths)) {
    if (item.error) sink.error(std::move(*item.error));
    else read_input(item.path, options.read, sink);
  }
  fmt::print("{:<5} {:<36} {:<22} {:>8} {:>9} {:>10}\n", "LANG", "RULE", "ID", "HITS", "CANCELLED", "PER 100");
  std::vector<std::string> dead;
  for (const auto& [lang, lexicon] : engine->lexicons().languages) {
    for (std::uint32_t r = 0; r < lexicon.rules.size(); ++r) {
      auto it = counts.find({lang, r});
      Count c = it == counts.end() ? Count{} : it->second;
      const Rule& rule = lexicon.rules[r];
      if (c.hits + c.cancelled == 0) {
        dead.push_back(rule.qualified_name());
        continue;
      }
      fmt::print("{:<5} {:<36} {:<22} {:>8} {:>9} {:>10.1f}\n", lang, rule.name, rule.id, c.hits, c.cancelled,
                 transcripts ? 100.0 * c.hits / transcripts : 0.0);
    }
  }
  fmt::print("\n{} transcripts, {} skipped; {} rules never fired", transcripts, errors, dead.size());
  if (!dead.empty() && dead.size() <= 40) {
    fmt::print(":");
    for (const auto& d : dead) fmt::print(" {}", d);
  }
  fmt::print("\n");
  return errors > 0 ? kExitUsage : kExitOk;
}

}  // namespace

int lexicon_command(const LexiconCommand& command) {
  if (command.action == "check") return check(command);
  if (command.action == "test") return test(command);
  if (command.action == "explain") return explain(command);
  return stats(command);
}

}  // namespace defuse
