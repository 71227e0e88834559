// Streaming, shardable reading of whitespace-separated text corpora.
//
// A Corpus is an ordered list of input files (plain text or gzip, told apart
// by the gzip magic bytes 1f 8b, never by the file name), seen as one stream
// of tokens. Tokenisation (the contract every consumer relies on):
//   - ASCII whitespace (space, \t, \n, \v, \f, \r) separates tokens; every
//     other byte, including invalid UTF-8, is part of a token, except NUL:
//     text never holds one, so a NUL byte means a binary (or UTF-16) file,
//     and reading stops with an error naming the file and the byte's offset
//     (uncompressed, for gzip), rather than train on garbage;
//   - '\n' ends a sentence (word2vec's </s>); so do the end of each file and
//     the end of a shard;
//   - a token longer than kMaxTokenBytes is cut to at most that many bytes on
//     a UTF-8 character boundary (the rest of the token is dropped);
//   - a sentence longer than kMaxSentenceTokens tokens is split into pieces of
//     at most that many tokens (word2vec.c and fastText use the same limit).
//
// Sharding: the corpus is a sequence of bytes (the uncompressed bytes, for
// gzip), numbered across files in order. Shard i of n covers the byte range
// [i*B/n, (i+1)*B/n) and reads exactly the tokens whose first byte lies in
// it, so n shards together read every token exactly once. A plain file is
// read from the shard's start at once; gzip cannot seek, so a shard of a
// gzip file inflates it from its start and discards the bytes before the
// shard: extra inflate work (zlib inflates a few hundred MB/s, so a shard
// starting 1 GB in spends seconds on it), negligible against training's
// cost per byte.
#ifndef NCE2VEC_CORPUS_CORPUS_H_
#define NCE2VEC_CORPUS_CORPUS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

inline constexpr int kMaxTokenBytes = 100;
inline constexpr int kMaxSentenceTokens = 1000;

enum class TokenEvent { kWord, kEndOfSentence, kEnd };

// Reads the tokens of one shard. Not thread-safe; one per thread.
class TokenReader {
 public:
  virtual ~TokenReader() = default;
  // Returns the next event. On kWord, *word views the token, valid until the
  // next call. kEndOfSentence is never returned twice in a row and never
  // before the first word; the last sentence ends with one too. kEnd is
  // final: check status() to tell the end of the shard from an error (which
  // names the file).
  virtual TokenEvent Next(absl::string_view* word) = 0;
  virtual const absl::Status& status() const = 0;
  // Bytes of the shard consumed so far (uncompressed), for progress.
  virtual uint64_t bytes_read() const = 0;
};

class Corpus {
 public:
  // Checks that every path is a readable regular file and records sizes.
  // For gzip files the uncompressed size is found by one inflating pass,
  // which also reports truncated or corrupt data (naming the uncompressed
  // offset). Errors name the offending path. Files must not change while
  // the Corpus is in use; a reader that notices a change fails.
  static absl::StatusOr<Corpus> Open(const std::vector<std::string>& paths);

  const std::vector<std::string>& paths() const { return paths_; }
  // Total bytes over all files (uncompressed).
  uint64_t total_bytes() const { return total_bytes_; }

  // Fails with InvalidArgument unless 0 <= shard < num_shards.
  absl::StatusOr<std::unique_ptr<TokenReader>> OpenShard(int shard,
                                                         int num_shards) const;
  // All tokens: OpenShard(0, 1).
  absl::StatusOr<std::unique_ptr<TokenReader>> OpenAll() const {
    return OpenShard(0, 1);
  }

 private:
  struct File {
    std::string path;
    uint64_t size;  // uncompressed bytes
    bool gzip;
  };
  std::vector<File> files_;
  std::vector<std::string> paths_;
  uint64_t total_bytes_ = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_CORPUS_CORPUS_H_
