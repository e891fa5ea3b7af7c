#include "read/front_matter.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace defuse {
namespace {

constexpr std::size_t kMaxFrontMatterBytes = 64 * 1024;
constexpr int kMaxNesting = 32;

bool is_fence(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == "---";
}

// yaml-cpp recurses per nesting level and expands nothing itself, but a deeply nested
// document can still exhaust the stack: refuse it before parsing.
int nesting_depth(std::string_view yaml) {
  int depth = 0, max_depth = 0;
  for (char c : yaml) {
    if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
    else if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  int indent_levels = 0;
  std::size_t pos = 0;
  while (pos < yaml.size()) {
    std::size_t spaces = 0;
    while (pos + spaces < yaml.size() && yaml[pos + spaces] == ' ') ++spaces;
    indent_levels = std::max(indent_levels, static_cast<int>(spaces / 2));
    pos = yaml.find('\n', pos);
    if (pos == std::string_view::npos) break;
    ++pos;
  }
  return std::max(max_depth, indent_levels);
}

std::string scalar_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  if (node.IsSequence()) {
    std::string joined;
    int n = 0;
    for (const auto& item : node) {
      if (!item.IsScalar() || ++n > 100) break;
      if (!joined.empty()) joined += ", ";
      joined += item.Scalar();
    }
    return joined;
  }
  return {};
}

// Flat "key: value" front matter (what exports write) is parsed here without yaml-cpp,
// which costs more than scoring the transcript. Returns false when any line needs a real
// YAML parser (nesting, flow collections, anchors, block scalars, escapes).
bool parse_simple(std::string_view yaml, std::vector<std::pair<std::string, std::string>>& out) {
  std::size_t pos = 0;
  while (pos < yaml.size()) {
    std::size_t end = yaml.find('\n', pos);
    if (end == std::string_view::npos) end = yaml.size();
    std::string_view line = yaml.substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::size_t k = 0;
    auto key_char = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    };
    while (k < line.size() && key_char(line[k])) ++k;
    if (k == 0 || k >= line.size() || line[k] != ':') return false;
    std::string_view value = line.substr(k + 1);
    if (!value.empty() && value.front() != ' ' && value.front() != '\t') return false;
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    if (value.empty()) return false;  // a nested block follows, or a null
    char first = value.front();
    if (std::string_view("[{&*!|>%@`,?-").find(first) != std::string_view::npos) return false;
    if (value.find(" #") != std::string_view::npos || value.find(": ") != std::string_view::npos) return false;
    if (first == '"' || first == '\'') {
      if (value.size() < 2 || value.back() != first) return false;
      value = value.substr(1, value.size() - 2);
      if (value.find(first) != std::string_view::npos || value.find('\\') != std::string_view::npos) return false;
    }
    out.emplace_back(std::string(line.substr(0, k)), std::string(value));
  }
  return true;
}

void apply_key(Transcript& t, const std::string& key, std::string value) {
  if (key == "id") t.id = std::move(value);
  else if (key == "agent") t.agent = std::move(value);
  else if (key == "customer") t.customer = std::move(value);
  else if (key == "channel") t.channel = std::move(value);
  else if (key == "lang" || key == "language") t.lang = std::move(value);
  else if (key == "started_at" || key == "date") t.started_at = std::move(value);
  else t.metadata.emplace_back(key, std::move(value));
}

}  // namespace

bool parse_front_matter(std::string_view path, std::string_view text, Transcript& t,
                        std::size_t& body_offset, int& body_line, Diagnostic& error) {
  body_offset = 0;
  body_line = 1;
  std::size_t first_end = text.find('\n');
  if (first_end == std::string_view::npos || !is_fence(text.substr(0, first_end))) return true;
  std::size_t pos = first_end + 1;
  int line = 2;
  std::size_t yaml_begin = pos;
  for (;;) {
    if (pos >= text.size()) {
      error = {std::string(path), 1, "front matter has no closing '---' line"};
      return false;
    }
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (is_fence(text.substr(pos, end - pos))) {
      std::string_view yaml = text.substr(yaml_begin, pos - yaml_begin);
      body_offset = end < text.size() ? end + 1 : end;
      body_line = line + 1;
      if (yaml.size() > kMaxFrontMatterBytes) {
        error = {std::string(path), 2, fmt::format("front matter is larger than {} KiB", kMaxFrontMatterBytes / 1024)};
        return false;
      }
      if (nesting_depth(yaml) > kMaxNesting) {
        error = {std::string(path), 2, fmt::format("front matter is nested more than {} levels deep", kMaxNesting)};
        return false;
      }
      std::vector<std::pair<std::string, std::string>> simple;
      if (parse_simple(yaml, simple)) {
        for (auto& [key, value] : simple) apply_key(t, key, std::move(value));
        return true;
      }
      YAML::Node root;
      try {
        root = YAML::Load(std::string(yaml));
      } catch (const YAML::Exception& e) {
        int at = e.mark.line >= 0 ? e.mark.line + 2 : 1;
        error = {std::string(path), at, "malformed front matter: " + e.msg};
        return false;
      }
      if (root.IsNull()) return true;
      if (!root.IsMap()) {
        error = {std::string(path), 2, "front matter must be a YAML map of 'key: value' lines"};
        return false;
      }
      for (const auto& entry : root) {
        if (!entry.first.IsScalar()) continue;
        apply_key(t, entry.first.Scalar(), scalar_text(entry.second));
      }
      return true;
    }
    pos = end + 1;
    ++line;
  }
}

}  // namespace defuse
