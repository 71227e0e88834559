#include "src/query/query_loop.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "src/kernels/vector_ops.h"
#include "src/util/json.h"

namespace nce2vec {
namespace {

// Batch queries go through the matrix product this many at a time, so a
// long input is answered as it streams in with bounded memory.
constexpr size_t kBatchLines = 4096;

// Text never holds NUL, and a word holding one would be printed cut short.
// Returns the error for a line with one, or "".
std::string NulError(absl::string_view line) {
  const size_t nul = line.find('\0');
  if (nul == absl::string_view::npos) return "";
  return absl::StrCat("NUL byte at column ", nul + 1,
                      "; expected words (is the input a binary file?)");
}

std::vector<std::string> Words(absl::string_view line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
}

// The rows of a batch's query words: a word's row of the embeddings, or for
// a word that is not one, UnseenRow(j) for the j-th vector composed from the
// model (see nearest.h).
class BatchWords {
 public:
  explicit BatchWords(const Embeddings& e) : e_(e) {}

  // Rows of `words`; words without a vector make answer->error.
  std::vector<int32_t> Lookup(const std::vector<std::string>& words,
                              QueryAnswer* answer) {
    std::vector<int32_t> rows;
    std::vector<std::string> unknown;
    std::vector<std::string> errors;
    const int64_t stride = e_.vectors().stride();
    for (const std::string& w : words) {
      const int32_t row = e_.Find(w);
      if (row >= 0) {
        rows.push_back(row);
        continue;
      }
      const size_t at = unseen_.size();
      unseen_.resize(at + stride);
      const absl::Status composed = e_.UnseenUnitVector(w, &unseen_[at]);
      if (composed.ok()) {
        rows.push_back(UnseenRow(static_cast<int64_t>(at / stride)));
        answer->composed.push_back(w);
        continue;
      }
      unseen_.resize(at);
      unknown.push_back(absl::StrCat("'", w, "'"));
      errors.emplace_back(composed.message());
    }
    if (unknown.empty()) return rows;
    if (e_.model() != nullptr) {
      answer->error = absl::StrJoin(errors, "; ");
    } else {
      answer->error = absl::StrCat(unknown.size() == 1 ? "word " : "words ",
                                   absl::StrJoin(unknown, ", "),
                                   unknown.size() == 1 ? " is" : " are",
                                   " not in the vocabulary");
    }
    return rows;
  }

  // The composed vectors, one row each, in the order of their UnseenRow.
  Matrix Unseen() const {
    const int64_t stride = e_.vectors().stride();
    Matrix m(static_cast<int64_t>(unseen_.size()) / stride, e_.dim());
    for (int64_t j = 0; j < m.rows(); ++j) {
      Copy(&unseen_[j * stride], m.row(j), stride);
    }
    return m;
  }

 private:
  const Embeddings& e_;
  std::vector<float> unseen_;
};

bool ReadLine(std::FILE* in, std::string* line) {
  char* buffer = nullptr;
  size_t capacity = 0;
  const ssize_t n = getline(&buffer, &capacity, in);
  if (n >= 0) line->assign(buffer, n);
  std::free(buffer);
  return n >= 0;
}

void PrintTable(std::FILE* out, const Embeddings& e, const QueryAnswer& answer,
                const std::string& score_name) {
  if (!answer.error.empty()) {
    std::fprintf(out, "%s\n", answer.error.c_str());
    return;
  }
  for (const std::string& w : answer.composed) {
    std::fprintf(out,
                 "('%s' is not in the vocabulary: its vector comes from "
                 "its n-grams)\n",
                 w.c_str());
  }
  std::fprintf(out, "%6s  %-30s %s\n", "rank", "word", score_name.c_str());
  for (size_t i = 0; i < answer.neighbours.size(); ++i) {
    const Neighbour& n = answer.neighbours[i];
    std::fprintf(out, "%6zu  %-30s %.6f\n", i + 1, e.word(n.row).c_str(),
                 n.score);
  }
}

}  // namespace

std::vector<QueryAnswer> AnswerNearest(const Embeddings& e,
                                       absl::Span<const std::string> lines,
                                       int k) {
  std::vector<QueryAnswer> answers(lines.size());
  std::vector<std::vector<int32_t>> queries;
  std::vector<size_t> asked;
  BatchWords batch(e);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::vector<std::string> words = Words(lines[i]);
    answers[i].query = absl::StrJoin(words, " ");
    if (words.empty()) {
      answers[i].error = "empty query";
      continue;
    }
    answers[i].error = NulError(lines[i]);
    if (!answers[i].error.empty()) continue;
    std::vector<int32_t> rows = batch.Lookup(words, &answers[i]);
    if (!answers[i].error.empty()) continue;
    queries.push_back(std::move(rows));
    asked.push_back(i);
  }
  const Matrix vectors = SumOfRows(e, queries, batch.Unseen());
  std::vector<std::vector<Neighbour>> found =
      NearestByCosine(e, vectors, queries, k);
  for (size_t j = 0; j < asked.size(); ++j) {
    answers[asked[j]].neighbours = std::move(found[j]);
  }
  return answers;
}

std::vector<QueryAnswer> AnswerAnalogies(const Embeddings& e,
                                         absl::Span<const std::string> lines,
                                         AnalogyMethod method, int k) {
  std::vector<QueryAnswer> answers(lines.size());
  std::vector<AnalogyQuestion> questions;
  std::vector<size_t> asked;
  BatchWords batch(e);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::vector<std::string> words = Words(lines[i]);
    answers[i].query = absl::StrJoin(words, " ");
    answers[i].error = NulError(lines[i]);
    if (!answers[i].error.empty()) continue;
    if (words.size() != 3) {
      answers[i].error = absl::StrCat(
          "expected 3 words 'a b c' (a is to b as c is to ?), got ",
          words.size());
      continue;
    }
    const std::vector<int32_t> rows = batch.Lookup(words, &answers[i]);
    if (!answers[i].error.empty()) continue;
    questions.push_back({rows[0], rows[1], rows[2]});
    asked.push_back(i);
  }
  std::vector<std::vector<Neighbour>> found =
      SolveAnalogies(e, questions, method, k, 0, batch.Unseen());
  for (size_t j = 0; j < asked.size(); ++j) {
    answers[asked[j]].neighbours = std::move(found[j]);
  }
  return answers;
}

std::string FormatTsv(const Embeddings& e, const QueryAnswer& answer) {
  std::string out;
  for (size_t i = 0; i < answer.neighbours.size(); ++i) {
    const Neighbour& n = answer.neighbours[i];
    absl::StrAppendFormat(&out, "%s\t%d\t%s\t%.6f\n", answer.query, i + 1,
                          e.word(n.row), n.score);
  }
  return out;
}

std::string FormatJson(const Embeddings& e, const QueryAnswer& answer) {
  JsonObject object;
  object.Add("query", answer.query);
  if (!answer.composed.empty()) {
    std::string words;
    for (const std::string& w : answer.composed) {
      absl::StrAppend(&words, words.empty() ? "" : ", ", JsonString(w));
    }
    object.AddRaw("composed", absl::StrCat("[", words, "]"));
  }
  if (!answer.error.empty()) {
    object.Add("error", answer.error);
  } else {
    std::string results;
    for (const Neighbour& n : answer.neighbours) {
      absl::StrAppend(&results, results.empty() ? "" : ", ",
                      JsonObject()
                          .Add("word", e.word(n.row))
                          .Add("score", static_cast<double>(n.score))
                          .str());
    }
    object.AddRaw("results", absl::StrCat("[", results, "]"));
  }
  return object.str() + "\n";
}

absl::StatusOr<int64_t> RunQueryLoop(std::FILE* in, std::FILE* out,
                                     const Embeddings& e,
                                     const QueryLoopOptions& options,
                                     const AnswerFunction& answer) {
  std::string line;
  int64_t queries = 0;
  if (options.interactive) {
    while (true) {
      std::fprintf(out, "%s", options.prompt.c_str());
      std::fflush(out);
      if (!ReadLine(in, &line)) break;
      if (Words(line).empty()) continue;
      ++queries;
      const std::vector<QueryAnswer> answers = answer({line});
      PrintTable(out, e, answers[0], options.score_name);
      std::fflush(out);
    }
    std::fprintf(out, "\n");
    return queries;
  }
  std::vector<std::string> lines;
  int64_t first_line = 1;
  bool more = true;
  while (more) {
    lines.clear();
    while (lines.size() < kBatchLines && (more = ReadLine(in, &line))) {
      lines.push_back(line);
    }
    const std::vector<QueryAnswer> answers = answer(lines);
    for (size_t i = 0; i < answers.size(); ++i) {
      const QueryAnswer& a = answers[i];
      // Blank lines are separators, not queries.
      if (a.query.empty()) continue;
      ++queries;
      if (!a.error.empty()) {
        std::fprintf(stderr, "%s%s:%lld: %s\n", options.error_prefix.c_str(),
                     options.input_name.c_str(),
                     static_cast<long long>(first_line + i), a.error.c_str());
        if (!options.json) continue;
      }
      const std::string text =
          options.json ? FormatJson(e, a) : FormatTsv(e, a);
      std::fwrite(text.data(), 1, text.size(), out);
    }
    first_line += static_cast<int64_t>(lines.size());
    std::fflush(out);
  }
  if (std::ferror(in)) {
    return absl::DataLossError(absl::StrCat("cannot read ", options.input_name,
                                            ": ", std::strerror(errno)));
  }
  return queries;
}

}  // namespace nce2vec
