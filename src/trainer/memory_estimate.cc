#include "src/trainer/memory_estimate.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/corpus/corpus.h"
#include "src/model/matrix.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/trainer/batch_limits.h"
#include "src/trainer/subword_composer.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// The index is an absl::flat_hash_map<string_view, int32_t>: 24-byte slots
// plus one control byte, at a load factor between 7/16 and 7/8; 1.5 slots
// per word is the average over vocabulary sizes.
constexpr double kIndexBytesPerWord = 1.5 * (24 + 1);
// Per word: the alias sampler (8-byte bucket, double and float
// probabilities) and the subsampling keep probability. The objective counts
// its own tables (Objective::TableBytes).
constexpr uint64_t kTableBytesPerWord = 8 + 8 + 4 + 4;
// The corpus reader's block (src/corpus/shard_reader.cc) and a gzip
// source's buffers.
constexpr uint64_t kReaderBytes = (1 << 20) + (1 << 18);
// Measured: the peak resident size of `nce2vec train` on a two-word corpus
// (code, libc, OpenBLAS's buffers, absl), plus AtomicFile's 1 MiB buffer and
// the vector writer's chunk.
constexpr uint64_t kProcessBytes = 8ull << 20;

// A std::string holds up to 15 bytes inline; a longer word takes a heap
// block, rounded up to 16 bytes, plus malloc's 8-byte header.
uint64_t VocabularyBytes(const Vocab& vocab) {
  uint64_t heap = 0;
  for (const std::string& word : vocab.words()) {
    if (word.size() > 15) heap += (word.size() + 1 + 15) / 16 * 16 + 8;
  }
  const uint64_t n = static_cast<uint64_t>(vocab.size());
  return n * (sizeof(std::string) + sizeof(int64_t)) +
         static_cast<uint64_t>(kIndexBytesPerWord * n) + heap;
}

// One worker: the batch builder (hidden vectors and their gradients, the
// input and positive ids), the sentence, the reader, the objective's
// workspace as the objective itself counts it, and with n-grams the slots of
// composed vectors.
uint64_t PerThreadBytes(const TrainConfig& config, const Objective& objective) {
  const BatchLimits limits = BatchLimitsFor(config);
  const int64_t stride = PaddedStride(config.dim);
  const uint64_t rows = static_cast<uint64_t>(limits.rows);
  const uint64_t builder =
      2 * rows * stride * sizeof(float) + 2 * (rows + 1) * sizeof(int32_t) +
      static_cast<uint64_t>(limits.inputs + limits.positives) * sizeof(int32_t);
  const uint64_t workspace =
      objective.WorkspaceBytes({.max_rows = limits.rows,
                                .max_positives = limits.positives,
                                .stride = stride});
  // Spread batches read through several cursors, each with its reader and
  // sentence, and count false negatives over a batch's full windows.
  const ObjectiveInfo& info = *FindObjective(config.objective);
  const uint64_t readers = info.in_batch_negatives
                               ? static_cast<uint64_t>(config.in_batch_cursors)
                               : 1;
  const uint64_t false_negatives =
      info.in_batch_negatives
          ? rows * (2 * static_cast<uint64_t>(config.window) + 1) *
                sizeof(int32_t)
          : 0;
  const uint64_t composer =
      config.subwords.enabled()
          ? SubwordComposer::MemoryBytes(SubwordSlots(limits, config.window),
                                         config.dim)
          : 0;
  return builder +
         readers * (kMaxSentenceTokens * sizeof(int32_t) + kReaderBytes) +
         2 * static_cast<uint64_t>(config.window) * sizeof(int32_t) +
         false_negatives + workspace + composer;
}

}  // namespace

std::string FormatBytes(uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (bytes >= (1ull << 30)) return absl::StrFormat("%.2f GiB", b / (1 << 30));
  if (bytes >= (1ull << 20)) return absl::StrFormat("%.1f MiB", b / (1 << 20));
  if (bytes >= (1ull << 10)) return absl::StrFormat("%.1f KiB", b / (1 << 10));
  return absl::StrCat(bytes, " B");
}

std::string MemoryEstimate::Summary() const {
  return absl::StrCat(
      "estimated memory ", FormatBytes(total()), ": matrices ",
      FormatBytes(matrices), ", vocabulary ", FormatBytes(vocabulary),
      ", tables ", FormatBytes(tables), ", ", threads, " threads x ",
      FormatBytes(per_thread), ", process ", FormatBytes(process),
      merging > 0
          ? absl::StrCat(", merging across processes ", FormatBytes(merging))
          : "");
}

absl::StatusOr<MemoryEstimate> EstimateTrainingMemory(const TrainConfig& config,
                                                      const Vocab& vocab,
                                                      bool output_bias) {
  // The objective as the trainer will build it, to ask for its workspace.
  ASSIGN_OR_RETURN(AliasSampler noise,
                   AliasSampler::Create(vocab.counts(), config.noise_power));
  ASSIGN_OR_RETURN(std::unique_ptr<Objective> objective,
                   CreateObjective(config.objective, config.objective_options,
                                   noise, vocab.counts()));
  const ObjectiveInfo& info = *FindObjective(config.objective);
  const uint64_t row_bytes = PaddedStride(config.dim) * sizeof(float);
  MemoryEstimate estimate;
  estimate.matrices =
      (static_cast<uint64_t>(vocab.size()) +
       static_cast<uint64_t>(info.output_rows(vocab.size()))) *
          row_bytes +
      (output_bias ? static_cast<uint64_t>(vocab.size()) * sizeof(float) : 0);
  estimate.vocabulary = VocabularyBytes(vocab);
  estimate.ngrams = config.subwords.enabled();
  if (estimate.ngrams) {
    // The n-gram buckets' input rows, and the words' composed vectors
    // (ComposeWordVectors), which the model's outputs are written from.
    estimate.matrices +=
        (static_cast<uint64_t>(config.subwords.bucket) + vocab.size()) *
        row_bytes;
    estimate.vocabulary +=
        SubwordIndex::MemoryBytes(vocab.words(), config.subwords);
  }
  estimate.tables = static_cast<uint64_t>(vocab.size()) * kTableBytesPerWord +
                    objective->TableBytes();
  estimate.per_thread = PerThreadBytes(config, *objective);
  estimate.threads = config.threads;
  estimate.process = kProcessBytes;
  return estimate;
}

absl::StatusOr<uint64_t> ParseMemorySize(absl::string_view text) {
  const auto bad = [text] {
    return absl::InvalidArgumentError(absl::StrCat(
        "the memory limit (max_memory) must be a size such as 4G, 512M or 0 "
        "(no limit), got '",
        text, "'"));
  };
  std::string s = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
  if (s.ends_with("IB")) {
    s.resize(s.size() - 2);
  } else if (s.size() > 1 && s.ends_with("B")) {
    s.resize(s.size() - 1);
  }
  int shift = 0;
  if (!s.empty() && !std::isdigit(static_cast<unsigned char>(s.back()))) {
    const size_t unit = std::string("KMGT").find(s.back());
    if (unit == std::string::npos) return bad();
    shift = 10 * static_cast<int>(unit + 1);
    s.pop_back();
  }
  double value;
  if (s.empty() || !absl::SimpleAtod(s, &value) || !(value >= 0) ||
      value * static_cast<double>(1ull << shift) >= 1.8e19) {
    return bad();
  }
  return static_cast<uint64_t>(value * static_cast<double>(1ull << shift));
}

absl::Status CheckMemoryLimit(const MemoryEstimate& estimate, uint64_t limit) {
  if (limit == 0 || estimate.total() <= limit) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "this run needs about ", FormatBytes(estimate.total()),
      ", more than the memory limit (max_memory) of ", FormatBytes(limit), " (",
      estimate.Summary(), "); lower TrainConfig::dim",
      estimate.ngrams ? ", SubwordOptions::bucket" : "",
      " or the vocabulary size "
      "(VocabOptions::min_count, VocabOptions::max_vocab)",
      estimate.per_thread * estimate.threads > estimate.matrices
          ? ", or use fewer TrainConfig::threads"
          : "",
      ", or raise the memory limit"));
}

}  // namespace nce2vec
