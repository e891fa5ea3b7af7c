#include "read/inputs.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace defuse {
namespace {

namespace fs = std::filesystem;

TEST_CASE("a directory is walked in the order of its full paths sorted as strings") {
  fs::path root = fs::temp_directory_path() / ("defuse-walk-" + std::to_string(::getpid()));
  fs::remove_all(root);
  // '-' (0x2D) and ' ' sort before '/' (0x2F), '0' after it: "a-b/x" comes before "a/y",
  // and "a/..." before "a0...". A per-directory walk must keep that order.
  for (const char* f : {"a-b/x.txt", "a/y.txt", "a.txt", "a0.txt", "B.txt", "a/b/c.txt", "a0/z.txt", "a b.txt",
                        "a/b.txt", "a/notes.md"}) {
    fs::create_directories((root / f).parent_path());
    std::ofstream(root / f) << "Agent: Hello\n";
  }
  std::vector<std::string> walked;
  walk_inputs({root.string()}, [&](InputItem&& item) {
    CHECK_FALSE(item.error);
    walked.push_back(fs::path(item.path).lexically_relative(root).generic_string());
  });
  std::vector<std::string> expected = {"B.txt",   "a b.txt",   "a-b/x.txt", "a.txt",   "a/b.txt",
                                       "a/b/c.txt", "a/y.txt", "a0.txt",    "a0/z.txt"};
  CHECK(walked == expected);  // and a/notes.md is not a transcript

  // expand_inputs is the same walk, collected.
  auto items = expand_inputs({root.string()});
  REQUIRE(items.size() == expected.size());
  CHECK(items.front().path == (root / "B.txt").string());

  fs::create_directories(root / "empty");
  auto empty = expand_inputs({(root / "empty").string()});
  REQUIRE(empty.size() == 1);
  REQUIRE(empty[0].error);
  CHECK(empty[0].error->message.find("holds no transcripts") != std::string::npos);
  fs::remove_all(root);
}

}  // namespace
}  // namespace defuse
