#include "src/vocab/word_counter.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "src/vocab/word_count_table.h"

namespace nce2vec {
namespace {

// Copies a token of at most kMaxTokenBytes without a libc call, which
// costs more than the copy at a few bytes a token; every load and store
// stays within the n bytes.
void CopyToken(char* to, const char* from, size_t n) {
  namespace internal = word_hash_internal;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      const uint64_t v = internal::Load64(from + i);
      std::memcpy(to + i, &v, 8);
    }
    const uint64_t tail = internal::Load64(from + n - 8);
    std::memcpy(to + n - 8, &tail, 8);
  } else if (n >= 4) {
    const uint32_t head = static_cast<uint32_t>(internal::Load32(from));
    const uint32_t tail = static_cast<uint32_t>(internal::Load32(from + n - 4));
    std::memcpy(to, &head, 4);
    std::memcpy(to + n - 4, &tail, 4);
  } else {
    for (size_t i = 0; i < n; ++i) to[i] = from[i];
  }
}

// One thread's counts.
class ShardCounter {
 public:
  // Holding twice the words kept leaves room for max_vocab new words after
  // each pruning, so pruning costs O(1) per word counted.
  ShardCounter(int64_t max_vocab, uint64_t shard_bytes)
      : max_held_(max_vocab > 0 ? 2 * static_cast<uint64_t>(max_vocab) : 0),
        keep_after_pruning_(max_vocab) {
    constexpr size_t kBytesPerWord = 8;
    counts_.Reserve(ExpectedWords(shard_bytes), kBytesPerWord);
  }

  absl::Status Count(TokenReader& reader) {
    // Each word is looked up kLookahead words after its lookup was
    // prefetched, so the cache misses of several lookups overlap; the
    // reader's views last only until its next call, hence the copies.
    constexpr int kLookahead = 8;
    struct Pending {
      char bytes[kMaxTokenBytes];
      WordCountTable::Key key;
    };
    Pending pending[kLookahead] = {};
    int queued = 0;
    uint64_t tokens = 0;
    uint64_t sentences = 0;
    absl::string_view word;
    while (true) {
      const TokenEvent event = reader.Next(&word);
      if (event == TokenEvent::kWord) {
        Pending& slot = pending[tokens % kLookahead];
        if (queued == kLookahead) {
          AddOne(slot.key);
        } else {
          ++queued;
        }
        CopyToken(slot.bytes, word.data(), word.size());
        slot.key =
            WordCountTable::Key(absl::string_view(slot.bytes, word.size()));
        counts_.Prefetch(slot.key);
        ++tokens;
      } else if (event == TokenEvent::kEndOfSentence) {
        ++sentences;
      } else {
        break;
      }
    }
    for (uint64_t i = tokens - queued; i < tokens; ++i) {
      AddOne(pending[i % kLookahead].key);
    }
    tokens_ = tokens;
    sentences_ = sentences;
    return reader.status();
  }

  WordCountTable& counts() { return counts_; }
  uint64_t tokens() const { return tokens_; }
  uint64_t sentences() const { return sentences_; }

 private:
  // A guess at the distinct words in `bytes` of text, to size the table
  // once instead of growing it: English text has about one new word per
  // 200 bytes at 20 MB (fewer as it grows).
  uint64_t ExpectedWords(uint64_t bytes) const {
    constexpr uint64_t kBytesPerNewWord = 200;
    constexpr uint64_t kMostReserved = 1 << 20;
    uint64_t words = std::min(bytes / kBytesPerNewWord, kMostReserved);
    if (max_held_ > 0) words = std::min(words, max_held_);
    return words;
  }

  void AddOne(const WordCountTable::Key& key) {
    if (counts_.Add(key) && max_held_ > 0 && counts_.size() > max_held_) {
      Prune();
    }
  }

  // Drops every word counted at most `threshold` times, the least
  // threshold that leaves at most keep_after_pruning_ words.
  void Prune() {
    std::vector<int64_t> counts = counts_.Counts();
    const size_t drop = counts.size() - keep_after_pruning_;
    std::nth_element(counts.begin(), counts.begin() + (drop - 1), counts.end());
    counts_.DropAtMost(counts[drop - 1]);
  }

  const uint64_t max_held_;
  const uint64_t keep_after_pruning_;
  WordCountTable counts_;
  uint64_t tokens_ = 0;
  uint64_t sentences_ = 0;
};

}  // namespace

absl::StatusOr<WordCounts> CountWords(const Corpus& corpus, int threads,
                                      int64_t min_count, int64_t max_vocab,
                                      int first_shard, int total_shards) {
  if (total_shards == 0) total_shards = threads;
  std::vector<std::unique_ptr<TokenReader>> readers;
  std::vector<std::unique_ptr<ShardCounter>> counters;
  for (int shard = 0; shard < threads; ++shard) {
    absl::StatusOr<std::unique_ptr<TokenReader>> reader =
        corpus.OpenShard(first_shard + shard, total_shards);
    if (!reader.ok()) return reader.status();
    readers.push_back(*std::move(reader));
    counters.push_back(std::make_unique<ShardCounter>(
        max_vocab, corpus.total_bytes() / total_shards));
  }
  std::vector<absl::Status> statuses(threads);
  std::vector<std::thread> workers;
  for (int shard = 1; shard < threads; ++shard) {
    workers.emplace_back([&, shard] {
      statuses[shard] = counters[shard]->Count(*readers[shard]);
    });
  }
  statuses[0] = counters[0]->Count(*readers[0]);
  for (std::thread& worker : workers) worker.join();
  for (const absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }

  WordCounts result;
  for (const auto& counter : counters) {
    result.tokens += counter->tokens();
    result.sentences += counter->sentences();
  }
  // Each word's total is summed where it is first met, taking its counts
  // out of the later tables: lookups only, so no table grows or rehashes.
  for (int shard = 0; shard < threads; ++shard) {
    counters[shard]->counts().ForEach(
        [&, shard](absl::string_view word, int64_t count) {
          if (count == 0) return;  // taken by an earlier table
          ++result.types;
          const WordCountTable::Key key(word);
          for (int later = shard + 1; later < threads; ++later) {
            count += counters[later]->counts().Take(key);
          }
          if (count >= min_count) {
            result.kept.emplace_back(std::string(word), count);
          }
        });
  }
  return result;
}

}  // namespace nce2vec
