#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/trainer/memory_estimate.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

Vocab MakeVocab(int words) {
  std::vector<std::pair<std::string, int64_t>> counts;
  for (int i = 0; i < words; ++i) counts.emplace_back(absl::StrCat("w", i), 5);
  return *Vocab::FromCounts(std::move(counts));
}

TEST(MemoryEstimateTest, MatricesAreExact) {
  TrainConfig config;
  config.dim = 100;  // padded to 112 floats per row
  const Vocab vocab = MakeVocab(1000);
  const MemoryEstimate e = EstimateTrainingMemory(config, vocab, true);
  EXPECT_EQ(e.matrices, 2u * 1000 * 112 * 4 + 1000 * 4);
  EXPECT_EQ(e.threads, config.threads);
  EXPECT_EQ(e.total(), e.matrices + e.vocabulary + e.tables +
                           e.per_thread * e.threads + e.process);
}

TEST(MemoryEstimateTest, GrowsWithVocabularyDimAndThreads) {
  TrainConfig config;
  const Vocab small = MakeVocab(1000);
  const Vocab large = MakeVocab(4000);
  const MemoryEstimate a = EstimateTrainingMemory(config, small, false);
  EXPECT_GT(EstimateTrainingMemory(config, large, false).total(), a.total());
  config.dim = 300;
  EXPECT_GT(EstimateTrainingMemory(config, small, false).total(), a.total());
  config.dim = 100;
  config.threads = 8;
  EXPECT_EQ(EstimateTrainingMemory(config, small, false).total() - a.total(),
            6 * a.per_thread);
}

// The full softmax's workspace holds rows x |V| scores per thread: with a
// large vocabulary it outweighs everything but the matrices.
TEST(MemoryEstimateTest, SoftmaxWorkspaceScalesWithTheVocabulary) {
  TrainConfig config;
  const Vocab vocab = MakeVocab(100000);
  config.objective = "sgns";
  const uint64_t sgns = EstimateTrainingMemory(config, vocab, false).per_thread;
  config.objective = "softmax";
  const uint64_t softmax =
      EstimateTrainingMemory(config, vocab, true).per_thread;
  EXPECT_LT(sgns, 4u << 20);
  EXPECT_GE(softmax, 32u * 100000 * 4);
}

TEST(MemoryEstimateTest, ParsesSizes) {
  EXPECT_EQ(*ParseMemorySize("0"), 0u);
  EXPECT_EQ(*ParseMemorySize("123"), 123u);
  EXPECT_EQ(*ParseMemorySize("4G"), 4ull << 30);
  EXPECT_EQ(*ParseMemorySize("512M"), 512ull << 20);
  EXPECT_EQ(*ParseMemorySize("512mb"), 512ull << 20);
  EXPECT_EQ(*ParseMemorySize("1.5GiB"), 3ull << 29);
  EXPECT_EQ(*ParseMemorySize("64k"), 64ull << 10);
  EXPECT_EQ(*ParseMemorySize("2T"), 2ull << 40);
  for (const char* bad : {"", "G", "-1G", "4X", "abc", "1e30", "nan"}) {
    const absl::StatusOr<uint64_t> size = ParseMemorySize(bad);
    ASSERT_FALSE(size.ok()) << bad;
    EXPECT_THAT(size.status().message(), HasSubstr("--max_memory")) << bad;
  }
}

TEST(MemoryEstimateTest, LimitRefusesLargerRuns) {
  TrainConfig config;
  const MemoryEstimate e =
      EstimateTrainingMemory(config, MakeVocab(1000), false);
  EXPECT_TRUE(CheckMemoryLimit(e, 0).ok());
  EXPECT_TRUE(CheckMemoryLimit(e, e.total()).ok());
  const absl::Status s = CheckMemoryLimit(e, e.total() - 1);
  EXPECT_TRUE(absl::IsResourceExhausted(s));
  EXPECT_THAT(s.message(), HasSubstr("more than --max_memory="));
  EXPECT_THAT(s.message(), HasSubstr("lower --dim"));
}

TEST(MemoryEstimateTest, FormatsBytes) {
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(512ull << 20), "512.0 MiB");
  EXPECT_EQ(FormatBytes(3ull << 29), "1.50 GiB");
}

}  // namespace
}  // namespace nce2vec
