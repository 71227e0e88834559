#include "src/subword/subwords.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace nce2vec {

absl::Status SubwordOptions::Validate() const {
  if (!enabled()) {
    if (maxn < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "SubwordOptions::maxn must be >= 0 (0: no n-grams), got ", maxn));
    }
    return absl::OkStatus();
  }
  if (maxn > 100) {
    return absl::InvalidArgumentError(absl::StrCat(
        "SubwordOptions::maxn must be in [0, 100] (0: no n-grams), got ",
        maxn));
  }
  if (minn < 1 || minn > maxn) {
    return absl::InvalidArgumentError(
        absl::StrCat("SubwordOptions::minn must be in [1, SubwordOptions::maxn"
                     " = ",
                     maxn, "], got ", minn));
  }
  if (bucket < 1 || bucket > 1000000000) {
    return absl::InvalidArgumentError(
        absl::StrCat("SubwordOptions::bucket must be in [1, 1000000000] with "
                     "n-grams (SubwordOptions::maxn > 0), got ",
                     bucket));
  }
  return absl::OkStatus();
}

uint32_t FastTextHash(absl::string_view bytes) {
  uint32_t h = 2166136261u;
  for (const char c : bytes) {
    h ^= static_cast<uint32_t>(static_cast<int8_t>(c));
    h *= 16777619u;
  }
  return h;
}

void AppendNgramRows(absl::string_view word, const SubwordOptions& options,
                     int32_t nwords, std::vector<int32_t>& rows) {
  if (word == kFastTextEos) return;
  const uint32_t bucket = static_cast<uint32_t>(options.bucket);
  ForEachNgram(word, options, [&](absl::string_view ngram) {
    rows.push_back(nwords + static_cast<int32_t>(FastTextHash(ngram) % bucket));
  });
}

SubwordIndex SubwordIndex::Build(absl::Span<const std::string> words,
                                 const SubwordOptions& options) {
  SubwordIndex index;
  const int32_t nwords = static_cast<int32_t>(words.size());
  index.begin_.reserve(words.size() + 1);
  for (int32_t w = 0; w < nwords; ++w) {
    const size_t first = index.rows_.size();
    index.rows_.push_back(w);
    AppendNgramRows(words[w], options, nwords, index.rows_);
    index.max_rows_per_word_ = std::max(
        index.max_rows_per_word_, static_cast<int>(index.rows_.size() - first));
    index.begin_.push_back(static_cast<int64_t>(index.rows_.size()));
  }
  index.rows_.shrink_to_fit();
  index.input_rows_ = nwords + (options.enabled() ? options.bucket : 0);
  return index;
}

uint64_t SubwordIndex::MemoryBytes(absl::Span<const std::string> words,
                                   const SubwordOptions& options) {
  uint64_t rows = 0;
  for (const std::string& word : words) {
    ++rows;
    if (word == kFastTextEos) continue;
    ForEachNgram(word, options, [&](absl::string_view) { ++rows; });
  }
  return rows * sizeof(int32_t) + (words.size() + 1) * sizeof(int64_t);
}

}  // namespace nce2vec
