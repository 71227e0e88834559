// What the sampled objectives share (sampled_objective.h for the dot-product
// ones, distance_objective.h for the distance ones): each batch row has one
// positive, scored with k noise words drawn from Pn, either one set shared
// by all rows or one set per row, and one workspace layout.
#ifndef NCE2VEC_OBJECTIVES_SAMPLED_WORKSPACE_H_
#define NCE2VEC_OBJECTIVES_SAMPLED_WORKSPACE_H_

#include <cstdint>
#include <vector>

#include "src/model/matrix.h"
#include "src/objectives/objective.h"
#include "src/objectives/workspace.h"
#include "src/sampler/alias_sampler.h"
#include "src/util/rng.h"

namespace nce2vec {

struct NoiseSettings {
  NoiseSettings(const ObjectiveOptions& options, const AliasSampler& sampler)
      : sampler(&sampler),
        negatives(options.negatives),
        shared(options.shared_negatives) {}

  // The noise ids a batch of `rows` rows uses: k, or rows x k.
  int Count(int rows) const { return (shared ? 1 : rows) * negatives; }
  // Where row r's noise words start among them.
  int RowOffset(int r) const { return shared ? 0 : r * negatives; }
  void Draw(int rows, int32_t* noise, Rng& rng) const {
    for (int j = 0; j < Count(rows); ++j) noise[j] = sampler->Sample(rng);
  }

  // Visits a batch's targets in the order the sampled steps update them:
  // the positives (column 0), then each noise word (column j + 1). A word
  // every row scores (the positive when OnePositive, a shared noise word)
  // goes once to all_rows(word, column), which gathers the batch's gradient
  // into one write; any other to one_row(word, r, column), row by row.
  template <typename AllRows, typename OneRow>
  void ForEachTarget(const Batch& batch, bool one_positive,
                     const int32_t* noise, AllRows&& all_rows,
                     OneRow&& one_row) const {
    const int rows = batch.rows;
    const int k = negatives;
    if (one_positive) {
      all_rows(batch.positives[batch.positive_begin[0]], 0);
    } else {
      for (int r = 0; r < rows; ++r) {
        one_row(batch.positives[batch.positive_begin[r]], r, 0);
      }
    }
    for (int j = 0; j < k; ++j) {
      if (shared) {
        all_rows(noise[j], j + 1);
      } else {
        for (int r = 0; r < rows; ++r) one_row(noise[r * k + j], r, j + 1);
      }
    }
  }

  const AliasSampler* sampler;  // outlives the objective
  int negatives;                // k
  bool shared;
};

class SampledWorkspace final : public WalkedWorkspace<SampledWorkspace> {
 public:
  // `snapshot_rows`: rows of output vectors the objective copies before it
  // writes them (0 for none).
  SampledWorkspace(const WorkspaceShape& shape, const NoiseSettings& noise,
                   int64_t snapshot_rows)
      : max_rows_(shape.max_rows),
        noise_count_(noise.Count(shape.max_rows)),
        width_(noise.negatives + 1),
        stride_(shape.stride),
        snapshot_rows_(snapshot_rows) {}

  void Walk(BufferPass& pass) {
    const int64_t cells = static_cast<int64_t>(max_rows_) * width_;
    pass(noise, noise_count_);
    pass(scores, cells);
    pass(grads, cells);
    pass(targets, cells);
    pass(hidden_rows, max_rows_);
    pass(column, max_rows_);
    pass(snapshot, snapshot_rows_, stride_);
  }

  std::vector<int32_t> noise;  // k ids, or rows x k when not shared
  // rows x (k+1), column 0 the positive: the logits or squared distances,
  // and the gradient the objective derives from them.
  std::vector<float> scores;
  std::vector<float> grads;
  std::vector<const float*> targets;  // rows x (k+1) output rows, as scores
  std::vector<const float*> hidden_rows;
  std::vector<float> column;  // one column of grads, gathered
  Matrix snapshot;            // copies of output rows, if asked for

 private:
  int max_rows_;
  int noise_count_;
  int width_;
  int64_t stride_;
  int64_t snapshot_rows_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_SAMPLED_WORKSPACE_H_
