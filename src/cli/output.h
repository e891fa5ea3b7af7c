// Where a command's output goes: stdout, or --output FILE written to a temporary file in
// the same directory and renamed into place on success, so an interrupted run never leaves
// a truncated report that looks complete.
#pragma once

#include <cstdio>
#include <string>

namespace defuse {

class OutputSink {
 public:
  /// `path` "" or "-" is stdout.
  explicit OutputSink(const std::string& path);
  ~OutputSink();
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;

  bool ok() const { return file_ != nullptr; }
  const std::string& error() const { return error_; }
  bool is_terminal() const;
  /// Writes and clears `buffer`.
  void write(std::string& buffer);
  /// Flushes; for a file, renames the temporary into place. Returns false on failure.
  bool commit();
  /// Drops a temporary file without renaming (interrupted run).
  void abandon();

 private:
  std::string path_, temp_path_, error_;
  std::FILE* file_ = nullptr;
  bool to_stdout_ = true;
  bool write_failed_ = false;
};

}  // namespace defuse
