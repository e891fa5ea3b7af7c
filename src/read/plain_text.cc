#include "read/plain_text.h"

#include <fmt/format.h>

#include "normalize/fold.h"
#include "read/front_matter.h"
#include "read/timestamp.h"

namespace defuse {
namespace {

constexpr std::size_t kMaxLabelBytes = 64;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool names_match(std::string_view a, std::string_view b) {
  return !a.empty() && !b.empty() && fold(a) == fold(b);
}

struct Line {
  std::optional<std::int64_t> ms;
  std::optional<Role> role;
  std::string_view name;
  std::string_view text;
};

// The role a label names and the speaker's name in it (a view into `label`); nullopt when
// the label names no role, so the line is not a turn.
std::optional<Role> label_role(std::string_view label, const ReadOptions& options, const Transcript& t,
                               std::string_view& name) {
  Label parts = split_label(label);
  if (std::optional<Role> role = options.roles->classify(parts.role_word)) {
    name = parts.name;
    return role;
  }
  name = label;
  if (names_match(label, t.agent)) return Role::agent;
  if (names_match(label, t.customer)) return Role::customer;
  if (!options.agent_name.empty() && names_match(label, options.agent_name)) return Role::agent;
  return std::nullopt;
}

// The same few labels start every line of a transcript, and deciding one folds it (ICU for
// Cyrillic) and looks it up: each distinct label is decided once per transcript.
class LabelRoles {
 public:
  LabelRoles(const ReadOptions& options, const Transcript& t) : options_(options), t_(t) {}

  std::optional<Role> role(std::string_view label, std::string_view& name) {
    for (const Decided& d : decided_) {
      if (d.label == label) {
        name = label.substr(d.name_begin, d.name_size);
        return d.role;
      }
    }
    std::optional<Role> role = label_role(label, options_, t_, name);
    if (decided_.size() < kRemembered) {
      const std::size_t begin = name.empty() ? 0 : static_cast<std::size_t>(name.data() - label.data());
      decided_.push_back({std::string(label), role, begin, name.size()});
    }
    return role;
  }

 private:
  struct Decided {
    std::string label;
    std::optional<Role> role;
    std::size_t name_begin, name_size;  // the name within the label
  };
  static constexpr std::size_t kRemembered = 8;
  const ReadOptions& options_;
  const Transcript& t_;  // its agent and customer names must not change while in use
  std::vector<Decided> decided_;
};

// Recognises "[ts] Label: text"; returns false for a continuation line.
bool parse_turn_line(std::string_view line, const Transcript& t, LabelRoles& labels, Line& out) {
  std::size_t consumed = 0;
  out.ms = parse_leading_timestamp(line, consumed, t.channel != "call");
  std::string_view rest = line.substr(out.ms ? consumed : 0);
  std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > kMaxLabelBytes) return false;
  std::string_view label = trim(rest.substr(0, colon));
  if (label.empty()) return false;
  out.role = labels.role(label, out.name);
  if (!out.role) return false;
  out.text = trim(rest.substr(colon + 1));
  return true;
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

void read_plain_text(const InputBuffer& input, const ReadOptions& options, ReadSink& sink) {
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
  LabelRoles labels(options, t);
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
        turn.speaker = std::string(parsed.name);
        turn.text = parsed.text;
        turn.start_ms = parsed.ms;
        turn.line = line_number;
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
  finish_transcript(std::move(t), options, sink);
}

}  // namespace defuse
