#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/trainer/checkpoint.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

struct Fixture {
  Vocab vocab = *Vocab::FromCounts({{"the", 10}, {"cat", 4}, {"sat", 4}});
  EmbeddingModel model = *EmbeddingModel::Create(vocab.counts(), 5, true, 9);
  TrainState state;
  CheckpointSettings settings = {{"dim", "5"}, {"objective", "nce"}};

  Fixture() {
    model.output.row(2)[4] = 0.5f;
    WorkerState w;
    w.epoch = 1;
    w.sentences = 12;
    w.rng[0] = 1, w.rng[1] = 2, w.rng[2] = 3, w.rng[3] = 4;
    w.lr = 0.0125f;
    w.unpublished_words = 7;
    w.published_words = 900;
    w.loss = 12.5;
    w.pairs = 33;
    // Not `= {w, WorkerState()}`: under ASan's detect_stack_use_after_return
    // GCC 12's code for that initializer list faulted on the fake stack.
    state.workers.resize(2);
    state.workers[0] = w;
    state.workers[1].finished = true;
    state.curve = {{0.5, 100, 2.0, 10}, {1.0, 200, 3.0, 20}};
    state.seconds = 4.25;
    state.corpus_bytes = 123456789;
  }
};

TEST(CheckpointTest, RoundTrips) {
  const std::string path = testing::TempDir() + "/run.ckpt";
  Fixture f;
  ASSERT_TRUE(
      WriteCheckpoint(path, f.settings, f.vocab, f.model, f.state).ok());
  absl::StatusOr<Checkpoint> ckpt = ReadCheckpoint(path);
  ASSERT_TRUE(ckpt.ok()) << ckpt.status();
  EXPECT_EQ(ckpt->settings, f.settings);
  EXPECT_EQ(ckpt->vocab.words(), f.vocab.words());
  EXPECT_EQ(ckpt->vocab.counts(), f.vocab.counts());
  ASSERT_EQ(ckpt->model.dim(), 5);
  EXPECT_EQ(std::memcmp(ckpt->model.input.data(), f.model.input.data(),
                        f.model.input.bytes()),
            0);
  EXPECT_EQ(std::memcmp(ckpt->model.output.data(), f.model.output.data(),
                        f.model.output.bytes()),
            0);
  EXPECT_EQ(ckpt->model.bias, f.model.bias);
  ASSERT_EQ(ckpt->state.workers.size(), 2u);
  const WorkerState& w = ckpt->state.workers[0];
  EXPECT_EQ(w.epoch, 1);
  EXPECT_EQ(w.sentences, 12);
  EXPECT_EQ(w.rng[3], 4u);
  EXPECT_EQ(w.lr, 0.0125f);
  EXPECT_EQ(w.unpublished_words, 7);
  EXPECT_EQ(w.published_words, 900);
  EXPECT_EQ(w.loss, 12.5);
  EXPECT_EQ(w.pairs, 33);
  EXPECT_FALSE(w.finished);
  EXPECT_TRUE(ckpt->state.workers[1].finished);
  ASSERT_EQ(ckpt->state.curve.size(), 2u);
  EXPECT_EQ(ckpt->state.curve[1].words, 200);
  EXPECT_EQ(ckpt->state.seconds, 4.25);
  EXPECT_EQ(ckpt->state.corpus_bytes, 123456789u);
}

TEST(CheckpointTest, DamageIsDetected) {
  const std::string dir = testing::TempDir();
  const std::string path = dir + "/run.ckpt";
  Fixture f;
  ASSERT_TRUE(
      WriteCheckpoint(path, f.settings, f.vocab, f.model, f.state).ok());
  const std::string good = testing::ReadFileOrDie(path);

  std::string flipped = good;
  flipped[good.size() - 60] ^= 1;  // inside the biases or output matrix
  const std::string bad = testing::WriteTempFile(dir, "bad.ckpt", flipped);
  EXPECT_THAT(ReadCheckpoint(bad).status().message(),
              HasSubstr("checksum mismatch"));

  const std::string cut =
      testing::WriteTempFile(dir, "cut.ckpt", good.substr(0, good.size() / 2));
  EXPECT_THAT(ReadCheckpoint(cut).status().message(), HasSubstr("truncated"));

  const std::string other =
      testing::WriteTempFile(dir, "other.ckpt", "3 2\nthe 1 2\n");
  EXPECT_THAT(ReadCheckpoint(other).status().message(),
              HasSubstr("not an nce2vec checkpoint"));
  EXPECT_FALSE(ReadCheckpoint(dir + "/missing.ckpt").ok());
}

}  // namespace
}  // namespace nce2vec
