#include "read/mapping.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include "normalize/fold.h"
#include "read/plain_text.h"

namespace defuse {
namespace {

constexpr std::size_t kMaxMappingBytes = 1u << 20;
constexpr const char* kFields[] = {"id", "timestamp", "speaker", "role", "text", "agent", "customer", "channel", "lang"};

int line_of(const YAML::Node& node) { return node.Mark().line >= 0 ? node.Mark().line + 1 : 0; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads `map` (a YAML map of value -> role word) into `out`.
void read_role_map(const YAML::Node& map, std::string_view key, const std::string& path, Mapping& out,
                   Diagnostics& errors) {
  if (!map.IsMap()) {
    errors.push_back({path, line_of(map), fmt::format("'{}' must be a map of 'value: agent|customer|other'", key)});
    return;
  }
  for (const auto& entry : map) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
      errors.push_back({path, line_of(entry.first), fmt::format("'{}' entries must be 'value: role'", key)});
      continue;
    }
    auto role = parse_role_word(entry.second.Scalar());
    if (!role) {
      errors.push_back({path, line_of(entry.second),
                        fmt::format("'{}' is not a role (expected agent, customer or other)", entry.second.Scalar())});
      continue;
    }
    out.values[fold(trim(entry.first.Scalar()))] = *role;
  }
}

}  // namespace

std::optional<Role> parse_role_word(std::string_view word) {
  std::string w = fold(trim(word));
  if (w == "agent") return Role::agent;
  if (w == "customer") return Role::customer;
  if (w == "other") return Role::other;
  return std::nullopt;
}

Mapping parse_mapping(std::string_view path_view, std::string_view yaml, Diagnostics& errors) {
  Mapping out;
  out.path = std::string(path_view);
  const std::string& path = out.path;
  if (yaml.size() > kMaxMappingBytes) {
    errors.push_back({path, 0, fmt::format("mapping file is larger than {} KiB", kMaxMappingBytes / 1024)});
    return out;
  }
  // yaml-cpp recurses once per nesting level; a mapping file is two levels deep, so refuse
  // anything that could exhaust the stack before handing it over.
  int depth = 0;
  for (char c : yaml) {
    if (c == '[' || c == '{') ++depth;
    if (depth > 16) {
      errors.push_back({path, 0, "mapping file is nested too deeply"});
      return out;
    }
    if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    errors.push_back({path, e.mark.line >= 0 ? e.mark.line + 1 : 0, "malformed YAML: " + e.msg});
    return out;
  }
  if (root.IsNull()) return out;
  if (!root.IsMap()) {
    errors.push_back({path, 1, "a mapping file is a YAML map (columns, roles, speakers, separator, channel)"});
    return out;
  }
  try {
    for (const auto& entry : root) {
      std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      const YAML::Node& value = entry.second;
      if (key == "columns") {
        if (!value.IsMap()) {
          errors.push_back({path, line_of(value), "'columns' must be a map of 'field: header name'"});
          continue;
        }
        for (const auto& column : value) {
          std::string field = column.first.IsScalar() ? column.first.Scalar() : "";
          bool known = std::any_of(std::begin(kFields), std::end(kFields), [&](const char* f) { return field == f; });
          if (!known) {
            errors.push_back({path, line_of(column.first),
                              fmt::format("unknown column field '{}' (expected one of: id, timestamp, speaker, role, "
                                          "text, agent, customer, channel, lang)",
                                          field)});
          } else if (!column.second.IsScalar() || trim(column.second.Scalar()).empty()) {
            errors.push_back({path, line_of(column.second), fmt::format("column '{}' needs a header name", field)});
          } else {
            out.columns[field] = std::string(trim(column.second.Scalar()));
          }
        }
      } else if (key == "roles" || key == "speakers") {
        read_role_map(value, key, path, out, errors);
      } else if (key == "separator") {
        std::string sep = value.IsScalar() ? value.Scalar() : "";
        if (sep == "\\t" || sep == "tab") sep = "\t";
        if (sep.size() != 1 || std::string_view(",;\t|").find(sep[0]) == std::string_view::npos)
          errors.push_back({path, line_of(value), "separator must be one of \",\" \";\" \"\\t\" \"|\""});
        else
          out.separator = sep[0];
      } else if (key == "channel") {
        if (!value.IsScalar()) errors.push_back({path, line_of(value), "channel must be a word (call, chat, email...)"});
        else out.channel = normalize_channel(value.Scalar());
      } else {
        errors.push_back({path, line_of(entry.first),
                          fmt::format("unknown key '{}' (expected columns, roles, speakers, separator, channel)", key)});
      }
    }
  } catch (const YAML::Exception& e) {
    errors.push_back({path, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg});
  }
  return out;
}

const Mapping* mapping_for(const ReadOptions& options, Diagnostics& errors) {
  if (options.mapping_file.empty()) return nullptr;
  // Loaded once: a folder of 100 000 CSV files must not parse the YAML 100 000 times. Entries
  // are never removed, so the pointers handed out stay valid for the process.
  struct Entry {
    Mapping mapping;
    Diagnostics errors;
  };
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Entry>, std::less<>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(options.mapping_file);
  if (it == cache.end()) {
    auto entry = std::make_unique<Entry>();
    std::ifstream in(options.mapping_file, std::ios::binary);
    if (!in) {
      entry->errors.push_back({options.mapping_file, 0, "cannot read the mapping file"});
    } else {
      std::ostringstream text;
      text << in.rdbuf();
      entry->mapping = parse_mapping(options.mapping_file, text.str(), entry->errors);
    }
    it = cache.emplace(options.mapping_file, std::move(entry)).first;
  }
  if (!it->second->errors.empty()) {
    errors.insert(errors.end(), it->second->errors.begin(), it->second->errors.end());
    return nullptr;
  }
  return &it->second->mapping;
}

std::optional<Role> RoleResolver::classify(std::string_view value, std::string_view agent,
                                           std::string_view customer) const {
  std::string name;
  return classify_label(value, agent, customer, name);
}

std::optional<Role> RoleResolver::classify_label(std::string_view value, std::string_view agent,
                                                 std::string_view customer, std::string& name) const {
  for (const Answer& a : answers_) {
    if (a.value == value && a.agent == agent && a.customer == customer) {
      name = a.name;
      return a.role;
    }
  }
  std::optional<Role> role = decide(value, agent, customer, name);
  Answer answer{std::string(value), std::string(agent), std::string(customer), role, name};
  if (answers_.size() < kRemembered) {
    answers_.push_back(std::move(answer));
  } else {
    answers_[next_answer_] = std::move(answer);
    next_answer_ = (next_answer_ + 1) % kRemembered;
  }
  return role;
}

std::optional<Role> RoleResolver::decide(std::string_view value, std::string_view agent, std::string_view customer,
                                         std::string& name) const {
  value = trim(value);
  name = std::string(value);
  if (value.empty()) return std::nullopt;
  std::string folded = fold(value);
  // Names first: a mapping or a flag written for this export beats any guess from words.
  if (mapping_) {
    auto it = mapping_->values.find(folded);
    if (it != mapping_->values.end()) return it->second;
  }
  if (!options_.agent_name.empty() && folded == fold(options_.agent_name)) return Role::agent;
  if (!agent.empty() && folded == fold(agent)) return Role::agent;
  if (!customer.empty() && folded == fold(customer)) return Role::customer;
  Label label = split_label(value);
  if (options_.roles) {
    if (auto role = options_.roles->classify(label.role_word)) {
      name = std::string(label.name);
      return role;
    }
  }
  if (auto role = parse_role_word(folded)) {
    name.clear();
    return role;
  }
  return std::nullopt;
}

void infer_unknown_roles(Transcript& t) {
  bool has_agent = false, has_customer = false;
  std::set<std::string> unknown;
  for (const Turn& turn : t.turns) {
    if (turn.role_known) {
      has_agent |= turn.role == Role::agent;
      has_customer |= turn.role == Role::customer;
    } else {
      unknown.insert(turn.speaker);
    }
  }
  if (unknown.empty()) return;
  Role fill;
  if (has_agent && !has_customer) fill = Role::customer;
  else if (has_customer && !has_agent && unknown.size() == 1) fill = Role::agent;
  else return;
  for (Turn& turn : t.turns)
    if (!turn.role_known) turn.role = fill, turn.role_known = true;
}

std::string normalize_channel(std::string_view channel) {
  std::string c = fold(trim(channel));
  if (c == "voice" || c == "phone" || c == "telephone" || c == "call" || c == "calls") return "call";
  if (c == "e-mail" || c == "mail") return "email";
  if (c == "live chat" || c == "livechat" || c == "live-chat") return "live_chat";
  return c;
}

std::string normalize_lang(std::string_view lang) {
  std::string l = fold(trim(lang));
  std::size_t cut = l.find_first_of("-_");
  if (cut != std::string::npos) l.resize(cut);
  return l;
}

}  // namespace defuse
