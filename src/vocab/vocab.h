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
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/corpus/corpus.h"
#include "src/vocab/word_counter.h"

namespace nce2vec {

struct VocabOptions {
  // Words seen fewer times are dropped.
  int64_t min_count = 5;
  // 0: unlimited. Otherwise the final vocabulary keeps the max_vocab most
  // frequent words, and memory stays bounded while counting: whenever a
  // counting thread holds more than 2 * max_vocab distinct words, it drops
  // every word seen at most T times, T the least count that leaves at most
  // max_vocab (word2vec's ReduceVocab, which raises T by one per pruning
  // and so, on a long corpus, ends up pruning frequent words too). A word
  // pruned and seen again restarts from 0, so counts near the cut are
  // approximate, and then ids may depend on the number of threads.
  int64_t max_vocab = 0;
  // Counting threads; each counts one shard, then the counts are merged.
  // Without pruning the result does not depend on it.
  int threads = 1;
};

struct VocabStats {
  uint64_t tokens = 0;     // all tokens read
  uint64_t types = 0;      // distinct words counted (before min_count;
                           // after pruning, if max_vocab pruned)
  uint64_t sentences = 0;  // as the readers saw them: a shard boundary
                           // splits a sentence in two
  double seconds = 0;
};

class Vocab {
 public:
  Vocab() = default;  // empty
  // Copies rebuild the index, which views the copy's own words; moves keep
  // the words' storage, so the index stays valid.
  Vocab(const Vocab& other);
  Vocab& operator=(const Vocab& other);
  Vocab(Vocab&&) = default;
  Vocab& operator=(Vocab&&) = default;

  // One counting pass over `corpus`. Fails if the corpus has no words or
  // no word reaches min_count.
  static absl::StatusOr<Vocab> Build(const Corpus& corpus,
                                     const VocabOptions& options,
                                     VocabStats* stats = nullptr);
  // Build's second half, for counts taken by CountWords here or merged from
  // several processes (src/distributed/): keeps the words counted at least
  // options.min_count times, then the options.max_vocab most frequent.
  // Fails as Build does; `corpus` names the corpus in the messages.
  static absl::StatusOr<Vocab> FromWordCounts(WordCounts counts,
                                              const VocabOptions& options,
                                              absl::string_view corpus);
  // From (word, count) pairs in any order; sorts them as described above.
  // Words must be non-empty tokens (no whitespace or NUL), each once, with
  // counts >= 0.
  static absl::StatusOr<Vocab> FromCounts(
      std::vector<std::pair<std::string, int64_t>> counts);
  // Reads `word count` lines (as Save writes; any order, blank lines
  // ignored, gzip accepted). Errors name the file and line: a missing,
  // non-numeric, zero, negative or overflowing count, counts summing past
  // 2^63 - 1, a NUL byte, a duplicate word, no words at all.
  static absl::StatusOr<Vocab> Load(const std::string& path);
  // Writes `word count` lines by id, atomically (gzip if `path` ends in
  // .gz).
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
  // f = count(w) / total_count() and t = `sample`; sample <= 0 keeps all.
  std::vector<float> KeepProbabilities(double sample) const;

 private:
  // Sorts by descending count, then bytes, and indexes the words. Fails on
  // a duplicate word.
  absl::Status Finish(std::vector<std::pair<std::string, int64_t>> counts);
  absl::Status BuildIndex();

  std::vector<std::string> words_;
  std::vector<int64_t> counts_;
  int64_t total_count_ = 0;
  absl::flat_hash_map<absl::string_view, int32_t> index_;  // views words_
};

}  // namespace nce2vec

#endif  // NCE2VEC_VOCAB_VOCAB_H_
