// The interface every training objective implements.
//
// An objective sees a Batch: R hidden vectors h_1..h_R (rows of a small
// contiguous matrix the trainer gathered from the input embeddings) and, for
// each row, its positive targets (output-vocabulary ids). In one Step it
//   1. scores the targets it needs against every row: the positives and, for
//      the sampled objectives, noise words it draws itself (one set shared by
//      the whole batch, or one set per row);
//   2. computes its loss and the gradient of that loss at the current
//      parameters (all reads happen before any write, so the gradient is
//      exact for the batch even when an id appears twice);
//   3. writes -lr * dL/dh_r into the batch's hidden_grad rows, for the trainer
//      to add to the input embeddings, and applies -lr * dL/dθ to the output
//      vectors and biases it touched.
// Batching is the point: a centre word with its whole window is one Step, so
// the work is small matrix products and the noise draws are shared; the full
// softmax batches many centre words so its work is three sgemm calls. The one
// virtual call is per Step, never per row, target or dimension.
//
// Objectives are immutable after construction and shared by all threads;
// everything mutable lives in the per-thread Workspace.
#ifndef NCE2VEC_OBJECTIVES_OBJECTIVE_H_
#define NCE2VEC_OBJECTIVES_OBJECTIVE_H_

#include <cstdint>
#include <memory>

#include "src/util/rng.h"

namespace nce2vec {

struct ObjectiveOptions {
  int negatives = 5;  // k (or K for infonce): noise words per positive
  // One set of k noise words serves every row of a batch (a centre word's
  // whole window in skip-gram, Ji et al. 2016); false draws k per row.
  bool shared_negatives = true;
  // infonce: subtract log Pn(w) from every logit (sampled softmax).
  bool logq_correction = false;
  // A learned output bias b_w added to every score s(w, h) = u_w·h + b_w.
  bool output_bias = false;

  // The objectives with a margin ε (the distance losses): in units of
  // Euclidean distance, or squared distance where the loss is written in
  // squared distances; 0 gives the objective's default, its registry
  // entry's default_margin.
  float margin = 0.0f;
  // triplet: which sampled negatives of a pair enter its loss.
  enum class Mining {
    kAll,       // every negative that violates the margin
    kHardest,   // only the closest negative
    kSemiHard,  // the closest negative farther than the positive
  };
  Mining mining = Mining::kAll;
  // npair: Sohn's L2 penalty λ/2 (|h|² + |u⁺|²) per pair; it keeps the
  // unbounded dot-product scores from growing by scale alone.
  float embedding_l2 = 0.0f;
};

// The output side of the model, which objectives read and update.
struct OutputParams {
  // The objective's output_rows(vocab_size) rows (registry.h) of `stride`
  // floats, padded: one per word, or whatever else the objective scores
  // with (a Huffman tree's inner nodes).
  float* vectors = nullptr;
  float* bias = nullptr;  // vocab_size floats, or nullptr without biases
  int64_t stride = 0;
  int32_t vocab_size = 0;  // words: every target id is below it
};

struct Batch {
  int rows = 0;
  const float* hidden = nullptr;  // rows x stride, zero padding
  float* hidden_grad = nullptr;   // rows x stride, written by Step
  // Row r's positives are positives[positive_begin[r] .. positive_begin[r+1]).
  const int32_t* positive_begin = nullptr;
  const int32_t* positives = nullptr;
};

// Whether every row of `batch` has the same single positive: a skip-gram
// window's rows all predict its centre word, so whatever depends on the
// positive alone (its output row, its tree path) serves the whole batch.
inline bool OnePositive(const Batch& batch) {
  bool one = true;
  for (int r = 1; r < batch.rows; ++r) {
    one &= batch.positives[batch.positive_begin[r]] ==
           batch.positives[batch.positive_begin[0]];
  }
  return one;
}

struct StepResult {
  double loss = 0;    // summed over the batch's positive (row, target) pairs
  int64_t pairs = 0;  // how many pairs the loss sums
};

// How the trainer should form skip-gram batches for an objective.
enum class BatchShape {
  // One row per context word of a window (its input vector), each with the
  // centre word as its single positive: word2vec.c's orientation, in which
  // the shared noise words of a window cost one small matrix product.
  kContextRows,
  // One row per centre word (its input vector) with all its context words as
  // positives: the full softmax normalises once per centre word, not once
  // per pair. Many centre words form one batch.
  kCentreRows,
};

// The largest batch a workspace serves, and the output rows' stride.
struct WorkspaceShape {
  int max_rows = 0;
  int max_positives = 0;  // over all the rows of a batch
  int64_t stride = 0;     // floats per output row, padded (matrix.h)
};

// Per-thread scratch space sized once, so that Step never allocates.
class Workspace {
 public:
  virtual ~Workspace() = default;
  // The bytes its buffers hold (their capacities): what the objective's
  // WorkspaceBytes promised for the shape it was built for.
  virtual uint64_t HeldBytes() const = 0;
};

// What an objective is called, how the trainer batches for it and every
// other property it has live in its registry entry (registry.h); the
// interface is what runs.
class Objective {
 public:
  virtual ~Objective() = default;

  virtual std::unique_ptr<Workspace> NewWorkspace(
      const WorkspaceShape& shape) const = 0;
  // The bytes NewWorkspace(shape) allocates, computed without allocating by
  // the same code that sizes it (workspace.h): the memory estimate's figure.
  virtual uint64_t WorkspaceBytes(const WorkspaceShape& shape) const = 0;
  // The bytes of the tables the objective itself holds (per-word logit
  // corrections, a Huffman tree's paths), shared by all threads: the memory
  // estimate's figure. Objectives without tables keep 0.
  virtual uint64_t TableBytes() const { return 0; }

  // One SGD step on `batch` with learning rate `lr` (lr = 0 computes the loss
  // and leaves everything but hidden_grad unchanged). `rng` draws the noise
  // words; the same rng state gives the same draws.
  // REQUIRES: batch within the workspace's shape, params.stride its stride;
  // every id < vocab_size.
  virtual StepResult Step(const Batch& batch, float lr, OutputParams& params,
                          Workspace& workspace, Rng& rng) const = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_OBJECTIVE_H_
