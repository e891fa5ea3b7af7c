#include "redact/redact.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>

using defuse::find_personal_data;
using defuse::PersonalData;
using defuse::redact;

namespace {

// Each case: the text and what it must become.
void check_masked(const std::string& text, const std::string& expected) {
  CAPTURE(text);
  CHECK(redact(text) == expected);
}

void check_kept(const std::string& text) {
  CAPTURE(text);
  CHECK(redact(text) == text);
}

}  // namespace

TEST_CASE("redact masks e-mail addresses, ASCII and IDN") {
  check_masked("write to ivan.petrov@mail.ru please", "write to [email] please");
  check_masked("Mail:maria_lopez+shop@correo.example.es.", "Mail:[email].");
  check_masked("<john@example.com>", "<[email]>");
  check_masked("почта иван@почта.рф нет, ivan@почта.рф", "почта иван@почта.рф нет, [email]");
  check_masked("12345@inbox.ru", "[email]");
  check_kept("see @mention and a@b and user@localhost and x@1.2");
  check_kept("the price is 5 @ 3.50");
}

TEST_CASE("redact masks Russian phone numbers in the usual spellings") {
  for (const char* phone : {"+7 916 123-45-67", "+7 (916) 123-45-67", "+79161234567", "8 916 123 45 67",
                            "8-916-123-45-67", "8 (916) 123-45-67", "89161234567", "7 916 123 45 67",
                            "916 123-45-67", "(916) 123-45-67", "9161234567", "8 800 555-35-35",
                            "(495) 123-45-67", "495 123-45-67", "+7 495 123 45 67", "123-45-67",
                            "+7\u00a0916\u00a0123\u201145\u201167"})
    check_masked(std::string("Мой номер ") + phone + ", звоните.", "Мой номер [phone], звоните.");
}

TEST_CASE("redact masks Spanish and international phone numbers") {
  for (const char* phone : {"+34 612 345 678", "+34 612 34 56 78", "0034 612345678", "612 34 56 78", "612345678",
                            "712 345 678", "91 123 45 67", "912 345 678", "+34 91 123 45 67", "+44 20 7946 0958",
                            "+1 (555) 123-4567", "+49 30 1234567", "0049 30 1234567", "+33 1 42 68 53 00"})
    check_masked(std::string("mi teléfono es ") + phone + " gracias", "mi teléfono es [phone] gracias");
}

TEST_CASE("redact masks payment cards that pass the Luhn check") {
  check_masked("card 4276 3800 1234 5679 exp 12/27", "card [card] exp 12/27");
  check_masked("4111-1111-1111-1111", "[card]");
  check_masked("tarjeta 4111111111111111.", "tarjeta [card].");
  check_masked("Amex 3782 822463 10005", "Amex [card]");
  check_masked("5500 0000 0000 0004", "[card]");
  check_masked("МИР 2200 0000 0000 0004", "МИР [card]");
  // The same digits with a wrong checksum are kept: an order or tracking number.
  check_kept("card 4276 3800 1234 5678 exp 12/27");
  check_kept("4111-1111-1111-1112");
  check_kept("tracking 80085012345678");
}

TEST_CASE("redact masks IBANs with a valid mod-97 checksum") {
  check_masked("IBAN ES91 2100 0418 4502 0005 1332, gracias", "IBAN [iban], gracias");
  check_masked("ES9121000418450200051332", "[iban]");
  check_masked("DE89 3704 0044 0532 0130 00.", "[iban].");
  check_masked("GB29 NWBK 6016 1331 9268 19", "[iban]");
  check_kept("ES91 2100 0418 4502 0005 1333");
  check_kept("ES12 is a code");
}

TEST_CASE("redact masks Spanish DNI and NIE with a valid letter") {
  check_masked("DNI 12345678Z", "DNI [dni]");
  check_masked("mi dni es 12345678-Z.", "mi dni es [dni].");
  check_masked("12.345.678 Z", "[dni]");
  check_masked("12345678z", "[dni]");
  check_masked("NIE X1234567L", "NIE [dni]");
  check_masked("NIE X-1234567-L", "NIE [dni]");
  check_masked("Y1234567X", "[dni]");
  check_kept("DNI 12345678A");
  check_kept("pago 12345678 a plazos");
  check_kept("X1234567A");
}

TEST_CASE("redact masks Russian passport and SNILS numbers") {
  check_masked("паспорт 45 03 123456 выдан", "паспорт [passport] выдан");
  check_masked("паспорт 4503 123456", "паспорт [passport]");
  check_masked("Паспорт серия 4503 номер 123456, выдан", "Паспорт серия [passport], выдан");
  check_masked("паспорт 45 03 № 123456", "паспорт [passport]");
  check_masked("СНИЛС 112-233-445 95", "СНИЛС [snils]");
  check_masked("СНИЛС 11223344595", "СНИЛС [snils]");
  check_kept("СНИЛС 112-233-445 96");
  check_kept("1250 000000");  // not a year of issue
}

TEST_CASE("redact keeps ordinary numbers: orders, amounts, dates, times, ids") {
  for (const char* text : {
           "order 5521-A", "ticket #48213", "заказ № 7712345", "INC0012345", "pedido 4587123",
           "order 912345678", "pedido nº 612345678", "Заказ 9161234567 отменён", "#612345678",
           "номер заказа 89161234567", "order number 4111111111111111",
           "1 250,00 €", "€ 950 000 000", "950 000 000 €", "612 345 678 руб", "35 000 ₽", "2 000 000 рублей",
           "12 500 000 EUR", "USD 612345678", "0.912345678", "1,912345678",
           "12.05.2024", "2024-05-12", "12/05/2024 14:30", "14:30:15", "с 9:00 до 18:00", "2024-05-12 14:30",
           "5 días", "в 2023 году", "RA123456789RU", "TCK-2024-000123", "v2.3.4", "3.14159",
           "+5 points", "2+2=4", "ID 4503 123456", "tel. 12", "Order-ID: 20240512-0042"})
    check_kept(text);
}

TEST_CASE("redact reports kinds and spans") {
  auto spans = find_personal_data("a@b.co +7 916 123-45-67 4111 1111 1111 1111");
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].kind == PersonalData::email);
  CHECK(spans[0].begin == 0);
  CHECK(spans[0].end == 6);
  CHECK(spans[1].kind == PersonalData::phone);
  CHECK(spans[2].kind == PersonalData::card);
  CHECK(find_personal_data("nothing here, 42 apples").empty());
}

TEST_CASE("redact is idempotent and copes with bytes that are not UTF-8") {
  std::string text = "x\xff\xfe +7 916 123-45-67 \xc3 a@b.co \xe2\x82";
  std::string once = redact(text);
  CHECK(once == "x\xff\xfe [phone] \xc3 [email] \xe2\x82");
  CHECK(redact(once) == once);
  // Cases the fuzzer found, where a placeholder changes its neighbour's context.
  CHECK(redact("a@b.cc_d@e.ff") == "[email]_[email]");
  CHECK(redact("4111 1111 1111 1111,1a@b.cc") == "[card],[email]");
  CHECK(redact("IBAN ES91 2100 0418 4502 0005 1332 (916) 123-45-67") == "IBAN [iban] [phone]");
  CHECK(redact("") == "");
  CHECK(redact("+") == "+");
  CHECK(redact("(") == "(");
}

TEST_CASE("redact is linear on long hostile runs") {
  // Runs that would make a backtracking matcher quadratic: four times the text must take
  // about four times as long, not sixteen. A quadratic scan of 512 KiB takes minutes, so
  // the slack for a busy machine (the best of three runs, 8x plus half a second) is safe.
  auto seconds_for = [](const std::string& unit, std::size_t size) {
    std::string text;
    while (text.size() < size) text += unit;
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
      auto start = std::chrono::steady_clock::now();
      std::string out = redact(text);
      CHECK(!out.empty());
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
  };
  for (std::string unit : {"a-", "1 ", "1-", "a.", "+1", "(1)", "X1", "ES9", "a@", "a@b.", "1,", "#1 "}) {
    double small = seconds_for(unit, 128u << 10);
    double large = seconds_for(unit, 512u << 10);
    CAPTURE(unit);
    CAPTURE(small);
    CAPTURE(large);
    CHECK(large < 8 * small + 0.5);
  }
}

TEST_CASE("may_hold_personal_data finds a digit or '@' at every position, and nothing else") {
  // Each probe at every position of texts of 0-70 bytes, so the 16-byte steps and the tail
  // both see it; the fillers are the bytes next to '0'-'9' and '@', and their high-bit twins
  // (0xB0-0xB9 and 0xC0 are UTF-8 continuation and lead bytes, not digits).
  const char fillers[] = {'a', '/', ':', '?', 'A', '\x80', '\xB0', '\xB9', '\xC0', '\xD0', '\xFF', ' ', '\0'};
  const char probes[] = {'0', '5', '9', '@'};
  for (std::size_t length = 0; length <= 70; ++length) {
    for (char filler : fillers) {
      const std::string text(length, filler);
      CAPTURE(length);
      CHECK_FALSE(defuse::may_hold_personal_data(text));
      for (std::size_t at = 0; at < length; ++at) {
        for (char probe : probes) {
          std::string with = text;
          with[at] = probe;
          CAPTURE(at);
          CHECK(defuse::may_hold_personal_data(with));
          // A view that stops before the probe, or starts after it, sees none.
          CHECK_FALSE(defuse::may_hold_personal_data(std::string_view(with).substr(0, at)));
          CHECK_FALSE(defuse::may_hold_personal_data(std::string_view(with).substr(at + 1)));
        }
      }
    }
  }
}

TEST_CASE("may_hold_personal_data agrees with a byte loop on random bytes") {
  std::mt19937 random(11);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 80);
  for (int round = 0; round < 20000; ++round) {
    std::string text(static_cast<std::size_t>(length(random)), ' ');
    // Mostly bytes that are neither digits nor '@', so that a hit is often at the end or absent.
    for (char& c : text) {
      c = static_cast<char>(byte(random));
      if (((c >= '0' && c <= '9') || c == '@') && byte(random) < 240) c = 'x';
    }
    const bool expected =
        std::any_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '@'; });
    CAPTURE(text);
    CHECK(defuse::may_hold_personal_data(text) == expected);
  }
}
