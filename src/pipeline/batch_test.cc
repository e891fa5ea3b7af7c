#include "pipeline/batch.h"

#include <doctest/doctest.h>

#include "test_support.h"

namespace defuse {

TEST_CASE("results come back in input order whatever the number of jobs") {
  auto engine = test::english_engine({"rules:\n  - id: greet\n    patterns: [hello]\n"});
  for (int jobs : {1, 2, 4}) {
    std::vector<Transcript> transcripts;
    for (int i = 0; i < 1000; ++i) {
      Transcript t = test::transcript({{Role::agent, i % 3 ? "hello there" : "hi"}, {Role::customer, "ok"}});
      t.id = std::to_string(i);
      transcripts.push_back(std::move(t));
    }
    BatchOptions options;
    options.jobs = jobs;
    std::vector<std::string> ids;
    BatchSink sink;
    sink.result = [&](ScoreResult&& r) { ids.push_back(r.id); };
    sink.error = [&](const Diagnostic&) { FAIL("unexpected error"); };
    analyze_all(*engine, transcripts, options, sink);
    REQUIRE(ids.size() == 1000);
    bool ordered = true;
    for (int i = 0; i < 1000; ++i) ordered &= ids[i] == std::to_string(i);
    CHECK_MESSAGE(ordered, "jobs=" << jobs);
  }
}

}  // namespace defuse
