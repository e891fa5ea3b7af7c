#include "read/mapping.h"

#include <doctest/doctest.h>

#include "read/reader_test_util.h"

namespace defuse {

TEST_CASE("a mapping file: columns, role values, speakers, separator, channel") {
  Diagnostics errors;
  Mapping m = parse_mapping("map.yaml",
                            "columns:\n  id: Ticket Number\n  text: Message Body\n"
                            "roles:\n  \"True\": customer\n  \"False\": agent\n"
                            "speakers:\n  \"María López\": agent\n  John: customer\n"
                            "separator: \"\\t\"\nchannel: Phone\n",
                            errors);
  REQUIRE(errors.empty());
  CHECK(m.columns.at("id") == "Ticket Number");
  CHECK(m.columns.at("text") == "Message Body");
  CHECK(m.values.at("true") == Role::customer);
  CHECK(m.values.at("maria lopez") == Role::agent);  // folded: case and accents ignored
  CHECK(m.separator == '\t');
  CHECK(m.channel == "call");
}

TEST_CASE("mapping file errors point at the line") {
  auto first_error = [](const std::string& yaml) {
    Diagnostics errors;
    parse_mapping("map.yaml", yaml, errors);
    return errors.empty() ? std::string() : errors[0].format();
  };
  CHECK(first_error("colums:\n  id: x\n") ==
        "map.yaml:1: unknown key 'colums' (expected columns, roles, speakers, separator, channel)");
  CHECK(first_error("columns:\n  ticket: x\n") ==
        "map.yaml:2: unknown column field 'ticket' (expected one of: id, timestamp, speaker, role, text, agent, "
        "customer, channel, lang)");
  CHECK(first_error("speakers:\n  Ann: boss\n") == "map.yaml:2: 'boss' is not a role (expected agent, customer or other)");
  CHECK(first_error("separator: \"::\"\n") == "map.yaml:1: separator must be one of \",\" \";\" \"\\t\" \"|\"");
  CHECK(first_error("columns: [a\n").starts_with("map.yaml:2: malformed YAML"));
  CHECK(first_error("- a\n") == "map.yaml:1: a mapping file is a YAML map (columns, roles, speakers, separator, channel)");
  CHECK(first_error(std::string(100, '[')).starts_with("map.yaml: mapping file is nested too deeply"));
  CHECK(first_error("").empty());
}

TEST_CASE("mapping_for reads the file once and reports a missing one") {
  ReadOptions options;
  Diagnostics errors;
  CHECK(mapping_for(options, errors) == nullptr);
  CHECK(errors.empty());
  options.mapping_file = "/nonexistent/map.yaml";
  CHECK(mapping_for(options, errors) == nullptr);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].format() == "/nonexistent/map.yaml: cannot read the mapping file");
  options.mapping_file = std::string(DEFUSE_SOURCE_DIR) + "/examples/formats/mapping.yaml";
  errors.clear();
  const Mapping* a = mapping_for(options, errors);
  REQUIRE_MESSAGE(a, (errors.empty() ? "" : errors[0].format()));
  CHECK(mapping_for(options, errors) == a);
}

TEST_CASE("RoleResolver: mapping, --agent-name, record names, role words") {
  test::ReaderFixture f;
  Diagnostics errors;
  Mapping m = parse_mapping("m.yaml", "speakers: {Bot: other, Dana: customer}\n", errors);
  f.options.agent_name = "Sam";
  RoleResolver resolver(f.options, &m);
  std::string name;
  CHECK(resolver.classify("dana") == Role::customer);
  CHECK(resolver.classify("Bot") == Role::other);
  CHECK(resolver.classify("SAM") == Role::agent);
  CHECK(resolver.classify("Lee", "Lee") == Role::agent);
  CHECK(resolver.classify("Kim", "", "kim") == Role::customer);
  CHECK(resolver.classify_label("Operator (Anna)", "", "", name) == Role::agent);
  CHECK(name == "Anna");
  CHECK(resolver.classify_label("CUSTOMER", "", "", name) == Role::customer);
  CHECK(name.empty());
  CHECK_FALSE(resolver.classify_label("Speaker 1", "", "", name));
  CHECK(name == "Speaker 1");
}

TEST_CASE("RoleResolver: a remembered answer is the answer for that value and those names only") {
  test::ReaderFixture f;
  RoleResolver resolver(f.options, nullptr);
  std::string name;
  // Asked again and again, as every turn of a transcript asks: the same role and name.
  for (int i = 0; i < 3; ++i) {
    CHECK(resolver.classify_label("Оператор (Мария)", "Мария", "", name) == Role::agent);
    CHECK(name == "Мария");
    CHECK(resolver.classify_label("Мария", "Мария", "", name) == Role::agent);
    CHECK(name == "Мария");
    CHECK_FALSE(resolver.classify_label("Пётр", "Мария", "", name));
    CHECK(name == "Пётр");
  }
  // The same value with other record names is a new question.
  CHECK(resolver.classify_label("Пётр", "Мария", "ПЕТР", name) == Role::customer);
  CHECK(resolver.classify_label("Мария", "", "", name) == std::nullopt);
  // More distinct questions than are remembered: old ones are answered afresh, the same.
  for (int i = 0; i < 20; ++i) CHECK_FALSE(resolver.classify_label("Speaker " + std::to_string(i), "", "", name));
  CHECK(resolver.classify_label("Оператор (Мария)", "Мария", "", name) == Role::agent);
  CHECK(name == "Мария");
}

TEST_CASE("infer_unknown_roles fills in the other party only when it is clear") {
  // A speaker given as Role::other is unknown; "Bot" is the known party we never score.
  auto make = [](std::vector<std::pair<Role, std::string>> turns) {
    Transcript t;
    for (auto& [role, speaker] : turns) {
      Turn turn;
      turn.role = role;
      turn.speaker = speaker;
      turn.role_known = role != Role::other || speaker == "Bot";
      t.turns.push_back(turn);
    }
    return t;
  };
  Transcript a = make({{Role::agent, "Ann"}, {Role::other, "Bob"}, {Role::other, "Cy"}});
  infer_unknown_roles(a);
  CHECK(a.turns[1].role == Role::customer);
  CHECK(a.turns[2].role == Role::customer);
  CHECK(a.turns[2].role_known);
  Transcript b = make({{Role::customer, "Bob"}, {Role::other, "Ann"}});
  infer_unknown_roles(b);
  CHECK(b.turns[1].role == Role::agent);
  Transcript c = make({{Role::customer, "Bob"}, {Role::other, "Ann"}, {Role::other, "Cy"}});
  infer_unknown_roles(c);
  CHECK(c.turns[1].role == Role::other);  // two candidates for the agent: no guess
  CHECK_FALSE(c.turns[1].role_known);
  // A bot is neither side: the one unknown speaker beside a known customer is still the agent.
  Transcript d = make({{Role::other, "Bot"}, {Role::customer, "Bob"}, {Role::other, "Ann"}});
  infer_unknown_roles(d);
  CHECK(d.turns[0].role == Role::other);
  CHECK(d.turns[2].role == Role::agent);
  // The agent known: every unknown speaker is the customer, and the bot stays a bot.
  Transcript e = make({{Role::other, "Bot"}, {Role::agent, "Ann"}, {Role::other, "Bob"}});
  infer_unknown_roles(e);
  CHECK(e.turns[0].role == Role::other);
  CHECK(e.turns[2].role == Role::customer);
}

TEST_CASE("channel and language spellings") {
  CHECK(normalize_channel("VOICE") == "call");
  CHECK(normalize_channel("CHAT") == "chat");
  CHECK(normalize_channel("Live Chat") == "live_chat");
  CHECK(normalize_channel("E-Mail") == "email");
  CHECK(normalize_lang("en-US") == "en");
  CHECK(normalize_lang("es_MX") == "es");
  CHECK(normalize_lang("RU") == "ru");
}

}  // namespace defuse
