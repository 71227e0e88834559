#include "src/vocab/vocab.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "src/io/byte_source.h"
#include "src/util/atomic_file.h"
#include "src/vocab/word_counter.h"

namespace nce2vec {
namespace {

// The bytes the tokenizer splits on: a word holding one could not be read
// back from a corpus or a saved vocabulary.
bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r' || c == '\0';
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  constexpr absl::string_view kRole = "vocabulary file";
  absl::StatusOr<FileInfo> info = ProbeFile(path, kRole);
  if (!info.ok()) return info.status();
  absl::StatusOr<std::unique_ptr<ByteSource>> source =
      OpenByteSource(path, *info, 0, kRole);
  if (!source.ok()) return source.status();
  std::string contents(info->size, '\0');
  for (size_t done = 0; done < contents.size();) {
    absl::StatusOr<size_t> got =
        (*source)->Read(contents.data() + done, contents.size() - done);
    if (!got.ok()) return got.status();
    done += *got;
  }
  return contents;
}

}  // namespace

Vocab::Vocab(const Vocab& other)
    : words_(other.words_),
      counts_(other.counts_),
      total_count_(other.total_count_) {
  BuildIndex().IgnoreError();  // `other` was indexed: no duplicates
}

Vocab& Vocab::operator=(const Vocab& other) {
  if (this != &other) {
    words_ = other.words_;
    counts_ = other.counts_;
    total_count_ = other.total_count_;
    BuildIndex().IgnoreError();  // `other` was indexed: no duplicates
  }
  return *this;
}

absl::StatusOr<Vocab> Vocab::Build(const Corpus& corpus,
                                   const VocabOptions& options,
                                   VocabStats* stats) {
  if (options.threads < 1 || options.min_count < 0 || options.max_vocab < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bad vocabulary options: threads ", options.threads, ", min_count ",
        options.min_count, ", max_vocab ", options.max_vocab));
  }
  const absl::Time start = absl::Now();
  absl::StatusOr<WordCounts> counts =
      CountWords(corpus, options.threads, options.min_count, options.max_vocab);
  if (!counts.ok()) return counts.status();
  if (stats != nullptr) {
    stats->tokens = counts->tokens;
    stats->types = counts->types;
    stats->sentences = counts->sentences;
  }
  absl::StatusOr<Vocab> vocab = FromWordCounts(
      *std::move(counts), options, absl::StrJoin(corpus.paths(), ","));
  if (stats != nullptr) {
    stats->seconds = absl::ToDoubleSeconds(absl::Now() - start);
  }
  return vocab;
}

absl::StatusOr<Vocab> Vocab::FromWordCounts(WordCounts counts,
                                            const VocabOptions& options,
                                            absl::string_view corpus) {
  if (counts.tokens == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the corpus (", corpus, ") has no words"));
  }
  std::erase_if(counts.kept, [&options](const auto& entry) {
    return entry.second < options.min_count;
  });
  if (counts.kept.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no word occurs at least min_count=", options.min_count, " times in ",
        counts.tokens, " tokens; lower min_count or use a bigger corpus"));
  }
  Vocab vocab;
  if (absl::Status s = vocab.Finish(std::move(counts.kept)); !s.ok()) {
    return s;
  }
  if (options.max_vocab > 0 && vocab.size() > options.max_vocab) {
    vocab.words_.resize(options.max_vocab);
    vocab.counts_.resize(options.max_vocab);
    if (absl::Status s = vocab.BuildIndex(); !s.ok()) return s;
  }
  return vocab;
}

absl::StatusOr<Vocab> Vocab::FromCounts(
    std::vector<std::pair<std::string, int64_t>> counts) {
  for (const auto& [word, count] : counts) {
    if (word.empty() || std::any_of(word.begin(), word.end(), IsSeparator)) {
      return absl::InvalidArgumentError(
          absl::StrCat("not a word: '", word,
                       "' (words are non-empty and hold no "
                       "whitespace or NUL)"));
    }
    if (count < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("negative count ", count, " for word '", word, "'"));
    }
  }
  Vocab vocab;
  if (absl::Status s = vocab.Finish(std::move(counts)); !s.ok()) return s;
  return vocab;
}

absl::Status Vocab::Finish(
    std::vector<std::pair<std::string, int64_t>> counts) {
  if (counts.size() >
      static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return absl::OutOfRangeError(
        absl::StrCat(counts.size(), " words: more than 32-bit ids can number"));
  }
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return a.first < b.first;
  });
  words_.clear();
  counts_.clear();
  words_.reserve(counts.size());
  counts_.reserve(counts.size());
  for (auto& [word, count] : counts) {
    words_.push_back(std::move(word));
    counts_.push_back(count);
  }
  return BuildIndex();
}

absl::Status Vocab::BuildIndex() {
  index_.clear();
  index_.reserve(words_.size());
  total_count_ = 0;
  for (int32_t id = 0; id < size(); ++id) {
    if (!index_.try_emplace(words_[id], id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate word '", words_[id], "'"));
    }
    total_count_ += counts_[id];
  }
  return absl::OkStatus();
}

absl::StatusOr<Vocab> Vocab::Load(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadWholeFile(path);
  if (!contents.ok()) return contents.status();
  std::vector<std::pair<std::string, int64_t>> counts;
  int64_t total = 0;
  // Each word's line, to name both lines of a duplicate.
  absl::flat_hash_map<absl::string_view, int> lines;
  absl::string_view rest = *contents;
  for (int line = 1; !rest.empty(); ++line) {
    const size_t newline = rest.find('\n');
    absl::string_view text = rest.substr(0, newline);
    rest.remove_prefix(newline == absl::string_view::npos ? rest.size()
                                                          : newline + 1);
    const auto error = [&](absl::string_view message) {
      return absl::DataLossError(
          absl::StrCat("vocabulary file ", path, ":", line, ": ", message));
    };
    const auto field_end = [](absl::string_view s) {
      return static_cast<size_t>(std::find_if(s.begin(), s.end(), IsSeparator) -
                                 s.begin());
    };
    const auto skip_space = [](absl::string_view& s) {
      while (!s.empty() && IsSeparator(s.front())) s.remove_prefix(1);
    };
    // Text never holds NUL, and IsSeparator would take it for a space.
    if (const size_t nul = text.find('\0'); nul != absl::string_view::npos) {
      return error(absl::StrCat("NUL byte at column ", nul + 1,
                                "; expected 'word count' text (is it a "
                                "binary file?)"));
    }
    skip_space(text);
    if (text.empty()) continue;
    const absl::string_view word = text.substr(0, field_end(text));
    text.remove_prefix(word.size());
    skip_space(text);
    const absl::string_view count_text = text.substr(0, field_end(text));
    text.remove_prefix(count_text.size());
    skip_space(text);
    if (count_text.empty()) {
      return error(absl::StrCat("missing count after the word '", word,
                                "'; expected 'word count'"));
    }
    if (!text.empty()) {
      return error(absl::StrCat("unexpected '", text,
                                "' after the count; expected 'word count'"));
    }
    // Every word of a vocabulary was seen, so 0 is as wrong as -1.
    int64_t count = 0;
    const bool digits =
        std::all_of(count_text.begin(), count_text.end(), absl::ascii_isdigit);
    if (!digits || !absl::SimpleAtoi(count_text, &count) || count < 1) {
      return error(
          absl::StrCat("the count '", count_text, "' of '", word, "' is ",
                       !digits      ? "not a positive whole number"
                       : count == 0 ? "0; expected a count >= 1"
                                    : "too large; the most is 2^63 - 1"));
    }
    if (count > std::numeric_limits<int64_t>::max() - total) {
      return error(absl::StrCat(
          "the counts add up to more than 2^63 - 1 by this line's count ",
          count));
    }
    total += count;
    const auto [previous, inserted] = lines.try_emplace(word, line);
    if (!inserted) {
      return error(absl::StrCat("duplicate word '", word, "' (first on line ",
                                previous->second, ")"));
    }
    counts.emplace_back(std::string(word), count);
  }
  if (counts.empty()) {
    return absl::DataLossError(
        absl::StrCat("vocabulary file ", path, " holds no words"));
  }
  Vocab vocab;
  if (absl::Status s = vocab.Finish(std::move(counts)); !s.ok()) return s;
  return vocab;
}

absl::Status Vocab::Save(const std::string& path) const {
  absl::StatusOr<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(path);
  if (!file.ok()) return file.status();
  // AtomicFile buffers too: small chunks spare touching fresh memory.
  constexpr size_t kChunkBytes = 64 << 10;
  std::string chunk;
  chunk.reserve(kChunkBytes + 128);
  for (int32_t id = 0; id < size(); ++id) {
    absl::StrAppend(&chunk, words_[id], " ", counts_[id], "\n");
    if (chunk.size() >= kChunkBytes) {
      if (absl::Status s = (*file)->Write(chunk); !s.ok()) return s;
      chunk.clear();
    }
  }
  if (absl::Status s = (*file)->Write(chunk); !s.ok()) return s;
  return (*file)->Commit();
}

std::vector<float> Vocab::KeepProbabilities(double sample) const {
  std::vector<float> keep(size(), 1.0f);
  if (sample <= 0 || total_count_ <= 0) return keep;
  for (int32_t id = 0; id < size(); ++id) {
    if (counts_[id] <= 0) continue;
    const double ratio =
        sample / (static_cast<double>(counts_[id]) / total_count_);
    keep[id] = static_cast<float>(std::min(1.0, std::sqrt(ratio) + ratio));
  }
  return keep;
}

}  // namespace nce2vec
