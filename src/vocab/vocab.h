// The vocabulary: the words kept for training, their counts and ids.
//
// Ids run from 0 in descending count, ties broken by the word's bytes, so the
// same corpus and options always give the same ids. The sentence boundary is
// not a word (unlike word2vec.c's </s>).
//
// Immutable after construction; safe to read from many threads.
#ifndef NCE2VEC_VOCAB_VOCAB_H_
#define NCE2VEC_VOCAB_VOCAB_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/corpus/corpus.h"

namespace nce2vec {

struct VocabOptions {
  // Words seen fewer times are dropped.
  int64_t min_count = 5;
  // 0: unlimited. Otherwise bounds memory while counting: whenever more than
  // this many distinct words are held, the rarest are pruned (word2vec's
  // ReduceVocab), and the final vocabulary keeps at most this many words.
  int64_t max_vocab = 0;
  // Counting threads; each counts one shard, then the counts are merged.
  int threads = 1;
};

struct VocabStats {
  uint64_t tokens = 0;      // all tokens read
  uint64_t types = 0;       // distinct words seen (before min_count)
  uint64_t sentences = 0;
  double seconds = 0;
};

class Vocab {
 public:
  Vocab() = default;  // empty

  // One counting pass over `corpus`. Fails if no word reaches min_count.
  static absl::StatusOr<Vocab> Build(const Corpus& corpus,
                                     const VocabOptions& options,
                                     VocabStats* stats = nullptr);
  // From (word, count) pairs in any order; sorts them as described above.
  static absl::StatusOr<Vocab> FromCounts(
      std::vector<std::pair<std::string, int64_t>> counts);
  // Reads `word count` lines (as Save writes). Errors name the file and line.
  static absl::StatusOr<Vocab> Load(const std::string& path);
  // Writes `word count` lines atomically.
  absl::Status Save(const std::string& path) const;

  int32_t size() const { return static_cast<int32_t>(words_.size()); }
  const std::string& word(int32_t id) const { return words_[id]; }
  int64_t count(int32_t id) const { return counts_[id]; }
  const std::vector<std::string>& words() const { return words_; }
  const std::vector<int64_t>& counts() const { return counts_; }
  // Sum of the counts of the kept words: the tokens training will see.
  int64_t total_count() const { return total_count_; }

  // The word's id, or -1.
  int32_t Find(absl::string_view word) const {
    auto it = index_.find(word);
    return it == index_.end() ? -1 : it->second;
  }

  // word2vec's subsampling: P(keep w) = min(1, sqrt(t/f) + t/f), with
  // f = count(w) / total_count() and t = `sample`; sample = 0 keeps all.
  std::vector<float> KeepProbabilities(double sample) const;

 private:
  std::vector<std::string> words_;
  std::vector<int64_t> counts_;
  int64_t total_count_ = 0;
  absl::flat_hash_map<absl::string_view, int32_t> index_;  // views words_
};

}  // namespace nce2vec

#endif  // NCE2VEC_VOCAB_VOCAB_H_
