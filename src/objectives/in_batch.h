// The machinery shared by the objectives whose negatives are the other
// examples of a batch (lifted, npair). A batch is BatchShape::kCentreRows:
// row r is a centre word's hidden vector h_r and its positives P_r are its
// context words. Every positive (r, c) is a column c of the batch, c < M =
// the batch's positive count, with output vector u_c. Entry (r, c) is a
// candidate negative of row r unless word(c) ∈ P_r: a word the row really
// occurs with is never pushed away from it, which also excludes the row's own
// positives. A word in several rows is several columns, so frequent words
// weigh as often as they occur, as examples of a batch do.
//
// Both objectives write their gradient as coefficients of
//   -lr dL/dh_r = Σ_c coeff[r][c] u_c + row_self[r] h_r
//   -lr dL/du_c = Σ_r coeff[r][c] h_r + column_self[c] u_c
// (dot-product scores have no self terms; distances do), which
// ApplyInBatchGradient turns into the batch's hidden gradient and output
// updates. The output rows are copied first, so the gradient is exact when a
// word is in several columns.
#ifndef NCE2VEC_OBJECTIVES_IN_BATCH_H_
#define NCE2VEC_OBJECTIVES_IN_BATCH_H_

#include <cstdint>
#include <vector>

#include "src/kernels/vector_ops.h"
#include "src/model/matrix.h"
#include "src/objectives/objective.h"
#include "src/objectives/squared_distance.h"

namespace nce2vec {

// Centre words per batch. The cost per positive pair is O(M d) with M about
// 2·(window+1)/2·rows columns, so this trades negatives per pair (about 95
// with the default window) against speed.
inline constexpr int kInBatchRows = 16;

struct InBatchWorkspace : Workspace {
  InBatchWorkspace(int max_rows, int max_positives)
      : max_positives(max_positives),
        owner(max_positives),
        columns(max_positives),
        hidden_rows(max_rows),
        negative(static_cast<size_t>(max_rows) * max_positives),
        values(negative.size()),
        coeff(negative.size()),
        row_self(max_rows),
        column_self(max_positives),
        column(max_rows) {}
  int max_positives;
  Matrix copy;                  // M x stride snapshot of the u_c
  std::vector<int> owner;       // the row whose positive column c is
  std::vector<const float*> columns;  // rows of `copy`
  std::vector<const float*> hidden_rows;
  std::vector<uint8_t> negative;  // rows x M: 1 if (r, c) is a negative
  std::vector<float> values;      // rows x M: scores or distances
  std::vector<float> coeff;       // rows x M, see above
  std::vector<float> row_self;
  std::vector<float> column_self;
  std::vector<float> column;  // one column of coeff, gathered
};

// Snapshots the batch's positive output rows and marks the negatives.
// Returns M.
inline int GatherInBatch(const Batch& batch, const OutputParams& params,
                         InBatchWorkspace& ws) {
  const int rows = batch.rows;
  const int m = batch.positive_begin[rows];
  const int64_t stride = params.stride;
  EnsureRows(ws.copy, ws.max_positives, stride);
  for (int r = 0; r < rows; ++r) {
    ws.hidden_rows[r] = batch.hidden + r * stride;
    for (int c = batch.positive_begin[r]; c < batch.positive_begin[r + 1]; ++c) {
      ws.owner[c] = r;
    }
  }
  for (int c = 0; c < m; ++c) {
    Copy(params.vectors + batch.positives[c] * stride, ws.copy.row(c), stride);
    ws.columns[c] = ws.copy.row(c);
  }
  for (int r = 0; r < rows; ++r) {
    const int32_t* begin = batch.positives + batch.positive_begin[r];
    const int32_t* end = batch.positives + batch.positive_begin[r + 1];
    uint8_t* negative = ws.negative.data() + r * m;
    for (int c = 0; c < m; ++c) {
      const int32_t word = batch.positives[c];
      bool own = false;
      for (const int32_t* p = begin; p < end; ++p) own |= *p == word;
      negative[c] = !own;
    }
  }
  return m;
}

// Writes the hidden gradients and, unless lr = 0, applies the output
// updates described by ws.coeff (rows x m), ws.row_self and ws.column_self.
inline void ApplyInBatchGradient(const Batch& batch, int m, float lr,
                                 OutputParams& params, InBatchWorkspace& ws) {
  const int rows = batch.rows;
  const int64_t stride = params.stride;
  for (int r = 0; r < rows; ++r) {
    float* hidden_grad = batch.hidden_grad + r * stride;
    Zero(hidden_grad, stride);
    AddCombination(ws.coeff.data() + r * m, ws.columns.data(), m, stride,
                   hidden_grad);
    Axpy(ws.row_self[r], ws.hidden_rows[r], hidden_grad, stride);
  }
  if (lr == 0.0f) return;
  for (int c = 0; c < m; ++c) {
    bool any = ws.column_self[c] != 0.0f;
    for (int r = 0; r < rows; ++r) {
      ws.column[r] = ws.coeff[r * m + c];
      any |= ws.column[r] != 0.0f;
    }
    if (!any) continue;
    float* out = params.vectors + batch.positives[c] * stride;
    AddCombination(ws.column.data(), ws.hidden_rows.data(), rows, stride, out);
    Axpy(ws.column_self[c], ws.columns[c], out, stride);
  }
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_IN_BATCH_H_
