// Sequential access to the bytes of one corpus file, plain or gzip.
//
// The gzip format is told by the magic bytes 1f 8b, never by the name. A
// gzip file may hold several concatenated members (as `cat a.gz b.gz`
// makes); they read as one stream. Offsets and sizes are always counted in
// uncompressed bytes.
#ifndef NCE2VEC_CORPUS_BYTE_SOURCE_H_
#define NCE2VEC_CORPUS_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

struct FileInfo {
  uint64_t size = 0;  // uncompressed bytes
  bool gzip = false;
};

// Checks that `path` is a readable regular file and finds its size. A gzip
// file is inflated once, which also finds truncated or corrupt data early.
// Errors name the file by its role and path, e.g. "vocabulary file v.txt"
// (and, for bad gzip data, the uncompressed offset).
absl::StatusOr<FileInfo> ProbeFile(const std::string& path,
                                   absl::string_view role = "corpus file");

// Reads one file forward. Not thread-safe.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `n` bytes of `buffer`; returns how many, 0 only at the end.
  virtual absl::StatusOr<size_t> Read(char* buffer, size_t n) = 0;
};

// Opens `path` (as ProbeFile described it) to read the bytes in
// [begin, info.size). A plain file starts there at once; a gzip file is
// inflated from its start and the bytes before `begin` discarded. A file
// that no longer matches `info` (it shrank or was rewritten) gives an error
// when the difference is met.
absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(
    const std::string& path, const FileInfo& info, uint64_t begin,
    absl::string_view role = "corpus file");

}  // namespace nce2vec

#endif  // NCE2VEC_CORPUS_BYTE_SOURCE_H_
