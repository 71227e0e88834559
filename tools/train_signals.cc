#include "tools/train_signals.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>

#include "src/util/atomic_file.h"

namespace nce2vec {
namespace {

// Lock-free atomics are safe to touch from a signal handler.
std::atomic<bool> g_stop{false};
std::atomic<int> g_signals{0};
std::atomic<bool> g_announce{true};
struct sigaction g_previous_int;
struct sigaction g_previous_term;
struct sigaction g_previous_usr1;

void Say(const char* message) {
  if (!g_announce.load()) return;
  // write(2) is async-signal-safe; stdio is not.
  const ssize_t ignored = write(STDERR_FILENO, message, std::strlen(message));
  (void)ignored;
}

void OnSignal(int) {
  if (g_signals.fetch_add(1) > 0) {
    Say("\nnce2vec train: interrupted again: exiting now; the previous "
        "checkpoint and outputs are untouched\n");
    RemoveAtomicFileTemporaries();
    _exit(130);
  }
  g_stop.store(true);
  Say("\nnce2vec train: interrupted: stopping at the next safe point to "
      "write a checkpoint; interrupt again to exit at once\n");
}

}  // namespace

static_assert(std::atomic<bool>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);

TrainSignals::TrainSignals(bool announce) {
  g_stop.store(false);
  g_signals.store(0);
  g_announce.store(announce);
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
  sigaction(SIGUSR1, &action, &g_previous_usr1);
}

TrainSignals::~TrainSignals() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  sigaction(SIGUSR1, &g_previous_usr1, nullptr);
}

const std::atomic<bool>& TrainSignals::stop() const { return g_stop; }

}  // namespace nce2vec
