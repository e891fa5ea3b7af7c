// Reading `defuse score` output back into ScoreResult values, so that report, compare and
// the shard workflow (`defuse score ... > day.ndjson; defuse report day.ndjson`) never
// score a night's transcripts twice.
//
// Accepted input: the NDJSON that `defuse score` writes (one record per line, the schema in
// record_writer.cc / docs/record.schema.json) and the JSON array of `--format json`.
// Unknown keys are ignored and missing keys keep their defaults, so records written by an
// older or newer defuse still read; only a line that is not a JSON object, or an object
// without "steps" and "score", is an error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "score/result.h"

namespace defuse {

/// True when `head` (the first bytes of an input, at least its first non-blank line) is
/// defuse score output: the first non-blank line is a JSON object with "steps" and "score",
/// or "[" followed by such an object. Transcript NDJSON has "turns" arrays, not "steps".
bool looks_like_score_records(std::string_view head);

/// Parses one record (a JSON object). On failure returns nullopt and sets `error` to a
/// one-line reason ("not valid JSON: ...", "no \"steps\" object").
std::optional<ScoreResult> parse_score_record(std::string_view json, std::string& error);

/// Reads a whole score file: every non-blank line is a record (or the file is one JSON
/// array of records). Each good record goes to `result`, each bad one to `error` as
/// `path:line: message`, and reading goes on. Returns the number of records read.
std::size_t read_score_records(const std::string& path, std::string_view bytes,
                               const std::function<void(ScoreResult&&)>& result,
                               const std::function<void(Diagnostic&&)>& error);

}  // namespace defuse
