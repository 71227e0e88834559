#include "src/bench/peak_memory.h"

#include <sys/resource.h>

#include <cstdio>
#include <cstring>

namespace nce2vec {
namespace {

// VmHWM in KiB, or -1.
long ReadVmHwmKib() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  long kib = -1;
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  }
  std::fclose(f);
  return kib;
}

}  // namespace

void PeakMemoryMeter::Start() {
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  reset_ = f != nullptr && std::fputs("5", f) >= 0;
  if (f != nullptr && std::fclose(f) != 0) reset_ = false;
  reset_ = reset_ && ReadVmHwmKib() >= 0;
}

PeakMemory PeakMemoryMeter::Read() const {
  if (reset_) {
    const long kib = ReadVmHwmKib();
    if (kib >= 0) return {kib / 1024.0, "VmHWM reset per run"};
  }
  struct rusage usage;
  std::memset(&usage, 0, sizeof(usage));
  getrusage(RUSAGE_SELF, &usage);
  return {usage.ru_maxrss / 1024.0,
          "ru_maxrss (peak since the process started)"};
}

}  // namespace nce2vec
