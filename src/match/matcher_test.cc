#include "match/matcher.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace defuse {
namespace {

// One rule with `patterns`, compiled for English without a stemmer, so words match as
// written (after folding).
struct Fixture {
  LanguageLexicon lexicon;
  std::unique_ptr<CompiledLexicon> compiled;
  Diagnostics errors;

  explicit Fixture(std::vector<std::string> patterns, std::vector<std::string> negators = {}) {
    lexicon.lang = "en";
    lexicon.negators = std::move(negators);
    Rule rule;
    rule.id = "apologize";
    rule.file = "en/steps.yaml";
    int line = 1;
    for (auto& p : patterns) rule.patterns.push_back({p, line++});
    lexicon.rules.push_back(rule);
    compiled = CompiledLexicon::compile(lexicon, errors);
  }

  // The matched spans, as "pattern line: words".
  std::vector<std::string> find(std::string_view text) {
    TokenCache cache(*compiled);
    Segmented segmented;
    segment(text, segmented);
    std::vector<MatchToken> tokens;
    prepare_tokens(text, segmented, cache, tokens);
    std::vector<PatternMatch> matches;
    find_matches(*compiled, cache, tokens, Role::agent, false, matches);
    std::vector<std::string> out;
    for (const auto& m : matches) {
      const CompiledPattern& p = compiled->patterns()[m.pattern];
      out.push_back(std::to_string(p.line) + ": " +
                    std::string(text.substr(tokens[m.first].begin, tokens[m.end - 1].end - tokens[m.first].begin)));
    }
    return out;
  }
};

using Spans = std::vector<std::string>;

TEST_CASE("optional groups are matched in place, absent first") {
  Fixture f({"(i am|i'm)? sorry (for the delay)?"});
  REQUIRE(f.errors.empty());
  CHECK(f.compiled->patterns().size() == 1);  // one pattern, not four variants
  // Absent first: the shortest match from each start.
  CHECK(f.find("I am sorry for the delay.") == Spans{"1: I am sorry", "1: sorry"});
  CHECK(f.find("Sorry.") == Spans{"1: Sorry"});
  CHECK(f.find("I am not here.").empty());
}

TEST_CASE("multi-word alternatives, nested groups and gaps") {
  Fixture f({"(we|i) (messed up|made (a|an) (mistake|error)) ...2 order"});
  REQUIRE(f.errors.empty());
  CHECK(f.find("We made an error with your order") == Spans{"1: We made an error with your order"});
  CHECK(f.find("I messed up the order") == Spans{"1: I messed up the order"});
  CHECK(f.find("I made a mess of your order").empty());
  // The gap allows two words, not three.
  CHECK(f.find("We messed up with this big order").empty());
}

// The gap and group filters skip positions whose first token cannot begin what follows;
// at the end of a sentence only what may match nothing is still tried.
TEST_CASE("after a gap or in a group, what may match nothing still matches at the sentence's end") {
  Fixture f({"refund ...2 (today|right now)?", "(sorry (about that)?|apologies) ...1 (again)?", "call ...3 (you|them) (back)?"});
  REQUIRE(f.errors.empty());
  CHECK(f.find("We will refund.") == Spans{"1: refund"});
  CHECK(f.find("We will refund it today.") == Spans{"1: refund"});
  CHECK(f.find("Sorry.") == Spans{"2: Sorry"});
  CHECK(f.find("Apologies again") == Spans{"2: Apologies"});
  CHECK(f.find("I will call you back.") == Spans{"3: call you"});
  CHECK(f.find("I will call the office and then them.") == Spans{});
  CHECK(f.find("I will call them.") == Spans{"3: call them"});
}

TEST_CASE("a pattern without a plain top-level word is split at its groups") {
  Fixture f({"(my bad|our fault)", "(please)? (forgive|excuse) (us|me)"});
  REQUIRE(f.errors.empty());
  CHECK(f.compiled->patterns().size() == 3);  // "my bad", "our fault", and the second
  CHECK(f.find("Oh, my bad.") == Spans{"1: my bad"});
  CHECK(f.find("It was our fault") == Spans{"1: our fault"});
  CHECK(f.find("Please excuse me") == Spans{"2: Please excuse me", "2: excuse me"});
}

TEST_CASE("every compiled piece names the pattern as written, trigger or unless") {
  // Kept once in the rule, not per piece: "lexicon explain" and "lexicon test" quote it.
  LanguageLexicon lexicon;
  lexicon.lang = "en";
  Rule rule;
  rule.id = "apologize";
  rule.patterns = {{"sorry", 3}, {"(my bad|our fault)", 4}};
  rule.unless = {{"sorry to hear", 7}};
  lexicon.rules.push_back(rule);
  Diagnostics errors;
  auto compiled = CompiledLexicon::compile(lexicon, errors);
  REQUIRE(errors.empty());
  std::vector<std::string> written;
  for (const auto& p : compiled->patterns())
    written.push_back(std::to_string(p.line) + (p.unless ? " unless " : " ") + std::string(compiled->text(p)));
  std::sort(written.begin(), written.end());
  CHECK(written == std::vector<std::string>{"3 sorry", "4 (my bad|our fault)", "4 (my bad|our fault)",
                                            "7 unless sorry to hear"});
}

// The term IDs of a pattern word ("exact:" terms: the fixture has no stemmer, so words are
// stems of themselves).
std::uint32_t term_named(const CompiledLexicon& c, const std::string& name) {
  for (std::uint32_t t = 0; t < c.term_count(); ++t)
    if (c.term_name(t) == name) return t;
  FAIL("no term " << name);
  return 0;
}

bool anchored_on(const CompiledLexicon& c, const std::string& term) {
  return !c.anchored_on(Role::agent, term_named(c, term)).empty();
}

TEST_CASE("anchors: the word the rules' examples use least, once there are enough examples") {
  // "credit" is in every example sentence, "refund" in one: checking the pattern at every
  // "credit" would cost far more than at every "refund".
  Fixture f({"credit ...3 refund"});
  REQUIRE(f.errors.empty());
  CHECK(anchored_on(*f.compiled, "stem:credit"));  // no examples: a tie on pattern counts, the first
  Rule& rule = f.lexicon.rules[0];
  for (int i = 0; i < 300; ++i) rule.no_match_examples.push_back("your credit card number " + std::to_string(i));
  rule.match_examples.push_back("a credit for the refund");
  auto compiled = CompiledLexicon::compile(f.lexicon, f.errors);
  CHECK(anchored_on(*compiled, "stem:refund"));
  CHECK_FALSE(anchored_on(*compiled, "stem:credit"));
  // And the other way round when the examples say "refund" is the common word.
  Fixture g({"refund ...3 credit"});
  for (int i = 0; i < 300; ++i) g.lexicon.rules[0].no_match_examples.push_back("the refund number " + std::to_string(i));
  compiled = CompiledLexicon::compile(g.lexicon, g.errors);
  CHECK(anchored_on(*compiled, "stem:credit"));
  CHECK_FALSE(anchored_on(*compiled, "stem:refund"));
}

TEST_CASE("the word cache finds a form only by itself, whatever its length and wherever forms differ") {
  // The hash and the comparison read keys in overlapping fixed-size pieces: every length
  // from 0 to 40 bytes, and a one-byte difference at every position, must stay apart.
  FormTable table;
  std::vector<std::string> keys;
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string base(n, 'a');
    for (std::size_t i = 0; i < n; ++i) base[i] = static_cast<char>('a' + (i * 7) % 26);
    keys.push_back(base);
    for (std::size_t i = 0; i < n; ++i) {
      std::string other = base;
      other[i] = static_cast<char>(other[i] == 'z' ? 'y' : other[i] + 1);
      keys.push_back(other);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    TokenInfo info;
    info.word = static_cast<std::uint32_t>(k);
    CHECK(table.find(keys[k], table.hash(keys[k])) == nullptr);
    table.insert(keys[k], table.hash(keys[k]), info);
  }
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const TokenInfo* found = table.find(keys[k], table.hash(keys[k]));
    REQUIRE(found != nullptr);
    CHECK(found->word == k);
  }
  CHECK(table.find("not a key", table.hash("not a key")) == nullptr);
  // The comparison alone (hash collisions are rare, so find() above seldom needs it).
  for (const auto& key : keys) {
    const std::string copy = key;
    CHECK(FormTable::same_bytes(key.data(), copy.data(), key.size()));
    for (std::size_t i = 0; i < key.size(); ++i) {
      std::string other = key;
      other[i] ^= 0x20;
      CHECK_FALSE(FormTable::same_bytes(key.data(), other.data(), key.size()));
    }
  }
}

TEST_CASE("prefix words match by their start, short and long prefixes alike") {
  // Words are screened by their first four bytes before the prefix look-ups: a prefix of
  // fewer bytes ("ok*") and one of several Cyrillic letters must still be found.
  Fixture f({"ok*", "извин*", "disculp* please"});
  REQUIRE(f.errors.empty());
  CHECK(f.find("okay then") == Spans{"1: okay"});
  CHECK(f.find("Извините") == Spans{"2: Извините"});
  CHECK(f.find("disculpe please") == Spans{"3: disculpe please"});
  CHECK(f.find("indisculpable please").empty());
  CHECK(f.find("изв").empty());
}

TEST_CASE("a lone alternative that folds to nothing is dropped, as in a flat expansion") {
  Fixture f({"so (,)? sorry"});
  REQUIRE(f.errors.empty());
  CHECK(f.find("so sorry") == Spans{"1: so sorry"});
}

TEST_CASE("a word said twice at once is one word, unless a hyphen joins the two") {
  Fixture f({"well well", "sorry for"});
  REQUIRE(f.errors.empty());
  CHECK(f.find("I'm sorry sorry for that.") == Spans{"2: sorry sorry for"});  // a stutter
  CHECK(f.find("Well well, look at that.").empty());                       // a stutter too
  CHECK(f.find("Well-well, look at that.") == Spans{"1: Well-well"});       // a reduplication
}

TEST_CASE("matches never cross a sentence") {
  Fixture f({"sorry ...3 delay"});
  CHECK(f.find("Sorry. The delay is long.").empty());
  CHECK(f.find("Sorry about the delay.") == Spans{"1: Sorry about the delay"});
}

TEST_CASE("a required choice is checked alike whether or not it is among the hot sets") {
  // More distinct choices than CompiledLexicon::kHotSets: some are checked by a HotMask bit,
  // the others term by term. Each pattern is anchored on its own word, its choice the rest.
  auto word = [](std::string prefix, std::uint32_t n) {
    do prefix += static_cast<char>('a' + n % 26), n /= 26; while (n);
    return prefix;
  };
  constexpr std::uint32_t kPatterns = CompiledLexicon::kHotSets + 44;
  std::vector<std::string> patterns;
  for (std::uint32_t i = 0; i < kPatterns; ++i)
    patterns.push_back(word("anc", i) + " (" + word("xx", i) + "|" + word("yy", i) + ")");
  Fixture f(patterns);
  REQUIRE(f.errors.empty());
  for (std::uint32_t i = 0; i < kPatterns; ++i) {
    const std::string anchor = word("anc", i), line = std::to_string(i + 1);
    CHECK(f.find(anchor + " " + word("xx", i) + ".") == Spans{line + ": " + anchor + " " + word("xx", i)});
    CHECK(f.find(anchor + " " + word("yy", i) + ".") == Spans{line + ": " + anchor + " " + word("yy", i)});
    CHECK(f.find(word("xx", i) + " " + anchor + ".").empty());  // the choice must follow
    CHECK(f.find(anchor + " " + word("xx", (i + 1) % kPatterns) + ".").empty());  // another pattern's choice
  }
}

TEST_CASE("negators anywhere in the tree mark the pattern") {
  Fixture f({"(not|never) (my|our) fault", "sorry"}, {"not", "never"});
  REQUIRE(f.errors.empty());
  CHECK(f.compiled->patterns()[0].has_negator);
  CHECK_FALSE(f.compiled->patterns()[1].has_negator);
}

TEST_CASE("pattern errors name the file and line") {
  Fixture f({"sorry (for", "... sorry"});
  REQUIRE(f.errors.size() == 2);
  CHECK(f.errors[0].path == "en/steps.yaml");
  CHECK(f.errors[0].line == 1);
  CHECK(f.errors[0].message.find("unclosed") != std::string::npos);
  CHECK(f.errors[1].line == 2);
}

TEST_CASE("the linter's flat variants are built only on request") {
  Fixture f({"(i am|i'm)? sorry"});
  CHECK(f.compiled->variants().empty());
  Diagnostics errors;
  auto with = CompiledLexicon::compile(f.lexicon, errors, true);
  CHECK(with->variants().size() == 3);  // "sorry", "i'm sorry", "i am sorry"
}

}  // namespace
}  // namespace defuse
