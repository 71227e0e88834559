#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "src/trainer/batch_builder.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr int kDim = 5;

// Row w holds w + 0.1 * j + 0.01 in column j: every value distinct, none
// exactly representable, so a wrong row or a lost rounding step shows.
Matrix Inputs(int rows) {
  Matrix m(rows, kDim);
  for (int w = 0; w < rows; ++w) {
    for (int j = 0; j < kDim; ++j) m.row(w)[j] = w + 0.1f * j + 0.01f;
  }
  return m;
}

std::vector<float> Row(const float* row, int64_t n) {
  return std::vector<float>(row, row + n);
}

std::vector<int32_t> Ids(const int32_t* begin, const int32_t* end) {
  return std::vector<int32_t>(begin, end);
}

TEST(BatchBuilderTest, SkipGramRowsCopyTheirInputAndListPositives) {
  const Matrix in = Inputs(6);
  BatchBuilder builder(/*max_rows=*/4, /*max_inputs=*/4, /*max_positives=*/8,
                       kDim);
  const int32_t in_a = 3, in_b = 5;
  const int32_t pos_a[] = {1};
  const int32_t pos_b[] = {2, 0, 4};
  builder.AddRow(&in_a, 1, pos_a, 1, in);
  builder.AddRow(&in_b, 1, pos_b, 3, in);
  EXPECT_EQ(builder.rows(), 2);
  EXPECT_EQ(builder.positives(), 4);
  const Batch b = builder.batch();
  ASSERT_EQ(b.rows, 2);
  const int64_t stride = in.stride();
  // Whole padded rows, the zero padding included.
  EXPECT_EQ(Row(b.hidden, stride), Row(in.row(3), stride));
  EXPECT_EQ(Row(b.hidden + stride, stride), Row(in.row(5), stride));
  EXPECT_THAT(Ids(b.positive_begin, b.positive_begin + 3),
              ElementsAre(0, 1, 4));
  EXPECT_THAT(Ids(b.positives, b.positives + 4), ElementsAre(1, 2, 0, 4));
}

TEST(BatchBuilderTest, CbowRowIsTheMeanOfItsContext) {
  const Matrix in = Inputs(6);
  BatchBuilder builder(2, 8, 2, kDim);
  const int32_t context[] = {0, 2, 5, 2};  // a word twice counts twice
  const int32_t centre = 1;
  builder.AddRow(context, 4, &centre, 1, in);
  const Batch b = builder.batch();
  for (int j = 0; j < kDim; ++j) {
    const double mean = (static_cast<double>(in.row(0)[j]) + in.row(2)[j] +
                         in.row(5)[j] + in.row(2)[j]) /
                        4;
    EXPECT_NEAR(b.hidden[j], mean, 1e-5 * mean) << j;
  }
  for (int64_t j = kDim; j < in.stride(); ++j) EXPECT_EQ(b.hidden[j], 0) << j;
  // One input: no division, an exact copy.
  builder.Clear();
  builder.AddRow(context + 2, 1, &centre, 1, in);
  EXPECT_EQ(Row(builder.batch().hidden, kDim), Row(in.row(5), kDim));
}

// Every input word of a row receives the row's whole gradient (word2vec.c's
// CBOW convention), once per occurrence, and gradients of several rows add.
TEST(BatchBuilderTest, HiddenGradientsScatterToEveryInputWord) {
  Matrix in = Inputs(6);
  const Matrix before = Inputs(6);
  BatchBuilder builder(3, 8, 3, kDim);
  const int32_t row0[] = {1, 4, 1};  // CBOW window with word 1 twice
  const int32_t row1[] = {4};        // word 4 again, in another row
  const int32_t row2[] = {0, 2};
  const int32_t positive = 3;
  builder.AddRow(row0, 3, &positive, 1, in);
  builder.AddRow(row1, 1, &positive, 1, in);
  builder.AddRow(row2, 2, &positive, 1, in);
  const Batch b = builder.batch();
  const int64_t stride = in.stride();
  for (int r = 0; r < 3; ++r) {
    for (int j = 0; j < kDim; ++j) {
      b.hidden_grad[r * stride + j] = 0.5f * (r + 1) + 0.03125f * j;
    }
  }
  const auto grad = [&](int r, int j) { return b.hidden_grad[r * stride + j]; };
  builder.ApplyHiddenGradients(in);
  for (int j = 0; j < kDim; ++j) {
    EXPECT_FLOAT_EQ(in.row(0)[j], before.row(0)[j] + grad(2, j));
    EXPECT_FLOAT_EQ(in.row(1)[j], before.row(1)[j] + 2 * grad(0, j));
    EXPECT_FLOAT_EQ(in.row(2)[j], before.row(2)[j] + grad(2, j));
    EXPECT_FLOAT_EQ(in.row(4)[j], before.row(4)[j] + grad(0, j) + grad(1, j));
    EXPECT_EQ(in.row(3)[j], before.row(3)[j]);  // a positive, not an input
    EXPECT_EQ(in.row(5)[j], before.row(5)[j]);  // in no row
  }
  for (int64_t j = kDim; j < stride; ++j) EXPECT_EQ(in.row(1)[j], 0) << j;
}

// Sized once: filling to capacity again after Clear keeps every buffer.
TEST(BatchBuilderTest, ClearAndRefillReuseTheBuffers) {
  const Matrix in = Inputs(4);
  BatchBuilder builder(2, 4, 4, kDim);
  const int32_t inputs[] = {0, 1};
  const int32_t positives[] = {2, 3};
  builder.AddRow(inputs, 2, positives, 2, in);
  builder.AddRow(inputs, 2, positives, 2, in);
  const Batch first = builder.batch();
  builder.Clear();
  EXPECT_EQ(builder.rows(), 0);
  EXPECT_EQ(builder.positives(), 0);
  EXPECT_EQ(builder.batch().rows, 0);
  builder.AddRow(inputs + 1, 1, positives, 1, in);
  builder.AddRow(inputs, 2, positives, 2, in);
  const Batch second = builder.batch();
  EXPECT_EQ(second.hidden, first.hidden);
  EXPECT_EQ(second.hidden_grad, first.hidden_grad);
  EXPECT_EQ(second.positives, first.positives);
  EXPECT_EQ(second.positive_begin, first.positive_begin);
  EXPECT_THAT(Ids(second.positive_begin, second.positive_begin + 3),
              ElementsAre(0, 1, 3));
  EXPECT_THAT(Row(second.hidden, kDim), ElementsAreArray(Row(in.row(1), kDim)));
}

}  // namespace
}  // namespace nce2vec
