#include "match/typo.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "match/matcher.h"

namespace defuse {
namespace {

std::vector<std::string> near(const TypoIndex& index, const std::vector<std::string>& names, std::string_view word,
                              std::string_view stem) {
  std::vector<std::uint32_t> terms;
  index.near_terms(word, stem, terms);
  std::vector<std::string> out;
  for (std::uint32_t t : terms) out.push_back(names[t]);
  return out;
}

}  // namespace

TEST_CASE("edit distance counts an adjacent swap as one edit") {
  CHECK(edit_distance(U"disculpe", U"disclupe", 2) == 1);
  CHECK(edit_distance(U"disculpe", U"disculpe", 2) == 0);
  CHECK(edit_distance(U"receive", U"recieve", 2) == 1);
  CHECK(edit_distance(U"abcd", U"bcde", 3) == 2);
  CHECK(edit_distance(U"short", U"muchlongerword", 1) == 2);  // stops past the limit
}

TEST_CASE("the typo index finds keys one edit away, and only those") {
  // Terms as the matcher names them; the index is given the keys without their kind.
  std::vector<std::string> names = {"stem:disculp", "exact:receive", "prefix:извин", "prefix:mand", "stem:cliente"};
  TypoIndex index;
  index.add(TypoIndex::Kind::stem, "disculp", 0);
  index.add(TypoIndex::Kind::exact, "receive", 1);
  index.add(TypoIndex::Kind::prefix, "извин", 2);
  index.add(TypoIndex::Kind::prefix, "mand", 3);  // four letters: too short for a prefix
  index.add(TypoIndex::Kind::stem, "client", 4);
  index.finish();

  // Swapped, dropped, replaced and doubled letters.
  CHECK(near(index, names, "disclupe", "disclup") == std::vector<std::string>{"stem:disculp"});
  CHECK(near(index, names, "recieve", "reciev") == std::vector<std::string>{"exact:receive"});
  CHECK(near(index, names, "извеняюсь", "извеня") == std::vector<std::string>{"prefix:извин"});
  CHECK(near(index, names, "извняюсь", "извня") == std::vector<std::string>{"prefix:извин"});
  CHECK(near(index, names, "recceive", "recceiv") == std::vector<std::string>{"exact:receive"});
  // Two edits away, a different first letter (names: "Sandro", "vlient"), a prefix's last
  // letter changed (a word that simply goes on otherwise), words too short, numbers: nothing.
  CHECK(near(index, names, "dsiclupe", "dsiclup").empty());
  CHECK(near(index, names, "vlient", "vlient").empty());
  CHECK(near(index, names, "извинк", "извинк").size() == 0);  // itself a prefix match, not a typo
  CHECK(near(index, names, "sandro", "sandro").empty());
  CHECK(near(index, names, "clien", "clien").empty());
  CHECK(near(index, names, "r3ceive", "r3ceiv").empty());
}

TEST_CASE("known words come from Hunspell dictionaries, folded and stemmed") {
  const auto dir = std::filesystem::temp_directory_path() / "defuse-typo-test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream dic(dir / "xx_TEST.dic");
    dic << "3\ncaliente/S\nMéxico\ninformación/S po:noun\n";
  }
  const char* old = std::getenv("DICPATH");
  const std::string saved = old ? old : "";
  setenv("DICPATH", dir.c_str(), 1);
  std::vector<std::string> missing;
  KnownWords known = KnownWords::read_dictionaries("xx_TEST, zz_NONE", "spanish", missing);
  if (old) setenv("DICPATH", saved.c_str(), 1); else unsetenv("DICPATH");
  std::filesystem::remove_all(dir);

  CHECK(missing == std::vector<std::string>{"zz_NONE"});
  CHECK(known.knows("caliente", "calient"));
  CHECK(known.knows("calientes", "calient"));  // an inflection: by its stem
  CHECK(known.knows("mexico", "mexic"));        // folded: no accent, no capital
  CHECK(known.knows("informacion", "informacion"));
  CHECK_FALSE(known.knows("disclupe", "disclup"));
}

TEST_CASE("a misspelt word is read as the lexicon word only when no dictionary has it") {
  // "cliente" is a lexicon word; "caliente" is one letter from it but a real word.
  const auto dir = std::filesystem::temp_directory_path() / "defuse-typo-test-2";
  std::filesystem::create_directories(dir);
  {
    std::ofstream dic(dir / "xx_TEST.dic");
    dic << "2\ncaliente\ncliente\n";
  }
  setenv("DICPATH", dir.c_str(), 1);
  LanguageLexicon lexicon;
  lexicon.lang = "es";
  lexicon.spelling = "xx_TEST";
  Rule rule;
  rule.id = "greet";
  rule.file = "es/steps.yaml";
  rule.patterns.push_back({"=cliente", 1});
  lexicon.rules.push_back(rule);
  Diagnostics errors;
  auto compiled = CompiledLexicon::compile(lexicon, errors);
  unsetenv("DICPATH");
  std::filesystem::remove_all(dir);
  REQUIRE(errors.empty());
  REQUIRE_FALSE(compiled->known_words().empty());

  auto terms_of = [&](TokenCache& cache, std::string_view word) {
    const TokenInfo& info = cache.lookup(word);
    return std::pair{static_cast<int>(info.terms_count), cache.misspelt(info.word)};
  };
  TokenCache reading(*compiled, true);
  CHECK(terms_of(reading, "cleinte") == std::pair{1, true});    // a typo: read as "cliente"
  CHECK(terms_of(reading, "caliente") == std::pair{0, false});  // a real word: left alone
  CHECK(terms_of(reading, "Cleinte").first == 0);               // written as a name: left alone
  CHECK(terms_of(reading, "CLEINTE").first == 1);               // shouted: read
  TokenCache off(*compiled, false);
  CHECK(terms_of(off, "cleinte") == std::pair{0, false});       // --no-spelling
}

}  // namespace defuse
