// The TokenReader behind Corpus::OpenShard: tokenises a byte range spread
// over one or more files, as corpus.h specifies.
#ifndef NCE2VEC_CORPUS_SHARD_READER_H_
#define NCE2VEC_CORPUS_SHARD_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "src/corpus/corpus.h"
#include "src/io/byte_source.h"

namespace nce2vec {

// The part of one file a shard covers.
struct ShardSpan {
  std::string path;
  FileInfo info;
  // The shard owns the tokens starting in [begin, end) of this file; the
  // last one may run on past `end`.
  uint64_t begin = 0;
  uint64_t end = 0;
};

class ShardReader final : public TokenReader {
 public:
  // REQUIRES: spans are non-empty ranges, in corpus order.
  explicit ShardReader(std::vector<ShardSpan> spans);
  ShardReader(const ShardReader&) = delete;
  ShardReader& operator=(const ShardReader&) = delete;

  TokenEvent Next(absl::string_view* word) override;
  const absl::Status& status() const override { return status_; }
  uint64_t bytes_read() const override;

 private:
  // Reads the next block of the current file after the bytes
  // [carry, carry + carry_bytes) (the start of a token that runs on), which
  // end up just before data_. False at the end of the file's bytes, on an
  // error, or once the shard is done.
  bool Refill(const unsigned char* carry, size_t carry_bytes);
  // Opens the next span, or marks the shard done when none is left.
  void OpenNextSpan();
  // Leaves an empty buffer behind so that every later Next() returns kEnd.
  void Finish();
  TokenEvent ReadStraddlingToken(const unsigned char* start,
                                 absl::string_view* word);
  // Sets the error for the NUL byte at p and ends the shard.
  TokenEvent FailOnNul(const unsigned char* p);
  TokenEvent EmitWord(const unsigned char* start, const unsigned char* end,
                      absl::string_view* word);

  std::vector<ShardSpan> spans_;
  size_t next_span_ = 0;
  std::unique_ptr<ByteSource> source_;
  const size_t block_bytes_;
  // [kCarryBytes of room for a carried token][block][sentinel]; data_ points
  // at the block.
  std::unique_ptr<unsigned char[]> buffer_;
  unsigned char* data_;
  unsigned char* pos_;    // next byte to look at
  unsigned char* limit_;  // end of the block's bytes; *limit_ is a sentinel
  // Tokens starting at or after stop_ belong to the next shard; stop_ is
  // past limit_ when the span's end is beyond this block.
  const unsigned char* stop_;
  uint64_t data_offset_ = 0;     // file offset of data_[0]
  uint64_t finished_bytes_ = 0;  // bytes of the spans already read
  int sentence_tokens_ = 0;
  bool done_ = false;
  absl::Status status_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_CORPUS_SHARD_READER_H_
