// Case-insensitive matching as gensim's evaluations do it: both the
// vocabulary and the test words are upper-cased with Python's str.upper(),
// and of several vocabulary words with the same upper-case form the first
// (lowest row, the most frequent in a frequency-sorted file) stands for all.
#ifndef NCE2VEC_QUERY_CASE_FOLD_H_
#define NCE2VEC_QUERY_CASE_FOLD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "src/query/embeddings.h"

namespace nce2vec {

// Python's str.upper() on UTF-8 text, character for character, including
// the one-to-many mappings (German sharp s -> "SS", ligatures, Greek with
// iota subscript), from tables generated out of Python's Unicode data
// (upper_case_table.h), so the result never depends on the process's locale
// or on which locales the system has installed. Bytes that are not valid
// UTF-8 are kept as they are (Python would refuse the file).
std::string PythonUpper(absl::string_view text);

// The first `rows` words of `e`, keyed by their upper-case form.
class FoldedVocab {
 public:
  FoldedVocab(const Embeddings& e, int64_t rows);

  // The first row among the prefix whose word upper-cases to `upper`, or -1.
  int32_t Find(const std::string& upper) const;
  // The first row with the same upper-case form as `row` (< rows).
  int32_t Canonical(int32_t row) const { return canonical_[row]; }
  int64_t rows() const { return static_cast<int64_t>(canonical_.size()); }

 private:
  absl::flat_hash_map<std::string, int32_t> first_row_;
  std::vector<int32_t> canonical_;
};

// Splits on the characters Python's str.split() treats as whitespace (ASCII
// whitespace, \x1c-\x1f, and the UTF-8 encoded Unicode spaces).
std::vector<absl::string_view> SplitPythonWhitespace(absl::string_view line);

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_CASE_FOLD_H_
