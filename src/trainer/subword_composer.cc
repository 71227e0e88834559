#include "src/trainer/subword_composer.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/corpus/corpus.h"

namespace nce2vec {

absl::StatusOr<Matrix> ComposeWordVectors(const Matrix& input,
                                          const SubwordIndex& index) {
  const int32_t words = index.words();
  Matrix vectors(words, input.cols());
  if (words > 0 && vectors.data() == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot allocate the ", words, " x ", input.cols(),
                     " word vectors composed of their n-grams"));
  }
  for (int32_t w = 0; w < words; ++w) {
    MeanOfRows(input, index.rows(w), vectors.row(w));
  }
  return vectors;
}

int SubwordSlots(const BatchLimits& limits, int window) {
  if (limits.shape == BatchShape::kCentreRows) return limits.inputs;
  return std::min(2 * window + 1, kMaxSentenceTokens);
}

SubwordComposer::SubwordComposer(const SubwordIndex& index, int slots, int dim)
    : index_(index),
      vectors_(slots, dim),
      gradients_(slots, dim),
      words_(slots, 0) {}

uint64_t SubwordComposer::MemoryBytes(int slots, int dim) {
  return static_cast<uint64_t>(slots) *
         (2 * PaddedStride(dim) * sizeof(float) + sizeof(int32_t));
}

}  // namespace nce2vec
