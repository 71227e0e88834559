// When the processes of a run merge their copies of the model, and which
// rows (Ji et al. 2016, pWord2Vec).
//
// Word ids run in descending count (vocab.h), so the first rows belong to
// the most frequent words: they are updated most often and their copies
// drift apart fastest. Sync k (counting from 1) merges the first
// sync_rows * 2^z rows, z the number of trailing zero bits of k: sync_rows
// rows every time, twice as many every second sync, four times as many every
// fourth, and so on up to the whole vocabulary; row i is merged about
// every i / sync_rows syncs. Under Zipf's law a word's count falls as 1/i,
// so every row sees about as many updates between two of its merges.
#ifndef NCE2VEC_DISTRIBUTED_SYNC_SCHEDULE_H_
#define NCE2VEC_DISTRIBUTED_SYNC_SCHEDULE_H_

#include <cstdint>

#include "absl/status/status.h"

namespace nce2vec {

struct SyncOptions {
  // Seconds from the end of one sync to the start of the next.
  double sync_seconds = 0.1;
  // Rows merged at every sync (the most frequent words'); the schedule
  // doubles from there.
  int64_t sync_rows = 1024;
  // Merge by averaging the processes' copies (pWord2Vec) rather than by
  // adding up their changes (model_merger.h).
  bool sync_average = false;

  // Messages name the fields: "SyncOptions::sync_seconds must be ...".
  absl::Status Validate() const;
};

// The rows [0, n) that sync `sync` (from 1) merges.
// REQUIRES: sync >= 1, sync_rows >= 1, vocab_size >= 0.
int64_t ScheduledRows(uint64_t sync, int64_t sync_rows, int64_t vocab_size);

// ScheduledRows averaged over many syncs: sum over z >= 0 of
// min(sync_rows * 2^z, vocab_size) / 2^(z+1); for the scaling model.
double MeanScheduledRows(int64_t sync_rows, int64_t vocab_size);

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_SYNC_SCHEDULE_H_
