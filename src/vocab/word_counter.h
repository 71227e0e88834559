// The counting pass behind Vocab::Build: every thread counts the words of
// its own shard of the corpus, then the counts are merged.
#ifndef NCE2VEC_VOCAB_WORD_COUNTER_H_
#define NCE2VEC_VOCAB_WORD_COUNTER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "src/corpus/corpus.h"

namespace nce2vec {

struct WordCounts {
  // The words seen at least min_count times, in no particular order.
  std::vector<std::pair<std::string, int64_t>> kept;
  uint64_t tokens = 0;
  uint64_t types = 0;  // distinct words held at the end of counting
  uint64_t sentences = 0;
};

// With `max_vocab` > 0, each thread holds at most 2 * max_vocab distinct
// words, pruning the rarest as VocabOptions::max_vocab (vocab.h) describes;
// 0: no bound.
// The threads count shards [first_shard, first_shard + threads) of
// `total_shards` (0: `threads`), so that several processes can each count
// their part of the corpus (src/distributed/) and merge the counts.
// REQUIRES: threads >= 1, min_count >= 0, max_vocab >= 0,
// first_shard + threads <= total_shards when total_shards > 0.
absl::StatusOr<WordCounts> CountWords(const Corpus& corpus, int threads,
                                      int64_t min_count, int64_t max_vocab,
                                      int first_shard = 0,
                                      int total_shards = 0);

}  // namespace nce2vec

#endif  // NCE2VEC_VOCAB_WORD_COUNTER_H_
