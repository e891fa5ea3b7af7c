#include "normalize/tokenizer.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace defuse {
namespace {

std::vector<std::string> words(std::string_view text) {
  Segmented seg;
  segment(text, seg);
  std::vector<std::string> out;
  for (const auto& t : seg.tokens) out.emplace_back(text.substr(t.begin, t.end - t.begin));
  return out;
}

std::size_t sentence_count(std::string_view text) {
  Segmented seg;
  segment(text, seg);
  return seg.sentences.size();
}

}  // namespace

TEST_CASE("tokens keep inner apostrophes and split on hyphens and punctuation") {
  CHECK(words("I don't know, it's e-mail!") == std::vector<std::string>{"I", "don't", "know", "it's", "e", "mail"});
}

TEST_CASE("tokens keep Cyrillic, accented Latin and digits whole") {
  CHECK(words("Извините, заказ №123 ещё не пришёл") ==
        std::vector<std::string>{"Извините", "заказ", "123", "ещё", "не", "пришёл"});
  CHECK(words("¿Cómo está? Información") == std::vector<std::string>{"Cómo", "está", "Información"});
}

TEST_CASE("sentences end at ? ! … and line breaks, and at a period before a capital") {
  Segmented seg;
  segment("Sorry? I'll call you at 5 p.m. tomorrow. Thanks!\nBye", seg);
  REQUIRE(seg.sentences.size() == 4);
  CHECK(seg.sentences[0].question);
  CHECK_FALSE(seg.sentences[1].question);
  // "I'll call you at 5 p.m. tomorrow." stays one sentence: 8 words.
  CHECK(seg.sentences[1].end_token - seg.sentences[1].first_token == 8);
}

TEST_CASE("a line that ends with a colon runs on into the next") {
  // What a colon introduces belongs to its sentence: the link after "Conoce más en:", the
  // hours after "Horarios:". Any other line break still ends the sentence.
  CHECK(sentence_count("Conoce más detalles en:\nhttps://t.co/abc") == 1);
  CHECK(sentence_count("Te invitamos a consultar la siguiente liga: \n\nhttps://t.co/abc\n\nGS") == 2);
  CHECK(sentence_count("Horarios:\r\nlunes a viernes de 7 a 23 h") == 1);
  CHECK(sentence_count("Conoce más detalles en\nhttps://t.co/abc") == 2);
  CHECK(sentence_count("Note: ok\nBye") == 2);
}

TEST_CASE("a period before a lower-case word ends a sentence, except after an abbreviation") {
  // Chats are typed in lower case: "no llegó. pues" is two sentences, so a negator in the
  // first cannot cancel a match in the second.
  CHECK(sentence_count("no llegó nada. pues vaya servicio") == 2);
  CHECK(sentence_count("не было. извини пожалуйста") == 2);
  CHECK(sentence_count("it shows me. refund is policy") == 2);
  // Abbreviations, initials and numbers keep the sentence whole.
  CHECK(sentence_count("llamé a las 5 p.m. y nada") == 1);
  CHECK(sentence_count("cuesta 500 руб. в месяц") == 1);
  CHECK(sentence_count("Оплата 500 РУБ. в месяц") == 1);
  CHECK(sentence_count("т. е. вы не получили") == 1);
  CHECK(sentence_count("books, pens etc. and more") == 1);
  CHECK(sentence_count("hable con la sra. lopez por favor") == 1);
  CHECK(sentence_count("ver la pág. siguiente y el núm. de folio") == 1);  // accents folded away
  CHECK(sentence_count("the fee is 5. then again") == 1);
}

TEST_CASE("a Spanish question opens with ¿") {
  Segmented seg;
  segment("¿Me indica el número de pedido", seg);
  REQUIRE(seg.sentences.size() == 1);
  CHECK(seg.sentences[0].question);
}

TEST_CASE("quoted words are marked") {
  Segmented seg;
  segment("He said «извините» and \"sorry\" twice", seg);
  std::vector<bool> quoted;
  for (const auto& t : seg.tokens) quoted.push_back(t.quoted);
  CHECK(quoted == std::vector<bool>{false, false, true, false, true, false});
}

TEST_CASE("a '\"' right after a digit is an inch mark, not a quote") {
  Segmented seg;
  segment("I took a 32\" off the shelf for you", seg);
  for (const auto& t : seg.tokens) CHECK_FALSE(t.quoted);
  // A quote that ends after a digit still ends there.
  segment("He said \"it is 32\" and left", seg);
  std::vector<bool> quoted;
  for (const auto& t : seg.tokens) quoted.push_back(t.quoted);
  CHECK(quoted == std::vector<bool>{false, false, true, true, true, false, false});
}

TEST_CASE("all-capitals words are marked upper") {
  Segmented seg;
  segment("I WANT my MONEY", seg);
  CHECK(seg.tokens[0].upper == false);  // one letter
  CHECK(seg.tokens[1].upper);
  CHECK_FALSE(seg.tokens[2].upper);
  CHECK(seg.tokens[3].upper);
}

TEST_CASE("capitals are counted in Cyrillic, accented Latin and words with digits") {
  Segmented seg;
  segment("ВЕРНИТЕ Деньги ЁЛКИ ÁNGEL Ángel NIÑO niÑo ABC123 abc123 Ω×ΩΩ", seg);
  std::vector<bool> upper;
  for (const auto& t : seg.tokens) upper.push_back(t.upper);
  // ВЕРНИТЕ Деньги ЁЛКИ ÁNGEL Ángel NIÑO niÑo ABC123 abc123 Ω ΩΩ ("×" is not a letter)
  CHECK(upper == std::vector<bool>{true, false, true, true, false, true, false, true, false, false, true});
}

}  // namespace defuse
