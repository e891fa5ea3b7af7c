// The lexicon model: rules, per-language settings, speaker roles and scoring weights, as
// loaded from YAML (the built-in set embedded in the binary, a team's directory, or both).
// The YAML schema is documented in docs/lexicon-format.md; every loading error carries
// `file:line`, and all errors of a load are reported together.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/diagnostic.h"
#include "core/ids.h"
#include "core/transcript.h"

namespace defuse {

enum class SpeakerFilter { agent, customer, any };
// late: in the closing turns but not the agent's first turn (an offer of help there opens);
// replied: after the other side's first turn (a thanks that ends an opening request is no
// satisfaction).
enum class PositionFilter { any, start, end, late, first, replied };
enum class QuestionFilter { any, yes, no };

struct Rule {
  std::string id;        // step / anti-pattern / signal / auxiliary ID
  IdRef ref{IdKind::step, 0};
  std::string name;      // unique within its language
  std::string lang;
  std::string file;      // for messages: "en/steps.yaml" or a directory path
  int line = 0;
  SpeakerFilter speaker = SpeakerFilter::agent;
  PositionFilter position = PositionFilter::any;
  bool negation_cancels = true;
  QuestionFilter question = QuestionFilter::any;
  bool bare_question_cancels = false;
  bool quoted_cancels = true;
  bool unless_in_turn = false;  // `unless` patterns cancel anywhere in the turn, not only the sentence
  // A pointer ("more at [link]") that is help after an answer the turn gave in its own words,
  // and the anti-pattern only as the whole answer (scorer: answered_before).
  bool after_answer_cancels = false;
  // The customer's reaction to an agent's act ("Are you calling me a liar?"): evidence of the
  // agent-side anti-pattern `id` in the agent's answer before it, as a rater reads it.
  bool reaction = false;
  struct Pattern {
    std::string text;
    int line = 0;
  };
  std::vector<Pattern> patterns;
  std::vector<Pattern> unless;
  std::vector<std::string> match_examples;
  std::vector<std::string> no_match_examples;

  std::string qualified_name() const { return lang + "/" + name; }
};

/// The conduct model's threshold where language.yaml sets none. 0.5 was chosen on the dev set's
/// round-10 half; with rounds 17 and 18 in training, each measured as the round left out, and
/// the polite real text, 0.65 is better on both rounds and keeps real text under its caps.
inline constexpr float kDefaultModelThreshold = 0.65f;
/// The bounds a language.yaml's `model_threshold` must keep: below one half the model would
/// flag turns it rates more likely clean than not.
inline constexpr float kMinModelThreshold = 0.5f, kMaxModelThreshold = 0.99f;

struct LanguageLexicon {
  std::string lang;
  std::string stemmer;  // Snowball algorithm name; "" for none
  std::string spelling;  // Hunspell dictionary name ("ru_RU") for reading typos; "" for none
  std::vector<std::string> negators;
  // Words a negator reaches past to the words after them: pronouns, clitics, modal and
  // auxiliary verbs, particles ("no LE vamos a", "не МОГУ вам", "can't REALLY"). Empty:
  // a negator reaches any word within its window.
  std::vector<std::string> negation_passes;
  std::vector<std::string> fillers;
  std::vector<std::string> detect;
  /// How sure the conduct model must be for its rating of an agent turn to count as an
  /// anti-pattern (`model_threshold` in language.yaml; README, "The conduct model").
  float model_threshold = kDefaultModelThreshold;
  std::vector<Rule> rules;
};

/// Speaker labels -> roles (roles.yaml), matched on the folded first word of a label.
class RoleVocabulary {
 public:
  void add(Role role, std::string_view word);
  /// The role a label's first word names; nullopt when it names none.
  std::optional<Role> classify(std::string_view word) const;
  bool empty() const { return words_.empty(); }
  const std::map<std::string, Role, std::less<>>& words() const { return words_; }

  /// Words that label a voice of diarised speech-to-text, not a side ("Speaker" in
  /// "Speaker 1:", "SPEAKER_00:", "Говорящий А:"): such a speaker's role is unknown.
  void add_voice(std::string_view word);
  bool names_voice(std::string_view word) const;
  const std::set<std::string, std::less<>>& voices() const { return voices_; }

 private:
  std::map<std::string, Role, std::less<>> words_;
  std::set<std::string, std::less<>> voices_;
};

struct ScoringConfig {
  std::array<double, kStepCount> step_weight{10, 15, 15, 10, 20, 15, 15};
  std::array<double, kAntiPatternCount> anti_pattern_penalty{15, 15, 10, 10, 15, 20, 5, 10, 20, 10, 0};
  int max_repeats = 2;             // an anti-pattern's penalty counts at most this often
  double order_penalty = 5;        // per order violation
  int start_agent_turns = 2;       // position: start
  int end_agent_turns = 2;         // position: end
  /// Bit b of yields_to[a]: anti-pattern a is not counted in a turn where b is found (a
  /// team whose raters give a turn one of the two: "above my pay grade, head office decides"
  /// as management_deflection only, not also an excuse). Lexical anti-patterns, no cycles;
  /// none by default.
  std::array<std::uint32_t, kAntiPatternCount> yields_to{};
  std::map<std::string, double, std::less<>> slow_response_s{
      {"call", 0}, {"chat", 3600}, {"live_chat", 120}, {"email", 3600}, {"social", 3600}, {"default", 3600}};
  /// Threshold for a channel in seconds; 0 disables slow_response for it.
  double slow_threshold(std::string_view channel) const;
};

/// One YAML file handed to the loader: a path for messages and its text.
struct LexiconFile {
  std::string path;      // relative: "roles.yaml", "en/steps.yaml"
  std::string display;   // what messages show: the real path, or "<built-in>/en/steps.yaml"
  std::string text;
};

struct LexiconSet {
  std::map<std::string, LanguageLexicon, std::less<>> languages;
  RoleVocabulary roles;
  ScoringConfig scoring;

  const LanguageLexicon* find(std::string_view lang) const;
};

/// Loads the embedded files, then `dir` over them (unless `builtin` is false, then `dir`
/// alone). Rules in `dir` with a built-in rule's name replace it. Errors are appended to
/// `errors`; the set is usable only when no error was added.
LexiconSet load_lexicons(const std::string& dir, bool builtin, Diagnostics& errors);

/// Loads from explicit files (tests, `lexicon check`).
LexiconSet load_lexicon_files(const std::vector<LexiconFile>& files, Diagnostics& errors);

class BlobWriter;
class BlobReader;
/// The set in the binary encoding of core/blob.h (for the precompiled built-in lexicons).
void write_lexicon_set(const LexiconSet& set, BlobWriter& out);
/// Reads what write_lexicon_set wrote; false when the bytes are not that.
bool read_lexicon_set(BlobReader& in, LexiconSet& set);

/// The files under `dir` (*.yaml, recursively), or an error.
std::vector<LexiconFile> read_lexicon_dir(const std::string& dir, Diagnostics& errors);
std::vector<LexiconFile> builtin_lexicon_files();

}  // namespace defuse
