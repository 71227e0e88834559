// nce2vec vectors: the vector of each word read from stdin, from a fastText
// model, printed as `fasttext print-word-vectors` prints it: words separated
// by whitespace in, one line "word v1 v2 ... vd \n" out per word, each value
// with 5 significant digits (C++'s default float format at precision 5,
// which is printf's %.5g). The values are fastText's own bits
// (src/query/subword_vectors.h), so the lines are the same bytes.
//
// Unlike fastText, a word without a vector (not in the vocabulary and no
// n-gram) gets no line of zeros: a message on stderr instead, and the other
// words are answered.
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/query/subword_vectors.h"
#include "src/util/status_macros.h"
#include "tools/command.h"
#include "tools/query_flags.h"

namespace nce2vec {
namespace {

// Whitespace as `std::cin >> word` skips it in the C locale.
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)); }

class VectorPrinter {
 public:
  explicit VectorPrinter(const SubwordVectors& model)
      : model_(model), vector_(model.stride()) {}

  void Print(const std::string& word) {
    ++words_;
    const absl::StatusOr<int> ngrams = model_.Vector(word, vector_.data());
    if (!ngrams.ok()) {
      ++missing_;
      Flush();
      std::fprintf(stderr, "nce2vec vectors: stdin: %s\n",
                   std::string(ngrams.status().message()).c_str());
      return;
    }
    line_.append(word);
    line_.push_back(' ');
    char value[32];
    for (int j = 0; j < model_.dim(); ++j) {
      const int n = std::snprintf(value, sizeof(value), "%.5g ",
                                  static_cast<double>(vector_[j]));
      line_.append(value, n);
    }
    line_.push_back('\n');
    if (line_.size() > (1 << 16)) Flush();
  }

  void Flush() {
    std::fwrite(line_.data(), 1, line_.size(), stdout);
    std::fflush(stdout);
    line_.clear();
  }

  int64_t words() const { return words_; }
  int64_t missing() const { return missing_; }

 private:
  const SubwordVectors& model_;
  std::vector<float> vector_;
  std::string line_;
  int64_t words_ = 0;
  int64_t missing_ = 0;
};

}  // namespace

absl::Status RunVectors(const Invocation& invocation) {
  if (!invocation.args.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", invocation.args[0],
                     "'; the words come from stdin"));
  }
  const std::string path = absl::GetFlag(FLAGS_model_file);
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "--model_file is required: a fastText model (.bin)");
  }
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const SubwordVectors model, SubwordVectors::Load(path));
  std::fprintf(stderr, "loaded %lld words x %d dims from %s in %.3f s\n",
               static_cast<long long>(model.words()), model.dim(), path.c_str(),
               absl::ToDoubleSeconds(absl::Now() - start));
  VectorPrinter printer(model);
  std::string word;
  char buffer[1 << 16];
  while (true) {
    // read(2), not fread: at a terminal it returns each line as it is
    // typed, and the line's vectors are printed before the next is read.
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::DataLossError(
          absl::StrCat("cannot read stdin: ", std::strerror(errno)));
    }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (!IsSpace(buffer[i])) {
        word.push_back(buffer[i]);
        continue;
      }
      if (!word.empty()) printer.Print(word);
      word.clear();
    }
    printer.Flush();
  }
  if (!word.empty()) printer.Print(word);
  printer.Flush();
  if (printer.missing() > 0) {
    std::fprintf(stderr, "nce2vec vectors: %lld of %lld words have no vector\n",
                 static_cast<long long>(printer.missing()),
                 static_cast<long long>(printer.words()));
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
