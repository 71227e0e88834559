// The peak resident memory of one stage of the process (a training run),
// not of the whole process so far.
//
// Linux keeps the peak in /proc/self/status (VmHWM) and lets a process reset
// it to the current resident size by writing "5" to /proc/self/clear_refs
// (since Linux 4.0). Where that fails, the figure falls back to getrusage's
// ru_maxrss, the peak since the process started, and says so.
#ifndef NCE2VEC_BENCH_PEAK_MEMORY_H_
#define NCE2VEC_BENCH_PEAK_MEMORY_H_

#include <string>

namespace nce2vec {

struct PeakMemory {
  double mib = 0;
  // "VmHWM reset per run" or "ru_maxrss (peak since the process started)".
  std::string source;
};

class PeakMemoryMeter {
 public:
  // Starts a stage: resets the kernel's peak if it can.
  void Start();
  // The peak since Start().
  PeakMemory Read() const;

 private:
  bool reset_ = false;
};

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_PEAK_MEMORY_H_
