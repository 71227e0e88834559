// The processes that train one run together, and the collective operations
// the run needs from them (MPI underneath; see world.h).
//
// Every operation is collective: every process calls it, in the same order,
// with matching sizes, and it returns once every process has called it.
// Errors come back as a Status (the MPI library's message), never as an
// abort. Not thread-safe: one thread at a time may call a Communicator (MPI
// is initialised for MPI_THREAD_SERIALIZED).
#ifndef NCE2VEC_DISTRIBUTED_COMMUNICATOR_H_
#define NCE2VEC_DISTRIBUTED_COMMUNICATOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace nce2vec {

class Communicator {
 public:
  virtual ~Communicator() = default;

  // This process's number, 0 to size() - 1; rank 0 writes the run's files.
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // sum[i] = the sum over processes of mine[i], on every process (in the
  // order of additions the MPI library chooses).
  // REQUIRES: mine and sum do not overlap.
  virtual absl::Status SumFloats(const float* mine, float* sum, size_t n) = 0;
  // Every process's values, in rank order: all[r * mine.size() + i].
  virtual absl::Status AllGather(absl::Span<const int64_t> mine,
                                 std::vector<int64_t>& all) = 0;
  // At rank 0, every process's bytes in rank order; elsewhere nothing.
  virtual absl::StatusOr<std::vector<std::string>> Gather(
      absl::string_view mine) = 0;
  // Rank 0's bytes, on every process.
  virtual absl::Status Broadcast(std::string& bytes) = 0;
};

// A run of one process: every operation returns this process's own data.
class SingleProcess : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  absl::Status SumFloats(const float* mine, float* sum, size_t n) override;
  absl::Status AllGather(absl::Span<const int64_t> mine,
                         std::vector<int64_t>& all) override;
  absl::StatusOr<std::vector<std::string>> Gather(
      absl::string_view mine) override;
  absl::Status Broadcast(std::string& bytes) override;
};

// Every process's `mine`, agreed on: OK if OK on every process, otherwise
// the same failure on every process, so that every one exits with the same
// code: the lowest failing rank's code and message, the message prefixed
// by "rank 1 of 4: " ("... (and 2 more ranks failed)" when others did),
// or alone when every process failed with the same code and message.
// The failure carries a mark IsAgreed() sees. A run of one process gets
// `mine` back unchanged.
//
// A process that fails between two collective operations calls Agree with
// its failure, and every collective step of a run begins with Agree: the
// other processes then learn of the failure at their next step instead of
// waiting for a partner that has left.
absl::Status Agree(Communicator& comm, const absl::Status& mine);

// Whether `status` came out of Agree (failed on every process alike).
bool IsAgreed(const absl::Status& status);

// Fails on every process unless `bytes` is the same on every process;
// `what` names it in the message ("the vocabulary").
absl::Status CheckSameEverywhere(Communicator& comm, absl::string_view what,
                                 absl::string_view bytes);

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_COMMUNICATOR_H_
