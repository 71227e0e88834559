// `nce2vec --version`.
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
  EXPECT_THAT(out, HasSubstr("\nMPI: no\n"));

  EXPECT_EQ(
      testing::RunCommand(testing::Nce2vecBinary() + " --version now", &out),
      2);
  EXPECT_THAT(out, HasSubstr("--version takes no arguments, got 'now'"));
  ASSERT_EQ(testing::RunCommand(testing::Nce2vecBinary() + " --help", &out), 0);
  EXPECT_THAT(out, HasSubstr("'nce2vec --version'"));
}

}  // namespace
}  // namespace nce2vec
