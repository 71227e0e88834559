// The vocabulary of a run trained by several processes: the same on every
// process, counted by all of them.
#ifndef NCE2VEC_DISTRIBUTED_SHARED_VOCAB_H_
#define NCE2VEC_DISTRIBUTED_SHARED_VOCAB_H_

#include "absl/status/statusor.h"
#include "src/corpus/corpus.h"
#include "src/distributed/communicator.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

// Every process counts the shards it will train, with options.threads
// threads (shards [rank * threads, (rank + 1) * threads) of size * threads);
// rank 0 adds the counts up, keeps the words as Vocab::Build would and sends
// the vocabulary to every process, which checks that it holds the same one.
// Without pruning (options.max_vocab = 0) it is the vocabulary one process
// builds from the whole corpus; with pruning each process prunes its own
// counts, so counts near the cut are approximate (as VocabOptions says).
// `stats` (optional) are the whole corpus's, on every process. Collective;
// a failure anywhere fails it everywhere, naming the rank.
absl::StatusOr<Vocab> BuildSharedVocab(Communicator& comm, const Corpus& corpus,
                                       const VocabOptions& options,
                                       VocabStats* stats = nullptr);

// The vocabulary as bytes (words and counts in id order), e.g. for
// CheckSameEverywhere.
std::string VocabBytes(const Vocab& vocab);

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_SHARED_VOCAB_H_
