// Output files that appear whole or not at all.
//
// AtomicFile writes to a temporary file beside the destination and renames it
// into place on Commit(); if Commit() is never reached (an error, a crash, an
// early return) the destination is untouched and the temporary file is
// removed by the destructor. A destination whose name ends in ".gz" is written
// gzip-compressed.
//
// Not thread-safe.
#ifndef NCE2VEC_UTIL_ATOMIC_FILE_H_
#define NCE2VEC_UTIL_ATOMIC_FILE_H_

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

class AtomicFile {
 public:
  // Creates the temporary file. Fails (naming the path) if the destination's
  // folder does not exist or is not writable, or the destination is a folder.
  static absl::StatusOr<std::unique_ptr<AtomicFile>> Create(
      const std::string& path);

  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  absl::Status Write(absl::string_view data);
  // Flushes, closes and renames the temporary file onto the destination.
  absl::Status Commit();

  const std::string& path() const { return path_; }

 private:
  AtomicFile(std::string path, std::string temp_path, bool gzip);
  absl::Status FlushBuffer();

  std::string path_;
  std::string temp_path_;
  bool gzip_;
  std::FILE* file_ = nullptr;
  void* gz_ = nullptr;  // gzFile, kept opaque so that zlib.h stays private.
  std::string buffer_;
  bool committed_ = false;
  int slot_ = -1;  // in the list RemoveAtomicFileTemporaries() reads
};

// Removes the temporary files of the AtomicFiles not yet committed or
// destroyed: for a signal handler about to _exit(), which skips the
// destructors. Async-signal-safe (only unlink(2)); tracks up to 16 files at
// once, which is more than any command writes.
void RemoveAtomicFileTemporaries();

// Checks, before any long work, that `path` could be written by AtomicFile:
// its folder exists and is writable and the path is not a folder. `what`
// says in a message what the file is for (e.g. "the vocabulary file").
absl::Status CheckWritable(const std::string& path, absl::string_view what);

}  // namespace nce2vec

#endif  // NCE2VEC_UTIL_ATOMIC_FILE_H_
