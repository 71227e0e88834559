// Runs `nce2vec vocab` as a user would.
#include <sys/stat.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/vocab/vocab.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string RunNce2vec(const std::string& args, int* exit_code) {
  std::string output;
  *exit_code =
      testing::RunCommand(testing::Nce2vecBinary() + " " + args, &output);
  return output;
}

TEST(CliVocabTest, BuildsAndSavesTheVocabulary) {
  const std::string dir = testing::TempDir();
  const std::string a = testing::WriteTempFile(dir, "a.txt", "x y x\nz x y\n");
  const std::string b = testing::WriteTempGzipFile(dir, "b.txt", "y q\n");
  const std::string out = dir + "/vocab.txt";
  int code;
  const std::string output =
      RunNce2vec("vocab --input " + a + "," + b + " --save_vocab " + out +
                     " --min_count 2 --threads 2",
                 &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("tokens: 8\n"));
  EXPECT_THAT(output, HasSubstr("types: 4\n"));
  EXPECT_THAT(output, HasSubstr("kept words: 2 (min_count 2)"));
  EXPECT_THAT(output, HasSubstr("seconds: "));
  EXPECT_THAT(output, HasSubstr("tokens/s: "));
  EXPECT_EQ(testing::ReadFileOrDie(out), "x 3\ny 3\n");
  absl::StatusOr<Vocab> vocab = Vocab::Load(out);
  ASSERT_TRUE(vocab.ok()) << vocab.status();
  EXPECT_THAT(vocab->words(), ElementsAre("x", "y"));
}

TEST(CliVocabTest, MaxVocab) {
  const std::string dir = testing::TempDir();
  const std::string a = testing::WriteTempFile(dir, "a.txt", "a a a b b c\n");
  int code;
  const std::string output =
      RunNce2vec("vocab --input=" + a + " --save_vocab=" + dir +
                     "/v.txt --min_count=1 --max_vocab=2",
                 &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_EQ(testing::ReadFileOrDie(dir + "/v.txt"), "a 3\nb 2\n");
}

TEST(CliVocabTest, MissingInputIsAUsageError) {
  int code;
  const std::string output =
      RunNce2vec("vocab --save_vocab " + testing::TempDir() + "/v.txt", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--input is required"));
}

TEST(CliVocabTest, MissingSaveVocabIsAUsageError) {
  const std::string a =
      testing::WriteTempFile(testing::TempDir(), "a.txt", "a\n");
  int code;
  const std::string output = RunNce2vec("vocab --input " + a, &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--save_vocab is required"));
}

TEST(CliVocabTest, UnknownFileIsNamed) {
  const std::string dir = testing::TempDir();
  int code;
  const std::string output = RunNce2vec(
      "vocab --input " + dir + "/nope.txt" + " --save_vocab " + dir + "/v.txt",
      &code);
  EXPECT_EQ(code, 1);
  EXPECT_THAT(output, HasSubstr(dir + "/nope.txt"));
  EXPECT_THAT(output, HasSubstr("No such file"));
}

TEST(CliVocabTest, BadFlagValuesAreNamed) {
  const std::string dir = testing::TempDir();
  const std::string a = testing::WriteTempFile(dir, "a.txt", "a\n");
  int code;
  std::string output = RunNce2vec(
      "vocab --input " + a + " --save_vocab " + dir + "/v.txt --threads 0",
      &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--threads"));
  output = RunNce2vec(
      "vocab --input " + a + " --save_vocab " + dir + "/missing/v.txt", &code);
  EXPECT_NE(code, 0);
  EXPECT_THAT(output, HasSubstr("--save_vocab"));
  output = RunNce2vec("vocab --input " + a + " --save_vocab " + dir + "/v.txt",
                      &code);
  EXPECT_EQ(code, 1);
  EXPECT_THAT(output, HasSubstr("min_count=5"));
}

TEST(CliVocabTest, UnwritableOutputFailsBeforeTheCorpusIsRead) {
  const std::string dir = testing::TempDir();
  // Not gzip data past its magic bytes: reading it would fail.
  const std::string bad = testing::WriteTempFile(dir, "bad.gz", "\x1f\x8bxx");
  int code;
  const std::string output = RunNce2vec(
      "vocab --input " + bad + " --save_vocab " + dir + "/no/v.txt", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--save_vocab=" + dir + "/no/v.txt"));
  EXPECT_THAT(output, ::testing::Not(HasSubstr("gzip")));
}

TEST(CliVocabTest, SaveVocabOverTheCorpusIsRefused) {
  const std::string dir = testing::TempDir();
  const std::string corpus = testing::WriteTempFile(dir, "c.txt", "a a\n");
  int code;
  // The same file by another name.
  const std::string output =
      RunNce2vec("vocab --min_count 1 --input " + corpus + " --save_vocab " +
                     dir + "/./c.txt",
                 &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("is the --input file " + corpus));
  EXPECT_EQ(testing::ReadFileOrDie(corpus), "a a\n");
}

TEST(CliVocabTest, NulByteInTheCorpusIsNamedAndNothingIsWritten) {
  const std::string dir = testing::TempDir();
  const std::string corpus = testing::WriteTempFile(
      dir, "c.txt", std::string("a a a a a\nb\0c\n", 15));
  int code;
  const std::string output = RunNce2vec(
      "vocab --input " + corpus + " --save_vocab " + dir + "/v.txt", &code);
  EXPECT_EQ(code, 1);
  EXPECT_THAT(output, HasSubstr("corpus file " + corpus +
                                ": NUL byte at byte offset 11"));
  struct stat st;
  EXPECT_NE(stat((dir + "/v.txt").c_str(), &st), 0);
}

TEST(CliVocabTest, HelpListsTheFlags) {
  int code;
  const std::string output = RunNce2vec("help vocab", &code);
  EXPECT_EQ(code, 0);
  for (const char* flag :
       {"--input", "--save_vocab", "--min_count", "--max_vocab", "--threads"}) {
    EXPECT_THAT(output, HasSubstr(flag));
  }
}

}  // namespace
}  // namespace nce2vec
