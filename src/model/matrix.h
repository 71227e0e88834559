// A dense row-major float matrix whose every row starts on a 64-byte
// boundary: the row stride is the column count rounded up to 16 floats, and
// the padding columns are zero. Kernels rely on that invariant to work on
// whole vectors without remainder loops (a row update adds a multiple of
// another padded row, so the padding stays zero).
//
// Not thread-safe by itself; the trainer's Hogwild updates are documented in
// src/trainer/.
#ifndef NCE2VEC_MODEL_MATRIX_H_
#define NCE2VEC_MODEL_MATRIX_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace nce2vec {

inline constexpr int kFloatsPerCacheLine = 16;

inline int64_t PaddedStride(int64_t cols) {
  return (cols + kFloatsPerCacheLine - 1) / kFloatsPerCacheLine *
         kFloatsPerCacheLine;
}

class Matrix {
 public:
  Matrix() = default;
  // Zero-filled. Returns an empty matrix if the allocation fails; check
  // data() != nullptr when rows*cols may be large.
  Matrix(int64_t rows, int64_t cols)
      : rows_(rows), cols_(cols), stride_(PaddedStride(cols)) {
    const size_t bytes = static_cast<size_t>(rows_ * stride_) * sizeof(float);
    if (bytes == 0) return;
    void* p = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (p == nullptr) {
      rows_ = cols_ = stride_ = 0;
      return;
    }
    std::memset(p, 0, bytes);
    data_.reset(static_cast<float*>(p));
  }
  Matrix(Matrix&&) = default;
  Matrix& operator=(Matrix&&) = default;
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;

  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  int64_t stride() const { return stride_; }
  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  float* row(int64_t i) { return data_.get() + i * stride_; }
  const float* row(int64_t i) const { return data_.get() + i * stride_; }
  size_t bytes() const {
    return static_cast<size_t>(rows_ * stride_) * sizeof(float);
  }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  int64_t rows_ = 0;
  int64_t cols_ = 0;
  int64_t stride_ = 0;
  std::unique_ptr<float, Free> data_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_MODEL_MATRIX_H_
