#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/model/vectors_io.h"
#include "tests/model_test_util.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::nce2vec::testing::ExpectSameVectors;
using ::nce2vec::testing::ReadFileOrDie;
using ::nce2vec::testing::RunCommand;
using ::nce2vec::testing::TempDir;
using ::nce2vec::testing::TestMatrix;
using ::nce2vec::testing::Words;
using ::nce2vec::testing::WriteTempFile;
using ::nce2vec::testing::WriteTempGzipFile;

std::string Floats(std::initializer_list<float> values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.begin(), bytes.size());
  return bytes;
}

// Expects reading `contents` to fail with every one of `parts` in the
// message (which also names the file).
void ExpectReadError(absl::string_view contents,
                     std::initializer_list<absl::string_view> parts,
                     VectorFormat format = VectorFormat::kAuto) {
  const std::string path = WriteTempFile(TempDir(), "bad.vec", contents);
  ReadVectorsOptions options;
  options.format = format;
  const auto result = ReadVectors(path, options);
  ASSERT_FALSE(result.ok()) << "read " << absl::CHexEscape(contents);
  const absl::string_view message = result.status().message();
  EXPECT_NE(message.find(path), std::string::npos) << message;
  for (const absl::string_view part : parts) {
    EXPECT_NE(message.find(part), absl::string_view::npos)
        << "'" << part << "' not in: " << message;
  }
}

TEST(VectorsIoTest, TextRoundTripIsExact) {
  const std::string dir = TempDir();
  const std::vector<std::string> words = Words(200);
  const Matrix vectors = TestMatrix(200, 37, 1);
  const std::string path = dir + "/v.txt";
  ASSERT_TRUE(WriteVectors(path, words, vectors, VectorFormat::kText).ok());
  const std::string text = ReadFileOrDie(path);
  EXPECT_EQ(text.substr(0, 7), "200 37\n");
  EXPECT_EQ(text.find(" \n"), std::string::npos);
  EXPECT_NE(text.find("\nw0 0 -0 1e-45 "), std::string::npos);
  auto read = ReadVectors(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameVectors(*read, words, vectors);
}

TEST(VectorsIoTest, BinaryRoundTripIsExactAndLaidOutAsWord2vec) {
  const std::string dir = TempDir();
  const std::vector<std::string> words = {"a", "bé", "c"};
  Matrix vectors(3, 2);
  vectors.row(0)[0] = 1.0f;
  vectors.row(0)[1] = -2.5f;
  vectors.row(1)[0] = 0.1f;
  vectors.row(2)[1] = -0.0f;
  const std::string path = dir + "/v.bin";
  ASSERT_TRUE(WriteVectors(path, words, vectors, VectorFormat::kBinary).ok());
  const std::string expected =
      absl::StrCat("3 2\na ", Floats({1.0f, -2.5f}), "\nbé ",
                   Floats({0.1f, 0.0f}), "\nc ", Floats({0.0f, -0.0f}), "\n");
  EXPECT_EQ(ReadFileOrDie(path), expected);
  auto read = ReadVectors(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameVectors(*read, words, vectors);

  const std::vector<std::string> many = Words(300);
  const Matrix random = TestMatrix(300, 100, 2);
  ASSERT_TRUE(WriteVectors(path, many, random, VectorFormat::kBinary).ok());
  read = ReadVectors(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameVectors(*read, many, random);
}

TEST(VectorsIoTest, GzipBothWays) {
  const std::string dir = TempDir();
  const std::vector<std::string> words = Words(50);
  const Matrix vectors = TestMatrix(50, 20, 3);
  for (const VectorFormat format :
       {VectorFormat::kText, VectorFormat::kBinary}) {
    const std::string plain = dir + "/v.plain";
    const std::string gz = dir + "/v.plain.gz";
    ASSERT_TRUE(WriteVectors(plain, words, vectors, format).ok());
    ASSERT_TRUE(WriteVectors(gz, words, vectors, format).ok());
    EXPECT_EQ(ReadFileOrDie(gz).substr(0, 2), "\x1f\x8b");
    std::string inflated;
    ASSERT_EQ(RunCommand("gzip -dc " + gz, &inflated), 0);
    EXPECT_EQ(inflated, ReadFileOrDie(plain));
    auto read = ReadVectors(gz);
    ASSERT_TRUE(read.ok()) << read.status();
    ExpectSameVectors(*read, words, vectors);
    // Detected by the magic bytes, whatever the name; also several members.
    const std::string renamed = WriteTempGzipFile(dir, "gz.vec", inflated);
    read = ReadVectors(renamed);
    ASSERT_TRUE(read.ok()) << read.status();
    ExpectSameVectors(*read, words, vectors);
    ASSERT_EQ(RunCommand("cd " + dir + " && head -c 1000 v.plain > a && " +
                             "tail -c +1001 v.plain > b && gzip -c a > ab.gz " +
                             "&& gzip -c b >> ab.gz",
                         &inflated),
              0);
    read = ReadVectors(dir + "/ab.gz");
    ASSERT_TRUE(read.ok()) << read.status();
    ExpectSameVectors(*read, words, vectors);
  }
}

TEST(VectorsIoTest, BadGzipIsAnError) {
  const std::string dir = TempDir();
  const std::string gz = dir + "/v.gz";
  ASSERT_TRUE(
      WriteVectors(gz, Words(100), TestMatrix(100, 50, 4), VectorFormat::kText)
          .ok());
  const std::string bytes = ReadFileOrDie(gz);
  const std::string truncated =
      WriteTempFile(dir, "t.gz", bytes.substr(0, bytes.size() / 2));
  auto read = ReadVectors(truncated);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("truncated"), absl::string_view::npos)
      << read.status();
  std::string corrupt = bytes;
  for (size_t i = 20; i < 60; ++i) corrupt[i] ^= 0x5a;
  read = ReadVectors(WriteTempFile(dir, "c.gz", corrupt));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("corrupt gzip"),
            absl::string_view::npos)
      << read.status();
}

TEST(VectorsIoTest, LimitReadsOnlyTheFirstWords) {
  const std::string dir = TempDir();
  const std::vector<std::string> words = Words(10);
  const Matrix vectors = TestMatrix(10, 8, 5);
  for (const VectorFormat format :
       {VectorFormat::kText, VectorFormat::kBinary}) {
    const std::string path = dir + "/v";
    ASSERT_TRUE(WriteVectors(path, words, vectors, format).ok());
    ReadVectorsOptions options;
    options.limit = 3;
    auto read = ReadVectors(path, options);
    ASSERT_TRUE(read.ok()) << read.status();
    ASSERT_EQ(read->words.size(), 3u);
    ExpectSameVectors(*read, {"w0", "w1", "w2"}, vectors);
    options.limit = 100;
    read = ReadVectors(path, options);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->words.size(), 10u);
    // Whatever follows the words read is not looked at.
    const std::string whole = ReadFileOrDie(path);
    size_t three_records = 5 + 3 * (3 + 8 * 4 + 1);  // "10 8\n", "wN ..."
    if (format == VectorFormat::kText) {
      three_records = 0;
      for (int i = 0; i < 4; ++i)
        three_records = whole.find('\n', three_records) + 1;
    }
    const std::string cut =
        WriteTempFile(dir, "cut", whole.substr(0, three_records) + "\xff\xfe");
    options.limit = 2;
    read = ReadVectors(cut, options);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->words.size(), 2u);
  }
  ReadVectorsOptions negative;
  negative.limit = -1;
  EXPECT_FALSE(ReadVectors(dir + "/v", negative).ok());
}

TEST(VectorsIoTest, ReadsFastTextStyleTrailingSpacesCrlfAndTabs) {
  const std::string dir = TempDir();
  Matrix expected(3, 2);
  expected.row(0)[0] = 0.5f;
  expected.row(0)[1] = -1.0f;
  expected.row(1)[0] = 2.0f;
  expected.row(1)[1] = 1e-3f;
  expected.row(2)[0] = 3.0f;
  expected.row(2)[1] = 4.0f;
  const std::vector<std::string> words = {"the", "</s>", "ünï"};
  for (const absl::string_view text : {
           "3 2 \nthe 0.5 -1 \n</s> 2 0.001 \nünï 3 4 \n",
           "3 2\r\nthe 0.5 -1\r\n</s> 2 0.001\r\nünï 3 4\r\n",
           "3\t2\nthe\t0.5   -1\n</s> +2 1e-3\t\nünï 3.0 4.",
           "3 2\nthe 0.5 -1\n</s> 2 0.001\nünï 3 4\n\n  \n",
       }) {
    auto read = ReadVectors(WriteTempFile(dir, "v.vec", text));
    ASSERT_TRUE(read.ok()) << read.status() << " for "
                           << absl::CHexEscape(text);
    ExpectSameVectors(*read, words, expected);
  }
}

TEST(VectorsIoTest, ReadsGensimBinaryWithoutNewlines) {
  const std::string dir = TempDir();
  Matrix expected(2, 3);
  for (int i = 1; i < 6; ++i) expected.row(i / 3)[i % 3] = -1.5f * i;
  const std::string bytes =
      absl::StrCat("2 3\nx ", Floats({0.0f, -1.5f, -3.0f}), "yz ",
                   Floats({-4.5f, -6.0f, -7.5f}));
  auto read = ReadVectors(WriteTempFile(dir, "g.bin", bytes));
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectSameVectors(*read, {"x", "yz"}, expected);
}

TEST(VectorsIoTest, DetectsTheFormatAndHonoursAForcedOne) {
  const std::string dir = TempDir();
  // All four bytes of the value are printable ASCII, but they are not a
  // number and "\n" follows them: binary.
  const std::string printable = "abcd";
  const std::string tricky = absl::StrCat("1 1\nw ", printable, "\n");
  auto read = ReadVectors(WriteTempFile(dir, "t", tricky));
  ASSERT_TRUE(read.ok()) << read.status();
  float expected;
  std::memcpy(&expected, printable.data(), 4);
  EXPECT_EQ(read->vectors.row(0)[0], expected);
  // Parses as text too; forcing text gives the text reading.
  const std::string both = "1 1\nw 2.50\n";
  read = ReadVectors(WriteTempFile(dir, "b", both));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->vectors.row(0)[0], 2.5f);
  ReadVectorsOptions binary;
  binary.format = VectorFormat::kBinary;
  read = ReadVectors(WriteTempFile(dir, "b", both), binary);
  ASSERT_TRUE(read.ok()) << read.status();
  std::memcpy(&expected, "2.50", 4);
  EXPECT_EQ(read->vectors.row(0)[0], expected);
  ReadVectorsOptions text;
  text.format = VectorFormat::kText;
  const std::string bin = absl::StrCat("1 2\nw ", Floats({-1.0f, 2.0f}), "\n");
  EXPECT_FALSE(ReadVectors(WriteTempFile(dir, "c", bin), text).ok());
  EXPECT_TRUE(ReadVectors(WriteTempFile(dir, "c", bin)).ok());
}

TEST(VectorsIoTest, BadHeadersNameLineOne) {
  ExpectReadError("", {"empty"});
  ExpectReadError("hello world\n", {"line 1", "bad header", "'hello world'"});
  ExpectReadError("3\na 1\n", {"line 1", "no dimension"});
  ExpectReadError("3 4 5\n", {"line 1", "more than two numbers"});
  ExpectReadError("0 4\n", {"line 1", "at least 1"});
  ExpectReadError("-2 4\n", {"line 1", "at least 1"});
  ExpectReadError("2 0\n", {"line 1", "dimension must be in [1, 100000]"});
  ExpectReadError("2 -3\n", {"line 1", "dimension"});
  ExpectReadError("2 1000000000\n", {"line 1", "dimension must be in"});
  ExpectReadError("99999999999999999999999 3\n",
                  {"line 1", "word count does not fit in 64 bits"});
  ExpectReadError("2 99999999999999999999999\n",
                  {"line 1", "dimension does not fit in 64 bits"});
  ExpectReadError("2 3", {"line 1", "no line end"});
  ExpectReadError("2x 3\na 1 2 3\n", {"line 1"});
}

TEST(VectorsIoTest, AbsurdCountsFailAtOnceWithoutAllocating) {
  // 10^12 words of dimension 100000 would be 400 PB: the file's size says
  // there can be at most one record.
  for (const absl::string_view contents :
       {"1000000000000 100000\nw 1 2 3\n", "1000000000000 3\nw 1 2 3\n"}) {
    ExpectReadError(contents, {"line 1", "1000000000000", "at most"});
  }
  const std::string binary =
      absl::StrCat("1000000000000 2\nw ", Floats({1.0f, 2.0f}), "\n");
  ExpectReadError(binary, {"byte offset 0", "at most 1 such records"});
  // With a limit the header's count is not needed.
  ReadVectorsOptions options;
  options.limit = 1;
  auto read = ReadVectors(
      WriteTempFile(TempDir(), "v", "1000000000000 3\nw 1 2 3\n"), options);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->words.size(), 1u);
}

TEST(VectorsIoTest, MalformedTextRecordsNameTheLine) {
  // Values are written long enough that the file's size could hold the
  // header's count: the record itself is then what fails.
  ExpectReadError("2 3\na 1.25 2.25 3.25\nb 1.25 2.25\n",
                  {"line 3", "'b' has 2 values", "expected 3"});
  ExpectReadError("2 3\na 1 2 3\nb 1 2 3 4\n", {"line 3", "more than"});
  ExpectReadError("2 3\na 1 2 3\nb 1 x2 3\n",
                  {"line 3", "value 2 of word 'b'", "'x2'", "not a float"});
  ExpectReadError("2 3\na 1 2 3\nb 1 2 3.0.0\n", {"line 3", "'3.0.0'"});
  ExpectReadError("2 3\na 1 nan 3\nb 1 2 3\n",
                  {"line 2", "'nan'", "not finite"});
  ExpectReadError("2 3\na 1 2 -inf\nb 1 2 3\n", {"line 2", "not finite"});
  ExpectReadError("2 3\na 1 2 1e39\nb 1 2 3\n", {"line 2", "'1e39'"});
  ExpectReadError("3 3\na 1.25 2.25 3.25\nb 1.25 2.25 3.25\n",
                  {"line 4", "ends after 2 words", "header says 3"});
  ExpectReadError("3 3\na 1 2 3\nb 1 2 3\na 4 5 6\n",
                  {"line 4", "duplicate word 'a'", "first on line 2"});
  ExpectReadError("2 3\na 1 2 3\n\nb 1 2 3\n", {"line 3", "empty line"});
  ExpectReadError(std::string("2 1\na 1.5\nb\0z 2.5\n", 18),
                  {"line 3", "'b\\x00z' holds a NUL byte at its byte 2"});
  ExpectReadError("2 3\na 1 2 3\n 1 2 3\n", {"line 3", "no word"});
  ExpectReadError("1 3\na 1 2 3\n\nb 1 2 3\n",
                  {"line 4", "more records than the 1"});
  // A truncated file whose size cannot hold the header's count fails on the
  // header.
  ExpectReadError("3 3\na 1 2 3\nb 1 2 3\n", {"line 1", "at most 2"});
}

TEST(VectorsIoTest, MalformedBinaryRecordsNameTheByteOffset) {
  // Header "2 2\n" is 4 bytes and record `a` 11, so the second record starts
  // at offset 15.
  const std::string a = absl::StrCat("a ", Floats({1.0f, 2.0f}), "\n");
  ExpectReadError(
      absl::StrCat("2 2\n", a, "bbbbbbbb ", Floats({1.0f}).substr(0, 3)),
      {"byte offset 24", "'bbbbbbbb' needs 8 bytes", "has 3 left"});
  ExpectReadError(
      absl::StrCat("2 2\n", a, "b ", Floats({1.0f, std::nanf("")}), "\n"),
      {"byte offset 21", "value 2 of word 'b'", "not finite"});
  ExpectReadError(
      absl::StrCat("2 2\n", a, "b ", Floats({-INFINITY, 1.0f}), "\n"),
      {"byte offset 17", "value 1", "not finite"});
  ExpectReadError(
      absl::StrCat("2 2\n", a, a),
      {"byte offset 15", "duplicate word 'a'", "first at byte offset 4"});
  ExpectReadError(absl::StrCat("3 2\n", a, "x", a, std::string(10, '\n')),
                  {"byte offset 37", "ends after 2 words", "header says 3"});
  ExpectReadError(
      absl::StrCat("3 2\n", a, "noSpaceHere", std::string(14, '\xff')),
      {"byte offset 15", "no space"});
  // The header says 2 values but the vectors have 3.
  ExpectReadError(absl::StrCat("2 2\na ", Floats({1.0f, 2.0f, 0.5f}), "\nb ",
                               Floats({1.0f, 2.0f, 3.0f}), "\n"),
                  {"byte offset 14", "word 2", "control byte", "dimension"});
  ExpectReadError(absl::StrCat("1 2\n", a, "b"),
                  {"byte offset 15", "more records than the 1"});
  ExpectReadError(absl::StrCat("3 2\n", a, a), {"byte offset 0", "at most 2"});
}

TEST(VectorsIoTest, MissingFileOrDirectoryIsAnErrorNamingIt) {
  const std::string dir = TempDir();
  auto read = ReadVectors(dir + "/nothing.vec");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find("cannot open vector file " + dir +
                                         "/nothing.vec"),
            absl::string_view::npos)
      << read.status();
  read = ReadVectors(dir);
  EXPECT_NE(
      read.status().message().find("vector file " + dir + " is a directory"),
      absl::string_view::npos)
      << read.status();
}

TEST(VectorsIoTest, WriteRejectsWhatCouldNotBeReadBack) {
  const std::string dir = TempDir();
  const std::string path = dir + "/out.vec";
  Matrix vectors(3, 2);
  EXPECT_FALSE(
      WriteVectors(path, {"a", "b", "a"}, vectors, VectorFormat::kText).ok());
  EXPECT_FALSE(
      WriteVectors(path, {"a", "b c", "d"}, vectors, VectorFormat::kText).ok());
  EXPECT_FALSE(
      WriteVectors(path, {"a", "", "d"}, vectors, VectorFormat::kText).ok());
  EXPECT_FALSE(WriteVectors(path, {}, vectors, VectorFormat::kText).ok());
  EXPECT_FALSE(
      WriteVectors(path, {"a", "b", "c", "d"}, vectors, VectorFormat::kText)
          .ok());
  vectors.row(1)[1] = std::nanf("");
  const absl::Status nan =
      WriteVectors(path, {"a", "b", "c"}, vectors, VectorFormat::kBinary);
  EXPECT_FALSE(nan.ok());
  EXPECT_NE(nan.message().find("value 2 of word 'b'"), absl::string_view::npos)
      << nan;
  // Nothing was left behind.
  std::string listing;
  RunCommand("ls -A " + dir, &listing);
  EXPECT_EQ(listing, "");
  EXPECT_FALSE(WriteVectors(dir + "/no/such/folder/v.txt", {"a"}, Matrix(1, 2),
                            VectorFormat::kText)
                   .ok());
}

TEST(VectorsIoTest, AutoWriteFormatFollowsTheName) {
  const std::string dir = TempDir();
  const Matrix vectors = TestMatrix(2, 4, 6);
  ASSERT_TRUE(
      WriteVectors(dir + "/v.bin.gz", {"a", "b"}, vectors, VectorFormat::kAuto)
          .ok());
  ASSERT_TRUE(
      WriteVectors(dir + "/v.vec", {"a", "b"}, vectors, VectorFormat::kAuto)
          .ok());
  std::string inflated;
  ASSERT_EQ(RunCommand("gzip -dc " + dir + "/v.bin.gz", &inflated), 0);
  EXPECT_EQ(inflated.size(), 4 + 2 * (2 + 16 + 1));
  EXPECT_EQ(ReadFileOrDie(dir + "/v.vec").find('\0'), std::string::npos);
}

TEST(VectorsIoTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseVectorFormat("text"), VectorFormat::kText);
  EXPECT_EQ(*ParseVectorFormat("binary"), VectorFormat::kBinary);
  EXPECT_EQ(*ParseVectorFormat("auto"), VectorFormat::kAuto);
  const auto bad = ParseVectorFormat("bin");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'bin'"), absl::string_view::npos);
}

}  // namespace
}  // namespace nce2vec
