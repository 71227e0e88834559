// The bytes of one file, plain or gzip, read forward (ByteSource: corpora,
// vocabularies) or whole into memory (FileContents: vector files). Shared by
// every module that reads data files, so that gzip handling and its error
// messages exist once.
//
// The gzip format is told by the magic bytes 1f 8b, never by the name. A
// gzip file may hold several concatenated members (as `cat a.gz b.gz`
// makes); they read as one stream. Offsets and sizes are always counted in
// uncompressed bytes. Errors name the file by its role and path, e.g.
// "vocabulary file v.txt", and bad gzip data its uncompressed offset.
#ifndef NCE2VEC_IO_BYTE_SOURCE_H_
#define NCE2VEC_IO_BYTE_SOURCE_H_

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
absl::StatusOr<FileInfo> ProbeFile(const std::string& path,
                                   absl::string_view role = "corpus file");

// Reads forward. Not thread-safe.
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

// A whole file's (uncompressed) bytes. Movable, not copyable.
class FileContents {
 public:
  FileContents() = default;
  FileContents(FileContents&& other) { *this = std::move(other); }
  FileContents& operator=(FileContents&& other);
  FileContents(const FileContents&) = delete;
  FileContents& operator=(const FileContents&) = delete;
  ~FileContents();

  absl::string_view view() const {
    return absl::string_view(
        map_ != nullptr ? static_cast<const char*>(map_) : heap_, size_);
  }

 private:
  friend absl::StatusOr<FileContents> ReadFileContents(const std::string&,
                                                       absl::string_view);

  // Appends everything `source` gives, growing the heap buffer from
  // `first_capacity` bytes by doubling. `name` is for messages.
  absl::Status ReadAll(ByteSource& source, size_t first_capacity,
                       absl::string_view name);

  void* map_ = nullptr;   // a mapped plain file, or
  char* heap_ = nullptr;  // bytes read or inflated (malloc'ed)
  size_t size_ = 0;
};

// Reads the whole of `path`. A plain regular file is mapped (no copy, and
// only the pages looked at are read); gzip data is inflated into memory; a
// pipe (or a file such as those of /proc whose size says 0) is read to its
// end, and inflated if it is gzip data. A directory is an error.
absl::StatusOr<FileContents> ReadFileContents(const std::string& path,
                                              absl::string_view role);

}  // namespace nce2vec

#endif  // NCE2VEC_IO_BYTE_SOURCE_H_
