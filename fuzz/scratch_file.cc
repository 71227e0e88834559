#include "fuzz/scratch_file.h"

#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>

namespace nce2vec::fuzz {

ScratchFile::ScratchFile() : fd_(memfd_create("nce2vec_fuzz", 0)) {
  Check(fd_ >= 0, "memfd_create failed");
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

void ScratchFile::Write(const uint8_t* data, size_t size) {
  Check(ftruncate(fd_, 0) == 0, "ftruncate failed");
  size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd_, data + done, size - done, done);
    Check(n > 0, "pwrite failed");
    done += n;
  }
}

void ScratchFile::WriteGzip(const uint8_t* data, size_t size) {
  z_stream z = {};
  // 15 + 16: a gzip wrapper, not zlib's.
  Check(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) == Z_OK,
        "deflateInit2 failed");
  std::string out(deflateBound(&z, size) + 32, '\0');
  z.next_in = const_cast<uint8_t*>(data);
  z.avail_in = size;
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = out.size();
  Check(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate failed");
  out.resize(z.total_out);
  deflateEnd(&z);
  Write(reinterpret_cast<const uint8_t*>(out.data()), out.size());
}

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}

}  // namespace nce2vec::fuzz
