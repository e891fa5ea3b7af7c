#include "model/model_match.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "normalize/fold.h"
#include "normalize/tokenizer.h"

namespace defuse {

namespace {

// A byte of a word for only_asks: a letter, a digit or any byte of a multi-byte character
// (not isalnum: a call per byte).
bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

bool has_opening_question_mark(std::string_view text) {
  for (std::size_t at = 0;; ++at) {
    const void* c2 = std::memchr(text.data() + at, 0xC2, text.size() - at);
    if (!c2) return false;
    at = static_cast<std::size_t>(static_cast<const char*>(c2) - text.data());
    if (at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) == 0xBF) return true;
  }
}

// Whether every sentence of `text` is a question: ends with "?" (or, at the end, opens with
// "¿"). A cheap cut at . ! … and line breaks, not the tokenizer's: a decimal point only makes
// a question look like a statement, and the model then judges it.
bool only_asks(std::string_view text) {
  if (text.empty()) return true;
  // Most agent turns ask nothing: with no "?" and no "¿" (both found by memchr, far faster than
  // the walk below) a turn only asks when it has no word at all.
  if (!std::memchr(text.data(), '?', text.size()) && !has_opening_question_mark(text))
    return std::none_of(text.begin(), text.end(), [](char c) { return is_word_byte(static_cast<unsigned char>(c)); });
  bool words = false, opened = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool ellipsis = c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                          static_cast<unsigned char>(text[i + 2]) == 0xA6;
    if (c == '?') {
      words = opened = false;
    } else if (c == '.' || c == '!' || c == '\n' || ellipsis) {
      if (words) return false;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF) {  // ¿
      opened = !words;
    } else if (is_word_byte(c)) {
      words = true;
    }
  }
  return !words || opened;
}

}  // namespace

std::uint32_t add_model_rules(LanguageLexicon& lexicon) {
  const auto first = static_cast<std::uint32_t>(lexicon.rules.size());
  for (AntiPattern label : kModelLabels) {
    Rule rule;
    rule.id = std::string(kAntiPatternIds[static_cast<int>(label)]);
    rule.ref = {IdKind::anti_pattern, static_cast<int>(label)};
    rule.name = "model-" + rule.id;
    rule.lang = lexicon.lang;
    rule.file = "<built-in conduct model>";
    rule.speaker = SpeakerFilter::agent;
    rule.negation_cancels = false;
    lexicon.rules.push_back(std::move(rule));
  }
  return first;
}

std::span<const std::uint32_t> turns_to_rate(const Transcript& t, MatchScratch& scratch) {
  std::vector<std::uint32_t>& turns = scratch.model_turns;
  turns.clear();
  for (std::size_t i = 0; i < t.turns.size(); ++i) {
    if (t.turns[i].role != Role::agent || only_asks(t.turns[i].text)) continue;
    if (ConductModel::has_words(t.turns[i].text, ConductModel::kMinWords)) turns.push_back(static_cast<std::uint32_t>(i));
  }
  return turns;
}

void apply_conduct_model(const Transcript& t, std::span<const std::uint32_t> turns, const ConductModel& model,
                         std::uint32_t first_model_rule,
                         const LanguageLexicon& lexicon, ModelWordCache& cache, MatchScratch& scratch,
                         TranscriptMatches& matches) {
  // Which labels the lexicon counted anywhere, and in which turns it matched each at all.
  std::array<bool, kModelLabelCount> counted{};
  std::vector<std::uint16_t>& matched_in_turn = scratch.model_labels;
  matched_in_turn.assign(t.turns.size(), 0);
  for (const RuleHit& hit : matches.hits) {
    const Rule& rule = lexicon.rules[hit.rule];
    if (!scored_by_model(rule)) continue;
    if (hit.cancelled.empty()) counted[rule.ref.index] = true;
    matched_in_turn[hit.turn] |= static_cast<std::uint16_t>(1u << rule.ref.index);
  }
  if (std::all_of(counted.begin(), counted.end(), [](bool c) { return c; })) return;

  std::array<float, kModelLabelCount> best{};
  std::array<int, kModelLabelCount> best_turn;
  best_turn.fill(-1);
  for (const std::uint32_t i : turns) {
    const ModelScores scores = model.score_text(t.turns[i].text, cache);
    for (std::size_t l = 0; l < kModelLabelCount; ++l) {
      if (counted[l] || (matched_in_turn[i] >> l & 1)) continue;
      if (scores.probability[l] >= lexicon.model_threshold && scores.probability[l] > best[l]) {
        best[l] = scores.probability[l];
        best_turn[l] = static_cast<int>(i);
      }
    }
  }
  for (std::size_t l = 0; l < kModelLabelCount; ++l) {
    if (best_turn[l] < 0) continue;
    const std::string_view text = t.turns[best_turn[l]].text;
    // The sentence the model rates highest on its own is the evidence.
    Segmented& segmented = scratch.segmented;
    segment(text, segmented);
    std::uint32_t begin = 0, end = static_cast<std::uint32_t>(text.size());
    float top = -1;
    for (const auto& sentence : segmented.sentences) {
      const float p = model.score(fold(text.substr(sentence.begin, sentence.end - sentence.begin))).probability[l];
      if (p > top) top = p, begin = sentence.begin, end = sentence.end;
    }
    RuleHit hit;
    hit.rule = first_model_rule + static_cast<std::uint32_t>(l);
    hit.pattern = kModelPattern;
    hit.turn = best_turn[l];
    hit.sentence_begin = hit.match_begin = begin;
    hit.sentence_end = hit.match_end = end;
    auto at = std::upper_bound(matches.hits.begin(), matches.hits.end(), hit, [](const RuleHit& a, const RuleHit& b) {
      return std::make_pair(a.turn, a.sentence_begin) < std::make_pair(b.turn, b.sentence_begin);
    });
    matches.hits.insert(at, hit);
  }
}

}  // namespace defuse
