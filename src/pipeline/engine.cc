#include "pipeline/engine.h"

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/blob.h"
#include "lexicon/embedded.h"
#include "model/model_match.h"
#include "pipeline/role_inference.h"
#include "read/reader.h"

namespace defuse {

// The precompiled built-in lexicons: defined by the build's generated object
// (cmake: defuse_blob), absent — null — in the program that generates them.
extern "C" {
extern const char defuse_lexicon_blob_begin[] __attribute__((weak));
extern const char defuse_lexicon_blob_end[] __attribute__((weak));
}

namespace {
constexpr std::string_view kBlobMagic = "defuse-lexicons";
constexpr std::uint32_t kBlobVersion = 15;  // 9: the matcher's derived tables; 10: its flat term table;
                                            // 11: voice labels (roles.yaml); 12: all `unless`
                                            // patterns in their own anchor lists; 13: scoring `yields`;
                                            // 14: rules' `after_answer`; 15: languages'
                                            // `model_threshold`
}  // namespace

std::uint64_t builtin_fingerprint() {
  std::uint64_t h = fingerprint(DEFUSE_VERSION);
  for (const auto& f : embedded_lexicon_files()) h = fingerprint(f.text, fingerprint(f.path, h));
  return h;
}

namespace {

// The built-in blob is read once into the engine's own tables, after which its 24 MB in the
// binary are clean file pages nobody reads: handed back, they leave the peak RSS (issue 7:
// at most 100 MB). Read again (`lexicon` commands), they come back from the file.
void release_pages(std::string_view bytes) {
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto first = reinterpret_cast<std::uintptr_t>(bytes.data());
  const std::uintptr_t begin = (first + page - 1) & ~(page - 1);
  const std::uintptr_t end = (first + bytes.size()) & ~(page - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

}  // namespace

std::string_view precompiled_builtin() {
  if (!defuse_lexicon_blob_begin || !defuse_lexicon_blob_end) return {};
  return {defuse_lexicon_blob_begin, static_cast<std::size_t>(defuse_lexicon_blob_end - defuse_lexicon_blob_begin)};
}

std::string Engine::to_blob(std::uint64_t source_fingerprint) const {
  BlobWriter out;
  out.string(kBlobMagic);
  out.pod(kBlobVersion);
  out.pod(source_fingerprint);
  if (model_rules_.empty()) {
    write_lexicon_set(lexicons_, out);
  } else {  // the lexicons as compiled, without the model's rules (load() adds them again)
    LexiconSet set = lexicons_;
    for (const auto& [lang, first] : model_rules_) set.languages.at(lang).rules.resize(first);
    write_lexicon_set(set, out);
  }
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

namespace {

// Compiling a lexicon directory costs about a quarter of a second (YAML parsing and the
// matcher's tables); reading its compiled form back costs what the built-in lexicons do.
// So the compiled form of each --lexicons directory is kept in a cache directory, under the
// fingerprint of everything it was compiled from, and used when nothing changed.
constexpr std::size_t kCachedLexiconSets = 4;  // about 24 MB each

// What the compiled form depends on besides the sources: this program's compiler. The
// built-in blob is this build's compiler output, so its bytes stand for it.
std::uint64_t compiler_identity() {
  static const std::uint64_t identity = [] {
    std::string_view blob = precompiled_builtin();
    const std::uint64_t h = fingerprint(blob, fingerprint(DEFUSE_VERSION) ^ blob.size());
    release_pages(blob);  // read whole for this hash only
    return h;
  }();
  return identity;
}

std::uint64_t sources_fingerprint(const std::vector<LexiconFile>& files, bool builtin) {
  std::uint64_t h = fingerprint(builtin ? "builtin+dir" : "dir", compiler_identity());
  // Each string with its length, so that bytes cannot move from one to the next unnoticed.
  auto add = [&h](std::string_view s) { h = fingerprint(s, fingerprint(fmt::format("{}:", s.size()), h)); };
  for (const auto& f : files) {
    add(f.path);
    add(f.display);
    add(f.text);
  }
  return h;
}

// Sized first and read at once: through a growing stringstream, copying the 24 MB of a
// cached lexicon set was 40 % of a start that reads one.
std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size < 0) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return std::nullopt;  // shorter than it was: refused
  return bytes;
}

// Written to a temporary and renamed into place, so concurrent runs never read half a file;
// the oldest entries beyond kCachedLexiconSets are removed. A cache that cannot be written
// is no error: the next run compiles again.
void store_cached(const std::string& dir, const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return;
  const std::string temp = fmt::format("{}.{}.tmp", path, static_cast<long>(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return;
  }
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("lexicons-", 0) == 0 && entry.path().extension() == ".bin")
      entries.emplace_back(entry.last_write_time(ec), entry.path());
  }
  if (entries.size() <= kCachedLexiconSets) return;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = kCachedLexiconSets; i < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

}  // namespace

std::string lexicon_cache_dir() {
  auto set = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value && *value ? value : "";
  };
  if (std::string dir = set("DEFUSE_CACHE_DIR"); !dir.empty()) return dir;
  if (std::string dir = set("XDG_CACHE_HOME"); !dir.empty()) return dir + "/defuse";
  if (std::string dir = set("HOME"); !dir.empty()) return dir + "/.cache/defuse";
  return "";
}

std::unique_ptr<Engine> Engine::load(const EngineOptions& options, Diagnostics& errors) {
  auto engine = load_lexicons_only(options, errors);
  // The built-in conduct model comes with the built-in lexicons: its rules (no patterns) are
  // added after compiling, so compiled and cached lexicons stay those of the YAML.
  if (engine && options.builtin)
    for (const std::string& lang : ConductModels::builtin().languages())
      if (auto it = engine->lexicons_.languages.find(lang); it != engine->lexicons_.languages.end())
        engine->model_rules_[lang] = add_model_rules(it->second);
  return engine;
}

const ConductModel* Engine::model(std::string_view lang, std::uint32_t& first_rule) const {
  if (!model_) return nullptr;
  auto it = model_rules_.find(lang);
  if (it == model_rules_.end()) return nullptr;
  first_rule = it->second;
  return ConductModels::builtin().find(lang);
}

std::unique_ptr<Engine> Engine::load_lexicons_only(const EngineOptions& options, Diagnostics& errors) {
  // The built-in lexicons alone come precompiled (start-up in milliseconds); a blob that
  // does not match the embedded sources is ignored and the sources are compiled instead.
  if (options.builtin && options.lexicon_dir.empty()) {
    if (std::string_view blob = precompiled_builtin(); !blob.empty()) {
      if (auto engine = from_blob(blob, builtin_fingerprint())) {
        release_pages(blob);
        return engine;
      }
    }
  }
  // The embedded files, then the directory's over them (or the directory alone).
  std::size_t before = errors.size();
  std::vector<LexiconFile> files;
  if (options.builtin) files = builtin_lexicon_files();
  if (!options.lexicon_dir.empty()) {
    auto more = read_lexicon_dir(options.lexicon_dir, errors);
    files.insert(files.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  const bool cached = !options.cache_dir.empty() && !options.lexicon_dir.empty() && errors.size() == before &&
                      !precompiled_builtin().empty();
  std::uint64_t source = 0;
  std::string cache_path;
  if (cached) {
    source = sources_fingerprint(files, options.builtin);
    cache_path = fmt::format("{}/lexicons-{:016x}.bin", options.cache_dir, source);
    if (auto bytes = read_whole(cache_path))
      if (auto engine = from_blob(*bytes, source)) return engine;
  }
  // Compile even after loading errors, so one run reports every problem (then refuse).
  LexiconSet set = load_lexicon_files(files, errors);
  bool load_failed = errors.size() > before;
  auto engine = from(std::move(set), errors);
  if (load_failed || !engine) return nullptr;
  if (cached) store_cached(options.cache_dir, cache_path, engine->to_blob(source));
  return engine;
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
  return caches_.emplace(lang, std::make_unique<TokenCache>(*compiled, engine_.spelling())).first->second.get();
}

const TranscriptMatches* Analyzer::match(const Transcript& t, const std::string& lang, bool keep_speaker_cancels) {
  const CompiledLexicon* compiled = engine_.compiled(lang);
  TokenCache* token_cache = cache(lang);
  if (!compiled || !token_cache) return nullptr;
  match_transcript(t, *compiled, *token_cache, engine_.lexicons().scoring, scratch_, matches_, keep_speaker_cancels);
  std::uint32_t first_model_rule = 0;
  if (const auto turns = turns_to_rate(t, scratch_); !turns.empty())
    if (const ConductModel* model = engine_.model(lang, first_model_rule))
      apply_conduct_model(t, turns, *model, first_model_rule, compiled->lexicon(), model_caches_[lang], scratch_,
                          matches_);
  return &matches_;
}

std::optional<ScoreResult> Analyzer::analyze(const Transcript& t, Diagnostic& error,
                                             std::optional<Transcript>* as_scored) {
  // Only --infer-roles lets a transcript with no known role through the readers.
  if (roles_to_infer(t)) return analyze_inferring_roles(t, error, as_scored);
  bool detected = false;
  std::string lang = language_of(t, detected);
  const TranscriptMatches* matches = match(t, lang);
  if (!matches) {
    error = {t.source, t.first_line, fmt::format("no lexicon for language '{}'", t.lang)};
    return std::nullopt;
  }
  return score_transcript(t, lang, detected, *engine_.compiled(lang), *matches, engine_.lexicons().scoring, options_);
}

std::optional<ScoreResult> Analyzer::analyze_inferring_roles(const Transcript& t, Diagnostic& error,
                                                             std::optional<Transcript>* as_scored) {
  const std::array<std::string, 2> speakers = two_speakers(t);
  std::array<std::optional<ScoreResult>, 2> results;
  std::array<double, 2> likeness{};
  for (std::size_t k = 0; k < 2; ++k) {
    results[k] = analyze(with_agent(t, speakers[k]), error);
    if (!results[k]) return std::nullopt;
    likeness[k] = agent_likeness(*results[k]);
  }
  if (std::abs(likeness[0] - likeness[1]) < kRoleMargin) {
    auto name = [](const std::string& s) { return s.empty() ? std::string("(unnamed)") : s; };
    error = {t.source, t.first_line,
             fmt::format("cannot tell the agent by what the speakers say ({} {:g}, {} {:g} agent cues); name the agent "
                         "with --agent-name or map the speakers in a --mapping file",
                         name(speakers[0]), likeness[0], name(speakers[1]), likeness[1])};
    return std::nullopt;
  }
  const std::size_t agent = likeness[0] > likeness[1] ? 0 : 1;
  if (as_scored) *as_scored = with_agent(t, speakers[agent]);
  return std::move(results[agent]);
}

}  // namespace defuse
