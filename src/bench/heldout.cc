#include "src/bench/heldout.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "src/kernels/fast_exp.h"
#include "src/kernels/vector_ops.h"
#include "src/util/blas_threads.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// Centre words per sgemm: big enough for an efficient product, small enough
// that a block of scores (kBlockRows x |V| floats per thread) stays modest.
constexpr int kBlockRows = 64;

// What one centre word contributes, kept per centre so that the final sums
// run in a fixed order whatever the number of threads.
struct CentreScore {
  double log_z = 0;
  // Σ s(c, w) over the centre's pairs; for a tree, Σ log p(c|w) (log Z 0).
  double score_sum = 0;
};

// log Σ_v exp s[v] with the largest score factored out, so that no exp
// overflows; the terms are summed in double.
double LogSumExp(const float* s, int32_t n) {
  float max_score = s[0];
#pragma omp simd reduction(max : max_score)
  for (int32_t v = 0; v < n; ++v)
    max_score = s[v] > max_score ? s[v] : max_score;
  double sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int32_t v = 0; v < n; ++v) sum += FastExp(s[v] - max_score);
  return max_score + std::log(sum);
}

// log σ(x), without overflow or cancellation at either end.
double LogSigmoid(double x) {
  return x >= 0 ? -std::log1p(std::exp(-x)) : x - std::log1p(std::exp(x));
}

// The figures from each centre's log Z and summed scores, in a fixed order.
HeldoutResult Summarise(const HeldoutPairs& pairs,
                        const std::vector<CentreScore>& scores,
                        std::chrono::steady_clock::time_point start) {
  const int64_t num_centres = static_cast<int64_t>(scores.size());
  HeldoutResult result;
  result.pairs = pairs.pairs();
  result.oov_pairs = pairs.oov_pairs();
  result.centres = num_centres;
  const double n = static_cast<double>(pairs.pairs());
  double score_total = 0;
  double log_z_total = 0;
  for (int64_t i = 0; i < num_centres; ++i) {
    score_total += scores[i].score_sum;
    log_z_total += pairs.PairCount(i) * scores[i].log_z;
  }
  result.log_z_mean = log_z_total / n;
  double spread = 0;
  for (int64_t i = 0; i < num_centres; ++i) {
    const double d = scores[i].log_z - result.log_z_mean;
    spread += pairs.PairCount(i) * d * d;
  }
  result.log_z_std = std::sqrt(spread / n);
  result.mean_log_likelihood_self_normalized = score_total / n;
  result.mean_log_likelihood =
      result.mean_log_likelihood_self_normalized - result.log_z_mean;
  result.perplexity = std::exp(-result.mean_log_likelihood);
  result.perplexity_self_normalized =
      std::exp(-result.mean_log_likelihood_self_normalized);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

}  // namespace

absl::StatusOr<HeldoutPairs> HeldoutPairs::Read(const Corpus& corpus,
                                                const Vocab& vocab,
                                                int window) {
  if (window < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("held-out window must be >= 1, got ", window));
  }
  HeldoutPairs h;
  h.window_ = window;
  h.vocab_size_ = vocab.size();
  ASSIGN_OR_RETURN(std::unique_ptr<TokenReader> reader, corpus.OpenAll());
  h.ids_.push_back(kBoundary);
  absl::string_view token;
  for (TokenEvent event = reader->Next(&token); event != TokenEvent::kEnd;
       event = reader->Next(&token)) {
    if (event == TokenEvent::kEndOfSentence) {
      h.ids_.push_back(kBoundary);
      continue;
    }
    const int32_t id = vocab.Find(token);
    ++h.tokens_;
    if (id < 0) ++h.oov_tokens_;
    h.ids_.push_back(id < 0 ? kOutOfVocabulary : id);
  }
  RETURN_IF_ERROR(reader->status());
  if (h.ids_.back() != kBoundary) h.ids_.push_back(kBoundary);

  // Pairs per centre word, then the centres' positions grouped by word.
  std::vector<int64_t> pair_count(vocab.size(), 0);
  std::vector<int64_t> occurrence_count(vocab.size(), 0);
  std::vector<int64_t> scored_positions;
  const int64_t n = static_cast<int64_t>(h.ids_.size());
  for (int64_t p = 0; p < n; ++p) {
    const int32_t w = h.ids_[p];
    if (w == kBoundary) continue;
    int64_t known = 0;
    int64_t all = 0;
    for (int side = -1; side <= 1; side += 2) {
      for (int d = 1; d <= window; ++d) {
        const int32_t c = h.ids_[p + side * d];
        if (c == kBoundary) break;
        ++all;
        if (c != kOutOfVocabulary) ++known;
      }
    }
    if (w == kOutOfVocabulary) {
      h.oov_pairs_ += all;
      continue;
    }
    h.oov_pairs_ += all - known;
    if (known == 0) continue;
    h.pairs_ += known;
    pair_count[w] += known;
    ++occurrence_count[w];
    scored_positions.push_back(p);
  }
  if (h.pairs_ == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the held-out corpus ", corpus.paths().front(),
        " has no skip-gram pair with both words in the vocabulary (", h.tokens_,
        " tokens, ", h.oov_tokens_, " out of vocabulary)"));
  }
  std::vector<int64_t> next(vocab.size(), 0);
  h.occurrence_begin_.push_back(0);
  for (int32_t w = 0; w < vocab.size(); ++w) {
    if (pair_count[w] == 0) continue;
    next[w] = h.occurrence_begin_.back();
    h.centres_.push_back(w);
    h.pair_count_.push_back(pair_count[w]);
    h.occurrence_begin_.push_back(h.occurrence_begin_.back() +
                                  occurrence_count[w]);
  }
  h.occurrences_.resize(h.occurrence_begin_.back());
  for (const int64_t p : scored_positions) {
    h.occurrences_[next[h.ids_[p]]++] = p;
  }
  return h;
}

absl::StatusOr<HeldoutResult> EvaluateHeldout(const HeldoutPairs& pairs,
                                              const EmbeddingModel& model,
                                              int threads) {
  if (model.vocab_size() != pairs.vocab_size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the model has ", model.vocab_size(),
        " words but the held-out pairs were read with a vocabulary of ",
        pairs.vocab_size()));
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<int32_t>& centres = pairs.centres();
  const int64_t num_centres = static_cast<int64_t>(centres.size());
  const int32_t vocab = model.vocab_size();
  const int dim = model.dim();
  const int64_t stride = model.input.stride();
  const float* bias = model.bias.empty() ? nullptr : model.bias.data();
  std::vector<CentreScore> scores(num_centres);
  const int64_t blocks = (num_centres + kBlockRows - 1) / kBlockRows;

  // The threads are ours; sgemm inside one must not start more.
  const SingleThreadedBlas single_threaded_blas;
#pragma omp parallel num_threads(threads)
  {
    Matrix hidden(kBlockRows, dim);
    std::vector<float> block(static_cast<size_t>(kBlockRows) * vocab);
#pragma omp for schedule(dynamic)
    for (int64_t b = 0; b < blocks; ++b) {
      const int64_t first = b * kBlockRows;
      const int rows =
          static_cast<int>(std::min<int64_t>(kBlockRows, num_centres - first));
      for (int r = 0; r < rows; ++r) {
        std::copy_n(model.input.row(centres[first + r]), stride, hidden.row(r));
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, vocab, dim,
                  1.0f, hidden.data(), stride, model.output.data(), stride,
                  0.0f, block.data(), vocab);
      for (int r = 0; r < rows; ++r) {
        float* s = block.data() + static_cast<int64_t>(r) * vocab;
        if (bias != nullptr) {
#pragma omp simd
          for (int32_t v = 0; v < vocab; ++v) s[v] += bias[v];
        }
        CentreScore& out = scores[first + r];
        out.log_z = LogSumExp(s, vocab);
        double sum = 0;
        pairs.ForEachContext(first + r, [&](int32_t c) { sum += s[c]; });
        out.score_sum = sum;
      }
    }
  }

  return Summarise(pairs, scores, start);
}

absl::StatusOr<HeldoutResult> EvaluateHeldoutTree(const HeldoutPairs& pairs,
                                                  const EmbeddingModel& model,
                                                  const HuffmanTree& tree,
                                                  int threads) {
  if (model.vocab_size() != pairs.vocab_size() ||
      tree.words() != pairs.vocab_size() ||
      model.output.rows() != tree.inner_nodes()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the model has ", model.vocab_size(), " words and ",
        model.output.rows(), " output rows, the tree ", tree.words(),
        " words and ", tree.inner_nodes(),
        " inner nodes, but the held-out pairs were read with a vocabulary "
        "of ",
        pairs.vocab_size()));
  }
  const auto start = std::chrono::steady_clock::now();
  const int64_t num_centres = static_cast<int64_t>(pairs.centres().size());
  const int64_t stride = model.input.stride();
  std::vector<CentreScore> scores(num_centres);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
  for (int64_t i = 0; i < num_centres; ++i) {
    const float* h = model.input.row(pairs.centres()[i]);
    double sum = 0;
    pairs.ForEachContext(i, [&](int32_t c) {
      const absl::Span<const int32_t> path = tree.path(c);
      const absl::Span<const uint8_t> code = tree.code(c);
      for (size_t d = 0; d < path.size(); ++d) {
        const double x = Dot(model.output.row(path[d]), h, stride);
        sum += LogSigmoid(code[d] == 0 ? x : -x);
      }
    });
    scores[i].score_sum = sum;
  }
  return Summarise(pairs, scores, start);
}

}  // namespace nce2vec
