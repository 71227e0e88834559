// Noise-contrastive estimation (Gutmann & Hyvärinen 2010; for language
// models Mnih & Teh 2012): a binary classifier between the data word and k
// noise words w_j ~ Pn whose logit is the model's log-probability minus the
// noise log-probability of k draws,
//   Δ(w, h) = s(w, h) - log(k Pn(w)),
//   L = -log σ(Δ(w, h)) - Σ_j log σ(-Δ(w_j, h)).
// The model is self-normalised (Z = 1, as Mnih & Teh): at the optimum
// exp s(w, h) = p(w | h), so s is an estimate of log p(w | h) without any
// sum over the vocabulary.
//
// Noise draws equal to the data word are kept: NCE's estimator assumes
// independent noise samples, and dropping them would bias it.
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "src/objectives/logistic.h"
#include "src/objectives/registry.h"
#include "src/objectives/sampled_objective.h"

namespace nce2vec {

std::unique_ptr<Objective> NewNceObjective(
    const ObjectiveOptions& options, const AliasSampler& noise,
    absl::Span<const int64_t> /*counts*/) {
  std::vector<float> log_k_noise(noise.size());  // log(k Pn(w)) per word
  const float log_k = std::log(static_cast<float>(options.negatives));
  for (int32_t w = 0; w < noise.size(); ++w) {
    log_k_noise[w] = log_k + noise.LogProbability(w);
  }
  return std::make_unique<SampledObjective<BinaryLogisticLoss>>(
      options, noise,
      SampledVariant{.mask_accidental_hits = false,
                     .logit_correction = std::move(log_k_noise)});
}

}  // namespace nce2vec
