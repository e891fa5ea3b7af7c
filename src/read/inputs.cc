#include "read/inputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "read/format.h"

namespace defuse {
namespace {

namespace fs = std::filesystem;

bool has_transcript_extension(const fs::path& path) {
  static const char* kExtensions[] = {".txt", ".json", ".ndjson", ".jsonl", ".csv", ".tsv", ".vtt", ".srt"};
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return ext == e; });
}

// Why a symbolic link leads nowhere: a loop (a -> b -> a) or a missing target.
std::string symlink_problem(const std::error_code& ec) {
  return ec == std::errc::too_many_symbolic_link_levels ? "symbolic link loop" : "broken symbolic link";
}

// Walks `dir` depth first, each directory's entries sorted by name with a directory's name
// taken as "name/": exactly the order of sorting every full path as a string, one listing
// in memory per level. Problems are collected for the end of the walk.
void walk_directory(const fs::path& dir, const std::function<void(InputItem&&)>& visit,
                    std::vector<InputItem>& problems, bool& found) {
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    problems.push_back({dir.string(), Diagnostic{dir.string(), 0, ec.message()}});
    return;
  }
  std::vector<std::pair<std::string, fs::path>> entries;  // sort key, path
  for (; it != end; it.increment(ec)) {
    if (ec) {
      problems.push_back({dir.string(), Diagnostic{dir.string(), 0, ec.message()}});
      break;
    }
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    std::error_code type_ec;
    // Directory symlinks are not followed, so a symlink loop cannot make the walk endless;
    // a file symlink is read like a file, a dangling one is reported.
    if (entry.is_symlink(type_ec)) {
      if (!fs::exists(entry.path(), type_ec)) {
        problems.push_back({entry.path().string(), Diagnostic{entry.path().string(), 0, symlink_problem(type_ec)}});
        continue;
      }
      if (fs::is_directory(entry.path(), type_ec)) continue;
    } else if (entry.is_directory(type_ec)) {
      entries.emplace_back(name + "/", entry.path());
      continue;
    }
    if (entry.is_regular_file(type_ec) && has_transcript_extension(entry.path())) entries.emplace_back(name, entry.path());
  }
  std::sort(entries.begin(), entries.end());
  for (auto& [key, path] : entries) {
    if (key.back() == '/') {
      walk_directory(path, visit, problems, found);
    } else {
      found = true;
      visit({path.string(), std::nullopt});
    }
  }
}

void walk_top_directory(const std::string& dir, const std::function<void(InputItem&&)>& visit) {
  std::vector<InputItem> problems;
  bool found = false;
  walk_directory(fs::path(dir), visit, problems, found);
  if (!found && problems.empty()) {
    visit({dir, Diagnostic{dir, 0, "directory holds no transcripts (*.txt, *.json, *.ndjson, *.csv, *.vtt, *.srt)"}});
    return;
  }
  for (auto& p : problems) visit(std::move(p));
}

constexpr std::size_t kHeadBytes = 64 * 1024;  // what format detection looks at
constexpr std::size_t kBlockBytes = 1 << 20;   // what a line format reads at a time

// Closes a descriptor it owns (never standard input).
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0 && fd_ != STDIN_FILENO) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Appends up to `want` bytes from `fd` to `out`; sets `eof` at the end of the input.
// Returns an error message on failure.
std::optional<std::string> read_some(int fd, std::size_t want, std::string& out, bool& eof) {
  std::size_t old = out.size();
  out.resize(old + want);
  std::size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, out.data() + old + got, want - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.resize(old + got);
      return std::string(std::strerror(errno));
    }
    if (n == 0) {
      eof = true;
      break;
    }
    got += static_cast<std::size_t>(n);
    if (got < want) break;  // a pipe hands out what it has; the caller asks again if needed
  }
  out.resize(old + got);
  return std::nullopt;
}

// Reads to the end of the input; an error message on failure or past `limit` bytes.
// `expected`: the size a regular file said it has (0 if unknown), so that its buffer is not
// doubled by the read that finds its end.
std::optional<std::string> read_rest(int fd, std::uint64_t limit, std::string& out, bool& eof, std::size_t expected = 0) {
  while (!eof) {
    // Grow with what was read so far: a 3 KB transcript must not zero-fill 64 KB.
    std::size_t want = std::clamp<std::size_t>(out.size(), 4096, 1 << 20);
    if (expected > 0 && out.size() <= expected) want = std::min(want, expected + 1 - out.size());
    if (auto error = read_some(fd, want, out, eof)) return error;
    if (out.size() > limit) return fmt::format("input is larger than {} bytes (raise --max-file-size)", limit);
  }
  return std::nullopt;
}

// A LineSource over a file or pipe, read in 1 MiB blocks: memory holds one block plus the
// line being read, whatever the input's size. A line longer than the limit is reported once
// (too_long) and skipped up to its line break.
class FileLineSource : public LineSource {
 public:
  FileLineSource(int fd, std::string head, bool eof, bool seekable, std::uint64_t max_line_bytes,
                 const std::atomic<bool>* stop = nullptr)
      : fd_(fd), buffer_(std::move(head)), eof_(eof), seekable_(seekable), max_line_bytes_(max_line_bytes),
        stop_(stop) {}

  bool next(SourceLine& line) override {
    if (stop_ && stop_->load()) return false;  // interrupted: a 2 GB stream must not run to its end
    for (;;) {
      const char* base = buffer_.data() + begin_;
      std::size_t pending = buffer_.size() - begin_;
      const void* nl = pending > scanned_ ? std::memchr(base + scanned_, '\n', pending - scanned_) : nullptr;
      if (nl || (eof_ && pending > 0)) {
        std::size_t length = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : pending;
        std::string_view text(base, length);
        begin_ += nl ? length + 1 : length;
        scanned_ = 0;
        if (skipping_) {  // the tail of a line already reported as too long
          skipping_ = false;
          continue;
        }
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        line.number = ++number_;
        line.too_long = text.size() > max_line_bytes_;
        line.text = line.too_long ? std::string_view{} : text;
        return true;
      }
      if (eof_) return false;
      scanned_ = pending;
      if (pending > max_line_bytes_ && !skipping_) {
        skipping_ = true;
        begin_ = buffer_.size();
        scanned_ = 0;
        line.number = ++number_;
        line.too_long = true;
        line.text = {};
        return true;
      }
      if (skipping_) {
        begin_ = buffer_.size();
        scanned_ = 0;
      }
      buffer_.erase(0, begin_);  // keep only the partial line
      begin_ = 0;
      if (auto error = read_some(fd_, kBlockBytes, buffer_, eof_)) {
        error_ = *error;
        return false;
      }
    }
  }

  bool rewind() override {
    if (!seekable_ || ::lseek(fd_, 0, SEEK_SET) != 0) return false;
    buffer_.clear();
    begin_ = scanned_ = 0;
    eof_ = skipping_ = false;
    number_ = 0;
    return true;
  }

  std::string error() const override { return error_; }

 private:
  int fd_;
  std::string buffer_;
  std::size_t begin_ = 0;    // first unread byte of buffer_
  std::size_t scanned_ = 0;  // bytes after begin_ known to hold no line break
  bool eof_;
  bool seekable_;
  bool skipping_ = false;
  std::uint64_t max_line_bytes_;
  int number_ = 0;
  std::string error_;
  const std::atomic<bool>* stop_;
};

// Copies `head` and the rest of `fd` to an unlinked temporary file and returns its
// descriptor. -1 when no temporary file can be made (nothing consumed: the caller reads the
// pipe once instead); -2 with `error` when copying failed halfway.
int spool_to_temp_file(int fd, const std::string& head, bool& eof, std::string& error) {
  const char* dir = std::getenv("TMPDIR");
  std::string name = fmt::format("{}/defuse-XXXXXX", dir && *dir ? dir : "/tmp");
  int temp = ::mkstemp(name.data());
  if (temp < 0) return -1;
  ::unlink(name.c_str());
  auto write_all = [&](const char* data, std::size_t size) {
    while (size > 0) {
      ssize_t n = ::write(temp, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  };
  bool ok = write_all(head.data(), head.size());
  std::string block;
  while (ok && !eof) {
    block.clear();
    if (auto read_error = read_some(fd, kBlockBytes, block, eof)) {
      error = *read_error;
      ::close(temp);
      return -2;
    }
    ok = write_all(block.data(), block.size());
  }
  if (!ok || ::lseek(temp, 0, SEEK_SET) != 0) {
    error = fmt::format("cannot copy the input to a temporary file in {} ({})", dir && *dir ? dir : "/tmp",
                        std::strerror(errno));
    ::close(temp);
    return -2;
  }
  return temp;
}

// The part of `head` that is whole: up to its last line break, or to the last complete
// UTF-8 character when it holds none, so checks do not trip on a character cut in two.
std::string_view complete_part(std::string_view head, bool eof) {
  if (eof) return head;
  if (auto nl = head.rfind('\n'); nl != std::string_view::npos) return head.substr(0, nl + 1);
  std::size_t end = head.size();
  std::size_t back = 0;
  while (back < 4 && end > back && (static_cast<unsigned char>(head[end - back - 1]) & 0xC0) == 0x80) ++back;
  if (end > back && static_cast<unsigned char>(head[end - back - 1]) >= 0xC0) ++back;
  return head.substr(0, end - std::min(back, end));
}

int line_at(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Offset of the first invalid UTF-8 sequence (strict: no overlongs, surrogates or > U+10FFFF).
std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c == 0xE0) { n = 2; lo = 0xA0; }
    else if (c == 0xED) { n = 2; hi = 0x9F; }
    else if (c >= 0xE1 && c <= 0xEF) n = 2;
    else if (c == 0xF0) { n = 3; lo = 0x90; }
    else if (c == 0xF4) { n = 3; hi = 0x8F; }
    else if (c >= 0xF1 && c <= 0xF3) n = 3;
    else return i;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return i;
      unsigned char b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

}  // namespace

void walk_inputs(const std::vector<std::string>& paths, const std::function<void(InputItem&&)>& visit) {
  for (const auto& path : paths) {
    if (path == "-") {
      visit({path, std::nullopt});
      continue;
    }
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      std::error_code status_ec = ec;
      bool dangling = fs::is_symlink(fs::symlink_status(path, ec));
      visit({path, Diagnostic{path, 0, dangling ? symlink_problem(status_ec) : "no such file or directory"}});
    } else if (fs::is_directory(status)) {
      walk_top_directory(path, visit);
    } else {
      visit({path, std::nullopt});
    }
  }
}

std::vector<InputItem> expand_inputs(const std::vector<std::string>& paths) {
  std::vector<InputItem> out;
  walk_inputs(paths, [&](InputItem&& item) { out.push_back(std::move(item)); });
  return out;
}

std::optional<Diagnostic> check_text(const std::string& path, std::string_view bytes) {
  if (bytes.size() >= 8 && bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n")
    return Diagnostic{path, 1, "not a transcript: a PNG image"};
  if (bytes.size() >= 5 && bytes.substr(0, 5) == "%PDF-")
    return Diagnostic{path, 1, "not a transcript: a PDF document (export it as text first)"};
  if (bytes.size() >= 4 && (bytes.substr(0, 4) == "PK\x03\x04"))
    return Diagnostic{path, 1, "not a transcript: a ZIP archive (unpack it first)"};
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\x1f\x8b")
    return Diagnostic{path, 1, "not a transcript: gzip-compressed (decompress it first, e.g. zcat FILE | defuse score -)"};
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF"))
    return Diagnostic{path, 1, "UTF-16 text; defuse reads UTF-8 (convert with: iconv -f UTF-16 -t UTF-8)"};
  if (auto nul = bytes.find('\0'); nul != std::string_view::npos)
    return Diagnostic{path, line_at(bytes, nul), fmt::format("binary data: NUL byte at byte {}", nul)};
  if (!simdjson::validate_utf8(bytes.data(), bytes.size())) {
    std::size_t at = first_invalid_utf8(bytes);
    if (at == std::string_view::npos) at = 0;
    return Diagnostic{path, line_at(bytes, at),
                      fmt::format("invalid UTF-8 at byte {} (0x{:02X})", at, static_cast<unsigned char>(bytes[at]))};
  }
  return std::nullopt;
}

void read_input(const std::string& path, const ReadOptions& options, ReadSink& sink) {
  Fd fd(path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    sink.error({path, 0, std::strerror(errno)});
    return;
  }
  struct stat st {};
  bool regular = false;
  if (::fstat(fd.get(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      sink.error({path, 0, "is a directory"});
      return;
    }
    regular = S_ISREG(st.st_mode);
  }

  // Detection looks at the first 64 KiB. When they hold one unfinished JSON line, read on to
  // its end: whether another object follows decides between JSON and NDJSON. A regular file
  // is asked for its size and one byte more (to see its end): a 3 KB transcript must not
  // zero-fill 64 KiB, nor keep them allocated while it waits to be scored.
  std::string bytes;
  bool eof = false;
  // (A file longer than its size said, growing or in /proc, is read on to the full 64 KiB.)
  std::size_t head_want =
      regular ? std::min<std::size_t>(kHeadBytes, static_cast<std::size_t>(st.st_size) + 1) : kHeadBytes;
  for (;;) {
    while (!eof && bytes.size() < head_want) {
      if (auto error = read_some(fd.get(), head_want - bytes.size(), bytes, eof)) {
        sink.error({path, 0, *error});
        return;
      }
    }
    if (eof || head_want == kHeadBytes) break;
    head_want = kHeadBytes;
  }
  std::size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  for (std::size_t scanned = first; !eof && first != std::string::npos && bytes[first] == '{' &&
                                    bytes.find('\n', scanned) == std::string::npos &&
                                    bytes.size() <= options.limits.max_line_bytes;
       scanned = bytes.size()) {
    if (auto error = read_some(fd.get(), kHeadBytes, bytes, eof)) {
      sink.error({path, 0, *error});
      return;
    }
  }
  if (eof && bytes.find_first_not_of(" \t\r\n") == std::string::npos) {
    sink.error({path, 0, "empty file"});
    return;
  }
  std::string_view head = complete_part(bytes, eof);
  if (auto problem = check_text(path, head)) {
    sink.error(std::move(*problem));
    return;
  }
  std::size_t checked = head.size();
  std::string format = options.format == "auto" ? detect_format(path, head) : options.format;
  if (format.empty()) {
    sink.error({path, 1, fmt::format("unrecognized format (tried: {}); name it with --input-format", known_formats())});
    return;
  }

  if (is_line_format(format)) {
    // NDJSON and CSV are read as a stream: a 2 GB export never sits in memory whole.
    if (format == "csv" && !regular && !eof) {
      // CSV is read twice (to know when a conversation's last row has passed); a pipe cannot
      // be, so it is copied to an unlinked temporary file first, which costs disk, not memory.
      std::string error;
      int spool = spool_to_temp_file(fd.get(), bytes, eof, error);
      if (spool == -2) {
        sink.error({path, 0, error});
        return;
      }
      if (spool >= 0) {
        Fd temp(spool);
        FileLineSource lines(temp.get(), std::string(), false, true, options.limits.max_line_bytes, options.stop);
        read_lines(format, path, lines, options, sink);
        return;
      }
    }
    FileLineSource lines(fd.get(), std::move(bytes), eof, regular, options.limits.max_line_bytes, options.stop);
    read_lines(format, path, lines, options, sink);
    return;
  }
  if (regular && static_cast<std::uint64_t>(st.st_size) > options.limits.max_file_bytes) {
    sink.error({path, 0, fmt::format("file is larger than {} bytes (raise --max-file-size)", options.limits.max_file_bytes)});
    return;
  }
  const std::size_t expected = regular ? static_cast<std::size_t>(st.st_size) : 0;
  if (regular) bytes.reserve(expected + 1);  // and the byte that finds the end
  if (auto error = read_rest(fd.get(), options.limits.max_file_bytes, bytes, eof, expected)) {
    sink.error({path, 0, *error});
    return;
  }
  if (bytes.size() > checked) {
    if (auto problem = check_text(path, bytes)) {
      sink.error(std::move(*problem));
      return;
    }
  }
  // The text lives as long as its transcript waits in the queue: no spare capacity with a
  // small one, where many wait at once (a large one is not copied: that would double its peak).
  if (bytes.size() <= kHeadBytes && bytes.capacity() > bytes.size() + bytes.size() / 4 + 4096) bytes.shrink_to_fit();
  read_buffer(format, InputBuffer{path, std::make_shared<const std::string>(std::move(bytes))}, options, sink);
}

}  // namespace defuse
