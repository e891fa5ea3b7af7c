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
  /// Whether records stand alone (all formats but a JSON array, which needs commas between
  /// them): then append_one may write them from any thread, in any order.
  bool independent() const { return format_ != RecordFormat::json; }
  void append_one(const ScoreResult& result, std::string& out) const;
  void end(std::string& out);

 private:
  RecordFormat format_;
  bool color_;
  std::size_t count_ = 0;
};

}  // namespace defuse
