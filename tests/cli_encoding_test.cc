// End-to-end tests of what nce2vec does with bytes that are not ASCII: JSON
// output stays valid UTF-8 whatever the words are.
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

}  // namespace
}  // namespace nce2vec
