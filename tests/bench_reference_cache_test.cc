// The reference cache: what its key covers, a stored run found again whole,
// and damaged or mismatched entries refused with the file's name.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/bench/reference_cache.h"
#include "src/corpus/corpus.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

class ReferenceCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/refcache";
    std::string output;
    ASSERT_EQ(
        testing::RunCommand("rm -rf " + dir_ + " && mkdir -p " + dir_, &output),
        0);
    corpus_path_ = testing::WriteTempFile(testing::TempDir(), "ref.txt",
                                          "a b c a b\nc a b a\n");
    const Corpus corpus = *Corpus::Open({corpus_path_});
    VocabOptions options;
    options.min_count = 1;
    vocab_ = *Vocab::Build(corpus, options);
    config_.objective = "softmax";
    config_.dim = 4;
    config_.objective_options.output_bias = true;
    files_ = {{corpus_path_, 20, std::string(64, 'a')}};
  }

  ReferenceKey Key(const TrainConfig& config) const {
    return ReferenceKeyFor(config, files_, vocab_, "version 1 binary x");
  }

  std::string dir_, corpus_path_;
  Vocab vocab_;
  TrainConfig config_;
  std::vector<InputFile> files_;
};

TEST_F(ReferenceCacheTest, KeyCoversWhatChangesTheRun) {
  const ReferenceKey key = Key(config_);
  EXPECT_EQ(key.digest.size(), 64u);
  EXPECT_EQ(Key(config_).digest, key.digest);
  // Every setting, at full precision.
  TrainConfig other = config_;
  other.lr += 1e-12;
  EXPECT_NE(Key(other).digest, key.digest);
  other = config_;
  other.seed = 2;
  EXPECT_NE(Key(other).digest, key.digest);
  other = config_;
  other.threads = 3;
  EXPECT_NE(Key(other).digest, key.digest);
  // The corpus's content, the vocabulary, the binary.
  std::vector<InputFile> files = files_;
  files[0].sha256[0] = 'b';
  EXPECT_NE(
      ReferenceKeyFor(config_, files, vocab_, "version 1 binary x").digest,
      key.digest);
  EXPECT_NE(
      ReferenceKeyFor(config_, files_, vocab_, "version 1 binary y").digest,
      key.digest);
  EXPECT_THAT(key.text, HasSubstr("TrainConfig::dim 4\n"));
  // Not what the softmax ignores (noise words, in-batch cursors, margin) nor
  // what only steers checks (max_norm).
  other = config_;
  other.objective_options.negatives = 25;
  other.noise_power = 0.5;
  other.in_batch_cursors = 1;
  other.objective_options.margin = 3;
  other.max_norm = 5;
  EXPECT_EQ(Key(other).digest, key.digest);
}

TEST_F(ReferenceCacheTest, StoredRunIsFoundWhole) {
  const ReferenceCache cache(dir_);
  const ReferenceKey key = Key(config_);
  auto missing = cache.Find(key, vocab_);
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(missing->has_value());

  EmbeddingModel model = *EmbeddingModel::Create(
      vocab_.counts(), static_cast<int64_t>(vocab_.counts().size()), 4, true,
      1);
  TrainResult train;
  train.seconds = 331.25;
  train.words = 1000;
  train.words_per_sec_per_thread = 1234.5;
  train.final_loss = 6.5;
  train.mean_loss = 7.25;
  TrainProgress point;
  point.seconds = 1.5;
  point.fraction = 0.5;
  point.words = 500;
  point.loss = 7.125;
  train.loss_curve = {point};
  ASSERT_TRUE(cache
                  .Store(key, config_, std::vector<std::string>{corpus_path_},
                         vocab_, model, train, {24.5, "VmHWM reset per run"})
                  .ok());
  auto found = cache.Find(key, vocab_);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  const CachedRun& run = **found;
  EXPECT_EQ(run.train.seconds, 331.25);
  EXPECT_EQ(run.train.words, 1000);
  EXPECT_EQ(run.train.mean_loss, 7.25);
  ASSERT_EQ(run.train.loss_curve.size(), 1u);
  EXPECT_EQ(run.train.loss_curve[0].loss, 7.125);
  EXPECT_EQ(run.peak.mib, 24.5);
  EXPECT_EQ(run.peak.source, "VmHWM reset per run");
  EXPECT_EQ(run.model.input.bytes(), model.input.bytes());
  EXPECT_EQ(std::memcmp(run.model.input.data(), model.input.data(),
                        model.input.bytes()),
            0);
  EXPECT_EQ(run.model.bias, model.bias);
}

TEST_F(ReferenceCacheTest, DamagedOrMismatchedEntriesAreErrorsNamingTheFile) {
  const ReferenceCache cache(dir_);
  const ReferenceKey key = Key(config_);
  EmbeddingModel model = *EmbeddingModel::Create(
      vocab_.counts(), static_cast<int64_t>(vocab_.counts().size()), 4, true,
      1);
  ASSERT_TRUE(cache
                  .Store(key, config_, std::vector<std::string>{corpus_path_},
                         vocab_, model, TrainResult(), {1, "x"})
                  .ok());
  const std::string path = cache.PathFor(key);

  // An entry under another key's name holds another run.
  TrainConfig other = config_;
  other.seed = 9;
  const ReferenceKey other_key = Key(other);
  ASSERT_EQ(std::rename(path.c_str(), cache.PathFor(other_key).c_str()), 0);
  auto mismatched = cache.Find(other_key, vocab_);
  EXPECT_TRUE(absl::IsDataLoss(mismatched.status()));
  EXPECT_THAT(mismatched.status().message(),
              HasSubstr(cache.PathFor(other_key)));
  EXPECT_THAT(mismatched.status().message(), HasSubstr("another run"));
  ASSERT_EQ(std::rename(cache.PathFor(other_key).c_str(), path.c_str()), 0);

  // One flipped byte in the matrices.
  std::string bytes = testing::ReadFileOrDie(path);
  bytes[bytes.size() / 2] ^= 0x40;
  testing::WriteTempFile(dir_, path.substr(dir_.size() + 1), bytes);
  auto damaged = cache.Find(key, vocab_);
  EXPECT_TRUE(absl::IsDataLoss(damaged.status()));
  EXPECT_THAT(damaged.status().message(), HasSubstr(path));
  EXPECT_THAT(damaged.status().message(), HasSubstr("checksum"));
}

}  // namespace
}  // namespace nce2vec
