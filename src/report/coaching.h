// `defuse explain FILE`: the coaching view. What an agent sees in a coaching session: the
// conversation turn by turn with each step and anti-pattern marked where it happened, then
// the missing steps, the order problems and the score breakdown, worded as advice in the
// language of the session (English, Spanish or Russian).
//
// The view is built once (build_coaching_view) and rendered as terminal text or as an HTML
// page (html.h), so both say the same thing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/transcript.h"
#include "lexicon/lexicon.h"
#include "score/result.h"

namespace defuse {

enum class UiLang { en, es, ru };

/// "en" | "es" | "ru"; nullopt for anything else.
std::optional<UiLang> parse_ui_lang(std::string_view code);

/// Words of the coaching view in a UI language. Every function returns English for an
/// unknown ID, so a newer record never breaks an older defuse.
std::string step_title(int step, UiLang lang);                 // "Closing"
std::string step_missing_advice(int step, UiLang lang);        // "No closing: the conversation ended ..."
std::string anti_pattern_title(std::string_view id, UiLang lang);
std::string anti_pattern_advice(std::string_view id, UiLang lang);
std::string signal_title(std::string_view id, UiLang lang);
std::string order_advice(std::string_view id, std::string_view fallback, UiLang lang);
std::string outcome_title(std::string_view outcome, UiLang lang);
/// A fixed label of the view ("Conversation", "What was missing", ...), by English key.
std::string ui_text(std::string_view key, UiLang lang);

/// One marker under a turn.
struct TurnMark {
  enum class Kind { step, anti_pattern, signal };
  Kind kind = Kind::step;
  std::string id;
  std::string title;  // localized name
  std::string quote;  // the sentence that triggered it
};

struct CoachingTurn {
  int number = 0;          // 1-based, as in the record's evidence
  std::string role;        // agent | customer | other
  std::string speaker;     // the label's name, may be empty
  std::string text;
  std::string time;        // "14:05:10" / "00:01:23" where the transcript has timestamps
  std::vector<TurnMark> marks;
};

/// One line of advice: what, where, and what to do instead.
struct AdviceItem {
  std::string id;
  int turn = 0;        // 0: the conversation as a whole
  std::string title;
  std::string advice;
  std::string quote;   // the agent's words, where there are some
};

struct BreakdownLine {
  std::string id;
  std::string title;
  double points = 0;     // earned (+), lost (-), or the weight not earned (missed)
  enum class Kind { earned, lost, missed } kind = Kind::earned;
  std::string note;      // "2 times", the order message
};

struct CoachingView {
  UiLang lang = UiLang::en;
  std::string id, source, agent, customer, channel, transcript_lang, started_at, outcome;
  double score = 0;
  std::vector<CoachingTurn> turns;
  std::vector<AdviceItem> done;      // steps done, in cycle order (what went well)
  std::vector<AdviceItem> missing;   // steps not done, in cycle order
  std::vector<AdviceItem> order;     // order problems
  std::vector<AdviceItem> avoid;     // anti-patterns, in turn order (one per ID and turn)
  std::vector<BreakdownLine> breakdown;
};

/// Builds the view. `transcript` must be the one `result` was scored from (turn numbers in
/// the evidence index its turns); `scoring` supplies the weights of the missing steps.
CoachingView build_coaching_view(const Transcript& transcript, const ScoreResult& result,
                                 const ScoringConfig& scoring, UiLang lang);

/// Terminal text: ANSI colour when `color`, else plain markers ("[+ clarify]", "[! arguing]").
std::string render_coaching_text(const CoachingView& view, bool color, std::size_t width = 100);

/// "(the points add up to -5; ...)" when the score was clamped, else "".
std::string clamp_note(const CoachingView& view);

/// Wraps `text` to `width` display columns; continuation lines start with `indent`.
std::string wrap_text(std::string_view text, std::size_t width, std::string_view indent);

}  // namespace defuse
