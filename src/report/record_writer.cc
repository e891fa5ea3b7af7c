#include "report/record_writer.h"

#include <fmt/format.h>

#include "core/json_writer.h"
#include "report/text_table.h"

namespace defuse {
namespace {

void write_evidence(JsonWriter& w, const Evidence& e) {
  w.begin_object().fixed_field<"turn">(e.turn).fixed_field<"speaker">(e.speaker).fixed_field<"text">(e.text);
  w.fixed_field<"rule">(e.rule).end_object();
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out += '"';
  return out;
}

std::string optional_number(const std::optional<double>& v) { return v ? fmt::format("{:.0f}", *v) : ""; }

}  // namespace

void append_record_json(const ScoreResult& r, std::string& out) {
  JsonWriter w(out);
  w.begin_object();
  w.fixed_field<"id">(r.id).fixed_field<"source">(r.source).fixed_field<"agent">(r.agent);
  w.fixed_field<"customer_name">(r.customer_name);
  w.fixed_field<"lang">(r.lang).fixed_field<"lang_detected">(r.lang_detected).fixed_field<"channel">(r.channel);
  w.fixed_field<"started_at">(r.started_at).fixed_field<"turns">(r.turns).fixed_field<"agent_turns">(r.agent_turns);
  w.fixed_field<"customer_turns">(r.customer_turns).fixed_field<"score">(r.score);
  w.fixed_key<"steps">().begin_object();
  for (int s = 0; s < kStepCount; ++s) {
    w.plain_key(kStepIds[s]).begin_object().fixed_field<"hit">(r.steps[s].hit).fixed_key<"evidence">().begin_array();
    for (const auto& e : r.steps[s].evidence) write_evidence(w, e);
    w.end_array().end_object();
  }
  w.end_object();
  w.fixed_key<"anti_patterns">().begin_array();
  for (const auto& a : r.anti_patterns)
    w.begin_object().fixed_field<"id">(a.id).fixed_field<"turn">(a.turn).fixed_field<"text">(a.text)
        .fixed_field<"rule">(a.rule).end_object();
  w.end_array();
  w.fixed_key<"customer">().begin_array();
  for (const auto& s : r.customer)
    w.begin_object().fixed_field<"id">(s.id).fixed_field<"turn">(s.turn).fixed_field<"text">(s.text)
        .fixed_field<"rule">(s.rule).end_object();
  w.end_array();
  w.fixed_field<"outcome">(r.outcome);
  w.fixed_key<"order">().begin_array();
  for (const auto& o : r.order)
    w.begin_object().fixed_field<"id">(o.id).fixed_field<"turn">(o.turn).fixed_field<"message">(o.message).end_object();
  w.end_array();
  w.fixed_key<"timing">().begin_object();
  w.fixed_field<"first_response_s">(r.timing.first_response_s).fixed_field<"longest_wait_s">(r.timing.longest_wait_s);
  w.fixed_field<"agent_share">(r.timing.agent_share).fixed_field<"interruptions">(r.timing.interruptions);
  w.fixed_field<"slow_threshold_s">(r.timing.slow_threshold_s);
  w.end_object();
  w.fixed_key<"breakdown">().begin_array();
  for (const auto& b : r.breakdown)
    w.begin_object().fixed_field<"what">(b.what).fixed_field<"points">(b.points).fixed_field<"why">(b.why)
        .end_object();
  w.end_array();
  w.fixed_key<"cancelled">().begin_array();
  for (const auto& c : r.cancelled)
    w.begin_object().fixed_field<"id">(c.id).fixed_field<"turn">(c.turn).fixed_field<"text">(c.text)
        .fixed_field<"rule">(c.rule).fixed_field<"reason">(c.reason).end_object();
  w.end_array();
  w.fixed_key<"metadata">().begin_object();
  // Input keys: escaped.
  for (const auto& [k, v] : r.metadata) w.field(k, v);
  w.end_object();
  w.end_object();
}

void RecordWriter::begin(std::string& out) {
  if (format_ == RecordFormat::json) out += "[\n";
  if (format_ == RecordFormat::csv) {
    out += "id,source,agent,lang,channel,score,outcome";
    for (auto s : kStepIds) fmt::format_to(std::back_inserter(out), ",{}", s);
    out += ",anti_patterns,hostility,threat,satisfied,order_violations,first_response_s,longest_wait_s\n";
  }
  if (format_ == RecordFormat::table) {
    out += table_header(color_);
  }
}

void RecordWriter::append_one(const ScoreResult& r, std::string& out) const {
  switch (format_) {
    case RecordFormat::ndjson:
      append_record_json(r, out);
      out.push_back('\n');
      break;
    case RecordFormat::json:
      append_record_json(r, out);
      break;
    case RecordFormat::csv: {
      out += fmt::format("{},{},{},{},{},{},{}", csv_field(r.id), csv_field(r.source), csv_field(r.agent), r.lang,
                         csv_field(r.channel), r.score, r.outcome);
      for (int s = 0; s < kStepCount; ++s) out += r.steps[s].hit ? ",1" : ",0";
      std::string anti;
      for (const auto& a : r.anti_patterns) {
        if (anti.find(a.id) != std::string::npos) continue;
        if (!anti.empty()) anti += ';';
        anti += a.id;
      }
      out += fmt::format(",{},{},{},{},{},{},{}\n", csv_field(anti), r.has_signal("hostility") ? 1 : 0,
                         r.has_signal("threat") ? 1 : 0, r.has_signal("satisfied") ? 1 : 0, r.order.size(),
                         optional_number(r.timing.first_response_s), optional_number(r.timing.longest_wait_s));
      break;
    }
    case RecordFormat::table:
      out += table_row(r, color_);
      break;
  }
}

void RecordWriter::record(const ScoreResult& r, std::string& out) {
  if (format_ == RecordFormat::json && count_ > 0) out += ",\n";
  append_one(r, out);
  ++count_;
}

void RecordWriter::end(std::string& out) {
  if (format_ == RecordFormat::json) out += count_ > 0 ? "\n]\n" : "]\n";
}

}  // namespace defuse
