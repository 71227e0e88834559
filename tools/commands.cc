#include "tools/command.h"

namespace nce2vec {

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {"vocab", "count the words of a corpus and save the vocabulary",
       {"vocab_command.cc", "corpus_flags.cc"}, RunVocab},
      {"nn", "nearest words by cosine, at a prompt or in batch",
       {"nn_command.cc", "query_flags.cc"}, RunNn},
      {"analogy", "answer analogies a:b :: c:? (3CosAdd or 3CosMul)",
       {"analogy_command.cc", "nn_command.cc", "query_flags.cc"}, RunAnalogy},
      {"eval", "score vectors on analogy and word-similarity benchmarks",
       {"eval_command.cc", "query_flags.cc", "eval_flags.cc"}, RunEval},
      {"train", "train word vectors with one objective",
       {"train_command.cc", "train_flags.cc", "corpus_flags.cc"}, RunTrain},
      {"bench", "compare objectives: cost, held-out likelihood, quality",
       {"bench_command.cc", "train_flags.cc", "corpus_flags.cc",
        "eval_flags.cc"},
       RunBench},
  };
  return *commands;
}

}  // namespace nce2vec
