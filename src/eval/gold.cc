#include "eval/gold.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "core/ids.h"

namespace defuse {
namespace {

namespace fs = std::filesystem;

bool known_label(const std::string& id) {
  auto in = [&](const auto& ids) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  return in(kStepIds) || in(kAntiPatternIds) || in(kSignalIds);
}

void load_file(const std::string& path, GoldSet& gold, Diagnostics& errors) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    errors.push_back({path, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg});
    return;
  }
  if (root.IsNull()) return;
  if (!root.IsMap()) {
    errors.push_back({path, 1, "labels must be a map of transcript id -> labels"});
    return;
  }
  for (const auto& entry : root) {
    std::string id = entry.first.Scalar();
    int line = entry.first.Mark().line + 1;
    const YAML::Node& body = entry.second;
    if (!body.IsMap()) {
      errors.push_back({path, line, fmt::format("labels of '{}' must be a map (steps, anti_patterns, customer)", id)});
      continue;
    }
    GoldLabels labels;
    labels.file = path;
    labels.line = line;
    for (const char* key : {"steps", "anti_patterns", "customer"}) {
      const YAML::Node list = body[key];
      if (!list.IsDefined() || list.IsNull()) continue;
      if (!list.IsSequence()) {
        errors.push_back({path, list.Mark().line + 1, fmt::format("'{}' must be a list", key)});
        continue;
      }
      for (const auto& item : list) {
        std::string label = item.Scalar();
        if (!known_label(label)) errors.push_back({path, item.Mark().line + 1, fmt::format("unknown label '{}'", label)});
        else labels.labels.insert(label);
      }
    }
    // yaml-cpp throws on type queries of a missing key: test IsDefined() first.
    const YAML::Node turns = body["turns"];
    if (turns.IsDefined() && turns.IsMap()) {
      for (const auto& t : turns) {
        try {
          const YAML::Node& v = t.second;
          labels.turns[t.first.Scalar()] = v.IsSequence() ? v[0].as<int>() : v.as<int>();
        } catch (const YAML::Exception&) {
          errors.push_back({path, t.first.Mark().line + 1, "a turn must be a number"});
        }
      }
    }
    const YAML::Node note = body["note"];
    if (note.IsDefined() && note.IsScalar()) labels.note = note.Scalar();
    if (gold.count(id)) errors.push_back({path, line, fmt::format("transcript '{}' is labelled twice", id)});
    gold[id] = std::move(labels);
  }
}

}  // namespace

void load_gold(const std::string& path, GoldSet& gold, Diagnostics& errors) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->path().filename() == "labels.yaml") files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    if (files.empty()) errors.push_back({path, 0, "no labels.yaml under this directory"});
    for (const auto& f : files) load_file(f, gold, errors);
    return;
  }
  if (!fs::exists(path, ec)) {
    errors.push_back({path, 0, "no such file or directory"});
    return;
  }
  load_file(path, gold, errors);
}

}  // namespace defuse
