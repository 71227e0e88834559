// The pieces of training across processes, with the processes as threads
// (tests/distributed_test_group.h): the sync schedule, agreeing on failures,
// merging a model under training, the shared vocabulary.
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/corpus/corpus.h"
#include "src/distributed/communicator.h"
#include "src/distributed/model_merger.h"
#include "src/distributed/shared_vocab.h"
#include "src/distributed/sync_schedule.h"
#include "src/model/embedding_model.h"
#include "src/util/rng.h"
#include "src/vocab/vocab.h"
#include "tests/distributed_test_group.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

TEST(SyncScheduleTest, DoublesWithTheTrailingZerosOfTheSyncNumber) {
  const std::vector<int64_t> expected = {1024, 2048, 1024, 4096, 1024,
                                         2048, 1024, 8192, 1024, 2048};
  for (uint64_t sync = 1; sync <= expected.size(); ++sync) {
    EXPECT_EQ(ScheduledRows(sync, 1024, 100000), expected[sync - 1]) << sync;
  }
  EXPECT_EQ(ScheduledRows(1 << 20, 1024, 100000), 100000);
  EXPECT_EQ(ScheduledRows(1, 1024, 300), 300);
  EXPECT_EQ(ScheduledRows(uint64_t{1} << 63, 1, 1 << 30), 1 << 30);
}

TEST(SyncScheduleTest, MeanMatchesTheScheduleOverManySyncs) {
  for (const auto& [rows, vocab] : std::vector<std::pair<int64_t, int64_t>>{
           {1024, 48728}, {1024, 1000}, {100, 1000000}, {1, 7}}) {
    double sum = 0;
    constexpr uint64_t kSyncs = 1 << 20;
    for (uint64_t sync = 1; sync <= kSyncs; ++sync) {
      sum += static_cast<double>(ScheduledRows(sync, rows, vocab));
    }
    EXPECT_NEAR(MeanScheduledRows(rows, vocab), sum / kSyncs,
                1e-3 * sum / kSyncs)
        << rows << " " << vocab;
  }
}

TEST(SyncScheduleTest, OptionsAreChecked) {
  SyncOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.sync_seconds = 0;
  EXPECT_THAT(options.Validate().message(),
              HasSubstr("SyncOptions::sync_seconds must be in"));
  options = SyncOptions();
  options.sync_rows = 0;
  EXPECT_THAT(options.Validate().message(),
              HasSubstr("SyncOptions::sync_rows must be >= 1, got 0"));
}

TEST(AgreeTest, OneProcessGetsItsOwnStatusBack) {
  SingleProcess alone;
  const absl::Status failure = absl::NotFoundError("no such file");
  EXPECT_EQ(Agree(alone, failure), failure);
  EXPECT_FALSE(IsAgreed(Agree(alone, failure)));
  EXPECT_TRUE(Agree(alone, absl::OkStatus()).ok());
}

TEST(AgreeTest, EveryProcessGetsTheLowestFailingRanksFailure) {
  testing::TestGroup group(4);
  std::vector<absl::Status> agreed(4);
  group.Run([&](int rank, Communicator& comm) {
    absl::Status mine;
    if (rank == 1) mine = absl::DataLossError("corpus x: NUL byte");
    if (rank == 3) mine = absl::InvalidArgumentError("something else");
    agreed[rank] = Agree(comm, mine);
  });
  for (const absl::Status& status : agreed) {
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(status.message(),
              "rank 1 of 4: corpus x: NUL byte (and 1 more rank failed)");
    EXPECT_TRUE(IsAgreed(status));
  }
}

TEST(AgreeTest, AFailureSharedByAllIsReportedOnceWithoutARank) {
  testing::TestGroup group(3);
  std::vector<absl::Status> agreed(3);
  group.Run([&](int rank, Communicator& comm) {
    agreed[rank] = Agree(comm, absl::CancelledError("interrupted"));
  });
  for (const absl::Status& status : agreed) {
    EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
    EXPECT_EQ(status.message(), "interrupted");
  }
}

TEST(AgreeTest, AllGoodIsGood) {
  testing::TestGroup group(3);
  group.Run([&](int, Communicator& comm) {
    EXPECT_TRUE(Agree(comm, absl::OkStatus()).ok());
  });
}

TEST(CheckSameEverywhereTest, NamesTheRankThatDiffers) {
  testing::TestGroup group(3);
  std::vector<absl::Status> results(3);
  group.Run([&](int rank, Communicator& comm) {
    results[rank] =
        CheckSameEverywhere(comm, "the vocabulary", rank == 2 ? "abd" : "abc");
  });
  for (const absl::Status& status : results) {
    EXPECT_THAT(status.message(),
                HasSubstr("the vocabulary differs between the processes"));
    EXPECT_THAT(status.message(), HasSubstr("rank 2 has 3 bytes"));
  }
}

// A model whose every value says where it is.
EmbeddingModel NumberedModel(int words, int dim, bool bias) {
  std::vector<int64_t> counts(words, 1);
  EmbeddingModel model = *EmbeddingModel::Create(counts, words, dim, bias, 1);
  for (int w = 0; w < words; ++w) {
    for (int j = 0; j < dim; ++j) {
      model.input.row(w)[j] = static_cast<float>(w * 10 + j);
      model.output.row(w)[j] = static_cast<float>(-w * 10 - j);
    }
    if (bias) model.bias[w] = static_cast<float>(w);
  }
  return model;
}

// Adds `amount` to every value of the model, as training would change it.
void Change(EmbeddingModel& model, float amount) {
  for (int w = 0; w < model.vocab_size(); ++w) {
    for (int j = 0; j < model.dim(); ++j) {
      model.input.row(w)[j] += amount;
      model.output.row(w)[j] += amount;
    }
  }
  for (float& bias : model.bias) bias += amount;
}

// Each of `processes` starts from NumberedModel, changes its copy by
// rank + 1 and merges input rows [0, input_rows), output rows [0,
// output_rows); returns the copies.
std::vector<EmbeddingModel> ChangeAndMerge(int processes, int words, int dim,
                                           bool average, int64_t input_rows,
                                           int64_t output_rows) {
  std::vector<EmbeddingModel> models(processes);
  testing::TestGroup group(processes);
  group.Run([&](int rank, Communicator& comm) {
    models[rank] = NumberedModel(words, dim, true);
    absl::StatusOr<ModelMerger> merger =
        ModelMerger::Create(comm, models[rank], average);
    ASSERT_TRUE(merger.ok());
    Change(models[rank], rank + 1.0f);
    ASSERT_TRUE(merger->Merge(input_rows, output_rows).ok());
    EXPECT_EQ(merger->floats(),
              input_rows * dim + output_rows * dim + output_rows);
  });
  return models;
}

TEST(ModelMergerTest, AddsUpTheProcessesChangesToTheNamedRows) {
  constexpr int kWords = 7, kDim = 3;
  const std::vector<EmbeddingModel> models =
      ChangeAndMerge(2, kWords, kDim, false, 2, 4);
  const EmbeddingModel base = NumberedModel(kWords, kDim, true);
  for (int rank = 0; rank < 2; ++rank) {
    const EmbeddingModel& model = models[rank];
    for (int w = 0; w < kWords; ++w) {
      // Merged: both changes, 1 + 2; not merged: the process's own.
      const float input = w < 2 ? 3 : rank + 1;
      const float output = w < 4 ? 3 : rank + 1;
      for (int j = 0; j < kDim; ++j) {
        EXPECT_EQ(model.input.row(w)[j], base.input.row(w)[j] + input);
        EXPECT_EQ(model.output.row(w)[j], base.output.row(w)[j] + output);
      }
      EXPECT_EQ(model.bias[w], base.bias[w] + output);
    }
  }
}

TEST(ModelMergerTest, AveragingTakesTheMeanOfTheCopies) {
  constexpr int kWords = 5, kDim = 4;
  const std::vector<EmbeddingModel> models =
      ChangeAndMerge(3, kWords, kDim, true, kWords, kWords);
  const EmbeddingModel base = NumberedModel(kWords, kDim, true);
  for (const EmbeddingModel& model : models) {
    for (int w = 0; w < kWords; ++w) {
      EXPECT_FLOAT_EQ(model.input.row(w)[1], base.input.row(w)[1] + 2);
      EXPECT_FLOAT_EQ(model.output.row(w)[3], base.output.row(w)[3] + 2);
      EXPECT_FLOAT_EQ(model.bias[w], base.bias[w] + 2);
    }
  }
}

TEST(ModelMergerTest, ManyChunksMergeEveryRow) {
  // More rows than one chunk holds: 3 processes, 9000 words of dim 64.
  constexpr int kWords = 9000, kDim = 64;
  static_assert(kWords * (2 * kDim + 1) > ModelMerger::kChunkFloats);
  const std::vector<EmbeddingModel> models =
      ChangeAndMerge(3, kWords, kDim, false, kWords, kWords);
  for (int w = 0; w < kWords; w += 997) {
    EXPECT_EQ(std::memcmp(models[0].input.row(w), models[2].input.row(w),
                          kDim * sizeof(float)),
              0);
    EXPECT_FLOAT_EQ(models[1].input.row(w)[5], w * 10 + 5 + 6);
    EXPECT_FLOAT_EQ(models[1].output.row(w)[5], -w * 10 - 5 + 6);
  }
}

// A process of two whose partner changed nothing, and whose workers change
// the model while the sum is under way.
class ChangesDuringTheSum : public SingleProcess {
 public:
  explicit ChangesDuringTheSum(EmbeddingModel& model) : model_(model) {}
  int size() const override { return 2; }
  absl::Status SumFloats(const float* mine, float* sum, size_t n) override {
    std::memcpy(sum, mine, n * sizeof(float));
    model_.input.row(0)[1] += 0.5f;
    return absl::OkStatus();
  }

 private:
  EmbeddingModel& model_;
};

TEST(ModelMergerTest, KeepsWhatTheWorkersChangedDuringTheSum) {
  EmbeddingModel model = NumberedModel(2, 4, false);
  ChangesDuringTheSum comm(model);
  ModelMerger merger = *ModelMerger::Create(comm, model, true);
  Change(model, 1);
  ASSERT_TRUE(merger.Merge(2, 2).ok());
  // The partner's unchanged copy halves the change; the update made
  // meanwhile stays whole.
  EXPECT_EQ(model.input.row(0)[0], 0.5f);
  EXPECT_EQ(model.input.row(0)[1], 1.5f + 0.5f);
  EXPECT_EQ(model.input.row(1)[1], 11.5f);
  // It is not part of the base: the next merge halves it too.
  ASSERT_TRUE(merger.Merge(2, 2).ok());
  EXPECT_EQ(model.input.row(0)[1], 1.5f + 0.25f + 0.5f);
}

std::string RandomText(int words, int vocab, uint64_t seed) {
  Rng rng(seed);
  std::string text;
  for (int i = 0; i < words; ++i) {
    absl::StrAppend(&text, "w", rng.Uniform(vocab) * rng.Uniform(vocab),
                    i % 17 == 16 ? "\n" : " ");
  }
  return text;
}

TEST(SharedVocabTest, IsTheVocabularyOneProcessBuildsOnEveryProcess) {
  const std::string dir = testing::TempDir();
  const std::string path =
      testing::WriteTempFile(dir, "corpus.txt", RandomText(20000, 60, 3));
  const Corpus corpus = *Corpus::Open({path});
  VocabOptions options;
  options.min_count = 3;
  VocabStats alone_stats;
  const Vocab alone = *Vocab::Build(corpus, options, &alone_stats);
  options.threads = 2;
  testing::TestGroup group(3);
  std::vector<Vocab> vocabs(3);
  std::vector<VocabStats> stats(3);
  group.Run([&](int rank, Communicator& comm) {
    absl::StatusOr<Vocab> vocab =
        BuildSharedVocab(comm, corpus, options, &stats[rank]);
    ASSERT_TRUE(vocab.ok()) << vocab.status();
    vocabs[rank] = *std::move(vocab);
  });
  for (int rank = 0; rank < 3; ++rank) {
    EXPECT_EQ(vocabs[rank].words(), alone.words());
    EXPECT_EQ(vocabs[rank].counts(), alone.counts());
    EXPECT_EQ(stats[rank].tokens, alone_stats.tokens);
    EXPECT_EQ(stats[rank].types, alone_stats.types);
    // Six readers split sentences at five more places than one.
    EXPECT_LE(stats[rank].sentences, alone_stats.sentences + 5);
  }
}

TEST(SharedVocabTest, AFailureOnOneProcessFailsEveryProcess) {
  const std::string dir = testing::TempDir();
  const std::string path =
      testing::WriteTempFile(dir, "corpus.txt", RandomText(2000, 30, 4));
  const Corpus corpus = *Corpus::Open({path});
  VocabOptions options;
  options.min_count = 1000000;
  testing::TestGroup group(2);
  std::vector<absl::Status> results(2);
  group.Run([&](int rank, Communicator& comm) {
    results[rank] = BuildSharedVocab(comm, corpus, options).status();
  });
  for (const absl::Status& status : results) {
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(status.message(),
                HasSubstr("rank 0 of 2: no word occurs at least "
                          "min_count=1000000 times in 2000 tokens"));
  }
}

}  // namespace
}  // namespace nce2vec
