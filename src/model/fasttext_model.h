// fastText's binary model file (.bin), written as fastText 0.9.2 writes it
// and read as fastText and gensim's load_facebook_model read it. The layout
// (every number little-endian, as fastText writes them on the x86 and ARM
// machines it runs on):
//
//   int32 magic 793712314, int32 version 12
//   the settings (fasttext_args.h): 12 x int32 then a float64 t
//   the dictionary: int32 size, int32 nwords, int32 nlabels, int64 ntokens,
//     int64 pruneidx_size (-1: none); then per entry the word's bytes, a NUL,
//     an int64 count and an int8 type (0 word, 1 label); then pruneidx_size
//     pairs of int32
//   a bool (1 byte): whether the input matrix is quantised
//   the input matrix: int64 rows (nwords + bucket), int64 cols (dim), then
//     rows x cols float32, row by row
//   a bool: whether the output matrix is quantised
//   the output matrix: int64 rows (nwords), int64 cols, the floats
//
// A word's vector is the mean of its input rows: its own and those of its
// n-grams (src/subword/subwords.h); a word outside the dictionary has only
// the latter.
//
// fastText's dictionaries start with its end-of-sentence token "</s>";
// ours have none, and neither fastText nor gensim needs one to read a model
// or to compute any word's vector. A "</s>" read from a fastText model stays
// a word, with fastText's vector (its own row alone; gensim, which does not
// know that rule, adds its n-grams).
#ifndef NCE2VEC_MODEL_FASTTEXT_MODEL_H_
#define NCE2VEC_MODEL_FASTTEXT_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "src/model/fasttext_args.h"
#include "src/model/matrix.h"

namespace nce2vec {

inline constexpr int32_t kFastTextMagic = 793712314;
inline constexpr int32_t kFastTextVersion = 12;

// A whole model file. Movable, not copyable (its matrices).
struct FastTextModel {
  FastTextArgs args;
  // The dictionary, in the file's order (ids); counts[i] is words[i]'s.
  std::vector<std::string> words;
  std::vector<int64_t> counts;
  // The corpus's tokens as fastText counts them: every token read, before
  // min_count (gensim's corpus_total_words).
  int64_t ntokens = 0;
  Matrix input;   // (words + bucket) x dim
  Matrix output;  // words x dim; empty when read without it
};

// What WriteFastTextModel writes, borrowed from its owner (a trainer writes
// its matrices without copying them).
struct FastTextModelView {
  const FastTextArgs& args;
  absl::Span<const std::string> words;
  absl::Span<const int64_t> counts;
  int64_t ntokens;
  const Matrix& input;
  const Matrix& output;
};

inline FastTextModelView ViewOf(const FastTextModel& model) {
  return {.args = model.args,
          .words = model.words,
          .counts = model.counts,
          .ntokens = model.ntokens,
          .input = model.input,
          .output = model.output};
}

// Writes `model` to `path` atomically (a temporary file renamed into place),
// or fails naming what is wrong, before anything is written or with the
// temporary file removed:
//   - words: at least one, each non-empty, without NUL, all distinct, with a
//     count >= 1 (gensim drops a word counted 0, then refuses the file);
//   - args.dim in [1, kMaxVectorDim], equal to both matrices' columns;
//   - args.subwords: maxn in [0, 100]; with n-grams (maxn > 0) Validate()
//     passes; bucket in [0, 2^31 - 1] (fastText's int32);
//   - input: words + bucket rows, at most 2^31 - 1 (fastText's row ids are
//     int32); output: one row per word (fastText's shape, whatever the
//     objective; an objective with fewer output rows pads with zero rows);
//   - every value finite;
//   - path not ending in ".gz" (fastText reads .bin files uncompressed).
// Messages name the field (FastTextArgs::dim, FastTextModelView::input, ...).
// Words are written as bytes: gensim decodes them as UTF-8 and replaces
// invalid bytes, so a word that is not UTF-8 gets another key (and n-grams)
// there; fastText and nce2vec keep the bytes.
absl::Status WriteFastTextModel(const std::string& path,
                                const FastTextModelView& model);

struct ReadFastTextOptions {
  // false: the output matrix's header is checked and its bytes skipped (the
  // queries need only the input matrix); FastTextModel::output stays empty.
  bool output = true;
};

// Reads a model written by fastText (version 11 or 12, as fastText 0.9.2
// accepts) or by WriteFastTextModel. Errors name the file and the byte
// offset of what is wrong: a file that is not a fastText model (wrong magic,
// e.g. a word2vec .bin), an unknown version, a supervised model (labels),
// a quantised model (.ftz: its rows are product-quantised codes, not
// vectors), a pruned dictionary, settings fastText would not produce
// (maxn > 100, minn outside [1, maxn], a zero bucket with n-grams), a
// matrix whose size does not match the settings and dictionary, an empty or
// duplicate word, a count below 1, NaN or Inf values, a file that ends
// early (truncated) or has bytes after the output matrix. Every count read
// is checked against the bytes left in the file before anything is
// allocated for it. Only regular files are read (their size is known).
// What it reads, WriteFastTextModel writes back to the same bytes (with
// version 12).
absl::StatusOr<FastTextModel> ReadFastTextModel(
    const std::string& path, const ReadFastTextOptions& options = {});

// The mean of `rows` of `input` into out[0, input.stride()), with
// fastText's arithmetic (FastText::getWordVector): the rows added in order
// to a zero vector in float, then scaled by float(1.0 / rows.size()). The
// same rows give the same bits as fastText. No rows leave `out` zero.
void MeanOfRows(const Matrix& input, absl::Span<const int32_t> rows,
                float* out);

}  // namespace nce2vec

#endif  // NCE2VEC_MODEL_FASTTEXT_MODEL_H_
