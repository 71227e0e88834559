// Checkpoints of a training run: everything needed to continue it exactly
// (the model, the vocabulary, the trainer's state, the settings it was
// started with), written atomically.
//
// File format (version 1), little-endian:
//   magic "NCE2VECK", u32 version,
//   then sections, each: u32 tag, u64 payload bytes, payload,
//   u32 CRC-32 (zlib) of the payload; in this order:
//     "CONF" settings: u32 n, then n x (string name, string value)
//     "VOCB" vocabulary: u32 n, then n x (string word, i64 count)
//     "STAT" trainer state: f64 seconds, u64 corpus bytes,
//            u32 workers x (i32 epoch,
//            i64 sentences, 4 x u64 rng, f32 lr, i64 unpublished words,
//            i64 published words, f64 loss, i64 pairs, u8 finished),
//            u32 points x (f64 seconds, i64 words, f64 loss, i64 pairs)
//     "INPT", "OUTP" matrices: u64 rows, u32 dim, rows x dim f32
//     "BIAS" output biases: u64 n, n x f32 (n = 0 without biases)
//     "END " (empty)
//   A string is a u32 length and its bytes.
// The file is written beside its destination and renamed into place
// (src/util/atomic_file.h), so a crash or a second interrupt mid-write leaves
// the previous checkpoint whole.
#ifndef NCE2VEC_TRAINER_CHECKPOINT_H_
#define NCE2VEC_TRAINER_CHECKPOINT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/model/embedding_model.h"
#include "src/trainer/trainer.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

inline constexpr uint32_t kCheckpointVersion = 1;

// (flag name, value) pairs: the command line's settings, which a resume
// must not contradict.
using CheckpointSettings = std::vector<std::pair<std::string, std::string>>;

struct Checkpoint {
  CheckpointSettings settings;
  Vocab vocab;
  EmbeddingModel model;
  TrainState state;
};

absl::Status WriteCheckpoint(const std::string& path,
                             const CheckpointSettings& settings,
                             const Vocab& vocab, const EmbeddingModel& model,
                             const TrainState& state);

// Fails, naming the file, on a wrong magic or version, a truncated file, a
// checksum mismatch or inconsistent sizes.
absl::StatusOr<Checkpoint> ReadCheckpoint(const std::string& path);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_CHECKPOINT_H_
