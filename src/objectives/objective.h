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

#include "absl/strings/string_view.h"
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

  // The distance-based objectives (contrastive, triplet, lifted): the margin
  // ε in units of Euclidean distance (squared distance for triplet, as in
  // its paper); 0 gives each its own default, tuned to train word vectors.
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
  float* vectors = nullptr;  // vocab_size rows of `stride` floats, padded
  float* bias = nullptr;     // vocab_size floats, or nullptr without biases
  int64_t stride = 0;
  int32_t vocab_size = 0;
};

struct Batch {
  int rows = 0;
  const float* hidden = nullptr;  // rows x stride, zero padding
  float* hidden_grad = nullptr;   // rows x stride, written by Step
  // Row r's positives are positives[positive_begin[r] .. positive_begin[r+1]).
  const int32_t* positive_begin = nullptr;
  const int32_t* positives = nullptr;
};

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

// Per-thread scratch space sized once, so that Step never allocates.
class Workspace {
 public:
  virtual ~Workspace() = default;
};

class Objective {
 public:
  virtual ~Objective() = default;

  virtual absl::string_view name() const = 0;
  virtual BatchShape batch_shape() const { return BatchShape::kContextRows; }
  // For kCentreRows: how many centre words make one batch.
  virtual int preferred_rows() const { return 1; }

  // Scratch for batches of at most `max_rows` rows and `max_positives`
  // positives in all.
  virtual std::unique_ptr<Workspace> NewWorkspace(int max_rows,
                                                  int max_positives) const = 0;

  // One SGD step on `batch` with learning rate `lr` (lr = 0 computes the loss
  // and leaves everything but hidden_grad unchanged). `rng` draws the noise
  // words; the same rng state gives the same draws.
  // REQUIRES: batch within the workspace's sizes; every id < vocab_size.
  virtual StepResult Step(const Batch& batch, float lr, OutputParams& params,
                          Workspace& workspace, Rng& rng) const = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_OBJECTIVE_H_
