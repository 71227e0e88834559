// Word vectors prepared for queries: every row scaled to unit length, so a
// dot product is a cosine, plus a word -> row map. Memory is the one matrix
// read from the file (normalised in place) plus the words; the map's keys
// point into `words`. Loaded from a fastText model (.bin), the rows are the
// vectors of the model's words, and the model stays to compose the vector
// of any other word from its n-grams (UnseenUnitVector).
//
// Immutable once built, so safe to query from many threads.
#ifndef NCE2VEC_QUERY_EMBEDDINGS_H_
#define NCE2VEC_QUERY_EMBEDDINGS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/model/matrix.h"
#include "src/model/vectors_io.h"
#include "src/query/subword_vectors.h"

namespace nce2vec {

class Embeddings {
 public:
  // Reads a word2vec text or binary file (see src/model/vectors_io.h);
  // `limit` > 0 keeps only the first `limit` words, as gensim's `limit`.
  static absl::StatusOr<Embeddings> Load(const std::string& path,
                                         int64_t limit = 0);
  // Takes ownership and normalises the rows. A zero row stays zero (its
  // cosine with anything is 0), where gensim would divide by zero. Words must
  // be distinct (ReadVectors guarantees it).
  static Embeddings FromWordVectors(WordVectors vectors);
  // Reads a fastText model (src/model/fasttext_model.h): the rows are the
  // vectors of its first `limit` words (0: all), computed as fastText does.
  static absl::StatusOr<Embeddings> LoadModel(const std::string& path,
                                              int64_t limit = 0);

  Embeddings(Embeddings&&) = default;
  Embeddings& operator=(Embeddings&&) = default;

  int64_t size() const { return static_cast<int64_t>(words_.size()); }
  int dim() const { return static_cast<int>(vectors_.cols()); }
  const Matrix& vectors() const { return vectors_; }
  const float* row(int64_t i) const { return vectors_.row(i); }
  const std::string& word(int64_t i) const { return words_[i]; }
  const std::vector<std::string>& words() const { return words_; }
  // The row of `word`, or -1 when it is not in the vocabulary.
  int32_t Find(absl::string_view word) const;

  // The model these rows come from, or nullptr (a vector file).
  const SubwordVectors* model() const { return model_.get(); }
  // For a word that is not a row: its unit vector from the model into
  // out[0, vectors().stride()), from its own input row if it is in the
  // model's dictionary beyond `limit`, and from its n-grams. Fails (naming
  // the word) without a model, when the word has no row in the model, or
  // when its vector is zero.
  absl::Status UnseenUnitVector(absl::string_view word, float* out) const;

 private:
  Embeddings() = default;

  std::vector<std::string> words_;
  Matrix vectors_;
  // Keys view the strings of `words_`, whose buffers do not move when the
  // vector is moved.
  absl::flat_hash_map<absl::string_view, int32_t> index_;
  std::unique_ptr<const SubwordVectors> model_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_EMBEDDINGS_H_
