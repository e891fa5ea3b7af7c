#include "cli/progress.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace defuse {
namespace {

namespace fs = std::filesystem;

// A folder with `count` transcript files of `bytes` bytes each, removed on destruction.
struct Folder {
  fs::path dir;
  Folder(int count, std::size_t bytes) {
    dir = fs::temp_directory_path() / ("defuse-progress-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (int i = 0; i < count; ++i) std::ofstream(dir / ("t" + std::to_string(i) + ".txt")) << std::string(bytes, 'x');
  }
  ~Folder() { fs::remove_all(dir); }
};

BatchStats stats(std::size_t inputs, std::size_t transcripts, std::size_t text_bytes) {
  BatchStats s;
  s.inputs = inputs;
  s.transcripts = transcripts;
  s.bytes = text_bytes;
  return s;
}

}  // namespace

TEST_CASE("input sizes follow the order the batch reads them in") {
  Folder folder(4, 1000);
  InputSizes sizes = measure_inputs({folder.dir.string()});
  REQUIRE(sizes.count() == 4);
  CHECK(sizes.prefix[2] == 2000);
  REQUIRE(sizes.total);
  CHECK(*sizes.total == 4000);
}

TEST_CASE("standard input has no size known up front; a missing path adds nothing") {
  CHECK_FALSE(measure_inputs({"-"}).total);
  Folder folder(1, 500);
  InputSizes sizes = measure_inputs({folder.dir.string(), "/nonexistent/defuse"});
  REQUIRE(sizes.total);
  CHECK(*sizes.total == 500);
}

TEST_CASE("a folder of files shows the share done, the ETA, files and rates") {
  Folder folder(10, 1000);
  Progress progress(true, {folder.dir.string()}, stderr);
  // 4 of 10 equal files done after 2 s: 40 %, 3 s left.
  std::string line = progress.format_line(stats(4, 4, 2800), 2.0);
  CHECK(line == "defuse:  40% [####......] ETA 0:03  4/10 files  2/s  0.0 MB/s");
}

TEST_CASE("one large stream is placed by its text before it ends") {
  Folder folder(1, 1000000);
  Progress progress(true, {folder.dir.string()}, stderr);
  // No input finished yet: 340,000 bytes of text at the default text share (0.68) is half.
  std::string line = progress.format_line(stats(0, 1000, 340000), 5.0);
  CHECK(line == "defuse:  50% [#####.....] ETA 0:05  1,000 transcripts  200/s  0.1 MB/s");
}

TEST_CASE("without a known size the line shows counts and rates only") {
  Progress progress(true, {"-"}, stderr);
  CHECK(progress.format_line(stats(0, 123456, 5000000), 2.0) == "defuse:  123,456 transcripts  61,728/s  2.5 MB/s");
}

TEST_CASE("a disabled display measures nothing and draws nothing") {
  std::FILE* out = std::tmpfile();
  Progress progress(false, {"/nonexistent/defuse"}, out);
  progress.update(stats(1, 1, 1));
  progress.clear();
  CHECK(std::ftell(out) == 0);
  std::fclose(out);
}

}  // namespace defuse
