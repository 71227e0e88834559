// `nce2vec --version` and the man page written from the binary's help
// (tools/man_page.sh).
#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(CliVersionTest, PrintsTheVersionThenTheBuildOptions) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(testing::Nce2vecBinary() + " --version", &out),
            0)
      << out;
  const std::vector<std::string> lines =
      absl::StrSplit(out, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 4u) << out;
  // The form help2man reads the version from.
  EXPECT_THAT(lines[0], MatchesRegex("nce2vec [0-9]+\\.[0-9]+\\.[0-9]+"));
  EXPECT_THAT(out, ContainsRegex("\narch: (native|portable)\n"));
  EXPECT_THAT(out, HasSubstr("\nOpenBLAS: OpenBLAS "));
#if NCE2VEC_HAVE_MPI
  EXPECT_THAT(out, ContainsRegex("\nMPI: Open MPI v[0-9]+\\.[0-9]+"));
#else
  EXPECT_THAT(out, HasSubstr("\nMPI: no\n"));
#endif

  EXPECT_EQ(
      testing::RunCommand(testing::Nce2vecBinary() + " --version now", &out),
      2);
  EXPECT_THAT(out, HasSubstr("--version takes no arguments, got 'now'"));
  ASSERT_EQ(testing::RunCommand(testing::Nce2vecBinary() + " --help", &out), 0);
  EXPECT_THAT(out, HasSubstr("'nce2vec --version'"));
}

// Built beside the binary when help2man is installed (CMakeLists.txt).
TEST(CliVersionTest, TheManPageRendersWithEveryCommandAndFlag) {
  const std::string binary = testing::Nce2vecBinary();
  const std::string page =
      binary.substr(0, binary.rfind('/') + 1) + "nce2vec.1.gz";
  struct stat st;
  if (stat(page.c_str(), &st) != 0) {
    GTEST_SKIP() << page << " was not built (help2man is not installed)";
  }
  if (std::system("command -v man >/dev/null") != 0) {
    GTEST_SKIP() << "man is not installed (apt-get install man-db)";
  }
  std::string warnings;
  ASSERT_EQ(
      testing::RunCommand(absl::StrCat("MANWIDTH=80 man --warnings=all -l ",
                                       page, " 2>&1 >/dev/null"),
                          &warnings),
      0);
  EXPECT_EQ(warnings, "");
  std::string text;
  ASSERT_EQ(
      testing::RunCommand(
          absl::StrCat("MANWIDTH=80 man -l ", page, " 2>/dev/null"), &text),
      0);
  EXPECT_THAT(text, HasSubstr("nce2vec COMMAND [--flag=value ...]"));
  for (const char* command :
       {"vocab", "nn", "analogy", "eval", "train", "bench"}) {
    EXPECT_THAT(text, HasSubstr(absl::StrCat("\n   nce2vec ", command, "\n")))
        << command;
  }
  // Flags as typed, with their defaults: hyphens stay hyphens.
  EXPECT_THAT(text, HasSubstr("--eval_dir (default: \"\")"));
  EXPECT_THAT(text, HasSubstr("--restrict_vocab (default: 30000)"));
  EXPECT_THAT(text, HasSubstr("NCE2VEC_EVAL_DIR"));
}

}  // namespace
}  // namespace nce2vec
