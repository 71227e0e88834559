#include <cmath>
#include <limits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/trainer/divergence_guard.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// `output_rows`: one per word by default, fewer for a tree's inner nodes.
EmbeddingModel RandomModel(int words, int dim, int output_rows = -1) {
  if (output_rows < 0) output_rows = words;
  EmbeddingModel model = *EmbeddingModel::Create(std::vector<int64_t>(words, 1),
                                                 output_rows, dim, false, 3);
  Rng rng(4);
  for (int w = 0; w < output_rows; ++w) {
    for (int d = 0; d < dim; ++d) {
      model.output.row(w)[d] = rng.UniformFloat() - 0.5f;
    }
  }
  return model;
}

DivergenceLimits Limits(bool collapse) {
  DivergenceLimits limits;
  limits.detect_collapse = collapse;
  limits.lr = 0.025;
  return limits;
}

TEST(DivergenceGuardTest, HealthyModelPasses) {
  const EmbeddingModel model = RandomModel(500, 16);
  DivergenceGuard guard(Limits(true), 1);
  EXPECT_TRUE(guard.Check(123.0, 0.5, 1000, model).ok());
  EXPECT_TRUE(CheckAllFinite(model).ok());
}

TEST(DivergenceGuardTest, NonFiniteLossFails) {
  const EmbeddingModel model = RandomModel(50, 8);
  DivergenceGuard guard(Limits(false), 1);
  const absl::Status s =
      guard.Check(std::numeric_limits<double>::quiet_NaN(), 0.2, 77, model);
  EXPECT_THAT(s.message(), HasSubstr("the loss became nan"));
  EXPECT_THAT(s.message(), HasSubstr("lower TrainConfig::lr (now 0.025)"));
  EXPECT_THAT(
      s.message(),
      HasSubstr("objectives with a margin (contrastive, triplet, lifted) "
                "set a smaller ObjectiveOptions::margin"));
  EXPECT_THAT(s.message(), HasSubstr("77 words"));
}

TEST(DivergenceGuardTest, ExplodingNormFails) {
  EmbeddingModel model = RandomModel(50, 8);
  model.output.row(3)[0] = 5000;  // a frequent word: always sampled
  DivergenceGuard guard(Limits(false), 1);
  const absl::Status s = guard.Check(1.0, 0.2, 1, model);
  EXPECT_THAT(s.message(), HasSubstr("output vector of word #3 has norm"));
  EXPECT_THAT(s.message(), HasSubstr("TrainConfig::max_norm=1000"));
  EXPECT_THAT(s.message(), Not(HasSubstr("--"))) << "the library names no flag";
  DivergenceLimits off = Limits(false);
  off.max_norm = 0;
  EXPECT_TRUE(DivergenceGuard(off, 1).Check(1.0, 0.2, 1, model).ok());
}

// A Huffman tree's V - 1 inner nodes: rows are sampled within the output
// matrix (never past its end), the ones nearest the root always.
TEST(DivergenceGuardTest, OutputRowsOtherThanWordsAreSampledWithinTheMatrix) {
  EmbeddingModel model = RandomModel(50, 8, 49);
  DivergenceGuard guard(Limits(false), 1);
  for (int check = 0; check < 20; ++check) {
    EXPECT_TRUE(guard.Check(1.0, 0.2, 1, model).ok());
  }
  model.output.row(0)[0] = 5000;  // the root
  const absl::Status s = guard.Check(1.0, 0.2, 1, model);
  EXPECT_THAT(s.message(), HasSubstr("the output row #0 has norm"));
  EXPECT_TRUE(DivergenceGuard(Limits(false), 1)
                  .Check(1.0, 0.2, 1, RandomModel(1, 8, 0))
                  .ok());
}

TEST(DivergenceGuardTest, CollapseFailsOnlyWhenAskedAndAfterTheStart) {
  EmbeddingModel model = RandomModel(200, 8);
  for (int w = 0; w < 200; ++w) {
    for (int d = 0; d < 8; ++d) model.input.row(w)[d] = 0.25f * (d + 1);
  }
  EXPECT_TRUE(DivergenceGuard(Limits(false), 1).Check(1, 0.5, 1, model).ok());
  EXPECT_TRUE(DivergenceGuard(Limits(true), 1).Check(1, 0.01, 1, model).ok());
  const absl::Status s =
      DivergenceGuard(Limits(true), 1).Check(1, 0.5, 1, model);
  EXPECT_THAT(s.message(), HasSubstr("the vectors collapsed"));
  EXPECT_THAT(s.message(), HasSubstr("a larger ObjectiveOptions::margin"));
  EXPECT_THAT(s.message(), Not(HasSubstr("--"))) << "the library names no flag";
}

TEST(DivergenceGuardTest, CheckAllFiniteFindsOneBadValue) {
  EmbeddingModel model = RandomModel(300, 8);
  model.input.row(299)[7] = std::numeric_limits<float>::infinity();
  EXPECT_THAT(CheckAllFinite(model).message(),
              HasSubstr("input vector of word #299 is not finite"));
}

}  // namespace
}  // namespace nce2vec
