#include "read/timestamp.h"

#include <doctest/doctest.h>

namespace defuse {

TEST_CASE("the timestamp forms of the transcript format") {
  std::size_t used = 0;
  CHECK(parse_leading_timestamp("[00:01:23] Agent: hi", used) == 83000);
  CHECK(used == 11);
  CHECK(parse_leading_timestamp("[01:23] Agent: hi", used, false) == 83000);       // m:s in a call
  CHECK(parse_leading_timestamp("[14:05] Agent: hi", used, true) == 50700000);     // h:m elsewhere
  CHECK(parse_leading_timestamp("14:05 Agent: hi", used) == (14 * 60 + 5) * 60000);
  CHECK(parse_leading_timestamp("[14:05:10] Agent: hi", used) == ((14 * 60 + 5) * 60 + 10) * 1000);
  auto a = parse_leading_timestamp("2026-11-03 14:05:10 Agent: hi", used);
  auto b = parse_leading_timestamp("2026-11-04 14:05:10 Agent: hi", used);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*b - *a == 86400000);
  CHECK(parse_leading_timestamp("2026-11-03T14:05:10Z", used) == *a);
}

TEST_CASE("text that only looks like a time is not a timestamp") {
  std::size_t used = 0;
  CHECK_FALSE(parse_leading_timestamp("Agent: at 10:30 I will call", used));
  CHECK_FALSE(parse_leading_timestamp("10:30pm works for me", used));
  CHECK_FALSE(parse_leading_timestamp("[10:30 Agent: hi", used));
}

}  // namespace defuse
