// word2vec's vector file formats, as gensim's load_word2vec_format and
// fastText's .vec read and write them:
//   text:   "<count> <dim>\n" then per word "word v1 ... vdim\n";
//   binary: "<count> <dim>\n" then per word "word " followed by dim
//           little-endian float32 and a "\n".
// A path ending in ".gz" is gzip-compressed (both ways; reading also detects
// gzip by its magic bytes).
#ifndef NCE2VEC_MODEL_VECTORS_IO_H_
#define NCE2VEC_MODEL_VECTORS_IO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/model/matrix.h"

namespace nce2vec {

enum class VectorFormat { kAuto, kText, kBinary };

// Parses "text" or "binary" (for the --format flags).
absl::StatusOr<VectorFormat> ParseVectorFormat(absl::string_view name);

struct WordVectors {
  std::vector<std::string> words;
  Matrix vectors;  // words.size() x dim, padded rows (see matrix.h)
  int dim() const { return static_cast<int>(vectors.cols()); }
};

struct ReadVectorsOptions {
  VectorFormat format = VectorFormat::kAuto;  // kAuto: detect from the bytes
  int64_t limit = 0;  // 0: all; else only the first `limit` words
};

// Reads a whole vector file. Errors name the file and the line (text) or byte
// offset (binary) of the malformed record: bad or absurd header, short or long
// rows, non-numeric, NaN or Inf values, a file shorter than its header says,
// duplicate words. Memory is allocated as records are read, never from the
// header's counts alone.
absl::StatusOr<WordVectors> ReadVectors(const std::string& path,
                                        const ReadVectorsOptions& options = {});

// Writes rows [0, words.size()) of `vectors` (which has at least that many
// rows) atomically (temporary file renamed into place). Text values are
// printed with enough digits to read back the same float.
absl::Status WriteVectors(const std::string& path,
                          absl::Span<const std::string> words,
                          const Matrix& vectors, VectorFormat format);

}  // namespace nce2vec

#endif  // NCE2VEC_MODEL_VECTORS_IO_H_
