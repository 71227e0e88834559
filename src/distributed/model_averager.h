// Averages rows of a model over the processes of a run while the model's
// workers go on training it (the race is documented at the top of
// src/trainer/trainer.cc).
//
// The rows go in chunks of at most kChunkFloats: each chunk is copied out,
// summed over the processes (MPI_Allreduce) and written back as the average
// plus whatever the workers changed since the copy, element by element:
//   x = x_now == copy ? average : average + (x_now - copy)
// so no update made during the sync is lost to it (short of the element's
// own read-write race), and with no worker running every process ends with
// the exact average. Input rows, output rows and output biases of the same
// words travel together.
//
// Not thread-safe; one thread (the companion's) averages.
#ifndef NCE2VEC_DISTRIBUTED_MODEL_AVERAGER_H_
#define NCE2VEC_DISTRIBUTED_MODEL_AVERAGER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "src/distributed/communicator.h"
#include "src/model/embedding_model.h"

namespace nce2vec {

class ModelAverager {
 public:
  // 4 MiB a chunk: large enough for the allreduce to run at full bandwidth,
  // small enough that its two buffers cost little memory.
  static constexpr size_t kChunkFloats = size_t{1} << 20;

  // `model` must outlive the averager.
  ModelAverager(Communicator& comm, EmbeddingModel& model);

  // Averages input rows [0, input_rows) and output rows and biases
  // [0, output_rows). Collective: every process calls it with the same rows.
  absl::Status Average(int64_t input_rows, int64_t output_rows);

  // Floats this process has put into sums so far (4 bytes each).
  uint64_t floats() const { return floats_; }

 private:
  // Rows of one matrix (or of the biases: stride 1, 1 column).
  struct Segment {
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

  absl::Status SumChunk();

  Communicator& comm_;
  EmbeddingModel& model_;
  std::vector<float> copy_;
  std::vector<float> sum_;
  std::vector<Piece> pieces_;
  size_t used_ = 0;  // floats of copy_ filled
  uint64_t floats_ = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_MODEL_AVERAGER_H_
