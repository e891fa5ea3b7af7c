#include "read/inputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
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

void expand_directory(const std::string& dir, std::vector<InputItem>& out) {
  std::vector<std::string> files;
  std::vector<InputItem> problems;
  std::error_code ec;
  auto options = fs::directory_options::skip_permission_denied;
  fs::recursive_directory_iterator it(dir, options, ec), end;
  if (ec) {
    out.push_back({dir, Diagnostic{dir, 0, ec.message()}});
    return;
  }
  // Directory symlinks are not followed (the iterator's default), so a symlink loop cannot
  // make the walk endless; a file symlink is read like a file, a dangling one is reported.
  for (; it != end; it.increment(ec)) {
    if (ec) {
      problems.push_back({it->path().string(), Diagnostic{it->path().string(), 0, ec.message()}});
      ec.clear();
      continue;
    }
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (entry.is_symlink(type_ec)) {
      if (!fs::exists(entry.path(), type_ec)) {
        problems.push_back({entry.path().string(), Diagnostic{entry.path().string(), 0, "broken symbolic link"}});
        continue;
      }
      if (fs::is_directory(entry.path(), type_ec)) continue;
    }
    if (entry.is_regular_file(type_ec) && has_transcript_extension(entry.path())) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty() && problems.empty()) {
    out.push_back({dir, Diagnostic{dir, 0, "directory holds no transcripts (*.txt, *.json, *.ndjson, *.csv, *.vtt, *.srt)"}});
    return;
  }
  for (auto& f : files) out.push_back({std::move(f), std::nullopt});
  for (auto& p : problems) out.push_back(std::move(p));
}

// Reads a whole file or stdin; returns an error message on failure.
std::optional<std::string> read_all(const std::string& path, std::uint64_t limit, std::string& out) {
  int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      if (fd != STDIN_FILENO) ::close(fd);
      return std::string("is a directory");
    }
    if (S_ISREG(st.st_mode)) {
      if (static_cast<std::uint64_t>(st.st_size) > limit) {
        if (fd != STDIN_FILENO) ::close(fd);
        return fmt::format("file is larger than {} bytes (raise --max-file-size)", limit);
      }
      out.reserve(static_cast<std::size_t>(st.st_size));
    }
  }
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string message = std::strerror(errno);
      if (fd != STDIN_FILENO) ::close(fd);
      return message;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > limit) {
      if (fd != STDIN_FILENO) ::close(fd);
      return fmt::format("input is larger than {} bytes (raise --max-file-size)", limit);
    }
  }
  if (fd != STDIN_FILENO) ::close(fd);
  return std::nullopt;
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

std::vector<InputItem> expand_inputs(const std::vector<std::string>& paths) {
  std::vector<InputItem> out;
  for (const auto& path : paths) {
    if (path == "-") {
      out.push_back({path, std::nullopt});
      continue;
    }
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      bool dangling = fs::is_symlink(fs::symlink_status(path, ec));
      out.push_back({path, Diagnostic{path, 0, dangling ? "broken symbolic link" : "no such file or directory"}});
    } else if (fs::is_directory(status)) {
      expand_directory(path, out);
    } else {
      out.push_back({path, std::nullopt});
    }
  }
  return out;
}

std::optional<Diagnostic> check_text(const std::string& path, std::string_view bytes) {
  if (bytes.size() >= 8 && bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n")
    return Diagnostic{path, 0, "not a transcript: a PNG image"};
  if (bytes.size() >= 5 && bytes.substr(0, 5) == "%PDF-")
    return Diagnostic{path, 0, "not a transcript: a PDF document (export it as text first)"};
  if (bytes.size() >= 4 && (bytes.substr(0, 4) == "PK\x03\x04"))
    return Diagnostic{path, 0, "not a transcript: a ZIP archive (unpack it first)"};
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\x1f\x8b")
    return Diagnostic{path, 0, "not a transcript: gzip-compressed (decompress it first, e.g. zcat FILE | defuse score -)"};
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
  auto bytes = std::make_shared<std::string>();
  if (auto error = read_all(path, options.limits.max_file_bytes, *bytes)) {
    sink.error({path, 0, *error});
    return;
  }
  if (bytes->find_first_not_of(" \t\r\n") == std::string::npos) {
    sink.error({path, 0, "empty file"});
    return;
  }
  if (auto problem = check_text(path, *bytes)) {
    sink.error(std::move(*problem));
    return;
  }
  std::string format = options.format == "auto" ? detect_format(path, std::string_view(*bytes).substr(0, 4096))
                                                  : options.format;
  if (format.empty()) {
    sink.error({path, 1, fmt::format("unrecognized format (tried: {})", known_formats())});
    return;
  }
  read_buffer(format, InputBuffer{path, std::move(bytes)}, options, sink);
}

}  // namespace defuse
