#include "tools/lexicon_tools.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "match/pattern.h"
#include "model/conduct_model.h"
#include "model/model_match.h"
#include "normalize/fold.h"

namespace defuse {
namespace {

// A transcript of one turn said by `role` (and, for position rules, nothing else around it).
// A `position: late` example is said in that side's second turn, after an empty opening; a
// `position: replied` one after an empty turn of the other side.
enum class Opening { none, same_side, other_side };
Transcript one_turn(const std::string& text, Role role, const std::string& lang, Opening opening = Opening::none) {
  Transcript t;
  t.id = "example";
  t.source = "<example>";
  t.lang = lang;
  Turn turn;
  if (opening != Opening::none) {
    turn.role = opening == Opening::same_side ? role : role == Role::agent ? Role::customer : Role::agent;
    turn.text = t.keep("...");
    turn.line = 1;
    t.turns.push_back(turn);
  }
  turn.role = role;
  turn.text = t.keep(text);
  turn.line = static_cast<int>(t.turns.size()) + 1;
  t.turns.push_back(turn);
  return t;
}

std::string pattern_key(const PatternVariant& p) {
  std::string key;
  for (const auto& e : p.elements) {
    key += e.kind == CompiledElement::Kind::term     ? fmt::format("t{}", e.term)
           : e.kind == CompiledElement::Kind::choice ? fmt::format("c{}/{}", e.term, e.set_size)
           : e.kind == CompiledElement::Kind::any    ? std::string("_")
                                                     : fmt::format("g{}", e.max_gap);
    key += ' ';
  }
  return key;
}

bool is_prefix(const std::vector<CompiledElement>& shorter, const std::vector<CompiledElement>& longer) {
  if (shorter.size() >= longer.size()) return false;
  for (std::size_t i = 0; i < shorter.size(); ++i)
    if (shorter[i].kind != longer[i].kind || shorter[i].term != longer[i].term ||
        shorter[i].max_gap != longer[i].max_gap || shorter[i].set_size != longer[i].set_size)
      return false;
  return true;
}

}  // namespace

std::vector<LintFinding> lint_lexicons(const Engine& engine) {
  std::vector<LintFinding> findings;
  for (const auto& [lang, lexicon] : engine.lexicons().languages) {
    // The flat variants of every pattern, compiled for this check only.
    Diagnostics ignored;
    auto compiled = CompiledLexicon::compile(lexicon, ignored, true);
    const auto& variants = compiled->variants();
    const auto& rules = lexicon.rules;
    std::set<std::string> said;  // one finding per message: a pattern's variants repeat it
    auto add = [&](LintFinding finding) {
      if (said.insert(fmt::format("{}:{}:{}", finding.where.path, finding.where.line, finding.where.message)).second)
        findings.push_back(std::move(finding));
    };
    std::map<std::string, std::uint32_t> seen;  // pattern key -> first variant index
    for (std::uint32_t i = 0; i < variants.size(); ++i) {
      const PatternVariant& p = variants[i];
      if (p.unless) continue;
      const Rule& rule = rules[p.rule];
      auto [it, fresh] = seen.emplace(pattern_key(p), i);
      if (!fresh) {
        const PatternVariant& first = variants[it->second];
        const Rule& other = rules[first.rule];
        if (first.rule == p.rule && first.line == p.line) continue;  // two expansions of one pattern
        // The same words said by the other side are another act ("thank you" closes for the
        // agent and is satisfaction from the customer): no conflict.
        // A customer's reaction ("are you calling me a liar?") is evidence about the agent, so
        // the same words may also be the customer's own hostility.
        bool same_side = (rule.speaker == SpeakerFilter::any || other.speaker == SpeakerFilter::any ||
                          rule.speaker == other.speaker) &&
                         rule.reaction == other.reaction;
        if (!same_side) continue;
        bool contradicting = other.id != rule.id;
        add({{rule.file, p.line,
                             contradicting
                                 ? fmt::format("pattern '{}' is listed under '{}' and under '{}' ({}:{})", p.text, rule.id,
                                               other.id, other.file, first.line)
                                 : fmt::format("duplicate pattern '{}' (same as {}:{})", p.text, other.file, first.line)},
                            contradicting});
      }
    }
    // Shadowed: a pattern of a rule that begins with another whole pattern of the same rule
    // can never add a match the shorter one does not already give.
    for (std::uint32_t i = 0; i < variants.size(); ++i) {
      const PatternVariant& longer = variants[i];
      if (longer.unless) continue;
      for (std::uint32_t j = 0; j < variants.size(); ++j) {
        const PatternVariant& shorter = variants[j];
        if (shorter.unless || shorter.rule != longer.rule || shorter.line == longer.line) continue;
        if (is_prefix(shorter.elements, longer.elements)) {
          add({{rules[longer.rule].file, longer.line,
                               fmt::format("pattern '{}' is shadowed by the shorter '{}' (line {}) of the same rule",
                                           longer.text, shorter.text, shorter.line)},
                              false});
          break;
        }
      }
    }
    // Words that never reach the matcher.
    std::set<std::string> fillers;
    for (const auto& f : lexicon.fillers) fillers.insert(fold(f));
    for (const auto& rule : rules) {
      for (const auto& p : rule.patterns) {
        std::vector<ExpandedPattern> expanded;
        std::string error;
        if (!expand_pattern(p.text, expanded, error)) continue;
        for (const auto& variant : expanded)
          for (const auto& el : variant)
            if (el.kind == PatternElement::Kind::word || el.kind == PatternElement::Kind::exact)
              if (fillers.count(fold(el.text)))
                add({{rule.file, p.line,
                                     fmt::format("pattern '{}' can never match: '{}' is a filler, removed before matching",
                                                 p.text, el.text)},
                                    true});
      }
    }
  }
  return findings;
}

ExampleReport run_rule_examples(const Engine& engine, const std::string& only_lang) {
  ExampleReport report;
  Analyzer analyzer(engine, ScoreOptions{});
  for (const auto& [lang, lexicon] : engine.lexicons().languages) {
    if (!only_lang.empty() && lang != only_lang) continue;
    for (std::uint32_t r = 0; r < lexicon.rules.size(); ++r) {
      const Rule& rule = lexicon.rules[r];
      Role role = rule.speaker == SpeakerFilter::customer ? Role::customer : Role::agent;
      // The conduct model learns steps' match examples and anti-patterns' no_match examples
      // as an agent's words free of every anti-pattern it scores (src/train/main.cc).
      const bool agent = role == Role::agent;
      const bool steps = rule.file.ends_with("steps.yaml"), anti_patterns = rule.file.ends_with("anti_patterns.yaml");
      auto run = [&](const std::string& example, bool should_match) {
        const Opening opening = rule.position == PositionFilter::late      ? Opening::same_side
                                : rule.position == PositionFilter::replied ? Opening::other_side
                                                                           : Opening::none;
        Transcript t = one_turn(example, role, lang, opening);
        const TranscriptMatches* m = analyzer.match(t, lang);
        const RuleHit* counted = nullptr;
        const RuleHit* cancelled = nullptr;
        const RuleHit* other = nullptr;  // another rule's counted hit for a label the model learns
        for (const auto& hit : m->hits) {
          if (hit.rule != r) {
            if (hit.cancelled.empty() && hit.pattern != kModelPattern && !other &&
                scored_by_model(lexicon.rules[hit.rule]))
              other = &hit;
            continue;
          }
          if (hit.cancelled.empty()) counted = &hit;
          else if (!cancelled) cancelled = &hit;
        }
        Diagnostic where{rule.file, rule.line, ""};
        if (other && agent && (should_match ? steps : anti_patterns)) {
          const Rule& by = lexicon.rules[other->rule];
          report.warnings.push_back(
              {where, fmt::format("rule '{}' ({}): {} example shows {} (rule '{}', {}:{}), yet the conduct model learns "
                                  "it as free of every anti-pattern: reword it or move it: \"{}\"",
                                  rule.name, rule.id, should_match ? "match" : "no_match", by.id, by.name, by.file,
                                  by.line, example)});
        }
        if (should_match && !counted) {
          std::string why = cancelled ? fmt::format("matched but cancelled: {}", cancelled->cancelled) : "no pattern matched";
          report.failures.push_back({where, fmt::format("rule '{}' ({}): match example not matched ({}): \"{}\"",
                                                        rule.name, rule.id, why, example)});
        } else if (!should_match && counted) {
          const auto& p = engine.compiled(lang)->patterns()[counted->pattern];
          report.failures.push_back({where, fmt::format("rule '{}' ({}): no_match example matched by pattern '{}' (line {}): \"{}\"",
                                                        rule.name, rule.id, engine.compiled(lang)->text(p), p.line, example)});
        } else {
          ++report.passed;
        }
      };
      for (const auto& e : rule.match_examples) run(e, true);
      for (const auto& e : rule.no_match_examples) run(e, false);
    }
  }
  return report;
}

std::string explain_text(const Engine& engine, const std::string& text, const std::string& lang,
                         const std::string& speaker) {
  std::string out;
  const CompiledLexicon* compiled = engine.compiled(lang);
  if (!compiled) return fmt::format("no lexicon for language '{}'\n", lang);
  Analyzer analyzer(engine, ScoreOptions{});
  Role role = speaker == "customer" ? Role::customer : Role::agent;
  Transcript t = one_turn(text, role, lang);
  TokenCache* cache = analyzer.cache(lang);

  out += fmt::format("text:       {}\n", text);
  out += fmt::format("normalized: {}\n", fold(text));
  const std::string& spelling = compiled->lexicon().spelling;
  out += fmt::format("language:   {} (stemmer: {}; spelling: {})\nspeaker:    {}\n\ntokens:\n", lang,
                     compiled->lexicon().stemmer.empty() ? "none" : compiled->lexicon().stemmer,
                     spelling.empty() || !engine.spelling() ? "off" : spelling,
                     speaker);
  Segmented seg;
  segment(text, seg);
  for (const auto& raw : seg.tokens) {
    std::string_view original = std::string_view(text).substr(raw.begin, raw.end - raw.begin);
    const TokenInfo& info = cache->lookup(original);
    std::string terms;
    for (std::uint16_t k = 0; k < info.terms_count; ++k)
      terms += (terms.empty() ? "" : ", ") + compiled->term_name(cache->terms(info)[k]);
    out += fmt::format("  {:<16} folded={:<14} stem={:<12} sentence={}{}{}{}{}{}\n", original, cache->folded(info.word),
                       cache->stem_of(info.word), raw.sentence, info.negator ? " NEGATOR" : "",
                       info.filler ? " FILLER(dropped)" : "", raw.quoted ? " QUOTED" : "",
                       cache->misspelt(info.word) && info.terms_count > 0
                           ? fmt::format(" MISSPELT(not in {}, one letter from a lexicon word)", compiled->lexicon().spelling)
                           : "",
                       terms.empty() ? "" : "  terms: " + terms);
  }
  out += "\nsentences:\n";
  for (const auto& s : seg.sentences)
    out += fmt::format("  [{}] {}{}\n", &s - seg.sentences.data(), text.substr(s.begin, s.end - s.begin),
                       s.question ? "   (question)" : "");
  const TranscriptMatches* m = analyzer.match(t, lang, true);
  out += "\nrules:\n";
  if (m->hits.empty()) out += "  (no rule matched)\n";
  for (const auto& hit : m->hits) {
    const Rule& rule = compiled->lexicon().rules[hit.rule];
    if (hit.pattern == kModelPattern) {  // the conduct model's, not a pattern's: its rating and the words behind it
      std::uint32_t first_rule = 0;
      const ConductModel* model = engine.model(lang, first_rule);
      std::vector<ConductModel::WordWeight> words;
      const std::string folded = fold(text);
      const float p = model ? model->word_weights(folded, hit.rule - first_rule, words) : 0;
      std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.weight > b.weight; });
      std::string top;
      for (std::size_t k = 0; k < words.size() && k < 5 && words[k].weight > 0; ++k)
        top += fmt::format("{}{} (+{:.2f})", top.empty() ? "" : ", ", folded.substr(words[k].begin, words[k].end - words[k].begin),
                           words[k].weight);
      out += fmt::format("  HIT    {:<22} rule {}: the built-in conduct model rates the turn {:.2f} (at least {:.2f} counts); "
                         "words that weighed most: {} -- evidence \"{}\"\n",
                         rule.id, rule.qualified_name(), p, compiled->lexicon().model_threshold, top.empty() ? "none" : top,
                         text.substr(hit.match_begin, hit.match_end - hit.match_begin));
      continue;
    }
    const auto& p = compiled->patterns()[hit.pattern];
    out += fmt::format("  {} {:<22} rule {} pattern '{}' ({}:{}) at \"{}\"{}\n", hit.cancelled.empty() ? "HIT   " : "CANCEL",
                       rule.id, rule.qualified_name(), compiled->text(p), rule.file, p.line,
                       text.substr(hit.match_begin, hit.match_end - hit.match_begin),
                       !hit.cancelled.empty() ? fmt::format("  -- {}", hit.cancelled)
                       : rule.reaction        ? std::string("  -- a reaction: counts for the agent's answer before it")
                                              : std::string());
  }
  return out;
}

}  // namespace defuse
