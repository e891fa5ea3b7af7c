#include "read/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "read/csv_reader.h"
#include "read/json_reader.h"
#include "read/mapping.h"
#include "read/plain_text.h"
#include "read/subtitle_reader.h"
#include "read/timestamp.h"

namespace defuse {
namespace {

std::string extension(std::string_view path) {
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string ext(name.substr(dot));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Up to `max` lines of `head`, blank ones skipped.
std::vector<std::string_view> first_lines(std::string_view head, std::size_t max) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < head.size() && out.size() < max) {
    std::size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = trim(head.substr(pos, end - pos));
    if (!line.empty()) out.push_back(line);
    pos = end + 1;
  }
  return out;
}

// "00:00:01,000 --> 00:00:04,000": a subtitle cue. Returns the decimal mark (',' SRT, '.' VTT).
char cue_timing_mark(std::string_view line) {
  std::size_t arrow = line.find("-->");
  if (arrow == std::string_view::npos) return 0;
  std::string_view start = trim(line.substr(0, arrow));
  std::string_view end = trim(line.substr(arrow + 3));
  end = end.substr(0, end.find_first_of(" \t"));
  // Both sides must be cue times: "10:30 Agent: Settings --> Billing" is a plain-text turn.
  if (!parse_cue_time(start) || !parse_cue_time(end)) return 0;
  return start.find(',') != std::string_view::npos ? ',' : '.';
}

// "Agent: text", "[14:05] Cliente: text": a plain-text turn line, loosely (no vocabulary).
bool looks_like_label_line(std::string_view line) {
  std::size_t used = 0;
  if (parse_leading_timestamp(line, used)) line = line.substr(used);
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 64) return false;
  return colon + 1 == line.size() || line[colon + 1] == ' ' || line[colon + 1] == '\t';
}

// Bytes that a line reader can use: a '{' object on the first line, followed by another.
bool looks_like_ndjson(std::string_view head) {
  std::size_t end = head.find('\n');
  if (end == std::string_view::npos) return false;
  std::string_view first = trim(head.substr(0, end));
  std::string_view rest = head.substr(end + 1);
  std::size_t next = rest.find_first_not_of(" \t\r\n");
  return !first.empty() && first.back() == '}' && next != std::string_view::npos && rest[next] == '{';
}

// Mapping problems stop every format that uses the mapping; the CLI reports them in full
// before reading, so one line per input is enough here.
bool load_mapping(const std::string& path, const ReadOptions& options, ReadSink& sink, const Mapping*& mapping) {
  Diagnostics errors;
  mapping = mapping_for(options, errors);
  if (errors.empty()) return true;
  sink.error({path, 0, fmt::format("not read: the mapping file is invalid ({})", errors.front().format())});
  return false;
}

}  // namespace

std::string known_formats() { return "text, json, ndjson, csv, vtt, srt, contact-lens"; }

bool is_line_format(std::string_view format) { return format == "ndjson" || format == "csv"; }

std::string detect_format(std::string_view path, std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t start = head.find_first_not_of(" \t\r\n");
  std::string ext = extension(path);
  if (start != std::string_view::npos) {
    std::string_view body = head.substr(start);
    if (body.substr(0, 6) == "WEBVTT") return "vtt";
    if (body.front() == '{') {
      if (ext == ".ndjson" || ext == ".jsonl" || looks_like_ndjson(body)) return "ndjson";
      return "json";  // the reader tells defuse's own object from Amazon output by its keys
    }
    if (body.front() == '[') {
      std::size_t next = body.find_first_not_of(" \t\r\n", 1);
      if (next != std::string_view::npos && (body[next] == '{' || body[next] == ']')) return "json";
    }
    auto lines = first_lines(body, 20);
    for (std::string_view line : lines) {
      if (char mark = cue_timing_mark(line)) return mark == ',' ? "srt" : "vtt";
    }
    if (!lines.empty()) {
      std::string_view header = lines[0];
      if (header.substr(0, 4) == "sep=" && lines.size() > 1) header = lines[1];
      if (looks_like_csv_header(header)) return "csv";
    }
  }
  if (ext == ".csv" || ext == ".tsv") return "csv";
  if (ext == ".json") return "json";
  if (ext == ".ndjson" || ext == ".jsonl") return "ndjson";
  if (ext == ".vtt") return "vtt";
  if (ext == ".srt") return "srt";
  if (start != std::string_view::npos) {
    auto lines = first_lines(head.substr(start), 50);
    if (!lines.empty() && lines[0] == "---") return "text";  // front matter
    if (std::any_of(lines.begin(), lines.end(), looks_like_label_line)) return "text";
  }
  if (ext == ".txt" || path == "-") return "text";
  return "";
}

bool BufferLineSource::next(SourceLine& line) {
  if (pos_ >= bytes_.size()) return false;
  std::size_t end = bytes_.find('\n', pos_);
  if (end == std::string_view::npos) end = bytes_.size();
  std::string_view text = bytes_.substr(pos_, end - pos_);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  pos_ = end + 1;
  line.number = ++number_;
  line.too_long = text.size() > max_line_bytes_;
  line.text = line.too_long ? std::string_view{} : text;
  return true;
}

void read_buffer(const std::string& format, const InputBuffer& input, const ReadOptions& options, ReadSink& sink) {
  if (format == "text") {
    const Mapping* mapping = nullptr;
    if (load_mapping(input.path, options, sink, mapping)) read_plain_text(input, options, mapping, sink);
    return;
  }
  if (is_line_format(format)) {
    BufferLineSource lines(*input.bytes, options.limits.max_line_bytes);
    read_lines(format, input.path, lines, options, sink);
    return;
  }
  const Mapping* mapping = nullptr;
  if (!load_mapping(input.path, options, sink, mapping)) return;
  if (format == "json" || format == "contact-lens") read_json(input, format, options, mapping, sink);
  else if (format == "vtt" || format == "srt") read_subtitles(input, format, options, mapping, sink);
  else sink.error({input.path, 0, fmt::format("unknown input format '{}' (known: {})", format, known_formats())});
}

void read_lines(const std::string& format, const std::string& path, LineSource& lines, const ReadOptions& options,
                ReadSink& sink) {
  const Mapping* mapping = nullptr;
  if (!load_mapping(path, options, sink, mapping)) return;
  if (format == "ndjson") read_ndjson(path, lines, options, mapping, sink);
  else if (format == "csv") read_csv(path, lines, options, mapping, sink);
  else sink.error({path, 0, fmt::format("'{}' is not read line by line", format)});
}

}  // namespace defuse
