// Helpers for the libFuzzer targets of this folder.
//
// The readers under test take paths, so each input is written to a scratch
// file: an anonymous in-memory file (memfd) opened by its /proc/self/fd
// path. It lives as long as the process and nothing is left on disk, even
// when a fuzzer is killed.
#ifndef NCE2VEC_FUZZ_SCRATCH_FILE_H_
#define NCE2VEC_FUZZ_SCRATCH_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace nce2vec::fuzz {

// Not thread-safe; libFuzzer runs one input at a time.
class ScratchFile {
 public:
  ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  // Replaces the file's contents with `data`.
  void Write(const uint8_t* data, size_t size);
  // Replaces them with `data` gzip-compressed.
  void WriteGzip(const uint8_t* data, size_t size);

  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

// Aborts with `what` when `ok` is false: a broken contract is a finding,
// reported by libFuzzer like a crash, with the input that caused it.
void Check(bool ok, const char* what);

}  // namespace nce2vec::fuzz

#endif  // NCE2VEC_FUZZ_SCRATCH_FILE_H_
