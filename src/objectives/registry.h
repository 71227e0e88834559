// The list of objectives: the only place that names them, and the only
// place that holds their properties. The trainer, the memory estimate, the
// divergence guard, the command-line flags and the bench find an objective
// here by name and read what they need from its entry; none of them names
// one. Adding an objective is its file (src/objectives/<name>.cc, defining
// its factory), the factory's declaration below and its entry in
// registry.cc.
#ifndef NCE2VEC_OBJECTIVES_REGISTRY_H_
#define NCE2VEC_OBJECTIVES_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/model/fasttext_args.h"
#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// Builds an objective; `noise` must outlive it. Options it has no use for
// are ignored.
using ObjectiveFactory = std::unique_ptr<Objective>(
    const ObjectiveOptions& options, const AliasSampler& noise);

// What the scores mean as probabilities.
enum class Normalisation {
  kExact,           // normalised over the vocabulary by construction
  kSelfNormalised,  // trained so that the normaliser Z is 1
  kNone,            // not a probability model
};

// How a word w is scored against a hidden vector h.
enum class Scoring {
  // s(w,h) = u_w·h (+ b_w): a softmax over the vocabulary turns the trained
  // model into p(w|h), so a held-out likelihood means something.
  kDotProduct,
  // -|h - u_w|²: a metric, not a probability; the vectors can collapse
  // onto one point, which the divergence guard watches for.
  kSquaredDistance,
};

inline int64_t OneRowPerWord(int64_t vocab_size) { return vocab_size; }

struct ObjectiveInfo {
  absl::string_view name;
  absl::string_view summary;  // one line, for help texts
  ObjectiveFactory* create = nullptr;
  // Whether it draws noise words (and so reads negatives and
  // shared_negatives).
  bool sampled = false;
  Normalisation normalisation = Normalisation::kNone;
  Scoring scoring = Scoring::kDotProduct;
  BatchShape batch_shape = BatchShape::kContextRows;
  // BatchShape::kCentreRows: how many centre words make one batch.
  int centre_rows = 0;
  // The default learning rate is the model's (word2vec's) times this.
  double lr_scale = 1.0;
  // The margin an objective with one uses when ObjectiveOptions::margin is
  // 0; 0 for the objectives without a margin.
  float default_margin = 0.0f;
  // Whether a run gets output biases unless told otherwise: for scores that
  // model log-probabilities, where a bias learns the unigram term.
  bool default_output_bias = false;
  // Its colour in every bench figure (#rrggbb).
  absl::string_view plot_color;
  // Rows of the output matrix the objective trains, for a vocabulary of
  // `vocab_size` words: one output vector per word unless an objective says
  // otherwise (a Huffman tree's inner nodes, say).
  int64_t (*output_rows)(int64_t vocab_size) = OneRowPerWord;
  // The loss a fastText model file (.bin) records for a model trained with
  // it. fastText knows ns, hs, softmax and ova; an objective it has no code
  // for records the nearest (README, "Model files"). Readers use it only to
  // continue training: no word vector depends on it.
  FastTextLoss fasttext_loss = FastTextLoss::kNs;
};

// In the order of the help texts and of the bench's default list.
absl::Span<const ObjectiveInfo> Objectives();
// "softmax, sgns, nce, ...", for messages.
std::string ObjectiveNames();
// The names of the objectives `which` accepts, in the same form.
std::string ObjectiveNames(absl::FunctionRef<bool(const ObjectiveInfo&)> which);
// nullptr if unknown.
const ObjectiveInfo* FindObjective(absl::string_view name);
// Fails with the list of known names if `name` is unknown. A margin of 0 in
// `options` becomes the objective's default_margin. `noise` must outlive the
// objective.
absl::StatusOr<std::unique_ptr<Objective>> CreateObjective(
    absl::string_view name, const ObjectiveOptions& options,
    const AliasSampler& noise);

// Each objective's factory, defined in the file named after it; only the
// registry calls them.
ObjectiveFactory NewSoftmaxObjective;
ObjectiveFactory NewSgnsObjective;
ObjectiveFactory NewNceObjective;
ObjectiveFactory NewInfoNceObjective;
ObjectiveFactory NewContrastiveObjective;
ObjectiveFactory NewTripletObjective;
ObjectiveFactory NewLiftedObjective;
ObjectiveFactory NewNPairObjective;

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_REGISTRY_H_
