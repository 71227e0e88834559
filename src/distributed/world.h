// How this process takes part in a training run: alone, or as one of the
// processes an MPI launcher (mpirun) started.
#ifndef NCE2VEC_DISTRIBUTED_WORLD_H_
#define NCE2VEC_DISTRIBUTED_WORLD_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "src/distributed/communicator.h"

namespace nce2vec {

// Whether a launcher started this process as one of a parallel job: Open
// MPI's mpirun sets OMPI_COMM_WORLD_SIZE, PMIx launchers (Slurm's
// srun --mpi=pmix, prterun) PMIX_RANK.
bool LaunchedAsParallelJob();

// "Open MPI v4.1.4" (the MPI library this nce2vec was built with), or "no"
// for a build without MPI; for --version.
std::string MpiDescription();

// The processes of this run. Launched as one of a parallel job, it
// initialises MPI and returns MPI_COMM_WORLD's processes, finalising MPI
// when destroyed; otherwise a SingleProcess, and MPI is never touched: Open
// MPI 4.1 can initialise a process started without mpirun (a "singleton",
// silently, also as root), but that costs about 0.45 s, starts a helper
// process and installs MPI's own signal handlers.
// Fails when this build has no MPI but a launcher started it (each process
// would train the whole run alone and all would write the same files), or
// when MPI cannot be initialised.
absl::StatusOr<std::unique_ptr<Communicator>> JoinProcesses();

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_WORLD_H_
