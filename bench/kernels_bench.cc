// Micro-benchmarks of the inner loops: the vector kernels, one sampled
// objective step on a skip-gram window, and the full softmax's step beside a
// plain sgemm of the same shapes (the softmax's matrix products should run
// at no less than half sgemm's FLOP rate).
//
//   make bench-kernels
#include <cblas.h>

#include <vector>

#include "benchmark/benchmark.h"
#include "src/kernels/fast_exp.h"
#include "src/kernels/vector_ops.h"
#include "src/model/matrix.h"
#include "src/objectives/objective.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/util/rng.h"

namespace nce2vec {
namespace {

void Fill(Matrix& m, Rng& rng, float scale) {
  for (int64_t r = 0; r < m.rows(); ++r) {
    for (int64_t c = 0; c < m.cols(); ++c)
      m.row(r)[c] = (rng.UniformFloat() - 0.5f) * scale;
  }
}

std::vector<int64_t> ZipfCounts(int vocab) {
  std::vector<int64_t> counts(vocab);
  for (int w = 0; w < vocab; ++w) counts[w] = 10000000 / (w + 1) + 5;
  return counts;
}

void BM_Dot(benchmark::State& state) {
  Rng rng(1);
  Matrix m(2, state.range(0));
  Fill(m, rng, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(Dot(m.row(0), m.row(1), m.stride()));
  }
  state.counters["flops"] = benchmark::Counter(
      2.0 * m.cols() * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Dot)->Arg(100)->Arg(300);

void BM_Axpy(benchmark::State& state) {
  Rng rng(1);
  Matrix m(2, state.range(0));
  Fill(m, rng, 1);
  for (auto _ : state) {
    Axpy(1e-6f, m.row(0), m.row(1), m.stride());
    benchmark::ClobberMemory();
  }
  state.counters["flops"] = benchmark::Counter(
      2.0 * m.cols() * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Axpy)->Arg(100)->Arg(300);

void BM_FastExpArray(benchmark::State& state) {
  std::vector<float> x(state.range(0));
  for (size_t i = 0; i < x.size(); ++i) x[i] = -20.0f + 20.0f * i / x.size();
  std::vector<float> y(x.size());
  for (auto _ : state) {
#pragma omp simd
    for (size_t i = 0; i < x.size(); ++i) y[i] = FastExp(x[i]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * x.size());
}
BENCHMARK(BM_FastExpArray)->Arg(50000);

// One skip-gram window: `rows` context rows against the centre and k shared
// noise words, dim 100, a 50k-word vocabulary.
void BM_SampledWindowStep(benchmark::State& state, const char* objective_name) {
  const int vocab = 50000, dim = 100, rows = 6;
  Rng rng(3);
  const std::vector<int64_t> counts = ZipfCounts(vocab);
  AliasSampler noise = *AliasSampler::Create(counts, 0.75);
  ObjectiveOptions options;
  options.negatives = 5;
  auto objective = *CreateObjective(objective_name, options, noise, counts);
  Matrix output(vocab, dim), hidden(rows, dim), hidden_grad(rows, dim);
  Fill(output, rng, 0.1f);
  Fill(hidden, rng, 0.1f);
  std::vector<int32_t> begin = {0, 1, 2, 3, 4, 5, 6}, positives(rows);
  auto workspace = objective->NewWorkspace(
      {.max_rows = rows, .max_positives = rows, .stride = output.stride()});
  OutputParams params{output.data(), nullptr, output.stride(), vocab};
  for (auto _ : state) {
    const int32_t centre = noise.Sample(rng);
    for (int r = 0; r < rows; ++r) positives[r] = centre;
    Batch batch{rows, hidden.data(), hidden_grad.data(), begin.data(),
                positives.data()};
    benchmark::DoNotOptimize(
        objective->Step(batch, 1e-4f, params, *workspace, rng));
  }
  state.SetItemsProcessed(state.iterations() * rows);  // pairs
}
BENCHMARK_CAPTURE(BM_SampledWindowStep, sgns, "sgns");
BENCHMARK_CAPTURE(BM_SampledWindowStep, nce, "nce");
BENCHMARK_CAPTURE(BM_SampledWindowStep, infonce, "infonce");
// The same window against the centre word's Huffman path (the centre drawn
// from Pn, so that path lengths follow the corpus's words).
BENCHMARK_CAPTURE(BM_SampledWindowStep, hs, "hs");

constexpr int kSoftmaxVocab = 20000;
constexpr int kSoftmaxDim = 100;

// The full softmax step: three matrix products of rows x |V| x d plus the
// normalisation; the counter counts the products' FLOPs only.
void BM_SoftmaxStep(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  Rng rng(4);
  const std::vector<int64_t> counts = ZipfCounts(kSoftmaxVocab);
  AliasSampler noise = *AliasSampler::Create(counts, 0.75);
  auto objective =
      *CreateObjective("softmax", ObjectiveOptions(), noise, counts);
  Matrix output(kSoftmaxVocab, kSoftmaxDim), hidden(rows, kSoftmaxDim),
      hidden_grad(rows, kSoftmaxDim);
  Fill(output, rng, 0.1f);
  Fill(hidden, rng, 0.1f);
  std::vector<int32_t> begin(rows + 1), positives(rows);
  for (int r = 0; r <= rows; ++r) begin[r] = r;
  for (int r = 0; r < rows; ++r) positives[r] = noise.Sample(rng);
  auto workspace = objective->NewWorkspace(
      {.max_rows = rows, .max_positives = rows, .stride = output.stride()});
  OutputParams params{output.data(), nullptr, output.stride(), kSoftmaxVocab};
  for (auto _ : state) {
    Batch batch{rows, hidden.data(), hidden_grad.data(), begin.data(),
                positives.data()};
    benchmark::DoNotOptimize(
        objective->Step(batch, 1e-6f, params, *workspace, rng));
  }
  state.counters["flops"] = benchmark::Counter(
      3.0 * 2.0 * rows * kSoftmaxVocab * output.stride() * state.iterations(),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SoftmaxStep)->Arg(32);

// The operands of the softmax's three products, for the two baselines below.
struct SoftmaxShapes {
  explicit SoftmaxShapes(int rows)
      : output(kSoftmaxVocab, kSoftmaxDim),
        hidden(rows, kSoftmaxDim),
        hidden_grad(rows, kSoftmaxDim),
        scores(static_cast<size_t>(rows) * kSoftmaxVocab) {
    Rng rng(4);
    Fill(output, rng, 0.1f);
    Fill(hidden, rng, 0.1f);
  }
  Matrix output, hidden, hidden_grad;
  std::vector<float> scores;
};

// The same three products as plain sgemm calls, nothing else.
void BM_PlainSgemmSameShapes(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  SoftmaxShapes m(rows);
  Matrix &output = m.output, &hidden = m.hidden, &hidden_grad = m.hidden_grad;
  std::vector<float>& scores = m.scores;
  const int64_t d = output.stride();
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, kSoftmaxVocab, d,
                1.0f, hidden.data(), d, output.data(), d, 0.0f, scores.data(),
                kSoftmaxVocab);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, d,
                kSoftmaxVocab, 1.0f, scores.data(), kSoftmaxVocab,
                output.data(), d, 0.0f, hidden_grad.data(), d);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, kSoftmaxVocab, d, rows,
                1e-9f, scores.data(), kSoftmaxVocab, hidden.data(), d, 1.0f,
                output.data(), d);
    benchmark::ClobberMemory();
  }
  state.counters["flops"] = benchmark::Counter(
      3.0 * 2.0 * rows * kSoftmaxVocab * d * state.iterations(),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlainSgemmSameShapes)->Arg(32);

// The same three products with our own Dot and Axpy kernels, row by row: what
// the softmax would cost without a linear-algebra library (the README's
// reason for OpenBLAS).
void BM_OwnLoopsSameShapes(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  SoftmaxShapes m(rows);
  Matrix &output = m.output, &hidden = m.hidden, &hidden_grad = m.hidden_grad;
  std::vector<float>& scores = m.scores;
  const int64_t d = output.stride();
  for (auto _ : state) {
    for (int r = 0; r < rows; ++r) {
      for (int v = 0; v < kSoftmaxVocab; ++v) {
        scores[r * kSoftmaxVocab + v] = Dot(hidden.row(r), output.row(v), d);
      }
    }
    for (int r = 0; r < rows; ++r) {
      for (int v = 0; v < kSoftmaxVocab; ++v) {
        Axpy(scores[r * kSoftmaxVocab + v], output.row(v), hidden_grad.row(r),
             d);
      }
    }
    for (int v = 0; v < kSoftmaxVocab; ++v) {
      for (int r = 0; r < rows; ++r) {
        Axpy(1e-9f * scores[r * kSoftmaxVocab + v], hidden.row(r),
             output.row(v), d);
      }
    }
    benchmark::ClobberMemory();
  }
  state.counters["flops"] = benchmark::Counter(
      3.0 * 2.0 * rows * kSoftmaxVocab * d * state.iterations(),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OwnLoopsSameShapes)->Arg(32);

}  // namespace
}  // namespace nce2vec

int main(int argc, char** argv) {
  openblas_set_num_threads(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
