#include "match/pattern.h"

#include <fmt/format.h>

#include <charconv>

namespace defuse {
namespace {

using Sequence = PatternSequence;
using Node = PatternNode;

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool parse(Sequence& out, std::string& error) {
    if (!parse_sequence(out, error, false)) return false;
    if (pos_ < text_.size()) {
      error = fmt::format("unexpected '{}' at column {}", text_[pos_], pos_ + 1);
      return false;
    }
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;

  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  bool parse_sequence(Sequence& out, std::string& error, bool in_group) {
    for (;;) {
      skip_spaces();
      if (pos_ >= text_.size()) {
        if (in_group) {
          error = "unclosed '('";
          return false;
        }
        return true;
      }
      char c = text_[pos_];
      if (c == ')' || c == '|') {
        if (!in_group) {
          error = fmt::format("unexpected '{}' at column {}", c, pos_ + 1);
          return false;
        }
        return true;
      }
      Node node;
      if (c == '(') {
        ++pos_;
        node.is_group = true;
        for (;;) {
          Sequence alt;
          if (!parse_sequence(alt, error, true)) return false;
          node.alternatives.push_back(std::move(alt));
          if (text_[pos_] == '|') { ++pos_; continue; }
          ++pos_;  // ')'
          break;
        }
        if (pos_ < text_.size() && text_[pos_] == '?') {
          node.optional = true;
          ++pos_;
        }
      } else {
        std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != ' ' && text_[pos_] != '\t' && text_[pos_] != '(' &&
               text_[pos_] != ')' && text_[pos_] != '|')
          ++pos_;
        std::string_view word = text_.substr(start, pos_ - start);
        if (!parse_word(word, node.element, error)) return false;
      }
      out.push_back(std::move(node));
    }
  }

  static bool parse_word(std::string_view word, PatternElement& el, std::string& error) {
    if (word == "_") {
      el.kind = PatternElement::Kind::any;
      return true;
    }
    if (word.substr(0, 3) == "...") {
      el.kind = PatternElement::Kind::gap;
      el.max_gap = 3;
      std::string_view digits = word.substr(3);
      if (!digits.empty()) {
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), el.max_gap);
        if (ec != std::errc() || p != digits.data() + digits.size() || el.max_gap < 1 || el.max_gap > 20) {
          error = fmt::format("bad gap '{}': use ... or ...N with N from 1 to 20", word);
          return false;
        }
      }
      return true;
    }
    if (word.front() == '=' && word.size() > 2 && word.back() == '*') {
      el.kind = PatternElement::Kind::prefix;  // "=abc*": a prefix is already an exact-form match
      el.text = std::string(word.substr(1, word.size() - 2));
    } else if (word.front() == '=') {
      el.kind = PatternElement::Kind::exact;
      el.text = std::string(word.substr(1));
    } else if (word.size() > 1 && word.back() == '*') {
      el.kind = PatternElement::Kind::prefix;
      el.text = std::string(word.substr(0, word.size() - 1));
    } else {
      el.kind = PatternElement::Kind::word;
      el.text = std::string(word);
    }
    if (el.text.empty() || el.text.find('*') != std::string::npos) {
      error = fmt::format("bad word '{}'", word);
      return false;
    }
    return true;
  }
};

bool expand(const Sequence& seq, std::size_t index, ExpandedPattern& prefix,
            std::vector<ExpandedPattern>& out, std::size_t limit) {
  if (index == seq.size()) {
    if (out.size() >= limit) return false;
    out.push_back(prefix);
    return true;
  }
  const Node& node = seq[index];
  if (!node.is_group) {
    prefix.push_back(node.element);
    bool ok = expand(seq, index + 1, prefix, out, limit);
    prefix.pop_back();
    return ok;
  }
  std::size_t mark = prefix.size();
  if (node.optional && !expand(seq, index + 1, prefix, out, limit)) return false;
  // One-word alternatives become a single choice element; the rest expand.
  PatternElement choice;
  choice.kind = PatternElement::Kind::choice;
  std::vector<const Sequence*> multi;
  for (const auto& alt : node.alternatives) {
    bool single = alt.size() == 1 && !alt[0].is_group && (alt[0].element.kind == PatternElement::Kind::word ||
                                                          alt[0].element.kind == PatternElement::Kind::prefix ||
                                                          alt[0].element.kind == PatternElement::Kind::exact);
    if (single) choice.choices.push_back(alt[0].element);
    else multi.push_back(&alt);
  }
  if (!choice.choices.empty()) {
    prefix.push_back(choice.choices.size() == 1 ? choice.choices[0] : choice);
    bool ok = expand(seq, index + 1, prefix, out, limit);
    prefix.resize(mark);
    if (!ok) return false;
  }
  for (const Sequence* alt : multi) {
    // Expand the alternative, then continue with the rest of the sequence for each result.
    std::vector<ExpandedPattern> partial;
    ExpandedPattern empty;
    if (!expand(*alt, 0, empty, partial, limit)) return false;
    for (auto& p : partial) {
      prefix.insert(prefix.end(), p.begin(), p.end());
      bool ok = expand(seq, index + 1, prefix, out, limit);
      prefix.resize(mark);
      if (!ok) return false;
    }
  }
  return true;
}

}  // namespace

bool parse_pattern(std::string_view pattern, PatternSequence& out, std::string& error) {
  Parser parser(pattern);
  return parser.parse(out, error);
}

std::size_t count_variants(const PatternSequence& sequence, std::size_t limit) {
  std::size_t total = 1;
  for (const auto& node : sequence) {
    if (!node.is_group) continue;
    std::size_t choices = 0, sum = node.optional ? 1 : 0;
    for (const auto& alt : node.alternatives) {
      bool single = alt.size() == 1 && !alt[0].is_group && alt[0].element.kind != PatternElement::Kind::any &&
                    alt[0].element.kind != PatternElement::Kind::gap;
      if (single) choices = 1;
      else sum += count_variants(alt, limit);
    }
    sum += choices;
    total = std::min(total * std::max<std::size_t>(sum, 1), limit + 1);
  }
  return total;
}

bool expand_pattern(std::string_view pattern, std::vector<ExpandedPattern>& out, std::string& error,
                    std::size_t max_expansions) {
  Sequence seq;
  Parser parser(pattern);
  if (!parser.parse(seq, error)) return false;
  ExpandedPattern prefix;
  std::vector<ExpandedPattern> expanded;
  if (!expand(seq, 0, prefix, expanded, max_expansions)) {
    error = fmt::format("pattern expands to more than {} variants", max_expansions);
    return false;
  }
  for (auto& e : expanded) {
    if (e.empty()) continue;  // "(a)?" alone expands to nothing once
    // Drop leading/trailing gaps: a gap at an edge matches nothing useful.
    while (!e.empty() && e.back().kind == PatternElement::Kind::gap) e.pop_back();
    if (e.empty()) continue;
    if (e.front().kind == PatternElement::Kind::gap || e.front().kind == PatternElement::Kind::any) {
      error = "a pattern must not start with '...' or '_'";
      return false;
    }
    out.push_back(std::move(e));
  }
  if (out.empty()) {
    error = "pattern matches nothing";
    return false;
  }
  return true;
}

}  // namespace defuse
