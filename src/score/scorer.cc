#include "score/scorer.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>

#include "core/small_sort.h"
#include "normalize/tokenizer.h"

namespace defuse {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Whether a link ("https://…", "www.…") appears in `text`.
bool has_link(std::string_view text) {
  return text.find("http") != std::string_view::npos || text.find("www.") != std::string_view::npos;
}

// The words of `text` that could carry an answer: whitespace-separated pieces with a letter
// or digit, not an @handle, a #hashtag or a link.
int answer_words(std::string_view text) {
  int words = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) ++i;
    std::size_t b = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != '\r') ++i;
    std::string_view word = text.substr(b, i - b);
    if (word.empty() || word[0] == '@' || word[0] == '#' || has_link(word)) continue;
    words += std::any_of(word.begin(), word.end(), [](char c) {
      auto u = static_cast<unsigned char>(c);
      return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    });
  }
  return words;
}

// Cuts at a UTF-8 boundary and a space, adding "…".
std::string cut(std::string_view s, std::size_t max_bytes) {
  s = trim(s);
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  std::size_t space = s.rfind(' ', end);
  if (space != std::string_view::npos && space > max_bytes / 2) end = space;
  return std::string(s.substr(0, end)) + "…";
}

struct Context {
  const Transcript& t;
  const ScoreOptions& options;
  // The sentence last quoted, redacted whole: masking after the cut could leave half a
  // phone number in view. Hits in one sentence come together, so one entry is enough.
  std::string_view redacted_from{};
  bool masked = false;  // redacted_from held personal data, now masked in `redacted`
  std::string redacted{};

  std::string quote(int turn, std::uint32_t begin, std::uint32_t end) {
    std::string_view text = t.turns[turn].text.substr(begin, end - begin);
    if (!options.redact) return cut(text, options.max_text_bytes);
    if (text.data() != redacted_from.data() || text.size() != redacted_from.size()) {
      masked = options.redact(text, redacted);
      redacted_from = text;
    }
    return cut(masked ? std::string_view(redacted) : text, options.max_text_bytes);
  }
  std::string speaker(int turn) const { return std::string(role_name(t.turns[turn].role)); }
};

// Times come from inputs and may be anything an int64 holds: subtract them as doubles, so
// that 9e18 - (-9e18) is a large wait, not signed overflow.
double ms_between(std::int64_t from, std::int64_t to) { return static_cast<double>(to) - static_cast<double>(from); }

struct Timeline {
  Timing timing;
  std::vector<int> slow_turns;
  std::vector<double> slow_waits;
};

// slow_response and the timing figures (CYCLE.md): the clock starts at the first customer
// message the agent has not answered; follow-up nudges do not restart it; a customer's
// "give me a minute" (customer_pause) stops it until the customer writes again.
Timeline measure_timing(const Transcript& t, const std::vector<bool>& pause_turns, double threshold_s) {
  Timeline out;
  bool timed = std::any_of(t.turns.begin(), t.turns.end(), [](const Turn& x) { return x.start_ms.has_value(); });
  // Talk share: by time where turns have start and end (calls), else by characters.
  double agent_amount = 0, customer_amount = 0;
  bool by_time = std::all_of(t.turns.begin(), t.turns.end(),
                             [](const Turn& x) { return x.start_ms && x.end_ms && *x.end_ms >= *x.start_ms; });
  for (const auto& turn : t.turns) {
    double amount = by_time ? ms_between(*turn.start_ms, *turn.end_ms) : static_cast<double>(turn.text.size());
    if (turn.role == Role::agent) agent_amount += amount;
    if (turn.role == Role::customer) customer_amount += amount;
  }
  if (agent_amount + customer_amount > 0) out.timing.agent_share = agent_amount / (agent_amount + customer_amount);
  if (by_time && !t.turns.empty()) {
    int overlaps = 0;
    for (std::size_t i = 1; i < t.turns.size(); ++i) {
      const Turn& prev = t.turns[i - 1];
      const Turn& cur = t.turns[i];
      if (cur.role != prev.role && cur.role != Role::other && *cur.start_ms < *prev.end_ms) ++overlaps;
    }
    out.timing.interruptions = overlaps;
  }
  if (!timed) return out;
  if (threshold_s > 0) out.timing.slow_threshold_s = threshold_s;

  // When the unanswered customer message came (a flag and a value, not an optional: g++ 12
  // warns that an optional's value may be read uninitialized).
  bool waiting = false;
  std::int64_t pending = 0;
  std::optional<std::int64_t> first_customer;
  bool first_answered = false;
  double longest = -1;
  for (std::size_t i = 0; i < t.turns.size(); ++i) {
    const Turn& turn = t.turns[i];
    if (!turn.start_ms) continue;
    if (turn.role == Role::customer) {
      if (!first_customer) first_customer = turn.start_ms;
      if (pause_turns[i]) waiting = false;
      else if (!waiting) waiting = true, pending = *turn.start_ms;
    } else if (turn.role == Role::agent) {
      if (first_customer && !first_answered) {
        out.timing.first_response_s = std::max<double>(0, ms_between(*first_customer, *turn.start_ms) / 1000.0);
        first_answered = true;
      }
      if (waiting) {
        double wait = ms_between(pending, *turn.start_ms) / 1000.0;
        if (wait >= 0) {
          longest = std::max(longest, wait);
          if (threshold_s > 0 && wait > threshold_s) {
            out.slow_turns.push_back(static_cast<int>(i));
            out.slow_waits.push_back(wait);
          }
        }
        waiting = false;
      }
    }
  }
  if (longest >= 0) out.timing.longest_wait_s = longest;
  return out;
}

std::string human_duration(double seconds) {
  if (seconds < 120) return fmt::format("{:.0f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

// An anti-pattern that yields to another one found in the same turn is not counted there
// (scoring.yaml `yields`): a rater who hears "it's above my pay grade, head office decides"
// marks management_deflection, not also an excuse. The loader refuses cycles, so what a
// turn keeps does not depend on the order of its hits.
void apply_yields(std::vector<AntiPatternHit>& found, std::vector<Cancelled>& cancelled, const ScoringConfig& scoring) {
  if (std::all_of(scoring.yields_to.begin(), scoring.yields_to.end(), [](std::uint32_t m) { return m == 0; })) return;
  auto index = [](std::string_view id) {
    return static_cast<int>(std::find(kAntiPatternIds.begin(), kAntiPatternIds.end(), id) - kAntiPatternIds.begin());
  };
  std::vector<int> yielding_to;  // per hit: the anti-pattern it yields to, or -1
  yielding_to.reserve(found.size());
  bool any = false;
  for (const auto& a : found) {
    int to = -1;
    const int ia = index(a.id);
    const std::uint32_t mask = ia < kAntiPatternCount ? scoring.yields_to[ia] : 0;
    for (const auto& b : found) {
      if (!mask) break;
      const int ib = index(b.id);
      if (b.turn == a.turn && ib < kAntiPatternCount && (mask >> ib & 1)) to = ib;
    }
    yielding_to.push_back(to);
    any = any || to >= 0;
  }
  if (!any) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (yielding_to[i] < 0) {
      if (kept != i) found[kept] = std::move(found[i]);
      ++kept;
      continue;
    }
    AntiPatternHit& a = found[i];
    cancelled.push_back({std::move(a.id), a.turn, std::move(a.text), std::move(a.rule),
                         fmt::format("yields to {} in the same turn (scoring.yaml yields)", kAntiPatternIds[yielding_to[i]])});
  }
  found.resize(kept);
}

}  // namespace

std::string decide_outcome(const std::vector<SignalHit>& signals, int late_from_turn) {
  bool conflict_early = false, conflict_late = false, satisfied_late = false;
  int last_conflict = -1, last_satisfied = -1;
  for (const auto& s : signals) {
    int turn = s.turn - 1;
    bool conflict = s.id == "hostility" || s.id == "threat";
    if (conflict) {
      last_conflict = std::max(last_conflict, turn);
      (turn >= late_from_turn ? conflict_late : conflict_early) = true;
    } else if (s.id == "satisfied") {
      last_satisfied = std::max(last_satisfied, turn);
      if (turn >= late_from_turn) satisfied_late = true;
    }
  }
  if (conflict_late && last_conflict >= last_satisfied) return "escalated";
  if (satisfied_late) return "de-escalated";
  if (conflict_early && !conflict_late) return "de-escalated";
  return "unresolved";
}

ScoreResult score_transcript(const Transcript& t, const std::string& lang, bool lang_detected,
                             const CompiledLexicon& lexicon, const TranscriptMatches& matches,
                             const ScoringConfig& scoring, const ScoreOptions& options) {
  Context ctx{t, options};
  const auto& rules = lexicon.lexicon().rules;
  ScoreResult r;
  r.id = t.id;
  r.source = t.source;
  r.agent = t.agent;
  r.customer_name = t.customer;
  r.lang = lang;
  r.lang_detected = lang_detected;
  r.channel = t.channel;
  r.started_at = t.started_at;
  r.metadata = t.metadata;
  if (options.redact) {
    std::string masked;
    for (auto& entry : r.metadata)
      if (options.redact(entry.second, masked)) entry.second.swap(masked);
  }
  r.turns = static_cast<int>(t.turns.size());
  for (const auto& turn : t.turns) {
    r.agent_turns += turn.role == Role::agent;
    r.customer_turns += turn.role == Role::customer;
  }

  std::array<int, kStepCount> first_turn;
  first_turn.fill(-1);
  std::vector<bool> pause_turns(t.turns.size(), false);
  int close_in_middle_turn = -1, greet_late_turn = -1;

  // Context a careful rater uses: a website tip once the problem is solved is help, not a
  // deflection (CYCLE.md), so website_deflection only counts before the first solution. A
  // commitment ("you'll see it within 3 days") marks the problem as taken in hand just as well:
  // agents often report the fix only by its date.
  std::pair<int, std::uint32_t> first_remedy{INT32_MAX, 0};
  for (const auto& hit : matches.hits) {
    const Rule& rule = rules[hit.rule];
    bool remedy = rule.ref.kind == IdKind::step && (rule.ref.index == static_cast<int>(Step::solve) ||
                                                    rule.ref.index == static_cast<int>(Step::commit));
    if (hit.cancelled.empty() && remedy)
      first_remedy = std::min(first_remedy, std::make_pair(hit.turn, hit.sentence_begin));
  }
  // A pointer ("Conoce más en: https://…", a rule with `after_answer: cancel`) is help when the
  // turn has already answered in its own words (CYCLE.md: a website tip once the problem is
  // dealt with; raters: "a link added after an answer given in the text"), and the
  // anti-pattern only as the whole answer. The answer: kAnswerWords words in the sentences of
  // the turn before the pointer's, leaving out questions, sentences with a link and those where
  // a courtesy step or the same label was found (greetings, apologies, other pointers). A
  // sentence that solves or commits is an answer whatever its length.
  constexpr int kAnswerWords = 8;
  Segmented segmented;
  auto answered_before = [&](const RuleHit& pointer) {
    std::string_view text = t.turns[pointer.turn].text;
    const std::string& id = rules[pointer.rule].id;
    segment(text, segmented);
    int words = 0;
    for (const Sentence& sentence : segmented.sentences) {
      if (sentence.begin >= pointer.sentence_begin) break;
      std::string_view said = text.substr(sentence.begin, sentence.end - sentence.begin);
      if (sentence.question || has_link(said)) continue;
      bool remedy = false, other_act = false;
      for (const RuleHit& hit : matches.hits) {
        if (hit.turn != pointer.turn || hit.sentence_begin >= sentence.end || hit.sentence_end <= sentence.begin)
          continue;
        const Rule& rule = rules[hit.rule];
        const bool step = hit.cancelled.empty() && rule.ref.kind == IdKind::step;
        remedy |= step && (rule.ref.index == static_cast<int>(Step::solve) || rule.ref.index == static_cast<int>(Step::commit));
        other_act |= step || rule.id == id;
      }
      if (remedy) return true;
      if (!other_act) words += answer_words(said);
    }
    return words >= kAnswerWords;
  };
  // The agent's turn ordinal of each turn: a "closing" phrase in the opening turns is part
  // of the greeting ("thanks for reaching out"), not a closing in the middle.
  std::vector<int> agent_ordinal(t.turns.size(), -1);
  for (int i = 0, n = 0; i < static_cast<int>(t.turns.size()); ++i)
    if (t.turns[i].role == Role::agent) agent_ordinal[i] = n++;

  // A customer's reaction ("Are you calling me a liar?") points at the agent's answer just
  // before it; an agent turn before the customer has said anything answers nothing.
  std::vector<int> answered_agent_turn(t.turns.size(), -1);
  bool customer_spoke = false;
  for (int i = 0, last_answer = -1; i < static_cast<int>(t.turns.size()); ++i) {
    answered_agent_turn[i] = last_answer;
    if (t.turns[i].role == Role::customer) customer_spoke = true;
    if (t.turns[i].role == Role::agent && customer_spoke) last_answer = i;
  }

  for (const auto& hit : matches.hits) {
    const Rule& rule = rules[hit.rule];
    // Quoted only where the hit is kept: most hits add nothing once a step has its evidence.
    auto text = [&] { return ctx.quote(hit.turn, hit.sentence_begin, hit.sentence_end); };
    std::string_view cancelled = hit.cancelled;
    // Where the act happened: a reaction's act is the agent's answer before it.
    int act_turn = hit.turn;
    std::uint32_t act_begin = hit.sentence_begin;
    if (rule.reaction) {
      act_turn = answered_agent_turn[hit.turn];
      act_begin = 0;
      if (cancelled.empty() && act_turn < 0) cancelled = "a reaction with no agent answer before it to react to";
    }
    // The kind first: a string comparison for every hit costs more than the rest of the loop.
    if (cancelled.empty() && rule.ref.kind == IdKind::anti_pattern && rule.id == "website_deflection" &&
        std::make_pair(act_turn, act_begin) > first_remedy)
      cancelled = "a website tip after the problem was solved is help, not a deflection";
    if (cancelled.empty() && rule.after_answer_cancels && !rule.reaction && answered_before(hit))
      cancelled = "a pointer added after an answer given in the turn's own words is help (after_answer: cancel)";
    if (!cancelled.empty()) {
      if (rule.ref.kind == IdKind::step && rule.position != PositionFilter::any && cancelled.substr(0, 6) == "not in") {
        bool in_opening = agent_ordinal[hit.turn] >= 0 && agent_ordinal[hit.turn] < scoring.start_agent_turns;
        if (rule.ref.index == static_cast<int>(Step::close) && close_in_middle_turn < 0 && !in_opening)
          close_in_middle_turn = hit.turn;
        if (rule.ref.index == static_cast<int>(Step::greet) && greet_late_turn < 0) greet_late_turn = hit.turn;
      }
      r.cancelled.push_back({rule.id, hit.turn + 1, text(), rule.qualified_name(), std::string(cancelled)});
      continue;
    }
    switch (rule.ref.kind) {
      case IdKind::step: {
        StepResult& step = r.steps[rule.ref.index];
        step.hit = true;
        if (first_turn[rule.ref.index] < 0) first_turn[rule.ref.index] = hit.turn;
        // Room for all of a step's evidence at its first hit, not grown one by one.
        if (step.evidence.empty()) step.evidence.reserve(std::min<std::size_t>(options.max_evidence, 8));
        if (step.evidence.size() < options.max_evidence)
          step.evidence.push_back({hit.turn + 1, ctx.speaker(hit.turn), text(), rule.qualified_name()});
        break;
      }
      case IdKind::anti_pattern: {
        bool seen = std::any_of(r.anti_patterns.begin(), r.anti_patterns.end(), [&](const AntiPatternHit& a) {
          return a.turn == act_turn + 1 && a.id == rule.id;
        });
        // A reaction's evidence is the agent's act, the words an agent reads; its rule's name
        // says a reaction found it.
        if (!seen)
          r.anti_patterns.push_back({rule.id, act_turn + 1,
                                     rule.reaction ? ctx.quote(act_turn, 0, static_cast<std::uint32_t>(t.turns[act_turn].text.size()))
                                                   : text(),
                                     rule.qualified_name()});
        break;
      }
      case IdKind::signal: {
        bool seen = std::any_of(r.customer.begin(), r.customer.end(), [&](const SignalHit& s) {
          return s.turn == hit.turn + 1 && s.id == rule.id;
        });
        if (!seen) r.customer.push_back({rule.id, hit.turn + 1, text(), rule.qualified_name()});
        break;
      }
      case IdKind::auxiliary:
        pause_turns[hit.turn] = true;
        break;
    }
  }
  // Shouting in anger is hostility even without an insult; capitals in a turn that thanks or
  // praises are joy (CYCLE.md: not joyful "!!!").
  for (std::size_t i = 0; i < matches.features.size(); ++i) {
    const TurnFeatures& f = matches.features[i];
    if (!f.shouting) continue;
    bool joyful = std::any_of(r.customer.begin(), r.customer.end(), [&](const SignalHit& s) {
      return s.id == "satisfied" && s.turn == static_cast<int>(i) + 1;
    });
    if (joyful) continue;
    bool seen = std::any_of(r.customer.begin(), r.customer.end(), [&](const SignalHit& s) {
      return s.id == "hostility" && s.turn == static_cast<int>(i) + 1;
    });
    if (!seen) r.customer.push_back({"hostility", static_cast<int>(i) + 1, ctx.quote(static_cast<int>(i), f.shout_begin, f.shout_end),
                                     "structure/shouting"});
  }
  // Satisfaction followed by a threat or hostility is not satisfaction (CYCLE.md).
  stable_sort_small(r.customer.begin(), r.customer.end(), [](const SignalHit& a, const SignalHit& b) { return a.turn < b.turn; });
  int last_conflict = 0;
  for (const auto& s : r.customer)
    if (s.id != "satisfied") last_conflict = std::max(last_conflict, s.turn);
  std::erase_if(r.customer, [&](const SignalHit& s) { return s.id == "satisfied" && s.turn <= last_conflict; });

  apply_yields(r.anti_patterns, r.cancelled, scoring);

  // Structural anti-patterns.
  Timeline timeline = measure_timing(t, pause_turns, scoring.slow_threshold(t.channel.empty() ? "default" : t.channel));
  r.timing = timeline.timing;
  for (std::size_t k = 0; k < timeline.slow_turns.size(); ++k) {
    int turn = timeline.slow_turns[k];
    r.anti_patterns.push_back({"slow_response", turn + 1,
                               fmt::format("the customer waited {} for this reply (threshold {})",
                                           human_duration(timeline.slow_waits[k]),
                                           human_duration(*r.timing.slow_threshold_s)),
                               "structure/slow_response"});
  }
  if (!r.steps[static_cast<int>(Step::close)].hit)
    r.anti_patterns.push_back({"no_closure", 0, "the conversation ends with no closing step", "structure/no_closure"});
  stable_sort_small(r.anti_patterns.begin(), r.anti_patterns.end(), [](const AntiPatternHit& a, const AntiPatternHit& b) {
    int ta = a.turn == 0 ? 1 << 30 : a.turn, tb = b.turn == 0 ? 1 << 30 : b.turn;
    return ta < tb;
  });

  // Order (CYCLE.md "Order").
  auto first = [&](Step s) { return first_turn[static_cast<int>(s)]; };
  if (first(Step::solve) >= 0) {
    bool listened = (first(Step::clarify) >= 0 && first(Step::clarify) <= first(Step::solve)) ||
                    (first(Step::empathize) >= 0 && first(Step::empathize) <= first(Step::solve));
    if (!listened)
      r.order.push_back({"solve_before_listening", first(Step::solve) + 1,
                         "a solution came before any clarifying question or empathy"});
    if (first(Step::commit) >= 0 && first(Step::commit) < first(Step::solve))
      r.order.push_back({"commit_before_solve", first(Step::commit) + 1, "a commitment came before any solution"});
  }
  if (greet_late_turn >= 0 && !r.steps[static_cast<int>(Step::greet)].hit)
    r.order.push_back({"greet_not_first", greet_late_turn + 1, "the greeting came after the opening"});
  if (close_in_middle_turn >= 0)
    r.order.push_back({"close_in_middle", close_in_middle_turn + 1, "a closing phrase in the middle of the conversation"});

  // Score and its breakdown.
  double score = 0;
  r.breakdown.reserve(kStepCount + kAntiPatternCount + r.order.size());
  for (int s = 0; s < kStepCount; ++s) {
    double w = scoring.step_weight[s];
    if (r.steps[s].hit) {
      score += w;
      r.breakdown.push_back({std::string(kStepIds[s]), w, "step done"});
    } else if (w > 0) {
      r.breakdown.push_back({std::string(kStepIds[s]), 0, fmt::format("step missing: {} points not earned", w)});
    }
  }
  std::array<int, kAntiPatternCount> counts{};
  for (const auto& a : r.anti_patterns) {
    auto it = std::find(kAntiPatternIds.begin(), kAntiPatternIds.end(), a.id);
    if (it != kAntiPatternIds.end()) ++counts[it - kAntiPatternIds.begin()];
  }
  for (int a = 0; a < kAntiPatternCount; ++a) {
    if (counts[a] == 0 || scoring.anti_pattern_penalty[a] <= 0) continue;
    int times = std::min(counts[a], scoring.max_repeats);
    double lost = scoring.anti_pattern_penalty[a] * times;
    score -= lost;
    r.breakdown.push_back({std::string(kAntiPatternIds[a]), -lost,
                           times > 1 ? fmt::format("anti-pattern, {} times", times) : std::string("anti-pattern")});
  }
  for (const auto& o : r.order) {
    if (scoring.order_penalty <= 0) break;
    score -= scoring.order_penalty;
    r.breakdown.push_back({o.id, -scoring.order_penalty, "order violation: " + o.message});
  }
  r.score = std::clamp(std::round(score * 10) / 10, 0.0, 100.0);

  // Outcome: the final part is the last third of the turns, and at least the customer's last turn.
  // The final part is the customer's last two turns (or last third, if more): how they end
  // is the outcome. Their opening message is never the end, however short the conversation.
  std::vector<int> customer_turns;
  for (int i = 0; i < static_cast<int>(t.turns.size()); ++i)
    if (t.turns[i].role == Role::customer) customer_turns.push_back(i);
  int late_from = static_cast<int>(t.turns.size());
  if (!customer_turns.empty()) {
    int n = static_cast<int>(customer_turns.size());
    int k = std::max(2, n / 3);
    late_from = customer_turns[std::max(1, n - k) < n ? std::max(1, n - k) : n - 1];
    if (n == 1) late_from = customer_turns[0] + 1;
  }
  r.outcome = decide_outcome(r.customer, std::max(0, late_from));
  return r;
}

}  // namespace defuse
