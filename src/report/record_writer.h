// Per-transcript output of `defuse score`: NDJSON (one record per line: the stable schema in
// docs/record.schema.json), a JSON array, CSV (one row per transcript), or a table.
#pragma once

#include <string>

#include "score/result.h"

namespace defuse {

enum class RecordFormat { ndjson, json, csv, table };

/// Appends one NDJSON record (no trailing newline) to `out`.
void append_record_json(const ScoreResult& result, std::string& out);

/// Streams records: call begin(), record() per result in input order, end().
class RecordWriter {
 public:
  RecordWriter(RecordFormat format, bool color) : format_(format), color_(color) {}
  void begin(std::string& out);
  void record(const ScoreResult& result, std::string& out);
  void end(std::string& out);

 private:
  RecordFormat format_;
  bool color_;
  std::size_t count_ = 0;
};

}  // namespace defuse
