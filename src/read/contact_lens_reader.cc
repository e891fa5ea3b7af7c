#include "read/contact_lens_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "normalize/fold.h"
#include "read/format.h"
#include "read/timestamp.h"

namespace defuse {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view string_field(object o, std::string_view key) {
  std::string_view out;
  if (o[key].get_string().get(out) != simdjson::SUCCESS) return {};
  return out;
}

// Offsets are integers in Contact Lens, but some re-exports write them as doubles.
std::optional<std::int64_t> millis_field(object o, std::string_view key) {
  element e;
  if (o[key].get(e) != simdjson::SUCCESS) return std::nullopt;
  if (std::int64_t i; e.get_int64().get(i) == simdjson::SUCCESS) return i;
  if (double d; e.get_double().get(d) == simdjson::SUCCESS && std::isfinite(d)) return std::llround(d);
  return std::nullopt;
}

std::optional<std::int64_t> seconds_field(object o, std::string_view key) {
  element e;
  if (o[key].get(e) != simdjson::SUCCESS) return std::nullopt;
  double d;
  if (e.get_double().get(d) == simdjson::SUCCESS && std::isfinite(d)) return std::llround(d * 1000);
  if (std::int64_t i; e.get_int64().get(i) == simdjson::SUCCESS) return i * 1000;
  std::string_view s;  // PCA writes some numbers as strings ("Duration": "28.67")
  if (e.get_string().get(s) == simdjson::SUCCESS) {
    char* end = nullptr;
    std::string copy(s);
    double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() && *end == '\0' && std::isfinite(v)) return std::llround(v * 1000);
  }
  return std::nullopt;
}

// PCA writes "None" for fields it has no value for.
bool present(std::string_view value) { return !value.empty() && value != "None" && value != "null"; }

// AGENT / CUSTOMER / SUPERVISOR / SYSTEM ... as Contact Lens and Transcribe spell them.
std::optional<Role> amazon_role(std::string_view value) {
  std::string v = fold(value);
  if (v == "agent" || v == "supervisor") return Role::agent;  // a supervisor speaks for the company
  if (v == "customer") return Role::customer;
  if (v.empty()) return std::nullopt;
  return Role::other;  // SYSTEM, AUTOMATED, CUSTOM_BOT: not a party to the complaint
}

void set_lang(object o, std::string_view key, const ReadOptions& options, Transcript& t) {
  if (!options.lang.empty()) t.lang = options.lang;
  else if (auto code = string_field(o, key); !code.empty()) t.lang = normalize_lang(code);
}

bool read_call_analytics(object root, const ReadOptions& options, Transcript& t, std::string& error) {
  array entries;
  if (root["Transcript"].get_array().get(entries) != simdjson::SUCCESS) {
    error = "\"Transcript\" must be an array of {ParticipantId, Content, BeginOffsetMillis, EndOffsetMillis}";
    return false;
  }
  std::map<std::string, std::string, std::less<>> participant_roles;  // ParticipantId -> ParticipantRole
  array participants;
  if (root["Participants"].get_array().get(participants) == simdjson::SUCCESS) {
    for (element p : participants) {
      object po;
      if (p.get_object().get(po) != simdjson::SUCCESS) continue;
      auto role = string_field(po, "ParticipantRole");
      auto id = string_field(po, "ParticipantId");
      if (!role.empty()) participant_roles[std::string(id.empty() ? role : id)] = std::string(role);
    }
  }
  if (auto channel = string_field(root, "Channel"); !channel.empty()) t.channel = normalize_channel(channel);
  set_lang(root, "LanguageCode", options, t);
  object metadata;
  if (root["CustomerMetadata"].get_object().get(metadata) == simdjson::SUCCESS) {
    if (auto id = string_field(metadata, "ContactId"); !id.empty()) t.id = std::string(id);
  }
  if (auto job = string_field(root, "JobName"); !job.empty() && t.id.empty()) t.id = std::string(job);
  array categories;
  if (root["Categories"]["MatchedCategories"].get_array().get(categories) == simdjson::SUCCESS) {
    std::string joined;
    for (element c : categories) {
      std::string_view name;
      if (c.get_string().get(name) != simdjson::SUCCESS) continue;
      if (!joined.empty()) joined += ", ";
      joined += name;
    }
    if (!joined.empty()) t.metadata.emplace_back("categories", std::move(joined));
  }

  TurnTexts texts;
  std::size_t index = 0;
  for (element e : entries) {
    ++index;
    object item;
    if (e.get_object().get(item) != simdjson::SUCCESS) {
      error = fmt::format("Transcript[{}]: expected an object", index - 1);
      return false;
    }
    std::string_view content;
    if (item["Content"].get_string().get(content) != simdjson::SUCCESS) {
      // Chat transcripts interleave events (participant joined, typing) that carry no text.
      auto type = string_field(item, "ContentType");
      if (!type.empty() && type.substr(0, 5) != "text/") continue;
      error = fmt::format("Transcript[{}]: no \"Content\" string", index - 1);
      return false;
    }
    if (auto type = string_field(item, "ContentType"); !type.empty() && type.substr(0, 5) != "text/") continue;
    if (t.turns.size() >= options.limits.max_turns) {
      error = fmt::format("more than {} turns in one transcript (raise --max-turns)", options.limits.max_turns);
      return false;
    }
    std::string_view role_text = string_field(item, "ParticipantRole");
    std::string_view participant = string_field(item, "ParticipantId");
    if (role_text.empty() && !participant.empty()) {
      auto it = participant_roles.find(participant);
      role_text = it != participant_roles.end() ? std::string_view(it->second) : participant;
    }
    Turn turn;
    turn.role = amazon_role(role_text).value_or(Role::other);
    turn.speaker = std::string(string_field(item, "DisplayName"));
    texts.add(content);
    turn.start_ms = millis_field(item, "BeginOffsetMillis");
    turn.end_ms = millis_field(item, "EndOffsetMillis");
    if (!turn.start_ms) {
      if (auto at = string_field(item, "AbsoluteTime"); !at.empty()) turn.start_ms = parse_timestamp(at);
    }
    turn.line = t.first_line;
    t.turns.push_back(std::move(turn));
  }
  texts.attach(t);
  return true;
}

bool read_post_call_analytics(object root, const ReadOptions& options, const Mapping* mapping, Transcript& t,
                              std::string& error) {
  array segments;
  if (root["SpeechSegments"].get_array().get(segments) != simdjson::SUCCESS) {
    error = "\"SpeechSegments\" must be an array of {SegmentSpeaker, DisplayText, SegmentStartTime, SegmentEndTime}";
    return false;
  }
  RoleResolver resolver(options, mapping);
  struct Speaker {
    std::optional<Role> role;
    std::string name;
  };
  std::map<std::string, Speaker, std::less<>> speakers;  // spk_0 -> Agent
  object analytics;
  if (root["ConversationAnalytics"].get_object().get(analytics) == simdjson::SUCCESS) {
    set_lang(analytics, "LanguageCode", options, t);
    if (auto at = string_field(analytics, "ConversationTime"); present(at)) t.started_at = std::string(at);
    if (auto guid = string_field(analytics, "GUID"); present(guid)) t.id = std::string(guid);
    if (auto agent = string_field(analytics, "Agent"); present(agent)) t.agent = std::string(agent);
    if (t.id.empty()) {
      array sources;
      if (analytics["SourceInformation"].get_array().get(sources) == simdjson::SUCCESS) {
        for (element s : sources) {
          std::string_view job;
          if (s["TranscribeJobInfo"]["TranscriptionJobName"].get_string().get(job) == simdjson::SUCCESS && !job.empty()) {
            t.id = std::string(job);
            break;
          }
        }
      }
    }
    array labels;
    if (analytics["SpeakerLabels"].get_array().get(labels) == simdjson::SUCCESS) {
      for (element l : labels) {
        object lo;
        if (l.get_object().get(lo) != simdjson::SUCCESS) continue;
        auto id = string_field(lo, "Speaker");
        auto shown = string_field(lo, "DisplayText");
        if (id.empty()) continue;
        Speaker s;
        s.role = resolver.classify_label(shown, t.agent, t.customer, s.name);
        speakers[std::string(id)] = std::move(s);
      }
    }
  } else {
    set_lang(root, "LanguageCode", options, t);
  }

  TurnTexts texts;
  std::size_t index = 0;
  for (element e : segments) {
    ++index;
    object seg;
    if (e.get_object().get(seg) != simdjson::SUCCESS) {
      error = fmt::format("SpeechSegments[{}]: expected an object", index - 1);
      return false;
    }
    // DisplayText holds the reviewer's corrections when the transcript was edited.
    std::string_view text = string_field(seg, "DisplayText");
    if (text.empty()) text = string_field(seg, "OriginalText");
    if (text.empty()) {
      std::string_view probe;
      if (seg["DisplayText"].get_string().get(probe) == simdjson::SUCCESS ||
          seg["OriginalText"].get_string().get(probe) == simdjson::SUCCESS)
        continue;  // an empty segment (silence, a redacted breath) says nothing to score
      error = fmt::format("SpeechSegments[{}]: no \"DisplayText\" or \"OriginalText\" string", index - 1);
      return false;
    }
    if (t.turns.size() >= options.limits.max_turns) {
      error = fmt::format("more than {} turns in one transcript (raise --max-turns)", options.limits.max_turns);
      return false;
    }
    Turn turn;
    std::string_view speaker = string_field(seg, "SegmentSpeaker");
    std::optional<Role> role;
    if (auto it = speakers.find(speaker); it != speakers.end()) {
      role = it->second.role;
      turn.speaker = it->second.name;
    } else {
      role = resolver.classify_label(speaker, t.agent, t.customer, turn.speaker);
    }
    turn.role = role.value_or(Role::other);
    texts.add(text);
    turn.start_ms = seconds_field(seg, "SegmentStartTime");
    turn.end_ms = seconds_field(seg, "SegmentEndTime");
    turn.line = t.first_line;
    if (turn.speaker.empty() && !role) turn.speaker = std::string(speaker);
    turn.role_known = role.has_value();
    t.turns.push_back(std::move(turn));
  }
  texts.attach(t);
  infer_unknown_roles(t);
  return true;
}

}  // namespace

bool is_contact_lens(object o) {
  array a;
  return o["Transcript"].get_array().get(a) == simdjson::SUCCESS ||
         o["SpeechSegments"].get_array().get(a) == simdjson::SUCCESS;
}

bool contact_lens_transcript(object o, const ReadOptions& options, const Mapping* mapping, Transcript& t,
                             std::string& error) {
  // A call unless the record says otherwise (Contact Lens chat says "Channel": "CHAT").
  t.channel = mapping && !mapping->channel.empty() ? mapping->channel : "call";
  std::string default_id = std::move(t.id);
  t.id.clear();
  array a;
  bool ok = o["SpeechSegments"].get_array().get(a) == simdjson::SUCCESS
                ? read_post_call_analytics(o, options, mapping, t, error)
                : read_call_analytics(o, options, t, error);
  if (t.id.empty()) t.id = std::move(default_id);
  return ok;
}

}  // namespace defuse
