// Vector kernels on padded embedding rows (see src/model/matrix.h): `n` is
// the row stride, a multiple of 16, so the loops vectorise without remainder
// handling. Plain loops, inlined into the objectives' inner loops; the scalar
// references they are tested against live in tests/kernels_test.cc.
#ifndef NCE2VEC_KERNELS_VECTOR_OPS_H_
#define NCE2VEC_KERNELS_VECTOR_OPS_H_

#include <cstdint>

namespace nce2vec {

inline float Dot(const float* __restrict a, const float* __restrict b,
                 int64_t n) {
  float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
  for (int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// y += alpha * x
inline void Axpy(float alpha, const float* __restrict x, float* __restrict y,
                 int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

// y = alpha * x
inline void Scale(float alpha, const float* __restrict x, float* __restrict y,
                  int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) y[i] = alpha * x[i];
}

inline void Add(const float* __restrict x, float* __restrict y, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}

inline void Copy(const float* __restrict x, float* __restrict y, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) y[i] = x[i];
}

inline void Zero(float* y, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) y[i] = 0.0f;
}

}  // namespace nce2vec

#endif  // NCE2VEC_KERNELS_VECTOR_OPS_H_
