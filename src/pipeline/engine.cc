#include "pipeline/engine.h"

#include <fmt/format.h>

#include "core/blob.h"
#include "lexicon/embedded.h"

namespace defuse {

// The precompiled built-in lexicons: defined by the build's generated object
// (cmake: defuse_blob), absent — null — in the program that generates them.
extern "C" {
extern const char defuse_lexicon_blob_begin[] __attribute__((weak));
extern const char defuse_lexicon_blob_end[] __attribute__((weak));
}

namespace {
constexpr std::string_view kBlobMagic = "defuse-lexicons";
constexpr std::uint32_t kBlobVersion = 5;
}  // namespace

std::uint64_t builtin_fingerprint() {
  std::uint64_t h = fingerprint(DEFUSE_VERSION);
  for (const auto& f : embedded_lexicon_files()) h = fingerprint(f.text, fingerprint(f.path, h));
  return h;
}

std::string_view precompiled_builtin() {
  if (!defuse_lexicon_blob_begin || !defuse_lexicon_blob_end) return {};
  return {defuse_lexicon_blob_begin, static_cast<std::size_t>(defuse_lexicon_blob_end - defuse_lexicon_blob_begin)};
}

std::string Engine::to_blob(std::uint64_t source_fingerprint) const {
  BlobWriter out;
  out.string(kBlobMagic);
  out.pod(kBlobVersion);
  out.pod(source_fingerprint);
  write_lexicon_set(lexicons_, out);
  for (const auto& [lang, lexicon] : lexicons_.languages) compiled_.at(lang)->write(out);
  return out.bytes();
}

std::unique_ptr<Engine> Engine::from_blob(std::string_view blob, std::uint64_t expected_fingerprint) {
  BlobReader in(blob);
  if (in.string() != kBlobMagic || in.pod<std::uint32_t>() != kBlobVersion ||
      in.pod<std::uint64_t>() != expected_fingerprint)
    return nullptr;
  auto engine = std::unique_ptr<Engine>(new Engine());
  if (!read_lexicon_set(in, engine->lexicons_) || engine->lexicons_.languages.empty()) return nullptr;
  for (const auto& [lang, lexicon] : engine->lexicons_.languages) {
    auto compiled = CompiledLexicon::read(in, lexicon);
    if (!compiled) return nullptr;
    engine->compiled_[lang] = std::move(compiled);
  }
  if (!in.ok() || !in.at_end()) return nullptr;
  engine->detector_ = std::make_unique<LanguageDetector>(engine->lexicons_);
  return engine;
}

std::unique_ptr<Engine> Engine::load(const EngineOptions& options, Diagnostics& errors) {
  // The built-in lexicons alone come precompiled (start-up in milliseconds); a blob that
  // does not match the embedded sources is ignored and the sources are compiled instead.
  if (options.builtin && options.lexicon_dir.empty()) {
    if (std::string_view blob = precompiled_builtin(); !blob.empty())
      if (auto engine = from_blob(blob, builtin_fingerprint())) return engine;
  }
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
