#include "read/json_reader.h"

#include <doctest/doctest.h>

#include "read/reader_test_util.h"

namespace defuse {
namespace {

using test::ReaderFixture;

const char* kConversation = R"({
  "id": "c-1001", "agent": "Maria", "customer": "John", "channel": "Chat", "lang": "en-US",
  "started_at": "2026-11-03T14:05:10Z", "queue": "billing",
  "metadata": {"priority": 2, "tags": ["refund", "vip"], "note": null},
  "turns": [
    {"speaker": "customer", "text": "I was charged twice.", "ts": "2026-11-03T14:05:10Z"},
    {"role": "agent", "name": "Maria", "text": "I'm sorry, let me check.", "ts": "2026-11-03T14:06:40Z"},
    {"speaker": "John", "text": "Thanks.", "offset_ms": 120000, "end_offset_ms": 121500}
  ]
})";

}  // namespace

TEST_CASE("a defuse JSON object: fields, metadata, roles and times") {
  ReaderFixture f;
  auto r = f.read(kConversation, "in/c.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  REQUIRE(r.transcripts.size() == 1);
  const Transcript& t = r.transcripts[0];
  CHECK(t.id == "c-1001");
  CHECK(t.source == "in/c.json");
  CHECK(t.agent == "Maria");
  CHECK(t.customer == "John");
  CHECK(t.channel == "chat");
  CHECK(t.lang == "en");
  CHECK(t.started_at == "2026-11-03T14:05:10Z");
  REQUIRE(t.metadata.size() == 3);
  CHECK(t.metadata[0] == std::pair<std::string, std::string>{"queue", "billing"});
  CHECK(t.metadata[1] == std::pair<std::string, std::string>{"priority", "2"});
  CHECK(t.metadata[2] == std::pair<std::string, std::string>{"tags", R"(["refund","vip"])"});
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].role == Role::customer);
  CHECK(t.turns[1].role == Role::agent);
  CHECK(t.turns[1].speaker == "Maria");
  CHECK(t.turns[1].text == "I'm sorry, let me check.");
  CHECK(*t.turns[1].start_ms - *t.turns[0].start_ms == 90000);
  CHECK(t.turns[2].role == Role::customer);  // "John" is the record's customer
  CHECK(t.turns[2].start_ms == 120000);
  CHECK(t.turns[2].end_ms == 121500);
  CHECK(t.turns[2].line == 0);  // a whole document has no line per turn
}

TEST_CASE("speaker names: the record's agent decides, the other speaker is the customer") {
  ReaderFixture f;
  auto r = f.read(R"~({"agent": "Ana", "turns": [{"speaker": "Ana", "text": "Hola"},
                     {"speaker": "Pedro Gómez", "text": "Buenas"}, {"speaker": "Agent (Ana)", "text": "¿Sí?"}]})~",
                  "x.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "x");  // no id: the file name
  CHECK(t.turns[0].role == Role::agent);
  CHECK(t.turns[1].role == Role::customer);
  CHECK(t.turns[1].speaker == "Pedro Gómez");
  CHECK(t.turns[2].role == Role::agent);
  CHECK(t.turns[2].speaker == "Ana");
  CHECK(t.customer == "Pedro Gómez");
}

TEST_CASE("a turn's repeated key counts at its first occurrence, like a look-up by name") {
  ReaderFixture f;
  auto r = f.read(R"({"turns": [{"speaker": "agent", "text": "first", "text": "second", "speaker": "customer",
                     "offset_ms": 5, "offset_ms": "late"}, {"text": "Hi", "speaker": "customer"}]})",
                  "x.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.turns[0].text == "first");
  CHECK(t.turns[0].role == Role::agent);
  CHECK(t.turns[0].start_ms == 5);
  CHECK(t.turns[1].role == Role::customer);
}

TEST_CASE("--agent-name names the agent in JSON too; an explicit unknown role is 'other'") {
  ReaderFixture f;
  f.options.agent_name = "maria";
  auto r = f.read(R"({"turns": [{"role": "bot", "text": "Connecting you"}, {"speaker": "Maria", "text": "Hi"},
                     {"speaker": "Bob", "text": "Hello"}]})",
                  "x.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.turns[0].role == Role::other);
  CHECK(t.turns[1].role == Role::agent);
  CHECK(t.turns[2].role == Role::customer);
}

TEST_CASE("a bot's turns are neither side: two unnamed speakers beside it are left to --infer-roles") {
  ReaderFixture f;
  f.options.infer_roles = true;
  auto r = f.read(R"({"turns": [{"role": "bot", "text": "Connecting you"}, {"speaker": "spk_0", "text": "Hi"},
                     {"speaker": "spk_1", "text": "Hello"}]})",
                  "x.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(roles_to_infer(t));
  CHECK(t.turns[0].role_known);
  CHECK_FALSE(t.turns[1].role_known);
  CHECK_FALSE(t.turns[2].role_known);
}

TEST_CASE("malformed JSON records say what is wrong") {
  ReaderFixture f;
  auto check = [&](const std::string& json, const std::string& message) {
    auto r = f.read(json, "bad.json", "json");
    CHECK(r.transcripts.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].format() == message);
  };
  check(R"({"id": "a"})",
        "bad.json: no \"turns\" array (expected defuse JSON {\"id\", \"turns\": [{\"speaker\", \"text\"}]}, or Contact "
        "Lens output with \"Transcript\")");
  check(R"({"turns": {}})", "bad.json: \"turns\" must be an array of {speaker, text}");
  check(R"({"turns": [{"speaker": "agent", "text": 5}]})", "bad.json: turns[0]: \"text\" must be a string");
  check(R"({"turns": [{"speaker": "agent", "text": "hi", "ts": "yesterday"}]})",
        "bad.json: turns[0]: cannot read \"ts\" \"yesterday\" as a time (expected e.g. 2026-11-03T14:05:10Z, 14:05:10 "
        "or 00:01:23)");
  check(R"({"agent": 7, "turns": []})", "bad.json: \"agent\" must be a string");
  check(R"({"turns": [{"speaker": "customer", "text": "hi"}]})",
        "bad.json: no agent turns (no speaker is recognised as the agent)");
  check(R"({"turns": [)", "bad.json: invalid JSON: The JSON document has an improper structure: missing or "
                          "superfluous commas, braces, missing keys, etc.");
  check("42", "bad.json: expected a JSON object (one conversation)");
}

TEST_CASE("JSON nested 100000 levels deep is an error, not a crash") {
  ReaderFixture f;
  std::string deep = "{\"turns\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto r = f.read(deep, "deep.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "invalid JSON: The JSON document was too deep (too many nested objects and arrays)");
  auto n = f.read("{\"turns\":[]}\n" + deep + "\n", "deep.ndjson");
  REQUIRE(n.errors.size() == 2);
  CHECK(n.errors[1].format() ==
        "deep.ndjson:2: invalid JSON: The JSON document was too deep (too many nested objects and arrays)");
}

TEST_CASE("NDJSON: one conversation per line; a bad line is reported and skipped") {
  ReaderFixture f;
  std::string text =
      "\xEF\xBB\xBF{\"id\": \"a\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"Hi\"}]}\n"
      "\n"
      "{\"id\": \"b\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"Hi\"}\n"
      "{\"turns\": [{\"speaker\": \"customer\", \"text\": \"Help\"}, {\"speaker\": \"operator\", \"text\": \"Yes\"}]}\r\n";
  auto r = f.read(text, "batch/day1.ndjson");
  REQUIRE(r.transcripts.size() == 2);
  CHECK(r.transcripts[0].id == "a");
  CHECK(r.transcripts[0].source == "batch/day1.ndjson:1");
  CHECK(r.transcripts[0].first_line == 1);
  CHECK(r.transcripts[1].id == "day1-4");  // no id: file name and line
  CHECK(r.transcripts[1].source == "batch/day1.ndjson:4");
  CHECK(r.transcripts[1].turns[1].role == Role::agent);
  CHECK(r.transcripts[1].turns[1].line == 4);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format().starts_with("batch/day1.ndjson:3: invalid JSON: "));
}

TEST_CASE("NDJSON: a record's own problems are reported at its line, once") {
  ReaderFixture f;
  auto r = f.read("{\"turns\": [{\"speaker\": \"customer\", \"text\": \"Help\"}]}\n{\"turns\": []}\n", "d.ndjson");
  CHECK(r.transcripts.empty());
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].format() == "d.ndjson:1: no agent turns (no speaker is recognised as the agent)");
  CHECK(r.errors[1].format() == "d.ndjson:2: no turns");
}

TEST_CASE("NDJSON with a first record too long to sniff still reads as NDJSON") {
  ReaderFixture f;
  std::string record = "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"" + std::string(100, 'a') + "\"}]}";
  auto r = f.read(record + "\n" + record + "\n", "-", "json");  // as if detection had said json
  CHECK(r.errors.empty());
  CHECK(r.transcripts.size() == 2);
}

TEST_CASE("a JSON array holds several conversations") {
  ReaderFixture f;
  auto r = f.read(R"([{"id": "a", "turns": [{"speaker": "agent", "text": "Hi"}]},
                      {"turns": [{"speaker": "agent", "text": "Hi"}]}, 3])",
                  "all.json");
  REQUIRE(r.transcripts.size() == 2);
  CHECK(r.transcripts[0].source == "all.json[0]");
  CHECK(r.transcripts[1].id == "all-2");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "all.json[2]: expected a JSON object (one conversation)");
}

TEST_CASE("--max-turns bounds a JSON transcript") {
  ReaderFixture f;
  f.options.limits.max_turns = 1;
  auto r = f.read(R"({"turns": [{"speaker": "agent", "text": "a"}, {"speaker": "agent", "text": "b"}]})", "m.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "more than 1 turns in one transcript (raise --max-turns)");
}

}  // namespace defuse
