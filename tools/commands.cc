#include "tools/command.h"
#include "tools/corpus_flags.h"
#include "tools/eval_flags.h"
#include "tools/query_flags.h"
#include "tools/train_flags.h"

namespace nce2vec {

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {"vocab",
       "count the words of a corpus and save the vocabulary",
       {&CorpusFlags},
       RunVocab},
      {"nn",
       "nearest words by cosine, at a prompt or in batch",
       {&NnFlags, &QueryFlags, &ModelFileFlags},
       RunNn},
      {"analogy",
       "answer analogies a:b :: c:? (3CosAdd or 3CosMul)",
       {&AnalogyFlags, &NnFlags, &QueryFlags, &ModelFileFlags},
       RunAnalogy},
      {"eval",
       "score vectors on analogy and word-similarity benchmarks",
       {&EvalFlags, &EvalDirFlags, &QueryFlags, &ModelFileFlags},
       RunEval},
      {"vectors",
       "print word vectors from a fastText model, as fasttext "
       "print-word-vectors",
       {&ModelFileFlags},
       RunVectors},
      {"train",
       "train word vectors with one objective",
       {&TrainCommandFlags, &TrainFlags, &CorpusFlags},
       RunTrain},
      {"bench",
       "compare objectives: cost, held-out likelihood, quality",
       {&BenchFlags, &TrainFlags, &CorpusFlags, &EvalDirFlags},
       RunBench},
  };
  return *commands;
}

}  // namespace nce2vec
