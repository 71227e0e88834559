// Fuzzes the vocabulary file reader, Vocab::Load (src/vocab/vocab.h): what it
// accepts must be a vocabulary in id order (descending count, ties by the
// word's bytes) of distinct non-empty words.
#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "fuzz/scratch_file.h"
#include "src/vocab/vocab.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nce2vec::fuzz::Check;
  static nce2vec::fuzz::ScratchFile* const file =
      new nce2vec::fuzz::ScratchFile();
  file->Write(data, size);
  const absl::StatusOr<nce2vec::Vocab> vocab =
      nce2vec::Vocab::Load(file->path());
  if (!vocab.ok()) return 0;
  for (int32_t id = 0; id < vocab->size(); ++id) {
    Check(!vocab->word(id).empty(), "empty word");
    Check(vocab->count(id) >= 0, "negative count");
    Check(vocab->Find(vocab->word(id)) == id, "word not found at its id");
    if (id == 0) continue;
    const bool ordered = vocab->count(id - 1) > vocab->count(id) ||
                         (vocab->count(id - 1) == vocab->count(id) &&
                          vocab->word(id - 1) < vocab->word(id));
    Check(ordered, "words not in id order, or a word twice");
  }
  return 0;
}
