// The list of objectives: the only place that names them all. The trainer,
// the command-line flags and the bench find objectives here by name.
#ifndef NCE2VEC_OBJECTIVES_REGISTRY_H_
#define NCE2VEC_OBJECTIVES_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

struct ObjectiveInfo {
  absl::string_view name;
  absl::string_view summary;
  // Whether it draws noise words (and so reads --negatives).
  bool sampled;
  // Whether its scores estimate log p(w|h) normalised over the vocabulary
  // by construction (softmax) or are meant to be self-normalised (nce).
  bool normalised;
  // Whether its score is s(w,h) = u_w·h (+ b_w), so that a softmax over the
  // vocabulary turns the trained model into p(w|h) and a held-out
  // likelihood means something. The distance losses score by -d(h,u)² and
  // learn a metric, not a probability.
  bool dot_product_scores;
  std::unique_ptr<Objective> (*create)(const ObjectiveOptions&,
                                       const AliasSampler& noise);
  // The default learning rate is the model's (word2vec's) times this.
  // Triplet sums a window's hinge gradients into one output row without a
  // saturating sigmoid; at word2vec's rate that row overshoots (it diverged
  // on the planted-cluster test at 0.05). Lifted spreads each batch's
  // gradient over ~95 in-batch columns, so each row moves little: on
  // bench-small lr 0.01 gave WS353 0.12, 0.05 gave 0.24 and 0.1 gave 0.28,
  // but at 0.2 the planted-cluster test (80 words, repeated within a batch)
  // blew up, so 2x. npair's unbounded dot products blow up there already at
  // 0.1, so it keeps 0.4x although bench-small wants 0.1 (WS353 -0.02 at
  // 0.01, 0.27 at 0.1): large vocabularies should raise --lr.
  double lr_scale = 1.0;
  // Rows of |V| floats in each thread's workspace (the full softmax's
  // scores), for the memory estimate; other workspaces are vocabulary-free.
  int vocab_sized_rows = 0;
};

const std::vector<ObjectiveInfo>& Objectives();
// "softmax, sgns, nce, infonce", for messages.
std::string ObjectiveNames();
// nullptr if unknown.
const ObjectiveInfo* FindObjective(absl::string_view name);
// Fails with the list of known names if `name` is unknown. `noise` must
// outlive the objective.
absl::StatusOr<std::unique_ptr<Objective>> CreateObjective(
    absl::string_view name, const ObjectiveOptions& options,
    const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_REGISTRY_H_
