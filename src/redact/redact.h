// Masks personal data in text that leaves defuse: evidence snippets, reports and the
// coaching view travel by e-mail and chat, so a phone or card number a customer typed must
// not travel with them. docs/robustness.md lists what is masked and what is left alone.
//
// Each datum becomes a typed placeholder: [email] [phone] [card] [iban] [dni] [passport]
// [snils]. Detection is a forward pass over the bytes with bounded look-ahead (no regex),
// repeated on the result in the rare case a placeholder changes what a neighbour looks like,
// so redact(redact(x)) == redact(x):
//   email     local@domain.tld (ASCII local part; the domain may be IDN, e.g. почта.рф)
//   phone     +CC and 00CC international numbers (8-15 digits); Russian +7 / 8 / 7 and
//             10-digit 9xx mobiles; Russian landlines written (495) 123-45-67 or
//             495 123-45-67; Spanish 6xx/7xx mobiles and grouped 8xx/9xx landlines;
//             local 123-45-67
//   card      13-19 digits, contiguous or in groups of 3-6 split by spaces or dashes,
//             a card-network first digit (2-6) and a valid Luhn checksum
//   iban      a known country's length and a valid mod-97 checksum, spaced or not
//   dni       Spanish DNI (8 digits + control letter) and NIE (X/Y/Z + 7 digits + letter),
//             the control letter checked
//   passport  Russian internal passport written 45 03 123456 or 4503 123456
//   snils     Russian SNILS 123-456-789 01 or 11 digits, with its checksum
// Left alone, so evidence stays readable: order and ticket numbers (checksums fail, or an
// "order"/"pedido"/"заказ"/"#"/"№" word comes right before a phone-shaped number), amounts
// ("1 250,00 €", "950 000 000 руб"), dates, times, and digits glued to letters ("INC0012345").
//
// Thread-safe: no state. Input need not be valid UTF-8 (bytes are copied through).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace defuse {

enum class PersonalData : std::uint8_t { email, phone, card, iban, dni, passport, snils };

/// The placeholder that replaces a datum: "[email]", "[phone]", ...
std::string_view placeholder(PersonalData kind);

/// One datum found in a text: the bytes [begin, end) of the text searched.
struct PersonalSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  PersonalData kind = PersonalData::phone;
};

/// Whether `text` has an ASCII digit or an '@': every kind of datum has one, so text
/// without either holds none and needs no scan.
bool may_hold_personal_data(std::string_view text);

/// Every datum one pass finds in `text`, in order and non-overlapping. Linear in the size
/// of `text`.
std::vector<PersonalSpan> find_personal_data(std::string_view text);

/// `text` with each datum replaced by its placeholder; `text` itself when there is none.
std::string redact(std::string_view text);

/// The same without a copy when nothing is masked: true and the masked text in `out`, or
/// false and `out` unspecified when `text` holds no datum (most text holds none).
bool redact_into(std::string_view text, std::string& out);

}  // namespace defuse
