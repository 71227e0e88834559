// Checkpoints of a training run: everything needed to continue it exactly
// (the settings, the corpus, the vocabulary, the model and the trainer's
// state), written atomically. Resuming is a library call:
//
//   ASSIGN_OR_RETURN(Checkpoint ckpt, ReadCheckpoint(path));
//   ASSIGN_OR_RETURN(Corpus corpus, Corpus::Open(ckpt.corpus_files));
//   Train(ckpt.config, corpus, ckpt.vocab, ckpt.model, hooks, &ckpt.state);
//
// File format (version 3), every number little-endian:
//   magic "NCE2VECK", u32 version,
//   then sections, each: 4-byte tag, u64 payload bytes, payload,
//   u32 CRC-32 (zlib) of the payload; in this order:
//     "CONF" the TrainConfig: u32 n, then n x (string name, string value),
//            one per setting of ForEachSetting (train_config.h), named as
//            there ("TrainConfig::dim"); a value holds the field's bytes
//            (i32, i64, u64, f64, f32, u8 for bool, u32 for an enum, or
//            the string's own bytes); the subword settings may be absent
//            (a file written before them: no n-grams)
//     "CORP" the corpus files: u32 n, n x string
//     "NOTE" the application's notes: u32 n, n x (string name, string value)
//     "VOCB" vocabulary: u32 n, then n x (string word, i64 count)
//     "STAT" trainer state: f64 seconds, u64 corpus bytes, u32 workers x
//            (the WorkerState fields in the order of checkpoint.cc's list,
//            the RNG as 4 x u64, a bool as u8), u32 points x (f64 seconds,
//            i64 words, f64 loss, i64 pairs), then per worker its spread
//            batches' cursors: i32 next cursor, u32 n x (i64 sentences,
//            RNG, i32 position, u8 done), n = 0 unless the objective has
//            in-batch negatives and TrainConfig::in_batch_cursors > 1; a
//            run of several processes (src/distributed/) stores processes x
//            TrainConfig::threads workers, in the order of their shards
//     "INPT", "OUTP" matrices: u64 rows, u32 dim, rows x dim f32; INPT has
//            a row per word, then the n-gram buckets' rows when the
//            settings have n-grams; OUTP the objective's output_rows
//            (registry.h)
//     "BIAS" output biases: u64 n, n x f32 (n = 0 without biases)
//     "END " (empty)
//   A string is a u32 length and its bytes.
// Reading checks every size against the file's before allocating.
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
#include "src/trainer/train_config.h"
#include "src/trainer/trainer.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

inline constexpr uint32_t kCheckpointVersion = 3;

// (name, value) pairs an application stores with a run and gets back on
// resuming it, e.g. where the command line writes the run's outputs. The
// library keeps them and reads nothing into them.
using CheckpointNotes = std::vector<std::pair<std::string, std::string>>;

struct Checkpoint {
  TrainConfig config;
  std::vector<std::string> corpus_files;  // as given to Corpus::Open
  Vocab vocab;
  EmbeddingModel model;
  TrainState state;
  CheckpointNotes notes;
};

// REQUIRES: `model` and `state` from Train() with `config` on `vocab` and
// the corpus of `corpus_files`.
absl::Status WriteCheckpoint(const std::string& path, const TrainConfig& config,
                             const std::vector<std::string>& corpus_files,
                             const Vocab& vocab, const EmbeddingModel& model,
                             const TrainState& state,
                             const CheckpointNotes& notes = {});

// Fails, naming the file, on a wrong magic or version (an older version is
// refused, not converted), a truncated file, a checksum mismatch, a size
// the file cannot hold, or settings that do not validate or do not match
// the model.
absl::StatusOr<Checkpoint> ReadCheckpoint(const std::string& path);

// A TrainState as the checkpoint's "STAT" section holds it, for sending it
// from one process to another; decoding checks every size, as reading does.
std::string EncodeTrainState(const TrainState& state);
absl::StatusOr<TrainState> DecodeTrainState(absl::string_view bytes);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_CHECKPOINT_H_
