// Every objective's reported workspace size (what the memory estimate adds
// up) against what a built workspace holds, and a check that a Step at the
// largest shape allocates nothing more.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "src/objectives/objective.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/util/rng.h"

namespace nce2vec {
namespace {

constexpr int kVocab = 50;

struct Setting {
  int negatives;
  bool shared_negatives;
  WorkspaceShape shape;
};

std::vector<Setting> Settings() {
  return {
      {5, true, {.max_rows = 10, .max_positives = 100, .stride = 112}},
      {5, false, {.max_rows = 10, .max_positives = 100, .stride = 112}},
      {1, true, {.max_rows = 1, .max_positives = 10, .stride = 16}},
      {7, false, {.max_rows = 3, .max_positives = 11, .stride = 32}},
      {5, true, {.max_rows = 32, .max_positives = 320, .stride = 16}},
  };
}

// A batch that fills `shape`: every row has max_positives / max_rows
// positives (at least one), drawn at random from the vocabulary.
struct FullBatch {
  FullBatch(const ObjectiveInfo& info, const WorkspaceShape& shape, Rng& rng)
      : hidden(shape.max_rows, shape.stride),
        hidden_grad(shape.max_rows, shape.stride) {
    const int per_row = info.batch_shape == BatchShape::kCentreRows
                            ? std::max(1, shape.max_positives / shape.max_rows)
                            : 1;
    begin.push_back(0);
    for (int r = 0; r < shape.max_rows; ++r) {
      for (int p = 0; p < per_row; ++p) {
        positives.push_back(static_cast<int32_t>(rng.Uniform(kVocab)));
      }
      begin.push_back(static_cast<int32_t>(positives.size()));
      for (int64_t d = 0; d < shape.stride; ++d) {
        hidden.row(r)[d] = rng.UniformFloat() - 0.5f;
      }
    }
  }

  Batch batch() {
    return Batch{.rows = static_cast<int>(hidden.rows()),
                 .hidden = hidden.data(),
                 .hidden_grad = hidden_grad.data(),
                 .positive_begin = begin.data(),
                 .positives = positives.data()};
  }

  Matrix hidden;
  Matrix hidden_grad;
  std::vector<int32_t> begin;
  std::vector<int32_t> positives;
};

TEST(ObjectiveWorkspaceTest, ReportedBytesAreWhatTheWorkspaceHolds) {
  std::vector<int64_t> counts;
  for (int w = 0; w < kVocab; ++w) counts.push_back(100 - w);
  const AliasSampler noise = *AliasSampler::Create(counts, 0.75);
  Rng rng(11);
  for (const ObjectiveInfo& info : Objectives()) {
    for (const Setting& setting : Settings()) {
      const std::string where =
          absl::StrCat(info.name, " k=", setting.negatives,
                       setting.shared_negatives ? " shared" : " per row",
                       " rows=", setting.shape.max_rows);
      ObjectiveOptions options;
      options.negatives = setting.negatives;
      options.shared_negatives = setting.shared_negatives;
      const std::unique_ptr<Objective> objective =
          *CreateObjective(info.name, options, noise, counts);
      const uint64_t reported = objective->WorkspaceBytes(setting.shape);
      const std::unique_ptr<Workspace> workspace =
          objective->NewWorkspace(setting.shape);
      EXPECT_GT(reported, 0u) << where;
      EXPECT_EQ(workspace->HeldBytes(), reported) << where;

      Matrix output(kVocab, setting.shape.stride);
      OutputParams params{.vectors = output.data(),
                          .bias = nullptr,
                          .stride = output.stride(),
                          .vocab_size = kVocab};
      FullBatch full(info, setting.shape, rng);
      objective->Step(full.batch(), 0.01f, params, *workspace, rng);
      EXPECT_EQ(workspace->HeldBytes(), reported)
          << where << ": a Step must not grow its workspace";
    }
  }
}

// The in-batch and softmax workspaces grow with the batch's positives and
// the vocabulary; the sampled ones with rows x (k + 1).
TEST(ObjectiveWorkspaceTest, BytesGrowWithTheShape) {
  std::vector<int64_t> counts(kVocab, 3);
  const AliasSampler noise = *AliasSampler::Create(counts, 0.75);
  const WorkspaceShape small{.max_rows = 4, .max_positives = 8, .stride = 16};
  const WorkspaceShape more_rows{
      .max_rows = 8, .max_positives = 16, .stride = 16};
  for (const ObjectiveInfo& info : Objectives()) {
    const auto objective =
        *CreateObjective(info.name, ObjectiveOptions(), noise, counts);
    EXPECT_LT(objective->WorkspaceBytes(small),
              objective->WorkspaceBytes(more_rows))
        << info.name;
  }
}

}  // namespace
}  // namespace nce2vec
