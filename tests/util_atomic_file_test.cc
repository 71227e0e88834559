#include <sys/stat.h>

#include "gtest/gtest.h"
#include "src/util/atomic_file.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

TEST(AtomicFileTest, CommitReplacesDestinationWhole) {
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(dir, "out.txt", "old");
  auto file = AtomicFile::Create(path);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE((*file)->Write("new contents\n").ok());
  EXPECT_EQ(testing::ReadFileOrDie(path), "old");
  ASSERT_TRUE((*file)->Commit().ok());
  EXPECT_EQ(testing::ReadFileOrDie(path), "new contents\n");
}

TEST(AtomicFileTest, AbandonedWriteLeavesNothing) {
  const std::string dir = testing::TempDir();
  const std::string path = dir + "/never.txt";
  {
    auto file = AtomicFile::Create(path);
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->Write(std::string(3 << 20, 'x')).ok());
  }
  EXPECT_FALSE(Exists(path));
  std::string listing;
  testing::RunCommand("ls -A " + dir, &listing);
  EXPECT_EQ(listing, "");
}

// What a signal handler does before _exit(): the temporary files of writes
// under way go, committed files and the destinations stay.
TEST(AtomicFileTest, TemporariesCanBeRemovedBeforeExit) {
  const std::string dir = testing::TempDir();
  const std::string kept = testing::WriteTempFile(dir, "kept.txt", "old");
  auto done = AtomicFile::Create(dir + "/done.txt");
  ASSERT_TRUE(done.ok());
  ASSERT_TRUE((*done)->Commit().ok());
  auto open = AtomicFile::Create(kept);
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE((*open)->Write("new").ok());
  RemoveAtomicFileTemporaries();
  std::string listing;
  testing::RunCommand("ls -A " + dir, &listing);
  EXPECT_EQ(listing, "done.txt\nkept.txt\n");
  EXPECT_EQ(testing::ReadFileOrDie(kept), "old");
}

TEST(AtomicFileTest, GzipBySuffix) {
  const std::string dir = testing::TempDir();
  const std::string path = dir + "/out.txt.gz";
  auto file = AtomicFile::Create(path);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Write("hello gzip\n").ok());
  ASSERT_TRUE((*file)->Commit().ok());
  std::string output;
  ASSERT_EQ(testing::RunCommand("gzip -dc " + path, &output), 0);
  EXPECT_EQ(output, "hello gzip\n");
}

TEST(AtomicFileTest, MissingFolderIsAClearError) {
  auto file = AtomicFile::Create("/nonexistent-folder/x.txt");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("/nonexistent-folder"),
            std::string::npos);
  const absl::Status s =
      CheckWritable("/nonexistent-folder/x", "the vocabulary file");
  EXPECT_NE(s.message().find("the vocabulary file /nonexistent-folder/x"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.message().find("--"), std::string::npos) << s;
}

TEST(AtomicFileTest, FolderAsDestinationIsRejected) {
  const std::string dir = testing::TempDir();
  EXPECT_FALSE(AtomicFile::Create(dir).ok());
}

}  // namespace
}  // namespace nce2vec
