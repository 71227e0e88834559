// The byte sources of src/io/: whole files (FileContents) here; the sharded
// reading through ByteSource is tested with the corpus (corpus_test.cc).
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/io/byte_source.h"
#include "src/util/rng.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

// Text that compresses a little but not to nothing.
std::string Text(uint64_t seed, size_t bytes) {
  Rng rng(seed);
  std::string s(bytes, ' ');
  for (char& c : s) c = static_cast<char>('a' + rng.Next() % 20);
  return s;
}

absl::StatusOr<std::string> Read(const std::string& path) {
  absl::StatusOr<FileContents> contents = ReadFileContents(path, "test file");
  if (!contents.ok()) return contents.status();
  return std::string(contents->view());
}

TEST(FileContentsTest, PlainGzipAndConcatenatedGzip) {
  const std::string dir = testing::TempDir();
  const std::string text = Text(1, 300000);
  EXPECT_EQ(Read(testing::WriteTempFile(dir, "plain", text)).value(), text);
  EXPECT_EQ(Read(testing::WriteTempGzipFile(dir, "gz", text)).value(), text);
  const std::string a = testing::ReadFileOrDie(
      testing::WriteTempGzipFile(dir, "a.gz", text.substr(0, 1000)));
  const std::string b = testing::ReadFileOrDie(
      testing::WriteTempGzipFile(dir, "b.gz", text.substr(1000)));
  EXPECT_EQ(Read(testing::WriteTempFile(dir, "ab.gz", a + b)).value(), text);
  // Empty files, plain and compressed.
  EXPECT_EQ(Read(testing::WriteTempFile(dir, "empty", "")).value(), "");
  EXPECT_EQ(Read(testing::WriteTempGzipFile(dir, "empty.gz", "")).value(), "");
}

TEST(FileContentsTest, MovingKeepsTheBytes) {
  const std::string dir = testing::TempDir();
  absl::StatusOr<FileContents> mapped =
      ReadFileContents(testing::WriteTempFile(dir, "p", "mapped"), "f");
  absl::StatusOr<FileContents> inflated =
      ReadFileContents(testing::WriteTempGzipFile(dir, "g", "heap"), "f");
  ASSERT_TRUE(mapped.ok() && inflated.ok());
  FileContents moved = *std::move(mapped);
  EXPECT_EQ(moved.view(), "mapped");
  moved = *std::move(inflated);
  EXPECT_EQ(moved.view(), "heap");
}

// Pipes have no size to map: they are read to their end, and inflated when
// they carry gzip data.
TEST(FileContentsTest, PipesPlainAndGzip) {
  const std::string dir = testing::TempDir();
  const std::string text = Text(2, 200000);
  const std::string plain = testing::WriteTempFile(dir, "plain", text);
  const std::string gz = testing::WriteTempGzipFile(dir, "gz", text);
  for (const std::string& source : {plain, gz}) {
    const std::string fifo = dir + "/fifo";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    ASSERT_EQ(std::system(("cat " + source + " > " + fifo + " &").c_str()), 0);
    EXPECT_EQ(Read(fifo).value(), text) << source;
    ASSERT_EQ(unlink(fifo.c_str()), 0);
  }
  // /proc files say their size is 0.
  EXPECT_THAT(Read("/proc/self/status").value(), HasSubstr("Pid:"));
}

TEST(FileContentsTest, BadGzipNamesTheFileAndTheOffset) {
  const std::string dir = testing::TempDir();
  const std::string gz = testing::ReadFileOrDie(
      testing::WriteTempGzipFile(dir, "whole.gz", Text(3, 100000)));
  const std::string cut =
      testing::WriteTempFile(dir, "cut.gz", gz.substr(0, gz.size() / 2));
  absl::StatusOr<std::string> read = Read(cut);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(),
              HasSubstr("test file " + cut + ": truncated gzip data"));
  EXPECT_THAT(read.status().message(), HasSubstr("uncompressed bytes"));

  std::string corrupt = gz;
  for (size_t i = 20; i < 60; ++i) corrupt[i] ^= 0x5a;
  const std::string bad = testing::WriteTempFile(dir, "bad.gz", corrupt);
  read = Read(bad);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("test file " + bad +
                                                 ": corrupt gzip data at "
                                                 "uncompressed byte "));

  const std::string tail = testing::WriteTempFile(dir, "tail.gz", gz + "junk");
  read = Read(tail);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(),
              HasSubstr("unexpected data after the gzip stream"));
  EXPECT_THAT(read.status().message(), HasSubstr("(uncompressed byte 100000)"));
}

TEST(FileContentsTest, MissingFileAndDirectoryAreErrors) {
  const std::string dir = testing::TempDir();
  absl::StatusOr<std::string> read = Read(dir + "/none");
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(absl::IsNotFound(read.status()));
  EXPECT_THAT(read.status().message(),
              HasSubstr("cannot open test file " + dir + "/none: "));
  read = Read(dir);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(),
              HasSubstr("test file " + dir + " is a directory, not a file"));
}

}  // namespace
}  // namespace nce2vec
