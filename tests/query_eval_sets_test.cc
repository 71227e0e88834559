#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/query/eval_sets.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string MakeDir(const std::string& parent, const std::string& name) {
  const std::string dir = parent + "/" + name;
  EXPECT_EQ(mkdir(dir.c_str(), 0755), 0) << dir;
  return dir;
}

TEST(EvalSetsTest, FindsTheSetsOfAFolderInReportOrder) {
  const std::string dir = testing::TempDir();
  testing::WriteTempFile(dir, "simlex999.txt", "a\tb\t1\n");
  testing::WriteTempFile(dir, "questions-words.txt", ": s\na b c d\n");
  testing::WriteTempFile(dir, "wordsim353.txt", "a\tb\t1\n");
  testing::WriteTempFile(dir, "other.txt", "a\tb\t1\n");
  MakeDir(dir, "men3000.txt");  // a folder is not a set
  EvalDirSearch search;
  search.named = dir;
  search.named_as = "--eval_dir";
  const absl::StatusOr<EvalSetFiles> sets = LocateEvalSets(search);
  ASSERT_TRUE(sets.ok()) << sets.status();
  EXPECT_EQ(sets->dir, dir);
  EXPECT_THAT(sets->files, ElementsAre("questions-words.txt", "wordsim353.txt",
                                       "simlex999.txt"));
  EXPECT_EQ(sets->analogies(), dir + "/questions-words.txt");
  EXPECT_THAT(sets->similarity(),
              ElementsAre(dir + "/wordsim353.txt", dir + "/simlex999.txt"));
  EXPECT_EQ(sets->Path("men3000.txt"), "");
}

TEST(EvalSetsTest, ANamedFolderWinsOverTheEnvironmentAndTheDefaults) {
  const std::string root = testing::TempDir();
  const std::string named = MakeDir(root, "named");
  const std::string env = MakeDir(root, "env");
  const std::string shipped = MakeDir(root, "shipped");
  for (const std::string& dir : {named, env, shipped}) {
    testing::WriteTempFile(dir, "rw2034.txt", "a\tb\t1\n");
  }
  EvalDirSearch search;
  search.named = named;
  search.named_as = "--eval_dir";
  search.env = env;
  search.defaults = {shipped};
  EXPECT_EQ(LocateEvalSets(search)->dir, named);
  search.named.clear();
  EXPECT_EQ(LocateEvalSets(search)->dir, env);
  search.env.clear();
  EXPECT_EQ(LocateEvalSets(search)->dir, shipped);
}

TEST(EvalSetsTest, ANamedFolderWithoutSetsIsAnErrorNotAFallback) {
  const std::string root = testing::TempDir();
  const std::string shipped = MakeDir(root, "shipped");
  testing::WriteTempFile(shipped, "questions-words.txt", ": s\na b c d\n");
  EvalDirSearch search;
  search.named = root + "/typo";
  search.named_as = "--eval_dir";
  search.defaults = {shipped};
  absl::StatusOr<EvalSetFiles> sets = LocateEvalSets(search);
  EXPECT_TRUE(absl::IsInvalidArgument(sets.status())) << sets.status();
  EXPECT_THAT(
      sets.status().message(),
      HasSubstr(absl::StrCat("--eval_dir ", root,
                             "/typo: holds none of questions-words.txt, "
                             "wordsim353.txt, simlex999.txt")));
  search.named.clear();
  search.env = root;  // exists, but holds no set
  sets = LocateEvalSets(search);
  EXPECT_TRUE(absl::IsInvalidArgument(sets.status())) << sets.status();
  EXPECT_THAT(sets.status().message(),
              HasSubstr(absl::StrCat("$NCE2VEC_EVAL_DIR ", root, ": holds")));
}

TEST(EvalSetsTest, TheFirstDefaultHoldingASetWinsAndNoneIsNotFound) {
  const std::string root = testing::TempDir();
  const std::string empty = MakeDir(root, "empty");
  const std::string second = MakeDir(root, "second");
  const std::string third = MakeDir(root, "third");
  testing::WriteTempFile(second, "men3000.txt", "a\tb\t1\n");
  testing::WriteTempFile(third, "questions-words.txt", ": s\na b c d\n");
  EvalDirSearch search;
  search.named_as = "--eval_dir";
  search.defaults = {root + "/missing", empty, second, third};
  EXPECT_EQ(LocateEvalSets(search)->dir, second);

  search.defaults = {root + "/missing", empty};
  const absl::StatusOr<EvalSetFiles> sets = LocateEvalSets(search);
  EXPECT_TRUE(absl::IsNotFound(sets.status())) << sets.status();
  // Every folder looked in, and how to name another.
  EXPECT_THAT(sets.status().message(),
              HasSubstr(absl::StrCat(root, "/missing, ", empty,
                                     "; name their folder with --eval_dir or "
                                     "$NCE2VEC_EVAL_DIR")));
}

TEST(EvalSetsTest, DefaultsAreInstalledThenSourceTreeFolders) {
  const std::string source_sets =
      std::string(NCE2VEC_SOURCE_DIR) + "/data/eval";
  EXPECT_THAT(DefaultEvalDirs("/opt/nce2vec/bin/nce2vec"),
              ElementsAre("/opt/nce2vec/share/nce2vec/eval",
                          "/opt/nce2vec/data/eval", source_sets));
  // A build folder inside the source tree finds the same folder twice.
  EXPECT_THAT(
      DefaultEvalDirs(std::string(NCE2VEC_SOURCE_DIR) + "/b/nce2vec"),
      ElementsAre(std::string(NCE2VEC_SOURCE_DIR) + "/share/nce2vec/eval",
                  source_sets));
}

// The sets that ship in data/eval are found from the test's own binary, all
// seven of them.
TEST(EvalSetsTest, ThisProcessFindsTheShippedSets) {
  EvalDirSearch search = ThisProcessEvalDirSearch("", "--eval_dir");
  search.env.clear();
  const absl::StatusOr<EvalSetFiles> sets = LocateEvalSets(search);
  ASSERT_TRUE(sets.ok()) << sets.status();
  EXPECT_THAT(sets->dir, ::testing::EndsWith("/data/eval"));
  EXPECT_EQ(sets->files.size(), 1 + kSimilaritySetFiles.size());
}

}  // namespace
}  // namespace nce2vec
