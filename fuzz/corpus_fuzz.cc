// Fuzzes the corpus reader (src/corpus/) against its tokenisation and
// sharding contract (corpus.h): the input read whole, in three shards, and
// gzip-compressed must give the same words, each a well-formed token. An
// input that starts with the gzip magic bytes exercises the inflating of
// arbitrary, mostly corrupt, gzip data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fuzz/scratch_file.h"
#include "src/corpus/corpus.h"

namespace nce2vec::fuzz {
namespace {

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r' || c == '\0';
}

// The words of shard `shard` of `num_shards`, checked token by token; an
// error when the file does not read.
absl::StatusOr<std::vector<std::string>> ReadWords(const std::string& path,
                                                   int shard, int num_shards) {
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  if (!corpus.ok()) return corpus.status();
  absl::StatusOr<std::unique_ptr<TokenReader>> reader =
      corpus->OpenShard(shard, num_shards);
  if (!reader.ok()) return reader.status();
  std::vector<std::string> words;
  int sentence_tokens = 0;
  absl::string_view word;
  for (;;) {
    const TokenEvent event = (*reader)->Next(&word);
    if (event == TokenEvent::kEnd) break;
    if (event == TokenEvent::kEndOfSentence) {
      Check(sentence_tokens > 0, "empty sentence");
      sentence_tokens = 0;
      continue;
    }
    Check(!word.empty(), "empty token");
    Check(word.size() <= kMaxTokenBytes, "token longer than kMaxTokenBytes");
    for (char c : word) Check(!IsSeparator(c), "separator inside a token");
    Check(++sentence_tokens <= kMaxSentenceTokens, "sentence too long");
    words.emplace_back(word);
  }
  // An error may stop the reading mid-sentence.
  if (!(*reader)->status().ok()) return (*reader)->status();
  Check(sentence_tokens == 0, "last sentence not ended");
  return words;
}

}  // namespace
}  // namespace nce2vec::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nce2vec::fuzz::Check;
  using nce2vec::fuzz::ReadWords;
  using nce2vec::fuzz::ScratchFile;
  static ScratchFile* const file = new ScratchFile();
  file->Write(data, size);
  const absl::StatusOr<std::vector<std::string>> whole =
      ReadWords(file->path(), 0, 1);
  if (!whole.ok()) return 0;  // corrupt gzip: an error is the right answer

  constexpr int kShards = 3;
  std::vector<std::string> sharded;
  for (int shard = 0; shard < kShards; ++shard) {
    const absl::StatusOr<std::vector<std::string>> words =
        ReadWords(file->path(), shard, kShards);
    Check(words.ok(), "a shard fails where the whole file reads");
    sharded.insert(sharded.end(), words->begin(), words->end());
  }
  Check(sharded == *whole, "shards do not add up to the whole file");

  // Compressing gzip data once more would make its compressed bytes the
  // text, so only plain inputs have a gzip twin to compare with.
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) return 0;
  file->WriteGzip(data, size);
  const absl::StatusOr<std::vector<std::string>> inflated =
      ReadWords(file->path(), 0, 1);
  Check(inflated.ok() && *inflated == *whole,
        "gzip reads differently from the plain file");
  return 0;
}
