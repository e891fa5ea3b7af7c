#include "lexicon/lexicon.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/blob.h"
#include "lexicon/embedded.h"
#include "normalize/fold.h"

namespace defuse {
namespace {

namespace fs = std::filesystem;

// Every YAML read goes through this context, which turns problems into diagnostics.
struct FileContext {
  const LexiconFile& file;
  Diagnostics& errors;

  void error(const YAML::Node& node, std::string message) const {
    int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    errors.push_back({file.display, line, std::move(message)});
  }
  int line_of(const YAML::Node& node) const {
    return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
  }
  bool string_value(const YAML::Node& node, std::string_view what, std::string& out) const {
    if (!node.IsScalar()) {
      error(node, fmt::format("{} must be a string", what));
      return false;
    }
    out = node.Scalar();
    return true;
  }
  // A scalar or a list of scalars; each item with its line.
  std::vector<Rule::Pattern> string_list(const YAML::Node& node, std::string_view what) const {
    std::vector<Rule::Pattern> items;
    if (!node.IsDefined() || node.IsNull()) return items;
    if (node.IsScalar()) {
      items.push_back({node.Scalar(), line_of(node)});
      return items;
    }
    if (!node.IsSequence()) {
      error(node, fmt::format("{} must be a list of strings", what));
      return items;
    }
    for (const auto& item : node) {
      if (!item.IsScalar()) {
        error(item, fmt::format("{} must hold strings only", what));
        continue;
      }
      items.push_back({item.Scalar(), line_of(item)});
    }
    return items;
  }
};

std::string file_name(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Bounds of scoring.yaml's numbers: weights and thresholds, and counts (turns, repeats).
constexpr double kMaxScoringNumber = 1e9;
constexpr int kMaxScoringCount = 1000000;

const std::vector<std::string_view> kRuleKeys = {
    "id", "name", "speaker", "position", "negation", "question", "bare_question", "quoted",
    "unless", "unless_scope", "after_answer", "reaction", "patterns", "examples", "rules", "note", "description"};

// A key written twice in one map: yaml-cpp keeps both and a look-up sees only the first, so
// the second (often a rule's `examples` or `unless` pasted under the wrong rule) would be
// ignored without a word.
void check_duplicate_keys(const FileContext& ctx, const YAML::Node& map) {
  std::vector<std::pair<std::string, int>> seen;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) continue;
    const std::string key = entry.first.Scalar();
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& k) { return k.first == key; });
    if (it != seen.end())
      ctx.error(entry.first, fmt::format("duplicate key '{}' (first at line {}): only the first is read", key, it->second));
    else
      seen.emplace_back(key, ctx.line_of(entry.first));
  }
}

// Applies the fields present in `node` to `rule` (used for groups, then for rules).
void apply_rule_fields(const FileContext& ctx, const YAML::Node& node, Rule& rule, bool is_group) {
  check_duplicate_keys(ctx, node);
  for (const auto& entry : node) {
    std::string key = entry.first.Scalar();
    if (std::find(kRuleKeys.begin(), kRuleKeys.end(), key) == kRuleKeys.end())
      ctx.error(entry.first, fmt::format("unknown key '{}' in a {}", key, is_group ? "group" : "rule"));
  }
  auto choice = [&](const char* key, std::initializer_list<std::string_view> allowed, auto apply) {
    YAML::Node value = node[key];
    if (!value.IsDefined()) return;
    std::string text;
    if (!ctx.string_value(value, key, text)) return;
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      ctx.error(value, fmt::format("{} must be one of {}, not '{}'", key, list, text));
      return;
    }
    apply(text);
  };
  if (node["id"].IsDefined()) {
    std::string id;
    if (ctx.string_value(node["id"], "id", id)) {
      auto ref = find_rule_id(id);
      if (!ref) {
        ctx.error(node["id"], fmt::format("unknown ID '{}' (not a step, lexical anti-pattern or customer signal of CYCLE.md)", id));
      } else {
        rule.id = id;
        rule.ref = *ref;
        bool customer_side = ref->kind == IdKind::signal || ref->kind == IdKind::auxiliary;
        rule.speaker = customer_side ? SpeakerFilter::customer : SpeakerFilter::agent;
      }
    }
  }
  choice("speaker", {"agent", "customer", "any"}, [&](const std::string& v) {
    rule.speaker = v == "agent" ? SpeakerFilter::agent : v == "customer" ? SpeakerFilter::customer : SpeakerFilter::any;
  });
  choice("position", {"any", "start", "end", "late", "first", "replied"}, [&](const std::string& v) {
    rule.position = v == "start" ? PositionFilter::start
                    : v == "end" ? PositionFilter::end
                    : v == "late" ? PositionFilter::late
                    : v == "first" ? PositionFilter::first
                    : v == "replied" ? PositionFilter::replied
                                  : PositionFilter::any;
  });
  choice("negation", {"cancel", "ignore"}, [&](const std::string& v) { rule.negation_cancels = v == "cancel"; });
  choice("question", {"any", "yes", "no"}, [&](const std::string& v) {
    rule.question = v == "yes" ? QuestionFilter::yes : v == "no" ? QuestionFilter::no : QuestionFilter::any;
  });
  choice("bare_question", {"allow", "cancel"}, [&](const std::string& v) { rule.bare_question_cancels = v == "cancel"; });
  choice("quoted", {"allow", "cancel"}, [&](const std::string& v) { rule.quoted_cancels = v == "cancel"; });
  choice("unless_scope", {"sentence", "turn"}, [&](const std::string& v) { rule.unless_in_turn = v == "turn"; });
  choice("after_answer", {"allow", "cancel"}, [&](const std::string& v) { rule.after_answer_cancels = v == "cancel"; });
  choice("reaction", {"true", "false"}, [&](const std::string& v) { rule.reaction = v == "true"; });
  // A reaction is said by the customer (the `id` above made the agent the default), and its
  // words are pushback: a negator is part of it ("I'm not lying") and a quote echoes the
  // agent ("'it's in the terms you signed' - great"), so neither cancels unless asked to.
  if (rule.reaction && !node["speaker"].IsDefined()) rule.speaker = SpeakerFilter::customer;
  if (rule.reaction && !node["negation"].IsDefined()) rule.negation_cancels = false;
  if (rule.reaction && !node["quoted"].IsDefined()) rule.quoted_cancels = false;
  if (node["name"].IsDefined()) ctx.string_value(node["name"], "name", rule.name);
  if (node["unless"].IsDefined()) {
    auto more = ctx.string_list(node["unless"], "unless");
    rule.unless.insert(rule.unless.end(), more.begin(), more.end());
  }
  if (!is_group) {
    rule.patterns = ctx.string_list(node["patterns"], "patterns");
    YAML::Node examples = node["examples"];
    if (examples.IsDefined()) {
      if (!examples.IsMap()) {
        ctx.error(examples, "examples must be a map with 'match' and 'no_match' lists");
      } else {
        check_duplicate_keys(ctx, examples);
        for (const auto& entry : examples) {
          std::string key = entry.first.Scalar();
          if (key != "match" && key != "no_match")
            ctx.error(entry.first, fmt::format("unknown key '{}' in examples (match, no_match)", key));
        }
        for (auto& e : ctx.string_list(examples["match"], "examples.match")) rule.match_examples.push_back(e.text);
        for (auto& e : ctx.string_list(examples["no_match"], "examples.no_match")) rule.no_match_examples.push_back(e.text);
      }
    }
  }
}

void add_rule(LanguageLexicon& lang, Rule rule, const FileContext& ctx, const YAML::Node& node) {
  if (rule.id.empty()) {
    if (!node["id"].IsDefined()) ctx.error(node, "rule has no id");
    return;
  }
  if (rule.patterns.empty()) {
    ctx.error(node, fmt::format("rule '{}' has no patterns", rule.name.empty() ? rule.id : rule.name));
    return;
  }
  if (rule.reaction && (rule.ref.kind != IdKind::anti_pattern || rule.speaker != SpeakerFilter::customer)) {
    ctx.error(node, fmt::format("rule '{}': a reaction is the customer's answer to an agent-side anti-pattern "
                                "(id: an anti-pattern, speaker: customer)",
                                rule.name.empty() ? rule.id : rule.name));
    return;
  }
  for (const auto& p : rule.patterns) {
    if (p.text.find_first_not_of(" \t") == std::string::npos)
      ctx.errors.push_back({ctx.file.display, p.line, "empty pattern"});
  }
  if (rule.name.empty()) rule.name = fmt::format("{}:{}", file_name(ctx.file.path), rule.line);
  auto same = std::find_if(lang.rules.begin(), lang.rules.end(),
                           [&](const Rule& r) { return r.name == rule.name; });
  if (same != lang.rules.end()) {
    if (same->file == rule.file) {
      ctx.error(node, fmt::format("duplicate rule name '{}' (first at line {})", rule.name, same->line));
      return;
    }
    *same = std::move(rule);  // a team's rule replaces the built-in one of the same name
    return;
  }
  lang.rules.push_back(std::move(rule));
}

void load_rules_file(const FileContext& ctx, const YAML::Node& root, LanguageLexicon& lang) {
  if (!root.IsMap()) {
    ctx.error(root, "a rule file must be a map with a 'rules' or 'groups' list");
    return;
  }
  check_duplicate_keys(ctx, root);  // a second `groups:` would drop the first block's rules
  for (const auto& entry : root) {
    std::string key = entry.first.Scalar();
    if (key != "rules" && key != "groups" && key != "lang" && key != "description")
      ctx.error(entry.first, fmt::format("unknown top-level key '{}' (rules, groups)", key));
  }
  auto load_list = [&](const YAML::Node& list, const Rule& base) {
    if (!list.IsDefined()) return;
    if (!list.IsSequence()) {
      ctx.error(list, "'rules' must be a list");
      return;
    }
    for (const auto& node : list) {
      if (!node.IsMap()) {
        ctx.error(node, "a rule must be a map");
        continue;
      }
      Rule rule = base;
      rule.line = ctx.line_of(node);
      apply_rule_fields(ctx, node, rule, false);
      add_rule(lang, std::move(rule), ctx, node);
    }
  };
  Rule base;
  base.lang = lang.lang;
  base.file = ctx.file.display;
  load_list(root["rules"], base);
  YAML::Node groups = root["groups"];
  if (groups.IsDefined()) {
    if (!groups.IsSequence()) {
      ctx.error(groups, "'groups' must be a list");
      return;
    }
    for (const auto& group : groups) {
      if (!group.IsMap()) {
        ctx.error(group, "a group must be a map");
        continue;
      }
      Rule group_base = base;
      apply_rule_fields(ctx, group, group_base, true);
      if (!group["rules"].IsDefined()) ctx.error(group, "group has no 'rules' list");
      load_list(group["rules"], group_base);
    }
  }
}

void load_language_file(const FileContext& ctx, const YAML::Node& root, LanguageLexicon& lang) {
  if (!root.IsMap()) {
    ctx.error(root, "language.yaml must be a map");
    return;
  }
  for (const auto& entry : root) {
    std::string key = entry.first.Scalar();
    auto words = [&] {
      std::vector<std::string> out;
      for (auto& p : ctx.string_list(entry.second, key)) out.push_back(p.text);
      return out;
    };
    if (key == "stemmer") ctx.string_value(entry.second, "stemmer", lang.stemmer);
    else if (key == "spelling") ctx.string_value(entry.second, "spelling", lang.spelling);
    else if (key == "negators") lang.negators = words();
    else if (key == "negation_passes") lang.negation_passes = words();
    else if (key == "fillers") lang.fillers = words();
    else if (key == "detect") lang.detect = words();
    else if (key == "model_threshold") {
      double value = 0;  // out of bounds, as is NaN, unless a number in bounds is read
      try {
        value = entry.second.as<double>();
      } catch (const YAML::Exception&) {
      }
      if (value >= kMinModelThreshold && value <= kMaxModelThreshold) lang.model_threshold = static_cast<float>(value);
      else ctx.error(entry.second, fmt::format("model_threshold must be a number from {} to {}", kMinModelThreshold, kMaxModelThreshold));
    }
    else if (key == "lang" || key == "name" || key == "description") {}
    else ctx.error(entry.first, fmt::format("unknown key '{}' in language.yaml (stemmer, spelling, negators, negation_passes, fillers, detect, model_threshold)", key));
  }
}

void load_roles_file(const FileContext& ctx, const YAML::Node& root, RoleVocabulary& roles) {
  if (!root.IsMap()) {
    ctx.error(root, "roles.yaml must be a map with 'agent' and 'customer' lists");
    return;
  }
  for (const auto& entry : root) {
    std::string key = entry.first.Scalar();
    if (key == "voice") {
      for (auto& word : ctx.string_list(entry.second, key)) roles.add_voice(word.text);
      continue;
    }
    Role role;
    if (key == "agent") role = Role::agent;
    else if (key == "customer") role = Role::customer;
    else if (key == "other") role = Role::other;
    else {
      ctx.error(entry.first, fmt::format("unknown role '{}' (agent, customer, other, voice)", key));
      continue;
    }
    for (auto& word : ctx.string_list(entry.second, key)) roles.add(role, word.text);
  }
}

// Whether anti-pattern `a` reaches itself through yields_to.
bool yields_in_cycle(const std::array<std::uint32_t, kAntiPatternCount>& yields_to, int a) {
  std::uint32_t reached = yields_to[a], seen = 0;
  while (reached & ~seen) {
    int b = std::countr_zero(reached & ~seen);
    seen |= 1u << b;
    reached |= yields_to[b];
  }
  return reached >> a & 1;
}

void load_scoring_file(const FileContext& ctx, const YAML::Node& root, ScoringConfig& scoring) {
  if (!root.IsMap()) {
    ctx.error(root, "scoring.yaml must be a map");
    return;
  }
  auto number = [&](const YAML::Node& node, double& out) {
    try {
      out = node.as<double>();
      if (out < 0) ctx.error(node, "must not be negative");
      else if (!(out <= kMaxScoringNumber)) ctx.error(node, fmt::format("must be a number up to {}", kMaxScoringNumber));
    } catch (const YAML::Exception&) {
      ctx.error(node, "must be a number");
    }
  };
  auto integer = [&](const YAML::Node& node, int& out) {
    try {
      out = node.as<int>();
      if (out < 0) ctx.error(node, "must not be negative");
      else if (out > kMaxScoringCount) ctx.error(node, fmt::format("must be at most {}", kMaxScoringCount));
    } catch (const YAML::Exception&) {
      ctx.error(node, "must be a whole number");
    }
  };
  std::vector<std::pair<int, YAML::Node>> yield_nodes;  // the anti-patterns `yields` set here
  for (const auto& entry : root) {
    std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    if (key == "steps" && value.IsMap()) {
      for (const auto& w : value) {
        auto ref = find_rule_id(w.first.Scalar());
        if (!ref || ref->kind != IdKind::step) ctx.error(w.first, fmt::format("unknown step '{}'", w.first.Scalar()));
        else number(w.second, scoring.step_weight[ref->index]);
      }
    } else if (key == "anti_patterns" && value.IsMap()) {
      for (const auto& w : value) {
        auto it = std::find(kAntiPatternIds.begin(), kAntiPatternIds.end(), w.first.Scalar());
        if (it == kAntiPatternIds.end()) ctx.error(w.first, fmt::format("unknown anti-pattern '{}'", w.first.Scalar()));
        else number(w.second, scoring.anti_pattern_penalty[it - kAntiPatternIds.begin()]);
      }
    } else if (key == "max_repeats") {
      integer(value, scoring.max_repeats);
    } else if (key == "order_violation") {
      number(value, scoring.order_penalty);
    } else if (key == "position" && value.IsMap()) {
      for (const auto& p : value) {
        if (p.first.Scalar() == "start_agent_turns") integer(p.second, scoring.start_agent_turns);
        else if (p.first.Scalar() == "end_agent_turns") integer(p.second, scoring.end_agent_turns);
        else ctx.error(p.first, fmt::format("unknown key '{}' in position (start_agent_turns, end_agent_turns)", p.first.Scalar()));
      }
    } else if (key == "yields" && value.IsMap()) {
      // Lexical anti-patterns only: slow_response and no_closure are found after the words.
      auto lexical = [&](const YAML::Node& node) -> int {
        auto last = kAntiPatternIds.begin() + kLexicalAntiPatternCount;
        auto it = node.IsScalar() ? std::find(kAntiPatternIds.begin(), last, node.Scalar()) : last;
        if (it != last) return static_cast<int>(it - kAntiPatternIds.begin());
        ctx.error(node, fmt::format("yields: '{}' is not a lexical anti-pattern", node.IsScalar() ? node.Scalar() : ""));
        return -1;
      };
      for (const auto& y : value) {
        int a = lexical(y.first);
        if (a < 0) continue;
        if (!y.second.IsNull() && !y.second.IsSequence()) {
          ctx.error(y.second, "yields: each anti-pattern takes a list of the anti-patterns it yields to");
          continue;
        }
        std::uint32_t mask = 0;
        for (const auto& other : y.second) {
          int b = lexical(other);
          if (b == a) ctx.error(other, fmt::format("yields: {} cannot yield to itself", kAntiPatternIds[a]));
          else if (b >= 0) mask |= 1u << b;
        }
        scoring.yields_to[a] = mask;
        yield_nodes.emplace_back(a, y.first);
      }
    } else if (key == "slow_response_seconds" && value.IsMap()) {
      for (const auto& p : value) number(p.second, scoring.slow_response_s[p.first.Scalar()]);
    } else if (key == "description") {
    } else {
      ctx.error(entry.first, fmt::format("unknown or malformed key '{}' in scoring.yaml", key));
    }
  }
  // In a cycle (a yields to b, b to a) each would vanish from a turn that has them all.
  for (const auto& [a, node] : yield_nodes)
    if (yields_in_cycle(scoring.yields_to, a))
      ctx.error(node, fmt::format("yields: {} is in a cycle (it yields, through the others, to itself): "
                                  "none of the cycle would be counted where all are found",
                                  kAntiPatternIds[a]));
}

// "en/steps.yaml" -> "en"; "roles.yaml" -> "".
std::string language_of(std::string_view path) {
  auto slash = path.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

}  // namespace

void RoleVocabulary::add(Role role, std::string_view word) { words_[fold(word)] = role; }

void RoleVocabulary::add_voice(std::string_view word) { voices_.insert(fold(word)); }

bool RoleVocabulary::names_voice(std::string_view word) const {
  return !voices_.empty() && voices_.count(fold(word)) > 0;
}

std::optional<Role> RoleVocabulary::classify(std::string_view word) const {
  auto it = words_.find(fold(word));
  if (it == words_.end()) return std::nullopt;
  return it->second;
}

double ScoringConfig::slow_threshold(std::string_view channel) const {
  auto it = slow_response_s.find(channel);
  if (it == slow_response_s.end()) it = slow_response_s.find("default");
  return it == slow_response_s.end() ? 0 : it->second;
}

const LanguageLexicon* LexiconSet::find(std::string_view lang) const {
  auto it = languages.find(lang);
  return it == languages.end() ? nullptr : &it->second;
}

LexiconSet load_lexicon_files(const std::vector<LexiconFile>& files, Diagnostics& errors) {
  LexiconSet set;
  for (const auto& file : files) {
    FileContext ctx{file, errors};
    YAML::Node root;
    try {
      root = YAML::Load(file.text);
    } catch (const YAML::DeepRecursion& e) {  // yaml-cpp says only "bad file"
      errors.push_back({file.display, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                        fmt::format("nested more than {} levels deep", e.depth())});
      continue;
    } catch (const YAML::ParserException& e) {
      errors.push_back({file.display, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg});
      continue;
    } catch (const YAML::Exception& e) {
      errors.push_back({file.display, 0, e.what()});
      continue;
    }
    if (root.IsNull()) continue;  // an empty file is allowed
    std::string base = file_name(file.path);
    std::string lang = language_of(file.path);
    try {
      if (lang.empty()) {
        if (base == "roles.yaml") load_roles_file(ctx, root, set.roles);
        else if (base == "scoring.yaml") load_scoring_file(ctx, root, set.scoring);
        else errors.push_back({file.display, 0, "unknown top-level lexicon file (roles.yaml, scoring.yaml, or <lang>/*.yaml)"});
        continue;
      }
      LanguageLexicon& language = set.languages[lang];
      language.lang = lang;
      if (base == "language.yaml") load_language_file(ctx, root, language);
      else load_rules_file(ctx, root, language);
    } catch (const YAML::Exception& e) {
      errors.push_back({file.display, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.what()});
    }
  }
  if (set.roles.empty()) errors.push_back({"roles.yaml", 0, "no speaker roles defined"});
  return set;
}

std::vector<LexiconFile> builtin_lexicon_files() {
  std::vector<LexiconFile> files;
  for (const auto& f : embedded_lexicon_files())
    files.push_back({std::string(f.path), "<built-in>/" + std::string(f.path), std::string(f.text)});
  return files;
}

std::vector<LexiconFile> read_lexicon_dir(const std::string& dir, Diagnostics& errors) {
  std::vector<LexiconFile> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors.push_back({dir, 0, "not a lexicon directory"});
    return files;
  }
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".yaml") paths.push_back(it->path());
  }
  if (ec) errors.push_back({dir, 0, ec.message()});
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      errors.push_back({path.string(), 0, "cannot read lexicon file"});
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back({fs::relative(path, dir).generic_string(), path.string(), text.str()});
  }
  return files;
}

LexiconSet load_lexicons(const std::string& dir, bool builtin, Diagnostics& errors) {
  std::vector<LexiconFile> files;
  if (builtin) files = builtin_lexicon_files();
  if (!dir.empty()) {
    auto more = read_lexicon_dir(dir, errors);
    files.insert(files.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return load_lexicon_files(files, errors);
}

namespace {

void write_patterns(const std::vector<Rule::Pattern>& patterns, BlobWriter& out) {
  out.pod<std::uint32_t>(static_cast<std::uint32_t>(patterns.size()));
  for (const auto& p : patterns) {
    out.string(p.text);
    out.pod<std::int32_t>(p.line);
  }
}

void read_patterns(BlobReader& in, std::vector<Rule::Pattern>& patterns) {
  patterns.resize(in.count());
  for (auto& p : patterns) {
    p.text = in.string();
    p.line = in.pod<std::int32_t>();
  }
}

}  // namespace

void write_lexicon_set(const LexiconSet& set, BlobWriter& out) {
  out.pod<std::uint32_t>(static_cast<std::uint32_t>(set.languages.size()));
  for (const auto& [lang, language] : set.languages) {
    out.string(language.lang);
    out.string(language.stemmer);
    out.string(language.spelling);
    out.strings(language.negators);
    out.strings(language.negation_passes);
    out.strings(language.fillers);
    out.strings(language.detect);
    out.pod<float>(language.model_threshold);
    out.pod<std::uint32_t>(static_cast<std::uint32_t>(language.rules.size()));
    for (const Rule& r : language.rules) {
      out.string(r.id);
      out.enumeration(r.ref.kind);
      out.pod<std::int32_t>(r.ref.index);
      out.string(r.name);
      out.string(r.lang);
      out.string(r.file);
      out.pod<std::int32_t>(r.line);
      out.enumeration(r.speaker);
      out.enumeration(r.position);
      out.boolean(r.negation_cancels);
      out.enumeration(r.question);
      out.boolean(r.bare_question_cancels);
      out.boolean(r.quoted_cancels);
      out.boolean(r.unless_in_turn);
      out.boolean(r.after_answer_cancels);
      out.boolean(r.reaction);
      write_patterns(r.patterns, out);
      write_patterns(r.unless, out);
      out.strings(r.match_examples);
      out.strings(r.no_match_examples);
    }
  }
  out.pod<std::uint32_t>(static_cast<std::uint32_t>(set.roles.words().size()));
  for (const auto& [word, role] : set.roles.words()) {
    out.string(word);
    out.enumeration(role);
  }
  out.pod<std::uint32_t>(static_cast<std::uint32_t>(set.roles.voices().size()));
  for (const auto& word : set.roles.voices()) out.string(word);
  const ScoringConfig& s = set.scoring;
  out.pod(s.step_weight);
  out.pod(s.anti_pattern_penalty);
  out.pod<std::int32_t>(s.max_repeats);
  out.pod(s.order_penalty);
  out.pod<std::int32_t>(s.start_agent_turns);
  out.pod<std::int32_t>(s.end_agent_turns);
  out.pod(s.yields_to);
  out.pod<std::uint32_t>(static_cast<std::uint32_t>(s.slow_response_s.size()));
  for (const auto& [channel, seconds] : s.slow_response_s) {
    out.string(channel);
    out.pod(seconds);
  }
}

bool read_lexicon_set(BlobReader& in, LexiconSet& set) {
  for (std::uint32_t n = in.count(); n > 0 && in.ok(); --n) {
    std::string lang = in.string();
    LanguageLexicon& language = set.languages[lang];
    language.lang = lang;
    language.stemmer = in.string();
    language.spelling = in.string();
    in.strings(language.negators);
    in.strings(language.negation_passes);
    in.strings(language.fillers);
    in.strings(language.detect);
    language.model_threshold = in.pod<float>();
    // As the YAML loader would have accepted it (false for NaN too).
    if (!(language.model_threshold >= kMinModelThreshold && language.model_threshold <= kMaxModelThreshold)) return false;
    language.rules.resize(in.count());
    for (Rule& r : language.rules) {
      r.id = in.string();
      r.ref.kind = in.enumeration<IdKind>(4);
      r.ref.index = in.pod<std::int32_t>();
      // The ID is looked up again: a damaged blob must not index outside the ID tables.
      auto ref = find_rule_id(r.id);
      if (!ref || ref->kind != r.ref.kind || ref->index != r.ref.index) return false;
      r.name = in.string();
      r.lang = in.string();
      r.file = in.string();
      r.line = in.pod<std::int32_t>();
      r.speaker = in.enumeration<SpeakerFilter>(3);
      r.position = in.enumeration<PositionFilter>(6);
      r.negation_cancels = in.boolean();
      r.question = in.enumeration<QuestionFilter>(3);
      r.bare_question_cancels = in.boolean();
      r.quoted_cancels = in.boolean();
      r.unless_in_turn = in.boolean();
      r.after_answer_cancels = in.boolean();
      r.reaction = in.boolean();
      read_patterns(in, r.patterns);
      read_patterns(in, r.unless);
      in.strings(r.match_examples);
      in.strings(r.no_match_examples);
    }
  }
  for (std::uint32_t n = in.count(); n > 0 && in.ok(); --n) {
    std::string word = in.string();
    set.roles.add(in.enumeration<Role>(3), word);
  }
  for (std::uint32_t n = in.count(); n > 0 && in.ok(); --n) set.roles.add_voice(in.string());
  ScoringConfig& s = set.scoring;
  s.step_weight = in.pod<decltype(s.step_weight)>();
  s.anti_pattern_penalty = in.pod<decltype(s.anti_pattern_penalty)>();
  s.max_repeats = in.pod<std::int32_t>();
  s.order_penalty = in.pod<double>();
  s.start_agent_turns = in.pod<std::int32_t>();
  s.end_agent_turns = in.pod<std::int32_t>();
  s.yields_to = in.pod<decltype(s.yields_to)>();
  s.slow_response_s.clear();
  for (std::uint32_t n = in.count(); n > 0 && in.ok(); --n) {
    std::string channel = in.string();
    s.slow_response_s[channel] = in.pod<double>();
  }
  // Numbers the scorer computes with must be numbers the YAML loader would have accepted.
  auto sane = [](double v) { return v >= 0 && v <= kMaxScoringNumber; };  // false for NaN
  auto count = [](int v) { return v >= 0 && v <= kMaxScoringCount; };
  bool numbers_ok = std::all_of(s.step_weight.begin(), s.step_weight.end(), sane) &&
                    std::all_of(s.anti_pattern_penalty.begin(), s.anti_pattern_penalty.end(), sane) &&
                    sane(s.order_penalty) && count(s.max_repeats) && count(s.start_agent_turns) &&
                    count(s.end_agent_turns) &&
                    std::all_of(s.yields_to.begin(), s.yields_to.end(),
                                [](std::uint32_t m) { return m < (1u << kLexicalAntiPatternCount); }) &&
                    std::all_of(s.slow_response_s.begin(), s.slow_response_s.end(),
                                [&](const auto& entry) { return sane(entry.second); });
  return in.ok() && numbers_ok;
}

}  // namespace defuse
