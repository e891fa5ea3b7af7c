#include "pipeline/engine.h"

#include <fmt/format.h>

namespace defuse {

std::unique_ptr<Engine> Engine::load(const EngineOptions& options, Diagnostics& errors) {
  // Compile even after loading errors, so one run reports every problem (then refuse).
  std::size_t before = errors.size();
  LexiconSet set = load_lexicons(options.lexicon_dir, options.builtin, errors);
  bool load_failed = errors.size() > before;
  auto engine = from(std::move(set), errors);
  return load_failed ? nullptr : std::move(engine);
}

std::unique_ptr<Engine> Engine::from(LexiconSet lexicons, Diagnostics& errors) {
  auto engine = std::unique_ptr<Engine>(new Engine());
  engine->lexicons_ = std::move(lexicons);
  std::size_t before = errors.size();
  for (const auto& [lang, lexicon] : engine->lexicons_.languages)
    engine->compiled_[lang] = CompiledLexicon::compile(lexicon, errors);
  if (engine->lexicons_.languages.empty()) errors.push_back({"lexicons", 0, "no language lexicons (expected en/, es/, ru/ ...)"});
  if (errors.size() > before) return nullptr;
  engine->detector_ = std::make_unique<LanguageDetector>(engine->lexicons_);
  return engine;
}

const CompiledLexicon* Engine::compiled(std::string_view lang) const {
  auto it = compiled_.find(lang);
  return it == compiled_.end() ? nullptr : it->second.get();
}

Analyzer::Analyzer(const Engine& engine, ScoreOptions options) : engine_(engine), options_(std::move(options)) {}

std::string Analyzer::language_of(const Transcript& t, bool& detected) const {
  detected = t.lang.empty();
  if (!detected) {
    // Accept common spellings: "EN", "es-MX", "ru_RU", "spanish".
    std::string lang = t.lang.substr(0, 2);
    if (t.lang == "spanish" || t.lang == "espanol") lang = "es";
    if (t.lang == "russian" || t.lang == "русский") lang = "ru";
    if (t.lang == "english") lang = "en";
    return lang;
  }
  return engine_.detector().detect(t);
}

TokenCache* Analyzer::cache(const std::string& lang) {
  auto it = caches_.find(lang);
  if (it != caches_.end()) return it->second.get();
  const CompiledLexicon* compiled = engine_.compiled(lang);
  if (!compiled) return nullptr;
  return caches_.emplace(lang, std::make_unique<TokenCache>(*compiled)).first->second.get();
}

const TranscriptMatches* Analyzer::match(const Transcript& t, const std::string& lang, bool keep_speaker_cancels) {
  const CompiledLexicon* compiled = engine_.compiled(lang);
  TokenCache* token_cache = cache(lang);
  if (!compiled || !token_cache) return nullptr;
  match_transcript(t, *compiled, *token_cache, engine_.lexicons().scoring, scratch_, matches_, keep_speaker_cancels);
  return &matches_;
}

std::optional<ScoreResult> Analyzer::analyze(const Transcript& t, Diagnostic& error) {
  bool detected = false;
  std::string lang = language_of(t, detected);
  const TranscriptMatches* matches = match(t, lang);
  if (!matches) {
    error = {t.source, t.first_line, fmt::format("no lexicon for language '{}'", t.lang)};
    return std::nullopt;
  }
  return score_transcript(t, lang, detected, *engine_.compiled(lang), *matches, engine_.lexicons().scoring, options_);
}

}  // namespace defuse
