// The state of a run trained by several processes, for its checkpoint.
#ifndef NCE2VEC_DISTRIBUTED_RUN_STATE_H_
#define NCE2VEC_DISTRIBUTED_RUN_STATE_H_

#include "absl/status/status.h"
#include "src/distributed/communicator.h"
#include "src/trainer/trainer.h"

namespace nce2vec {

// Each process's Train() fills in its own workers of `state` (threads of
// them, from rank * threads); this gathers every process's at rank 0, whose
// `state` then holds them all, in shard order. The other processes' states
// are left as they are. Collective; fails everywhere if it fails anywhere.
absl::Status GatherWorkerStates(Communicator& comm, int threads,
                                TrainState& state);

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_RUN_STATE_H_
