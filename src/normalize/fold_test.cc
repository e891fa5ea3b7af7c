#include "normalize/fold.h"

#include <doctest/doctest.h>

namespace defuse {

TEST_CASE("fold lower-cases ASCII without touching ICU") {
  CHECK(fold("Sorry For The Delay") == "sorry for the delay");
}

TEST_CASE("fold removes Spanish accents, so chat Spanish without them matches") {
  CHECK(fold("Perdón") == "perdon");
  CHECK(fold("INFORMACIÓN") == "informacion");
  CHECK(fold("¿Cómo está?") == "¿como esta?");
  CHECK(fold("año") == "ano");
}

TEST_CASE("fold maps ё to е but keeps й") {
  CHECK(fold("Всё ещё") == "все еще");
  CHECK(fold("Извините, пожалуйста") == "извините, пожалуйста");
  CHECK(fold("Мой") == "мой");
}

TEST_CASE("fold folds typographic apostrophes, quotes, dashes and spaces") {
  CHECK(fold("I’m") == "i'm");
  CHECK(fold("«да»") == "\"да\"");
  CHECK(fold("a—b") == "a-b");
  CHECK(fold("a\u00A0b") == "a b");
}

TEST_CASE("fold applies NFKC: compatibility forms become plain letters") {
  CHECK(fold("ﬁne") == "fine");          // ligature
  CHECK(fold("Ｓｏｒｒｙ") == "sorry");  // full-width
  CHECK(fold("Perdo\u0301n") == "perdon");  // decomposed accent
}

TEST_CASE("fold is idempotent: a folded word folds to itself") {
  // Lexicon words are folded when loaded and again when read back from the precompiled
  // form; a grave accent that only appears after NFKC must fold as on the ASCII path.
  CHECK(fold("é`") == "e'");
  CHECK(fold("д`а") == "д'а");
  CHECK(fold("\uFF40") == "'");  // full-width grave accent
  for (const char* text : {"é`", "Ｓｏｒｒｙ`", "Perdo\u0301n", "Всё ещё", "I’m «да»", "\u1FEFx", "a\u00A0b"})
    CHECK(fold(fold(text)) == fold(text));
}

}  // namespace defuse
