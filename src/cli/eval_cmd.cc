#include <fmt/format.h>

#include <set>

#include "cli/app.h"
#include "cli/commands.h"
#include "eval/eval.h"
#include "pipeline/batch.h"

namespace defuse {

int eval_command(const EvalCommand& command) {
  GoldSet gold;
  Diagnostics errors;
  for (const auto& g : command.gold) load_gold(g, gold, errors);
  for (const auto& e : errors) fmt::print(stderr, "{}\n", e.format());
  if (!errors.empty()) return kExitUsage;
  auto engine = load_engine(command.common);
  if (!engine) return kExitUsage;

  EvalReport report;
  std::set<std::string> seen;
  std::size_t skipped = 0;
  BatchSink sink;
  sink.result = [&](ScoreResult&& r) {
    seen.insert(r.id);
    auto it = gold.find(r.id);
    if (it == gold.end()) report.unlabelled.push_back(r.id);
    else report.add(r, it->second);
  };
  sink.error = [&](const Diagnostic& d) {
    ++skipped;
    fmt::print(stderr, "{}\n", d.format());
  };
  run_batch(*engine, command.paths, batch_options(command.common, *engine), sink);
  for (const auto& [id, _] : gold)
    if (!seen.count(id)) report.missing.push_back(id);

  bool show = command.show == "errors";
  if (command.format == "json") fmt::print("{}", render_eval_json(report, show));
  else if (command.format == "md") fmt::print("{}", render_eval_markdown(report, show));
  else fmt::print("{}", render_eval_table(report, show));
  return skipped > 0 ? kExitUsage : kExitOk;
}

}  // namespace defuse
