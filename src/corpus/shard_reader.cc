#include "src/corpus/shard_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace nce2vec {
namespace {

// Big blocks keep syscalls and refill bookkeeping out of the per-byte cost;
// a shard of small files gets a block its size, as allocating (and, under
// AddressSanitizer, mapping) 1 MB per open dominated reading them.
constexpr size_t kBlockBytes = 1 << 20;
// Room before the block for the kept head of a token that runs on past the
// block: kMaxTokenBytes + 1 bytes (one more to see whether it was cut),
// rounded up so that the block stays aligned.
constexpr size_t kCarryBytes = 128;
static_assert(kCarryBytes >= kMaxTokenBytes + 1);

// kNul is a class of its own: neither loop below skips it, so it is met
// where a token would start, and refused there.
enum ByteClass : unsigned char {
  kToken = 0,
  kSpace = 1,
  kNewline = 2,
  kNul = 3
};

constexpr std::array<unsigned char, 256> MakeByteClasses() {
  std::array<unsigned char, 256> classes{};
  for (const unsigned char c : {' ', '\t', '\v', '\f', '\r'}) {
    classes[c] = kSpace;
  }
  classes['\n'] = kNewline;
  classes['\0'] = kNul;
  return classes;
}

constexpr std::array<unsigned char, 256> kByteClass = MakeByteClasses();

// The block's sentinel: a newline, so that both scanning loops stop at
// limit_ without a bounds check; a real newline is told apart by position.
constexpr unsigned char kSentinel = '\n';

bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of a token of more than kMaxTokenBytes bytes once cut on a
// character boundary. A UTF-8 character is at most 4 bytes, so the cut moves
// back at most 3; invalid UTF-8 is cut at those 3 regardless.
size_t CutLength(const unsigned char* token) {
  size_t length = kMaxTokenBytes;
  while (length > kMaxTokenBytes - 3 && IsUtf8Continuation(token[length])) {
    --length;
  }
  return length;
}

// The most bytes one read of the spans can return: a span is read from the
// byte before its start to, at most, its file's end. Rounded up to keep
// blocks aligned.
size_t BlockBytes(const std::vector<ShardSpan>& spans) {
  uint64_t most = 0;
  for (const ShardSpan& span : spans) {
    most =
        std::max(most, span.info.size - (span.begin > 0 ? span.begin - 1 : 0));
  }
  return std::min<uint64_t>(kBlockBytes, (most + 64) / 64 * 64);
}

}  // namespace

ShardReader::ShardReader(std::vector<ShardSpan> spans)
    : spans_(std::move(spans)),
      block_bytes_(BlockBytes(spans_)),
      buffer_(new unsigned char[kCarryBytes + block_bytes_ + 1]),
      data_(buffer_.get() + kCarryBytes) {
  Finish();
  done_ = false;
  OpenNextSpan();
}

void ShardReader::Finish() {
  done_ = true;
  source_.reset();
  pos_ = limit_ = data_;
  *limit_ = kSentinel;
  stop_ = limit_ + 1;
}

void ShardReader::OpenNextSpan() {
  if (next_span_ > 0) {
    const ShardSpan& previous = spans_[next_span_ - 1];
    finished_bytes_ += previous.end - previous.begin;
  }
  if (next_span_ == spans_.size()) {
    Finish();
    return;
  }
  const ShardSpan& span = spans_[next_span_++];
  // Whether the first token began before the span is told by the byte
  // before it, so reading starts one byte early.
  const uint64_t first = span.begin > 0 ? span.begin - 1 : 0;
  absl::StatusOr<std::unique_ptr<ByteSource>> source =
      OpenByteSource(span.path, span.info, first);
  if (!source.ok()) {
    status_ = source.status();
    Finish();
    return;
  }
  source_ = *std::move(source);
  pos_ = limit_ = data_;
  data_offset_ = first;
  if (!Refill(nullptr, 0) || span.begin == 0) return;
  unsigned char* p = pos_;
  const bool inside_token = kByteClass[*p] == kToken;
  ++p;
  // The token under way at span.begin belongs to the previous shard.
  while (inside_token) {
    while (kByteClass[*p] == kToken) ++p;
    if (p != limit_) break;
    if (!Refill(nullptr, 0)) return;
    p = pos_;
  }
  pos_ = p;
}

bool ShardReader::Refill(const unsigned char* carry, size_t carry_bytes) {
  if (done_) return false;
  if (carry_bytes > 0) std::memmove(data_ - carry_bytes, carry, carry_bytes);
  data_offset_ += limit_ - data_;
  absl::StatusOr<size_t> got =
      source_->Read(reinterpret_cast<char*>(data_), block_bytes_);
  if (!got.ok()) {
    status_ = got.status();
    Finish();
    return false;
  }
  pos_ = data_;
  limit_ = data_ + *got;
  *limit_ = kSentinel;
  const uint64_t end = spans_[next_span_ - 1].end;
  if (data_offset_ >= end) {
    stop_ = data_;
  } else if (end - data_offset_ <= *got) {
    stop_ = data_ + (end - data_offset_);
  } else {
    stop_ = limit_ + 1;
  }
  return *got > 0;
}

uint64_t ShardReader::bytes_read() const {
  if (done_ || next_span_ == 0) return finished_bytes_;
  const ShardSpan& span = spans_[next_span_ - 1];
  const uint64_t offset =
      std::clamp<uint64_t>(data_offset_ + (pos_ - data_), span.begin, span.end);
  return finished_bytes_ + (offset - span.begin);
}

TokenEvent ShardReader::Next(absl::string_view* word) {
  unsigned char* p = pos_;
  while (true) {
    while (kByteClass[*p] == kSpace) ++p;
    if (kByteClass[*p] == kNewline) {
      if (p != limit_) {
        ++p;
        if (sentence_tokens_ > 0) {
          pos_ = p;
          sentence_tokens_ = 0;
          return TokenEvent::kEndOfSentence;
        }
        continue;
      }
      if (Refill(nullptr, 0)) {
        p = pos_;
        continue;
      }
      if (!status_.ok()) return TokenEvent::kEnd;
      // The end of a file ends its last sentence.
      if (!done_) OpenNextSpan();
      if (sentence_tokens_ > 0) {
        sentence_tokens_ = 0;
        return TokenEvent::kEndOfSentence;
      }
      if (done_) return TokenEvent::kEnd;
      p = pos_;
      continue;
    }
    if (p >= stop_) {
      // The rest belongs to the next shard. Only the last span can end
      // before its file does.
      Finish();
      finished_bytes_ += spans_.back().end - spans_.back().begin;
      if (sentence_tokens_ > 0) {
        sentence_tokens_ = 0;
        return TokenEvent::kEndOfSentence;
      }
      return TokenEvent::kEnd;
    }
    if (sentence_tokens_ == kMaxSentenceTokens) {
      pos_ = p;
      sentence_tokens_ = 0;
      return TokenEvent::kEndOfSentence;
    }
    if (kByteClass[*p] == kNul) return FailOnNul(p);
    const unsigned char* start = p;
    while (kByteClass[*p] == kToken) ++p;
    if (p == limit_) return ReadStraddlingToken(start, word);
    pos_ = p;
    return EmitWord(start, p, word);
  }
}

TokenEvent ShardReader::FailOnNul(const unsigned char* p) {
  const ShardSpan& span = spans_[next_span_ - 1];
  status_ = absl::DataLossError(
      absl::StrCat("corpus file ", span.path, ": NUL byte at ",
                   span.info.gzip ? "uncompressed " : "", "byte offset ",
                   data_offset_ + (p - data_),
                   "; expected text (is it a binary file, or UTF-16?)"));
  Finish();
  return TokenEvent::kEnd;
}

TokenEvent ShardReader::EmitWord(const unsigned char* start,
                                 const unsigned char* end,
                                 absl::string_view* word) {
  size_t length = end - start;
  if (length > kMaxTokenBytes) length = CutLength(start);
  ++sentence_tokens_;
  *word = absl::string_view(reinterpret_cast<const char*>(start), length);
  return TokenEvent::kWord;
}

TokenEvent ShardReader::ReadStraddlingToken(const unsigned char* start,
                                            absl::string_view* word) {
  // Only the token's head is kept across refills: enough to cut it. The
  // bytes past it are dropped, so start..p is the real token only while it
  // is short, which is all EmitWord needs.
  while (true) {
    const size_t keep = std::min<size_t>(limit_ - start, kMaxTokenBytes + 1);
    const bool more = Refill(start, keep);
    start = data_ - keep;
    unsigned char* p = data_;
    if (more) {
      while (kByteClass[*p] == kToken) ++p;
      if (p == limit_) continue;
    } else if (!status_.ok()) {
      return TokenEvent::kEnd;
    }
    pos_ = p;
    return EmitWord(start, p, word);
  }
}

}  // namespace nce2vec
