// defuse_train EVAL OUT: trains the conduct model (src/model/conduct_model.h) for each language
// with a folder under EVAL/dev, and writes the models in the form the defuse program embeds.
// Run by the build, not by users.
//
// Examples: every agent turn of DEV/LANG's transcripts, positive for a label at the turn its
// rater marked (labels.yaml `turns`), negative for it at the agent's turns before that one
// (the rater marks the first), skipped for it at the turns after;
// and, as negatives for every label, the built-in lexicons' sentences of good conduct (the
// `match` examples of steps.yaml) and of look-alikes (the `no_match` examples of
// anti_patterns.yaml); and, as negatives for their own label only, the look-alikes of the
// tuning halves of the sentence probes (EVAL/sentences/LANG-fit*.tsv, EXPECT 0: "I don't want
// to argue" is no arguing). Without those, the model flags polite real conversations: it
// learns our writers' style as well as the conduct (docs/accuracy.md, "The conduct model"). The held-out
// halves (*-check*.tsv) and EVAL/test are never read, nor the dev transcripts listed in
// EVAL/model-validation.txt: the rounds kept to measure the model on writers it has not seen.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/transcript.h"
#include "core/write_file.h"
#include "eval/gold.h"
#include "lexicon/lexicon.h"
#include "model/conduct_model.h"
#include "model/training_examples.h"
#include "normalize/fold.h"
#include "read/inputs.h"

namespace {

using namespace defuse;

class Collect : public ReadSink {
 public:
  std::vector<Transcript> transcripts;
  Diagnostics errors;
  void transcript(Transcript&& t) override { transcripts.push_back(std::move(t)); }
  void error(Diagnostic&& d) override { errors.push_back(std::move(d)); }
};

// The IDs of EVAL/model-validation.txt, one a line ('#' starts a comment); none if it is absent.
std::set<std::string> read_validation_ids(const std::string& path) {
  std::set<std::string> ids;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    const auto begin = line.find_first_not_of(" \t\r"), end = line.find_last_not_of(" \t\r");
    if (begin != std::string::npos) ids.insert(line.substr(begin, end - begin + 1));
  }
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: defuse_train EVAL OUT\n");
    return 2;
  }
  const std::string eval = argv[1];
  Diagnostics errors;
  LexiconSet lexicons = load_lexicons("", true, errors);
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.format().c_str());
  if (!errors.empty()) return 1;

  const std::string validation_path = eval + "/model-validation.txt";
  const std::set<std::string> validation = read_validation_ids(validation_path);
  std::size_t validation_found = 0;
  std::vector<std::pair<std::string, ConductModel>> models;
  for (const auto& [lang, lexicon] : lexicons.languages) {
    const std::string folder = eval + "/dev/" + lang;
    if (!std::filesystem::is_directory(folder)) continue;
    GoldSet gold;
    load_gold(folder + "/labels.yaml", gold, errors);
    Collect sink;
    ReadOptions options;
    options.roles = &lexicons.roles;
    for (auto& item : expand_inputs({folder})) {
      if (item.error) {
        errors.push_back(*item.error);
        continue;
      }
      read_input(item.path, options, sink);
    }
    errors.insert(errors.end(), sink.errors.begin(), sink.errors.end());
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.format().c_str());
    if (!errors.empty()) return 1;

    std::vector<ModelExample> examples;
    std::array<int, kModelLabelCount> positives{};
    std::size_t trained_on = 0;
    for (const Transcript& t : sink.transcripts) {
      if (validation.count(t.id)) {
        ++validation_found;
        continue;
      }
      ++trained_on;
      auto it = gold.find(t.id);
      if (it == gold.end()) {
        std::fprintf(stderr, "defuse_train: %s: no labels for %s\n", t.source.c_str(), t.id.c_str());
        return 1;
      }
      add_transcript_examples(t, it->second, examples, positives);
    }
    const std::size_t from_transcripts = examples.size();
    for (const Rule& rule : lexicon.rules) {
      const std::vector<std::string>* sentences = nullptr;
      if (rule.file.ends_with("steps.yaml")) sentences = &rule.match_examples;
      if (rule.file.ends_with("anti_patterns.yaml")) sentences = &rule.no_match_examples;
      if (!sentences) continue;
      for (const auto& s : *sentences) examples.push_back({fold(s), {}, {}});
    }
    std::size_t lookalikes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(eval + "/sentences")) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with(lang + "-fit") || !name.ends_with(".tsv") || name.find("reactions") != std::string::npos)
        continue;  // reactions are the customer's words, not the agent's
      std::ifstream in(entry.path());
      for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
        if (tab1 == std::string::npos || tab2 == std::string::npos || line.substr(tab1 + 1, tab2 - tab1 - 1) != "0") continue;
        const std::string label = line.substr(0, tab1);
        for (std::size_t l = 0; l < kModelLabelCount; ++l) {
          if (kAntiPatternIds[static_cast<int>(kModelLabels[l])] != label) continue;
          ModelExample example{fold(line.substr(tab2 + 1)), {}, {}};
          example.skip.fill(true);
          example.skip[l] = false;
          examples.push_back(std::move(example));
          ++lookalikes;
        }
      }
    }
    ConductModel model = ConductModel::train(examples);
    std::fprintf(stderr,
                 "defuse_train: %s: %zu agent turns of %zu transcripts (%zu kept for validation), %zu lexicon "
                 "sentences, %zu look-alikes, %zu features; positives:",
                 lang.c_str(), from_transcripts, trained_on, sink.transcripts.size() - trained_on,
                 examples.size() - from_transcripts - lookalikes,
                 lookalikes, model.features());
    for (int p : positives) std::fprintf(stderr, " %d", p);
    std::fprintf(stderr, "\n");
    models.emplace_back(lang, std::move(model));
  }
  if (validation_found != validation.size()) {  // a typo would quietly train on the round
    std::fprintf(stderr, "%s: %zu of its %zu IDs name no transcript of EVAL/dev\n", validation_path.c_str(),
                 validation.size() - validation_found, validation.size());
    return 1;
  }
  std::vector<std::pair<std::string, const ConductModel*>> refs;
  for (const auto& [lang, model] : models) refs.emplace_back(lang, &model);
  const std::string blob = ConductModels::to_blob(refs);
  if (std::string error = write_file_atomically(argv[2], blob); !error.empty()) {
    std::fprintf(stderr, "defuse_train: %s\n", error.c_str());
    return 1;
  }
  return 0;
}
