// fastText's subword n-grams (Bojanowski et al. 2017), computed exactly as
// fastText 0.9.2 computes them, so that a model trained here and a fastText
// `.bin` agree row for row:
//   - the n-grams are those of "<" + word + ">" with minn <= n <= maxn
//     characters, where a character is a UTF-8 sequence (an n-gram never
//     starts on a continuation byte 10xxxxxx), and the boundary marks alone
//     ("<", ">") are not n-grams; the whole "<word>" is one when it is short
//     enough;
//   - an n-gram's row is nwords + FastTextHash(ngram) % bucket, so n-grams
//     share rows by collision, and a word whose n-gram occurs twice has that
//     row twice;
//   - fastText's end-of-sentence token "</s>" has no n-grams, in its
//     dictionary or not (its vector is its own row alone): a corpus holding
//     that token as text must give it the same vector here as in fastText;
//   - FastTextHash is 32-bit FNV-1a with each byte sign-extended before the
//     XOR, as fastText has hashed since its first release (its bytes were a
//     signed char); for bytes >= 0x80 this differs from textbook FNV-1a, and
//     every released model depends on it.
#ifndef NCE2VEC_SUBWORD_SUBWORDS_H_
#define NCE2VEC_SUBWORD_SUBWORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace nce2vec {

struct SubwordOptions {
  // N-gram lengths in characters; maxn = 0 means no n-grams (a word-only
  // model, whatever minn and bucket say).
  int minn = 0;
  int maxn = 0;
  // How many rows the n-grams hash into.
  int64_t bucket = 0;

  bool enabled() const { return maxn > 0; }
  // The input rows the n-grams take after the words': bucket, or 0 for a
  // word-only model.
  int64_t ngram_rows() const { return enabled() ? bucket : 0; }
  // With n-grams: 1 <= minn <= maxn <= 100 and 1 <= bucket <= 10^9 (rows
  // are int32, shared with the vocabulary's). Messages name
  // SubwordOptions::minn etc.
  absl::Status Validate() const;
};

// fastText's defaults for its unsupervised models.
inline constexpr SubwordOptions kFastTextSubwords = {
    .minn = 3, .maxn = 6, .bucket = 2000000};

uint32_t FastTextHash(absl::string_view bytes);

// fastText's end-of-sentence token, a word of every dictionary it builds.
inline constexpr absl::string_view kFastTextEos = "</s>";

// Calls visit(ngram) for every n-gram of "<" + word + ">", in fastText's
// order (by start position, then by length).
template <typename Visit>
void ForEachNgram(absl::string_view word, const SubwordOptions& options,
                  Visit&& visit) {
  if (!options.enabled()) return;
  std::string marked;
  marked.reserve(word.size() + 2);
  marked.push_back('<');
  marked.append(word.data(), word.size());
  marked.push_back('>');
  const absl::string_view text = marked;
  const auto continuation = [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
  };
  for (size_t begin = 0; begin < text.size(); ++begin) {
    if (continuation(text[begin])) continue;
    size_t end = begin;
    for (int n = 1; end < text.size() && n <= options.maxn; ++n) {
      ++end;
      while (end < text.size() && continuation(text[end])) ++end;
      const bool boundary_mark = n == 1 && (begin == 0 || end == text.size());
      if (n >= options.minn && !boundary_mark) {
        visit(text.substr(begin, end - begin));
      }
    }
  }
}

// Appends the rows of word's n-grams: nwords + FastTextHash(ngram) % bucket;
// none for kFastTextEos.
void AppendNgramRows(absl::string_view word, const SubwordOptions& options,
                     int32_t nwords, std::vector<int32_t>& rows);

// Every vocabulary word's input rows: its own row (its id) followed by its
// n-gram rows, kept in one flat array. Immutable after Build; safe to read
// from many threads.
class SubwordIndex {
 public:
  SubwordIndex() = default;

  // words[i] is the word of id i. Without n-grams every word has one row.
  static SubwordIndex Build(absl::Span<const std::string> words,
                            const SubwordOptions& options);

  absl::Span<const int32_t> rows(int32_t word) const {
    return absl::MakeConstSpan(rows_.data() + begin_[word],
                               begin_[word + 1] - begin_[word]);
  }
  int32_t words() const { return static_cast<int32_t>(begin_.size()) - 1; }
  // Rows of the input matrix: the words', then the buckets'.
  int64_t input_rows() const { return input_rows_; }
  // The longest row list, for sizing buffers.
  int max_rows_per_word() const { return max_rows_per_word_; }
  // The bytes Build's result holds, for the memory estimate.
  static uint64_t MemoryBytes(absl::Span<const std::string> words,
                              const SubwordOptions& options);

 private:
  std::vector<int64_t> begin_ = {0};  // words + 1 offsets into rows_
  std::vector<int32_t> rows_;
  int64_t input_rows_ = 0;
  int max_rows_per_word_ = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_SUBWORD_SUBWORDS_H_
