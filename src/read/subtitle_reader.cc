#include "read/subtitle_reader.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "read/format.h"
#include "read/plain_text.h"

namespace defuse {
namespace {

constexpr std::size_t kMaxNameBytes = 64;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Removes markup (<i>, </v>, <c.yellow>, <00:00:01.000>) and decodes the entities WebVTT
// allows, so the scorer sees the words only.
std::string plain(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<') {
      std::size_t close = s.find('>', i);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == '&') {
      static const std::pair<std::string_view, std::string_view> kEntities[] = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", " "}, {"&quot;", "\""},
          {"&apos;", "'"}, {"&#39;", "'"}, {"&lrm;", ""}, {"&rlm;", ""}};
      bool matched = false;
      for (const auto& [entity, text] : kEntities) {
        if (s.substr(i, entity.size()) == entity) {
          out += text;
          i += entity.size() - 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += c;
  }
  return out;
}

// "<v Maria Lopez>" or "<v.loud Maria>" at the start of a line: the voice's name.
std::optional<std::string_view> voice_tag(std::string_view line, std::size_t& after) {
  if (line.size() < 4 || line.substr(0, 2) != "<v" || (line[2] != ' ' && line[2] != '.' && line[2] != '\t'))
    return std::nullopt;
  std::size_t close = line.find('>');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view inside = line.substr(2, close - 2);
  std::size_t space = inside.find_first_of(" \t");  // skips the ".class" part, if any
  after = close + 1;
  return trim(space == std::string_view::npos ? std::string_view{} : inside.substr(space));
}

// "Maria Lopez: text" / "- Speaker 1: text" / ">> JOHN: text": the speaker's name.
std::optional<std::string_view> name_prefix(std::string_view line, std::size_t& after) {
  std::size_t start = 0;
  if (line.substr(0, 2) == ">>" || line.substr(0, 2) == "- ") start = 2;
  std::size_t colon = line.find(':', start);
  if (colon == std::string_view::npos || colon - start > kMaxNameBytes) return std::nullopt;
  if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') return std::nullopt;  // 10:30
  std::string_view name = trim(line.substr(start, colon - start));
  if (name.empty() || name.find_first_of(".?!,;\"<>()") != std::string_view::npos) return std::nullopt;
  int words = 1;
  for (char c : name) words += c == ' ';
  if (words > 4) return std::nullopt;  // "I told them: ..." is a sentence, not a label
  after = colon + 1;
  return name;
}

struct Piece {
  std::string speaker;
  bool has_speaker = false;  // a tag or prefix named the speaker (maybe "" for <v>)
  std::string text;
};

struct CueTurn {
  std::string speaker;
  std::string text;
  std::int64_t start = 0, end = 0;
  int line = 0;
};

}  // namespace

std::optional<std::int64_t> parse_cue_time(std::string_view text) {
  text = trim(text);
  std::int64_t parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t i = 0;
  while (count < 3) {
    std::size_t start = i;
    std::int64_t v = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 9) v = v * 10 + (text[i++] - '0');
    if (i == start) return std::nullopt;
    parts[count++] = v;
    if (i < text.size() && text[i] == ':') {
      ++i;
      continue;
    }
    break;
  }
  if (count < 2) return std::nullopt;
  std::int64_t millis = 0;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    std::size_t start = ++i;
    int scale = 100;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (i - start < 3) millis += (text[i] - '0') * scale, scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  std::int64_t h = count == 3 ? parts[0] : 0, m = count == 3 ? parts[1] : parts[0], s = count == 3 ? parts[2] : parts[1];
  if (m > 59 || s > 59) return std::nullopt;
  return ((h * 60 + m) * 60 + s) * 1000 + millis;
}

void read_subtitles(const InputBuffer& input, const std::string& format, const ReadOptions& options,
                    const Mapping* mapping, ReadSink& sink) {
  Transcript t;
  t.source = input.path;
  t.id = default_id(input.path);
  t.channel = mapping && !mapping->channel.empty() ? mapping->channel : "call";
  t.lang = options.lang;
  std::string_view text = t.adopt(input.bytes);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  // Split into lines once; blocks are runs of non-blank lines.
  struct Line {
    std::string_view text;
    int number;
  };
  std::vector<Line> lines;
  for (std::size_t pos = 0, number = 1; pos <= text.size(); ++number) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end - pos > options.limits.max_line_bytes) {
      sink.error({input.path, static_cast<int>(number),
                  fmt::format("line is longer than {} bytes (raise --max-line-length)", options.limits.max_line_bytes)});
      return;
    }
    lines.push_back({trim(text.substr(pos, end - pos)), static_cast<int>(number)});
    pos = end + 1;
  }

  std::vector<CueTurn> turns;
  std::string current_speaker;
  bool any_speaker = false;
  bool errors = false;
  std::size_t i = 0;
  if (text.find("-->") == std::string_view::npos) {
    sink.error({input.path, 1, format == "srt" ? "no SRT cues (expected timing lines like '00:00:01,000 --> 00:00:04,000')"
                                               : "no WebVTT cues (expected a 'WEBVTT' line, then timing lines like "
                                                 "'00:00:01.000 --> 00:00:04.000')"});
    return;
  }
  if (!lines.empty() && lines[0].text.substr(0, 6) == "WEBVTT") {
    while (i < lines.size() && !lines[i].text.empty()) ++i;  // the header block
  }
  while (i < lines.size()) {
    if (lines[i].text.empty()) {
      ++i;
      continue;
    }
    std::size_t block = i;
    std::size_t block_end = i;
    while (block_end < lines.size() && !lines[block_end].text.empty()) ++block_end;
    i = block_end;
    std::string_view first = lines[block].text;
    if (first.substr(0, 4) == "NOTE" || first.substr(0, 5) == "STYLE" || first.substr(0, 6) == "REGION") continue;

    // The timing line is the block's first line, or its second after a cue id / SRT number.
    std::size_t timing = block;
    if (lines[timing].text.find("-->") == std::string_view::npos && timing + 1 < block_end) ++timing;
    if (lines[timing].text.find("-->") == std::string_view::npos) {
      bool only_number = block_end - block == 1 &&
                         first.find_first_not_of("0123456789") == std::string_view::npos;
      if (only_number) continue;  // a dangling SRT cue number: nothing to read
      if (!turns.empty()) {
        // A blank line inside a cue's text (common in hand-edited SRT): keep the words.
        for (std::size_t k = block; k < block_end; ++k) turns.back().text += ' ' + plain(lines[k].text);
        continue;
      }
      sink.error({input.path, lines[block].number,
                  fmt::format("expected a cue timing line like '00:00:01{}000 --> 00:00:04{}000'; block skipped",
                              format == "srt" ? ',' : '.', format == "srt" ? ',' : '.')});
      errors = true;
      continue;
    }
    std::string_view timing_text = lines[timing].text;
    std::size_t arrow = timing_text.find("-->");
    std::string_view end_text = trim(timing_text.substr(arrow + 3));
    end_text = end_text.substr(0, end_text.find_first_of(" \t"));  // VTT cue settings follow the end time
    auto start_ms = parse_cue_time(timing_text.substr(0, arrow));
    auto end_ms = parse_cue_time(end_text);
    if (!start_ms || !end_ms) {
      sink.error({input.path, lines[timing].number,
                  fmt::format("cannot read the cue timing '{}'; cue skipped", timing_text.substr(0, 60))});
      errors = true;
      continue;
    }

    // Each text line may name its speaker; a line that does not continues the last one.
    std::vector<Piece> pieces;
    for (std::size_t k = timing + 1; k < block_end; ++k) {
      std::string_view line = lines[k].text;
      std::size_t after = 0;
      Piece piece;
      if (auto voice = voice_tag(line, after)) {
        piece.speaker = std::string(*voice);
        piece.has_speaker = true;
        line = line.substr(after);
      }
      std::string body = plain(line);
      if (!piece.has_speaker) {
        if (auto name = name_prefix(body, after)) {
          piece.speaker = std::string(*name);
          piece.has_speaker = true;
          body = std::string(trim(std::string_view(body).substr(after)));
        }
      }
      body = std::string(trim(body));
      if (!piece.has_speaker && !pieces.empty()) {
        if (!body.empty()) pieces.back().text += (pieces.back().text.empty() ? "" : " ") + body;
        continue;
      }
      piece.text = std::move(body);
      pieces.push_back(std::move(piece));
    }
    for (auto& piece : pieces) {
      if (piece.has_speaker) {
        current_speaker = piece.speaker;
        any_speaker = true;
      }
      if (piece.text.empty()) continue;
      if (!turns.empty() && turns.back().speaker == current_speaker) {
        CueTurn& last = turns.back();
        last.text += ' ' + piece.text;
        last.end = std::max(last.end, *end_ms);
        continue;
      }
      if (turns.size() >= options.limits.max_turns) {
        sink.error({input.path, lines[timing].number,
                    fmt::format("more than {} turns in one transcript (raise --max-turns)", options.limits.max_turns)});
        return;
      }
      turns.push_back({current_speaker, std::move(piece.text), *start_ms, *end_ms, lines[timing].number});
    }
  }

  if (turns.empty()) {
    if (!errors) sink.error({input.path, 0, "no cues with text"});
    return;
  }
  if (!any_speaker) {
    sink.error({input.path, 0,
                "no speaker names in the cues (expected '<v Name>' voice tags or 'Name: text' lines); defuse needs "
                "to know who is the agent"});
    return;
  }

  RoleResolver resolver(options, mapping);
  std::map<std::string, std::pair<std::optional<Role>, std::string>> by_name;  // name -> role, display name
  TurnTexts texts;
  for (auto& cue : turns) {
    auto it = by_name.find(cue.speaker);
    if (it == by_name.end()) {
      std::string display;
      auto role = resolver.classify_label(cue.speaker, {}, {}, display);  // "Agent (Maria)" -> Maria
      it = by_name.emplace(cue.speaker, std::make_pair(role, display)).first;
    }
    Turn turn;
    turn.role = it->second.first.value_or(Role::other);
    turn.speaker = it->second.second;
    texts.add(cue.text);
    turn.start_ms = cue.start;
    turn.end_ms = cue.end;
    turn.line = cue.line;
    turn.role_known = it->second.first.has_value();
    t.turns.push_back(std::move(turn));
  }
  texts.attach(t);
  infer_unknown_roles(t);
  // Meeting exports name people, not roles: if no agent is found, say who could be it (the
  // speakers of no known role), or else who was found.
  std::vector<std::string> names;
  for (const auto& [name, role] : by_name)
    if (!role.first) names.push_back(name);
  if (names.empty())
    for (const auto& [name, role] : by_name) names.push_back(name);
  std::optional<Diagnostic> no_agent = no_agent_among(t, 0, names);
  finish_transcript(std::move(t), options, sink, std::move(no_agent));
}

}  // namespace defuse
