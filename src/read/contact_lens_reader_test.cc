#include "read/contact_lens_reader.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "read/reader_test_util.h"

namespace defuse {
namespace {

using test::ReaderFixture;

// The shape of Amazon's documented example, trimmed to two turns plus fields to ignore.
const char* kContactLens = R"({
  "Version": "1.1.0", "AccountId": "123456789012", "Channel": "VOICE",
  "ContentMetadata": {"Output": "Raw"}, "JobStatus": "COMPLETED", "LanguageCode": "en-US",
  "Participants": [{"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
                   {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"}],
  "Categories": {"MatchedCategories": ["Cancellation"], "MatchedDetails": {}},
  "ConversationCharacteristics": {"TotalConversationDurationMillis": 7490, "Sentiment": {}},
  "Transcript": [
    {"BeginOffsetMillis": 0, "Content": "Thanks for calling, how can I help?", "EndOffsetMillis": 2100,
     "Id": "t1", "ParticipantId": "AGENT", "Sentiment": "NEUTRAL", "LoudnessScore": [79.27, 81.2]},
    {"BeginOffsetMillis": 1900, "Content": "I want to cancel, you charged me twice.", "EndOffsetMillis": 5000,
     "Id": "t2", "ParticipantId": "CUSTOMER", "Sentiment": "NEGATIVE",
     "IssuesDetected": [{"CharacterOffsets": {"Begin": 0, "End": 16}}]}
  ],
  "CustomerMetadata": {"InputS3Uri": "s3://bucket/call.wav", "ContactId": "c0ffee-01", "InstanceId": "i-1"}
})";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("Contact Lens output: participants, offsets, channel, language, contact id") {
  ReaderFixture f;
  auto r = f.read(kContactLens, "calls/analysis.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  REQUIRE(r.transcripts.size() == 1);
  const Transcript& t = r.transcripts[0];
  CHECK(t.id == "c0ffee-01");
  CHECK(t.channel == "call");
  CHECK(t.lang == "en");
  REQUIRE(t.turns.size() == 2);
  CHECK(t.turns[0].role == Role::agent);
  CHECK(t.turns[0].start_ms == 0);
  CHECK(t.turns[0].end_ms == 2100);
  CHECK(t.turns[1].role == Role::customer);
  CHECK(t.turns[1].text == "I want to cancel, you charged me twice.");
  CHECK(t.turns[1].start_ms == 1900);
  REQUIRE(t.metadata.size() == 1);
  CHECK(t.metadata[0].second == "Cancellation");
}

TEST_CASE("Transcribe Call Analytics: a role on each entry, no participant ids") {
  ReaderFixture f;
  f.options.lang = "es";
  auto r = f.read(R"({"JobName": "job-7", "LanguageCode": "en-US", "Transcript": [
      {"ParticipantRole": "CUSTOMER", "Content": "Hola", "BeginOffsetMillis": 10, "EndOffsetMillis": 900},
      {"ParticipantRole": "AGENT", "Content": "Buenas", "BeginOffsetMillis": 1000.4, "EndOffsetMillis": 1800}]})",
                  "tca.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "job-7");
  CHECK(t.lang == "es");  // --lang wins over the record
  CHECK(t.turns[1].role == Role::agent);
  CHECK(t.turns[1].start_ms == 1000);
}

TEST_CASE("Contact Lens chat: absolute times, system messages, events without text") {
  ReaderFixture f;
  auto r = f.read(R"({"Channel": "CHAT", "Participants": [{"ParticipantId": "p-a", "ParticipantRole": "AGENT"},
      {"ParticipantId": "p-c", "ParticipantRole": "CUSTOMER"}, {"ParticipantId": "p-s", "ParticipantRole": "SYSTEM"}],
      "Transcript": [
      {"ParticipantId": "p-s", "Content": "Connecting you", "ContentType": "text/plain", "AbsoluteTime": "2026-11-03T14:05:00.000Z"},
      {"ParticipantId": "p-c", "ContentType": "application/vnd.amazonaws.connect.event.participant.joined"},
      {"ParticipantId": "p-c", "Content": "My order is late", "ContentType": "text/plain", "AbsoluteTime": "2026-11-03T14:05:10.000Z"},
      {"ParticipantId": "p-a", "Content": "Sorry, checking", "ContentType": "text/markdown", "AbsoluteTime": "2026-11-03T14:06:10.500Z"}]})",
                  "chat.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.channel == "chat");
  REQUIRE(t.turns.size() == 3);
  CHECK(t.turns[0].role == Role::other);
  CHECK(t.turns[1].role == Role::customer);
  CHECK(*t.turns[2].start_ms - *t.turns[1].start_ms == 60500);
}

TEST_CASE("Transcribe Post-Call Analytics: the real sample") {
  std::string path = std::string(DEFUSE_SOURCE_DIR) + "/../shared/realdata/en_aws_pca_sample/testfile.json";
  if (!std::filesystem::exists(path)) return;  // the shared data is not part of the repository
  ReaderFixture f;
  auto r = f.read(read_file(path), path);
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "stereo_std_1.mp3");  // GUID is "None": the job name
  CHECK(t.channel == "call");
  CHECK(t.lang == "en");
  CHECK(t.started_at == "2021-11-25 13:35:14.215558");
  REQUIRE(t.turns.size() == 12);
  CHECK(t.turns[0].role == Role::agent);  // spk_0 is labelled "Agent"
  CHECK(t.turns[0].start_ms == 40);
  CHECK(t.turns[0].end_ms == 250);
  long agent = std::count_if(t.turns.begin(), t.turns.end(), [](const Turn& x) { return x.role == Role::agent; });
  long customer = std::count_if(t.turns.begin(), t.turns.end(), [](const Turn& x) { return x.role == Role::customer; });
  CHECK(agent == 6);
  CHECK(customer == 6);
}

TEST_CASE("PCA speaker labels that are names, and a missing label") {
  ReaderFixture f;
  f.options.agent_name = "Dana";
  auto r = f.read(R"({"ConversationAnalytics": {"GUID": "g-1", "LanguageCode": "en-US",
      "SpeakerLabels": [{"Speaker": "spk_0", "DisplayText": "Dana"}]},
      "SpeechSegments": [{"SegmentSpeaker": "spk_0", "DisplayText": "Hello", "SegmentStartTime": 0.5, "SegmentEndTime": 1.25},
                         {"SegmentSpeaker": "spk_1", "OriginalText": "Hi", "DisplayText": "", "SegmentStartTime": 2, "SegmentEndTime": 3}]})",
                  "pca.json");
  REQUIRE_MESSAGE(r.errors.empty(), r.error_text());
  const Transcript& t = r.transcripts.at(0);
  CHECK(t.id == "g-1");
  CHECK(t.turns[0].role == Role::agent);
  CHECK(t.turns[0].end_ms == 1250);
  CHECK(t.turns[1].role == Role::customer);  // the one other speaker
  CHECK(t.turns[1].text == "Hi");
}

TEST_CASE("--input-format contact-lens requires Amazon output") {
  ReaderFixture f;
  auto r = f.read(R"({"turns": []})", "x.json", "contact-lens");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() ==
        "x.json: no \"Transcript\" or \"SpeechSegments\" array (expected Contact Lens / Transcribe Call Analytics output)");
  auto bad = f.read(R"({"Transcript": [{"ParticipantId": "AGENT"}]})", "y.json");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message == "Transcript[0]: no \"Content\" string");
}

}  // namespace defuse
