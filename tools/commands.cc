#include "tools/command.h"

namespace nce2vec {

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {"vocab", "count the words of a corpus and save the vocabulary",
       {"vocab_command.cc", "corpus_flags.cc"}, RunVocab},
  };
  return *commands;
}

}  // namespace nce2vec
