#include "src/trainer/memory_estimate.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/model/embedding_model.h"
#include "src/objectives/in_batch.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

// The index is an absl::flat_hash_map<string_view, int32_t>: 24-byte slots
// plus one control byte, at a load factor between 7/16 and 7/8; 1.5 slots
// per word is the average over vocabulary sizes.
constexpr double kIndexBytesPerWord = 1.5 * (24 + 1);
// Per word: the alias sampler (8-byte bucket, double and float
// probabilities), the subsampling keep probability, and at most one float
// table in an objective (nce's log k Pn(w), infonce's log Pn(w)).
constexpr uint64_t kTableBytesPerWord = 8 + 8 + 4 + 4 + 4;
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

// One worker: the batch builder (hidden vectors and their gradients), the
// sentence, the reader, and the objective's workspace.
uint64_t PerThreadBytes(const TrainConfig& config, int64_t vocab_size) {
  const ObjectiveInfo* info = FindObjective(config.objective);
  const uint64_t row_bytes = PaddedStride(config.dim) * sizeof(float);
  const uint64_t window = 2 * static_cast<uint64_t>(config.window);
  const uint64_t k = static_cast<uint64_t>(config.objective_options.negatives);
  // As the trainer forms batches (src/trainer/trainer.cc).
  uint64_t rows = config.model == ModelType::kSkipGram ? window : 1;
  if (info->vocab_sized_rows > 0) {
    rows = info->vocab_sized_rows;
  } else if (!info->sampled) {
    rows = kInBatchRows;
  }
  const uint64_t positives = rows * window;
  uint64_t workspace;
  if (info->vocab_sized_rows > 0) {
    workspace = rows * static_cast<uint64_t>(vocab_size) * sizeof(float);
  } else if (info->sampled) {
    // rows x (k+1) logits, gradients and row pointers, the noise ids, and
    // (the distance losses) a snapshot of the target rows.
    workspace = rows * (k + 1) * (4 + 4 + 8) + rows * k * 4 +
                (rows * (k + 1) + k) * row_bytes;
  } else {
    // rows x positives scores, coefficients and masks, and a snapshot of
    // the positives' output rows.
    workspace = rows * positives * (4 + 4 + 1) + positives * (row_bytes + 16);
  }
  const uint64_t builder =
      2 * rows * row_bytes + (rows + 1) * 8 + (rows * window + positives) * 4;
  return builder + kMaxSentenceTokens * 4 + window * 4 + kReaderBytes +
         workspace;
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

MemoryEstimate EstimateTrainingMemory(const TrainConfig& config,
                                      const Vocab& vocab, bool output_bias) {
  MemoryEstimate estimate;
  estimate.matrices =
      EmbeddingModel::MemoryBytes(vocab.size(), config.dim, output_bias);
  estimate.vocabulary = VocabularyBytes(vocab);
  estimate.tables = static_cast<uint64_t>(vocab.size()) * kTableBytesPerWord;
  estimate.per_thread = PerThreadBytes(config, vocab.size());
  estimate.threads = config.threads;
  estimate.process = kProcessBytes;
  return estimate;
}

absl::StatusOr<uint64_t> ParseMemorySize(absl::string_view text) {
  const auto bad = [text] {
    return absl::InvalidArgumentError(absl::StrCat(
        "--max_memory must be a size such as 4G, 512M or 0 (no limit), got '",
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
      ", more than --max_memory=", FormatBytes(limit), " (", estimate.Summary(),
      "); lower --dim or the vocabulary size (--min_count, --max_vocab)",
      estimate.per_thread * estimate.threads > estimate.matrices
          ? ", or use fewer --threads"
          : "",
      ", or raise --max_memory"));
}

}  // namespace nce2vec
