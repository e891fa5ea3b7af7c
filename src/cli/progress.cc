#include "cli/progress.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include "read/inputs.h"

namespace defuse {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 10;
// Records may run ahead of whole inputs by up to a chunk; more than that means inputs hold
// several transcripts each, and the transcript count is worth showing too.
constexpr std::size_t kChunkSlack = 64;
// Share of an input's bytes that is transcript text (BatchStats::bytes), used to place a
// large single input (one NDJSON stream) before any input has been read to the end. The
// generated corpus measures 0.70 (plain text) and 0.66 (NDJSON); once an input has been
// read to the end, the measured ratio replaces this guess.
constexpr double kDefaultTextShare = 0.68;

// 1234567 -> "1,234,567"
std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string duration(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

int terminal_width(std::FILE* out) {
  struct winsize ws {};
  if (::ioctl(::fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

InputSizes measure_inputs(const std::vector<std::string>& paths) {
  // walk_inputs walks directories the way run_batch will, so prefix[i] lines up with
  // BatchStats::inputs. One stat per file: ~1 µs each, and only on a terminal.
  InputSizes sizes;
  sizes.prefix.push_back(0);
  bool known = true;
  walk_inputs(paths, [&](InputItem&& item) {
    std::uint64_t size = 0;
    struct stat st {};
    if (item.error || item.path == "-" || ::stat(item.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      known = known && item.error.has_value();  // a missing path adds nothing; a pipe is unknown
    } else {
      size = static_cast<std::uint64_t>(st.st_size);
    }
    sizes.prefix.push_back(sizes.prefix.back() + size);
  });
  if (known) sizes.total = sizes.prefix.back();
  return sizes;
}

Progress::Progress(bool enabled, const std::vector<std::string>& paths, std::FILE* out)
    : enabled_(enabled), out_(out), start_(Clock::now()), last_draw_(start_) {
  if (enabled_) sizes_ = measure_inputs(paths);
}

std::string Progress::format_line(const BatchStats& stats, double elapsed_s) const {
  // Most telling first, so a narrow terminal cuts the least useful part.
  const double seconds = std::max(elapsed_s, 1e-3);
  const std::size_t inputs = sizes_.count();
  const std::size_t done_inputs = std::min(stats.inputs, inputs);
  double mb = static_cast<double>(stats.bytes) / 1e6;
  std::string line = "defuse:";
  if (sizes_.total && *sizes_.total > 0) {
    // Input bytes consumed so far: whole inputs done, or the text read scaled by the
    // text share while one large input is still being read.
    double done_bytes = static_cast<double>(sizes_.prefix[done_inputs]);
    double share = done_bytes > 0 ? std::min(1.0, static_cast<double>(stats.bytes) / done_bytes) : kDefaultTextShare;
    if (share <= 0) share = kDefaultTextShare;
    double consumed = std::max(done_bytes, static_cast<double>(stats.bytes) / share);
    double fraction = std::clamp(consumed / static_cast<double>(*sizes_.total), 0.0, 1.0);
    int filled = std::min(kBarWidth, static_cast<int>(fraction * kBarWidth + 1e-6));
    line += fmt::format(" {:3.0f}% [{}{}]", fraction * 100, std::string(filled, '#'), std::string(kBarWidth - filled, '.'));
    if (fraction > 0.001 && fraction < 1.0 && elapsed_s >= 0.5)
      line += " ETA " + duration(elapsed_s * (1.0 - fraction) / fraction);
    mb = consumed / 1e6;
  }
  // A folder of one-transcript files: the file count says it all. Streams and multi-record
  // files: the transcripts.
  const std::size_t records = stats.transcripts + stats.errors;
  if (inputs > 1) line += fmt::format("  {}/{} files", with_commas(done_inputs), with_commas(inputs));
  if (inputs <= 1 || records > done_inputs + kChunkSlack) line += fmt::format("  {} transcripts", with_commas(stats.transcripts));
  if (stats.errors) line += fmt::format(" ({} skipped)", with_commas(stats.errors));
  line += fmt::format("  {}/s  {:.1f} MB/s", with_commas(static_cast<std::uint64_t>(records / seconds)), mb / seconds);
  return line;
}

void Progress::update(const BatchStats& stats) {
  if (!enabled_) return;
  auto now = Clock::now();
  if (drawn_ && now - last_draw_ < kRedrawEvery) return;
  if (!drawn_ && now - start_ < kRedrawEvery) return;  // a quick run shows no bar at all
  last_draw_ = now;
  std::string line = format_line(stats, std::chrono::duration<double>(now - start_).count());
  auto width = static_cast<std::size_t>(std::max(terminal_width(out_) - 1, 20));
  if (line.size() > width) line.resize(width);  // the line is ASCII, so bytes are columns
  fmt::print(out_, "\r{}\x1b[K", line);
  std::fflush(out_);
  drawn_ = true;
}

void Progress::clear() {
  if (!enabled_ || !drawn_) return;
  fmt::print(out_, "\r\x1b[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace defuse
