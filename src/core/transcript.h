// The conversation model every reader produces and every later stage consumes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace defuse {

enum class Role : std::uint8_t { agent, customer, other };

std::string_view role_name(Role role);  // "agent", "customer", "other"

/// One turn. `text` views into the owning Transcript's storage (its buffer or pool), so a
/// Turn must not outlive its Transcript; moving the Transcript keeps the views valid.
struct Turn {
  Role role = Role::other;
  // False while nothing has decided which side the speaker is on ("Speaker 1", a name no
  // mapping knows); a known Role::other is a party we never score (bot, system).
  bool role_known = true;
  std::string speaker;                  // name from the label or the format ("Maria"), may be empty
  std::string_view text;                // original text, never normalized
  std::optional<std::int64_t> start_ms; // from the turn's timestamp or offset, if any
  std::optional<std::int64_t> end_ms;   // end offset where the format has one (calls)
  int line = 0;                         // 1-based line in the source (0 if not line-based)
};

/// One conversation as read from an input. Owns the bytes its turns view into.
struct Transcript {
  std::string id;          // front matter / record id; defaults to the file name
  std::string source;      // input path ("-" for stdin), plus ":line" for records of a stream
  std::string agent;       // agent's name; "unknown" when nothing names it
  std::string customer;
  std::string channel;     // call | chat | email | social | live_chat | "" (unknown)
  std::string lang;        // en | es | ru | "" (detect)
  std::string started_at;  // as written in the input; "" if absent
  int first_line = 1;      // line where the transcript starts in its source
  std::vector<std::pair<std::string, std::string>> metadata;  // other front-matter keys
  std::vector<Turn> turns;

  /// Stores `text` for the transcript's lifetime and returns a stable view of it.
  std::string_view keep(std::string text) {
    pool_.push_back(std::make_shared<const std::string>(std::move(text)));
    return *pool_.back();
  }
  /// Takes ownership of a whole input buffer that turns will view into.
  std::string_view adopt(std::shared_ptr<const std::string> buffer) {
    buffers_.push_back(std::move(buffer));
    return *buffers_.back();
  }
  /// The memory its kept and adopted strings hold (their capacities): what a transcript
  /// waiting in a queue costs.
  std::size_t held_bytes() const {
    std::size_t bytes = 0;
    for (const auto& s : pool_) bytes += s->capacity();
    for (const auto& s : buffers_) bytes += s->capacity();
    return bytes;
  }

 private:
  // Shared, heap-held strings: views into them survive moves and copies of the Transcript
  // (std::vector copies elements whose move may throw, so address stability under copy matters).
  std::vector<std::shared_ptr<const std::string>> pool_;
  std::vector<std::shared_ptr<const std::string>> buffers_;
};

}  // namespace defuse
