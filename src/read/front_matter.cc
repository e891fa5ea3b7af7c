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
        const std::string& key = entry.first.Scalar();
        std::string value = scalar_text(entry.second);
        if (key == "id") t.id = value;
        else if (key == "agent") t.agent = value;
        else if (key == "customer") t.customer = value;
        else if (key == "channel") t.channel = value;
        else if (key == "lang" || key == "language") t.lang = value;
        else if (key == "started_at" || key == "date") t.started_at = value;
        else t.metadata.emplace_back(key, value);
      }
      return true;
    }
    pos = end + 1;
    ++line;
  }
}

}  // namespace defuse
