// Measures the false negatives of the objectives with in-batch negatives
// (ObjectiveInfo::in_batch_negatives): in a batch of centre-word rows, a
// column (another row's context word) is a negative of row r unless it is
// one of r's own positives (in_batch.h). It is a false negative when the
// word is nevertheless a true context of r's centre word: it lies within
// the full window (TrainConfig::window, not the shrunk one the row was
// trained with) around that centre in the subsampled sentence. Batches of
// consecutive centre words have many; batches spread over the corpus few.
//
// A diagnostic, not part of training: it reads the batch and writes only its
// own counters. Sized once; adding rows never allocates. Not thread-safe: one
// per worker.
#ifndef NCE2VEC_TRAINER_FALSE_NEGATIVES_H_
#define NCE2VEC_TRAINER_FALSE_NEGATIVES_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "src/objectives/objective.h"

namespace nce2vec {

class FalseNegativeCounter {
 public:
  FalseNegativeCounter(int max_rows, int window)
      : window_(window),
        words_(static_cast<size_t>(max_rows) * 2 * window),
        size_(max_rows, 0) {}

  // Row rows() is the centre word sentence[pos] of a sentence of n words.
  // REQUIRES: fewer rows than max_rows since Clear().
  void AddRow(const int32_t* sentence, int n, int pos) {
    int32_t* out = words_.data() + static_cast<size_t>(rows_) * 2 * window_;
    int size = 0;
    const int first = std::max(0, pos - window_);
    const int last = std::min(n - 1, pos + window_);
    for (int c = first; c <= last; ++c) {
      if (c != pos) out[size++] = sentence[c];
    }
    size_[rows_++] = size;
  }

  void Clear() { rows_ = 0; }

  // Counts the negatives of `batch`, whose rows are those added since
  // Clear(), in that order.
  void Count(const Batch& batch) {
    const int m = batch.positive_begin[batch.rows];
    for (int r = 0; r < batch.rows && r < rows_; ++r) {
      const int32_t* own = batch.positives + batch.positive_begin[r];
      const int32_t* own_end = batch.positives + batch.positive_begin[r + 1];
      const int32_t* near =
          words_.data() + static_cast<size_t>(r) * 2 * window_;
      const int32_t* near_end = near + size_[r];
      for (int c = 0; c < m; ++c) {
        const int32_t word = batch.positives[c];
        if (std::find(own, own_end, word) != own_end) continue;
        ++negatives_;
        if (std::find(near, near_end, word) != near_end) ++false_negatives_;
      }
    }
  }

  int64_t negatives() const { return negatives_; }
  int64_t false_negatives() const { return false_negatives_; }

 private:
  int window_;
  int rows_ = 0;
  std::vector<int32_t> words_;  // max_rows x 2 window: each row's full window
  std::vector<int> size_;
  int64_t negatives_ = 0;
  int64_t false_negatives_ = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_FALSE_NEGATIVES_H_
