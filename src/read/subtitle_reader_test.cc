#include "read/subtitle_reader.h"

#include <doctest/doctest.h>

#include "read/reader_test_util.h"

namespace defuse {
namespace {

using test::ReaderFixture;

// A Teams-style export: header metadata, a NOTE, cue ids, cue settings, entities.
const char* kTeams = R"(WEBVTT
Kind: captions
Language: en

NOTE exported from Microsoft Teams

1a2b/1-0
00:00:01.000 --> 00:00:03.200
<v Maria Lopez>Thank you for calling, this is Maria.</v>

1a2b/2-0
00:00:03.400 --> 00:00:05.000 align:start position:10%
<v Maria Lopez>How can I help?</v>

00:00:05.500 --> 00:00:09.000
<v John Smith>I was charged twice &amp; nobody
answers my emails.</v>

00:00:08.800 --> 00:00:12.000
<v.loud Maria Lopez>I'm <i>so</i> sorry.</v>
)";

}  // namespace

TEST_CASE("WebVTT voice tags: names, merged cues, timing, markup removed") {
  ReaderFixture f;
  f.options.agent_name = "maria lopez";
  auto r = f.read(kTeams, "meet/call-7.vtt");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "call-7");
  CHECK(t.channel == "call");
  CHECK(t.agent == "Maria Lopez");
  CHECK(t.customer == "John Smith");  // the agent is named, so the other speaker is the customer
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].text == "Thank you for calling, this is Maria. How can I help?");
  CHECK(t.turns[0].start_ms == 1000);
  CHECK(t.turns[0].end_ms == 5000);
  CHECK(t.turns[0].line == 8);
  CHECK(t.turns[1].role == Role::customer);
  CHECK(t.turns[1].text == "I was charged twice & nobody answers my emails.");
  CHECK(t.turns[2].role == Role::agent);
  CHECK(t.turns[2].text == "I'm so sorry.");
  CHECK(t.turns[2].start_ms == 8800);  // overlaps the customer: an interruption for the scorer
}

TEST_CASE("without --agent-name or a mapping, names alone do not say who the agent is") {
  ReaderFixture f;
  auto r = f.read(kTeams, "call.vtt");
  CHECK(r.transcripts.empty());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() ==
        "call.vtt: no speaker is recognised as the agent (speakers: John Smith, Maria Lopez); name the agent with "
        "--agent-name \"John Smith\" or in a --mapping file (speakers: {\"John Smith\": agent}), or pass --infer-roles "
        "to tell the agent by what each says");
}

TEST_CASE("a mapping file's speakers name the roles") {
  ReaderFixture f;
  f.options.mapping_file = std::string(DEFUSE_SOURCE_DIR) + "/examples/formats/mapping.yaml";
  auto r = f.read(kTeams, "call.vtt");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  CHECK(r.transcripts.at(0).turns[0].role == Role::agent);
  CHECK(r.transcripts.at(0).turns[1].role == Role::customer);
}

TEST_CASE("SRT with 'Name:' prefixes; a cue without one continues the speaker") {
  ReaderFixture f;
  auto r = f.read("1\r\n00:00:01,000 --> 00:00:04,000\r\nAgent: Thank you for calling.\r\n\r\n"
                  "2\n00:00:04,500 --> 00:00:07,000\nCustomer: My internet is down\nfor the third time.\n\n"
                  "3\n00:00:07,000 --> 00:00:08,000\nthis week!\n\n"
                  "4\n00:00:09,000 --> 00:00:0x,000\nAgent: broken timing\n\n"
                  "5\n00:00:10,000 --> 00:00:12,500\n- Agent: I'm sorry. Let me check at 10:30 today.\n",
                  "call.srt");
  REQUIRE(r.transcripts.size() == 1);
  const Transcript& t = r.transcripts[0];
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].role == Role::agent);
  CHECK(t.turns[1].role == Role::customer);
  CHECK(t.turns[1].text == "My internet is down for the third time. this week!");
  CHECK(t.turns[1].end_ms == 8000);
  CHECK(t.turns[2].text == "I'm sorry. Let me check at 10:30 today.");
  CHECK(t.turns[2].start_ms == 10000);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "call.srt:15: cannot read the cue timing '00:00:09,000 --> 00:00:0x,000'; cue skipped");
}

TEST_CASE("Zoom-style VTT: names as prefixes, role words as names") {
  ReaderFixture f;
  auto r = f.read("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nOperator Anna: Hello\n\n"
                  "2\n00:02.500 --> 00:04.000\nClient: Hi\n",
                  "zoom.vtt");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.turns[0].role == Role::agent);
  CHECK(t.turns[0].speaker == "Anna");
  CHECK(t.turns[1].role == Role::customer);
  CHECK(t.turns[1].start_ms == 2500);
}

TEST_CASE("subtitles without speaker names cannot be scored, and say so") {
  ReaderFixture f;
  auto r = f.read("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello there\n", "plain.vtt");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message ==
        "no speaker names in the cues (expected '<v Name>' voice tags or 'Name: text' lines); defuse needs to know "
        "who is the agent");
  auto empty = f.read("WEBVTT\n\nNOTE nothing here\n\n00:00:01.000 --> 00:00:02.000\n\n", "empty.vtt", "vtt");
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].message == "no cues with text");
  auto not_vtt = f.read("hello\n", "x.vtt", "vtt");
  REQUIRE(not_vtt.errors.size() == 1);
  CHECK(not_vtt.errors[0].format() ==
        "x.vtt:1: no WebVTT cues (expected a 'WEBVTT' line, then timing lines like '00:00:01.000 --> 00:00:04.000')");
  auto headless = f.read("1\n00:00:01.000 --> 00:00:02.000\nAgent: hi\n", "y.vtt", "vtt");
  CHECK(headless.errors.empty());  // exports that drop the header are still read
}

TEST_CASE("cue times") {
  CHECK(parse_cue_time("00:01:02.500") == 62500);
  CHECK(parse_cue_time("01:02.5") == 62500);
  CHECK(parse_cue_time("1:00:00,001") == 3600001);
  CHECK_FALSE(parse_cue_time("00:61.000"));
  CHECK_FALSE(parse_cue_time("00:01:02.500 x"));
  CHECK_FALSE(parse_cue_time("12"));
}

}  // namespace defuse
