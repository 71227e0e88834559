#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "src/objectives/huffman_tree.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/trainer/batch_limits.h"
#include "src/trainer/memory_estimate.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Vocab MakeVocab(int words) {
  std::vector<std::pair<std::string, int64_t>> counts;
  for (int i = 0; i < words; ++i) counts.emplace_back(absl::StrCat("w", i), 5);
  return *Vocab::FromCounts(std::move(counts));
}

TEST(MemoryEstimateTest, MatricesAreExact) {
  TrainConfig config;
  config.dim = 100;  // padded to 112 floats per row
  const Vocab vocab = MakeVocab(1000);
  const MemoryEstimate e = *EstimateTrainingMemory(config, vocab, true);
  EXPECT_EQ(e.matrices, 2u * 1000 * 112 * 4 + 1000 * 4);
  EXPECT_EQ(e.threads, config.threads);
  EXPECT_EQ(e.total(), e.matrices + e.vocabulary + e.tables +
                           e.per_thread * e.threads + e.process);
}

// With n-grams the input matrix has the buckets' rows after the words', and
// the words' composed vectors (what --output writes) are a third matrix.
TEST(MemoryEstimateTest, CountsTheNgramBuckets) {
  TrainConfig config;
  config.dim = 100;
  config.subwords = kFastTextSubwords;
  const Vocab vocab = MakeVocab(1000);
  const MemoryEstimate e = *EstimateTrainingMemory(config, vocab, false);
  EXPECT_EQ(e.matrices, (2u * 1000 + 2000000 + 1000) * 112 * 4);
  config.subwords.maxn = 0;
  const MemoryEstimate words_only =
      *EstimateTrainingMemory(config, vocab, false);
  EXPECT_GT(e.vocabulary, words_only.vocabulary) << "the n-gram rows' index";
  EXPECT_GT(e.per_thread, words_only.per_thread) << "the composed slots";
  EXPECT_THAT(CheckMemoryLimit(e, e.total() - 1).message(),
              ::testing::HasSubstr("SubwordOptions::bucket"));
}

TEST(MemoryEstimateTest, GrowsWithVocabularyDimAndThreads) {
  TrainConfig config;
  const Vocab small = MakeVocab(1000);
  const Vocab large = MakeVocab(4000);
  const MemoryEstimate a = *EstimateTrainingMemory(config, small, false);
  EXPECT_GT(EstimateTrainingMemory(config, large, false)->total(), a.total());
  config.dim = 300;
  EXPECT_GT(EstimateTrainingMemory(config, small, false)->total(), a.total());
  config.dim = 100;
  config.threads = 8;
  EXPECT_EQ(EstimateTrainingMemory(config, small, false)->total() - a.total(),
            6 * a.per_thread);
}

// The full softmax's workspace holds rows x |V| scores per thread: with a
// large vocabulary it outweighs everything but the matrices.
TEST(MemoryEstimateTest, SoftmaxWorkspaceScalesWithTheVocabulary) {
  TrainConfig config;
  const Vocab vocab = MakeVocab(100000);
  config.objective = "sgns";
  const uint64_t sgns =
      EstimateTrainingMemory(config, vocab, false)->per_thread;
  config.objective = "softmax";
  const uint64_t softmax =
      EstimateTrainingMemory(config, vocab, true)->per_thread;
  EXPECT_LT(sgns, 4u << 20);
  EXPECT_GE(softmax, 32u * 100000 * 4);
}

// The workspace in the estimate is the one the objective reports: two
// objectives batched alike differ per thread by their workspaces alone.
TEST(MemoryEstimateTest, PerThreadCountsTheObjectivesOwnWorkspace) {
  const Vocab vocab = MakeVocab(2000);
  const AliasSampler noise = *AliasSampler::Create(vocab.counts(), 0.75);
  auto workspace_bytes = [&](const TrainConfig& config) {
    const BatchLimits limits = BatchLimitsFor(config);
    return (*CreateObjective(config.objective, config.objective_options, noise,
                             vocab.counts()))
        ->WorkspaceBytes({.max_rows = limits.rows,
                          .max_positives = limits.positives,
                          .stride = PaddedStride(config.dim)});
  };
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"sgns", "contrastive"}, {"nce", "triplet"}, {"lifted", "npair"}}) {
    TrainConfig config_a, config_b;
    config_a.objective = a;
    config_b.objective = b;
    const MemoryEstimate estimate_a =
        *EstimateTrainingMemory(config_a, vocab, false);
    const MemoryEstimate estimate_b =
        *EstimateTrainingMemory(config_b, vocab, false);
    EXPECT_EQ(
        static_cast<int64_t>(estimate_b.per_thread - estimate_a.per_thread),
        static_cast<int64_t>(workspace_bytes(config_b) -
                             workspace_bytes(config_a)))
        << a << " " << b;
    EXPECT_GT(estimate_a.per_thread, workspace_bytes(config_a)) << a;
  }
}

// Tables the objective holds are its own figure: nce's log k Pn(w) per
// word, hs's Huffman tree (each word's path and code, of its own depth),
// none for sgns; hs's output matrix is the tree's V - 1 inner nodes.
TEST(MemoryEstimateTest, CountsTheObjectivesTablesAndOutputRows) {
  std::vector<std::pair<std::string, int64_t>> counts;
  for (int i = 0; i < 1000; ++i) {
    counts.emplace_back(absl::StrCat("w", i), 100000 / (i + 1));
  }
  const Vocab vocab = *Vocab::FromCounts(std::move(counts));
  TrainConfig config;
  config.dim = 100;  // padded to 112 floats per row
  auto estimate = [&](const std::string& objective) {
    config.objective = objective;
    return *EstimateTrainingMemory(config, vocab, false);
  };
  const MemoryEstimate sgns = estimate("sgns");
  const MemoryEstimate nce = estimate("nce");
  const MemoryEstimate hs = estimate("hs");
  EXPECT_EQ(nce.tables - sgns.tables, 1000u * sizeof(float));
  const HuffmanTree tree = HuffmanTree::Build(vocab.counts());
  uint64_t path_entries = 0;
  for (int32_t w = 0; w < 1000; ++w) path_entries += tree.depth(w);
  EXPECT_EQ(hs.tables - sgns.tables,
            1001 * sizeof(int64_t) + path_entries * (sizeof(int32_t) + 1));
  EXPECT_EQ(hs.matrices, (1000u + 999u) * 112 * 4);
}

// The trainer and the estimate size batches by this one function.
TEST(BatchLimitsTest, FollowTheModelAndTheObjectivesEntry) {
  TrainConfig config;
  config.window = 5;
  const BatchLimits skipgram = BatchLimitsFor(config);
  EXPECT_EQ(skipgram.shape, BatchShape::kContextRows);
  EXPECT_EQ(skipgram.rows, 10);
  EXPECT_EQ(skipgram.positives, 100);
  config.model = ModelType::kCbow;
  EXPECT_EQ(BatchLimitsFor(config).rows, 1);
  for (const ModelType model : {ModelType::kSkipGram, ModelType::kCbow}) {
    config.model = model;
    for (const ObjectiveInfo& info : Objectives()) {
      if (info.batch_shape != BatchShape::kCentreRows) continue;
      config.objective = std::string(info.name);
      const BatchLimits limits = BatchLimitsFor(config);
      EXPECT_EQ(limits.shape, BatchShape::kCentreRows) << info.name;
      EXPECT_EQ(limits.rows, info.centre_rows) << info.name;
      EXPECT_EQ(limits.positives, info.centre_rows * 10) << info.name;
    }
  }
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
    EXPECT_THAT(size.status().message(),
                HasSubstr("the memory limit (max_memory) must be a size"))
        << bad;
  }
}

TEST(MemoryEstimateTest, LimitRefusesLargerRuns) {
  TrainConfig config;
  const MemoryEstimate e =
      *EstimateTrainingMemory(config, MakeVocab(1000), false);
  EXPECT_TRUE(CheckMemoryLimit(e, 0).ok());
  EXPECT_TRUE(CheckMemoryLimit(e, e.total()).ok());
  const absl::Status s = CheckMemoryLimit(e, e.total() - 1);
  EXPECT_TRUE(absl::IsResourceExhausted(s));
  EXPECT_THAT(s.message(),
              HasSubstr("more than the memory limit (max_memory) of "));
  EXPECT_THAT(s.message(), HasSubstr("lower TrainConfig::dim"));
  EXPECT_THAT(s.message(), Not(HasSubstr("--"))) << "the library names no flag";
}

TEST(MemoryEstimateTest, FormatsBytes) {
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(512ull << 20), "512.0 MiB");
  EXPECT_EQ(FormatBytes(3ull << 29), "1.50 GiB");
}

}  // namespace
}  // namespace nce2vec
