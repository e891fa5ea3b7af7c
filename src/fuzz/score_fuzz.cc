// Fuzzes the whole analysis of a transcript in any format: detect, read, normalize (ICU),
// tokenize, match, score (times from the input can be anything an int64 holds), redact and
// write the NDJSON record, which must be valid JSON.
#include <simdjson.h>

#include <memory>

#include "fuzz/fuzz_support.h"
#include "read/format.h"
#include "read/inputs.h"
#include "redact/redact.h"
#include "report/record_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace defuse;
  static const ReadOptions options = fuzz::read_options();
  static ScoreOptions score_options = [] {
    ScoreOptions o;
    o.redact = redact_into;
    return o;
  }();
  static Analyzer analyzer(fuzz::engine(), score_options);
  static simdjson::dom::parser parser;
  std::string_view bytes = fuzz::as_text(data, size);
  if (check_text("fuzz.in", bytes)) return 0;
  std::string format = detect_format("fuzz.in", bytes);
  if (format.empty()) format = "text";
  fuzz::CheckingSink sink("fuzz.in");
  read_buffer(format, InputBuffer{"fuzz.in", std::make_shared<const std::string>(bytes)}, options, sink);
  for (const Transcript& t : sink.transcripts) {
    Diagnostic error;
    auto result = analyzer.analyze(t, error);
    if (!result) continue;
    fuzz::require(result->score >= 0 && result->score <= 100);
    std::string record;
    append_record_json(*result, record);
    simdjson::dom::element doc;
    fuzz::require(parser.parse(record).get(doc) == simdjson::SUCCESS);
  }
  return 0;
}
