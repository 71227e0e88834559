#include "src/corpus/corpus.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "src/io/byte_source.h"
#include "src/corpus/shard_reader.h"

namespace nce2vec {

absl::StatusOr<Corpus> Corpus::Open(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return absl::InvalidArgumentError("no corpus files given");
  }
  Corpus corpus;
  for (const std::string& path : paths) {
    if (path.empty()) {
      return absl::InvalidArgumentError(
          "an empty corpus file name (a stray comma in the list?)");
    }
    absl::StatusOr<FileInfo> info = ProbeFile(path);
    if (!info.ok()) return info.status();
    corpus.files_.push_back({path, info->size, info->gzip});
    corpus.paths_.push_back(path);
    corpus.total_bytes_ += info->size;
  }
  return corpus;
}

absl::StatusOr<std::unique_ptr<TokenReader>> Corpus::OpenShard(
    int shard, int num_shards) const {
  if (num_shards < 1 || shard < 0 || shard >= num_shards) {
    return absl::InvalidArgumentError(
        absl::StrCat("shard ", shard, " of ", num_shards, " does not exist"));
  }
  // 128 bits: total_bytes_ * shard may not fit in 64.
  const auto bound = [this, num_shards](int i) {
    return static_cast<uint64_t>(static_cast<unsigned __int128>(total_bytes_) *
                                 i / num_shards);
  };
  const uint64_t begin = bound(shard);
  const uint64_t end = bound(shard + 1);
  std::vector<ShardSpan> spans;
  uint64_t file_start = 0;
  for (const File& file : files_) {
    const uint64_t file_end = file_start + file.size;
    if (file.size > 0 && file_end > begin && file_start < end) {
      ShardSpan span;
      span.path = file.path;
      span.info.size = file.size;
      span.info.gzip = file.gzip;
      span.begin = std::max(begin, file_start) - file_start;
      span.end = std::min(end, file_end) - file_start;
      spans.push_back(std::move(span));
    }
    file_start = file_end;
  }
  return std::make_unique<ShardReader>(std::move(spans));
}

}  // namespace nce2vec
