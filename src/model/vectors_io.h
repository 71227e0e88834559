// word2vec's vector file formats, as gensim's load_word2vec_format and
// fastText's .vec read and write them:
//   text:   "<count> <dim>\n" then per word "word v1 ... vdim\n";
//   binary: "<count> <dim>\n" then per word "word " followed by dim
//           little-endian float32 and a "\n".
// A path ending in ".gz" is gzip-compressed (both ways; reading also detects
// gzip by its magic bytes).
//
// Reading accepts what those tools write: in text, fields separated by runs
// of spaces, tabs or CRs, trailing spaces (fastText writes one after the last
// value), CRLF line ends and whitespace after the last record; in binary, the
// "\n" after a vector may be missing (gensim 4 omits it) or repeated. Words
// are kept as bytes (no UTF-8 check). The header's dim must be in
// [1, kMaxVectorDim] and its count at least 1; a file with more records than
// its header says is an error unless `limit` stops the reading earlier.
//
// kAuto detection: the file is text when the bytes after the first word's
// space, up to the next "\n", are printable ASCII (or tab or CR); otherwise it
// is binary. A binary vector passes that test only if all its 4 * dim bytes
// are printable: never with a negative value (its top byte is >= 0x80), for a
// positive one about 1 time in 20, so only tiny dims are at risk. Even then
// the file is taken as binary when that line is not dim numbers and the
// layout fits binary (a "\n" or the end of the file right after the 4 * dim
// bytes). Pass the format explicitly for tiny-dim binary files without "\n"
// after each vector.
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

// The largest dimension a vector file may declare: far beyond any real
// embedding, small enough that a corrupt header cannot ask for absurd rows.
inline constexpr int kMaxVectorDim = 100000;

// Parses "text", "binary" or "auto" (for the --format flags).
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
// header's counts alone: the rows allocated are at most what the file's size
// can hold, and a header announcing more than that is an error at once. A
// plain file is mapped; a gzip file is inflated whole into memory (also with a
// limit).
absl::StatusOr<WordVectors> ReadVectors(const std::string& path,
                                        const ReadVectorsOptions& options = {});

// Writes rows [0, words.size()) of `vectors` (which has at least that many
// rows) atomically (temporary file renamed into place). Text values are
// printed in the shortest form that reads back as the same float, so a text
// round trip is exact. kAuto writes binary if the path, without ".gz", ends
// in ".bin", else text. Fails, before writing anything, on no words, an empty
// word or one containing a space, tab, CR or LF, duplicate words, and NaN or
// Inf values: ReadVectors would reject such a file.
absl::Status WriteVectors(const std::string& path,
                          absl::Span<const std::string> words,
                          const Matrix& vectors, VectorFormat format);

}  // namespace nce2vec

#endif  // NCE2VEC_MODEL_VECTORS_IO_H_
