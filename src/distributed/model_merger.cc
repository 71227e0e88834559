#include "src/distributed/model_merger.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

absl::StatusOr<Matrix> CopyOf(const Matrix& m) {
  Matrix copy(m.rows(), m.cols());
  if (m.rows() > 0 && copy.data() == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot allocate the ", m.rows(), " x ", m.cols(),
                     " matrix of the rows as last merged across processes"));
  }
  std::memcpy(copy.data(), m.data(), m.bytes());
  return copy;
}

}  // namespace

absl::StatusOr<ModelMerger> ModelMerger::Create(Communicator& comm,
                                                EmbeddingModel& model,
                                                bool average) {
  EmbeddingModel base;
  ASSIGN_OR_RETURN(base.input, CopyOf(model.input));
  ASSIGN_OR_RETURN(base.output, CopyOf(model.output));
  base.bias = model.bias;
  return ModelMerger(comm, model, average, std::move(base));
}

uint64_t ModelMerger::MemoryBytes(int64_t vocab_size, int64_t output_rows,
                                  int dim, bool bias, int64_t ngram_rows) {
  return EmbeddingModel::MemoryBytes(vocab_size, output_rows, dim, bias,
                                     ngram_rows) +
         3 * kChunkFloats * sizeof(float);
}

ModelMerger::ModelMerger(Communicator& comm, EmbeddingModel& model,
                         bool average, EmbeddingModel base)
    : comm_(&comm), model_(&model), average_(average), base_(std::move(base)) {}

absl::Status ModelMerger::Merge(int64_t input_rows, int64_t output_rows) {
  if (input_rows > model_->input.rows() ||
      output_rows > model_->output.rows()) {
    return absl::InternalError(
        absl::StrCat("asked to merge ", input_rows, " input rows and ",
                     output_rows, " output rows of a model with ",
                     model_->input.rows(), " and ", model_->output.rows()));
  }
  const int64_t dim = model_->dim();
  const Segment segments[] = {
      {model_->input.data(), base_.input.data(), model_->input.stride(), dim,
       input_rows},
      {model_->output.data(), base_.output.data(), model_->output.stride(), dim,
       output_rows},
      {model_->bias.data(), base_.bias.data(), 1, 1,
       model_->bias.empty() ? 0 : output_rows},
  };
  const size_t chunk = std::max<size_t>(kChunkFloats, 2 * dim + 1);
  copy_.resize(chunk);
  change_.resize(chunk);
  sum_.resize(chunk);
  // The words' input rows, output rows and biases interleaved by blocks of
  // words, so that a small merge is one chunk and one allreduce.
  const int64_t words = std::max(input_rows, output_rows);
  const int64_t block = static_cast<int64_t>(chunk) / (2 * dim + 1);
  for (int64_t first = 0; first < words; first += block) {
    for (const Segment& segment : segments) {
      const int64_t rows = std::min(segment.rows, first + block) - first;
      if (rows <= 0) continue;
      for (int64_t r = first; r < first + rows; ++r) {
        const float* live = segment.live + r * segment.stride;
        const float* base = segment.base + r * segment.stride;
        float* copy = copy_.data() + used_;
        float* change = change_.data() + used_;
        for (int64_t j = 0; j < segment.cols; ++j) {
          copy[j] = live[j];
          change[j] = copy[j] - base[j];
        }
        used_ += segment.cols;
      }
      pieces_.push_back({&segment, first, rows});
    }
    RETURN_IF_ERROR(MergeChunk());
  }
  return absl::OkStatus();
}

absl::Status ModelMerger::MergeChunk() {
  RETURN_IF_ERROR(comm_->SumFloats(change_.data(), sum_.data(), used_));
  floats_ += used_;
  const float weight =
      average_ ? 1.0f / static_cast<float>(comm_->size()) : 1.0f;
  size_t at = 0;
  for (const Piece& piece : pieces_) {
    const Segment& segment = *piece.segment;
    for (int64_t r = piece.first; r < piece.first + piece.rows; ++r) {
      float* live = segment.live + r * segment.stride;
      float* base = segment.base + r * segment.stride;
      const float* copy = copy_.data() + at;
      const float* sum = sum_.data() + at;
      for (int64_t j = 0; j < segment.cols; ++j) {
        const float merged = base[j] + weight * sum[j];
        base[j] = merged;
        const float now = live[j];
        live[j] = now == copy[j] ? merged : merged + (now - copy[j]);
      }
      at += segment.cols;
    }
  }
  pieces_.clear();
  used_ = 0;
  return absl::OkStatus();
}

}  // namespace nce2vec
