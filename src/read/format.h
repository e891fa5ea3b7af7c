// Input formats: detection by content (the extension is only a tie-breaker) and dispatch to
// the readers. docs/formats.md describes each format and the detection rules below.
//
// Two kinds of reader:
//   - whole-buffer readers (text, json, contact-lens, vtt, srt) get the file's bytes at once;
//   - line readers (ndjson, csv) pull lines from a LineSource, so a stream of any size is
//     read with memory bounded by one block plus one record.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "read/reader.h"

namespace defuse {

/// The format of an input, detected from its path (a hint) and its first bytes: one of
/// text | json | ndjson | csv | vtt | srt | contact-lens, or "" when nothing fits.
/// `head` should end at a line break unless it is the whole input.
std::string detect_format(std::string_view path, std::string_view head);

/// Every format `detect_format` tries, for messages ("text, json, ndjson, ...").
std::string known_formats();

/// True for the formats read line by line from a stream (ndjson, csv).
bool is_line_format(std::string_view format);

/// One line handed out by a LineSource. `text` excludes the line break and a trailing '\r'
/// and stays valid only until the next call to next().
struct SourceLine {
  std::string_view text;
  int number = 0;          // 1-based
  bool too_long = false;   // longer than ReadLimits::max_line_bytes: `text` is empty
};

/// Where line readers get their lines: a file read in blocks, or a buffer (tests).
class LineSource {
 public:
  virtual ~LineSource() = default;
  /// The next line; false at the end of the input or after a read error (see error()).
  virtual bool next(SourceLine& line) = 0;
  /// Starts again from the first line; false when the input cannot be read twice (a pipe).
  virtual bool rewind() = 0;
  /// A read error that ended the input early; "" when none.
  virtual std::string error() const { return {}; }
};

/// A LineSource over bytes already in memory. `bytes` must outlive it.
class BufferLineSource : public LineSource {
 public:
  explicit BufferLineSource(std::string_view bytes, std::uint64_t max_line_bytes = 16u << 20)
      : bytes_(bytes), max_line_bytes_(max_line_bytes) {}
  bool next(SourceLine& line) override;
  bool rewind() override {
    pos_ = 0;
    number_ = 0;
    return true;
  }

 private:
  std::string_view bytes_;
  std::uint64_t max_line_bytes_;
  std::size_t pos_ = 0;
  int number_ = 0;
};

/// Gathers a transcript's turn texts into one buffer that the transcript then adopts: one
/// allocation per transcript, and views that stay valid however the transcript is moved or
/// copied (Transcript::keep's pool does not survive a copy, and a growing std::vector copies
/// what cannot be moved without exceptions).
class TurnTexts {
 public:
  /// Room for `turns` turns and `bytes` of text, when the reader knows them.
  void reserve(std::size_t turns, std::size_t bytes) {
    spans_.reserve(turns);
    buffer_.reserve(bytes);
  }
  /// Adds the text of the next turn (texts and turns are paired in order).
  void add(std::string_view text) {
    spans_.push_back({buffer_.size(), text.size()});
    buffer_ += text;
  }
  /// Extends the last turn's text (merged cues).
  void append_to_last(std::string_view text) {
    buffer_ += text;
    spans_.back().second += text.size();
  }
  std::size_t size() const { return spans_.size(); }
  /// Points each of t.turns[i].text at its text. REQUIRES: t.turns.size() == size().
  void attach(Transcript& t) {
    std::string_view all = t.adopt(std::make_shared<const std::string>(std::move(buffer_)));
    for (std::size_t i = 0; i < spans_.size() && i < t.turns.size(); ++i)
      t.turns[i].text = all.substr(spans_[i].first, spans_[i].second);
    buffer_.clear();
    spans_.clear();
  }

 private:
  std::string buffer_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // offset, length
};

/// Reads a whole buffer in `format` into `sink`.
void read_buffer(const std::string& format, const InputBuffer& input, const ReadOptions& options, ReadSink& sink);

/// Reads a line format (ndjson, csv) from `lines` into `sink`; `path` names the input in
/// messages and in each transcript's `source`.
void read_lines(const std::string& format, const std::string& path, LineSource& lines, const ReadOptions& options,
                ReadSink& sink);

}  // namespace defuse
