// Tooling for lexicon authors: static checks, the rules' own examples, explanations of a
// text, and per-rule firing statistics over a batch.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "pipeline/engine.h"

namespace defuse {

struct LintFinding {
  Diagnostic where;
  bool error = false;  // errors fail `lexicon check`; warnings do not
};

/// Duplicate patterns (an error when under two different IDs), patterns shadowed by a
/// shorter one of the same rule, and words that can never match (fillers, which are removed
/// before matching).
std::vector<LintFinding> lint_lexicons(const Engine& engine);

struct ExampleFailure {
  Diagnostic where;    // the rule's file:line
  std::string detail;  // what happened
};

struct ExampleReport {
  std::size_t passed = 0;
  std::vector<ExampleFailure> failures;
  /// Examples the conduct model learns as free of every anti-pattern (steps' match and
  /// anti-patterns' no_match examples, said by the agent) that another rule finds an
  /// anti-pattern in: they teach the model to miss it. Do not fail the test.
  std::vector<ExampleFailure> warnings;
};

/// Runs every rule's `examples` (optionally of one language): a match example must be
/// matched and counted for that rule when said by the rule's speaker; a no_match example
/// must not be. Warns about examples the conduct model would learn wrongly (see warnings).
ExampleReport run_rule_examples(const Engine& engine, const std::string& only_lang = "");

/// A human-readable account of how `text` is normalized, tokenized and matched.
std::string explain_text(const Engine& engine, const std::string& text, const std::string& lang,
                         const std::string& speaker);

}  // namespace defuse
