// Merges the changes the processes of a run made to their copies of the
// model, while the model's workers go on training it (the race is
// documented at the top of src/trainer/trainer.cc).
//
// Every process starts from the same model, and keeps a copy of each row as
// it was after the row's last merge: the base, the same on every process.
// A merge sums each process's change since the base (MPI_Allreduce) and
// makes base + sum the new base on every process: every process's updates
// count in full, as every thread's do in one process's Hogwild training.
// With `average` the new base is base + sum / processes instead, the mean
// of the copies (pWord2Vec's model averaging, Ji et al. 2016); each
// process's updates then count 1/processes, and on bench.txt that cost
// 7.6 analogy points with 2 processes (README, cluster section).
//
// The rows go in chunks of at most kChunkFloats. What the workers change
// while a chunk is being summed is kept on top of the new base, element by
// element:
//   x = x_now == x_copied ? new_base : new_base + (x_now - x_copied)
// so no update made during a merge is lost to it (short of the element's
// own read-write race), and with no worker running every process ends with
// the new base itself. Input rows, output rows and output biases of the same
// words travel together.
//
// Not thread-safe; one thread (the companion's) merges.
#ifndef NCE2VEC_DISTRIBUTED_MODEL_MERGER_H_
#define NCE2VEC_DISTRIBUTED_MODEL_MERGER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "src/distributed/communicator.h"
#include "src/model/embedding_model.h"

namespace nce2vec {

class ModelMerger {
 public:
  // 4 MiB a chunk: large enough for the allreduce to run at full bandwidth,
  // small enough that its three buffers cost little memory.
  static constexpr size_t kChunkFloats = size_t{1} << 20;

  // Takes `model` as the base. REQUIRES: `model` is the same on every
  // process; it must outlive the merger. Fails if the base's memory (as
  // much as the model's matrices) cannot be allocated.
  static absl::StatusOr<ModelMerger> Create(Communicator& comm,
                                            EmbeddingModel& model,
                                            bool average);

  // The memory Create and Merge take beside the model's own.
  static uint64_t MemoryBytes(int64_t vocab_size, int64_t output_rows, int dim,
                              bool bias, int64_t ngram_rows = 0);

  // Merges input rows [0, input_rows) and output rows and biases
  // [0, output_rows). Collective: every process calls it with the same rows.
  // Fails, merging nothing, if the model has fewer rows.
  absl::Status Merge(int64_t input_rows, int64_t output_rows);

  // Floats this process has put into sums so far (4 bytes each).
  uint64_t floats() const { return floats_; }

 private:
  // Rows of one matrix (or of the biases: stride 1, 1 column), with the
  // base's rows beside them.
  struct Segment {
    float* live;
    float* base;
    int64_t stride;
    int64_t cols;
    int64_t rows;
  };
  // Rows [first, first + rows) of a segment, in a chunk.
  struct Piece {
    const Segment* segment;
    int64_t first;
    int64_t rows;
  };

  ModelMerger(Communicator& comm, EmbeddingModel& model, bool average,
              EmbeddingModel base);
  absl::Status MergeChunk();

  Communicator* comm_;
  EmbeddingModel* model_;
  bool average_;
  EmbeddingModel base_;
  std::vector<float> copy_;    // the live values as the chunk took them
  std::vector<float> change_;  // copy_ - base
  std::vector<float> sum_;     // the processes' changes added up
  std::vector<Piece> pieces_;
  size_t used_ = 0;  // floats of the chunk filled
  uint64_t floats_ = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_MODEL_MERGER_H_
