// End-to-end tests of `nce2vec nn`, `analogy` and `eval` on tiny vector
// files: the batch output formats, errors reaching the user, exit codes.
#include <sys/stat.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// man:woman :: king:queen; apple points away from the rest.
constexpr char kVectors[] =
    "5 3\n"
    "man 1 0 0\n"
    "woman 1 1 0\n"
    "king 1 0 1\n"
    "queen 1 1 1\n"
    "apple 0 0 -1\n";

class CliQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir();
    vectors_ = testing::WriteTempFile(dir_, "v.txt", kVectors);
  }

  // Runs nce2vec with `args` and stdin from `input`; stdout in *out, stderr
  // in *err; returns the exit code.
  int Run(const std::string& args, const std::string& input, std::string* out,
          std::string* err, const std::string& eval_dir = "/nonexistent") {
    const std::string in = testing::WriteTempFile(dir_, "stdin.txt", input);
    const std::string err_path = dir_ + "/stderr.txt";
    const int code =
        testing::RunCommand(absl::StrCat("(NCE2VEC_EVAL_DIR=", eval_dir, " ",
                                         testing::Nce2vecBinary(), " ", args,
                                         " <", in, " 2>", err_path, ")"),
                            out);
    *err = testing::ReadFileOrDie(err_path);
    return code;
  }

  std::string dir_;
  std::string vectors_;
};

TEST_F(CliQueryTest, NnBatchPrintsTabSeparatedLines) {
  std::string out, err;
  ASSERT_EQ(
      Run("nn --vectors " + vectors_ + " --k 2", "king\nqueen\n", &out, &err),
      0)
      << err;
  EXPECT_EQ(out,
            "king\t1\tqueen\t0.816497\n"
            "king\t2\tman\t0.707107\n"
            "queen\t1\twoman\t0.816497\n"  // tie with king: lower row wins
            "queen\t2\tking\t0.816497\n");
}

TEST_F(CliQueryTest, NnKLargerThanVocabularyAndQueriesFile) {
  const std::string queries = testing::WriteTempFile(dir_, "q.txt", "man\n");
  std::string out, err;
  ASSERT_EQ(Run("nn --vectors " + vectors_ + " --k 100 --queries " + queries,
                "", &out, &err),
            0)
      << err;
  EXPECT_EQ(out,
            "man\t1\twoman\t0.707107\n"
            "man\t2\tking\t0.707107\n"
            "man\t3\tqueen\t0.577350\n"
            "man\t4\tapple\t0.000000\n");
}

TEST_F(CliQueryTest, NnUnknownWordIsReportedAndTheRestAnswered) {
  std::string out, err;
  ASSERT_EQ(
      Run("nn --vectors " + vectors_ + " --k 1", "prince\nking\n", &out, &err),
      0);
  EXPECT_EQ(out, "king\t1\tqueen\t0.816497\n");
  EXPECT_THAT(err,
              HasSubstr("stdin:1: word 'prince' is not in the vocabulary"));
}

TEST_F(CliQueryTest, NnJsonLines) {
  std::string out, err;
  ASSERT_EQ(Run("nn --vectors " + vectors_ + " --k 1 --json", "king\nnope\n",
                &out, &err),
            0);
  EXPECT_EQ(out,
            "{\"query\": \"king\", \"results\": [{\"word\": \"queen\", "
            "\"score\": 0.8164966106}]}\n"
            "{\"query\": \"nope\", \"error\": \"word 'nope' is not in the "
            "vocabulary\"}\n");
}

TEST_F(CliQueryTest, DuplicateWordsInTheFileReachTheUser) {
  const std::string bad =
      testing::WriteTempFile(dir_, "dup.txt", "2 2\ncat 1 0\ncat 0 1\n");
  std::string out, err;
  EXPECT_NE(Run("nn --vectors " + bad, "cat\n", &out, &err), 0);
  EXPECT_THAT(err, HasSubstr("duplicate word"));
  EXPECT_THAT(err, HasSubstr("dup.txt"));
}

TEST_F(CliQueryTest, LimitLoadsTheFirstWords) {
  std::string out, err;
  ASSERT_EQ(Run("nn --vectors " + vectors_ + " --limit 2 --k 5", "man\nking\n",
                &out, &err),
            0);
  EXPECT_EQ(out, "man\t1\twoman\t0.707107\n");
  EXPECT_THAT(err, HasSubstr("stdin:2: word 'king' is not in the vocabulary"));
}

TEST_F(CliQueryTest, AnalogyBothMethods) {
  std::string out, err;
  ASSERT_EQ(Run("analogy --vectors " + vectors_ + " --k 1",
                "man woman king\nman woman\n", &out, &err),
            0);
  EXPECT_EQ(out, "man woman king\t1\tqueen\t0.975287\n");
  EXPECT_THAT(err, HasSubstr("stdin:2: expected 3 words"));
  ASSERT_EQ(Run("analogy --vectors " + vectors_ + " --k 1 --method 3cosmul",
                "man woman king\n", &out, &err),
            0);
  EXPECT_THAT(out, HasSubstr("man woman king\t1\tqueen\t"));
  EXPECT_EQ(
      Run("analogy --vectors " + vectors_ + " --method cos", "", &out, &err),
      2);
  EXPECT_THAT(err, HasSubstr("--method must be 3cosadd or 3cosmul"));
}

TEST_F(CliQueryTest, EvalReportsAnalogiesAndSimilarity) {
  const std::string q = testing::WriteTempFile(
      dir_, "q.txt",
      ": family\nman woman king queen\nMan Woman King Apple\n"
      "man woman king prince\n: gram1\nman woman\n");
  const std::string s = testing::WriteTempFile(
      dir_, "ws.txt", "# c\nking\tqueen\t9\nking\tman\t7\nking\tapple\t1\n");
  std::string out, err;
  ASSERT_EQ(Run("eval --vectors " + vectors_ + " --analogies " + q +
                    " --similarity " + s + " --json",
                "", &out, &err),
            0)
      << err;
  EXPECT_THAT(out, HasSubstr("\"correct\": 1, \"evaluated\": 2"));
  EXPECT_THAT(out, HasSubstr("\"skipped_oov\": 1, \"questions\": 3"));
  EXPECT_THAT(out, HasSubstr("\"malformed\": 1"));
  EXPECT_THAT(out, HasSubstr("\"ws\": {"));
  EXPECT_THAT(out, HasSubstr("\"spearman\": 1,"));
  EXPECT_THAT(err, HasSubstr("q.txt:6: expected 4 words, got 2"));
  ASSERT_EQ(
      Run("eval --vectors " + vectors_ + " --analogies " + q, "", &out, &err),
      0);
  EXPECT_THAT(out, HasSubstr("accuracy 50.00% over 2 evaluated questions, "
                             "33.33% over all 3 (1 skipped"));
}

TEST_F(CliQueryTest, EvalDefaultsToTheSetsOfEvalDirOrNce2vecEvalDir) {
  const std::string sets = dir_ + "/sets";
  ASSERT_EQ(mkdir(sets.c_str(), 0755), 0);
  testing::WriteTempFile(sets, "questions-words.txt",
                         ": family\nman woman king queen\n");
  testing::WriteTempFile(sets, "wordsim353.txt",
                         "king\tqueen\t9\nking\tman\t7\n");
  std::string out, err;
  ASSERT_EQ(Run("eval --vectors " + vectors_, "", &out, &err, sets), 0) << err;
  EXPECT_THAT(out, HasSubstr(sets + "/questions-words.txt"));
  EXPECT_THAT(out, HasSubstr("wordsim353"));
  // --eval_dir wins over the environment.
  ASSERT_EQ(Run("eval --vectors " + vectors_ + " --eval_dir " + sets, "", &out,
                &err, "/nonexistent"),
            0)
      << err;
  EXPECT_THAT(out, HasSubstr(sets + "/questions-words.txt"));

  // A folder that was named is never replaced by the shipped sets.
  EXPECT_EQ(Run("eval --vectors " + vectors_, "", &out, &err, "/nonexistent"),
            2);
  EXPECT_THAT(err, HasSubstr("$NCE2VEC_EVAL_DIR /nonexistent: holds none of "
                             "questions-words.txt, wordsim353.txt"));
  EXPECT_EQ(
      Run("eval --vectors " + vectors_ + " --eval_dir " + dir_ + "/nowhere", "",
          &out, &err, sets),
      2);
  EXPECT_THAT(err, HasSubstr("--eval_dir " + dir_ + "/nowhere: holds none of"));
  EXPECT_EQ(Run("eval --vectors " + vectors_ + " --eval_dir " + sets +
                    " --analogies " + sets + "/questions-words.txt",
                "", &out, &err),
            2);
  EXPECT_THAT(err, HasSubstr("give one or the other"));
  EXPECT_EQ(out, "");
}

// No flag, no $NCE2VEC_EVAL_DIR: the sets of the source tree (data/eval),
// found through the binary's location (build/nce2vec -> ../data/eval, or
// the path compiled in).
TEST_F(CliQueryTest, EvalWithoutFlagsScoresEveryShippedSet) {
  std::string out, err;
  ASSERT_EQ(Run("eval --vectors " + vectors_, "", &out, &err, ""), 0) << err;
  EXPECT_THAT(out, HasSubstr("/data/eval/questions-words.txt (3CosAdd"));
  EXPECT_THAT(out, HasSubstr("19544"));
  for (const char* set : {"wordsim353 ", "simlex999 ", "men3000 ", "rw2034 ",
                          "wordsim353-sim ", "wordsim353-rel "}) {
    EXPECT_THAT(out, HasSubstr(absl::StrCat("\n  ", set))) << set;
  }
}

TEST_F(CliQueryTest, BadQueriesFileFailsBeforeTheVectorsLoad) {
  std::string out, err;
  // The vectors path is bad too: the --queries error must come first.
  EXPECT_EQ(Run("nn --vectors " + dir_ + "/none.txt --queries " + dir_ +
                    "/absent.txt",
                "", &out, &err),
            1);
  EXPECT_THAT(err, HasSubstr("--queries file " + dir_ + "/absent.txt"));
  EXPECT_EQ(Run("analogy --vectors " + dir_ + "/none.txt --queries " + dir_, "",
                &out, &err),
            1);
  EXPECT_THAT(err, HasSubstr("--queries file " + dir_ + " is a directory"));
  EXPECT_EQ(out, "");
}

TEST_F(CliQueryTest, FlagsAreCheckedBeforeTheVectorsLoad) {
  std::string out, err;
  for (const char* flags : {"nn --k 0", "analogy --k=-1", "nn --limit=-1",
                            "eval --restrict_vocab 0 --analogies x",
                            "eval --similarity_restrict_vocab 0 --analogies "
                            "x"}) {
    EXPECT_EQ(Run(absl::StrCat(flags, " --vectors ", dir_, "/none.txt"), "",
                  &out, &err),
              2)
        << flags;
    EXPECT_THAT(err, HasSubstr("must be >= ")) << flags;
    EXPECT_THAT(err, Not(HasSubstr("none.txt"))) << flags;
  }
}

TEST_F(CliQueryTest, EvalSkipsAndCountsMalformedSimilarityLines) {
  const std::string s = testing::WriteTempFile(
      dir_, "ws.txt", "king\tqueen\t9\nking queen\nking\tman\t7\n");
  std::string out, err;
  ASSERT_EQ(Run("eval --vectors " + vectors_ + " --similarity " + s + " --json",
                "", &out, &err),
            0)
      << err;
  EXPECT_THAT(out, HasSubstr("\"pairs\": 2, \"evaluated\": 2, \"oov\": 0, "
                             "\"malformed\": 1}"));
  EXPECT_THAT(err, HasSubstr("warning: " + s +
                             ":2: expected 3 tab-separated fields, got 1; "
                             "line skipped"));
}

TEST_F(CliQueryTest, EvalChecksEverySetBeforeLoadingAndPrintsNothingOnError) {
  const std::string q =
      testing::WriteTempFile(dir_, "q.txt", ": family\nman woman king queen\n");
  const std::string good =
      testing::WriteTempFile(dir_, "good.txt", "king\tqueen\t9\n");
  const std::string bad =
      testing::WriteTempFile(dir_, "bad.txt", "king queen 9\n");
  std::string out, err;
  EXPECT_EQ(Run("eval --vectors " + dir_ + "/none.txt --analogies " + q +
                    " --similarity " + good + "," + dir_ + "/missing.txt",
                "", &out, &err),
            1);
  EXPECT_THAT(err, HasSubstr("similarity file " + dir_ + "/missing.txt"));
  EXPECT_EQ(Run("eval --vectors " + vectors_ + " --analogies " + dir_, "", &out,
                &err),
            1);
  EXPECT_THAT(err, HasSubstr("analogy file " + dir_ + " is a directory"));
  // The analogies and the first set are fine; the second has no good line.
  EXPECT_EQ(Run("eval --vectors " + vectors_ + " --analogies " + q +
                    " --similarity " + good + "," + bad,
                "", &out, &err),
            1);
  EXPECT_EQ(out, "");
  EXPECT_THAT(err, HasSubstr(bad + ":1: 'king queen 9': expected 3"));
}

}  // namespace
}  // namespace nce2vec
