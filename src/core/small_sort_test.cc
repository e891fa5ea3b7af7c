#include "core/small_sort.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace defuse {

TEST_CASE("stable_sort_small gives std::stable_sort's order, equal keys in input order") {
  // Sizes on both sides of the insertion-sort limit; few distinct keys, so most compare
  // equal and only stability decides their order. The second member records input order.
  std::mt19937 random(3);
  for (int size = 0; size <= 140; ++size) {
    for (int keys : {1, 3, 50}) {
      std::uniform_int_distribution<int> key(0, keys - 1);
      std::vector<std::pair<int, std::string>> items;
      for (int i = 0; i < size; ++i) items.emplace_back(key(random), std::to_string(i));
      auto expected = items;
      auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
      std::stable_sort(expected.begin(), expected.end(), by_key);
      stable_sort_small(items.begin(), items.end(), by_key);
      CAPTURE(size);
      CHECK(items == expected);
    }
  }
}

}  // namespace defuse
