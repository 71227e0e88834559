#include "src/util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace nce2vec {
namespace {

constexpr size_t kBufferBytes = 1 << 20;

std::string Folder(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::Status(
      absl::ErrnoToStatusCode(errno),
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// The live temporary files, for RemoveAtomicFileTemporaries(). A slot is
// claimed (0 -> 1), filled, then published (1 -> 2); a signal handler reads
// only published slots, so it never sees a path half-written.
constexpr int kTrackedFiles = 16;
constexpr size_t kTrackedPathBytes = 4096;
std::atomic<int> g_slot_state[kTrackedFiles];
char g_slot_path[kTrackedFiles][kTrackedPathBytes];

int TrackTemporary(const std::string& path) {
  if (path.size() >= kTrackedPathBytes) return -1;
  for (int i = 0; i < kTrackedFiles; ++i) {
    int expected = 0;
    if (g_slot_state[i].compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slot_path[i], path.c_str(), path.size() + 1);
      g_slot_state[i].store(2);
      return i;
    }
  }
  return -1;
}

void Untrack(int slot) {
  if (slot >= 0) g_slot_state[slot].store(0);
}

}  // namespace

void RemoveAtomicFileTemporaries() {
  for (int i = 0; i < kTrackedFiles; ++i) {
    if (g_slot_state[i].load() == 2) unlink(g_slot_path[i]);
  }
}

absl::Status CheckWritable(const std::string& path, absl::string_view what) {
  const std::string where = what.empty() ? path : absl::StrCat(what, " ", path);
  if (path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what.empty() ? "the output" : what,
                     " path is empty: an output path is required"));
  }
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, " is a folder, not a file"));
  }
  const std::string folder = Folder(path);
  if (stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": folder ", folder, " does not exist"));
  }
  if (access(folder.c_str(), W_OK) != 0) {
    return absl::PermissionDeniedError(
        absl::StrCat(where, ": folder ", folder, " is not writable"));
  }
  return absl::OkStatus();
}

AtomicFile::AtomicFile(std::string path, std::string temp_path, bool gzip)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), gzip_(gzip) {
  buffer_.reserve(kBufferBytes);
}

absl::StatusOr<std::unique_ptr<AtomicFile>> AtomicFile::Create(
    const std::string& path) {
  if (absl::Status s = CheckWritable(path, ""); !s.ok()) return s;
  std::string temp = absl::StrCat(path, ".tmp.XXXXXX");
  const int fd = mkstemp(temp.data());
  if (fd < 0) return ErrnoError("cannot create a temporary file for", path);
  fchmod(fd, 0644);
  const bool gzip = absl::EndsWith(path, ".gz");
  std::unique_ptr<AtomicFile> file(new AtomicFile(path, temp, gzip));
  file->slot_ = TrackTemporary(temp);
  if (gzip) {
    file->gz_ = gzdopen(fd, "wb6");
    if (file->gz_ == nullptr) {
      close(fd);
      return absl::InternalError(absl::StrCat("gzdopen failed for ", temp));
    }
  } else {
    file->file_ = fdopen(fd, "wb");
    if (file->file_ == nullptr) {
      close(fd);
      return ErrnoError("cannot open", temp);
    }
  }
  return file;
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
  if (file_ != nullptr) std::fclose(file_);
  unlink(temp_path_.c_str());
  Untrack(slot_);
}

absl::Status AtomicFile::Write(absl::string_view data) {
  if (buffer_.size() + data.size() > kBufferBytes) {
    if (absl::Status s = FlushBuffer(); !s.ok()) return s;
  }
  if (data.size() >= kBufferBytes) {
    buffer_.assign(data.data(), data.size());
    return FlushBuffer();
  }
  buffer_.append(data.data(), data.size());
  return absl::OkStatus();
}

absl::Status AtomicFile::FlushBuffer() {
  if (buffer_.empty()) return absl::OkStatus();
  if (gzip_) {
    const int written = gzwrite(static_cast<gzFile>(gz_), buffer_.data(),
                                static_cast<unsigned>(buffer_.size()));
    if (written != static_cast<int>(buffer_.size())) {
      return absl::DataLossError(absl::StrCat("write failed: ", temp_path_));
    }
  } else if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) !=
             buffer_.size()) {
    return ErrnoError("write failed:", temp_path_);
  }
  buffer_.clear();
  return absl::OkStatus();
}

absl::Status AtomicFile::Commit() {
  if (absl::Status s = FlushBuffer(); !s.ok()) return s;
  if (gzip_) {
    const int rc = gzclose(static_cast<gzFile>(gz_));
    gz_ = nullptr;
    if (rc != Z_OK) {
      return absl::DataLossError(absl::StrCat("write failed: ", temp_path_));
    }
  } else {
    const bool ok = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok || !closed) return ErrnoError("write failed:", temp_path_);
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return ErrnoError("cannot rename the temporary file onto", path_);
  }
  committed_ = true;
  Untrack(slot_);
  return absl::OkStatus();
}

}  // namespace nce2vec
