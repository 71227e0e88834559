// Any word's vector from a fastText model (.bin), as fastText computes it
// (FastText::getWordVector): the mean of the word's input rows, which are
// its own row when it is in the model's dictionary and the rows of its
// n-grams. A word outside the dictionary has only the latter, and a word
// with neither (a model without n-grams, a word shorter than the shortest
// n-gram, fastText's "</s>") has no vector: an error, never the zero vector
// fastText prints for it.
//
// Immutable once built, so safe to use from many threads.
#ifndef NCE2VEC_QUERY_SUBWORD_VECTORS_H_
#define NCE2VEC_QUERY_SUBWORD_VECTORS_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/model/fasttext_model.h"
#include "src/model/matrix.h"

namespace nce2vec {

class SubwordVectors {
 public:
  // Reads the model without its output matrix, which no vector needs.
  static absl::StatusOr<SubwordVectors> Load(const std::string& path);
  explicit SubwordVectors(FastTextModel model);

  SubwordVectors(SubwordVectors&&) = default;
  SubwordVectors& operator=(SubwordVectors&&) = default;

  const FastTextModel& model() const { return model_; }
  int dim() const { return model_.args.dim; }
  // Floats in a vector written by Vector: the padded row length.
  int64_t stride() const { return model_.input.stride(); }
  int64_t words() const { return static_cast<int64_t>(model_.words.size()); }
  // The word's id in the dictionary, or -1.
  int32_t Find(absl::string_view word) const;

  // fastText's vector of `word` into out[0, stride()) (bit for bit). Returns
  // how many of the rows averaged are n-gram rows; fails (NotFound, naming
  // the word and why) when the word has no row at all.
  absl::StatusOr<int> Vector(absl::string_view word, float* out) const;

  // The vectors of dictionary words [0, n), one row each, computed on all
  // cores. Fails only when the memory cannot be allocated.
  absl::StatusOr<Matrix> DictionaryVectors(int64_t n) const;

 private:
  FastTextModel model_;
  // Views model_.words, whose strings stay where they are when the vector
  // is moved.
  absl::flat_hash_map<absl::string_view, int32_t> index_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_SUBWORD_VECTORS_H_
