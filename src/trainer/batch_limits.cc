#include "src/trainer/batch_limits.h"

#include "src/objectives/registry.h"

namespace nce2vec {

BatchLimits BatchLimitsFor(const TrainConfig& config) {
  const ObjectiveInfo& info = *FindObjective(config.objective);
  BatchLimits limits;
  limits.shape = info.batch_shape;
  const int window = 2 * config.window;
  if (info.batch_shape == BatchShape::kCentreRows) {
    limits.rows = info.centre_rows;
  } else {
    limits.rows = config.model == ModelType::kSkipGram ? window : 1;
  }
  limits.inputs = limits.rows * window;
  limits.positives = limits.rows * window;
  return limits;
}

}  // namespace nce2vec
