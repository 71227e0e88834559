// A cache of finished reference runs (the objectives whose scores are
// exactly normalised, Normalisation::kExact: the full softmax), which are
// most of a bench's time. An entry holds the trained model and its training
// figures; a bench that needs the same run again takes the model from the
// cache and scores it afresh on its own held-out corpus and evaluation
// sets, so only what changes the trained model is in the key:
//   - the build: the version string and the SHA-256 of the running binary
//     (any rebuild retrains, since code changes what a run computes);
//   - the training corpus, by the SHA-256 of each file's content;
//   - the vocabulary, by the SHA-256 of its words and counts (which covers
//     the flags that shape it: min_count, max_vocab, read_vocab);
//   - every setting of ForEachSetting (train_config.h) at full precision,
//     so a setting added there is in the key, except those a resumed run
//     may change (they steer checks, not what is computed) and those the
//     run's objective ignores by its registry entry (noise words, in-batch
//     negatives, a margin), which are keyed at their defaults.
// The entry is DIR/reference-<SHA-256 of the key>.ckpt, a training
// checkpoint (checkpoint.h: CRC-32 per section, written to a temporary file
// and renamed into place) whose notes also hold the key's full text and the
// training figures. A damaged entry, or one whose stored key differs from
// the one asked for, is an error naming the file, never a silent reference;
// deleting the file makes the next bench retrain.
#ifndef NCE2VEC_BENCH_REFERENCE_CACHE_H_
#define NCE2VEC_BENCH_REFERENCE_CACHE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/bench/bench_result.h"
#include "src/bench/peak_memory.h"
#include "src/model/embedding_model.h"
#include "src/trainer/train_config.h"
#include "src/trainer/trainer.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

struct ReferenceKey {
  std::string text;    // what the run depends on, one item per line
  std::string digest;  // SHA-256 of text, lowercase hex
};

// `build` identifies the binary (see above).
ReferenceKey ReferenceKeyFor(const TrainConfig& config,
                             const std::vector<InputFile>& train_files,
                             const Vocab& vocab, absl::string_view build);

// "version 0.1.0 binary <SHA-256 of /proc/self/exe>".
absl::StatusOr<std::string> RunningBinaryIdentity(absl::string_view version);

struct CachedRun {
  std::string path;
  EmbeddingModel model;
  TrainResult train;
  PeakMemory peak;
};

class ReferenceCache {
 public:
  explicit ReferenceCache(std::string dir) : dir_(std::move(dir)) {}

  std::string PathFor(const ReferenceKey& key) const;

  // nullopt when there is no entry for `key`; an error naming the entry's
  // file when it cannot be read whole, or holds another key or vocabulary.
  absl::StatusOr<std::optional<CachedRun>> Find(const ReferenceKey& key,
                                                const Vocab& vocab) const;

  // Stores a finished run of `config` on the corpus of `corpus_files`.
  absl::Status Store(const ReferenceKey& key, const TrainConfig& config,
                     const std::vector<std::string>& corpus_files,
                     const Vocab& vocab, const EmbeddingModel& model,
                     const TrainResult& train, const PeakMemory& peak) const;

 private:
  std::string dir_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_REFERENCE_CACHE_H_
