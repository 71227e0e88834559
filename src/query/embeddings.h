// Word vectors prepared for queries: every row scaled to unit length, so a
// dot product is a cosine, plus a word -> row map. Memory is the one matrix
// read from the file (normalised in place) plus the words; the map's keys
// point into `words`.
//
// Immutable once built, so safe to query from many threads.
#ifndef NCE2VEC_QUERY_EMBEDDINGS_H_
#define NCE2VEC_QUERY_EMBEDDINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/model/matrix.h"
#include "src/model/vectors_io.h"

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

 private:
  Embeddings() = default;

  std::vector<std::string> words_;
  Matrix vectors_;
  // Keys view the strings of `words_`, whose buffers do not move when the
  // vector is moved.
  absl::flat_hash_map<absl::string_view, int32_t> index_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_EMBEDDINGS_H_
