// Hierarchical softmax (Morin & Bengio 2005; Mikolov et al. 2013, as in
// word2vec.c's -hs 1 and fastText's -loss hs): p(w | h) is a product of
// binary decisions along w's path in a Huffman tree of the vocabulary
// (huffman_tree.h),
//   L = -log p(w | h) = -Σ_{n on w's path} log σ((1 - 2 b_n) v_n·h),
// normalised over the vocabulary by construction, at O(log |V|) per pair
// instead of the full softmax's O(|V|). The output matrix holds the V - 1
// inner nodes' vectors v_n, not word vectors.
//
// Batched as the sampled objectives are: in a skip-gram window every row
// (a context word) predicts the centre word, so all rows share one path and
// the step is three small products, rows x depth scores, the hidden
// gradients and each node's update gathered over the rows and written once.
// The loss and its gradient are exact to float rounding (logistic.h).
#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "src/kernels/vector_ops.h"
#include "src/objectives/huffman_tree.h"
#include "src/objectives/logistic.h"
#include "src/objectives/registry.h"
#include "src/objectives/workspace.h"

namespace nce2vec {
namespace {

class HsWorkspace final : public WalkedWorkspace<HsWorkspace> {
 public:
  HsWorkspace(const WorkspaceShape& shape, int max_depth)
      : max_rows_(shape.max_rows),
        cells_(static_cast<int64_t>(shape.max_rows) * max_depth) {}

  void Walk(BufferPass& pass) {
    pass(scores, cells_);
    pass(grads, cells_);
    pass(labels, cells_);
    pass(targets, cells_);
    pass(begin, max_rows_ + 1);
    pass(hidden_rows, max_rows_);
    pass(column, max_rows_);
  }

  // Row r's path entries are [begin[r], begin[r + 1]) of scores, grads,
  // labels and targets: its logits v_n·h_r, -lr dL/dlogit, the label
  // 1 - b_n and the node's output row.
  std::vector<float> scores;
  std::vector<float> grads;
  std::vector<float> labels;
  std::vector<float*> targets;
  std::vector<int> begin;
  std::vector<const float*> hidden_rows;
  std::vector<float> column;  // one node's gradients over the rows

 private:
  int max_rows_;
  int64_t cells_;
};

class HsObjective final : public Objective {
 public:
  explicit HsObjective(HuffmanTree tree) : tree_(std::move(tree)) {}

  std::unique_ptr<Workspace> NewWorkspace(
      const WorkspaceShape& shape) const override {
    return NewWorkspaceOf<HsWorkspace>(shape, tree_.max_depth());
  }

  uint64_t WorkspaceBytes(const WorkspaceShape& shape) const override {
    return PlannedBytesOf<HsWorkspace>(shape, tree_.max_depth());
  }

  uint64_t TableBytes() const override { return tree_.bytes(); }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& rng) const override;

 private:
  int GatherPath(int32_t word, float* vectors, int64_t stride, HsWorkspace& ws,
                 int at) const;

  HuffmanTree tree_;
};

// Writes `word`'s path at `at` of the workspace's targets and labels, its
// inner nodes' output rows and the labels 1 - b_n, and returns its depth.
// The rows are prefetched while the path is read: the nodes near the root
// stay in cache, the deep ones of a rare word seldom do, and the first of
// the three products then waits for them all at once rather than one by one.
int HsObjective::GatherPath(int32_t word, float* vectors, int64_t stride,
                            HsWorkspace& ws, int at) const {
  const absl::Span<const int32_t> path = tree_.path(word);
  const absl::Span<const uint8_t> code = tree_.code(word);
  for (size_t d = 0; d < path.size(); ++d) {
    float* node = vectors + path[d] * stride;
    for (int64_t i = 0; i < stride; i += kFloatsPerCacheLine) {
      __builtin_prefetch(node + i);
    }
    ws.targets[at + d] = node;
    ws.labels[at + d] = code[d] == 0 ? 1.0f : 0.0f;
  }
  return static_cast<int>(path.size());
}

StepResult HsObjective::Step(const Batch& batch, float lr, OutputParams& params,
                             Workspace& workspace, Rng& /*rng*/) const {
  auto& ws = static_cast<HsWorkspace&>(workspace);
  const int rows = batch.rows;
  const int64_t stride = params.stride;
  // A skip-gram window: every row predicts the centre word, so the path is
  // looked up once, and each of its nodes is written once below.
  const bool one_path = OnePositive(batch);

  // Forward pass: each row against the inner nodes of its positive's path.
  int n = 0;
  int first_depth = 0;  // row 0's path, which every row has when one_path
  for (int r = 0; r < rows; ++r) {
    ws.begin[r] = n;
    ws.hidden_rows[r] = batch.hidden + r * stride;
    int depth = first_depth;
    if (r > 0 && one_path) {
      std::copy_n(ws.targets.data(), depth, ws.targets.data() + n);
      std::copy_n(ws.labels.data(), depth, ws.labels.data() + n);
    } else {
      depth = GatherPath(batch.positives[batch.positive_begin[r]],
                         params.vectors, stride, ws, n);
      if (r == 0) first_depth = depth;
    }
    DotRows(ws.hidden_rows[r], ws.targets.data() + n, depth, stride,
            ws.scores.data() + n);
    n += depth;
  }
  ws.begin[rows] = n;
  StepResult result;
  result.loss = LabelledLogisticLoss(ws.scores.data(), ws.labels.data(), n, lr,
                                     ws.grads.data());
  result.pairs = rows;

  // dL/dh = Σ_n dL/dlogit_n v_n, from the node vectors before any update.
  for (int r = 0; r < rows; ++r) {
    float* hidden_grad = batch.hidden_grad + r * stride;
    Zero(hidden_grad, stride);
    AddCombination(ws.grads.data() + ws.begin[r],
                   ws.targets.data() + ws.begin[r],
                   ws.begin[r + 1] - ws.begin[r], stride, hidden_grad);
  }
  if (lr == 0.0f) return result;

  // v_n -= lr Σ_r dL/dlogit_{r,n} h_r. On one path each node gathers the
  // whole batch's gradient, a column of the rows x depth grads.
  if (one_path) {
    for (int d = 0; d < first_depth; ++d) {
      for (int r = 0; r < rows; ++r) {
        ws.column[r] = ws.grads[r * first_depth + d];
      }
      AddCombination(ws.column.data(), ws.hidden_rows.data(), rows, stride,
                     ws.targets[d]);
    }
  } else {
    for (int r = 0; r < rows; ++r) {
      for (int i = ws.begin[r]; i < ws.begin[r + 1]; ++i) {
        Axpy(ws.grads[i], ws.hidden_rows[r], ws.targets[i], stride);
      }
    }
  }
  return result;
}

}  // namespace

std::unique_ptr<Objective> NewHsObjective(const ObjectiveOptions& /*options*/,
                                          const AliasSampler& /*noise*/,
                                          absl::Span<const int64_t> counts) {
  return std::make_unique<HsObjective>(HuffmanTree::Build(counts));
}

}  // namespace nce2vec
