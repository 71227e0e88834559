// SHA-256 (FIPS 180-4), to record which corpus a bench ran on: the digest
// of a file equals `sha256sum FILE`.
#ifndef NCE2VEC_BENCH_SHA256_H_
#define NCE2VEC_BENCH_SHA256_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

class Sha256 {
 public:
  Sha256();
  void Update(absl::string_view data);
  // Lowercase hex of the digest. Ends the hashing: call once.
  std::string HexDigest();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// The hex digest of the bytes of `path` as stored (a gzip file is hashed
// compressed, as sha256sum does). Errors name the path.
absl::StatusOr<std::string> Sha256File(const std::string& path);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_SHA256_H_
