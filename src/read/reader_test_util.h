// Test helpers for the readers: a sink that collects, and options over the test role words.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "read/format.h"
#include "read/reader.h"
#include "test_support.h"

namespace defuse::test {

struct Collect : ReadSink {
  std::vector<Transcript> transcripts;
  std::vector<Diagnostic> errors;
  void transcript(Transcript&& t) override { transcripts.push_back(std::move(t)); }
  void error(Diagnostic&& d) override { errors.push_back(std::move(d)); }
  /// Every diagnostic as "path:line: message", one per line (for CHECK messages).
  std::string error_text() const {
    std::string out;
    for (const auto& e : errors) out += e.format() + "\n";
    return out;
  }
};

/// Read options whose role vocabulary is test::kRoles (agent, operator, customer, client...).
struct ReaderFixture {
  LexiconSet set;
  ReadOptions options;
  ReaderFixture() {
    Diagnostics errors;
    set = load_lexicon_files({{"roles.yaml", "roles.yaml", kRoles}}, errors);
    REQUIRE(errors.empty());
    options.roles = &set.roles;
  }
  /// Reads `text` as the file `path` in `format` ("auto": detected) through read_buffer.
  Collect read(const std::string& text, const std::string& path, const std::string& format = "auto") {
    Collect sink;
    std::string f = format == "auto" ? detect_format(path, text) : format;
    REQUIRE_MESSAGE(!f.empty(), "format not detected for " << path);
    read_buffer(f, {path, std::make_shared<const std::string>(text)}, options, sink);
    return sink;
  }
};

}  // namespace defuse::test
