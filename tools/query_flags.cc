#include "tools/query_flags.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/query/text_file.h"

ABSL_FLAG(std::string, vectors, "",
          "Word vectors in word2vec text or binary format (gzip if .gz; "
          "detected by content)");
ABSL_FLAG(std::string, model_file, "",
          "A fastText model (.bin, written by fastText or by nce2vec train "
          "--output_model); nn, analogy and eval query it instead of "
          "--vectors. Its words have their vectors as fastText computes "
          "them, any other word the mean of its character n-grams' rows");
ABSL_FLAG(int64_t, limit, 0,
          "Load only the first N words of --vectors or --model_file (0: all), "
          "as gensim's limit; with --model_file, the words after them still "
          "have their vectors, but are not answers");
ABSL_FLAG(bool, json, false, "Print JSON (one object per line)");

namespace nce2vec {

const FlagGroup& QueryFlags() {
  static const auto* group =
      new FlagGroup(MakeFlagGroup(FLAGS_vectors, FLAGS_limit, FLAGS_json));
  return *group;
}

const FlagGroup& ModelFileFlags() {
  static const auto* group = new FlagGroup(MakeFlagGroup(FLAGS_model_file));
  return *group;
}

absl::StatusOr<Embeddings> LoadEmbeddingsFromFlags(bool verbose) {
  const std::string vectors = absl::GetFlag(FLAGS_vectors);
  const std::string model = absl::GetFlag(FLAGS_model_file);
  if (vectors.empty() == model.empty()) {
    return absl::InvalidArgumentError(
        vectors.empty()
            ? "--vectors or --model_file is required: a word2vec text or "
              "binary vector file, or a fastText model (.bin)"
            : "--vectors and --model_file are given: query one or the other");
  }
  const int64_t limit = absl::GetFlag(FLAGS_limit);
  if (limit < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--limit must be >= 0 (0: all words), got ", limit));
  }
  const absl::Time start = absl::Now();
  absl::StatusOr<Embeddings> e = model.empty()
                                     ? Embeddings::Load(vectors, limit)
                                     : Embeddings::LoadModel(model, limit);
  if (e.ok() && verbose) {
    std::string ngrams;
    if (e->model() != nullptr) {
      const SubwordOptions& s = e->model()->model().args.subwords;
      ngrams =
          s.enabled()
              ? absl::StrCat(" (fastText model: n-grams of ", s.minn, " to ",
                             s.maxn, " characters in ", s.bucket, " buckets)")
              : " (fastText model without n-grams)";
    }
    std::fprintf(stderr, "loaded %lld words x %d dims from %s in %.3f s%s\n",
                 static_cast<long long>(e->size()), e->dim(),
                 (model.empty() ? vectors : model).c_str(),
                 absl::ToDoubleSeconds(absl::Now() - start), ngrams.c_str());
  }
  return e;
}

absl::StatusOr<int> KFromFlag() {
  const int32_t k = absl::GetFlag(FLAGS_k);
  if (k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--k must be >= 1, got ", k));
  }
  return k;
}

absl::Status CheckQueriesFlag() {
  const std::string path = absl::GetFlag(FLAGS_queries);
  if (path.empty()) return absl::OkStatus();
  return CheckReadableFile(path, "--queries file");
}

absl::Status RunQueriesFromFlags(const Embeddings& e, QueryLoopOptions options,
                                 const AnswerFunction& answer) {
  const std::string path = absl::GetFlag(FLAGS_queries);
  options.json = absl::GetFlag(FLAGS_json);
  std::FILE* in = stdin;
  if (path.empty()) {
    options.interactive = isatty(STDIN_FILENO) != 0;
    options.input_name = "stdin";
  } else {
    in = std::fopen(path.c_str(), "rb");
    if (in == nullptr) {
      return absl::NotFoundError(absl::StrCat(
          "cannot open --queries file ", path, ": ", std::strerror(errno)));
    }
    options.input_name = path;
  }
  const absl::Time start = absl::Now();
  const absl::StatusOr<int64_t> queries =
      RunQueryLoop(in, stdout, e, options, answer);
  if (in != stdin) std::fclose(in);
  if (!queries.ok()) return queries.status();
  if (!options.interactive) {
    std::fprintf(stderr, "answered %lld queries in %.3f s\n",
                 static_cast<long long>(*queries),
                 absl::ToDoubleSeconds(absl::Now() - start));
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
