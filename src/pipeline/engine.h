// The loaded, compiled lexicons (shared, immutable) and the per-thread Analyzer that runs
// normalize -> match -> score on one transcript.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "lexicon/lexicon.h"
#include "match/matcher.h"
#include "match/transcript_match.h"
#include "model/conduct_model.h"
#include "normalize/language.h"
#include "score/result.h"
#include "score/scorer.h"

namespace defuse {

struct EngineOptions {
  std::string lexicon_dir;  // --lexicons; "" for none
  bool builtin = true;      // false with --no-builtin
  /// Where the compiled form of a --lexicons directory is kept between runs (see
  /// lexicon_cache_dir()); "" for no cache.
  std::string cache_dir;
};

/// The directory for compiled lexicons: $DEFUSE_CACHE_DIR, else $XDG_CACHE_HOME/defuse,
/// else $HOME/.cache/defuse; "" when none is set.
std::string lexicon_cache_dir();

/// Thread-safe after load(): every thread reads it, none writes.
class Engine {
 public:
  /// Loads and compiles the lexicons. Returns null with every problem in `errors`.
  static std::unique_ptr<Engine> load(const EngineOptions& options, Diagnostics& errors);
  /// Compiles an already loaded set (tests, lexicon tools).
  static std::unique_ptr<Engine> from(LexiconSet lexicons, Diagnostics& errors);

  /// The engine (lexicons and their compiled form) in the binary encoding of core/blob.h,
  /// tagged with the fingerprint of the sources it was compiled from.
  std::string to_blob(std::uint64_t source_fingerprint) const;
  /// Reads to_blob's bytes; null when they are damaged or not from `expected_fingerprint`.
  static std::unique_ptr<Engine> from_blob(std::string_view blob, std::uint64_t expected_fingerprint);

  const LexiconSet& lexicons() const { return lexicons_; }
  const CompiledLexicon* compiled(std::string_view lang) const;
  const LanguageDetector& detector() const { return *detector_; }
  /// Whether misspelt words are read as the lexicon words they are one edit from (on by
  /// default; the languages' `spelling` dictionaries decide what is misspelt).
  bool spelling() const { return spelling_; }
  void set_spelling(bool on) { spelling_ = on; }
  /// The built-in conduct model for `lang` (model/conduct_model.h), with the index of its
  /// first rule in the language's rules; null with --no-model, with --no-builtin, or when
  /// the program was built without it.
  const ConductModel* model(std::string_view lang, std::uint32_t& first_rule) const;
  void set_model(bool on) { model_ = on; }

 private:
  LexiconSet lexicons_;
  bool spelling_ = true;
  bool model_ = true;
  std::map<std::string, std::uint32_t, std::less<>> model_rules_;  // language -> first model rule
  static std::unique_ptr<Engine> load_lexicons_only(const EngineOptions& options, Diagnostics& errors);
  std::map<std::string, std::unique_ptr<CompiledLexicon>, std::less<>> compiled_;
  std::unique_ptr<LanguageDetector> detector_;
};

/// The fingerprint of the built-in lexicon sources (every embedded file's path and text).
std::uint64_t builtin_fingerprint();
/// The built-in lexicons precompiled at build time (see src/lexc/main.cc); empty in a
/// program linked without them.
std::string_view precompiled_builtin();

/// One per thread: owns the token caches and scratch buffers. Not thread-safe.
class Analyzer {
 public:
  Analyzer(const Engine& engine, ScoreOptions options);

  /// The transcript's language: as given (front matter or --lang), else detected.
  std::string language_of(const Transcript& transcript, bool& detected) const;

  /// Scores one transcript; nullopt with `error` when its language has no lexicon.
  /// With --infer-roles, a transcript of two speakers with no known role is scored with the
  /// roles inferred; `as_scored`, if given, then receives it with those roles (for a view of
  /// the conversation that labels the turns as they were scored).
  std::optional<ScoreResult> analyze(const Transcript& transcript, Diagnostic& error,
                                     std::optional<Transcript>* as_scored = nullptr);

  /// The match stage alone (explain, eval, lexicon stats). Valid until the next call.
  const TranscriptMatches* match(const Transcript& transcript, const std::string& lang,
                                 bool keep_speaker_cancels = false);
  TokenCache* cache(const std::string& lang);
  const Engine& engine() const { return engine_; }

 private:
  /// analyze() for two speakers of unknown roles: scored both ways round, the way in which
  /// the agent reads more like an agent is kept (pipeline/role_inference.h).
  std::optional<ScoreResult> analyze_inferring_roles(const Transcript& transcript, Diagnostic& error,
                                                     std::optional<Transcript>* as_scored);
  const Engine& engine_;
  ScoreOptions options_;
  std::map<std::string, std::unique_ptr<TokenCache>, std::less<>> caches_;
  std::map<std::string, ModelWordCache, std::less<>> model_caches_;  // by language
  MatchScratch scratch_;
  TranscriptMatches matches_;
};

}  // namespace defuse
