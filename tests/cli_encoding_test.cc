// End-to-end tests of what nce2vec does with bytes that are not ASCII: JSON
// output stays valid UTF-8 whatever the words are, and case-insensitive
// evaluation folds non-ASCII letters without the system's locales.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

// Reads JSON lines from stdin as strict UTF-8 (not Python's default
// surrogateescape for stdin, which would let invalid bytes through) and
// prints each "query", or the "file" of the analogy report, as code points.
constexpr char kStrictJsonLines[] =
    "python3 -c 'import json, sys\n"
    "for line in sys.stdin.buffer:\n"
    "    d = json.loads(line.decode(\"utf-8\"))\n"
    "    s = d[\"query\"] if \"query\" in d else d[\"analogy\"][\"file\"]\n"
    "    print(\" \".join(\"%x\" % ord(c) for c in s))'";

class CliEncodingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir();
    std::string output;
    if (testing::RunCommand("python3 -c 'import json'", &output) != 0) {
      GTEST_SKIP() << "python3 is needed to read the JSON: " << output;
    }
  }

  std::string dir_;
};

// Latin-1 "café" and "naïve", a surrogate, a truncated sequence and valid
// UTF-8 "zoé", as a corpus in the wrong encoding gives.
TEST_F(CliEncodingTest, NnJsonIsValidUtf8ForAnyWord) {
  const std::string vectors = testing::WriteTempFile(
      dir_, "v.txt",
      "5 2\ncaf\xE9 1 0\nna\xEFve 1 0.1\n\xED\xA0\x80x 0 1\nab\xE2\x82 1 1\n"
      "zo\xC3\xA9 0.5 1\n");
  const std::string queries = testing::WriteTempFile(
      dir_, "q.txt", "caf\xE9\nzo\xC3\xA9\nunknown\xFF\n");
  std::string out;
  ASSERT_EQ(
      testing::RunCommand(
          absl::StrCat(testing::Nce2vecBinary(), " nn --json --k 4 --vectors ",
                       vectors, " --queries ", queries, " 2>/dev/null | ",
                       kStrictJsonLines),
          &out),
      0)
      << out;
  // Every line parsed; each invalid sequence became U+FFFD.
  EXPECT_EQ(out, "63 61 66 fffd\n7a 6f e9\n75 6e 6b 6e 6f 77 6e fffd\n");
  std::string json;
  testing::RunCommand(
      absl::StrCat(testing::Nce2vecBinary(), " nn --json --k 4 --vectors ",
                   vectors, " --queries ", queries, " 2>/dev/null"),
      &json);
  EXPECT_THAT(json,
              HasSubstr("\"word\": \"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx\""));
  EXPECT_THAT(json, HasSubstr("\"word\": \"ab\xEF\xBF\xBD\""));
}

TEST_F(CliEncodingTest, EvalJsonIsValidUtf8ForAnyFileName) {
  const std::string vectors =
      testing::WriteTempFile(dir_, "v.txt", "2 2\na 1 0\nb 0 1\n");
  const std::string questions =
      testing::WriteTempFile(dir_, "q\xE9.txt", ": caf\xE9\na b a b\n");
  std::string out;
  ASSERT_EQ(
      testing::RunCommand(
          absl::StrCat(testing::Nce2vecBinary(), " eval --json --vectors ",
                       vectors, " --analogies '", questions, "' 2>/dev/null | ",
                       kStrictJsonLines),
          &out),
      0)
      << out;
  EXPECT_THAT(out, HasSubstr("71 fffd 2e 74 78 74\n"));  // "q\uFFFD.txt"
}

// man:woman :: king:queen spelled with accented letters, asked in upper
// case: only folding É to é (and so on) finds the words.
TEST_F(CliEncodingTest, EvalFoldsNonAsciiWithoutTheCUtf8Locale) {
  const std::string vectors = testing::WriteTempFile(
      dir_, "v.txt",
      "5 3\n\xC3\xA9mile 1 0 0\n\xC3\xA9lo\xC3\xAFse 1 1 0\n\xC3\xB8"
      "din 1 0 1\n"
      "\xC3\xA5sa 1 1 1\napple 0 0 -1\n");
  const std::string questions = testing::WriteTempFile(
      dir_, "q.txt",
      ": family\n\xC3\x89MILE \xC3\x89LO\xC3\x8FSE \xC3\x98"
      "DIN \xC3\x85SA\n");
  const std::string command =
      absl::StrCat(testing::Nce2vecBinary(), " eval --json --vectors ", vectors,
                   " --analogies ", questions);
  const std::string expected = "\"correct\": 1, \"evaluated\": 1";
  std::string out;
  ASSERT_EQ(testing::RunCommand(command + " 2>/dev/null", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(expected));
  // glibc looks for C.UTF-8 in LOCPATH and then in /usr/lib/locale whatever
  // LOCPATH says, so only hiding that folder (in a private mount namespace)
  // takes the locale away.
  const std::string empty = dir_ + "/no-locales";
  const std::string hide =
      absl::StrCat("mkdir -p ", empty, " && unshare -rm sh -c 'mount --bind ",
                   empty, " /usr/lib/locale && ");
  if (testing::RunCommand(hide + "true'", &out) != 0) {
    GTEST_SKIP() << "cannot hide /usr/lib/locale (unshare -rm and a bind "
                    "mount are needed): "
                 << out;
  }
  ASSERT_EQ(testing::RunCommand(
                hide + "locale -a 2>/dev/null | grep -ci utf; true'", &out),
            0);
  ASSERT_EQ(out, "0\n") << "the UTF-8 locales are still visible";
  ASSERT_EQ(testing::RunCommand(
                hide + "LC_ALL=C.UTF-8 " + command + " 2>/dev/null'", &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr(expected));
}

}  // namespace
}  // namespace nce2vec
