#include "match/term_table.h"

#include <doctest/doctest.h>

#include <string>

namespace defuse {
namespace {

TEST_CASE("terms are numbered as interned, one per kind and key") {
  TermTable table;
  CHECK(table.find(TermKind::stem, "sorri") == TermTable::kNone);
  CHECK(table.intern(TermKind::stem, "sorri") == 0);
  CHECK(table.intern(TermKind::prefix, "sorri") == 1);  // another kind, another term
  CHECK(table.intern(TermKind::stem, "sorri") == 0);
  for (int i = 0; i < 1000; ++i) table.intern(TermKind::exact, "w" + std::to_string(i));  // grows
  CHECK(table.size() == 1002);
  CHECK(table.find(TermKind::exact, "w999") == 1001);
  CHECK(table.find(TermKind::stem, "w999") == TermTable::kNone);
  CHECK(table.find(TermKind::prefix, "sorri") == 1);
  CHECK(table.key(1) == "sorri");
  CHECK(table.kind(1) == TermKind::prefix);
  CHECK(table.name(0) == "stem:sorri");
  CHECK(table.name(2) == "exact:w0");
}

TEST_CASE("a term table reads back from its blob the same, and refuses damaged arrays") {
  TermTable table;
  for (const char* key : {"disculp", "извин", "refund", ""}) table.intern(TermKind::stem, key);
  BlobWriter out;
  table.write(out);
  {
    BlobReader in(out.bytes());
    TermTable read;
    REQUIRE(read.read(in));
    CHECK(in.at_end());
    CHECK(read.find(TermKind::stem, "извин") == 1);
    CHECK(read.find(TermKind::stem, "") == 3);
    BlobWriter again;
    read.write(again);
    CHECK(again.bytes() == out.bytes());
  }
  // Every damaged byte either is refused or leaves a table whose look-ups stay in bounds.
  for (std::size_t i = 0; i < out.bytes().size(); ++i) {
    std::string damaged = out.bytes();
    damaged[i] = static_cast<char>(damaged[i] ^ 0x41);
    BlobReader in(damaged);
    TermTable read;
    if (!read.read(in)) continue;
    for (std::uint32_t t = 0; t < read.size(); ++t) (void)read.find(read.kind(t), read.key(t));
    (void)read.find(TermKind::exact, "missing");
  }
}

}  // namespace
}  // namespace defuse
