#include "match/transcript_match.h"

#include <algorithm>
#include <string>

#include "core/small_sort.h"

namespace defuse {
namespace {

constexpr int kNegationWindow = 3;     // tokens before a match where a negator cancels it
constexpr int kBareQuestionTokens = 4; // "Sorry?", "Sorry, what was that?"
constexpr int kClosingTalkWords = 5;   // "No, that's all. Thanks.", «Нет, вот и все. Спасибо.»
// How far (in tokens) a sentence-scoped `unless` reaches from a step's match. A speech-to-text
// turn is often one unpunctuated sentence, and there an `unless` meant for another clause
// ("if you prefer, keep it as credit") cancelled the remedy just offered ("I'll refund the $300
// to your card"). An anti-pattern's `unless` keeps the whole sentence: it is mostly a
// redeeming clause ("..., but I'll escalate it today") that may come anywhere after it.
constexpr std::uint32_t kStepUnlessReach = 15;
constexpr std::uint32_t kWholeSentence = ~0u;

// A word inside an @handle or #hashtag ("@SEPTA_SOCIAL", "#HPcpIN"): a name, not a voice.
bool in_handle(std::string_view text, std::uint32_t begin) {
  while (begin > 0) {
    unsigned char c = static_cast<unsigned char>(text[begin - 1]);
    if (c == '@' || c == '#') return true;
    // ASCII by hand: std::isalnum is a call per token, and every byte >= 0x80 counts anyway.
    const bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (!(alnum || c == '_' || c >= 0x80)) return false;
    --begin;
  }
  return false;
}

// Whether an `unless` match of `rule` in `sentence` starts within `reach` tokens of match `m`
// (from `reach` tokens before its first token to `reach` after its last). `hits` is sorted
// (rule, sentence, first, end): a look-up, not a scan, however many hits a sentence holds.
bool unless_reaches(const std::vector<std::array<std::uint32_t, 4>>& hits, std::uint32_t rule, std::uint32_t sentence,
                    const PatternMatch& m, std::uint32_t reach) {
  const std::uint32_t from = reach == kWholeSentence || m.first < reach ? 0 : m.first - reach;
  auto it = std::lower_bound(hits.begin(), hits.end(), std::array<std::uint32_t, 4>{rule, sentence, from, 0});
  if (it == hits.end() || (*it)[0] != rule || (*it)[1] != sentence) return false;
  return reach == kWholeSentence || (*it)[2] < m.end + reach;
}

// A comma, semicolon, colon, bracket or dash between two words ends a negation's reach; a
// hyphen inside a word ("e-mail", «ну-ну») does not.
bool clause_mark_between(std::string_view text, std::uint32_t from, std::uint32_t to) {
  const std::string_view gap = text.substr(from, to - from);
  if (gap.find_first_of(",;:()") != std::string_view::npos) return true;
  if (gap.find("\u2014") != std::string_view::npos || gap.find("\u2013") != std::string_view::npos) return true;
  return gap.find('-') != std::string_view::npos && gap.find(' ') != std::string_view::npos;
}

// Written laughter ("JAJAJA", "hahaha", «ХАХАХА», "LOL", "XD"): capitals around it are joy,
// not anger (CYCLE.md: not joyful "!!!").
bool is_laughter(std::string_view word) {
  // Lower-cased code points: ASCII and the Cyrillic capitals А-Я.
  std::u32string w;
  for (std::size_t i = 0; i < word.size();) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    char32_t cp;
    if (c < 0x80) cp = c, i += 1;
    else if ((c & 0xE0) == 0xC0 && i + 1 < word.size()) cp = ((c & 0x1Fu) << 6) | (word[i + 1] & 0x3Fu), i += 2;
    else return false;
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    if (cp >= 0x410 && cp <= 0x42F) cp += 32;
    w.push_back(cp);
  }
  if (w == U"lol" || w == U"lmao" || w == U"xd" || w == U"xdd" || w == U"jsjs" || w == U"jsjsjs") return true;
  if (w.size() < 4) return false;
  // Syllables of one laugh consonant and vowels: ja-ja, je-je, ha-ha, ха-ха, ах-ах.
  auto laugh_consonant = [](char32_t c) { return c == 'j' || c == 'h' || c == 0x445; };
  auto vowel = [](char32_t c) { return c == 'a' || c == 'e' || c == 'i' || c == 0x430 || c == 0x435 || c == 0x438; };
  int consonants = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    bool consonant = laugh_consonant(w[i]);
    if (!consonant && !vowel(w[i])) return false;
    if (i > 0 && consonant == laugh_consonant(w[i - 1])) return false;  // must alternate
    consonants += consonant;
  }
  return consonants >= 2;
}

// A reference code ("BOGAA41187", "K7TQ2M"): a word with a digit in it is never a shouted one.
bool has_digit(std::string_view text, const MatchToken& t) {
  for (std::uint32_t i = t.begin; i < t.end; ++i)
    if (text[i] >= '0' && text[i] <= '9') return true;
  return false;
}

// The shouting heuristic: at least three all-capitals words of three or more letters in one
// sentence, making up most of its words ("I WANT MY MONEY BACK"), or a whole sentence of four
// or more words in capitals, so an acronym or one word stressed in capitals is not shouting.
// Handles and hashtags are not words here, reference codes are words but never shouted ones
// ("PIR BOGAA41187, reserva K7TQ2M"), and a sentence that laughs is not angry.
bool sentence_shouts(std::string_view text, const std::vector<MatchToken>& tokens, std::uint32_t first,
                     std::uint32_t end) {
  // Most sentences have no three capitalised words at all: no need to look for handles.
  int capitalised = 0;
  for (std::uint32_t i = first; i < end; ++i) capitalised += tokens[i].upper && tokens[i].end - tokens[i].begin >= 3;
  if (capitalised < 2) return false;
  int words = 0, upper = 0, all_upper = 0;
  for (std::uint32_t i = first; i < end; ++i) {
    if (in_handle(text, tokens[i].begin)) continue;
    ++words;
    if (has_digit(text, tokens[i])) continue;
    all_upper += tokens[i].upper;
    if (tokens[i].upper && tokens[i].end - tokens[i].begin >= 3) ++upper;
  }
  // A whole sentence of four or more words in capitals shouts even when most are short ("PAY
  // ATTENTION TO ME"); two of three letters or more keep "OK I AM IN" out.
  const bool whole = words >= 4 && all_upper == words && upper >= 2;
  if (!whole && (upper < 3 || upper * 2 <= words)) return false;
  for (std::uint32_t i = first; i < end; ++i)
    if (is_laughter(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin))) return false;
  return true;
}

std::string_view position_reason(PositionFilter p) {
  switch (p) {
    case PositionFilter::start: return "not in the opening (position: start)";
    case PositionFilter::late: return "not in the closing after the agent's first turn (position: late)";
    case PositionFilter::first: return "not in the agent's first turn (position: first)";
    case PositionFilter::replied: return "before the other side has said anything (position: replied)";
    default: return "not in the closing (position: end)";
  }
}

// Closing talk, the customer winding down ("No, that's all, thanks", "You too!", «ок спасибо»):
// a few words that ask nothing. Anything longer is a matter the conversation goes on with
// ("Thanks, please help me find a taxi"), even with thanks in it.
bool closing_talk(std::string_view text) {
  if (text.find('?') != std::string_view::npos || text.find("\u00BF") != std::string_view::npos) return false;
  int words = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word && ++words > kClosingTalkWords) return false;
    in_word = !space;
  }
  return true;
}

// Where the closing part really is. position: end (and late) means the agent's last turns, but
// - an earlier agent turn after which both sides only wind down is in it too: "Anything else?"
//   / "No, that's all, thanks" / "Have a nice day" / "You too" / "Enjoy your trip" (the
//   farewells do not push the close out of the final part);
// - a close in the last turns that the conversation ran past is not: the customer raised
//   something after it and the agent went on to deal with it ("Anything else?" / "Yes, and my
//   other order?" / "Sure, the order number?").
// (CYCLE.md: a close is in the final part; "an 'anything else?' in the middle that the
// conversation runs past" is none.) The agent goes on with a matter when it asks about, solves
// or commits to something; sympathy and courtesies ("Get well soon") wind down.
void place_closing(const Transcript& t, const std::vector<Rule>& rules, MatchScratch& scratch,
                   std::vector<RuleHit>& hits) {
  auto closing_position = [&](const RuleHit& hit) {
    return rules[hit.rule].position == PositionFilter::end || rules[hit.rule].position == PositionFilter::late;
  };
  if (std::none_of(hits.begin(), hits.end(), closing_position)) return;
  const int turns = static_cast<int>(t.turns.size());
  auto& thanks = scratch.thanks;
  thanks.assign(turns, 0);
  int last_agent_matter = -1;
  for (const RuleHit& hit : hits) {
    if (!hit.cancelled.empty()) continue;
    const Rule& rule = rules[hit.rule];
    if (rule.ref.kind == IdKind::signal && rule.ref.index == static_cast<int>(Signal::satisfied)) thanks[hit.turn] = 1;
    const bool matter = rule.ref.kind == IdKind::step && (rule.ref.index == static_cast<int>(Step::clarify) ||
                                                          rule.ref.index == static_cast<int>(Step::solve) ||
                                                          rule.ref.index == static_cast<int>(Step::commit));
    if (matter && t.turns[hit.turn].role == Role::agent) last_agent_matter = std::max(last_agent_matter, hit.turn);
  }
  // By turn: the first customer turn after it that raises a matter (turns: none). One pass
  // each way, so a transcript of many turns costs linear time, not a scan per hit.
  auto& next_customer_matter = scratch.next_customer_matter;
  next_customer_matter.assign(turns + 1, turns);
  int last_customer = -1, last_customer_matter = -1, first_wind_down_thanks = -1, first_agent = -1;
  for (int i = turns - 1; i >= 0; --i) {
    const bool matter = t.turns[i].role == Role::customer && !closing_talk(t.turns[i].text);
    next_customer_matter[i] = matter ? i : next_customer_matter[i + 1];
  }
  for (int i = 0; i < turns; ++i) {
    if (t.turns[i].role == Role::agent && first_agent < 0) first_agent = i;
    if (t.turns[i].role != Role::customer) continue;
    last_customer = i;
    if (next_customer_matter[i] == i) last_customer_matter = i;
  }
  for (int i = last_customer_matter + 1; i < turns && first_wind_down_thanks < 0; ++i)
    if (t.turns[i].role == Role::customer && thanks[i]) first_wind_down_thanks = i;
  const std::string_view out_of_end = position_reason(PositionFilter::end);
  const std::string_view out_of_late = position_reason(PositionFilter::late);
  for (RuleHit& hit : hits) {
    if (!closing_position(hit)) continue;
    const Rule& rule = rules[hit.rule];
    if (hit.cancelled.empty()) {
      if (rule.ref.kind != IdKind::step || rule.ref.index != static_cast<int>(Step::close)) continue;
      if (next_customer_matter[hit.turn + 1] < last_agent_matter)
        hit.cancelled = "not in the final part: the conversation ran past it (the customer raised more, the agent went on)";
      continue;
    }
    const bool outside = (rule.position == PositionFilter::end && hit.cancelled == out_of_end) ||
                         (rule.position == PositionFilter::late && hit.cancelled == out_of_late && hit.turn != first_agent);
    if (outside && last_customer > last_customer_matter && first_wind_down_thanks >= 0 && hit.turn > last_customer_matter &&
        hit.turn < first_wind_down_thanks && hit.turn >= last_agent_matter)
      hit.cancelled = {};
  }
}

}  // namespace

void match_transcript(const Transcript& t, const CompiledLexicon& lexicon, TokenCache& cache,
                      const ScoringConfig& scoring, MatchScratch& scratch, TranscriptMatches& out,
                      bool keep_speaker_cancels) {
  out.hits.clear();
  out.features.assign(t.turns.size(), TurnFeatures{});
  const auto& rules = lexicon.lexicon().rules;
  const auto& patterns = lexicon.patterns();

  // Each side's turn ordinals, for position filters.
  int agent_total = 0, customer_total = 0;
  for (const auto& turn : t.turns) {
    agent_total += turn.role == Role::agent;
    customer_total += turn.role == Role::customer;
  }
  int agent_seen = 0, customer_seen = 0;
  auto& unless_hits = scratch.unless_hits;
  auto& unless_rules = scratch.unless_rules;

  for (int turn_index = 0; turn_index < static_cast<int>(t.turns.size()); ++turn_index) {
    const Turn& turn = t.turns[turn_index];
    int ordinal = 0, total = 0;
    if (turn.role == Role::agent) ordinal = agent_seen++, total = agent_total;
    else if (turn.role == Role::customer) ordinal = customer_seen++, total = customer_total;
    const int overall_total = static_cast<int>(t.turns.size());

    segment(turn.text, scratch.segmented);
    prepare_tokens(turn.text, scratch.segmented, cache, scratch.tokens);
    const auto& sentences = scratch.segmented.sentences;
    const auto& tokens = scratch.tokens;

    if (turn.role == Role::customer) {
      // Sentences by token range: tokens carry their sentence index.
      std::uint32_t i = 0;
      while (i < tokens.size()) {
        std::uint32_t s = tokens[i].sentence, j = i;
        while (j < tokens.size() && tokens[j].sentence == s) ++j;
        if (sentence_shouts(turn.text, tokens, i, j)) {
          out.features[turn_index] = {true, sentences[s].begin, sentences[s].end};
          break;
        }
        i = j;
      }
    }

    find_matches(lexicon, cache, tokens, turn.role, keep_speaker_cancels, scratch.matches);
    if (scratch.matches.empty()) continue;
    unless_hits.clear();
    for (const auto& m : scratch.matches)
      if (patterns[m.pattern].unless) unless_hits.push_back({patterns[m.pattern].rule, tokens[m.first].sentence, m.first, m.end});
    // Sorted for a binary search: one 4 MB sentence can hold 100 000 hits and as many
    // `unless` hits, and a scan per hit would take minutes.
    std::sort(unless_hits.begin(), unless_hits.end());
    unless_hits.erase(std::unique(unless_hits.begin(), unless_hits.end()), unless_hits.end());
    // Rules with an `unless` hit anywhere in the turn (for unless_scope: turn).
    unless_rules.clear();
    for (const auto& u : unless_hits)
      if (unless_rules.empty() || unless_rules.back() != u[0]) unless_rules.push_back(u[0]);

    std::size_t turn_first_hit = out.hits.size();
    for (const auto& m : scratch.matches) {
      const CompiledPattern& pattern = patterns[m.pattern];
      if (pattern.unless) continue;
      const Rule& rule = rules[pattern.rule];
      const std::uint32_t sentence_index = tokens[m.first].sentence;
      const Sentence& sentence = sentences[sentence_index];
      // The order of checks decides which reason is shown; speaker first, as it is final.
      bool speaker_ok = rule.speaker == SpeakerFilter::any ||
                        (rule.speaker == SpeakerFilter::agent && turn.role == Role::agent) ||
                        (rule.speaker == SpeakerFilter::customer && turn.role == Role::customer);
      if (!speaker_ok && !keep_speaker_cancels) continue;
      // Built in place: assembled on the stack and copied in, the copy was a hot spot (its
      // wide loads read back the narrow stores just made).
      RuleHit& hit = out.hits.emplace_back();
      hit.rule = pattern.rule;
      hit.pattern = m.pattern;
      hit.turn = turn_index;
      hit.sentence_begin = sentence.begin;
      hit.sentence_end = sentence.end;
      hit.match_begin = tokens[m.first].begin;
      hit.match_end = tokens[m.end - 1].end;
      if (!speaker_ok) {
        hit.cancelled = rule.speaker == SpeakerFilter::agent ? "said by the customer, not the agent"
                                                             : "said by the agent, not the customer";
      }
      if (hit.cancelled.empty() && rule.quoted_cancels) {
        // Only a match wholly inside quotation marks is a quote: «На сайте в разделе «Доставка»
        // всё расписано» is the agent's own words with a quoted name in them.
        bool all_quoted = true;
        for (std::uint32_t k = m.first; k < m.end && all_quoted; ++k) all_quoted = tokens[k].quoted;
        if (all_quoted) hit.cancelled = "inside quotation marks: a quote, not the speaker's own words";
      }
      if (hit.cancelled.empty() && rule.negation_cancels) {
        // A negator reaches the match only across words it passes (pronouns, modals,
        // particles: "не могу вам", "no le vamos a"), not across another word ("I'm not
        // sure but I'll call you by five", «чтобы не повторилось я вам перезвоню»); a
        // negator followed by a comma or dash is an answer ("No, we'll refund it today").
        for (int k = static_cast<int>(m.first) - 1; k >= 0 && k >= static_cast<int>(m.first) - kNegationWindow; --k) {
          if (tokens[k].sentence != sentence_index) break;
          if (tokens[k].negator) {
            if (!clause_mark_between(turn.text, tokens[k].end, tokens[k + 1].begin)) hit.cancelled = "negated";
            break;
          }
          if (!tokens[k].negation_passes) break;
        }
        // A negator caught in a gap ("вы мне не помогли" for "вы ...2 помогли") negates too,
        // unless the pattern itself is written with one ("не моя вина").
        if (hit.cancelled.empty() && !pattern.has_negator) {
          for (std::uint32_t k = m.first + 1; k + 1 < m.end; ++k)
            if (tokens[k].negator) { hit.cancelled = "negated (inside the match)"; break; }
        }
      }
      // No `unless` hit in the turn cancels nothing: the rule's list (another cache line of a
      // large Rule) need not be looked at.
      if (hit.cancelled.empty() && !unless_hits.empty() && !rule.unless.empty()) {
        if (rule.unless_in_turn) {
          if (std::binary_search(unless_rules.begin(), unless_rules.end(), pattern.rule))
            hit.cancelled = "an 'unless' pattern matched in the same turn";
        } else if (unless_reaches(unless_hits, pattern.rule, sentence_index, m,
                                  rule.ref.kind == IdKind::step ? kStepUnlessReach : kWholeSentence)) {
          hit.cancelled = "an 'unless' pattern matched in the same sentence";
        }
      }
      if (hit.cancelled.empty() && rule.question != QuestionFilter::any) {
        if (rule.question == QuestionFilter::yes && !sentence.question) hit.cancelled = "not a question (question: yes)";
        if (rule.question == QuestionFilter::no && sentence.question) hit.cancelled = "a question (question: no)";
      }
      if (hit.cancelled.empty() && rule.bare_question_cancels && sentence.question &&
          static_cast<int>(sentence.end_token - sentence.first_token) <= kBareQuestionTokens) {
        hit.cancelled = "a short question ('Sorry?'): asks to repeat";
      }
      if (hit.cancelled.empty() && rule.position != PositionFilter::any) {
        int n = ordinal, count = total;
        if (rule.speaker == SpeakerFilter::any) n = turn_index, count = overall_total;
        // replied: the other side has had a turn before this one (a customer's thanks that ends
        // the opening request thanks in advance: it is no satisfaction).
        const int others_before = turn.role == Role::agent ? customer_seen : agent_seen;
        bool ok = rule.position == PositionFilter::first     ? n == 0
                  : rule.position == PositionFilter::start   ? n < scoring.start_agent_turns
                  : rule.position == PositionFilter::replied ? others_before > 0
                                                             : n >= count - scoring.end_agent_turns;
        if (rule.position == PositionFilter::late && n == 0) ok = false;
        if (!ok) hit.cancelled = position_reason(rule.position);
      }
    }
    // One hit per rule and sentence: the counted one if any, else the first.
    auto begin = out.hits.begin() + static_cast<std::ptrdiff_t>(turn_first_hit);
    // A turn's hits come in text order and move only within their sentence.
    stable_sort_small(begin, out.hits.end(), [](const RuleHit& a, const RuleHit& b) {
      if (a.sentence_begin != b.sentence_begin) return a.sentence_begin < b.sentence_begin;
      if (a.rule != b.rule) return a.rule < b.rule;
      return a.cancelled.empty() && !b.cancelled.empty();
    });
    auto last = std::unique(begin, out.hits.end(), [](const RuleHit& a, const RuleHit& b) {
      return a.sentence_begin == b.sentence_begin && a.rule == b.rule;
    });
    out.hits.erase(last, out.hits.end());
  }
  place_closing(t, rules, scratch, out.hits);
}

}  // namespace defuse
