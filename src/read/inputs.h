// From command-line paths to transcripts: expand directories, read each input once, reject
// what is not text, detect the format and hand the bytes to its reader.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "read/reader.h"

namespace defuse {

/// One input to read, or a problem found while expanding the paths (kept in order so every
/// named path shows up in the output or in an error line).
struct InputItem {
  std::string path;
  std::optional<Diagnostic> error;
};

/// Files as given; directories recursively (sorted; files with a transcript extension:
/// .txt .json .ndjson .jsonl .csv .tsv .vtt .srt); "-" for standard input. A missing path,
/// a directory without transcripts, or a symlink loop becomes an error item.
std::vector<InputItem> expand_inputs(const std::vector<std::string>& paths);

/// The same items, handed to `visit` one at a time as the walk finds them, in the same
/// order: memory stays that of the deepest directory's listing, not of every path.
void walk_inputs(const std::vector<std::string>& paths, const std::function<void(InputItem&&)>& visit);

/// Reads one input and sends its transcripts and diagnostics to `sink`. The format comes from
/// options.format, or is detected from the first 64 KiB (format.h). NDJSON and CSV are read
/// in 1 MiB blocks as a stream (CSV from a pipe via a temporary file, see csv_reader.h), so
/// memory does not grow with the input; other formats are read whole, up to max_file_bytes.
void read_input(const std::string& path, const ReadOptions& options, ReadSink& sink);

/// Checks that `bytes` is text: no NUL byte, not a known binary format, valid UTF-8.
/// Returns the diagnostic for the first problem.
std::optional<Diagnostic> check_text(const std::string& path, std::string_view bytes);

}  // namespace defuse
