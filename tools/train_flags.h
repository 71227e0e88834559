// The training flags, shared by `train` and `bench`.
#ifndef NCE2VEC_TOOLS_TRAIN_FLAGS_H_
#define NCE2VEC_TOOLS_TRAIN_FLAGS_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "src/corpus/corpus.h"
#include "src/trainer/train_config.h"
#include "src/vocab/vocab.h"
#include "tools/command.h"

ABSL_DECLARE_FLAG(std::string, model);
ABSL_DECLARE_FLAG(std::string, objective);
ABSL_DECLARE_FLAG(int32_t, dim);
ABSL_DECLARE_FLAG(int32_t, window);
ABSL_DECLARE_FLAG(int32_t, negatives);
ABSL_DECLARE_FLAG(double, sample);
ABSL_DECLARE_FLAG(int32_t, epochs);
ABSL_DECLARE_FLAG(double, lr);
ABSL_DECLARE_FLAG(uint64_t, seed);
ABSL_DECLARE_FLAG(double, noise_power);
ABSL_DECLARE_FLAG(bool, shared_negatives);
ABSL_DECLARE_FLAG(bool, logq_correction);
ABSL_DECLARE_FLAG(double, margin);
ABSL_DECLARE_FLAG(std::string, mining);
ABSL_DECLARE_FLAG(double, embedding_l2);
ABSL_DECLARE_FLAG(std::string, output_bias);
ABSL_DECLARE_FLAG(std::string, read_vocab);
ABSL_DECLARE_FLAG(int32_t, minn);
ABSL_DECLARE_FLAG(int32_t, maxn);
ABSL_DECLARE_FLAG(int64_t, bucket);
ABSL_DECLARE_FLAG(std::string, max_memory);

namespace nce2vec {

// The training flags above, with --max_norm.
const FlagGroup& TrainFlags();

// The validated configuration the flags describe (with --threads), its
// output bias decided by OutputBiasFromFlags.
absl::StatusOr<TrainConfig> TrainConfigFromFlags();
// Whether the model gets output biases: --output_bias=auto gives them to the
// objectives whose registry entry asks for them (default_output_bias).
absl::StatusOr<bool> OutputBiasFromFlags(const TrainConfig& config);
// How a vocabulary is counted: Vocab::Build, or by several processes
// together (src/distributed/shared_vocab.h).
using VocabBuilder = std::function<absl::StatusOr<Vocab>(
    const Corpus&, const VocabOptions&, VocabStats*)>;
// The vocabulary of --read_vocab, else counted from `corpus` with the corpus
// flags by `build`; says which on `log`.
absl::StatusOr<Vocab> LoadOrBuildVocab(const Corpus& corpus,
                                       const VocabBuilder& build = Vocab::Build,
                                       std::FILE* log = stderr);
// --max_memory in bytes; 0 means no limit.
absl::StatusOr<uint64_t> MaxMemoryFromFlags();
// Prints the memory a run will need on `log` and refuses it if it exceeds
// --max_memory; `merging_bytes`: what training across processes adds
// (MemoryEstimate::merging). Call before the model is allocated.
absl::Status CheckMemory(const TrainConfig& config, const Vocab& vocab,
                         bool output_bias, std::FILE* log = stderr,
                         uint64_t merging_bytes = 0);

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_TRAIN_FLAGS_H_
