#include "src/distributed/world.h"

#include <cstdlib>

#if NCE2VEC_HAVE_MPI
#include "src/distributed/mpi/mpi_world.h"
#endif

namespace nce2vec {

bool LaunchedAsParallelJob() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

std::string MpiDescription() {
#if NCE2VEC_HAVE_MPI
  return MpiLibraryVersion();
#else
  return "no";
#endif
}

absl::StatusOr<std::unique_ptr<Communicator>> JoinProcesses() {
  if (!LaunchedAsParallelJob()) return std::make_unique<SingleProcess>();
#if NCE2VEC_HAVE_MPI
  return JoinMpiWorld();
#else
  return absl::FailedPreconditionError(
      "started by an MPI launcher (mpirun), but this nce2vec was built "
      "without MPI: every process would train the whole run alone; rebuild "
      "with Open MPI installed (libopenmpi-dev) or run without mpirun");
#endif
}

}  // namespace nce2vec
