#include "src/vocab/word_count_table.h"

#include <utility>

namespace nce2vec {

WordCountTable::WordCountTable() : ids_(0, IdHash{this}, IdEq{this}) {}

std::vector<int64_t> WordCountTable::Counts() const {
  std::vector<int64_t> counts;
  counts.reserve(entries_.size());
  for (const Entry& entry : entries_) counts.push_back(entry.count);
  return counts;
}

void WordCountTable::DropAtMost(int64_t threshold) {
  std::vector<Entry> kept;
  std::string arena;
  for (const Entry& entry : entries_) {
    if (entry.count <= threshold) continue;
    kept.push_back({entry.hash, arena.size(), entry.length, entry.count});
    const absl::string_view word = WordOf(entry);
    arena.append(word.data(), word.size());
  }
  entries_ = std::move(kept);
  arena_ = std::move(arena);
  ids_.clear();
  ids_.reserve(entries_.size());
  for (uint32_t id = 0; id < entries_.size(); ++id) ids_.insert(id);
}

}  // namespace nce2vec
