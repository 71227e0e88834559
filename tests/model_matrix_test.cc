#include <cstdint>
#include <utility>

#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

TEST(MatrixTest, StrideRoundsUpToWholeCacheLines) {
  EXPECT_EQ(PaddedStride(0), 0);
  EXPECT_EQ(PaddedStride(1), 16);
  EXPECT_EQ(PaddedStride(16), 16);
  EXPECT_EQ(PaddedStride(17), 32);
  EXPECT_EQ(PaddedStride(100), 112);
  EXPECT_EQ(PaddedStride(300), 304);
}

TEST(MatrixTest, EveryRowIsAlignedAndZeroPadded) {
  for (const int64_t cols : {1, 15, 16, 17, 50, 100, 300}) {
    Matrix m(37, cols);
    ASSERT_NE(m.data(), nullptr);
    EXPECT_EQ(m.rows(), 37);
    EXPECT_EQ(m.cols(), cols);
    EXPECT_EQ(m.stride(), PaddedStride(cols));
    EXPECT_EQ(m.bytes(), 37 * PaddedStride(cols) * sizeof(float));
    for (int64_t r = 0; r < m.rows(); ++r) {
      EXPECT_EQ(reinterpret_cast<uintptr_t>(m.row(r)) % 64, 0u)
          << "row " << r << " cols " << cols;
      EXPECT_EQ(m.row(r), m.data() + r * m.stride());
      for (int64_t c = 0; c < m.stride(); ++c) {
        ASSERT_EQ(m.row(r)[c], 0.0f) << r << " " << c;
      }
    }
  }
}

TEST(MatrixTest, EmptyMatrixHasNoData) {
  Matrix none;
  EXPECT_EQ(none.data(), nullptr);
  EXPECT_EQ(none.rows(), 0);
  EXPECT_EQ(none.bytes(), 0u);
  Matrix no_rows(0, 8);
  EXPECT_EQ(no_rows.data(), nullptr);
}

TEST(MatrixTest, MoveTransfersTheRows) {
  Matrix a(3, 5);
  a.row(2)[4] = 7.0f;
  const float* data = a.data();
  Matrix b = std::move(a);
  EXPECT_EQ(b.data(), data);
  EXPECT_EQ(b.row(2)[4], 7.0f);
  EXPECT_EQ(b.rows(), 3);
}

TEST(MatrixTest, ImpossibleAllocationGivesAnEmptyMatrix) {
  if (testing::kAddressSanitizer) {
    GTEST_SKIP() << "AddressSanitizer aborts on impossible allocations";
  }
  Matrix huge(int64_t{1} << 40, 1024);
  EXPECT_EQ(huge.data(), nullptr);
  EXPECT_EQ(huge.rows(), 0);
}

}  // namespace
}  // namespace nce2vec
