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

// Builds an objective for a vocabulary: `noise` is Pn over its words (and
// must outlive the objective), `counts` their counts by id. Options and
// inputs it has no use for are ignored.
using ObjectiveFactory = std::unique_ptr<Objective>(
    const ObjectiveOptions& options, const AliasSampler& noise,
    absl::Span<const int64_t> counts);

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
  // log p(w|h) = Σ over w's path in a Huffman tree of log σ(±v_n·h), with
  // v_n the inner nodes' output vectors (huffman_tree.h): a probability by
  // construction (log Z = 0), exact at O(log |V|) per pair; there are no
  // output word vectors to take a softmax over.
  kTreePath,
};

// Whether the objective's scores give a held-out likelihood.
inline bool HasLikelihood(Scoring scoring) {
  return scoring != Scoring::kSquaredDistance;
}

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
  // Whether a row's negatives are the other rows' positives: the trainer
  // then spreads a batch's centre words over the corpus
  // (TrainConfig::in_batch_cursors) and counts the false negatives.
  bool in_batch_negatives = false;
  // The default learning rate is the model's (word2vec's) times this.
  double lr_scale = 1.0;
  // The margin an objective with one uses when ObjectiveOptions::margin is
  // 0; 0 for the objectives without a margin.
  float default_margin = 0.0f;
  // Whether a run gets output biases unless told otherwise: for scores that
  // model log-probabilities, where a bias learns the unigram term.
  bool default_output_bias = false;
  // Whether it can have output biases at all (one per output word).
  bool output_bias_allowed = true;
  // Its colour in every bench figure (#rrggbb).
  absl::string_view plot_color;
  // Rows of the output matrix the objective trains, for a vocabulary of
  // `vocab_size` words: one output vector per word unless an objective says
  // otherwise (a Huffman tree's inner nodes, say).
  int64_t (*output_rows)(int64_t vocab_size) = OneRowPerWord;
  // Whether every step updates every output row (it scores the whole
  // vocabulary): training across processes then merges the whole output
  // matrix at every sync (src/distributed/model_sync.h).
  bool updates_every_output_row = false;
  // Whether those rows are word vectors, in vocabulary order, that can be
  // written out as such.
  bool output_word_vectors = true;
  // The loss a fastText model file (.bin) records for a model trained with
  // it. fastText knows ns, hs, softmax and ova; an objective it has no code
  // for records the nearest (README, "Model files"). Readers use it only to
  // continue training: no word vector depends on it.
  FastTextLoss fasttext_loss = FastTextLoss::kNs;
  // Whether `nce2vec bench` trains it when not told which objectives to run.
  bool in_default_bench = false;
};

// In the order of the help texts and of the bench's default list.
absl::Span<const ObjectiveInfo> Objectives();
// "softmax, sgns, nce, ...", for messages.
std::string ObjectiveNames();
// The names of the objectives `which` accepts, in the same form.
std::string ObjectiveNames(absl::FunctionRef<bool(const ObjectiveInfo&)> which);
// The objectives in_default_bench, comma-separated without spaces, as the
// bench's list of objectives is written: "softmax,sgns,...".
std::string DefaultBenchObjectives();
// nullptr if unknown.
const ObjectiveInfo* FindObjective(absl::string_view name);
// Fails with the list of known names if `name` is unknown. A margin of 0 in
// `options` becomes the objective's default_margin. `noise` (Pn over the
// vocabulary) must outlive the objective; `counts` are the vocabulary's
// counts by word id, of the same size.
absl::StatusOr<std::unique_ptr<Objective>> CreateObjective(
    absl::string_view name, const ObjectiveOptions& options,
    const AliasSampler& noise, absl::Span<const int64_t> counts);

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
ObjectiveFactory NewHsObjective;

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_REGISTRY_H_
