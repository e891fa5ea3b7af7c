#include "report/record_reader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cmath>

namespace defuse {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view first_nonblank_line(std::string_view text, std::size_t& from) {
  while (from < text.size()) {
    std::size_t end = text.find('\n', from);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(from, end - from);
    std::size_t start = from;
    from = end + 1;
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      from = start;
      return line;
    }
  }
  return {};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' ||
                        s.back() == ','))
    s.remove_suffix(1);
  return s;
}

// A cheap look at one line: a full parse would be wasted on every transcript file.
bool line_is_record(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() != '{') return false;
  if (line.find("\"steps\"") == std::string_view::npos || line.find("\"score\"") == std::string_view::npos)
    return false;
  thread_local simdjson::dom::parser parser;
  element doc;
  if (parser.parse(line.data(), line.size()).get(doc)) return false;
  object obj;
  if (doc.get(obj)) return false;
  element steps, score;
  return !obj["steps"].get(steps) && steps.is_object() && !obj["score"].get(score) && score.is_number();
}

std::string text_of(const object& obj, std::string_view key) {
  std::string_view v;
  if (obj[key].get(v)) return {};
  return std::string(v);
}

int int_of(const object& obj, std::string_view key) {
  element e;
  if (obj[key].get(e)) return 0;
  int64_t i;
  if (!e.get(i)) return static_cast<int>(i);
  double d;
  if (!e.get(d)) return static_cast<int>(std::lround(d));
  return 0;
}

std::optional<double> number_of(const object& obj, std::string_view key) {
  element e;
  if (obj[key].get(e)) return std::nullopt;
  double d;
  if (!e.get(d)) return d;  // simdjson converts integers to double here
  int64_t i;
  if (!e.get(i)) return static_cast<double>(i);
  return std::nullopt;
}

bool bool_of(const object& obj, std::string_view key) {
  bool b = false;
  if (obj[key].get(b)) return false;
  return b;
}

// Calls `each` for every object in the array at `key`; other elements are skipped.
template <typename F>
void for_each_object(const object& obj, std::string_view key, F&& each) {
  array items;
  if (obj[key].get(items)) return;
  for (element item : items) {
    object o;
    if (!item.get(o)) each(o);
  }
}

}  // namespace

bool looks_like_score_records(std::string_view head) {
  std::size_t from = 0;
  std::string_view line = first_nonblank_line(head, from);
  if (trim(line) == "[") {
    from += line.size() + 1;
    line = first_nonblank_line(head, from);
  } else if (!trim(line).empty() && trim(line).front() == '[') {
    line = trim(line).substr(1);  // "[{...}," on one line
  }
  return line_is_record(line);
}

std::optional<ScoreResult> parse_score_record(std::string_view json, std::string& error) {
  // One parser per thread: it keeps its buffers, so a file of many records allocates once.
  thread_local simdjson::dom::parser parser;
  element doc;
  if (auto code = parser.parse(json.data(), json.size()).get(doc)) {
    error = fmt::format("not valid JSON: {}", simdjson::error_message(code));
    return std::nullopt;
  }
  object obj;
  if (doc.get(obj)) {
    error = "not a JSON object";
    return std::nullopt;
  }
  object steps;
  if (obj["steps"].get(steps)) {
    error = "not a defuse score record: no \"steps\" object";
    return std::nullopt;
  }
  auto score = number_of(obj, "score");
  if (!score) {
    error = "not a defuse score record: no numeric \"score\"";
    return std::nullopt;
  }

  ScoreResult r;
  r.id = text_of(obj, "id");
  r.source = text_of(obj, "source");
  r.agent = text_of(obj, "agent");
  r.customer_name = text_of(obj, "customer_name");
  r.lang = text_of(obj, "lang");
  r.lang_detected = bool_of(obj, "lang_detected");
  r.channel = text_of(obj, "channel");
  r.started_at = text_of(obj, "started_at");
  r.turns = int_of(obj, "turns");
  r.agent_turns = int_of(obj, "agent_turns");
  r.customer_turns = int_of(obj, "customer_turns");
  r.score = *score;
  for (int s = 0; s < kStepCount; ++s) {
    object step;
    if (steps[kStepIds[s]].get(step)) continue;
    r.steps[s].hit = bool_of(step, "hit");
    for_each_object(step, "evidence", [&](const object& e) {
      r.steps[s].evidence.push_back({int_of(e, "turn"), text_of(e, "speaker"), text_of(e, "text"), text_of(e, "rule")});
    });
  }
  for_each_object(obj, "anti_patterns", [&](const object& a) {
    r.anti_patterns.push_back({text_of(a, "id"), int_of(a, "turn"), text_of(a, "text"), text_of(a, "rule")});
  });
  for_each_object(obj, "customer", [&](const object& c) {
    r.customer.push_back({text_of(c, "id"), int_of(c, "turn"), text_of(c, "text"), text_of(c, "rule")});
  });
  r.outcome = text_of(obj, "outcome");
  for_each_object(obj, "order", [&](const object& o) {
    r.order.push_back({text_of(o, "id"), int_of(o, "turn"), text_of(o, "message")});
  });
  object timing;
  if (!obj["timing"].get(timing)) {
    r.timing.first_response_s = number_of(timing, "first_response_s");
    r.timing.longest_wait_s = number_of(timing, "longest_wait_s");
    r.timing.agent_share = number_of(timing, "agent_share");
    if (auto n = number_of(timing, "interruptions")) r.timing.interruptions = static_cast<int>(std::lround(*n));
    r.timing.slow_threshold_s = number_of(timing, "slow_threshold_s");
  }
  for_each_object(obj, "breakdown", [&](const object& b) {
    r.breakdown.push_back({text_of(b, "what"), number_of(b, "points").value_or(0), text_of(b, "why")});
  });
  for_each_object(obj, "cancelled", [&](const object& c) {
    r.cancelled.push_back(
        {text_of(c, "id"), int_of(c, "turn"), text_of(c, "text"), text_of(c, "rule"), text_of(c, "reason")});
  });
  object metadata;
  if (!obj["metadata"].get(metadata)) {
    for (auto field : metadata) {
      std::string_view value;
      if (!field.value.get(value)) r.metadata.emplace_back(std::string(field.key), std::string(value));
    }
  }
  return r;
}

std::size_t read_score_records(const std::string& path, std::string_view bytes,
                               const std::function<void(ScoreResult&&)>& result,
                               const std::function<void(Diagnostic&&)>& error) {
  std::size_t read = 0;
  std::size_t from = 0;
  std::string_view first = first_nonblank_line(bytes, from);
  if (!trim(first).empty() && trim(first).front() == '[') {
    // `defuse score --format json`: one array; a broken array has no trustworthy lines.
    simdjson::dom::parser parser;
    element doc;
    array records;
    if (auto code = parser.parse(bytes.data(), bytes.size()).get(doc)) {
      error({path, 0, fmt::format("not valid JSON: {}", simdjson::error_message(code))});
      return 0;
    }
    if (doc.get(records)) {
      error({path, 0, "expected a JSON array of score records"});
      return 0;
    }
    std::size_t index = 0;
    for (element item : records) {
      ++index;
      std::string message;
      std::string json = simdjson::minify(item);
      if (auto r = parse_score_record(json, message)) {
        result(std::move(*r));
        ++read;
      } else {
        error({path, 0, fmt::format("record {}: {}", index, message)});
      }
    }
    return read;
  }
  int line_number = 0;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string message;
    if (auto r = parse_score_record(line, message)) {
      result(std::move(*r));
      ++read;
    } else {
      error({path, line_number, message});
    }
  }
  return read;
}

}  // namespace defuse
