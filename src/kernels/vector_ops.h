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

// x *= alpha
inline void ScaleInPlace(float alpha, float* x, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) x[i] *= alpha;
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

// out[j] = Σ_i op(x[i], rows[j][i]) for j < n, the kernel behind DotRows and
// SquaredDistanceRows. Four rows at a time: a single reduction is one chain
// of dependent FMAs, and on scattered embedding rows also one cache miss at
// a time; four independent ones keep both pipelines busy. `op` is a type,
// so it is inlined and the loops vectorise as if written out.
template <typename ElementOp>
inline void ReduceRows(const float* __restrict x, const float* const* rows,
                       int n, int64_t stride, float* __restrict out,
                       ElementOp op) {
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    const float* __restrict r0 = rows[j];
    const float* __restrict r1 = rows[j + 1];
    const float* __restrict r2 = rows[j + 2];
    const float* __restrict r3 = rows[j + 3];
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
    for (int64_t i = 0; i < stride; ++i) {
      s0 += op(x[i], r0[i]);
      s1 += op(x[i], r1[i]);
      s2 += op(x[i], r2[i]);
      s3 += op(x[i], r3[i]);
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < n; ++j) {
    const float* __restrict r = rows[j];
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < stride; ++i) s += op(x[i], r[i]);
    out[j] = s;
  }
}

struct ProductOp {
  float operator()(float a, float b) const { return a * b; }
};

struct SquaredDifferenceOp {
  float operator()(float a, float b) const {
    const float d = a - b;
    return d * d;
  }
};

// out[j] = x · rows[j] for j < n.
inline void DotRows(const float* __restrict x, const float* const* rows, int n,
                    int64_t stride, float* __restrict out) {
  ReduceRows(x, rows, n, stride, out, ProductOp());
}

// out[j] = |x - rows[j]|² for j < n, computed from the differences rather
// than as |x|² + |r|² - 2 x·r: that expansion cancels catastrophically when
// a positive pair is pulled close, exactly where the distance losses divide
// by the distance.
inline void SquaredDistanceRows(const float* __restrict x,
                                const float* const* rows, int n, int64_t stride,
                                float* __restrict out) {
  ReduceRows(x, rows, n, stride, out, SquaredDifferenceOp());
}

// y += Σ_j coeffs[j] * rows[j], reading and writing y once per four rows.
inline void AddCombination(const float* __restrict coeffs,
                           const float* const* rows, int n, int64_t stride,
                           float* __restrict y) {
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    const float* __restrict r0 = rows[j];
    const float* __restrict r1 = rows[j + 1];
    const float* __restrict r2 = rows[j + 2];
    const float* __restrict r3 = rows[j + 3];
    const float c0 = coeffs[j], c1 = coeffs[j + 1], c2 = coeffs[j + 2],
                c3 = coeffs[j + 3];
#pragma omp simd
    for (int64_t i = 0; i < stride; ++i) {
      y[i] += c0 * r0[i] + c1 * r1[i] + c2 * r2[i] + c3 * r3[i];
    }
  }
  for (; j < n; ++j) Axpy(coeffs[j], rows[j], y, stride);
}

}  // namespace nce2vec

#endif  // NCE2VEC_KERNELS_VECTOR_OPS_H_
