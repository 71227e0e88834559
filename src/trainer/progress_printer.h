// Progress lines on stderr for a training run: refreshed in place on a
// terminal, plain periodic lines otherwise (logs, CI, pipes).
#ifndef NCE2VEC_TRAINER_PROGRESS_PRINTER_H_
#define NCE2VEC_TRAINER_PROGRESS_PRINTER_H_

#include <cstdio>
#include <functional>
#include <string>

#include "src/trainer/trainer.h"

namespace nce2vec {

// "37.5%  words/s/thread 612.3k  lr 0.01562  loss 2.4311  ETA 1m05s", and
// after the rate per thread "  words/s 2.45M (4 processes)" in a run
// across processes.
std::string FormatProgress(const TrainProgress& progress);

// Hooks printing to `out`; `label` prefixes each line (e.g. the objective).
// On a terminal the line is redrawn every second; otherwise a line is
// printed every `interval_seconds`.
TrainHooks ProgressPrinterHooks(std::FILE* out, const std::string& label,
                                double interval_seconds = 10.0);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_PROGRESS_PRINTER_H_
