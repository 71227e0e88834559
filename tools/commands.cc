#include "tools/command.h"

namespace nce2vec {

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {"vocab", "count the words of a corpus and save the vocabulary",
       {"vocab_command.cc", "corpus_flags.cc"}, RunVocab},
      {"train", "train word vectors with one objective",
       {"train_command.cc", "train_flags.cc", "corpus_flags.cc"}, RunTrain},
  };
  return *commands;
}

}  // namespace nce2vec
