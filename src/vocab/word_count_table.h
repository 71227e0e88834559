// A word -> count table built for the counting pass's one hot operation:
// adding one occurrence of a word that is usually already there.
//
// The words' bytes live in one arena, in order of first appearance, so the
// frequent words (which mostly appear early) share a few cache lines. The
// hash table (an absl::flat_hash_set) holds 16-byte slots of arena offset,
// length and count: one prefetch brings in all a lookup needs but the
// bytes, where a map keyed by std::string has 40-byte slots (10 MB for the
// bench corpus) and misses the cache on most lookups.
//
// Not thread-safe; not copyable or movable (the set's functors point at the
// table).
#ifndef NCE2VEC_VOCAB_WORD_COUNT_TABLE_H_
#define NCE2VEC_VOCAB_WORD_COUNT_TABLE_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "src/corpus/corpus.h"

namespace nce2vec {
namespace word_hash_internal {

// Odd 64-bit constants with well-spread bits (from the digits of pi).
inline constexpr uint64_t kSeed0 = 0x243f6a8885a308d3ULL;
inline constexpr uint64_t kSeed1 = 0x13198a2e03707345ULL;
inline constexpr uint64_t kSeed2 = 0xa4093822299f31d1ULL;

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint64_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The full 128-bit product folded to 64 bits: every input bit reaches
// every output bit.
inline uint64_t Fold(uint64_t a, uint64_t b) {
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

// Whether the n bytes at a and b are equal; inline, as libc's memcmp call
// costs more than the compare for words this short.
inline bool EqualBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    for (; n > 8; n -= 8, a += 8, b += 8) {
      if (Load64(a) != Load64(b)) return false;
    }
    return Load64(a + n - 8) == Load64(b + n - 8);
  }
  if (n >= 4) {
    return Load32(a) == Load32(b) && Load32(a + n - 4) == Load32(b + n - 4);
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace word_hash_internal

// A fast 64-bit hash of a short byte string; both its low bits (the swiss
// table's in-group tag) and its high bits (the probe position) are mixed.
inline uint64_t HashWord(absl::string_view word) {
  namespace internal = word_hash_internal;
  const char* p = word.data();
  size_t n = word.size();
  uint64_t state = internal::kSeed0 ^ n;
  // Most words fit in 16 bytes: two overlapping loads cover them.
  while (n > 16) {
    state = internal::Fold(internal::Load64(p) ^ internal::kSeed1,
                           internal::Load64(p + 8) ^ state);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0;
  uint64_t b = 0;
  if (n >= 8) {
    a = internal::Load64(p);
    b = internal::Load64(p + n - 8);
  } else if (n >= 4) {
    a = internal::Load32(p);
    b = internal::Load32(p + n - 4);
  } else if (n > 0) {
    const auto byte = [p](size_t i) {
      return static_cast<uint64_t>(static_cast<unsigned char>(p[i]));
    };
    a = byte(0) << 16 | byte(n / 2) << 8 | byte(n - 1);
  }
  return internal::Fold(
      internal::Fold(a ^ internal::kSeed1, b ^ state) ^ internal::kSeed2,
      state ^ internal::kSeed0);
}

class WordCountTable {
 public:
  // Tokens are shorter (corpus.h), so a length fits in a byte.
  static constexpr size_t kMaxWordBytes = 255;
  static_assert(kMaxTokenBytes <= kMaxWordBytes);

  WordCountTable();
  WordCountTable(const WordCountTable&) = delete;
  WordCountTable& operator=(const WordCountTable&) = delete;

  // A word with its HashWord, so that the hash is computed once for a
  // Prefetch and the Add that follows.
  struct Key {
    Key() = default;
    explicit Key(absl::string_view w) : word(w), hash(HashWord(w)) {}
    absl::string_view word;
    uint64_t hash = 0;
  };

  // Starts loading the memory an Add(key) will touch first, so that
  // lookups of several words overlap their cache misses.
  void Prefetch(const Key& key) const { slots_.prefetch(key); }

  // Adds `count` occurrences of the word; true if it was new.
  // REQUIRES: key.word.size() <= kMaxWordBytes.
  bool Add(const Key& key, int64_t count = 1) {
    const auto it = slots_.find(key);
    if (it != slots_.end()) {
      it->count += count;
      return false;
    }
    // The bytes first: inserting hashes the slot through the arena.
    const uint64_t offset = arena_.size();
    arena_.append(key.word.data(), key.word.size());
    slots_.insert(Slot{offset, key.word.size(), count});
    return true;
  }
  bool Add(absl::string_view word, int64_t count = 1) {
    return Add(Key(word), count);
  }

  // Removes the word's count: returns it and leaves 0 in its place (the
  // word stays, so the table's memory does not move). 0 if absent.
  int64_t Take(const Key& key) {
    const auto it = slots_.find(key);
    if (it == slots_.end()) return 0;
    const int64_t count = it->count;
    it->count = 0;
    return count;
  }

  size_t size() const { return slots_.size(); }
  // Makes room for `words` words of `bytes_per_word` bytes on average
  // (growing rehashes every word and copies the bytes).
  void Reserve(size_t words, size_t bytes_per_word) {
    slots_.reserve(words);
    arena_.reserve(words * bytes_per_word);
  }

  // Calls fn(word, count) for every word, in no particular order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    for (const Slot& slot : slots_) fn(WordOf(slot), slot.count);
  }

  // Drops every word counted at most `threshold` times.
  void DropAtMost(int64_t threshold);

  // The counts, for choosing a pruning threshold.
  std::vector<int64_t> Counts() const;

 private:
  struct Slot {
    uint64_t offset : 56;  // into arena_
    uint64_t length : 8;
    // The set's elements are const; the count is not part of the key.
    mutable int64_t count;
  };

  absl::string_view WordOf(const Slot& slot) const {
    return absl::string_view(arena_.data() + slot.offset, slot.length);
  }

  // Hash and equality over slots, and over keys for lookups.
  struct SlotHash {
    using is_transparent = void;
    const WordCountTable* table;
    size_t operator()(const Slot& slot) const {
      return HashWord(table->WordOf(slot));
    }
    size_t operator()(const Key& key) const { return key.hash; }
  };
  struct SlotEq {
    using is_transparent = void;
    const WordCountTable* table;
    bool operator()(const Slot& a, const Slot& b) const {
      return a.offset == b.offset;
    }
    bool operator()(const Key& key, const Slot& slot) const {
      return slot.length == key.word.size() &&
             word_hash_internal::EqualBytes(table->arena_.data() + slot.offset,
                                            key.word.data(), key.word.size());
    }
    bool operator()(const Slot& slot, const Key& key) const {
      return (*this)(key, slot);
    }
  };

  std::string arena_;
  absl::flat_hash_set<Slot, SlotHash, SlotEq> slots_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_VOCAB_WORD_COUNT_TABLE_H_
