// Fuzzes the word2vec vector file reader (src/model/vectors_io.h) in one
// format, NCE2VEC_FUZZ_FORMAT (kText or kBinary; one target each, see
// CMakeLists.txt). Whatever it accepts must be well-formed vectors, and a
// file read whole must also read with a limit of one word.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "fuzz/scratch_file.h"
#include "src/model/vectors_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nce2vec::fuzz::Check;
  static nce2vec::fuzz::ScratchFile* const file =
      new nce2vec::fuzz::ScratchFile();
  file->Write(data, size);
  nce2vec::ReadVectorsOptions options;
  options.format = nce2vec::VectorFormat::NCE2VEC_FUZZ_FORMAT;
  const absl::StatusOr<nce2vec::WordVectors> all =
      nce2vec::ReadVectors(file->path(), options);
  if (!all.ok()) return 0;

  Check(!all->words.empty(), "no words");
  Check(all->vectors.rows() >= static_cast<int64_t>(all->words.size()),
        "fewer rows than words");
  Check(all->dim() >= 1 && all->dim() <= nce2vec::kMaxVectorDim, "bad dim");
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < all->words.size(); ++i) {
    Check(!all->words[i].empty(), "empty word");
    Check(seen.insert(all->words[i]).second, "duplicate word");
    for (int j = 0; j < all->dim(); ++j) {
      Check(std::isfinite(all->vectors.row(i)[j]), "value not finite");
    }
  }

  options.limit = 1;
  const absl::StatusOr<nce2vec::WordVectors> first =
      nce2vec::ReadVectors(file->path(), options);
  Check(first.ok(), "fails with a limit where the whole file reads");
  Check(first->words.size() == 1 && first->words[0] == all->words[0] &&
            first->dim() == all->dim(),
        "limit 1 does not give the first word");
  for (int j = 0; j < all->dim(); ++j) {
    Check(first->vectors.row(0)[j] == all->vectors.row(0)[j],
          "limit 1 gives another first vector");
  }
  return 0;
}
