// A stable sort for the short ranges of one transcript (a turn's hits, a record's signals and
// anti-patterns): std::stable_sort allocates a buffer on every call, which costs more than
// sorting a few elements that are nearly in order already.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>

namespace defuse {

/// Sorts [begin, end) by `less`, keeping equal elements in their order: std::stable_sort's
/// result. Insertion sort up to 64 elements (no allocation, little work on nearly sorted
/// input); std::stable_sort above, so a huge range stays O(n log n).
template <typename It, typename Less>
void stable_sort_small(It begin, It end, Less less) {
  constexpr std::ptrdiff_t kInsertionSortMax = 64;
  if (end - begin < 2) return;
  if (end - begin > kInsertionSortMax) {
    std::stable_sort(begin, end, less);
    return;
  }
  for (It i = std::next(begin); i != end; ++i) {
    if (!less(*i, *std::prev(i))) continue;
    auto moving = std::move(*i);
    It j = i;
    do {
      *j = std::move(*std::prev(j));
      --j;
    } while (j != begin && less(moving, *std::prev(j)));
    *j = std::move(moving);
  }
}

}  // namespace defuse
