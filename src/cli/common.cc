#include <fmt/format.h>

#include <thread>

#include "cli/commands.h"
#include "pipeline/batch.h"
#include "read/mapping.h"
#include "redact/redact.h"

namespace defuse {

void say(const std::string& message) { fmt::print(stderr, "defuse: {}\n", message); }

std::unique_ptr<Engine> load_engine(const CommonOptions& options) {
  Diagnostics errors;
  auto engine = Engine::load({options.lexicon_dir, !options.no_builtin}, errors);
  for (const auto& e : errors) fmt::print(stderr, "{}\n", e.format());
  if (!engine) say(fmt::format("cannot load the lexicons ({} problem{})", errors.size(), errors.size() == 1 ? "" : "s"));
  // A broken --mapping file would fail every input: report it once, before reading any.
  ReadOptions read;
  read.mapping_file = options.mapping_file;
  Diagnostics mapping_errors;
  if (engine && !options.mapping_file.empty() && !mapping_for(read, mapping_errors)) {
    for (const auto& e : mapping_errors) fmt::print(stderr, "{}\n", e.format());
    say("cannot load the mapping file");
    return nullptr;
  }
  return engine;
}

BatchOptions batch_options(const CommonOptions& options, const Engine& engine) {
  BatchOptions batch;
  unsigned cores = std::thread::hardware_concurrency();
  batch.jobs = options.jobs > 0 ? options.jobs : static_cast<int>(cores == 0 ? 1 : cores);
  batch.read.roles = &engine.lexicons().roles;
  batch.read.lang = options.lang;
  batch.read.format = options.input_format;
  batch.read.agent_name = options.agent_name;
  batch.read.mapping_file = options.mapping_file;
  batch.read.limits = options.limits;
  // Evidence leaves the machine by e-mail and chat: mask personal data unless told not to.
  if (!options.no_redact) batch.score.redact = [](std::string_view text) { return redact(text); };
  return batch;
}

}  // namespace defuse
