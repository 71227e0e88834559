// The training settings a fastText model file (.bin) records: the block
// fastText 0.9.2's Args::save writes after the magic number and version, in
// this order (twelve int32 then a double). fastText keeps no learning rate
// (lr) in the file, so neither do we; gensim reads every field but
// word_ngrams and lr_update_rate, fastText reads them all.
//
// Kept apart from fasttext_model.h so that the objective registry can name
// each objective's fastText loss without the model file's machinery.
#ifndef NCE2VEC_MODEL_FASTTEXT_ARGS_H_
#define NCE2VEC_MODEL_FASTTEXT_ARGS_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "src/subword/subwords.h"

namespace nce2vec {

// fastText's loss_name, with its values. A reader needs it only to continue
// training: the word vectors do not depend on it. gensim takes hs (1) as
// hierarchical softmax and every other value as negative sampling.
enum class FastTextLoss : int32_t { kHs = 1, kNs = 2, kSoftmax = 3, kOva = 4 };

// fastText's model_name: cbow 1, sg 2 (its supervised models, 3, have
// labels instead of word contexts and are not read here).
enum class FastTextArchitecture : int32_t { kCbow = 1, kSkipgram = 2 };

// "hs", "ns", "softmax", "ova", as fastText's -loss flag spells them.
inline absl::string_view FastTextLossName(FastTextLoss loss) {
  switch (loss) {
    case FastTextLoss::kHs:
      return "hs";
    case FastTextLoss::kNs:
      return "ns";
    case FastTextLoss::kSoftmax:
      return "softmax";
    case FastTextLoss::kOva:
      return "ova";
  }
  return "?";
}

// Defaults are fastText's for `fasttext skipgram`.
struct FastTextArgs {
  int32_t dim = 100;
  int32_t ws = 5;  // the context window
  int32_t epoch = 5;
  int32_t min_count = 5;
  int32_t neg = 5;          // negatives per positive
  int32_t word_ngrams = 1;  // word n-grams: 1 for word vectors
  FastTextLoss loss = FastTextLoss::kNs;
  FastTextArchitecture model = FastTextArchitecture::kSkipgram;
  // minn, maxn, bucket. maxn 0: a model without n-grams; its input matrix
  // still has bucket rows after the words' (fastText keeps its 2,000,000
  // unused; we write 0).
  SubwordOptions subwords = kFastTextSubwords;
  int32_t lr_update_rate = 100;
  double t = 1e-4;  // the subsampling threshold
};

}  // namespace nce2vec

#endif  // NCE2VEC_MODEL_FASTTEXT_ARGS_H_
