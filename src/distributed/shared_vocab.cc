#include "src/distributed/shared_vocab.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "src/util/little_endian.h"
#include "src/util/status_macros.h"
#include "src/vocab/word_counter.h"

namespace nce2vec {
namespace {

// Counts and totals as bytes: u64 tokens, u64 types, u64 sentences, u32 n,
// then n x (u32 length, the word's bytes, i64 count).
template <typename Entries>
std::string EncodeCounts(const Entries& entries, size_t n, uint64_t tokens,
                         uint64_t types, uint64_t sentences) {
  std::string out;
  AppendLittleEndian(out, tokens);
  AppendLittleEndian(out, types);
  AppendLittleEndian(out, sentences);
  AppendLittleEndian(out, static_cast<uint32_t>(n));
  for (const auto& [word, count] : entries) {
    AppendLittleEndian(out, static_cast<uint32_t>(word.size()));
    out += word;
    AppendLittleEndian(out, static_cast<int64_t>(count));
  }
  return out;
}

// Reads what EncodeCounts wrote, calling add(word, count) for each entry.
template <typename Add>
absl::Status DecodeCounts(absl::string_view in, WordCounts& totals, Add add) {
  const auto take = [&in](size_t bytes) -> const char* {
    if (bytes > in.size()) return nullptr;
    const char* p = in.data();
    in.remove_prefix(bytes);
    return p;
  };
  const absl::Status malformed =
      absl::DataLossError("word counts received from a process are malformed");
  const char* head = take(28);
  if (head == nullptr) return malformed;
  totals.tokens += LoadLittleEndian<uint64_t>(head);
  totals.types += LoadLittleEndian<uint64_t>(head + 8);
  totals.sentences += LoadLittleEndian<uint64_t>(head + 16);
  const uint32_t n = LoadLittleEndian<uint32_t>(head + 24);
  for (uint32_t i = 0; i < n; ++i) {
    const char* length = take(4);
    if (length == nullptr) return malformed;
    const uint32_t bytes = LoadLittleEndian<uint32_t>(length);
    const char* word = take(bytes);
    const char* count = word == nullptr ? nullptr : take(8);
    if (count == nullptr) return malformed;
    add(absl::string_view(word, bytes), LoadLittleEndian<int64_t>(count));
  }
  return in.empty() ? absl::OkStatus() : malformed;
}

// Rank 0: every process's counts added up, then the vocabulary as bytes.
absl::StatusOr<std::string> MergeCounts(const std::vector<std::string>& parts,
                                        const Corpus& corpus,
                                        const VocabOptions& options) {
  WordCounts merged;
  absl::flat_hash_map<std::string, int64_t> totals;
  for (const std::string& part : parts) {
    RETURN_IF_ERROR(DecodeCounts(
        part, merged, [&totals](absl::string_view word, int64_t count) {
          totals[word] += count;
        }));
  }
  // Each process counted the words it saw; the run has the distinct ones.
  merged.types = totals.size();
  merged.kept.reserve(totals.size());
  for (auto& [word, count] : totals) merged.kept.emplace_back(word, count);
  const uint64_t tokens = merged.tokens;
  const uint64_t types = merged.types;
  const uint64_t sentences = merged.sentences;
  ASSIGN_OR_RETURN(Vocab vocab,
                   Vocab::FromWordCounts(std::move(merged), options,
                                         absl::StrJoin(corpus.paths(), ",")));
  std::vector<std::pair<const std::string&, int64_t>> entries;
  for (int32_t id = 0; id < vocab.size(); ++id) {
    entries.emplace_back(vocab.word(id), vocab.count(id));
  }
  return EncodeCounts(entries, entries.size(), tokens, types, sentences);
}

// Rank 0's vocabulary from MergeCounts' bytes; `totals` gets the corpus's.
absl::StatusOr<Vocab> VocabFromBytes(absl::string_view bytes,
                                     WordCounts& totals) {
  std::vector<std::pair<std::string, int64_t>> counts;
  RETURN_IF_ERROR(
      DecodeCounts(bytes, totals, [&counts](absl::string_view word, int64_t n) {
        counts.emplace_back(word, n);
      }));
  return Vocab::FromCounts(std::move(counts));
}

}  // namespace

std::string VocabBytes(const Vocab& vocab) {
  std::vector<std::pair<const std::string&, int64_t>> entries;
  for (int32_t id = 0; id < vocab.size(); ++id) {
    entries.emplace_back(vocab.word(id), vocab.count(id));
  }
  return EncodeCounts(entries, entries.size(), vocab.total_count(),
                      vocab.size(), 0);
}

absl::StatusOr<Vocab> BuildSharedVocab(Communicator& comm, const Corpus& corpus,
                                       const VocabOptions& options,
                                       VocabStats* stats) {
  const absl::Time start = absl::Now();
  // min_count applies to the sums, so every word counted goes to rank 0.
  absl::StatusOr<WordCounts> mine =
      CountWords(corpus, options.threads, 0, options.max_vocab,
                 comm.rank() * options.threads, comm.size() * options.threads);
  RETURN_IF_ERROR(Agree(comm, mine.status()));
  ASSIGN_OR_RETURN(
      std::vector<std::string> parts,
      comm.Gather(EncodeCounts(mine->kept, mine->kept.size(), mine->tokens,
                               mine->types, mine->sentences)));
  mine->kept.clear();
  absl::StatusOr<std::string> vocab_bytes = std::string();
  if (comm.rank() == 0) vocab_bytes = MergeCounts(parts, corpus, options);
  parts.clear();
  RETURN_IF_ERROR(Agree(comm, vocab_bytes.status()));
  RETURN_IF_ERROR(comm.Broadcast(*vocab_bytes));
  WordCounts totals;
  absl::StatusOr<Vocab> vocab = VocabFromBytes(*vocab_bytes, totals);
  RETURN_IF_ERROR(Agree(comm, vocab.status()));
  RETURN_IF_ERROR(
      CheckSameEverywhere(comm, "the vocabulary", VocabBytes(*vocab)));
  if (stats != nullptr) {
    stats->tokens = totals.tokens;
    stats->types = totals.types;
    stats->sentences = totals.sentences;
    stats->seconds = absl::ToDoubleSeconds(absl::Now() - start);
  }
  return vocab;
}

}  // namespace nce2vec
