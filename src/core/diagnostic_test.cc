#include "core/diagnostic.h"

#include <doctest/doctest.h>

using defuse::Diagnostic;

TEST_CASE("a diagnostic is path:line: message, or path: message for the whole file") {
  CHECK(Diagnostic{"calls/0042.txt", 17, "expected speaker label"}.format() == "calls/0042.txt:17: expected speaker label");
  CHECK(Diagnostic{"calls/0042.txt", 0, "empty file"}.format() == "calls/0042.txt: empty file");
  CHECK(Diagnostic{"day.ndjson:42", 42, "invalid JSON"}.format() == "day.ndjson:42: invalid JSON");
}

TEST_CASE("a diagnostic stays on one line whatever it quotes") {
  CHECK(Diagnostic{"a.txt", 3, "unknown escape character: \n"}.format() == "a.txt:3: unknown escape character: \\n");
  CHECK(Diagnostic{"bad\nname.txt", 0, "tab\there, bell\a"}.format() == "bad\\nname.txt: tab\\there, bell\\x07");
  CHECK(Diagnostic{"caf\xC3\xA9.txt", 1, "ok"}.format() == "caf\xC3\xA9.txt:1: ok");
}
