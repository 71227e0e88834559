// Output paths probed before any work: a run that would fail to write its
// result after hours of training fails at once instead.
//
// The probe creates and removes a temporary file in each target's folder,
// which catches what a permission check alone misses (a read-only file
// system, a full quota on inodes, running as root where access() always
// says yes).
#ifndef NCE2VEC_TOOLS_TRAIN_OUTPUTS_H_
#define NCE2VEC_TOOLS_TRAIN_OUTPUTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace nce2vec {

struct OutputPath {
  std::string flag;  // without the leading "--"
  std::string path;  // "" when the output is not asked for
};

// Fails, naming the flag and the path, when a path is a folder, its folder
// is missing, a file cannot be created there, or two flags name the same
// file. Empty paths are skipped.
absl::Status ProbeOutputPaths(const std::vector<OutputPath>& outputs);

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_TRAIN_OUTPUTS_H_
