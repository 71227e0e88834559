#include "src/objectives/registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace nce2vec {
namespace {

// Centre words per batch of the in-batch objectives (lifted, npair). The
// cost per positive pair is O(M d) with M about 2·(window+1)/2·rows
// columns, so this trades negatives per pair (about 95 with the default
// window) against speed.
constexpr int kInBatchRows = 16;

constexpr ObjectiveInfo kObjectives[] = {
    {
        .name = "softmax",
        .summary = "exact log-softmax over the whole vocabulary (reference)",
        .create = NewSoftmaxObjective,
        .normalisation = Normalisation::kExact,
        .batch_shape = BatchShape::kCentreRows,
        // Large enough that the matrix products run near sgemm's peak, small
        // enough that rows x |V| scores stay in cache-friendly sizes and the
        // Hogwild updates stay frequent.
        .centre_rows = 32,
        .default_output_bias = true,
        .plot_color = "#000000",
        .fasttext_loss = FastTextLoss::kSoftmax,
    },
    {
        .name = "sgns",
        .summary = "negative sampling (Mikolov et al. 2013)",
        .create = NewSgnsObjective,
        .sampled = true,
        .plot_color = "#0072b2",
        .fasttext_loss = FastTextLoss::kNs,
    },
    {
        .name = "nce",
        .summary =
            "noise-contrastive estimation, self-normalised (Mnih & Teh 2012)",
        .create = NewNceObjective,
        .sampled = true,
        .normalisation = Normalisation::kSelfNormalised,
        .default_output_bias = true,
        .plot_color = "#d55e00",
        // Binary logistic classification of the data word against k noise
        // words, the shape of fastText's ns.
        .fasttext_loss = FastTextLoss::kNs,
    },
    {
        .name = "infonce",
        .summary = "InfoNCE, or with the log q correction sampled softmax "
                   "(van den Oord et al. 2018)",
        .create = NewInfoNceObjective,
        .sampled = true,
        .plot_color = "#009e73",
        // A softmax over the data word and k noise words: a sampled softmax.
        .fasttext_loss = FastTextLoss::kSoftmax,
    },
    {
        .name = "contrastive",
        .summary = "contrastive loss, squared hinge at a margin (Chopra et al. "
                   "2005)",
        .create = NewContrastiveObjective,
        .sampled = true,
        .scoring = Scoring::kSquaredDistance,
        // Any margin gives the same vectors up to scale: scaling ε and every
        // vector by c scales the loss by c² and its gradient by c, so SGD at
        // the same rate follows the same path scaled by c, as long as ε is
        // large next to the initial vectors (input ±0.5/dim, output 0). ε
        // only fixes the unit; 1 keeps norms of order one, far below the
        // divergence guard's max_norm and where floats keep their precision.
        .default_margin = 1.0f,
        .plot_color = "#e69f00",
        // A pairwise loss against k noise words, scored one by one as ns does.
        .fasttext_loss = FastTextLoss::kNs,
    },
    {
        .name = "triplet",
        .summary = "triplet loss with a margin and negative mining (Schroff "
                   "et al. 2015)",
        .create = NewTripletObjective,
        .sampled = true,
        .scoring = Scoring::kSquaredDistance,
        // It sums a window's hinge gradients into one output row without a
        // saturating sigmoid; at word2vec's rate that row overshoots (it
        // diverged on the planted-cluster test at 0.05).
        .lr_scale = 0.4,
        // ε is a squared distance, so scaling every vector by c and ε by c²
        // scales the loss by c² and the SGD path by c: as for contrastive,
        // the margin only fixes the unit, and 1 keeps norms of order one.
        .default_margin = 1.0f,
        .plot_color = "#56b4e9",
        // Like contrastive: pairs against sampled noise words.
        .fasttext_loss = FastTextLoss::kNs,
    },
    {
        .name = "lifted",
        .summary = "lifted structured loss, in-batch negatives (Song et al. "
                   "2016)",
        .create = NewLiftedObjective,
        .scoring = Scoring::kSquaredDistance,
        .batch_shape = BatchShape::kCentreRows,
        .centre_rows = kInBatchRows,
        // It spreads each batch's gradient over ~95 in-batch columns, so each
        // row moves little: on bench-small lr 0.01 gave WS353 0.12, 0.05 gave
        // 0.24 and 0.1 gave 0.28, but at 0.2 the planted-cluster test (80
        // words, repeated within a batch) blew up, so 2x.
        .lr_scale = 2.0,
        // Not scale-free like the two above: exp(ε - D) has a fixed
        // temperature of one distance unit. A pair leaves the loss (J ≤ 0)
        // only once its negatives lie beyond D⁺ + ε + log(their number), and
        // with about a hundred in-batch negatives per pair the log term
        // (≈ 4.6) already asks for more than the margin; ε = 1, one unit of
        // that temperature, adds a gap as wide as the max's softness rather
        // than dominating it.
        .default_margin = 1.0f,
        .plot_color = "#cc79a7",
        // A log-sum-exp over the in-batch negatives: a softmax over them.
        .fasttext_loss = FastTextLoss::kSoftmax,
    },
    {
        .name = "npair",
        .summary = "multi-class N-pair loss, in-batch negatives (Sohn 2016)",
        .create = NewNPairObjective,
        .batch_shape = BatchShape::kCentreRows,
        .centre_rows = kInBatchRows,
        // Its unbounded dot products blow up on the planted-cluster test
        // already at 0.1, so it keeps 0.4x although bench-small wants 0.1
        // (WS353 -0.02 at 0.01, 0.27 at 0.1): large vocabularies should
        // raise the learning rate.
        .lr_scale = 0.4,
        .plot_color = "#999999",
        // A softmax cross-entropy over the in-batch candidates.
        .fasttext_loss = FastTextLoss::kSoftmax,
    },
};

}  // namespace

absl::Span<const ObjectiveInfo> Objectives() { return kObjectives; }

std::string ObjectiveNames(
    absl::FunctionRef<bool(const ObjectiveInfo&)> which) {
  std::string names;
  for (const ObjectiveInfo& info : kObjectives) {
    if (which(info)) {
      absl::StrAppend(&names, names.empty() ? "" : ", ", info.name);
    }
  }
  return names;
}

std::string ObjectiveNames() {
  return ObjectiveNames([](const ObjectiveInfo&) { return true; });
}

const ObjectiveInfo* FindObjective(absl::string_view name) {
  for (const ObjectiveInfo& info : kObjectives) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

absl::StatusOr<std::unique_ptr<Objective>> CreateObjective(
    absl::string_view name, const ObjectiveOptions& options,
    const AliasSampler& noise) {
  const ObjectiveInfo* info = FindObjective(name);
  if (info == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown objective '", name, "'; known: ", ObjectiveNames()));
  }
  ObjectiveOptions resolved = options;
  if (!(resolved.margin > 0.0f)) resolved.margin = info->default_margin;
  return info->create(resolved, noise);
}

}  // namespace nce2vec
