// A small fixed vector set for the evaluation-file fuzzers: the readers are
// what is fuzzed, so the vectors only need words for the inputs to find.
#ifndef NCE2VEC_FUZZ_EVAL_EMBEDDINGS_H_
#define NCE2VEC_FUZZ_EVAL_EMBEDDINGS_H_

#include "src/query/embeddings.h"

namespace nce2vec::fuzz {

// Words "a" to "h", "king", "queen", "man", "woman", "Paris", "France" (also
// in other cases, by the evaluators' case folding) with 4-dimensional vectors
// of no meaning. Built once; never destroyed.
const Embeddings& EvalEmbeddings();

}  // namespace nce2vec::fuzz

#endif  // NCE2VEC_FUZZ_EVAL_EMBEDDINGS_H_
