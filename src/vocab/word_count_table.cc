#include "src/vocab/word_count_table.h"

#include <utility>

namespace nce2vec {

WordCountTable::WordCountTable() : slots_(0, SlotHash{this}, SlotEq{this}) {}

std::vector<int64_t> WordCountTable::Counts() const {
  std::vector<int64_t> counts;
  counts.reserve(slots_.size());
  for (const Slot& slot : slots_) counts.push_back(slot.count);
  return counts;
}

void WordCountTable::DropAtMost(int64_t threshold) {
  std::vector<Slot> kept;
  std::string arena;
  for (const Slot& slot : slots_) {
    if (slot.count <= threshold) continue;
    kept.push_back(Slot{arena.size(), slot.length, slot.count});
    const absl::string_view word = WordOf(slot);
    arena.append(word.data(), word.size());
  }
  // The set hashes slots through arena_, so it is rebuilt after the swap.
  slots_.clear();
  arena_ = std::move(arena);
  slots_.reserve(kept.size());
  for (const Slot& slot : kept) slots_.insert(slot);
}

}  // namespace nce2vec
