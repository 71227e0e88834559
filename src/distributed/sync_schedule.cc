#include "src/distributed/sync_schedule.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace nce2vec {

absl::Status SyncOptions::Validate() const {
  // Below a millisecond the processes would do little but synchronise;
  // above an hour the copies would drift apart for the whole run.
  if (!(sync_seconds >= 0.001 && sync_seconds <= 3600)) {
    return absl::InvalidArgumentError(
        absl::StrCat("SyncOptions::sync_seconds must be in [0.001, 3600], got ",
                     sync_seconds));
  }
  if (sync_rows < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("SyncOptions::sync_rows must be >= 1, got ", sync_rows));
  }
  return absl::OkStatus();
}

int64_t ScheduledRows(uint64_t sync, int64_t sync_rows, int64_t vocab_size) {
  int64_t rows = sync_rows;
  for (int z = std::countr_zero(sync); z > 0 && rows < vocab_size; --z) {
    rows *= 2;
  }
  return std::min(rows, vocab_size);
}

double MeanScheduledRows(int64_t sync_rows, int64_t vocab_size) {
  double mean = 0;
  double share = 0.5;  // of the syncs with exactly z trailing zeros
  int64_t rows = sync_rows;
  while (rows < vocab_size) {
    mean += share * static_cast<double>(rows);
    share /= 2;
    rows *= 2;
  }
  // Every sync with more trailing zeros merges the whole vocabulary.
  return mean + 2 * share * static_cast<double>(vocab_size);
}

}  // namespace nce2vec
