// Options shared by the subcommands, filled by CLI11 in app.cc.
#pragma once

#include <string>
#include <vector>

#include "read/reader.h"

namespace defuse {

struct CommonOptions {
  std::string lexicon_dir;
  bool no_builtin = false;
  bool no_cache = false;     // --no-cache: compile --lexicons every run
  bool no_spelling = false;  // --no-spelling: misspelt words stay unknown
  bool no_model = false;     // --no-model: the lexicons alone, without the conduct model
  std::string lang;
  int jobs = 0;              // 0: the number of cores
  bool quiet = false;
  bool no_redact = false;
  std::string input_format = "auto";
  std::string agent_name;
  std::string mapping_file;
  bool infer_roles = false;  // --infer-roles
  ReadLimits limits;
  std::string output;        // --output FILE: written atomically
};

struct ScoreCommand {
  CommonOptions common;
  std::vector<std::string> paths;
  std::string format;        // "" = table on a terminal, ndjson otherwise
  double fail_under = -1;
};

}  // namespace defuse
