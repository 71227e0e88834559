// The training loop end to end on a synthetic corpus with planted clusters
// (tests/planted_clusters.h).
#include "src/trainer/trainer.h"

#include <cblas.h>
#include <omp.h>

#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/corpus/corpus.h"
#include "src/model/embedding_model.h"
#include "src/objectives/registry.h"
#include "src/util/rng.h"
#include "src/vocab/vocab.h"
#include "tests/planted_clusters.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using testing::kClusters;
using testing::kWordsPerCluster;
using testing::MakeClusterCorpus;

class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir();
    path_ =
        testing::WriteTempFile(dir_, "corpus.txt", MakeClusterCorpus(6000, 17));
    corpus_ = *Corpus::Open({path_});
    VocabOptions options;
    options.min_count = 1;
    vocab_ = *Vocab::Build(corpus_, options);
    ASSERT_EQ(vocab_.size(), kClusters * kWordsPerCluster);
  }

  TrainConfig Config(const std::string& objective) {
    TrainConfig config;
    config.objective = objective;
    config.dim = 20;
    config.epochs = 3;
    config.threads = 1;
    config.sample = 0;
    config.lr = 0.05;
    return config;
  }

  absl::StatusOr<EmbeddingModel> TrainModel(const TrainConfig& config,
                                            bool bias,
                                            TrainResult* result = nullptr) {
    auto model = NewModel(config, vocab_, bias);
    if (!model.ok()) return model.status();
    auto trained = Train(config, corpus_, vocab_, *model);
    if (!trained.ok()) return trained.status();
    if (result != nullptr) *result = *trained;
    return model;
  }

  double NeighbourAccuracy(const EmbeddingModel& model) {
    return testing::NeighbourAccuracy(model.input, vocab_.words());
  }

  std::string dir_, path_;
  Corpus corpus_;
  Vocab vocab_;
};

TEST_F(TrainerTest, OneThreadIsBitIdenticalForASeed) {
  const TrainConfig config = Config("sgns");
  auto a = TrainModel(config, false);
  auto b = TrainModel(config, false);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(std::memcmp(a->input.data(), b->input.data(), a->input.bytes()), 0);
  EXPECT_EQ(std::memcmp(a->output.data(), b->output.data(), a->output.bytes()),
            0);
  TrainConfig other = config;
  other.seed = 2;
  auto c = TrainModel(other, false);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(std::memcmp(a->input.data(), c->input.data(), a->input.bytes()), 0);
}

struct ObjectiveCase {
  std::string objective;
  ModelType model;
  bool bias;
};

class TrainerObjectiveTest
    : public TrainerTest,
      public ::testing::WithParamInterface<ObjectiveCase> {};

TEST_P(TrainerObjectiveTest, RecoversPlantedClustersAndLossFalls) {
  TrainConfig config = Config(GetParam().objective);
  config.model = GetParam().model;
  config.threads = 2;
  config.lr *= FindObjective(config.objective)->lr_scale;
  TrainResult result;
  auto model = TrainModel(config, GetParam().bias, &result);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_GE(NeighbourAccuracy(*model), 0.95);
  ASSERT_GE(result.loss_curve.size(), 50u);
  EXPECT_LT(result.final_loss, result.loss_curve.front().loss);
  EXPECT_GT(result.words, 0);
  EXPECT_EQ(result.words, config.epochs * vocab_.total_count());
}

// Every objective of the registry in skip-gram, with its default biases;
// CBOW for one objective of each kind of step.
std::vector<ObjectiveCase> ObjectiveCases() {
  std::vector<ObjectiveCase> cases;
  for (const ObjectiveInfo& info : Objectives()) {
    cases.push_back({std::string(info.name), ModelType::kSkipGram,
                     info.default_output_bias});
  }
  for (const char* name : {"sgns", "softmax", "npair", "hs"}) {
    cases.push_back(
        {name, ModelType::kCbow, FindObjective(name)->default_output_bias});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Objectives, TrainerObjectiveTest,
                         ::testing::ValuesIn(ObjectiveCases()),
                         [](const auto& info) {
                           return info.param.objective +
                                  (info.param.model == ModelType::kCbow
                                       ? "_cbow"
                                       : "_skipgram");
                         });

TEST_F(TrainerTest, InvalidConfigNamesTheSetting) {
  TrainConfig config = Config("sgns");
  config.window = 0;
  auto model = TrainModel(config, false);
  ASSERT_FALSE(model.ok());
  EXPECT_THAT(
      model.status().message(),
      ::testing::HasSubstr("TrainConfig::window must be in [1, 1000], got 0"));
  config = Config("hinge");
  model = TrainModel(config, false);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("softmax, sgns, nce, infonce"),
            std::string::npos);
}

// hs trains the V - 1 inner nodes of a Huffman tree and has no biases: a
// model shaped for another objective, or with biases, is refused.
TEST_F(TrainerTest, ModelMustHaveTheObjectivesOutputRows) {
  const TrainConfig hs = Config("hs");
  EXPECT_EQ(NewModel(hs, vocab_, false)->output.rows(), vocab_.size() - 1);
  EmbeddingModel per_word = *NewModel(Config("sgns"), vocab_, false);
  EXPECT_THAT(Train(hs, corpus_, vocab_, per_word).status().message(),
              ::testing::HasSubstr("hs trains 79 output rows"));
  EmbeddingModel biased = *EmbeddingModel::Create(
      vocab_.counts(), vocab_.size() - 1, hs.dim, false, hs.seed);
  biased.bias.assign(vocab_.size(), 0.0f);
  EXPECT_THAT(
      Train(hs, corpus_, vocab_, biased).status().message(),
      ::testing::HasSubstr("ObjectiveOptions::output_bias: hs has no output "
                           "biases"));
  EXPECT_THAT(NewModel(hs, vocab_, true).status().message(),
              ::testing::HasSubstr("output biases are one per word"));
}

// A run stopped at a publish point and resumed from its state, twice, ends
// bit-identical to one that never stopped (one thread), for both batch
// shapes: a window per step (sgns, hs) and batches across sentences
// (softmax).
TEST_F(TrainerTest, StoppedAndResumedRunIsBitIdentical) {
  for (const std::string objective : {"sgns", "softmax", "hs"}) {
    const TrainConfig config = Config(objective);
    const bool bias = objective == "softmax";
    auto straight = TrainModel(config, bias);
    ASSERT_TRUE(straight.ok());
    auto model = *NewModel(config, vocab_, bias);
    TrainState state;
    for (const int64_t words : {20000, 110000}) {
      TrainHooks hooks;
      hooks.stop_after_words = words;
      auto stopped = Train(config, corpus_, vocab_, model, hooks, &state);
      ASSERT_TRUE(stopped.ok()) << stopped.status();
      EXPECT_TRUE(stopped->stopped) << objective;
      EXPECT_LT(stopped->words, config.epochs * vocab_.total_count());
      ASSERT_EQ(state.workers.size(), 1u);
    }
    auto rest = Train(config, corpus_, vocab_, model, {}, &state);
    ASSERT_TRUE(rest.ok()) << rest.status();
    EXPECT_FALSE(rest->stopped);
    EXPECT_EQ(rest->words, config.epochs * vocab_.total_count());
    EXPECT_EQ(std::memcmp(straight->input.data(), model.input.data(),
                          model.input.bytes()),
              0)
        << objective;
    EXPECT_EQ(std::memcmp(straight->output.data(), model.output.data(),
                          model.output.bytes()),
              0)
        << objective;
    EXPECT_EQ(straight->bias, model.bias);
  }
}

// Spread batches (the in-batch objectives' cursors) stop mid-sentence in
// every cursor; resumed from their states (which re-read each cursor's
// sentence and redraw its windows), twice, the run ends bit-identical to
// one that never stopped. Subsampling is on so that re-reading a sentence
// must redraw its draws too.
TEST_F(TrainerTest, SpreadBatchesStopAndResumeBitIdentical) {
  for (const std::string objective : {"lifted", "npair"}) {
    TrainConfig config = Config(objective);
    config.sample = 0.01;
    config.lr = 0.01;
    ASSERT_GT(config.in_batch_cursors, 1);
    auto straight = TrainModel(config, false);
    ASSERT_TRUE(straight.ok()) << straight.status();
    auto model = *NewModel(config, vocab_, false);
    TrainState state;
    for (const int64_t words : {20000, 110000}) {
      TrainHooks hooks;
      hooks.stop_after_words = words;
      auto stopped = Train(config, corpus_, vocab_, model, hooks, &state);
      ASSERT_TRUE(stopped.ok()) << stopped.status();
      EXPECT_TRUE(stopped->stopped) << objective;
      ASSERT_EQ(state.workers.size(), 1u);
      EXPECT_EQ(state.workers[0].cursors.size(),
                static_cast<size_t>(config.in_batch_cursors));
    }
    auto rest = Train(config, corpus_, vocab_, model, {}, &state);
    ASSERT_TRUE(rest.ok()) << rest.status();
    EXPECT_FALSE(rest->stopped);
    EXPECT_EQ(std::memcmp(straight->input.data(), model.input.data(),
                          model.input.bytes()),
              0)
        << objective;
    EXPECT_EQ(std::memcmp(straight->output.data(), model.output.data(),
                          model.output.bytes()),
              0)
        << objective;
  }
}

// Every word of every thread's shard is read once per epoch through the
// cursors, also across a stop and resume, and the clusters are learnt.
TEST_F(TrainerTest, SpreadBatchesReadEveryWord) {
  TrainConfig config = Config("lifted");
  config.threads = 3;
  config.in_batch_cursors = 5;
  auto model = *NewModel(config, vocab_, false);
  TrainState state;
  TrainHooks hooks;
  hooks.stop_after_words = 50000;
  auto stopped = Train(config, corpus_, vocab_, model, hooks, &state);
  ASSERT_TRUE(stopped.ok()) << stopped.status();
  ASSERT_TRUE(stopped->stopped);
  auto rest = Train(config, corpus_, vocab_, model, {}, &state);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->words, config.epochs * vocab_.total_count());
  EXPECT_GE(NeighbourAccuracy(model), 0.9);
}

// The point of spreading: in batches of consecutive centre words many
// in-batch negatives are words of the row's own window that its shrunk
// window left out (the corpus's sentences are each one cluster's words);
// cursors spread over the shard leave few.
TEST_F(TrainerTest, SpreadBatchesHaveFewerFalseNegatives) {
  double rate[2];
  for (const int cursors : {1, 16}) {
    TrainConfig config = Config("npair");
    config.lr = 0.01;
    config.in_batch_cursors = cursors;
    TrainResult result;
    ASSERT_TRUE(TrainModel(config, false, &result).ok());
    ASSERT_GT(result.in_batch_negatives, 1000);
    rate[cursors > 1] =
        static_cast<double>(result.false_negatives) / result.in_batch_negatives;
  }
  EXPECT_GT(rate[0], 0.1);
  EXPECT_LT(rate[1], rate[0] / 2) << rate[0];
  // The objectives without in-batch negatives count nothing.
  TrainResult sgns;
  ASSERT_TRUE(TrainModel(Config("sgns"), false, &sgns).ok());
  EXPECT_EQ(sgns.in_batch_negatives, 0);
}

// With several threads the result depends on timing (Hogwild), but a
// resumed run still reads every word of every shard exactly as often.
TEST_F(TrainerTest, ResumedRunWithThreadsReadsEveryWord) {
  TrainConfig config = Config("sgns");
  config.threads = 3;
  auto model = *NewModel(config, vocab_, false);
  TrainState state;
  TrainHooks hooks;
  hooks.stop_after_words = 50000;
  auto stopped = Train(config, corpus_, vocab_, model, hooks, &state);
  ASSERT_TRUE(stopped.ok()) << stopped.status();
  ASSERT_TRUE(stopped->stopped);
  ASSERT_EQ(state.workers.size(), 3u);
  auto rest = Train(config, corpus_, vocab_, model, {}, &state);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->words, config.epochs * vocab_.total_count());
  EXPECT_GE(NeighbourAccuracy(model), 0.95);
  TrainState changed = state;
  changed.corpus_bytes += 1;
  EXPECT_THAT(
      Train(config, corpus_, vocab_, model, {}, &changed).status().message(),
      ::testing::HasSubstr("it must be the same corpus"));
  config.threads = 2;
  EXPECT_THAT(
      Train(config, corpus_, vocab_, model, {}, &state).status().message(),
      ::testing::HasSubstr("TrainConfig::threads: the run to resume had 3"));
}

// An OpenMP team smaller than asked must not leave shards untrained: the
// workers are threads of their own. Called from inside a parallel region
// (where a nested team would get one thread) with dynamic teams on, every
// word of every shard is still read.
TEST_F(TrainerTest, EveryShardIsTrainedWhateverOpenMPAllows) {
  TrainConfig config = Config("sgns");
  config.threads = 3;
  const int levels = omp_get_max_active_levels();
  const bool dynamic = omp_get_dynamic();
  omp_set_max_active_levels(1);
  omp_set_dynamic(1);
  absl::StatusOr<TrainResult> result;
  EmbeddingModel model = *NewModel(config, vocab_, false);
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    result = Train(config, corpus_, vocab_, model);
  }
  omp_set_max_active_levels(levels);
  omp_set_dynamic(dynamic);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->words, config.epochs * vocab_.total_count());
  EXPECT_GE(NeighbourAccuracy(model), 0.95);
}

// OpenBLAS's thread count is the caller's again once training returns, on
// success and on failure.
TEST_F(TrainerTest, OpenBlasThreadCountIsRestored) {
  const int before = openblas_get_num_threads();
  openblas_set_num_threads(2);
  ASSERT_TRUE(TrainModel(Config("softmax"), true).ok());
  EXPECT_EQ(openblas_get_num_threads(), 2);
  TrainConfig diverging = Config("contrastive");
  diverging.lr = 10;
  EXPECT_FALSE(TrainModel(diverging, false).ok());
  EXPECT_EQ(openblas_get_num_threads(), 2);
  openblas_set_num_threads(before);
}

}  // namespace
}  // namespace nce2vec
