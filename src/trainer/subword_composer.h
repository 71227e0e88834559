// Subword-composed input vectors for training (fastText's model, Bojanowski
// et al. 2017). A word's hidden vector is the mean of its input rows (its own
// and its n-grams', SubwordIndex), and the hidden gradient g is added whole
// to each of those rows, as fastText's unsupervised models do: the mean then
// moves by g itself, as a word-only row would.
//
// Composing a word is a pass over its rows (about 10 to 30 of them, scattered
// over a large matrix at minn 3, maxn 6), and so is adding a gradient to
// them. A skip-gram position is a context in up to 2 x window windows; fastText
// composes and scatters it in every one. Here a position is composed once
// into a slot, which the BatchBuilder reads as its input matrix, and after
// each Step the builder adds each row's hidden gradient to its slots twice:
// to the composed vector (so that the position's later windows see its own
// updates, exactly as if its rows had been updated) and to the slot's
// gradient sum, which is added to the rows once, when no later window can
// use the position. What a position does not see until then is the updates
// other positions of the same sentence make to rows it shares with them (the
// same word or n-gram within 2 x window positions): a delay of at most
// 2 x window steps, like the one Hogwild threads already give each other.
//
// Slots are used in one of two ways, by the batch shape:
//  - sentence positions (BatchShape::kContextRows: one window per Step):
//    position p of the sentence is slot p mod slots(), composed when a window
//    first needs it and scattered by Retire once no later window can need it;
//  - batch words (kCentreRows: many windows per Step, across sentences):
//    every input word of a row gets a slot of its own (a skip-gram centre is
//    one word, once), scattered after the Step by ScatterBatchWords.
//
// Sized once: nothing allocates after construction. Not thread-safe: one per
// worker; the rows it reads and writes are Hogwild's (trainer.cc).
#ifndef NCE2VEC_TRAINER_SUBWORD_COMPOSER_H_
#define NCE2VEC_TRAINER_SUBWORD_COMPOSER_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "src/kernels/vector_ops.h"
#include "src/model/fasttext_model.h"
#include "src/model/matrix.h"
#include "src/subword/subwords.h"
#include "src/trainer/batch_limits.h"

namespace nce2vec {

// Every vocabulary word's composed vector, row w for word w: what fastText's
// .vec file holds. Fails only when the memory cannot be allocated.
absl::StatusOr<Matrix> ComposeWordVectors(const Matrix& input,
                                          const SubwordIndex& index);

// The slots a worker needs for `limits`: a sentence's live positions
// (2 x window + 1, at most a sentence) or a batch's input words.
int SubwordSlots(const BatchLimits& limits, int window);

class SubwordComposer {
 public:
  // `index` must outlive the composer.
  SubwordComposer(const SubwordIndex& index, int slots, int dim);

  SubwordComposer(const SubwordComposer&) = delete;
  SubwordComposer& operator=(const SubwordComposer&) = delete;

  // The bytes a composer of `slots` slots holds, for the memory estimate.
  static uint64_t MemoryBytes(int slots, int dim);

  int slots() const { return static_cast<int>(words_.size()); }
  // The composed vectors and gradient sums, one row per slot: the input
  // matrix a BatchBuilder reads, and the two its hidden gradients go to.
  const Matrix& vectors() const { return vectors_; }
  Matrix& vectors() { return vectors_; }
  Matrix& gradients() { return gradients_; }

  // Sentence positions. `words` (the sentence's ids) must stay valid until
  // the sentence is retired.
  void StartSentence(const int32_t* words) {
    sentence_ = words;
    composed_ = 0;
    retired_ = 0;
  }
  // Position p's slot, composing the positions up to p first.
  // REQUIRES: p is not retired; the positions composed and not retired fit
  // in slots().
  int32_t Position(int p, const Matrix& input) {
    for (; composed_ <= p; ++composed_) {
      Compose(composed_ % slots(), sentence_[composed_], input);
    }
    return p % slots();
  }
  // Scatters every composed position before `end` not yet scattered: they
  // serve no later window.
  void RetireBefore(int end, Matrix& input) {
    for (const int last = std::min(end, composed_); retired_ < last;
         ++retired_) {
      Scatter(retired_ % slots(), input);
    }
  }
  // Scatters every composed position; the sentence is done.
  void RetireAll(Matrix& input) { RetireBefore(composed_, input); }

  // Batch words: a new slot holding `word`'s composed vector.
  // REQUIRES: fewer than slots() batch words since the last scatter.
  int32_t BatchWord(int32_t word, const Matrix& input) {
    const int32_t slot = batch_words_++;
    Compose(slot, word, input);
    return slot;
  }
  void ScatterBatchWords(Matrix& input) {
    for (int32_t slot = 0; slot < batch_words_; ++slot) Scatter(slot, input);
    batch_words_ = 0;
  }

 private:
  void Compose(int32_t slot, int32_t word, const Matrix& input) {
    MeanOfRows(input, index_.rows(word), vectors_.row(slot));
    Zero(gradients_.row(slot), gradients_.stride());
    words_[slot] = word;
  }
  void Scatter(int32_t slot, Matrix& input) {
    const float* g = gradients_.row(slot);
    const int64_t stride = gradients_.stride();
    for (const int32_t r : index_.rows(words_[slot])) {
      Add(g, input.row(r), stride);
    }
  }

  const SubwordIndex& index_;
  Matrix vectors_;
  Matrix gradients_;
  std::vector<int32_t> words_;  // the word in each slot
  const int32_t* sentence_ = nullptr;
  int composed_ = 0;  // positions [0, composed_) of the sentence are composed
  int retired_ = 0;   // and [0, retired_) scattered
  int32_t batch_words_ = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_SUBWORD_COMPOSER_H_
