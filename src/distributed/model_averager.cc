#include "src/distributed/model_averager.h"

#include <algorithm>
#include <cstring>

#include "src/util/status_macros.h"

namespace nce2vec {

ModelAverager::ModelAverager(Communicator& comm, EmbeddingModel& model)
    : comm_(comm), model_(model) {}

absl::Status ModelAverager::Average(int64_t input_rows, int64_t output_rows) {
  const int64_t dim = model_.dim();
  const Segment segments[] = {
      {model_.input.data(), model_.input.stride(), dim, input_rows},
      {model_.output.data(), model_.output.stride(), dim, output_rows},
      {model_.bias.data(), 1, 1, model_.bias.empty() ? 0 : output_rows},
  };
  const size_t chunk = std::max<size_t>(kChunkFloats, dim);
  copy_.resize(chunk);
  sum_.resize(chunk);
  // The words' input rows, output rows and biases interleaved by blocks of
  // words, so that a small sync is one chunk and one allreduce.
  const int64_t words = std::max(input_rows, output_rows);
  const int64_t floats_per_word = 2 * dim + 1;
  const int64_t block =
      std::max<int64_t>(1, static_cast<int64_t>(chunk) / floats_per_word);
  for (int64_t first = 0; first < words; first += block) {
    for (const Segment& segment : segments) {
      const int64_t rows = std::min(segment.rows, first + block) - first;
      if (rows <= 0) continue;
      for (int64_t r = first; r < first + rows; ++r) {
        std::memcpy(copy_.data() + used_, segment.base + r * segment.stride,
                    segment.cols * sizeof(float));
        used_ += segment.cols;
      }
      pieces_.push_back({&segment, first, rows});
    }
    RETURN_IF_ERROR(SumChunk());
  }
  return absl::OkStatus();
}

absl::Status ModelAverager::SumChunk() {
  RETURN_IF_ERROR(comm_.SumFloats(copy_.data(), sum_.data(), used_));
  floats_ += used_;
  const float scale = 1.0f / static_cast<float>(comm_.size());
  size_t at = 0;
  for (const Piece& piece : pieces_) {
    const Segment& segment = *piece.segment;
    for (int64_t r = piece.first; r < piece.first + piece.rows; ++r) {
      float* row = segment.base + r * segment.stride;
      const float* copy = copy_.data() + at;
      const float* sum = sum_.data() + at;
      for (int64_t j = 0; j < segment.cols; ++j) {
        const float now = row[j];
        const float average = sum[j] * scale;
        row[j] = now == copy[j] ? average : average + (now - copy[j]);
      }
      at += segment.cols;
    }
  }
  pieces_.clear();
  used_ = 0;
  return absl::OkStatus();
}

}  // namespace nce2vec
