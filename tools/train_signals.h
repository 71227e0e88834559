// SIGINT, SIGTERM and SIGUSR1 while training. The first asks the trainer to
// stop at its next safe point (a publish point with no batch under way),
// after which `nce2vec train` writes a checkpoint and exits; the second
// exits at once with status 130. SIGUSR1 is for runs under mpirun, which
// forwards it to every process, while it turns SIGINT and SIGTERM into
// killing them (README, cluster section). Every file is written as a temporary
// file renamed into place (src/util/atomic_file.h), so exiting mid-write leaves
// the previous checkpoint and outputs whole; the temporary files are removed.
#ifndef NCE2VEC_TOOLS_TRAIN_SIGNALS_H_
#define NCE2VEC_TOOLS_TRAIN_SIGNALS_H_

#include <atomic>

namespace nce2vec {

// Installs the handlers for its lifetime; the previous ones are restored
// by the destructor. One at a time.
class TrainSignals {
 public:
  // `announce`: say on stderr what a signal does (rank 0 of a run across
  // processes speaks for all).
  explicit TrainSignals(bool announce = true);
  ~TrainSignals();
  TrainSignals(const TrainSignals&) = delete;
  TrainSignals& operator=(const TrainSignals&) = delete;

  // Set by the first signal; for TrainHooks::stop.
  const std::atomic<bool>& stop() const;
  bool interrupted() const { return stop().load(); }
};

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_TRAIN_SIGNALS_H_
