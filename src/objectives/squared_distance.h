// Scratch rows for the distance-based objectives, whose updates read the
// output rows they write.
#ifndef NCE2VEC_OBJECTIVES_SQUARED_DISTANCE_H_
#define NCE2VEC_OBJECTIVES_SQUARED_DISTANCE_H_

#include <cstdint>

#include "src/model/matrix.h"

namespace nce2vec {

// Makes `copy` hold at least `rows` rows of `stride` floats. Workspaces learn
// the row stride only at their first Step, so this allocates then (sized for
// the workspace's largest batch) and never again.
inline void EnsureRows(Matrix& copy, int64_t rows, int64_t stride) {
  if (copy.rows() < rows || copy.stride() != stride) copy = Matrix(rows, stride);
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_SQUARED_DISTANCE_H_
