#include "read/json_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "read/contact_lens_reader.h"
#include "read/plain_text.h"
#include "read/timestamp.h"

namespace defuse {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view strip_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// A scalar as text (ids may be numbers); nullopt for null, arrays and objects.
std::optional<std::string> scalar_text(element e) {
  switch (e.type()) {
    case element_type::STRING: return std::string(e.get_string().value_unsafe());
    case element_type::INT64: return std::to_string(e.get_int64().value_unsafe());
    case element_type::UINT64: return std::to_string(e.get_uint64().value_unsafe());
    case element_type::DOUBLE: return fmt::format("{}", e.get_double().value_unsafe());
    case element_type::BOOL: return e.get_bool().value_unsafe() ? "true" : "false";
    default: return std::nullopt;
  }
}

std::optional<double> number(element e) {
  double d;
  if (e.get_double().get(d) == simdjson::SUCCESS && std::isfinite(d)) return d;  // also converts integers
  return std::nullopt;
}

// The fields of one turn object that the reader knows, found in one pass over its keys
// (a look-up by name scans the keys each time, and a turn was looked up seven times). A
// repeated key counts once, at its first occurrence, as with a look-up by name.
struct TurnFields {
  enum Field : unsigned { text, role, speaker, name, offset_ms, ts, end_offset_ms, count };
  element value[count];
  unsigned found = 0;  // bit per Field

  explicit TurnFields(object o) {
    for (auto field : o) {
      const Field f = field_of(field.key);
      if (f == count || (found >> f & 1)) continue;
      value[f] = field.value;
      found |= 1u << f;
    }
  }
  bool has(Field f) const { return found >> f & 1; }
  // Present and not null.
  bool given(Field f) const { return has(f) && !value[f].is_null(); }

  static Field field_of(std::string_view key) {
    if (is(key, "text")) return text;
    if (is(key, "speaker")) return speaker;
    if (is(key, "role")) return role;
    if (is(key, "name")) return name;
    if (is(key, "offset_ms")) return offset_ms;
    if (is(key, "ts")) return ts;
    if (is(key, "end_offset_ms")) return end_offset_ms;
    return count;
  }
  // key == name, comparing bytes of a size known when compiling: a load or two, not a call.
  template <std::size_t N>
  static bool is(std::string_view key, const char (&name)[N]) {
    return key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
  }
};

// An optional string field of a turn: absent or null is "", any other type is an error.
bool optional_string(const TurnFields& fields, TurnFields::Field field, std::string_view key, std::string_view& out,
                     std::string& error, std::size_t index) {
  out = {};
  if (!fields.given(field)) return true;
  if (fields.value[field].get_string().get(out) == simdjson::SUCCESS) return true;
  error = fmt::format("turns[{}]: \"{}\" must be a string", index, key);
  return false;
}

bool read_turn_time(const TurnFields& fields, std::size_t index, Turn& turn, std::string& error) {
  if (fields.given(TurnFields::offset_ms)) {
    auto ms = number(fields.value[TurnFields::offset_ms]);
    if (!ms) {
      error = fmt::format("turns[{}]: \"offset_ms\" must be a number (milliseconds from the start)", index);
      return false;
    }
    turn.start_ms = std::llround(*ms);
  } else if (fields.given(TurnFields::ts)) {
    const element e = fields.value[TurnFields::ts];
    std::string_view text;
    if (e.get_string().get(text) == simdjson::SUCCESS) {
      turn.start_ms = parse_timestamp(trim(text));
      if (!turn.start_ms) {
        error = fmt::format("turns[{}]: cannot read \"ts\" \"{}\" as a time (expected e.g. 2026-11-03T14:05:10Z, "
                            "14:05:10 or 00:01:23)", index, text.substr(0, 40));
        return false;
      }
    } else if (auto seconds = number(e)) {
      turn.start_ms = std::llround(*seconds * 1000);  // seconds into the call, or Unix time
    } else {
      error = fmt::format("turns[{}]: \"ts\" must be a time string or a number of seconds", index);
      return false;
    }
  }
  if (fields.given(TurnFields::end_offset_ms)) {
    auto ms = number(fields.value[TurnFields::end_offset_ms]);
    if (!ms) {
      error = fmt::format("turns[{}]: \"end_offset_ms\" must be a number", index);
      return false;
    }
    turn.end_ms = std::llround(*ms);
  }
  return true;
}

// One element of a JSON array or one NDJSON line: defuse's object or Amazon output.
bool record_transcript(element e, const std::string& format, const ReadOptions& options, const Mapping* mapping,
                       Transcript& t, std::string& error, std::size_t json_bytes = 0) {
  object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) {
    error = "expected a JSON object (one conversation)";
    return false;
  }
  if (format == "contact-lens" || is_contact_lens(o)) {
    if (!is_contact_lens(o)) {
      error = "no \"Transcript\" or \"SpeechSegments\" array (expected Contact Lens / Transcribe Call Analytics output)";
      return false;
    }
    return contact_lens_transcript(o, options, mapping, t, error);
  }
  return json_transcript(o, options, mapping, t, error, json_bytes);
}

// The document failed to parse as one value; NDJSON with a record longer than the detection
// window lands here, so give it its proper reading rather than an error.
bool looks_like_ndjson(std::string_view bytes) {
  std::size_t end = bytes.find('\n');
  if (end == std::string_view::npos) return false;
  std::string_view first = trim(bytes.substr(0, end));
  std::string_view rest = bytes.substr(end + 1);
  std::size_t next = rest.find_first_not_of(" \t\r\n");
  if (first.empty() || first.front() != '{' || first.back() != '}' || next == std::string_view::npos ||
      rest[next] != '{')
    return false;
  simdjson::dom::parser parser;
  element root;
  return parser.parse(first.data(), first.size()).get(root) == simdjson::SUCCESS && root.is_object();
}

}  // namespace

bool json_transcript(object o, const ReadOptions& options, const Mapping* mapping, Transcript& t,
                     std::string& error, std::size_t json_bytes) {
  element turns_element;
  if (o["turns"].get(turns_element) != simdjson::SUCCESS) {
    error = "no \"turns\" array (expected defuse JSON {\"id\", \"turns\": [{\"speaker\", \"text\"}]}, or Contact Lens "
            "output with \"Transcript\")";
    return false;
  }
  array turns;
  if (turns_element.get_array().get(turns) != simdjson::SUCCESS) {
    error = "\"turns\" must be an array of {speaker, text}";
    return false;
  }
  for (auto field : o) {
    std::string_view key = field.key;
    element value = field.value;
    if (key == "turns") continue;
    if (key == "metadata") {
      object meta;
      if (value.is_null()) continue;
      if (value.get_object().get(meta) != simdjson::SUCCESS) {
        error = "\"metadata\" must be an object";
        return false;
      }
      for (auto entry : meta) {
        if (entry.value.is_null()) continue;
        auto text = scalar_text(entry.value);
        t.metadata.emplace_back(std::string(entry.key), text ? *text : simdjson::minify(entry.value));
      }
      continue;
    }
    std::string* target = key == "id"           ? &t.id
                          : key == "agent"      ? &t.agent
                          : key == "customer"   ? &t.customer
                          : key == "channel"    ? &t.channel
                          : key == "lang"       ? &t.lang
                          : key == "started_at" ? &t.started_at
                                                : nullptr;
    if (value.is_null()) continue;
    auto text = scalar_text(value);
    if (target) {
      if (!text || (key != "id" && value.type() != element_type::STRING)) {
        error = fmt::format("\"{}\" must be a string", key);
        return false;
      }
      if (!text->empty()) *target = std::move(*text);  // "id": "" keeps the default id
    } else if (text) {
      t.metadata.emplace_back(std::string(key), std::move(*text));  // like front matter: other keys are kept
    }
  }
  t.channel = t.channel.empty() ? (mapping ? mapping->channel : "") : normalize_channel(t.channel);
  t.lang = options.lang.empty() ? normalize_lang(t.lang) : options.lang;

  RoleResolver resolver(options, mapping);
  TurnTexts texts;
  // Sized once (the count is at hand): grown turn by turn, the turns would be moved 5 times.
  const std::size_t turn_count = std::min<std::size_t>(turns.size(), options.limits.max_turns);
  t.turns.reserve(turn_count);
  texts.reserve(turn_count, json_bytes);  // a text is never longer than its escaped JSON
  std::size_t index = 0;
  for (element e : turns) {
    object turn_object;
    if (e.get_object().get(turn_object) != simdjson::SUCCESS) {
      error = fmt::format("turns[{}]: expected an object {{speaker, text}}", index);
      return false;
    }
    if (t.turns.size() >= options.limits.max_turns) {
      error = fmt::format("more than {} turns in one transcript (raise --max-turns)", options.limits.max_turns);
      return false;
    }
    std::string_view text, role_text, speaker_text, name_text;
    const TurnFields fields(turn_object);
    if (!fields.has(TurnFields::text)) {
      error = fmt::format("turns[{}]: no \"text\"", index);
      return false;
    }
    if (fields.value[TurnFields::text].get_string().get(text) != simdjson::SUCCESS) {
      error = fmt::format("turns[{}]: \"text\" must be a string", index);
      return false;
    }
    if (!optional_string(fields, TurnFields::role, "role", role_text, error, index) ||
        !optional_string(fields, TurnFields::speaker, "speaker", speaker_text, error, index) ||
        !optional_string(fields, TurnFields::name, "name", name_text, error, index))
      return false;
    Turn turn;
    if (!read_turn_time(fields, index, turn, error)) return false;

    // "role" is the role (a role word, or the agent's name); "speaker" is a role word or a
    // name; "name" is only a name. The first that decides the role wins.
    std::optional<Role> role;
    std::string name, label_name;
    if (!role_text.empty()) {
      role = resolver.classify_label(role_text, t.agent, t.customer, label_name);
      if (role && label_name != trim(role_text)) name = label_name;  // "Agent (Maria)" -> Maria
    }
    if (!speaker_text.empty()) {
      auto by_speaker = resolver.classify_label(speaker_text, t.agent, t.customer, label_name);
      if (!role) role = by_speaker;
      if (name.empty()) name = label_name;
    }
    if (!role && !role_text.empty()) role = Role::other;  // an explicit role we do not score: bot, system
    if (!name_text.empty()) name = std::string(trim(name_text));
    turn.role = role.value_or(Role::other);
    turn.speaker = std::move(name);
    texts.add(text);
    turn.line = t.first_line;
    turn.role_known = role.has_value();
    t.turns.push_back(std::move(turn));
    ++index;
  }
  texts.attach(t);
  infer_unknown_roles(t);
  return true;
}

void read_json(const InputBuffer& input, const std::string& format, const ReadOptions& options,
               const Mapping* mapping, ReadSink& sink) {
  std::string_view bytes = strip_bom(*input.bytes);
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(root)) {
    if (format != "contact-lens" && looks_like_ndjson(bytes)) {
      BufferLineSource lines(*input.bytes, options.limits.max_line_bytes);
      read_ndjson(input.path, lines, options, mapping, sink);
      return;
    }
    sink.error({input.path, 0, fmt::format("invalid JSON: {}", simdjson::error_message(err))});
    return;
  }
  auto read_one = [&](element e, std::string source, std::string id) {
    Transcript t;
    t.source = std::move(source);
    t.first_line = 0;  // a document, not a line: messages say "path: ..."
    t.id = std::move(id);
    std::string error;
    if (!record_transcript(e, format, options, mapping, t, error)) {
      sink.error({t.source, 0, error});
      return;
    }
    finish_transcript(std::move(t), options, sink);
  };
  array items;
  if (root.get_array().get(items) == simdjson::SUCCESS) {
    // An array of conversations, as many tools export them: "path[i]" traces each one.
    std::size_t i = 0;
    for (element e : items) {
      read_one(e, fmt::format("{}[{}]", input.path, i), fmt::format("{}-{}", default_id(input.path), i + 1));
      ++i;
    }
    if (i == 0) sink.error({input.path, 0, "an empty JSON array: no conversations"});
    return;
  }
  read_one(root, input.path, default_id(input.path));
}

void read_ndjson(const std::string& path, LineSource& lines, const ReadOptions& options, const Mapping* mapping,
                 ReadSink& sink) {
  simdjson::dom::parser parser;  // reused: its buffers grow to the largest record and stay
  std::string stem = default_id(path);
  SourceLine line;
  bool any = false;
  while (lines.next(line)) {
    if (line.too_long) {
      sink.error({path, line.number, fmt::format("record is longer than {} bytes (raise --max-line-length); skipped",
                                                 options.limits.max_line_bytes)});
      any = true;
      continue;
    }
    std::string_view text = trim(line.number == 1 ? strip_bom(line.text) : line.text);
    if (text.empty()) continue;
    any = true;
    element root;
    if (auto err = parser.parse(text.data(), text.size()).get(root)) {
      sink.error({path, line.number, fmt::format("invalid JSON: {}", simdjson::error_message(err))});
      continue;
    }
    Transcript t;
    t.source = fmt::format("{}:{}", path, line.number);
    t.first_line = line.number;
    t.id = fmt::format("{}-{}", stem, line.number);
    std::string error;
    if (!record_transcript(root, "ndjson", options, mapping, t, error, text.size())) {
      sink.error({path, line.number, error});
      continue;
    }
    finish_transcript(std::move(t), options, sink);
  }
  if (!lines.error().empty()) sink.error({path, 0, lines.error()});
  else if (!any) sink.error({path, 0, "empty file"});
}

}  // namespace defuse
