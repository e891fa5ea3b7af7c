#include "read/format.h"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "read/inputs.h"
#include "read/reader_test_util.h"

namespace defuse {

TEST_CASE("formats are detected by content; the extension only breaks ties") {
  CHECK(detect_format("a.txt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>hi\n") == "vtt");
  CHECK(detect_format("a.txt", "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n") == "srt");
  CHECK(detect_format("a", "\xEF\xBB\xBF\n{\"turns\": []}") == "json");
  CHECK(detect_format("a.txt", "{\n  \"turns\": []\n}\n") == "json");
  CHECK(detect_format("a.json", "{\"turns\": []}\n{\"turns\": []}\n") == "ndjson");
  CHECK(detect_format("a.jsonl", "{\"turns\": []}\n") == "ndjson");
  CHECK(detect_format("a", "[\n {\"turns\": []}]") == "json");
  CHECK(detect_format("a", "{\"Transcript\": [], \"Participants\": []}") == "json");  // the keys decide later
  CHECK(detect_format("-", "ticket_id;created_at;author;body\n1;2;3;4\n") == "csv");
  CHECK(detect_format("x.data", "sep=;\nid;speaker;text\n") == "csv");
  CHECK(detect_format("x.csv", "a,b\n1,2\n") == "csv");
  CHECK(detect_format("x.tsv", "a\tb\n") == "csv");
  CHECK(detect_format("x", "[00:01] Agent: hi\n[00:05] Customer: hello\n") == "text");
  CHECK(detect_format("x", "10:30 Agent: open Settings --> Billing\n") == "text");
  CHECK(detect_format("x", "---\nid: 1\n---\n") == "text");
  CHECK(detect_format("notes.md", "# Shopping list\n\n- milk\n") == "");
  CHECK(detect_format("-", "whatever") == "text");
  CHECK(known_formats() == "text, json, ndjson, csv, vtt, srt, contact-lens");
}

TEST_CASE("BufferLineSource: CRLF, a last line without a break, over-long lines") {
  std::string text = "a\r\nbb\n\nccccc";
  BufferLineSource lines(text, 4);
  SourceLine line;
  std::vector<std::string> seen;
  while (lines.next(line)) seen.push_back(line.too_long ? "<long>" : std::string(line.text));
  CHECK(seen == std::vector<std::string>{"a", "bb", "", "<long>"});
  CHECK(line.number == 4);
  CHECK(lines.rewind());
  REQUIRE(lines.next(line));
  CHECK(line.text == "a");
  CHECK(line.number == 1);
}

namespace {

// A temporary file for read_input, removed at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& content, const std::string& suffix = "") {
    char name[] = "/tmp/defuse-format-test-XXXXXX";
    int fd = ::mkstemp(name);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = std::string(name) + suffix;
    if (!suffix.empty()) std::rename(name, path.c_str());
    std::ofstream(path, std::ios::binary) << content;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("read_input streams NDJSON in blocks: records across block edges, an over-long line") {
  test::ReaderFixture f;
  f.options.limits.max_line_bytes = 4000;
  std::string record = "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"" + std::string(1000, 'x') + "\"}]}\n";
  std::string content;
  int records = 0;
  while (content.size() < (3u << 20)) {  // three 1 MiB blocks, so records straddle block edges
    content += record;
    ++records;
  }
  content += "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"" + std::string(9000, 'y') + "\"}]}\n";
  content += record;
  TempFile file(content, ".ndjson");
  test::Collect sink;
  read_input(file.path, f.options, sink);
  CHECK(sink.transcripts.size() == static_cast<std::size_t>(records + 1));
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0].format() ==
        fmt::format("{}:{}: record is longer than 4000 bytes (raise --max-line-length); skipped", file.path, records + 1));
  CHECK(sink.transcripts.back().source == fmt::format("{}:{}", file.path, records + 2));
  for (const auto& t : sink.transcripts) REQUIRE(t.turns.at(0).text.size() == 1000);
}

TEST_CASE("read_input: a small file's transcript holds about its own size, not the 64 KiB detection reads") {
  test::ReaderFixture f;
  std::string content = "Agent: Hello, how can I help?\n";
  while (content.size() < 3000) content += "Customer: My order has not arrived and nobody answers my e-mails.\n";
  TempFile file(content, ".txt");
  test::Collect sink;
  read_input(file.path, f.options, sink);
  REQUIRE(sink.transcripts.size() == 1);
  CHECK(sink.transcripts[0].held_bytes() >= content.size());
  CHECK(sink.transcripts[0].held_bytes() < content.size() + 4096);
}

TEST_CASE("read_input: detection failures and binary input say what was tried") {
  test::ReaderFixture f;
  TempFile notes("# Shopping list\n\n- milk\n", ".md");
  test::Collect sink;
  read_input(notes.path, f.options, sink);
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0].message ==
        "unrecognized format (tried: text, json, ndjson, csv, vtt, srt, contact-lens); name it with --input-format");
  TempFile csv(std::string("id,speaker,text\n1,agent,hi\0there\n", 33), ".csv");
  test::Collect bin;
  read_input(csv.path, f.options, bin);
  REQUIRE(bin.errors.size() == 1);
  CHECK(bin.errors[0].message == "binary data: NUL byte at byte 26");
}

}  // namespace defuse
