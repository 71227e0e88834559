// InfoNCE (van den Oord, Li & Vinyals 2018, "Representation Learning with
// Contrastive Predictive Coding"): categorical cross-entropy of picking the
// positive among itself and K noise words w_j ~ Pn,
//   L = -s(w, h) + log(exp s(w, h) + Σ_j exp s(w_j, h)).
// Its optimum makes exp s(w, h) proportional to p(w | h) / Pn(w) (a density
// ratio, up to a per-h constant), and log(K+1) - L bounds I(w; h) from below.
//
// With logq_correction every logit becomes s(w, h) - log Pn(w): sampled
// softmax (Jean et al. 2015), whose scores tend to log p(w | h) up to a per-h
// constant as K grows, i.e. a consistent estimate of the full softmax.
//
// A noise draw equal to the positive is masked out of the sum (TensorFlow's
// remove_accidental_hits): it would make the positive compete with itself.
#include <cmath>
#include <memory>
#include <vector>

#include "src/objectives/registry.h"
#include "src/objectives/sampled_objective.h"

namespace nce2vec {
namespace {

// Cross-entropy per row with the positive in column 0; masked columns hold
// -inf and get probability 0.
struct CategoricalLoss {
  float operator()(const float* logits, int rows, int width, float lr,
                   float* grads) const {
    float loss = 0.0f;
    for (int r = 0; r < rows; ++r) {
      const float* x = logits + r * width;
      float* g = grads + r * width;
      float max_logit = x[0];
      for (int j = 1; j < width; ++j) max_logit = std::fmax(max_logit, x[j]);
      float sum = 0.0f;
      for (int j = 0; j < width; ++j) {
        g[j] = std::exp(x[j] - max_logit);
        sum += g[j];
      }
      const float scale = -lr / sum;
      for (int j = 0; j < width; ++j) g[j] *= scale;
      g[0] += lr;
      loss += max_logit + std::log(sum) - x[0];
    }
    return loss;
  }
};

}  // namespace

std::unique_ptr<Objective> NewInfoNceObjective(
    const ObjectiveOptions& options, const AliasSampler& noise,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<SampledObjective<CategoricalLoss>>(
      options, noise,
      SampledVariant{.mask_accidental_hits = true,
                     .logit_correction = options.logq_correction
                                             ? noise.log_probabilities()
                                             : std::vector<float>()});
}

}  // namespace nce2vec
