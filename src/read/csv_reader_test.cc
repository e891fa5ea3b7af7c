#include "read/csv_reader.h"

#include <doctest/doctest.h>

#include "read/reader_test_util.h"

namespace defuse {
namespace {

using test::Collect;
using test::ReaderFixture;

// A pipe: lines once, no second pass.
class OnceLineSource : public BufferLineSource {
 public:
  using BufferLineSource::BufferLineSource;
  bool rewind() override { return false; }
};

std::vector<std::string> ids(const Collect& r) {
  std::vector<std::string> out;
  for (const auto& t : r.transcripts) out.push_back(t.id);
  return out;
}

}  // namespace

TEST_CASE("CsvParser: RFC 4180 quoting, doubled quotes, line breaks inside quotes") {
  CsvParser p(',');
  REQUIRE(p.feed(R"(a,"b, c","say ""hi""",,5" screen)"));
  CHECK(p.fields() == std::vector<std::string>{"a", "b, c", "say \"hi\"", "", "5\" screen"});
  CHECK_FALSE(p.feed(R"(x,"first line)"));
  CHECK(p.open());
  REQUIRE(p.feed(R"(second line",y)"));
  CHECK(p.fields() == std::vector<std::string>{"x", "first line\nsecond line", "y"});
  REQUIRE(p.feed(""));
  CHECK(p.fields() == std::vector<std::string>{""});
}

TEST_CASE("separators and header names") {
  CHECK(detect_separator("id;fecha;rol;mensaje") == ';');
  CHECK(detect_separator("id\tts\tspeaker\ttext") == '\t');
  CHECK(detect_separator("\"a;b\",c") == ',');
  CHECK(detect_separator("text") == ',');
  CHECK(normalize_header(" Conversation ID ") == "conversation_id");
  CHECK(normalize_header("Создано-в") == "создано_в");
  CHECK(looks_like_csv_header("ticket_id,created_at,author,body"));
  CHECK(looks_like_csv_header("\xEF\xBB\xBFДиалог;Дата;Роль;Текст"));
  CHECK_FALSE(looks_like_csv_header("Agent: Hello, how can I help you today?"));
  CHECK_FALSE(looks_like_csv_header("id,name,price"));
}

TEST_CASE("CSV times: ISO, European and US dates, Twitter, Unix time") {
  auto iso = parse_csv_time("2026-11-03 14:05:10");
  REQUIRE(iso);
  CHECK(parse_csv_time("2026-11-03T14:05:10Z") == iso);
  CHECK(parse_csv_time("03.11.2026 14:05:10") == iso);
  CHECK(parse_csv_time("03/11/2026 14:05:10") == parse_csv_time("2026-03-11 14:05:10"));  // US: month first
  CHECK(parse_csv_time("11/03/2026 2:05:10 PM") == iso);
  CHECK(parse_csv_time("13/11/2026 14:05:10") == *iso + 10LL * 86400000);  // day first: 13 is no month
  CHECK(parse_csv_time("Tue Nov 03 14:05:10 +0000 2026") == iso);
  CHECK(parse_csv_time("Tue, 03 Nov 2026 15:05:10 +0100") == iso);
  CHECK(parse_csv_time("2026-11-03 09:05:10 -0500") == iso);
  CHECK(parse_csv_time("1793714710") == 1793714710000LL);
  CHECK(parse_csv_time("1793714710123") == 1793714710123LL);
  CHECK(parse_csv_time("12.5") == 12500);
  CHECK(parse_csv_time("00:01:23") == 83000);
  CHECK_FALSE(parse_csv_time("yesterday"));
  CHECK_FALSE(parse_csv_time("32.13.2026"));
}

TEST_CASE("CSV rows are grouped by id in first-appearance order, with roles and times") {
  ReaderFixture f;
  std::string csv =
      "\xEF\xBB\xBF" "conversation_id,timestamp,speaker,agent_name,text\n"
      "T2,2026-11-03 15:00:00,customer,,My parcel is late\n"
      "T1,2026-11-03 14:05:10,customer,,\"I was charged twice,\n and nobody answers.\"\n"
      "T2,2026-11-03 15:01:00,agent,Pedro,Sorry about that\n"
      "T1,2026-11-03 14:07:30,operator,Maria,\"I'm sorry, let me check \"\"order 42\"\".\"\n";
  auto r = f.read(csv, "export.csv");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  CHECK(ids(r) == std::vector<std::string>{"T2", "T1"});
  const Transcript& t1 = r.transcripts[1];
  CHECK(t1.source == "export.csv:3");
  CHECK(t1.first_line == 3);
  CHECK(t1.agent == "Maria");
  CHECK(t1.started_at == "2026-11-03 14:05:10");
  REQUIRE(t1.turns.size() == 2);
  CHECK(t1.turns[0].role == Role::customer);
  CHECK(t1.turns[0].text == "I was charged twice,\n and nobody answers.");
  CHECK(t1.turns[1].role == Role::agent);
  CHECK(t1.turns[1].speaker == "Maria");
  CHECK(t1.turns[1].text == "I'm sorry, let me check \"order 42\".");
  CHECK(t1.turns[1].line == 6);
  CHECK(*t1.turns[1].start_ms - *t1.turns[0].start_ms == 140000);
}

TEST_CASE("CSV read once (a pipe) gives the same conversations as read twice (a file)") {
  ReaderFixture f;
  std::string csv =
      "chat_id,role,message\nA,customer,one\nB,customer,two\nA,agent,three\nC,agent,four\nB,agent,five\n";
  Collect twice, once;
  BufferLineSource file(csv);
  read_csv("x.csv", file, f.options, nullptr, twice);
  OnceLineSource pipe(csv);
  read_csv("x.csv", pipe, f.options, nullptr, once);
  CHECK(ids(twice) == std::vector<std::string>{"A", "B", "C"});
  CHECK(ids(once) == ids(twice));
  CHECK(twice.transcripts[1].turns.size() == 2);
  CHECK(once.transcripts[1].turns.size() == 2);
}

TEST_CASE("Spanish Excel export: ';', 'sep=' line, Spanish headers and role words") {
  ReaderFixture f;
  auto r = f.read("sep=;\nConversación;Fecha;Rol;Mensaje\n7;03/11/2026 14:05;Cliente;Me cobraron dos veces\n"
                  "7;03/11/2026 14:09;Agente;Lo siento mucho\n",
                  "es.csv");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "7");
  CHECK(t.turns[0].role == Role::customer);
  CHECK(t.turns[1].role == Role::agent);
  CHECK(*t.turns[1].start_ms - *t.turns[0].start_ms == 240000);
}

TEST_CASE("TSV with an inbound True/False column and no id: one conversation") {
  ReaderFixture f;
  auto r = f.read("author_id\tinbound\tcreated_at\ttext\n115712\tTrue\t1793714710\tMy phone is dead\n"
                  "sprintcare\tFalse\t1793714770\tSorry to hear that\n",
                  "tweets.tsv");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "tweets");
  CHECK(t.turns[0].role == Role::customer);
  CHECK(t.turns[0].speaker == "115712");
  CHECK(t.turns[1].role == Role::agent);
  CHECK(t.agent == "sprintcare");
}

TEST_CASE("a mapping names the columns and the role values") {
  ReaderFixture f;
  Diagnostics errors;
  Mapping m = parse_mapping("map.yaml",
                            "columns: {id: Case Number, text: Body, role: Direction}\n"
                            "roles: {in: customer, out: agent}\nchannel: email\n",
                            errors);
  REQUIRE(errors.empty());
  std::string csv = "Case Number|Direction|Body\n9|in|Refund please\n9|out|Done\n";
  BufferLineSource lines(csv);
  Collect r;
  m.separator = '|';
  read_csv("cases.csv", lines, f.options, &m, r);
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "9");
  CHECK(t.channel == "email");
  CHECK(t.turns[0].role == Role::customer);
  CHECK(t.turns[1].role == Role::agent);

  std::string missing = "Case|Direction|Text\n";
  BufferLineSource lines2(missing);
  Collect r2;
  read_csv("cases.csv", lines2, f.options, &m, r2);
  REQUIRE(r2.errors.size() == 1);
  CHECK(r2.errors[0].format() ==
        "cases.csv:1: column 'Case Number' (the id column in map.yaml) is not in the header: Case, Direction, Text");
}

TEST_CASE("malformed CSV rows are reported as path:line and skipped; the rest is read") {
  ReaderFixture f;
  std::string csv =
      "id,time,role,text\n"
      "1,14:05,customer,hello\n"
      "1,14:06,agent,hi,extra\n"
      "1,later,agent,hi\n"
      ",14:07,agent,hi\n"
      "1,14:08,agent,fine\n"
      "2,14:09,agent,\"never closed\n";
  auto r = f.read(csv, "bad.csv");
  REQUIRE(r.transcripts.size() == 1);
  CHECK(r.transcripts[0].turns.size() == 2);
  REQUIRE(r.errors.size() == 4);
  CHECK(r.errors[0].format() ==
        "bad.csv:3: row has 5 fields, the header has 4 (an unquoted separator in the text?); row skipped");
  CHECK(r.errors[1].format() == "bad.csv:4: cannot read the time 'later' (expected e.g. 2026-11-03 14:05:10, "
                                "03.11.2026 14:05 or Unix seconds); row skipped");
  CHECK(r.errors[2].format() == "bad.csv:5: empty conversation id; row skipped");
  CHECK(r.errors[3].format() == "bad.csv:7: unterminated quoted field: the quote opened in this row never closes");
}

TEST_CASE("a CSV without the columns defuse needs says which it found") {
  ReaderFixture f;
  auto r = f.read("id,name,price\n1,a,2\n", "shop.csv");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() ==
        "shop.csv:1: no text column among: id, name, price (expected text, message, body, content or utterance; or "
        "name it in a --mapping file: 'columns: {text: ...}')");
  auto bad = f.read("id,text,speaker\n1,\xff,agent\n", "latin1.csv");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].format().starts_with("latin1.csv:2: invalid UTF-8"));
  auto empty = f.read("id,text,speaker\n\n", "empty.csv");
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].format() == "empty.csv:1: the header has no rows under it");
}

TEST_CASE("--max-line-length and --max-turns bound CSV records") {
  ReaderFixture f;
  f.options.limits.max_line_bytes = 20;
  f.options.limits.max_turns = 2;
  auto r = f.read("id,role,text\n1,agent,\"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\"\n2,agent,a\n2,agent,b\n2,agent,c\n",
                  "big.csv");
  REQUIRE(r.errors.size() >= 2);
  CHECK(r.errors[0].format() == "big.csv:2: row is longer than 20 bytes (an unterminated quote?); skipped");
  CHECK(r.errors.back().format() == "big.csv:15: conversation '2' has more than 2 turns (raise --max-turns); skipped");
}

}  // namespace defuse
