#include "read/plain_text.h"

#include <doctest/doctest.h>

#include "read/inputs.h"
#include "read/mapping.h"
#include "test_support.h"

namespace defuse {
namespace {

struct Collect : ReadSink {
  std::vector<Transcript> transcripts;
  std::vector<Diagnostic> errors;
  void transcript(Transcript&& t) override { transcripts.push_back(std::move(t)); }
  void error(Diagnostic&& d) override { errors.push_back(std::move(d)); }
};

struct Fixture {
  LexiconSet set;
  ReadOptions options;
  Fixture() {
    Diagnostics errors;
    set = load_lexicon_files({{"roles.yaml", "roles.yaml", test::kRoles}}, errors);
    REQUIRE(errors.empty());
    options.roles = &set.roles;
  }
  Collect read(const std::string& text, const std::string& path = "calls/0042.txt") {
    Collect sink;
    read_plain_text({path, std::make_shared<const std::string>(text)}, options, nullptr, sink);
    return sink;
  }
};

}  // namespace

TEST_CASE("turns, names, timestamps and continuation lines") {
  Fixture f;
  auto r = f.read("[00:00:05] Agent (Maria): Hello,\nhow can I help?\n[00:00:09] Customer: My bill is wrong.\n");
  REQUIRE(r.errors.empty());
  REQUIRE(r.transcripts.size() == 1);
  const Transcript& t = r.transcripts[0];
  CHECK(t.id == "0042");
  CHECK(t.agent == "Maria");
  REQUIRE(t.turns.size() == 2);
  CHECK(t.turns[0].role == Role::agent);
  CHECK(t.turns[0].text == "Hello,\nhow can I help?");
  CHECK(t.turns[0].start_ms == 5000);
  CHECK(t.turns[1].role == Role::customer);
  CHECK(t.turns[1].line == 3);
}

TEST_CASE("front matter names the transcript; other keys are metadata") {
  Fixture f;
  auto r = f.read("---\nid: es-1\nagent: Lucía\nchannel: Chat\nqueue: billing\n---\nLucía: Hola\nCliente: Buenas\n");
  REQUIRE(r.errors.empty());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "es-1");
  CHECK(t.channel == "chat");
  CHECK(t.turns[0].role == Role::agent);  // the label is the front matter's agent name
  REQUIRE(t.metadata.size() == 1);
  CHECK(t.metadata[0] == std::pair<std::string, std::string>("queue", "billing"));
}

TEST_CASE("labels decided once per transcript keep their names and roles on every line") {
  Fixture f;
  auto r = f.read("---\nagent: Лусия\ncustomer: Pedro\n---\nЛусия: Hola\nPedro: Buenas\nОператор Анна: Sí\n"
                  "Лусия: ¿Algo más?\nPedro: No\nОператор Анна: Adiós\nNota: una línea que sigue\n");
  REQUIRE(r.errors.empty());
  const Transcript& t = r.transcripts.at(0);
  REQUIRE(t.turns.size() == 6);
  for (int i : {0, 3}) {
    CHECK(t.turns[i].role == Role::agent);
    CHECK(t.turns[i].speaker == "Лусия");
  }
  for (int i : {1, 4}) {
    CHECK(t.turns[i].role == Role::customer);
    CHECK(t.turns[i].speaker == "Pedro");
  }
  for (int i : {2, 5}) {
    CHECK(t.turns[i].role == Role::agent);
    CHECK(t.turns[i].speaker == "Анна");
  }
  CHECK(t.turns[5].text == "Adiós\nNota: una línea que sigue");  // no role: a continuation
}

TEST_CASE("Russian labels with a name after the role word") {
  Fixture f;
  auto r = f.read("Оператор Анна: Здравствуйте!\nКлиент: Добрый день\n");
  REQUIRE(r.transcripts.size() == 1);
  CHECK(r.transcripts[0].agent == "Анна");
}

TEST_CASE("diarised voices are speakers of unknown side") {
  Fixture f;
  // Every spelling of a voice label a speech-to-text export writes, and lines that only look
  // like one: a voice word needs an id of a number or one letter.
  auto r = f.read(
      "Speaker 1: Thanks for calling.\nSPEAKER_00: Hi\nspk_0: Hi\nSpeaker2: Hello\nГоворящий А: Да\n"
      "Hablante 10: Hola\nSpeaker: not a voice\nSpeaker one: not a voice\nSpeakers 1: not a voice\n");
  REQUIRE(r.transcripts.empty());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() ==
        "calls/0042.txt:1: no speaker is recognised as the agent (speakers: Speaker 1, SPEAKER_00, spk_0, Speaker2, "
        "Говорящий А, Hablante 10); name the agent with --agent-name \"Speaker 1\" or in a --mapping file "
        "(speakers: {\"Speaker 1\": agent})");
}

TEST_CASE("two voices are left to --infer-roles; a named voice makes the other the customer") {
  Fixture f;
  const std::string call = "Speaker 1: Thanks for calling, how can I help?\nSpeaker 2: My bill is wrong.\n"
                           "Note: this line continues the customer's turn\nSpeaker 1: Let me check.\n";
  f.options.infer_roles = true;
  auto r = f.read(call);
  REQUIRE(r.errors.empty());
  REQUIRE(r.transcripts.size() == 1);
  const Transcript& t = r.transcripts[0];
  REQUIRE(t.turns.size() == 3);
  CHECK(roles_to_infer(t));
  CHECK(t.turns[0].speaker == "Speaker 1");
  CHECK(t.turns[1].speaker == "Speaker 2");
  CHECK(t.turns[1].text == "My bill is wrong.\nNote: this line continues the customer's turn");

  f.options.infer_roles = false;
  f.options.agent_name = "speaker 2";
  r = f.read(call);
  REQUIRE(r.transcripts.size() == 1);
  const Transcript& named = r.transcripts[0];
  CHECK(named.turns[0].role == Role::customer);
  CHECK(named.turns[1].role == Role::agent);
  CHECK(named.agent == "Speaker 2");

  // Beside a labelled agent, a voice is the customer (as in the other formats).
  f.options.agent_name.clear();
  r = f.read("Agent: Hello\nSpeaker 2: Hi\n");
  REQUIRE(r.transcripts.size() == 1);
  CHECK(r.transcripts[0].turns[1].role == Role::customer);
}

TEST_CASE("a bot's lines beside two voices leave the two voices to --infer-roles") {
  Fixture f;
  const std::string call = "System: Your call may be recorded.\nSpeaker 1: My bill is wrong.\n"
                           "Speaker 2: Sorry about that, let me check.\nSystem: Please rate this call.\n";
  // Without the flag, the two voices are named, and so is the way out.
  auto r = f.read(call);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() ==
        "calls/0042.txt:1: no speaker is recognised as the agent (speakers: Speaker 1, Speaker 2); name the agent "
        "with --agent-name \"Speaker 1\" or in a --mapping file (speakers: {\"Speaker 1\": agent}), or pass "
        "--infer-roles to tell the agent by what each says");
  f.options.infer_roles = true;
  r = f.read(call);
  REQUIRE(r.errors.empty());
  const Transcript& t = r.transcripts.at(0);
  CHECK(roles_to_infer(t));
  CHECK(t.turns[0].role == Role::other);
  CHECK(t.turns[0].role_known);
  CHECK_FALSE(t.turns[1].role_known);
  // A third voice makes it a meeting: nothing to infer, and no such hint.
  f.options.infer_roles = false;
  r = f.read(call + "Speaker 3: Hello?\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("--infer-roles") == std::string::npos);
}

TEST_CASE("a mapping file decides plain-text labels before the role words") {
  Fixture f;
  Diagnostics errors;
  Mapping mapping = parse_mapping("map.yaml", "speakers:\n  \"Speaker 2\": agent\n  Agent: customer\n", errors);
  REQUIRE(errors.empty());
  Collect sink;
  read_plain_text({"x.txt", std::make_shared<const std::string>("Agent: hi\nSPEAKER 2: Hello, how can I help?\n")},
                  f.options, &mapping, sink);
  REQUIRE(sink.transcripts.size() == 1);
  const Transcript& t = sink.transcripts[0];
  CHECK(t.turns[0].role == Role::customer);  // the mapping beats the word "Agent"
  CHECK(t.turns[1].role == Role::agent);
}

TEST_CASE("a label and an offset alone on a line head the lines after it") {
  Fixture f;
  auto r = f.read("Speaker 1  0:03\nHello, thanks for calling.\nHow can I help?\n\nAgent  10:30\n"
                  "Customer 1:05:09\nIt broke at 10:30\nSpeaker 9:30 is not a heading\n");
  REQUIRE(r.errors.empty());
  const Transcript& t = r.transcripts.at(0);
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].speaker == "Speaker 1");
  CHECK(t.turns[0].start_ms == 3000);
  CHECK(t.turns[0].text == "Hello, thanks for calling.\nHow can I help?");
  CHECK(t.turns[1].role == Role::agent);
  CHECK(t.turns[1].start_ms == 630000);
  CHECK(t.turns[1].text.empty());
  CHECK(t.turns[2].role == Role::customer);
  CHECK(t.turns[2].start_ms == 3909000);
  CHECK(t.turns[2].text == "It broke at 10:30\nSpeaker 9:30 is not a heading");
}

TEST_CASE("a label may carry the turn's offset in parentheses") {
  Fixture f;
  auto r = f.read("Agent (Maria) (00:05):\nHello, how can I help?\nCustomer (01:02:03): It broke (again): twice\n");
  REQUIRE(r.errors.empty());
  const Transcript& t = r.transcripts.at(0);
  REQUIRE(t.turns.size() == 2);
  CHECK(t.turns[0].speaker == "Maria");
  CHECK(t.turns[0].start_ms == 5000);
  CHECK(t.turns[0].text == "Hello, how can I help?");
  CHECK(t.turns[1].start_ms == 3723000);
  CHECK(t.turns[1].text == "It broke (again): twice");
}

TEST_CASE("bad transcripts give one path:line error each") {
  Fixture f;
  CHECK(f.read("   \n\n").errors.at(0).format() == "calls/0042.txt: empty file");
  CHECK(f.read("just some prose\nwith no labels\n").errors.at(0).format() ==
        "calls/0042.txt:1: no recognizable turns (expected lines like 'Agent: text' or 'Customer: text')");
  CHECK(f.read("Customer: hello?\nCustomer: anyone?\n").errors.at(0).format() ==
        "calls/0042.txt:1: no agent turns (no speaker is recognised as the agent)");
  CHECK(f.read("---\nid: [unclosed\n---\nAgent: hi\n").errors.at(0).format().rfind("calls/0042.txt:", 0) == 0);
  CHECK(f.read("---\nid: x\nAgent: hi\n").errors.at(0).format() ==
        "calls/0042.txt:1: front matter has no closing '---' line");
}

TEST_CASE("deeply nested front matter is refused before parsing") {
  Fixture f;
  std::string deep = "---\nx: " + std::string(5000, '[') + std::string(5000, ']') + "\n---\nAgent: hi\n";
  auto r = f.read(deep);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "front matter is nested more than 32 levels deep");
}

TEST_CASE("check_text rejects binary data and invalid UTF-8, naming the byte") {
  CHECK(check_text("a.png", "\x89PNG\r\n\x1a\nxxxx")->message == "not a transcript: a PNG image");
  CHECK(check_text("a.txt", std::string("Agent: hi\0there", 15))->message == "binary data: NUL byte at byte 9");
  auto bad = check_text("a.txt", "Agent: ok\nCustomer: caf\xE9!\n");
  REQUIRE(bad);
  CHECK(bad->format() == "a.txt:2: invalid UTF-8 at byte 23 (0xE9)");
  CHECK_FALSE(check_text("a.txt", "Оператор: Добрый день ¿qué tal?"));
}

}  // namespace defuse

namespace defuse {

TEST_CASE("flat front matter and YAML front matter give the same fields") {
  Fixture f;
  auto flat = f.read("---\nid: x-1\nagent: \"Ana María\"\nqueue: 'billing'\nlang: es\n---\nAgente: Hola\n");
  auto yaml = f.read("---\nid: x-1\nagent: Ana María\nqueue: [billing]\nlang: es\nnested:\n  a: 1\n---\nAgente: Hola\n");
  REQUIRE(flat.transcripts.size() == 1);
  REQUIRE(yaml.transcripts.size() == 1);
  CHECK(flat.transcripts[0].agent == "Ana María");
  CHECK(yaml.transcripts[0].agent == "Ana María");
  CHECK(flat.transcripts[0].metadata.at(0).second == "billing");
  CHECK(yaml.transcripts[0].metadata.at(0).second == "billing");
  CHECK(flat.transcripts[0].lang == "es");
}

}  // namespace defuse
