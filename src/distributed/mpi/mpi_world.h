// The MPI side of world.h, compiled only in a build with MPI
// (NCE2VEC_HAVE_MPI).
#ifndef NCE2VEC_DISTRIBUTED_MPI_MPI_WORLD_H_
#define NCE2VEC_DISTRIBUTED_MPI_MPI_WORLD_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "src/distributed/communicator.h"

namespace nce2vec {

// MPI_Init_thread (MPI_THREAD_SERIALIZED: training calls MPI from one
// thread at a time, the companion's while it runs), then MPI_COMM_WORLD
// with errors returned rather than fatal. MPI_Finalize when destroyed.
// REQUIRES: called at most once per process.
absl::StatusOr<std::unique_ptr<Communicator>> JoinMpiWorld();

// The first line of MPI_Get_library_version, e.g. "Open MPI v4.1.4".
std::string MpiLibraryVersion();

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_MPI_MPI_WORLD_H_
