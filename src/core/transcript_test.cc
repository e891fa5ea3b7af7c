#include "core/transcript.h"

#include <doctest/doctest.h>

#include <vector>

namespace defuse {

TEST_CASE("turn views stay valid when a transcript is copied, moved or its vector grows") {
  // std::vector copies elements whose move may throw: the kept texts must survive copies.
  std::vector<Transcript> all;
  for (int i = 0; i < 50; ++i) {
    Transcript t;
    Turn turn;
    turn.text = t.keep("joined line one\nline two #" + std::to_string(i));
    t.turns.push_back(turn);
    all.push_back(t);  // a copy
  }
  Transcript moved = std::move(all[7]);
  CHECK(moved.turns[0].text == "joined line one\nline two #7");
  CHECK(all[49].turns[0].text == "joined line one\nline two #49");
}

}  // namespace defuse
