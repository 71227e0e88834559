#include "src/distributed/run_state.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/trainer/checkpoint.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// Rank 0: copies each process's own workers out of its state.
absl::Status TakeWorkers(const std::vector<std::string>& parts, int threads,
                         TrainState& state) {
  const size_t workers = parts.size() * threads;
  for (size_t rank = 1; rank < parts.size(); ++rank) {
    ASSIGN_OR_RETURN(const TrainState theirs, DecodeTrainState(parts[rank]));
    if (theirs.workers.size() != workers || state.workers.size() != workers) {
      return absl::InternalError(
          absl::StrCat("rank ", rank, " sent the state of ",
                       theirs.workers.size(), " workers, rank 0 holds ",
                       state.workers.size(), "; expected ", workers));
    }
    std::copy_n(theirs.workers.begin() + rank * threads, threads,
                state.workers.begin() + rank * threads);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status GatherWorkerStates(Communicator& comm, int threads,
                                TrainState& state) {
  if (comm.size() == 1) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<std::string> parts,
                   comm.Gather(EncodeTrainState(state)));
  absl::Status status;
  if (comm.rank() == 0) status = TakeWorkers(parts, threads, state);
  return Agree(comm, status);
}

}  // namespace nce2vec
