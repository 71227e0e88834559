// What a training run will hold in memory, computed from the configuration
// and the vocabulary before anything large is allocated, so that a run too
// big for the machine (or for a memory limit) is refused at once rather than
// swapping or being killed hours in.
//
// The figures follow the data structures byte for byte where they are
// large (the matrices, the per-word tables) and use measured constants for
// the rest (hash-table slack, the process's code and libraries). The
// vocabulary counting pass that precedes training is not included: it is
// over by the time the vocabulary size is known.
#ifndef NCE2VEC_TRAINER_MEMORY_ESTIMATE_H_
#define NCE2VEC_TRAINER_MEMORY_ESTIMATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/trainer/train_config.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

struct MemoryEstimate {
  // Input and output vectors, output biases; with n-grams also the buckets'
  // rows and the words' composed vectors.
  uint64_t matrices = 0;
  uint64_t vocabulary = 0;  // words, counts, word index, n-gram rows' index
  uint64_t tables = 0;      // noise sampler, subsampling, objective tables
  uint64_t per_thread = 0;  // one worker's buffers and workspace
  int threads = 0;
  uint64_t process = 0;  // code, libraries, OpenBLAS, output buffers
  // Training across processes (src/distributed/): the model as last merged
  // and the merge's buffers. Set by the caller; 0 for one process.
  uint64_t merging = 0;
  bool ngrams = false;   // the run has n-gram rows (SubwordOptions::bucket)

  uint64_t total() const {
    return matrices + vocabulary + tables + per_thread * threads + process +
           merging;
  }
  // "estimated memory 1.21 GiB: matrices 1.12 GiB, vocabulary 41.2 MiB, ..."
  std::string Summary() const;
};

// Builds the run's objective (and its noise sampler) to ask it for its
// workspace, so it fails only where training would: an empty vocabulary.
// REQUIRES: config.Validate() is ok.
absl::StatusOr<MemoryEstimate> EstimateTrainingMemory(const TrainConfig& config,
                                                      const Vocab& vocab,
                                                      bool output_bias);

// Parses a size such as "4G", "512M", "100k" or "123456" (bytes); the
// suffixes K, M, G, T (either case, an optional trailing "B" or "iB") are
// powers of 1024. "0" means no limit. Errors call it the memory limit
// (max_memory).
absl::StatusOr<uint64_t> ParseMemorySize(absl::string_view text);

// Fails with ResourceExhausted, giving both figures and what uses the most,
// when limit > 0 and the estimate exceeds it.
absl::Status CheckMemoryLimit(const MemoryEstimate& estimate, uint64_t limit);

// "512.0 MiB", "1.21 GiB".
std::string FormatBytes(uint64_t bytes);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_MEMORY_ESTIMATE_H_
