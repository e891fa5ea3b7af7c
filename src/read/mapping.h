// The --mapping file, and the one place that decides a speaker's role from what an export
// carries: a role word, a name, a value of a role column.
//
// The mapping file (YAML; every key optional):
//
//   columns:              # CSV: which header holds which field (case-insensitive)
//     id: Ticket Number   #   id | timestamp | speaker | role | text | agent | customer | channel | lang
//     speaker: inbound
//     text: Message Body
//   roles:                # values of the speaker/role column -> agent | customer | other
//     "True": customer
//     "False": agent
//   speakers:             # speaker names (VTT, SRT, CSV, JSON, text labels) -> agent | customer | other
//     "Maria Lopez": agent
//     John: customer
//   separator: ";"        # CSV: "," ";" "\t" or "|" (default: detected from the header)
//   channel: chat         # channel of transcripts whose record names none
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/transcript.h"
#include "read/reader.h"

namespace defuse {

/// A parsed mapping file. Keys of `values` are folded (fold()) so lookups ignore case and
/// accents.
struct Mapping {
  std::string path;
  std::map<std::string, std::string, std::less<>> columns;  // field -> header as written
  std::map<std::string, Role, std::less<>> values;          // folded role value or name -> role
  char separator = 0;                                       // 0: detect
  std::string channel;
};

/// Parses mapping YAML; `path` is for messages. Every problem goes to `errors` (path:line);
/// the mapping is usable only when none was added. Never throws.
Mapping parse_mapping(std::string_view path, std::string_view yaml, Diagnostics& errors);

/// The mapping named by options.mapping_file, read and parsed once per process (thread-safe).
/// Null when no file is named, or when it is broken: then `errors` holds why.
const Mapping* mapping_for(const ReadOptions& options, Diagnostics& errors);

/// Decides roles from role words and names. Holds references: `options` and `mapping` must
/// outlive it. Not thread-safe: it remembers its last answers.
class RoleResolver {
 public:
  RoleResolver(const ReadOptions& options, const Mapping* mapping) : options_(options), mapping_(mapping) {}

  /// The role `value` names: the mapping's roles/speakers, then --agent-name, then
  /// `agent`/`customer` (the record's own names), then the role vocabulary on the value's
  /// first word ("Agent (Maria)"), then the literal words agent/customer/other.
  /// nullopt when nothing decides.
  std::optional<Role> classify(std::string_view value, std::string_view agent = {},
                               std::string_view customer = {}) const;

  /// Like classify, but says whether the value was a role word (then `name` is the rest of
  /// the label, "Agent (Maria)" -> "Maria"), or a name (then `name` is the whole value).
  std::optional<Role> classify_label(std::string_view value, std::string_view agent, std::string_view customer,
                                     std::string& name) const;

 private:
  const ReadOptions& options_;
  const Mapping* mapping_;

  // The same two or three speakers label every turn, and deciding folds the value and both
  // names (ICU for Cyrillic names): each distinct question is answered once.
  struct Answer {
    std::string value, agent, customer;
    std::optional<Role> role;
    std::string name;
  };
  static constexpr std::size_t kRemembered = 8;
  mutable std::vector<Answer> answers_;
  mutable std::size_t next_answer_ = 0;  // the slot replaced once all are taken
  std::optional<Role> decide(std::string_view value, std::string_view agent, std::string_view customer,
                             std::string& name) const;
};

/// Gives roles to turns whose speaker nothing identified (`role_known` false): when the agent
/// is known and no customer is, every other speaker is the customer; when the customer is
/// known and exactly one other speaker remains, that speaker is the agent. Other turns stay
/// Role::other with their role unknown.
void infer_unknown_roles(Transcript& t);

/// The mapping file's role words: "agent", "customer", "other" (any case); nullopt otherwise.
std::optional<Role> parse_role_word(std::string_view word);

/// Maps a channel as exports write it to defuse's: VOICE/phone/call -> call, CHAT -> chat,
/// EMAIL -> email; other values are folded and kept.
std::string normalize_channel(std::string_view channel);

/// "en-US" / "es_ES" / "RU" -> "en" / "es" / "ru"; "" stays "".
std::string normalize_lang(std::string_view lang);

}  // namespace defuse
