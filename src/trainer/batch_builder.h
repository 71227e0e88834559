// Assembles a Batch for an objective from the input embeddings, and applies
// the hidden gradients the objective returns.
//
// Row r is fed by input words I_r (one for skip-gram; the window for CBOW,
// whose hidden vector is their mean) and predicts positives P_r. After the
// Step, every input word of row r receives row r's whole hidden gradient:
// for CBOW that is word2vec.c's convention (not divided by |I_r|), which the
// default learning rates are tuned for.
//
// Sized once; adding rows never allocates. Not thread-safe: one per thread.
#ifndef NCE2VEC_TRAINER_BATCH_BUILDER_H_
#define NCE2VEC_TRAINER_BATCH_BUILDER_H_

#include <cstdint>
#include <vector>

#include "src/kernels/vector_ops.h"
#include "src/model/matrix.h"
#include "src/objectives/objective.h"

namespace nce2vec {

class BatchBuilder {
 public:
  BatchBuilder(int max_rows, int max_inputs, int max_positives, int dim)
      : hidden_(max_rows, dim),
        hidden_grad_(max_rows, dim),
        input_begin_(max_rows + 1, 0),
        positive_begin_(max_rows + 1, 0) {
    inputs_.reserve(max_inputs);
    positives_.reserve(max_positives);
  }

  int rows() const { return rows_; }
  int max_rows() const { return static_cast<int>(hidden_.rows()); }
  int positives() const { return static_cast<int>(positives_.size()); }

  void Clear() {
    rows_ = 0;
    inputs_.clear();
    positives_.clear();
  }

  // REQUIRES: rows() < max_rows(), n_inputs >= 1, capacity for the ids.
  void AddRow(const int32_t* inputs, int n_inputs, const int32_t* positives,
              int n_positives, const Matrix& input_vectors) {
    const int64_t stride = hidden_.stride();
    float* h = hidden_.row(rows_);
    Copy(input_vectors.row(inputs[0]), h, stride);
    for (int i = 1; i < n_inputs; ++i)
      Add(input_vectors.row(inputs[i]), h, stride);
    if (n_inputs > 1) ScaleInPlace(1.0f / n_inputs, h, stride);
    for (int i = 0; i < n_inputs; ++i) inputs_.push_back(inputs[i]);
    for (int i = 0; i < n_positives; ++i) positives_.push_back(positives[i]);
    ++rows_;
    input_begin_[rows_] = static_cast<int32_t>(inputs_.size());
    positive_begin_[rows_] = static_cast<int32_t>(positives_.size());
  }

  Batch batch() {
    Batch b;
    b.rows = rows_;
    b.hidden = hidden_.data();
    b.hidden_grad = hidden_grad_.data();
    b.positive_begin = positive_begin_.data();
    b.positives = positives_.data();
    return b;
  }

  // Adds each row's hidden gradient to the rows of its input words.
  void ApplyHiddenGradients(Matrix& input_vectors) const {
    const int64_t stride = hidden_.stride();
    for (int r = 0; r < rows_; ++r) {
      const float* g = hidden_grad_.row(r);
      for (int32_t i = input_begin_[r]; i < input_begin_[r + 1]; ++i) {
        Add(g, input_vectors.row(inputs_[i]), stride);
      }
    }
  }

 private:
  int rows_ = 0;
  Matrix hidden_;
  Matrix hidden_grad_;
  std::vector<int32_t> input_begin_;
  std::vector<int32_t> inputs_;
  std::vector<int32_t> positive_begin_;
  std::vector<int32_t> positives_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_BATCH_BUILDER_H_
