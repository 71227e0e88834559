#include "src/vocab/word_counter.h"

#include <algorithm>
#include <memory>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nce2vec {
namespace {

using CountMap = absl::flat_hash_map<std::string, int64_t>;

// One thread's counts.
class ShardCounter {
 public:
  // Holding twice the words kept leaves room for max_vocab new words after
  // each pruning, so pruning costs O(1) per word counted.
  explicit ShardCounter(int64_t max_vocab)
      : max_held_(max_vocab > 0 ? 2 * static_cast<uint64_t>(max_vocab) : 0),
        keep_after_pruning_(max_vocab) {}

  absl::Status Count(TokenReader& reader) {
    absl::string_view word;
    uint64_t tokens = 0;
    uint64_t sentences = 0;
    while (true) {
      const TokenEvent event = reader.Next(&word);
      if (event == TokenEvent::kWord) {
        ++tokens;
        // A lookup by string_view; a std::string is made only for a new
        // word.
        const auto [it, inserted] = counts_.try_emplace(word, 0);
        ++it->second;
        if (inserted && max_held_ > 0 && counts_.size() > max_held_) Prune();
      } else if (event == TokenEvent::kEndOfSentence) {
        ++sentences;
      } else {
        break;
      }
    }
    tokens_ = tokens;
    sentences_ = sentences;
    return reader.status();
  }

  CountMap& counts() { return counts_; }
  uint64_t tokens() const { return tokens_; }
  uint64_t sentences() const { return sentences_; }

 private:
  // Drops every word counted at most `threshold` times, the least
  // threshold that leaves at most keep_after_pruning_ words.
  void Prune() {
    std::vector<int64_t> counts;
    counts.reserve(counts_.size());
    for (const auto& entry : counts_) counts.push_back(entry.second);
    const size_t drop = counts.size() - keep_after_pruning_;
    std::nth_element(counts.begin(), counts.begin() + (drop - 1), counts.end());
    const int64_t threshold = counts[drop - 1];
    absl::erase_if(counts_, [threshold](const CountMap::value_type& entry) {
      return entry.second <= threshold;
    });
  }

  const uint64_t max_held_;
  const uint64_t keep_after_pruning_;
  CountMap counts_;
  uint64_t tokens_ = 0;
  uint64_t sentences_ = 0;
};

}  // namespace

absl::StatusOr<WordCounts> CountWords(const Corpus& corpus, int threads,
                                      int64_t min_count, int64_t max_vocab) {
  std::vector<std::unique_ptr<TokenReader>> readers;
  for (int shard = 0; shard < threads; ++shard) {
    absl::StatusOr<std::unique_ptr<TokenReader>> reader =
        corpus.OpenShard(shard, threads);
    if (!reader.ok()) return reader.status();
    readers.push_back(*std::move(reader));
  }
  std::vector<ShardCounter> counters(threads, ShardCounter(max_vocab));
  std::vector<absl::Status> statuses(threads);
  std::vector<std::thread> workers;
  for (int shard = 1; shard < threads; ++shard) {
    workers.emplace_back([&, shard] {
      statuses[shard] = counters[shard].Count(*readers[shard]);
    });
  }
  statuses[0] = counters[0].Count(*readers[0]);
  for (std::thread& worker : workers) worker.join();
  for (const absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }

  WordCounts result;
  // Merge into the biggest map, so the fewest words are inserted again.
  int biggest = 0;
  for (int shard = 0; shard < threads; ++shard) {
    result.tokens += counters[shard].tokens();
    result.sentences += counters[shard].sentences();
    if (counters[shard].counts().size() > counters[biggest].counts().size()) {
      biggest = shard;
    }
  }
  CountMap& merged = counters[biggest].counts();
  for (int shard = 0; shard < threads; ++shard) {
    if (shard == biggest) continue;
    for (const auto& [word, count] : counters[shard].counts()) {
      merged[word] += count;
    }
    CountMap().swap(counters[shard].counts());
  }
  result.types = merged.size();
  for (auto& [word, count] : merged) {
    if (count >= min_count) result.kept.emplace_back(word, count);
  }
  return result;
}

}  // namespace nce2vec
