#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace defuse {

OutputSink::OutputSink(const std::string& path) : path_(path) {
  if (path.empty() || path == "-") {
    file_ = stdout;
    return;
  }
  to_stdout_ = false;
  temp_path_ = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp_path_.data());
  if (fd < 0) {
    error_ = path + ": cannot create output file: " + std::strerror(errno);
    return;
  }
  ::fchmod(fd, 0644);
  file_ = ::fdopen(fd, "wb");
}

OutputSink::~OutputSink() { abandon(); }

bool OutputSink::is_terminal() const { return to_stdout_ && ::isatty(STDOUT_FILENO); }

void OutputSink::write(std::string& buffer) {
  if (file_ && !buffer.empty() && std::fwrite(buffer.data(), 1, buffer.size(), file_) != buffer.size())
    write_failed_ = true;
  buffer.clear();
}

bool OutputSink::commit() {
  if (!file_) return false;
  bool ok = std::fflush(file_) == 0 && !write_failed_;
  if (to_stdout_) return ok;
  ok = ok && ::fsync(::fileno(file_)) == 0;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  if (!ok || std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    error_ = path_ + ": cannot write output file: " + std::strerror(errno);
    ::unlink(temp_path_.c_str());
    return false;
  }
  temp_path_.clear();
  return true;
}

void OutputSink::abandon() {
  if (to_stdout_ || !file_) return;
  std::fclose(file_);
  file_ = nullptr;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

}  // namespace defuse
