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
ABSL_FLAG(int64_t, limit, 0,
          "Load only the first N words of --vectors (0: all), as gensim's "
          "limit");
ABSL_FLAG(bool, json, false, "Print JSON (one object per line)");

namespace nce2vec {

const FlagGroup& QueryFlags() {
  static const auto* group =
      new FlagGroup(MakeFlagGroup(FLAGS_vectors, FLAGS_limit, FLAGS_json));
  return *group;
}

absl::StatusOr<Embeddings> LoadEmbeddingsFromFlags(bool verbose) {
  const std::string path = absl::GetFlag(FLAGS_vectors);
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "--vectors is required: a word2vec text or binary vector file");
  }
  const int64_t limit = absl::GetFlag(FLAGS_limit);
  if (limit < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--limit must be >= 0 (0: all words), got ", limit));
  }
  const absl::Time start = absl::Now();
  absl::StatusOr<Embeddings> e = Embeddings::Load(path, limit);
  if (e.ok() && verbose) {
    std::fprintf(stderr, "loaded %lld words x %d dims from %s in %.3f s\n",
                 static_cast<long long>(e->size()), e->dim(), path.c_str(),
                 absl::ToDoubleSeconds(absl::Now() - start));
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
