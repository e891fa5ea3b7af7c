// Shared by the libFuzzer targets in this folder (built with -DDEFUSE_FUZZ=ON, see
// scripts/fuzz.sh): the built-in lexicons, loaded once, and a sink that checks what the
// readers hand out. A target aborts, so that libFuzzer keeps the input, when a diagnostic
// is not one line, or when a transcript breaks the reader contract (src/read/reader.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/engine.h"
#include "read/format.h"
#include "read/inputs.h"
#include "read/reader.h"

namespace defuse::fuzz {

/// The engine with the built-in lexicons; aborts if they do not load.
inline const Engine& engine() {
  static const Engine* loaded = [] {
    Diagnostics errors;
    auto e = Engine::load({"", true}, errors);
    if (!e) std::abort();
    return e.release();
  }();
  return *loaded;
}

/// Read options as `defuse score` fills them by default, with smaller limits so that the
/// limit paths are reached by inputs of fuzzer size.
inline ReadOptions read_options() {
  ReadOptions options;
  options.roles = &engine().lexicons().roles;
  options.limits.max_line_bytes = 4096;
  options.limits.max_turns = 200;
  return options;
}

inline void require(bool ok) {
  if (!ok) std::abort();
}

/// Keeps what a reader produces and checks it: every diagnostic is one line that names its
/// input; every transcript has turns, and each turn's text is a readable view (ASan reports
/// a view into freed memory when it is read here).
class CheckingSink : public ReadSink {
 public:
  explicit CheckingSink(std::string path) : path_(std::move(path)) {}
  void transcript(Transcript&& t) override {
    require(!t.turns.empty());
    transcripts.push_back(std::move(t));  // moving must keep the views valid
    touch(transcripts.back());
  }
  void error(Diagnostic&& d) override {
    std::string line = d.format();
    require(line.find('\n') == std::string::npos);
    require(d.path.substr(0, path_.size()) == path_);
    errors.push_back(std::move(d));
  }
  std::vector<Transcript> transcripts;
  Diagnostics errors;

 private:
  std::string path_;
  static void touch(const Transcript& t) {
    volatile std::size_t sum = 0;
    for (const auto& turn : t.turns)
      for (char c : turn.text) sum = sum + static_cast<unsigned char>(c);
  }
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// One whole-file reader (`format`) on the input, as read_input hands it a buffer: only
/// after the text checks, which stop binary data and invalid UTF-8 first.
inline void read_whole_buffer(const char* format, const std::uint8_t* data, std::size_t size) {
  static const ReadOptions options = read_options();
  std::string_view bytes = as_text(data, size);
  if (check_text("fuzz.in", bytes)) return;
  CheckingSink sink("fuzz.in");
  read_buffer(format, InputBuffer{"fuzz.in", std::make_shared<const std::string>(bytes)}, options, sink);
}

}  // namespace defuse::fuzz
