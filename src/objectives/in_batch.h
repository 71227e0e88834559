// The objectives whose negatives are the other examples of a batch (lifted,
// npair) are one class. A batch is BatchShape::kCentreRows: row r is a
// centre word's hidden vector h_r and its positives P_r are its context
// words. Every positive (r, c) is a column c of the batch, c < M = the
// batch's positive count, with output vector u_c. Entry (r, c) is a
// candidate negative of row r unless word(c) ∈ P_r: a word the row really
// occurs with is never pushed away from it, which also excludes the row's own
// positives. A word in several rows is several columns, so frequent words
// weigh as often as they occur, as examples of a batch do.
//
// The objective supplies a Loss, a type with
//   using Buffers = ...;  // its own per-thread buffers (see workspace.h):
//                         // void Walk(BufferPass&, const WorkspaceShape&)
//   double operator()(const Batch& batch, int m, float lr, int64_t stride,
//                     InBatchWorkspace<Buffers>& ws) const;
// which, given the columns gathered into ws, returns the batch's loss and
// writes its gradient as coefficients of
//   -lr dL/dh_r = Σ_c coeff[r][c] u_c + row_self[r] h_r
//   -lr dL/du_c = Σ_r coeff[r][c] h_r + column_self[c] u_c
// (dot-product scores have no self terms; distances do). The class turns
// them into the batch's hidden gradient and output updates. The output rows
// are copied first, so the gradient is exact when a word is in several
// columns.
#ifndef NCE2VEC_OBJECTIVES_IN_BATCH_H_
#define NCE2VEC_OBJECTIVES_IN_BATCH_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "src/kernels/vector_ops.h"
#include "src/model/matrix.h"
#include "src/objectives/objective.h"
#include "src/objectives/workspace.h"

namespace nce2vec {

// The buffers every in-batch objective uses.
struct InBatchBuffers {
  void Walk(BufferPass& pass, const WorkspaceShape& shape) {
    const int64_t cells =
        static_cast<int64_t>(shape.max_rows) * shape.max_positives;
    pass(copy, shape.max_positives, shape.stride);
    pass(owner, shape.max_positives);
    pass(columns, shape.max_positives);
    pass(hidden_rows, shape.max_rows);
    pass(negative, cells);
    pass(values, cells);
    pass(coeff, cells);
    pass(row_self, shape.max_rows);
    pass(column_self, shape.max_positives);
    pass(column, shape.max_rows);
  }

  Matrix copy;                        // M x stride snapshot of the u_c
  std::vector<int> owner;             // the row whose positive column c is
  std::vector<const float*> columns;  // rows of `copy`
  std::vector<const float*> hidden_rows;
  std::vector<uint8_t> negative;  // rows x M: 1 if (r, c) is a negative
  std::vector<float> values;      // rows x M: scores or distances
  std::vector<float> coeff;       // rows x M, see above
  std::vector<float> row_self;
  std::vector<float> column_self;
  std::vector<float> column;  // one column of coeff, gathered
};

// For a Loss without buffers of its own.
struct NoBuffers {
  void Walk(BufferPass& /*pass*/, const WorkspaceShape& /*shape*/) {}
};

template <typename Buffers>
class InBatchWorkspace final
    : public WalkedWorkspace<InBatchWorkspace<Buffers>>,
      public InBatchBuffers,
      public Buffers {
 public:
  explicit InBatchWorkspace(const WorkspaceShape& shape) : shape_(shape) {}

  void Walk(BufferPass& pass) {
    InBatchBuffers::Walk(pass, shape_);
    Buffers::Walk(pass, shape_);
  }

 private:
  WorkspaceShape shape_;
};

template <typename Loss>
class InBatchObjective final : public Objective {
 public:
  using Scratch = InBatchWorkspace<typename Loss::Buffers>;

  explicit InBatchObjective(Loss loss) : loss_(loss) {}

  std::unique_ptr<Workspace> NewWorkspace(
      const WorkspaceShape& shape) const override {
    return NewWorkspaceOf<Scratch>(shape);
  }

  uint64_t WorkspaceBytes(const WorkspaceShape& shape) const override {
    return PlannedBytesOf<Scratch>(shape);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& /*rng*/) const override {
    auto& ws = static_cast<Scratch&>(workspace);
    const int m = Gather(batch, params, ws);
    StepResult result;
    result.loss = loss_(batch, m, lr, params.stride, ws);
    result.pairs = m;
    ApplyGradient(batch, m, lr, params, ws);
    return result;
  }

 private:
  // Snapshots the batch's positive output rows and marks the negatives.
  // Returns M.
  static int Gather(const Batch& batch, const OutputParams& params,
                    InBatchBuffers& ws) {
    const int rows = batch.rows;
    const int m = batch.positive_begin[rows];
    const int64_t stride = params.stride;
    for (int r = 0; r < rows; ++r) {
      ws.hidden_rows[r] = batch.hidden + r * stride;
      for (int c = batch.positive_begin[r]; c < batch.positive_begin[r + 1];
           ++c) {
        ws.owner[c] = r;
      }
    }
    for (int c = 0; c < m; ++c) {
      Copy(params.vectors + batch.positives[c] * stride, ws.copy.row(c),
           stride);
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
  // updates described by ws.coeff (rows x m), ws.row_self and
  // ws.column_self.
  static void ApplyGradient(const Batch& batch, int m, float lr,
                            OutputParams& params, InBatchBuffers& ws) {
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
      AddCombination(ws.column.data(), ws.hidden_rows.data(), rows, stride,
                     out);
      Axpy(ws.column_self[c], ws.columns[c], out, stride);
    }
  }

  Loss loss_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_IN_BATCH_H_
