#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <thread>

#include "cli/commands.h"
#include "pipeline/batch.h"
#include "read/mapping.h"
#include "redact/redact.h"

namespace defuse {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

}  // namespace

const std::atomic<bool>& stop_flag() { return g_stop; }

const std::atomic<bool>& stop_on_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return g_stop;
}

void add_cache_option(CLI::App* cmd, CommonOptions& o) {
  cmd->add_flag("--no-cache", o.no_cache, "Compile the lexicon directory; do not use or keep a compiled copy");
}

void add_lexicon_options(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--lexicons", o.lexicon_dir, "Load a lexicon directory over the built-in one")->type_name("DIR");
  cmd->add_flag("--no-builtin", o.no_builtin, "With --lexicons: use that directory alone");
  cmd->add_flag("--no-spelling", o.no_spelling,
                "Do not read misspelt words as the lexicon words they are one letter from");
  cmd->add_flag("--no-model", o.no_model,
                "Find anti-patterns with the lexicons alone, without the built-in conduct model");
  add_cache_option(cmd, o);
}

void add_scoring_options(CLI::App* cmd, CommonOptions& o, bool lang_is_filter) {
  add_lexicon_options(cmd, o);
  cmd->add_option(lang_is_filter ? "--transcript-lang" : "--lang", o.lang,
                  "Force the language of every transcript that is scored (en, es, ru)")
      ->type_name("CODE")
      ->check(CLI::IsMember({"en", "es", "ru"}));
  cmd->add_option("-j,--jobs", o.jobs, "Worker threads (default: the number of cores)")->check(CLI::Range(1, 256));
  cmd->add_flag("-q,--quiet", o.quiet, "No summary or progress on stderr");
  cmd->add_option("--input-format", o.input_format, "Transcript format (default: detected from content)")
      ->check(CLI::IsMember({"auto", "text", "json", "ndjson", "csv", "vtt", "srt", "contact-lens"}));
  cmd->add_option("--agent-name", o.agent_name, "A speaker name that is the agent (subtitle and CSV exports)");
  cmd->add_option("--mapping", o.mapping_file, "YAML column and speaker mapping for CSV/VTT/SRT")->type_name("FILE");
  cmd->add_flag("--infer-roles", o.infer_roles,
                "Two speakers with no known role (diarised speech-to-text): tell the agent by what they say");
  cmd->add_option("--max-file-size", o.limits.max_file_bytes, "Largest input file in bytes")->capture_default_str();
  cmd->add_option("--max-line-length", o.limits.max_line_bytes, "Longest line or record in bytes")->capture_default_str();
  cmd->add_option("--max-turns", o.limits.max_turns, "Most turns in one transcript")->capture_default_str();
  cmd->add_flag("--no-redact", o.no_redact, "Do not mask personal data in evidence");
}

namespace {
// The Debian package of a Hunspell dictionary, for load_engine's warning.
std::string hunspell_package(const std::string& dictionary) {
  // English comes by country (hunspell-en-us, hunspell-en-gb); other languages in one package.
  std::string lang = dictionary.substr(0, dictionary.find('_'));
  if (lang != "en") return "hunspell-" + lang;
  std::string package = "hunspell-";
  for (char c : dictionary) package.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return package;
}
}  // namespace

void say(const std::string& message) { fmt::print(stderr, "defuse: {}\n", message); }

std::unique_ptr<Engine> load_engine(const CommonOptions& options) {
  Diagnostics errors;
  auto engine = Engine::load({options.lexicon_dir, !options.no_builtin, options.no_cache ? "" : lexicon_cache_dir()}, errors);
  for (const auto& e : errors) fmt::print(stderr, "{}\n", e.format());
  if (!engine) say(fmt::format("cannot load the lexicons ({} problem{})", errors.size(), errors.size() == 1 ? "" : "s"));
  if (engine) {
    engine->set_spelling(!options.no_spelling);
    engine->set_model(!options.no_model);
    // Without its dictionaries a language still works, less forgiving of typos: say so.
    for (const auto& [lang, lexicon] : engine->lexicons().languages)
      for (const auto& name : engine->compiled(lang)->missing_dictionaries())
        if (!options.no_spelling && !options.quiet)
          say(fmt::format("warning: the lexicons were compiled without the Hunspell dictionary '{}' for {} "
                          "(/usr/share/hunspell/{}.dic; Debian: {}): fewer misspelt words are recognised",
                          name, lang, name, hunspell_package(name)));
  }
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
  batch.read.infer_roles = options.infer_roles;
  batch.read.limits = options.limits;
  // Evidence leaves the machine by e-mail and chat: mask personal data unless told not to.
  if (!options.no_redact) batch.score.redact = redact_into;
  return batch;
}

}  // namespace defuse
