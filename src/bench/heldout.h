// Exact held-out log-likelihood of a skip-gram model.
//
// The held-out pairs are the skip-gram pairs (w, c) of a corpus: every
// context c at distance 1..window of a centre word w in the same sentence,
// counted in the corpus's own tokens. The window is the full one (training
// draws a shrunk window per centre word; here there is no randomness, so the
// pairs are the same for every model), and there is no subsampling.
// A pair with w or c missing from the vocabulary is excluded and counted;
// such a token still takes its place in the window, so which pairs exist
// does not depend on the vocabulary's cut.
//
// Under a model with input vectors x_v, output vectors u_v and biases b_v
// (0 without biases), h = x_w and
//   log p(c|w) = s(c, w) - log Z(w),  s(c, w) = u_c·h + b_c,
//   Z(w) = Σ_{v∈V} exp s(v, w),
// computed over the whole vocabulary. Z depends on w only, so it is computed
// once per distinct centre word, as blocks of centre words times the output
// matrix (one sgemm per block, blocks spread over threads).
//
// A hierarchical-softmax model has no output word vectors: its output rows
// are a Huffman tree's inner nodes v_n, and
//   log p(c|w) = Σ_{n on c's path} log σ((1 - 2 b_n) v_n·h),
// normalised by construction (log Z = 0), at O(log |V|) per pair.
#ifndef NCE2VEC_BENCH_HELDOUT_H_
#define NCE2VEC_BENCH_HELDOUT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "src/corpus/corpus.h"
#include "src/model/embedding_model.h"
#include "src/objectives/huffman_tree.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

// The held-out tokens as vocabulary ids, read once and scored against every
// model of the same vocabulary. Memory: 8 bytes per token, whatever the
// window.
class HeldoutPairs {
 public:
  // Reads every token of `corpus`. Fails if the corpus cannot be read, if
  // window < 1, or if no pair has both words in the vocabulary.
  static absl::StatusOr<HeldoutPairs> Read(const Corpus& corpus,
                                           const Vocab& vocab, int window);

  int window() const { return window_; }
  int32_t vocab_size() const { return vocab_size_; }
  int64_t tokens() const { return tokens_; }
  int64_t oov_tokens() const { return oov_tokens_; }
  int64_t pairs() const { return pairs_; }          // both words known
  int64_t oov_pairs() const { return oov_pairs_; }  // excluded
  // Distinct centre words of the scored pairs, ascending.
  const std::vector<int32_t>& centres() const { return centres_; }
  // How many scored pairs centres()[i] is the centre of.
  int64_t PairCount(size_t i) const { return pair_count_[i]; }

  // Calls visit(c) for the context c of every scored pair whose centre is
  // centres()[i].
  template <typename Visit>
  void ForEachContext(size_t i, Visit&& visit) const {
    for (int64_t k = occurrence_begin_[i]; k < occurrence_begin_[i + 1]; ++k) {
      const int64_t p = occurrences_[k];
      for (int side = -1; side <= 1; side += 2) {
        for (int d = 1; d <= window_; ++d) {
          const int32_t c = ids_[p + side * d];
          if (c == kBoundary) break;
          if (c != kOutOfVocabulary) visit(c);
        }
      }
    }
  }

 private:
  static constexpr int32_t kOutOfVocabulary = -1;
  // Separates sentences, and opens and closes the token array, so that a
  // window walk stops at it without bounds checks.
  static constexpr int32_t kBoundary = -2;

  int window_ = 0;
  int32_t vocab_size_ = 0;
  int64_t tokens_ = 0;
  int64_t oov_tokens_ = 0;
  int64_t pairs_ = 0;
  int64_t oov_pairs_ = 0;
  std::vector<int32_t> ids_;  // token ids and boundaries
  std::vector<int32_t> centres_;
  std::vector<int64_t> pair_count_;
  // Positions in ids_ of centres_[i]: occurrences_[occurrence_begin_[i] ..
  // occurrence_begin_[i + 1]).
  std::vector<int64_t> occurrence_begin_;
  std::vector<int64_t> occurrences_;
};

struct HeldoutResult {
  int64_t pairs = 0;      // scored
  int64_t oov_pairs = 0;  // excluded: a word out of the vocabulary
  int64_t centres = 0;    // distinct centre words, one Z each
  // Mean over the scored pairs of log p(c|w), in nats, and exp(-mean).
  double mean_log_likelihood = 0;
  double perplexity = 0;
  // The same with Z taken as 1: the mean of s(c, w). A self-normalised
  // model's claim; the "probabilities" need not sum to 1, so this can be
  // below the true perplexity.
  double mean_log_likelihood_self_normalized = 0;
  double perplexity_self_normalized = 0;
  // Mean and standard deviation of log Z(w) over the scored pairs (each
  // pair weighs its centre's log Z once).
  double log_z_mean = 0;
  double log_z_std = 0;
  double seconds = 0;
};

// Scores `pairs` under `model`, on `threads` threads. The result does not
// depend on `threads`. Fails if the model's vocabulary size differs from
// the one the pairs were read with.
absl::StatusOr<HeldoutResult> EvaluateHeldout(const HeldoutPairs& pairs,
                                              const EmbeddingModel& model,
                                              int threads);

// The same for a hierarchical-softmax model whose output rows are `tree`'s
// inner nodes: log p(c|w) from c's path, in double precision, with log Z = 0
// exactly (its mean and spread are 0, and the self-normalised figures equal
// the exact ones). Fails if the model, the tree and the pairs disagree on
// the vocabulary.
absl::StatusOr<HeldoutResult> EvaluateHeldoutTree(const HeldoutPairs& pairs,
                                                  const EmbeddingModel& model,
                                                  const HuffmanTree& tree,
                                                  int threads);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_HELDOUT_H_
