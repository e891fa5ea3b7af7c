// CSV / TSV exports from ticketing and chat tools: a header row, then one turn per row.
//
//   conversation_id,timestamp,speaker,agent,text
//   T-1001,2026-11-03 14:05:10,customer,,"I was charged twice, and nobody answers."
//   T-1001,2026-11-03 14:07:30,agent,Maria,"I'm sorry about that. Let me check."
//
// RFC 4180 quoting ("" inside quotes, separators and line breaks inside quoted fields), a
// UTF-8 BOM, Excel's "sep=;" first line, and the separators , ; TAB | (detected from the
// header). Columns are found by name (docs/formats.md lists the names tried) or named in
// the --mapping file. Rows are grouped into conversations by the id column, in order of
// first appearance, whether or not a conversation's rows are consecutive; without an id
// column the whole file is one conversation.
//
// Memory: when the input can be read twice (a file), a first pass counts each id's rows, so
// a conversation is sent as soon as its last row is read and memory holds only the
// conversations still open. A pipe is read once and holds every conversation until the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "read/format.h"
#include "read/mapping.h"
#include "read/reader.h"

namespace defuse {

/// Reads CSV rows from `lines` into transcripts. A malformed row is reported as
/// `path:line: ...` and skipped; the rest is still read.
void read_csv(const std::string& path, LineSource& lines, const ReadOptions& options, const Mapping* mapping,
              ReadSink& sink);

/// Splits RFC 4180 records out of lines fed one at a time (a quoted field may span lines).
class CsvParser {
 public:
  explicit CsvParser(char separator) : separator_(separator) {}

  /// Feeds one line without its line break. True when a record is complete: its fields are
  /// then in fields(). False while a quoted field is still open (feed the next line).
  bool feed(std::string_view line);
  /// The last complete record's fields; valid until the next feed().
  const std::vector<std::string>& fields() const { return fields_; }
  /// True while a quoted field spans lines.
  bool open() const { return open_; }
  /// Bytes of the record being read (to bound a runaway quoted field).
  std::size_t record_bytes() const { return record_bytes_; }
  /// Drops a half-read record.
  void reset() {
    open_ = false;
    record_bytes_ = 0;
  }

 private:
  enum class State { field_start, unquoted, quoted, quote_in_quoted };
  char separator_;
  std::vector<std::string> fields_;
  std::size_t count_ = 0;  // fields in the record being read
  State state_ = State::field_start;
  bool open_ = false;
  std::size_t record_bytes_ = 0;
};

/// True when `line` reads as a CSV header defuse knows without a mapping: at least two
/// fields, one named like a text column and one like a speaker or role column.
bool looks_like_csv_header(std::string_view line);

/// The separator of a header line: whichever of , TAB ; | splits it into the most fields
/// (',' when none does).
char detect_separator(std::string_view header);

/// A header name as compared with column names: folded, trimmed, spaces and '-' as '_'
/// ("Conversation ID" -> "conversation_id").
std::string normalize_header(std::string_view name);

/// Reads a CSV time cell: what parse_timestamp reads, plus "31.10.2026 14:05", "10/31/2026
/// 2:05 PM" (day first when the first number is above 12), "Tue Oct 31 22:10:47 +0000 2017",
/// "Tue, 31 Oct 2017 22:10:47 +0000" and Unix time in seconds or milliseconds.
/// Milliseconds on the cell's own scale; nullopt when unreadable.
std::optional<std::int64_t> parse_csv_time(std::string_view text);

}  // namespace defuse
