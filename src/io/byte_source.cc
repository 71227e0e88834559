#include "src/io/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// Compressed input is read in big blocks so that syscalls stay rare, but a
// small file gets a buffer of about its own size: allocating (and, under
// AddressSanitizer, mapping) 1 MB per open dominated opening small files, as
// the fuzzers do. The minimum leaves room for the next member's magic bytes.
constexpr size_t kCompressedBlockBytes = 1 << 20;
constexpr size_t kMinCompressedBlockBytes = 64;
// Inflated bytes that are only counted or skipped land here.
constexpr size_t kDiscardBlockBytes = 1 << 20;
constexpr size_t kMinDiscardBlockBytes = 1 << 16;
constexpr uint64_t kToStreamEnd = std::numeric_limits<uint64_t>::max();

// `name` is the file's role and path, e.g. "corpus file a.txt".
absl::Status ErrnoError(absl::string_view what, absl::string_view name,
                        int error) {
  return absl::Status(
      absl::ErrnoToStatusCode(error),
      absl::StrCat(what, " ", name, ": ", std::strerror(error)));
}

absl::Status ChangedError(absl::string_view name, uint64_t offset,
                          uint64_t expected) {
  return absl::DataLossError(
      absl::StrCat(name, " ended after ", offset, " bytes, but had ", expected,
                   " when opened; was it changed while reading?"));
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Which files OpenFile accepts: sharded reading needs a regular file's size
// up front; reading a whole file also takes pipes.
enum class FileKind { kRegular, kAny };

absl::StatusOr<std::unique_ptr<Fd>> OpenFile(const std::string& path,
                                             absl::string_view name,
                                             FileKind kind, struct stat* st) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before
  // fstat could refuse it; regular files ignore the flag. A reader that
  // takes pipes waits for the writer as any reader of a pipe does.
  const int flags =
      O_RDONLY | O_CLOEXEC | (kind == FileKind::kRegular ? O_NONBLOCK : 0);
  const int raw = open(path.c_str(), flags);
  if (raw < 0) return ErrnoError("cannot open", name, errno);
  auto fd = std::make_unique<Fd>(raw);
  if (fstat(fd->get(), st) != 0) return ErrnoError("cannot stat", name, errno);
  if (S_ISDIR(st->st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " is a directory, not a file"));
  }
  if (kind == FileKind::kRegular && !S_ISREG(st->st_mode)) {
    // Sharding needs the size up front, which pipes and devices lack.
    return absl::FailedPreconditionError(
        absl::StrCat(name,
                     " is not a regular file (pipes and devices "
                     "cannot be split among threads)"));
  }
  return fd;
}

class PlainSource final : public ByteSource {
 public:
  PlainSource(std::string name, std::unique_ptr<Fd> fd, uint64_t begin,
              uint64_t end)
      : name_(std::move(name)), fd_(std::move(fd)), offset_(begin), end_(end) {
    posix_fadvise(fd_->get(), begin, end - begin, POSIX_FADV_SEQUENTIAL);
  }

  absl::StatusOr<size_t> Read(char* buffer, size_t n) override {
    n = std::min<uint64_t>(n, end_ - offset_);
    if (n == 0) return 0;
    ssize_t got;
    do {
      got = pread(fd_->get(), buffer, n, offset_);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return ErrnoError("cannot read", name_, errno);
    if (got == 0) return ChangedError(name_, offset_, end_);
    offset_ += got;
    return static_cast<size_t>(got);
  }

 private:
  std::string name_;
  std::unique_ptr<Fd> fd_;
  uint64_t offset_;
  uint64_t end_;
};

// A file descriptor read forward to its end: the compressed bytes of a gzip
// file, or a pipe.
class StreamSource final : public ByteSource {
 public:
  StreamSource(std::string name, std::unique_ptr<Fd> fd)
      : name_(std::move(name)), fd_(std::move(fd)) {
    posix_fadvise(fd_->get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  }

  absl::StatusOr<size_t> Read(char* buffer, size_t n) override {
    ssize_t got;
    do {
      got = read(fd_->get(), buffer, n);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return ErrnoError("cannot read", name_, errno);
    return static_cast<size_t>(got);
  }

 private:
  std::string name_;
  std::unique_ptr<Fd> fd_;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(absl::string_view bytes) : bytes_(bytes) {}

  absl::StatusOr<size_t> Read(char* buffer, size_t n) override {
    n = std::min(n, bytes_.size());
    std::memcpy(buffer, bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
  }

 private:
  absl::string_view bytes_;
};

class GzipSource final : public ByteSource {
 public:
  // Inflates the bytes of `compressed`, about `compressed_bytes` of them,
  // up to uncompressed offset `end`, or to the stream's end when `end` is
  // kToStreamEnd (and then checks the whole stream is sound).
  GzipSource(std::string name, std::unique_ptr<ByteSource> compressed,
             uint64_t compressed_bytes, uint64_t end)
      : name_(std::move(name)),
        compressed_(std::move(compressed)),
        end_(end),
        input_(std::clamp<uint64_t>(compressed_bytes, kMinCompressedBlockBytes,
                                    kCompressedBlockBytes)) {}
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  ~GzipSource() override {
    if (initialised_) inflateEnd(&stream_);
  }

  absl::Status Init() {
    std::memset(&stream_, 0, sizeof(stream_));
    // 16 + MAX_WBITS: gzip wrapper only; the magic bytes were checked.
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
      return absl::ResourceExhaustedError(
          absl::StrCat("cannot start inflating ", name_));
    }
    initialised_ = true;
    return absl::OkStatus();
  }

  absl::StatusOr<size_t> Read(char* buffer, size_t n) override {
    n = std::min<uint64_t>(n, end_ - offset_);
    size_t produced = 0;
    while (produced < n && !finished_) {
      if (member_done_) {
        if (absl::Status s = StartNextMember(offset_ + produced); !s.ok()) {
          return s;
        }
        continue;
      }
      if (stream_.avail_in == 0) {
        absl::StatusOr<bool> more = ReadCompressed();
        if (!more.ok()) return more.status();
        if (!*more) {
          return absl::DataLossError(
              absl::StrCat(name_, ": truncated gzip data (it stops after ",
                           offset_ + produced, " uncompressed bytes)"));
        }
      }
      stream_.next_out = reinterpret_cast<Bytef*>(buffer + produced);
      stream_.avail_out = static_cast<uInt>(
          std::min<size_t>(n - produced, std::numeric_limits<uInt>::max()));
      const uInt room = stream_.avail_out;
      const int result = inflate(&stream_, Z_NO_FLUSH);
      produced += room - stream_.avail_out;
      if (result == Z_STREAM_END) {
        member_done_ = true;
      } else if (result != Z_OK && result != Z_BUF_ERROR) {
        return absl::DataLossError(absl::StrCat(
            name_, ": corrupt gzip data at uncompressed byte ",
            offset_ + produced, ": ",
            stream_.msg != nullptr ? stream_.msg : zError(result)));
      }
    }
    offset_ += produced;
    if (produced == 0 && n > 0 && end_ != kToStreamEnd) {
      return ChangedError(name_, offset_, end_);
    }
    return produced;
  }

 private:
  // Moves the unread input to the front and appends more; false at the end
  // of the file.
  absl::StatusOr<bool> ReadCompressed() {
    if (stream_.avail_in > 0) {
      std::memmove(input_.data(), stream_.next_in, stream_.avail_in);
    }
    const size_t have = stream_.avail_in;
    ASSIGN_OR_RETURN(
        const size_t got,
        compressed_->Read(reinterpret_cast<char*>(input_.data()) + have,
                          input_.size() - have));
    compressed_offset_ += got;
    stream_.next_in = input_.data();
    stream_.avail_in = static_cast<uInt>(have + got);
    return got > 0;
  }

  // After a member's end, `produced` uncompressed bytes in: another member
  // follows, or the file ends.
  absl::Status StartNextMember(uint64_t produced) {
    while (stream_.avail_in < 2) {
      absl::StatusOr<bool> more = ReadCompressed();
      if (!more.ok()) return more.status();
      if (!*more) break;
    }
    if (stream_.avail_in == 0) {
      finished_ = true;
      return absl::OkStatus();
    }
    if (stream_.avail_in < 2 || stream_.next_in[0] != 0x1f ||
        stream_.next_in[1] != 0x8b) {
      return absl::DataLossError(
          absl::StrCat(name_,
                       ": unexpected data after the gzip stream at "
                       "compressed byte ",
                       compressed_offset_ - stream_.avail_in,
                       " (uncompressed byte ", produced, ")"));
    }
    if (inflateReset(&stream_) != Z_OK) {
      return absl::InternalError(
          absl::StrCat("cannot restart inflating ", name_));
    }
    member_done_ = false;
    return absl::OkStatus();
  }

  std::string name_;
  std::unique_ptr<ByteSource> compressed_;
  uint64_t end_;
  uint64_t offset_ = 0;             // uncompressed bytes produced
  uint64_t compressed_offset_ = 0;  // compressed bytes read from the file
  std::vector<Bytef> input_;
  z_stream stream_;
  bool initialised_ = false;
  bool member_done_ = false;
  bool finished_ = false;
};

absl::StatusOr<bool> HasGzipMagic(const Fd& fd, absl::string_view name) {
  unsigned char magic[2];
  ssize_t got;
  do {
    got = pread(fd.get(), magic, 2, 0);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return ErrnoError("cannot read", name, errno);
  return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

absl::StatusOr<std::unique_ptr<GzipSource>> OpenGzip(
    std::string name, std::unique_ptr<ByteSource> compressed,
    uint64_t compressed_bytes, uint64_t end) {
  auto source = std::make_unique<GzipSource>(
      std::move(name), std::move(compressed), compressed_bytes, end);
  RETURN_IF_ERROR(source->Init());
  return source;
}

absl::StatusOr<std::unique_ptr<GzipSource>> OpenGzipFile(std::string name,
                                                         std::unique_ptr<Fd> fd,
                                                         const struct stat& st,
                                                         uint64_t end) {
  auto compressed = std::make_unique<StreamSource>(name, std::move(fd));
  return OpenGzip(std::move(name), std::move(compressed), st.st_size, end);
}

bool IsGzip(absl::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

}  // namespace

absl::StatusOr<FileInfo> ProbeFile(const std::string& path,
                                   absl::string_view role) {
  const std::string name = absl::StrCat(role, " ", path);
  struct stat st;
  ASSIGN_OR_RETURN(std::unique_ptr<Fd> fd,
                   OpenFile(path, name, FileKind::kRegular, &st));
  FileInfo info;
  ASSIGN_OR_RETURN(info.gzip, HasGzipMagic(*fd, name));
  if (!info.gzip) {
    info.size = st.st_size;
    return info;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<GzipSource> source,
                   OpenGzipFile(name, std::move(fd), st, kToStreamEnd));
  // Not zeroed, and sized to the file when small (see
  // kCompressedBlockBytes).
  const size_t scratch_bytes = std::clamp<uint64_t>(
      4 * st.st_size, kMinDiscardBlockBytes, kDiscardBlockBytes);
  const std::unique_ptr<char[]> scratch(new char[scratch_bytes]);
  while (true) {
    ASSIGN_OR_RETURN(const size_t got,
                     source->Read(scratch.get(), scratch_bytes));
    if (got == 0) break;
    info.size += got;
  }
  return info;
}

absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(
    const std::string& path, const FileInfo& info, uint64_t begin,
    absl::string_view role) {
  std::string name = absl::StrCat(role, " ", path);
  struct stat st;
  ASSIGN_OR_RETURN(std::unique_ptr<Fd> fd,
                   OpenFile(path, name, FileKind::kRegular, &st));
  if (!info.gzip) {
    return std::make_unique<PlainSource>(std::move(name), std::move(fd), begin,
                                         info.size);
  }
  ASSIGN_OR_RETURN(std::unique_ptr<GzipSource> source,
                   OpenGzipFile(std::move(name), std::move(fd), st, info.size));
  // gzip cannot seek: inflate and drop what precedes `begin`.
  if (begin > 0) {
    const size_t scratch_bytes = std::min<uint64_t>(begin, kDiscardBlockBytes);
    const std::unique_ptr<char[]> scratch(new char[scratch_bytes]);
    for (uint64_t left = begin; left > 0;) {
      ASSIGN_OR_RETURN(
          const size_t got,
          source->Read(scratch.get(), std::min<uint64_t>(left, scratch_bytes)));
      left -= got;
    }
  }
  return source;
}

FileContents& FileContents::operator=(FileContents&& other) {
  std::swap(map_, other.map_);
  std::swap(heap_, other.heap_);
  std::swap(size_, other.size_);
  return *this;
}

FileContents::~FileContents() {
  if (map_ != nullptr) munmap(map_, size_);
  std::free(heap_);
}

absl::Status FileContents::ReadAll(ByteSource& source, size_t first_capacity,
                                   absl::string_view name) {
  size_t capacity = 0;
  while (true) {
    if (size_ == capacity) {
      const size_t grown = std::max(first_capacity, capacity * 2);
      char* p = static_cast<char*>(std::realloc(heap_, grown));
      if (p == nullptr) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "out of memory reading ", name, " (", size_, " bytes so far)"));
      }
      heap_ = p;
      capacity = grown;
    }
    ASSIGN_OR_RETURN(const size_t got,
                     source.Read(heap_ + size_, capacity - size_));
    if (got == 0) return absl::OkStatus();
    size_ += got;
  }
}

absl::StatusOr<FileContents> ReadFileContents(const std::string& path,
                                              absl::string_view role) {
  std::string name = absl::StrCat(role, " ", path);
  struct stat st;
  ASSIGN_OR_RETURN(std::unique_ptr<Fd> fd,
                   OpenFile(path, name, FileKind::kAny, &st));
  // The first guess at the inflated size comes from the file's real size,
  // never from what the data claims, and is capped so that a big file does
  // not fail on a guess alone.
  const auto inflated_guess = [](uint64_t compressed) {
    return std::clamp<uint64_t>(compressed * 4, 1 << 16, 1 << 30);
  };
  FileContents contents;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    ASSIGN_OR_RETURN(const bool gzip, HasGzipMagic(*fd, name));
    if (gzip) {
      ASSIGN_OR_RETURN(std::unique_ptr<GzipSource> source,
                       OpenGzipFile(name, std::move(fd), st, kToStreamEnd));
      RETURN_IF_ERROR(
          contents.ReadAll(*source, inflated_guess(st.st_size), name));
      return contents;
    }
    const size_t size = static_cast<size_t>(st.st_size);
    void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd->get(), 0);
    if (p == MAP_FAILED) return ErrnoError("cannot map", name, errno);
    madvise(p, size, MADV_SEQUENTIAL);
    contents.map_ = p;
    contents.size_ = size;
    return contents;
  }
  // Pipes, and files like those of /proc whose size says 0.
  StreamSource stream(name, std::move(fd));
  RETURN_IF_ERROR(contents.ReadAll(stream, 1 << 20, name));
  if (!IsGzip(contents.view())) return contents;
  ASSIGN_OR_RETURN(
      std::unique_ptr<GzipSource> source,
      OpenGzip(name, std::make_unique<MemorySource>(contents.view()),
               contents.size_, kToStreamEnd));
  FileContents inflated;
  RETURN_IF_ERROR(
      inflated.ReadAll(*source, inflated_guess(contents.size_), name));
  return inflated;
}

}  // namespace nce2vec
