#include "read/plain_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "normalize/fold.h"
#include "read/front_matter.h"
#include "read/mapping.h"
#include "read/timestamp.h"

namespace defuse {
namespace {

constexpr std::size_t kMaxLabelBytes = 64;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

struct Line {
  std::optional<std::int64_t> ms;
  std::optional<Role> role;
  bool known = true;  // false for a diarised voice ("Speaker 1"), whose side is unknown
  std::string name;
  std::string_view text;
};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// "1", "00", "A", "Б": what tells one diarised voice from another.
bool is_voice_id(std::string_view id) {
  if (id.empty()) return false;
  if (id.size() <= 3 && std::all_of(id.begin(), id.end(), is_ascii_digit)) return true;
  auto c = static_cast<unsigned char>(id[0]);
  if (id.size() == 1) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return id.size() == 2 && c >= 0xC3 && c <= 0xD4;  // one Latin-1, Greek or Cyrillic letter
}

// "Speaker 1", "SPEAKER_00", "spk_0", "Speaker1", "Говорящий А": a voice word and an id.
bool is_voice_label(std::string_view label, const RoleVocabulary& roles) {
  Label parts = split_label(label);
  if (parts.name.empty()) {  // "Speaker1"
    std::size_t digits = parts.role_word.size();
    while (digits > 0 && is_ascii_digit(parts.role_word[digits - 1])) --digits;
    parts.name = parts.role_word.substr(digits);
    parts.role_word = parts.role_word.substr(0, digits);
  }
  return is_voice_id(parts.name) && roles.names_voice(parts.role_word);
}

// The role a label names and the speaker's name in it: what every reader decides (a
// mapping, --agent-name, the front matter's names, the role words), then a diarised voice.
// The same few labels start every line of a transcript, and deciding one folds it (ICU for
// Cyrillic): each distinct label is decided once per transcript.
class LabelRoles {
 public:
  LabelRoles(const ReadOptions& options, const Mapping* mapping, const Transcript& t)
      : options_(options), resolver_(options, mapping), t_(t) {}

  /// False when the label names no speaker, so the line is not a turn.
  bool decide(std::string_view label, Line& out) {
    for (const Decided& d : decided_) {
      if (d.label == label) return apply(d, out);
    }
    Decided d;
    d.label = std::string(label);
    d.role = resolver_.classify_label(label, t_.agent, t_.customer, d.name);
    if (!d.role && is_voice_label(label, *options_.roles)) d.role = Role::other, d.known = false;
    if (decided_.size() < kRemembered) decided_.push_back(d);
    return apply(d, out);
  }

 private:
  struct Decided {
    std::string label;
    std::optional<Role> role;
    bool known = true;
    std::string name;
  };
  static bool apply(const Decided& d, Line& out) {
    out.role = d.role;
    out.known = d.known;
    out.name = d.name;
    return d.role.has_value();
  }
  static constexpr std::size_t kRemembered = 8;
  const ReadOptions& options_;
  RoleResolver resolver_;
  const Transcript& t_;  // its agent and customer names must not change while in use
  std::vector<Decided> decided_;
};

// "05:10", "1:02:03": an offset into the recording, the whole of `text`.
std::optional<std::int64_t> parse_offset(std::string_view text) {
  if (text.size() < 3 || text.find(':') == std::string_view::npos) return std::nullopt;
  std::string bracketed = "[" + std::string(text) + "]";
  std::size_t used = 0;
  std::optional<std::int64_t> value = parse_leading_timestamp(bracketed, used, false);
  if (!value || used != bracketed.size()) return std::nullopt;
  return value;
}

// "Speaker 1 (00:05)": a label followed by the turn's offset in parentheses, as
// speech-to-text services export it. Returns the label without it and sets `ms`.
std::string_view strip_trailing_timestamp(std::string_view label, std::optional<std::int64_t>& ms) {
  if (label.size() < 5 || label.back() != ')') return label;
  std::size_t open = label.rfind('(');
  if (open == std::string_view::npos || open == 0) return label;
  std::optional<std::int64_t> value = parse_offset(label.substr(open + 1, label.size() - open - 2));
  if (!value) return label;
  if (!ms) ms = value;
  return trim(label.substr(0, open));
}

// "Speaker 1  0:03" alone on a line, the words on the lines after it (Otter's text export):
// a turn when the label before the offset names a speaker.
bool parse_heading_line(std::string_view line, LabelRoles& labels, Line& out) {
  std::size_t space = line.find_last_of(" \t");
  if (space == std::string_view::npos || space > kMaxLabelBytes) return false;
  std::string_view label = trim(line.substr(0, space));
  if (label.empty() || label.find(':') != std::string_view::npos) return false;
  std::optional<std::int64_t> ms = parse_offset(line.substr(space + 1));
  if (!ms) return false;
  if (!labels.decide(label, out)) return false;
  out.ms = ms;
  out.text = {};
  return true;
}

// Recognises "[ts] Label: text", "Label (ts): text" and "Label  ts"; returns false for a
// continuation line.
bool parse_turn_line(std::string_view line, const Transcript& t, LabelRoles& labels, Line& out) {
  if (parse_heading_line(line, labels, out)) return true;
  std::size_t consumed = 0;
  out.ms = parse_leading_timestamp(line, consumed, t.channel != "call");
  std::string_view rest = line.substr(out.ms ? consumed : 0);
  std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > kMaxLabelBytes) return false;
  // The colon may be inside "(00:05)": the label then ends at "):".
  std::size_t open = rest.rfind('(', colon);
  std::size_t close = std::string_view::npos;
  if (open != std::string_view::npos && rest.find(')', open) > colon) close = rest.find("):", colon);
  if (close != std::string_view::npos && close < kMaxLabelBytes) {
    colon = close + 1;
  } else if (colon + 1 < rest.size() && is_ascii_digit(rest[colon - 1]) && is_ascii_digit(rest[colon + 1])) {
    return false;  // "Speaker 9:30 ..." is a time, not the label "Speaker 9"
  }
  std::string_view label = strip_trailing_timestamp(trim(rest.substr(0, colon)), out.ms);
  if (label.empty()) return false;
  if (!labels.decide(label, out)) return false;
  out.text = trim(rest.substr(colon + 1));
  return true;
}

// When voices were read and none is the agent, say which, and how to name one.
std::optional<Diagnostic> no_agent_among_voices(const Transcript& t) {
  std::vector<std::string> voices;
  for (const Turn& turn : t.turns)
    if (!turn.role_known && std::find(voices.begin(), voices.end(), turn.speaker) == voices.end())
      voices.push_back(turn.speaker);
  if (voices.empty()) return std::nullopt;
  return no_agent_among(t, t.turns.front().line, voices);
}

}  // namespace

Label split_label(std::string_view label) {
  std::size_t end = 0;
  while (end < label.size() && label[end] != ' ' && label[end] != '\t' && label[end] != '(' &&
         label[end] != '[' && label[end] != '-' && label[end] != '_' && label[end] != '#')
    ++end;
  Label out{label.substr(0, end), label.substr(end)};
  auto strip = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '(' || s.front() == '[' || s.front() == '-' ||
                          s.front() == '_' || s.front() == '#' || s.front() == '\t'))
      s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == ')' || s.back() == ']' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  out.name = strip(out.name);
  return out;
}

std::string default_id(std::string_view path) {
  if (path == "-") return "stdin";
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  return std::string(name);
}

void read_plain_text(const InputBuffer& input, const ReadOptions& options, const Mapping* mapping, ReadSink& sink) {
  Transcript t;
  t.source = input.path;
  std::string_view text = t.adopt(input.bytes);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM

  std::size_t offset = 0;
  int line_number = 1;
  Diagnostic error;
  if (!parse_front_matter(input.path, text, t, offset, line_number, error)) {
    sink.error(std::move(error));
    return;
  }
  if (t.id.empty()) t.id = default_id(input.path);
  if (!options.lang.empty()) t.lang = options.lang;
  t.channel = fold(t.channel);
  t.lang = fold(t.lang);

  // Continuation lines are joined into the pool; single-line turns view the buffer directly.
  LabelRoles labels(options, mapping, t);
  std::vector<std::string> joined;  // parallel to t.turns: non-empty when a turn spans lines
  while (offset < text.size()) {
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(offset, end - offset);
    if (raw.size() > options.limits.max_line_bytes) {
      sink.error({input.path, line_number,
                  fmt::format("line is longer than {} bytes (raise --max-line-length)", options.limits.max_line_bytes)});
      return;
    }
    std::string_view line = trim(raw);
    Line parsed;
    if (!line.empty()) {
      if (parse_turn_line(line, t, labels, parsed)) {
        if (t.turns.size() >= options.limits.max_turns) {
          sink.error({input.path, line_number,
                      fmt::format("more than {} turns in one transcript (raise --max-turns)", options.limits.max_turns)});
          return;
        }
        Turn turn;
        turn.role = *parsed.role;
        turn.speaker = std::move(parsed.name);
        turn.text = parsed.text;
        turn.start_ms = parsed.ms;
        turn.line = line_number;
        turn.role_known = parsed.known;
        t.turns.push_back(std::move(turn));
        joined.emplace_back();
      } else if (!t.turns.empty()) {
        std::string& acc = joined.back();
        if (acc.empty()) acc = std::string(t.turns.back().text);
        if (!acc.empty()) acc += '\n';
        acc += line;
      }
      // A line before the first turn that has no label is a preamble and is ignored.
    }
    offset = end + 1;
    ++line_number;
  }
  for (std::size_t i = 0; i < t.turns.size(); ++i)
    if (!joined[i].empty()) t.turns[i].text = t.keep(std::move(joined[i]));

  if (t.turns.empty()) {
    bool blank = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
    sink.error({input.path, blank ? 0 : 1,
                blank ? "empty file" : "no recognizable turns (expected lines like 'Agent: text' or 'Customer: text')"});
    return;
  }
  infer_unknown_roles(t);
  finish_transcript(std::move(t), options, sink, no_agent_among_voices(t));
}

}  // namespace defuse
